package io.patchcast.notify;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.patchcast.common.Hashes;
import io.patchcast.customer.Contact;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

/**
 * The only way notices enter the outbox. Features call {@link #enqueue} inside the transaction that makes the
 * change, so a change and its notices commit or roll back together; the {@code NoticeDispatcher} sends them later.
 */
@ApplicationScoped
public class Outbox {

    @Inject
    Clock clock;

    @Inject
    NotifyConfig config;

    /**
     * Writes one notice per recipient. Must run inside the caller's transaction, so the notice commits or rolls
     * back with the change. The idempotency key is {@code eventKey + ":" + lower-cased email}; a key that exists
     * already is skipped (not an error), as are repeated addresses in {@code recipients}.
     *
     * @return rows written
     */
    @Transactional(TxType.MANDATORY)
    public int enqueue(OutgoingNotice notice, List<Recipient> recipients) {
        validate(notice);
        Map<String, Recipient> byKey = new LinkedHashMap<>();
        for (Recipient r : recipients) {
            if (r == null || r.email() == null || r.email().isBlank()) {
                continue;
            }
            byKey.putIfAbsent(Notice.idempotencyKey(notice.eventKey(), r.email()), r);
        }
        Set<String> existing = Notice.existingKeys(byKey.keySet());
        Instant now = clock.instant();
        List<Notice> rows = new ArrayList<>();
        for (Map.Entry<String, Recipient> e : byKey.entrySet()) {
            if (existing.contains(e.getKey())) {
                continue;
            }
            Notice n = new Notice();
            n.kind = notice.kind();
            n.eventKey = notice.eventKey();
            n.customerId = notice.customerId();
            n.clusterId = notice.clusterId();
            n.recipientName = e.getValue().name();
            n.recipientEmail = e.getValue().email().trim();
            n.subject = notice.subject();
            n.textBody = notice.textBody();
            n.htmlBody = notice.htmlBody();
            n.icsCalendar = notice.icsCalendar();
            n.icsMethod = notice.icsCalendar() == null ? null : upper(notice.icsMethod());
            n.idempotencyKey = e.getKey();
            n.messageId = messageId(e.getKey());
            n.status = NoticeStatus.PENDING;
            n.attempts = 0;
            n.nextAttemptAt = now;
            n.createdAt = now;
            n.updatedAt = now;
            rows.add(n);
        }
        Notice.persist(rows);
        return rows.size();
    }

    /** The contacts of a customer who should get this kind (reminders: only contacts with receiveReminders). */
    @Transactional
    public List<Recipient> contactsOf(long customerId, NoticeKind kind) {
        List<Recipient> result = new ArrayList<>();
        for (Contact c : Contact.listByCustomer(customerId)) {
            if (kind.optional() && !c.receiveReminders) {
                continue;
            }
            result.add(new Recipient(c.name, c.email));
        }
        return result;
    }

    /** Staff alert recipients from config {@code patchcast.notify.staff-addresses}. */
    public List<Recipient> staff() {
        List<Recipient> result = new ArrayList<>();
        for (String entry : config.staffAddresses().orElse(List.of())) {
            Recipient r = parseAddress(entry);
            if (r != null) {
                result.add(r);
            }
        }
        return result;
    }

    /** Accepts {@code ops@example.com} and {@code Ops Team <ops@example.com>}. */
    static Recipient parseAddress(String entry) {
        String s = entry == null ? "" : entry.trim();
        if (s.isEmpty()) {
            return null;
        }
        int lt = s.indexOf('<');
        int gt = s.lastIndexOf('>');
        if (lt >= 0 && gt > lt) {
            String name = s.substring(0, lt).trim().replace("\"", "");
            return new Recipient(name.isEmpty() ? null : name, s.substring(lt + 1, gt).trim());
        }
        return new Recipient(null, s);
    }

    /**
     * Derived from the idempotency key, not random: the same notice keeps its Message-ID across resends, so a copy
     * the SMTP server accepted before a crash and the resend after it are recognisably the same message.
     */
    String messageId(String idempotencyKey) {
        byte[] digest = Hashes.sha256(idempotencyKey);
        return "<" + HexFormat.of().formatHex(digest, 0, 16) + ".notice@" + config.messageIdDomain() + ">";
    }

    private static void validate(OutgoingNotice n) {
        if (n.kind() == null || n.eventKey() == null || n.eventKey().isBlank()) {
            throw new IllegalArgumentException("a notice needs a kind and an event key");
        }
        if (n.subject() == null || n.textBody() == null || n.htmlBody() == null) {
            throw new IllegalArgumentException("a notice needs a subject, a text body and an HTML body");
        }
        if (n.icsCalendar() != null && !"REQUEST".equals(upper(n.icsMethod())) && !"CANCEL".equals(upper(n.icsMethod()))) {
            throw new IllegalArgumentException("an invitation needs icsMethod REQUEST or CANCEL");
        }
    }

    private static String upper(String s) {
        return s == null ? null : s.toUpperCase(Locale.ROOT);
    }
}
