package io.patchcast.window;

import java.time.Instant;

import io.patchcast.fleet.Provider;
import io.patchcast.fleet.SlaTier;

/** A maintenance window as the API and pages show it. Times in UTC; {@code timeZone} is the cluster's. */
public record WindowView(long id, long clusterId, String clusterName, long customerId, String customerName,
        Provider provider, String region, SlaTier tier, String timeZone, Long rolloutId, Integer stage,
        String stageLabel, Instant start, Instant end, Instant originalStart, Instant deadline, WindowStatus status,
        String plan, int customerMoves, int movesLeft, boolean emergency, String result, long version) {

    static WindowView of(MaintenanceWindow w, int maxMoves) {
        var c = w.cluster;
        return new WindowView(w.id, c.id, c.name, c.customer.id, c.customer.name, c.provider, c.region, c.slaTier,
                c.timeZone, w.rolloutId, w.stage, w.stageLabel, w.startsAt, w.endsAt, w.originalStart, w.deadline,
                w.status, w.plan, w.customerMoves, Math.max(0, maxMoves - w.customerMoves), w.emergency,
                w.resultText, w.version);
    }
}
