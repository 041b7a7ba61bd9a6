package io.patchcast.fleet;

import io.patchcast.compat.DerivedFacts;
import io.patchcast.compat.RuleSet;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * A node's current-mode exposure (its running kernel) from its derived facts, as the compatibility engine
 * evaluates it. Stored on the node whenever facts arrive, so lists never evaluate rules per row.
 */
@ApplicationScoped
public class NodeExposure {

    @Inject
    RuleSet rules;

    /** AFFECTED, UNKNOWN or NOT_AFFECTED for the running kernel. */
    public String current(DerivedFacts facts) {
        return rules.evaluateVerdict(facts, null).name();
    }
}
