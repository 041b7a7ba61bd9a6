package io.patchcast.window;

import java.time.Instant;

/** One audit entry of a window. */
public record ChangeView(long id, long windowId, String clusterName, String customerName, String actor, boolean staff,
        Instant at, ChangeKind kind, Instant fromStart, Instant toStart, WindowStatus fromStatus,
        WindowStatus toStatus, String reason) {

    static ChangeView of(WindowChange c) {
        return new ChangeView(c.id, c.window.id, c.window.cluster.name, c.window.cluster.customer.name, c.actor,
                c.staff, c.changedAt, c.kind, c.fromStart, c.toStart, c.fromStatus, c.toStatus, c.reason);
    }
}
