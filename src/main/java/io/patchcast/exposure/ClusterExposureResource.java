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
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/api/v1/clusters/{id}/exposure")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Exposure")
public class ClusterExposureResource {

    @Inject
    ExposureService exposure;

    @Inject
    CurrentViewer currentViewer;

    @GET
    @RolesAllowed({ Role.CUSTOMER, Role.SUPPORT, Role.ADMIN })
    @Operation(summary = "Per-node exposure of a cluster, for the running kernel or a planned one")
    public ClusterExposureView cluster(@RestPath String id,
            @Parameter(description = "Debian kernel package version, e.g. 5.10.113-1; omit for the running kernel")
            @RestQuery String kernel) {
        return exposure.cluster(currentViewer.get(), Params.id("id", id), kernel);
    }
}
