package io.patchcast.incident;

import java.util.List;
import java.util.Set;

import io.patchcast.fleet.Cluster;
import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/**
 * A cluster an incident was found to affect when it was (re)published. Customers see an incident, and get
 * its notices, exactly when one of their clusters is in this set.
 */
@Entity
@Table(name = "incident_cluster")
public class IncidentCluster extends PanacheEntity {

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "incident_id")
    public Incident incident;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "cluster_id")
    public Cluster cluster;

    @Column(name = "customer_id", nullable = false)
    public Long customerId;

    public static List<IncidentCluster> listByIncident(long incidentId) {
        return list("incident.id = ?1", incidentId);
    }

    public static Set<Long> clusterIdsFor(long incidentId, long customerId) {
        return Set.copyOf(getEntityManager().createQuery(
                "select ic.cluster.id from IncidentCluster ic where ic.incident.id = ?1 and ic.customerId = ?2",
                Long.class).setParameter(1, incidentId).setParameter(2, customerId).getResultList());
    }

    public static List<Long> customerIdsOf(long incidentId) {
        return getEntityManager().createQuery(
                "select distinct ic.customerId from IncidentCluster ic where ic.incident.id = ?1 order by 1", Long.class)
                .setParameter(1, incidentId).getResultList();
    }

    public static long deleteByIncident(long incidentId) {
        return delete("incident.id = ?1", incidentId);
    }
}
