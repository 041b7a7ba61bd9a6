package io.patchcast.window;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Scheduling and rescheduling policy of maintenance windows. */
@ConfigMapping(prefix = "patchcast.windows")
public interface WindowsConfig {

    /** Concurrent windows allowed per provider and region (SCHEDULED and IN_PROGRESS windows count). */
    @WithDefault("3")
    int capacity();

    /** Minimum notice before a production window starts; staff go below it only as an emergency. */
    @WithDefault("P7D")
    Duration noticeProduction();

    /** Minimum notice before a non-production window starts. */
    @WithDefault("P2D")
    Duration noticeNonProduction();

    /** How often a customer may move one window. */
    @WithDefault("2")
    int customerMaxMoves();

    /** A customer's new start must be at least this far away. */
    @WithDefault("PT48H")
    Duration customerMinLead();

    /** A customer's new start may be at most this much after the window's original start. */
    @WithDefault("P21D")
    Duration customerMaxShift();

    /** How far ahead the slot search looks when a stage has no deadline. */
    @WithDefault("P60D")
    Duration searchHorizon();

    /** How long before a window its reminder goes out. */
    @WithDefault("PT24H")
    Duration reminderLead();

    /** How often the reminder sweep runs ("off" to disable, as in tests). */
    @WithDefault("5m")
    String reminderEvery();

    /** Default weekly exclusion start day, in the cluster's zone, for customers who set none. */
    @WithDefault("FRIDAY")
    DayOfWeek exclusionStartDay();

    /** Default weekly exclusion start time (local). */
    @WithDefault("17:00")
    LocalTime exclusionStartTime();

    /** Default weekly exclusion end day. */
    @WithDefault("MONDAY")
    DayOfWeek exclusionEndDay();

    /** Default weekly exclusion end time (local). */
    @WithDefault("09:00")
    LocalTime exclusionEndTime();

    /** Organizer address in calendar invitations (replies to invitations go there). */
    @WithDefault("maintenance@patchcast.example")
    String organizer();

    default WeeklyRange defaultExclusion() {
        return new WeeklyRange(exclusionStartDay(), exclusionStartTime(), exclusionEndDay(), exclusionEndTime());
    }
}
