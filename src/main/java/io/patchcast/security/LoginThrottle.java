package io.patchcast.security;

import java.time.Instant;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Failed sign-ins of one account ({@code user:<name>}) or one client address ({@code addr:<ip>}). */
@Entity
@Table(name = "login_throttle")
public class LoginThrottle extends PanacheEntityBase {

    static final String USER = "user:";
    static final String ADDRESS = "addr:";

    @Id
    @Column(name = "throttle_key", length = 200)
    public String key;

    @Column(nullable = false)
    public int failures;

    @Column(name = "last_failure_at", nullable = false)
    public Instant lastFailureAt;

    /** No attempt is checked before this instant: the growing delay, or the lock. */
    @Column(name = "blocked_until")
    public Instant blockedUntil;
}
