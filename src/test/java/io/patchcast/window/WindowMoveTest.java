package io.patchcast.window;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.patchcast.customer.Contact;
import io.patchcast.customer.Customer;
import io.patchcast.fleet.Cluster;
import io.patchcast.fleet.FreezePeriod;
import io.patchcast.notify.Notice;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;

/** Moving windows through the API: each rule's refusal, conflicts, notices and invitations. */
@QuarkusTest
class WindowMoveTest {

    static RequestSpecification as(String user, String password) {
        return given().log().ifValidationFails().auth().preemptive().basic(user, password).contentType(ContentType.JSON);
    }

    static RequestSpecification acme() {
        return as("acme-analytics", "demo");
    }

    static Map<String, Object> move(Instant start, long version) {
        return Map.of("start", start.toString(), "reason", "Our release train", "version", version);
    }

    private static void refused(long id, Instant start, long version, String rule) {
        acme().body(move(start, version)).when().post("/api/v1/windows/" + id + "/reschedule")
                .then().statusCode(422).contentType("application/problem+json")
                .body("rule", equalTo(rule))
                .body("type", equalTo("https://patchcast.io/problems/" + rule))
                .body("suggestions.size()", org.hamcrest.Matchers.lessThanOrEqualTo(3));
    }

    @Test
    void eachBrokenRuleIsRefusedByName() {
        long cluster = WindowFixtures.cluster("acme-analytics");
        Instant start = WindowFixtures.tuesdayAfter(10);
        long id = WindowFixtures.window(cluster, start, start.plus(Duration.ofDays(30)));

        refused(id, Instant.now().plus(Duration.ofHours(30)), 0, "min-lead");
        refused(id, start.plus(Duration.ofDays(22)), 0, "max-shift");
        refused(id, start.plus(Duration.ofDays(4)), 0, "exclusion"); // Saturday 02:00
        QuarkusTransaction.requiringNew().run(() -> {
            FreezePeriod f = new FreezePeriod();
            f.cluster = Cluster.findById(cluster);
            f.startsAt = start.plus(Duration.ofDays(6));
            f.endsAt = start.plus(Duration.ofDays(8));
            f.reason = "Product launch";
            f.persist();
        });
        acme().body(move(start.plus(Duration.ofDays(7)), 0)).when().post("/api/v1/windows/" + id + "/reschedule")
                .then().statusCode(422).body("rule", equalTo("freeze"))
                .body("detail", containsString("Product launch"))
                .body("suggestions", hasSize(3));
        // three other windows fill the region at that time
        Instant busy = start.plus(Duration.ofDays(1));
        for (int i = 0; i < 3; i++) {
            WindowFixtures.window(WindowFixtures.cluster2(cluster), busy, null);
        }
        refused(id, busy, 0, "capacity");

        long tight = WindowFixtures.window(cluster, start.plus(Duration.ofDays(14)), start.plus(Duration.ofDays(15)));
        refused(tight, start.plus(Duration.ofDays(15)), 0, "deadline");

        // the suggestions are starts that would be accepted: the first one is
        String first = acme().body(move(start.plus(Duration.ofDays(7)), 0))
                .when().post("/api/v1/windows/" + id + "/reschedule").then().statusCode(422)
                .extract().path("suggestions[0]");
        acme().body(move(Instant.parse(first), 0)).when().post("/api/v1/windows/" + id + "/reschedule")
                .then().statusCode(200).body("start", equalTo(first)).body("movesLeft", equalTo(1));
        acme().body(move(start.plus(Duration.ofDays(2)), 1)).when().post("/api/v1/windows/" + id + "/reschedule")
                .then().statusCode(200).body("movesLeft", equalTo(0));
        refused(id, start.plus(Duration.ofDays(1)).plus(Duration.ofHours(4)), 2, "max-moves");
    }

