package io.patchcast.exposure;

import java.time.Instant;

import io.patchcast.compat.DerivedFacts;
import io.patchcast.fleet.Provider;

/**
 * The columns exposure needs of one node, read by a projection query (no entity, no JSON parse), so a
 * fleet of 100,000 nodes is one streamed query.
 */
public record NodeFactsRow(long nodeId, String instanceId, String instanceType, long clusterId, long customerId,
        Provider provider, String instanceFamily, String hypervisorType, String hypervisorVersion,
        String kernelVersion, String kernelStream, String netDrivers, String osId, String osVersion,
        Instant factsReceivedAt, String platformFacts) {

    public static final String SELECT = "select new io.patchcast.exposure.NodeFactsRow(n.id, n.instanceId, n.instanceType,"
            + " c.id, c.customer.id, c.provider, n.instanceFamily, n.hypervisorType, n.hypervisorVersion,"
            + " n.kernelVersion, n.kernelStream, n.netDrivers, n.osId, n.osVersion, n.factsReceivedAt,"
            + " n.platformFacts)"
            + " from Node n join n.cluster c";

    /** The rows of the nodes of the given clusters. */
    public static java.util.List<NodeFactsRow> ofClusters(java.util.Collection<Long> clusterIds) {
        return io.patchcast.fleet.Node.getEntityManager()
                .createQuery(SELECT + " where c.id in ?1", NodeFactsRow.class)
                .setParameter(1, clusterIds).getResultList();
    }

    public boolean hasFacts() {
        return factsReceivedAt != null;
    }

    public DerivedFacts facts() {
        return DerivedFacts.ofColumns(provider.key(), instanceFamily, hypervisorType, hypervisorVersion, kernelVersion,
                kernelStream, netDrivers, osId, osVersion, platformFacts);
    }
}
