package io.patchcast.compat;

import java.util.Locale;

/**
 * What an AFFECTED verdict of a rule implies for the patch plan of the node's cluster. Declared from the
 * mildest to the strictest, so the strictest of several wins.
 */
public enum Effect {
    /** Patch the packages but keep the running kernel: the problem is in the new kernel. */
    TARGETED,
    /** Do not patch at all until someone has looked: too little is known to patch safely. */
    HOLD;

    /** The name used in rules.yaml and in the API. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Effect stricter(Effect other) {
        return other != null && other.ordinal() > ordinal() ? other : this;
    }

    static Effect fromKey(String key) {
        for (Effect effect : values()) {
            if (effect.key().equals(key)) {
                return effect;
            }
        }
        return null;
    }
}
