package io.patchcast.rollout;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A rollout with its six stages, each stage's gate and counts.
 *
 * @param plans    clusters per plan over the whole rollout
 * @param statuses clusters per patch status over the whole rollout
 */
public record RolloutView(long id, long releaseId, String releaseName, String stableKernel, String backportsKernel,
        RolloutStatus status, int currentStage, String haltReason, String haltCustomerText, Instant haltedAt, Instant createdAt,
        Instant startedAt, Instant completedAt, long version, List<StageView> stages, Map<Plan, Long> plans,
        Map<PatchStatus, Long> statuses, List<EventView> events) {

    public StageView current() {
        return currentStage == 0 ? null : stages.get(currentStage - 1);
    }

    public long planCount(String plan) {
        return plans.getOrDefault(Plan.valueOf(plan), 0L);
    }

    public long statusCount(String status) {
        return statuses.getOrDefault(PatchStatus.valueOf(status), 0L);
    }

    /**
     * One stage.
     *
     * @param clusters clusters the stage patches
     * @param statuses of those clusters, per patch status
     */
    public record StageView(int number, String label, String selection, boolean hasWindows, StageStatus status,
            Instant startedAt, Instant deadline, Instant completedAt, Duration soak, long clusters,
            Map<PatchStatus, Long> statuses, GateView gate) {

        public long count(String status) {
            return statuses.getOrDefault(PatchStatus.valueOf(status), 0L);
        }

        /** "2 days", "12 h": soaks are configured in days or hours. */
        public String soakText() {
            long hours = soak.toHours();
            return hours % 24 == 0 ? (hours / 24) + (hours == 24 ? " day" : " days") : hours + " h";
        }
    }

    /** The gate of a stage now; see {@link Gate}. */
    public record GateView(long patched, long failed, double failureRate, double threshold, int maxFailures,
            long minPatched, boolean enoughEvidence, long outstanding, Instant soakUntil, boolean soakPassed,
            boolean holds, boolean canAdvance) {

        static GateView of(Gate gate) {
            return new GateView(gate.patched(), gate.failed(), gate.failureRate(), gate.threshold(),
                    gate.maxFailures(), gate.minPatched(), gate.enoughEvidence(), gate.outstanding(),
                    gate.soakUntil(), gate.soakPassed(), gate.holds(), gate.canAdvance());
        }

        public String failurePercent() {
            return String.format(java.util.Locale.ROOT, "%.1f%%", failureRate * 100);
        }

        public String thresholdPercent() {
            return String.format(java.util.Locale.ROOT, "%.1f%%", threshold * 100);
        }
    }

    public record EventView(int stage, String action, String reason, String customerText, String actor,
            Instant at) {

        /** "Auto halt", "Advance". */
        public String actionLabel() {
            String text = action.replace('_', ' ').toLowerCase(java.util.Locale.ROOT);
            return Character.toUpperCase(text.charAt(0)) + text.substring(1);
        }
    }
}
