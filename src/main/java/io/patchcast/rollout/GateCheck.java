package io.patchcast.rollout;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Runs the gate check of every running rollout on a schedule. Patch results already halt a rollout the
 * moment they cross a threshold; this catches what concurrent reports or a changed threshold let through.
 * <p>
 * With several app instances on one database it must run on one of them at a time: a halt by two
 * instances would alert twice. The notify feature's {@code ClusterLock} (a lease row per job) is the way;
 * until that branch is merged, run the scheduler on one instance only ({@code quarkus.scheduler.enabled=false}
 * elsewhere). The rollout's optimistic lock already makes a second halt of the same rollout fail, not repeat.
 */
@ApplicationScoped
public class GateCheck {

    @Inject
    RolloutService rollouts;

    @Scheduled(identity = "rollout-gate-check", every = "${patchcast.rollout.gate-check-every:5m}",
            delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        int halted = rollouts.checkGates();
        if (halted > 0) {
            Log.warnf("Gate check halted %d rollouts", halted);
        }
    }
}
