package io.patchcast.customer;

import java.time.Instant;
import java.util.List;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;

/** A person at a customer who receives maintenance notices by email. */
@Entity
public class Contact extends PanacheEntity {

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "customer_id")
    public Customer customer;

    @Column(nullable = false, length = 200)
    public String name;

    @Column(nullable = false, length = 320)
    public String email;

    /** Contacts may opt out of 24 h reminders; notices about changes always reach them. */
    @Column(name = "receive_reminders", nullable = false)
    public boolean receiveReminders = true;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public static List<Contact> listByCustomer(long customerId) {
        return list("customer.id = ?1 order by name", customerId);
    }
}
