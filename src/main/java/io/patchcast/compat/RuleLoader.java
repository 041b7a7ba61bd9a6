package io.patchcast.compat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads rules.yaml into compiled rules, refusing anything it cannot vouch for. Works on the YAML tree rather
 * than data binding so that every error can name the rule and the place in it (see docs/rule-format.md).
 */
final class RuleLoader {

    private static final Set<String> TOP_KEYS = Set.of("version", "rules");
    private static final Set<String> RULE_KEYS = Set.of("id", "title", "summary", "severity", "confidence",
            "effect", "references", "match", "remediation");
    private static final Set<String> CONFIDENCE_KEYS = Set.of("level", "note", "claims");
    private static final Set<String> CLAIM_KEYS = Set.of("statement", "status", "sources");
    private static final Set<String> REFERENCE_KEYS = Set.of("title", "url");
    private static final Set<String> REMEDIATION_KEYS = Set.of("id", "title", "description", "migrations");
    private static final Set<String> MIGRATION_KEYS = Set.of("from", "to", "cost_delta_percent", "note");
    private static final Set<String> OPERATORS = Set.of("equals", "in", "range", "evidence");
    private static final Set<String> LEAF_KEYS = Set.of("fact", "equals", "in", "range", "evidence", "explain");
    private static final Set<String> EXPLAIN_KEYS = Set.of("holds", "fails", "unknown", "missing");
    private static final Set<String> RANGE_KEYS = Set.of("series", "events", "other_series");
    private static final Set<String> SERIES_KEYS = Set.of("series", "events", "status", "note");
    private static final Set<String> EVIDENCE_KEYS = Set.of("known_affected", "known_unaffected");
    private static final Set<String> BAND_KEYS = Set.of("min", "max");
    private static final Set<String> LEVELS = Set.of("high", "medium", "low");
    private static final Set<String> CLAIM_STATUSES = Set.of("verified", "inferred", "unverified");
    private static final Map<Fact, Set<String>> CLOSED_VALUES = Map.of(
            Fact.HYPERVISOR_TYPE, Set.of(DerivedFacts.XEN, DerivedFacts.NITRO, DerivedFacts.KVM,
                    DerivedFacts.HYPER_V, DerivedFacts.BARE_METAL),
            Fact.KERNEL_STREAM, Set.of(DerivedFacts.STABLE, DerivedFacts.BACKPORTS));

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private RuleLoader() {
    }

    /** A rule ready to evaluate: its description and its compiled match tree. */
    record CompiledRule(Rule rule, Condition match) {
    }

