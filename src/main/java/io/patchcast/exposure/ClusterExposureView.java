package io.patchcast.exposure;

import java.util.List;

import io.patchcast.compat.Remediation;
import io.patchcast.compat.Verdict;

/**
 * A cluster's exposure: the worst of its nodes (UNKNOWN without nodes or facts), each node's result, and the
 * remediation options that apply, once each.
 */
public record ClusterExposureView(long clusterId, String clusterName, Verdict verdict, String mode, String kernel,
        List<NodeExposure> nodes, List<Remediation> remediation) {

    /** One node's result; {@code evaluation} is null when the node has not reported facts yet. */
    public record NodeExposure(String instanceId, String instanceType, Verdict verdict, String summary,
            EvaluationView evaluation) {

        public boolean affected() {
            return verdict == Verdict.AFFECTED;
        }
    }

    public long affectedNodes() {
        return count(Verdict.AFFECTED);
    }

    public long unknownNodes() {
        return count(Verdict.UNKNOWN);
    }

    public long notAffectedNodes() {
        return count(Verdict.NOT_AFFECTED);
    }

    private long count(Verdict v) {
        return nodes.stream().filter(n -> n.verdict() == v).count();
    }
}
