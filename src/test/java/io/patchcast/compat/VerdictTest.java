package io.patchcast.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class VerdictTest {

    @Test
    void worstIsAffectedThenUnknownThenNotAffected() {
        assertEquals(Verdict.AFFECTED, Verdict.worst(Verdict.NOT_AFFECTED, Verdict.AFFECTED, Verdict.UNKNOWN));
        assertEquals(Verdict.UNKNOWN, Verdict.worst(Verdict.NOT_AFFECTED, Verdict.UNKNOWN));
        assertEquals(Verdict.NOT_AFFECTED, Verdict.worst(Verdict.NOT_AFFECTED));
        assertEquals(Verdict.UNKNOWN, Verdict.worst(List.of(Verdict.UNKNOWN, Verdict.NOT_AFFECTED)));
        assertEquals(Verdict.AFFECTED, Verdict.UNKNOWN.worse(Verdict.AFFECTED));
    }

    @Test
    void aClusterWithoutFactsIsUnknownNotSafe() {
        assertEquals(Verdict.UNKNOWN, Verdict.ofCluster(List.of()));
        assertEquals(Verdict.UNKNOWN, Verdict.ofCluster(null));
        assertEquals(Verdict.NOT_AFFECTED, Verdict.ofCluster(List.of(Verdict.NOT_AFFECTED, Verdict.NOT_AFFECTED)));
        assertEquals(Verdict.AFFECTED, Verdict.ofCluster(List.of(Verdict.NOT_AFFECTED, Verdict.AFFECTED)));
    }

    @Test
    void strictestEffectWins() {
        assertEquals(Effect.HOLD, Effect.TARGETED.stricter(Effect.HOLD));
        assertEquals(Effect.HOLD, Effect.HOLD.stricter(Effect.TARGETED));
        assertEquals(Effect.TARGETED, Effect.TARGETED.stricter(null));
    }
}
