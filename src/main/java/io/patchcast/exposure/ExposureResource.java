package io.patchcast.exposure;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;

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

@Path("/api/v1/exposure")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Exposure")
public class ExposureResource {

    @Inject
    ExposureService exposure;

    @POST
    @Path("/evaluate")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Role.SUPPORT, Role.ADMIN })
    @Operation(summary = "Evaluate posted node facts against the rule set, storing nothing",
            description = "Without plannedKernel the running kernel is evaluated (current mode); with it, the kernel"
                    + " that boots after maintenance (planned mode).")
    public EvaluationView evaluate(@Valid @NotNull(message = "a JSON body is required") EvaluateRequest request) {
        return exposure.evaluate(request);
    }

    @GET
    @Path("/summary")
    @RolesAllowed({ Role.SUPPORT, Role.ADMIN })
    @Operation(summary = "Fleet exposure: counts by provider, instance family, hypervisor version and verdict")
    public ExposureSummary summary(
            @Parameter(description = "Debian kernel package version; omit for the running kernels") @RestQuery String kernel) {
        return exposure.summary(kernel);
    }
}
