package io.patchcast.rollout;

import java.util.Optional;

/** The six stages a patch release passes, in order (see "The staged patch cycle" in the design). */
public enum Stage {
    INTERNAL(1, "Internal testing", "The provider's own internal clusters, with performance checks", true),
    CANARY(2, "Non-production canary", "A share of non-production clusters with developer-size nodes", true),
    NON_PRODUCTION(3, "All non-production", "The remaining non-production clusters", true),
    NEW_NODES(4, "Default for new nodes", "The release becomes the image of newly created nodes; no windows", false),
    PRODUCTION(5, "Production", "All production clusters", true),
    VERIFICATION(6, "Fleet verification", "Every node is checked to run the release; stragglers are listed", false);

    public final int number;
    public final String label;
    public final String selection;
    /** Whether the stage patches clusters in maintenance windows; the other two have no windows. */
    public final boolean hasWindows;

    Stage(int number, String label, String selection, boolean hasWindows) {
        this.number = number;
        this.label = label;
        this.selection = selection;
        this.hasWindows = hasWindows;
    }

    public static Stage of(int number) {
        return byNumber(number).orElseThrow(() -> new IllegalArgumentException("no stage " + number));
    }

    public static Optional<Stage> byNumber(int number) {
        return number >= 1 && number <= values().length ? Optional.of(values()[number - 1]) : Optional.empty();
    }

    public Optional<Stage> next() {
        return byNumber(number + 1);
    }
}
