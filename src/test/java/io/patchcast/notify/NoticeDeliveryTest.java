package io.patchcast.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

/** Delivery through real SMTP (GreenMail behind a relay that can fail), content as mail clients parse it, and faults. */
@QuarkusTest
@TestProfile(RealSmtpProfile.class)
class NoticeDeliveryTest {

    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(
            new ServerSetup(RealSmtpProfile.GREENMAIL_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
            .withPerMethodLifecycle(false);

    static SmtpFront front;

    @Inject
    Outbox outbox;

    @Inject
    NoticeDelivery delivery;

    @Inject
    NoticeService notices;

    @BeforeEach
    void clean() throws Exception {
        if (front == null) {
            front = new SmtpFront(RealSmtpProfile.FRONT_PORT, RealSmtpProfile.GREENMAIL_PORT);
        }
        front.reset();
        front.start();
        if (!greenMail.isRunning()) {
            greenMail.start();
        }
        greenMail.purgeEmailFromAllMailboxes();
        QuarkusTransaction.requiringNew().run(() -> Notice.deleteAll());
    }

    @AfterEach
    void restore() throws IOException {
        front.reset();
        front.start();
        if (!greenMail.isRunning()) {
            greenMail.start();
        }
    }

    static final String ICS = String.join("\r\n", "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Patchcast//Test//EN",
            "METHOD:REQUEST", "BEGIN:VEVENT", "UID:window-42@patchcast.example", "SEQUENCE:1",
            "DTSTAMP:20261124T120000Z", "DTSTART:20261201T020000Z", "DTEND:20261201T040000Z",
            "SUMMARY:Maintenance window", "END:VEVENT", "END:VCALENDAR", "");

    static OutgoingNotice windowNotice(String event, NoticeKind kind) {
        return new OutgoingNotice(kind, event, null, null, "Maintenance window moved to 1 December",
                "Your maintenance window moved.\n\nNew start: 2026-12-01 02:00 UTC\n",
                "<p>Your maintenance window moved.</p><p>New start: <b>2026-12-01 02:00 UTC</b></p>", ICS, "request");
    }

    List<Notice> enqueue(OutgoingNotice notice, String... emails) {
        List<Recipient> people = new ArrayList<>();
        for (String e : emails) {
            people.add(new Recipient("Person " + e.substring(0, e.indexOf('@')), e));
        }
        QuarkusTransaction.requiringNew().run(() -> outbox.enqueue(notice, people));
        return rows(notice.eventKey());
    }

    static List<Notice> rows(String event) {
        return QuarkusTransaction.requiringNew().call(() -> Notice.listByEvent(event));
    }

    static Map<String, Notice> byEmail(String event) {
        return rows(event).stream().collect(Collectors.toMap(n -> n.recipientEmail, Function.identity()));
    }

    /** Stands in for time passing: whatever waits for a retry is due now. */
    static void makeRetriesDue() {
        QuarkusTransaction.requiringNew().run(() -> Notice.update("nextAttemptAt = ?1 where status = ?2",
                Instant.now().minusSeconds(1), NoticeStatus.PENDING));
    }

    /**
     * Dispatches until nothing is pending, making retries due between rounds (a send right after an outage may time
     * out once and be retried).
     */
    void deliverPending() {
        for (int round = 0; round < 5; round++) {
            makeRetriesDue();
            delivery.dispatchDue();
            if (QuarkusTransaction.requiringNew().call(() -> Notice.count("status", NoticeStatus.PENDING)) == 0) {
                return;
            }
        }
    }

    static Map<String, Long> receivedCountByRecipient() throws Exception {
        Map<String, Long> counts = new java.util.TreeMap<>();
        for (MimeMessage m : greenMail.getReceivedMessages()) {
            String to = m.getAllRecipients()[0].toString().replaceAll(".*<|>.*", "");
            counts.merge(to, 1L, Long::sum);
        }
        return counts;
    }

    @Test
    void windowNoticeArrivesAsTextHtmlAndInvitation() throws Exception {
        String event = "window:42:moved:" + UUID.randomUUID();
        List<Notice> queued = enqueue(windowNotice(event, NoticeKind.WINDOW_MOVED), "ann@example.com", "bob@example.com");

        NoticeDelivery.Run run = delivery.dispatchDue();

        assertEquals(2, run.sent());
        MimeMessage[] received = greenMail.getReceivedMessages();
        assertEquals(2, received.length);
        MimeMessage ann = java.util.Arrays.stream(received)
                .filter(m -> sneaky(() -> m.getAllRecipients()[0].toString()).contains("ann@example.com")).findFirst()
                .orElseThrow();
        assertEquals("Maintenance window moved to 1 December", ann.getSubject());
        String to = ann.getHeader("To", ",");
        assertTrue(to.contains("ann@example.com") && to.contains("Person ann"), to);
        assertTrue(ann.getFrom()[0].toString().contains("maintenance@patchcast.example"), ann.getFrom()[0].toString());
        assertEquals("Patchcast support <support@patchcast.example>", ann.getReplyTo()[0].toString());
        Notice annRow = queued.stream().filter(n -> n.recipientEmail.equals("ann@example.com")).findFirst().orElseThrow();
        assertEquals(List.of(annRow.messageId), List.of(ann.getHeader("Message-ID")));
        assertEquals(1, ann.getHeader("Date").length);
        assertNotNull(ann.getSentDate());
        assertNull(ann.getHeader("List-Unsubscribe"), "changes cannot be unsubscribed from");

        Map<String, Part> parts = new java.util.LinkedHashMap<>();
        collect(ann, parts);
        assertTrue(parts.containsKey("text/plain"), parts.keySet().toString());
        assertTrue(parts.containsKey("text/html"), parts.keySet().toString());
        assertTrue(parts.containsKey("text/calendar"), parts.keySet().toString());
        assertTrue(((String) parts.get("text/plain").getContent()).contains("New start: 2026-12-01 02:00 UTC"));
        assertTrue(((String) parts.get("text/html").getContent()).contains("<b>2026-12-01 02:00 UTC</b>"));
        Part calendar = parts.get("text/calendar");
        assertTrue(calendar.getContentType().toLowerCase().contains("method=request"), calendar.getContentType());
        String ics = new String(calendar.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(ics.contains("UID:window-42@patchcast.example"), ics);

        Map<String, Notice> after = byEmail(event);
        assertEquals(NoticeStatus.SENT, after.get("ann@example.com").status);
        assertNotNull(after.get("ann@example.com").sentAt);
        assertEquals(1, after.get("ann@example.com").attempts);
        assertNull(after.get("ann@example.com").claimedBy);

        assertEquals(0, delivery.dispatchDue().total(), "nothing is sent twice");
        assertEquals(2, greenMail.getReceivedMessages().length);
    }

    @Test
    void remindersCarryListUnsubscribe() throws Exception {
        String event = "window:7:reminder:" + UUID.randomUUID();
        enqueue(windowNotice(event, NoticeKind.WINDOW_REMINDER), "cid@example.com");
        delivery.dispatchDue();
        MimeMessage m = greenMail.getReceivedMessages()[0];
        assertEquals("<http://localhost:8080/settings/notifications>", m.getHeader("List-Unsubscribe", ","));
    }

    @Test
    void serverDownMeansRetryLaterAndExactlyOneCopyOnceItIsBack() throws Exception {
        String event = "window:1:scheduled:" + UUID.randomUUID();
        enqueue(windowNotice(event, NoticeKind.WINDOW_SCHEDULED), "a@example.com", "b@example.com");
        front.stop();

        NoticeDelivery.Run run = delivery.dispatchDue();

        assertEquals(2, run.retrying());
        for (Notice n : rows(event)) {
            assertEquals(NoticeStatus.PENDING, n.status);
            assertEquals(1, n.attempts);
            assertNotNull(n.lastError);
            assertTrue(n.nextAttemptAt.isAfter(Instant.now().plus(Duration.ofMinutes(9))), "backs off, no retry storm");
        }
        assertEquals(0, delivery.dispatchDue().total(), "not due again before the backoff");

        front.start();
        deliverPending();
        assertTrue(rows(event).stream().allMatch(n -> n.status == NoticeStatus.SENT));
        assertEquals(Map.of("a@example.com", 1L, "b@example.com", 1L), receivedCountByRecipient());
    }

    @Test
    void mailboxServerDownBehindTheRelayIsTemporary() throws Exception {
        String event = "incident:3:published:" + UUID.randomUUID();
        enqueue(windowNotice(event, NoticeKind.INCIDENT_PUBLISHED), "a@example.com");
        greenMail.stop();

        delivery.dispatchDue();
        Notice n = rows(event).get(0);
        assertEquals(NoticeStatus.PENDING, n.status);
        assertTrue(n.lastError.contains("451"), n.lastError);

        greenMail.start();
        deliverPending();
        assertEquals(Map.of("a@example.com", 1L), receivedCountByRecipient());
    }

    @Test
    void temporaryRefusalBacksOffWithGrowingWaits() {
        String event = "window:2:moved:" + UUID.randomUUID();
        enqueue(windowNotice(event, NoticeKind.WINDOW_MOVED), "a@example.com");
        front.temporaryFailure(true);

        delivery.dispatchDue();
        Notice first = rows(event).get(0);
        assertTrue(first.lastError.startsWith("SMTP 451"), first.lastError);
        makeRetriesDue();
        Instant before = Instant.now();
        delivery.dispatchDue();
        Notice second = rows(event).get(0);
        assertEquals(2, second.attempts);
        assertTrue(second.nextAttemptAt.isAfter(before.plus(Duration.ofMinutes(19))), "second wait is twice the first");
        assertEquals(Duration.ofMinutes(10), delivery.backoff(1));
        assertEquals(Duration.ofMinutes(40), delivery.backoff(3));
        assertEquals(Duration.ofHours(1), delivery.backoff(10));
    }

    @Test
    void permanentRejectionFailsThatRecipientOnlyAndIsNotRetried() throws Exception {
        String event = "window:3:moved:" + UUID.randomUUID();
        enqueue(windowNotice(event, NoticeKind.WINDOW_MOVED), "gone@example.com", "here@example.com");
        front.reject("gone@example.com");

        delivery.dispatchDue();

        Map<String, Notice> rows = byEmail(event);
        assertEquals(NoticeStatus.FAILED, rows.get("gone@example.com").status);
        assertTrue(rows.get("gone@example.com").lastError.startsWith("SMTP 550"), rows.get("gone@example.com").lastError);
        assertTrue(rows.get("gone@example.com").lastError.contains("User unknown"));
        // on a loaded machine the send after a refusal can time out; it is then retried, never dropped
        for (int i = 0; i < 3 && byEmail(event).get("here@example.com").status != NoticeStatus.SENT; i++) {
            makeRetriesDue();
            delivery.dispatchDue();
        }
        assertEquals(NoticeStatus.SENT, byEmail(event).get("here@example.com").status);
        makeRetriesDue();
        assertEquals(0, delivery.dispatchDue().total(), "a refused recipient is not tried again");
        assertEquals(1, byEmail(event).get("gone@example.com").attempts);
        assertEquals(Map.of("here@example.com", 1L), receivedCountByRecipient());
    }

    @Test
    void connectionDroppedMidMessageIsRetriedAndDeliveredOnce() throws Exception {
        String event = "window:4:moved:" + UUID.randomUUID();
        enqueue(windowNotice(event, NoticeKind.WINDOW_MOVED), "a@example.com", "b@example.com");
        front.dropNextInData(1);

        NoticeDelivery.Run run = delivery.dispatchDue();

        assertEquals(1, run.retrying());
        assertEquals(1, run.sent());
        deliverPending();
        assertEquals(Map.of("a@example.com", 1L, "b@example.com", 1L), receivedCountByRecipient());
        assertTrue(rows(event).stream().allMatch(n -> n.status == NoticeStatus.SENT));
    }

    @Test
    void deadAfterMaxAttemptsUntilStaffRetry() throws Exception {
        String event = "window:5:moved:" + UUID.randomUUID();
        enqueue(windowNotice(event, NoticeKind.WINDOW_MOVED), "a@example.com");
        front.temporaryFailure(true);
        for (int i = 0; i < 3; i++) {
            makeRetriesDue();
            delivery.dispatchDue();
        }
        Notice dead = rows(event).get(0);
        assertEquals(NoticeStatus.DEAD, dead.status);
        assertEquals(3, dead.attempts);
        makeRetriesDue();
        assertEquals(0, delivery.dispatchDue().total(), "dead notices wait for staff");

        front.temporaryFailure(false);
        notices.retry(dead.id, "support");
        deliverPending();
        assertEquals(NoticeStatus.SENT, rows(event).get(0).status);
        assertEquals(Map.of("a@example.com", 1L), receivedCountByRecipient());
    }

    @Test
    void noticeLeftSendingByACrashedInstanceIsSentAfterItsLeaseExpires() throws Exception {
        String expired = "window:6:moved:" + UUID.randomUUID();
        String live = "window:8:moved:" + UUID.randomUUID();
        enqueue(windowNotice(expired, NoticeKind.WINDOW_MOVED), "a@example.com");
        enqueue(windowNotice(live, NoticeKind.WINDOW_MOVED), "b@example.com");
        QuarkusTransaction.requiringNew().run(() -> {
            Notice.update("status = ?1, claimedBy = 'crashed-instance', claimedUntil = ?2, attempts = 1 where eventKey = ?3",
                    NoticeStatus.SENDING, Instant.now().minusSeconds(5), expired);
            Notice.update("status = ?1, claimedBy = 'other-live-instance', claimedUntil = ?2, attempts = 1 where eventKey = ?3",
                    NoticeStatus.SENDING, Instant.now().plusSeconds(300), live);
        });

        delivery.dispatchDue();

        Notice recovered = rows(expired).get(0);
        assertEquals(NoticeStatus.SENT, recovered.status);
        assertEquals(2, recovered.attempts);
        assertEquals(NoticeStatus.SENDING, rows(live).get(0).status, "a live lease is left alone");
        assertEquals(Map.of("a@example.com", 1L), receivedCountByRecipient());
    }

    @Test
    void twoDispatchersRunningAtOnceSendEachNoticeOnce() throws Exception {
        String event = "window:9:moved:" + UUID.randomUUID();
        String[] emails = new String[60];
        for (int i = 0; i < emails.length; i++) {
            emails[i] = "p" + i + "@example.com";
        }
        enqueue(windowNotice(event, NoticeKind.WINDOW_MOVED), emails);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<NoticeDelivery.Run>> runs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                runs.add(pool.submit(() -> {
                    List<NoticeDelivery.Claimed> mine = new ArrayList<>();
                    int sent = 0;
                    List<NoticeDelivery.Claimed> batch;
                    // small batches so the two really interleave
                    while (!(batch = delivery.claim(5)).isEmpty()) {
                        for (NoticeDelivery.Claimed c : batch) {
                            mine.add(c);
                            if (delivery.send(c) == NoticeDelivery.Result.SENT) {
                                sent++;
                            }
                        }
                    }
                    return new NoticeDelivery.Run(sent, 0, 0, 0);
                }));
            }
            int total = 0;
            for (Future<NoticeDelivery.Run> f : runs) {
                total += f.get().sent();
            }
            // a send that timed out on a loaded machine waits for its retry: deliver those too
            for (int i = 0; i < 3 && total < 60; i++) {
                makeRetriesDue();
                total += delivery.dispatchDue().sent();
            }
            assertEquals(60, total);
        } finally {
            pool.shutdownNow();
        }
        Map<String, Long> counts = receivedCountByRecipient();
        assertEquals(60, counts.size());
        assertTrue(counts.values().stream().allMatch(c -> c == 1L), counts.toString());
    }

    private static void collect(Part part, Map<String, Part> into) throws Exception {
        Object content = part.getContent();
        if (content instanceof Multipart mp) {
            for (int i = 0; i < mp.getCount(); i++) {
                BodyPart child = mp.getBodyPart(i);
                collect(child, into);
            }
        } else {
            String type = part.getContentType().toLowerCase().split(";")[0].trim();
            into.putIfAbsent(type, part);
        }
    }

    interface ThrowingSupplier<T> {
        T get() throws Exception;
    }

    static <T> T sneaky(ThrowingSupplier<T> s) {
        try {
            return s.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void permanentFailureIsNotRetriedEvenIfCalledAgainForIt() {
        assertFalse(SendOutcome.of(new io.vertx.ext.mail.SMTPException("550 no", 550, List.of("no"), false)).kind()
                == SendOutcome.Kind.TEMPORARY);
        assertEquals(SendOutcome.Kind.TEMPORARY,
                SendOutcome.of(new io.vertx.ext.mail.SMTPException("535 auth", 535, List.of("auth"), false)).kind(),
                "a credentials problem is ours, not the recipient's");
        assertEquals(SendOutcome.Kind.TEMPORARY, SendOutcome.of(new RuntimeException(new java.net.ConnectException("refused"))).kind());
    }
}
