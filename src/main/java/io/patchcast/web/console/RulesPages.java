package io.patchcast.web.console;

import java.util.List;

import org.jboss.resteasy.reactive.RestForm;

import io.patchcast.common.Problem;
import io.patchcast.common.ProblemException;
import io.patchcast.exposure.RuleDryRunService;

import io.patchcast.compat.Rule;
import io.patchcast.compat.RuleSet;
import io.patchcast.exposure.ExposureConfig;
import io.patchcast.security.Role;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Staff page of the active rule set: its version, and every rule's confidence, claims and sources; admins can dry-run
 * a candidate rule file against the fleet from it (nothing is activated).
 */
@Path("/console/rules")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({ Role.SUPPORT, Role.ADMIN })
public class RulesPages {

    @Inject
    RuleSet rules;

    @Inject
    ExposureConfig config;

    @Inject
    RuleDryRunService dryRuns;

    /** The dry-run form as entered, shown back with its errors. */
    public record DryRunForm(String rules, String kernel) {
    }

    /** Where the active rules came from and which version they are. */
    public record RuleSetView(String source, String fingerprint, List<Rule> rules) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance rules(RuleSetView ruleSet, DryRunForm form, List<Problem.FieldError> errors,
                RuleDryRunService.DryRunView dryRun);
    }

    @GET
    public TemplateInstance rules() {
        return Templates.rules(view(), new DryRunForm("", ""), List.of(), null);
    }

    @POST
    @Path("dry-run")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(Role.ADMIN)
    public TemplateInstance dryRun(@RestForm String rules, @RestForm String kernel) {
        DryRunForm form = new DryRunForm(rules == null ? "" : rules, kernel == null ? "" : kernel.strip());
        try {
            return Templates.rules(view(), form, List.of(), dryRuns.dryRun(form.rules(), form.kernel()));
        } catch (ProblemException e) {
            return Templates.rules(view(), form, e.problem().errors(), null);
        }
    }

    private RuleSetView view() {
        String source = config.rulesFile().orElse("built-in " + RuleSet.DEFAULT_RESOURCE);
        return new RuleSetView(source, rules.fingerprint(), rules.rules());
    }
}
