package io.patchcast.incident;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Incident write-ups: how they are linked from feeds and emails. */
@ConfigMapping(prefix = "patchcast.incidents")
public interface IncidentConfig {

    /**
     * The portal's public address, without trailing slash: feeds and emails need absolute links
     * (PATCHCAST_INCIDENTS_PUBLIC_URL).
     */
    @WithDefault("http://localhost:8080")
    String publicUrl();

    /** The author name of the Atom feed and of its entries. */
    @WithDefault("Patchcast maintenance")
    String feedAuthor();
}
