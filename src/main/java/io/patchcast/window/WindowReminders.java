package io.patchcast.window;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Sends the 24 h reminders on a timer; the work and its idempotency live in {@link WindowService}. */
@ApplicationScoped
public class WindowReminders {

    @Inject
    WindowService windows;

    @Scheduled(identity = "window-reminders", every = "${patchcast.windows.reminder-every:5m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        windows.sendReminders();
    }
}
