package io.patchcast.rollout;

import static io.patchcast.rollout.RolloutFixtures.action;
import static io.patchcast.rollout.RolloutFixtures.release;
import static io.patchcast.rollout.RolloutFixtures.rollout;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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

/**
 * Plans follow exposure to the last minute: facts posted while a stage runs, a changed target kernel and the last
 * gate at the window's start re-plan the clusters they touch; staff overrides stay and are flagged.
 */
@QuarkusTest
class ReplanTest {

    @Inject
    RolloutService rollouts;

    TestClock clock;

    /** Nodes this test added to demo clusters; removed afterwards. */
    final List<String> added = new ArrayList<>();

    @BeforeEach
    void clock() {
        clock = TestClock.install();
    }

    @AfterEach
    void cleanUp() {
        RolloutFixtures.retireAll();
        if (!added.isEmpty()) {
            List<Long> clusters = QuarkusTransaction.requiringNew().call(() -> {
                List<Long> ids = new ArrayList<>();
                for (Node n : Node.<Node>list("instanceId in ?1", added)) {
                    ids.add(n.cluster.id);
                    io.patchcast.fleet.NodeFactsHistory.delete("node.id", n.id);
                    PatchResult.delete("node.id", n.id);
                    n.delete();
                }
                return ids;
            });
            // other rollouts under way re-planned with the test's nodes: plan them again without them
            QuarkusTransaction.requiringNew().run(() -> rollouts.replanClusters(clusters, "test clean-up"));
        }
    }

    private static String agent() {
        return io.quarkus.arc.Arc.container().instance(io.patchcast.security.ApiTokenService.class).get()
                .create(new io.patchcast.security.Viewer("admin", "admin", null, "Ada Admin"), "replan agent", null)
                .secret();
    }

    /** An i3 on an old Xen host: the release's kernel 5.10.113-1 is in the MSI-X window there. */
    private Map<String, Object> xenNode(long clusterId, Instant collectedAt) {
        String id = "i-replan" + System.nanoTime();
        added.add(id);
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("clusterId", String.valueOf(clusterId));
        f.put("instanceId", id);
        f.put("provider", "aws");
        f.put("instanceType", "i3.2xlarge");
        f.put("sysfs", Map.of("hypervisor/type", "xen\n", "hypervisor/version/major", "4\n",
                "hypervisor/version/minor", "2\n", "hypervisor/version/extra", ".amazon\n"));
        f.put("dmi", Map.of("sys_vendor", "Xen\n", "product_name", "HVM domU\n"));
        f.put("uname", Map.of("release", "5.10.0-14-amd64", "version", "#1 SMP Debian 5.10.113-1 (2022-04-29)"));
        f.put("osRelease", Map.of("ID", "debian", "VERSION_ID", "11"));
        f.put("kernelPackage", Map.of("name", "linux-image-5.10.0-14-amd64", "version", "5.10.113-1"));
        f.put("netDrivers", List.of("ena"));
        f.put("collectedAt", collectedAt.toString());
        return f;
    }

    /** A Nitro node no rule touches. */
    private Map<String, Object> nitroNode(long clusterId, Instant collectedAt) {
        Map<String, Object> f = xenNode(clusterId, collectedAt);
        f.put("instanceType", "m5.xlarge");
        f.remove("sysfs");
        f.put("dmi", Map.of("sys_vendor", "Amazon EC2\n", "product_name", "m5.xlarge\n"));
        return f;
    }

    private static void post(String token, Map<String, Object> doc) {
        given().header("Authorization", "Bearer " + token).contentType("application/json").body(doc)
                .when().post("/api/v1/facts").then().log().ifValidationFails().statusCode(200);
    }

    /** Stage-1 clusters of the rollout on the full patch with a scheduled window. */
    private static List<Long> fullAndScheduled(long rollout) {
        return QuarkusTransaction.requiringNew().call(() -> RolloutCluster.listByStage(rollout, 1).stream()
                .filter(rc -> rc.plan == Plan.FULL && rc.status == PatchStatus.SCHEDULED)
                .map(rc -> rc.cluster.id).toList());
    }

    private static RolloutCluster entry(long rollout, long cluster) {
        return QuarkusTransaction.requiringNew().call(() -> RolloutCluster.find(rollout, cluster).orElseThrow());
    }

