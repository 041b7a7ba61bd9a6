package io.patchcast.security;

import java.time.Instant;
import java.util.Optional;

import io.patchcast.customer.Customer;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/**
 * A person who logs in: customer users belong to exactly one customer, staff to none. Passwords are checked by
 * {@link AccountService} (throttled), never by a generic identity store, so every way in goes through the same
 * throttle, the disabled flag and the second factor.
 */
@Entity
@Table(name = "app_user")
public class AppUser extends PanacheEntity {

    @Column(nullable = false, unique = true, length = 100)
    public String username;

    /** bcrypt in modular crypt format. */
    @Column(name = "password_hash", nullable = false, length = 100)
    public String passwordHash;

    @Column(nullable = false, length = 20)
    public String role;

    @Column(name = "display_name", nullable = false, length = 200)
    public String displayName;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "customer_id")
    public Customer customer;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** A disabled user cannot sign in; disabling ends the user's sessions. */
    @Column(nullable = false)
    public boolean disabled;

    /** Base32 TOTP secret; set while enrolling, in force once {@link #totpEnabled}. */
    @Column(name = "totp_secret", length = 64)
    public String totpSecret;

    @Column(name = "totp_enabled", nullable = false)
    public boolean totpEnabled;

    /** The last TOTP time step accepted, so that no code is accepted twice. */
    @Column(name = "totp_last_step")
    public Long totpLastStep;

    @Column(name = "password_changed_at")
    public Instant passwordChangedAt;

    public boolean isStaff() {
        return Role.SUPPORT.equals(role) || Role.ADMIN.equals(role);
    }

    public static AppUser create(String username, String password, String role, String displayName, Customer customer,
            Instant now) {
        AppUser user = new AppUser();
        user.username = username;
        user.passwordHash = BcryptUtil.bcryptHash(password);
        user.role = role;
        user.displayName = displayName;
        user.customer = customer;
        user.createdAt = now;
        user.persist();
        return user;
    }

    public static Optional<AppUser> findByUsername(String username) {
        return find("username", username).firstResultOptional();
    }
}