    static List<CompiledRule> load(InputStream yaml) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (IOException e) {
            throw new RuleValidationException(null, "rule file is not valid YAML: " + yamlProblem(e), e);
        }
        if (root == null || !root.isObject()) {
            throw new RuleValidationException(null, "rule file must be a mapping with a 'rules' list");
        }
        rejectUnknownKeys(root, TOP_KEYS, new Where(null, "rule file"));
        JsonNode version = root.get("version");
        if (version != null && !(version.isInt() && version.intValue() == 1)) {
            throw new RuleValidationException(null, "rule file version " + version + " is not supported (1 is)");
        }
        JsonNode rules = root.get("rules");
        if (rules == null || !rules.isArray()) {
            throw new RuleValidationException(null, "rule file must have a 'rules' list");
        }
        if (rules.isEmpty()) {
            // an empty file would call every node safe; that is a deployment mistake, not a rule set
            throw new RuleValidationException(null, "rule file has no rules");
        }
        List<CompiledRule> compiled = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        int position = 0;
        for (JsonNode node : rules) {
            position++;
            CompiledRule rule = rule(node, position);
            Integer earlier = seen.putIfAbsent(rule.rule().id(), position);
            if (earlier != null) {
                throw new RuleValidationException(rule.rule().id(), "rule '" + rule.rule().id()
                        + "': duplicate id, rules #" + earlier + " and #" + position + " both use it");
            }
            compiled.add(rule);
        }
        return compiled;
    }

    private static String yamlProblem(IOException e) {
        if (e instanceof JsonProcessingException processing) {
            return processing.getOriginalMessage() + (processing.getLocation() == null ? ""
                    : " (line " + processing.getLocation().getLineNr() + ")");
        }
        return e.getMessage();
    }

    /** Where in the file we are, for messages: the rule and a path inside it. */
    private record Where(String ruleId, String path) {
        Where at(String child) {
            return new Where(ruleId, path.isEmpty() ? child : path + "." + child);
        }

        Where at(int index) {
            return new Where(ruleId, path + "[" + index + "]");
        }

        RuleValidationException error(String reason) {
            String subject = ruleId == null ? path : "rule '" + ruleId + "'";
            String place = ruleId == null || path.isEmpty() ? "" : " (at " + path + ")";
            return new RuleValidationException(ruleId, subject + ": " + reason + place);
        }
    }

    private static CompiledRule rule(JsonNode node, int position) {
        Where anonymous = new Where(null, "rule #" + position);
        if (!node.isObject()) {
            throw anonymous.error("must be a mapping");
        }
        JsonNode idNode = node.get("id");
        if (idNode == null || idNode.isNull()) {
            throw anonymous.error("missing 'id'");
        }
        if (!idNode.isTextual() || idNode.asText().isBlank()) {
            throw anonymous.error("'id' must be a non-empty string");
        }
        String id = idNode.asText();
        if (!id.matches("[a-z0-9][a-z0-9._-]*")) {
            throw anonymous.error("id '" + id + "' must be lower-case letters, digits, '.', '_' or '-'");
        }
        Where where = new Where(id, "");
        rejectUnknownKeys(node, RULE_KEYS, where);
        String title = requiredText(node, "title", where);
        String summary = optionalText(node, "summary", where);
        Severity severity = Severity.fromKey(requiredText(node, "severity", where));
        if (severity == null) {
            throw where.error("unknown severity '" + node.get("severity").asText()
                    + "' (use critical, high, medium or low)");
        }
        Effect effect = Effect.fromKey(requiredText(node, "effect", where));
        if (effect == null) {
            throw where.error("unknown effect '" + node.get("effect").asText() + "' (use targeted or hold)");
        }
        Rule.Confidence confidence = confidence(node.get("confidence"), where.at("confidence"));
        List<Rule.Reference> references = references(node.get("references"), where.at("references"));
        JsonNode match = node.get("match");
        if (match == null || match.isNull()) {
            throw where.error("missing 'match'");
        }
        Condition condition = condition(match, new Where(id, "match"));
        List<Remediation> remediation = remediation(node.get("remediation"), where.at("remediation"));
        Rule rule = new Rule(id, title, summary == null ? title : summary, severity, confidence, effect,
                references, remediation);
        return new CompiledRule(rule, condition);
    }

    private static Rule.Confidence confidence(JsonNode node, Where where) {
        if (node == null || !node.isObject()) {
            throw where.error("'confidence' must be a mapping with a 'level'");
        }
        rejectUnknownKeys(node, CONFIDENCE_KEYS, where);
        String level = requiredText(node, "level", where);
        if (!LEVELS.contains(level)) {
            throw where.error("unknown confidence level '" + level + "' (use high, medium or low)");
        }
        List<Rule.Claim> claims = new ArrayList<>();
        JsonNode list = node.get("claims");
        if (list != null) {
            requireArray(list, where.at("claims"));
            int index = 0;
            for (JsonNode claim : list) {
                Where at = where.at("claims").at(index++);
                requireObject(claim, at);
                rejectUnknownKeys(claim, CLAIM_KEYS, at);
                String status = requiredText(claim, "status", at);
                if (!CLAIM_STATUSES.contains(status)) {
                    throw at.error("unknown claim status '" + status + "' (use verified, inferred or unverified)");
                }
                List<String> sources = texts(claim.get("sources"), at.at("sources"));
                // an inferred or unverified claim without a source cannot be checked by anyone later
                if (!status.equals("verified") && sources.isEmpty()) {
                    throw at.error(status + " claim needs at least one source link");
                }
                claims.add(new Rule.Claim(requiredText(claim, "statement", at), status, sources));
            }
        }
        return new Rule.Confidence(level, optionalText(node, "note", where), claims);
    }

    private static List<Rule.Reference> references(JsonNode node, Where where) {
        List<Rule.Reference> references = new ArrayList<>();
        if (node == null) {
            return references;
        }
        requireArray(node, where);
        int index = 0;
        for (JsonNode reference : node) {
            Where at = where.at(index++);
            requireObject(reference, at);
            rejectUnknownKeys(reference, REFERENCE_KEYS, at);
            references.add(new Rule.Reference(requiredText(reference, "title", at),
                    requiredText(reference, "url", at)));
        }
        return references;
    }

    private static List<Remediation> remediation(JsonNode node, Where where) {
        List<Remediation> options = new ArrayList<>();
        if (node == null) {
            return options;
        }
        requireArray(node, where);
        int index = 0;
        for (JsonNode option : node) {
            Where at = where.at(index++);
            requireObject(option, at);
            rejectUnknownKeys(option, REMEDIATION_KEYS, at);
            List<Remediation.Migration> migrations = new ArrayList<>();
            JsonNode list = option.get("migrations");
            if (list != null) {
                requireArray(list, at.at("migrations"));
                int m = 0;
                for (JsonNode migration : list) {
                    Where mat = at.at("migrations").at(m++);
                    requireObject(migration, mat);
                    rejectUnknownKeys(migration, MIGRATION_KEYS, mat);
                    JsonNode delta = migration.get("cost_delta_percent");
                    if (delta == null || !delta.isNumber()) {
                        throw mat.error("'cost_delta_percent' must be a number");
                    }
                    migrations.add(new Remediation.Migration(
                            requiredText(migration, "from", mat).toLowerCase(Locale.ROOT),
                            requiredText(migration, "to", mat).toLowerCase(Locale.ROOT),
                            delta.doubleValue(),
                            optionalText(migration, "note", mat)));
                }
            }
            options.add(new Remediation(requiredText(option, "id", at), requiredText(option, "title", at),
                    optionalText(option, "description", at), migrations));
        }
        return options;
    }

    private static Condition condition(JsonNode node, Where where) {
        if (node == null || !node.isObject()) {
            throw where.error("a condition must be a mapping with 'all', 'any', 'not' or 'fact'");
        }
        for (String combinator : List.of("all", "any", "not")) {
            if (node.has(combinator)) {
                if (node.size() != 1) {
                    throw where.error("'" + combinator + "' must stand alone in its mapping, found "
                            + fieldNames(node));
                }
                Where at = where.at(combinator);
                JsonNode operand = node.get(combinator);
                if (combinator.equals("not")) {
                    return new Condition.Not(condition(operand, at));
                }
                if (!operand.isArray() || operand.isEmpty()) {
                    throw at.error("'" + combinator + "' needs a non-empty list of conditions");
                }
                List<Condition> children = new ArrayList<>();
                int index = 0;
                for (JsonNode child : operand) {
                    children.add(condition(child, at.at(index++)));
                }
                return combinator.equals("all") ? new Condition.All(children) : new Condition.Any(children);
            }
        }
        if (!node.has("fact")) {
            throw where.error("a condition needs 'all', 'any', 'not' or 'fact', found " + fieldNames(node));
        }
        return leaf(node, where);
    }

    private static Condition leaf(JsonNode node, Where where) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!LEAF_KEYS.contains(name)) {
                throw where.error("unknown operator '" + name + "' (use equals, in, range or evidence)");
            }
        }
        String factName = requiredText(node, "fact", where);
        Fact fact = Fact.fromKey(factName);
        if (fact == null) {
            throw where.error("unknown fact '" + factName + "' (known: " + Fact.knownKeys() + ")");
        }
        List<String> operators = new ArrayList<>();
        for (String operator : OPERATORS) {
            if (node.has(operator)) {
                operators.add(operator);
            }
        }
        if (operators.size() != 1) {
            throw where.error("predicate on '" + factName + "' needs exactly one operator of equals, in, range"
                    + " or evidence, found " + (operators.isEmpty() ? "none" : operators));
        }
        String operator = operators.get(0);
        Condition.Texts texts = explainTexts(node.get("explain"), where.at("explain"));
        Where at = where.at(operator);
        JsonNode operand = node.get(operator);
        if (operator.equals("equals") || operator.equals("in")) {
            if (fact.scheme() != null) {
                throw at.error("'" + factName + "' is a version: compare it with range or evidence, not "
                        + operator);
            }
            List<String> values = operator.equals("equals") ? List.of(scalarText(operand, at)) : texts(operand, at);
            if (values.isEmpty()) {
                throw at.error("'in' needs at least one value");
            }
            Set<String> accepted = new LinkedHashSet<>();
            for (String value : values) {
                String normal = fact == Fact.OS_VERSION ? value.strip() : value.strip().toLowerCase(Locale.ROOT);
                Set<String> closed = CLOSED_VALUES.get(fact);
                if (closed != null && !closed.contains(normal)) {
                    throw at.error("'" + value + "' is not a value of " + factName + " (one of "
                            + String.join(", ", closed.stream().sorted().toList()) + ")");
                }
                accepted.add(normal);
            }
            String shown = operator.equals("equals") ? accepted.iterator().next() : accepted.toString();
            String description = factName + " " + operator + " " + shown;
            return new Condition.In(fact, description, texts, Set.copyOf(accepted), shown);
        }
        if (fact.scheme() == null) {
            throw at.error("'" + factName + "' is not a version fact: use equals or in, not " + operator);
        }
        if (operator.equals("evidence")) {
            return evidence(fact, operand, texts, at);
        }
        return range(fact, operand, texts, at);
    }

    private static Condition evidence(Fact fact, JsonNode node, Condition.Texts texts, Where where) {
        requireObject(node, where);
        rejectUnknownKeys(node, EVIDENCE_KEYS, where);
        Condition.Band affected = band(fact, node.get("known_affected"), where.at("known_affected"));
        Condition.Band unaffected = band(fact, node.get("known_unaffected"), where.at("known_unaffected"));
        if (affected == null && unaffected == null) {
            throw where.error("evidence needs known_affected, known_unaffected or both");
        }
        if (affected != null && unaffected != null && overlap(fact.scheme(), affected, unaffected)) {
            throw where.error("known_affected " + affected + " and known_unaffected " + unaffected + " overlap");
        }
        String description = fact.key() + " evidence (known affected "
                + (affected == null ? "none" : affected) + ", known unaffected "
                + (unaffected == null ? "none" : unaffected) + ")";
        return new Condition.Evidence(fact, description, texts, affected, unaffected);
    }

    private static boolean overlap(VersionScheme scheme, Condition.Band a, Condition.Band b) {
        // [a.min, a.max] and [b.min, b.max] overlap unless one ends before the other starts
        boolean aEndsFirst = a.max() != null && b.min() != null && scheme.compareValid(a.max(), b.min()) < 0;
        boolean bEndsFirst = b.max() != null && a.min() != null && scheme.compareValid(b.max(), a.min()) < 0;
        return !aEndsFirst && !bEndsFirst;
    }

    private static Condition.Band band(Fact fact, JsonNode node, Where where) {
        if (node == null) {
            return null;
        }
        requireObject(node, where);
        rejectUnknownKeys(node, BAND_KEYS, where);
        String min = node.has("min") ? version(fact, node.get("min"), where.at("min")) : null;
        String max = node.has("max") ? version(fact, node.get("max"), where.at("max")) : null;
        if (min == null && max == null) {
            throw where.error("a band needs min, max or both");
        }
        if (min != null && max != null && fact.scheme().compareValid(min, max) > 0) {
            throw where.error("min " + min + " is above max " + max);
        }
        return new Condition.Band(min, max);
    }

    private static Condition range(Fact fact, JsonNode node, Condition.Texts texts, Where where) {
        requireObject(node, where);
        rejectUnknownKeys(node, RANGE_KEYS, where);
        boolean grouped = node.has("series");
        if (grouped == node.has("events")) {
            throw where.error("a range needs either 'series' (per stable series) or 'events', not "
                    + (grouped ? "both" : "neither"));
        }
        int otherSeries = Condition.FALSE;
        if (node.has("other_series")) {
            if (!grouped) {
                throw where.error("'other_series' only applies to a range with 'series'");
            }
            String other = scalarText(node.get("other_series"), where.at("other_series"));
            otherSeries = switch (other) {
                case "not_affected" -> Condition.FALSE;
                case "unknown" -> Condition.UNKNOWN;
                default -> throw where.at("other_series").error("unknown value '" + other
                        + "' (use not_affected or unknown)");
            };
        }
        List<Condition.Series> series = new ArrayList<>();
        if (!grouped) {
            series.add(new Condition.Series(null, events(fact, node.get("events"), null, where.at("events")),
                    false, null));
        } else {
            JsonNode list = node.get("series");
            requireArray(list, where.at("series"));
            if (list.isEmpty()) {
                throw where.at("series").error("needs at least one series");
            }
            Set<String> seen = new HashSet<>();
            int index = 0;
            for (JsonNode entry : list) {
                Where at = where.at("series").at(index++);
                requireObject(entry, at);
                rejectUnknownKeys(entry, SERIES_KEYS, at);
                JsonNode namesNode = entry.get("series");
                List<String> names = namesNode != null && namesNode.isArray()
                        ? texts(namesNode, at.at("series"))
                        : List.of(scalarText(namesNode, at.at("series")));
                if (names.isEmpty()) {
                    throw at.error("'series' needs at least one name");
                }
                for (String name : names) {
                    if (!name.matches("[0-9]+(\\.[0-9]+)*")) {
                        throw at.error("series '" + name + "' must be dotted numbers such as \"5.10\"");
                    }
                    if (!seen.add(name)) {
                        throw at.error("series '" + name + "' is listed twice");
                    }
                }
                String[] nameArray = names.toArray(new String[0]);
                String note = optionalText(entry, "note", at);
                if (entry.has("status")) {
                    String status = scalarText(entry.get("status"), at.at("status"));
                    if (!status.equals("unverified")) {
                        throw at.error("unknown series status '" + status + "' (only 'unverified')");
                    }
                    if (entry.has("events")) {
                        throw at.error("an unverified series has no events: its versions are UNKNOWN");
                    }
                    series.add(new Condition.Series(nameArray, new Condition.Event[0], true, note));
                } else {
                    series.add(new Condition.Series(nameArray,
                            events(fact, entry.get("events"), names, at.at("events")), false, note));
                }
            }
        }
        StringBuilder description = new StringBuilder(fact.key()).append(" in affected range");
        for (Condition.Series entry : series) {
            description.append(entry.names() == null ? " " : " [" + entry.label() + ": ")
                    .append(entry.unverified() ? "unverified" : entry.window())
                    .append(entry.names() == null ? "" : "]");
        }
        return new Condition.Range(fact, description.toString(), texts, series, otherSeries);
    }

    private static Condition.Event[] events(Fact fact, JsonNode node, List<String> series, Where where) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw where.error("needs a non-empty list of events (introduced, fixed, last_affected)");
        }
        List<Condition.Event> events = new ArrayList<>();
        int index = 0;
        for (JsonNode eventNode : node) {
            Where at = where.at(index++);
            if (!eventNode.isObject() || eventNode.size() != 1) {
                throw at.error("an event is a mapping with exactly one of introduced, fixed, last_affected");
            }
            String kindName = eventNode.fieldNames().next();
            Condition.EventKind kind = Condition.EventKind.fromKey(kindName);
            if (kind == null) {
                throw at.error("unknown event '" + kindName + "' (use introduced, fixed or last_affected)");
            }
            JsonNode value = eventNode.get(kindName);
            String version;
            if (kind == Condition.EventKind.INTRODUCED && value.isTextual() && value.asText().equals("0")) {
                version = null;
            } else {
                version = version(fact, value, at.at(kindName));
                if (series != null && series.stream().noneMatch(name -> fact.scheme().inSeries(version, name))) {
                    throw at.error(kindName + " " + version + " is not in series " + String.join("/", series));
                }
            }
            Condition.Event event = new Condition.Event(kind, version);
            if (events.isEmpty()) {
                if (kind != Condition.EventKind.INTRODUCED) {
                    throw at.error("the first event must be 'introduced'");
                }
            } else {
                Condition.Event previous = events.get(events.size() - 1);
                boolean previousOpens = previous.kind() == Condition.EventKind.INTRODUCED;
                boolean opens = kind == Condition.EventKind.INTRODUCED;
                if (previousOpens == opens) {
                    throw at.error("'" + kindName + "' must follow " + (opens ? "a fixed or last_affected event"
                            : "an introduced event"));
                }
                if (version == null || previous.version() != null
                        && fact.scheme().compareValid(previous.version(), version) >= 0) {
                    throw at.error("events must be in ascending version order: " + version + " after "
                            + (previous.version() == null ? "0" : previous.version()));
                }
            }
            events.add(event);
        }
        return events.toArray(new Condition.Event[0]);
    }

    /** A version value: must be a quoted string (YAML reads 5.10 as the number 5.1) valid for the fact. */
    private static String version(Fact fact, JsonNode node, Where where) {
        if (node == null || node.isNull()) {
            throw where.error("version is missing");
        }
        if (node.isNumber()) {
            throw where.error("version " + node.asText() + " must be quoted: YAML reads an unquoted 5.10 as"
                    + " the number 5.1");
        }
        if (!node.isTextual()) {
            throw where.error("version must be a string");
        }
        String version = node.asText();
        String error = fact.scheme().validationError(version);
        if (error != null) {
            throw where.error("bad " + fact.scheme().key() + " version '" + version + "': " + error);
        }
        return version;
    }

    private static Condition.Texts explainTexts(JsonNode node, Where where) {
        if (node == null) {
            return Condition.Texts.DEFAULT;
        }
        requireObject(node, where);
        rejectUnknownKeys(node, EXPLAIN_KEYS, where);
        return new Condition.Texts(optionalText(node, "holds", where), optionalText(node, "fails", where),
                optionalText(node, "unknown", where), optionalText(node, "missing", where));
    }

    private static void rejectUnknownKeys(JsonNode node, Set<String> allowed, Where where) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw where.error("unknown key '" + name + "' (allowed: "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    private static String requiredText(JsonNode node, String key, Where where) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            throw where.error("missing '" + key + "'");
        }
        return scalarText(value, where.at(key));
    }

    private static String optionalText(JsonNode node, String key, Where where) {
        JsonNode value = node.get(key);
        return value == null || value.isNull() ? null : scalarText(value, where.at(key));
    }

    private static String scalarText(JsonNode node, Where where) {
        if (node == null || node.isNull()) {
            throw where.error("value is missing");
        }
        if (!node.isValueNode()) {
            throw where.error("must be a single value, not a " + (node.isArray() ? "list" : "mapping"));
        }
        String text = node.asText();
        if (text.isBlank()) {
            throw where.error("must not be empty");
        }
        return text;
    }

    private static List<String> texts(JsonNode node, Where where) {
        List<String> values = new ArrayList<>();
        if (node == null) {
            return values;
        }
        requireArray(node, where);
        int index = 0;
        for (JsonNode value : node) {
            values.add(scalarText(value, where.at(index++)));
        }
        return values;
    }

    private static void requireArray(JsonNode node, Where where) {
        if (node == null || !node.isArray()) {
            throw where.error("must be a list");
        }
    }

    private static void requireObject(JsonNode node, Where where) {
        if (node == null || !node.isObject()) {
            throw where.error("must be a mapping");
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
