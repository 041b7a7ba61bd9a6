package io.patchcast.fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.patchcast.common.Params;

/** Filters on cluster lists; every part optional. Built from raw query parameters with clear 400s. */
public record ClusterFilter(Optional<Provider> provider, Optional<String> region, Optional<String> customer) {

    public static final ClusterFilter NONE = new ClusterFilter(Optional.empty(), Optional.empty(), Optional.empty());

    public static ClusterFilter parse(String provider, String region, String customer) {
        Optional<Provider> p = Params.optional("provider", provider, Provider::parse, "aws, gcp, azure, self-hosted");
        if (region != null && !region.isBlank() && !region.trim().matches("[a-z0-9-]{2,60}")) {
            throw io.patchcast.common.ProblemException.badRequest("region",
                    "must be a region name such as us-east-1, was '" + region + "'");
        }
        if (customer != null && !customer.isBlank() && !customer.trim().matches("[a-z0-9-]{1,60}")) {
            throw io.patchcast.common.ProblemException.badRequest("customer",
                    "must be a customer slug (lower-case letters, digits, dashes), was '" + customer + "'");
        }
        return new ClusterFilter(p, blankToEmpty(region), blankToEmpty(customer));
    }

    private static Optional<String> blankToEmpty(String s) {
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.trim());
    }

    /** JPQL conditions over {@code c} (cluster) and {@code cu} (customer), and their parameters in order. */
    List<Object> appendTo(StringBuilder where) {
        List<Object> params = new ArrayList<>();
        provider.ifPresent(p -> {
            params.add(p);
            where.append(" and c.provider = ?").append(params.size());
        });
        region.ifPresent(r -> {
            params.add(r);
            where.append(" and c.region = ?").append(params.size());
        });
        customer.ifPresent(s -> {
            params.add(s);
            where.append(" and cu.slug = ?").append(params.size());
        });
        return params;
    }
}
