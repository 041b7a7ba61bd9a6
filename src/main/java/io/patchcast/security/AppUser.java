package io.patchcast.security;

import java.time.Instant;
import java.util.Optional;

import io.patchcast.customer.Customer;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.hibernate.orm.panache.PanacheEntity;
import io.quarkus.security.jpa.Password;
import io.quarkus.security.jpa.Roles;
import io.quarkus.security.jpa.UserDefinition;
import io.quarkus.security.jpa.Username;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** A person who logs in: customer users belong to exactly one customer, staff to none. */
@Entity
@Table(name = "app_user")
@UserDefinition
public class AppUser extends PanacheEntity {

    @Username
    @Column(nullable = false, unique = true, length = 100)
    public String username;

    /** bcrypt in modular crypt format. */
    @Password
    @Column(name = "password_hash", nullable = false, length = 100)
    public String passwordHash;

    @Roles
    @Column(nullable = false, length = 20)
    public String role;

    @Column(name = "display_name", nullable = false, length = 200)
    public String displayName;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "customer_id")
    public Customer customer;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

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
