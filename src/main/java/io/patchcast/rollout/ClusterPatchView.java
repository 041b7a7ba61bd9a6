package io.patchcast.rollout;

import java.time.Instant;

import io.patchcast.window.WindowStatus;

/**
 * A cluster in one release's rollout, as its customer sees it: what will be done, how far it is, and when.
 *
 * @param windowStart    the start of the cluster's window as it is now (after any move), null without one
 * @param current        the release whose maintenance is the cluster's one maintenance now; the others are history
 * @param supersededBy   the release whose maintenance took this one over, when status is SUPERSEDED
 */
public record ClusterPatchView(long clusterId, long rolloutId, String releaseName, int stage, String stageLabel,
        Plan plan, PatchStatus status, Instant windowStart, WindowStatus windowStatus, RolloutStatus rolloutStatus,
        boolean current, String supersededBy) {
}
