package io.patchcast.rollout;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

import io.patchcast.security.CurrentViewer;
import io.patchcast.security.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Nodes report how their maintenance went; a failing stage halts its rollout. */
@Path("/api/v1/nodes")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Rollouts")
public class PatchResultResource {

    @Inject
    RolloutService rollouts;

    @Inject
    CurrentViewer currentViewer;

    // Agents post with their bearer token (a customer-bound token only for its customer's nodes); staff may
    // post a result by hand for a node that cannot report itself.
    @POST
    @Path("/{instanceId}/patch-result")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Role.AGENT, Role.SUPPORT, Role.ADMIN })
    @Operation(summary = "Report a node's patch result (BOOTED or FAILED) once its window has started; staff may"
            + " record one earlier with \"early\": true and an earlyReason")
    public PatchResultView report(@RestPath String instanceId, PatchResultRequest request) {
        // a window whose start has come gets its last gate first, in its own transaction: a hold it decides
        // stands even when this result is then refused
        rollouts.startDueWindowOf(instanceId);
        return rollouts.reportResult(instanceId, request, currentViewer.get());
    }
}
