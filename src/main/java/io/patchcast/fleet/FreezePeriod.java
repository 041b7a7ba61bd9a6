package io.patchcast.fleet;

import java.time.Instant;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** A dated period in which no maintenance window of the cluster may run (a sale, a launch, …). */
@Entity
@Table(name = "freeze_period")
public class FreezePeriod extends PanacheEntity {

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "cluster_id")
    public Cluster cluster;

    @Column(name = "starts_at", nullable = false)
    public Instant startsAt;

    @Column(name = "ends_at", nullable = false)
    public Instant endsAt;

    @Column(nullable = false, length = 300)
    public String reason;

    public boolean overlaps(Instant start, Instant end) {
        return start.isBefore(endsAt) && end.isAfter(startsAt);
    }
}
