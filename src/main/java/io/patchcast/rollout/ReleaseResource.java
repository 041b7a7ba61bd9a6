package io.patchcast.rollout;

import java.net.URI;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

import io.patchcast.common.Params;
import io.patchcast.security.CurrentViewer;
import io.patchcast.security.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/api/v1/releases")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Releases")
public class ReleaseResource {

    @Inject
    ReleaseService releases;

    @Inject
    RolloutService rollouts;

    @Inject
    CurrentViewer currentViewer;

    @GET
    @RolesAllowed({ Role.CUSTOMER, Role.SUPPORT, Role.ADMIN })
    @Operation(summary = "Patch releases, newest first, with their rollouts")
    public List<ReleaseView> list() {
        return releases.list();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ Role.CUSTOMER, Role.SUPPORT, Role.ADMIN })
    @Operation(summary = "One patch release")
    public ReleaseView get(@RestPath String id) {
        return releases.get(Params.id("id", id));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Role.SUPPORT, Role.ADMIN })
    @Operation(summary = "Create a patch release: OS version, kernel per stream, packages (staff)")
    public RestResponse<ReleaseView> create(@jakarta.validation.Valid @jakarta.validation.constraints.NotNull CreateReleaseRequest request) {
        ReleaseView view = releases.create(request, currentViewer.get());
        return RestResponse.ResponseBuilder.<ReleaseView>created(URI.create("/api/v1/releases/" + view.id())).entity(view).build();
    }

    @POST
    @Path("/{id}/kernels")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Role.SUPPORT, Role.ADMIN })
    @Operation(summary = "Change the release's target kernels with a reason; its rollouts under way re-plan (staff)")
    public ReleaseView changeKernels(@RestPath String id,
            @jakarta.validation.Valid @jakarta.validation.constraints.NotNull(message = "a JSON body with the kernels"
                    + " and a reason is required") ChangeKernelsRequest request) {
        return releases.changeKernels(Params.id("id", id), request, currentViewer.get());
    }

    @POST
    @Path("/{id}/rollouts")
    @RolesAllowed({ Role.SUPPORT, Role.ADMIN })
    @Operation(summary = "Create the rollout of a release: stages and plans for every cluster; start it separately (staff)")
    public RestResponse<RolloutView> createRollout(@RestPath String id) {
        RolloutView view = rollouts.create(Params.id("id", id), currentViewer.get());
        return RestResponse.ResponseBuilder.<RolloutView>created(URI.create("/api/v1/rollouts/" + view.id())).entity(view).build();
    }
}
