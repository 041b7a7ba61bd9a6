package io.patchcast.security;

import static io.patchcast.security.SecurityTestSupport.PASSWORD;
import static io.patchcast.security.SecurityTestSupport.csrf;
import static io.patchcast.security.SecurityTestSupport.login;
import static io.patchcast.security.SecurityTestSupport.user;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.patchcast.customer.Customer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.filter.cookie.CookieFilter;
import io.restassured.specification.RequestSpecification;

/** Issue 11, item 4: throttled sign-in, password change and policy, and user administration. */
@QuarkusTest
class AccountsTest {

    private static final AtomicInteger ADDRESS = new AtomicInteger(10);

    /** A client address of the test's own (the tests play a trusted proxy), so no other test is throttled. */
    private static String address() {
        return "198.51.100." + ADDRESS.incrementAndGet();
    }

    private static String formLogin(String address, String user, String password) {
        return given().redirects().follow(false).header("X-Forwarded-For", address)
                .formParam("j_username", user).formParam("j_password", password)
                .when().post("/j_security_check").then().statusCode(302).extract().header("Location");
    }

    private static RequestSpecification admin() {
        return given().auth().preemptive().basic("admin", "admin").contentType("application/json");
    }

    @Test
    void wrongPasswordsSlowAnAccountDownUntilItLocksAndAdminsSeeAndLiftIt() {
        String name = user(Role.CUSTOMER, "ember-health");
        String ip = address();
        for (int i = 0; i < 3; i++) {
            assertTrue(formLogin(ip, name, "wrong password " + i).endsWith("/login?error=1"));
        }
        // the fourth failure starts the wait; during it even the right password is not checked
        assertTrue(formLogin(ip, name, "wrong password 3").endsWith("/login?error=1"));
        assertTrue(formLogin(address(), name, PASSWORD).endsWith("/login?error=wait"), "per account, any address");
        given().header("X-Forwarded-For", ip).auth().preemptive().basic(name, PASSWORD).when().get("/api/v1/clusters")
                .then().statusCode(401);
        given().when().get("/login?error=wait").then().body(containsString("Too many failed sign-ins"));
        Instant first = blockedUntil("user:" + name);
        assertTrue(Duration.between(Instant.now(), first).toSeconds() <= 5, "a short first wait: " + first);
        // repeated failures lock the account for a while
        QuarkusTransaction.requiringNew().run(() -> {
            LoginThrottle t = LoginThrottle.findById("user:" + name);
            t.failures = 9;
            t.blockedUntil = null;
        });
        formLogin(ip, name, "wrong again");
        Instant locked = blockedUntil("user:" + name);
        assertTrue(Duration.between(Instant.now(), locked).toMinutes() >= 14, "locked for 15 minutes: " + locked);
        // admins see it, on the API and the users page, and can lift it
        admin().when().get("/api/v1/users/sign-in-locks").then().statusCode(200)
                .body("find { it.key == 'user:" + name + "' }.blocked", equalTo(true));
        admin().when().get("/api/v1/users").then().statusCode(200)
                .body("find { it.username == '" + name + "' }.lockedUntil", notNullValue())
                .body("find { it.username == '" + name + "' }.failedSignIns", equalTo(10));
        given().filter(login("admin", "admin")).when().get("/console/users").then().statusCode(200)
                .body(containsString("user:" + name)).body(containsString("sign-in locked until"));
        admin().when().delete("/api/v1/users/sign-in-locks/user:" + name).then().statusCode(204);
        assertTrue(formLogin(address(), name, PASSWORD).endsWith("/"));
    }

    @Test
    void oneAddressGuessingManyAccountsIsSlowedDownToo() {
        String ip = address();
        for (int i = 0; i < 21; i++) {
            formLogin(ip, "nobody-" + i + "-" + ip, "guess");
        }
        String name = user(Role.CUSTOMER, "ember-health");
        assertTrue(formLogin(ip, name, PASSWORD).endsWith("/login?error=wait"));
        assertTrue(formLogin(address(), name, PASSWORD).endsWith("/"), "other addresses are not affected");
    }

