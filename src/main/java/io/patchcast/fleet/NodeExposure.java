package io.patchcast.fleet;

import io.patchcast.compat.DerivedFacts;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A node's current-mode exposure (its running kernel) from its derived facts, as the compatibility engine
 * evaluates it. Stored on the node whenever facts arrive, so lists never evaluate rules per row.
 */
@ApplicationScoped
public class NodeExposure {

    /** The verdict name (AFFECTED, UNKNOWN, NOT_AFFECTED), or null while no rule set is available. */
    public String current(DerivedFacts facts) {
        return null;
    }
}
