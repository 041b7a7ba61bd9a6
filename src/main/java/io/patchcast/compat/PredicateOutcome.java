package io.patchcast.compat;

/**
 * How one predicate of a rule came out for a node.
 *
 * @param predicate   the predicate as written, e.g. {@code net.driver in [ena, ixgbevf]}
 * @param fact        the fact it tests
 * @param value       its truth value
 * @param explanation what that means, in words, with the node's value
 */
public record PredicateOutcome(String predicate, String fact, Truth value, String explanation) {
}
