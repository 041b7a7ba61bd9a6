package io.patchcast.exposure;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

import io.patchcast.common.ProblemException;
import io.patchcast.compat.DebianVersion;
import io.patchcast.compat.DerivedFacts;
import io.patchcast.compat.NodeEvaluation;
import io.patchcast.compat.Remediation;
import io.patchcast.compat.RuleSet;
import io.patchcast.compat.Verdict;
import io.patchcast.fleet.Cluster;
import io.patchcast.fleet.ClusterService;
import io.patchcast.fleet.ClusterView;
import io.patchcast.fleet.Node;
import io.patchcast.fleet.Provider;
import io.patchcast.security.Viewer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Exposure of nodes, clusters and the fleet, computed on demand from the derived facts stored per node.
 * Nothing here writes: verdicts depend on the kernel asked about. (Only the running kernel's verdict is kept
 * on the node, by the facts ingestion, for lists.)
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class ExposureService {

    static final String NO_FACTS = "No facts reported yet: run docs/agent/patchcast-collect.sh on the node"
            + " (or wait for its agent) to know whether it is exposed.";

    @Inject
    RuleSet rules;

    @Inject
    ClusterService clusters;

    /** Evaluates posted facts without storing anything. */
    public EvaluationView evaluate(EvaluateRequest request) {
        String kernel = kernel("plannedKernel", request.plannedKernel());
        return EvaluationView.of(rules.evaluate(DerivedFacts.from(request.facts()), kernel));
    }

    /** Evaluates a stored node, if the viewer may see it (404 otherwise). */
    public EvaluationView evaluateNode(Viewer viewer, String instanceId, String kernelParam) {
        String kernel = kernel("kernel", kernelParam);
        Node node = Node.findByInstanceId(instanceId == null ? "" : instanceId.trim())
                .filter(n -> viewer.canSee(n.cluster.customer.id))
                .orElseThrow(() -> ProblemException.notFound("Node " + instanceId));
        if (!node.hasFacts()) {
            throw ProblemException.badRequest("instanceId", "node " + node.instanceId + " has not reported facts yet");
        }
        return EvaluationView.of(rules.evaluate(node.derivedFacts(), kernel));
    }

    /** Per-node exposure of one cluster the viewer may see. */
    public ClusterExposureView cluster(Viewer viewer, long clusterId, String kernelParam) {
        String kernel = kernel("kernel", kernelParam);
        Cluster cluster = clusters.find(viewer, clusterId);
        List<NodeFactsRow> rows = Node.getEntityManager()
                .createQuery(NodeFactsRow.SELECT + " where c.id = ?1 order by n.instanceId", NodeFactsRow.class)
                .setParameter(1, clusterId).getResultList();
        List<ClusterExposureView.NodeExposure> nodes = new ArrayList<>(rows.size());
        Map<String, Remediation> remediation = new LinkedHashMap<>();
        for (NodeFactsRow row : rows) {
            ClusterExposureView.NodeExposure exposure;
            if (!row.hasFacts()) {
                exposure = new ClusterExposureView.NodeExposure(row.instanceId(), row.instanceType(), Verdict.UNKNOWN,
                        NO_FACTS, null);
            } else {
                NodeEvaluation e = rules.evaluate(row.facts(), kernel);
                e.remediation().forEach(r -> remediation.putIfAbsent(r.id() + "/" + r.migrations(), r));
                EvaluationView view = EvaluationView.of(e);
                exposure = new ClusterExposureView.NodeExposure(row.instanceId(), row.instanceType(), e.verdict(),
                        summary(view), view);
            }
            nodes.add(exposure);
        }
        Verdict worst = Verdict.ofCluster(nodes.stream().map(ClusterExposureView.NodeExposure::verdict).toList());
        return new ClusterExposureView(cluster.id, cluster.name, worst, mode(kernel), kernel, nodes,
                List.copyOf(remediation.values()));
    }

    /**
     * Verdict per cluster the viewer may see (worst node; UNKNOWN for a cluster without nodes or facts).
     * Clusters without any node are absent from the map: callers treat absent as UNKNOWN.
     */
    @Transactional
    public Map<Long, Verdict> clusterVerdicts(Viewer viewer, String kernelParam) {
        String kernel = kernel("kernel", kernelParam);
        Map<Long, Verdict> verdicts = new HashMap<>();
        try (Stream<NodeFactsRow> rows = stream(viewer)) {
            rows.forEach(row -> verdicts.merge(row.clusterId(), verdictOf(row, kernel), Verdict::worse));
        }
        return verdicts;
    }

    /** Node and cluster counts per verdict for the whole fleet, grouped by provider × family × hypervisor. */
    @Transactional
    public ExposureSummary summary(String kernelParam) {
        String kernel = kernel("kernel", kernelParam);
        Map<List<String>, long[]> groups = new HashMap<>();
        Map<Long, Verdict> clusterVerdicts = new HashMap<>();
        Map<Verdict, Long> nodeTotals = zeroes();
        long nodes = 0;
        try (Stream<NodeFactsRow> rows = stream(null)) {
            for (NodeFactsRow row : (Iterable<NodeFactsRow>) rows::iterator) {
                Verdict v = verdictOf(row, kernel);
                nodes++;
                nodeTotals.merge(v, 1L, Long::sum);
                clusterVerdicts.merge(row.clusterId(), v, Verdict::worse);
                List<String> key = java.util.Arrays.asList(row.provider().key(), row.instanceFamily(),
                        row.hypervisorType(), row.hypervisorVersion());
                groups.computeIfAbsent(key, k -> new long[3])[v.ordinal()]++;
            }
        }
        Map<Verdict, Long> clusterTotals = zeroes();
        clusterVerdicts.values().forEach(v -> clusterTotals.merge(v, 1L, Long::sum));
        // clusters without nodes have no facts at all: UNKNOWN
        clusterTotals.merge(Verdict.UNKNOWN, Cluster.count() - clusterVerdicts.size(), Long::sum);
        List<ExposureSummary.Row> rowList = groups.entrySet().stream()
                .map(e -> new ExposureSummary.Row(e.getKey().get(0), e.getKey().get(1), e.getKey().get(2),
                        e.getKey().get(3), e.getValue()[Verdict.AFFECTED.ordinal()],
                        e.getValue()[Verdict.UNKNOWN.ordinal()], e.getValue()[Verdict.NOT_AFFECTED.ordinal()]))
                .sorted(Comparator.comparing(ExposureSummary.Row::provider)
                        .thenComparing(ExposureSummary.Row::instanceFamily, Comparator.nullsLast(Comparator.naturalOrder()))
                        .thenComparing(ExposureSummary.Row::hypervisorType, Comparator.nullsLast(Comparator.naturalOrder()))
                        .thenComparing(ExposureSummary.Row::hypervisorVersion,
                                Comparator.nullsLast(ExposureService::compareXen)))
                .toList();
        return new ExposureSummary(mode(kernel), kernel, nodes, ExposureSummary.Totals.of(nodeTotals),
                ExposureSummary.Totals.of(clusterTotals), rowList);
    }

    /** A cluster of a drill-down, with how many of its nodes are in the group and the verdict asked for. */
    public record DrillDownRow(ClusterView cluster, long matchingNodes) {
    }

    /** The clusters that have nodes in one summary group with the given verdict. */
    @Transactional
    public List<DrillDownRow> drillDown(Optional<Provider> provider, String family, String hypervisorType,
            String hypervisorVersion, Verdict verdict, String kernelParam) {
        String kernel = kernel("kernel", kernelParam);
        Map<Long, Long> matching = new LinkedHashMap<>();
        try (Stream<NodeFactsRow> rows = stream(null)) {
            rows.filter(r -> provider.map(p -> p == r.provider()).orElse(true)
                    && Objects.equals(blankToNull(family), r.instanceFamily())
                    && Objects.equals(blankToNull(hypervisorType), r.hypervisorType())
                    && Objects.equals(blankToNull(hypervisorVersion), r.hypervisorVersion())
                    && (verdict == null || verdictOf(r, kernel) == verdict))
                    .forEach(r -> matching.merge(r.clusterId(), 1L, Long::sum));
        }
        return Cluster.findViews(matching.keySet()).stream()
                .map(c -> new DrillDownRow(c, matching.get(c.id())))
                .toList();
    }

    /** Validates a kernel parameter: blank means the running kernel; anything else must be a Debian version. */
    public static String kernel(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String error = DebianVersion.validationError(value.strip());
        if (error != null) {
            throw ProblemException.badRequest(field, "is not a Debian package version: " + error);
        }
        return value.strip();
    }

    private Verdict verdictOf(NodeFactsRow row, String kernel) {
        return row.hasFacts() ? rules.evaluateVerdict(row.facts(), kernel) : Verdict.UNKNOWN;
    }

    private static Stream<NodeFactsRow> stream(Viewer scope) {
        var em = Node.getEntityManager();
        if (scope == null || scope.isStaff()) {
            return em.createQuery(NodeFactsRow.SELECT, NodeFactsRow.class)
                    .setHint("org.hibernate.fetchSize", 2000).setHint("org.hibernate.readOnly", true)
                    .getResultStream();
        }
        return em.createQuery(NodeFactsRow.SELECT + " where c.customer.id = ?1", NodeFactsRow.class)
                .setParameter(1, scope.customerId() == null ? -1L : scope.customerId())
                .setHint("org.hibernate.readOnly", true)
                .getResultStream();
    }

    /** One line per node: the rule that decides, and for UNKNOWN the facts that would settle it. */
    private static String summary(EvaluationView view) {
        List<EvaluationView.RuleView> exposing = view.exposingRules();
        if (exposing.isEmpty()) {
            return "No known incompatibility applies.";
        }
        EvaluationView.RuleView first = exposing.get(0);
        if (first.verdict() == Verdict.AFFECTED || first.missingFacts().isEmpty()) {
            return first.title();
        }
        return first.title() + ": cannot tell without "
                + String.join(", ", first.missingFacts().stream().map(m -> m.fact()).distinct().toList());
    }

    private static String mode(String kernel) {
        return kernel == null ? "current" : "planned";
    }

    private static Map<Verdict, Long> zeroes() {
        Map<Verdict, Long> m = new EnumMap<>(Verdict.class);
        for (Verdict v : Verdict.values()) {
            m.put(v, 0L);
        }
        return m;
    }

    private static int compareXen(String a, String b) {
        try {
            return io.patchcast.compat.XenVersion.compare(a, b);
        } catch (RuntimeException e) {
            return a.compareTo(b);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
