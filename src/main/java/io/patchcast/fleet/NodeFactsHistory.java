package io.patchcast.fleet;

import java.time.Instant;
import java.util.List;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** One change of a node's derived facts or exposure: what it was, what it became, when, and who sent it. */
@Entity
@Table(name = "node_facts_history")
public class NodeFactsHistory extends PanacheEntity {

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "node_id")
    public Node node;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;

    @Column(name = "collected_at")
    public Instant collectedAt;

    /** Derived facts before, as JSON; null for a node's first facts. */
    @Column(name = "previous_derived", length = 20000)
    public String previousDerived;

    @Column(nullable = false, length = 20000)
    public String derived;

    @Column(name = "previous_exposure", length = 20)
    public String previousExposure;

    @Column(length = 20)
    public String exposure;

    /** "kernel 5.10.84-1 → 5.10.113-1; exposure NOT_AFFECTED → AFFECTED". */
    @Column(nullable = false, length = 2000)
    public String changes;

    /** The token (or user) that posted the facts. */
    @Column(nullable = false, length = 100)
    public String source;

    /** The newest history row of each node of a cluster, by node id: one query for a whole page. */
    public static java.util.Map<Long, NodeFactsHistory> latestPerNodeOfCluster(long clusterId) {
        java.util.Map<Long, NodeFactsHistory> latest = new java.util.HashMap<>();
        NodeFactsHistory.<NodeFactsHistory>list("id in (select max(h.id) from NodeFactsHistory h"
                + " where h.node.cluster.id = ?1 group by h.node.id)", clusterId)
                .forEach(h -> latest.put(h.node.id, h));
        return latest;
    }

    public static List<NodeFactsHistory> latestForNode(long nodeId, int limit) {
        return find("node.id = ?1 order by receivedAt desc, id desc", nodeId).page(0, limit).list();
    }
}
