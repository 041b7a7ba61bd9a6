package io.patchcast.window;

/** Life of a maintenance window. Only SCHEDULED and IN_PROGRESS windows take a capacity slot. */
public enum WindowStatus {
    SCHEDULED("Scheduled"), IN_PROGRESS("In progress"), COMPLETED("Completed"), DELAYED("Delayed"), HELD("Held"),
    CANCELLED("Cancelled"), FAILED("Failed");

    public final String label;

    WindowStatus(String label) {
        this.label = label;
    }

    /** Not started and not finished: it can still be moved, held, delayed or cancelled. */
    public boolean pending() {
        return this == SCHEDULED || this == DELAYED || this == HELD;
    }

    public static java.util.Optional<WindowStatus> parse(String value) {
        if (value == null) {
            return java.util.Optional.empty();
        }
        String v = value.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
        for (WindowStatus s : values()) {
            if (s.name().equals(v)) {
                return java.util.Optional.of(s);
            }
        }
        return java.util.Optional.empty();
    }
}
