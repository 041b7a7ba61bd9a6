package io.patchcast.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import io.quarkus.qute.TemplateExtension;

/** Template helpers of the maintenance pages: form values in a zone, month labels and navigation. */
@TemplateExtension
public class WindowTemplateExtensions {

    private static final DateTimeFormatter INPUT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm", Locale.ROOT);
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);

    /** The value of a datetime-local input showing this instant in a zone. */
    static String inputIn(Instant instant, String zone) {
        return instant == null ? "" : INPUT.format(instant.atZone(ZoneId.of(zone)));
    }

    /** "02:00" in the zone. */
    static String timeIn(Instant instant, String zone) {
        return instant == null ? "" : TIME.format(instant.atZone(ZoneId.of(zone)));
    }

    static String label(YearMonth month) {
        return MONTH.format(month);
    }

    static YearMonth previous(YearMonth month) {
        return month.minusMonths(1);
    }

    static YearMonth next(YearMonth month) {
        return month.plusMonths(1);
    }

    static int dayOfMonth(LocalDate date) {
        return date.getDayOfMonth();
    }
}
