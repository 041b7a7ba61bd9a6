package io.patchcast.window;

/** What a recorded change did to a window. */
public enum ChangeKind {
    SCHEDULED, MOVED, DELAYED, HELD, RELEASED, CANCELLED, STARTED, COMPLETED, FAILED
}
