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
     * Failure rate (nodes reported failing to boot / nodes reported patched in the stage) above which a stage
     * halts its rollout automatically.
     */
    @WithDefault("0.05")
    double failureThreshold();

    /** How often the gate check runs (a Quarkus scheduler "every" expression). */
    @WithDefault("5m")
    String gateCheckEvery();

    default Duration soakOf(Stage stage) {
        return pick(soak(), stage);
    }

    default Duration deadlineOf(Stage stage) {
        return pick(deadline(), stage);
    }

    private static Duration pick(List<Duration> values, Stage stage) {
        // a shorter list repeats its last value, so one value configures every stage
        return values.get(Math.min(stage.number, values.size()) - 1);
    }
}
