package io.patchcast.incident;

import java.util.List;

import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;

/** Tells the contacts of affected customers about a publication or a timeline update, through the outbox. */
@ApplicationScoped
public class IncidentNotifier {

    public void published(Incident incident, List<Long> customerIds) {
        Log.debugf("incident %s published to %s", incident.slug, customerIds);
    }

    public void updated(Incident incident, IncidentUpdate update, List<Long> customerIds) {
        Log.debugf("incident %s updated for %s", incident.slug, customerIds);
    }
}
