package io.patchcast.notify;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.logging.Log;
import io.quarkus.mailer.Attachment;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * Sends what is due in the outbox. Every instance runs this; they share the work by claiming rows:
 * <ol>
 * <li>claim: in one short transaction, {@code SELECT … FOR UPDATE SKIP LOCKED} picks due rows no other instance is
 * claiming right now, and marks them SENDING with this claim's token and a lease (claimed_until);</li>
 * <li>send each claimed notice through SMTP, outside any transaction;</li>
 * <li>record the outcome at once, in its own transaction, only if the row still carries this claim's token.</li>
 * </ol>
 * A notice is therefore sent by one instance at a time. If an instance dies between 2 and 3, the row stays in SENDING
 * until its lease expires and is then claimed again: the message in flight may reach its recipient twice (same
 * Message-ID), every other one exactly once. Each sender has one message in flight; an instance runs
 * {@code patchcast.notify.senders} of them (default 1).
 */
@ApplicationScoped
public class NoticeDelivery {

    private static final DateTimeFormatter RFC_5322 = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    @Inject
    Clock clock;

    @Inject
    Mailer mailer;

    @Inject
    NotifyConfig config;

    @Inject
    InstanceIdentity instance;

    @Inject
    EntityManager em;

    @Inject
    NoticeMetrics metrics;

    @ConfigProperty(name = "patchcast.base-url", defaultValue = "http://localhost:8080")
    String baseUrl;

    @ConfigProperty(name = "quarkus.datasource.db-kind", defaultValue = "h2")
    String dbKind;

    private boolean postgres;

    @jakarta.annotation.PostConstruct
    void init() {
        postgres = dbKind.toLowerCase(java.util.Locale.ROOT).startsWith("postgres");
    }

    /** The mailer gives up on one send after this; a claim must outlast it. */
    @ConfigProperty(name = "quarkus.mailer.timeout", defaultValue = "60S")
    Duration sendTimeout;

    /** A claimed notice: everything needed to send it, read in the claim transaction. */
    record Claimed(long id, String token, Instant leaseUntil, NoticeKind kind, String recipientName, String recipientEmail,
            String subject, String text, String html, String ics, String icsMethod, String messageId, int attempts,
            Instant createdAt) {
    }

    /** What one run did, for logs and tests. */
    public record Run(int sent, int retrying, int failed, int dead) {
        public int total() {
            return sent + retrying + failed + dead;
        }

        Run plus(Run o) {
            return new Run(sent + o.sent, retrying + o.retrying, failed + o.failed, dead + o.dead);
        }
    }

    private ExecutorService pool;

    /**
     * Claims and sends due notices batch after batch until none is due (or a batch is cut short because its lease is
     * running out).
     */
    public Run dispatchDue() {
        int senders = Math.max(1, config.senders());
        Run run;
        if (senders == 1) {
            run = sendUntilNoneDue();
        } else {
            List<Future<Run>> workers = new ArrayList<>();
            for (int i = 0; i < senders; i++) {
                workers.add(pool().submit(this::sendUntilNoneDue));
            }
            run = new Run(0, 0, 0, 0);
            for (Future<Run> w : workers) {
                try {
                    run = run.plus(w.get());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                } catch (ExecutionException e) {
                    Log.error("Notice sender failed", e.getCause());
                }
            }
        }
        if (run.total() > 0) {
            Log.infof("Outbox: %d sent, %d to retry, %d failed, %d dead", run.sent(), run.retrying(), run.failed(),
                    run.dead());
        }
        metrics.refresh();
        return run;
    }

    /** One sender: claims and sends batch after batch, one notice at a time, until none is due. */
    Run sendUntilNoneDue() {
        int sent = 0, retrying = 0, failed = 0, dead = 0;
        while (true) {
            List<Claimed> batch = claim(config.batchSize());
            if (batch.isEmpty()) {
                break;
            }
            for (int i = 0; i < batch.size(); i++) {
                Claimed c = batch.get(i);
                // Start a send only if it ends, even by timing out, before the lease does: from then on another
                // instance may take the rest over, and it must not find a notice this instance is still sending.
                if (clock.instant().plus(sendTimeout).plusSeconds(5).isAfter(c.leaseUntil())) {
                    release(batch.subList(i, batch.size()));
                    Log.warnf("Outbox lease nearly expired; %d claimed notices given back", batch.size() - i);
                    break;
                }
                switch (send(c)) {
                    case SENT -> sent++;
                    case RETRYING -> retrying++;
                    case FAILED -> failed++;
                    case DEAD -> dead++;
                    case LOST -> { }
                }
            }
        }
        return new Run(sent, retrying, failed, dead);
    }

