package io.patchcast.incident;

import java.util.List;

import io.patchcast.demo.DemoConfig;
import io.patchcast.security.Role;
import io.patchcast.security.Viewer;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import jakarta.transaction.Transactional;

/**
 * The demo's published write-up of the 2022 AWS Xen incident, scoped to the MSI-X rule, so the demo shows
 * which customers received it (and their notices in the outbox). Runs after the demo fleet is loaded: plain
 * observers run at APPLICATION + 500, this one later.
 */
@ApplicationScoped
public class IncidentDemo {

    static final String SLUG = "aws-xen-nodes-fail-to-boot-after-kernel-update";
    static final String RULE = "xen-hvm-msix-masking";

    @Inject
    DemoConfig config;

    @Inject
    IncidentService incidents;

    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION + 600) StartupEvent event) {
        if (config.enabled()) {
            load();
        }
    }

    @Transactional
    public void load() {
        if (Incident.count() > 0) {
            return;
        }
        Viewer staff = new Viewer("support", Role.SUPPORT, null, "Sam Support");
        incidents.create(staff, new IncidentRequest(SLUG,
                "AWS Xen nodes fail to boot after the kernel update",
                "critical", "identified",
                "Some AWS nodes on older Xen hosts (i3, r4, m4) lost their network after rebooting into the"
                        + " updated kernel. We have paused kernel updates for the affected clusters.",
                BODY, new IncidentScope(List.of("aws"), null, null, List.of(RULE), null)));
        IncidentView published = incidents.publish(staff, SLUG);
        incidents.addUpdate(staff, SLUG, new AddUpdateRequest("monitoring", """
                Affected clusters have been moved to the **targeted plan**: package updates *without* the kernel.
                Their maintenance windows are delayed; we will reach out to you if your maintenance has to move.
                """));
        Log.infof("Demo incident %s published to %d customers (%d clusters)", SLUG,
                published.affectedCustomerCount(), published.affectedClusters().size());
    }

    static final String BODY = """
            ## What happened

            During the production stage of the May patch release, some AWS nodes did not come back after the
            reboot into the new kernel: most of the time, but not always. They booted, but their network card
            never received interrupts, so they failed their status checks.

            ## Why

            An upstream kernel change, *PCI/MSI: Mask MSI-X vectors only on success*, leaves the MSI-X vectors of
            pass-through network cards masked on **AWS Xen HVM guests** running on old Xen hosts (Xen 4.2).
            Nodes on Xen 4.11 hosts, Nitro instances (i3en, r6g, m5 and newer), GCP, Azure and self-hosted
            nodes are not affected and keep their schedule.

            | Instance family | NIC driver | Xen 4.2 host | Xen 4.11 host | Nitro |
            |:----------------|:-----------|:------------:|:-------------:|:-----:|
            | i3              | ena        | affected     | fine          | n/a   |
            | m4              | ixgbevf    | affected     | fine          | n/a   |
            | i3en, r6g, m5   | ena        | n/a          | n/a           | fine  |

            You can read the host's Xen version on a node:

            ```sh
            cat /sys/hypervisor/version/major /sys/hypervisor/version/minor /sys/hypervisor/version/extra
            ```

            ## What we are doing

            1. Affected clusters get package updates **without** the kernel until a fixed kernel is released.
            2. Their maintenance windows are delayed, not cancelled.
            3. Moving to a Nitro family removes the exposure for good; it can cost up to 50% more, so we will
               discuss it with you first.

            The upstream fix is
            [x86/pci/xen: Disable PCI/MSI[-X] masking for XEN_HVM guests](https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/commit/?id=7e0815b3e09986d2fe651199363e135b9358132a).
            """;
}
