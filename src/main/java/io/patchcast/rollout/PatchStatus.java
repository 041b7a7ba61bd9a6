package io.patchcast.rollout;

/** A cluster's patch status in one rollout. */
public enum PatchStatus {
    PENDING("Pending"),
    SCHEDULED("Scheduled"),
    IN_PROGRESS("In progress"),
    PATCHED("Patched"),
    PATCHED_WITHOUT_KERNEL("Patched without kernel"),
    HELD("Held"),
    FAILED("Failed");

    public final String label;

    PatchStatus(String label) {
        this.label = label;
    }

    /** Nothing more will happen to the cluster in this rollout unless staff act. */
    public boolean settled() {
        return this == PATCHED || this == PATCHED_WITHOUT_KERNEL || this == HELD || this == FAILED;
    }
}
