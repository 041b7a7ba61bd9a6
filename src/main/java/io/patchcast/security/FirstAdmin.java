package io.patchcast.security;

import java.time.Clock;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/** Creates the first admin of a new installation from configuration, so a production start has a way in. */
@ApplicationScoped
public class FirstAdmin {

    @Inject
    BootstrapConfig config;

    @Inject
    Clock clock;

    @Inject
    PasswordPolicy policy;

    @Transactional
    void onStart(@Observes StartupEvent event) {
        config.adminPassword().ifPresent(this::createIfNoAdmin);
    }

    void createIfNoAdmin(String password) {
        if (AppUser.count("role", Role.ADMIN) > 0) {
            return;
        }
        policy.problem(password, config.adminUsername()).ifPresent(problem -> {
            // the same policy as every other password (ASVS 2.1): length and the list of common passwords
            throw new IllegalStateException("PATCHCAST_ADMIN_PASSWORD " + problem + "; no admin was created");
        });
        if (AppUser.findByUsername(config.adminUsername()).isPresent()) {
            throw new IllegalStateException("Cannot create the first admin: the login '" + config.adminUsername()
                    + "' is taken by a non-admin user; set patchcast.bootstrap.admin-username");
        }
        AppUser admin = AppUser.create(config.adminUsername(), password, Role.ADMIN, "Administrator", null,
                clock.instant());
        admin.passwordChangedAt = admin.createdAt;
        Log.infof("Created the first admin '%s' from PATCHCAST_ADMIN_PASSWORD", config.adminUsername());
    }
}
