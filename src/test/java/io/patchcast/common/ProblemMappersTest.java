package io.patchcast.common;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ProblemMappersTest {

    @Test
    void aDuplicateCreatedAtTheSameMomentIsAConflictNotA500() {
        // a page route: a JSON post needs the CSRF token in its header (16 bytes, as rest-csrf issues them)
        String token = "AAAAAAAAAAAAAAAAAAAAAA";
        given().contentType("application/json").body("{}").cookie("patchcast-csrf", token).header("X-CSRF-TOKEN", token)
                .when().post("/test-probe/duplicate-contact")
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("Retry the request"))
                .body(not(containsString("uk_contact_email")))
                .body(not(containsString("Exception")));
    }

    @Test
    void aBodylessPostRefusedByTheCsrfFilterSaysWhy() {
        given().when().post("/test-probe/duplicate-contact")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("security token"));
    }

    @Test
    void unexpectedErrorsNeverLeakInternals() {
        given().accept("application/json").contentType("application/json").body("[1,2")
                .auth().preemptive().basic("support", "support")
                .when().post("/api/v1/exposure/evaluate")
                .then().statusCode(400).body("status", equalTo(400)).body(not(containsString("jackson")));
    }
}
