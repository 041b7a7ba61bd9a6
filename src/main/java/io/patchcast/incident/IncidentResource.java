package io.patchcast.incident;

import java.net.URI;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

import io.patchcast.security.CurrentViewer;
import io.patchcast.security.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/api/v1/incidents")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Incidents")
public class IncidentResource {

    @Inject
    IncidentService incidents;

    @Inject
    CurrentViewer currentViewer;

    @GET
    @RolesAllowed({ Role.CUSTOMER, Role.SUPPORT, Role.ADMIN })
    @Operation(summary = "Incidents the caller may see: a customer's published ones touching it; for staff all, drafts included")
    public List<IncidentSummaryView> list() {
        return incidents.list(currentViewer.get());
    }

    @GET
    @Path("/{slug}")
    @RolesAllowed({ Role.CUSTOMER, Role.SUPPORT, Role.ADMIN })
    @Operation(summary = "One incident with its timeline and affected clusters (404 when it does not touch the caller)")
    public IncidentView get(@RestPath String slug) {
        return incidents.get(currentViewer.get(), slug);
    }

    @POST
    @RolesAllowed({ Role.SUPPORT, Role.ADMIN })
    @Operation(summary = "Draft a new incident")
    public RestResponse<IncidentView> create(@Valid @NotNull IncidentRequest request) {
        IncidentView view = incidents.create(currentViewer.get(), request);
        return RestResponse.ResponseBuilder.<IncidentView> created(URI.create("/api/v1/incidents/" + view.slug())).entity(view).build();
    }

    @PUT
    @Path("/{slug}")
    @RolesAllowed({ Role.SUPPORT, Role.ADMIN })
    @Operation(summary = "Replace title, severity, summary, body and scope")
    public IncidentView replace(@RestPath String slug, @Valid @NotNull IncidentRequest request) {
        return incidents.replace(currentViewer.get(), slug, request);
    }

    @PATCH
    @Path("/{slug}")
    @RolesAllowed({ Role.SUPPORT, Role.ADMIN })
    @Operation(summary = "Change some of title, severity, summary, body and scope")
    public IncidentView patch(@RestPath String slug, @Valid @NotNull IncidentPatch patch) {
        return incidents.patch(currentViewer.get(), slug, patch);
    }

    @POST
    @Path("/{slug}/updates")
    @RolesAllowed({ Role.SUPPORT, Role.ADMIN })
    @Operation(summary = "Add a timeline update (notifies the affected customers once published)")
    public RestResponse<IncidentView> addUpdate(@RestPath String slug, @Valid @NotNull AddUpdateRequest request) {
        IncidentView view = incidents.addUpdate(currentViewer.get(), slug, request);
        return RestResponse.status(RestResponse.Status.CREATED, view);
    }

    @POST
    @Path("/{slug}/publish")
    @RolesAllowed({ Role.SUPPORT, Role.ADMIN })
    @Operation(summary = "Publish a draft to the customers its scope touches, and notify their contacts")
    public IncidentView publish(@RestPath String slug) {
        return incidents.publish(currentViewer.get(), slug);
    }

    @GET
    @Path("/{slug}/audience")
    @RolesAllowed({ Role.SUPPORT, Role.ADMIN })
    @Operation(summary = "The clusters, customers and contacts the incident's scope touches now, with counts")
    public ScopePreview audience(@RestPath String slug) {
        IncidentView view = incidents.get(currentViewer.get(), slug);
        return incidents.scopePreview(currentViewer.get(), view.scope());
    }
}
