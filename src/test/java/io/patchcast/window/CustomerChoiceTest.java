package io.patchcast.window;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.patchcast.common.TestClock;
import io.patchcast.fleet.Cluster;
import io.patchcast.fleet.FreezePeriod;
import io.patchcast.notify.Notice;
import io.patchcast.security.Role;
import io.patchcast.security.Viewer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * Customers' choices are kept: a halt and resume (delay and release), or a staff bulk shift, leave a window where
 * its customer moved it while that time is allowed; when it is not, the window takes the allowed slot nearest to
 * the customer's choice and the notice says why. Each test has its own clusters and its own rollout id.
 */
@QuarkusTest
class CustomerChoiceTest {

    @Inject
    WindowService windows;

    TestClock clock;

    @BeforeEach
    void clock() {
        clock = TestClock.install();
    }

    /** 02:00 UTC on the first Tuesday–Thursday at least {@code days} days after the test's now. */
    private Instant midweekAfter(int days) {
        var d = clock.instant().plus(Duration.ofDays(days)).atOffset(ZoneOffset.UTC).toLocalDate();
        while (d.getDayOfWeek().compareTo(DayOfWeek.TUESDAY) < 0 || d.getDayOfWeek().compareTo(DayOfWeek.THURSDAY) > 0) {
            d = d.plusDays(1);
        }
        return d.atTime(2, 0).toInstant(ZoneOffset.UTC);
    }

    /** A window of a fresh acme cluster in a rollout of its own, started {@code days} ahead. */
    private long window(int days, long rolloutId) {
        long cluster = WindowFixtures.cluster("acme-analytics");
        long id = WindowFixtures.window(cluster, midweekAfter(days), clock.instant().plus(Duration.ofDays(40)));
        QuarkusTransaction.requiringNew().run(() -> MaintenanceWindow.<MaintenanceWindow>findById(id).rolloutId = rolloutId);
        return id;
    }

    private static MaintenanceWindow load(long id) {
        return QuarkusTransaction.requiringNew().call(() -> {
            MaintenanceWindow w = MaintenanceWindow.findById(id);
            w.cluster.timeZone.length();
            return w;
        });
    }

    /** The customer moves its window to {@code start}, as on the portal. */
    private static void customerMoves(long id, Instant start) {
        given().auth().preemptive().basic("acme-analytics", "demo").contentType("application/json")
                .body(Map.of("start", start.toString(), "reason", "quarter-end reporting", "version", load(id).version))
                .when().post("/api/v1/windows/" + id + "/reschedule")
                .then().log().ifValidationFails().statusCode(200);
    }

    private static long rolloutId() {
        return 800_000_000L + (System.nanoTime() % 100_000_000L);
    }

    @Test
    void aHaltAndResumePutTheWindowBackWhereTheCustomerMovedIt() {
        long rollout = rolloutId();
        long id = window(12, rollout);
        // three days ahead: fine for the customer (48 h), inside the staff's 7-day production notice
        Instant chosen = midweekAfter(3);
        customerMoves(id, chosen);
        assertEquals(chosen, load(id).customerStart);

        windows.delayNotStarted(rollout, "We have paused this patch release.", "patchcast");
        assertEquals(WindowStatus.DELAYED, load(id).status);
        clock.advance(Duration.ofHours(6));
        assertTrue(windows.releaseIfPlaceable(id, "The patch release continues.", "support").isEmpty());

        MaintenanceWindow w = load(id);
        assertEquals(WindowStatus.SCHEDULED, w.status);
        assertEquals(chosen, w.startsAt, "resume keeps the customer's time, not the first slot after the staff notice");
    }

