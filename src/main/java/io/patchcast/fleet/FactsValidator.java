package io.patchcast.fleet;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.patchcast.common.Problem;

/**
 * Checks the shape of one node-facts document (DESIGN.md, "Node facts") before anything is stored: types,
 * the provider's spelling, lengths that fit the columns, a readable collectedAt. Checks that need the database
 * (may the token write to the cluster, does the instance belong elsewhere) are the service's.
 */
final class FactsValidator {

    /** Longest raw document kept per node (the facts_json column). */
    static final int MAX_DOCUMENT_CHARS = 32000;

    private static final List<String> STRING_MAPS = List.of("sysfs", "dmi", "uname", "osRelease");

    private FactsValidator() {
    }

    /**
     * @param prefix "" for a single document, "[3]." for the fourth of a batch, so errors name the entry
     */
    static void validate(JsonNode doc, String prefix, List<Problem.FieldError> errors) {
        if (doc == null || !doc.isObject()) {
            errors.add(new Problem.FieldError(prefix.isEmpty() ? "body" : prefix.substring(0, prefix.length() - 1),
                    "must be a JSON object (one node-facts document)"));
            return;
        }
        requiredString(doc, "clusterId", prefix, 30, errors);
        if (doc.path("clusterId").isTextual() && !doc.get("clusterId").asText().matches("[0-9]{1,18}")) {
            errors.add(new Problem.FieldError(prefix + "clusterId", "must be a cluster id (digits)"));
        }
        requiredString(doc, "instanceId", prefix, 100, errors);
        if (optionalString(doc, "provider", prefix, 20, errors)
                && Provider.parse(doc.get("provider").asText()).isEmpty()) {
            errors.add(new Problem.FieldError(prefix + "provider",
                    "must be one of aws, gcp, azure, self-hosted, was '" + doc.get("provider").asText() + "'"));
        }
        optionalString(doc, "region", prefix, 60, errors);
        optionalString(doc, "instanceType", prefix, 60, errors);
        if (optionalString(doc, "collectedAt", prefix, 40, errors) && parseInstant(doc.get("collectedAt").asText()) == null) {
            errors.add(new Problem.FieldError(prefix + "collectedAt",
                    "must be an ISO-8601 timestamp with offset, e.g. 2022-05-20T10:00:00Z"));
        }
        for (String map : STRING_MAPS) {
            stringMap(doc, map, prefix, errors);
        }
        JsonNode kernel = doc.get("kernelPackage");
        if (kernel != null && !kernel.isNull()) {
            if (!kernel.isObject()) {
                errors.add(new Problem.FieldError(prefix + "kernelPackage", "must be an object with name and version"));
            } else {
                optionalString(kernel, "name", prefix + "kernelPackage.", 200, errors);
                optionalString(kernel, "version", prefix + "kernelPackage.", 80, errors);
            }
        }
        JsonNode drivers = doc.get("netDrivers");
        if (drivers != null && !drivers.isNull()) {
            if (!drivers.isArray()) {
                errors.add(new Problem.FieldError(prefix + "netDrivers", "must be an array of driver names"));
            } else {
                for (int i = 0; i < drivers.size(); i++) {
                    if (!drivers.get(i).isTextual()) {
                        errors.add(new Problem.FieldError(prefix + "netDrivers[" + i + "]", "must be a string"));
                    }
                }
            }
        }
        if (doc.toString().length() > MAX_DOCUMENT_CHARS) {
            errors.add(new Problem.FieldError(prefix.isEmpty() ? "body" : prefix.substring(0, prefix.length() - 1),
                    "is longer than " + MAX_DOCUMENT_CHARS + " characters"));
        }
    }

    static Instant parseInstant(String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static void requiredString(JsonNode doc, String name, String prefix, int max, List<Problem.FieldError> errors) {
        JsonNode value = doc.get(name);
        if (value == null || value.isNull()) {
            errors.add(new Problem.FieldError(prefix + name, "is required"));
        } else if (!value.isTextual()) {
            errors.add(new Problem.FieldError(prefix + name, "must be a string"));
        } else if (value.asText().isBlank()) {
            errors.add(new Problem.FieldError(prefix + name, "must not be blank"));
        } else if (value.asText().length() > max) {
            errors.add(new Problem.FieldError(prefix + name, "must be at most " + max + " characters"));
        }
    }

    /** True when the member is present and a string of acceptable length (so further checks may read it). */
    private static boolean optionalString(JsonNode doc, String name, String prefix, int max,
            List<Problem.FieldError> errors) {
        JsonNode value = doc.get(name);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isTextual()) {
            errors.add(new Problem.FieldError(prefix + name, "must be a string"));
            return false;
        }
        if (value.asText().length() > max) {
            errors.add(new Problem.FieldError(prefix + name, "must be at most " + max + " characters"));
            return false;
        }
        return true;
    }

    private static void stringMap(JsonNode doc, String name, String prefix, List<Problem.FieldError> errors) {
        JsonNode map = doc.get(name);
        if (map == null || map.isNull()) {
            return;
        }
        if (!map.isObject()) {
            errors.add(new Problem.FieldError(prefix + name, "must be an object of strings"));
            return;
        }
        for (var it = map.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getValue().isTextual() && !entry.getValue().isNull()) {
                errors.add(new Problem.FieldError(prefix + name + "." + entry.getKey(), "must be a string"));
            }
        }
    }
}
