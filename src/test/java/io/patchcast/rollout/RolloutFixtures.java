package io.patchcast.rollout;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.patchcast.fleet.Node;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Creates releases and rollouts through the API, reports results at the node's window (moving the test's clock
 * there), and retires a test's rollouts afterwards so the next test finds the demo fleet's clusters free.
 */
final class RolloutFixtures {

    private static final AtomicInteger SEQ = new AtomicInteger();

    /** Rollouts the current test created; {@link #retireAll()} ends them. */
    private static final List<Long> CREATED = new java.util.concurrent.CopyOnWriteArrayList<>();

    private RolloutFixtures() {
    }

    /** A release with a unique name, so each test has its own rollout whatever ran before. */
    static long release(String prefix) {
        Map<String, Object> body = Map.of("name", prefix + " " + System.nanoTime() + "-" + SEQ.incrementAndGet(),
                "osVersion", "11.3", "stableKernel", "5.10.113-1", "backportsKernel", "5.18.16-1~bpo11+1",
                "packages", List.of("linux-image-amd64", "openssl"));
        return ((Number) given().auth().preemptive().basic("support", "support").contentType("application/json")
                .body(body).when().post("/api/v1/releases")
                .then().log().ifValidationFails().statusCode(201).extract().path("id")).longValue();
    }

    static long rollout(long releaseId) {
        // an empty JSON body: the CSRF filter refuses body-less POSTs
        long id = ((Number) given().auth().preemptive().basic("support", "support").contentType("application/json")
                .body("{}").when().post("/api/v1/releases/" + releaseId + "/rollouts")
                .then().log().ifValidationFails().statusCode(201).extract().path("id")).longValue();
        CREATED.add(id);
        return id;
    }

    /**
     * Ends the rollouts this test created, as if they had been completed: their windows not finished are
     * cancelled without notices. The next test's rollouts then find each cluster without another maintenance.
     */
    static void retireAll() {
        List<Long> ids = List.copyOf(CREATED);
        CREATED.clear();
        if (ids.isEmpty()) {
            return;
        }
        QuarkusTransaction.requiringNew().run(() -> {
            for (io.patchcast.window.MaintenanceWindow w : io.patchcast.window.MaintenanceWindow
                    .<io.patchcast.window.MaintenanceWindow>list("rolloutId in ?1 and status in ?2", ids,
                            List.of(io.patchcast.window.WindowStatus.SCHEDULED,
                                    io.patchcast.window.WindowStatus.DELAYED, io.patchcast.window.WindowStatus.HELD,
                                    io.patchcast.window.WindowStatus.IN_PROGRESS))) {
                w.status = io.patchcast.window.WindowStatus.CANCELLED;
            }
            for (Rollout r : Rollout.<Rollout>list("id in ?1", ids)) {
                r.status = RolloutStatus.COMPLETED;
            }
        });
    }

    /**
     * Reports a node's result at its window: the clock moves to one minute after the window's start (never
     * backwards), as a node would report during its maintenance.
     */
    static void reportAtWindow(io.patchcast.common.TestClock clock, long rolloutId, String instanceId, String outcome,
            int status) {
        java.time.Instant start = QuarkusTransaction.requiringNew().call(() -> {
            Node node = Node.findByInstanceId(instanceId).orElseThrow();
            RolloutCluster rc = RolloutCluster.find(rolloutId, node.cluster.id).orElseThrow();
            io.patchcast.window.MaintenanceWindow w = rc.windowId == null ? null
                    : io.patchcast.window.MaintenanceWindow.findById(rc.windowId);
            return w == null ? null : w.startsAt;
        });
        if (start != null) {
            clock.atLeast(start.plus(Duration.ofMinutes(1)));
        }
        agentsReportFacts(instanceId, clock.instant());
        report(instanceId, outcome, status);
    }

    /**
     * The agents of a node's cluster send their facts again at {@code at}, as a cron job does before a window. The
     * last gate counts facts older than {@code last-gate-max-facts-age} as unknown, and in a full test run the
     * demo facts read at boot can be weeks old on a test clock at a far window.
     */
    static void agentsReportFacts(String instanceId, java.time.Instant at) {
        io.patchcast.fleet.FactsService facts = io.quarkus.arc.Arc.container()
                .instance(io.patchcast.fleet.FactsService.class).get();
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        QuarkusTransaction.requiringNew().run(() -> {
            Node node = Node.findByInstanceId(instanceId).orElseThrow();
            for (Node n : Node.listByCluster(node.cluster.id)) {
                if (n.factsJson != null && (n.factsCollectedAt == null || n.factsCollectedAt.isBefore(at))) {
                    try {
                        facts.apply(n, json.readTree(n.factsJson), at, at, "test agent");
                    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        });
    }

    static void action(long rolloutId, String action, int status) {
        given().auth().preemptive().basic("support", "support").contentType("application/json")
                .body(Map.of("reason", "test " + action, "customerText", "customers read: " + action))
                .when().post("/api/v1/rollouts/" + rolloutId + "/" + action)
                .then().statusCode(status);
    }

    /** Instance ids of the nodes of a rollout's stage whose cluster is not held and has a window. */
    static List<String> patchableNodes(long rolloutId, int stage) {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<Long> clusters = RolloutCluster.listByStage(rolloutId, stage).stream()
                    .filter(rc -> rc.plan != Plan.HOLD && rc.windowId != null).map(rc -> rc.cluster.id).toList();
            return Node.<Node>list("cluster.id in ?1 order by id", clusters).stream().map(n -> n.instanceId).toList();
        });
    }

    static void report(String instanceId, String outcome, int status) {
        given().auth().preemptive().basic("support", "support").contentType("application/json")
                .body(Map.of("outcome", outcome, "kernelVersion", "5.10.113-1"))
                .when().post("/api/v1/nodes/" + instanceId + "/patch-result")
                .then().statusCode(status);
    }
}
