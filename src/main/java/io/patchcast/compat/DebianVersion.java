package io.patchcast.compat;

/**
 * A Debian package version ({@code [epoch:]upstream[-revision]}) ordered exactly as dpkg orders it.
 * <p>
 * Kernel windows are decided by comparing package versions such as {@code 5.10.113-1} or
 * {@code 5.18.16-1~bpo11+1}; a comparator that disagrees with dpkg on a single pair would put a node on the
 * wrong side of a fix. Inputs dpkg only warns about (bad characters, upstream not starting with a digit) are
 * rejected here, because a rule or a planned kernel with such a version is a typo, not a version.
 * <p>
 * The static {@link #compare(String, String)} works on the strings in place without allocating, so the
 * evaluator can use it on its hot path.
 */
public final class DebianVersion implements Comparable<DebianVersion> {

    private static final String SCHEME = "Debian";

    private final String text;
    private final int epoch;
    private final String upstream;
    private final String revision;

    private DebianVersion(String text, int epoch, String upstream, String revision) {
        this.text = text;
        this.epoch = epoch;
        this.upstream = upstream;
        this.revision = revision;
    }

    /**
     * Parses and validates a version.
     *
     * @throws InvalidVersionException saying what is wrong with it
     */
    public static DebianVersion parse(String text) {
        String error = validationError(text);
        if (error != null) {
            throw new InvalidVersionException(SCHEME, text, error);
        }
        int colon = text.indexOf(':');
        int hyphen = text.lastIndexOf('-');
        int upstreamEnd = hyphen >= 0 ? hyphen : text.length();
        return new DebianVersion(text,
                colon >= 0 ? parseEpoch(text, colon) : 0,
                text.substring(colon + 1, upstreamEnd),
                hyphen >= 0 ? text.substring(hyphen + 1) : "");
    }

    public static boolean isValid(String text) {
        return validationError(text) == null;
    }

    /**
     * Why {@code text} is not a valid version, or {@code null} when it is. Does not allocate on valid input.
     */
    public static String validationError(String text) {
        if (text == null || text.isEmpty()) {
            return "version is empty";
        }
        int length = text.length();
        int colon = text.indexOf(':');
        int start = 0;
        if (colon >= 0) {
            if (colon == 0) {
                return "epoch before ':' is empty";
            }
            for (int i = 0; i < colon; i++) {
                if (!isDigit(text.charAt(i))) {
                    return "epoch '" + text.substring(0, colon) + "' is not a number";
                }
            }
            if (parseEpoch(text, colon) < 0) {
                return "epoch '" + text.substring(0, colon) + "' is too big (at most " + Integer.MAX_VALUE + ")";
            }
            if (colon == length - 1) {
                return "nothing after the epoch colon";
            }
            start = colon + 1;
        }
        int hyphen = text.lastIndexOf('-');
        int upstreamEnd = length;
        if (hyphen >= start) {
            if (hyphen == length - 1) {
                return "revision after the last '-' is empty";
            }
            upstreamEnd = hyphen;
        }
        if (upstreamEnd == start) {
            return "upstream version is empty";
        }
        if (!isDigit(text.charAt(start))) {
            return "upstream version must start with a digit, found '" + text.charAt(start) + "'";
        }
        for (int i = start; i < upstreamEnd; i++) {
            char c = text.charAt(i);
            if (!isAlnum(c) && c != '.' && c != '+' && c != '~' && c != '-' && c != ':') {
                return "invalid character '" + printable(c) + "' in upstream version at position " + i;
            }
        }
        for (int i = upstreamEnd + 1; i < length; i++) {
            char c = text.charAt(i);
            if (!isAlnum(c) && c != '.' && c != '+' && c != '~') {
                return "invalid character '" + printable(c) + "' in revision at position " + i;
            }
        }
        return null;
    }

    /**
     * Orders two versions as {@code dpkg --compare-versions} does: negative, zero or positive.
     *
     * @throws InvalidVersionException if either is invalid; never orders garbage silently
     */
    public static int compare(String a, String b) {
        String error = validationError(a);
        if (error != null) {
            throw new InvalidVersionException(SCHEME, a, error);
        }
        error = validationError(b);
        if (error != null) {
            throw new InvalidVersionException(SCHEME, b, error);
        }
        return compareValid(a, b);
    }

