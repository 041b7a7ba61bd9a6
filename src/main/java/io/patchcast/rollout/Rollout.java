package io.patchcast.rollout;

import java.time.Instant;
import java.util.List;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Version;

/** One release moving through the six stages. */
@Entity
public class Rollout extends PanacheEntity {

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "release_id")
    public PatchRelease release;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    public RolloutStatus status;

    /** 0 before the start, then the stage being patched or soaked (1-6). */
    @Column(name = "current_stage", nullable = false)
    public int currentStage;

    @Column(name = "halt_reason", length = 500)
    public String haltReason;

    /** What the customers of delayed windows were told; the halt reason is for staff. */
    @Column(name = "halt_customer_text", length = 1000)
    public String haltCustomerText;

    @Column(name = "halted_at")
    public Instant haltedAt;

    @Column(name = "created_by", nullable = false, length = 100)
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "completed_at")
    public Instant completedAt;

    // staff acting on one rollout at the same time: one wins, the other gets a 409
    @Version
    @Column(nullable = false)
    public long version;

    public static List<Rollout> listByStatus(RolloutStatus status) {
        return list("status", status);
    }

    public static List<Rollout> listNewestFirst() {
        return find("select r from Rollout r join fetch r.release order by r.createdAt desc, r.id desc").list();
    }
}
