package io.patchcast.incident;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.patchcast.common.Problem;
import io.patchcast.common.ProblemException;
import io.patchcast.fleet.Provider;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Computes the clusters and customers an {@link IncidentScope} touches. Provider, region and family narrow
 * each other (all given dimensions must match; within one, any value may); rule ids keep the clusters
 * currently AFFECTED by one of them; explicit clusters are added whatever the criteria say.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class ScopeResolver {

    @Inject
    RuleExposure ruleExposure;

    /** Field errors for scope values that name nothing: an unknown provider, rule or cluster. */
    public List<Problem.FieldError> validate(IncidentScope scope, String prefix) {
        List<Problem.FieldError> errors = new ArrayList<>();
        for (String p : scope.providers()) {
            if (Provider.parse(p).isEmpty()) {
                errors.add(new Problem.FieldError(prefix + "providers",
                        "'" + p + "' is not a provider (aws, gcp, azure, self-hosted)"));
            }
        }
        Set<String> rules = ruleExposure.ruleIds();
        for (String r : scope.ruleIds()) {
            if (!rules.contains(r)) {
                errors.add(new Problem.FieldError(prefix + "ruleIds", "'" + r + "' is not a rule id; known: "
                        + String.join(", ", new java.util.TreeSet<>(rules))));
            }
        }
        if (!scope.clusterIds().isEmpty()) {
            List<Long> found = Panache.getEntityManager()
                    .createQuery("select c.id from Cluster c where c.id in ?1", Long.class)
                    .setParameter(1, scope.clusterIds()).getResultList();
            for (Long id : scope.clusterIds()) {
                if (!found.contains(id)) {
                    errors.add(new Problem.FieldError(prefix + "clusterIds", "cluster " + id + " does not exist"));
                }
            }
        }
        return errors;
    }

    public void requireValid(IncidentScope scope) {
        List<Problem.FieldError> errors = validate(scope, "scope.");
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
    }

    public ScopePreview preview(IncidentScope scope) {
        requireValid(scope);
        Map<Long, ScopePreview.ClusterHit> hits = new LinkedHashMap<>();
        List<ScopePreview.ClusterHit> unknown = new ArrayList<>();
        if (scope.hasCriteria()) {
            List<Object[]> rows = criteriaQuery(scope);
            Map<Long, Object[]> byId = new LinkedHashMap<>();
            rows.forEach(r -> byId.put((Long) r[0], r));
            if (!scope.ruleIds().isEmpty()) {
                RuleExposure.Hits ruleHits = ruleExposure.hits(scope.ruleIds(), byId.keySet());
                String reason = "affected by " + String.join(", ", scope.ruleIds());
                for (Map.Entry<Long, Object[]> e : byId.entrySet()) {
                    if (ruleHits.affected().contains(e.getKey())) {
                        hits.put(e.getKey(), hit(e.getValue(), reason));
                    } else if (ruleHits.unknown().contains(e.getKey())) {
                        unknown.add(hit(e.getValue(), "unknown for " + String.join(", ", scope.ruleIds())));
                    }
                }
            } else {
                byId.forEach((id, row) -> hits.put(id, hit(row, "matches the scope")));
            }
        }
        List<Long> explicit = scope.clusterIds().stream().filter(id -> !hits.containsKey(id)).toList();
        if (!explicit.isEmpty()) {
            for (Object[] row : rowsFor(explicit)) {
                hits.put((Long) row[0], hit(row, "named explicitly"));
            }
            unknown.removeIf(u -> hits.containsKey(u.id()));
        }
        return group(hits.values(), unknown);
    }

    private static final String SELECT = "select c.id, c.name, cu.id, cu.slug, cu.name, c.provider, c.region"
            + " from Cluster c join c.customer cu";

    private static List<Object[]> criteriaQuery(IncidentScope scope) {
        StringBuilder where = new StringBuilder(" where 1 = 1");
        List<Object> params = new ArrayList<>();
        if (!scope.providers().isEmpty()) {
            params.add(scope.providerValues());
            where.append(" and c.provider in ?").append(params.size());
        }
        if (!scope.regions().isEmpty()) {
            params.add(scope.regions());
            where.append(" and c.region in ?").append(params.size());
        }
        if (!scope.families().isEmpty()) {
            params.add(scope.families());
            where.append(" and exists (select 1 from Node n where n.cluster = c and lower(n.instanceFamily) in ?")
                    .append(params.size()).append(')');
        }
        var query = Panache.getEntityManager().createQuery(SELECT + where + " order by cu.name, c.name",
                Object[].class);
        for (int i = 0; i < params.size(); i++) {
            query.setParameter(i + 1, params.get(i));
        }
        return query.getResultList();
    }

    private static List<Object[]> rowsFor(Collection<Long> ids) {
        return Panache.getEntityManager().createQuery(SELECT + " where c.id in ?1 order by cu.name, c.name",
                Object[].class).setParameter(1, ids).getResultList();
    }

    private static ScopePreview.ClusterHit hit(Object[] r, String reason) {
        return new ScopePreview.ClusterHit((Long) r[0], (String) r[1], (Long) r[2], (String) r[3], (String) r[4],
                ((Provider) r[5]).key(), (String) r[6], reason);
    }

    private static ScopePreview group(Collection<ScopePreview.ClusterHit> hits, List<ScopePreview.ClusterHit> unknown) {
        if (hits.isEmpty()) {
            return new ScopePreview(0, 0, 0, List.of(), List.copyOf(unknown));
        }
        Map<Long, List<ScopePreview.ClusterHit>> byCustomer = new LinkedHashMap<>();
        hits.stream().sorted(java.util.Comparator.comparing(ScopePreview.ClusterHit::customerName)
                .thenComparing(ScopePreview.ClusterHit::name))
                .forEach(h -> byCustomer.computeIfAbsent(h.customerId(), k -> new ArrayList<>()).add(h));
        Map<Long, Long> contacts = new TreeMap<>();
        Panache.getEntityManager().createQuery(
                "select ct.customer.id, count(ct) from Contact ct where ct.customer.id in ?1 group by ct.customer.id",
                Object[].class).setParameter(1, byCustomer.keySet()).getResultList()
                .forEach(r -> contacts.put((Long) r[0], (Long) r[1]));
        List<ScopePreview.CustomerHit> customers = new ArrayList<>();
        long contactCount = 0;
        for (Map.Entry<Long, List<ScopePreview.ClusterHit>> e : byCustomer.entrySet()) {
            ScopePreview.ClusterHit first = e.getValue().get(0);
            long n = contacts.getOrDefault(e.getKey(), 0L);
            contactCount += n;
            customers.add(new ScopePreview.CustomerHit(e.getKey(), first.customerSlug(), first.customerName(), n,
                    List.copyOf(e.getValue())));
        }
        return new ScopePreview(hits.size(), customers.size(), contactCount, customers, List.copyOf(unknown));
    }
}
