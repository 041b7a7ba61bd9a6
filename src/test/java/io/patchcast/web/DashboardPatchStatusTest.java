package io.patchcast.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;

import org.junit.jupiter.api.Test;

import io.patchcast.rollout.PatchStatus;
import io.patchcast.rollout.RolloutCluster;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.filter.cookie.CookieFilter;

/** A held cluster has no window, yet its customer must see on the dashboard that it is held. */
@QuarkusTest
class DashboardPatchStatusTest {

    record Held(long clusterId, String slug, String release) {
    }

    @Test
    void heldClusterShowsItsStatusAndPlan() {
        Held held = QuarkusTransaction.requiringNew().call(() -> {
            RolloutCluster rc = RolloutCluster.<RolloutCluster>find("status = ?1 order by id", PatchStatus.HELD)
                    .firstResult();
            return new Held(rc.cluster.id, rc.cluster.customer.slug, rc.rollout.release.name);
        });
        CookieFilter cookies = LoginAndPagesTest.login(held.slug(), "demo");
        given().filter(cookies).when().get("/")
                .then().statusCode(200)
                .body(containsString("<th scope=\"col\">Patch status</th>"))
                .body(matchesPattern("(?s).*href=\"/clusters/" + held.clusterId()
                        + "\">.*?<span class=\"cell-stack\"><span class=\"badge patch-HELD\">Held</span> <span class=\"muted\">Hold · "
                        + java.util.regex.Pattern.quote(held.release()) + "</span>.*"));
    }
}