    private synchronized ExecutorService pool() {
        if (pool == null) {
            AtomicInteger n = new AtomicInteger();
            pool = Executors.newFixedThreadPool(config.senders(), r -> {
                Thread t = new Thread(r, "notice-sender-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
        return pool;
    }

    @PreDestroy
    synchronized void stopPool() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    enum Result {
        SENT, RETRYING, FAILED, DEAD, LOST
    }

    /** Claims up to {@code limit} due notices for this instance. */
    List<Claimed> claim(int limit) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant now = clock.instant();
            @SuppressWarnings("unchecked")
            List<Number> ids = em.createNativeQuery("select id from notice"
                    + " where (status = 'PENDING' and next_attempt_at <= ?1)"
                    + " or (status = 'SENDING' and claimed_until < ?1)"
                    + " order by next_attempt_at, id limit ?2 for update skip locked")
                    .setParameter(1, now).setParameter(2, limit).getResultList();
            if (ids.isEmpty()) {
                return List.<Claimed>of();
            }
            List<Long> idList = ids.stream().map(Number::longValue).toList();
            String token = instance.name() + "#" + Long.toString(now.toEpochMilli(), 36);
            Instant until = now.plus(config.lease());
            // The rows are locked by the select above, so this update cannot race another claimer; a lease taken
            // over from a crashed instance counts as one more attempt.
            em.createQuery("update Notice n set n.status = ?1, n.claimedBy = ?2, n.claimedUntil = ?3,"
                    + " n.attempts = n.attempts + 1, n.updatedAt = ?4 where n.id in ?5")
                    .setParameter(1, NoticeStatus.SENDING).setParameter(2, token).setParameter(3, until)
                    .setParameter(4, now).setParameter(5, idList).executeUpdate();
            List<Claimed> claimed = new ArrayList<>();
            for (Notice n : em.createQuery("from Notice n where n.id in ?1 order by n.nextAttemptAt, n.id", Notice.class)
                    .setParameter(1, idList).getResultList()) {
                claimed.add(new Claimed(n.id, token, until, n.kind, n.recipientName, n.recipientEmail, n.subject,
                        n.textBody, n.htmlBody, n.icsCalendar, n.icsMethod, n.messageId, n.attempts, n.createdAt));
            }
            em.clear();
            return claimed;
        });
    }

    Result send(Claimed c) {
        SendOutcome outcome;
        try {
            mailer.send(toMail(c));
            outcome = SendOutcome.SENT;
        } catch (RuntimeException e) {
            outcome = SendOutcome.of(e);
        }
        return record(c, outcome);
    }

    /** Writes the outcome, guarded by the claim token: a claim that lost its lease changes nothing. */
    Result record(Claimed c, SendOutcome outcome) {
        Instant now = clock.instant();
        Result result;
        NoticeStatus status;
        Instant next = now;
        String error = outcome.detail();
        switch (outcome.kind()) {
            case SENT -> {
                result = Result.SENT;
                status = NoticeStatus.SENT;
            }
            case PERMANENT -> {
                result = Result.FAILED;
                status = NoticeStatus.FAILED;
                metrics.sendFailed("permanent");
            }
            default -> {
                metrics.sendFailed("temporary");
                if (c.attempts() >= config.maxAttempts()) {
                    result = Result.DEAD;
                    status = NoticeStatus.DEAD;
                } else {
                    result = Result.RETRYING;
                    status = NoticeStatus.PENDING;
                    next = now.plus(backoff(c.attempts()));
                }
            }
        }
        Instant nextAttempt = next;
        int updated = QuarkusTransaction.requiringNew().call(() -> {
            relaxCommit();
            return em.createQuery("update Notice n set n.status = ?1,"
                + " n.lastError = ?2, n.nextAttemptAt = ?3, n.sentAt = ?4, n.claimedBy = null, n.claimedUntil = null,"
                + " n.updatedAt = ?5, n.sentBy = ?8 where n.id = ?6 and n.claimedBy = ?7")
                .setParameter(1, status).setParameter(2, error).setParameter(3, nextAttempt)
                .setParameter(4, status == NoticeStatus.SENT ? now : null).setParameter(5, now)
                .setParameter(6, c.id()).setParameter(7, c.token())
                .setParameter(8, status == NoticeStatus.SENT ? instance.name() : null).executeUpdate();
        });
        if (updated == 0) {
            Log.warnf("Notice %d: claim lost before its outcome (%s) was recorded", c.id(), outcome);
            return Result.LOST;
        }
        if (result != Result.SENT) {
            Log.infof("Notice %d to %s: %s (attempt %d)", c.id(), c.recipientEmail(), outcome, c.attempts());
        }
        return result;
    }

    /**
     * On PostgreSQL the outcome's commit does not wait for the WAL flush. The outcome is written once per notice, so
     * the flush wait is most of the cost of sending one; an app crash cannot lose such a commit (the database has
     * it), only a database crash in the next few hundred milliseconds can, and then the notices concerned are sent
     * again, which is the same duplicate window as an app crash mid-send. The domain changes and the outbox rows are
     * committed by their callers as usual.
     */
    private void relaxCommit() {
        if (postgres) {
            em.createNativeQuery("set local synchronous_commit to off").executeUpdate();
        }
    }

    /** Gives claimed but unsent notices back, due now, without counting the attempt they did not get. */
    void release(List<Claimed> claims) {
        Instant now = clock.instant();
        QuarkusTransaction.requiringNew().run(() -> {
            for (Claimed c : claims) {
                em.createQuery("update Notice n set n.status = ?1, n.claimedBy = null, n.claimedUntil = null,"
                        + " n.attempts = n.attempts - 1, n.nextAttemptAt = ?2, n.updatedAt = ?2"
                        + " where n.id = ?3 and n.claimedBy = ?4")
                        .setParameter(1, NoticeStatus.PENDING).setParameter(2, now).setParameter(3, c.id())
                        .setParameter(4, c.token()).executeUpdate();
            }
        });
    }

    /** initial, 2×initial, 4×initial … capped at the maximum. */
    Duration backoff(int attempts) {
        Duration wait = config.backoffInitial();
        for (int i = 1; i < attempts && wait.compareTo(config.backoffMax()) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(config.backoffMax()) > 0 ? config.backoffMax() : wait;
    }

    Mail toMail(Claimed c) {
        Mail mail = new Mail()
                .setTo(List.of(address(c.recipientName(), c.recipientEmail())))
                .setSubject(c.subject())
                .setText(c.text())
                .setHtml(c.html());
        config.replyTo().ifPresent(mail::setReplyTo);
        // Fixed per notice: a resend after a crash is the same message to the recipient's mail system.
        mail.addHeader("Message-ID", c.messageId());
        mail.addHeader("Date", RFC_5322.format(clock.instant()));
        mail.addHeader("X-Patchcast-Notice", c.kind().name());
        if (c.kind().optional()) {
            String prefs = baseUrl + "/settings/notifications";
            mail.addHeader("List-Unsubscribe", "<" + prefs + ">");
        }
        if (c.ics() != null) {
            String method = c.icsMethod() == null ? "REQUEST" : c.icsMethod();
            // text/calendar with the method parameter is what calendar clients look for to offer accept/update
            // for the one event (the UID inside stays the same across changes).
            Attachment invite = new Attachment("invite.ics", c.ics().getBytes(StandardCharsets.UTF_8),
                    "text/calendar; charset=UTF-8; method=" + method);
            mail.setAttachments(List.of(invite));
        }
        return mail;
    }

    private static String address(String name, String email) {
        if (name == null || name.isBlank()) {
            return email;
        }
        String quoted = name.replace("\\", "").replace("\"", "");
        return "\"" + quoted + "\" <" + email + ">";
    }
}
