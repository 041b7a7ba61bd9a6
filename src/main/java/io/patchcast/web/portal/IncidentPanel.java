package io.patchcast.web.portal;

import java.util.List;

import io.patchcast.incident.IncidentService;
import io.patchcast.incident.IncidentStatus;
import io.patchcast.incident.IncidentSummaryView;
import io.patchcast.security.CurrentViewer;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * The incidents box of the customer dashboard, reached from the template as {@code inject:incidentPanel}
 * so the dashboard's page method stays as it is.
 */
@Named("incidentPanel")
@RequestScoped
public class IncidentPanel {

    private static final int SHOWN = 5;

    @Inject
    CurrentViewer currentViewer;

    @Inject
    IncidentService incidents;

    private List<IncidentSummaryView> recent;

    /** The latest incidents touching the viewer's customer, open ones first. */
    public List<IncidentSummaryView> recent() {
        if (recent == null) {
            recent = incidents.list(currentViewer.get()).stream()
                    .sorted(java.util.Comparator.comparing((IncidentSummaryView i) -> i.status() == IncidentStatus.RESOLVED))
                    .limit(SHOWN).toList();
        }
        return recent;
    }

    public long open() {
        return recent().stream().filter(i -> i.status() != IncidentStatus.RESOLVED).count();
    }
}