    @Test
    void lateFactsOfABreakingNodeTurnTheFullPatchTargetedAndTellTheCustomer() {
        long rollout = rollout(release("LateFacts"));
        action(rollout, "start", 200);
        long cluster = fullAndScheduled(rollout).get(0);
        Map<String, Object> doc = xenNode(cluster, clock.instant().minusSeconds(60));

        post(agent(), doc);

        RolloutCluster rc = entry(rollout, cluster);
        assertEquals(Plan.TARGETED, rc.plan, "the kernel that would stop the new node from booting is left out");
        assertEquals("AFFECTED", rc.verdict, "the stored verdict follows the new facts");
        assertNotNull(rc.planNote);
        MaintenanceWindow w = QuarkusTransaction.requiringNew().call(() -> MaintenanceWindow.findById(rc.windowId));
        assertEquals("TARGETED", w.plan, "the window carries the new plan");
        assertEquals(WindowStatus.SCHEDULED, w.status, "the customer keeps the window");
        assertEquals("AFFECTED", QuarkusTransaction.requiringNew().call(
                () -> Node.findByInstanceId((String) doc.get("instanceId")).orElseThrow().exposure));
        List<Notice> notices = QuarkusTransaction.requiringNew().call(() -> Notice.list("kind = ?1 and eventKey like ?2",
                NoticeKind.PLAN_CHANGED, "rollout:" + rollout + ":cluster:" + cluster + ":plan:TARGETED:changed:%"));
        assertTrue(!notices.isEmpty() || noContacts(cluster), "the customer gets a plan-changed notice of its own kind");
        if (!notices.isEmpty()) {
            assertTrue(notices.get(0).textBody.contains("Full patch → Targeted, without kernel"), notices.get(0).textBody);
            assertTrue(notices.get(0).textBody.contains("New facts"), notices.get(0).textBody);
        }
        given().auth().preemptive().basic("support", "support").when().get("/api/v1/rollouts/" + rollout)
                .then().body("events.find { it.action == 'REPLAN' }.reason",
                        org.hamcrest.Matchers.containsString("FULL → TARGETED"));
    }

    @Test
    void aStaffOverrideStaysWhenExposureChangesAndIsFlagged() {
        long rollout = rollout(release("Flagged"));
        action(rollout, "start", 200);
        long cluster = fullAndScheduled(rollout).get(0);
        given().auth().preemptive().basic("support", "support").contentType("application/json")
                .body(Map.of("plan", "full", "reason", "customer accepts the kernel, tested it themselves"))
                .when().post("/api/v1/rollouts/" + rollout + "/clusters/" + cluster + "/plan")
                .then().statusCode(200);

        post(agent(), xenNode(cluster, clock.instant().minusSeconds(60)));

        RolloutCluster rc = entry(rollout, cluster);
        assertEquals(Plan.FULL, rc.plan, "staff decided: the override stays");
        assertEquals(Plan.TARGETED, rc.enginePlan);
        assertNotNull(rc.overrideFlag, "staff are shown that the exposure under their override changed");
        assertTrue(QuarkusTransaction.requiringNew().call(() -> Notice.count("kind = ?1 and eventKey like ?2",
                NoticeKind.STAFF_ALERT, "rollout:" + rollout + ":cluster:" + cluster + ":flag:%")) > 0,
                "and alerted");
        given().auth().preemptive().basic("support", "support")
                .when().get("/api/v1/rollouts/" + rollout + "/clusters?stage=1")
                .then().body("find { it.clusterId == " + cluster + " }.overrideFlag",
                        org.hamcrest.Matchers.containsString("under the override of support"));
    }

