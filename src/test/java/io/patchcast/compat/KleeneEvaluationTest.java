package io.patchcast.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Three-valued logic of the match tree. Two predicates, provider = aws (p) and os.id = debian (q), each set
 * to true, false or unknown (fact absent), through all, any and not.
 */
class KleeneEvaluationTest {

    private static final RuleSet RULES = RuleLoaderTest.load("""
            rules:
              - id: and
                title: p and q
                severity: low
                confidence: { level: high }
                effect: targeted
                match:
                  all: [ { fact: provider, equals: aws }, { fact: os.id, equals: debian } ]
              - id: or
                title: p or q
                severity: low
                confidence: { level: high }
                effect: targeted
                match:
                  any: [ { fact: provider, equals: aws }, { fact: os.id, equals: debian } ]
              - id: not
                title: not p
                severity: low
                confidence: { level: high }
                effect: targeted
                match:
                  not: { fact: provider, equals: aws }
              - id: nested
                title: p and not (q or r)
                severity: low
                confidence: { level: high }
                effect: hold
                match:
                  all:
                    - fact: provider
                      equals: aws
                    - not:
                        any:
                          - { fact: os.id, equals: debian }
                          - { fact: net.driver, in: [vif] }
            """);

    private static final Truth[] VALUES = {Truth.FALSE, Truth.UNKNOWN, Truth.TRUE};

    private static DerivedFacts facts(Truth p, Truth q) {
        String provider = p == Truth.TRUE ? "aws" : p == Truth.FALSE ? "gcp" : null;
        String os = q == Truth.TRUE ? "debian" : q == Truth.FALSE ? "ubuntu" : null;
        return new DerivedFacts(provider, null, null, null, null, null, List.of("ena"), os, null);
    }

    private static Verdict verdictOf(String rule, DerivedFacts facts) {
        return RULES.evaluate(facts, null).rules().stream().filter(r -> r.id().equals(rule)).findFirst()
                .orElseThrow().verdict();
    }

    @Test
    void followsKleenesTruthTables() {
        for (Truth p : VALUES) {
            for (Truth q : VALUES) {
                DerivedFacts facts = facts(p, q);
                Truth and = Truth.ofOrdinal(Math.min(p.ordinal(), q.ordinal()));
                Truth or = Truth.ofOrdinal(Math.max(p.ordinal(), q.ordinal()));
                Truth not = Truth.ofOrdinal(2 - p.ordinal());
                String where = "p=" + p + " q=" + q;
                assertEquals(and.toVerdict(), verdictOf("and", facts), "and, " + where);
                assertEquals(or.toVerdict(), verdictOf("or", facts), "or, " + where);
                assertEquals(not.toVerdict(), verdictOf("not", facts), "not, " + where);
            }
        }
    }

    @Test
    void falseBeatsUnknownInAndButNotInOr() {
        DerivedFacts gcpUnknownOs = facts(Truth.FALSE, Truth.UNKNOWN);
        assertEquals(Verdict.NOT_AFFECTED, verdictOf("and", gcpUnknownOs));
        assertEquals(Verdict.UNKNOWN, verdictOf("or", gcpUnknownOs), "an unknown is never taken as false");
    }

    @Test
    void nodeIsTheWorstOfItsRules() {
        // p unknown, q false: and=NOT_AFFECTED, or=UNKNOWN, not=UNKNOWN, nested=UNKNOWN
        NodeEvaluation evaluation = RULES.evaluate(facts(Truth.UNKNOWN, Truth.FALSE), null);
        assertEquals(Verdict.UNKNOWN, evaluation.verdict());
        // p true, q true: and and or are AFFECTED
        assertEquals(Verdict.AFFECTED, RULES.evaluate(facts(Truth.TRUE, Truth.TRUE), null).verdict());
        assertEquals(Verdict.AFFECTED, RULES.evaluateVerdict(facts(Truth.TRUE, Truth.TRUE), null));
    }

    @Test
    void leanAndFullPathsAgreeEverywhere() {
        for (Truth p : VALUES) {
            for (Truth q : VALUES) {
                DerivedFacts facts = facts(p, q);
                assertEquals(RULES.evaluate(facts, null).verdict(), RULES.evaluateVerdict(facts, null),
                        "p=" + p + " q=" + q);
            }
        }
    }

    @Test
    void explainsThroughNegation() {
        // nested: aws, and os.id = debian makes the any true, so the not is false
        RuleResult nested = RULES.evaluate(facts(Truth.TRUE, Truth.TRUE), null).rules().stream()
                .filter(r -> r.id().equals("nested")).findFirst().orElseThrow();
        assertEquals(Verdict.NOT_AFFECTED, nested.verdict());
        assertEquals("os.id equals debian", nested.decidingPredicate());
        assertEquals(Truth.TRUE, nested.predicates().get(0).value(), "the predicate itself held");

        // unknown os: the any is unknown (vif is false), so the whole rule is unknown with os.id missing
        RuleResult unknown = RULES.evaluate(facts(Truth.TRUE, Truth.UNKNOWN), null).rules().stream()
                .filter(r -> r.id().equals("nested")).findFirst().orElseThrow();
        assertEquals(Verdict.UNKNOWN, unknown.verdict());
        assertEquals(List.of("os.id"), unknown.missingFacts().stream().map(MissingFact::fact).toList());
        assertTrue(unknown.missingFacts().get(0).howToCollect().contains("/etc/os-release"));
    }
}
