package io.patchcast.notify;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;

/**
 * One email to one recipient in the outbox. Customer and cluster are plain ids, not associations: the outbox
 * outlives whatever caused the notice and is read in bulk by the dispatcher, which needs none of them.
 */
@Entity
public class Notice extends PanacheEntity {

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 30)
    public NoticeKind kind;

    @Column(name = "event_key", nullable = false, length = 250)
    public String eventKey;

    @Column(name = "customer_id")
    public Long customerId;

    @Column(name = "cluster_id")
    public Long clusterId;

    @Column(name = "recipient_name", length = 200)
    public String recipientName;

    @Column(name = "recipient_email", nullable = false, length = 320)
    public String recipientEmail;

    @Column(nullable = false, length = 300)
    public String subject;

    @Column(name = "text_body", nullable = false, length = 200000)
    public String textBody;

    @Column(name = "html_body", nullable = false, length = 200000)
    public String htmlBody;

    @Column(name = "ics_calendar", length = 50000)
    public String icsCalendar;

    @Column(name = "ics_method", length = 10)
    public String icsMethod;

    @Column(name = "idempotency_key", nullable = false, unique = true, length = 600)
    public String idempotencyKey;

    /** Fixed when the notice is written, so a resend after a crash carries the same Message-ID. */
    @Column(name = "message_id", nullable = false, length = 300)
    public String messageId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 10)
    public NoticeStatus status;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "next_attempt_at", nullable = false)
    public Instant nextAttemptAt;

    @Column(name = "last_error", length = 1000)
    public String lastError;

    @Column(name = "claimed_by", length = 100)
    public String claimedBy;

    @Column(name = "claimed_until")
    public Instant claimedUntil;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "sent_at")
    public Instant sentAt;

    /** The instance whose claim sent it. */
    @Column(name = "sent_by", length = 100)
    public String sentBy;

    public static String idempotencyKey(String eventKey, String email) {
        return eventKey + ":" + email.trim().toLowerCase(java.util.Locale.ROOT);
    }

    /** Which of these idempotency keys are in the outbox already; asked in chunks to stay under bind limits. */
    public static Set<String> existingKeys(Collection<String> keys) {
        Set<String> found = new java.util.HashSet<>();
        List<String> all = List.copyOf(keys);
        for (int from = 0; from < all.size(); from += 1000) {
            found.addAll(getEntityManager()
                    .createQuery("select n.idempotencyKey from Notice n where n.idempotencyKey in ?1", String.class)
                    .setParameter(1, all.subList(from, Math.min(all.size(), from + 1000))).getResultList());
        }
        return found;
    }

    public static List<Notice> listByEvent(String eventKey) {
        return list("eventKey = ?1 order by recipientEmail", eventKey);
    }
}
