package io.patchcast.web.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;

import io.patchcast.rollout.PatchRelease;
import io.patchcast.rollout.Rollout;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.filter.cookie.CookieFilter;

/** The rollout board as staff use it: real form login, CSRF tokens, 303 after each action. */
@QuarkusTest
class RolloutPagesTest {

    private static CookieFilter login(String user, String password) {
        CookieFilter cookies = new CookieFilter();
        given().filter(cookies).redirects().follow(false)
                .formParam("j_username", user).formParam("j_password", password)
                .when().post("/j_security_check")
                .then().statusCode(302);
        return cookies;
    }

    private static String csrf(String page) {
        return page.replaceAll("(?s).*name=\"csrf-token\" value=\"([^\"]+)\".*", "$1");
    }

    @Test
    void demoRolloutIsAtTheProductionStageWithTargetedAndHeldClusters() {
        CookieFilter cookies = login("support", "support");
        given().filter(cookies).when().get("/console/rollouts")
                .then().statusCode(200)
                .body(containsString("<title>Rollouts · Patchcast</title>"))
                .body(containsString("Debian 11.3"))
                .body(containsString("5 · Production"));
        // the demo's rollout is the first of its release name: other tests make releases of the same name
        long demo = QuarkusTransaction.requiringNew().call(() -> Rollout.<Rollout>find("release.name = ?1 order by id",
                "Debian 11.3").firstResult().id);
        given().filter(cookies).when().get("/console/rollouts/" + demo)
                .then().statusCode(200)
                .body(containsString("<h1>Debian 11.3</h1>"))
                .body(containsString("Stages and gates"))
                .body(containsString("Targeted, without kernel"))
                // each cluster with its patch status; which statuses depends on what other tests' clocks did to the
                // demo windows (a tick on a clock weeks ahead starts them), so any status will do
                .body(containsString("badge patch-"))
                .body(containsString("Halt the rollout"))
                .body(not(containsString("style=")));
        given().filter(cookies).when().get("/console/rollouts/" + demo + "?stage=6")
                .then().statusCode(200)
                .body(containsString("Nodes not on the release"));
    }

    @Test
    void staffCreateAReleaseAndItsRolloutAndStartItWithAReason() {
        CookieFilter cookies = login("admin", "admin");
        String page = given().filter(cookies).when().get("/console/rollouts").then().statusCode(200).extract().asString();
        String name = "Page release " + System.nanoTime();
        given().filter(cookies).redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("csrf-token", csrf(page)).formParam("name", name).formParam("osVersion", "11.4")
                .formParam("stableKernel", "not a version").formParam("packages", "openssl")
                .when().post("/console/rollouts/releases")
                .then().statusCode(400)
                .body(containsString("must be a Debian package version"))
                .body(containsString("value=\"" + name + "\""));
        given().filter(cookies).redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("csrf-token", csrf(page)).formParam("name", name).formParam("osVersion", "11.4")
                .formParam("stableKernel", "5.10.120-1").formParam("packages", "openssl\nlibc6")
                .when().post("/console/rollouts/releases")
                .then().statusCode(303).header("Location", containsString("/console/rollouts?created=1"));
        long release = QuarkusTransaction.requiringNew().call(() -> PatchRelease.findByName(name).orElseThrow().id);

        String location = given().filter(cookies).redirects().follow(false)
                .contentType("application/x-www-form-urlencoded").formParam("csrf-token", csrf(page))
                .when().post("/console/rollouts/releases/" + release + "/rollouts")
                .then().statusCode(303).header("Location", matchesPattern(".*/console/rollouts/\\d+\\?done=created"))
                .extract().header("Location");
        String board = location.replaceAll("^https?://[^/]+", "").replaceAll("\\?.*", "");
        given().filter(cookies).when().get(board)
                .then().statusCode(200).body(containsString("Start stage 1"));

        given().filter(cookies).redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("csrf-token", csrf(page)).formParam("reason", "")
                .when().post(board + "/start")
                .then().statusCode(400).body(containsString("a reason is required"));
        given().filter(cookies).redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("csrf-token", csrf(page)).formParam("reason", "Point release approved")
                .when().post(board + "/start")
                .then().statusCode(303).header("Location", containsString("done=start"));
        given().filter(cookies).when().get(board + "?done=start")
                .then().statusCode(200)
                .body(containsString("Rollout started"))
                .body(containsString("Advance to the next stage"))
                .body(containsString("Point release approved"));
        given().filter(cookies).redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("csrf-token", csrf(page)).formParam("reason", "too early")
                .when().post(board + "/advance")
                .then().statusCode(422).body(containsString("clusters to patch"));

        // a halt says why for staff and, separately, what the customers of the delayed windows read
        given().filter(cookies).when().get(board).then().statusCode(200)
                .body(containsString("What customers read"));
        given().filter(cookies).redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("csrf-token", csrf(page)).formParam("reason", "INC-9: canary kernel panics")
                .when().post(board + "/halt")
                .then().statusCode(400).body(containsString("the reason stays internal"));
        given().filter(cookies).redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("csrf-token", csrf(page)).formParam("reason", "INC-9: canary kernel panics")
                .formParam("customerText", "We have paused this update for a few days.")
                .when().post(board + "/halt")
                .then().statusCode(303).header("Location", containsString("done=halt"));
        given().filter(cookies).when().get(board).then().statusCode(200)
                .body(containsString("Customers read: We have paused this update for a few days."));
    }

    @Test
    void customersCannotSeeTheBoard() {
        CookieFilter cookies = login("borealis-bank", "demo");
        given().filter(cookies).accept("text/html").when().get("/console/rollouts").then().statusCode(403);
    }
}
