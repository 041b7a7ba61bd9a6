package io.patchcast.compat;

import java.util.Collection;

/**
 * Exposure of a node, a rule or a cluster. Declared from best to worst, so the worst of several is the one
 * with the highest ordinal: AFFECTED &gt; UNKNOWN &gt; NOT_AFFECTED.
 */
public enum Verdict {
    NOT_AFFECTED,
    UNKNOWN,
    AFFECTED;

    private static final Verdict[] BY_ORDINAL = values();

    /** The worse of the two. */
    public Verdict worse(Verdict other) {
        return other != null && other.ordinal() > ordinal() ? other : this;
    }

    /**
     * The worst of the given verdicts; NOT_AFFECTED when there are none, as a node without matching rules
     * is not exposed. Nulls are skipped. For a cluster use {@link #ofCluster}.
     */
    public static Verdict worst(Verdict... verdicts) {
        Verdict result = NOT_AFFECTED;
        for (Verdict verdict : verdicts) {
            result = result.worse(verdict);
        }
        return result;
    }

    /** As {@link #worst(Verdict...)} for a collection. */
    public static Verdict worst(Iterable<Verdict> verdicts) {
        Verdict result = NOT_AFFECTED;
        for (Verdict verdict : verdicts) {
            result = result.worse(verdict);
        }
        return result;
    }

    /**
     * A cluster is the worst of its nodes, and UNKNOWN when no node has reported facts: an empty cluster
     * has not been shown to be safe.
     */
    public static Verdict ofCluster(Collection<Verdict> nodeVerdicts) {
        return nodeVerdicts == null || nodeVerdicts.isEmpty() ? UNKNOWN : worst(nodeVerdicts);
    }

    static Verdict ofOrdinal(int ordinal) {
        return BY_ORDINAL[ordinal];
    }
}
