package io.patchcast.window;

import java.time.Instant;

/**
 * What scheduling did for one cluster: the window and its start, or why no slot fits.
 *
 * @param windowId null if not scheduled
 * @param reason   why no slot fits; null if scheduled
 */
public record ScheduleOutcome(long clusterId, Long windowId, Instant start, String reason) {

    public boolean scheduled() {
        return windowId != null;
    }
}
