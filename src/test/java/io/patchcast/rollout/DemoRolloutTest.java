package io.patchcast.rollout;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.patchcast.customer.Customer;
import io.patchcast.fleet.Node;
import io.patchcast.fleet.Provider;
import io.patchcast.fleet.SlaTier;
import io.patchcast.notify.Notice;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The demo rollout meets the 2022 incident at the production stage: AWS Xen 4.2 i3/r4/m4 clusters are on the
 * targeted plan or held, and their customers are told; GCP, Azure and self-hosted clusters keep their windows.
 */
@QuarkusTest
class DemoRolloutTest {

    private static Rollout demo() {
        return Rollout.find("release.name", DemoRollout.RELEASE).firstResult();
    }

    @Test
    void xen42ClustersAreTargetedOrHeldAndOthersKeepTheirWindows() {
        QuarkusTransaction.requiringNew().run(() -> {
            Rollout rollout = demo();
            assertEquals(RolloutStatus.RUNNING, rollout.status);
            assertEquals(Stage.PRODUCTION.number, rollout.currentStage);
            Instant now = Instant.now();
            int xen42 = 0;
            int others = 0;
            for (RolloutCluster rc : RolloutCluster.listByStage(rollout.id, Stage.PRODUCTION.number)) {
                assertEquals(SlaTier.PRODUCTION, rc.cluster.slaTier);
                List<Node> nodes = Node.listByCluster(rc.cluster.id);
                boolean allFacts = !nodes.isEmpty() && nodes.stream().allMatch(Node::hasFacts);
                boolean onXen42 = nodes.stream().anyMatch(n -> "4.2".equals(n.hypervisorVersion)
                        && List.of("i3", "r4", "m4").contains(n.instanceFamily));
                if (onXen42) {
                    xen42++;
                    assertTrue(rc.plan == Plan.TARGETED || rc.plan == Plan.HOLD, rc.cluster.name + " " + rc.plan);
                    assertEquals("AFFECTED", rc.verdict);
                    if (rc.plan == Plan.HOLD) {
                        assertEquals(PatchStatus.HELD, rc.status);
                    }
                    long told = Notice.count("clusterId = ?1 and eventKey like ?2", rc.cluster.id,
                            "rollout:" + rollout.id + ":cluster:" + rc.cluster.id + ":plan:%");
                    assertTrue(told > 0, "the customer of " + rc.cluster.name + " is told");
                } else if (rc.cluster.provider != Provider.AWS && allFacts) {
                    others++;
                    assertEquals(Plan.FULL, rc.plan, rc.cluster.name);
                    assertTrue(rc.status == PatchStatus.SCHEDULED || rc.scheduleNote != null,
                            rc.cluster.name + " is scheduled or says why not");
                    if (rc.windowStart != null) {
                        assertTrue(rc.windowStart.isAfter(now), "windows lie in the coming weeks");
                    }
                }
            }
            assertTrue(xen42 > 0, "the demo fleet has Xen 4.2 production clusters");
            assertTrue(others > 0, "and GCP, Azure or self-hosted ones");
            long scheduled = RolloutCluster.count("rollout.id = ?1 and stage = 5 and status = ?2", rollout.id,
                    PatchStatus.SCHEDULED);
            assertTrue(scheduled > 0);
        });
    }

    @Test
    void customersSeeThePatchStatusOfTheirOwnClustersOnly() {
        long borealis = QuarkusTransaction.requiringNew().call(() -> Customer.findBySlug("borealis-bank")
                .orElseThrow().id);
        List<Integer> ids = given().auth().preemptive().basic("borealis-bank", "demo")
                .when().get("/api/v1/patch-status")
                .then().statusCode(200)
                // one entry per cluster and release; the current one of each cluster is the demo's production stage
                // (other tests' rollouts may be listed as history)
                .body("findAll { it.current }.releaseName", everyItem(equalTo(DemoRollout.RELEASE)))
                .body("status", everyItem(not(equalTo(null))))
                .extract().path("clusterId");
        assertFalse(ids.isEmpty());
        QuarkusTransaction.requiringNew().run(() -> ids.forEach(id -> {
            io.patchcast.fleet.Cluster c = io.patchcast.fleet.Cluster.findById(id.longValue());
            assertNotNull(c);
            assertEquals(borealis, c.customer.id);
        }));
        given().when().get("/api/v1/patch-status").then().statusCode(401);
    }
}
