package io.patchcast.rollout;

/** A stage waits, runs (patching and soaking), or has passed its gate. */
public enum StageStatus {
    PENDING, ACTIVE, PASSED
}