    @Test
    void whenTheChosenTimeIsNoLongerAllowedTheNearestAllowedSlotIsTakenAndTheNoticeSaysWhy() {
        long rollout = rolloutId();
        long id = window(12, rollout);
        Instant chosen = midweekAfter(4);
        customerMoves(id, chosen);
        windows.delayNotStarted(rollout, "We have paused this patch release.", "patchcast");
        // meanwhile the customer's own freeze covers the chosen night
        QuarkusTransaction.requiringNew().run(() -> {
            FreezePeriod f = new FreezePeriod();
            f.cluster = MaintenanceWindow.<MaintenanceWindow>findById(id).cluster;
            f.startsAt = chosen.minus(Duration.ofHours(1));
            f.endsAt = chosen.plus(Duration.ofHours(4));
            f.reason = "Board meeting";
            f.persist();
        });

        assertTrue(windows.releaseIfPlaceable(id, "The patch release continues.", "support").isEmpty());

        MaintenanceWindow w = load(id);
        assertNotEquals(chosen, w.startsAt);
        assertTrue(Duration.between(chosen, w.startsAt).abs().compareTo(Duration.ofDays(1)) <= 0,
                "the nearest allowed slot to the customer's choice, a day away at most: " + w.startsAt);
        String text = QuarkusTransaction.requiringNew().call(() -> Notice.<Notice>list(
                "eventKey = ?1 order by id", "window:" + id + ":released:" + w.icsSequence).get(0).textBody);
        assertTrue(text.contains("no longer possible"), text);
        assertTrue(text.contains("Board meeting"), "names what is in the way: " + text);
    }

    @Test
    void aStaffBulkShiftLeavesWindowsTheirCustomersChose() {
        long rollout = rolloutId();
        long chosenWindow = window(12, rollout);
        long otherWindow = window(12, rollout);
        Instant chosen = midweekAfter(9);
        customerMoves(chosenWindow, chosen);
        Instant otherStart = load(otherWindow).startsAt;

        BulkResult result = windows.bulk(new Viewer("support", Role.SUPPORT, null, "Sam Support"),
                new BulkRequest(BulkRequest.Action.SHIFT, "AWS maintenance in the region", List.of(chosenWindow,
                        otherWindow), null, null, null, null, null, null, null, Duration.ofDays(7), true, null, null, null));

        BulkResult.Item kept = result.items().stream().filter(i -> i.windowId() == chosenWindow).findFirst().orElseThrow();
        assertFalse(kept.changed());
        assertEquals("customer-choice", kept.rule());
        assertEquals(chosen, load(chosenWindow).startsAt);
        assertEquals(otherStart.plus(Duration.ofDays(7)), load(otherWindow).startsAt, "the others shift");
    }

    @Test
    void theMovedNoticeSaysWhoMovedItAndRefusalsSpeakTheClustersZone() {
        long rollout = rolloutId();
        long id = window(12, rollout);
        QuarkusTransaction.requiringNew().run(() -> MaintenanceWindow.<MaintenanceWindow>findById(id).cluster.timeZone
                = "Europe/Berlin");
        Instant chosen = midweekAfter(5).minus(Duration.ofHours(1)); // 02:00 in Berlin (winter)
        customerMoves(id, chosen);
        MaintenanceWindow w = load(id);
        String text = QuarkusTransaction.requiringNew().call(() -> Notice.<Notice>list(
                "eventKey = ?1 order by id", "window:" + id + ":moved:" + w.icsSequence).get(0).textBody);
        assertTrue(text.contains("Moved by: acme-analytics (Acme Analytics)") || text.contains("Moved by: acme-analytics ("),
                text);

        // a freeze refusal names the time in the cluster's zone with UTC beside it
        Instant frozen = midweekAfter(8).minus(Duration.ofHours(1));
        QuarkusTransaction.requiringNew().run(() -> {
            FreezePeriod f = new FreezePeriod();
            f.cluster = Cluster.findById(w.cluster.id);
            f.startsAt = frozen.minus(Duration.ofHours(2));
            f.endsAt = frozen.plus(Duration.ofHours(6));
            f.reason = "Release week";
            f.persist();
        });
        given().auth().preemptive().basic("acme-analytics", "demo").contentType("application/json")
                .body(Map.of("start", frozen.toString(), "reason", "after the release", "version", w.version))
                .when().post("/api/v1/windows/" + id + "/reschedule")
                .then().statusCode(422).body("rule", equalTo("freeze"))
                .body("detail", org.hamcrest.Matchers.containsString("Europe/Berlin ("))
                .body("detail", org.hamcrest.Matchers.containsString(" UTC)"));
    }
}
