package io.patchcast.compat;

/** How the values of a version fact are validated and ordered. */
public enum VersionScheme {
    /** dpkg ordering, see {@link DebianVersion}. */
    DEBIAN("debian") {
        @Override
        public String validationError(String version) {
            return DebianVersion.validationError(version);
        }

        @Override
        int compareValid(String a, String b) {
            return DebianVersion.compareValid(a, b);
        }
    },
    /** Dotted integers with the vendor extra ignored, see {@link XenVersion}. */
    XEN("xen") {
        @Override
        public String validationError(String version) {
            return XenVersion.validationError(version);
        }

        @Override
        int compareValid(String a, String b) {
            return XenVersion.compareValid(a, b);
        }
    };

    private final String key;

    VersionScheme(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    /** Why the value is not a version of this scheme, or null when it is. */
    public abstract String validationError(String version);

    /** Orders two versions already validated with {@link #validationError}. */
    abstract int compareValid(String a, String b);

    /**
     * Whether {@code version} belongs to the stable series {@code series} ({@code 5.10.113-1} to {@code 5.10},
     * not to {@code 5.1}). A Debian epoch is skipped; the series must be followed by a non-digit or the end.
     */
    boolean inSeries(String version, String series) {
        int start = this == DEBIAN ? version.indexOf(':') + 1 : 0;
        if (!version.startsWith(series, start)) {
            return false;
        }
        int next = start + series.length();
        return next == version.length() || !Character.isDigit(version.charAt(next));
    }

    static VersionScheme fromKey(String key) {
        for (VersionScheme scheme : values()) {
            if (scheme.key.equals(key)) {
                return scheme;
            }
        }
        return null;
    }
}