    @Test
    void staffOverrideNeedsAReasonAndInsideNoticeAnEmergency() {
        long cluster = WindowFixtures.cluster("acme-analytics");
        Instant start = WindowFixtures.tuesdayAfter(10);
        long id = WindowFixtures.window(cluster, start, start.plus(Duration.ofDays(30)));
        Instant soon = Instant.now().plus(Duration.ofDays(3));
        as("support", "support").body(Map.of("start", soon.toString(), "reason", "Urgent fix", "version", 0))
                .when().post("/api/v1/windows/" + id + "/reschedule")
                .then().statusCode(422).body("rule", equalTo("minimum-notice"));
        as("support", "support").body(Map.of("start", soon.toString(), "reason", "Urgent fix", "version", 0,
                "emergency", true, "justification", "CVE-2026-0001 exploited", "override", true))
                .when().post("/api/v1/windows/" + id + "/reschedule")
                .then().statusCode(200).body("emergency", equalTo(true)).body("movesLeft", equalTo(2));
        as("support", "support").when().get("/api/v1/windows/" + id + "/changes")
                .then().statusCode(200).body("[0].reason", containsString("CVE-2026-0001"))
                .body("[0].staff", equalTo(true)).body("[0].actor", equalTo("support")).body("[0].kind", equalTo("MOVED"));
        // customers may not override
        acme().body(Map.of("start", start.plus(Duration.ofDays(1)).toString(), "reason", "x", "version", 1,
                "override", true)).when().post("/api/v1/windows/" + id + "/reschedule")
                .then().statusCode(400).body("errors[0].field", equalTo("override"));
    }

