package io.patchcast.fleet;

import java.util.List;

/** What POST /api/v1/facts did with each document, in the order they were sent. */
public record FactsReceipt(int accepted, List<Entry> nodes) {

    /**
     * @param outcome  created (a new node), updated, or ignored-older (collectedAt before the stored facts)
     * @param exposure the node's current-mode exposure after these facts, null if not computed
     */
    public record Entry(int index, String instanceId, long nodeId, String outcome, String exposure,
            DerivedView derived) {
    }

    /**
     * The derived facts as stored on the node (null = unknown).
     *
     * @param platform what a version 2 document added: boot target, interfaces, boot chain, cloud details; null for
     *                 version 1
     */
    public record DerivedView(String hypervisorType, String hypervisorVersion, String instanceFamily,
            String kernelVersion, String kernelStream, List<String> netDrivers, String osId, String osVersion,
            io.patchcast.compat.PlatformFacts platform) {
    }
}
