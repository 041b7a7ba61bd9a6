package io.patchcast.fleet;

/** Node size of a cluster; developer-size non-production clusters make up the canary stage. */
public enum NodeSizeClass {
    DEVELOPER, SMALL, MEDIUM, LARGE, XLARGE
}
