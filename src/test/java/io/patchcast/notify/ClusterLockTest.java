package io.patchcast.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/** Jobs that every instance triggers run on one instance at a time and once per interval. */
@QuarkusTest
class ClusterLockTest {

    @Inject
    ClusterLock lock;

    @Inject
    EntityManager em;

    @Test
    void aJobRunsOncePerIntervalAndNeverWhileHeld() {
        String job = "test-" + UUID.randomUUID();
        AtomicInteger runs = new AtomicInteger();
        boolean[] nested = new boolean[1];
        assertTrue(lock.runExclusively(job, Duration.ofMinutes(1), Duration.ofMinutes(5), () -> {
            runs.incrementAndGet();
            // what a second instance sees while the first runs the job
            nested[0] = lock.acquire(job, Duration.ZERO, Duration.ofMinutes(5));
        }));
        assertFalse(nested[0], "held by the running instance");
        assertFalse(lock.runExclusively(job, Duration.ofMinutes(1), Duration.ofMinutes(5), runs::incrementAndGet),
                "ran less than a minute ago");
        assertEquals(1, runs.get());
        assertTrue(lock.runExclusively(job, Duration.ZERO, Duration.ofMinutes(5), runs::incrementAndGet));
        assertEquals(2, runs.get());
    }

    @Test
    void aLeaseLeftByACrashedInstanceExpires() {
        String job = "test-" + UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "insert into job_lease (name, holder, lease_until) values (?1, 'crashed', ?2)")
                .setParameter(1, job).setParameter(2, Instant.now().plusSeconds(60)).executeUpdate());
        assertFalse(lock.runExclusively(job, Duration.ZERO, Duration.ofMinutes(5), () -> { }));
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "update job_lease set lease_until = ?1 where name = ?2")
                .setParameter(1, Instant.now().minusSeconds(1)).setParameter(2, job).executeUpdate());
        assertTrue(lock.runExclusively(job, Duration.ZERO, Duration.ofMinutes(5), () -> { }));
    }
}
