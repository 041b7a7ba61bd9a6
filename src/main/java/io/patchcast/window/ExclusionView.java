package io.patchcast.window;

/** One of a customer's weekly exclusion times. */
public record ExclusionView(long id, WeeklyRange range) {
}
