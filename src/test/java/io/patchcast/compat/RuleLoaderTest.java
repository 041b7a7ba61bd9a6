package io.patchcast.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A broken rule file must stop start-up with a message naming the rule and the reason. */
class RuleLoaderTest {

    /** A valid rule; tests break one line of it at a time. */
    static final String VALID = """
            version: 1
            rules:
              - id: good-rule
                title: Fine
                severity: low
                confidence: { level: high }
                effect: targeted
                match:
                  all:
                    - fact: provider
                      equals: aws
              - id: sample
                title: Sample
                severity: critical
                confidence:
                  level: medium
                  claims:
                    - statement: a guess
                      status: inferred
                      sources: [https://example.org/thread]
                effect: hold
                match:
                  all:
                    - fact: hypervisor.type
                      equals: xen
                    - fact: hypervisor.version
                      evidence:
                        known_affected: { max: "4.2" }
                        known_unaffected: { min: "4.11" }
                    - fact: kernel.package_version
                      range:
                        series:
                          - series: "5.10"
                            events: [ { introduced: "5.10.88" }, { fixed: "5.10.114" } ]
            """;

    static RuleSet load(String yaml) {
        return RuleSet.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    }

    private static RuleValidationException broken(String from, String to) {
        assertTrue(VALID.contains(from), "test setup: " + from);
        return assertThrows(RuleValidationException.class, () -> load(VALID.replace(from, to)));
    }

    @Test
    void theTemplateItselfLoads() {
        assertEquals(2, load(VALID).rules().size());
    }

    /** From, to, and what the message must say. */
    static Stream<Arguments> breakages() {
        return Stream.of(
                Arguments.of("fact: hypervisor.type", "fact: hypervisor.typ", "unknown fact 'hypervisor.typ'"),
                Arguments.of("equals: xen", "equals: xne", "'xne' is not a value of hypervisor.type"),
                Arguments.of("equals: xen", "matches: xen", "unknown operator 'matches'"),
                Arguments.of("min: \"4.11\"", "min: \"4..11\"", "bad xen version '4..11': empty component"),
                Arguments.of("introduced: \"5.10.88\"", "introduced: \"5.10.88_1\"",
                        "bad debian version '5.10.88_1'"),
                Arguments.of("introduced: \"5.10.88\"", "introduced: 5.10", "must be quoted"),
                Arguments.of("fixed: \"5.10.114\"", "fixed: \"5.10.80\"", "ascending version order"),
                Arguments.of("fixed: \"5.10.114\"", "fixed: \"5.15.38\"", "fixed 5.15.38 is not in series 5.10"),
                Arguments.of("{ introduced: \"5.10.88\" }, { fixed", "{ fixed: \"5.10.88\" }, { fixed",
                        "first event must be 'introduced'"),
                Arguments.of("{ fixed: \"5.10.114\" }", "{ introduced: \"5.10.114\" }",
                        "must follow a fixed or last_affected event"),
                Arguments.of("fixed: \"5.10.114\"", "removed: \"5.10.114\"", "unknown event 'removed'"),
                Arguments.of("min: \"4.11\"", "min: \"4.2\"", "overlap"),
                Arguments.of("fact: hypervisor.type\n          equals: xen",
                        "fact: kernel.package_version\n          equals: xen",
                        "is a version: compare it with range or evidence"),
                Arguments.of("equals: xen", "range: { events: [ { introduced: \"0\" } ] }", "is not a version fact"),
                Arguments.of("effect: hold", "effect: panic", "unknown effect 'panic'"),
                Arguments.of("severity: critical", "severity: dire", "unknown severity 'dire'"),
                Arguments.of("level: medium", "level: certain", "unknown confidence level 'certain'"),
                Arguments.of("sources: [https://example.org/thread]", "sources: []",
                        "inferred claim needs at least one source link"),
                Arguments.of("title: Sample", "titel: Sample", "unknown key 'titel'"),
                Arguments.of("        - fact: hypervisor.type\n",
                        "        - fact: hypervisor.type\n          in: [xen]\n", "exactly one operator"),
                Arguments.of("series: \"5.10\"", "series: \"5.10\"\n                status: unverified",
                        "unverified series has no events"));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("breakages")
    void namesTheRuleAndTheReason(String from, String to, String reason) {
        RuleValidationException e = broken(from, to);
        assertEquals("sample", e.ruleId(), e.getMessage());
        assertTrue(e.getMessage().startsWith("rule 'sample': "), e.getMessage());
        assertTrue(e.getMessage().contains(reason), "'" + e.getMessage() + "' should say " + reason);
    }

    @Test
    void pointsAtThePlaceInsideTheRule() {
        RuleValidationException e = broken("fact: hypervisor.version", "fact: hypervisor.versoin");
        assertTrue(e.getMessage().contains("(at match.all[1])"), e.getMessage());
        assertTrue(e.getMessage().contains("known: provider, instance.family"), "lists the facts: " + e.getMessage());
    }

    @Test
    void missingIdNamesThePosition() {
        RuleValidationException e = broken("  - id: sample\n", "  - idd: sample\n");
        assertTrue(e.getMessage().startsWith("rule #2: missing 'id'"), e.getMessage());
    }

    @Test
    void duplicateIdNamesBothRules() {
        RuleValidationException e = broken("id: sample", "id: good-rule");
        assertEquals("good-rule", e.ruleId());
        assertTrue(e.getMessage().contains("duplicate id, rules #1 and #2"), e.getMessage());
    }

    @Test
    void duplicateKeysAndBrokenYamlAreRejected() {
        RuleValidationException duplicate = broken("title: Sample", "title: Sample\n    title: Again");
        assertTrue(duplicate.getMessage().contains("Duplicate field 'title'"), duplicate.getMessage());
        RuleValidationException yaml = assertThrows(RuleValidationException.class,
                () -> load("rules: [ { id: x"));
        assertTrue(yaml.getMessage().startsWith("rule file is not valid YAML"), yaml.getMessage());
        RuleValidationException empty = assertThrows(RuleValidationException.class, () -> load(""));
        assertTrue(empty.getMessage().contains("'rules' list"), empty.getMessage());
        RuleValidationException none = assertThrows(RuleValidationException.class, () -> load("rules: []"));
        assertEquals("rule file has no rules", none.getMessage(), "an empty file would call every node safe");
    }

    @Test
    void combinatorsStandAlone() {
        RuleValidationException e = broken("      all:\n        - fact: hypervisor.type",
                "      any: []\n      all:\n        - fact: hypervisor.type");
        assertEquals("sample", e.ruleId());
        assertTrue(e.getMessage().contains("must stand alone"), e.getMessage());
    }
}
