package io.patchcast.fleet.aws;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.patchcast.common.ProblemException;
import io.patchcast.fleet.Cluster;
import io.patchcast.fleet.Node;
import io.patchcast.fleet.Provider;
import io.patchcast.fleet.aws.Ec2Inventory.Ec2Instance;
import io.patchcast.fleet.aws.Ec2Inventory.RegionInventory;
import io.patchcast.fleet.aws.Ec2Inventory.ScheduledEvent;
import io.patchcast.fleet.aws.Ec2Inventory.TypeInfo;
import io.patchcast.security.Viewer;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Brings EC2's view of the fleet in: instance type, region and state of every instance tagged with a cluster
 * id, the hypervisor and ENA support of its type, and its scheduled events. Each account's region is read
 * outside any transaction and applied in its own, so one failing region (bad credentials, throttled past the
 * retries) is reported and the others still sync.
 */
@ApplicationScoped
public class AwsSyncService {

    /** Lines kept per list in a report; the counts stay exact. */
    private static final int MAX_LINES = 200;

    @Inject
    AwsConfig config;

    @Inject
    Ec2Inventory inventory;

    @Inject
    Clock clock;

    @Inject
    ObjectMapper json;

    @Inject
    io.patchcast.fleet.FactsService facts;

    @Inject
    jakarta.enterprise.event.Event<io.patchcast.fleet.FactsChanged> factsChanged;

    /** Runs the sync now on behalf of a staff member. */
    public SyncReportView syncNow(Viewer viewer) {
        if (!viewer.isStaff()) {
            throw new io.quarkus.security.ForbiddenException();
        }
        return run("manual", viewer.username());
    }

