package io.patchcast.rollout;

/** A cluster's patch status in one rollout. */
public enum PatchStatus {
    PENDING("Pending"),
    SCHEDULED("Scheduled"),
    IN_PROGRESS("In progress"),
    PATCHED("Patched"),
    PATCHED_WITHOUT_KERNEL("Patched without kernel"),
    HELD("Held"),
    FAILED("Failed"),
    /** A newer release's maintenance took the cluster over; that release includes this one. */
    SUPERSEDED("Superseded");

    public final String label;

    PatchStatus(String label) {
        this.label = label;
    }

    /** Nothing more will happen to the cluster in this rollout unless staff act. */
    public boolean settled() {
        return this == PATCHED || this == PATCHED_WITHOUT_KERNEL || this == HELD || this == FAILED
                || this == SUPERSEDED;
    }
}
