package io.patchcast.notify;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Sends due notices on every instance; the instances share the outbox through row claims, so this is not a
 * once-per-cluster job. Set {@code patchcast.notify.dispatch-every=off} to run an instance that never sends.
 */
@ApplicationScoped
public class NoticeDispatcher {

    @Inject
    NoticeDelivery delivery;

    @Scheduled(identity = "notice-dispatcher", every = "${patchcast.notify.dispatch-every:2s}", delayed = "5s",
            concurrentExecution = ConcurrentExecution.SKIP)
    void dispatch() {
        delivery.dispatchDue();
    }
}
