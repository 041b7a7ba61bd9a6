package io.patchcast.compat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A compiled node of a rule's match tree. Truth values are ints (0 false, 1 unknown, 2 true) so that Kleene's
 * AND is a minimum, OR a maximum and NOT {@code 2 - x}, and the verdict-only path allocates nothing.
 * <p>
 * {@link #collect} walks the tree a second time, only when an explanation is wanted, and gathers the
 * predicates that decided the value.
 */
abstract class Condition {

    static final int FALSE = 0;
    static final int UNKNOWN = 1;
    static final int TRUE = 2;

    /**
     * The truth value for this node; {@code kernel} and {@code stream} are those of the evaluation, {@code planned}
     * tells the boot-target facts which side to read.
     */
    abstract int eval(DerivedFacts facts, String kernel, String stream, boolean planned);

    /** Adds the outcomes of the predicates that gave this node its {@code value}. */
    abstract void collect(DerivedFacts facts, String kernel, String stream, boolean planned, int value, Explainer out);

    /** Collects leaf outcomes and missing facts while {@link #collect} walks the tree. */
    static final class Explainer {
        final NodeEvaluation.Mode mode;
        final List<PredicateOutcome> outcomes = new ArrayList<>();
        final List<MissingFact> missing = new ArrayList<>();

        Explainer(NodeEvaluation.Mode mode) {
            this.mode = mode;
        }

        void missing(Leaf leaf, String problem) {
            for (MissingFact known : missing) {
                if (known.fact().equals(leaf.label)) {
                    return;
                }
            }
            String how = leaf.fact == Fact.KERNEL_PACKAGE_VERSION && mode == NodeEvaluation.Mode.PLANNED
                    ? "Give the planned kernel as a Debian package version, e.g. 5.10.120-1."
                    : leaf.howToCollect;
            missing.add(new MissingFact(leaf.label, problem, how));
        }
    }

    /** Kleene AND: false if any child is false, else unknown if any is, else true. */
    static final class All extends Condition {
        private final Condition[] children;

        All(List<Condition> children) {
            this.children = children.toArray(new Condition[0]);
        }

        /** The children, for the rule set's platform index: one false child makes the whole false. */
        List<Condition> children() {
            return List.of(children);
        }

        @Override
        int eval(DerivedFacts facts, String kernel, String stream, boolean planned) {
            int result = TRUE;
            for (Condition child : children) {
                int value = child.eval(facts, kernel, stream, planned);
                if (value == FALSE) {
                    return FALSE;
                }
                if (value < result) {
                    result = value;
                }
            }
            return result;
        }

        @Override
        void collect(DerivedFacts facts, String kernel, String stream, boolean planned, int value, Explainer out) {
            for (Condition child : children) {
                int childValue = child.eval(facts, kernel, stream, planned);
                if (childValue == value) {
                    child.collect(facts, kernel, stream, planned, value, out);
                    // one false child is the whole reason; unknown and true need every such child
                    if (value == FALSE) {
                        return;
                    }
                }
            }
        }
    }

    /** Kleene OR: true if any child is true, else unknown if any is, else false. */
    static final class Any extends Condition {
        private final Condition[] children;

        Any(List<Condition> children) {
            this.children = children.toArray(new Condition[0]);
        }

        @Override
        int eval(DerivedFacts facts, String kernel, String stream, boolean planned) {
            int result = FALSE;
            for (Condition child : children) {
                int value = child.eval(facts, kernel, stream, planned);
                if (value == TRUE) {
                    return TRUE;
                }
                if (value > result) {
                    result = value;
                }
            }
            return result;
        }

        @Override
        void collect(DerivedFacts facts, String kernel, String stream, boolean planned, int value, Explainer out) {
            for (Condition child : children) {
                int childValue = child.eval(facts, kernel, stream, planned);
                if (childValue == value) {
                    child.collect(facts, kernel, stream, planned, value, out);
                    if (value == TRUE) {
                        return;
                    }
                }
            }
        }
    }

    /** Kleene NOT: unknown stays unknown. */
    static final class Not extends Condition {
        private final Condition child;

        Not(Condition child) {
            this.child = child;
        }

        @Override
        int eval(DerivedFacts facts, String kernel, String stream, boolean planned) {
            return TRUE - child.eval(facts, kernel, stream, planned);
        }

        @Override
        void collect(DerivedFacts facts, String kernel, String stream, boolean planned, int value, Explainer out) {
            child.collect(facts, kernel, stream, planned, TRUE - value, out);
        }
    }

    /**
     * The value of the first child that is not unknown, unknown when none decides. Lets a rule prefer what the node
     * reported (its module list) and fall back to what is documented for its platform (the distribution's kernels)
     * only when the node did not say.
     */
    static final class FirstKnown extends Condition {
        private final Condition[] children;

        FirstKnown(List<Condition> children) {
            this.children = children.toArray(new Condition[0]);
        }

        @Override
        int eval(DerivedFacts facts, String kernel, String stream, boolean planned) {
            for (Condition child : children) {
                int value = child.eval(facts, kernel, stream, planned);
                if (value != UNKNOWN) {
                    return value;
                }
            }
            return UNKNOWN;
        }

        @Override
        void collect(DerivedFacts facts, String kernel, String stream, boolean planned, int value, Explainer out) {
            for (Condition child : children) {
                int childValue = child.eval(facts, kernel, stream, planned);
                child.collect(facts, kernel, stream, planned, childValue, out);
                if (childValue != UNKNOWN) {
                    return;
                }
            }
        }
    }

    /** Explanation templates of a predicate; {value} and {detail} are filled in. Null means the default. */
    record Texts(String holds, String fails, String unknown, String missing) {
        static final Texts DEFAULT = new Texts(null, null, null, null);
    }

    /** A predicate over one fact. */
    abstract static class Leaf extends Condition {
        final Fact fact;
        /** The parameter, package or driver of a fact that takes one, else null. */
        final String of;
        /** The fact as explanations name it: {@code package.version systemd}. */
        final String label;
        final String description;
        final Texts texts;
        /** The rule's own advice from its {@code requires}, else the fact's. */
        String howToCollect;

        Leaf(Fact fact, String of, String description, Texts texts) {
            this.fact = fact;
            this.of = of;
            this.label = of == null ? fact.key() : fact.key() + " " + of;
            this.description = description;
            this.texts = texts;
            this.howToCollect = fact.howToCollect();
        }

        @Override
        void collect(DerivedFacts facts, String kernel, String stream, boolean planned, int value, Explainer out) {
            String shown = shownValue(facts, kernel, stream, planned);
            String explanation;
            if (value == UNKNOWN && shown == null) {
                out.missing(this, fact.isList() ? "not reported, or reported empty" : "not reported");
                explanation = fill(texts.missing(), label + " is not known", null, null);
            } else if (value == UNKNOWN && unreadable(shown) != null) {
                String problem = "'" + shown + "' " + unreadable(shown);
                out.missing(this, problem);
                explanation = fill(texts.missing(), label + " " + problem, shown, null);
            } else {
                String detail = detail(shown);
                String template = value == TRUE ? texts.holds() : value == FALSE ? texts.fails() : texts.unknown();
                explanation = fill(template, defaultText(value, shown, detail), shown, detail);
            }
            out.outcomes.add(new PredicateOutcome(description, label, Truth.ofOrdinal(value), explanation));
        }

        /** The node's value as text, null when unknown. */
        String shownValue(DerivedFacts facts, String kernel, String stream, boolean planned) {
            return fact.scalar(facts, kernel, stream, planned, of);
        }

        /** Why a present value cannot be read, null when it can. */
        String unreadable(String value) {
            return null;
        }

        /** Facts about the match worth putting in the explanation, e.g. the window the version fell in. */
        String detail(String value) {
            return "";
        }

        abstract String defaultText(int value, String shown, String detail);

        static String fill(String template, String fallback, String value, String detail) {
            if (template == null) {
                return fallback;
            }
            return template.replace("{value}", value == null ? "?" : value)
                    .replace("{detail}", detail == null ? "" : detail);
        }
    }

    /** {@code fact in [..]} or {@code equals}; for a list fact, true when any of the node's values is in. */
    static final class In extends Leaf {
        private final Set<String> accepted;
        private final String acceptedText;

        In(Fact fact, String of, String description, Texts texts, Set<String> accepted, String acceptedText) {
            super(fact, of, description, texts);
            this.accepted = accepted;
            this.acceptedText = acceptedText;
        }

        Set<String> accepted() {
            return accepted;
        }

        @Override
        int eval(DerivedFacts facts, String kernel, String stream, boolean planned) {
            if (fact.isList()) {
                java.util.Collection<String> values = fact.members(facts, kernel, planned);
                if (values == null || values.isEmpty() && fact.emptyMeansUnread()) {
                    // every node has a NIC: an empty list means the agent could not read them
                    return UNKNOWN;
                }
                for (String value : values) {
                    if (accepted.contains(value)) {
                        return TRUE;
                    }
                }
                return fact.complete(facts, kernel, planned) ? FALSE : UNKNOWN;
            }
            String value = fact.scalar(facts, kernel, stream, planned, of);
            if (value == null) {
                return UNKNOWN;
            }
            return accepted.contains(value) ? TRUE : FALSE;
        }

        @Override
        String shownValue(DerivedFacts facts, String kernel, String stream, boolean planned) {
            if (fact.isList()) {
                java.util.Collection<String> values = fact.members(facts, kernel, planned);
                if (values == null || values.isEmpty() && fact.emptyMeansUnread()) {
                    return null;
                }
                return values.isEmpty() ? "(none)" : String.join(", ", values);
            }
            return super.shownValue(facts, kernel, stream, planned);
        }

        @Override
        String defaultText(int value, String shown, String detail) {
            return switch (value) {
                case TRUE -> label + " is " + shown + " (matches " + acceptedText + ")";
                case FALSE -> label + " is " + shown + ", not " + acceptedText;
                default -> label + " " + shown + " is only partly known and holds none of " + acceptedText;
            };
        }
    }

    /**
     * {@code contains: [a, b]}: true when the list holds every value; {@code lacks: [a, b]}: true when it misses at
     * least one (the negation). A value absent from a partly known list is unknown, not absent.
     */
    static final class Members extends Leaf {
        private final String[] values;
        private final boolean lacks;

        Members(Fact fact, String description, Texts texts, List<String> values, boolean lacks) {
            super(fact, null, description, texts);
            this.values = values.toArray(new String[0]);
            this.lacks = lacks;
        }

        @Override
        int eval(DerivedFacts facts, String kernel, String stream, boolean planned) {
            java.util.Collection<String> members = fact.members(facts, kernel, planned);
            if (members == null || members.isEmpty() && fact.emptyMeansUnread()) {
                return UNKNOWN;
            }
            boolean complete = fact.complete(facts, kernel, planned);
            int containsAll = TRUE;
            for (String value : values) {
                if (!members.contains(value)) {
                    if (complete) {
                        containsAll = FALSE;
                        break;
                    }
                    containsAll = UNKNOWN;
                }
            }
            return lacks ? TRUE - containsAll : containsAll;
        }

        @Override
        String shownValue(DerivedFacts facts, String kernel, String stream, boolean planned) {
            java.util.Collection<String> members = fact.members(facts, kernel, planned);
            if (members == null || members.isEmpty() && fact.emptyMeansUnread()) {
                return null;
            }
            return members.isEmpty() ? "(none)" : String.join(", ", members);
        }

        @Override
        String detail(String shown) {
            List<String> absent = new ArrayList<>();
            for (String value : values) {
                if (!(", " + shown + ", ").contains(", " + value + ", ")) {
                    absent.add(value);
                }
            }
            return absent.isEmpty() ? "all of " + List.of(values) + " present" : "missing " + absent;
        }

        @Override
        String defaultText(int value, String shown, String detail) {
            String wanted = String.join(", ", values);
            if (value == UNKNOWN) {
                return label + " is only partly known (" + shown + "): cannot tell whether it has " + wanted;
            }
            boolean hasAll = (value == TRUE) != lacks;
            return hasAll ? label + " has " + wanted : label + " lacks " + detail.replace("missing ", "");
        }
    }

    /**
     * A numeric comparison: every given bound must hold. A value the node did not report is unknown, unless the
     * source it is read from was reported and does not set it, where the rule's {@code unset} default applies.
     */
    static final class Number extends Leaf {
        private final long lt;
        private final long le;
        private final long gt;
        private final long ge;
        private final long eq;
        private final String bounds;
        private final String unset;

        Number(Fact fact, String of, String description, Texts texts, Long lt, Long le, Long gt, Long ge, Long eq,
                String bounds, Long unset) {
            super(fact, of, description, texts);
            this.lt = lt == null ? Long.MAX_VALUE : lt;
            this.le = le == null ? Long.MAX_VALUE : le;
            this.gt = gt == null ? Long.MIN_VALUE : gt;
            this.ge = ge == null ? Long.MIN_VALUE : ge;
            this.eq = eq == null ? Numbers.INVALID : eq;
            this.bounds = bounds;
            this.unset = unset == null ? null : Long.toString(unset);
        }

        private String value(DerivedFacts facts, String kernel, String stream, boolean planned) {
            String value = fact.scalar(facts, kernel, stream, planned, of);
            if (value == null && unset != null && Fact.paramSourceKnown(facts, planned)) {
                return unset;
            }
            return value;
        }

        @Override
        int eval(DerivedFacts facts, String kernel, String stream, boolean planned) {
            long n = Numbers.parse(value(facts, kernel, stream, planned));
            if (n == Numbers.INVALID) {
                return UNKNOWN;
            }
            boolean holds = n < lt && (le == Long.MAX_VALUE || n <= le) && n > gt && (ge == Long.MIN_VALUE || n >= ge)
                    && (eq == Numbers.INVALID || n == eq);
            return holds ? TRUE : FALSE;
        }

        @Override
        String shownValue(DerivedFacts facts, String kernel, String stream, boolean planned) {
            return value(facts, kernel, stream, planned);
        }

        @Override
        String unreadable(String value) {
            return Numbers.parse(value) == Numbers.INVALID ? "is not a whole number" : null;
        }

        @Override
        String defaultText(int value, String shown, String detail) {
            return label + " is " + shown + (value == TRUE ? " (" : ", not ") + bounds + (value == TRUE ? ")" : "");
        }
    }

    /** A version interval [min, max], either end open when null. */
    record Band(String min, String max) {
        boolean contains(VersionScheme scheme, String version) {
            return (min == null || scheme.compareValid(version, min) >= 0)
                    && (max == null || scheme.compareValid(version, max) <= 0);
        }

        @Override
        public String toString() {
            if (min == null) {
                return "≤ " + max;
            }
            if (max == null) {
                return "≥ " + min;
            }
            return min + " – " + max;
        }
    }

    /**
     * Evidence bands: a version in the known-affected band is true, in the known-unaffected band false, and
     * anywhere else unknown, because nobody has tested it.
     */
    static final class Evidence extends Leaf {
        private final VersionScheme scheme;
        private final Band affected;
        private final Band unaffected;

        Evidence(Fact fact, String of, String description, Texts texts, Band affected, Band unaffected) {
            super(fact, of, description, texts);
            this.scheme = fact.scheme();
            this.affected = affected;
            this.unaffected = unaffected;
        }

        @Override
        int eval(DerivedFacts facts, String kernel, String stream, boolean planned) {
            String value = fact.scalar(facts, kernel, stream, planned, of);
            if (value == null || scheme.validationError(value) != null) {
                return UNKNOWN;
            }
            if (affected != null && affected.contains(scheme, value)) {
                return TRUE;
            }
            if (unaffected != null && unaffected.contains(scheme, value)) {
                return FALSE;
            }
            return UNKNOWN;
        }

        @Override
        String unreadable(String value) {
            String error = scheme.validationError(value);
            return error == null ? null : "is not a valid " + scheme.key() + " version: " + error;
        }

        @Override
        String detail(String value) {
            StringBuilder out = new StringBuilder();
            if (affected != null) {
                out.append("known affected ").append(affected);
            }
            if (unaffected != null) {
                out.append(out.length() > 0 ? ", " : "").append("known unaffected ").append(unaffected);
            }
            return out.toString();
        }

        @Override
        String defaultText(int value, String shown, String detail) {
            return switch (value) {
                case TRUE -> label + " " + shown + " is known to be affected (" + detail + ")";
                case FALSE -> label + " " + shown + " is known to be unaffected (" + detail + ")";
                default -> "no evidence either way for " + label + " " + shown + " (" + detail + ")";
            };
        }
    }

    /** One stable series of a range, or the whole range when {@code names} is null. */
    record Series(String[] names, Event[] events, boolean unverified, String note) {
        boolean matches(VersionScheme scheme, String version) {
            if (names == null) {
                return true;
            }
            for (String name : names) {
                if (scheme.inSeries(version, name)) {
                    return true;
                }
            }
            return false;
        }

        /** OSV semantics over events sorted by version. */
        boolean affects(VersionScheme scheme, String version) {
            boolean affected = false;
            for (Event event : events) {
                switch (event.kind()) {
                    case INTRODUCED -> {
                        if (event.version() == null || scheme.compareValid(version, event.version()) >= 0) {
                            affected = true;
                        }
                    }
                    case FIXED -> {
                        if (scheme.compareValid(version, event.version()) >= 0) {
                            affected = false;
                        }
                    }
                    case LAST_AFFECTED -> {
                        if (scheme.compareValid(version, event.version()) > 0) {
                            affected = false;
                        }
                    }
                }
            }
            return affected;
        }

        String label() {
            return names == null ? "all versions" : "series " + String.join("/", names);
        }

        String window() {
            StringBuilder out = new StringBuilder();
            for (Event event : events) {
                if (out.length() > 0) {
                    out.append(", ");
                }
                out.append(event.kind().key()).append(' ')
                        .append(event.version() == null ? "0 (from the start)" : event.version());
            }
            return out.toString();
        }
    }

    enum EventKind {
        INTRODUCED("introduced"),
        FIXED("fixed"),
        LAST_AFFECTED("last_affected");

        private final String key;

        EventKind(String key) {
            this.key = key;
        }

        String key() {
            return key;
        }

        static EventKind fromKey(String key) {
            for (EventKind kind : values()) {
                if (kind.key.equals(key)) {
                    return kind;
                }
            }
            return null;
        }
    }

    /** An OSV event; a null version on {@code introduced} stands for "0", from the very first version. */
    record Event(EventKind kind, String version) {
    }

    /**
     * Affected version ranges per stable series. A version in no listed series takes {@code otherSeries}
     * (false, or unknown when the author cannot vouch for unlisted series).
     */
    static final class Range extends Leaf {
        private final VersionScheme scheme;
        private final Series[] series;
        private final int otherSeries;

        Range(Fact fact, String of, String description, Texts texts, List<Series> series, int otherSeries) {
            super(fact, of, description, texts);
            this.scheme = fact.scheme();
            this.series = series.toArray(new Series[0]);
            this.otherSeries = otherSeries;
        }

        @Override
        int eval(DerivedFacts facts, String kernel, String stream, boolean planned) {
            String value = fact.scalar(facts, kernel, stream, planned, of);
            if (value == null || scheme.validationError(value) != null) {
                return UNKNOWN;
            }
            Series match = seriesOf(value);
            if (match == null) {
                return otherSeries;
            }
            if (match.unverified()) {
                return UNKNOWN;
            }
            return match.affects(scheme, value) ? TRUE : FALSE;
        }

        private Series seriesOf(String value) {
            for (Series candidate : series) {
                if (candidate.matches(scheme, value)) {
                    return candidate;
                }
            }
            return null;
        }

        @Override
        String unreadable(String value) {
            String error = scheme.validationError(value);
            return error == null ? null : "is not a valid " + scheme.key() + " version: " + error;
        }

        @Override
        String detail(String value) {
            Series match = seriesOf(value);
            if (match == null) {
                return "its series is not listed; listed: " + listed();
            }
            if (match.unverified()) {
                return match.label() + " has no verified range" + (match.note() == null ? "" : ": " + match.note());
            }
            return match.label() + ": " + match.window();
        }

        private String listed() {
            StringBuilder out = new StringBuilder();
            for (Series candidate : series) {
                if (out.length() > 0) {
                    out.append(", ");
                }
                out.append(candidate.names() == null ? "all" : String.join("/", candidate.names()));
            }
            return out.toString();
        }

        @Override
        String defaultText(int value, String shown, String detail) {
            return switch (value) {
                case TRUE -> label + " " + shown + " is in an affected range (" + detail + ")";
                case FALSE -> label + " " + shown + " is outside the affected ranges (" + detail + ")";
                default -> "cannot tell whether " + label + " " + shown + " is affected (" + detail + ")";
            };
        }
    }
}
