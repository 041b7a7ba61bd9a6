package io.patchcast.compat;

/**
 * A fact that kept a rule from deciding.
 *
 * @param fact         its name, e.g. {@code hypervisor.version}
 * @param problem      not reported, or the unreadable value and why
 * @param howToCollect the command or source that gives it
 */
public record MissingFact(String fact, String problem, String howToCollect) {
}
