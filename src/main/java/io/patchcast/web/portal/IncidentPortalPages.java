package io.patchcast.web.portal;

import java.util.List;

import org.jboss.resteasy.reactive.RestPath;

import io.patchcast.incident.IncidentService;
import io.patchcast.incident.IncidentSummaryView;
import io.patchcast.incident.IncidentView;
import io.patchcast.security.CurrentViewer;
import io.patchcast.security.Role;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Incidents in the customer portal: those touching the customer, each with the customer's affected clusters.
 * An incident that does not touch the customer is a 404, as if it did not exist.
 */
@Path("/incidents")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({ Role.CUSTOMER, Role.SUPPORT, Role.ADMIN })
public class IncidentPortalPages {

    @Inject
    CurrentViewer currentViewer;

    @Inject
    IncidentService incidents;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(List<IncidentSummaryView> incidents);

        static native TemplateInstance detail(IncidentView incident, boolean preview);
    }

    /** The customer detail page; staff previews go through here too so they show exactly the same. */
    public static TemplateInstance detailTemplate(IncidentView incident, boolean preview) {
        return Templates.detail(incident, preview);
    }

    @GET
    public TemplateInstance list() {
        return Templates.list(incidents.list(currentViewer.get()));
    }

    @GET
    @Path("/{slug}")
    public TemplateInstance detail(@RestPath String slug) {
        return Templates.detail(incidents.get(currentViewer.get(), slug), false);
    }
}
