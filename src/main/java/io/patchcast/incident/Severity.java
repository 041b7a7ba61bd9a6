package io.patchcast.incident;

import java.util.Locale;
import java.util.Optional;

/** How bad an incident is for the customers it touches. */
public enum Severity {
    CRITICAL("Critical"), MAJOR("Major"), MINOR("Minor"), INFO("Information");

    public final String label;

    Severity(String label) {
        this.label = label;
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Severity> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.trim().toUpperCase(Locale.ROOT);
        for (Severity s : values()) {
            if (s.name().equals(v)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