    @Test
    void everyUserChangesTheirPasswordAndItEndsTheirOtherSessions() {
        String name = user(Role.CUSTOMER, "acme-analytics");
        CookieFilter other = login(name, PASSWORD);
        CookieFilter mine = login(name, PASSWORD);
        String page = given().filter(mine).when().get("/account").then().statusCode(200)
                .body(containsString("Change your password")).extract().asString();
        String token = csrf(page);
        given().filter(mine).formParam("csrf-token", token).formParam("currentPassword", "not it")
                .formParam("newPassword", "short").formParam("confirmPassword", "short")
                .when().post("/account/password").then().statusCode(400)
                .body(containsString("Current password is not your current password"))
                .body(containsString("at least 12 characters"));
        given().filter(mine).formParam("csrf-token", token).formParam("currentPassword", PASSWORD)
                .formParam("newPassword", "Password1234").formParam("confirmPassword", "Password1234")
                .when().post("/account/password").then().statusCode(400)
                .body(containsString("common or breached"));
        // one can also end the other sessions by hand
        CookieFilter third = login(name, PASSWORD);
        String withThree = given().filter(mine).when().get("/account").then().statusCode(200)
                .body(containsString("in 3 places")).extract().asString();
        given().filter(mine).formParam("csrf-token", csrf(withThree)).when().post("/account/sessions/end-others")
                .then().statusCode(200).body(containsString("Signed out 2 other sessions"));
        given().filter(third).redirects().follow(false).when().get("/").then().statusCode(302);
        other = login(name, PASSWORD);
        String next = "violet kettle drums at noon";
        given().filter(mine).formParam("csrf-token", token).formParam("currentPassword", PASSWORD)
                .formParam("newPassword", next).formParam("confirmPassword", next)
                .when().post("/account/password").then().statusCode(200)
                .body(containsString("Your password is changed"));
        given().filter(mine).when().get("/").then().statusCode(200);
        given().filter(other).redirects().follow(false).when().get("/").then().statusCode(302)
                .header("Location", endsWith("/login"));
        assertTrue(formLogin(address(), name, PASSWORD).endsWith("/login?error=1"));
        assertTrue(formLogin(address(), name, next).endsWith("/"));
        // and over the API
        given().auth().preemptive().basic(name, next).contentType("application/json")
                .body(Map.of("currentPassword", next, "newPassword", "qwertyuiop123")).when()
                .post("/api/v1/account/password").then().statusCode(400).body("errors[0].field", equalTo("newPassword"));
        given().auth().preemptive().basic(name, next).contentType("application/json")
                .body(Map.of("currentPassword", next, "newPassword", "another long passphrase")).when()
                .post("/api/v1/account/password").then().statusCode(204);
        given().auth().preemptive().basic(name, "another long passphrase").when().get("/api/v1/clusters")
                .then().statusCode(200);
    }

