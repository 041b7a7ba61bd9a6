package io.patchcast.fleet;

import java.util.Set;

/**
 * Fired (synchronously, in the transaction that made the change) when the facts exposure is computed from changed
 * for some clusters: new or changed node facts, an AWS sync that changed an instance's type or hypervisor. The
 * rollout feature re-plans those clusters. A new rule set changes every cluster's exposure:
 * {@link #fleetWide(String)} says so with every cluster of the rollouts under way.
 *
 * @param clusterIds the clusters whose nodes' facts changed; empty with {@code fleetWide}
 * @param fleetWide  every cluster may be touched (a rule set was activated)
 * @param reason     what changed, in a sentence a customer may read about their own cluster; null for the default
 */
public record FactsChanged(Set<Long> clusterIds, boolean fleetWide, String reason) {

    public static FactsChanged of(Set<Long> clusterIds) {
        return new FactsChanged(Set.copyOf(clusterIds), false, null);
    }

    public static FactsChanged fleetWide(String reason) {
        return new FactsChanged(Set.of(), true, reason);
    }
}
