package io.patchcast.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.patchcast.fleet.Cluster;
import io.patchcast.rollout.ClusterPatchView;
import io.patchcast.rollout.PatchStatus;
import io.patchcast.rollout.Plan;
import io.patchcast.rollout.RolloutStatus;
import io.patchcast.rollout.RolloutService;
import io.patchcast.security.Role;
import io.patchcast.security.Viewer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.filter.cookie.CookieFilter;
import jakarta.inject.Inject;

/** A held cluster has no window, yet its customer must see on the dashboard that it is held. */
@QuarkusTest
class DashboardPatchStatusTest {

    @Inject
    RolloutService rollouts;

    private static long customerId(String slug) {
        return QuarkusTransaction.requiringNew().call(() -> io.patchcast.customer.Customer.findBySlug(slug).orElseThrow().id);
    }

    @Test
    void clusterHeldByStaffShowsHeldOnItsCustomersDashboard() {
        // any cluster in a rollout under way: the demo rollout, or one another test started later
        ClusterPatchView target = QuarkusTransaction.requiringNew()
                .call(() -> rollouts.patchStatus(new Viewer("support", Role.SUPPORT, null, "Support")).stream()
                        // a plan can be set on a cluster whose maintenance is still ahead in a running rollout
                        .filter(p -> p.current() && p.rolloutStatus() == RolloutStatus.RUNNING
                                && (p.status() == PatchStatus.SCHEDULED || p.status() == PatchStatus.PENDING))
                        .findFirst().orElseThrow());
        String slug = QuarkusTransaction.requiringNew()
                .call(() -> Cluster.<Cluster>findById(target.clusterId()).customer.slug);

        given().auth().preemptive().basic("support", "support").contentType("application/json")
                .body("{\"plan\": \"hold\", \"reason\": \"customer asked us to wait for their release freeze\"}")
                .when().post("/api/v1/rollouts/" + target.rolloutId() + "/clusters/" + target.clusterId() + "/plan")
                .then().statusCode(200);

        // the dashboard shows what the patch-status API says for the cluster, with the plan staff set
        // a fresh transaction: the test's own persistence context still holds the rows as they were
        long customerId = customerId(slug);
        ClusterPatchView now = QuarkusTransaction.requiringNew().call(() -> rollouts
                .patchStatus(new Viewer(slug, Role.CUSTOMER, customerId, slug)).stream()
                .filter(p -> p.clusterId() == target.clusterId()).findFirst().orElseThrow());
        assertEquals(Plan.HOLD, now.plan());
        CookieFilter cookies = LoginAndPagesTest.login(slug, "demo");
        given().filter(cookies).when().get("/")
                .then().statusCode(200)
                .body(containsString("<th scope=\"col\">Patch status</th>"))
                .body(matchesPattern("(?s).*href=\"/clusters/" + target.clusterId()
                        + "\">.*?<span class=\"cell-stack\"><span class=\"badge patch-" + now.status() + "\">"
                        + Pattern.quote(now.status().label) + "</span> <span class=\"muted\">Hold · "
                        + Pattern.quote(now.releaseName()) + "</span>.*"));
        given().auth().preemptive().basic(slug, "demo").when().get("/api/v1/patch-status")
                .then().body("find { it.clusterId == " + target.clusterId() + " }.plan", equalTo("HOLD"));
    }
}
