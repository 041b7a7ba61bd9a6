package io.patchcast.fleet;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;

/**
 * A node of a cluster. Keeps the latest facts document exactly as the agent sent it, and the facts the
 * server derived from it as columns (null = unknown), which is what exposure is computed from.
 */
@Entity
public class Node extends PanacheEntity {

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "cluster_id")
    public Cluster cluster;

    @Column(name = "instance_id", nullable = false, unique = true, length = 100)
    public String instanceId;

    @Column(name = "instance_type", length = 60)
    public String instanceType;

    /** Provider-reported state (running, stopped, …) where known. */
    @Column(length = 30)
    public String state;

    @Column(name = "facts_json", length = 262144)
    public String factsJson;

    @Column(name = "facts_collected_at")
    public Instant factsCollectedAt;

    @Column(name = "facts_received_at")
    public Instant factsReceivedAt;

    @Column(name = "hypervisor_type", length = 20)
    public String hypervisorType;

    @Column(name = "hypervisor_version", length = 30)
    public String hypervisorVersion;

    @Column(name = "instance_family", length = 30)
    public String instanceFamily;

    /** Debian package version of the running kernel, e.g. 5.10.113-1. */
    @Column(name = "kernel_version", length = 80)
    public String kernelVersion;

    @Column(name = "kernel_stream", length = 20)
    public String kernelStream;

    /** Comma-separated NIC driver names. */
    @Column(name = "net_drivers", length = 200)
    public String netDrivers;

    @Column(name = "os_id", length = 40)
    public String osId;

    @Column(name = "os_version", length = 40)
    public String osVersion;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    // --- node facts (issue 4) ---

    /** Current-mode exposure (running kernel) as the engine last computed it; null = never computed. */
    @Column(length = 20)
    public String exposure;

    /**
     * The derived facts of a version 2 document (boot target, interfaces, boot chain, cloud details) as JSON, null
     * for a node that sent version 1 documents only. See {@link io.patchcast.compat.PlatformFacts}.
     */
    @Column(name = "platform_facts", length = 16000)
    public String platformFacts;

    /** Provider region as the agent or the provider's inventory reports it. */
    @Column(length = 60)
    public String region;

    /** When the AWS inventory sync last saw this instance. */
    @Column(name = "provider_synced_at")
    public Instant providerSyncedAt;

    /** ENA support of the instance type per DescribeInstanceTypes: required, supported, unsupported. */
    @Column(name = "ena_support", length = 20)
    public String enaSupport;

    /** The hypervisor of the instance type per DescribeInstanceTypes (nitro, xen); not a derived fact. */
    @Column(name = "provider_hypervisor", length = 20)
    public String providerHypervisor;

    public boolean hasFacts() {
        return factsReceivedAt != null;
    }

    /** The derived facts stored on this node, as the engine evaluates them (null columns = unknown). */
    public io.patchcast.compat.DerivedFacts derivedFacts() {
        return io.patchcast.compat.DerivedFacts.ofColumns(cluster.provider.key(), instanceFamily, hypervisorType,
                hypervisorVersion, kernelVersion, kernelStream, netDrivers, osId, osVersion, platformFacts);
    }

    public static Optional<Node> findByInstanceId(String instanceId) {
        return find("instanceId", instanceId).firstResultOptional();
    }

    public static List<Node> listByCluster(long clusterId) {
        return list("cluster.id = ?1 order by instanceId", clusterId);
    }
}
