package io.patchcast.rollout;

import java.time.Instant;

/** A rollout in a list. */
public record RolloutSummary(long id, long releaseId, String releaseName, RolloutStatus status, int currentStage,
        String stageLabel, String haltReason, Instant createdAt) {

    static RolloutSummary of(Rollout r) {
        return new RolloutSummary(r.id, r.release.id, r.release.name, r.status, r.currentStage,
                r.currentStage == 0 ? "Not started" : Stage.of(r.currentStage).label, r.haltReason, r.createdAt);
    }
}
