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
            "effect", "references", "match", "remediation", "requires", "modes");
    private static final Set<String> CONFIDENCE_KEYS = Set.of("level", "note", "claims");
    private static final Set<String> CLAIM_KEYS = Set.of("statement", "status", "sources");
    private static final Set<String> REFERENCE_KEYS = Set.of("title", "url");
    private static final Set<String> REMEDIATION_KEYS = Set.of("id", "title", "description", "migrations");
    private static final Set<String> MIGRATION_KEYS = Set.of("from", "to", "cost_delta_percent", "note");
    private static final List<String> OPERATORS = List.of("equals", "in", "contains", "lacks", "number", "range",
            "evidence");
    private static final Set<String> LEAF_KEYS = Set.of("fact", "of", "equals", "in", "contains", "lacks", "number",
            "unset", "range", "evidence", "explain");
    private static final Set<String> NUMBER_KEYS = Set.of("lt", "le", "gt", "ge", "eq");
    private static final Set<String> REQUIRES_KEYS = Set.of("fact", "of", "collect");
    private static final Set<String> MODES = Set.of("current", "planned");
    private static final Set<String> BOOLEAN = Set.of("true", "false");
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
            Fact.KERNEL_STREAM, Set.of(DerivedFacts.STABLE, DerivedFacts.BACKPORTS),
            Fact.BOOT_MODE, Set.of("uefi", "bios"),
            Fact.BOOT_SECURE_BOOT, Set.of("enabled", "disabled"),
            Fact.NET_RENDERER, Set.of("ifupdown", "netplan", "networkd", "networkmanager"),
            Fact.GCP_NIC_TYPE, Set.of("gvnic", "virtio_net"),
            Fact.GCP_CONFIDENTIAL, BOOLEAN,
            Fact.AZURE_ACCELERATED_NETWORKING, BOOLEAN,
            Fact.AZURE_MANA, BOOLEAN);

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private RuleLoader() {
    }

    /** A rule ready to evaluate: its description, its compiled match tree and whether it skips current mode. */
    record CompiledRule(Rule rule, Condition match, boolean plannedOnly) {
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
        if (version != null && !(version.isInt() && (version.intValue() == 1 || version.intValue() == 2))) {
            throw new RuleValidationException(null, "rule file version " + version
                    + " is not supported (1 and 2 are)");
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
        List<Condition.Leaf> leaves = new ArrayList<>();
        Condition condition = condition(match, new Where(id, "match"), leaves);
        List<Remediation> remediation = remediation(node.get("remediation"), where.at("remediation"));
        List<Rule.RequiredFact> requires = requires(node.get("requires"), leaves, where.at("requires"));
        boolean plannedOnly = plannedOnly(node.get("modes"), where.at("modes"));
        Rule rule = new Rule(id, title, summary == null ? title : summary, severity, confidence, effect,
                references, remediation, requires, plannedOnly);
        return new CompiledRule(rule, condition, plannedOnly);
    }

    /**
     * The facts a rule needs, with how to collect each. When given, the list must name exactly the facts the match
     * tree tests, so that nobody can add a predicate and forget to say how its fact is read.
     */
    private static List<Rule.RequiredFact> requires(JsonNode node, List<Condition.Leaf> leaves, Where where) {
        List<Rule.RequiredFact> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        requireArray(node, where);
        Map<String, String> listed = new java.util.LinkedHashMap<>();
        int index = 0;
        for (JsonNode entry : node) {
            Where at = where.at(index++);
            requireObject(entry, at);
            rejectUnknownKeys(entry, REQUIRES_KEYS, at);
            String factName = requiredText(entry, "fact", at);
            Fact fact = Fact.fromKey(factName);
            if (fact == null) {
                throw at.error("unknown fact '" + factName + "' (known: " + Fact.knownKeys() + ")");
            }
            String of = optionalText(entry, "of", at);
            String label = of == null ? factName : factName + " " + of;
            if (listed.put(label, requiredText(entry, "collect", at)) != null) {
                throw at.error("'" + label + "' is listed twice");
            }
        }
        Set<String> used = new LinkedHashSet<>();
        for (Condition.Leaf leaf : leaves) {
            used.add(leaf.label);
        }
        for (String label : listed.keySet()) {
            if (!used.contains(label)) {
                throw where.error("'" + label + "' is listed but no predicate of the match tests it (tested: "
                        + String.join(", ", used) + ")");
            }
        }
        for (String label : used) {
            if (!listed.containsKey(label)) {
                throw where.error("the match tests '" + label + "' but it is not listed: say how to collect it");
            }
        }
        for (Condition.Leaf leaf : leaves) {
            leaf.howToCollect = listed.get(leaf.label);
        }
        listed.forEach((label, collect) -> out.add(new Rule.RequiredFact(label, collect)));
        return out;
    }

    private static boolean plannedOnly(JsonNode node, Where where) {
        if (node == null || node.isNull()) {
            return false;
        }
        List<String> modes = texts(node, where);
        for (String mode : modes) {
            if (!MODES.contains(mode)) {
                throw where.error("unknown mode '" + mode + "' (use current, planned)");
            }
        }
        if (!modes.contains("planned")) {
            // planned mode is what rollouts ask; a rule silent there would let a bad kernel through
            throw where.error("a rule must apply to planned boot targets: list 'planned'");
        }
        return !modes.contains("current");
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

    private static Condition condition(JsonNode node, Where where, List<Condition.Leaf> leaves) {
        if (node == null || !node.isObject()) {
            throw where.error("a condition must be a mapping with 'all', 'any', 'not', 'first_known' or 'fact'");
        }
        for (String combinator : List.of("all", "any", "not", "first_known")) {
            if (node.has(combinator)) {
                if (node.size() != 1) {
                    throw where.error("'" + combinator + "' must stand alone in its mapping, found "
                            + fieldNames(node));
                }
                Where at = where.at(combinator);
                JsonNode operand = node.get(combinator);
                if (combinator.equals("not")) {
                    return new Condition.Not(condition(operand, at, leaves));
                }
                if (!operand.isArray() || operand.isEmpty()) {
                    throw at.error("'" + combinator + "' needs a non-empty list of conditions");
                }
                List<Condition> children = new ArrayList<>();
                int index = 0;
                for (JsonNode child : operand) {
                    children.add(condition(child, at.at(index++), leaves));
                }
                return switch (combinator) {
                    case "all" -> new Condition.All(children);
                    case "any" -> new Condition.Any(children);
                    default -> new Condition.FirstKnown(children);
                };
            }
        }
        if (!node.has("fact")) {
            throw where.error("a condition needs 'all', 'any', 'not', 'first_known' or 'fact', found "
                    + fieldNames(node));
        }
        Condition.Leaf leaf = leaf(node, where);
        leaves.add(leaf);
        return leaf;
    }

    private static Condition.Leaf leaf(JsonNode node, Where where) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!LEAF_KEYS.contains(name)) {
                throw where.error("unknown operator '" + name + "' (use " + String.join(", ", OPERATORS) + ")");
            }
        }
        String factName = requiredText(node, "fact", where);
        Fact fact = Fact.fromKey(factName);
        if (fact == null) {
            throw where.error("unknown fact '" + factName + "' (known: " + Fact.knownKeys() + ")");
        }
        String of = optionalText(node, "of", where);
        if (fact.takesName() && of == null) {
            throw where.error("'" + factName + "' needs 'of': " + ofHint(fact));
        }
        if (!fact.takesName() && of != null) {
            throw where.at("of").error("'" + factName + "' takes no 'of'");
        }
        if (of != null) {
            of = checkOf(fact, of, where.at("of"));
        }
        List<String> operators = new ArrayList<>();
        for (String operator : OPERATORS) {
            if (node.has(operator)) {
                operators.add(operator);
            }
        }
        if (operators.size() != 1) {
            throw where.error("predicate on '" + factName + "' needs exactly one operator of "
                    + String.join(", ", OPERATORS) + ", found " + (operators.isEmpty() ? "none" : operators));
        }
        String operator = operators.get(0);
        List<String> suited = switch (fact.kind()) {
            case SCALAR -> List.of("equals", "in");
            case LIST -> List.of("equals", "in", "contains", "lacks");
            case NUMBER -> List.of("number");
            case VERSION -> List.of("range", "evidence");
        };
        Where at = where.at(operator);
        if (!suited.contains(operator)) {
            String what = operator.equals("range") || operator.equals("evidence") ? "not a version fact"
                    : switch (fact.kind()) {
                        case SCALAR -> "a single value";
                        case LIST -> "a list";
                        case NUMBER -> "a number";
                        case VERSION -> "a version";
                    };
            throw at.error("'" + factName + "' is " + what + ": compare it with " + String.join(" or ", suited)
                    + ", not " + operator);
        }
        if (node.has("unset") && !operator.equals("number")) {
            throw where.at("unset").error("'unset' only goes with 'number'");
        }
        String label = of == null ? factName : factName + " " + of;
        Condition.Texts texts = explainTexts(node.get("explain"), where.at("explain"));
        JsonNode operand = node.get(operator);
        switch (operator) {
            case "equals", "in" -> {
                List<String> values = operator.equals("equals") ? List.of(scalarText(operand, at)) : texts(operand, at);
                if (values.isEmpty()) {
                    throw at.error("'in' needs at least one value");
                }
                Set<String> accepted = new LinkedHashSet<>();
                for (String value : values) {
                    accepted.add(value(fact, value, at));
                }
                String shown = operator.equals("equals") ? accepted.iterator().next() : accepted.toString();
                String description = label + " " + operator + " " + shown;
                return new Condition.In(fact, of, description, texts, Set.copyOf(accepted), shown);
            }
            case "contains", "lacks" -> {
                List<String> values = operand != null && operand.isArray() ? texts(operand, at)
                        : List.of(scalarText(operand, at));
                if (values.isEmpty()) {
                    throw at.error("'" + operator + "' needs at least one value");
                }
                List<String> normal = new ArrayList<>();
                for (String value : values) {
                    normal.add(value(fact, value, at));
                }
                return new Condition.Members(fact, label + " " + operator + " " + normal, texts, normal,
                        operator.equals("lacks"));
            }
            case "number" -> {
                return number(fact, of, label, node, operand, texts, where);
            }
            case "evidence" -> {
                return evidence(fact, of, label, operand, texts, at);
            }
            default -> {
                return range(fact, of, label, operand, texts, at);
            }
        }
    }

    private static String ofHint(Fact fact) {
        return switch (fact) {
            case BOOT_PARAM -> "the module parameter, e.g. nvme_core.io_timeout";
            case PACKAGE_VERSION -> "the Debian package, e.g. systemd (collected: "
                    + String.join(", ", PlatformFacts.TRACKED_PACKAGES) + ")";
            default -> "the NIC driver, e.g. ena";
        };
    }

    private static String checkOf(Fact fact, String of, Where where) {
        String value = of.strip();
        switch (fact) {
            case BOOT_PARAM -> {
                if (!value.matches("[a-z0-9_-]+\\.[a-z0-9_]+")) {
                    throw where.error("'" + of + "' is not a module parameter (module.name, e.g. nvme_core.io_timeout)");
                }
                int dot = value.indexOf('.');
                return value.substring(0, dot).replace('-', '_') + value.substring(dot);
            }
            case PACKAGE_VERSION -> {
                if (!PlatformFacts.TRACKED_PACKAGES.contains(value)) {
                    throw where.error("package '" + of + "' is not one the collector reports (reported: "
                            + String.join(", ", PlatformFacts.TRACKED_PACKAGES) + ")");
                }
                return value;
            }
            default -> {
                if (!value.matches("[a-z0-9_-]+")) {
                    throw where.error("'" + of + "' is not a driver name");
                }
                return value.toLowerCase(Locale.ROOT);
            }
        }
    }

    /** One value of an equals, in, contains or lacks, normalised as the derived facts are. */
    private static String value(Fact fact, String raw, Where where) {
        String normal = fact == Fact.OS_VERSION ? raw.strip() : raw.strip().toLowerCase(Locale.ROOT);
        if (fact == Fact.BOOT_KERNEL_MODULES || fact == Fact.BOOT_INITRAMFS_MODULES) {
            normal = PlatformFacts.moduleName(raw);
            if (!PlatformFacts.TRACKED_MODULES.contains(normal)) {
                throw where.error("module '" + raw + "' is not tracked, so its absence could not be told from a"
                        + " module list the server keeps (tracked: " + String.join(", ", PlatformFacts.TRACKED_MODULES)
                        + ")");
            }
        }
        if (fact == Fact.BOOT_CMDLINE) {
            normal = raw.strip(); // command-line tokens are case-sensitive
        }
        Set<String> closed = CLOSED_VALUES.get(fact);
        if (closed != null && !closed.contains(normal)) {
            throw where.error("'" + raw + "' is not a value of " + fact.key() + " (one of "
                    + String.join(", ", closed.stream().sorted().toList()) + ")");
        }
        return normal;
    }

    private static Condition.Leaf number(Fact fact, String of, String label, JsonNode leaf, JsonNode node,
            Condition.Texts texts, Where where) {
        Where at = where.at("number");
        requireObject(node, at);
        rejectUnknownKeys(node, NUMBER_KEYS, at);
        if (node.isEmpty()) {
            throw at.error("needs at least one of lt, le, gt, ge, eq");
        }
        Long[] bounds = new Long[5];
        String[] names = {"lt", "le", "gt", "ge", "eq"};
        String[] symbols = {"<", "≤", ">", "≥", "="};
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < names.length; i++) {
            JsonNode bound = node.get(names[i]);
            if (bound == null) {
                continue;
            }
            if (!bound.isIntegralNumber() || !bound.canConvertToLong()) {
                throw at.at(names[i]).error("must be a whole number, was " + bound);
            }
            bounds[i] = bound.longValue();
            text.append(text.length() > 0 ? " and " : "").append(symbols[i]).append(' ').append(bounds[i]);
        }
        long low = Math.max(bounds[2] == null ? Long.MIN_VALUE : bounds[2] + 1, bounds[3] == null ? Long.MIN_VALUE
                : bounds[3]);
        long high = Math.min(bounds[0] == null ? Long.MAX_VALUE : bounds[0] - 1, bounds[1] == null ? Long.MAX_VALUE
                : bounds[1]);
        if (low > high || bounds[4] != null && (bounds[4] < low || bounds[4] > high)) {
            throw at.error("no number is " + text + ": the predicate could never hold");
        }
        Long unset = null;
        JsonNode unsetNode = leaf.get("unset");
        if (unsetNode != null) {
            if (!unsetNode.isIntegralNumber() || !unsetNode.canConvertToLong()) {
                throw where.at("unset").error("must be a whole number (the value when nothing sets it), was "
                        + unsetNode);
            }
            if (fact != Fact.BOOT_PARAM) {
                throw where.at("unset").error("only boot.param has a default when nothing sets it");
            }
            unset = unsetNode.longValue();
        }
        String description = label + " " + text + (unset == null ? "" : " (unset: " + unset + ")");
        return new Condition.Number(fact, of, description, texts, bounds[0], bounds[1], bounds[2], bounds[3],
                bounds[4], text.toString(), unset);
    }

    private static Condition.Leaf evidence(Fact fact, String of, String label, JsonNode node, Condition.Texts texts,
            Where where) {
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
        String description = label + " evidence (known affected "
                + (affected == null ? "none" : affected) + ", known unaffected "
                + (unaffected == null ? "none" : unaffected) + ")";
        return new Condition.Evidence(fact, of, description, texts, affected, unaffected);
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

    private static Condition.Leaf range(Fact fact, String of, String label, JsonNode node, Condition.Texts texts,
            Where where) {
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
        StringBuilder description = new StringBuilder(label).append(" in affected range");
        for (Condition.Series entry : series) {
            description.append(entry.names() == null ? " " : " [" + entry.label() + ": ")
                    .append(entry.unverified() ? "unverified" : entry.window())
                    .append(entry.names() == null ? "" : "]");
        }
        return new Condition.Range(fact, of, description.toString(), texts, series, otherSeries);
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
