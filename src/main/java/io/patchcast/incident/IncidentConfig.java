package io.patchcast.incident;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Incident write-ups. Links in feeds and emails use {@code patchcast.base-url}. */
@ConfigMapping(prefix = "patchcast.incidents")
public interface IncidentConfig {

    /** The author name of the Atom feed and of its entries. */
    @WithDefault("Patchcast maintenance")
    String feedAuthor();
}
