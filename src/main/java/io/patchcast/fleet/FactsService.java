package io.patchcast.fleet;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.patchcast.common.Problem;
import io.patchcast.common.ProblemException;
import io.patchcast.compat.DerivedFacts;
import io.patchcast.compat.RawFacts;
import io.patchcast.security.Role;
import io.patchcast.security.Viewer;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Takes node-facts documents as agents post them. A batch is checked whole before anything is written: one
 * bad entry and nothing is stored. Each accepted document is kept raw on its node, the derived columns are
 * recomputed by the compatibility engine ({@link DerivedFacts#from}), the node's current exposure is
 * recomputed, and a history row records what changed.
 */
@ApplicationScoped
@Transactional
public class FactsService {

    @Inject
    Clock clock;

    @Inject
    ObjectMapper json;

    @Inject
    FactsConfig config;

    @Inject
    NodeExposure exposure;

    @Inject
    jakarta.enterprise.event.Event<FactsChanged> factsChanged;

    /** One document that passed validation, with what it resolved to. */
    private record Accepted(int index, JsonNode doc, RawFacts raw, DerivedFacts derived, Cluster cluster,
            Node existing, Instant collectedAt) {
    }

    public FactsReceipt ingest(Viewer viewer, List<JsonNode> docs, boolean batch) {
        if (!Role.AGENT.equals(viewer.role())) {
            throw new io.quarkus.security.ForbiddenException();
        }
        if (docs.isEmpty()) {
            throw ProblemException.badRequest("body", "must hold at least one node-facts document");
        }
        if (docs.size() > config.maxBatch()) {
            throw ProblemException.badRequest("body",
                    "holds " + docs.size() + " documents; a batch may hold at most " + config.maxBatch());
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        for (int i = 0; i < docs.size(); i++) {
            String prefix = batch ? "[" + i + "]." : "";
            prefixes.add(prefix);
            FactsValidator.validate(docs.get(i), prefix, errors);
        }
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }

        Map<Long, Cluster> clusters = Cluster.<Cluster>list("id in ?1", docs.stream()
                .map(d -> Long.parseLong(d.get("clusterId").asText())).collect(Collectors.toSet()))
                .stream().collect(Collectors.toMap(c -> c.id, Function.identity()));
        Map<String, Node> nodes = Node.<Node>list("select n from Node n join fetch n.cluster where n.instanceId in ?1",
                docs.stream().map(d -> d.get("instanceId").asText()).collect(Collectors.toSet()))
                .stream().collect(Collectors.toMap(n -> n.instanceId, Function.identity()));

        Instant now = clock.instant();
        List<Accepted> accepted = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < docs.size(); i++) {
            JsonNode doc = docs.get(i);
            String prefix = prefixes.get(i);
            long clusterId = Long.parseLong(doc.get("clusterId").asText());
            String instanceId = doc.get("instanceId").asText();
            Cluster cluster = clusters.get(clusterId);
            if (cluster == null || !mayWrite(viewer, cluster)) {
                // the same answer whether the cluster is missing or another customer's: no probing
                errors.add(new Problem.FieldError(prefix + "clusterId",
                        "cluster " + clusterId + " does not exist or this token may not write to it"));
                continue;
            }
            if (!seen.add(instanceId)) {
                errors.add(new Problem.FieldError(prefix + "instanceId", "appears more than once in this batch"));
            }
            Node existing = nodes.get(instanceId);
            if (existing != null && !existing.cluster.id.equals(cluster.id)) {
                errors.add(new Problem.FieldError(prefix + "instanceId", "belongs to another cluster"));
            }
            JsonNode provider = doc.get("provider");
            if (provider != null && provider.isTextual()
                    && Provider.parse(provider.asText()).orElse(null) != cluster.provider) {
                errors.add(new Problem.FieldError(prefix + "provider",
                        "does not match the cluster's provider " + cluster.provider.key()));
            }
            JsonNode collected = doc.get("collectedAt");
            Instant collectedAt = collected == null || collected.isNull() ? null
                    : FactsValidator.parseInstant(collected.asText());
            if (collectedAt != null && collectedAt.isAfter(now.plus(config.maxClockSkew()))) {
                errors.add(new Problem.FieldError(prefix + "collectedAt", "lies in the future"));
            }
            RawFacts raw = toRaw(doc);
            DerivedFacts derived = DerivedFacts.from(raw);
            checkFits(derived, prefix, errors);
            accepted.add(new Accepted(i, doc, raw, derived, cluster, existing, collectedAt));
        }
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }

        List<FactsReceipt.Entry> entries = new ArrayList<>();
        Set<Long> changedClusters = new HashSet<>();
        for (Accepted a : accepted) {
            entries.add(store(a, now, viewer.username(), changedClusters));
        }
        if (!changedClusters.isEmpty()) {
            // plans follow exposure: the rollouts re-plan these clusters in this transaction
            factsChanged.fire(FactsChanged.of(changedClusters));
        }
        Log.debugf("Facts from %s: %d documents", viewer.username(), entries.size());
        return new FactsReceipt(entries.size(), entries);
    }

    /**
     * Applies one facts document to a node: the one place raw facts become derived columns and exposure. The
     * demo fleet loads its nodes through here too.
     *
     * @return true when the derived facts or the exposure changed
     */
    public boolean apply(Node node, JsonNode doc, Instant collectedAt, Instant receivedAt, String source) {
        return apply(node, doc, DerivedFacts.from(toRaw(doc)), collectedAt, receivedAt, source);
    }

    /**
     * The provider says a node's instance type or its type's hypervisor changed (a stop/start onto other
     * hardware): the facts its agent read describe the old machine. The derived facts follow the provider now —
     * family from the new type, hypervisor type from the provider, the Xen version unknown until the agent reports
     * from the new host — and the exposure is recomputed; a history row records it.
     *
     * @return true when the derived facts or the exposure changed (the caller fires {@link FactsChanged})
     */
    public boolean refreshFromProvider(Node node, Instant now, String source) {
        if (!node.hasFacts()) {
            return false;
        }
        Map<String, Object> before = derivedMap(node);
        String exposureBefore = node.exposure;
        if (node.instanceType != null) {
            int dot = node.instanceType.indexOf('.');
            node.instanceFamily = dot > 0 ? node.instanceType.substring(0, dot) : node.instanceType;
        }
        String hypervisor = node.providerHypervisor == null ? null
                : switch (node.providerHypervisor.toLowerCase(java.util.Locale.ROOT)) {
                    case "nitro" -> DerivedFacts.NITRO;
                    case "xen" -> DerivedFacts.XEN;
                    default -> null;
                };
        if (hypervisor != null && !hypervisor.equals(node.hypervisorType)) {
            node.hypervisorType = hypervisor;
        }
        // a new type means a new host: the Xen version the agent read is the old host's (4.2 and 4.11 hosts
        // run the same types), so it is unknown until the agent reports again
        node.hypervisorVersion = null;
        node.exposure = exposure.current(node.derivedFacts());
        Map<String, Object> after = derivedMap(node);
        if (Objects.equals(before, after) && Objects.equals(exposureBefore, node.exposure)) {
            return false;
        }
        NodeFactsHistory h = new NodeFactsHistory();
        h.node = node;
        h.receivedAt = now;
        h.collectedAt = node.factsCollectedAt;
        h.previousDerived = write(before);
        h.derived = write(after);
        h.previousExposure = exposureBefore;
        h.exposure = node.exposure;
        h.changes = truncate(changes(before, after, exposureBefore, node.exposure), 2000);
        h.source = truncate(source, 100);
        h.persist();
        return true;
    }

    /** Stores one document; adds its cluster to {@code changedClusters} when its derived facts or exposure changed. */
    private FactsReceipt.Entry store(Accepted a, Instant now, String source, Set<Long> changedClusters) {
        Node node = a.existing();
        String outcome;
        if (node == null) {
            node = new Node();
            node.cluster = a.cluster();
            node.instanceId = a.raw().instanceId();
            node.createdAt = now;
            outcome = "created";
        } else if (a.collectedAt() != null && node.factsCollectedAt != null
                && a.collectedAt().isBefore(node.factsCollectedAt)) {
            // a late delivery of older facts must not overwrite newer ones
            return entry(a.index(), node, "ignored-older");
        } else {
            outcome = "updated";
        }
        if (apply(node, a.doc(), a.derived(), a.collectedAt(), now, source)) {
            changedClusters.add(a.cluster().id);
        }
        return entry(a.index(), node, outcome);
    }

    private boolean apply(Node node, JsonNode doc, DerivedFacts d, Instant collectedAt, Instant receivedAt,
            String source) {
        Map<String, Object> before = node.hasFacts() ? derivedMap(node) : null;
        String exposureBefore = node.exposure;

        node.factsJson = write(doc);
        node.factsCollectedAt = collectedAt;
        node.factsReceivedAt = receivedAt;
        String instanceType = text(doc, "instanceType");
        if (instanceType != null) {
            node.instanceType = instanceType;
        }
        String region = text(doc, "region");
        if (region != null) {
            node.region = region;
        }
        node.hypervisorType = d.hypervisorType();
        node.hypervisorVersion = d.hypervisorVersion();
        node.instanceFamily = d.instanceFamily();
        node.kernelVersion = d.kernelPackageVersion();
        node.kernelStream = d.kernelStream();
        node.netDrivers = d.netDriversCsv();
        node.osId = d.osId();
        node.osVersion = d.osVersion();
        node.platformFacts = d.platformColumn();
        node.exposure = exposure.current(d);
        if (!node.isPersistent()) {
            node.persist();
        }

        Map<String, Object> after = derivedMap(node);
        if (Objects.equals(before, after) && Objects.equals(exposureBefore, node.exposure)) {
            return false;
        }
        NodeFactsHistory h = new NodeFactsHistory();
        h.node = node;
        h.receivedAt = receivedAt;
        h.collectedAt = collectedAt;
        h.previousDerived = before == null ? null : write(before);
        h.derived = write(after);
        h.previousExposure = exposureBefore;
        h.exposure = node.exposure;
        h.changes = truncate(changes(before, after, exposureBefore, node.exposure), 2000);
        h.source = truncate(source == null ? "unknown" : source, 100);
        h.persist();
        return true;
    }

    static boolean mayWrite(Viewer viewer, Cluster cluster) {
        // a token bound to a customer writes to that customer's clusters; an unbound token is fleet-wide
        return viewer.customerId() == null || viewer.customerId().equals(cluster.customer.id);
    }

    private static void checkFits(DerivedFacts d, String prefix, List<Problem.FieldError> errors) {
        fits(d.hypervisorVersion(), 30, prefix + "sysfs.hypervisor/version", errors);
        fits(d.instanceFamily(), 30, prefix + "instanceType", errors);
        fits(d.kernelPackageVersion(), 80, prefix + "kernelPackage.version", errors);
        fits(d.netDriversCsv(), 200, prefix + "netDrivers", errors);
        fits(d.osId(), 40, prefix + "osRelease.ID", errors);
        fits(d.osVersion(), 40, prefix + "osRelease.VERSION_ID", errors);
        fits(d.platformColumn(), 16000, prefix + "platform", errors);
    }

    private static void fits(String value, int max, String field, List<Problem.FieldError> errors) {
        if (value != null && value.length() > max) {
            errors.add(new Problem.FieldError(field, "gives a derived value longer than " + max + " characters"));
        }
    }

    private static ProblemException invalid(List<Problem.FieldError> errors) {
        long entries = errors.stream().map(e -> e.field().startsWith("[") ? e.field().substring(0,
                e.field().indexOf(']') + 1) : "").distinct().count();
        String detail = errors.size() == 1 ? errors.get(0).field() + ": " + errors.get(0).message()
                : errors.size() + " problems in " + entries + (entries == 1 ? " document" : " documents")
                        + "; nothing was stored.";
        return new ProblemException(new Problem("https://patchcast.io/problems/invalid-facts", "Invalid node facts",
                422, detail, null, errors, Map.of()));
    }

    static Map<String, Object> derivedMap(Node n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hypervisorType", n.hypervisorType);
        m.put("hypervisorVersion", n.hypervisorVersion);
        m.put("instanceFamily", n.instanceFamily);
        m.put("kernelVersion", n.kernelVersion);
        m.put("kernelStream", n.kernelStream);
        m.put("netDrivers", n.netDrivers);
        m.put("osId", n.osId);
        m.put("osVersion", n.osVersion);
        m.put("platform", n.platformFacts);
        return m;
    }

    private static String changes(Map<String, Object> before, Map<String, Object> after, String exposureBefore,
            String exposureAfter) {
        List<String> parts = new ArrayList<>();
        if (before == null) {
            parts.add("first facts");
        } else {
            for (Map.Entry<String, Object> e : after.entrySet()) {
                Object old = before.get(e.getKey());
                if (!Objects.equals(old, e.getValue()) && e.getKey().equals("platform")) {
                    // the platform facts are a document of their own: name the change, the history row has both
                    parts.add(old == null ? "version 2 facts first reported" : "platform facts changed");
                } else if (!Objects.equals(old, e.getValue())) {
                    parts.add(e.getKey() + " " + (old == null ? "unknown" : old) + " → "
                            + (e.getValue() == null ? "unknown" : e.getValue()));
                }
            }
        }
        if (!Objects.equals(exposureBefore, exposureAfter)) {
            parts.add("exposure " + (exposureBefore == null ? "none" : exposureBefore) + " → "
                    + (exposureAfter == null ? "none" : exposureAfter));
        }
        return String.join("; ", parts);
    }

    private RawFacts toRaw(JsonNode doc) {
        try {
            return json.treeToValue(doc, RawFacts.class);
        } catch (JsonProcessingException e) {
            // validation has checked every type RawFacts reads, so this is a bug, not bad input
            throw new IllegalStateException("validated facts did not map to RawFacts", e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JSON trees and plain maps always serialise", e);
        }
    }

    private static FactsReceipt.Entry entry(int index, Node n, String outcome) {
        return new FactsReceipt.Entry(index, n.instanceId, n.id, outcome, n.exposure,
                new FactsReceipt.DerivedView(n.hypervisorType, n.hypervisorVersion, n.instanceFamily, n.kernelVersion,
                        n.kernelStream, n.netDrivers == null ? null : List.of(n.netDrivers.split(",")), n.osId,
                        n.osVersion, n.platformFacts == null ? null : n.derivedFacts().platform()));
    }

    private static String text(JsonNode doc, String name) {
        JsonNode v = doc.get(name);
        return v == null || !v.isTextual() ? null : v.asText();
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
