package io.patchcast.notify;

import java.lang.management.ManagementFactory;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The name this app instance uses in outbox claims and job leases, unique per start. */
@ApplicationScoped
public class InstanceIdentity {

    private final String name;

    @Inject
    public InstanceIdentity(NotifyConfig config) {
        // The random suffix makes a restarted instance a different holder: it must not inherit the claims of the
        // process that was killed, which are recovered only when their lease expires.
        String base = config.instanceName().orElseGet(() -> ManagementFactory.getRuntimeMXBean().getName());
        String id = base + "/" + UUID.randomUUID().toString().substring(0, 8);
        this.name = id.length() > 60 ? id.substring(id.length() - 60) : id;
    }

    public String name() {
        return name;
    }
}
