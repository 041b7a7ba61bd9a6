package io.patchcast.rollout;

import static io.patchcast.rollout.RolloutFixtures.action;
import static io.patchcast.rollout.RolloutFixtures.patchableNodes;
import static io.patchcast.rollout.RolloutFixtures.release;
import static io.patchcast.rollout.RolloutFixtures.report;
import static io.patchcast.rollout.RolloutFixtures.reportAtWindow;
import static io.patchcast.rollout.RolloutFixtures.rollout;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.patchcast.common.TestClock;

import io.patchcast.fleet.Provider;
import io.patchcast.notify.Notice;
import io.patchcast.notify.NoticeKind;
import io.patchcast.window.MaintenanceWindow;
import io.patchcast.window.WindowStatus;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A rollout from start through its gates: soak, patch results, the automatic halt, resume and overrides. Time is
 * the test's clock: results come in at their windows, soaks pass by moving the clock.
 */
@QuarkusTest
class RolloutFlowTest {

    TestClock clock;

    @BeforeEach
    void clock() {
        clock = TestClock.install();
    }

    @AfterEach
    void retire() {
        RolloutFixtures.retireAll();
    }

    /** Clusters the scheduler found no slot for would keep the stage open: staff hold them, as they would. */
    private static void holdUnscheduled(long rollout, int stage) {
        List<Long> pending = QuarkusTransaction.requiringNew().call(() -> RolloutCluster.listByStage(rollout, stage)
                .stream().filter(rc -> rc.status == PatchStatus.PENDING).map(rc -> rc.cluster.id).toList());
        for (long cluster : pending) {
            given().auth().preemptive().basic("support", "support").contentType("application/json")
                    .body(Map.of("plan", "hold", "reason", "no slot before the deadline"))
                    .when().post("/api/v1/rollouts/" + rollout + "/clusters/" + cluster + "/plan")
                    .then().statusCode(200).body("status", equalTo("HELD"));
        }
    }

    static java.time.Instant windowStart(long rollout, String instanceId) {
        return QuarkusTransaction.requiringNew().call(() -> MaintenanceWindow.<MaintenanceWindow>findById(
                RolloutCluster.find(rollout, io.patchcast.fleet.Node.findByInstanceId(instanceId).orElseThrow()
                        .cluster.id).orElseThrow().windowId).startsAt);
    }

    @Test
    void stageAdvancesOnlyAfterItsClustersArePatchedAndTheSoakHasPassed() {
        long rollout = rollout(release("Gate"));
        action(rollout, "start", 200);
        given().auth().preemptive().basic("support", "support")
                .when().get("/api/v1/rollouts/" + rollout + "/clusters?stage=1")
                .then().statusCode(200)
                .body("status", hasItem("SCHEDULED"));
        holdUnscheduled(rollout, 1);

        // clusters still to patch: the soak has not even begun
        given().auth().preemptive().basic("support", "support").contentType("application/json")
                .body(Map.of("reason", "looks fine")).when().post("/api/v1/rollouts/" + rollout + "/advance")
                .then().statusCode(422).contentType("application/problem+json")
                .body("rule", equalTo("soak-not-passed"))
                .body("detail", containsString("clusters to patch"));

        List<String> nodes = patchableNodes(rollout, 1);
        assertFalse(nodes.isEmpty());
        nodes.forEach(n -> reportAtWindow(clock, rollout, n, "BOOTED", 200));
        given().auth().preemptive().basic("support", "support")
                .when().get("/api/v1/rollouts/" + rollout)
                .then().body("stages[0].gate.patched", equalTo(nodes.size()))
                .body("stages[0].gate.outstanding", equalTo(0))
                .body("stages[0].gate.soakPassed", equalTo(false));
        given().auth().preemptive().basic("support", "support").contentType("application/json")
                .body(Map.of("reason", "all booted")).when().post("/api/v1/rollouts/" + rollout + "/advance")
                .then().statusCode(422).body("rule", equalTo("soak-not-passed"))
                .body("soakUntil", org.hamcrest.Matchers.notNullValue());

        clock.advance(Duration.ofDays(3));
        given().auth().preemptive().basic("support", "support").contentType("application/json")
                .body(Map.of("reason", "soaked")).when().post("/api/v1/rollouts/" + rollout + "/advance")
                .then().statusCode(200)
                .body("currentStage", equalTo(2))
                .body("stages[0].status", equalTo("PASSED"))
                .body("stages[1].status", equalTo("ACTIVE"))
                .body("events.action", hasItem("ADVANCE"));
        QuarkusTransaction.requiringNew().run(() -> {
            List<RolloutCluster> canaries = RolloutCluster.listByStage(rollout, 2);
            assertFalse(canaries.isEmpty());
            canaries.forEach(rc -> {
                assertEquals(io.patchcast.fleet.NodeSizeClass.DEVELOPER, rc.cluster.nodeSizeClass);
                // held or targeted clusters would not test the kernel: the canary takes full-patch clusters only
                assertEquals(Plan.FULL, rc.enginePlan, rc.cluster.name);
                assertTrue(rc.status != PatchStatus.PENDING || rc.scheduleNote != null,
                        "a canary is scheduled, held, or says why it has no slot");
            });
        });
    }

