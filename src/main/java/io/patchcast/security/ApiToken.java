package io.patchcast.security;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.patchcast.customer.Customer;
import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/**
 * A machine credential for the JSON API. Only the SHA-256 of the secret is stored: a leaked database does not
 * leak working tokens, and the secret is shown once, when the token is created.
 */
@Entity
@Table(name = "api_token")
public class ApiToken extends PanacheEntity {

    @Column(nullable = false, length = 100)
    public String name;

    /** Always {@link Role#AGENT} for now: tokens post node facts and nothing else. */
    @Column(nullable = false, length = 20)
    public String role;

    /** The one customer whose clusters the token may write to; null = any cluster (a fleet-wide agent). */
    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "customer_id")
    public Customer customer;

    /** Lower-case hex SHA-256 of the secret. */
    @Column(name = "secret_hash", nullable = false, unique = true, length = 64)
    public String secretHash;

    @Column(name = "created_by", nullable = false, length = 100)
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    @Column(name = "revoked_by", length = 100)
    public String revokedBy;

    @Column(name = "last_used_at")
    public Instant lastUsedAt;

    public boolean revoked() {
        return revokedAt != null;
    }

    public static Optional<ApiToken> findBySecretHash(String hash) {
        return find("secretHash", hash).firstResultOptional();
    }

    public static List<ApiTokenView> listViews() {
        return getEntityManager().createQuery("select new io.patchcast.security.ApiTokenView(t.id, t.name, t.role,"
                + " cu.id, cu.name, t.createdBy, t.createdAt, t.revokedAt, t.revokedBy, t.lastUsedAt)"
                + " from ApiToken t left join t.customer cu order by t.revokedAt nulls first, t.name, t.id",
                ApiTokenView.class).getResultList();
    }
}
