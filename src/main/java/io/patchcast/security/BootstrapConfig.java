package io.patchcast.security;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "patchcast.bootstrap")
public interface BootstrapConfig {

    /**
     * Password of the first admin (PATCHCAST_ADMIN_PASSWORD). When set and the database has no admin yet,
     * an admin with {@link #adminUsername()} is created at start-up; ignored once any admin exists.
     */
    Optional<String> adminPassword();

    /** Login of the first admin. */
    @WithDefault("admin")
    String adminUsername();
}
