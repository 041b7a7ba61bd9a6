package io.patchcast.common;

/**
 * Characters Patchcast refuses in any input: what XML 1.0 cannot carry (NUL and the other C0 controls but tab,
 * line feed and carriage return; U+FFFE, U+FFFF) and unpaired surrogates, which are not characters at all.
 * Accepting them would make the Atom and iCalendar feeds, mails and PostgreSQL text fail for everyone who reads
 * the record, so they are refused at the edge with a 400 that names the field.
 */
public final class Text {

    private Text() {
    }

    /** Why the text is refused, or null when every character is acceptable. */
    public static String problem(String text) {
        if (text == null) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "contains an unpaired surrogate (U+" + hex(c) + ") at position " + (i + 1);
            }
            if (Character.isLowSurrogate(c)) {
                return "contains an unpaired surrogate (U+" + hex(c) + ") at position " + (i + 1);
            }
            boolean allowed = c == 0x9 || c == 0xA || c == 0xD || c >= 0x20 && c <= 0xFFFD;
            if (!allowed) {
                return "contains a character that is not allowed (U+" + hex(c) + ") at position " + (i + 1);
            }
        }
        return null;
    }

    /** Text typed by a client, made safe for one log line: no line breaks (log forging), at most 100 characters. */
    public static String forLog(String text) {
        if (text == null) {
            return "";
        }
        String one = text.replace('\r', '_').replace('\n', '_').replace('\t', '_');
        return one.length() > 100 ? one.substring(0, 100) + "…" : one;
    }

    private static String hex(char c) {
        return String.format("%04X", (int) c);
    }
}
