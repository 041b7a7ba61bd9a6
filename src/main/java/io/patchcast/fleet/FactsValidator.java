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

    /**
     * Longest raw document kept per node (the facts_json column): a version 2 document with the module lists of
     * the running and the planned kernel is about 100 KB.
     */
    static final int MAX_DOCUMENT_CHARS = 262144;

    private static final List<String> STRING_MAPS = List.of("sysfs", "dmi", "uname", "osRelease", "moduleParameters",
            "packages");
    private static final List<String> NAME_LISTS = List.of("kernelModules", "builtinModules", "initramfsModules",
            "pciDevices");
    private static final List<String> INTERFACE_FIELDS = List.of("name", "driver", "driverVersion", "firmwareVersion",
            "pciId", "mtu", "master");
    /** Most names one module or device list may hold; a kernel ships about 4,000 modules. */
    static final int MAX_LIST = 20000;

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
        validateVersionTwo(doc, prefix, errors);
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

    /** The members a version 2 document adds (docs/agent/README.md); each is optional. */
    private static void validateVersionTwo(JsonNode doc, String prefix, List<Problem.FieldError> errors) {
        JsonNode version = doc.get("factsVersion");
        if (version != null && !version.isNull() && !(version.isInt() && (version.intValue() == 1
                || version.intValue() == 2))) {
            errors.add(new Problem.FieldError(prefix + "factsVersion", "must be 1 or 2, was " + version));
        }
        optionalString(doc, "cmdline", prefix, 4096, errors);
        optionalString(doc, "networkRenderer", prefix, 40, errors);
        for (String list : NAME_LISTS) {
            stringList(doc, list, prefix, errors);
        }
        JsonNode interfaces = doc.get("interfaces");
        if (interfaces != null && !interfaces.isNull()) {
            if (!interfaces.isArray()) {
                errors.add(new Problem.FieldError(prefix + "interfaces", "must be an array of interface objects"));
            } else {
                for (int i = 0; i < interfaces.size(); i++) {
                    JsonNode nic = interfaces.get(i);
                    String at = prefix + "interfaces[" + i + "]";
                    if (!nic.isObject()) {
                        errors.add(new Problem.FieldError(at, "must be an object (name, driver, driverVersion,"
                                + " firmwareVersion, pciId, mtu, master)"));
                        continue;
                    }
                    for (String field : INTERFACE_FIELDS) {
                        optionalString(nic, field, at + ".", 200, errors);
                    }
                }
            }
        }
        object(doc, "boot", prefix, List.of("mode", "secureBoot"), errors);
        JsonNode cloud = doc.get("cloud");
        if (cloud != null && !cloud.isNull()) {
            if (!cloud.isObject()) {
                errors.add(new Problem.FieldError(prefix + "cloud", "must be an object with aws, gcp or azure"));
            } else {
                object(cloud, "aws", prefix + "cloud.", List.of("instanceId", "instanceType", "availabilityZone"),
                        errors);
                object(cloud, "gcp", prefix + "cloud.", List.of("instanceId", "machineType", "zone", "confidential"),
                        errors);
                if (cloud.path("gcp").isObject()) {
                    stringList(cloud.get("gcp"), "nicTypes", prefix + "cloud.gcp.", errors);
                }
                object(cloud, "azure", prefix + "cloud.", List.of("vmId", "vmSize", "location"), errors);
            }
        }
        JsonNode planned = doc.get("planned");
        if (planned != null && !planned.isNull()) {
            String at = prefix + "planned.";
            if (!planned.isObject()) {
                errors.add(new Problem.FieldError(prefix + "planned", "must be an object describing the boot target"));
                return;
            }
            object(planned, "kernelPackage", at, List.of("name", "version"), errors);
            for (String list : List.of("kernelModules", "builtinModules", "initramfsModules")) {
                stringList(planned, list, at, errors);
            }
            optionalString(planned, "cmdline", at, 4096, errors);
            stringMap(planned, "packages", at, errors);
        }
    }

    private static void object(JsonNode doc, String name, String prefix, List<String> strings,
            List<Problem.FieldError> errors) {
        JsonNode value = doc.get(name);
        if (value == null || value.isNull()) {
            return;
        }
        if (!value.isObject()) {
            errors.add(new Problem.FieldError(prefix + name, "must be an object with " + String.join(", ", strings)));
            return;
        }
        for (String field : strings) {
            optionalString(value, field, prefix + name + ".", 200, errors);
        }
    }

    private static void stringList(JsonNode doc, String name, String prefix, List<Problem.FieldError> errors) {
        JsonNode list = doc.get(name);
        if (list == null || list.isNull()) {
            return;
        }
        if (!list.isArray()) {
            errors.add(new Problem.FieldError(prefix + name, "must be an array of strings"));
            return;
        }
        if (list.size() > MAX_LIST) {
            errors.add(new Problem.FieldError(prefix + name, "holds " + list.size() + " entries; at most " + MAX_LIST));
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            if (!list.get(i).isTextual()) {
                errors.add(new Problem.FieldError(prefix + name + "[" + i + "]", "must be a string"));
                return; // one is enough to say what is wrong with the list
            }
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
