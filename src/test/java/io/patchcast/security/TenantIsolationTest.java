package io.patchcast.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.not;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.patchcast.fleet.Cluster;
import io.patchcast.fleet.Node;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/** A customer user sees only its own customer's data, over the API and the pages, whatever it asks for. */
@QuarkusTest
class TenantIsolationTest {

    record Target(long clusterId, String ownerSlug, String instanceId) {
    }

    /** A cluster of another customer than acme-analytics, with one of its node ids. */
    private static Target foreignCluster() {
        return QuarkusTransaction.requiringNew().call(() -> {
            Cluster c = Cluster.<Cluster>find("customer.slug <> ?1 order by id", "acme-analytics").firstResult();
            Node n = Node.<Node>find("cluster.id = ?1", c.id).firstResult();
            return new Target(c.id, c.customer.slug, n.instanceId);
        });
    }

    private static long ownCluster() {
        return QuarkusTransaction.requiringNew().call(() -> Cluster.<Cluster>find("customer.slug = ?1 order by id",
                "acme-analytics").firstResult().id);
    }

    @Test
    void listShowsOnlyOwnClusters() {
        given().auth().preemptive().basic("acme-analytics", "demo")
                .when().get("/api/v1/clusters?size=200")
                .then().statusCode(200)
                .body("total", greaterThan(0))
                .body("items.customerSlug", everyItem(equalTo("acme-analytics")));
    }

    @Test
    void customerFilterCannotWidenScope() {
        given().auth().preemptive().basic("acme-analytics", "demo")
                .when().get("/api/v1/clusters?customer=borealis-bank&size=200")
                .then().statusCode(200)
                .body("items.customerSlug", everyItem(equalTo("acme-analytics")));
    }

    @Test
    void anotherCustomersClusterIsNotFoundOverApi() {
        Target t = foreignCluster();
        for (String path : List.of("/api/v1/clusters/" + t.clusterId(), "/api/v1/clusters/" + t.clusterId() + "/nodes")) {
            given().auth().preemptive().basic("acme-analytics", "demo")
                    .when().get(path)
                    .then().statusCode(404)
                    .contentType("application/problem+json")
                    .body("status", equalTo(404))
                    .body(not(containsString(t.instanceId())));
        }
        // and it is the same answer as for an id that does not exist at all
        given().auth().preemptive().basic("acme-analytics", "demo")
                .when().get("/api/v1/clusters/99999999")
                .then().statusCode(404).body("detail", equalTo("Cluster 99999999 was not found."));
    }

    @Test
    void ownClusterIsReadable() {
        long id = ownCluster();
        given().auth().preemptive().basic("acme-analytics", "demo")
                .when().get("/api/v1/clusters/" + id + "/nodes")
                .then().statusCode(200).body("size()", greaterThan(0));
    }

    @Test
    void staffSeeEveryCustomer() {
        Target t = foreignCluster();
        given().auth().preemptive().basic("support", "support")
                .when().get("/api/v1/clusters/" + t.clusterId())
                .then().statusCode(200).body("cluster.customerSlug", equalTo(t.ownerSlug()));
        given().auth().preemptive().basic("support", "support")
                .when().get("/api/v1/customers")
                .then().statusCode(200).body("size()", equalTo(30));
    }

    @Test
    void customersListIsStaffOnly() {
        given().auth().preemptive().basic("acme-analytics", "demo")
                .when().get("/api/v1/customers")
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void apiWithoutCredentialsIsChallenged() {
        given().when().get("/api/v1/clusters")
                .then().statusCode(401);
        given().auth().preemptive().basic("acme-analytics", "wrong")
                .when().get("/api/v1/clusters")
                .then().statusCode(401);
    }
}
