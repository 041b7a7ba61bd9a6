package io.patchcast.security;

import static io.patchcast.security.SecurityTestSupport.PASSWORD;
import static io.patchcast.security.SecurityTestSupport.csrf;
import static io.patchcast.security.SecurityTestSupport.user;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.filter.cookie.CookieFilter;

/** Issue 11, item 5: a customer user turns on the optional second factor and signs in with it, end to end. */
@QuarkusTest
class SecondFactorTest {

    @Test
    void aCustomerEnrolsSignsInWithACodeAndWithARecoveryCode() throws Exception {
        String name = user(Role.CUSTOMER, "acme-analytics");
        CookieFilter cookies = SecurityTestSupport.login(name, PASSWORD);
        String account = given().filter(cookies).when().get("/account").then().statusCode(200)
                .body(containsString("Set up a second factor")).extract().asString();
        String setup = given().filter(cookies).formParam("csrf-token", csrf(account))
                .when().post("/account/second-factor/setup").then().statusCode(200)
                .body(containsString("otpauth://totp/Patchcast:" + name)).extract().asString();
        String secret = secretOf(setup);
        given().filter(cookies).formParam("csrf-token", csrf(setup)).formParam("code", "000000")
                .when().post("/account/second-factor/confirm").then().statusCode(400)
                .body(containsString("not the current code"));
        String codesPage = given().filter(cookies).formParam("csrf-token", csrf(setup))
                .formParam("code", TestTotp.code(secret, 0)).when().post("/account/second-factor/confirm")
                .then().statusCode(200).body(containsString("Your recovery codes")).extract().asString();
        List<String> recovery = recoveryCodes(codesPage);
        assertEquals(10, recovery.size());

        // a password alone no longer signs in: the browser is sent to the second factor, the API refuses Basic
        CookieFilter next = new CookieFilter();
        given().filter(next).redirects().follow(false).formParam("j_username", name).formParam("j_password", PASSWORD)
                .when().post("/j_security_check").then().statusCode(302).header("Location", endsWith("/login/mfa"));
        given().filter(next).redirects().follow(false).when().get("/").then().statusCode(302)
                .header("Location", endsWith("/login"));
        given().auth().preemptive().basic(name, PASSWORD).when().get("/api/v1/clusters").then().statusCode(401);
        String step = given().filter(next).when().get("/login/mfa").then().statusCode(200)
                .body(containsString("Enter your code")).extract().asString();
        given().filter(next).formParam("csrf-token", csrf(step)).formParam("code", "123456")
                .when().post("/login/mfa").then().statusCode(400).body(containsString("That code is not right"));
        // the code of the enrolment was used once; the app's next code signs in
        given().filter(next).redirects().follow(false).formParam("csrf-token", csrf(step))
                .formParam("code", TestTotp.code(secret, 1)).when().post("/login/mfa").then().statusCode(303)
                .header("Location", endsWith("/"));
        given().filter(next).when().get("/").then().statusCode(200).body(containsString("Acme Analytics"));
        // the same code again is a replay
        CookieFilter replay = new CookieFilter();
        given().filter(replay).redirects().follow(false).formParam("j_username", name).formParam("j_password", PASSWORD)
                .when().post("/j_security_check").then().statusCode(302);
        String replayStep = given().filter(replay).when().get("/login/mfa").then().extract().asString();
        given().filter(replay).formParam("csrf-token", csrf(replayStep)).formParam("code", TestTotp.code(secret, 1))
                .when().post("/login/mfa").then().statusCode(400);
        // a recovery code works once
        given().filter(replay).redirects().follow(false).formParam("csrf-token", csrf(replayStep))
                .formParam("code", recovery.get(0)).when().post("/login/mfa").then().statusCode(303);
        given().filter(replay).when().get("/").then().statusCode(200);
        CookieFilter again = new CookieFilter();
        given().filter(again).redirects().follow(false).formParam("j_username", name).formParam("j_password", PASSWORD)
                .when().post("/j_security_check").then().statusCode(302);
        String againStep = given().filter(again).when().get("/login/mfa").then().extract().asString();
        given().filter(again).formParam("csrf-token", csrf(againStep)).formParam("code", recovery.get(0))
                .when().post("/login/mfa").then().statusCode(400);
    }

    @Test
    void theSecondFactorStepExpiresAndCannotBeSkipped() {
        given().redirects().follow(false).cookie(SessionService.PENDING_COOKIE, "made-up").when().get("/login/mfa")
                .then().statusCode(303).header("Location", containsString("/login?expired"));
    }

    static String secretOf(String page) {
        Matcher m = Pattern.compile("id=\"secret\" type=\"text\" readonly value=\"([A-Z2-7]+)\"").matcher(page);
        org.junit.jupiter.api.Assertions.assertTrue(m.find(), "the page shows the key");
        return m.group(1);
    }

    static List<String> recoveryCodes(String page) {
        List<String> codes = new ArrayList<>();
        Matcher m = Pattern.compile("<li><code>([a-z0-9]{5}-[a-z0-9]{5})</code></li>").matcher(page);
        while (m.find()) {
            codes.add(m.group(1));
        }
        return codes;
    }
}
