package io.patchcast.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import jakarta.mail.internet.MimeMessage;

/**
 * Two packaged app instances (the jar in target/quarkus-app, two ports) on one PostgreSQL share the outbox, through
 * an SMTP relay that fails half-way and an instance killed with SIGKILL mid-send. Run by {@code -Pmulti-instance}
 * after a PostgreSQL build of the jar:
 *
 * <pre>
 * PATCHCAST_DB_KIND=postgresql PATCHCAST_IT_DB_URL=jdbc:postgresql://127.0.0.1:5432/patchcast_it ./mvnw -B verify -Pmulti-instance
 * </pre>
 *
 * Notices are written straight into the outbox table, as a committed transaction of any feature would leave them.
 */
class MultiInstanceIT {

    static final String DB_URL = env("PATCHCAST_IT_DB_URL", "jdbc:postgresql://127.0.0.1:5432/patchcast_it");
    static final String DB_USER = env("PATCHCAST_IT_DB_USER", "patchcast");
    static final String DB_PASSWORD = env("PATCHCAST_IT_DB_PASSWORD", "patchcast");
    static final int GREENMAIL_PORT = RealSmtpProfile.port("patchcast.it.greenmail-port");
    static final int FRONT_PORT = RealSmtpProfile.port("patchcast.it.smtp-front-port");
    static final int[] HTTP_PORTS = { RealSmtpProfile.port("patchcast.it.port-a"), RealSmtpProfile.port("patchcast.it.port-b") };

    static GreenMail greenMail;
    static SmtpFront front;
    static final Instance[] instances = new Instance[2];

