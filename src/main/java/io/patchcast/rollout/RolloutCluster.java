package io.patchcast.rollout;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.patchcast.fleet.Cluster;
import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * A cluster in a rollout: the stage it belongs to, the plan the engine's planned verdict gave it, the plan
 * in force (staff may override with a reason) and how far its patch has got.
 */
@Entity
@Table(name = "rollout_cluster")
public class RolloutCluster extends PanacheEntity {

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "rollout_id")
    public Rollout rollout;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "cluster_id")
    public Cluster cluster;

    @Column(nullable = false)
    public int stage;

    /** Planned-mode exposure of the cluster for the release: AFFECTED, UNKNOWN or NOT_AFFECTED. */
    @Column(nullable = false, length = 20)
    public String verdict;

    @Enumerated(EnumType.STRING)
    @Column(name = "engine_plan", nullable = false, length = 20)
    public Plan enginePlan;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    public Plan plan;

    @Column(name = "override_reason", length = 500)
    public String overrideReason;

    @Column(name = "override_by", length = 100)
    public String overrideBy;

    @Column(name = "override_at")
    public Instant overrideAt;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 30)
    public PatchStatus status;

    /** The maintenance window of this cluster's stage (window feature's id; no foreign key across features). */
    @Column(name = "window_id")
    public Long windowId;

    @Column(name = "window_start")
    public Instant windowStart;

    /** Why the cluster has no window, when scheduling found no slot. */
    @Column(name = "schedule_note", length = 500)
    public String scheduleNote;

    /** Why the plan last changed after the rollout was made (new facts, rule set, kernel, last gate). */
    @Column(name = "plan_note", length = 500)
    public String planNote;

    /** Set when the exposure under a staff override changed: staff should look at the override again. */
    @Column(name = "override_flag", length = 500)
    public String overrideFlag;

    /** The rollout of a newer release whose maintenance took this cluster over (status SUPERSEDED). */
    @Column(name = "superseded_by")
    public Long supersededBy;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Version
    @Column(nullable = false)
    public long version;

    public boolean overridden() {
        return overrideBy != null;
    }

    public static List<RolloutCluster> listByStage(long rolloutId, int stage) {
        return find("select rc from RolloutCluster rc join fetch rc.cluster c join fetch c.customer"
                + " where rc.rollout.id = ?1 and rc.stage = ?2 order by c.id", rolloutId, stage).list();
    }

    public static List<RolloutCluster> listByRollout(long rolloutId) {
        return find("select rc from RolloutCluster rc join fetch rc.cluster c join fetch c.customer"
                + " where rc.rollout.id = ?1 order by rc.stage, c.id", rolloutId).list();
    }

    public static Optional<RolloutCluster> find(long rolloutId, long clusterId) {
        return find("rollout.id = ?1 and cluster.id = ?2", rolloutId, clusterId).firstResultOptional();
    }

    /** The cluster's entries in rollouts that are still under way, newest first. */
    public static List<RolloutCluster> listActiveForCluster(long clusterId) {
        return list("cluster.id = ?1 and rollout.status in ?2 order by rollout.id desc", clusterId,
                List.of(RolloutStatus.RUNNING, RolloutStatus.HALTED));
    }
}
