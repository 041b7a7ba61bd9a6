package io.patchcast.fleet;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Node facts ingestion and display. */
@ConfigMapping(prefix = "patchcast.facts")
public interface FactsConfig {

    /** Facts collected longer ago than this are flagged stale on the cluster page (ISO-8601 duration). */
    @WithDefault("P7D")
    Duration staleAfter();

    /** Most documents one POST /api/v1/facts may carry. */
    @WithDefault("1000")
    int maxBatch();

    /**
     * How far in the future a document's collectedAt may lie (clock skew of the node); later is refused, as such
     * facts would never look stale.
     */
    @WithDefault("PT1H")
    Duration maxClockSkew();
}
