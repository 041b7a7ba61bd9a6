package io.patchcast.rollout;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import io.patchcast.common.PageView;
import io.patchcast.common.Params;
import io.patchcast.security.CurrentViewer;
import io.patchcast.security.Role;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Rollouts for staff: stages, gates and counts, the clusters and their plans, and the actions that move them. */
@Path("/api/v1/rollouts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Rollouts")
@RolesAllowed({ Role.SUPPORT, Role.ADMIN })
public class RolloutResource {

    @Inject
    RolloutService rollouts;

    @Inject
    CurrentViewer currentViewer;

    @GET
    @Operation(summary = "All rollouts, newest first")
    public List<RolloutSummary> list() {
        return rollouts.list();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A rollout with its six stages, each stage's gate (soak, failure rate) and counts")
    public RolloutView get(@RestPath String id) {
        return rollouts.get(Params.id("id", id));
    }

    @GET
    @Path("/{id}/clusters")
    @Operation(summary = "The clusters of a rollout with stage, planned verdict, plan and patch status")
    public List<RolloutClusterView> clusters(@RestPath String id,
            @Parameter(description = "stage number 1-6; all stages when absent") @RestQuery String stage) {
        Integer s = stage == null || stage.isBlank() ? null : Params.intIn("stage", stage, 1, 1, 6);
        return rollouts.clusters(Params.id("id", id), s);
    }

    @GET
    @Path("/{id}/stragglers")
    @Operation(summary = "Fleet verification: nodes of the rollout not on the release or its planned variant")
    public PageView<StragglerView> stragglers(@RestPath String id, @RestQuery String page, @RestQuery String size) {
        return rollouts.stragglers(Params.id("id", id), Params.page(page), Params.size(size));
    }

    /** What a fleet-wide re-plan changed. */
    public record ReplanView(int changed) {
    }

    @POST
    @Path("/replan")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Re-plan every cluster of the rollouts under way from the current facts and rules (after a"
            + " rule-set change); the reason is what customers whose plan changes read")
    public ReplanView replan(
            @Valid @NotNull(message = "a JSON body with a reason is required") RolloutActionRequest request) {
        return new ReplanView(rollouts.replanAll(request.reason()));
    }

    @POST
    @Path("/{id}/start")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start the rollout with stage 1 (internal clusters)")
    public RolloutView start(@RestPath String id,
            @Valid @NotNull(message = "a JSON body with a reason is required") RolloutActionRequest request) {
        return rollouts.start(Params.id("id", id), request, currentViewer.get());
    }

    @POST
    @Path("/{id}/advance")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Advance to the next stage; refused unless the soak has passed and the gate holds")
    public RolloutView advance(@RestPath String id,
            @Valid @NotNull(message = "a JSON body with a reason is required") RolloutActionRequest request) {
        return rollouts.advance(Params.id("id", id), request, currentViewer.get());
    }

    @POST
    @Path("/{id}/halt")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Halt the rollout; windows not yet started are delayed and their customers told")
    public RolloutView halt(@RestPath String id,
            @Valid @NotNull(message = "a JSON body with a reason is required") RolloutActionRequest request) {
        return rollouts.halt(Params.id("id", id), request, currentViewer.get());
    }

    @POST
    @Path("/{id}/resume")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Resume a halted rollout; its current stage is scheduled again")
    public RolloutView resume(@RestPath String id,
            @Valid @NotNull(message = "a JSON body with a reason is required") RolloutActionRequest request) {
        return rollouts.resume(Params.id("id", id), request, currentViewer.get());
    }

    @POST
    @Path("/{id}/clusters/{clusterId}/plan")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Override the plan of one cluster (full, targeted, hold) with a reason")
    public RolloutClusterView overridePlan(@RestPath String id, @RestPath String clusterId,
            @Valid @NotNull(message = "a JSON body with plan and reason is required") OverridePlanRequest request) {
        return rollouts.overridePlan(Params.id("id", id), Params.id("clusterId", clusterId), request,
                currentViewer.get());
    }
}
