package io.patchcast.rollout;

import java.time.Instant;

/** A customer's view of one cluster in the latest rollout under way: what will be done and how far it is. */
public record ClusterPatchView(long clusterId, long rolloutId, String releaseName, int stage, String stageLabel,
        Plan plan, PatchStatus status, Instant windowStart) {
}
