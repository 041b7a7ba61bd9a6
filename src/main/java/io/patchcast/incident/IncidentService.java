package io.patchcast.incident;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.text.Normalizer;

import io.patchcast.common.ProblemException;
import io.patchcast.fleet.Cluster;
import io.patchcast.security.Viewer;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;

/**
 * Writes, publishes and reads incidents. Drafts exist for staff only. Publishing freezes the affected
 * clusters computed from the scope into {@link IncidentCluster}; customers see, and are notified about,
 * exactly the incidents in which one of their clusters is. Changing the scope of a published incident
 * recomputes that set (customers newly in it get the publication notice; the outbox's idempotency key
 * keeps the others from getting it twice).
 */
@ApplicationScoped
@Transactional(Transactional.TxType.REQUIRED)
public class IncidentService {

    @Inject
    Clock clock;

    @Inject
    MarkdownRenderer markdown;

    @Inject
    ScopeResolver scopes;

    @Inject
    IncidentNotifier notifier;

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<IncidentSummaryView> list(Viewer viewer) {
        if (viewer.isStaff()) {
            Map<Long, long[]> counts = affectedCounts();
            return Incident.listAll().stream().map(i -> {
                long[] c = counts.getOrDefault(i.id, new long[2]);
                return summary(i, (int) c[0], (int) c[1]);
            }).toList();
        }
        if (viewer.customerId() == null) {
            return List.of();
        }
        return Incident.listPublishedFor(viewer.customerId()).stream()
                .map(i -> summary(i, IncidentCluster.clusterIdsFor(i.id, viewer.customerId()).size(), null))
                .toList();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public IncidentView get(Viewer viewer, String slug) {
        return view(viewer, find(viewer, slug));
    }

    /** What a customer will see of this incident, for staff previews of drafts and published incidents alike. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public IncidentView customerPreview(Viewer viewer, String slug) {
        requireStaff(viewer);
        Incident incident = find(viewer, slug);
        return customerView(incident, List.of());
    }

    /**
     * What customers would see for unsaved editor values, rendered by the same code as the real thing;
     * the timeline is the saved one when the incident exists.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public IncidentView unsavedPreview(Viewer viewer, String slug, String title, Severity severity, String summary,
            String body, IncidentStatus status) {
        requireStaff(viewer);
        Incident existing = slug == null || slug.isBlank() ? null : Incident.findBySlug(slug).orElse(null);
        List<IncidentView.UpdateView> timeline = existing == null ? List.of() : updates(existing, false);
        Instant now = clock.instant();
        return new IncidentView(slug, title, severity, existing == null ? status : existing.status, summary,
                markdown.render(body), null, existing != null && existing.published(),
                existing == null ? null : existing.publishedAt, existing == null ? null : existing.resolvedAt, null,
                now, null, null, List.of(), timeline);
    }

    /** Field errors of a scope (unknown provider, rule or cluster), for forms that show all errors at once. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<io.patchcast.common.Problem.FieldError> scopeErrors(IncidentScope scope) {
        return scope == null ? List.of() : scopes.validate(scope, "scope.");
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public ScopePreview scopePreview(Viewer viewer, IncidentScope scope) {
        requireStaff(viewer);
        return scopes.preview(scope == null ? IncidentScope.EMPTY : scope);
    }

    public IncidentView create(Viewer viewer, @Valid IncidentRequest request) {
        requireStaff(viewer);
        IncidentScope scope = request.scope() == null ? IncidentScope.EMPTY : request.scope();
        scopes.requireValid(scope);
        Instant now = clock.instant();
        Incident incident = new Incident();
        incident.slug = request.slug() != null && !request.slug().isBlank() ? request.slug() : uniqueSlug(request.title());
        if (Incident.findBySlug(incident.slug).isPresent()) {
            throw ProblemException.badRequest("slug", "is already used by another incident");
        }
        incident.title = request.title().strip();
        incident.severity = Severity.parse(request.severity()).orElseThrow();
        incident.status = IncidentStatus.parse(request.status()).orElse(IncidentStatus.INVESTIGATING);
        incident.resolvedAt = incident.status == IncidentStatus.RESOLVED ? now : null;
        incident.summary = request.summary().strip();
        incident.bodyMarkdown = request.body();
        incident.setScope(scope);
        incident.createdBy = viewer.username();
        incident.createdAt = now;
        incident.updatedAt = now;
        incident.persist();
        Log.infof("Incident %s drafted by %s", incident.slug, viewer.username());
        return view(viewer, incident);
    }

    public IncidentView replace(Viewer viewer, String slug, @Valid IncidentRequest request) {
        requireStaff(viewer);
        Incident incident = find(viewer, slug);
        return change(viewer, incident, request.title(), request.severity(), request.summary(), request.body(),
                request.scope() == null ? IncidentScope.EMPTY : request.scope());
    }

    public IncidentView patch(Viewer viewer, String slug, @Valid IncidentPatch patch) {
        requireStaff(viewer);
        Incident incident = find(viewer, slug);
        return change(viewer, incident, patch.title(), patch.severity(), patch.summary(), patch.body(), patch.scope());
    }

    public IncidentView addUpdate(Viewer viewer, String slug, @Valid AddUpdateRequest request) {
        requireStaff(viewer);
        Incident incident = find(viewer, slug);
        Instant now = clock.instant();
        IncidentUpdate update = new IncidentUpdate();
        update.incident = incident;
        update.status = IncidentStatus.parse(request.status()).orElseThrow();
        update.bodyMarkdown = request.body();
        update.author = viewer.username();
        update.createdAt = now;
        update.persist();
        incident.updates.add(0, update);
        incident.status = update.status;
        incident.resolvedAt = update.status == IncidentStatus.RESOLVED ? now : null;
        incident.updatedAt = now;
        if (incident.published()) {
            notifier.updated(incident, update, IncidentCluster.customerIdsOf(incident.id));
        }
        return view(viewer, incident);
    }

    public IncidentView publish(Viewer viewer, String slug) {
        requireStaff(viewer);
        Incident incident = find(viewer, slug);
        if (incident.published()) {
            throw ProblemException.conflict("Incident " + slug + " is already published; add a timeline update instead.");
        }
        ScopePreview affected = scopes.preview(incident.scope());
        if (affected.clusterCount() == 0) {
            throw ProblemException.refused("incident-scope-empty",
                    "The scope of this incident touches no cluster, so publishing it would reach nobody.", Map.of());
        }
        Instant now = clock.instant();
        incident.publishedAt = now;
        incident.updatedAt = now;
        List<Long> customers = snapshot(incident, affected);
        notifier.published(incident, customers);
        Log.infof("Incident %s published by %s to %d customers (%d clusters)", slug, viewer.username(),
                customers.size(), affected.clusterCount());
        return view(viewer, incident);
    }

    private IncidentView change(Viewer viewer, Incident incident, String title, String severity, String summary,
            String body, IncidentScope scope) {
        if (scope != null) {
            scopes.requireValid(scope);
        }
        if (title != null) {
            incident.title = title.strip();
        }
        if (severity != null) {
            incident.severity = Severity.parse(severity).orElseThrow();
        }
        if (summary != null) {
            incident.summary = summary.strip();
        }
        if (body != null) {
            incident.bodyMarkdown = body;
        }
        boolean scopeChanged = scope != null && !scope.equals(incident.scope());
        if (scope != null) {
            incident.setScope(scope);
        }
        incident.updatedAt = clock.instant();
        if (incident.published() && scopeChanged) {
            ScopePreview affected = scopes.preview(scope);
            if (affected.clusterCount() == 0) {
                throw ProblemException.refused("incident-scope-empty",
                        "A published incident must keep touching at least one cluster.", Map.of());
            }
            notifier.published(incident, snapshot(incident, affected));
        }
        return view(viewer, incident);
    }

    /** Replaces the affected set with the preview's clusters; returns the affected customer ids. */
    private static List<Long> snapshot(Incident incident, ScopePreview affected) {
        IncidentCluster.deleteByIncident(incident.id);
        Panache.getEntityManager().flush();
        List<Long> customers = new ArrayList<>();
        for (ScopePreview.CustomerHit customer : affected.customers()) {
            customers.add(customer.id());
            for (ScopePreview.ClusterHit hit : customer.clusters()) {
                IncidentCluster row = new IncidentCluster();
                row.incident = incident;
                row.cluster = Cluster.getEntityManager().getReference(Cluster.class, hit.id());
                row.customerId = hit.customerId();
                row.persist();
            }
        }
        return customers;
    }

    /** The incident if the viewer may see it: staff see all, customers only published ones touching them. */
    private static Incident find(Viewer viewer, String slug) {
        Incident incident = null;
        if (slug != null && slug.length() <= 80) {
            if (viewer.isStaff()) {
                incident = Incident.findBySlug(slug).orElse(null);
            } else if (viewer.customerId() != null) {
                incident = Incident.findPublishedFor(slug, viewer.customerId()).orElse(null);
            }
        }
        if (incident == null) {
            throw ProblemException.notFound("Incident " + slug);
        }
        return incident;
    }

    private static void requireStaff(Viewer viewer) {
        if (!viewer.isStaff()) {
            // the resources already refuse non-staff; this keeps the service safe when called from elsewhere
            throw new io.quarkus.security.ForbiddenException();
        }
    }

    private IncidentView view(Viewer viewer, Incident incident) {
        if (!viewer.isStaff()) {
            Set<Long> own = IncidentCluster.clusterIdsFor(incident.id, viewer.customerId());
            List<IncidentView.AffectedCluster> clusters = affectedClusters(incident).stream()
                    .filter(c -> own.contains(c.id())).toList();
            return customerView(incident, clusters);
        }
        List<IncidentView.AffectedCluster> clusters = affectedClusters(incident);
        int customers = (int) clusters.stream().map(IncidentView.AffectedCluster::customerSlug).distinct().count();
        return new IncidentView(incident.slug, incident.title, incident.severity, incident.status, incident.summary,
                markdown.render(incident.bodyMarkdown), incident.bodyMarkdown, incident.published(),
                incident.publishedAt, incident.resolvedAt, incident.createdAt, incident.updatedAt, incident.scope(),
                customers, clusters, updates(incident, true));
    }

    private IncidentView customerView(Incident incident, List<IncidentView.AffectedCluster> clusters) {
        return new IncidentView(incident.slug, incident.title, incident.severity, incident.status, incident.summary,
                markdown.render(incident.bodyMarkdown), null, incident.published(), incident.publishedAt,
                incident.resolvedAt, null, incident.updatedAt, null, null, clusters, updates(incident, false));
    }

    private List<IncidentView.UpdateView> updates(Incident incident, boolean staff) {
        return incident.updates.stream().map(u -> new IncidentView.UpdateView(u.id, u.status,
                markdown.render(u.bodyMarkdown), staff ? u.bodyMarkdown : null, staff ? u.author : null, u.createdAt))
                .toList();
    }

    /** Published: the frozen affected set; draft: what the scope would touch now. */
    private List<IncidentView.AffectedCluster> affectedClusters(Incident incident) {
        if (!incident.published()) {
            return List.of();
        }
        return Panache.getEntityManager().createQuery("select c.id, c.name, cu.slug, cu.name, c.provider, c.region"
                + " from IncidentCluster ic join ic.cluster c join c.customer cu where ic.incident.id = ?1"
                + " order by cu.name, c.name", Object[].class).setParameter(1, incident.id).getResultList().stream()
                .map(r -> new IncidentView.AffectedCluster((Long) r[0], (String) r[1], (String) r[2], (String) r[3],
                        ((io.patchcast.fleet.Provider) r[4]).key(), (String) r[5]))
                .toList();
    }

    private static IncidentSummaryView summary(Incident i, int clusters, Integer customers) {
        return new IncidentSummaryView(i.slug, i.title, i.severity, i.status, i.summary, i.published(), i.publishedAt,
                i.resolvedAt, i.updatedAt, clusters, customers);
    }

    /** Per incident id: {affected clusters, affected customers}. */
    private static Map<Long, long[]> affectedCounts() {
        Map<Long, long[]> counts = new HashMap<>();
        Panache.getEntityManager().createQuery("select ic.incident.id, count(ic), count(distinct ic.customerId)"
                + " from IncidentCluster ic group by ic.incident.id", Object[].class).getResultList()
                .forEach(r -> counts.put((Long) r[0], new long[] { (Long) r[1], (Long) r[2] }));
        return counts;
    }

    static String slugOf(String title) {
        String ascii = Normalizer.normalize(title, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        String slug = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        if (slug.length() > 60) {
            slug = slug.substring(0, 60).replaceAll("-+$", "");
        }
        return slug.length() < 3 ? "incident" : slug;
    }

    private static String uniqueSlug(String title) {
        String base = slugOf(title);
        String slug = base;
        for (int n = 2; Incident.findBySlug(slug).isPresent(); n++) {
            slug = base + "-" + n;
        }
        return slug;
    }
}
