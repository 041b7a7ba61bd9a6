package io.patchcast.web.console;

import java.util.List;

import io.patchcast.compat.Rule;
import io.patchcast.compat.RuleSet;
import io.patchcast.exposure.ExposureConfig;
import io.patchcast.security.Role;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Staff page of the active rule set: its version, and every rule's confidence, claims and sources. */
@Path("/console/rules")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({ Role.SUPPORT, Role.ADMIN })
public class RulesPages {

    @Inject
    RuleSet rules;

    @Inject
    ExposureConfig config;

    /** Where the active rules came from and which version they are. */
    public record RuleSetView(String source, String fingerprint, List<Rule> rules) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance rules(RuleSetView ruleSet);
    }

    @GET
    public TemplateInstance rules() {
        String source = config.rulesFile().orElse("built-in " + RuleSet.DEFAULT_RESOURCE);
        return Templates.rules(new RuleSetView(source, rules.fingerprint(), rules.rules()));
    }
}
