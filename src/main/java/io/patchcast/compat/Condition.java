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

    /** The truth value for this node; {@code kernel} and {@code stream} are those of the evaluation mode. */
    abstract int eval(DerivedFacts facts, String kernel, String stream);

    /** Adds the outcomes of the predicates that gave this node its {@code value}. */
    abstract void collect(DerivedFacts facts, String kernel, String stream, int value, Explainer out);

    /** Collects leaf outcomes and missing facts while {@link #collect} walks the tree. */
    static final class Explainer {
        final NodeEvaluation.Mode mode;
        final List<PredicateOutcome> outcomes = new ArrayList<>();
        final List<MissingFact> missing = new ArrayList<>();

        Explainer(NodeEvaluation.Mode mode) {
            this.mode = mode;
        }

        void missing(Fact fact, String problem) {
            for (MissingFact known : missing) {
                if (known.fact().equals(fact.key())) {
                    return;
                }
            }
            String how = fact == Fact.KERNEL_PACKAGE_VERSION && mode == NodeEvaluation.Mode.PLANNED
                    ? "Give the planned kernel as a Debian package version, e.g. 5.10.120-1."
                    : fact.howToCollect();
            missing.add(new MissingFact(fact.key(), problem, how));
        }
    }

    /** Kleene AND: false if any child is false, else unknown if any is, else true. */
    static final class All extends Condition {
        private final Condition[] children;

        All(List<Condition> children) {
            this.children = children.toArray(new Condition[0]);
        }

        @Override
        int eval(DerivedFacts facts, String kernel, String stream) {
            int result = TRUE;
            for (Condition child : children) {
                int value = child.eval(facts, kernel, stream);
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
        void collect(DerivedFacts facts, String kernel, String stream, int value, Explainer out) {
            for (Condition child : children) {
                int childValue = child.eval(facts, kernel, stream);
                if (childValue == value) {
                    child.collect(facts, kernel, stream, value, out);
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
        int eval(DerivedFacts facts, String kernel, String stream) {
            int result = FALSE;
            for (Condition child : children) {
                int value = child.eval(facts, kernel, stream);
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
        void collect(DerivedFacts facts, String kernel, String stream, int value, Explainer out) {
            for (Condition child : children) {
                int childValue = child.eval(facts, kernel, stream);
                if (childValue == value) {
                    child.collect(facts, kernel, stream, value, out);
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
        int eval(DerivedFacts facts, String kernel, String stream) {
            return TRUE - child.eval(facts, kernel, stream);
        }

        @Override
        void collect(DerivedFacts facts, String kernel, String stream, int value, Explainer out) {
            child.collect(facts, kernel, stream, TRUE - value, out);
        }
    }

    /** Explanation templates of a predicate; {value} and {detail} are filled in. Null means the default. */
    record Texts(String holds, String fails, String unknown, String missing) {
        static final Texts DEFAULT = new Texts(null, null, null, null);
    }

    /** A predicate over one fact. */
    abstract static class Leaf extends Condition {
        final Fact fact;
        final String description;
        final Texts texts;

        Leaf(Fact fact, String description, Texts texts) {
            this.fact = fact;
            this.description = description;
            this.texts = texts;
        }

        @Override
        void collect(DerivedFacts facts, String kernel, String stream, int value, Explainer out) {
            String shown = shownValue(facts, kernel, stream);
            String explanation;
            if (value == UNKNOWN && shown == null) {
                out.missing(fact, fact.isList() ? "not reported, or reported empty" : "not reported");
                explanation = fill(texts.missing(), fact.key() + " is not known", null, null);
            } else if (value == UNKNOWN && unreadable(shown) != null) {
                String problem = "'" + shown + "' is not a valid " + fact.scheme().key() + " version: "
                        + unreadable(shown);
                out.missing(fact, problem);
                explanation = fill(texts.missing(), fact.key() + " " + problem, shown, null);
            } else {
                String detail = detail(shown);
                String template = value == TRUE ? texts.holds() : value == FALSE ? texts.fails() : texts.unknown();
                explanation = fill(template, defaultText(value, shown, detail), shown, detail);
            }
            out.outcomes.add(new PredicateOutcome(description, fact.key(), Truth.ofOrdinal(value), explanation));
        }

        /** The node's value as text, null when unknown. */
        String shownValue(DerivedFacts facts, String kernel, String stream) {
            return fact.scalar(facts, kernel, stream);
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

        private static String fill(String template, String fallback, String value, String detail) {
            if (template == null) {
                return fallback;
            }
            return template.replace("{value}", value == null ? "?" : value)
                    .replace("{detail}", detail == null ? "" : detail);
        }
    }

    /** {@code fact in [..]} or {@code equals}; for the list fact, true when any of the node's values is in. */
    static final class In extends Leaf {
        private final Set<String> accepted;
        private final String acceptedText;

        In(Fact fact, String description, Texts texts, Set<String> accepted, String acceptedText) {
            super(fact, description, texts);
            this.accepted = accepted;
            this.acceptedText = acceptedText;
        }

        @Override
        int eval(DerivedFacts facts, String kernel, String stream) {
            if (fact.isList()) {
                List<String> values = facts.netDrivers();
                if (values == null || values.isEmpty()) {
                    // every node has a NIC: an empty list means the agent could not read them
                    return UNKNOWN;
                }
                for (int i = 0; i < values.size(); i++) {
                    if (accepted.contains(values.get(i))) {
                        return TRUE;
                    }
                }
                return FALSE;
            }
            String value = fact.scalar(facts, kernel, stream);
            if (value == null) {
                return UNKNOWN;
            }
            return accepted.contains(value) ? TRUE : FALSE;
        }

        @Override
        String shownValue(DerivedFacts facts, String kernel, String stream) {
            if (fact.isList()) {
                List<String> values = facts.netDrivers();
                return values == null || values.isEmpty() ? null : String.join(", ", values);
            }
            return super.shownValue(facts, kernel, stream);
        }

        @Override
        String defaultText(int value, String shown, String detail) {
            return value == TRUE
                    ? fact.key() + " is " + shown + " (matches " + acceptedText + ")"
                    : fact.key() + " is " + shown + ", not " + acceptedText;
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

        Evidence(Fact fact, String description, Texts texts, Band affected, Band unaffected) {
            super(fact, description, texts);
            this.scheme = fact.scheme();
            this.affected = affected;
            this.unaffected = unaffected;
        }

        @Override
        int eval(DerivedFacts facts, String kernel, String stream) {
            String value = fact.scalar(facts, kernel, stream);
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
            return scheme.validationError(value);
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
                case TRUE -> fact.key() + " " + shown + " is known to be affected (" + detail + ")";
                case FALSE -> fact.key() + " " + shown + " is known to be unaffected (" + detail + ")";
                default -> "no evidence either way for " + fact.key() + " " + shown + " (" + detail + ")";
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

        Range(Fact fact, String description, Texts texts, List<Series> series, int otherSeries) {
            super(fact, description, texts);
            this.scheme = fact.scheme();
            this.series = series.toArray(new Series[0]);
            this.otherSeries = otherSeries;
        }

        @Override
        int eval(DerivedFacts facts, String kernel, String stream) {
            String value = fact.scalar(facts, kernel, stream);
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
            return scheme.validationError(value);
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
                case TRUE -> fact.key() + " " + shown + " is in an affected range (" + detail + ")";
                case FALSE -> fact.key() + " " + shown + " is outside the affected ranges (" + detail + ")";
                default -> "cannot tell whether " + fact.key() + " " + shown + " is affected (" + detail + ")";
            };
        }
    }
}