    @Test
    void aFailureRateOverTheThresholdHaltsTheRolloutDelaysWindowsAndAlertsStaff() {
        long rollout = rollout(release("Halt"));
        action(rollout, "start", 200);
        long scheduled = QuarkusTransaction.requiringNew().call(() -> MaintenanceWindow.listByRollout(rollout).stream()
                .filter(w -> w.status == WindowStatus.SCHEDULED).count());
        assertTrue(scheduled > 0, "stage 1 has windows");
        List<String> nodes = patchableNodes(rollout, 1);
        assertTrue(nodes.size() > 5, "stage 1 has more nodes than its gate's minimum of 5");

        // one failed node out of one is no evidence yet: the rollout keeps going
        reportAtWindow(clock, rollout, nodes.get(0), "BOOTED", 200);
        clock.atLeast(windowStart(rollout, nodes.get(1)).plus(Duration.ofMinutes(1)));
        RolloutFixtures.agentsReportFacts(nodes.get(1), clock.instant());
        given().auth().preemptive().basic("admin", "admin").contentType("application/json")
                .body(Map.of("outcome", "FAILED", "detail", "no network after reboot"))
                .when().post("/api/v1/nodes/" + nodes.get(1) + "/patch-result")
                .then().statusCode(200)
                .body("rolloutStatus", equalTo("RUNNING"))
                .body("clusterStatus", equalTo("FAILED"))
                .body("stageFailureRate", equalTo(0.5f));
        reportAtWindow(clock, rollout, nodes.get(2), "BOOTED", 200);
        reportAtWindow(clock, rollout, nodes.get(3), "BOOTED", 200);
        // the fifth result gives the gate its evidence: 1 of 5 failed is over 5%
        clock.atLeast(windowStart(rollout, nodes.get(4)).plus(Duration.ofMinutes(1)));
        RolloutFixtures.agentsReportFacts(nodes.get(4), clock.instant());
        given().auth().preemptive().basic("admin", "admin").contentType("application/json")
                .body(Map.of("outcome", "BOOTED"))
                .when().post("/api/v1/nodes/" + nodes.get(4) + "/patch-result")
                .then().statusCode(200)
                .body("rolloutStatus", equalTo("HALTED"))
                .body("stageFailureRate", equalTo(0.2f));

        given().auth().preemptive().basic("support", "support")
                .when().get("/api/v1/rollouts/" + rollout)
                .then().body("status", equalTo("HALTED"))
                .body("haltReason", containsString("over the threshold of 5.0%"))
                .body("events.find { it.action == 'AUTO_HALT' }.actor", equalTo("patchcast"));
        QuarkusTransaction.requiringNew().run(() -> {
            List<MaintenanceWindow> windows = MaintenanceWindow.listByRollout(rollout);
            assertTrue(windows.stream().noneMatch(w -> w.status == WindowStatus.SCHEDULED),
                    "no window of a halted rollout stays scheduled");
            assertTrue(windows.stream().anyMatch(w -> w.status == WindowStatus.DELAYED), "delayed, not deleted");
            List<Notice> alerts = Notice.list("kind = ?1 and eventKey like ?2", NoticeKind.STAFF_ALERT,
                    "rollout:" + rollout + ":halted:%");
            assertFalse(alerts.isEmpty(), "staff are alerted");
            assertTrue(alerts.get(0).textBody.contains("failed to boot"));
            // customers hear the customer text, not the stage's fleet-wide numbers
            List<Long> ids = windows.stream().map(w -> w.id).toList();
            List<Notice> delayed = Notice.<Notice>list("kind = ?1", NoticeKind.WINDOW_DELAYED).stream()
                    .filter(n -> ids.stream().anyMatch(id -> n.eventKey.startsWith("window:" + id + ":delayed:")))
                    .toList();
            assertFalse(delayed.isEmpty());
            delayed.forEach(n -> assertFalse(n.textBody.contains("patched nodes failed"), n.textBody));
            delayed.forEach(n -> assertTrue(n.textBody.contains(RolloutService.AUTO_HALT_CUSTOMER_TEXT), n.textBody));
        });

        // further results of windows already under way are recorded but do not halt twice
        report(nodes.get(1), "FAILED", 200);
        assertEquals(1L, QuarkusTransaction.requiringNew().call(() -> RolloutEvent.count(
                "rolloutId = ?1 and action = ?2", rollout, RolloutEvent.Action.AUTO_HALT)));

        // staff look into it for a while, then resume: the gate counts from now and delayed windows go back on
        // the schedule
        clock.advance(Duration.ofMinutes(30));
        action(rollout, "resume", 200);
        QuarkusTransaction.requiringNew().run(() -> assertTrue(MaintenanceWindow.listByRollout(rollout).stream()
                .noneMatch(w -> w.status == WindowStatus.DELAYED), "resume releases the delayed windows"));
        given().auth().preemptive().basic("support", "support")
                .when().get("/api/v1/rollouts/" + rollout)
                .then().body("status", equalTo("RUNNING"))
                .body("stages[0].gate.failed", equalTo(0));
    }

