package io.patchcast.rollout;

import static io.patchcast.rollout.RolloutFixtures.action;
import static io.patchcast.rollout.RolloutFixtures.release;
import static io.patchcast.rollout.RolloutFixtures.rollout;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.patchcast.common.TestClock;
import io.patchcast.notify.Notice;
import io.patchcast.security.Role;
import io.patchcast.security.Viewer;
import io.patchcast.window.MaintenanceWindow;
import io.patchcast.window.WindowStatus;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * Several releases at once: one maintenance per cluster. A newer release carries an older one's scheduled window
 * over (same invitation), or cancels a delayed one and schedules its own; patch status shows each release.
 */
@QuarkusTest
class SeveralReleasesTest {

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

    private static Map<Long, MaintenanceWindow> windowsOf(long rollout) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Map<Long, MaintenanceWindow> byCluster = new java.util.HashMap<>();
            for (MaintenanceWindow w : MaintenanceWindow.listByRollout(rollout)) {
                w.cluster.id.longValue();
                byCluster.put(w.cluster.id, w);
            }
            return byCluster;
        });
    }

    @Test
    void aNewerReleaseCarriesTheOlderReleasesWindowOverWithItsInvitation() {
        long older = rollout(release("Debian 11.3"));
        action(older, "start", 200);
        Map<Long, MaintenanceWindow> before = windowsOf(older);
        assertTrue(!before.isEmpty());
        clock.advance(java.time.Duration.ofHours(1));

        long newer = rollout(release("Debian 11.4"));
        action(newer, "start", 200);

        Map<Long, MaintenanceWindow> after = windowsOf(newer);
        for (Map.Entry<Long, MaintenanceWindow> e : before.entrySet()) {
            if (e.getValue().status != WindowStatus.SCHEDULED) {
                continue;
            }
            MaintenanceWindow carried = after.get(e.getKey());
            assertEquals(e.getValue().id, carried.id, "one window per cluster, not two a day apart");
            assertEquals(e.getValue().icsUid, carried.icsUid, "the calendar keeps one event");
            assertTrue(carried.icsSequence > e.getValue().icsSequence);
            assertEquals(e.getValue().startsAt, carried.startsAt, "the time stays");
            assertTrue(carried.stageLabel.startsWith("Debian 11.4"), carried.stageLabel);
            RolloutCluster old = QuarkusTransaction.requiringNew().call(
                    () -> RolloutCluster.find(older, e.getKey()).orElseThrow());
            assertEquals(PatchStatus.SUPERSEDED, old.status);
            assertEquals(newer, old.supersededBy);
        }
        assertTrue(windowsOf(older).isEmpty(), "the older rollout has no window of its own left");

        // patch status: one entry per release, the newer one current, the older one history
        long cluster = before.keySet().iterator().next();
        List<ClusterPatchView> status = QuarkusTransaction.requiringNew().call(() -> rollouts.patchStatus(
                new Viewer("support", Role.SUPPORT, null, "Support")).stream()
                .filter(p -> p.clusterId() == cluster).toList());
        ClusterPatchView current = status.get(0);
        assertTrue(current.current());
        assertEquals(newer, current.rolloutId());
        assertEquals(before.get(cluster).startsAt, current.windowStart());
        ClusterPatchView history = status.stream().filter(p -> p.rolloutId() == older).findFirst().orElseThrow();
        assertEquals(PatchStatus.SUPERSEDED, history.status());
        assertTrue(history.supersededBy().contains("Debian 11.4"), history.supersededBy());
        // the customer's dashboard shows the current release and lists the superseded one under it
        String slug = QuarkusTransaction.requiringNew().call(
                () -> io.patchcast.fleet.Cluster.<io.patchcast.fleet.Cluster>findById(cluster).customer.slug);
        io.restassured.filter.cookie.CookieFilter cookies = new io.restassured.filter.cookie.CookieFilter();
        given().filter(cookies).redirects().follow(false).formParam("j_username", slug).formParam("j_password", "demo")
                .when().post("/j_security_check").then().statusCode(302);
        given().filter(cookies).when().get("/").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("Earlier releases"))
                .body(org.hamcrest.Matchers.containsString("Superseded by "));
        // the two releases' notices do not read alike
        String subject = QuarkusTransaction.requiringNew().call(() -> Notice.<Notice>list(
                "eventKey like ?1 order by id desc", "window:" + before.get(cluster).id + ":carried_over:%").stream()
                .findFirst().map(n -> n.subject).orElse("Debian 11.4"));
        assertTrue(subject.contains("Debian 11.4"), subject);
    }

    @Test
    void aDelayedOlderWindowEndsWithACancelAndTheNewerReleaseSchedulesItsOwn() {
        long older = rollout(release("Debian 11.3"));
        action(older, "start", 200);
        action(older, "halt", 200);
        Map<Long, MaintenanceWindow> delayed = windowsOf(older);
        clock.advance(java.time.Duration.ofHours(1));

        long newer = rollout(release("Debian 11.4"));
        action(newer, "start", 200);

        Map<Long, MaintenanceWindow> fresh = windowsOf(newer);
        for (Map.Entry<Long, MaintenanceWindow> e : delayed.entrySet()) {
            MaintenanceWindow old = QuarkusTransaction.requiringNew().call(
                    () -> MaintenanceWindow.findById(e.getValue().id));
            assertEquals(WindowStatus.CANCELLED, old.status, "the superseded window ends");
            String method = QuarkusTransaction.requiringNew().call(() -> Notice.<Notice>list(
                    "eventKey like ?1", "window:" + old.id + ":cancelled:%").stream().findFirst()
                    .map(n -> n.icsMethod).orElse("CANCEL"));
            assertEquals("CANCEL", method, "its invitation is withdrawn");
            MaintenanceWindow replacement = fresh.get(e.getKey());
            if (replacement != null) {
                assertNotEquals(old.id, replacement.id);
                assertEquals(1L, (long) QuarkusTransaction.requiringNew().call(() -> MaintenanceWindow.count(
                        "cluster.id = ?1 and status = ?2", e.getKey(), WindowStatus.SCHEDULED)),
                        "one maintenance per cluster at a time");
            }
        }
    }

    @Test
    void aClusterInMaintenanceWaitsAndGetsTheNewerReleasesWindowWhenItEnds() {
        long older = rollout(release("Debian 11.3"));
        action(older, "start", 200);
        Map<Long, MaintenanceWindow> windows = windowsOf(older);
        MaintenanceWindow running = windows.values().stream().filter(w -> w.status == WindowStatus.SCHEDULED)
                .findFirst().orElseThrow();
        long cluster = running.cluster.id;
        List<String> nodes = QuarkusTransaction.requiringNew().call(() -> io.patchcast.fleet.Node.listByCluster(cluster)
                .stream().map(n -> n.instanceId).toList());
        clock.set(running.startsAt.plusSeconds(60));
        RolloutFixtures.agentsReportFacts(nodes.get(0), clock.instant());
        rollouts.tick();

        long newer = rollout(release("Debian 11.4"));
        action(newer, "start", 200);
        RolloutCluster waiting = QuarkusTransaction.requiringNew().call(() -> RolloutCluster.find(newer, cluster)
                .orElseThrow());
        assertEquals(PatchStatus.PENDING, waiting.status, "no second window while one is in progress");
        assertTrue(waiting.scheduleNote.contains("in progress"), waiting.scheduleNote);

        for (String node : nodes) {
            given().auth().preemptive().basic("support", "support").contentType("application/json")
                    .body(Map.of("outcome", "BOOTED")).when().post("/api/v1/nodes/" + node + "/patch-result")
                    .then().statusCode(200).body("rolloutId", org.hamcrest.Matchers.equalTo((int) older));
        }
        clock.set(running.endsAt.plusSeconds(60));
        rollouts.tick();

        RolloutCluster scheduled = QuarkusTransaction.requiringNew().call(() -> RolloutCluster.find(newer, cluster)
                .orElseThrow());
        assertEquals(WindowStatus.COMPLETED, QuarkusTransaction.requiringNew().call(
                () -> MaintenanceWindow.<MaintenanceWindow>findById(running.id).status));
        assertTrue(scheduled.windowId != null || scheduled.scheduleNote != null,
                "once the maintenance ended the newer release schedules the cluster (or says why it cannot)");
        if (scheduled.windowId != null) {
            assertNotEquals(running.id, scheduled.windowId.longValue());
            assertEquals(PatchStatus.SCHEDULED, scheduled.status);
        }
    }
}
