package io.patchcast.window;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The datetime-local value a browser posts for a UTC cluster. */
final class WindowTemplateInput {

    private WindowTemplateInput() {
    }

    static String local(Instant instant) {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm").format(instant.atOffset(ZoneOffset.UTC));
    }
}
