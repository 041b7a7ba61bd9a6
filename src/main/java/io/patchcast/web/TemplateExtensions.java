package io.patchcast.web;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import io.quarkus.qute.TemplateExtension;

/** Formatting helpers for templates: dates in UTC or a named zone, padded hours, capitalised words. */
@TemplateExtension
public class TemplateExtensions {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT);
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm",
            Locale.ENGLISH);

    static String date(Instant instant) {
        return instant == null ? "" : DATE.format(instant.atOffset(ZoneOffset.UTC));
    }

    /** "Tue 3 Dec 2026, 02:00 UTC". */
    static String utc(Instant instant) {
        return instant == null ? "" : DATE_TIME.format(instant.atOffset(ZoneOffset.UTC)) + " UTC";
    }

    /** "Tue 3 Dec 2026, 03:00 Europe/Berlin". */
    static String in(Instant instant, String zone) {
        if (instant == null) {
            return "";
        }
        ZoneId id = ZoneId.of(zone);
        return DATE_TIME.format(instant.atZone(id)) + " " + zone;
    }

    static String pad2(Integer n) {
        return n == null ? "" : String.format(Locale.ROOT, "%02d", n);
    }

    /** "Affected", "Unknown", "Not affected". */
    static String label(io.patchcast.compat.Verdict verdict) {
        return switch (verdict) {
            case AFFECTED -> "Affected";
            case UNKNOWN -> "Unknown";
            case NOT_AFFECTED -> "Not affected";
        };
    }

    /** "+25%" / "-10%" for a cost difference. */
    static String percent(Double delta) {
        if (delta == null) {
            return "";
        }
        long rounded = Math.round(delta);
        return (rounded > 0 ? "+" : "") + rounded + "%";
    }

    /** A window's stored plan code (FULL, TARGETED, HOLD) as people read it; unknown codes pass through. */
    static String planLabel(String plan) {
        if (plan == null) {
            return "";
        }
        return io.patchcast.rollout.Plan.parse(plan).map(p -> p.label).orElse(plan);
    }

    static String capitalize(String s) {
        if (s == null || s.isEmpty()) {
            return "";
        }
        return s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1).toLowerCase(Locale.ROOT);
    }
}
