package io.patchcast.exposure;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.patchcast.compat.RuleSet;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Wires the framework-free engine into the application: loads and validates the rule set once, at start-up,
 * so that a broken rules file stops the application instead of failing the first evaluation.
 */
@ApplicationScoped
public class RuleSetProducer {

    @Produces
    @Singleton
    @Startup
    RuleSet ruleSet(ExposureConfig config) {
        RuleSet rules = config.rulesFile().map(RuleSetProducer::load).orElseGet(RuleSet::loadDefault);
        Log.infof("Compatibility rules loaded: %s", rules.rules().stream().map(r -> r.id()).toList());
        return rules;
    }

    /** Loads and validates a rules file; the exception names the file, and the rule and reason when invalid. */
    static RuleSet load(String file) {
        Path path = Path.of(file);
        try (InputStream in = Files.newInputStream(path)) {
            return RuleSet.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the rules file " + path.toAbsolutePath(), e);
        } catch (RuntimeException e) {
            throw new IllegalStateException("Invalid rules file " + path.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }
}
