package io.patchcast.web.console;

import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;

import io.patchcast.common.Problem;
import io.patchcast.common.ProblemException;
import io.patchcast.fleet.Provider;
import io.patchcast.incident.AddUpdateRequest;
import io.patchcast.incident.IncidentRequest;
import io.patchcast.incident.IncidentScope;
import io.patchcast.incident.IncidentService;
import io.patchcast.incident.IncidentStatus;
import io.patchcast.incident.IncidentSummaryView;
import io.patchcast.incident.IncidentView;
import io.patchcast.incident.ScopePreview;
import io.patchcast.incident.Severity;
import io.patchcast.security.CurrentViewer;
import io.patchcast.security.Role;
import io.patchcast.security.Viewer;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Validator;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Staff pages for incidents: the list, the editor with previews, the timeline and publication. */
@Path("/console/incidents")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({ Role.SUPPORT, Role.ADMIN })
public class IncidentConsolePages {

    @Inject
    CurrentViewer currentViewer;

    @Inject
    IncidentService incidents;

    @Inject
    Validator validator;

    /** The editor's fields as typed; scope lists are comma-separated text. */
    public record EditorForm(String slug, String title, String severity, String status, String summary, String body,
            List<String> providers, String regions, String families, String rules, String clusters) {

        static EditorForm empty() {
            return new EditorForm("", "", "major", "investigating", "", "", List.of(), "", "", "", "");
        }

        static EditorForm of(IncidentView v) {
            IncidentScope s = v.scope();
            return new EditorForm(v.slug(), v.title(), v.severity().key(), v.status().key(), v.summary(),
                    v.bodyMarkdown(), s.providers(), String.join(", ", s.regions()), String.join(", ", s.families()),
                    String.join(", ", s.ruleIds()),
                    String.join(", ", s.clusterIds().stream().map(String::valueOf).toList()));
        }

        public boolean hasProvider(String key) {
            return providers != null && providers.contains(key);
        }

        IncidentScope scope(Map<String, String> errors) {
            List<Long> ids = new java.util.ArrayList<>();
            for (String id : split(clusters)) {
                try {
                    ids.add(Long.parseLong(id));
                } catch (NumberFormatException e) {
                    errors.put("scope.clusterIds", "'" + id + "' is not a cluster id");
                }
            }
            return new IncidentScope(providers, split(regions), split(families), split(rules), ids);
        }

        IncidentRequest request(Map<String, String> errors, boolean withSlug) {
            return new IncidentRequest(withSlug && slug != null && !slug.isBlank() ? slug.trim() : null, title,
                    severity, withSlug ? status : null, summary, body == null ? "" : body, scope(errors));
        }

        private static List<String> split(String csv) {
            return csv == null || csv.isBlank() ? List.of()
                    : Arrays.stream(csv.split("[,\\s]+")).filter(s -> !s.isBlank()).toList();
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(List<IncidentSummaryView> incidents);

        static native TemplateInstance editor(IncidentView incident, EditorForm form, Map<String, String> errors,
                IncidentView preview, ScopePreview audience, Severity[] severities, IncidentStatus[] statuses,
                Provider[] providers, String flash);
    }

    @GET
    public TemplateInstance list() {
        return Templates.list(incidents.list(currentViewer.get()));
    }

    @GET
    @Path("/new")
    public TemplateInstance create() {
        return editor(null, EditorForm.empty(), Map.of(), null, null, null);
    }

    @POST
    @Path("/new")
    public Response create(@RestForm String slug, @RestForm String title, @RestForm String severity,
            @RestForm String status, @RestForm String summary, @RestForm String body,
            @RestForm List<String> providers, @RestForm String regions, @RestForm String families,
            @RestForm String rules, @RestForm String clusters, @RestForm String action) {
        Viewer viewer = currentViewer.get();
        EditorForm form = new EditorForm(slug, title, severity, status, summary, body, providers, regions, families,
                rules, clusters);
        Map<String, String> errors = new LinkedHashMap<>();
        IncidentRequest request = form.request(errors, true);
        if ("preview".equals(action)) {
            return previewUnsaved(viewer, null, form, request, errors);
        }
        try {
            check(request, errors);
            IncidentView created = incidents.create(viewer, request);
            return Response.seeOther(URI.create("/console/incidents/" + created.slug() + "?saved=1")).build();
        } catch (ProblemException e) {
            return Response.status(e.problem().status())
                    .entity(editor(null, form, merge(errors, e.problem()), null, null, null)).build();
        }
    }

    @GET
    @Path("/{slug}")
    public TemplateInstance edit(@RestPath String slug, @org.jboss.resteasy.reactive.RestQuery String saved) {
        Viewer viewer = currentViewer.get();
        IncidentView incident = incidents.get(viewer, slug);
        String flash = saved == null ? null : switch (saved) {
            case "published" -> "Published. The affected customers' contacts are being notified.";
            case "update" -> "Timeline update added.";
            default -> "Saved.";
        };
        return editor(incident, EditorForm.of(incident), Map.of(), null,
                incidents.scopePreview(viewer, incident.scope()), flash);
    }

    @POST
    @Path("/{slug}")
    public Response save(@RestPath String slug, @RestForm String title, @RestForm String severity,
            @RestForm String summary, @RestForm String body, @RestForm List<String> providers,
            @RestForm String regions, @RestForm String families, @RestForm String rules, @RestForm String clusters,
            @RestForm String action) {
        Viewer viewer = currentViewer.get();
        IncidentView incident = incidents.get(viewer, slug);
        EditorForm form = new EditorForm(slug, title, severity, incident.status().key(), summary, body, providers,
                regions, families, rules, clusters);
        Map<String, String> errors = new LinkedHashMap<>();
        IncidentRequest request = form.request(errors, false);
        if ("preview".equals(action)) {
            return previewUnsaved(viewer, incident, form, request, errors);
        }
        try {
            check(request, errors);
            incidents.replace(viewer, slug, request);
            return Response.seeOther(URI.create("/console/incidents/" + slug + "?saved=1")).build();
        } catch (ProblemException e) {
            return Response.status(e.problem().status())
                    .entity(editor(incident, form, merge(errors, e.problem()), null, null, null)).build();
        }
    }

    @POST
    @Path("/{slug}/publish")
    public Response publish(@RestPath String slug) {
        Viewer viewer = currentViewer.get();
        try {
            incidents.publish(viewer, slug);
            return Response.seeOther(URI.create("/console/incidents/" + slug + "?saved=published")).build();
        } catch (ProblemException e) {
            if (e.problem().status() == 404) {
                throw e;
            }
            IncidentView incident = incidents.get(viewer, slug);
            return Response.status(e.problem().status()).entity(editor(incident, EditorForm.of(incident),
                    Map.of("publish", e.problem().detail()), null, incidents.scopePreview(viewer, incident.scope()),
                    null)).build();
        }
    }

    @POST
    @Path("/{slug}/updates")
    public Response addUpdate(@RestPath String slug, @RestForm String status, @RestForm("update") String text) {
        Viewer viewer = currentViewer.get();
        AddUpdateRequest request = new AddUpdateRequest(status, text);
        Map<String, String> errors = new LinkedHashMap<>();
        try {
            check(request, errors);
            incidents.addUpdate(viewer, slug, request);
            return Response.seeOther(URI.create("/console/incidents/" + slug + "?saved=update")).build();
        } catch (ProblemException e) {
            if (e.problem().status() == 404) {
                throw e;
            }
            IncidentView incident = incidents.get(viewer, slug);
            Map<String, String> shown = new LinkedHashMap<>();
            merge(errors, e.problem()).forEach((k, v) -> shown.put("update." + k, v));
            return Response.status(e.problem().status()).entity(editor(incident, EditorForm.of(incident), shown,
                    null, incidents.scopePreview(viewer, incident.scope()), null)).build();
        }
    }

    /** The customer view of the saved incident, through the very template customers get. */
    @GET
    @Path("/{slug}/preview")
    public TemplateInstance preview(@RestPath String slug) {
        return io.patchcast.web.portal.IncidentPortalPages.detailTemplate(
                incidents.customerPreview(currentViewer.get(), slug), true);
    }

    private Response previewUnsaved(Viewer viewer, IncidentView existing, EditorForm form, IncidentRequest request,
            Map<String, String> errors) {
        IncidentView preview = incidents.unsavedPreview(viewer, existing == null ? null : existing.slug(),
                form.title(), Severity.parse(form.severity()).orElse(Severity.MAJOR), form.summary(), form.body(),
                IncidentStatus.parse(form.status()).orElse(IncidentStatus.INVESTIGATING));
        ScopePreview audience = null;
        try {
            audience = incidents.scopePreview(viewer, request.scope());
        } catch (ProblemException e) {
            merge(errors, e.problem());
        }
        return Response.ok(editor(existing, form, errors, preview, audience, null)).build();
    }

    private TemplateInstance editor(IncidentView incident, EditorForm form, Map<String, String> errors,
            IncidentView preview, ScopePreview audience, String flash) {
        return Templates.editor(incident, form, errors, preview, audience, Severity.values(), IncidentStatus.values(),
                Provider.values(), flash);
    }

    /** Bean Validation of a form-built request, as field errors like the API's. */
    private void check(Object request, Map<String, String> errors) {
        for (var violation : validator.validate(request)) {
            errors.putIfAbsent(violation.getPropertyPath().toString(), violation.getMessage());
        }
        if (request instanceof IncidentRequest incident) {
            incidents.scopeErrors(incident.scope()).forEach(e -> errors.putIfAbsent(e.field(), e.message()));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors.entrySet().stream()
                    .map(e -> new Problem.FieldError(e.getKey(), e.getValue())).toList());
        }
    }

    private static Map<String, String> merge(Map<String, String> errors, Problem problem) {
        Map<String, String> all = new LinkedHashMap<>(errors);
        for (Problem.FieldError error : problem.errors()) {
            all.putIfAbsent(error.field(), error.message());
        }
        if (problem.errors().isEmpty() && problem.detail() != null) {
            all.putIfAbsent("form", problem.detail());
        }
        return all;
    }
}
