package io.patchcast.incident;

import java.util.Collection;
import java.util.Set;

/** Which clusters a compatibility rule currently exposes, for incident scopes naming rule ids. */
public interface RuleExposure {

    /** The rule ids of the loaded rule set. */
    Set<String> ruleIds();

    /**
     * Evaluates every node of the candidate clusters in CURRENT mode (running kernel) and returns the clusters
     * where one of the rules is AFFECTED on at least one node, and apart those where it is UNKNOWN on some
     * node and AFFECTED on none.
     */
    Hits hits(Collection<String> ruleIds, Collection<Long> candidateClusterIds);

    record Hits(Set<Long> affected, Set<Long> unknown) {
    }
}
