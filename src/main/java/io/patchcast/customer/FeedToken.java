package io.patchcast.customer;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** A revocable secret in a customer's feed URLs (calendar and incidents). Stored as a hash only. */
@Entity
@Table(name = "feed_token")
public class FeedToken extends PanacheEntity {

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "customer_id")
    public Customer customer;

    @Column(name = "token_hash", nullable = false, unique = true, length = 64)
    public String tokenHash;

    @Column(name = "created_by", nullable = false, length = 100)
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    public static Optional<FeedToken> findActiveByHash(String hash) {
        return find("tokenHash = ?1 and revokedAt is null", hash).firstResultOptional();
    }

    public static List<FeedToken> listActive(long customerId) {
        return list("customer.id = ?1 and revokedAt is null order by createdAt desc", customerId);
    }
}
