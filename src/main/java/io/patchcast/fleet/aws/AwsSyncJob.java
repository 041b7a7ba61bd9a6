package io.patchcast.fleet.aws;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The scheduled AWS sync: only delegates, and only when enabled (patchcast.aws.sync.enabled). */
@ApplicationScoped
public class AwsSyncJob {

    @Inject
    AwsConfig config;

    @Inject
    AwsSyncService sync;

    @Scheduled(identity = "aws-sync", every = "${patchcast.aws.sync.every:6h}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        if (config.sync().enabled()) {
            sync.scheduled();
        }
    }
}
