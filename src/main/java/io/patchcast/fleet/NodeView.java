package io.patchcast.fleet;

import java.time.Instant;
import java.util.List;

/** A node with the facts the server derived from its latest facts document (null = unknown). */
public record NodeView(long id, String instanceId, String instanceType, String state, String hypervisorType,
        String hypervisorVersion, String instanceFamily, String kernelVersion, String kernelStream,
        List<String> netDrivers, String osId, String osVersion, Instant factsCollectedAt, Instant factsReceivedAt) {

    static NodeView of(Node n) {
        List<String> drivers = n.netDrivers == null || n.netDrivers.isBlank() ? List.of()
                : List.of(n.netDrivers.split(","));
        return new NodeView(n.id, n.instanceId, n.instanceType, n.state, n.hypervisorType, n.hypervisorVersion,
                n.instanceFamily, n.kernelVersion, n.kernelStream, drivers, n.osId, n.osVersion, n.factsCollectedAt,
                n.factsReceivedAt);
    }

    public boolean hasFacts() {
        return factsReceivedAt != null;
    }

    /** "xen 4.2", "nitro", or null when unknown. */
    public String hypervisor() {
        if (hypervisorType == null) {
            return null;
        }
        return hypervisorVersion == null ? hypervisorType : hypervisorType + " " + hypervisorVersion;
    }

    public String os() {
        if (osId == null) {
            return null;
        }
        return osVersion == null ? osId : osId + " " + osVersion;
    }
}
