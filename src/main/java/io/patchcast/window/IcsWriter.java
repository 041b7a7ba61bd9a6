package io.patchcast.window;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Writes iCalendar (RFC 5545) text by hand: CRLF line ends, lines folded at 75 octets without splitting a
 * UTF-8 character, TEXT values escaped. Times are written in UTC ("Z"), so no VTIMEZONE is needed.
 */
public final class IcsWriter {

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    static final String PRODID = "-//Patchcast//Maintenance windows//EN";

    /** One event; {@code status} is CONFIRMED, TENTATIVE or CANCELLED. */
    public record Event(String uid, int sequence, Instant start, Instant end, String summary, String description,
            String url, String status, List<String> attendees) {
    }

    private IcsWriter() {
    }

    /**
     * A calendar. {@code method} is REQUEST or CANCEL for an invitation, null for a subscribed feed.
     * {@code organizer} is required with a method (iTIP); {@code name} titles a feed.
     */
    public static String calendar(String method, String organizer, String name, Instant stamp, List<Event> events) {
        StringBuilder sb = new StringBuilder();
        line(sb, "BEGIN:VCALENDAR");
        line(sb, "VERSION:2.0");
        line(sb, "PRODID:" + PRODID);
        line(sb, "CALSCALE:GREGORIAN");
        if (method != null) {
            line(sb, "METHOD:" + method);
        }
        if (name != null) {
            line(sb, "X-WR-CALNAME:" + text(name));
        }
        for (Event e : events) {
            line(sb, "BEGIN:VEVENT");
            line(sb, "UID:" + e.uid());
            line(sb, "SEQUENCE:" + e.sequence());
            line(sb, "DTSTAMP:" + UTC.format(stamp));
            line(sb, "DTSTART:" + UTC.format(e.start()));
            line(sb, "DTEND:" + UTC.format(e.end()));
            line(sb, "SUMMARY:" + text(e.summary()));
            if (e.description() != null) {
                line(sb, "DESCRIPTION:" + text(e.description()));
            }
            if (e.url() != null) {
                line(sb, "URL:" + e.url());
            }
            line(sb, "STATUS:" + e.status());
            line(sb, "TRANSP:OPAQUE");
            if (organizer != null) {
                line(sb, "ORGANIZER;CN=Patchcast:mailto:" + organizer);
            }
            for (String attendee : e.attendees()) {
                line(sb, "ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:mailto:" + attendee);
            }
            line(sb, "END:VEVENT");
        }
        line(sb, "END:VCALENDAR");
        return sb.toString();
    }

    /** Escapes a TEXT value: backslash, semicolon, comma and line breaks (RFC 5545 3.3.11). */
    static String text(String value) {
        StringBuilder sb = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case ';' -> sb.append("\\;");
                case ',' -> sb.append("\\,");
                case '\n' -> sb.append("\\n");
                case '\r' -> {
                    // CRLF becomes one \n; a lone CR is dropped
                }
                default -> {
                    if (c >= 0x20 || c == '\t') {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    /** Appends one content line, folded so no physical line exceeds 75 octets (RFC 5545 3.1). */
    static void line(StringBuilder sb, String content) {
        int octets = 0;
        int limit = 75;
        for (int i = 0; i < content.length();) {
            int cp = content.codePointAt(i);
            int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (octets + size > limit) {
                sb.append("\r\n ");
                // the leading space of a continuation line counts toward its 75 octets
                octets = 1;
            }
            sb.appendCodePoint(cp);
            octets += size;
            i += Character.charCount(cp);
        }
        sb.append("\r\n");
    }
}
