package io.patchcast.notify;

/** What a notice is about; reminders are the one kind a contact may opt out of. */
public enum NoticeKind {
    WINDOW_SCHEDULED, WINDOW_REMINDER, WINDOW_MOVED, WINDOW_DELAYED, WINDOW_CANCELLED, WINDOW_COMPLETED,
    /** What a rollout will do to a cluster (full, without the kernel, held) was decided or changed, and why. */
    PLAN_CHANGED,
    INCIDENT_PUBLISHED, INCIDENT_UPDATED, STAFF_ALERT;

    /** Reminders repeat what the recipient was already told, so they may be unsubscribed from. */
    public boolean optional() {
        return this == WINDOW_REMINDER;
    }
}
