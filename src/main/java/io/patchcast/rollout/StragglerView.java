package io.patchcast.rollout;

/**
 * A node the verification stage found not on the release (or its planned variant).
 *
 * @param expectedKernel the kernel the node should run after the rollout; null where its plan keeps the kernel
 */
public record StragglerView(String instanceId, long clusterId, String clusterName, String customerName,
        Plan plan, PatchStatus clusterStatus, String runningKernel, String expectedKernel, String why) {
}
