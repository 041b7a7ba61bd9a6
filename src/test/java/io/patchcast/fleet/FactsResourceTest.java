package io.patchcast.fleet;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.patchcast.security.ApiTokenService;
import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class FactsResourceTest {

    @Test
    void agentPostsFactsAndTheServerDerivesThemKeepingRawValues() {
        String secret = FactsTestSupport.token("acme agent", "acme-analytics");
        long cluster = FactsTestSupport.cluster("acme-analytics", Provider.AWS);
        given().header("Authorization", "Bearer " + secret).contentType("application/json")
                .body(FactsTestSupport.xenDoc(cluster, "i-0facts000000001"))
                .when().post("/api/v1/facts")
                .then().statusCode(200)
                .body("accepted", equalTo(1))
                .body("nodes[0].outcome", equalTo("created"))
                .body("nodes[0].exposure", equalTo("AFFECTED"))
                .body("nodes[0].derived.hypervisorType", equalTo("xen"))
                .body("nodes[0].derived.hypervisorVersion", equalTo("4.2"))
                .body("nodes[0].derived.instanceFamily", equalTo("i3"))
                .body("nodes[0].derived.kernelVersion", equalTo("5.10.113-1"))
                .body("nodes[0].derived.kernelStream", equalTo("stable"))
                .body("nodes[0].derived.netDrivers", equalTo(List.of("ena")));
        Node node = QuarkusTransaction.requiringNew().call(() -> Node.findByInstanceId("i-0facts000000001").orElseThrow());
        assertTrue(node.factsJson.contains("\"xen\\n\""), "raw sysfs value keeps its newline: " + node.factsJson);
        assertEquals(1, QuarkusTransaction.requiringNew().call(
                () -> NodeFactsHistory.count("node.id", node.id)));

        // the kernel moves on: the history says what changed
        Map<String, Object> newer = FactsTestSupport.xenDoc(cluster, "i-0facts000000001");
        newer.put("kernelPackage", Map.of("name", "linux-image-5.10.0-15-amd64", "version", "5.10.120-1"));
        newer.put("collectedAt", "2022-06-20T10:00:00Z");
        given().header("Authorization", "Bearer " + secret).contentType("application/json").body(newer)
                .when().post("/api/v1/facts")
                .then().statusCode(200).body("nodes[0].outcome", equalTo("updated"));
        List<NodeFactsHistory> history = QuarkusTransaction.requiringNew()
                .call(() -> NodeFactsHistory.latestForNode(node.id, 10));
        assertEquals(2, history.size());
        assertTrue(history.get(0).changes.contains("kernelVersion 5.10.113-1 → 5.10.120-1"), history.get(0).changes);
        assertTrue(history.get(0).changes.contains("exposure AFFECTED → NOT_AFFECTED"), history.get(0).changes);

        // a late delivery of the older document does not roll the node back
        given().header("Authorization", "Bearer " + secret).contentType("application/json")
                .body(FactsTestSupport.xenDoc(cluster, "i-0facts000000001"))
                .when().post("/api/v1/facts")
                .then().statusCode(200).body("nodes[0].outcome", equalTo("ignored-older"))
                .body("nodes[0].derived.kernelVersion", equalTo("5.10.120-1"));
    }

    @Test
    void tokenOfOneCustomerCannotWriteToAnothersCluster() {
        String secret = FactsTestSupport.token("acme only", "acme-analytics");
        long foreign = FactsTestSupport.anyCluster("borealis-bank");
        Map<String, Object> doc = FactsTestSupport.xenDoc(foreign, "i-0facts000000002");
        doc.remove("provider");
        given().header("Authorization", "Bearer " + secret).contentType("application/json").body(doc)
                .when().post("/api/v1/facts")
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("clusterId"))
                .body("errors[0].message", containsString("may not write"));
        assertTrue(QuarkusTransaction.requiringNew().call(() -> Node.findByInstanceId("i-0facts000000002")).isEmpty());
    }

    @Test
    void instanceOfAnotherClusterIsRefused() {
        String secret = FactsTestSupport.token("fleet agent", null);
        Node existing = QuarkusTransaction.requiringNew().call(() -> Node.<Node>find(
                "select n from Node n join fetch n.cluster c where c.provider = ?1 order by n.id", Provider.AWS)
                .firstResult());
        long other = QuarkusTransaction.requiringNew().call(() -> Cluster.<Cluster>find(
                "provider = ?1 and id <> ?2 order by id", Provider.AWS, existing.cluster.id).firstResult().id);
        given().header("Authorization", "Bearer " + secret).contentType("application/json")
                .body(FactsTestSupport.xenDoc(other, existing.instanceId))
                .when().post("/api/v1/facts")
                .then().statusCode(422)
                .body("errors[0].field", equalTo("instanceId"))
                .body("errors[0].message", equalTo("belongs to another cluster"));
    }

    @Test
    void badBatchStoresNothingAndNamesEachBadEntry() {
        String secret = FactsTestSupport.token("batch agent", "acme-analytics");
        long cluster = FactsTestSupport.cluster("acme-analytics", Provider.AWS);
        Map<String, Object> good = FactsTestSupport.xenDoc(cluster, "i-0batch000000001");
        Map<String, Object> badProvider = FactsTestSupport.xenDoc(cluster, "i-0batch000000002");
        badProvider.put("provider", "ibm");
        Map<String, Object> badTypes = FactsTestSupport.xenDoc(cluster, "i-0batch000000003");
        badTypes.put("netDrivers", "ena");
        badTypes.put("collectedAt", "yesterday");
        Map<String, Object> noInstance = FactsTestSupport.xenDoc(cluster, "x");
        noInstance.remove("instanceId");
        given().header("Authorization", "Bearer " + secret).contentType("application/json")
                .body(List.of(good, badProvider, badTypes, noInstance))
                .when().post("/api/v1/facts")
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("detail", containsString("nothing was stored"))
                .body("errors.field", containsInAnyOrder("[1].provider", "[2].netDrivers", "[2].collectedAt",
                        "[3].instanceId"));
        assertTrue(QuarkusTransaction.requiringNew().call(() -> Node.findByInstanceId("i-0batch000000001")).isEmpty());

        given().header("Authorization", "Bearer " + secret).contentType("application/json")
                .body(List.of(good, FactsTestSupport.xenDoc(cluster, "i-0batch000000001")))
                .when().post("/api/v1/facts")
                .then().statusCode(422).body("errors.field", hasItem("[1].instanceId"));
        given().header("Authorization", "Bearer " + secret).contentType("application/json")
                .body(List.of(good, FactsTestSupport.xenDoc(cluster, "i-0batch000000004")))
                .when().post("/api/v1/facts")
                .then().statusCode(200).body("accepted", equalTo(2));
    }

    @Test
    void malformedJsonIsAProblem400() {
        String secret = FactsTestSupport.token("typo agent", null);
        given().header("Authorization", "Bearer " + secret).contentType("application/json")
                .body("{\"clusterId\": \"1\",")
                .when().post("/api/v1/facts")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("body"))
                .body(not(containsString("Exception")));
        given().header("Authorization", "Bearer " + secret).contentType("application/json").body("[]")
                .when().post("/api/v1/facts")
                .then().statusCode(400).body("errors[0].message", containsString("at least one"));
        given().header("Authorization", "Bearer " + secret).contentType("application/json")
                .body(java.util.Collections.nCopies(1001, Map.of()))
                .when().post("/api/v1/facts")
                .then().statusCode(400).body("errors[0].message", containsString("at most 1000"));
        given().header("Authorization", "Bearer " + secret).contentType("application/json").body("\"just a string\"")
                .when().post("/api/v1/facts")
                .then().statusCode(422).body("errors[0].field", equalTo("body"));
    }

    @Test
    void revokedTokenIsRefusedAtOnceAndNoTokenIsA401NotARedirect() {
        String secret = FactsTestSupport.token("short lived", null);
        long cluster = FactsTestSupport.cluster("borealis-bank", Provider.AWS);
        given().header("Authorization", "Bearer " + secret).contentType("application/json")
                .body(FactsTestSupport.xenDoc(cluster, "i-0revoke00000001"))
                .when().post("/api/v1/facts").then().statusCode(200);
        ApiTokenService tokens = Arc.container().instance(ApiTokenService.class).get();
        tokens.revoke(FactsTestSupport.ADMIN, FactsTestSupport.tokenId(secret));
        given().header("Authorization", "Bearer " + secret).contentType("application/json")
                .body(FactsTestSupport.xenDoc(cluster, "i-0revoke00000001"))
                .when().post("/api/v1/facts").then().statusCode(401);
        given().redirects().follow(false).contentType("application/json").body("{}")
                .when().post("/api/v1/facts")
                .then().statusCode(401).header("WWW-Authenticate", containsString("Bearer"));
        given().redirects().follow(false).header("Authorization", "Bearer pct_not-a-real-token")
                .when().get("/api/v1/clusters").then().statusCode(401);
    }

    @Test
    void peopleStillUseBasicButMayNotPostFacts() {
        given().auth().preemptive().basic("acme-analytics", "demo")
                .when().get("/api/v1/clusters").then().statusCode(200);
        given().auth().preemptive().basic("admin", "admin").contentType("application/json").body("{}")
                .when().post("/api/v1/facts").then().statusCode(403);
    }

    @Test
    void agentTokenCannotReadClusters() {
        String secret = FactsTestSupport.token("nosy agent", "acme-analytics");
        given().header("Authorization", "Bearer " + secret)
                .when().get("/api/v1/clusters").then().statusCode(403);
        assertFalse(secret.isBlank());
    }

    @Test
    void oversizedBodyIsAProblem413() {
        String secret = FactsTestSupport.token("chatty agent", null);
        byte[] body = new byte[2 * 1024 * 1024 + 1];
        java.util.Arrays.fill(body, (byte) ' ');
        body[0] = '[';
        body[body.length - 1] = ']';
        given().header("Authorization", "Bearer " + secret).contentType("application/json").body(body)
                .when().post("/api/v1/facts")
                .then().statusCode(413)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("body"));
    }

    @Test
    void clusterPageShowsRawAndDerivedFactsAndFlagsStaleOnes() {
        String secret = FactsTestSupport.token("page agent", "borealis-bank");
        long cluster = FactsTestSupport.cluster("borealis-bank", Provider.AWS);
        // collected in 2022: far older than the seven days after which facts are stale
        given().header("Authorization", "Bearer " + secret).contentType("application/json")
                .body(FactsTestSupport.xenDoc(cluster, "i-0stale000000001"))
                .when().post("/api/v1/facts").then().statusCode(200);
        io.restassured.filter.cookie.CookieFilter cookies = FactsTestSupport.login("borealis-bank", "demo");
        given().filter(cookies).when().get("/clusters/" + cluster)
                .then().statusCode(200)
                .body(containsString("<h2>Node facts</h2>"))
                .body(containsString("i-0stale000000001"))
                .body(containsString("<span class=\"tag stale\">stale</span>"))
                .body(containsString("have stale facts"))
                .body(containsString("xen 4.2"))
                .body(containsString("&quot;hypervisor/type&quot; : &quot;xen\\n&quot;"))
                .body(containsString("badge-AFFECTED"));
    }
}
