package io.patchcast.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;

import org.junit.jupiter.api.Test;

import io.patchcast.compat.RuleSet;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.filter.cookie.CookieFilter;

/** The rules page: staff see the active rule set's version and each rule's confidence and sources. */
@QuarkusTest
class RulesPagesTest {

    @Test
    void staffSeeTheActiveRuleSetWithConfidenceAndSources() {
        CookieFilter cookies = LoginAndPagesTest.login("support", "support");
        given().filter(cookies).when().get("/console/rules")
                .then().statusCode(200)
                .body(containsString("<title>Compatibility rules"))
                .body(containsString("<code>" + RuleSet.loadDefault().fingerprint() + "</code>, from built-in compat/rules.yaml"))
                .body(containsString("id=\"rule-gcp-gvnic-boot-kernel-without-gve\""))
                .body(matchesPattern("(?s).*id=\"rule-ice-bond-deadlock-5.15-6.1\".*confidence-medium.*"))
                .body(containsString("<a href=\"https://cloud.google.com/compute/docs/networking/using-gvnic\""))
                .body(containsString("<span class=\"claim claim-unverified\">unverified</span>"))
                .body(containsString("<code>boot.initramfs.modules</code>"))
                .body(containsString("aria-current=\"page\">Rules</a>"));
    }

    @Test
    void adminsDryRunACandidateFromThePageAndSeeItsErrors() throws Exception {
        CookieFilter cookies = LoginAndPagesTest.login("admin", "admin");
        String page = given().filter(cookies).when().get("/console/rules").then().statusCode(200)
                .body(containsString("Dry run a rule file")).extract().asString();
        String csrf = ExposurePagesTest.csrf(page);
        String shipped;
        try (var in = RuleSet.class.getClassLoader().getResourceAsStream(RuleSet.DEFAULT_RESOURCE)) {
            shipped = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        given().filter(cookies).formParam("csrf-token", csrf).formParam("rules", shipped).formParam("kernel", "")
                .when().post("/console/rules/dry-run")
                .then().statusCode(200)
                .body(matchesPattern("(?s).*<strong>0</strong> of [0-9]+ nodes and <strong>0</strong> clusters change verdict.*"));
        given().filter(cookies).formParam("csrf-token", csrf).formParam("rules", shipped.replace("lacks: [gve]", "lacks: [gvee]"))
                .when().post("/console/rules/dry-run")
                .then().statusCode(200)
                .body(containsString("role=\"alert\""))
                .body(containsString("module &#39;gvee&#39; is not tracked"))
                .body(containsString("lacks: [gvee]"));
    }

    @Test
    void supportSeesTheRulesButNoDryRun() {
        CookieFilter cookies = LoginAndPagesTest.login("support", "support");
        given().filter(cookies).when().get("/console/rules").then().statusCode(200)
                .body(org.hamcrest.Matchers.not(containsString("Dry run a rule file")));
    }

    @Test
    void customersDoNotSeeTheRulesPage() {
        CookieFilter cookies = LoginAndPagesTest.login("acme-analytics", "demo");
        given().filter(cookies).redirects().follow(false).when().get("/console/rules")
                .then().statusCode(403);
    }
}
