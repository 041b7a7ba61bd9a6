package io.patchcast.exposure;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import io.patchcast.common.Params;
import io.patchcast.security.CurrentViewer;
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

@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Exposure")
public class ExposureResource {

    @Inject
    ExposureService exposure;

    @Inject
    CurrentViewer currentViewer;

    @POST
    @Path("/exposure/evaluate")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Role.SUPPORT, Role.ADMIN })
    @Operation(summary = "Evaluate posted node facts against the rule set, storing nothing",
            description = "Without plannedKernel the running kernel is evaluated (current mode); with it, the kernel"
                    + " that boots after maintenance (planned mode).")
    public EvaluationView evaluate(@Valid @NotNull(message = "a JSON body is required") EvaluateRequest request) {
        return exposure.evaluate(request);
    }

    @GET
    @Path("/clusters/{id}/exposure")
    @RolesAllowed({ Role.CUSTOMER, Role.SUPPORT, Role.ADMIN })
    @Operation(summary = "Per-node exposure of a cluster, for the running kernel or a planned one")
    public ClusterExposureView cluster(@RestPath String id,
            @Parameter(description = "Debian kernel package version, e.g. 5.10.113-1; omit for the running kernel")
            @RestQuery String kernel) {
        return exposure.cluster(currentViewer.get(), Params.id("id", id), kernel);
    }

    @GET
    @Path("/exposure/summary")
    @RolesAllowed({ Role.SUPPORT, Role.ADMIN })
    @Operation(summary = "Fleet exposure: counts by provider, instance family, hypervisor version and verdict")
    public ExposureSummary summary(
            @Parameter(description = "Debian kernel package version; omit for the running kernels") @RestQuery String kernel) {
        return exposure.summary(kernel);
    }
}
