package io.patchcast.compat;

import java.util.Arrays;

/**
 * A Xen hypervisor version as a guest sees it: dotted integer components ({@code 4.2}, {@code 4.11}) and an
 * optional {@code extra} suffix ({@code .amazon}).
 * <p>
 * Components compare as integers, so {@code 4.11} is newer than {@code 4.2} (a string comparison gets this
 * wrong, and that mistake is exactly the difference between an affected and an unaffected host). Missing
 * trailing components count as zero ({@code 4.2} equals {@code 4.2.0}). The extra is kept apart and does not
 * take part in ordering: it names the vendor build, not a newer release.
 */
public final class XenVersion implements Comparable<XenVersion> {

    private static final String SCHEME = "Xen";
    private static final int MAX_COMPONENT_DIGITS = 9;

    private final int[] components;
    private final String extra;

    private XenVersion(int[] components, String extra) {
        this.components = components;
        this.extra = extra;
    }

    /**
     * Parses {@code 4.2}, {@code 4.11.amazon}, {@code 4.2.5-pre}: numeric components, then an optional extra
     * starting with '.', '-', '+' or '_' that is not a number.
     *
     * @throws InvalidVersionException saying what is wrong
     */
    public static XenVersion parse(String text) {
        String error = validationError(text);
        if (error != null) {
            throw new InvalidVersionException(SCHEME, text, error);
        }
        int numericEnd = numericEnd(text);
        int count = 1;
        for (int i = 0; i < numericEnd; i++) {
            if (text.charAt(i) == '.') {
                count++;
            }
        }
        int[] components = new int[count];
        int index = 0;
        int value = 0;
        for (int i = 0; i < numericEnd; i++) {
            char c = text.charAt(i);
            if (c == '.') {
                components[index++] = value;
                value = 0;
            } else {
                value = value * 10 + (c - '0');
            }
        }
        components[index] = value;
        return new XenVersion(components, text.substring(numericEnd));
    }

    /** From the three files under {@code /sys/hypervisor/version/}; {@code extra} may be null. */
    public static XenVersion of(String major, String minor, String extra) {
        return parse(major + "." + minor + (extra == null ? "" : extra));
    }

    public static boolean isValid(String text) {
        return validationError(text) == null;
    }

    /** Why {@code text} is not a Xen version, or {@code null}. Does not allocate on valid input. */
    public static String validationError(String text) {
        if (text == null || text.isEmpty()) {
            return "version is empty";
        }
        if (!isDigit(text.charAt(0))) {
            return "must start with a digit, found '" + text.charAt(0) + "'";
        }
        int digits = 0;
        int length = text.length();
        int i = 0;
        while (i < length) {
            char c = text.charAt(i);
            if (isDigit(c)) {
                if (++digits > MAX_COMPONENT_DIGITS) {
                    return "component at position " + (i - digits + 1) + " has more than "
                            + MAX_COMPONENT_DIGITS + " digits";
                }
                i++;
                continue;
            }
            if (c == '.' && i + 1 < length && isDigit(text.charAt(i + 1))) {
                digits = 0;
                i++;
                continue;
            }
            if (c == '.' && i + 1 == length) {
                return "ends with '.'";
            }
            if (c == '.' && text.charAt(i + 1) == '.') {
                return "empty component at position " + (i + 1);
            }
            break;
        }
        if (i == length) {
            return null;
        }
        char lead = text.charAt(i);
        if (lead != '.' && lead != '-' && lead != '+' && lead != '_') {
            return "unexpected '" + lead + "' at position " + i + " (an extra must start with '.', '-', '+' or '_')";
        }
        if (i + 1 == length) {
            return "extra '" + lead + "' is empty";
        }
        for (int k = i + 1; k < length; k++) {
            char c = text.charAt(k);
            if (!isDigit(c) && !(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z')
                    && c != '.' && c != '-' && c != '+' && c != '_') {
                return "invalid character '" + c + "' in extra at position " + k;
            }
        }
        return null;
    }

    /**
     * Orders two Xen versions by their numeric components, ignoring the extra.
     *
     * @throws InvalidVersionException if either is invalid
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

    /** For inputs known to be valid: walks both strings component by component, without allocating. */
    static int compareValid(String a, String b) {
        int endA = numericEnd(a);
        int endB = numericEnd(b);
        int i = 0;
        int j = 0;
        while (i < endA || j < endB) {
            int va = 0;
            while (i < endA && a.charAt(i) != '.') {
                va = va * 10 + (a.charAt(i++) - '0');
            }
            int vb = 0;
            while (j < endB && b.charAt(j) != '.') {
                vb = vb * 10 + (b.charAt(j++) - '0');
            }
            if (va != vb) {
                return va < vb ? -1 : 1;
            }
            i++;
            j++;
        }
        return 0;
    }

    /** Compares a valid version string with a parsed one, without allocating. */
    static int compareValid(String a, XenVersion b) {
        int endA = numericEnd(a);
        int i = 0;
        int k = 0;
        while (i < endA || k < b.components.length) {
            int va = 0;
            while (i < endA && a.charAt(i) != '.') {
                va = va * 10 + (a.charAt(i++) - '0');
            }
            int vb = k < b.components.length ? b.components[k] : 0;
            if (va != vb) {
                return va < vb ? -1 : 1;
            }
            i++;
            k++;
        }
        return 0;
    }

    /** End of the dotted numeric part of a valid version, where the extra (if any) starts. */
    private static int numericEnd(String text) {
        int length = text.length();
        int i = 0;
        while (i < length) {
            char c = text.charAt(i);
            if (isDigit(c)) {
                i++;
            } else if (c == '.' && i + 1 < length && isDigit(text.charAt(i + 1))) {
                i++;
            } else {
                break;
            }
        }
        return i;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    public int major() {
        return components[0];
    }

    /** The second component, 0 when there is none. */
    public int minor() {
        return components.length > 1 ? components[1] : 0;
    }

    public int[] components() {
        return components.clone();
    }

    /** The vendor suffix such as {@code .amazon}, empty when there is none. */
    public String extra() {
        return extra;
    }

    /** The numeric part alone ({@code 4.2} for {@code 4.2.amazon}): what the app stores and rules compare. */
    public String numeric() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < components.length; i++) {
            if (i > 0) {
                out.append('.');
            }
            out.append(components[i]);
        }
        return out.toString();
    }

    /**
     * {@code major.minor} ({@code 4.2} for {@code 4.2.5.amazon}): the release line, as sysfs reports it in
     * {@code version/major} and {@code version/minor}. Derived facts use this form whatever the source, so a
     * DMI-derived version compares the same way as a sysfs one.
     */
    public String majorMinor() {
        return major() + "." + minor();
    }

    @Override
    public int compareTo(XenVersion other) {
        int n = Math.max(components.length, other.components.length);
        for (int i = 0; i < n; i++) {
            int a = i < components.length ? components[i] : 0;
            int b = i < other.components.length ? other.components[i] : 0;
            if (a != b) {
                return a < b ? -1 : 1;
            }
        }
        return 0;
    }

    /** Same release and same extra; {@link #compareTo} ignores the extra, equality does not. */
    @Override
    public boolean equals(Object o) {
        return o instanceof XenVersion other && compareTo(other) == 0 && extra.equals(other.extra);
    }

    @Override
    public int hashCode() {
        int last = components.length;
        while (last > 1 && components[last - 1] == 0) {
            last--;
        }
        return 31 * Arrays.hashCode(Arrays.copyOf(components, last)) + extra.hashCode();
    }

    @Override
    public String toString() {
        return numeric() + extra;
    }
}
