package io.patchcast.web.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.filter.cookie.CookieFilter;

/** Admins create tokens (secret shown once) and revoke them from the console; nobody else may. */
@QuarkusTest
class TokenPagesTest {

    @Test
    void adminCreatesATokenSeesTheSecretOnceAndRevokesIt() {
        CookieFilter admin = login("admin", "admin");
        String page = given().filter(admin).when().get("/console/tokens").then().statusCode(200)
                .body(containsString("<h1>API tokens</h1>"))
                .body(containsString("href=\"/console/tokens\""))
                .extract().asString();
        String created = given().filter(admin)
                .formParam("csrf-token", csrf(page)).formParam("name", "acme collector")
                .formParam("customer", customerId(page, "Acme Analytics"))
                .when().post("/console/tokens")
                .then().statusCode(200)
                .header("Cache-Control", containsString("no-store"))
                .body(containsString("will not be shown again"))
                .extract().asString();
        Matcher secret = Pattern.compile("<code class=\"secret\">(pct_[A-Za-z0-9_-]+)</code>").matcher(created);
        assertTrue(secret.find(), "the secret is on the page");
        String token = secret.group(1);

        // the secret works for the API and is never shown again
        given().header("Authorization", "Bearer " + token).contentType("application/json").body("[]")
                .when().post("/api/v1/facts").then().statusCode(400);
        String list = given().filter(admin).when().get("/console/tokens").then().statusCode(200)
                .body(containsString("acme collector"))
                .body(containsString("Acme Analytics"))
                .body(not(containsString(token)))
                .extract().asString();

        Matcher revoke = Pattern.compile("action=\"(/console/tokens/[0-9]+/revoke)\"").matcher(
                list.substring(list.indexOf("<td data-label=\"Name\">acme collector</td>")));
        assertTrue(revoke.find());
        given().filter(admin).redirects().follow(false).formParam("csrf-token", csrf(list))
                .when().post(revoke.group(1))
                .then().statusCode(303).header("Location", containsString("/console/tokens?revoked="));
        given().header("Authorization", "Bearer " + token).contentType("application/json").body("[]")
                .when().post("/api/v1/facts").then().statusCode(401);
    }

    @Test
    void blankNameIsShownBackAsAFieldError() {
        CookieFilter admin = login("admin", "admin");
        String page = given().filter(admin).when().get("/console/tokens").then().extract().asString();
        given().filter(admin).formParam("csrf-token", csrf(page)).formParam("name", " ").formParam("customer", "")
                .when().post("/console/tokens")
                .then().statusCode(400)
                .body(containsString("name: must not be blank"))
                .body(not(containsString("class=\"secret\"")));
    }

    @Test
    void supportAndCustomersCannotManageTokens() {
        given().filter(login("support", "support")).accept("text/html").when().get("/console/tokens")
                .then().statusCode(403);
        given().filter(login("acme-analytics", "demo")).accept("text/html").when().get("/console/tokens")
                .then().statusCode(403);
        given().filter(login("support", "support")).when().get("/console")
                .then().statusCode(200).body(not(containsString("href=\"/console/tokens\"")))
                .body(containsString("href=\"/console/aws\""));
    }

    private static String customerId(String page, String name) {
        Matcher m = Pattern.compile("<option value=\"([0-9]+)\" >" + Pattern.quote(name) + "</option>").matcher(page);
        assertTrue(m.find(), "customer option for " + name);
        return m.group(1);
    }

    private static CookieFilter login(String user, String password) {
        CookieFilter cookies = new CookieFilter();
        given().filter(cookies).redirects().follow(false)
                .formParam("j_username", user).formParam("j_password", password)
                .when().post("/j_security_check").then().statusCode(302);
        return cookies;
    }

    private static String csrf(String page) {
        Matcher m = Pattern.compile("name=\"csrf-token\" value=\"([^\"]+)\"").matcher(page);
        assertTrue(m.find());
        return m.group(1);
    }
}
