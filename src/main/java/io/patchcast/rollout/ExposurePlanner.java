package io.patchcast.rollout;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.patchcast.compat.DerivedFacts;
import io.patchcast.compat.Effect;
import io.patchcast.compat.NodeEvaluation;
import io.patchcast.compat.RuleSet;
import io.patchcast.compat.Verdict;
import io.patchcast.fleet.Node;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Turns the engine's planned-mode verdict of a cluster into its patch plan: NOT_AFFECTED gets the full patch,
 * AFFECTED what the rule says (targeted without the kernel, or hold), UNKNOWN a hold until facts arrive.
 */
@ApplicationScoped
public class ExposurePlanner {

    /** The cluster's planned verdict (worst of its nodes) and the plan it implies. */
    public record ClusterPlan(Verdict verdict, Plan plan) {
    }

    @Inject
    RuleSet rules;

    /**
     * Plans each cluster for the release from its nodes' stored facts. Nodes sharing facts are evaluated once,
     * which keeps a fleet-wide plan cheap: most nodes of a cluster look alike.
     */
    public Map<Long, ClusterPlan> plan(PatchRelease release, List<Node> nodes) {
        return plan(release, nodes, null);
    }

    /**
     * As {@link #plan(PatchRelease, List)}, for the last gate: a node whose facts were collected before
     * {@code staleBefore} counts as UNKNOWN, as if it had not reported (null: no age limit).
     */
    public Map<Long, ClusterPlan> plan(PatchRelease release, List<Node> nodes, Instant staleBefore) {
        Map<Long, List<NodeEvaluation>> byCluster = new HashMap<>();
        Map<DerivedFacts, NodeEvaluation> memo = new HashMap<>();
        for (Node node : nodes) {
            NodeEvaluation evaluation;
            if (!node.hasFacts() || (staleBefore != null && isStale(node, staleBefore))) {
                evaluation = null;
            } else {
                DerivedFacts facts = node.derivedFacts();
                evaluation = memo.computeIfAbsent(facts,
                        f -> rules.evaluate(f, release.targetKernel(f.kernelStream())));
            }
            byCluster.computeIfAbsent(node.cluster.id, k -> new ArrayList<>()).add(evaluation);
        }
        Map<Long, ClusterPlan> plans = new HashMap<>();
        byCluster.forEach((clusterId, evaluations) -> plans.put(clusterId, decide(evaluations)));
        return plans;
    }

    /** The node's facts were read on the node (or, without that time, received) before {@code staleBefore}. */
    public static boolean isStale(Node node, Instant staleBefore) {
        Instant read = node.factsCollectedAt != null ? node.factsCollectedAt : node.factsReceivedAt;
        return read == null || read.isBefore(staleBefore);
    }

    /** A cluster without nodes has shown nothing: UNKNOWN, hold. */
    public static ClusterPlan forEmptyCluster() {
        return new ClusterPlan(Verdict.UNKNOWN, Plan.HOLD);
    }

    /** @param evaluations one per node, null for a node without facts (UNKNOWN) */
    static ClusterPlan decide(List<NodeEvaluation> evaluations) {
        List<Verdict> verdicts = new ArrayList<>();
        Effect effect = null;
        boolean affectedWithoutEffect = false;
        for (NodeEvaluation evaluation : evaluations) {
            Verdict verdict = evaluation == null ? Verdict.UNKNOWN : evaluation.verdict();
            verdicts.add(verdict);
            if (verdict == Verdict.AFFECTED) {
                if (evaluation.effect() == null) {
                    affectedWithoutEffect = true;
                } else {
                    effect = effect == null ? evaluation.effect() : effect.stricter(evaluation.effect());
                }
            }
        }
        Verdict cluster = Verdict.ofCluster(verdicts);
        return new ClusterPlan(cluster, switch (cluster) {
            case NOT_AFFECTED -> Plan.FULL;
            // a rule that names no remediation cannot be patched around: hold rather than guess
            case AFFECTED -> effect == Effect.TARGETED && !affectedWithoutEffect ? Plan.TARGETED : Plan.HOLD;
            case UNKNOWN -> Plan.HOLD;
        });
    }
}
