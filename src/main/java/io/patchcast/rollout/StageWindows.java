package io.patchcast.rollout;

import java.time.Instant;
import java.util.List;

import io.patchcast.window.MaintenanceWindow;
import io.patchcast.window.StageRef;
import io.patchcast.window.WindowService;
import io.patchcast.window.WindowStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Where rollouts meet the window feature: asks it for the windows of a stage, delays them on a halt, holds and
 * releases them with a cluster's plan, completes them when the cluster has reported. Each call checks the
 * window's status first, so a rollout never asks for a transition the window feature would refuse (a refusal
 * would roll back the rollout's own change with it).
 */
@ApplicationScoped
public class StageWindows {

    /** A cluster's window for a stage, or why it has none. */
    public record Scheduled(long clusterId, Long windowId, Instant start, String reason) {
    }

    @Inject
    WindowService windows;

    public List<Scheduled> schedule(long rolloutId, Stage stage, String label, Instant deadline, List<Long> clusterIds,
            String actor) {
        return schedule(rolloutId, stage, label, deadline, clusterIds, java.util.Map.of(), actor);
    }

    /** As above; clusters in {@code customerChoices} are placed as near as allowed to the start their customer chose. */
    public List<Scheduled> schedule(long rolloutId, Stage stage, String label, Instant deadline, List<Long> clusterIds,
            java.util.Map<Long, Instant> customerChoices, String actor) {
        return windows.scheduleStage(new StageRef(rolloutId, stage.number, label, deadline), clusterIds, actor,
                customerChoices).stream()
                .map(o -> new Scheduled(o.clusterId(), o.windowId(), o.start(), o.reason())).toList();
    }

    /** The windows of these ids (a rollout's view of them: status, times, the customer's choice). */
    public java.util.Map<Long, MaintenanceWindow> find(java.util.Collection<Long> windowIds) {
        if (windowIds.isEmpty()) {
            return java.util.Map.of();
        }
        return MaintenanceWindow.<MaintenanceWindow>list("id in ?1", windowIds).stream()
                .collect(java.util.stream.Collectors.toMap(w -> w.id, w -> w));
    }

    /** Hands an older release's pending window over to a newer release's stage (same time, same invitation). */
    public void carryOver(long windowId, long rolloutId, Stage stage, String label, Instant deadline, String reason,
            String actor) {
        windows.carryOver(windowId, new StageRef(rolloutId, stage.number, label, deadline), reason, actor);
    }

    /** Withdraws a pending window (CANCEL invitation) a newer release's maintenance replaces. */
    public void cancel(long windowId, String reason, String actor) {
        MaintenanceWindow w = MaintenanceWindow.findById(windowId);
        if (w != null && w.status.pending()) {
            windows.cancel(windowId, reason, actor);
        }
    }

    /** Shows the plan with the window (customers see whether their kernel changes). */
    public void showPlan(long windowId, Plan plan) {
        windows.setPlan(windowId, plan.name());
    }

    /** @return how many windows were delayed */
    public int delayNotStarted(long rolloutId, String reason, String actor) {
        return windows.delayNotStarted(rolloutId, reason, actor);
    }

    /** A waiting window put back on the schedule ({@code start}), or left delayed because no slot fits. */
    public record Released(Instant start, String noSlot) {

        public boolean scheduled() {
            return start != null;
        }
    }

    /**
     * Puts a delayed or held window back on the schedule; one that no slot fits any more stays delayed.
     *
     * @return what happened, or null when the window was not waiting
     */
    public Released release(long windowId, String reason, String actor) {
        MaintenanceWindow w = MaintenanceWindow.findById(windowId);
        if (w == null || (w.status != WindowStatus.DELAYED && w.status != WindowStatus.HELD)) {
            return null;
        }
        return windows.releaseIfPlaceable(windowId, reason, actor)
                .map(noSlot -> new Released(null, noSlot))
                .orElseGet(() -> new Released(w.startsAt, null));
    }

    public void hold(long windowId, String reason, String actor) {
        MaintenanceWindow w = MaintenanceWindow.findById(windowId);
        if (w != null && w.status.pending() && w.status != WindowStatus.HELD) {
            windows.hold(windowId, reason, actor);
        }
    }

    /** Marks the window as running when its first node reports. */
    public void started(long windowId, String actor) {
        MaintenanceWindow w = MaintenanceWindow.findById(windowId);
        if (w != null && w.status == WindowStatus.SCHEDULED) {
            windows.start(windowId, actor);
        }
    }

    public void complete(long windowId, boolean success, String resultText, String actor) {
        MaintenanceWindow w = MaintenanceWindow.findById(windowId);
        if (w != null && (w.status == WindowStatus.SCHEDULED || w.status == WindowStatus.IN_PROGRESS
                || w.status == WindowStatus.DELAYED)) {
            windows.complete(windowId, success, resultText, actor);
        }
    }
}
