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

    static final int MIN_PASSWORD_LENGTH = 12;

    @Inject
    BootstrapConfig config;

    @Inject
    Clock clock;

    @Transactional
    void onStart(@Observes StartupEvent event) {
        config.adminPassword().ifPresent(this::createIfNoAdmin);
    }

    void createIfNoAdmin(String password) {
        if (AppUser.count("role", Role.ADMIN) > 0) {
            return;
        }
        if (password.length() < MIN_PASSWORD_LENGTH) {
            throw new IllegalStateException("PATCHCAST_ADMIN_PASSWORD must be at least " + MIN_PASSWORD_LENGTH
                    + " characters; no admin was created");
        }
        if (AppUser.findByUsername(config.adminUsername()).isPresent()) {
            throw new IllegalStateException("Cannot create the first admin: the login '" + config.adminUsername()
                    + "' is taken by a non-admin user; set patchcast.bootstrap.admin-username");
        }
        AppUser.create(config.adminUsername(), password, Role.ADMIN, "Administrator", null, clock.instant());
        Log.infof("Created the first admin '%s' from PATCHCAST_ADMIN_PASSWORD", config.adminUsername());
    }
}
