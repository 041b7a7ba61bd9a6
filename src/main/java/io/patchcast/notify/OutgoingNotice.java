package io.patchcast.notify;

/**
 * What to send; rendered by the caller (Qute html+txt on the {@code mail/layout} templates, see {@link MailRenderer}).
 *
 * @param kind what the notice is about
 * @param eventKey identifies the event that caused the notice, e.g. {@code window:42:moved:3}; together with the
 *        recipient's address it is the idempotency key, so the same event never reaches the same person twice
 * @param customerId customer concerned, or null (staff alerts)
 * @param clusterId cluster concerned, or null
 * @param icsCalendar full VCALENDAR text, or null when the notice carries no invitation
 * @param icsMethod REQUEST or CANCEL (matching the METHOD inside the calendar), or null
 */
public record OutgoingNotice(NoticeKind kind, String eventKey, Long customerId, Long clusterId,
        String subject, String textBody, String htmlBody, String icsCalendar, String icsMethod) {
}
