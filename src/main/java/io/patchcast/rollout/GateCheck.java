package io.patchcast.rollout;

import java.time.Duration;

import io.patchcast.notify.ClusterLock;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Runs the gate check of every running rollout on a schedule. Patch results already halt a rollout the
 * moment they cross a threshold; this catches what concurrent reports or a lowered threshold let through.
 * <p>
 * With several app instances on one database only one may run it at a time (two halts would alert twice),
 * so it goes through the cluster-wide {@link ClusterLock}; the rollout's optimistic lock is the second line.
 */
@ApplicationScoped
public class GateCheck {

    static final String JOB = "rollout-gate-check";

    @Inject
    RolloutService rollouts;

    @Inject
    ClusterLock clusterLock;

    @Scheduled(identity = JOB, every = "${patchcast.rollout.gate-check-every:5m}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        // a little under the shortest sensible period, so each period runs once across the cluster
        clusterLock.runExclusively(JOB, Duration.ofSeconds(50), Duration.ofMinutes(10), () -> {
            int halted = rollouts.checkGates();
            if (halted > 0) {
                Log.warnf("Gate check halted %d rollouts", halted);
            }
        });
    }
}