    /** Runs the sync for the scheduler. */
    public SyncReportView scheduled() {
        return run("scheduled", "scheduler");
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<SyncReportView> latest(int limit) {
        return AwsSyncReport.latest(limit).stream().map(this::view).toList();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public SyncReportView get(long id) {
        AwsSyncReport report = AwsSyncReport.findById(id);
        if (report == null) {
            throw ProblemException.notFound("Sync report " + id);
        }
        return view(report);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ScheduledEventView> events(int limit) {
        return NodeEvent.views(limit);
    }

    private SyncReportView run(String trigger, String by) {
        Instant started = clock.instant();
        Tally tally = new Tally();
        if (config.accounts().isEmpty()) {
            tally.errors.add("No AWS accounts are configured (patchcast.aws.accounts.<name>.regions).");
        }
        config.accounts().forEach((account, settings) -> {
            for (String region : settings.regions()) {
                String where = account + "/" + region;
                RegionInventory read;
                try {
                    read = inventory.read(account, region);
                } catch (AwsServiceException e) {
                    String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
                    String message = e.awsErrorDetails() == null || e.awsErrorDetails().errorMessage() == null
                            ? e.getMessage() : e.awsErrorDetails().errorMessage();
                    if (code == null && (e.statusCode() == 401 || e.statusCode() == 403)) {
                        // the JDK's HTTP client drops the body of a 401 to a streamed POST, and with it the
                        // error code; the status alone says the credentials were refused
                        code = "AuthFailure";
                        message = "AWS refused the credentials (HTTP " + e.statusCode() + ")";
                    }
                    tally.errors.add(where + ": " + (code == null ? "HTTP " + e.statusCode() : code) + " ("
                            + message + ")");
                    Log.warnf("AWS sync of %s failed: %s %s", where, code, message);
                    continue;
                } catch (SdkException e) {
                    tally.errors.add(where + ": " + e.getMessage());
                    Log.warnf("AWS sync of %s failed: %s", where, e.getMessage());
                    continue;
                }
                QuarkusTransaction.requiringNew().run(() -> apply(where, region, read, tally));
            }
        });
        SyncReportView view = QuarkusTransaction.requiringNew().call(() -> persist(trigger, by, started, tally));
        Log.infof("AWS sync (%s): %d instances, %d added, %d changed, %d unmatched, %d errors", trigger,
                view.instancesSeen(), view.addedCount(), view.changedCount(), view.unmatchedCount(),
                view.errorCount());
        return view;
    }

    private void apply(String where, String region, RegionInventory read, Tally tally) {
        Instant now = clock.instant();
        Map<String, Node> nodes = read.instances().isEmpty() ? Map.of()
                : Node.<Node>list("select n from Node n join fetch n.cluster where n.instanceId in ?1",
                        read.instances().stream().map(Ec2Instance::instanceId).toList())
                        .stream().collect(Collectors.toMap(n -> n.instanceId, Function.identity()));
        Map<Long, Cluster> clusters = new HashMap<>();
        Map<String, Node> matched = new HashMap<>();
        java.util.Set<Long> refreshed = new java.util.HashSet<>();
        for (Ec2Instance i : read.instances()) {
            tally.seen++;
            String line = i.instanceId() + " (" + where + ")";
            Long clusterId = parseId(i.clusterTag());
            Cluster cluster = clusterId == null ? null
                    : clusters.computeIfAbsent(clusterId, id -> Cluster.<Cluster>findById(id));
            if (cluster == null) {
                tally.unmatched.add(line + ": tag " + config.clusterTag() + "=" + i.clusterTag()
                        + " names no cluster");
                continue;
            }
            if (cluster.provider != Provider.AWS) {
                tally.unmatched.add(line + ": cluster " + cluster.id + " is not an AWS cluster");
                continue;
            }
            Node node = nodes.get(i.instanceId());
            if (node != null && !node.cluster.id.equals(cluster.id)) {
                tally.unmatched.add(line + ": tagged for cluster " + cluster.id + " but known as a node of cluster "
                        + node.cluster.id);
                continue;
            }
            TypeInfo type = read.types().get(i.instanceType());
            if (node == null) {
                node = new Node();
                node.cluster = cluster;
                node.instanceId = i.instanceId();
                node.createdAt = now;
                fill(node, i, type, region, now);
                node.persist();
                tally.added.add(line + ": new node of cluster " + cluster.id + " (" + cluster.name + ")");
            } else {
                String typeBefore = node.instanceType;
                String hypervisorBefore = node.providerHypervisor;
                List<String> changes = fill(node, i, type, region, now);
                if (!changes.isEmpty()) {
                    tally.changed.add(line + ": " + String.join(", ", changes));
                }
                // a new type or hypervisor: the agent's facts describe the old machine, re-derive and re-plan
                if ((typeBefore != null && !Objects.equals(typeBefore, node.instanceType))
                        || (hypervisorBefore != null && !Objects.equals(hypervisorBefore, node.providerHypervisor))) {
                    if (facts.refreshFromProvider(node, now, "aws-sync")) {
                        refreshed.add(cluster.id);
                    }
                }
            }
            matched.put(node.instanceId, node);
        }
        if (!refreshed.isEmpty()) {
            factsChanged.fire(new io.patchcast.fleet.FactsChanged(java.util.Set.copyOf(refreshed), false,
                    "The provider reports a new instance type or hypervisor for nodes of the cluster."));
        }
        // a node's events are replaced by the current set, so finished events disappear
        Map<String, List<ScheduledEvent>> events = read.events().stream()
                .collect(Collectors.groupingBy(ScheduledEvent::instanceId));
        if (!matched.isEmpty()) {
            NodeEvent.deleteByNodes(matched.values().stream().map(n -> n.id).toList());
        }
        for (Node node : matched.values()) {
            for (ScheduledEvent e : events.getOrDefault(node.instanceId, List.of())) {
                NodeEvent event = new NodeEvent();
                event.node = node;
                event.eventId = e.eventId();
                event.code = e.code() == null ? "unknown" : e.code();
                event.description = e.description() == null || e.description().length() <= 1000 ? e.description()
                        : e.description().substring(0, 1000);
                event.notBefore = e.notBefore();
                event.notAfter = e.notAfter();
                event.deadline = e.deadline();
                event.syncedAt = now;
                event.persist();
                tally.events++;
            }
        }
    }

    /** Copies EC2's facts onto the node; returns what changed, e.g. "state running → stopped". */
    private static List<String> fill(Node node, Ec2Instance i, TypeInfo type, String region, Instant now) {
        List<String> changes = new ArrayList<>();
        node.instanceType = changed("type", node.instanceType, i.instanceType(), changes);
        node.state = changed("state", node.state, i.state(), changes);
        node.region = changed("region", node.region, region, changes);
        if (type != null) {
            node.providerHypervisor = changed("hypervisor", node.providerHypervisor, type.hypervisor(), changes);
            node.enaSupport = changed("ENA", node.enaSupport, type.enaSupport(), changes);
        }
        node.providerSyncedAt = now;
        return changes;
    }

    private static String changed(String what, String before, String after, List<String> changes) {
        if (after == null) {
            return before; // EC2 did not say: keep what we know
        }
        if (before != null && !Objects.equals(before, after)) {
            changes.add(what + " " + before + " → " + after);
        } else if (before == null) {
            changes.add(what + " " + after);
        }
        return after;
    }

    private SyncReportView persist(String trigger, String by, Instant started, Tally tally) {
        AwsSyncReport r = new AwsSyncReport();
        r.triggerKind = trigger;
        r.triggeredBy = by.length() > 100 ? by.substring(0, 100) : by;
        r.startedAt = started;
        r.finishedAt = clock.instant();
        r.instancesSeen = tally.seen;
        r.addedCount = tally.added.size();
        r.changedCount = tally.changed.size();
        r.unmatchedCount = tally.unmatched.size();
        r.errorCount = tally.errors.size();
        r.eventsCount = tally.events;
        SyncReportView.Details details = new SyncReportView.Details(cap(tally.added), cap(tally.changed),
                cap(tally.unmatched), cap(tally.errors));
        String text = write(details);
        while (text.length() > 32000) {
            // extremely long lines: keep the counts, shorten the lists
            details = new SyncReportView.Details(half(details.added()), half(details.changed()),
                    half(details.unmatched()), half(details.errors()));
            text = write(details);
        }
        r.details = text;
        r.persist();
        return view(r);
    }

    private SyncReportView view(AwsSyncReport r) {
        SyncReportView.Details details;
        try {
            details = json.readValue(r.details, SyncReportView.Details.class);
        } catch (JsonProcessingException e) {
            details = new SyncReportView.Details(List.of(), List.of(), List.of(), List.of("(details unreadable)"));
        }
        return new SyncReportView(r.id, r.triggerKind, r.triggeredBy, r.startedAt, r.finishedAt, r.instancesSeen,
                r.addedCount, r.changedCount, r.unmatchedCount, r.errorCount, r.eventsCount, details);
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("records of strings always serialise", e);
        }
    }

    private static List<String> cap(List<String> lines) {
        return lines.size() <= MAX_LINES ? lines : lines.subList(0, MAX_LINES);
    }

    private static List<String> half(List<String> lines) {
        return lines.subList(0, lines.size() / 2);
    }

    private static Long parseId(String tag) {
        if (tag == null || !tag.strip().matches("[0-9]{1,18}")) {
            return null;
        }
        return Long.parseLong(tag.strip());
    }

    /** What a run found, gathered across regions. */
    private static final class Tally {
        int seen;
        int events;
        final List<String> added = java.util.Collections.synchronizedList(new ArrayList<>());
        final List<String> changed = java.util.Collections.synchronizedList(new ArrayList<>());
        final List<String> unmatched = java.util.Collections.synchronizedList(new ArrayList<>());
        final List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
    }
}
