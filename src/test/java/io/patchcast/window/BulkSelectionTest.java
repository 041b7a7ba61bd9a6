package io.patchcast.window;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/** Issue 11, item 3: an empty or missing selection never means "every window of every customer". */
@QuarkusTest
class BulkSelectionTest {

    private static RequestSpecification support() {
        return given().auth().preemptive().basic("support", "support").contentType("application/json");
    }

    @Test
    void anEmptyNullOrMissingSelectionHoldsNothing() {
        long held = heldWindows();
        Map<String, Object> nullIds = new HashMap<>(Map.of("action", "HOLD", "reason", "x"));
        nullIds.put("windowIds", null);
        for (Object body : List.of(Map.of("action", "HOLD", "reason", "x", "windowIds", List.of()), nullIds,
                Map.of("action", "HOLD", "reason", "x"))) {
            support().body(body).when().post("/api/v1/windows/bulk").then().statusCode(400)
                    .header("Content-Type", containsString("application/problem+json"))
                    .body("errors[0].field", equalTo("windowIds"));
        }
        // the flag alone is not enough: it needs something to narrow the selection
        support().body(Map.of("action", "HOLD", "reason", "x", "allMatching", true)).when()
                .post("/api/v1/windows/bulk").then().statusCode(400).body("errors[0].field", equalTo("allMatching"));
        assertEquals(held, heldWindows(), "nothing was held");
    }

    @Test
    void allMatchingWithAFilterActsOnWhatTheFilterSelects() {
        long cluster = WindowFixtures.cluster("acme-analytics");
        long id = WindowFixtures.window(cluster, WindowFixtures.tuesdayAfter(10), null);
        String region = QuarkusTransaction.requiringNew().call(() -> MaintenanceWindow.<MaintenanceWindow>findById(id)
                .cluster.region);
        support().body(Map.of("action", "HOLD", "reason", "Region under investigation", "allMatching", true,
                "region", region)).when().post("/api/v1/windows/bulk").then().statusCode(200)
                .body("selected", equalTo(1)).body("changed", equalTo(1));
        assertEquals(WindowStatus.HELD, QuarkusTransaction.requiringNew()
                .call(() -> MaintenanceWindow.<MaintenanceWindow>findById(id).status));
    }

    private static long heldWindows() {
        return QuarkusTransaction.requiringNew().call(() -> MaintenanceWindow.count("status", WindowStatus.HELD));
    }
}