    static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? System.getProperty(name, fallback) : v;
    }

    /** One app process. */
    static final class Instance {
        final String name;
        final int port;
        Process process;

        Instance(String name, int port) {
            this.name = name;
            this.port = port;
        }

        void start() throws Exception {
            Path log = Path.of("target", "multi-instance", name + ".log");
            Files.createDirectories(log.getParent());
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx384m", "-jar", new File("target/quarkus-app/quarkus-run.jar").getAbsolutePath());
            Map<String, String> e = pb.environment();
            e.put("PORT", String.valueOf(port));
            e.put("PATCHCAST_DB_URL", DB_URL);
            e.put("PATCHCAST_DB_USER", DB_USER);
            e.put("PATCHCAST_DB_PASSWORD", DB_PASSWORD);
            e.put("PATCHCAST_DB_POOL", "10");
            e.put("PATCHCAST_SMTP_HOST", "127.0.0.1");
            e.put("PATCHCAST_SMTP_PORT", String.valueOf(FRONT_PORT));
            e.put("PATCHCAST_SMTP_STARTTLS", "DISABLED");
            e.put("PATCHCAST_NOTIFY_DISPATCH_EVERY", "1s");
            e.put("PATCHCAST_NOTIFY_BATCH_SIZE", "20");
            e.put("PATCHCAST_NOTIFY_BACKOFF_INITIAL", "PT1S");
            e.put("PATCHCAST_NOTIFY_BACKOFF_MAX", "PT2S");
            e.put("PATCHCAST_NOTIFY_MAX_ATTEMPTS", "100");
            e.put("PATCHCAST_NOTIFY_LEASE", "PT20S");
            e.put("QUARKUS_MAILER_TIMEOUT", "5S");
            e.put("PATCHCAST_NOTIFY_INSTANCE_NAME", name);
            pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            process = pb.start();
            HttpClient http = HttpClient.newHttpClient();
            waitFor("instance " + name + " ready", Duration.ofMinutes(3), () -> {
                if (!process.isAlive()) {
                    throw new AssertionError("instance " + name + " exited; see " + log);
                }
                try {
                    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                            .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                } catch (Exception ex) {
                    return false;
                }
            });
        }

        /** SIGKILL: no shutdown hook, no graceful stop, claims left as they are. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor();
        }

        void stop() throws InterruptedException {
            if (process != null && process.isAlive()) {
                process.destroy();
                if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }
    }

    @BeforeAll
    static void startAll() throws Exception {
        assertTrue(new File("target/quarkus-app/quarkus-run.jar").exists(), "package the app first");
        greenMail = new GreenMail(new ServerSetup(GREENMAIL_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        front = new SmtpFront(FRONT_PORT, GREENMAIL_PORT).start();
        instances[0] = new Instance("A", HTTP_PORTS[0]);
        instances[1] = new Instance("B", HTTP_PORTS[1]);
        instances[0].start(); // migrates the schema first, so B only validates it
        instances[1].start();
    }

    @AfterAll
    static void stopAll() throws Exception {
        for (Instance i : instances) {
            if (i != null) {
                i.stop();
            }
        }
        if (front != null) {
            front.close();
        }
        if (greenMail != null) {
            greenMail.stop();
        }
    }

    static Connection db() throws Exception {
        return DriverManager.getConnection(DB_URL, DB_USER, DB_PASSWORD);
    }

    /** Writes {@code events × recipients} notices in one transaction, as one bulk change would. */
    static String enqueue(int events, int recipients) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        try (Connection c = db()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("insert into notice (id, kind, event_key, recipient_name,"
                    + " recipient_email, subject, text_body, html_body, idempotency_key, message_id, status, attempts,"
                    + " next_attempt_at, created_at, updated_at) values (nextval('notice_seq'), 'WINDOW_MOVED', ?, ?, ?,"
                    + " ?, 'Your window moved.', '<p>Your window moved.</p>', ?, ?, 'PENDING', 0, ?, ?, ?)")) {
                Timestamp now = Timestamp.from(Instant.now());
                for (int e = 0; e < events; e++) {
                    for (int r = 0; r < recipients; r++) {
                        String event = "it:" + run + ":" + e;
                        String email = "r" + r + "@example.com";
                        ps.setString(1, event);
                        ps.setString(2, "Recipient " + r);
                        ps.setString(3, email);
                        ps.setString(4, "Window moved " + run + " event " + e);
                        ps.setString(5, event + ":" + email);
                        ps.setString(6, "<" + run + "." + e + "." + r + ".it@patchcast.example>");
                        ps.setTimestamp(7, now);
                        ps.setTimestamp(8, now);
                        ps.setTimestamp(9, now);
                        ps.addBatch();
                    }
                }
                ps.executeBatch();
            }
            c.commit();
        }
        return run;
    }

    static Map<String, Long> statusCounts(String run) throws Exception {
        Map<String, Long> counts = new HashMap<>();
        try (Connection c = db(); PreparedStatement ps = c.prepareStatement(
                "select status, count(*) from notice where event_key like ? group by status")) {
            ps.setString(1, "it:" + run + ":%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return counts;
    }

    static Map<String, Long> sentBy(String run) throws Exception {
        Map<String, Long> counts = new HashMap<>();
        try (Connection c = db(); PreparedStatement ps = c.prepareStatement(
                "select sent_by, count(*) from notice where event_key like ? and status = 'SENT' group by sent_by")) {
            ps.setString(1, "it:" + run + ":%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getString(1).replaceAll("/.*", ""), rs.getLong(2));
                }
            }
        }
        return counts;
    }

    /** Copies received per Message-ID of this run. */
    static Map<String, Integer> received(String run) throws Exception {
        Map<String, Integer> copies = new HashMap<>();
        for (MimeMessage m : greenMail.getReceivedMessages()) {
            String id = m.getMessageID();
            if (id != null && id.startsWith("<" + run + ".")) {
                copies.merge(id, 1, Integer::sum);
            }
        }
        return copies;
    }

    static void waitFor(String what, Duration timeout, BooleanSupplier done) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!done.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(200);
        }
    }

    static boolean allSent(String run, int total) {
        try {
            return statusCounts(run).getOrDefault("SENT", 0L) == total;
        } catch (Exception e) {
            return false;
        }
    }

    static int receivedCount(String run) {
        try {
            return received(run).size();
        } catch (Exception e) {
            return 0;
        }
    }

    @Test
    void twoInstancesAndAnSmtpServerThatFailsHalfWaySendEachNoticeExactlyOnce() throws Exception {
        int events = 4, recipients = 250, total = events * recipients;
        String run = enqueue(events, recipients);

        waitFor("half of the notices", Duration.ofMinutes(2), () -> receivedCount(run) >= total / 2);
        front.stop(); // refused connections; open ones finish their message, then get 421
        Thread.sleep(3000);
        front.temporaryFailure(true); // back, but answering 451 for a while
        front.start();
        Thread.sleep(2000);
        front.temporaryFailure(false);

        waitFor("every notice sent", Duration.ofMinutes(3), () -> allSent(run, total));
        Map<String, Integer> copies = received(run);
        assertEquals(total, copies.size(), "every notice arrived");
        List<String> doubled = new ArrayList<>();
        copies.forEach((id, n) -> {
            if (n != 1) {
                doubled.add(id + "×" + n);
            }
        });
        assertEquals(List.of(), doubled, "no notice arrived twice");
        Map<String, Long> by = sentBy(run);
        assertTrue(by.getOrDefault("A", 0L) > 0 && by.getOrDefault("B", 0L) > 0, "both instances sent: " + by);
        System.out.println("Two instances, SMTP failing half-way: " + total + " notices, sent by " + by);
    }

    @Test
    void killedMidSendNothingIsLostAndAtMostTheMessageInFlightIsDoubled() throws Exception {
        int events = 4, recipients = 250, total = events * recipients;
        String run = enqueue(events, recipients);

        waitFor("a third of the notices", Duration.ofMinutes(2), () -> receivedCount(run) >= total / 3);
        instances[0].kill();
        instances[0].start(); // a new process: its old claims are recovered when their lease expires

        waitFor("every notice sent", Duration.ofMinutes(3), () -> allSent(run, total));
        Map<String, Integer> copies = received(run);
        assertEquals(total, copies.size(), "nothing lost");
        long doubled = copies.values().stream().filter(n -> n > 1).count();
        assertTrue(copies.values().stream().allMatch(n -> n <= 2), "no notice more than twice: " + copies);
        assertTrue(doubled <= 1, "at most the one message in flight at the kill arrives twice, got " + doubled);
        try (Connection c = db(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from notice where status = 'SENDING'")) {
            rs.next();
            assertEquals(0, rs.getLong(1), "no notice stuck in SENDING");
        }
        System.out.println("kill -9 during the send: " + total + " notices, " + doubled + " delivered twice, sent by "
                + sentBy(run));
    }
}
