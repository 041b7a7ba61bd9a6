package io.patchcast.rollout;

import static io.patchcast.rollout.RolloutFixtures.action;
import static io.patchcast.rollout.RolloutFixtures.release;
import static io.patchcast.rollout.RolloutFixtures.rollout;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.patchcast.common.TestClock;
import io.patchcast.notify.Notice;
import io.patchcast.notify.NoticeKind;
import io.patchcast.window.MaintenanceWindow;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/** One customer's mail speaks to that customer: the text staff wrote for customers, never the internal reason. */
@QuarkusTest
class CustomerMailTest {

    static final String INTERNAL = "INC-4711: 2 of 28 nodes failed on ixgbevf, Jane's team investigating";
    static final String FOR_CUSTOMERS = "We have paused this update while we check a driver issue.";

    TestClock clock;

    @BeforeEach
    void clock() {
        clock = TestClock.install();
    }

    @AfterEach
    void retire() {
        RolloutFixtures.retireAll();
    }

    private static void act(long rollout, String action, Map<String, Object> body, int status) {
        given().auth().preemptive().basic("support", "support").contentType("application/json").body(body)
                .when().post("/api/v1/rollouts/" + rollout + "/" + action).then().statusCode(status);
    }

    private static List<Notice> notices(long rollout, NoticeKind kind, String change) {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<Long> ids = MaintenanceWindow.listByRollout(rollout).stream().map(w -> w.id).toList();
            return Notice.<Notice>list("kind = ?1", kind).stream()
                    .filter(n -> ids.stream().anyMatch(id -> n.eventKey.startsWith("window:" + id + ":" + change + ":")))
                    .toList();
        });
    }

    @Test
    void haltAndResumeNeedACustomerTextAndCustomersReadOnlyThat() {
        long rollout = rollout(release("Mail"));
        action(rollout, "start", 200);

        act(rollout, "halt", Map.of("reason", INTERNAL), 400);
        given().auth().preemptive().basic("support", "support").contentType("application/json")
                .body(Map.of("reason", INTERNAL)).when().post("/api/v1/rollouts/" + rollout + "/halt")
                .then().statusCode(400).body("errors[0].field", equalTo("customerText"));
        act(rollout, "halt", Map.of("reason", INTERNAL, "customerText", FOR_CUSTOMERS), 200);

        List<Notice> delayed = notices(rollout, NoticeKind.WINDOW_DELAYED, "delayed");
        assertFalse(delayed.isEmpty(), "customers of delayed windows are told");
        for (Notice n : delayed) {
            assertTrue(n.textBody.contains(FOR_CUSTOMERS), n.textBody);
            assertFalse(n.textBody.contains("INC-4711") || n.htmlBody.contains("INC-4711"), "the reason stays internal");
            assertFalse(n.textBody.contains("of 28 nodes"), "no fleet-wide numbers");
        }
        given().auth().preemptive().basic("support", "support").when().get("/api/v1/rollouts/" + rollout)
                .then().body("haltReason", equalTo(INTERNAL)).body("haltCustomerText", equalTo(FOR_CUSTOMERS));

        act(rollout, "resume", Map.of("reason", "root cause found: INC-4711 closed"), 400);
        act(rollout, "resume", Map.of("reason", "root cause found: INC-4711 closed",
                "customerText", "The update continues as planned."), 200);
        List<Notice> released = notices(rollout, NoticeKind.WINDOW_SCHEDULED, "released");
        assertFalse(released.isEmpty());
        for (Notice n : released) {
            assertTrue(n.textBody.contains("The update continues as planned."), n.textBody);
            assertFalse(n.textBody.contains("INC-4711"), "the resume reason stays internal");
        }
    }
}
