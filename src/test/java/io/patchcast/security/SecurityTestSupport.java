package io.patchcast.security;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.patchcast.customer.Customer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.filter.cookie.CookieFilter;

/** Logins, tokens and users of their own for the security tests, so no test locks or changes a demo login. */
final class SecurityTestSupport {

    static final String PASSWORD = "a perfectly long test passphrase";

    private SecurityTestSupport() {
    }

    static CookieFilter login(String user, String password) {
        CookieFilter cookies = new CookieFilter();
        given().filter(cookies).redirects().follow(false)
                .formParam("j_username", user).formParam("j_password", password)
                .when().post("/j_security_check").then().statusCode(302);
        return cookies;
    }

    static String csrf(String page) {
        Matcher m = Pattern.compile("name=\"csrf-token\" value=\"([^\"]+)\"").matcher(page);
        assertTrue(m.find(), "the page carries a CSRF token");
        return m.group(1);
    }

    /** A fresh user with {@link #PASSWORD}; customer users belong to the given customer. */
    static String user(String role, String customerSlug) {
        String name = "t-" + role + "-" + UUID.randomUUID().toString().substring(0, 8);
        QuarkusTransaction.requiringNew().run(() -> AppUser.create(name, PASSWORD, role, "Test " + name,
                customerSlug == null ? null : Customer.findBySlug(customerSlug).orElseThrow(), Instant.now()));
        return name;
    }

    static long sessionsOf(String username) {
        return QuarkusTransaction.requiringNew().call(() -> UserSession.count("user.username = ?1 and pending = false",
                username));
    }
}
