package io.patchcast.rollout;

import java.time.Instant;
import java.util.List;

/** A patch release as the API and pages show it, with its rollouts. */
public record ReleaseView(long id, String name, String osVersion, String stableKernel, String backportsKernel,
        List<String> packages, String notes, String createdBy, Instant createdAt, List<RolloutRef> rollouts) {

    /** A rollout of the release in one line. */
    public record RolloutRef(long id, RolloutStatus status, int currentStage) {
    }
}
