package io.patchcast.incident;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

import io.patchcast.compat.RuleResult;
import io.patchcast.compat.RuleSet;
import io.patchcast.compat.Verdict;
import io.patchcast.exposure.NodeFactsRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Rule exposure from the compatibility engine, evaluated in CURRENT mode (the running kernel) from the derived
 * columns stored per node. A cluster counts as affected when a named rule is AFFECTED on any of its nodes;
 * UNKNOWN (missing facts) is reported apart and not included, so an incident is never sent on a guess.
 */
@ApplicationScoped
public class EngineRuleExposure implements RuleExposure {

    @Inject
    RuleSet rules;

    @Override
    public Set<String> ruleIds() {
        return rules.rules().stream().map(r -> r.id()).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public Hits hits(Collection<String> ruleIds, Collection<Long> candidateClusterIds) {
        Set<Long> affected = new HashSet<>();
        Set<Long> unknown = new HashSet<>();
        if (ruleIds.isEmpty() || candidateClusterIds.isEmpty()) {
            return new Hits(affected, unknown);
        }
        Set<Long> withNodes = new HashSet<>();
        for (NodeFactsRow row : NodeFactsRow.ofClusters(candidateClusterIds)) {
            long clusterId = row.clusterId();
            withNodes.add(clusterId);
            if (affected.contains(clusterId)) {
                continue;
            }
            // a node that never reported is unknown, whatever its provider: its cluster is undecided
            if (!row.hasFacts()) {
                unknown.add(clusterId);
                continue;
            }
            for (RuleResult result : rules.evaluate(row.facts(), null).rules()) {
                if (!ruleIds.contains(result.id())) {
                    continue;
                }
                if (result.verdict() == Verdict.AFFECTED) {
                    affected.add(clusterId);
                } else if (result.verdict() == Verdict.UNKNOWN) {
                    unknown.add(clusterId);
                }
            }
        }
        // a cluster without any node is UNKNOWN, as everywhere else in exposure
        for (Long id : candidateClusterIds) {
            if (!withNodes.contains(id)) {
                unknown.add(id);
            }
        }
        unknown.removeAll(affected);
        return new Hits(affected, unknown);
    }
}
