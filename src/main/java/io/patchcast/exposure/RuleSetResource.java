package io.patchcast.exposure;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.patchcast.compat.Rule;
import io.patchcast.compat.RuleSet;
import io.patchcast.security.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The active compatibility rule set, and dry runs of a candidate against the fleet. */
@Path("/api/v1/rules")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Exposure")
public class RuleSetResource {

    @Inject
    RuleSet rules;

    @Inject
    RuleDryRunService dryRuns;

    /** @param fingerprint SHA-256 of the rule file, the rule set's version */
    public record RuleSetView(String fingerprint, List<Rule> rules) {
    }

    /**
     * @param rules  the candidate rule file (YAML, docs/rule-format.md)
     * @param kernel a Debian kernel package version for planned mode; blank for the running kernels
     */
    public record DryRunRequest(@NotNull(message = "the candidate rule file is required") String rules,
            String kernel) {
    }

    @GET
    @RolesAllowed({ Role.SUPPORT, Role.ADMIN })
    @Operation(summary = "The active rule set: its fingerprint and every rule with confidence, claims, sources and"
            + " the facts it needs")
    public RuleSetView active() {
        return new RuleSetView(rules.fingerprint(), rules.rules());
    }

    @POST
    @Path("/dry-run")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Role.ADMIN)
    @Operation(summary = "Validate a candidate rule file and list the nodes and clusters whose verdict it would"
            + " change", description = "Nothing is stored or activated. A file the loader refuses gives 400 with the"
            + " rule and the place in it. Nodes are listed up to 200; the counts cover all.")
    public RuleDryRunService.DryRunView dryRun(@Valid @NotNull(message = "a JSON body is required") DryRunRequest request) {
        return dryRuns.dryRun(request.rules(), request.kernel());
    }
}
