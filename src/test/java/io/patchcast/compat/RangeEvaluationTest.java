package io.patchcast.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** OSV-style range events and series grouping, on the kernel fact. */
class RangeEvaluationTest {

    private static final RuleSet RULES = RuleLoaderTest.load("""
            rules:
              - id: flat
                title: one event list for every version
                severity: low
                confidence: { level: high }
                effect: targeted
                match:
                  fact: kernel.package_version
                  range:
                    events:
                      - introduced: "0"
                      - fixed: "4.0"
                      - introduced: "5.0"
                      - last_affected: "5.2.9-1"
              - id: grouped
                title: per series, unlisted series unknown
                severity: low
                confidence: { level: high }
                effect: targeted
                match:
                  fact: kernel.package_version
                  range:
                    other_series: unknown
                    series:
                      - series: "5.10"
                        events: [ { introduced: "5.10.88" }, { last_affected: "5.10.113-1" } ]
              - id: xen-range
                title: ranges work on the Xen scheme too
                severity: low
                confidence: { level: high }
                effect: targeted
                match:
                  fact: hypervisor.version
                  range:
                    events: [ { introduced: "4.2" }, { fixed: "4.10" } ]
            """);

    private static Verdict verdict(String rule, String kernel) {
        DerivedFacts facts = new DerivedFacts("aws", "i3", "xen", "4.11", null, null, List.of("ena"), "debian", "11");
        return RULES.evaluate(facts, kernel).rules().stream().filter(r -> r.id().equals(rule)).findFirst()
                .orElseThrow().verdict();
    }

    @Test
    void introducedZeroFixedAndLastAffected() {
        assertEquals(Verdict.AFFECTED, verdict("flat", "0.1"), "introduced 0 covers the first versions");
        assertEquals(Verdict.AFFECTED, verdict("flat", "3.99-1"));
        assertEquals(Verdict.NOT_AFFECTED, verdict("flat", "4.0"), "fixed is exclusive");
        assertEquals(Verdict.NOT_AFFECTED, verdict("flat", "4.19.235-1"));
        assertEquals(Verdict.AFFECTED, verdict("flat", "5.0"));
        assertEquals(Verdict.AFFECTED, verdict("flat", "5.2.9-1"), "last_affected is inclusive");
        assertEquals(Verdict.NOT_AFFECTED, verdict("flat", "5.2.9-1+b1"), "just after last_affected");
        assertEquals(Verdict.NOT_AFFECTED, verdict("flat", "6.1.76-1"));
    }

    @Test
    void unlistedSeriesCanBeUnknown() {
        assertEquals(Verdict.AFFECTED, verdict("grouped", "5.10.113-1"));
        assertEquals(Verdict.NOT_AFFECTED, verdict("grouped", "5.10.113-2"));
        assertEquals(Verdict.NOT_AFFECTED, verdict("grouped", "5.10.84-1"));
        // the epoch does not hide the series (else other_series would make it UNKNOWN), and as in dpkg an
        // epoch of 1 sorts after every epoch-0 event, so the window is behind it
        assertEquals(Verdict.NOT_AFFECTED, verdict("grouped", "1:5.10.100-1"));
        assertEquals(Verdict.UNKNOWN, verdict("grouped", "5.15.40-1"), "other_series: unknown");
    }

    @Test
    void explainsTheSeriesWindowAndTheUnlistedCase() {
        DerivedFacts facts = new DerivedFacts("aws", "i3", "xen", "4.2", null, null, List.of("ena"), "debian", "11");
        RuleResult unlisted = RULES.evaluate(facts, "5.15.40-1").rules().stream()
                .filter(r -> r.id().equals("grouped")).findFirst().orElseThrow();
        assertTrue(unlisted.explanation().contains("its series is not listed; listed: 5.10"), unlisted.explanation());
        assertEquals(List.of(), unlisted.missingFacts(), "the kernel is known, the range just does not cover it");
    }

    @Test
    void xenRangesCompareNumerically() {
        assertEquals(Verdict.NOT_AFFECTED, verdict("xen-range", null), "facts say Xen 4.11, past the fix at 4.10");
        DerivedFacts xen49 = new DerivedFacts("aws", "i3", "xen", "4.9", null, null, List.of("ena"), "debian", "11");
        assertEquals(Verdict.AFFECTED, RULES.evaluate(xen49, null).rules().stream()
                .filter(r -> r.id().equals("xen-range")).findFirst().orElseThrow().verdict());
    }
}
