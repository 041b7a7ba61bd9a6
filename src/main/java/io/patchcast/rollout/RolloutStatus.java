package io.patchcast.rollout;

/** Where a rollout is: created but not started, moving through its stages, stopped, or done. */
public enum RolloutStatus {
    PLANNED, RUNNING, HALTED, COMPLETED
}
