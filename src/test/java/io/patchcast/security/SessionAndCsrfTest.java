package io.patchcast.security;

import static io.patchcast.security.SecurityTestSupport.PASSWORD;
import static io.patchcast.security.SecurityTestSupport.csrf;
import static io.patchcast.security.SecurityTestSupport.login;
import static io.patchcast.security.SecurityTestSupport.sessionsOf;
import static io.patchcast.security.SecurityTestSupport.user;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.patchcast.customer.Customer;
import io.patchcast.customer.FeedToken;
import io.patchcast.incident.Incident;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.filter.cookie.CookieFilter;

/** Issue 11, items 1–3: sessions that can be ended on the server and CSRF checks that hold for every request. */
@QuarkusTest
class SessionAndCsrfTest {

    private static final String BASE = "http://localhost:8080";

    @Test
    void theSessionCookieIsRandomAndCarriesNoIdentity() {
        String name = user(Role.CUSTOMER, "acme-analytics");
        String cookie = given().redirects().follow(false).formParam("j_username", name)
                .formParam("j_password", PASSWORD).when().post("/j_security_check")
                .then().statusCode(302).header("Set-Cookie", containsString("HttpOnly"))
                .header("Set-Cookie", containsString("SameSite=Strict")).extract().cookie(SessionService.COOKIE);
        assertNotNull(cookie);
        assertFalse(cookie.contains(name), "the cookie is a random reference, not the user");
        // a cookie nobody issued is nobody: the page asks for a login
        given().redirects().follow(false).cookie(SessionService.COOKIE, cookie.substring(1) + "A").when().get("/")
                .then().statusCode(302).header("Location", endsWith("/login"));
        given().redirects().follow(false).cookie(SessionService.COOKIE, cookie).when().get("/").then().statusCode(200);
    }

    @Test
    void aReplayedCookieIsDeadAfterLogout() {
        String name = user(Role.CUSTOMER, "acme-analytics");
        CookieFilter cookies = login(name, PASSWORD);
        String page = given().filter(cookies).when().get("/").then().statusCode(200).extract().asString();
        String session = cookieValue(cookies);
        var cleared = given().filter(cookies).redirects().follow(false).formParam("csrf-token", csrf(page))
                .when().post("/logout").then().statusCode(303).extract().headers().getValues("Set-Cookie");
        org.hamcrest.MatcherAssert.assertThat(cleared,
                org.hamcrest.Matchers.hasItem(containsString(SessionService.COOKIE + "=;")));
        assertEquals(0, sessionsOf(name));
        // the attacker kept a copy of the cookie: it opens nothing any more
        given().redirects().follow(false).cookie(SessionService.COOKIE, session).when().get("/")
                .then().statusCode(302).header("Location", endsWith("/login"));
    }

    @Test
    void aSessionUnusedPastTheIdleTimeoutEnds() {
        String name = user(Role.CUSTOMER, "acme-analytics");
        CookieFilter cookies = login(name, PASSWORD);
        given().filter(cookies).when().get("/").then().statusCode(200);
        QuarkusTransaction.requiringNew().run(() -> UserSession.update(
                "lastSeenAt = ?1 where user.username = ?2", java.time.Instant.now().minusSeconds(31 * 60), name));
        given().filter(cookies).redirects().follow(false).when().get("/").then().statusCode(302);
        assertEquals(0, sessionsOf(name));
    }

    @Test
    void aBodilessPostWithoutTheTokenIsRefusedAndWritesNothing() {
        String name = user(Role.CUSTOMER, "borealis-bank");
        CookieFilter cookies = login(name, PASSWORD);
        given().filter(cookies).when().get("/settings/notifications").then().statusCode(200);
        long before = feedTokens("borealis-bank");
        given().filter(cookies).redirects().follow(false).when().post("/settings/notifications/feed-tokens")
                .then().statusCode(400).header("Content-Type", containsString("application/problem+json"))
                .body("detail", containsString("security token"));
        given().filter(cookies).redirects().follow(false).contentType("text/plain").body("x")
                .when().post("/settings/notifications/feed-tokens").then().statusCode(400);
        given().filter(cookies).redirects().follow(false).contentType("application/json").body("{}")
                .when().post("/settings/notifications/feed-tokens").then().statusCode(400);
        assertEquals(before, feedTokens("borealis-bank"));
        // the same request with the token in the header is the page's own and goes through
        String token = csrf(given().filter(cookies).when().get("/settings/notifications").then().extract().asString());
        given().filter(cookies).redirects().follow(false).header("X-CSRF-TOKEN", token)
                .when().post("/settings/notifications/feed-tokens").then().statusCode(200)
                .body(containsString("/calendar/"));
        assertEquals(before + 1, feedTokens("borealis-bank"));
    }

