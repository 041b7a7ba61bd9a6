package io.patchcast.demo;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "patchcast.demo")
public interface DemoConfig {

    /** Load the demo fleet and demo logins into an empty database at start-up (PATCHCAST_DEMO). */
    @WithDefault("false")
    boolean enabled();

    /** Seed of the demo generator: the same seed gives the same fleet. */
    @WithDefault("20220520")
    long seed();
}
