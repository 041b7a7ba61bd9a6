package io.patchcast.notify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * Runs a job on one instance of the cluster at a time, and at most once per interval across all instances, using
 * a lease row per job in {@code job_lease}. For scheduled jobs that every instance triggers but only one should do:
 * the reminder sweep, rollout gate checks, the AWS sync.
 *
 * <pre>
 * &#64;Scheduled(every = "1m", concurrentExecution = SKIP)
 * void sweep() {
 *     clusterLock.runExclusively("reminder-sweep", Duration.ofSeconds(50), Duration.ofMinutes(10), reminders::sweep);
 * }
 * </pre>
 *
 * The lease is a time bound, not a fence: a job that runs past {@code maxRun} may overlap with the next holder, so
 * choose it well above the job's real duration and keep jobs idempotent (the outbox's idempotency keys make repeated
 * notices harmless).
 */
@ApplicationScoped
public class ClusterLock {

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    InstanceIdentity instance;

    /**
     * Runs {@code task} here if no instance holds the job's lease and it has not run in the last {@code minInterval}
     * (on any instance).
     *
     * @param job a stable name, at most 100 characters
     * @param minInterval minimum time between two runs across the cluster; use a little less than the schedule period
     * @param maxRun how long the lease holds; after that another instance may run the job even if this one has not
     *        finished (or died)
     * @return whether the task ran here
     */
    public boolean runExclusively(String job, Duration minInterval, Duration maxRun, Runnable task) {
        if (!acquire(job, minInterval, maxRun)) {
            return false;
        }
        try {
            task.run();
        } finally {
            release(job);
        }
        return true;
    }

    boolean acquire(String job, Duration minInterval, Duration maxRun) {
        Instant now = clock.instant();
        Instant until = now.plus(maxRun);
        Instant ranBefore = now.minus(minInterval);
        String me = instance.name();
        // One conditional update is the whole protocol: of two instances racing, the database lets one update the
        // row and re-evaluates the condition for the other, which then matches nothing.
        int updated = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("update job_lease"
                + " set holder = ?1, lease_until = ?2 where name = ?3 and (holder is null or lease_until < ?4)"
                + " and (last_run_at is null or last_run_at <= ?5)")
                .setParameter(1, me).setParameter(2, until).setParameter(3, job).setParameter(4, now)
                .setParameter(5, ranBefore).executeUpdate());
        if (updated == 1) {
            return true;
        }
        boolean exists = QuarkusTransaction.requiringNew().call(() -> !em.createNativeQuery(
                "select name from job_lease where name = ?1").setParameter(1, job).getResultList().isEmpty());
        if (exists) {
            return false;
        }
        try {
            QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                    "insert into job_lease (name, holder, lease_until) values (?1, ?2, ?3)")
                    .setParameter(1, job).setParameter(2, me).setParameter(3, until).executeUpdate());
            return true;
        } catch (RuntimeException e) {
            // the primary key refused a second row: another instance created it first and holds the lease
            Log.debugf("Job %s: lease row created by another instance (%s)", job, e.getMessage());
            return false;
        }
    }

    void release(String job) {
        Instant now = clock.instant();
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("update job_lease"
                + " set holder = null, lease_until = ?1, last_run_at = ?1 where name = ?2 and holder = ?3")
                .setParameter(1, now).setParameter(2, job).setParameter(3, instance.name()).executeUpdate());
    }
}
