package io.patchcast.window;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finds window starts in a cluster's preferred slots (weekdays at a local hour in its zone) that keep the
 * minimum notice, end by the deadline, and meet no exclusion time, freeze period or full provider region.
 * Plain Java on purpose: everything it needs comes in the request, time comes from the Clock.
 *
 * A local start that does not exist on a daylight-saving day (02:30 when clocks jump from 02:00 to 03:00) is
 * moved forward by the length of the gap, as {@link ZonedDateTime#ofLocal} does; on the day clocks go back the
 * earlier of the two instants is used.
 */
public final class SlotFinder {

    /** A cluster's maintenance preferences. */
    public record Preferences(Set<DayOfWeek> weekdays, int startHour, Duration length, ZoneId zone) {
    }

    /** A dated period closed to maintenance, with the reason shown when it is the one in the way. */
    public record Freeze(Instant start, Instant end, String reason) {
        boolean overlaps(Instant s, Instant e) {
            return s.isBefore(end) && e.isAfter(start);
        }
    }

    /** Tells whether the provider region has no room left for [start, end). */
    @FunctionalInterface
    public interface Capacity {
        boolean full(Instant start, Instant end);

        Capacity UNLIMITED = (s, e) -> false;
    }

    /**
     * What to search.
     *
     * @param notice    minimum notice from now; Duration.ZERO for an emergency
     * @param notBefore no start before this (null: only the notice counts)
     * @param deadline  windows must end by then (null: the finder's horizon)
     */
    public record Request(Preferences prefs, Duration notice, Instant notBefore, Instant deadline,
            List<WeeklyRange> exclusions, List<Freeze> freezes, Capacity capacity) {
    }

    /** A broken rule: its name (as clients see it) and a sentence for people. */
    public record Rejection(String rule, String detail) {
    }

    /** Where a window goes, and the sentence that explains it when it is not where the customer wanted it. */
    public record Placement(Instant start, String why) {
    }

    /** A found start, or why none fits. */
    public record Result(Instant start, Instant end, String reason) {
        public boolean found() {
            return start != null;
        }
    }

    private final Clock clock;
    private final Duration horizon;

    public SlotFinder(Clock clock, Duration horizon) {
        this.clock = clock;
        this.horizon = horizon;
    }

    public Instant earliest(Request r) {
        Instant byNotice = clock.instant().plus(r.notice());
        return r.notBefore() != null && r.notBefore().isAfter(byNotice) ? r.notBefore() : byNotice;
    }

    /** The first preferred slot that breaks no rule, or the reason none does. */
    public Result first(Request r) {
        if (r.prefs().weekdays().isEmpty()) {
            return new Result(null, null, "The cluster has no preferred weekdays to schedule in.");
        }
        Instant earliest = earliest(r);
        Instant limit = limit(r, earliest);
        int considered = 0;
        int inFreeze = 0;
        int inExclusion = 0;
        int atCapacity = 0;
        Set<String> freezeReasons = new LinkedHashSet<>();
        for (Instant start : preferredStarts(r.prefs(), earliest, limit)) {
            considered++;
            Instant end = start.plus(r.prefs().length());
            Freeze freeze = freezeAt(r, start, end);
            if (freeze != null) {
                inFreeze++;
                freezeReasons.add(freeze.reason());
            } else if (excluded(r, start, end) != null) {
                inExclusion++;
            } else if (r.capacity().full(start, end)) {
                atCapacity++;
            } else {
                return new Result(start, end, null);
            }
        }
        String until = r.deadline() == null ? "within " + horizon.toDays() + " days"
                : "before the stage deadline " + when(r.deadline(), r.prefs().zone());
        if (considered == 0) {
            return new Result(null, null, "No preferred slot (" + describe(r.prefs()) + ") between the earliest start "
                    + when(earliest, r.prefs().zone()) + " (minimum notice " + human(r.notice()) + ") and "
                    + (r.deadline() == null ? "the end of the search horizon"
                            : "the stage deadline " + when(r.deadline(), r.prefs().zone())) + ".");
        }
        List<String> parts = new ArrayList<>();
        if (inFreeze > 0) {
            parts.add(inFreeze + " in a freeze period (" + String.join(", ", freezeReasons) + ")");
        }
        if (inExclusion > 0) {
            parts.add(inExclusion + " in an exclusion time");
        }
        if (atCapacity > 0) {
            parts.add(atCapacity + " with the provider region at capacity");
        }
        return new Result(null, null, "No free preferred slot (" + describe(r.prefs()) + ") " + until + ": of "
                + considered + " slots, " + String.join(", ", parts) + ".");
    }

    /**
     * The allowed start nearest to {@code target} (a time a customer chose): among the preferred slots and the
     * target's local time of day on every day, the one that breaks no rule and lies closest to it; on a tie the
     * later one, which never shortens the notice. Without any, the reason as {@link #first} gives it.
     */
    public Result nearest(Request r, Instant target) {
        Instant earliest = earliest(r);
        Instant limit = limit(r, earliest);
        if (target.isAfter(limit)) {
            limit = target.plus(r.prefs().length());
        }
        java.time.LocalTime at = target.atZone(r.prefs().zone()).toLocalTime();
        List<Instant> candidates = new ArrayList<>(preferredStarts(r.prefs(), earliest, limit));
        for (LocalDate day = earliest.atZone(r.prefs().zone()).toLocalDate(); !day.isAfter(
                limit.atZone(r.prefs().zone()).toLocalDate()); day = day.plusDays(1)) {
            Instant start = ZonedDateTime.ofLocal(day.atTime(at), r.prefs().zone(), null).toInstant();
            if (!start.isBefore(earliest) && !start.plus(r.prefs().length()).isAfter(limit)) {
                candidates.add(start);
            }
        }
        Instant best = null;
        for (Instant start : candidates) {
            if (check(r, start) != null) {
                continue;
            }
            if (best == null) {
                best = start;
                continue;
            }
            Duration d = Duration.between(start, target).abs();
            Duration b = Duration.between(best, target).abs();
            if (d.compareTo(b) < 0 || (d.equals(b) && start.isAfter(best))) {
                best = start;
            }
        }
        return best == null ? first(r) : new Result(best, best.plus(r.prefs().length()), null);
    }

    /** Up to {@code limit} preferred starts that break no rule, earliest first. */
    public List<Instant> accepted(Request r, int limit) {
        Instant earliest = earliest(r);
        List<Instant> found = new ArrayList<>();
        for (Instant start : preferredStarts(r.prefs(), earliest, limit(r, earliest))) {
            if (check(r, start) == null) {
                found.add(start);
                if (found.size() == limit) {
                    break;
                }
            }
        }
        return found;
    }

    /** The first rule a given start breaks, or null if it breaks none. Any start may be checked, preferred or not. */
    public Rejection check(Request r, Instant start) {
        Instant end = start.plus(r.prefs().length());
        Instant byNotice = clock.instant().plus(r.notice());
        if (start.isBefore(byNotice)) {
            return new Rejection("minimum-notice", "The window must start at least " + human(r.notice())
                    + " from now, not before " + when(byNotice, r.prefs().zone()) + ".");
        }
        if (r.notBefore() != null && start.isBefore(r.notBefore())) {
            return new Rejection("min-lead", "The window must not start before " + when(r.notBefore(), r.prefs().zone())
                    + ".");
        }
        if (r.deadline() != null && end.isAfter(r.deadline())) {
            return new Rejection("deadline", "The window would end at " + when(end, r.prefs().zone())
                    + ", after the stage deadline " + when(r.deadline(), r.prefs().zone()) + ".");
        }
        Freeze freeze = freezeAt(r, start, end);
        if (freeze != null) {
            return new Rejection("freeze", "The window would fall into the freeze period "
                    + when(freeze.start(), r.prefs().zone()) + " – " + when(freeze.end(), r.prefs().zone()) + " ("
                    + freeze.reason() + ").");
        }
        WeeklyRange exclusion = excluded(r, start, end);
        if (exclusion != null) {
            return new Rejection("exclusion", "The window would fall into the exclusion time " + exclusion + " ("
                    + r.prefs().zone() + ").");
        }
        if (r.capacity().full(start, end)) {
            return new Rejection("capacity", "The provider region already has the most concurrent windows allowed"
                    + " at that time.");
        }
        return null;
    }

    /** Preferred starts from {@code from} (inclusive) whose window ends by {@code limit}, in order. */
    static List<Instant> preferredStarts(Preferences prefs, Instant from, Instant limit) {
        List<Instant> starts = new ArrayList<>();
        LocalDate day = from.atZone(prefs.zone()).toLocalDate();
        LocalDate last = limit.atZone(prefs.zone()).toLocalDate();
        for (; !day.isAfter(last); day = day.plusDays(1)) {
            if (!prefs.weekdays().contains(day.getDayOfWeek())) {
                continue;
            }
            Instant start = ZonedDateTime.ofLocal(day.atTime(prefs.startHour(), 0), prefs.zone(), null).toInstant();
            if (start.isBefore(from) || start.plus(prefs.length()).isAfter(limit)) {
                continue;
            }
            starts.add(start);
        }
        return starts;
    }

    private Instant limit(Request r, Instant earliest) {
        Instant byHorizon = earliest.plus(horizon);
        return r.deadline() == null || r.deadline().isAfter(byHorizon) ? byHorizon : r.deadline();
    }

    private static Freeze freezeAt(Request r, Instant start, Instant end) {
        return r.freezes().stream().filter(f -> f.overlaps(start, end)).findFirst().orElse(null);
    }

    private static WeeklyRange excluded(Request r, Instant start, Instant end) {
        var from = start.atZone(r.prefs().zone()).toLocalDateTime();
        var to = end.atZone(r.prefs().zone()).toLocalDateTime();
        return r.exclusions().stream().filter(x -> x.overlaps(from, to)).findFirst().orElse(null);
    }

    static String describe(Preferences prefs) {
        String days = prefs.weekdays().stream().sorted()
                .map(d -> d.name().charAt(0) + d.name().substring(1, 3).toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
        return days + " at " + String.format(Locale.ROOT, "%02d:00", prefs.startHour()) + " " + prefs.zone();
    }

    private static final java.time.format.DateTimeFormatter WHEN = java.time.format.DateTimeFormatter
            .ofPattern("EEE d MMM yyyy, HH:mm", Locale.ENGLISH);
    private static final java.time.format.DateTimeFormatter UTC_TIME = java.time.format.DateTimeFormatter
            .ofPattern("HH:mm", Locale.ENGLISH);

    /**
     * A time as people near the cluster read it, with UTC beside it: "Tue 9 Dec 2026, 02:00 Europe/Berlin (01:00
     * UTC)"; the UTC date is added when it is another day.
     */
    public static String when(Instant instant, ZoneId zone) {
        var local = instant.atZone(zone);
        var utc = instant.atZone(java.time.ZoneOffset.UTC);
        if (zone.normalized().equals(java.time.ZoneOffset.UTC)) {
            return WHEN.format(utc) + " UTC";
        }
        String utcText = local.toLocalDate().equals(utc.toLocalDate()) ? UTC_TIME.format(utc) : WHEN.format(utc);
        return WHEN.format(local) + " " + zone.getId() + " (" + utcText + " UTC)";
    }

    static String human(Duration d) {
        if (d.isZero()) {
            return "no time";
        }
        if (d.toHours() % 24 == 0) {
            long days = d.toDays();
            return days + (days == 1 ? " day" : " days");
        }
        return d.toHours() + " hours";
    }
}
