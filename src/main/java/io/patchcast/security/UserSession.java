package io.patchcast.security;

import java.time.Instant;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/**
 * A signed-in browser. The cookie holds a random secret and the row only its SHA-256: deleting the row ends the
 * session on every instance with the next request, and nothing in the cookie can be forged or decrypted.
 */
@Entity
@Table(name = "user_session")
public class UserSession extends PanacheEntity {

    @Column(name = "token_hash", nullable = false, unique = true, length = 64)
    public String tokenHash;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "user_id")
    public AppUser user;

    /** Password checked, second factor still to come: grants nothing but the second-factor page. */
    @Column(nullable = false)
    public boolean pending;

    @Column(name = "mfa_failures", nullable = false)
    public int mfaFailures;

    @Column(name = "client_address", length = 100)
    public String clientAddress;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "last_seen_at", nullable = false)
    public Instant lastSeenAt;

    /** The absolute end of the session, however busy it is. */
    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;
}
