package io.patchcast.rollout;

import java.time.Duration;
import java.time.Instant;

/**
 * The gate of a stage at one moment. A gate needs evidence: until {@code minPatched} nodes have reported it
 * neither passes nor halts by itself. With that evidence it is crossed when the failure rate is above the
 * threshold, or when the failed nodes reach the absolute limit; a stage advances only after its soak and while
 * the gate holds.
 *
 * @param patched     nodes of the stage that reported a result and count as evidence (booted or failed)
 * @param failed      of those, nodes that reported failing to boot
 * @param maxFailures failed nodes at which the gate is crossed whatever the rate; 0 for no absolute limit
 * @param minPatched  evidence needed before the gate passes or halts (already capped by the stage's nodes)
 * @param outstanding clusters of the stage still scheduled or being patched
 * @param soakUntil   when the soak ends, counted from the stage start or its last result, whichever is later;
 *                    null while clusters are outstanding
 */
public record Gate(long patched, long failed, double threshold, int maxFailures, long minPatched, long outstanding,
        Instant soakUntil, boolean soakPassed) {

    public static Gate evaluate(long patched, long failed, double threshold, int maxFailures, long minPatched,
            long outstanding, Instant stageStart, Instant lastResult, Duration soak, Instant now) {
        Instant from = lastResult != null && stageStart != null && lastResult.isAfter(stageStart) ? lastResult
                : stageStart;
        Instant until = outstanding > 0 || from == null ? null : from.plus(soak);
        return new Gate(patched, failed, threshold, maxFailures, minPatched, outstanding, until,
                until != null && !now.isBefore(until));
    }

    /** Without an absolute limit or a minimum: the rate alone decides (kept for callers that only know it). */
    public static Gate evaluate(long patched, long failed, double threshold, long outstanding, Instant stageStart,
            Instant lastResult, Duration soak, Instant now) {
        return evaluate(patched, failed, threshold, 0, 0, outstanding, stageStart, lastResult, soak, now);
    }

    public double failureRate() {
        return patched == 0 ? 0.0 : (double) failed / patched;
    }

    /** Enough nodes have reported for the gate to mean something. */
    public boolean enoughEvidence() {
        return patched >= minPatched;
    }

    /** The failures reached the absolute limit. */
    public boolean countReached() {
        return maxFailures > 0 && failed >= maxFailures;
    }

    /** With enough evidence, the rate is above the threshold or the failures reached the limit: stop. */
    public boolean crossed() {
        return enoughEvidence() && (failureRate() > threshold || countReached());
    }

    public boolean holds() {
        return !crossed();
    }

    public boolean canAdvance() {
        return soakPassed && holds() && enoughEvidence();
    }
}
