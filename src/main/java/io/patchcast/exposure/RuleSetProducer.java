package io.patchcast.exposure;

import io.patchcast.compat.RuleSet;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Loads the shipped rule file once; the compat package itself stays free of CDI. */
@ApplicationScoped
public class RuleSetProducer {

    @Produces
    @ApplicationScoped
    RuleSet ruleSet() {
        RuleSet rules = RuleSet.loadDefault();
        Log.infof("Compatibility rules loaded: %d rules", rules.rules().size());
        return rules;
    }
}
