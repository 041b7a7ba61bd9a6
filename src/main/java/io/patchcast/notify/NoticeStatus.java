package io.patchcast.notify;

/** Where a notice is in its delivery. */
public enum NoticeStatus {
    /** Waiting for its next attempt (new, or after a temporary failure). */
    PENDING,
    /** Claimed by one instance that is sending it now; the lease in claimed_until bounds how long. */
    SENDING,
    /** Accepted by the SMTP server. */
    SENT,
    /** Permanently refused for this recipient (SMTP 5xx); retrying would not help. */
    FAILED,
    /** Temporary failures until the attempts ran out; staff can retry it. */
    DEAD
}
