package io.patchcast.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;

/** The hand-written iCalendar, read back strictly by ical4j. */
class IcsWriterTest {

    static final Instant STAMP = Instant.parse("2026-03-01T12:00:00Z");

    static IcsWriter.Event event(String summary, String description, String status) {
        return new IcsWriter.Event("window-1@patchcast", 3, Instant.parse("2026-03-05T01:00:00Z"),
                Instant.parse("2026-03-05T03:00:00Z"), summary, description, "https://portal.example/maintenance/1",
                status, List.of("ops@acme.example", "platform@acme.example"));
    }

    @Test
    void longUnicodeTextIsFoldedAt75OctetsAndEscapedAndReadsBackUnchanged() throws Exception {
        String description = String.join(" ", java.util.Collections.nCopies(4,
                "Débian 11.3 · production; plan TARGETED, no kernel\nZürich → Oslo\\"));
        String ics = IcsWriter.calendar("REQUEST", "maintenance@patchcast.example", null, STAMP,
                List.of(event("Maintenance: kafka-prod-1, Zürich", description, "CONFIRMED")));
        for (String line : ics.split("\r\n")) {
            assertTrue(line.getBytes(StandardCharsets.UTF_8).length <= 75, line);
        }
        assertTrue(ics.endsWith("END:VCALENDAR\r\n"));
        assertTrue(ics.contains("SUMMARY:Maintenance: kafka-prod-1\\, Zürich"));
        Calendar calendar = new CalendarBuilder().build(new StringReader(ics));
        assertFalse(calendar.validate().hasErrors(), calendar.validate().toString());
        VEvent e = calendar.<VEvent>getComponents(Component.VEVENT).get(0);
        assertEquals(description, e.getProperty(Property.DESCRIPTION).map(p -> ((Property) p).getValue()).orElseThrow());
        assertEquals("3", e.getProperty(Property.SEQUENCE).map(p -> ((Property) p).getValue()).orElseThrow());
        assertEquals("20260301T120000Z", e.getProperty(Property.DTSTAMP).map(p -> ((Property) p).getValue()).orElseThrow());
    }

    @Test
    void cancellationIsAValidCancelWithTheSameUid() throws Exception {
        String ics = IcsWriter.calendar("CANCEL", "maintenance@patchcast.example", null, STAMP,
                List.of(event("Maintenance: kafka-prod-1", null, "CANCELLED")));
        Calendar calendar = new CalendarBuilder().build(new StringReader(ics));
        assertFalse(calendar.validate().hasErrors(), calendar.validate().toString());
        assertEquals("CANCEL", calendar.getProperty(Property.METHOD).map(p -> ((Property) p).getValue()).orElseThrow());
        VEvent e = calendar.<VEvent>getComponents(Component.VEVENT).get(0);
        assertEquals("window-1@patchcast", e.getProperty(Property.UID).map(p -> ((Property) p).getValue()).orElseThrow());
        assertEquals("CANCELLED", e.getProperty(Property.STATUS).map(p -> ((Property) p).getValue()).orElseThrow());
    }
}
