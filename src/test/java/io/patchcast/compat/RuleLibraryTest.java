package io.patchcast.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.patchcast.testdata.CompatData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The researched rules (RULES-RESEARCH.md) against version 2 documents in {@code compat/rule-fixtures.json}: each
 * rule has nodes it hits, nodes it spares and nodes it cannot decide for want of a fact, and none of them turns
 * safe when a fact is taken away.
 */
class RuleLibraryTest {

    private static final RuleSet RULES = RuleSet.loadDefault();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode fixtures() {
        try {
            return JSON.readTree(CompatData.file("rule-fixtures.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String kernel(JsonNode fixture) {
        return fixture.has("plannedKernel") ? fixture.get("plannedKernel").asText() : null;
    }

    private static RuleResult result(JsonNode facts, String rule, String kernel) throws IOException {
        NodeEvaluation evaluation = RULES.evaluate(DerivedFacts.from(JSON.treeToValue(facts, RawFacts.class)), kernel);
        return evaluation.rules().stream().filter(r -> r.id().equals(rule)).findFirst().orElseThrow();
    }

    @TestFactory
    Stream<DynamicTest> everyRuleFixtureGetsItsVerdict() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode fixture : fixtures()) {
            String rule = fixture.get("rule").asText();
            tests.add(DynamicTest.dynamicTest(rule + ": " + fixture.get("name").asText(), () -> {
                RawFacts raw = JSON.treeToValue(fixture.get("facts"), RawFacts.class);
                DerivedFacts facts = DerivedFacts.from(raw);
                String kernel = kernel(fixture);
                NodeEvaluation evaluation = RULES.evaluate(facts, kernel);
                RuleResult result = evaluation.rules().stream().filter(r -> r.id().equals(rule)).findFirst()
                        .orElseThrow(() -> new AssertionError("no rule " + rule));
                Verdict expected = Verdict.valueOf(fixture.get("expect").asText());
                assertEquals(expected, result.verdict(), fixture.get("why").asText() + ": " + result.explanation());
                assertEquals(evaluation.verdict(), RULES.evaluateVerdict(facts, kernel), "the lean path agrees");
                if (fixture.has("missing")) {
                    String missing = fixture.get("missing").asText();
                    MissingFact fact = result.missingFacts().stream().filter(m -> m.fact().equals(missing))
                            .findFirst().orElseThrow(() -> new AssertionError(missing + " not among "
                                    + result.missingFacts()));
                    assertFalse(fact.howToCollect().isBlank(), "says how to collect " + missing);
                    assertTrue(result.explanation().contains("Collect"), result.explanation());
                }
                // what the server stores (derived columns plus the platform column) evaluates the same
                DerivedFacts stored = DerivedFacts.ofColumns(facts.provider(), facts.instanceFamily(),
                        facts.hypervisorType(), facts.hypervisorVersion(), facts.kernelPackageVersion(),
                        facts.kernelStream(), facts.netDriversCsv(), facts.osId(), facts.osVersion(),
                        facts.platformColumn());
                assertEquals(facts, stored, "the platform column round-trips");
            }));
        }
        return tests.stream();
    }

    @Test
    void everyResearchedRuleHasFixturesOfEachKindItCanGive() {
        Set<String> seen = new HashSet<>();
        for (JsonNode fixture : fixtures()) {
            seen.add(fixture.get("rule").asText() + "/" + fixture.get("expect").asText());
        }
        for (Rule rule : RULES.rules().subList(2, RULES.rules().size())) {
            assertTrue(seen.contains(rule.id() + "/NOT_AFFECTED"), rule.id() + " has a node it spares");
            assertTrue(seen.contains(rule.id() + "/UNKNOWN"), rule.id() + " has a node it cannot decide");
            if (!rule.id().equals("ice-bond-deadlock-5.15-6.1")) {
                // the ice window is not pinned: that rule can only warn (UNKNOWN), by design
                assertTrue(seen.contains(rule.id() + "/AFFECTED"), rule.id() + " has a node it hits");
            }
        }
    }

    /**
     * Taking any one fact away from a node a rule hits never makes it look safe. The one way to NOT_AFFECTED is a
     * rule's documented fallback (what the vendor says of the node's distribution when the node sent no module
     * list), and that verdict says so.
     */
    @TestFactory
    Stream<DynamicTest> removingAFactNeverMakesAnAffectedNodeSafe() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode fixture : fixtures()) {
            if (!fixture.get("expect").asText().equals("AFFECTED")) {
                continue;
            }
            String rule = fixture.get("rule").asText();
            tests.add(DynamicTest.dynamicTest(rule + ": " + fixture.get("name").asText(), () -> {
                for (String path : paths(fixture.get("facts"))) {
                    ObjectNode facts = fixture.get("facts").deepCopy();
                    remove(facts, path);
                    RuleResult result = result(facts, rule, kernel(fixture));
                    if (result.verdict() == Verdict.NOT_AFFECTED) {
                        assertTrue(result.explanation().contains("was reported")
                                        || result.explanation().contains("were reported"),
                                "without " + path + " the node looks safe: " + result.explanation());
                    }
                    assertNotEquals(null, result.verdict());
                }
            }));
        }
        return tests.stream();
    }

    @Test
    void plannedModuleListsOnlyDescribeTheKernelTheyCameFrom() throws IOException {
        JsonNode fixture = find("aws-nitro-initramfs-nvme-ena", "m5 whose planned initramfs has no nvme");
        assertEquals(Verdict.AFFECTED, result(fixture.get("facts"), fixture.get("rule").asText(), "6.1.94-1")
                .verdict());
        RuleResult other = result(fixture.get("facts"), fixture.get("rule").asText(), "6.1.99-1");
        assertNotEquals(Verdict.AFFECTED, other.verdict(), "lists of 6.1.94-1 say nothing about 6.1.99-1");
    }

    @Test
    void aVersionOneNodeGetsRealVerdictsOnEveryPlatform() throws IOException {
        // the incident's fixtures are version 1 documents: planned for the fixed kernel, GCP, Azure and
        // self-hosted nodes are decided by their own rules, not by being "not AWS"
        for (JsonNode fixture : CompatData.fixtures()) {
            DerivedFacts facts = DerivedFacts.from(JSON.treeToValue(fixture.get("facts"), RawFacts.class));
            if (facts.provider().equals("aws")) {
                continue;
            }
            NodeEvaluation evaluation = RULES.evaluate(facts, "5.10.120-1");
            assertEquals(Verdict.NOT_AFFECTED, evaluation.verdict(), fixture.get("name").asText() + ": "
                    + evaluation.exposingRules());
            String own = switch (facts.provider()) {
                case "gcp" -> "gcp-gvnic-boot-kernel-without-gve";
                case "azure" -> "azure-mana-boot-kernel-without-driver";
                default -> "ice-bond-deadlock-5.15-6.1";
            };
            RuleResult result = evaluation.rules().stream().filter(r -> r.id().equals(own)).findFirst().orElseThrow();
            assertFalse(result.predicates().isEmpty(), own + " looked at the node");
            assertFalse(result.predicates().get(0).explanation().contains("runs on"),
                    own + " is decided by the node's platform facts, not by the provider: " + result.explanation());
        }
    }

    @Test
    void theIndexedVerdictPathAgreesWithTheFullEvaluationOnEveryPlatform() {
        // the verdict path skips rules gated on another provider or hypervisor; unknown and odd values must not
        // be skipped
        java.util.Arrays.asList("aws", "gcp", "azure", "self-hosted", "ibm", null).forEach(provider ->
                java.util.Arrays.asList("xen", "nitro", "kvm", "hyper-v", "bare-metal", "unknown", null).forEach(type -> {
                    for (String kernel : java.util.Arrays.asList("5.10.66-1", "5.10.113-1", "4.14.81-1", "6.1.76-1",
                            "5.14.9-2~bpo11+1", null)) {
                        for (List<String> drivers : List.of(List.of("ena"), List.of("vif"), List.of("hv_netvsc"),
                                List.of("mlx5_core"), List.of("gve"), List.<String>of())) {
                            DerivedFacts facts = new DerivedFacts(provider, "m6i", type, "4.2", kernel, null, drivers,
                                    "debian", "11");
                            for (String planned : java.util.Arrays.asList(null, "5.14.9-2~bpo11+1", "5.10.66-1")) {
                                assertEquals(RULES.evaluate(facts, planned).verdict(),
                                        RULES.evaluateVerdict(facts, planned), facts + " planned " + planned);
                            }
                        }
                    }
                }));
    }

    private static JsonNode find(String rule, String name) {
        for (JsonNode fixture : fixtures()) {
            if (fixture.get("rule").asText().equals(rule) && fixture.get("name").asText().equals(name)) {
                return fixture;
            }
        }
        throw new AssertionError("no fixture " + name);
    }

    /** Top-level members, and the members of {@code planned}, except the ids that do not describe the node. */
    private static List<String> paths(JsonNode facts) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = facts.fieldNames(); it.hasNext();) {
            String name = it.next();
            if (List.of("instanceId", "clusterId", "collectedAt", "factsVersion").contains(name)) {
                continue;
            }
            out.add(name);
            if (name.equals("planned")) {
                facts.get(name).fieldNames().forEachRemaining(child -> out.add("planned/" + child));
            }
        }
        return out;
    }

    private static void remove(ObjectNode facts, String path) {
        int slash = path.indexOf('/');
        if (slash < 0) {
            facts.remove(path);
        } else {
            ((ObjectNode) facts.get(path.substring(0, slash))).remove(path.substring(slash + 1));
        }
    }
}
