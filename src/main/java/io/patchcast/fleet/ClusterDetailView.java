package io.patchcast.fleet;

import java.time.Instant;
import java.util.List;

/** A cluster with its maintenance preferences and freeze periods. */
public record ClusterDetailView(ClusterView cluster, List<String> weekdays, int startHour, int windowMinutes,
        String timeZone, List<Freeze> freezePeriods) {

    public record Freeze(Instant startsAt, Instant endsAt, String reason) {
    }
}
