package io.patchcast.fleet;

import java.util.Locale;
import java.util.Optional;

/** The infrastructure a cluster runs on. */
public enum Provider {
    AWS("AWS"), GCP("GCP"), AZURE("Azure"), SELF_HOSTED("Self-hosted");

    public final String label;

    Provider(String label) {
        this.label = label;
    }

    /** Accepts the API spelling (aws, gcp, azure, self-hosted / self_hosted), case-insensitive. */
    public static Optional<Provider> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (Provider p : values()) {
            if (p.name().equals(v)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The lower-case spelling used in node facts and the API. */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
