package io.patchcast.rollout;

import java.time.Instant;

import io.patchcast.fleet.Provider;
import io.patchcast.fleet.SlaTier;

/**
 * A cluster in a rollout: its stage, exposure, plan (and override) and patch status.
 *
 * @param planNote     why the plan last changed after the rollout was made
 * @param overrideFlag set when the exposure under a staff override changed: look at the override again
 * @param supersededBy the rollout of the newer release whose maintenance took this cluster over
 */
public record RolloutClusterView(long rolloutId, long clusterId, String clusterName, String customerSlug,
        String customerName, Provider provider, String region, SlaTier slaTier, int stage, String verdict,
        Plan enginePlan, Plan plan, String overrideReason, String overrideBy, Instant overrideAt, PatchStatus status,
        Long windowId, Instant windowStart, String scheduleNote, String planNote, String overrideFlag,
        Long supersededBy) {

    /** "Not affected", "Affected", "Unknown". */
    public String verdictLabel() {
        String text = verdict.replace('_', ' ').toLowerCase(java.util.Locale.ROOT);
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    static RolloutClusterView of(RolloutCluster rc) {
        return new RolloutClusterView(rc.rollout.id, rc.cluster.id, rc.cluster.name, rc.cluster.customer.slug,
                rc.cluster.customer.name, rc.cluster.provider, rc.cluster.region, rc.cluster.slaTier, rc.stage,
                rc.verdict, rc.enginePlan, rc.plan, rc.overrideReason, rc.overrideBy, rc.overrideAt, rc.status,
                rc.windowId, rc.windowStart, rc.scheduleNote, rc.planNote, rc.overrideFlag, rc.supersededBy);
    }
}
