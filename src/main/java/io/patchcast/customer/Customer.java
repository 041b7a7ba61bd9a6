package io.patchcast.customer;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;

/** A customer organisation: owns clusters, contacts and customer users. */
@Entity
public class Customer extends PanacheEntity {

    @Column(nullable = false, unique = true, length = 60)
    public String slug;

    @Column(nullable = false, length = 200)
    public String name;

    /** IANA zone id used when no cluster-specific zone applies. */
    @Column(name = "time_zone", nullable = false, length = 60)
    public String timeZone;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public static Optional<Customer> findBySlug(String slug) {
        return find("slug", slug).firstResultOptional();
    }

    public static List<Customer> listByName() {
        return list("order by name");
    }
}
