package io.patchcast.compat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A validated, compiled rule file and the evaluator over it. Immutable and thread-safe: load it once and share
 * it (the app does so through a CDI producer).
 * <p>
 * Two ways to evaluate a node: {@link #evaluate} gives the full explanation for one node (API, pages);
 * {@link #evaluateVerdict} gives only the verdict, allocates nothing and is meant for fleet-wide counts.
 * Both agree on the verdict.
 */
public final class RuleSet {

    /** Classpath location of the rule file shipped with the app. */
    public static final String DEFAULT_RESOURCE = "compat/rules.yaml";

    /** Providers and hypervisor types the verdict path indexes rules by; any other known value is "other". */
    private static final String[] PROVIDERS = {"aws", "gcp", "azure", "self-hosted"};
    private static final String[] TYPES = {DerivedFacts.XEN, DerivedFacts.NITRO, DerivedFacts.KVM,
        DerivedFacts.HYPER_V, DerivedFacts.BARE_METAL};

    private final RuleLoader.CompiledRule[] rules;
    private final List<Rule> descriptions;
    private final String fingerprint;
    /**
     * The rules that can apply to a node, by its provider and hypervisor type (index: listed value, "other" known
     * value, unknown). A rule whose top-level {@code all} has {@code provider in [..]} or {@code hypervisor.type
     * in [..]} is false for every node whose known value is not listed, whatever else holds; leaving it out of
     * that node's list changes no verdict and saves its evaluation.
     */
    private final RuleLoader.CompiledRule[][][] byPlatform;

    private RuleSet(List<RuleLoader.CompiledRule> rules, String fingerprint) {
        this.fingerprint = fingerprint;
        this.rules = rules.toArray(new RuleLoader.CompiledRule[0]);
        this.byPlatform = new RuleLoader.CompiledRule[PROVIDERS.length + 2][TYPES.length + 2][];
        for (int p = 0; p < PROVIDERS.length + 2; p++) {
            for (int t = 0; t < TYPES.length + 2; t++) {
                List<RuleLoader.CompiledRule> applicable = new ArrayList<>();
                for (RuleLoader.CompiledRule rule : rules) {
                    if (mayApply(rule, Fact.PROVIDER, p, PROVIDERS) && mayApply(rule, Fact.HYPERVISOR_TYPE, t, TYPES)) {
                        applicable.add(rule);
                    }
                }
                byPlatform[p][t] = applicable.toArray(new RuleLoader.CompiledRule[0]);
            }
        }
        List<Rule> list = new ArrayList<>(rules.size());
        for (RuleLoader.CompiledRule rule : rules) {
            list.add(rule.rule());
        }
        this.descriptions = List.copyOf(list);
    }

    /**
     * Reads and validates a rule file (format: docs/rule-format.md).
     *
     * @throws RuleValidationException naming the rule and the reason when anything is wrong
     */
    public static RuleSet load(InputStream yaml) {
        byte[] bytes;
        try {
            bytes = yaml.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the rule file", e);
        }
        return new RuleSet(RuleLoader.load(new java.io.ByteArrayInputStream(bytes)), fingerprint(bytes));
    }

    /**
     * The SHA-256 of the rule file's bytes, {@code sha256:} and 12 hex digits: which version of the rules gave a
     * verdict, the same on every instance that loaded the same file.
     */
    public String fingerprint() {
        return fingerprint;
    }

    private static String fingerprint(byte[] bytes) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
            return "sha256:" + java.util.HexFormat.of().formatHex(digest).substring(0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The rule file shipped with the app, {@code compat/rules.yaml} on the classpath. */
    public static RuleSet loadDefault() {
        try (InputStream in = RuleSet.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new RuleValidationException(null, DEFAULT_RESOURCE + " is not on the classpath");
            }
            return load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DEFAULT_RESOURCE, e);
        }
    }

    /**
     * Whether a node whose value of {@code fact} has this index (a listed value, then "other", then unknown) can
     * be hit by the rule.
     */
    private static boolean mayApply(RuleLoader.CompiledRule rule, Fact fact, int index, String[] listed) {
        if (index == listed.length + 1 || !(rule.match() instanceof Condition.All all)) {
            return true; // unknown value: the gate is unknown, not false
        }
        for (Condition child : all.children()) {
            if (child instanceof Condition.In in && in.fact == fact && in.of == null) {
                if (index == listed.length || !in.accepted().contains(listed[index])) {
                    return false;
                }
            }
        }
        return true;
    }

    private static int indexOf(String value, String[] listed) {
        if (value == null || value.isEmpty() || DerivedFacts.UNKNOWN_TYPE.equals(value)) {
            return listed.length + 1;
        }
        for (int i = 0; i < listed.length; i++) {
            if (listed[i].equals(value)) {
                return i;
            }
        }
        return listed.length;
    }

    /** The rules in file order. */
    public List<Rule> rules() {
        return descriptions;
    }

    /**
     * The full evaluation of one node.
     *
     * @param facts         the node's derived facts; null counts as nothing known
     * @param plannedKernel the Debian package version of the kernel that will boot after maintenance
     *                      (planned mode), or null (or blank) to evaluate the running kernel (current mode)
     */
    public NodeEvaluation evaluate(DerivedFacts facts, String plannedKernel) {
        DerivedFacts subject = facts == null ? DerivedFacts.none() : facts;
        boolean planned = plannedKernel != null && !plannedKernel.isBlank();
        NodeEvaluation.Mode mode = planned ? NodeEvaluation.Mode.PLANNED : NodeEvaluation.Mode.CURRENT;
        String kernel = planned ? plannedKernel.strip() : subject.kernelPackageVersion();
        String stream = planned ? DerivedFacts.streamOf(kernel) : subject.kernelStream();

        List<RuleResult> results = new ArrayList<>(rules.length);
        List<Remediation> remediation = new ArrayList<>();
        Verdict verdict = Verdict.NOT_AFFECTED;
        Effect effect = null;
        for (RuleLoader.CompiledRule compiled : rules) {
            RuleResult result = explain(compiled, subject, kernel, stream, planned, mode);
            results.add(result);
            verdict = verdict.worse(result.verdict());
            if (result.verdict() == Verdict.AFFECTED) {
                effect = effect == null ? result.effect() : effect.stricter(result.effect());
            }
            if (result.verdict() != Verdict.NOT_AFFECTED) {
                for (Remediation option : compiled.rule().remediation()) {
                    remediation.add(option.forFamily(subject.instanceFamily()));
                }
            }
        }
        return new NodeEvaluation(verdict, mode, kernel, subject, results, remediation, effect);
    }

    /**
     * The verdict alone, as {@link #evaluate} would give it, without building explanations. Stops at the first
     * AFFECTED rule.
     */
    public Verdict evaluateVerdict(DerivedFacts facts, String plannedKernel) {
        DerivedFacts subject = facts == null ? DerivedFacts.none() : facts;
        boolean planned = plannedKernel != null && !plannedKernel.isBlank();
        String kernel = planned ? plannedKernel.strip() : subject.kernelPackageVersion();
        String stream = planned ? DerivedFacts.streamOf(kernel) : subject.kernelStream();
        int worst = Condition.FALSE;
        RuleLoader.CompiledRule[] candidates = byPlatform[indexOf(subject.provider(), PROVIDERS)]
                [indexOf(subject.hypervisorType(), TYPES)];
        for (RuleLoader.CompiledRule rule : candidates) {
            if (rule.plannedOnly() && !planned) {
                continue;
            }
            int value = rule.match().eval(subject, kernel, stream, planned);
            if (value > worst) {
                worst = value;
                if (worst == Condition.TRUE) {
                    break;
                }
            }
        }
        return Verdict.ofOrdinal(worst);
    }

    /**
     * A cluster's verdict: the worst of its nodes, and UNKNOWN when it has none with facts.
     *
     * @param nodes         the derived facts of the cluster's nodes
     * @param plannedKernel as in {@link #evaluate}
     */
    public Verdict evaluateCluster(Collection<DerivedFacts> nodes, String plannedKernel) {
        if (nodes == null || nodes.isEmpty()) {
            return Verdict.UNKNOWN;
        }
        Verdict worst = Verdict.NOT_AFFECTED;
        for (DerivedFacts node : nodes) {
            worst = worst.worse(evaluateVerdict(node, plannedKernel));
            if (worst == Verdict.AFFECTED) {
                break;
            }
        }
        return worst;
    }

    private static RuleResult explain(RuleLoader.CompiledRule compiled, DerivedFacts facts, String kernel,
            String stream, boolean planned, NodeEvaluation.Mode mode) {
        Rule rule = compiled.rule();
        if (rule.plannedOnly() && !planned) {
            return new RuleResult(rule.id(), rule.title(), rule.severity(), rule.confidence().level(), rule.effect(),
                    Verdict.NOT_AFFECTED, "Not judged for the running kernel: this rule is about booting a new"
                    + " kernel or initramfs, and the running one booted. Ask about a planned kernel.", null,
                    List.of(), List.of());
        }
        int value = compiled.match().eval(facts, kernel, stream, planned);
        Condition.Explainer explainer = new Condition.Explainer(mode);
        compiled.match().collect(facts, kernel, stream, planned, value, explainer);
        List<PredicateOutcome> outcomes = explainer.outcomes;
        Verdict verdict = Truth.ofOrdinal(value).toVerdict();
        String explanation = switch (verdict) {
            case AFFECTED -> rule.summary() + " This node matches: " + joined(outcomes) + ".";
            case NOT_AFFECTED -> "Not affected: " + joined(outcomes) + ".";
            case UNKNOWN -> "Cannot tell: " + joined(outcomes) + "."
                    + (explainer.missing.isEmpty() ? "" : " Collect " + missingNames(explainer.missing)
                    + " to decide.");
        };
        String deciding = outcomes.isEmpty() ? null : outcomes.get(outcomes.size() - 1).predicate();
        if (verdict != Verdict.AFFECTED && !outcomes.isEmpty()) {
            // for NOT_AFFECTED the first false predicate settles it; for UNKNOWN the first undecided one
            deciding = outcomes.get(0).predicate();
        }
        return new RuleResult(rule.id(), rule.title(), rule.severity(), rule.confidence().level(), rule.effect(),
                verdict, explanation, deciding, outcomes, explainer.missing);
    }

    private static String joined(List<PredicateOutcome> outcomes) {
        StringBuilder out = new StringBuilder();
        for (PredicateOutcome outcome : outcomes) {
            if (out.length() > 0) {
                out.append("; ");
            }
            out.append(outcome.explanation());
        }
        return out.toString();
    }

    private static String missingNames(List<MissingFact> missing) {
        StringBuilder out = new StringBuilder();
        for (MissingFact fact : missing) {
            if (out.length() > 0) {
                out.append(", ");
            }
            out.append(fact.fact());
        }
        return out.toString();
    }
}
