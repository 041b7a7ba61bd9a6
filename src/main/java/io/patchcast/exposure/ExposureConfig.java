package io.patchcast.exposure;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

@ConfigMapping(prefix = "patchcast.compat")
public interface ExposureConfig {

    /**
     * A rules file on disk to use instead of the built-in {@code compat/rules.yaml}. It is validated at
     * start-up: a bad rule stops the application with the rule id and the reason.
     */
    Optional<String> rulesFile();
}
