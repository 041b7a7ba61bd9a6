package io.patchcast.rollout;

import java.time.Duration;

import io.patchcast.notify.ClusterLock;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The rollout clock: windows whose start has come get their last gate, windows whose end has passed with all
 * results in are completed. One instance at a time (the notify feature's job lease); the work is in
 * {@link RolloutService#tick()}.
 */
@ApplicationScoped
public class RolloutTicker {

    static final String JOB = "rollout-tick";

    @Inject
    RolloutService rollouts;

    @Inject
    ClusterLock clusterLock;

    @Scheduled(identity = JOB, every = "${patchcast.rollout.tick-every:1m}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        clusterLock.runExclusively(JOB, Duration.ofSeconds(50), Duration.ofMinutes(10), rollouts::tick);
    }
}
