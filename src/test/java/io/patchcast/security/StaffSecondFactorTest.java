package io.patchcast.security;

import static io.patchcast.security.SecurityTestSupport.PASSWORD;
import static io.patchcast.security.SecurityTestSupport.csrf;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.not;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.filter.cookie.CookieFilter;

/**
 * Issue 11, item 5, as production runs it: staff must sign in with a second factor. The demo staff logins carry the
 * documented demo key; a new staff user enrols at the first sign-in; customers are not asked.
 */
@QuarkusTest
@TestProfile(StaffSecondFactorTest.StaffMfa.class)
class StaffSecondFactorTest {

    static final String DEMO_KEY = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

    public static class StaffMfa implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("patchcast.security.mfa.required-for-staff", "true");
        }
    }

    @Test
    void demoSupportSignsInWithTheDocumentedKey() throws Exception {
        CookieFilter cookies = new CookieFilter();
        given().filter(cookies).redirects().follow(false).formParam("j_username", "support")
                .formParam("j_password", "support").when().post("/j_security_check").then().statusCode(302)
                .header("Location", endsWith("/login/mfa"));
        given().filter(cookies).redirects().follow(false).when().get("/console").then().statusCode(302);
        String step = given().filter(cookies).when().get("/login/mfa").then().statusCode(200)
                .body(containsString("Enter your code")).extract().asString();
        given().filter(cookies).redirects().follow(false).formParam("csrf-token", csrf(step))
                .formParam("code", TestTotp.code(DEMO_KEY, 0)).when().post("/login/mfa").then().statusCode(303);
        given().filter(cookies).when().get("/console").then().statusCode(200).body(containsString("<h1>Fleet</h1>"));
        // staff keep their second factor
        given().filter(cookies).when().get("/account").then().statusCode(200)
                .body(containsString("Staff accounts must keep a second factor"))
                .body(not(containsString("Remove the second factor")));
    }

    @Test
    void staffPasswordsAloneDoNotOpenTheApi() {
        given().auth().preemptive().basic("support", "support").when().get("/api/v1/customers").then().statusCode(401);
        given().auth().preemptive().basic("acme-analytics", "demo").when().get("/api/v1/clusters").then()
                .statusCode(200);
    }

    @Test
    void aNewStaffUserEnrolsAtTheFirstSignIn() throws Exception {
        String name = SecurityTestSupport.user(Role.SUPPORT, null);
        CookieFilter cookies = new CookieFilter();
        given().filter(cookies).redirects().follow(false).formParam("j_username", name).formParam("j_password", PASSWORD)
                .when().post("/j_security_check").then().statusCode(302).header("Location", endsWith("/login/mfa"));
        String step = given().filter(cookies).when().get("/login/mfa").then().statusCode(200)
                .body(containsString("Set up your second factor")).extract().asString();
        String secret = SecondFactorTest.secretOf(step);
        String codes = given().filter(cookies).formParam("csrf-token", csrf(step))
                .formParam("code", TestTotp.code(secret, 0)).when().post("/login/mfa").then().statusCode(200)
                .body(containsString("Your recovery codes")).extract().asString();
        org.junit.jupiter.api.Assertions.assertEquals(10, SecondFactorTest.recoveryCodes(codes).size());
        given().filter(cookies).when().get("/console").then().statusCode(200);
    }

    @Test
    void customersAreNotAskedForOne() {
        given().redirects().follow(false).formParam("j_username", "borealis-bank").formParam("j_password", "demo")
                .when().post("/j_security_check").then().statusCode(302).header("Location", endsWith("/"));
    }
}
