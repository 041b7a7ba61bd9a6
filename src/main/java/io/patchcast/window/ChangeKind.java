package io.patchcast.window;

/** What a recorded change did to a window. */
public enum ChangeKind {
    SCHEDULED, MOVED, DELAYED, HELD, RELEASED, CANCELLED, STARTED, COMPLETED, FAILED,
    /** A newer release's rollout took the window over: same time, same invitation, new content. */
    CARRIED_OVER
}
