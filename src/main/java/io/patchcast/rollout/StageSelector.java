package io.patchcast.rollout;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.patchcast.fleet.NodeSizeClass;
import io.patchcast.fleet.SlaTier;

/**
 * Decides which stage patches each cluster: internal clusters first, then a share of the non-production
 * developer-size clusters as canary, the remaining non-production, and production last. Stages 4 (default
 * for new nodes) and 6 (verification) patch no clusters in windows.
 */
public final class StageSelector {

    /**
     * What selection needs to know of a cluster.
     *
     * @param fullPatch the engine plans the full patch (kernel included): only such clusters test the release's
     *                  kernel, so only they are picked for the canary
     */
    public record Candidate(long clusterId, boolean internal, SlaTier tier, NodeSizeClass size, boolean fullPatch) {

        public Candidate(long clusterId, boolean internal, SlaTier tier, NodeSizeClass size) {
            this(clusterId, internal, tier, size, true);
        }
    }

    private StageSelector() {
    }

    /**
     * @param share  share of the developer-size non-production clusters on the full patch in the canary, 0-1;
     *               at least one when there is any such cluster and the share is above 0
     * @param seed   spreads the canary over the fleet: each rollout samples a different, repeatable subset
     * @return the stage of every candidate, in the candidates' order
     */
    public static Map<Long, Stage> select(List<Candidate> candidates, double share, long seed) {
        Map<Long, Stage> stages = new LinkedHashMap<>();
        List<Candidate> developer = new ArrayList<>();
        for (Candidate c : candidates) {
            if (c.internal()) {
                stages.put(c.clusterId(), Stage.INTERNAL);
            } else if (c.tier() == SlaTier.PRODUCTION) {
                stages.put(c.clusterId(), Stage.PRODUCTION);
            } else {
                stages.put(c.clusterId(), Stage.NON_PRODUCTION);
                // a held or targeted cluster would not boot the new kernel: it proves nothing as a canary
                if (c.size() == NodeSizeClass.DEVELOPER && c.fullPatch()) {
                    developer.add(c);
                }
            }
        }
        int canary = share <= 0 ? 0 : Math.max(1, (int) Math.ceil(developer.size() * Math.min(share, 1.0)));
        developer.stream()
                .sorted(Comparator.comparingLong((Candidate c) -> mix(c.clusterId(), seed)).thenComparingLong(Candidate::clusterId))
                .limit(canary)
                .forEach(c -> stages.put(c.clusterId(), Stage.CANARY));
        return stages;
    }

    /** A cheap, well-spread hash (SplitMix64 finaliser) so the sample does not follow id order. */
    private static long mix(long id, long seed) {
        long z = id * 0x9E3779B97F4A7C15L + seed;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
