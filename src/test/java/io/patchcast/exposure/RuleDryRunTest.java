package io.patchcast.exposure;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.patchcast.compat.RuleSet;
import io.quarkus.test.junit.QuarkusTest;

/** Dry runs: a candidate rule file is validated and compared with the active one over the fleet. */
@QuarkusTest
class RuleDryRunTest {

    static String shipped() throws IOException {
        try (InputStream in = RuleSet.class.getClassLoader().getResourceAsStream(RuleSet.DEFAULT_RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void droppingTheMsixRuleListsTheXenNodesAndClustersThatWouldLookSafe() throws IOException {
        String shipped = shipped();
        // the candidate: the incident's rule narrowed to i3, so the affected r4 and m4 nodes of Xen 4.2 change
        String candidate = shipped.replace("""
                        - fact: net.driver
                          in: [ena, ixgbevf]""".indent(8).stripTrailing(), """
                        - fact: instance.family
                          equals: i3
                        - fact: net.driver
                          in: [ena, ixgbevf]""".indent(8).stripTrailing());
        org.junit.jupiter.api.Assertions.assertNotEquals(shipped, candidate, "test setup: the rule was narrowed");
        given().auth().preemptive().basic("admin", "admin").contentType("application/json")
                .body(Map.of("rules", candidate))
                .when().post("/api/v1/rules/dry-run")
                .then().statusCode(200)
                .body("activeFingerprint", equalTo(RuleSet.loadDefault().fingerprint()))
                .body("candidateFingerprint", startsWith("sha256:"))
                .body("mode", equalTo("current"))
                .body("nodesEvaluated", greaterThan(100))
                .body("nodesChanged", greaterThan(0))
                .body("nodes.before", everyItem(equalTo("AFFECTED")))
                .body("nodes.after", everyItem(equalTo("NOT_AFFECTED")))
                .body("clusters.cluster.provider", everyItem(equalTo("AWS")))
                .body("clusters.before", hasItem("AFFECTED"));
        // the active rules themselves change nothing
        given().auth().preemptive().basic("admin", "admin").contentType("application/json")
                .body(Map.of("rules", shipped, "kernel", "5.10.120-1"))
                .when().post("/api/v1/rules/dry-run")
                .then().statusCode(200)
                .body("mode", equalTo("planned"))
                .body("nodesChanged", equalTo(0))
                .body("clusters.size()", equalTo(0));
    }

    @Test
    void aBrokenCandidateIsRefusedNamingTheRuleAndThePlace() throws IOException {
        String broken = shipped().replace("lacks: [gve]", "lacks: [gvee]");
        given().auth().preemptive().basic("admin", "admin").contentType("application/json")
                .body(Map.of("rules", broken))
                .when().post("/api/v1/rules/dry-run")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("rules"))
                .body("errors[0].message", containsString("rule 'gcp-gvnic-boot-kernel-without-gve': module 'gvee'"
                        + " is not tracked"))
                .body("errors[0].message", containsString("(at match.all[2].first_known[0].lacks)"));
    }

    @Test
    void onlyAdminsDryRunAndStaffSeeTheActiveRules() {
        given().auth().preemptive().basic("support", "support").contentType("application/json")
                .body(Map.of("rules", "rules: []")).when().post("/api/v1/rules/dry-run")
                .then().statusCode(403);
        given().auth().preemptive().basic("support", "support").when().get("/api/v1/rules")
                .then().statusCode(200)
                .body("fingerprint", equalTo(RuleSet.loadDefault().fingerprint()))
                .body("rules.id", hasItem("aws-nitro-initramfs-nvme-ena"))
                .body("rules.find { it.id == 'aws-nitro-initramfs-nvme-ena' }.confidence.claims[0].sources[0]",
                        startsWith("https://"));
    }
}
