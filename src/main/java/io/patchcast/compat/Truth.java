package io.patchcast.compat;

/** Kleene's three truth values of a predicate or a match tree. */
public enum Truth {
    FALSE,
    UNKNOWN,
    TRUE;

    private static final Truth[] BY_ORDINAL = values();

    static Truth ofOrdinal(int ordinal) {
        return BY_ORDINAL[ordinal];
    }

    /** What a rule whose match tree has this value says about the node. */
    public Verdict toVerdict() {
        return Verdict.ofOrdinal(ordinal());
    }
}
