package io.patchcast.rollout;

import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;

/** The notices rollouts send of their own: the staff alert when a stage halts its rollout. */
@ApplicationScoped
public class RolloutNotices {

    public void autoHalted(Rollout rollout, Stage stage, Gate gate, String reason, int delayedWindows) {
        Log.warnf("Rollout %d (%s) halted at stage %d: %s", rollout.id, rollout.release.name, stage.number, reason);
    }
}
