package io.patchcast.incident;

import static io.patchcast.incident.IncidentTestSupport.as;
import static io.patchcast.incident.IncidentTestSupport.body;
import static io.patchcast.incident.IncidentTestSupport.clusterOf;
import static io.patchcast.incident.IncidentTestSupport.clusters;
import static io.patchcast.incident.IncidentTestSupport.publishedFor;
import static io.patchcast.incident.IncidentTestSupport.slugsOf;
import static io.patchcast.incident.IncidentTestSupport.staff;
import static io.patchcast.incident.IncidentTestSupport.uniqueSlug;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.patchcast.fleet.Node;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** The incidents API: drafts for staff only, publication to the scope, 404 outside it, problem+json errors. */
@QuarkusTest
class IncidentResourceTest {

    @Test
    void draftIsStaffOnlyAndPublicationReachesExactlyTheScope() {
        long acme = clusterOf("acme-analytics");
        String slug = uniqueSlug("draft");
        staff().body(body(slug, "Kafka brokers restarted", "Brokers restarted.", "Body", clusters(acme)))
                .when().post("/api/v1/incidents")
                .then().statusCode(201).header("Location", containsString("/api/v1/incidents/" + slug))
                .body("published", equalTo(false)).body("status", equalTo("INVESTIGATING"));

        assertTrue(slugsOf("support").contains(slug));
        assertFalse(slugsOf("acme-analytics").contains(slug), "draft listed to a customer");
        as("acme-analytics").when().get("/api/v1/incidents/" + slug).then().statusCode(404)
                .contentType("application/problem+json");

        staff().when().post("/api/v1/incidents/" + slug + "/publish").then().statusCode(200)
                .body("published", equalTo(true)).body("affectedCustomerCount", equalTo(1));

        assertTrue(slugsOf("acme-analytics").contains(slug));
        as("acme-analytics").when().get("/api/v1/incidents/" + slug).then().statusCode(200)
                .body("affectedClusters.id", contains((int) acme))
                .body("bodyMarkdown", nullValue()).body("scope", nullValue());
        assertFalse(slugsOf("borealis-bank").contains(slug), "listed to a customer outside the scope");
        as("borealis-bank").when().get("/api/v1/incidents/" + slug).then().statusCode(404);

        staff().when().post("/api/v1/incidents/" + slug + "/publish").then().statusCode(409);
    }

    @Test
    void resolvedIncidentStaysReadable() {
        String slug = publishedFor("Redis failover", "Failover.", "Text", clusterOf("acme-analytics"));
        staff().body(Map.of("status", "resolved", "body", "All clear."))
                .when().post("/api/v1/incidents/" + slug + "/updates")
                .then().statusCode(201).body("status", equalTo("RESOLVED")).body("resolvedAt", not(nullValue()));
        as("acme-analytics").when().get("/api/v1/incidents/" + slug).then().statusCode(200)
                .body("status", equalTo("RESOLVED")).body("updates[0].bodyHtml", containsString("All clear."));
    }

    @Test
    void payloadsComeOutInertInTheApi() {
        String doc = XssPayloads.document();
        String slug = publishedFor("<script>alert(1)</script>", "<img src=x onerror=alert(2)>", doc,
                clusterOf("acme-analytics"));
        staff().body(Map.of("status", "identified", "body", doc))
                .when().post("/api/v1/incidents/" + slug + "/updates").then().statusCode(201);
        JsonPath json = as("acme-analytics").when().get("/api/v1/incidents/" + slug).then().statusCode(200)
                .extract().jsonPath();
        assertNull(XssPayloads.liveMarkup(json.getString("bodyHtml")), json.getString("bodyHtml"));
        assertNull(XssPayloads.liveMarkup(json.getString("updates[0].bodyHtml")));
        // title and summary are plain text data in JSON; pages escape them (IncidentPagesTest)
        assertEquals("<script>alert(1)</script>", json.getString("title"));
    }

