package io.patchcast.rollout;

import java.time.Instant;
import java.util.List;

import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Where rollouts meet the window feature: asks it for windows of a stage, delays them on a halt, completes
 * them when the cluster has reported. The one class to change if the window feature's API does.
 */
@ApplicationScoped
public class StageWindows {

    /** A cluster's window for a stage, or why it has none. */
    public record Scheduled(long clusterId, Long windowId, Instant start, String reason) {
    }

    public List<Scheduled> schedule(long rolloutId, Stage stage, String label, Instant deadline, List<Long> clusterIds,
            String actor) {
        Log.warnf("Rollout %d stage %d: window scheduling is not wired yet", rolloutId, stage.number);
        return clusterIds.stream().map(id -> new Scheduled(id, null, null, "Window scheduling is not available"))
                .toList();
    }

    /** @return how many windows were delayed */
    public int delayNotStarted(long rolloutId, String reason, String actor) {
        return 0;
    }

    public void hold(long windowId, String reason, String actor) {
    }

    public void complete(long windowId, boolean success, String resultText, String actor) {
    }
}
