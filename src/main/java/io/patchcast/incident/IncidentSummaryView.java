package io.patchcast.incident;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An incident in a list. {@code affectedClusters} counts the caller's own clusters for a customer and all
 * affected clusters for staff; {@code affectedCustomers} is for staff only.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IncidentSummaryView(String slug, String title, Severity severity, IncidentStatus status,
        String summary, boolean published, Instant publishedAt, Instant resolvedAt, Instant updatedAt,
        int affectedClusters, Integer affectedCustomers) {
}
