package io.patchcast.fleet;

import java.time.DayOfWeek;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.patchcast.common.PageView;
import io.patchcast.customer.Customer;
import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Version;

/** A customer's data-platform cluster, with the maintenance preferences its windows are scheduled by. */
@Entity
public class Cluster extends PanacheEntity {

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "customer_id")
    public Customer customer;

    @Column(nullable = false, length = 120)
    public String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    public Application application;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    public Provider provider;

    @Column(nullable = false, length = 60)
    public String region;

    @Enumerated(EnumType.STRING)
    @Column(name = "sla_tier", nullable = false, length = 20)
    public SlaTier slaTier;

    @Enumerated(EnumType.STRING)
    @Column(name = "node_size_class", nullable = false, length = 20)
    public NodeSizeClass nodeSizeClass;

    /** The provider's own clusters: they go first in every rollout. */
    @Column(nullable = false)
    public boolean internal;

    /** Preferred weekdays, stored as a comma-separated list of {@link DayOfWeek} names. */
    @Column(name = "pref_weekdays", nullable = false, length = 100)
    public String preferredWeekdays;

    /** Preferred local start hour (0-23) in {@link #timeZone}. */
    @Column(name = "pref_start_hour", nullable = false)
    public int preferredStartHour;

    @Column(name = "pref_duration_minutes", nullable = false)
    public int windowMinutes;

    /** IANA zone the preferences are expressed in. */
    @Column(name = "pref_time_zone", nullable = false, length = 60)
    public String timeZone;

    @Version
    @Column(nullable = false)
    public long version;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @OneToMany(mappedBy = "cluster", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("startsAt")
    public List<FreezePeriod> freezePeriods = new ArrayList<>();

    public Set<DayOfWeek> weekdays() {
        if (preferredWeekdays == null || preferredWeekdays.isBlank()) {
            return EnumSet.noneOf(DayOfWeek.class);
        }
        return Arrays.stream(preferredWeekdays.split(","))
                .map(String::trim)
                .map(DayOfWeek::valueOf)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(DayOfWeek.class)));
    }

    public void setWeekdays(Set<DayOfWeek> days) {
        preferredWeekdays = days.stream().sorted().map(DayOfWeek::name).collect(Collectors.joining(","));
    }

    public static Optional<Cluster> findForCustomer(long id, long customerId) {
        return find("id = ?1 and customer.id = ?2", id, customerId).firstResultOptional();
    }

    private static final String VIEW_SELECT = "select new io.patchcast.fleet.ClusterView(c.id, c.name, cu.id, cu.slug,"
            + " cu.name, c.application, c.provider, c.region, c.slaTier, c.nodeSizeClass, c.internal,"
            + " (select count(n) from Node n where n.cluster = c)) from Cluster c join c.customer cu";

    /**
     * One page of cluster views, ordered by customer and name.
     *
     * @param customerScope limit to this customer (customer users), or null for all (staff)
     */
    public static PageView<ClusterView> pageViews(Long customerScope, ClusterFilter filter, int page, int size) {
        StringBuilder where = new StringBuilder(" where 1 = 1");
        List<Object> params = filter.appendTo(where);
        if (customerScope != null) {
            params.add(customerScope);
            where.append(" and cu.id = ?").append(params.size());
        }
        var em = getEntityManager();
        var query = em.createQuery(VIEW_SELECT + where + " order by cu.name, c.name", ClusterView.class);
        var count = em.createQuery("select count(c) from Cluster c join c.customer cu" + where, Long.class);
        for (int i = 0; i < params.size(); i++) {
            query.setParameter(i + 1, params.get(i));
            count.setParameter(i + 1, params.get(i));
        }
        List<ClusterView> items = query.setFirstResult((page - 1) * size).setMaxResults(size).getResultList();
        return new PageView<>(items, page, size, count.getSingleResult());
    }

    public static Optional<ClusterView> findView(long id) {
        return getEntityManager().createQuery(VIEW_SELECT + " where c.id = ?1", ClusterView.class)
                .setParameter(1, id).getResultStream().findFirst();
    }

    /** Views of the given clusters, ordered by customer and name. */
    public static List<ClusterView> findViews(java.util.Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return getEntityManager().createQuery(VIEW_SELECT + " where c.id in ?1 order by cu.name, c.name",
                ClusterView.class).setParameter(1, ids).getResultList();
    }

    /** Distinct regions in use, for filter choices. */
    public static List<String> regions() {
        return getEntityManager().createQuery("select distinct c.region from Cluster c order by c.region", String.class)
                .getResultList();
    }
}
