package io.patchcast.exposure;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.patchcast.common.ProblemException;
import io.patchcast.compat.RuleSet;
import io.patchcast.compat.RuleValidationException;
import io.patchcast.compat.Verdict;
import io.patchcast.fleet.Cluster;
import io.patchcast.fleet.ClusterView;
import io.patchcast.fleet.Node;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Tries a candidate rule file against the fleet without activating it: validated as at start-up, then every node
 * with facts is judged by the active and the candidate rules, and the nodes and clusters whose verdict would
 * change are listed. Writes nothing.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class RuleDryRunService {

    /** Most changed nodes a dry run lists; the counts cover all of them. */
    static final int MAX_LISTED = 200;

    @Inject
    RuleSet active;

    /** A node whose verdict would change. */
    public record NodeChange(String instanceId, long clusterId, Verdict before, Verdict after) {
    }

    /** A cluster whose verdict (worst of its nodes) would change. */
    public record ClusterChange(ClusterView cluster, Verdict before, Verdict after) {
    }

    /**
     * @param activeFingerprint    the rule set in use
     * @param candidateFingerprint the uploaded one
     * @param candidateRules       how many rules it has
     * @param mode                 current (running kernels) or planned (the kernel asked about)
     * @param nodesEvaluated       nodes with facts judged by both
     * @param nodesChanged         how many of them change verdict (all listed up to {@value #MAX_LISTED})
     */
    public record DryRunView(String activeFingerprint, String candidateFingerprint, int candidateRules, String mode,
            String kernel, long nodesEvaluated, long nodesChanged, List<NodeChange> nodes,
            List<ClusterChange> clusters) {
    }

    /** Validates {@code yaml} and compares its verdicts with the active rules' for {@code kernelParam}. */
    @Transactional
    public DryRunView dryRun(String yaml, String kernelParam) {
        String kernel = ExposureService.kernel("kernel", kernelParam);
        if (yaml == null || yaml.isBlank()) {
            throw ProblemException.badRequest("rules", "must hold a rule file (docs/rule-format.md)");
        }
        RuleSet candidate;
        try {
            candidate = RuleSet.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
        } catch (RuleValidationException e) {
            // the loader's message names the rule and the place in it, which is what the author needs
            throw ProblemException.badRequest("rules", e.getMessage());
        }
        List<NodeChange> nodes = new ArrayList<>();
        Map<Long, Verdict[]> clusters = new HashMap<>();
        long evaluated = 0;
        long changed = 0;
        try (Stream<NodeFactsRow> rows = Node.getEntityManager().createQuery(NodeFactsRow.SELECT, NodeFactsRow.class)
                .setHint("org.hibernate.fetchSize", 2000).setHint("org.hibernate.readOnly", true).getResultStream()) {
            for (NodeFactsRow row : (Iterable<NodeFactsRow>) rows::iterator) {
                Verdict before = Verdict.UNKNOWN;
                Verdict after = Verdict.UNKNOWN;
                if (row.hasFacts()) {
                    evaluated++;
                    before = active.evaluateVerdict(row.facts(), kernel);
                    after = candidate.evaluateVerdict(row.facts(), kernel);
                    if (before != after) {
                        changed++;
                        if (nodes.size() < MAX_LISTED) {
                            nodes.add(new NodeChange(row.instanceId(), row.clusterId(), before, after));
                        }
                    }
                }
                Verdict b = before;
                Verdict a = after;
                clusters.merge(row.clusterId(), new Verdict[] { b, a },
                        (x, y) -> new Verdict[] { x[0].worse(y[0]), x[1].worse(y[1]) });
            }
        }
        List<Long> changedClusters = clusters.entrySet().stream().filter(e -> e.getValue()[0] != e.getValue()[1])
                .map(Map.Entry::getKey).toList();
        List<ClusterChange> clusterChanges = Cluster.findViews(changedClusters).stream()
                .map(c -> new ClusterChange(c, clusters.get(c.id())[0], clusters.get(c.id())[1])).toList();
        return new DryRunView(active.fingerprint(), candidate.fingerprint(), candidate.rules().size(),
                kernel == null ? "current" : "planned", kernel, evaluated, changed, nodes, clusterChanges);
    }
}
