package io.patchcast.compat;

import java.util.List;

/**
 * One rule's verdict on one node, with why.
 *
 * @param id                 the rule id
 * @param title              the rule title
 * @param severity           of the rule
 * @param confidence         the rule's confidence level (high, medium, low)
 * @param effect             the plan the rule asks for when AFFECTED
 * @param verdict            AFFECTED, UNKNOWN or NOT_AFFECTED
 * @param explanation        the verdict in words
 * @param decidingPredicate  the predicate that settled it (for AFFECTED: the last one that had to hold)
 * @param predicates         the outcomes of the predicates that decided the verdict
 * @param missingFacts       facts that were missing or unreadable, with how to collect them
 */
public record RuleResult(
        String id,
        String title,
        Severity severity,
        String confidence,
        Effect effect,
        Verdict verdict,
        String explanation,
        String decidingPredicate,
        List<PredicateOutcome> predicates,
        List<MissingFact> missingFacts) {

    public RuleResult {
        predicates = List.copyOf(predicates);
        missingFacts = List.copyOf(missingFacts);
    }
}
