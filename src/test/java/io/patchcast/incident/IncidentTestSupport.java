package io.patchcast.incident;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.patchcast.fleet.Cluster;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.specification.RequestSpecification;

/** Helpers to draft and publish incidents over the API, each test with its own slug. */
final class IncidentTestSupport {

    private static final AtomicInteger SEQ = new AtomicInteger();

    static RequestSpecification staff() {
        return given().auth().preemptive().basic("support", "support").contentType("application/json");
    }

    static RequestSpecification as(String user) {
        return given().auth().preemptive().basic(user, "support".equals(user) ? "support" : "demo").contentType("application/json");
    }

    static String uniqueSlug(String base) {
        return base + "-" + System.nanoTime() % 1_000_000 + "-" + SEQ.incrementAndGet();
    }

    /** The first cluster (by id) of a customer. */
    static long clusterOf(String customerSlug) {
        return QuarkusTransaction.requiringNew().call(() -> Cluster.<Cluster>find("customer.slug = ?1 order by id",
                customerSlug).firstResult().id);
    }

    static Map<String, Object> body(String slug, String title, String summary, String body, Map<String, Object> scope) {
        return Map.of("slug", slug, "title", title, "severity", "major", "summary", summary, "body", body,
                "scope", scope);
    }

    static Map<String, Object> clusters(long... ids) {
        return Map.of("clusterIds", java.util.Arrays.stream(ids).boxed().toList());
    }

    /** Drafts and publishes an incident scoped to the given clusters; returns its slug. */
    static String publishedFor(String title, String summary, String markdown, long... clusterIds) {
        String slug = uniqueSlug("t");
        staff().body(body(slug, title, summary, markdown, clusters(clusterIds)))
                .when().post("/api/v1/incidents").then().statusCode(201);
        staff().when().post("/api/v1/incidents/" + slug + "/publish").then().statusCode(200);
        return slug;
    }

    static List<String> slugsOf(String user) {
        return as(user).when().get("/api/v1/incidents").then().statusCode(200).extract().jsonPath().getList("slug");
    }

    private IncidentTestSupport() {
    }
}
