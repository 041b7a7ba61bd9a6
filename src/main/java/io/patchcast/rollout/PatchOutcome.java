package io.patchcast.rollout;

import java.util.Locale;
import java.util.Optional;

/** What a node reports after its maintenance: it came up on the target kernel, or it did not boot. */
public enum PatchOutcome {
    BOOTED, FAILED;

    public static Optional<PatchOutcome> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(value.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
