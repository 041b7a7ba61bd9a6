package io.patchcast.fleet;

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
import io.patchcast.security.Viewer;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/api/v1/clusters")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Clusters")
@RolesAllowed({ Role.CUSTOMER, Role.SUPPORT, Role.ADMIN })
public class ClusterResource {

    @Inject
    ClusterService clusters;

    @Inject
    CurrentViewer currentViewer;

    @GET
    @Operation(summary = "List the clusters the caller may see, paged; staff may filter by customer")
    public PageView<ClusterView> list(
            @Parameter(description = "aws, gcp, azure or self-hosted") @RestQuery String provider,
            @Parameter(description = "region name, e.g. us-east-1") @RestQuery String region,
            @Parameter(description = "customer slug (staff only)") @RestQuery String customer,
            @Parameter(description = "page number, from 1") @RestQuery String page,
            @Parameter(description = "page size, 1-200 (default 25)") @RestQuery String size) {
        Viewer viewer = currentViewer.get();
        ClusterFilter filter = ClusterFilter.parse(provider, region, viewer.isStaff() ? customer : null);
        return clusters.list(viewer, filter, Params.page(page), Params.size(size));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One cluster with its maintenance preferences")
    public ClusterDetailView get(@RestPath String id) {
        return clusters.get(currentViewer.get(), Params.id("id", id));
    }

    @GET
    @Path("/{id}/nodes")
    @Operation(summary = "The nodes of a cluster with their derived facts")
    public List<NodeView> nodes(@RestPath String id) {
        return clusters.nodes(currentViewer.get(), Params.id("id", id));
    }
}
