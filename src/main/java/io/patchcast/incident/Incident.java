package io.patchcast.incident;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Version;

/**
 * An incident write-up. A draft ({@code publishedAt} null) is seen by staff only; once published it is seen by
 * the customers whose clusters are in its affected set ({@link IncidentCluster}), and stays readable after
 * it is resolved.
 */
@Entity
public class Incident extends PanacheEntity {

    @Column(nullable = false, unique = true, length = 80)
    public String slug;

    @Column(nullable = false, length = 200)
    public String title;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    public Severity severity;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    public IncidentStatus status;

    @Column(nullable = false, length = 1000)
    public String summary;

    @Column(name = "body_markdown", nullable = false, length = 50000)
    public String bodyMarkdown;

    @Column(name = "scope_providers", nullable = false, length = 200)
    public String scopeProviders = "";

    @Column(name = "scope_regions", nullable = false, length = 1000)
    public String scopeRegions = "";

    @Column(name = "scope_families", nullable = false, length = 1000)
    public String scopeFamilies = "";

    @Column(name = "scope_rules", nullable = false, length = 1000)
    public String scopeRules = "";

    @Column(name = "scope_clusters", nullable = false, length = 2000)
    public String scopeClusters = "";

    @Column(name = "published_at")
    public Instant publishedAt;

    @Column(name = "resolved_at")
    public Instant resolvedAt;

    @Column(name = "created_by", nullable = false, length = 100)
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Version
    @Column(nullable = false)
    public long version;

    @OneToMany(mappedBy = "incident", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("createdAt desc, id desc")
    public List<IncidentUpdate> updates = new ArrayList<>();

    public boolean published() {
        return publishedAt != null;
    }

    public IncidentScope scope() {
        return new IncidentScope(IncidentScope.split(scopeProviders), IncidentScope.split(scopeRegions),
                IncidentScope.split(scopeFamilies), IncidentScope.split(scopeRules),
                IncidentScope.split(scopeClusters).stream().map(Long::valueOf).toList());
    }

    public void setScope(IncidentScope scope) {
        scopeProviders = IncidentScope.join(scope.providers());
        scopeRegions = IncidentScope.join(scope.regions());
        scopeFamilies = IncidentScope.join(scope.families());
        scopeRules = IncidentScope.join(scope.ruleIds());
        scopeClusters = IncidentScope.join(scope.clusterIds());
    }

    public static Optional<Incident> findBySlug(String slug) {
        return find("slug", slug).firstResultOptional();
    }

    /** Every incident, drafts first, then newest first (the staff list). */
    public static List<Incident> listAll() {
        return list("order by case when publishedAt is null then 0 else 1 end, updatedAt desc");
    }

    /** Published incidents touching a customer, newest first. */
    public static List<Incident> listPublishedFor(long customerId) {
        return list("from Incident i where i.publishedAt is not null and i.id in (select ic.incident.id"
                + " from IncidentCluster ic where ic.customerId = ?1) order by i.publishedAt desc", customerId);
    }

    public static Optional<Incident> findPublishedFor(String slug, long customerId) {
        return find("from Incident i where i.slug = ?1 and i.publishedAt is not null and i.id in"
                + " (select ic.incident.id from IncidentCluster ic where ic.customerId = ?2)", slug, customerId)
                .firstResultOptional();
    }
}
