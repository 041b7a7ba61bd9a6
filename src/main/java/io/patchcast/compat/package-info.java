/**
 * The hypervisor compatibility engine: will a node still boot and network after its patch? Plain Java with no
 * framework, so it can be tested and benchmarked on its own; the app wires it in through a thin producer.
 * <ul>
 * <li>{@link io.patchcast.compat.RawFacts} (what agents post) becomes {@link io.patchcast.compat.DerivedFacts}
 * (what rules test), or DerivedFacts is rebuilt from stored columns.</li>
 * <li>{@link io.patchcast.compat.RuleSet} loads and validates {@code compat/rules.yaml} (format:
 * docs/rule-format.md) and evaluates a node for its running kernel or a planned one.</li>
 * <li>{@link io.patchcast.compat.Verdict} is three-valued; a missing fact is UNKNOWN, never safe.</li>
 * <li>{@link io.patchcast.compat.DebianVersion} and {@link io.patchcast.compat.XenVersion} are the version
 * schemes the rules compare with.</li>
 * </ul>
 */
package io.patchcast.compat;
