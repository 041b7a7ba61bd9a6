package io.patchcast.incident;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.patchcast.compat.DerivedFacts;
import io.patchcast.compat.RuleResult;
import io.patchcast.compat.RuleSet;
import io.patchcast.compat.Verdict;
import io.patchcast.fleet.Provider;
import io.quarkus.hibernate.orm.panache.Panache;
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
        List<Object[]> rows = Panache.getEntityManager().createQuery("select n.cluster.id, c.provider,"
                + " n.instanceFamily, n.hypervisorType, n.hypervisorVersion, n.kernelVersion, n.kernelStream,"
                + " n.netDrivers, n.osId, n.osVersion from Node n join n.cluster c where c.id in ?1", Object[].class)
                .setParameter(1, candidateClusterIds).getResultList();
        Set<Long> withNodes = new HashSet<>();
        for (Object[] r : rows) {
            Long clusterId = (Long) r[0];
            withNodes.add(clusterId);
            if (affected.contains(clusterId)) {
                continue;
            }
            DerivedFacts facts = DerivedFacts.ofColumns(((Provider) r[1]).key(), (String) r[2], (String) r[3],
                    (String) r[4], (String) r[5], (String) r[6], (String) r[7], (String) r[8], (String) r[9]);
            for (RuleResult result : rules.evaluate(facts, null).rules()) {
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
        // a cluster without any node facts is UNKNOWN, as everywhere else in exposure
        for (Long id : candidateClusterIds) {
            if (!withNodes.contains(id)) {
                unknown.add(id);
            }
        }
        unknown.removeAll(affected);
        return new Hits(affected, unknown);
    }
}
