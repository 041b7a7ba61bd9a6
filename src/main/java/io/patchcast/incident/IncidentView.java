package io.patchcast.incident;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One incident as the caller may see it. Markdown sources, the scope and the customer counts are for staff
 * and are left out (null) for customers; {@code affectedClusters} is the caller's own for a customer.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IncidentView(String slug, String title, Severity severity, IncidentStatus status, String summary,
        String bodyHtml, String bodyMarkdown, boolean published, Instant publishedAt, Instant resolvedAt,
        Instant createdAt, Instant updatedAt, IncidentScope scope, Integer affectedCustomerCount,
        List<AffectedCluster> affectedClusters, List<UpdateView> updates) {

    /** A cluster of the incident's affected set. */
    public record AffectedCluster(long id, String name, String customerSlug, String customerName, String provider,
            String region) {
    }

    /** A timeline entry, newest first. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record UpdateView(long id, IncidentStatus status, String bodyHtml, String bodyMarkdown, String author,
            Instant createdAt) {
    }
}
