package io.patchcast.compat;

import java.util.List;

/**
 * The exposure of one node for one kernel.
 *
 * @param verdict     the worst of the rule verdicts
 * @param mode        CURRENT for the running kernel, PLANNED for the kernel that boots after maintenance
 * @param kernel      the kernel package version evaluated, null when unknown
 * @param facts       the derived facts evaluated
 * @param rules       every rule's result, in rule-file order
 * @param remediation options of the rules that are AFFECTED or UNKNOWN, migrations narrowed to the node's family
 * @param effect      the strictest effect among AFFECTED rules, null when none is affected
 */
public record NodeEvaluation(
        Verdict verdict,
        Mode mode,
        String kernel,
        DerivedFacts facts,
        List<RuleResult> rules,
        List<Remediation> remediation,
        Effect effect) {

    public NodeEvaluation {
        rules = List.copyOf(rules);
        remediation = List.copyOf(remediation);
    }

    public enum Mode {
        /** The kernel the node runs now. */
        CURRENT,
        /** A target kernel, the one that will boot after maintenance. */
        PLANNED
    }

    /**
     * The strictest effect among rules that are AFFECTED or UNKNOWN, null when none is. For callers that
     * treat "cannot tell" as "affected", as a cautious rollout does.
     */
    public Effect cautiousEffect() {
        Effect result = null;
        for (RuleResult rule : rules) {
            if (rule.verdict() != Verdict.NOT_AFFECTED) {
                result = result == null ? rule.effect() : result.stricter(rule.effect());
            }
        }
        return result;
    }

    /** The results of the rules that are not NOT_AFFECTED, i.e. the ones worth showing first. */
    public List<RuleResult> exposingRules() {
        return rules.stream().filter(rule -> rule.verdict() != Verdict.NOT_AFFECTED).toList();
    }
}