    @Test
    void theLastGateHoldsAWindowWhoseNodesHaveNotReportedRecently() {
        long rollout = rollout(release("LastGate"));
        action(rollout, "start", 200);
        long cluster = fullAndScheduled(rollout).get(0);
        // a node that last reported a month ago: harmless facts, but too old to vouch for the kernel
        post(agent(), nitroNode(cluster, clock.instant().minus(Duration.ofDays(30))));
        RolloutCluster before = entry(rollout, cluster);
        assertEquals(Plan.FULL, before.plan);
        Instant start = QuarkusTransaction.requiringNew().call(
                () -> MaintenanceWindow.<MaintenanceWindow>findById(before.windowId).startsAt);

        clock.set(start.plus(Duration.ofMinutes(1)));
        RolloutService.Tick tick = rollouts.tick();

        assertTrue(tick.held() >= 1, "the last gate held the window: " + tick);
        RolloutCluster after = entry(rollout, cluster);
        assertEquals(Plan.HOLD, after.plan);
        assertEquals(PatchStatus.HELD, after.status);
        assertEquals(WindowStatus.HELD, QuarkusTransaction.requiringNew().call(
                () -> MaintenanceWindow.<MaintenanceWindow>findById(before.windowId).status));
        assertTrue(after.planNote.contains("have not reported facts"), after.planNote);
        // a result now is refused: nothing is installed on a held cluster
        given().auth().preemptive().basic("support", "support").contentType("application/json")
                .body(Map.of("outcome", "BOOTED"))
                .when().post("/api/v1/nodes/" + added.get(0) + "/patch-result")
                .then().statusCode(422).body("rule", equalTo("cluster-held"));
    }

    @Test
    void aChangedTargetKernelReplansTheClustersItTouches() {
        long release = release("Kernel");
        long rollout = rollout(release);
        long targeted = QuarkusTransaction.requiringNew().call(() -> RolloutCluster.listByRollout(rollout).stream()
                .filter(rc -> rc.plan == Plan.TARGETED).findFirst().orElseThrow().cluster.id);

        // the Xen fix is in 5.10.114: a release kernel past it is safe on the old hosts
        given().auth().preemptive().basic("support", "support").contentType("application/json")
                .body(Map.of("stableKernel", "5.10.120-1", "backportsKernel", "5.18.16-1~bpo11+1",
                        "reason", "security update with the Xen MSI-X fix"))
                .when().post("/api/v1/releases/" + release + "/kernels")
                .then().statusCode(200).body("stableKernel", equalTo("5.10.120-1"));

        RolloutCluster rc = entry(rollout, targeted);
        assertTrue(rc.plan != Plan.TARGETED || !"AFFECTED".equals(rc.verdict),
                "the MSI-X rule no longer targets the cluster: " + rc.plan + " " + rc.verdict);
        given().auth().preemptive().basic("support", "support").contentType("application/json")
                .body(Map.of("stableKernel", "not a version", "reason", "x"))
                .when().post("/api/v1/releases/" + release + "/kernels")
                .then().statusCode(400).body("errors[0].field", equalTo("stableKernel"));
    }

    @Test
    void aNewRuleSetHasOneEntryPointThatReplansEveryRolloutUnderWay() {
        long rollout = rollout(release("Rules"));
        action(rollout, "start", 200);
        Map<Long, Plan> before = plans(rollout);
        long noticesBefore = planNotices(rollout);
        // the activation of a rule set calls this; with the same rules and facts nothing moves and nobody is told
        given().auth().preemptive().basic("admin", "admin").contentType("application/json")
                .body(Map.of("reason", "Our compatibility rules changed."))
                .when().post("/api/v1/rollouts/replan")
                .then().statusCode(200).body("changed", org.hamcrest.Matchers.greaterThanOrEqualTo(0));
        given().auth().preemptive().basic("acme-analytics", "demo").contentType("application/json")
                .body(Map.of("reason", "let me")).when().post("/api/v1/rollouts/replan").then().statusCode(403);
        assertEquals(before, plans(rollout));
        assertEquals(noticesBefore, planNotices(rollout));
    }

    private static Map<Long, Plan> plans(long rollout) {
        return QuarkusTransaction.requiringNew().call(() -> RolloutCluster.listByRollout(rollout).stream()
                .collect(java.util.stream.Collectors.toMap(rc -> rc.cluster.id, rc -> rc.plan)));
    }

    private static long planNotices(long rollout) {
        return QuarkusTransaction.requiringNew().call(() -> Notice.count("kind = ?1 and eventKey like ?2",
                NoticeKind.PLAN_CHANGED, "rollout:" + rollout + ":%"));
    }

    private static boolean noContacts(long cluster) {
        return QuarkusTransaction.requiringNew().call(() -> io.patchcast.customer.Contact.listByCustomer(
                io.patchcast.fleet.Cluster.<io.patchcast.fleet.Cluster>findById(cluster).customer.id).isEmpty());
    }
}
