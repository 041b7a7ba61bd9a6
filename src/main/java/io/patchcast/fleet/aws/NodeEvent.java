package io.patchcast.fleet.aws;

import java.time.Instant;
import java.util.List;

import io.patchcast.fleet.Node;
import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** An EC2 scheduled event of a node: the provider's own maintenance (reboots, retirement) beside ours. */
@Entity
@Table(name = "node_event")
public class NodeEvent extends PanacheEntity {

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "node_id")
    public Node node;

    @Column(name = "event_id", length = 100)
    public String eventId;

    /** instance-reboot, system-reboot, system-maintenance, instance-retirement, instance-stop. */
    @Column(nullable = false, length = 60)
    public String code;

    @Column(length = 1000)
    public String description;

    @Column(name = "not_before")
    public Instant notBefore;

    @Column(name = "not_after")
    public Instant notAfter;

    /** The latest the event can be rescheduled to. */
    @Column(name = "deadline")
    public Instant deadline;

    @Column(name = "synced_at", nullable = false)
    public Instant syncedAt;

    public static List<NodeEvent> listByNode(long nodeId) {
        return list("node.id = ?1 order by notBefore, id", nodeId);
    }

    public static long deleteByNodes(java.util.Collection<Long> nodeIds) {
        return delete("node.id in ?1", nodeIds);
    }

    private static final String VIEW = "select new io.patchcast.fleet.aws.ScheduledEventView(e.id, n.id, n.instanceId,"
            + " c.id, c.name, cu.id, cu.name, e.code, e.description, e.notBefore, e.notAfter, e.deadline)"
            + " from NodeEvent e join e.node n join n.cluster c join c.customer cu";

    /** Events of one cluster, soonest first. */
    public static List<ScheduledEventView> viewsForCluster(long clusterId) {
        return getEntityManager().createQuery(VIEW + " where c.id = ?1 order by e.notBefore, n.instanceId",
                ScheduledEventView.class).setParameter(1, clusterId).getResultList();
    }

    /** Events of the whole fleet, soonest first, at most {@code limit}. */
    public static List<ScheduledEventView> views(int limit) {
        return getEntityManager().createQuery(VIEW + " order by e.notBefore, cu.name, c.name, n.instanceId",
                ScheduledEventView.class).setMaxResults(limit).getResultList();
    }
}
