package io.patchcast.fleet;

import io.patchcast.compat.DerivedFacts;
import io.patchcast.compat.RuleSet;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/**
 * A node's current-mode exposure (its running kernel) from its derived facts, as the compatibility engine
 * evaluates it. Stored on the node whenever facts arrive, so lists never evaluate rules per row.
 */
@ApplicationScoped
public class NodeExposure {

    @Inject
    Instance<RuleSet> ruleSets;

    private RuleSet fallback;

    @PostConstruct
    void init() {
        // the app's rule set bean where one is produced; the shipped rule file otherwise
        if (!ruleSets.isResolvable()) {
            fallback = RuleSet.loadDefault();
        }
    }

    /** AFFECTED, UNKNOWN or NOT_AFFECTED for the running kernel. */
    public String current(DerivedFacts facts) {
        RuleSet rules = fallback != null ? fallback : ruleSets.get();
        return rules.evaluateVerdict(facts, null).name();
    }
}
