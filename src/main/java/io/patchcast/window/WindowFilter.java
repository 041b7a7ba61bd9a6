package io.patchcast.window;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.patchcast.fleet.Provider;

/**
 * Which windows to list or act on; null members do not filter. {@code instanceFamily} selects clusters with at
 * least one node of that family (e.g. "i3").
 */
public record WindowFilter(Provider provider, String region, Long customerId, Long clusterId, WindowStatus status,
        Instant from, Instant to, String instanceFamily) {

    public static final WindowFilter NONE = new WindowFilter(null, null, null, null, null, null, null, null);

    public WindowFilter forCustomer(long customer) {
        return new WindowFilter(provider, region, customer, clusterId, status, from, to, instanceFamily);
    }

    /** Appends "and …" conditions on alias w (window) and c (cluster) and returns the positional parameters. */
    List<Object> appendTo(StringBuilder where) {
        List<Object> params = new ArrayList<>();
        if (provider != null) {
            params.add(provider);
            where.append(" and c.provider = ?").append(params.size());
        }
        if (region != null && !region.isBlank()) {
            params.add(region);
            where.append(" and c.region = ?").append(params.size());
        }
        if (customerId != null) {
            params.add(customerId);
            where.append(" and c.customer.id = ?").append(params.size());
        }
        if (clusterId != null) {
            params.add(clusterId);
            where.append(" and c.id = ?").append(params.size());
        }
        if (status != null) {
            params.add(status);
            where.append(" and w.status = ?").append(params.size());
        }
        if (from != null) {
            params.add(from);
            where.append(" and w.endsAt > ?").append(params.size());
        }
        if (to != null) {
            params.add(to);
            where.append(" and w.startsAt < ?").append(params.size());
        }
        if (instanceFamily != null && !instanceFamily.isBlank()) {
            params.add(instanceFamily);
            where.append(" and exists (select n from Node n where n.cluster = c and n.instanceFamily = ?")
                    .append(params.size()).append(")");
        }
        return params;
    }
}