    /** As {@link #compare(String, String)} for inputs already known to be valid; no checks, no allocation. */
    static int compareValid(String a, String b) {
        int colonA = a.indexOf(':');
        int colonB = b.indexOf(':');
        int epochA = colonA >= 0 ? parseEpoch(a, colonA) : 0;
        int epochB = colonB >= 0 ? parseEpoch(b, colonB) : 0;
        if (epochA != epochB) {
            return epochA < epochB ? -1 : 1;
        }
        int hyphenA = a.lastIndexOf('-');
        int hyphenB = b.lastIndexOf('-');
        int upstreamEndA = hyphenA > colonA ? hyphenA : a.length();
        int upstreamEndB = hyphenB > colonB ? hyphenB : b.length();
        int result = compareFragment(a, colonA + 1, upstreamEndA, b, colonB + 1, upstreamEndB);
        if (result != 0) {
            return result;
        }
        // an absent revision compares like an empty one, which is why "1.0-0" equals "1.0"
        return compareFragment(a, Math.min(upstreamEndA + 1, a.length()), a.length(),
                b, Math.min(upstreamEndB + 1, b.length()), b.length());
    }

    /**
     * dpkg's {@code verrevcmp} over {@code a[aFrom, aTo)} and {@code b[bFrom, bTo)}: alternating non-digit
     * runs (compared by {@link #order}) and digit runs (compared numerically, any length).
     */
    private static int compareFragment(String a, int aFrom, int aTo, String b, int bFrom, int bTo) {
        int i = aFrom;
        int j = bFrom;
        while (i < aTo || j < bTo) {
            while ((i < aTo && !isDigit(a.charAt(i))) || (j < bTo && !isDigit(b.charAt(j)))) {
                int ac = order(i < aTo ? a.charAt(i) : 0);
                int bc = order(j < bTo ? b.charAt(j) : 0);
                if (ac != bc) {
                    return Integer.signum(ac - bc);
                }
                i++;
                j++;
            }
            while (i < aTo && a.charAt(i) == '0') {
                i++;
            }
            while (j < bTo && b.charAt(j) == '0') {
                j++;
            }
            // with leading zeros gone, the longer digit run is the bigger number; equal lengths
            // are decided by the first differing digit
            int firstDiff = 0;
            while (i < aTo && j < bTo && isDigit(a.charAt(i)) && isDigit(b.charAt(j))) {
                if (firstDiff == 0) {
                    firstDiff = a.charAt(i) - b.charAt(j);
                }
                i++;
                j++;
            }
            if (i < aTo && isDigit(a.charAt(i))) {
                return 1;
            }
            if (j < bTo && isDigit(b.charAt(j))) {
                return -1;
            }
            if (firstDiff != 0) {
                return Integer.signum(firstDiff);
            }
        }
        return 0;
    }

    /** dpkg's weight of a non-digit position: '~' below the end of the string, letters below other symbols. */
    private static int order(int c) {
        if (isDigit(c) || c == 0) {
            return 0;
        }
        if (isAlpha(c)) {
            return c;
        }
        if (c == '~') {
            return -1;
        }
        return c + 256;
    }

    /** The epoch, or -1 when it does not fit an int (dpkg refuses those too). */
    private static int parseEpoch(String text, int colon) {
        long value = 0;
        for (int i = 0; i < colon; i++) {
            value = value * 10 + (text.charAt(i) - '0');
            if (value > Integer.MAX_VALUE) {
                return -1;
            }
        }
        return (int) value;
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    // ASCII only, like dpkg's c_isalpha: a non-ASCII letter is an invalid character, not a letter
    private static boolean isAlpha(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isAlnum(int c) {
        return isDigit(c) || isAlpha(c);
    }

    private static String printable(char c) {
        return Character.isWhitespace(c) || Character.isISOControl(c)
                ? String.format("\\u%04x", (int) c)
                : String.valueOf(c);
    }

    public int epoch() {
        return epoch;
    }

    public String upstream() {
        return upstream;
    }

    /** The Debian revision, empty when the version has none. */
    public String revision() {
        return revision;
    }

    @Override
    public int compareTo(DebianVersion other) {
        return compareValid(text, other.text);
    }

    /** Equal when dpkg considers them equal, so {@code 1.0} equals {@code 0:1.0-0}. */
    @Override
    public boolean equals(Object o) {
        return o instanceof DebianVersion other && compareValid(text, other.text) == 0;
    }

    @Override
    public int hashCode() {
        // consistent with equals: equal versions share the epoch and the value of the leading digit run
        // (upstream always starts with one), while "1.0", "01.0" and "1.0-0" still collide as they must
        int hash = epoch;
        int i = 0;
        while (i < upstream.length() && upstream.charAt(i) == '0') {
            i++;
        }
        while (i < upstream.length() && isDigit(upstream.charAt(i))) {
            hash = 31 * hash + upstream.charAt(i);
            i++;
        }
        return hash;
    }

    @Override
    public String toString() {
        return text;
    }
}