    @Test
    void resumeKeepsGoingWhenOneDelayedWindowNoLongerFits() {
        long rollout = rollout(release("Frozen"));
        action(rollout, "start", 200);
        action(rollout, "halt", 200);
        // while halted, one cluster's customer freezes everything up to past the stage deadline
        long frozenWindow = QuarkusTransaction.requiringNew().call(() -> {
            MaintenanceWindow w = MaintenanceWindow.listByRollout(rollout).stream()
                    .filter(x -> x.status == WindowStatus.DELAYED).findFirst().orElseThrow();
            io.patchcast.fleet.FreezePeriod freeze = new io.patchcast.fleet.FreezePeriod();
            freeze.cluster = w.cluster;
            freeze.startsAt = clock.instant().minus(java.time.Duration.ofDays(1));
            freeze.endsAt = w.deadline.plus(java.time.Duration.ofDays(30));
            freeze.reason = "Year-end freeze";
            freeze.persist();
            return w.id;
        });

        action(rollout, "resume", 200);
        QuarkusTransaction.requiringNew().run(() -> {
            for (MaintenanceWindow w : MaintenanceWindow.listByRollout(rollout)) {
                if (w.id == frozenWindow) {
                    assertEquals(WindowStatus.DELAYED, w.status, "no slot fits: it stays delayed, not lost");
                } else if (w.status == WindowStatus.DELAYED) {
                    throw new AssertionError("window " + w.id + " should have been released");
                }
            }
        });
        given().auth().preemptive().basic("support", "support")
                .when().get("/api/v1/rollouts/" + rollout)
                .then().body("status", equalTo("RUNNING"))
                .body("events.find { it.reason != null && it.reason.contains('window stays delayed') }.action",
                        equalTo("RESUME"));
    }

