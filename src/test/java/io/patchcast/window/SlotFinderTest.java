package io.patchcast.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The slot search on its own: a fixed clock and hand-made preferences, no database. */
class SlotFinderTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final WeeklyRange WEEKEND = new WeeklyRange(DayOfWeek.FRIDAY, LocalTime.of(17, 0), DayOfWeek.MONDAY,
            LocalTime.of(9, 0));

    // Monday 2 March 2026, midnight UTC
    final Clock clock = Clock.fixed(Instant.parse("2026-03-02T00:00:00Z"), ZoneOffset.UTC);
    final SlotFinder finder = new SlotFinder(clock, Duration.ofDays(60));

    static SlotFinder.Preferences prefs(Set<DayOfWeek> days, int hour, ZoneId zone) {
        return new SlotFinder.Preferences(days, hour, Duration.ofHours(2), zone);
    }

    static SlotFinder.Request request(SlotFinder.Preferences prefs, Duration notice, Instant deadline,
            List<WeeklyRange> exclusions, List<SlotFinder.Freeze> freezes, SlotFinder.Capacity capacity) {
        return new SlotFinder.Request(prefs, notice, null, deadline, exclusions, freezes, capacity);
    }

    @Test
    void firstPreferredWeekdayAtTheLocalHourAfterTheNotice() {
        var r = request(prefs(EnumSet.of(DayOfWeek.TUESDAY, DayOfWeek.THURSDAY), 2, BERLIN), Duration.ofDays(2), null,
                List.of(WEEKEND), List.of(), SlotFinder.Capacity.UNLIMITED);
        var result = finder.first(r);
        // Tuesday 3 March is inside the two days' notice; Thursday 5 March 02:00 CET is 01:00 UTC
        assertEquals(Instant.parse("2026-03-05T01:00:00Z"), result.start());
        assertEquals(Instant.parse("2026-03-05T03:00:00Z"), result.end());
        assertNull(result.reason());
    }

    @Test
    void theNearestAllowedStartToACustomersChoiceKeepsItsTimeOfDay() {
        // the customer chose Wednesday 11 March, 22:00 Berlin; a freeze now covers that night
        Instant chosen = Instant.parse("2026-03-11T21:00:00Z");
        var freeze = new SlotFinder.Freeze(chosen.minus(Duration.ofHours(1)), chosen.plus(Duration.ofHours(3)),
                "Board meeting");
        var r = request(prefs(EnumSet.of(DayOfWeek.TUESDAY), 2, BERLIN), Duration.ofHours(48), null, List.of(WEEKEND),
                List.of(freeze), SlotFinder.Capacity.UNLIMITED);
        assertEquals("freeze", finder.check(r, chosen).rule());
        var near = finder.nearest(r, chosen);
        // Tuesday 02:00 (a preferred slot) is 44 h away; Tuesday and Thursday 22:00 are 24 h away: the later one
        assertEquals(Instant.parse("2026-03-12T21:00:00Z"), near.start());
        assertEquals(chosen, finder.nearest(request(prefs(EnumSet.of(DayOfWeek.TUESDAY), 2, BERLIN),
                Duration.ofHours(48), null, List.of(WEEKEND), List.of(), SlotFinder.Capacity.UNLIMITED), chosen).start(),
                "an allowed choice is its own nearest slot");
    }

    @Test
    void timesReadInTheClustersZoneWithUtcBeside() {
        assertEquals("Wed 11 Mar 2026, 22:00 Europe/Berlin (21:00 UTC)",
                SlotFinder.when(Instant.parse("2026-03-11T21:00:00Z"), BERLIN));
        assertEquals("Thu 12 Mar 2026, 00:30 Europe/Berlin (Wed 11 Mar 2026, 23:30 UTC)",
                SlotFinder.when(Instant.parse("2026-03-11T23:30:00Z"), BERLIN));
        assertEquals("Wed 11 Mar 2026, 21:00 UTC", SlotFinder.when(Instant.parse("2026-03-11T21:00:00Z"),
                ZoneId.of("UTC")));
    }

    @Test
    void dstWeekShiftsTheMissingLocalHourAndKeepsWallClockTime() {
        var prefs = prefs(EnumSet.of(DayOfWeek.SUNDAY), 2, BERLIN);
        List<Instant> starts = SlotFinder.preferredStarts(prefs, Instant.parse("2026-03-20T00:00:00Z"),
                Instant.parse("2026-04-10T00:00:00Z"));
        assertEquals(List.of(
                Instant.parse("2026-03-22T01:00:00Z"), // 02:00 CET (+01:00)
                Instant.parse("2026-03-29T01:00:00Z"), // 02:00 does not exist: clocks jump to 03:00 CEST
                Instant.parse("2026-04-05T00:00:00Z")), // 02:00 CEST (+02:00)
                starts);
        // autumn: 02:00 happens twice on 25 October; the earlier (summer time) one is used
        assertEquals(List.of(Instant.parse("2026-10-25T00:00:00Z")), SlotFinder.preferredStarts(prefs,
                Instant.parse("2026-10-24T00:00:00Z"), Instant.parse("2026-10-26T00:00:00Z")));
    }

    @Test
    void exclusionTimeIsSkippedIncludingWindowsThatRunIntoIt() {
        var r = request(prefs(EnumSet.of(DayOfWeek.FRIDAY, DayOfWeek.MONDAY), 8, BERLIN), Duration.ofDays(2), null,
                List.of(WEEKEND), List.of(), SlotFinder.Capacity.UNLIMITED);
        // Friday 08:00-10:00 is fine, Monday 08:00-10:00 runs into the exclusion until 09:00
        assertEquals(Instant.parse("2026-03-06T07:00:00Z"), finder.first(r).start());
        var monday = finder.check(r, Instant.parse("2026-03-09T07:00:00Z"));
        assertEquals("exclusion", monday.rule());
        var fridayEvening = finder.check(r, Instant.parse("2026-03-06T16:30:00Z"));
        assertEquals("exclusion", fridayEvening.rule());
        // a customer without exclusions may use the weekend
        var open = request(prefs(EnumSet.of(DayOfWeek.SATURDAY), 8, BERLIN), Duration.ofDays(2), null, List.of(),
                List.of(), SlotFinder.Capacity.UNLIMITED);
        assertEquals(Instant.parse("2026-03-07T07:00:00Z"), finder.first(open).start());
    }

    @Test
    void freezePeriodIsSkippedAndNamedWhenNothingElseFits() {
        var freeze = new SlotFinder.Freeze(Instant.parse("2026-03-04T00:00:00Z"), Instant.parse("2026-03-11T00:00:00Z"),
                "Seasonal sale");
        var r = request(prefs(EnumSet.of(DayOfWeek.WEDNESDAY), 2, BERLIN), Duration.ofDays(2),
                Instant.parse("2026-03-30T00:00:00Z"), List.of(WEEKEND), List.of(freeze), SlotFinder.Capacity.UNLIMITED);
        assertEquals(Instant.parse("2026-03-11T01:00:00Z"), finder.first(r).start());
        assertEquals("freeze", finder.check(r, Instant.parse("2026-03-04T01:00:00Z")).rule());

        var tight = request(r.prefs(), r.notice(), Instant.parse("2026-03-10T00:00:00Z"), r.exclusions(),
                r.freezes(), r.capacity());
        var none = finder.first(tight);
        assertFalse(none.found());
        assertTrue(none.reason().contains("freeze period (Seasonal sale)"), none.reason());
    }

    @Test
    void fullProviderRegionMovesToTheNextSlot() {
        Instant busy = Instant.parse("2026-03-05T01:00:00Z");
        SlotFinder.Capacity capacity = (s, e) -> s.equals(busy);
        var r = request(prefs(EnumSet.of(DayOfWeek.THURSDAY), 2, BERLIN), Duration.ofDays(2), null, List.of(WEEKEND),
                List.of(), capacity);
        assertEquals(Instant.parse("2026-03-12T01:00:00Z"), finder.first(r).start());
        assertEquals("capacity", finder.check(r, busy).rule());
        assertEquals(List.of(Instant.parse("2026-03-12T01:00:00Z"), Instant.parse("2026-03-19T01:00:00Z")),
                finder.accepted(r, 2));
    }

    @Test
    void minimumNoticeAndDeadlineAreRulesWithReasons() {
        var prefs = prefs(EnumSet.of(DayOfWeek.TUESDAY), 2, BERLIN);
        var r = request(prefs, Duration.ofDays(7), Instant.parse("2026-03-09T00:00:00Z"), List.of(WEEKEND), List.of(),
                SlotFinder.Capacity.UNLIMITED);
        assertEquals("minimum-notice", finder.check(r, Instant.parse("2026-03-03T01:00:00Z")).rule());
        assertEquals("deadline", finder.check(r, Instant.parse("2026-03-10T01:00:00Z")).rule());
        var none = finder.first(r);
        assertFalse(none.found());
        assertTrue(none.reason().contains("No preferred slot (Tue at 02:00 Europe/Berlin)"), none.reason());
        assertTrue(none.reason().contains("minimum notice 7 days"), none.reason());
        assertTrue(none.reason().contains("stage deadline"), none.reason());
        // an emergency has no notice: the Tuesday before the deadline fits
        var emergency = request(prefs, Duration.ZERO, r.deadline(), r.exclusions(), r.freezes(), r.capacity());
        assertEquals(Instant.parse("2026-03-03T01:00:00Z"), finder.first(emergency).start());
    }

    @Test
    void noPreferredWeekdaysSaysSo() {
        var r = request(prefs(EnumSet.noneOf(DayOfWeek.class), 2, BERLIN), Duration.ZERO, null, List.of(), List.of(),
                SlotFinder.Capacity.UNLIMITED);
        assertTrue(finder.first(r).reason().contains("no preferred weekdays"));
    }
}
