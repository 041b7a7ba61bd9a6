package io.patchcast.incident;

import io.patchcast.compat.RuleSet;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The shipped rule set, for incident scopes, when no other part of the application produces one. The
 * exposure feature owns the real producer (with its rules-file setting); being a default bean, this one
 * steps aside as soon as that exists, so the two never clash.
 */
@ApplicationScoped
public class IncidentRuleSetFallback {

    @Produces
    @Singleton
    @DefaultBean
    RuleSet defaultRuleSet() {
        return RuleSet.loadDefault();
    }
}