    @Test
    void staffOverrideAPlanWithAReasonAndTheCustomerIsTold() {
        long rollout = rollout(release("Override"));
        long cluster = QuarkusTransaction.requiringNew().call(() -> RolloutCluster.listByRollout(rollout).stream()
                .filter(rc -> rc.cluster.provider == Provider.GCP && rc.plan == Plan.FULL).findFirst().orElseThrow()
                .cluster.id);
        given().auth().preemptive().basic("support", "support").contentType("application/json")
                .body(Map.of("plan", "targeted"))
                .when().post("/api/v1/rollouts/" + rollout + "/clusters/" + cluster + "/plan")
                .then().statusCode(400).body("errors[0].field", equalTo("reason"));
        given().auth().preemptive().basic("support", "support").contentType("application/json")
                .body(Map.of("plan", "sideways", "reason", "x"))
                .when().post("/api/v1/rollouts/" + rollout + "/clusters/" + cluster + "/plan")
                .then().statusCode(400).body("errors[0].field", equalTo("plan"));
        given().auth().preemptive().basic("support", "support").contentType("application/json")
                .body(Map.of("plan", "hold", "reason", "customer launch week"))
                .when().post("/api/v1/rollouts/" + rollout + "/clusters/" + cluster + "/plan")
                .then().statusCode(200)
                .body("plan", equalTo("HOLD"))
                .body("enginePlan", equalTo("FULL"))
                .body("overrideReason", equalTo("customer launch week"))
                .body("overrideBy", equalTo("support"));
        given().auth().preemptive().basic("support", "support")
                .when().get("/api/v1/rollouts/" + rollout)
                .then().body("events.reason", hasItem(containsString("FULL → HOLD: customer launch week")));
        given().auth().preemptive().basic("acme-analytics", "demo").contentType("application/json")
                .body(Map.of("plan", "full", "reason", "please"))
                .when().post("/api/v1/rollouts/" + rollout + "/clusters/" + cluster + "/plan")
                .then().statusCode(403);
    }

    private static String agentToken(String name, Long customerId) {
        return io.quarkus.arc.Arc.container().instance(io.patchcast.security.ApiTokenService.class).get()
                .create(new io.patchcast.security.Viewer("admin", "admin", null, "Ada Admin"), name, customerId)
                .secret();
    }

    @Test
    void agentsReportWithTheirBearerTokenScopedToTheirCustomer() {
        long rollout = rollout(release("Agent"));
        action(rollout, "start", 200);
        String node = patchableNodes(rollout, 1).get(0);
        long otherCustomer = QuarkusTransaction.requiringNew().call(() -> io.patchcast.customer.Customer
                .findBySlug("acme-analytics").orElseThrow().id);
        given().header("Authorization", "Bearer " + agentToken("acme agent", otherCustomer))
                .contentType("application/json").body(Map.of("outcome", "BOOTED"))
                .when().post("/api/v1/nodes/" + node + "/patch-result")
                .then().statusCode(404).contentType("application/problem+json");
        clock.atLeast(windowStart(rollout, node).plusSeconds(60));
        RolloutFixtures.agentsReportFacts(node, clock.instant());
        given().header("Authorization", "Bearer " + agentToken("fleet agent", null))
                .contentType("application/json").body(Map.of("outcome", "BOOTED", "kernelVersion", "5.10.113-1"))
                .when().post("/api/v1/nodes/" + node + "/patch-result")
                .then().statusCode(200)
                .body("rolloutId", equalTo((int) rollout))
                .body("stage", equalTo(1))
                .body("rolloutStatus", equalTo("RUNNING"));
        given().header("Authorization", "Bearer " + agentToken("reader agent", null))
                .when().get("/api/v1/rollouts/" + rollout)
                .then().statusCode(403);
    }

    @Test
    void patchResultsOfUnknownNodesOrNodesOutsideARunningStageAreRefused() {
        report("i-does-not-exist", "BOOTED", 404);
        given().auth().preemptive().basic("support", "support").contentType("application/json")
                .body(Map.of("outcome", "MAYBE"))
                .when().post("/api/v1/nodes/i-whatever/patch-result")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("outcome"));
    }
}
