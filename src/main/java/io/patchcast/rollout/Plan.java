package io.patchcast.rollout;

import java.util.Locale;
import java.util.Optional;

/** What a rollout does to a cluster. */
public enum Plan {
    /** Packages and the release's kernel. */
    FULL("Full patch"),
    /** Packages without the kernel: the new kernel is what breaks this cluster. */
    TARGETED("Targeted, without kernel"),
    /** No patch until someone has looked or facts arrive. */
    HOLD("Hold");

    public final String label;

    Plan(String label) {
        this.label = label;
    }

    public static Optional<Plan> parse(String value) {
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
