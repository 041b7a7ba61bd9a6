package io.patchcast.window;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.patchcast.notify.MailRenderer;
import io.patchcast.notify.NoticeKind;
import io.patchcast.notify.Outbox;
import io.patchcast.notify.OutgoingNotice;
import io.patchcast.notify.Recipient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Turns window changes into notices in the outbox, in the caller's transaction: one email per contact of the
 * cluster's customer, plain text and HTML, with an iCalendar invitation whose UID is the window's and whose
 * SEQUENCE is the window's current change count. The event key names the window, the change and the sequence, so
 * each change reaches each contact once.
 */
@ApplicationScoped
public class WindowNotices {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm", Locale.ENGLISH);

    @Inject
    Outbox outbox;

    @Inject
    MailRenderer mail;

    @Inject
    WindowsConfig config;

    @Inject
    java.time.Clock clock;

    @ConfigProperty(name = "patchcast.base-url", defaultValue = "http://localhost:8080")
    String baseUrl;

    /** Announces a change of the window; {@code reason} is shown when given. Returns notices written. */
    public int announce(MaintenanceWindow w, ChangeKind change, String reason) {
        NoticeKind kind = switch (change) {
            case SCHEDULED, RELEASED, CARRIED_OVER -> NoticeKind.WINDOW_SCHEDULED;
            case MOVED -> NoticeKind.WINDOW_MOVED;
            case DELAYED, HELD -> NoticeKind.WINDOW_DELAYED;
            case CANCELLED -> NoticeKind.WINDOW_CANCELLED;
            case COMPLETED, FAILED -> NoticeKind.WINDOW_COMPLETED;
            case STARTED -> null;
        };
        if (kind == null) {
            return 0;
        }
        String method = switch (change) {
            case SCHEDULED, RELEASED, MOVED, CARRIED_OVER -> "REQUEST";
            // the slot is withdrawn; a release or move later re-sends the same UID with a higher sequence
            case DELAYED, HELD, CANCELLED -> "CANCEL";
            default -> null;
        };
        String key = "window:" + w.id + ":" + change.name().toLowerCase(Locale.ROOT) + ":" + w.icsSequence;
        return send(w, kind, change, key, method, reason);
    }

    /** The 24 h reminder for the window's current start; idempotent per window and start. */
    public int remind(MaintenanceWindow w) {
        String key = "window:" + w.id + ":reminder:" + w.startsAt.getEpochSecond();
        return send(w, NoticeKind.WINDOW_REMINDER, null, key, null, null);
    }

    private int send(MaintenanceWindow w, NoticeKind kind, ChangeKind change, String key, String method,
            String reason) {
        var cluster = w.cluster;
        List<Recipient> recipients = outbox.contactsOf(cluster.customer.id, kind);
        if (recipients.isEmpty()) {
            return 0;
        }
        String headline = headline(kind, change, cluster.name);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("headline", headline);
        data.put("intro", intro(kind, change, w));
        data.put("reachOut", change == ChangeKind.DELAYED || change == ChangeKind.HELD);
        data.put("cluster", cluster.name);
        data.put("customer", cluster.customer.name);
        data.put("provider", cluster.provider.label);
        data.put("region", cluster.region);
        data.put("stage", w.stageLabel);
        data.put("plan", w.plan);
        data.put("zone", cluster.timeZone);
        data.put("startLocal", local(w.startsAt, cluster.timeZone));
        data.put("endLocal", local(w.endsAt, cluster.timeZone));
        data.put("startUtc", utc(w.startsAt));
        data.put("endUtc", utc(w.endsAt));
        data.put("previousLocal", null);
        data.put("previousUtc", null);
        data.put("movedBy", null);
        if (change == ChangeKind.MOVED) {
            WindowChange last = WindowChange.<WindowChange>find("window.id = ?1 and kind = ?2 order by id desc", w.id,
                    ChangeKind.MOVED).firstResult();
            if (last != null && last.fromStart != null) {
                data.put("previousLocal", local(last.fromStart, cluster.timeZone));
                data.put("previousUtc", utc(last.fromStart));
            }
            if (last != null) {
                // customers see who moved it: one of their own people, or the provider's support
                data.put("movedBy", last.staff ? "Patchcast support" : last.actor + " (" + cluster.customer.name
                        + ")");
            }
        }
        data.put("reason", reason);
        data.put("result", kind == NoticeKind.WINDOW_COMPLETED ? w.resultText : null);
        data.put("url", baseUrl + "/maintenance/" + w.id);
        MailRenderer.Rendered body = mail.render("mail/window", data);
        String ics = method == null ? null
                : IcsWriter.calendar(method, config.organizer(), null, clock.instant(), List.of(event(w, method,
                        recipients.stream().map(Recipient::email).toList(), baseUrl)));
        // two releases' windows of one cluster must not read alike: the subject names the release and stage
        String subject = headline + (w.stageLabel == null ? "" : " · " + w.stageLabel) + " · "
                + local(w.startsAt, cluster.timeZone);
        OutgoingNotice notice = new OutgoingNotice(kind, key, cluster.customer.id, cluster.id, subject, body.text(),
                body.html(), ics, method);
        return outbox.enqueue(notice, recipients);
    }

