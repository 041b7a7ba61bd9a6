package io.patchcast.fleet.aws;

import java.time.Instant;

/** An EC2 scheduled event with the node and cluster it concerns. */
public record ScheduledEventView(long id, long nodeId, String instanceId, long clusterId, String clusterName,
        long customerId, String customerName, String code, String description, Instant notBefore, Instant notAfter,
        Instant deadline) {
}
