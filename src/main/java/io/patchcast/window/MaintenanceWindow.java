package io.patchcast.window;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import io.patchcast.fleet.Cluster;
import io.patchcast.fleet.Provider;
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
 * A planned maintenance of one cluster, in UTC. The iCalendar UID is fixed at creation and the sequence grows
 * with every change, so calendar clients keep updating the one event.
 */
@Entity
@Table(name = "maintenance_window")
public class MaintenanceWindow extends PanacheEntity {

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "cluster_id")
    public Cluster cluster;

    /** The rollout this window belongs to (no foreign key: rollouts are another feature's tables). */
    @Column(name = "rollout_id")
    public Long rolloutId;

    @Column(name = "stage")
    public Integer stage;

    @Column(name = "stage_label", length = 200)
    public String stageLabel;

    /** The stage deadline: the window must end by then. */
    @Column(name = "deadline")
    public Instant deadline;

    @Column(name = "starts_at", nullable = false)
    public Instant startsAt;

    @Column(name = "ends_at", nullable = false)
    public Instant endsAt;

    /** Where the window was first scheduled; customer moves are bounded relative to it. */
    @Column(name = "original_start", nullable = false)
    public Instant originalStart;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    public WindowStatus status;

    /** The patch plan for display (FULL, TARGETED, HOLD); decided by the rollout feature. */
    @Column(length = 20)
    public String plan;

    /**
     * The start the customer chose by moving the window; null when nobody at the customer did. Halts, re-plans
     * and staff bulk shifts keep it while it is allowed, and otherwise take the allowed slot nearest to it.
     */
    @Column(name = "customer_start")
    public Instant customerStart;

    @Column(name = "customer_moves", nullable = false)
    public int customerMoves;

    /** Scheduled inside the minimum notice by staff, with a recorded justification. */
    @Column(nullable = false)
    public boolean emergency;

    @Column(name = "result_text", length = 2000)
    public String resultText;

    @Column(name = "ics_uid", nullable = false, unique = true, length = 120)
    public String icsUid;

    @Column(name = "ics_sequence", nullable = false)
    public int icsSequence;

    /** When the 24 h reminder went out for the current start; reset when the window moves. */
    @Column(name = "reminded_at")
    public Instant remindedAt;

    @Version
    @Column(nullable = false)
    public long version;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public boolean overlaps(Instant start, Instant end) {
        return start.isBefore(endsAt) && end.isAfter(startsAt);
    }

    public static List<MaintenanceWindow> listByRollout(long rolloutId) {
        return list("rolloutId = ?1 order by startsAt", rolloutId);
    }

    /** Windows that take capacity in a provider and region and overlap [from, to). */
    public static List<MaintenanceWindow> listBusy(Provider provider, String region, Instant from, Instant to) {
        return list("cluster.provider = ?1 and cluster.region = ?2 and status in ?3 and startsAt < ?5 and endsAt > ?4",
                provider, region, BUSY, from, to);
    }

    public static List<MaintenanceWindow> listByCluster(long clusterId) {
        return list("cluster.id = ?1 order by startsAt", clusterId);
    }

    /** Scheduled windows starting in [from, to) whose reminder has not gone out yet. */
    public static List<MaintenanceWindow> listDueForReminder(Instant from, Instant to) {
        return list("status = ?1 and remindedAt is null and startsAt >= ?2 and startsAt < ?3 order by startsAt",
                WindowStatus.SCHEDULED, from, to);
    }

    /** One page of windows matching the filter, soonest first, with cluster and customer fetched. */
    public static io.patchcast.common.PageView<MaintenanceWindow> page(WindowFilter filter, int page, int size) {
        StringBuilder where = new StringBuilder(" where 1 = 1");
        List<Object> params = filter.appendTo(where);
        var em = getEntityManager();
        var query = em.createQuery("select w from MaintenanceWindow w join fetch w.cluster c join fetch c.customer"
                + where + " order by w.startsAt, w.id", MaintenanceWindow.class);
        var count = em.createQuery("select count(w) from MaintenanceWindow w join w.cluster c" + where, Long.class);
        for (int i = 0; i < params.size(); i++) {
            query.setParameter(i + 1, params.get(i));
            count.setParameter(i + 1, params.get(i));
        }
        List<MaintenanceWindow> items = query.setFirstResult((page - 1) * size).setMaxResults(size).getResultList();
        return new io.patchcast.common.PageView<>(items, page, size, count.getSingleResult());
    }

    /** Every window a bulk filter selects (bulk actions are bounded by the filter, not paged). */
    public static List<MaintenanceWindow> listForBulk(WindowFilter filter) {
        StringBuilder where = new StringBuilder(" where 1 = 1");
        List<Object> params = filter.appendTo(where);
        var query = getEntityManager().createQuery("select w from MaintenanceWindow w join fetch w.cluster c"
                + where + " order by w.startsAt, w.id", MaintenanceWindow.class);
        for (int i = 0; i < params.size(); i++) {
            query.setParameter(i + 1, params.get(i));
        }
        return query.getResultList();
    }

    static final Collection<WindowStatus> BUSY = List.of(WindowStatus.SCHEDULED, WindowStatus.IN_PROGRESS);
}
