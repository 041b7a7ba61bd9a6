package io.patchcast.incident;

import java.util.Locale;
import java.util.Optional;

/** Where an incident stands; the last update's status is the incident's. */
public enum IncidentStatus {
    INVESTIGATING("Investigating"), IDENTIFIED("Identified"), MONITORING("Monitoring"), RESOLVED("Resolved");

    public final String label;

    IncidentStatus(String label) {
        this.label = label;
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<IncidentStatus> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.trim().toUpperCase(Locale.ROOT);
        for (IncidentStatus s : values()) {
            if (s.name().equals(v)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
