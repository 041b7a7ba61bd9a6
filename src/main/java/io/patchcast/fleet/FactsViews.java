package io.patchcast.fleet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.patchcast.compat.Verdict;
import io.patchcast.fleet.aws.NodeEvent;
import io.patchcast.security.Viewer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/** Builds the facts views of a cluster's nodes for pages, scoped by the viewer like every cluster read. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class FactsViews {

    @Inject
    ClusterService clusters;

    @Inject
    FactsConfig config;

    @Inject
    Clock clock;

    @Inject
    ObjectMapper json;

    public ClusterFacts forCluster(Viewer viewer, long clusterId) {
        clusters.find(viewer, clusterId); // 404 unless the viewer may see it
        Instant now = clock.instant();
        Map<Long, NodeFactsHistory> lastChanges = NodeFactsHistory.latestPerNodeOfCluster(clusterId);
        List<NodeFactsView> nodes = Node.listByCluster(clusterId).stream()
                .map(n -> view(n, lastChanges.get(n.id), now)).toList();
        return new ClusterFacts(nodes, NodeEvent.viewsForCluster(clusterId), config.staleAfter());
    }

    private NodeFactsView view(Node n, NodeFactsHistory last, Instant now) {
        Instant basis = n.factsCollectedAt != null ? n.factsCollectedAt : n.factsReceivedAt;
        String age = basis == null ? null : duration(Duration.between(basis, now));
        boolean stale = basis != null && basis.plus(config.staleAfter()).isBefore(now);
        NodeView v = NodeView.of(n);
        // a node that has not reported (or predates stored verdicts) is UNKNOWN, never blank
        Verdict exposure = n.exposure == null ? Verdict.UNKNOWN : Verdict.valueOf(n.exposure);
        return new NodeFactsView(n.id, n.instanceId, exposure, n.factsCollectedAt, n.factsReceivedAt, age, stale,
                v.hypervisor(), n.instanceFamily, n.kernelVersion, n.kernelStream, v.os(), v.netDrivers(),
                n.instanceType, n.state, n.region, n.providerHypervisor, n.enaSupport, n.providerSyncedAt,
                pretty(n.factsJson), last == null ? null : last.changes, last == null ? null : last.receivedAt);
    }

    private String pretty(String raw) {
        if (raw == null) {
            return null;
        }
        try {
            // pretty-printed for reading; string values keep their escapes (a sysfs newline shows as \n)
            return json.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json.readTree(raw));
        } catch (JsonProcessingException e) {
            return raw;
        }
    }

    /** "45 minutes", "3 hours", "2 days". */
    static String duration(Duration d) {
        if (d.isNegative()) {
            return "0 minutes";
        }
        long days = d.toDays();
        if (days >= 1) {
            return days + (days == 1 ? " day" : " days");
        }
        long hours = d.toHours();
        if (hours >= 1) {
            return hours + (hours == 1 ? " hour" : " hours");
        }
        long minutes = d.toMinutes();
        return minutes + (minutes == 1 ? " minute" : " minutes");
    }
}
