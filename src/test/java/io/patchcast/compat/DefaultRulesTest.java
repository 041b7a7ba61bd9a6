package io.patchcast.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import io.patchcast.testdata.CompatData;

/** The shipped rule file against the incident: fixtures, planned kernels, explanations. */
class DefaultRulesTest {

    private static final RuleSet RULES = RuleSet.loadDefault();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** i3 on a Xen 4.2 host with ENA: the incident's node, with the kernel varied per test. */
    private static DerivedFacts i3OnXen42(String kernel) {
        return new DerivedFacts("aws", "i3", "xen", "4.2", kernel, null, List.of("ena"), "debian", "11");
    }

    @TestFactory
    Stream<DynamicTest> everySharedFixtureGetsItsExpectedVerdict() throws IOException {
        JsonNode fixtures = CompatData.fixtures();
        assertTrue(fixtures.size() >= 9, "expected the full fixture file, found " + fixtures.size());
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode fixture : fixtures) {
            tests.add(DynamicTest.dynamicTest(fixture.get("name").asText(), () -> {
                RawFacts raw = JSON.treeToValue(fixture.get("facts"), RawFacts.class);
                DerivedFacts facts = DerivedFacts.from(raw);
                Verdict expected = Verdict.valueOf(fixture.get("expect").asText());
                NodeEvaluation evaluation = RULES.evaluate(facts, null);
                assertEquals(expected, evaluation.verdict(), fixture.get("why").asText() + "; got "
                        + evaluation.rules());
                assertEquals(expected, RULES.evaluateVerdict(facts, null), "the lean path agrees");
            }));
        }
        return tests.stream();
    }

    @Test
    void affectedNodeSaysWhichRuleAndWhatToDo() {
        NodeEvaluation evaluation = RULES.evaluate(i3OnXen42("5.10.113-1"), null);
        assertEquals(Verdict.AFFECTED, evaluation.verdict());
        assertEquals(NodeEvaluation.Mode.CURRENT, evaluation.mode());
        assertEquals("5.10.113-1", evaluation.kernel());
        assertEquals(Effect.TARGETED, evaluation.effect());
        RuleResult msix = rule(evaluation, "xen-hvm-msix-masking");
        assertEquals(Verdict.AFFECTED, msix.verdict());
        assertEquals(5, msix.predicates().size(), "all five predicates had to hold");
        assertTrue(msix.explanation().contains("kernel 5.10.113-1 has the masking change"), msix.explanation());
        assertTrue(msix.explanation().contains("series 5.10: introduced 5.10.88, fixed 5.10.114"),
                msix.explanation());
        assertTrue(msix.explanation().contains("Xen 4.2"), msix.explanation());
        assertEquals(List.of(), msix.missingFacts());

        Remediation migrate = evaluation.remediation().stream().filter(r -> r.id().equals("migrate-nitro"))
                .findFirst().orElseThrow();
        assertEquals(List.of("i3en", "i4i"), migrate.migrations().stream().map(Remediation.Migration::to).toList(),
                "the node sees the successors of its own family");
        assertTrue(migrate.migrations().get(0).costDeltaPercent() > 40);
    }

    @Test
    void plannedModeJudgesTheKernelThatWillBoot() {
        DerivedFacts runningAffected = i3OnXen42("5.10.113-1");
        NodeEvaluation planned = RULES.evaluate(runningAffected, "5.10.120-1");
        assertEquals(NodeEvaluation.Mode.PLANNED, planned.mode());
        assertEquals("5.10.120-1", planned.kernel());
        assertEquals(Verdict.NOT_AFFECTED, planned.verdict(), "the planned kernel has the fix");
        assertEquals(Verdict.AFFECTED, RULES.evaluate(runningAffected, null).verdict(), "current still affected");

        DerivedFacts runningSafe = i3OnXen42("5.10.84-1");
        assertEquals(Verdict.NOT_AFFECTED, RULES.evaluate(runningSafe, null).verdict());
        assertEquals(Verdict.AFFECTED, RULES.evaluate(runningSafe, "5.10.113-1").verdict(),
                "patching to 5.10.113-1 would break the node");
        assertEquals(Verdict.AFFECTED, RULES.evaluateVerdict(runningSafe, "5.10.113-1"));
        assertEquals(Verdict.NOT_AFFECTED, RULES.evaluateVerdict(runningSafe, "  "), "blank means current");
    }

    @Test
    void kernelWindowsPerStableSeries() {
        assertKernel(Verdict.AFFECTED, "4.19.235-1");
        assertKernel(Verdict.NOT_AFFECTED, "4.19.249-2");
        assertKernel(Verdict.NOT_AFFECTED, "4.19.208-1");
        assertKernel(Verdict.AFFECTED, "5.10.88-1");
        assertKernel(Verdict.AFFECTED, "5.10.92-2");
        assertKernel(Verdict.NOT_AFFECTED, "5.10.114-1");
        assertKernel(Verdict.AFFECTED, "5.10.106-1~bpo10+1");
        assertKernel(Verdict.AFFECTED, "5.15.15-2~bpo11+1");
        assertKernel(Verdict.NOT_AFFECTED, "5.15.38-1");
        assertKernel(Verdict.AFFECTED, "5.16.7-2");
        assertKernel(Verdict.AFFECTED, "5.17.3-1");
        assertKernel(Verdict.NOT_AFFECTED, "5.17.6-1");
        assertKernel(Verdict.NOT_AFFECTED, "6.1.76-1");
        assertKernel(Verdict.NOT_AFFECTED, "5.1.21-1", "5.1 is not 5.10");
        assertKernel(Verdict.UNKNOWN, "5.4.170-1", "the 5.4 window is unverified");
        assertKernel(Verdict.UNKNOWN, "4.9.303-1", "the 4.9 window is unverified");
    }

    private static void assertKernel(Verdict expected, String kernel) {
        assertKernel(expected, kernel, kernel);
    }

    private static void assertKernel(Verdict expected, String kernel, String message) {
        // the rule under test alone: the backports rule must not blur a kernel window check
        DerivedFacts m4 = new DerivedFacts("aws", "m4", "xen", "4.2", null, null, List.of("ixgbevf"), "debian",
                "11");
        NodeEvaluation evaluation = RULES.evaluate(m4, kernel);
        assertEquals(expected, rule(evaluation, "xen-hvm-msix-masking").verdict(), message);
        assertEquals(expected, RULES.evaluateVerdict(m4, kernel), message);
    }

    @Test
    void xenVersionBetweenTheEvidenceBandsIsUnknown() {
        DerivedFacts xen48 = new DerivedFacts("aws", "r4", "xen", "4.8", "5.10.113-1", null, List.of("ena"),
                "debian", "11");
        NodeEvaluation evaluation = RULES.evaluate(xen48, null);
        assertEquals(Verdict.UNKNOWN, evaluation.verdict());
        RuleResult msix = rule(evaluation, "xen-hvm-msix-masking");
        assertTrue(msix.decidingPredicate().startsWith("hypervisor.version evidence"), msix.decidingPredicate());
        assertTrue(msix.explanation().contains("Xen 4.8, which nobody has tested"), msix.explanation());
        assertEquals(List.of(), msix.missingFacts(), "the version is known; there is just no evidence");
        assertNull(evaluation.effect(), "nothing is AFFECTED");
        assertEquals(Effect.TARGETED, evaluation.cautiousEffect());

        assertEquals(Verdict.AFFECTED, RULES.evaluateVerdict(withXen("3.4"), null), "older than 4.2 counts");
        assertEquals(Verdict.NOT_AFFECTED, RULES.evaluateVerdict(withXen("4.14"), null));
        assertEquals(Verdict.UNKNOWN, RULES.evaluateVerdict(withXen("4.3"), null));
    }

    private static DerivedFacts withXen(String version) {
        return new DerivedFacts("aws", "r4", "xen", version, "5.10.113-1", null, List.of("ena"), "debian", "11");
    }

    @Test
    void missingFactsAreNamedWithHowToCollectThem() {
        DerivedFacts sparse = new DerivedFacts("aws", "i3", "xen", null, null, null, null, "debian", "11");
        NodeEvaluation evaluation = RULES.evaluate(sparse, null);
        assertEquals(Verdict.UNKNOWN, evaluation.verdict());
        RuleResult msix = rule(evaluation, "xen-hvm-msix-masking");
        assertEquals(List.of("hypervisor.version", "net.driver", "kernel.package_version"),
                msix.missingFacts().stream().map(MissingFact::fact).toList());
        assertTrue(msix.missingFacts().get(0).howToCollect().contains("cat /sys/hypervisor/version/minor"),
                msix.missingFacts().get(0).howToCollect());
        assertTrue(msix.explanation().contains("Collect hypervisor.version, net.driver, kernel.package_version"),
                msix.explanation());
        RuleResult nvme = rule(evaluation, "i3-xen-backports-nvme-boot");
        assertEquals(Verdict.UNKNOWN, nvme.verdict(), "no kernel, so no stream: the i3 rule cannot decide either");
        assertEquals(List.of("kernel.stream"), nvme.missingFacts().stream().map(MissingFact::fact).toList());
    }

    @Test
    void unparseableFactsAreUnknownNeverSafe() {
        DerivedFacts garbled = new DerivedFacts("aws", "i3", "xen", "4..2", "five.ten", null, List.of("ena"),
                "debian", "11");
        NodeEvaluation evaluation = RULES.evaluate(garbled, null);
        assertEquals(Verdict.UNKNOWN, evaluation.verdict());
        List<MissingFact> missing = rule(evaluation, "xen-hvm-msix-masking").missingFacts();
        assertEquals(List.of("hypervisor.version", "kernel.package_version"),
                missing.stream().map(MissingFact::fact).toList());
        assertTrue(missing.get(1).problem().contains("'five.ten' is not a valid debian version"),
                missing.get(1).problem());

        NodeEvaluation badPlan = RULES.evaluate(i3OnXen42("5.10.84-1"), "latest");
        assertEquals(Verdict.UNKNOWN, badPlan.verdict(), "an unreadable planned kernel is not a safe one");
        MissingFact kernel = rule(badPlan, "xen-hvm-msix-masking").missingFacts().get(0);
        assertTrue(kernel.howToCollect().startsWith("Give the planned kernel"), kernel.howToCollect());
    }

    @Test
    void vifOnlyNodesAreNotAffectedByMsixButTheRenameRuleAsksForSystemd() {
        DerivedFacts t2 = new DerivedFacts("aws", "t2", "xen", "4.2", "5.10.113-1", null, List.of("vif"),
                "debian", "11");
        NodeEvaluation evaluation = RULES.evaluate(t2, null);
        RuleResult msix = rule(evaluation, "xen-hvm-msix-masking");
        assertEquals(Verdict.NOT_AFFECTED, msix.verdict());
        assertEquals("net.driver in [ena, ixgbevf]", msix.decidingPredicate());
        assertTrue(msix.explanation().contains("the NIC driver is vif"), msix.explanation());
        // a version 1 document says nothing about systemd: the eth0 → enX0 rename cannot be ruled out
        RuleResult rename = rule(evaluation, "xen-netfront-enx0-systemd-250");
        assertEquals(Verdict.UNKNOWN, rename.verdict());
        assertEquals(Verdict.UNKNOWN, evaluation.verdict());
        assertTrue(rename.missingFacts().stream().anyMatch(m -> m.fact().equals("package.version systemd")
                && m.howToCollect().contains("dpkg-query")), rename.missingFacts().toString());
        assertTrue(evaluation.remediation().stream().noneMatch(r -> r.id().equals("migrate-nitro")),
                "nothing of the MSI-X rule to remedy");

        DerivedFacts noDrivers = new DerivedFacts("aws", "t2", "xen", "4.2", "5.10.113-1", null, List.of(),
                "debian", "11");
        assertEquals(Verdict.UNKNOWN, RULES.evaluateVerdict(noDrivers, null), "an empty NIC list was not read");
    }

    @Test
    void backportsKernelsOnI3XenAreHeldWithLowConfidence() {
        NodeEvaluation evaluation = RULES.evaluate(i3OnXen42("5.10.84-1"), "5.18.16-1~bpo11+1");
        assertEquals(Verdict.AFFECTED, evaluation.verdict());
        assertEquals(Verdict.NOT_AFFECTED, rule(evaluation, "xen-hvm-msix-masking").verdict(), "5.18 has the fix");
        RuleResult nvme = rule(evaluation, "i3-xen-backports-nvme-boot");
        assertEquals(Verdict.AFFECTED, nvme.verdict());
        assertEquals("low", nvme.confidence());
        assertEquals(Effect.HOLD, nvme.effect());
        assertEquals(Effect.HOLD, evaluation.effect());
        assertTrue(nvme.explanation().contains("low confidence"), nvme.explanation());

        DerivedFacts r4 = new DerivedFacts("aws", "r4", "xen", "4.2", "5.10.84-1", null, List.of("ena"), "debian",
                "11");
        assertEquals(Verdict.NOT_AFFECTED, RULES.evaluateVerdict(r4, "5.18.16-1~bpo11+1"), "i3 only");
    }

    @Test
    void strictestEffectWinsWhenBothRulesHit() {
        NodeEvaluation evaluation = RULES.evaluate(i3OnXen42("5.10.84-1"), "5.10.106-1~bpo10+1");
        assertEquals(Verdict.AFFECTED, rule(evaluation, "xen-hvm-msix-masking").verdict());
        assertEquals(Verdict.AFFECTED, rule(evaluation, "i3-xen-backports-nvme-boot").verdict());
        assertEquals(Effect.TARGETED, rule(evaluation, "xen-hvm-msix-masking").effect());
        assertEquals(Effect.HOLD, evaluation.effect());
    }

    @Test
    void clusterIsItsWorstNodeAndUnknownWithoutNodes() {
        DerivedFacts nitro = new DerivedFacts("aws", "r6g", "nitro", null, "5.10.113-1", null, List.of("ena"),
                "debian", "11");
        DerivedFacts xenUnknown = withXen("4.8");
        assertEquals(Verdict.NOT_AFFECTED, RULES.evaluateCluster(List.of(nitro, nitro), null));
        assertEquals(Verdict.UNKNOWN, RULES.evaluateCluster(List.of(nitro, xenUnknown), null));
        assertEquals(Verdict.AFFECTED, RULES.evaluateCluster(List.of(nitro, xenUnknown, i3OnXen42("5.10.113-1")),
                null));
        assertEquals(Verdict.NOT_AFFECTED, RULES.evaluateCluster(List.of(nitro, i3OnXen42("5.10.113-1")),
                "5.10.120-1"), "planned: the fixed kernel makes the cluster safe");
        assertEquals(Verdict.UNKNOWN, RULES.evaluateCluster(List.of(), null));
    }

    @Test
    void nothingKnownIsUnknown() {
        assertEquals(Verdict.UNKNOWN, RULES.evaluate(null, null).verdict());
        assertEquals(Verdict.UNKNOWN, RULES.evaluateVerdict(DerivedFacts.none(), null));
        NodeEvaluation evaluation = RULES.evaluate(DerivedFacts.none(), null);
        assertTrue(evaluation.rules().get(0).missingFacts().stream().anyMatch(m -> m.fact().equals("provider")));
    }

    @Test
    void defaultRulesCarryTheirSources() {
        for (Rule rule : RULES.rules()) {
            for (Rule.Claim claim : rule.confidence().claims()) {
                if (!claim.status().equals("verified")) {
                    assertTrue(!claim.sources().isEmpty(), rule.id() + ": " + claim.statement());
                }
            }
        }
        List<String> ids = RULES.rules().stream().map(Rule::id).toList();
        assertEquals(List.of("xen-hvm-msix-masking", "i3-xen-backports-nvme-boot"), ids.subList(0, 2),
                "the incident's rules stay first");
        assertTrue(ids.size() >= 12, "at least ten researched rules besides the incident's: " + ids);
        for (Rule rule : RULES.rules().subList(2, RULES.rules().size())) {
            assertTrue(rule.summary().contains("RULES-RESEARCH C"), rule.id() + " names its research case");
            assertTrue(rule.confidence().claims().stream().allMatch(c -> !c.sources().isEmpty()),
                    rule.id() + ": every claim of a researched rule has a source");
            assertTrue(!rule.remediation().isEmpty(), rule.id() + " says what to do");
        }
    }

    private static RuleResult rule(NodeEvaluation evaluation, String id) {
        return evaluation.rules().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }
}
