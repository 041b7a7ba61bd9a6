package io.patchcast.compat;

/** Whole numbers as facts hold them ("30", "4294967295"), read without exceptions or allocation. */
final class Numbers {

    /** What {@link #parse} returns for text that is not a whole number. */
    static final long INVALID = Long.MIN_VALUE;

    private Numbers() {
    }

    /** The non-negative or negative decimal integer in {@code text}, or {@link #INVALID}. */
    static long parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 18) {
            return INVALID;
        }
        int i = 0;
        boolean negative = text.charAt(0) == '-';
        if (negative) {
            if (text.length() == 1) {
                return INVALID;
            }
            i = 1;
        }
        long value = 0;
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return INVALID;
            }
            value = value * 10 + (c - '0');
        }
        return negative ? -value : value;
    }
}
