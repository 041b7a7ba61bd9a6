package io.patchcast.security;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Deletes sessions nobody can use any more. Only housekeeping: an expired session is refused whether or not its
 * row is still there. Idempotent, so every instance may run it.
 */
@ApplicationScoped
public class SessionPurge {

    @Inject
    SessionService sessions;

    @Scheduled(every = "${patchcast.security.session.purge-every:1h}", concurrentExecution = ConcurrentExecution.SKIP)
    void purge() {
        sessions.purge();
    }
}
