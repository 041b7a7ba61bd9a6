package io.patchcast.exposure;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.patchcast.fleet.Cluster;
import io.patchcast.testdata.CompatData;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ExposureResourceTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode fixtures() throws IOException {
        return CompatData.fixtures();
    }

    @Test
    void everySharedFixtureGivesItsVerdictThroughTheApi() throws IOException {
        for (JsonNode fixture : fixtures()) {
            String body = JSON.writeValueAsString(Map.of("facts", fixture.get("facts")));
            String verdict = given().auth().preemptive().basic("support", "support")
                    .contentType("application/json").body(body)
                    .when().post("/api/v1/exposure/evaluate")
                    .then().statusCode(200)
                    .body("mode", equalTo("current"))
                    .extract().path("verdict");
            assertEquals(fixture.get("expect").asText(), verdict, fixture.get("name").asText());
        }
    }

    @Test
    void plannedKernelDecidesTheVerdict() throws IOException {
        JsonNode xen42 = fixtures().get(0).get("facts"); // i3 on Xen 4.2 with ena
        String fixed = JSON.writeValueAsString(Map.of("facts", xen42, "plannedKernel", "5.10.120-1"));
        given().auth().preemptive().basic("support", "support").contentType("application/json").body(fixed)
                .when().post("/api/v1/exposure/evaluate")
                .then().statusCode(200)
                .body("verdict", equalTo("NOT_AFFECTED"))
                .body("mode", equalTo("planned"))
                .body("kernel", equalTo("5.10.120-1"))
                .body("derived.'hypervisor.version'", equalTo("4.2"));
        String broken = JSON.writeValueAsString(Map.of("facts", xen42, "plannedKernel", "5.10.113-1"));
        given().auth().preemptive().basic("support", "support").contentType("application/json").body(broken)
                .when().post("/api/v1/exposure/evaluate")
                .then().statusCode(200)
                .body("verdict", equalTo("AFFECTED"))
                .body("rules.find { it.verdict == 'AFFECTED' }.explanation", notNullValue())
                .body("remediation.size()", greaterThan(0));
    }

    @Test
    void missingHypervisorVersionIsUnknownWithTheFactNamed() throws IOException {
        ObjectNode facts = (ObjectNode) fixtures().get(0).get("facts").deepCopy();
        ObjectNode sysfs = (ObjectNode) facts.get("sysfs");
        sysfs.remove("hypervisor/version/minor");
        sysfs.remove("hypervisor/version/major");
        ((ObjectNode) facts.get("dmi")).remove("bios_version");
        given().auth().preemptive().basic("support", "support").contentType("application/json")
                .body(JSON.writeValueAsString(Map.of("facts", facts)))
                .when().post("/api/v1/exposure/evaluate")
                .then().statusCode(200)
                .body("verdict", equalTo("UNKNOWN"))
                .body("rules.find { it.verdict == 'UNKNOWN' }.missingFacts.fact", hasItem("hypervisor.version"))
                .body("rules.find { it.verdict == 'UNKNOWN' }.missingFacts.howToCollect", everyItem(notNullValue()));
    }

    @Test
    void emptyFactsAreUnknownNeverNotAffected() {
        given().auth().preemptive().basic("support", "support").contentType("application/json")
                .body("{\"facts\": {}}")
                .when().post("/api/v1/exposure/evaluate")
                .then().statusCode(200).body("verdict", equalTo("UNKNOWN"));
    }

    @Test
    void badInputIsAProblemNamingTheField() {
        given().auth().preemptive().basic("support", "support").contentType("application/json")
                .body("{\"facts\": {}, \"plannedKernel\": \"not a version!\"}")
                .when().post("/api/v1/exposure/evaluate")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("plannedKernel"));
        given().auth().preemptive().basic("support", "support").contentType("application/json")
                .body("{\"facts\": {\"sysfs\": \"xen\"}}")
                .when().post("/api/v1/exposure/evaluate")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("facts.sysfs"))
                .body(not(containsString("java.")));
        given().auth().preemptive().basic("support", "support").contentType("application/json")
                .body("{\"facts\": ")
                .when().post("/api/v1/exposure/evaluate")
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().preemptive().basic("support", "support").contentType("application/json")
                .body("{}")
                .when().post("/api/v1/exposure/evaluate")
                .then().statusCode(400).body("errors[0].field", equalTo("facts"));
    }

    @Test
    void evaluateIsStaffOnly() {
        given().auth().preemptive().basic("acme-analytics", "demo").contentType("application/json")
                .body("{\"facts\": {}}")
                .when().post("/api/v1/exposure/evaluate")
                .then().statusCode(403);
    }

    @Test
    void clusterExposureIsScopedAndPerNode() {
        long own = QuarkusTransaction.requiringNew().call(() -> Cluster.<Cluster>find(
                "customer.slug = ?1 order by id", "acme-analytics").firstResult().id);
        long foreign = QuarkusTransaction.requiringNew().call(() -> Cluster.<Cluster>find(
                "customer.slug <> ?1 order by id", "acme-analytics").firstResult().id);
        given().auth().preemptive().basic("acme-analytics", "demo")
                .when().get("/api/v1/clusters/" + own + "/exposure?kernel=5.10.113-1")
                .then().statusCode(200)
                .body("mode", equalTo("planned"))
                .body("nodes.size()", greaterThan(0))
                .body("nodes.verdict", everyItem(notNullValue()));
        given().auth().preemptive().basic("acme-analytics", "demo")
                .when().get("/api/v1/clusters/" + foreign + "/exposure")
                .then().statusCode(404);
        given().auth().preemptive().basic("acme-analytics", "demo")
                .when().get("/api/v1/clusters/" + own + "/exposure?kernel=%25%25")
                .then().statusCode(400).body("errors[0].field", equalTo("kernel"));
    }

    @Test
    void summaryCountsTheWholeFleet() {
        long nodes = QuarkusTransaction.requiringNew().call(() -> io.patchcast.fleet.Node.count());
        List<Integer> totals = given().auth().preemptive().basic("support", "support")
                .when().get("/api/v1/exposure/summary?kernel=5.10.113-1")
                .then().statusCode(200)
                .body("nodes", equalTo((int) nodes))
                .body("nodeTotals.affected", greaterThan(0))
                .body("rows.find { it.provider == 'gcp' }.affected", equalTo(0))
                .extract().path("rows.collect { it.affected + it.unknown + it.notAffected }");
        assertEquals(nodes, totals.stream().mapToLong(Integer::longValue).sum());
        // Xen 4.2 i3 nodes on ena are the incident: affected by the planned kernel
        given().auth().preemptive().basic("support", "support")
                .when().get("/api/v1/exposure/summary?kernel=5.10.113-1")
                .then().body("rows.find { it.instanceFamily == 'i3' && it.hypervisorVersion == '4.2' }.affected",
                        greaterThan(0))
                .body("rows.find { it.instanceFamily == 'i3en' }.affected", equalTo(0));
        given().auth().preemptive().basic("acme-analytics", "demo")
                .when().get("/api/v1/exposure/summary").then().statusCode(403);
    }
}
