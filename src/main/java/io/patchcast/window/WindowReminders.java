package io.patchcast.window;

import java.time.Duration;

import io.patchcast.notify.ClusterLock;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Sends the 24 h reminders on a timer, on one instance at a time (the notify feature's job lease); the work and
 * its idempotency live in {@link WindowService}, so a sweep that overlaps another sends nothing twice.
 */
@ApplicationScoped
public class WindowReminders {

    @Inject
    WindowService windows;

    @Inject
    ClusterLock clusterLock;

    @Scheduled(identity = "window-reminders", every = "${patchcast.windows.reminder-every:5m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        clusterLock.runExclusively("window-reminders", Duration.ofMinutes(4), Duration.ofMinutes(15),
                windows::sendReminders);
    }
}
