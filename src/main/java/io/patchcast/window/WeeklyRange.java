package io.patchcast.window;

import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.temporal.TemporalAdjusters;

/**
 * A recurring weekly stretch of local time, e.g. Friday 17:00 to Monday 09:00; it may wrap over the week's end.
 * Compared in local date-time so that "17:00" means 17:00 on the wall clock whatever the offset that day.
 */
public record WeeklyRange(DayOfWeek startDay, LocalTime startTime, DayOfWeek endDay, LocalTime endTime) {

    private static final int WEEK_MINUTES = 7 * 24 * 60;

    /** Length in minutes; equal start and end mean an empty range, not a full week. */
    public long minutes() {
        int start = (startDay.getValue() - 1) * 1440 + startTime.getHour() * 60 + startTime.getMinute();
        int end = (endDay.getValue() - 1) * 1440 + endTime.getHour() * 60 + endTime.getMinute();
        return ((end - start) % WEEK_MINUTES + WEEK_MINUTES) % WEEK_MINUTES;
    }

    /** True when the local interval [from, to) meets an occurrence of this range. */
    public boolean overlaps(LocalDateTime from, LocalDateTime to) {
        long length = minutes();
        if (length == 0) {
            return false;
        }
        LocalDateTime weekStart = from.toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
                .atStartOfDay();
        // the occurrence that began in the previous week may still be running; windows are shorter than a week
        for (int week = -1; week <= 1; week++) {
            LocalDateTime occStart = weekStart.plusWeeks(week).plusDays(startDay.getValue() - 1L)
                    .with(startTime);
            LocalDateTime occEnd = occStart.plusMinutes(length);
            if (from.isBefore(occEnd) && to.isAfter(occStart)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return label(startDay) + " " + startTime + " – " + label(endDay) + " " + endTime;
    }

    private static String label(DayOfWeek day) {
        String n = day.name();
        return n.charAt(0) + n.substring(1, 3).toLowerCase(java.util.Locale.ROOT);
    }
}
