package io.patchcast.common;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import io.quarkus.test.junit.QuarkusMock;

/**
 * The application's {@link Clock}, replaced for one test: it stands still until the test moves it. Installed with
 * {@link QuarkusMock}, so every bean that injects the clock (services, the slot finder, the outbox) sees the test's
 * time, and the real clock is back for the next test.
 */
public final class TestClock extends Clock {

    private volatile Instant now;

    private TestClock(Instant start) {
        this.now = start;
    }

    /** Replaces the application clock for the current test, starting at {@code start}. */
    public static TestClock install(Instant start) {
        TestClock clock = new TestClock(start);
        QuarkusMock.installMockForType(clock, Clock.class);
        return clock;
    }

    /** Replaces the application clock for the current test, starting at the real now (whole seconds). */
    public static TestClock install() {
        return install(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }

    public void set(Instant instant) {
        now = instant;
    }

    /** Moves to {@code instant} unless the clock is already past it: time never runs backwards in a test. */
    public void atLeast(Instant instant) {
        if (instant.isAfter(now)) {
            now = instant;
        }
    }

    public void advance(Duration by) {
        now = now.plus(by);
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
