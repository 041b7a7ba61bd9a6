package io.patchcast.security;

import java.time.Instant;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** A one-time code that stands in for the second factor when the authenticator is lost. Stored hashed. */
@Entity
@Table(name = "recovery_code")
public class RecoveryCode extends PanacheEntity {

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "user_id")
    public AppUser user;

    @Column(name = "code_hash", nullable = false, length = 64)
    public String codeHash;

    @Column(name = "used_at")
    public Instant usedAt;
}
