package io.patchcast.compat;

import java.util.Locale;

/** How bad it is for an affected node: critical means it may not come back after a reboot. */
public enum Severity {
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Severity fromKey(String key) {
        for (Severity severity : values()) {
            if (severity.key().equals(key)) {
                return severity;
            }
        }
        return null;
    }
}