    @Test
    void twoMovesWithTheSameVersionGiveOneSuccessAndOneConflict() throws Exception {
        long cluster = WindowFixtures.cluster("acme-analytics");
        Instant start = WindowFixtures.tuesdayAfter(10);
        long id = WindowFixtures.window(cluster, start, null);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 1; i <= 2; i++) {
                Instant to = start.plus(Duration.ofDays(i));
                results.add(pool.submit(() -> {
                    go.await();
                    return acme().body(move(to, 0)).when().post("/api/v1/windows/" + id + "/reschedule")
                            .then().extract().statusCode();
                }));
            }
            go.countDown();
            List<Integer> codes = new ArrayList<>();
            for (Future<Integer> f : results) {
                codes.add(f.get(120, TimeUnit.SECONDS));
            }
            codes.sort(Integer::compare);
            assertEquals(List.of(200, 409), codes);
        } finally {
            pool.shutdownNow();
        }
        // the loser's change is not there: exactly one move recorded
        as("support", "support").when().get("/api/v1/windows/" + id + "/changes").then().body("$", hasSize(1));
        // and a later request with the stale version is a conflict too
        acme().body(move(start.plus(Duration.ofDays(3)), 0)).when().post("/api/v1/windows/" + id + "/reschedule")
                .then().statusCode(409).contentType("application/problem+json");
    }

    @Test
    void everyAcceptedMoveSendsOneNoticePerContactWithAnUpdatingInvitation() throws Exception {
        long cluster = WindowFixtures.cluster("acme-analytics");
        Instant start = WindowFixtures.tuesdayAfter(10);
        long id = WindowFixtures.window(cluster, start, null);
        String uid = QuarkusTransaction.requiringNew().call(() -> MaintenanceWindow.<MaintenanceWindow>findById(id).icsUid);
        List<String> contacts = QuarkusTransaction.requiringNew().call(() -> Contact.listByCustomer(
                Customer.findBySlug("acme-analytics").orElseThrow().id).stream().map(c -> c.email).sorted().toList());

        for (int move = 1; move <= 2; move++) {
            Instant to = start.plus(Duration.ofDays(move));
            acme().body(move(to, move - 1)).when().post("/api/v1/windows/" + id + "/reschedule")
                    .then().statusCode(200);
            String key = "window:" + id + ":moved:" + move;
            List<Notice> notices = QuarkusTransaction.requiringNew().call(() -> Notice.listByEvent(key));
            assertEquals(contacts, notices.stream().map(n -> n.recipientEmail).sorted().toList());
            for (Notice n : notices) {
                assertTrue(n.subject.startsWith("Maintenance moved for "), n.subject);
                assertTrue(n.textBody.contains(WindowNotices.utc(to)), n.textBody);
                assertTrue(n.htmlBody.contains("Our release train"));
                assertEquals("REQUEST", n.icsMethod);
                VEvent event = parse(n.icsCalendar, "REQUEST");
                assertEquals(uid, value(event, Property.UID));
                assertEquals(String.valueOf(move), value(event, Property.SEQUENCE));
                assertEquals(IcsFormat.utc(to), value(event, Property.DTSTART));
            }
        }
        long all = QuarkusTransaction.requiringNew().call(() -> Notice.count("eventKey like ?1", "window:" + id + ":%"));
        assertEquals(2L * contacts.size(), all);
    }

    @Test
    void customersOnlySeeTheirOwnWindows() {
        long cluster = WindowFixtures.cluster("acme-analytics");
        long id = WindowFixtures.window(cluster, WindowFixtures.tuesdayAfter(10), null);
        as("borealis-bank", "demo").when().get("/api/v1/windows/" + id).then().statusCode(404);
        as("borealis-bank", "demo").body(move(WindowFixtures.tuesdayAfter(11), 0))
                .when().post("/api/v1/windows/" + id + "/reschedule").then().statusCode(404);
        as("borealis-bank", "demo").when().get("/api/v1/windows/" + id + "/changes").then().statusCode(404);
        as("borealis-bank", "demo").when().get("/api/v1/windows?cluster=" + cluster)
                .then().statusCode(200).body("total", equalTo(0));
        acme().when().get("/api/v1/windows?cluster=" + cluster).then().statusCode(200).body("total", equalTo(1))
                .body("items[0].id", equalTo((int) id));
        acme().body(Map.of("action", "HOLD", "reason", "x")).when().post("/api/v1/windows/bulk").then().statusCode(403);
        acme().body(Map.of("reason", "x")).when().post("/api/v1/windows/" + id + "/hold").then().statusCode(403);
    }

    @Test
    void staffBulkShiftReportsEachWindowAndExposureNarrowsTheSelection() {
        long cluster = WindowFixtures.cluster("acme-analytics");
        Instant start = WindowFixtures.tuesdayAfter(10);
        long free = WindowFixtures.window(cluster, start, null);
        long tight = WindowFixtures.window(cluster, start.plus(Duration.ofDays(1)), start.plus(Duration.ofDays(3)));
        as("support", "support").body(Map.of("action", "SHIFT", "reason", "Xen 4.2 hosts: wait for the fix",
                "windowIds", List.of(free, tight), "shift", "P14D"))
                .when().post("/api/v1/windows/bulk").then().statusCode(200)
                .body("selected", equalTo(2)).body("changed", equalTo(1))
                .body("items.find { it.windowId == " + tight + " }.rule", equalTo("deadline"));
        as("support", "support").when().get("/api/v1/windows/" + free).then()
                .body("start", equalTo(start.plus(Duration.ofDays(14)).toString()));
        // the test cluster has no nodes: its exposure is unknown, never "not affected"
        as("support", "support").body(Map.of("action", "HOLD", "reason", "Hold the unaffected", "windowIds",
                List.of(free), "exposure", "NOT_AFFECTED")).when().post("/api/v1/windows/bulk")
                .then().statusCode(200).body("selected", equalTo(0));
        as("support", "support").body(Map.of("action", "HOLD", "reason", "Hold until facts arrive", "windowIds",
                List.of(free), "exposure", "UNKNOWN")).when().post("/api/v1/windows/bulk")
                .then().statusCode(200).body("changed", equalTo(1));
        as("support", "support").when().get("/api/v1/windows/" + free).then().body("status", equalTo("HELD"));
        long delayNotices = QuarkusTransaction.requiringNew().call(() -> Notice.count("eventKey like ?1",
                "window:" + free + ":held:%"));
        assertTrue(delayNotices > 0, "the customer is told about the hold");
    }

    static VEvent parse(String ics, String method) throws Exception {
        for (String line : ics.split("\r\n")) {
            assertTrue(line.getBytes(StandardCharsets.UTF_8).length <= 75, "folded at 75 octets: " + line);
        }
        assertFalse(ics.replace("\r\n", "").contains("\n"), "CRLF line ends only");
        Calendar calendar = new CalendarBuilder().build(new StringReader(ics));
        var result = calendar.validate();
        assertFalse(result.hasErrors(), result.toString());
        if (method != null) {
            assertEquals(method, calendar.getProperty(Property.METHOD).map(p -> ((Property) p).getValue()).orElseThrow());
        }
        List<VEvent> events = calendar.getComponents(net.fortuna.ical4j.model.Component.VEVENT);
        assertEquals(1, events.size());
        return events.get(0);
    }

    static String value(VEvent event, String name) {
        return event.getProperty(name).map(p -> ((Property) p).getValue()).orElseThrow();
    }
}
