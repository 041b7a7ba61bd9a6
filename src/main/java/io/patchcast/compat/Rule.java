package io.patchcast.compat;

import java.util.List;

/**
 * What a rule of the rule file says about itself: everything except the match tree, which stays compiled
 * inside the {@link RuleSet}. Used to list the rules and to explain verdicts.
 *
 * @param id          stable identifier, referenced by incidents and overrides
 * @param title       one line for lists
 * @param summary     what goes wrong on an affected node, in a sentence or two
 * @param severity    how bad it is for an affected node
 * @param confidence  how well the rule is established, with the sources of inferred or unverified facts
 * @param effect      the plan an AFFECTED verdict implies
 * @param references  where to read more
 * @param remediation what can be done about an affected node
 * @param requires    the facts the rule needs to decide, each with how to collect it on a node
 * @param plannedOnly true for a rule about the change to a new boot target (its modules, its initramfs): it is
 *                    judged in planned mode only, because the running kernel demonstrably booted
 */
public record Rule(
        String id,
        String title,
        String summary,
        Severity severity,
        Confidence confidence,
        Effect effect,
        List<Reference> references,
        List<Remediation> remediation,
        List<RequiredFact> requires,
        boolean plannedOnly) {

    public Rule {
        references = List.copyOf(references);
        remediation = List.copyOf(remediation);
        requires = List.copyOf(requires);
    }

    /**
     * @param fact    the fact as explanations name it, e.g. {@code boot.initramfs.modules} or
     *                {@code package.version systemd}
     * @param collect how to read it on a node, for this rule
     */
    public record RequiredFact(String fact, String collect) {
    }

    /**
     * @param level  high, medium or low
     * @param note   why the level is what it is
     * @param claims the facts the rule rests on; inferred and unverified ones carry their sources
     */
    public record Confidence(String level, String note, List<Claim> claims) {
        public Confidence {
            claims = List.copyOf(claims);
        }
    }

    /** @param status verified, inferred or unverified */
    public record Claim(String statement, String status, List<String> sources) {
        public Claim {
            sources = List.copyOf(sources);
        }
    }

    public record Reference(String title, String url) {
    }
}
