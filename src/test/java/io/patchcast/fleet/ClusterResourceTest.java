package io.patchcast.fleet;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ClusterResourceTest {

    @Test
    void staffListIsPagedAndFiltered() {
        given().auth().preemptive().basic("support", "support")
                .when().get("/api/v1/clusters?provider=gcp&size=5&page=1")
                .then().statusCode(200)
                .body("items", hasSize(5))
                .body("items.provider", everyItem(equalTo("GCP")))
                .body("page", equalTo(1))
                .body("size", equalTo(5))
                .body("totalPages", notNullValue());
        given().auth().preemptive().basic("support", "support")
                .when().get("/api/v1/clusters?customer=borealis-bank&size=200")
                .then().statusCode(200)
                .body("items.customerSlug", everyItem(equalTo("borealis-bank")));
    }

    @Test
    void badQueryParametersAreProblem400s() {
        given().auth().preemptive().basic("support", "support")
                .when().get("/api/v1/clusters?provider=ibm")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("provider"))
                .body("errors[0].message", containsString("aws, gcp, azure, self-hosted"))
                .body(not(containsString("Exception")));
        given().auth().preemptive().basic("support", "support")
                .when().get("/api/v1/clusters?page=abc")
                .then().statusCode(400).body("errors[0].field", equalTo("page"));
        given().auth().preemptive().basic("support", "support")
                .when().get("/api/v1/clusters?size=100000")
                .then().statusCode(400).body("errors[0].field", equalTo("size"))
                .body("errors[0].message", containsString("between 1 and 200"));
        given().auth().preemptive().basic("support", "support")
                .when().get("/api/v1/clusters/not-a-number")
                .then().statusCode(400).body("errors[0].field", equalTo("id"));
    }

    @Test
    void nodesCarryDerivedFacts() {
        given().auth().preemptive().basic("support", "support")
                .when().get("/api/v1/clusters?provider=aws&size=1")
                .then().statusCode(200);
        int id = given().auth().preemptive().basic("support", "support")
                .when().get("/api/v1/clusters?provider=aws&size=1")
                .then().extract().path("items[0].id");
        given().auth().preemptive().basic("support", "support")
                .when().get("/api/v1/clusters/" + id + "/nodes")
                .then().statusCode(200)
                .body("instanceId", everyItem(notNullValue()));
    }

    @Test
    void unknownApiPathIsProblemJson() {
        given().auth().preemptive().basic("support", "support")
                .when().get("/api/v1/nothing-here")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void openApiDescribesTheApi() {
        given().auth().preemptive().basic("support", "support").when().get("/q/openapi?format=json")
                .then().statusCode(200)
                .body("paths.'/api/v1/clusters'", notNullValue())
                .body("paths.'/api/v1/clusters/{id}/nodes'", notNullValue());
    }
}
