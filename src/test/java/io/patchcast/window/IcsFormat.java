package io.patchcast.window;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The UTC DATE-TIME form of iCalendar, for assertions. */
final class IcsFormat {

    private IcsFormat() {
    }

    static String utc(Instant instant) {
        return DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(instant);
    }
}
