package io.patchcast.window;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.patchcast.customer.Contact;
import io.patchcast.customer.Customer;
import io.patchcast.customer.FeedTokenService;
import io.patchcast.notify.Notice;
import io.patchcast.security.Role;
import io.patchcast.security.Viewer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;

/** The subscribed calendar feed and the 24 h reminders. */
@QuarkusTest
class CalendarFeedTest {

    @Inject
    FeedTokenService tokens;

    @Inject
    WindowService windows;

    static Viewer acmeUser() {
        long id = QuarkusTransaction.requiringNew().call(() -> Customer.findBySlug("acme-analytics").orElseThrow().id);
        return new Viewer("acme-analytics", Role.CUSTOMER, id, "Acme Analytics");
    }

    @Test
    void feedHasOneValidEventPerWindowWithTheInvitationUidAndIsGoneAfterRevoke() throws Exception {
        long own = WindowFixtures.window(WindowFixtures.cluster("acme-analytics"), WindowFixtures.tuesdayAfter(9), null);
        long foreign = WindowFixtures.window(WindowFixtures.cluster("borealis-bank"), WindowFixtures.tuesdayAfter(9),
                null);
        String ownUid = QuarkusTransaction.requiringNew().call(() -> MaintenanceWindow.<MaintenanceWindow>findById(own).icsUid);
        String foreignUid = QuarkusTransaction.requiringNew()
                .call(() -> MaintenanceWindow.<MaintenanceWindow>findById(foreign).icsUid);
        Viewer viewer = acmeUser();
        FeedTokenService.Created token = tokens.create(viewer);

        byte[] body = given().when().get("/calendar/" + token.secret() + ".ics")
                .then().statusCode(200).contentType(startsWith("text/calendar")).extract().asByteArray();
        String ics = new String(body, StandardCharsets.UTF_8);
        assertTrue(ics.startsWith("BEGIN:VCALENDAR\r\n"));
        for (String line : ics.split("\r\n")) {
            assertTrue(line.getBytes(StandardCharsets.UTF_8).length <= 75, line);
        }
        Calendar calendar = new CalendarBuilder().build(new StringReader(ics));
        assertFalse(calendar.validate().hasErrors(), calendar.validate().toString());
        List<VEvent> events = calendar.getComponents(Component.VEVENT);
        List<String> uids = events.stream()
                .map(e -> e.getProperty(Property.UID).map(p -> ((Property) p).getValue()).orElseThrow()).toList();
        assertTrue(uids.contains(ownUid));
        assertFalse(uids.contains(foreignUid), "another customer's window is not in the feed");
        assertEquals(uids.size(), uids.stream().distinct().count(), "one event per window");

        tokens.revoke(viewer, token.id());
        given().when().get("/calendar/" + token.secret() + ".ics").then().statusCode(404);
        given().when().get("/calendar/not-a-token-at-all-0000.ics").then().statusCode(404);
    }

    @Test
    void remindersGoOncePerWindowToContactsWhoWantThem() {
        long cluster = WindowFixtures.cluster("acme-analytics");
        Instant start = Instant.now().plus(Duration.ofHours(10));
        long id = WindowFixtures.window(cluster, start, null);
        List<String> wanting = QuarkusTransaction.requiringNew().call(() -> Contact.<Contact>list(
                "customer.slug = ?1 and receiveReminders = true", "acme-analytics").stream().map(c -> c.email).sorted()
                .toList());
        long allContacts = QuarkusTransaction.requiringNew().call(() -> Contact.count("customer.slug", "acme-analytics"));
        assertTrue(wanting.size() < allContacts, "the demo has a contact who opted out of reminders");

        windows.sendReminders();
        windows.sendReminders();
        String key = "window:" + id + ":reminder:" + start.getEpochSecond();
        List<Notice> sent = QuarkusTransaction.requiringNew().call(() -> Notice.listByEvent(key));
        assertEquals(wanting, sent.stream().map(n -> n.recipientEmail).sorted().toList());
        assertTrue(sent.get(0).subject.startsWith("Reminder: maintenance of "));
    }
}
