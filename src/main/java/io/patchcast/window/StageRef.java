package io.patchcast.window;

import java.time.Instant;

/**
 * The rollout stage windows are scheduled for, as the rollout feature names it.
 *
 * @param label    shown to customers, e.g. "Debian 11.3 · production"
 * @param deadline every window of the stage must end by then; null for no deadline
 */
public record StageRef(long rolloutId, int stage, String label, Instant deadline) {
}
