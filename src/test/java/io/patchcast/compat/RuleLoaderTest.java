package io.patchcast.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
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

    /** A version 2 rule using every new operator; tests break one line of it at a time. */
    static final String V2 = """
            version: 2
            rules:
              - id: boot-target
                title: Boot target
                severity: high
                confidence: { level: high }
                effect: targeted
                modes: [planned]
                requires:
                  - fact: boot.initramfs.modules
                    collect: lsinitramfs
                  - fact: boot.param
                    of: nvme_core.io_timeout
                    collect: cat /sys/module/nvme_core/parameters/io_timeout
                  - fact: package.version
                    of: systemd
                    collect: apt-cache policy systemd
                match:
                  all:
                    - fact: boot.initramfs.modules
                      lacks: [nvme, xen-blkfront]
                    - fact: boot.param
                      of: nvme_core.io_timeout
                      number: { lt: 255 }
                      unset: 30
                    - fact: package.version
                      of: systemd
                      range:
                        events: [ { introduced: "250" } ]
            """;

    private static RuleValidationException brokenV2(String from, String to) {
        assertTrue(V2.contains(from), "test setup: " + from);
        return assertThrows(RuleValidationException.class, () -> load(V2.replace(from, to)));
    }

    @Test
    void theVersionTwoTemplateLoadsAndCarriesItsRequiredFacts() {
        Rule rule = load(V2).rules().get(0);
        assertTrue(rule.plannedOnly());
        assertEquals(List.of("boot.initramfs.modules", "boot.param nvme_core.io_timeout", "package.version systemd"),
                rule.requires().stream().map(Rule.RequiredFact::fact).toList());
    }

    static Stream<Arguments> v2Breakages() {
        return Stream.of(
                Arguments.of("lacks: [nvme, xen-blkfront]", "lacks: [nvme, floppy]", "module 'floppy' is not tracked"),
                Arguments.of("lacks: [nvme, xen-blkfront]", "in: [nvme]", "nothing"),
                Arguments.of("number: { lt: 255 }", "number: { lt: 255, gt: 300 }", "could never hold"),
                Arguments.of("number: { lt: 255 }", "number: { lt: \"255\" }", "must be a whole number"),
                Arguments.of("number: { lt: 255 }", "number: { below: 255 }", "unknown key 'below'"),
                Arguments.of("unset: 30", "unset: thirty", "must be a whole number (the value when nothing sets it), was \"thirty\" (at match.all[1].unset)"),
                Arguments.of("      of: nvme_core.io_timeout\n          number", "      number",
                        "'boot.param' needs 'of'"),
                Arguments.of("      of: systemd\n          range", "      of: sytemd\n          range",
                        "package 'sytemd' is not one the collector reports"),
                Arguments.of("    - fact: package.version\n          of: systemd\n          range:\n"
                        + "            events: [ { introduced: \"250\" } ]\n", "",
                        "'package.version systemd' is listed but no predicate of the match tests it"),
                Arguments.of("      - fact: boot.initramfs.modules\n        collect: lsinitramfs\n", "",
                        "the match tests 'boot.initramfs.modules' but it is not listed"),
                Arguments.of("events: [ { introduced: \"250\" } ]", "events: [ { introduced: \"2_50\" } ]",
                        "bad debian version '2_50'"),
                Arguments.of("modes: [planned]", "modes: [current]", "must apply to planned boot targets"),
                Arguments.of("modes: [planned]", "modes: [later]", "unknown mode 'later'"),
                Arguments.of("lacks: [nvme, xen-blkfront]", "number: { lt: 3 }", "is a list: compare it with"));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("v2Breakages")
    void versionTwoMistakesNameTheRuleAndTheField(String from, String to, String reason) {
        if (reason.equals("nothing")) {
            // in on a module list is any-of, which is fine
            load(V2.replace(from, to));
            return;
        }
        RuleValidationException e = brokenV2(from, to);
        assertEquals("boot-target", e.ruleId(), e.getMessage());
        assertTrue(e.getMessage().startsWith("rule 'boot-target': "), e.getMessage());
        assertTrue(e.getMessage().contains(reason), "'" + e.getMessage() + "' should say " + reason);
        assertTrue(e.getMessage().contains("(at "), "names the place: " + e.getMessage());
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
