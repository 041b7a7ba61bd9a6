package io.patchcast.window;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;

import io.patchcast.customer.Customer;
import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** Recurring weekly hours, in each cluster's own zone, in which a customer's clusters are never maintained. */
@Entity
@Table(name = "exclusion_time")
public class ExclusionTime extends PanacheEntity {

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "customer_id")
    public Customer customer;

    @Enumerated(EnumType.STRING)
    @Column(name = "start_day", nullable = false, length = 10)
    public DayOfWeek startDay;

    /** HH:mm. */
    @Column(name = "start_time", nullable = false, length = 5)
    public String startTime;

    @Enumerated(EnumType.STRING)
    @Column(name = "end_day", nullable = false, length = 10)
    public DayOfWeek endDay;

    @Column(name = "end_time", nullable = false, length = 5)
    public String endTime;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public WeeklyRange range() {
        return new WeeklyRange(startDay, LocalTime.parse(startTime), endDay, LocalTime.parse(endTime));
    }

    public static List<ExclusionTime> listByCustomer(long customerId) {
        return list("customer.id = ?1 order by id", customerId);
    }
}
