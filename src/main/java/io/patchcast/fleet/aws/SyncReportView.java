package io.patchcast.fleet.aws;

import java.time.Instant;
import java.util.List;

/** A sync run as the console shows it. */
public record SyncReportView(long id, String triggerKind, String triggeredBy, Instant startedAt, Instant finishedAt,
        int instancesSeen, int addedCount, int changedCount, int unmatchedCount, int errorCount, int eventsCount,
        Details details) {

    /** One line per instance or failure, e.g. "i-0abc (us-east-1): cluster 12 has no such node, added". */
    public record Details(List<String> added, List<String> changed, List<String> unmatched, List<String> errors) {
    }
}
