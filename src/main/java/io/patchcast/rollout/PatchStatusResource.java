package io.patchcast.rollout;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.patchcast.security.CurrentViewer;
import io.patchcast.security.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Patch status per cluster for the caller's clusters (all clusters for staff), including held ones. */
@Path("/api/v1/patch-status")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Rollouts")
public class PatchStatusResource {

    @Inject
    RolloutService rollouts;

    @Inject
    CurrentViewer currentViewer;

    @GET
    @RolesAllowed({ Role.CUSTOMER, Role.SUPPORT, Role.ADMIN })
    @Operation(summary = "Plan and patch status of each of your clusters in the rollouts under way")
    public List<ClusterPatchView> list() {
        return rollouts.patchStatus(currentViewer.get());
    }
}
