package io.patchcast.window;

import java.time.Duration;
import java.util.List;

import io.patchcast.demo.DemoConfig;
import io.patchcast.security.AppUser;
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
 * Demo: one window already moved by its customer, with its audit entry and notices, so the portal shows a
 * move history on first start. Runs after the demo rollout has scheduled its windows; does nothing when there
 * is no window to move or a customer has already moved one.
 */
@ApplicationScoped
public class WindowDemo {

    /** The customer whose window is moved; its demo login shows the history. */
    static final String CUSTOMER = "acme-analytics";

    @Inject
    DemoConfig demo;

    @Inject
    WindowService windows;

    @Inject
    java.time.Clock clock;

    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION + 800) StartupEvent event) {
        if (demo.enabled()) {
            moveOne();
        }
    }

    @Transactional
    public void moveOne() {
        if (WindowChange.count("kind = ?1 and staff = false", ChangeKind.MOVED) > 0) {
            return;
        }
        List<MaintenanceWindow> candidates = MaintenanceWindow.list("status = ?1 and startsAt > ?2 and"
                + " cluster.customer.slug = ?3 order by startsAt", WindowStatus.SCHEDULED,
                clock.instant().plus(Duration.ofDays(3)), CUSTOMER);
        AppUser user = AppUser.findByUsername(CUSTOMER).orElse(null);
        if (candidates.isEmpty() || user == null) {
            Log.info("Demo windows: no scheduled window to show a customer move on");
            return;
        }
        Viewer viewer = new Viewer(user.username, Role.CUSTOMER, user.customer.id, user.displayName);
        for (MaintenanceWindow w : candidates) {
            List<java.time.Instant> starts = windows.moveOptions(viewer, w.id).suggestions();
            if (!starts.isEmpty()) {
                windows.reschedule(viewer, w.id, new RescheduleRequest(starts.get(0),
                        "Clashes with our quarter-end reporting run", w.version, null, null, null));
                Log.infof("Demo windows: window %d of %s moved by its customer", w.id, w.cluster.name);
                return;
            }
        }
    }
}
