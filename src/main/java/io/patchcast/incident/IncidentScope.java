package io.patchcast.incident;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import io.patchcast.fleet.Provider;

/**
 * What an incident touches. Within one dimension values are alternatives (AWS or GCP); dimensions that are
 * given narrow each other (AWS and i3); explicit clusters are added on top. An empty dimension does not
 * restrict, but a scope with no criterion and no cluster touches nothing (never "everyone" by accident).
 *
 * @param providers  provider keys (aws, gcp, azure, self-hosted)
 * @param regions    region names, e.g. us-east-1
 * @param families   instance families of the nodes, e.g. i3
 * @param ruleIds    compatibility rule ids: clusters with a node AFFECTED by the rule in current mode
 * @param clusterIds clusters named explicitly
 */
public record IncidentScope(List<String> providers, List<String> regions, List<String> families,
        List<String> ruleIds, List<Long> clusterIds) {

    public IncidentScope {
        providers = clean(providers, true);
        regions = clean(regions, false);
        families = clean(families, true);
        ruleIds = clean(ruleIds, false);
        clusterIds = clusterIds == null ? List.of() : List.copyOf(new LinkedHashSet<>(clusterIds));
    }

    public static final IncidentScope EMPTY = new IncidentScope(null, null, null, null, null);

    public boolean hasCriteria() {
        return !providers.isEmpty() || !regions.isEmpty() || !families.isEmpty() || !ruleIds.isEmpty();
    }

    public boolean isEmpty() {
        return !hasCriteria() && clusterIds.isEmpty();
    }

    public List<Provider> providerValues() {
        return providers.stream().map(p -> Provider.parse(p).orElseThrow()).toList();
    }

    static List<String> split(String csv) {
        if (csv == null || csv.isBlank()) {
            return List.of();
        }
        return Arrays.stream(csv.split("[,\\s]+")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    static String join(List<?> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    private static List<String> clean(List<String> values, boolean lower) {
        if (values == null) {
            return List.of();
        }
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                out.add(lower ? v.trim().toLowerCase(Locale.ROOT) : v.trim());
            }
        }
        return List.copyOf(out);
    }
}
