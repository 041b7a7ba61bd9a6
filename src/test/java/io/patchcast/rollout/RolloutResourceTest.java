package io.patchcast.rollout;

import static io.patchcast.rollout.RolloutFixtures.action;
import static io.patchcast.rollout.RolloutFixtures.release;
import static io.patchcast.rollout.RolloutFixtures.rollout;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** The release and rollout API: who may call what, and refusals as problem+json. */
@QuarkusTest
class RolloutResourceTest {

    @Test
    void staffCreateReleasesAndEveryoneSignedInListsThem() {
        long id = release("API release");
        given().auth().preemptive().basic("acme-analytics", "demo")
                .when().get("/api/v1/releases")
                .then().statusCode(200)
                .body("id", hasItem((int) id))
                .body("find { it.id == " + id + " }.stableKernel", equalTo("5.10.113-1"))
                .body("find { it.id == " + id + " }.packages", hasItem("openssl"));
    }

    @Test
    void customersMayNotCreateReleasesOrTouchRollouts() {
        given().auth().preemptive().basic("acme-analytics", "demo").contentType("application/json")
                .body(Map.of("name", "Nope", "osVersion", "11", "stableKernel", "5.10.113-1", "packages",
                        List.of("x")))
                .when().post("/api/v1/releases")
                .then().statusCode(403).contentType("application/problem+json");
        long rollout = rollout(release("Role check"));
        given().auth().preemptive().basic("acme-analytics", "demo")
                .when().get("/api/v1/rollouts/" + rollout)
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().preemptive().basic("acme-analytics", "demo").contentType("application/json")
                .body(Map.of("reason", "let me"))
                .when().post("/api/v1/rollouts/" + rollout + "/halt")
                .then().statusCode(403);
        given().auth().preemptive().basic("acme-analytics", "demo").contentType("application/json")
                .body(Map.of("outcome", "FAILED"))
                .when().post("/api/v1/nodes/i-0000/patch-result")
                .then().statusCode(403);
        given().when().get("/api/v1/releases").then().statusCode(401);
    }

    @Test
    void invalidReleaseNamesEveryBadField() {
        given().auth().preemptive().basic("admin", "admin").contentType("application/json")
                .body(Map.of("name", "", "osVersion", "11", "stableKernel", "five ten", "packages", List.of()))
                .when().post("/api/v1/releases")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("name"))
                .body("errors.field", hasItem("stableKernel"))
                .body("errors.field", hasItem("packages"))
                .body(not(containsString("Exception")));
    }

    @Test
    void rolloutShowsSixStagesWithGatesAndCounts() {
        long rollout = rollout(release("Stages"));
        given().auth().preemptive().basic("support", "support")
                .when().get("/api/v1/rollouts/" + rollout)
                .then().statusCode(200)
                .body("status", equalTo("PLANNED"))
                .body("stages", hasSize(6))
                .body("stages[0].label", equalTo("Internal testing"))
                .body("stages[3].hasWindows", equalTo(false))
                .body("stages[4].label", equalTo("Production"))
                .body("stages[0].gate.threshold", equalTo(0.05f))
                .body("plans.FULL", notNullValue())
                .body("statuses.PENDING", notNullValue());
    }

    @Test
    void actionsNeedAReasonAndTheRightState() {
        long rollout = rollout(release("Actions"));
        given().auth().preemptive().basic("support", "support").contentType("application/json")
                .body(Map.of("reason", " "))
                .when().post("/api/v1/rollouts/" + rollout + "/start")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("reason"));
        given().auth().preemptive().basic("support", "support").contentType("application/json")
                .body(Map.of("reason", "not yet"))
                .when().post("/api/v1/rollouts/" + rollout + "/resume")
                .then().statusCode(422).contentType("application/problem+json")
                .body("rule", equalTo("rollout-not-halted"));
        action(rollout, "start", 200);
        action(rollout, "start", 422);
        action(rollout, "halt", 200);
        given().auth().preemptive().basic("support", "support")
                .when().get("/api/v1/rollouts/" + rollout)
                .then().body("status", equalTo("HALTED"))
                .body("haltReason", equalTo("test halt"))
                .body("events.action", hasItem("HALT"));
        action(rollout, "resume", 200);
        given().auth().preemptive().basic("support", "support")
                .when().get("/api/v1/rollouts/999999")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().preemptive().basic("support", "support").contentType("application/json")
                .body(Map.of("reason", "x"))
                .when().post("/api/v1/rollouts/abc/halt")
                .then().statusCode(400).body("errors[0].field", equalTo("id"));
    }

    @Test
    void oneOpenRolloutPerRelease() {
        long release = release("Twice");
        rollout(release);
        given().auth().preemptive().basic("support", "support").contentType("application/json").body("{}")
                .when().post("/api/v1/releases/" + release + "/rollouts")
                .then().statusCode(422).body("rule", equalTo("rollout-exists"));
    }

    @Test
    void anActionWithoutABodyIsA400NamingTheMissingBody() {
        given().auth().preemptive().basic("support", "support").contentType("application/json")
                .when().post("/api/v1/rollouts/1/halt")
                .then().statusCode(400).contentType("application/problem+json")
                .body(org.hamcrest.Matchers.containsString("a JSON body with a reason is required"));
    }
}