    @Test
    void aPostFromAnotherOriginIsRefusedEvenWithTheToken() {
        String name = user(Role.CUSTOMER, "cobalt-games");
        CookieFilter cookies = login(name, PASSWORD);
        String token = csrf(given().filter(cookies).when().get("/settings/notifications").then().extract().asString());
        long before = feedTokens("cobalt-games");
        given().filter(cookies).redirects().follow(false).header("Origin", "https://evil.patchcast.example")
                .formParam("csrf-token", token).when().post("/settings/notifications/feed-tokens")
                .then().statusCode(403).body("detail", containsString("another site"));
        given().filter(cookies).redirects().follow(false).header("Referer", "https://sibling.example/page")
                .formParam("csrf-token", token).when().post("/settings/notifications/feed-tokens")
                .then().statusCode(403);
        given().filter(cookies).redirects().follow(false).header("Origin", "null")
                .formParam("csrf-token", token).when().post("/settings/notifications/feed-tokens")
                .then().statusCode(403);
        assertEquals(before, feedTokens("cobalt-games"));
        given().filter(cookies).redirects().follow(false).header("Origin", BASE)
                .formParam("csrf-token", token).when().post("/settings/notifications/feed-tokens")
                .then().statusCode(200);
        assertEquals(before + 1, feedTokens("cobalt-games"));
        // the login form itself is refused cross-origin (login CSRF)
        given().redirects().follow(false).header("Origin", "https://evil.patchcast.example")
                .formParam("j_username", name).formParam("j_password", PASSWORD)
                .when().post("/j_security_check").then().statusCode(403);
    }

    @Test
    void aDraftIsNotPublishedByANoCorsPostFromASiblingPage() {
        String slug = "csrf-draft-" + System.nanoTime();
        given().auth().preemptive().basic("support", "support").contentType("application/json")
                .body(Map.of("slug", slug, "title", "Draft", "severity", "minor", "summary", "s", "body", "b",
                        "scope", Map.of("clusterIds", java.util.List.of(firstClusterOf("delta-freight")))))
                .when().post("/api/v1/incidents").then().statusCode(201);
        CookieFilter staff = login("support", "support");
        String page = given().filter(staff).when().get("/console/incidents/" + slug).then().statusCode(200)
                .extract().asString();
        // what fetch(..., {mode: 'no-cors', credentials: 'include'}) sends: text/plain, no token
        given().filter(staff).redirects().follow(false).contentType("text/plain").body("")
                .when().post("/console/incidents/" + slug + "/publish").then().statusCode(400);
        given().filter(staff).redirects().follow(false).header("Origin", "https://status.patchcast.example")
                .contentType("text/plain").header("X-CSRF-TOKEN", csrf(page))
                .when().post("/console/incidents/" + slug + "/publish").then().statusCode(403);
        assertFalse(published(slug));
        // with the token and from our own origin, text/plain is no reason for a 500
        given().filter(staff).redirects().follow(false).contentType("text/plain").header("X-CSRF-TOKEN", csrf(page))
                .header("Origin", BASE).when().post("/console/incidents/" + slug + "/publish")
                .then().statusCode(303);
        org.junit.jupiter.api.Assertions.assertTrue(published(slug));
    }

    @Test
    void theApiIgnoresTheSessionCookie() {
        CookieFilter cookies = login("support", "support");
        given().filter(cookies).when().get("/console").then().statusCode(200);
        given().filter(cookies).when().get("/api/v1/customers").then().statusCode(401);
    }

    @Test
    void httpsThroughATrustedProxyGetsSecureCookiesAndHsts() {
        String name = user(Role.CUSTOMER, "acme-analytics");
        given().redirects().follow(false).header("X-Forwarded-Proto", "https")
                .formParam("j_username", name).formParam("j_password", PASSWORD)
                .when().post("/j_security_check").then().statusCode(302)
                .header("Set-Cookie", containsString("Secure"))
                .header("Strict-Transport-Security", containsString("max-age="));
        given().header("X-Forwarded-Proto", "https").when().get("/login").then().statusCode(200)
                .header("Strict-Transport-Security", containsString("max-age=31536000"))
                .header("Set-Cookie", containsString("Secure"));
        // plain http: neither (a Secure cookie would never come back)
        given().when().get("/login").then().statusCode(200).header("Strict-Transport-Security", equalTo(null))
                .header("Set-Cookie", not(containsString("Secure")));
    }

    private static String cookieValue(CookieFilter cookies) {
        String[] holder = new String[1];
        given().filter(cookies).filter((req, res, ctx) -> {
            holder[0] = req.getCookies().getValue(SessionService.COOKIE);
            return ctx.next(req, res);
        }).when().get("/login");
        return holder[0];
    }

    private static long feedTokens(String slug) {
        return QuarkusTransaction.requiringNew().call(() -> FeedToken.count("customer = ?1",
                Customer.findBySlug(slug).orElseThrow()));
    }

    private static boolean published(String slug) {
        return QuarkusTransaction.requiringNew().call(() -> Incident.<Incident>find("slug", slug)
                .firstResult().publishedAt != null);
    }

    private static long firstClusterOf(String slug) {
        return QuarkusTransaction.requiringNew().call(() -> io.patchcast.fleet.Cluster.<io.patchcast.fleet.Cluster>find(
                "customer.slug = ?1 order by id", slug).firstResult().id);
    }
}
