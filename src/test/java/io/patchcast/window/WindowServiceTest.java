package io.patchcast.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.patchcast.fleet.Cluster;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** Scheduling a stage and delaying a halted rollout through the service the rollout feature calls. */
@QuarkusTest
class WindowServiceTest {

    @Inject
    WindowService windows;

    @Test
    void schedulesInPreferredSlotsAndDelaysWithoutDeleting() {
        long rolloutId = 900_001;
        List<Long> ids = QuarkusTransaction.requiringNew().call(() -> Cluster.<Cluster>find(
                "customer.slug = ?1 order by id", "borealis-bank").list().stream().map(c -> c.id).toList());
        StageRef stage = new StageRef(rolloutId, 5, "Debian 11.3 · production", Instant.now().plus(Duration.ofDays(40)));
        List<ScheduleOutcome> outcomes = windows.scheduleStage(stage, ids, "test");
        assertEquals(ids.size(), outcomes.size());
        for (ScheduleOutcome o : outcomes) {
            if (o.scheduled()) {
                assertNull(o.reason());
                QuarkusTransaction.requiringNew().run(() -> {
                    MaintenanceWindow w = MaintenanceWindow.findById(o.windowId());
                    var local = w.startsAt.atZone(ZoneId.of(w.cluster.timeZone));
                    assertTrue(w.cluster.weekdays().contains(local.getDayOfWeek()), "preferred weekday");
                    assertEquals(w.cluster.preferredStartHour, local.getHour());
                    assertTrue(local.getDayOfWeek() != DayOfWeek.SATURDAY && local.getDayOfWeek() != DayOfWeek.SUNDAY);
                });
            } else {
                assertNotNull(o.reason());
            }
        }
        long scheduled = outcomes.stream().filter(ScheduleOutcome::scheduled).count();
        assertTrue(scheduled > 0, "at least one window scheduled");
        // scheduling again keeps the windows it made
        assertEquals(outcomes, windows.scheduleStage(stage, ids, "test"));

        int delayed = windows.delayNotStarted(rolloutId, "Gate crossed", "test");
        assertEquals(scheduled, delayed);
        long left = QuarkusTransaction.requiringNew().call(() -> MaintenanceWindow.count(
                "rolloutId = ?1 and status = ?2", rolloutId, WindowStatus.DELAYED));
        assertEquals(scheduled, left);
    }
}
