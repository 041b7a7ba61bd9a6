package io.patchcast.fleet;

/** A cluster as lists show it: where it runs, what it runs, whose it is, how many nodes. */
public record ClusterView(long id, String name, long customerId, String customerSlug, String customerName,
        Application application, Provider provider, String region, SlaTier slaTier, NodeSizeClass nodeSizeClass,
        boolean internal, long nodeCount) {
}