    /** The calendar event of a window, as in invitations and the feed (same UID, same sequence). */
    static IcsWriter.Event event(MaintenanceWindow w, String method, List<String> attendees, String baseUrl) {
        var cluster = w.cluster;
        String status = "CANCEL".equals(method) || w.status == WindowStatus.CANCELLED ? "CANCELLED"
                : w.status == WindowStatus.DELAYED || w.status == WindowStatus.HELD ? "TENTATIVE" : "CONFIRMED";
        String summary = "Maintenance: " + cluster.name + (w.status == WindowStatus.DELAYED ? " (delayed)"
                : w.status == WindowStatus.HELD ? " (on hold)" : "");
        StringBuilder description = new StringBuilder();
        if (w.stageLabel != null) {
            description.append(w.stageLabel).append('\n');
        }
        description.append(cluster.provider.label).append(' ').append(cluster.region).append('\n')
                .append("Starts ").append(local(w.startsAt, cluster.timeZone)).append(" (").append(utc(w.startsAt))
                .append(")\n").append("Status: ").append(w.status.label);
        if (w.status == WindowStatus.DELAYED || w.status == WindowStatus.HELD) {
            description.append("\nWe will reach out to you directly if we need to reschedule.");
        }
        return new IcsWriter.Event(w.icsUid, w.icsSequence, w.startsAt, w.endsAt, summary, description.toString(),
                baseUrl + "/maintenance/" + w.id, status, attendees);
    }

    private static String headline(NoticeKind kind, ChangeKind change, String cluster) {
        return switch (kind) {
            case WINDOW_SCHEDULED -> change == ChangeKind.RELEASED ? "Maintenance back on schedule for " + cluster
                    : change == ChangeKind.CARRIED_OVER ? "Maintenance of " + cluster + " now installs a newer release"
                    : "Maintenance scheduled for " + cluster;
            case WINDOW_MOVED -> "Maintenance moved for " + cluster;
            case WINDOW_DELAYED -> change == ChangeKind.HELD ? "Maintenance on hold for " + cluster
                    : "Maintenance delayed for " + cluster;
            case WINDOW_CANCELLED -> "Maintenance cancelled for " + cluster;
            case WINDOW_COMPLETED -> change == ChangeKind.FAILED ? "Maintenance of " + cluster + " did not complete"
                    : "Maintenance completed for " + cluster;
            case WINDOW_REMINDER -> "Reminder: maintenance of " + cluster + " within 24 hours";
            default -> "Maintenance of " + cluster;
        };
    }

    private static String intro(NoticeKind kind, ChangeKind change, MaintenanceWindow w) {
        String c = w.cluster.name;
        return switch (kind) {
            case WINDOW_SCHEDULED -> change == ChangeKind.RELEASED
                    ? "The maintenance of your cluster " + c + " is back on the schedule."
                    : change == ChangeKind.CARRIED_OVER ? "The maintenance of your cluster " + c + " keeps its time"
                            + " and now installs " + w.stageLabel + ", which includes the release it was planned for."
                            + " Your calendar invitation is updated."
                    : "We have scheduled maintenance of your cluster " + c + ". The calendar invitation attached"
                            + " holds the time.";
            case WINDOW_MOVED -> "The maintenance window of your cluster " + c + " has moved. Your calendar"
                    + " invitation is updated.";
            case WINDOW_DELAYED -> (change == ChangeKind.HELD ? "We have put the maintenance of your cluster " + c
                    + " on hold." : "We have delayed the maintenance of your cluster " + c + ".")
                    + " Nothing will happen at the time below.";
            case WINDOW_CANCELLED -> "The maintenance of your cluster " + c + " is cancelled. Nothing will happen at"
                    + " the time below.";
            case WINDOW_COMPLETED -> change == ChangeKind.FAILED
                    ? "The maintenance of your cluster " + c + " did not complete. Our engineers are on it."
                    : "The maintenance of your cluster " + c + " is complete.";
            case WINDOW_REMINDER -> "The maintenance of your cluster " + c + " starts within 24 hours.";
            default -> "";
        };
    }

    static String local(Instant instant, String zone) {
        return WHEN.format(instant.atZone(ZoneId.of(zone))) + " " + zone;
    }

    static String utc(Instant instant) {
        return WHEN.format(instant.atOffset(ZoneOffset.UTC)) + " UTC";
    }
}
