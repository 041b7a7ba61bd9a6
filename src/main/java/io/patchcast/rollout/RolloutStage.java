package io.patchcast.rollout;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** One stage of a rollout with its own soak, deadline and failure threshold, fixed when the rollout is made. */
@Entity
@Table(name = "rollout_stage")
public class RolloutStage extends PanacheEntity {

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "rollout_id")
    public Rollout rollout;

    /** 1-6, see {@link Stage}. */
    @Column(nullable = false)
    public int stage;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    public StageStatus status;

    @Column(name = "soak_seconds", nullable = false)
    public long soakSeconds;

    @Column(name = "deadline_seconds", nullable = false)
    public long deadlineSeconds;

    @Column(name = "failure_threshold", nullable = false)
    public double failureThreshold;

    /** Failed nodes at which the stage halts whatever the rate; 0 for no absolute limit. */
    @Column(name = "max_failures", nullable = false)
    public int maxFailures;

    /** Nodes that must have reported before the gate may pass or halt by itself (capped by the stage's nodes). */
    @Column(name = "min_patched", nullable = false)
    public int minPatched;

    @Column(name = "started_at")
    public Instant startedAt;

    /** Windows of the stage must end before this; set when the stage starts. */
    @Column
    public Instant deadline;

    /** Results before this do not count for the gate: the stage start, or the last resume after a halt. */
    @Column(name = "gate_since")
    public Instant gateSince;

    @Column(name = "completed_at")
    public Instant completedAt;

    public Stage kind() {
        return Stage.of(stage);
    }

    public Duration soak() {
        return Duration.ofSeconds(soakSeconds);
    }

    public static List<RolloutStage> listByRollout(long rolloutId) {
        return list("rollout.id = ?1 order by stage", rolloutId);
    }

    public static Optional<RolloutStage> find(long rolloutId, int stage) {
        return find("rollout.id = ?1 and stage = ?2", rolloutId, stage).firstResultOptional();
    }
}
