package io.patchcast.fleet;

/** The service tier; it decides the rollout stage and the minimum notice for windows. */
public enum SlaTier {
    PRODUCTION("Production"), NON_PRODUCTION("Non-production");

    public final String label;

    SlaTier(String label) {
        this.label = label;
    }
}
