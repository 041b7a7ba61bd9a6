package io.patchcast.rollout;

import java.time.Instant;
import java.util.List;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;

/** Who did what to a rollout, when and why: the rollout's own audit trail. */
@Entity
@Table(name = "rollout_event")
public class RolloutEvent extends PanacheEntity {

    public enum Action {
        CREATED, START, ADVANCE, HALT, AUTO_HALT, RESUME, OVERRIDE, COMPLETE, REPLAN, LAST_GATE, SUPERSEDE
    }

    @Column(name = "rollout_id", nullable = false)
    public long rolloutId;

    @Column(nullable = false)
    public int stage;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    public Action action;

    @Column(length = 500)
    public String reason;

    /** What customers were told, when it differs from the (internal) reason: halts and resumes. */
    @Column(name = "customer_text", length = 1000)
    public String customerText;

    @Column(nullable = false, length = 100)
    public String actor;

    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;

    public static void record(long rolloutId, int stage, Action action, String reason, String actor, Instant at) {
        record(rolloutId, stage, action, reason, null, actor, at);
    }

    public static void record(long rolloutId, int stage, Action action, String reason, String customerText,
            String actor, Instant at) {
        RolloutEvent event = new RolloutEvent();
        event.customerText = customerText;
        event.rolloutId = rolloutId;
        event.stage = stage;
        event.action = action;
        event.reason = reason == null || reason.length() <= 500 ? reason : reason.substring(0, 499) + "…";
        event.actor = actor;
        event.occurredAt = at;
        event.persist();
    }

    public static List<RolloutEvent> listByRollout(long rolloutId) {
        return list("rolloutId = ?1 order by occurredAt desc, id desc", rolloutId);
    }
}
