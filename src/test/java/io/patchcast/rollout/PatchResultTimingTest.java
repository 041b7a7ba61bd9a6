package io.patchcast.rollout;

import static io.patchcast.rollout.RolloutFixtures.action;
import static io.patchcast.rollout.RolloutFixtures.release;
import static io.patchcast.rollout.RolloutFixtures.rollout;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.patchcast.common.TestClock;
import io.patchcast.fleet.Node;
import io.patchcast.notify.Notice;
import io.patchcast.notify.NoticeKind;
import io.patchcast.window.MaintenanceWindow;
import io.patchcast.window.WindowStatus;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** Results in their time: accepted from the window's start, and "completed" only after the window's end. */
@QuarkusTest
class PatchResultTimingTest {

    @Inject
    RolloutService rollouts;

    TestClock clock;

    @BeforeEach
    void clock() {
        clock = TestClock.install();
    }

    @AfterEach
    void retire() {
        RolloutFixtures.retireAll();
    }

    /** A scheduled full- or targeted-plan cluster of stage 1, its window and its nodes. */
    private record Target(long clusterId, long windowId, Instant start, Instant end, List<String> nodes) {
    }

    private static Target target(long rollout) {
        return QuarkusTransaction.requiringNew().call(() -> {
            RolloutCluster rc = RolloutCluster.listByStage(rollout, 1).stream()
                    .filter(c -> c.status == PatchStatus.SCHEDULED && c.plan != Plan.HOLD).findFirst().orElseThrow();
            MaintenanceWindow w = MaintenanceWindow.findById(rc.windowId);
            return new Target(rc.cluster.id, w.id, w.startsAt, w.endsAt, Node.listByCluster(rc.cluster.id).stream()
                    .map(n -> n.instanceId).toList());
        });
    }

    private static io.restassured.response.ValidatableResponse post(String user, String node, Map<String, Object> body) {
        return given().auth().preemptive().basic(user, user).contentType("application/json").body(body)
                .when().post("/api/v1/nodes/" + node + "/patch-result").then();
    }

    @Test
    void aResultBeforeTheWindowIsRefusedUnlessStaffSayWhy() {
        long rollout = rollout(release("Early"));
        action(rollout, "start", 200);
        Target t = target(rollout);
        assertTrue(t.start().isAfter(clock.instant()), "windows keep their notice");

        post("admin", t.nodes().get(0), Map.of("outcome", "BOOTED"))
                .statusCode(422).contentType("application/problem+json")
                .body("rule", equalTo("window-not-started"))
                .body("detail", containsString("UTC"));
        // staff may record it early, but only with a reason
        post("admin", t.nodes().get(0), Map.of("outcome", "BOOTED", "early", true))
                .statusCode(400).body("errors[0].field", equalTo("earlyReason"));
        post("admin", t.nodes().get(0), Map.of("outcome", "BOOTED", "early", true,
                "earlyReason", "patched by hand with the customer on the phone"))
                .statusCode(200).body("rolloutId", equalTo((int) rollout));
        assertEquals("patched by hand with the customer on the phone", QuarkusTransaction.requiringNew().call(
                () -> PatchResult.find(rollout, Node.findByInstanceId(t.nodes().get(0)).orElseThrow().id)
                        .orElseThrow().earlyReason));
    }

    @Test
    void completedFollowsTheWindowsEndNotTheLastResult() {
        long rollout = rollout(release("OnTime"));
        action(rollout, "start", 200);
        Target t = target(rollout);

        // the window starts: the rollout clock gives it its last gate and starts it
        clock.set(t.start().plus(Duration.ofMinutes(1)));
        RolloutFixtures.agentsReportFacts(t.nodes().get(0), clock.instant());
        assertTrue(rollouts.tick().started() >= 1);
        assertEquals(WindowStatus.IN_PROGRESS, status(t.windowId()));
        for (String node : t.nodes()) {
            post("support", node, Map.of("outcome", "BOOTED", "kernelVersion", "5.10.113-1")).statusCode(200);
        }
        // every node has reported, but the window has not ended: no "completed" mail yet
        assertEquals(WindowStatus.IN_PROGRESS, status(t.windowId()));
        assertEquals(0L, completedNotices(t.windowId()));

        clock.set(t.end().plus(Duration.ofMinutes(1)));
        rollouts.tick();
        assertEquals(WindowStatus.COMPLETED, status(t.windowId()));
        assertTrue(completedNotices(t.windowId()) > 0, "the customer hears the result once the window is over");
        assertTrue(QuarkusTransaction.requiringNew().call(() -> Notice.<Notice>list("kind = ?1 and eventKey like ?2",
                NoticeKind.WINDOW_COMPLETED, "window:" + t.windowId() + ":%").get(0).textBody)
                .contains("All " + t.nodes().size() + " nodes booted"));
    }

    private static WindowStatus status(long windowId) {
        return QuarkusTransaction.requiringNew().call(() -> MaintenanceWindow.<MaintenanceWindow>findById(windowId).status);
    }

    private static long completedNotices(long windowId) {
        return QuarkusTransaction.requiringNew().call(() -> Notice.count("kind = ?1 and eventKey like ?2",
                NoticeKind.WINDOW_COMPLETED, "window:" + windowId + ":%"));
    }
}
