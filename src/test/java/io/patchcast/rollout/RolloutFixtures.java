package io.patchcast.rollout;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.patchcast.fleet.Node;
import io.quarkus.narayana.jta.QuarkusTransaction;

/** Creates releases and rollouts through the API, and lets time pass by moving a stage's data back. */
final class RolloutFixtures {

    private static final AtomicInteger SEQ = new AtomicInteger();

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
        return ((Number) given().auth().preemptive().basic("support", "support").contentType("application/json")
                .body("{}").when().post("/api/v1/releases/" + releaseId + "/rollouts")
                .then().log().ifValidationFails().statusCode(201).extract().path("id")).longValue();
    }

    static void action(long rolloutId, String action, int status) {
        given().auth().preemptive().basic("support", "support").contentType("application/json")
                .body(Map.of("reason", "test " + action))
                .when().post("/api/v1/rollouts/" + rolloutId + "/" + action)
                .then().statusCode(status);
    }

    /** Pretends the stage started, and its results came in, {@code ago} earlier than they did. */
    static void age(long rolloutId, int stage, Duration ago) {
        QuarkusTransaction.requiringNew().run(() -> {
            RolloutStage s = RolloutStage.find(rolloutId, stage).orElseThrow();
            s.startedAt = s.startedAt.minus(ago);
            s.gateSince = s.gateSince.minus(ago);
            PatchResult.<PatchResult>list("rolloutId = ?1 and stage = ?2", rolloutId, stage)
                    .forEach(r -> r.reportedAt = r.reportedAt.minus(ago));
        });
    }

    /** Instance ids of the nodes of the given clusters of a rollout's stage whose plan is not a hold. */
    static List<String> patchableNodes(long rolloutId, int stage) {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<Long> clusters = RolloutCluster.listByStage(rolloutId, stage).stream()
                    .filter(rc -> rc.plan != Plan.HOLD).map(rc -> rc.cluster.id).toList();
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
