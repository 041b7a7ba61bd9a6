package io.patchcast.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.patchcast.compat.RuleSet;
import io.patchcast.compat.Verdict;
import io.patchcast.fleet.Cluster;
import io.patchcast.fleet.Node;
import io.patchcast.fleet.Provider;

/** Plans from the shipped rule set, for the release of the incident (stable 5.10.113-1, backports 5.18.16). */
class ExposurePlannerTest {

    static ExposurePlanner planner;
    static PatchRelease release;

    @BeforeAll
    static void setUp() {
        planner = new ExposurePlanner();
        planner.rules = RuleSet.loadDefault();
        release = new PatchRelease();
        release.name = "Debian 11.3";
        release.stableKernel = "5.10.113-1";
        release.backportsKernel = "5.18.16-1~bpo11+1";
    }

    private static Cluster cluster(long id, Provider provider) {
        Cluster c = new Cluster();
        c.id = id;
        c.provider = provider;
        return c;
    }

    private static Node node(Cluster cluster, String family, String hypervisor, String xen, String kernel,
            String drivers) {
        Node n = new Node();
        n.cluster = cluster;
        n.instanceFamily = family;
        n.hypervisorType = hypervisor;
        n.hypervisorVersion = xen;
        n.kernelVersion = kernel;
        n.kernelStream = kernel.contains("~bpo") ? "backports" : "stable";
        n.netDrivers = drivers;
        n.osId = "debian";
        n.osVersion = "11";
        n.factsReceivedAt = Instant.parse("2026-11-01T00:00:00Z");
        return n;
    }

    @Test
    void awsXen42WithEnaOnTheNewStableKernelIsPatchedWithoutTheKernelOrHeld() {
        Cluster i3 = cluster(1, Provider.AWS);
        Map<Long, ExposurePlanner.ClusterPlan> plans = planner.plan(release,
                List.of(node(i3, "i3", "xen", "4.2", "5.10.106-1", "ena")));
        assertEquals(Verdict.AFFECTED, plans.get(1L).verdict());
        assertEquals(Plan.TARGETED, plans.get(1L).plan(), "the MSI-X rule remedies with the targeted plan");

        Cluster m4 = cluster(2, Provider.AWS);
        assertEquals(Plan.TARGETED, planner.plan(release,
                List.of(node(m4, "m4", "xen", "4.2", "5.10.92-2", "ixgbevf"))).get(2L).plan());
    }

    @Test
    void i3OnBackportsIsHeldForTheNvmeBootProblem() {
        Cluster i3 = cluster(3, Provider.AWS);
        ExposurePlanner.ClusterPlan plan = planner.plan(release,
                List.of(node(i3, "i3", "xen", "4.2", "5.18.16-1~bpo11+1", "ena"))).get(3L);
        assertEquals(Verdict.AFFECTED, plan.verdict());
        assertEquals(Plan.HOLD, plan.plan());
    }

    @Test
    void gcpAzureSelfHostedNitroAndNewerXenGetTheFullPatch() {
        Cluster gcp = cluster(10, Provider.GCP);
        Cluster azure = cluster(11, Provider.AZURE);
        Cluster self = cluster(12, Provider.SELF_HOSTED);
        Cluster nitro = cluster(13, Provider.AWS);
        Cluster xen411 = cluster(14, Provider.AWS);
        Map<Long, ExposurePlanner.ClusterPlan> plans = planner.plan(release, List.of(
                node(gcp, "n2", "kvm", null, "5.10.106-1", "gve"),
                node(azure, "Standard_E8s_v5", "hyper-v", null, "5.10.106-1", "hv_netvsc,mlx5_core"),
                node(self, null, "bare-metal", null, "5.10.106-1", "ice"),
                node(nitro, "i3en", "nitro", null, "5.10.106-1", "ena"),
                node(xen411, "i3", "xen", "4.11", "5.10.106-1", "ena")));
        for (long id = 10; id <= 14; id++) {
            assertEquals(Verdict.NOT_AFFECTED, plans.get(id).verdict(), "cluster " + id);
            assertEquals(Plan.FULL, plans.get(id).plan(), "cluster " + id);
        }
    }

    @Test
    void aNodeWithoutFactsHoldsItsClusterAndAClusterWithoutNodesIsUnknown() {
        Cluster gcp = cluster(20, Provider.GCP);
        Node silent = new Node();
        silent.cluster = gcp;
        ExposurePlanner.ClusterPlan plan = planner.plan(release,
                List.of(node(gcp, "n2", "kvm", null, "5.10.106-1", "gve"), silent)).get(20L);
        assertEquals(Verdict.UNKNOWN, plan.verdict());
        assertEquals(Plan.HOLD, plan.plan(), "UNKNOWN holds until facts arrive");
        assertEquals(new ExposurePlanner.ClusterPlan(Verdict.UNKNOWN, Plan.HOLD), ExposurePlanner.forEmptyCluster());
    }

    @Test
    void theWorstNodeDecidesAndTheStrictestEffectWins() {
        Cluster mixed = cluster(30, Provider.AWS);
        ExposurePlanner.ClusterPlan plan = planner.plan(release, List.of(
                node(mixed, "i3", "xen", "4.11", "5.10.106-1", "ena"),
                node(mixed, "i3", "xen", "4.2", "5.10.106-1", "ena"),
                node(mixed, "i3", "xen", "4.2", "5.18.16-1~bpo11+1", "ena"))).get(30L);
        assertEquals(Verdict.AFFECTED, plan.verdict());
        assertEquals(Plan.HOLD, plan.plan(), "hold is stricter than targeted");
    }
}
