package io.patchcast.compat;

/**
 * A rule file that must not be used. The message names the rule (or its position when it has no id) and
 * the reason, because it ends up in the start-up log of the app.
 */
public class RuleValidationException extends RuntimeException {

    private final String ruleId;

    public RuleValidationException(String ruleId, String message) {
        super(message);
        this.ruleId = ruleId;
    }

    public RuleValidationException(String ruleId, String message, Throwable cause) {
        super(message, cause);
        this.ruleId = ruleId;
    }

    /** The id of the offending rule, null when the problem is not in one rule (or the rule has no id). */
    public String ruleId() {
        return ruleId;
    }
}
