package io.patchcast.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class GateTest {

    private static final Instant START = Instant.parse("2026-11-02T10:00:00Z");
    private static final Duration SOAK = Duration.ofDays(2);

    @Test
    void soakRunsFromTheLastResultAndOnlyOnceNothingIsOutstanding() {
        Instant last = START.plus(Duration.ofDays(3));
        Gate busy = Gate.evaluate(10, 0, 0.05, 1, START, last, SOAK, last.plus(Duration.ofDays(10)));
        assertNull(busy.soakUntil());
        assertFalse(busy.canAdvance(), "a stage with clusters still to patch does not advance");

        Gate soaking = Gate.evaluate(10, 0, 0.05, 0, START, last, SOAK, last.plus(Duration.ofDays(1)));
        assertEquals(last.plus(SOAK), soaking.soakUntil());
        assertFalse(soaking.soakPassed());
        assertFalse(soaking.canAdvance());

        Gate soaked = Gate.evaluate(10, 0, 0.05, 0, START, last, SOAK, last.plus(SOAK));
        assertTrue(soaked.canAdvance());
    }

    @Test
    void aStageWithoutResultsSoaksFromItsStart() {
        Gate gate = Gate.evaluate(0, 0, 0.05, 0, START, null, SOAK, START.plus(SOAK).minusSeconds(1));
        assertFalse(gate.soakPassed());
        assertEquals(0.0, gate.failureRate());
        assertTrue(Gate.evaluate(0, 0, 0.05, 0, START, null, SOAK, START.plus(SOAK)).canAdvance());
    }

    @Test
    void failureRateOverTheThresholdCrossesTheGate() {
        Gate atThreshold = Gate.evaluate(20, 1, 0.05, 0, START, START, SOAK, START.plus(SOAK));
        assertTrue(atThreshold.holds(), "5% of 20 is at the threshold, not over it");
        Gate over = Gate.evaluate(20, 2, 0.05, 0, START, START, SOAK, START.plus(SOAK));
        assertTrue(over.crossed());
        assertEquals(0.1, over.failureRate(), 1e-9);
        assertFalse(over.canAdvance(), "a crossed gate never advances, soak or not");
    }

    @Test
    void oneFailedNodeOutOfOneIsNoEvidence() {
        Gate early = Gate.evaluate(1, 1, 0.05, 3, 10, 5, START, START, SOAK, START.plus(SOAK));
        assertEquals(1.0, early.failureRate());
        assertFalse(early.enoughEvidence());
        assertTrue(early.holds(), "below the minimum of patched nodes the gate neither halts nor passes");
        assertFalse(early.canAdvance());

        Gate evidence = Gate.evaluate(10, 1, 0.05, 3, 10, 0, START, START, SOAK, START.plus(SOAK));
        assertTrue(evidence.crossed(), "with ten nodes, one failure is 10%: over 5%");
    }

    @Test
    void theAbsoluteCountHaltsAStageWhoseRateLooksSmall() {
        Gate many = Gate.evaluate(400, 3, 0.05, 3, 50, 0, START, START, SOAK, START.plus(SOAK));
        assertTrue(many.failureRate() < 0.05);
        assertTrue(many.countReached());
        assertTrue(many.crossed(), "three failed nodes halt whatever the rate");
        Gate two = Gate.evaluate(400, 2, 0.05, 3, 50, 0, START, START, SOAK, START.plus(SOAK));
        assertTrue(two.canAdvance());
        Gate noLimit = Gate.evaluate(400, 3, 0.05, 0, 50, 0, START, START, SOAK, START.plus(SOAK));
        assertTrue(noLimit.holds(), "0 means no absolute limit");
    }

    @Test
    void aSoakedStageWithoutItsEvidenceDoesNotAdvance() {
        Gate thin = Gate.evaluate(4, 0, 0.05, 3, 5, 0, START, START, SOAK, START.plus(SOAK));
        assertTrue(thin.soakPassed());
        assertFalse(thin.canAdvance());
    }
}
