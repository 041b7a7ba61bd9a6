package io.patchcast.rollout;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How rollouts select clusters and when their stages may advance. */
@ConfigMapping(prefix = "patchcast.rollout")
public interface RolloutConfig {

    /** Share (0-1) of the non-production developer-size clusters that form the canary stage (stage 2). */
    @WithDefault("0.2")
    double canaryShare();

    /**
     * Soak of stages 1-6, in order: how long a stage must run without trouble after its last patch result
     * before it may advance.
     */
    @WithDefault("P2D,P3D,P3D,P1D,P7D,P1D")
    List<Duration> soak();

    /** Time each stage (1-6, in order) has from its start to patch its clusters; windows end before it. */
    @WithDefault("P14D,P14D,P21D,P7D,P42D,P14D")
    List<Duration> deadline();

    /**
     * Failure rate of stages 1-6 (nodes reported failing to boot / nodes reported patched in the stage) above
     * which a stage halts its rollout automatically, once it has its minimum of patched nodes.
     */
    @WithDefault("0.05")
    List<Double> failureThreshold();

    /**
     * Failed nodes of stages 1-6 at which a stage halts its rollout whatever the rate (0: no absolute limit),
     * once it has its minimum of patched nodes.
     */
    @WithDefault("3,3,5,1,10,1")
    List<Integer> failureCount();

    /**
     * Nodes of stages 1-6 that must have reported a result before the gate may pass or halt by itself; a stage
     * with fewer patchable nodes needs all of them.
     */
    @WithDefault("5,10,20,1,50,1")
    List<Integer> minPatched();

    /**
     * The last gate, when a window starts, counts a node whose facts were collected longer ago than this as
     * unknown: a plan is only as good as the facts it was made from.
     */
    @WithDefault("P7D")
    Duration lastGateMaxFactsAge();

    /**
     * How often windows whose start has come get their last gate and windows whose end has passed are completed
     * (a Quarkus scheduler "every" expression; "off" in tests, which call the tick themselves).
     */
    @WithDefault("1m")
    String tickEvery();

    /** How often the gate check runs (a Quarkus scheduler "every" expression). */
    @WithDefault("5m")
    String gateCheckEvery();

    default Duration soakOf(Stage stage) {
        return pick(soak(), stage);
    }

    default Duration deadlineOf(Stage stage) {
        return pick(deadline(), stage);
    }

    default double failureThresholdOf(Stage stage) {
        return pick(failureThreshold(), stage);
    }

    default int failureCountOf(Stage stage) {
        return pick(failureCount(), stage);
    }

    default int minPatchedOf(Stage stage) {
        return pick(minPatched(), stage);
    }

    private static <T> T pick(List<T> values, Stage stage) {
        // a shorter list repeats its last value, so one value configures every stage
        return values.get(Math.min(stage.number, values.size()) - 1);
    }
}