    @Test
    void invalidInputIsProblemJsonWithFieldErrors() {
        staff().body(Map.of("title", "", "severity", "apocalyptic", "summary", "s", "body", "b"))
                .when().post("/api/v1/incidents")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("title")).body("errors.field", hasItem("severity"));
        staff().body(body(uniqueSlug("bad"), "T", "S", "B",
                Map.of("ruleIds", List.of("no-such-rule"), "providers", List.of("ibm"), "clusterIds", List.of(-5))))
                .when().post("/api/v1/incidents")
                .then().statusCode(400)
                .body("errors.field", hasItem("scope.ruleIds"))
                .body("errors.field", hasItem("scope.providers"))
                .body("errors.field", hasItem("scope.clusterIds"));
        String empty = uniqueSlug("empty");
        staff().body(body(empty, "T", "S", "B", Map.of())).when().post("/api/v1/incidents").then().statusCode(201);
        staff().when().post("/api/v1/incidents/" + empty + "/publish").then().statusCode(422)
                .body("rule", equalTo("incident-scope-empty"));
    }

    @Test
    void customersCannotWrite() {
        as("acme-analytics").body(body(uniqueSlug("x"), "T", "S", "B", Map.of()))
                .when().post("/api/v1/incidents").then().statusCode(403);
        String slug = publishedFor("Mine", "S", "B", clusterOf("acme-analytics"));
        as("acme-analytics").when().post("/api/v1/incidents/" + slug + "/publish").then().statusCode(403);
        as("acme-analytics").body(Map.of("title", "hijack")).when().patch("/api/v1/incidents/" + slug)
                .then().statusCode(403);
    }

    @Test
    void patchChangesOnlyGivenFields() {
        String slug = uniqueSlug("patch");
        staff().body(body(slug, "Old title", "Old summary", "Old body", Map.of())).when().post("/api/v1/incidents")
                .then().statusCode(201);
        staff().body(Map.of("title", "New title")).when().patch("/api/v1/incidents/" + slug)
                .then().statusCode(200).body("title", equalTo("New title")).body("summary", equalTo("Old summary"));
        staff().body(Map.of("title", "T", "severity", "minor", "summary", "S2", "body", "# Heading"))
                .when().put("/api/v1/incidents/" + slug)
                .then().statusCode(200).body("severity", equalTo("MINOR"))
                .body("bodyHtml", containsString("<h1>Heading</h1>"));
    }

    /**
     * Rule scopes: the clusters kept are exactly the AWS clusters with a node that the MSI-X rule's facts make
     * affected now (Xen 4.2 host, affected 5.10 kernel, ena or ixgbevf), checked here from the node columns.
     */
    @Test
    void ruleScopeKeepsTheClustersCurrentlyAffected() {
        String slug = uniqueSlug("rule");
        staff().body(body(slug, "MSI-X", "S", "B", Map.of("providers", List.of("aws"),
                "ruleIds", List.of("xen-hvm-msix-masking")))).when().post("/api/v1/incidents").then().statusCode(201);
        JsonPath audience = staff().when().get("/api/v1/incidents/" + slug + "/audience").then().statusCode(200)
                .extract().jsonPath();
        Set<Long> got = new HashSet<>();
        audience.getList("customers.clusters.id.flatten()", Number.class).forEach(n -> got.add(n.longValue()));

        Set<Long> expected = new HashSet<>(QuarkusTransaction.requiringNew().call(() -> Node.getEntityManager()
                .createQuery("select distinct n.cluster.id from Node n where n.cluster.provider = ?1"
                        + " and n.hypervisorType = 'xen' and n.hypervisorVersion = '4.2'"
                        + " and n.kernelVersion in ('5.10.92-2', '5.10.103-1', '5.10.106-1', '5.10.113-1')"
                        + " and (n.netDrivers like '%ena%' or n.netDrivers like '%ixgbevf%')", Long.class)
                .setParameter(1, io.patchcast.fleet.Provider.AWS).getResultList()));
        assertFalse(expected.isEmpty(), "the demo fleet has affected clusters");
        assertEquals(expected, got);
        assertEquals(got.size(), audience.getInt("clusterCount"));
    }
}
