package io.patchcast.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.patchcast.demo.DemoFleet;
import io.patchcast.fleet.Cluster;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.filter.cookie.CookieFilter;

/** Real form logins and what each role's pages show. */
@QuarkusTest
class LoginAndPagesTest {

    static CookieFilter login(String user, String password) {
        CookieFilter cookies = new CookieFilter();
        given().filter(cookies).redirects().follow(false)
                .formParam("j_username", user).formParam("j_password", password)
                .when().post("/j_security_check")
                .then().statusCode(302).header("Location", endsWith("/"));
        return cookies;
    }

    @Test
    void inDemoModeTheLoginPageListsDemoLoginsThatReallySignIn() {
        String page = given().when().get("/login").then().statusCode(200)
                .body(containsString("Demo logins")).extract().asString();
        for (DemoFleet.DemoLogin demo : DemoFleet.logins()) {
            assertTrue(page.contains("<code>" + demo.username() + "</code>"), demo.username() + " is listed");
            login(demo.username(), demo.password());
        }
    }

    @Test
    void loginPageIsServedWithSecurityHeaders() {
        given().when().get("/login")
                .then().statusCode(200)
                .body(containsString("<title>Sign in · Patchcast</title>"))
                .body(containsString("name=\"j_username\""))
                .header("X-Frame-Options", "DENY")
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .header("Content-Security-Policy", not(containsString("unsafe-inline")));
    }

    @Test
    void anonymousPageRequestRedirectsToLogin() {
        given().redirects().follow(false).when().get("/console")
                .then().statusCode(302).header("Location", endsWith("/login"));
    }

    @Test
    void wrongPasswordShowsTheError() {
        given().redirects().follow(false)
                .formParam("j_username", "acme-analytics").formParam("j_password", "nope")
                .when().post("/j_security_check")
                .then().statusCode(302).header("Location", containsString("/login?error"));
        given().when().get("/login?error=1").then().body(containsString("The username or password is not right"));
    }

    @Test
    void customerSeesOwnDashboard() {
        CookieFilter cookies = login("acme-analytics", "demo");
        given().filter(cookies).when().get("/")
                .then().statusCode(200)
                .body(containsString("<h1>Acme Analytics</h1>"))
                .body(containsString("Your clusters"))
                .body(not(containsString("Borealis Bank")));
    }

    @Test
    void customerCannotOpenConsoleOrForeignCluster() {
        CookieFilter cookies = login("acme-analytics", "demo");
        given().filter(cookies).accept("text/html").when().get("/console")
                .then().statusCode(403).body(containsString("Forbidden"));
        long foreign = QuarkusTransaction.requiringNew().call(() -> Cluster.<Cluster>find(
                "customer.slug <> ?1 order by id", "acme-analytics").firstResult().id);
        given().filter(cookies).accept("text/html").when().get("/clusters/" + foreign)
                .then().statusCode(404).body(containsString("was not found"));
    }

    @Test
    void customerSeesOwnClusterPage() {
        CookieFilter cookies = login("acme-analytics", "demo");
        long own = QuarkusTransaction.requiringNew().call(() -> Cluster.<Cluster>find(
                "customer.slug = ?1 order by id", "acme-analytics").firstResult().id);
        given().filter(cookies).when().get("/clusters/" + own)
                .then().statusCode(200)
                .body(containsString("Maintenance preferences"))
                .body(containsString("<h2>Nodes</h2>"));
    }

    @Test
    void staffLandOnTheConsoleWithFilters() {
        CookieFilter cookies = login("support", "support");
        given().filter(cookies).redirects().follow(false).when().get("/")
                .then().statusCode(303).header("Location", endsWith("/console"));
        given().filter(cookies).when().get("/console?provider=azure")
                .then().statusCode(200)
                .body(containsString("<h1>Fleet</h1>"))
                .body(containsString("provider-azure"))
                .body(not(containsString("class=\"provider provider-aws\"")));
        given().filter(cookies).accept("text/html").when().get("/console?provider=ibm")
                .then().statusCode(400).body(containsString("must be one of aws, gcp, azure, self-hosted"));
    }

    @Test
    void adminCanLogIn() {
        CookieFilter cookies = login("admin", "admin");
        given().filter(cookies).when().get("/console").then().statusCode(200).body(containsString("Ada Admin"));
    }

    @Test
    void formPostWithoutCsrfTokenIsRefused() {
        CookieFilter cookies = login("acme-analytics", "demo");
        given().filter(cookies).redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("x", "y")
                .when().post("/logout")
                .then().statusCode(400);
    }

    @Test
    void logoutWithTokenEndsTheSession() {
        CookieFilter cookies = login("acme-analytics", "demo");
        String page = given().filter(cookies).when().get("/").then().statusCode(200).extract().asString();
        String token = page.replaceAll("(?s).*name=\"csrf-token\" value=\"([^\"]+)\".*", "$1");
        given().filter(cookies).redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("csrf-token", token)
                .when().post("/logout")
                .then().statusCode(303).header("Location", endsWith("/login?out=1"));
        given().filter(cookies).redirects().follow(false).when().get("/")
                .then().statusCode(302);
    }

    @Test
    void healthIsOpenAndMetricsNeedStaff() {
        given().when().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/metrics").then().statusCode(401);
        given().when().get("/q/openapi").then().statusCode(401);
        given().auth().preemptive().basic("acme-analytics", "demo").when().get("/q/metrics").then().statusCode(403);
        given().auth().preemptive().basic("support", "support").when().get("/q/metrics")
                .then().statusCode(200).body(containsString("jvm_"));
    }
}