    @Test
    void adminsCreateDisableResetAndChangeTheRoleOfUsers() {
        long borealis = QuarkusTransaction.requiringNew().call(() -> Customer.findBySlug("borealis-bank")
                .orElseThrow().id);
        String name = "new-" + System.nanoTime();
        admin().body(Map.of("username", name, "displayName", "New Person", "role", "customer", "customerId", borealis,
                "password", "password123456")).when().post("/api/v1/users").then().statusCode(400)
                .body("errors.field", hasItem("password"));
        admin().body(Map.of("username", name, "displayName", "New Person", "role", "support", "customerId", borealis,
                "password", PASSWORD)).when().post("/api/v1/users").then().statusCode(400)
                .body("errors.field", hasItem("customerId"));
        int id = admin().body(Map.of("username", name, "displayName", "New Person", "role", "customer",
                "customerId", borealis, "password", PASSWORD)).when().post("/api/v1/users").then().statusCode(201)
                .body("customerName", equalTo("Borealis Bank")).extract().path("id");
        given().auth().preemptive().basic("support", "support").when().get("/api/v1/users").then().statusCode(403);
        given().auth().preemptive().basic(name, PASSWORD).when().get("/api/v1/users").then().statusCode(403);

        // disabling ends the session that is open right now, and sign-in stops
        CookieFilter session = login(name, PASSWORD);
        given().filter(session).when().get("/").then().statusCode(200).body(containsString("Borealis Bank"));
        admin().body(Map.of("disabled", true)).when().patch("/api/v1/users/" + id).then().statusCode(200)
                .body("disabled", equalTo(true));
        given().filter(session).redirects().follow(false).when().get("/").then().statusCode(302);
        assertTrue(formLogin(address(), name, PASSWORD).endsWith("/login?error=1"));
        admin().body(Map.of("disabled", false)).when().patch("/api/v1/users/" + id).then().statusCode(200);

        // a reset gives a generated password once and the old one stops working
        String generated = admin().body(Map.of()).when().post("/api/v1/users/" + id + "/password").then()
                .statusCode(200).extract().path("generatedPassword");
        assertNotNull(generated);
        assertTrue(formLogin(address(), name, PASSWORD).endsWith("/login?error=1"));
        assertTrue(formLogin(address(), name, generated).endsWith("/"));

        // a role change applies at once: the user's sessions end, the next sign-in has the new role
        CookieFilter customer = login(name, generated);
        admin().body(Map.of("role", "support")).when().patch("/api/v1/users/" + id).then().statusCode(200)
                .body("role", equalTo("support")).body("customerId", equalTo(null));
        given().filter(customer).redirects().follow(false).when().get("/").then().statusCode(302);
        given().filter(login(name, generated)).when().get("/console").then().statusCode(200);
        // an admin cannot lock themselves out
        int adminId = admin().when().get("/api/v1/users").then().extract().path("find { it.username == 'admin' }.id");
        admin().body(Map.of("disabled", true)).when().patch("/api/v1/users/" + adminId).then().statusCode(400);
    }

    @Test
    void theUsersPageCreatesAndDisables() {
        CookieFilter admin = login("admin", "admin");
        String page = given().filter(admin).when().get("/console/users").then().statusCode(200)
                .body(containsString("<h1>Users</h1>")).body(containsString("acme-analytics")).extract().asString();
        String name = "page-" + System.nanoTime();
        long cobalt = QuarkusTransaction.requiringNew().call(() -> Customer.findBySlug("cobalt-games").orElseThrow().id);
        given().filter(admin).formParam("csrf-token", csrf(page)).formParam("username", name)
                .formParam("displayName", "Page Person").formParam("role", "customer")
                .formParam("customer", String.valueOf(cobalt)).formParam("password", "short")
                .when().post("/console/users").then().statusCode(400).body(containsString("at least 12 characters"));
        page = given().filter(admin).formParam("csrf-token", csrf(page)).formParam("username", name)
                .formParam("displayName", "Page Person").formParam("role", "customer")
                .formParam("customer", String.valueOf(cobalt)).formParam("password", PASSWORD)
                .when().post("/console/users").then().statusCode(200).body(containsString("User " + name + " created"))
                .extract().asString();
        long id = QuarkusTransaction.requiringNew().call(() -> AppUser.findByUsername(name).orElseThrow().id);
        given().filter(admin).formParam("csrf-token", csrf(page)).formParam("action", "disable")
                .when().post("/console/users/" + id).then().statusCode(200)
                .body(containsString("is disabled and signed out everywhere"));
        assertEquals(true, QuarkusTransaction.requiringNew().call(() -> AppUser.findByUsername(name).orElseThrow()
                .disabled));
    }

    private static Instant blockedUntil(String key) {
        return QuarkusTransaction.requiringNew().call(() -> LoginThrottle.<LoginThrottle>findById(key).blockedUntil);
    }
}
