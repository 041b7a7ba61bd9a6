package io.patchcast.incident;

import java.util.List;

/**
 * The clusters and customers a scope touches, as staff see them before publishing.
 *
 * @param clusterCount  clusters that will receive the incident
 * @param customerCount customers that will see it and be notified
 * @param contactCount  email notices one publication sends (one per contact of each affected customer)
 * @param customers     affected customers with their affected clusters
 * @param unknown       clusters a rule id in the scope cannot decide (a node UNKNOWN, none AFFECTED): not
 *                      included, listed so staff can collect facts or add them explicitly
 */
public record ScopePreview(int clusterCount, int customerCount, long contactCount, List<CustomerHit> customers,
        List<ClusterHit> unknown) {

    /** One affected cluster and why it is in scope. */
    public record ClusterHit(long id, String name, long customerId, String customerSlug, String customerName,
            String provider, String region, String reason) {
    }

    public record CustomerHit(long id, String slug, String name, long contacts, List<ClusterHit> clusters) {
    }

    public static final ScopePreview NONE = new ScopePreview(0, 0, 0, List.of(), List.of());
}
