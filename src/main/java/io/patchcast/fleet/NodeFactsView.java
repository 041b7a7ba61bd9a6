package io.patchcast.fleet;

import java.time.Instant;
import java.util.List;

/**
 * A node's facts as the cluster page shows them: derived values, what EC2 says, the raw document, and how old
 * the facts are.
 *
 * @param age   "3 hours", "2 days": time since the facts were collected (received, if not collected)
 * @param stale older than patchcast.facts.stale-after
 */
public record NodeFactsView(long id, String instanceId, io.patchcast.compat.Verdict exposure, Instant collectedAt, Instant receivedAt,
        String age, boolean stale, String hypervisor, String instanceFamily, String kernelVersion,
        String kernelStream, String os, List<String> netDrivers, String instanceType, String state, String region,
        String providerHypervisor, String enaSupport, Instant providerSyncedAt, String rawJson, String lastChange,
        Instant lastChangeAt) {

    public boolean hasFacts() {
        return receivedAt != null;
    }
}
