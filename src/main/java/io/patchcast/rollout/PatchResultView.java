package io.patchcast.rollout;

/** The answer to a patch result: where it was counted and what the stage looks like now. */
public record PatchResultView(long rolloutId, int stage, long clusterId, PatchStatus clusterStatus,
        long stagePatched, long stageFailed, double stageFailureRate, RolloutStatus rolloutStatus) {
}
