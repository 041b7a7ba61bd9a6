package io.patchcast.rollout;

import java.time.Duration;
import java.time.Instant;

/**
 * The gate of a stage at one moment: whether its soak has passed and its failure rate is within the
 * threshold. A stage advances only when both hold; crossing the threshold halts the rollout.
 *
 * @param patched     nodes of the stage that reported a result (booted or failed)
 * @param failed      nodes of the stage that reported failing to boot
 * @param outstanding clusters of the stage still scheduled or being patched
 * @param soakUntil   when the soak ends, counted from the stage start or its last result, whichever is later;
 *                    null while clusters are outstanding
 */
public record Gate(long patched, long failed, double threshold, long outstanding, Instant soakUntil,
        boolean soakPassed) {

    public static Gate evaluate(long patched, long failed, double threshold, long outstanding, Instant stageStart,
            Instant lastResult, Duration soak, Instant now) {
        Instant from = lastResult != null && stageStart != null && lastResult.isAfter(stageStart) ? lastResult
                : stageStart;
        Instant until = outstanding > 0 || from == null ? null : from.plus(soak);
        return new Gate(patched, failed, threshold, outstanding, until, until != null && !now.isBefore(until));
    }

    public double failureRate() {
        return patched == 0 ? 0.0 : (double) failed / patched;
    }

    /** The failure rate is above the threshold: the rollout must stop. */
    public boolean crossed() {
        return failureRate() > threshold;
    }

    public boolean holds() {
        return !crossed();
    }

    public boolean canAdvance() {
        return soakPassed && holds();
    }
}
