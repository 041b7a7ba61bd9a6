package io.patchcast.rollout;

import java.time.Instant;
import java.util.Optional;

import io.patchcast.fleet.Node;
import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** The latest patch result a node reported in a rollout; the stage's failure rate is counted from these. */
@Entity
@Table(name = "patch_result")
public class PatchResult extends PanacheEntity {

    @Column(name = "rollout_id", nullable = false)
    public long rolloutId;

    @Column(nullable = false)
    public int stage;

    @Column(name = "cluster_id", nullable = false)
    public long clusterId;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "node_id")
    public Node node;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    public PatchOutcome outcome;

    @Column(name = "kernel_version", length = 80)
    public String kernelVersion;

    @Column(length = 500)
    public String detail;

    /** The plan the node was patched with; only full-patch results are canary evidence for the kernel. */
    @Enumerated(EnumType.STRING)
    @Column(length = 20)
    public Plan plan;

    /** Staff accepted this result before its window started, and why. */
    @Column(name = "early_reason", length = 500)
    public String earlyReason;

    @Column(name = "reported_by", nullable = false, length = 100)
    public String reportedBy;

    @Column(name = "reported_at", nullable = false)
    public Instant reportedAt;

    public static Optional<PatchResult> find(long rolloutId, long nodeId) {
        return find("rolloutId = ?1 and node.id = ?2", rolloutId, nodeId).firstResultOptional();
    }

    /**
     * Results of the stage reported since {@code since} by nodes patched with one of {@code plans} (evidence;
     * results from before plans were recorded count as evidence), all outcomes when {@code outcome} is null.
     */
    public static long countEvidence(long rolloutId, int stage, PatchOutcome outcome, Instant since,
            java.util.Collection<Plan> plans) {
        Instant from = since == null ? Instant.EPOCH : since;
        String where = "rolloutId = ?1 and stage = ?2 and reportedAt >= ?3 and (plan in ?4 or plan is null)";
        return outcome == null ? count(where, rolloutId, stage, from, plans)
                : count(where + " and outcome = ?5", rolloutId, stage, from, plans, outcome);
    }

    /** Results of the stage reported since {@code since}, all outcomes when {@code outcome} is null. */
    public static long countInStage(long rolloutId, int stage, PatchOutcome outcome, Instant since) {
        Instant from = since == null ? Instant.EPOCH : since;
        return outcome == null
                ? count("rolloutId = ?1 and stage = ?2 and reportedAt >= ?3", rolloutId, stage, from)
                : count("rolloutId = ?1 and stage = ?2 and reportedAt >= ?3 and outcome = ?4", rolloutId, stage, from,
                        outcome);
    }

    public static long countInCluster(long rolloutId, long clusterId, PatchOutcome outcome) {
        return count("rolloutId = ?1 and clusterId = ?2 and outcome = ?3", rolloutId, clusterId, outcome);
    }

    /** When the stage last heard from a node; its soak runs from here. */
    public static Optional<Instant> lastInStage(long rolloutId, int stage) {
        return Optional.ofNullable(getEntityManager()
                .createQuery("select max(p.reportedAt) from PatchResult p where p.rolloutId = ?1 and p.stage = ?2",
                        Instant.class)
                .setParameter(1, rolloutId).setParameter(2, stage).getSingleResult());
    }
}
