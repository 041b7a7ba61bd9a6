package io.patchcast.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.patchcast.customer.Contact;
import io.patchcast.customer.Customer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.qute.Engine;
import io.quarkus.qute.Variant;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionalException;

/** The outbox API other features write notices through. */
@QuarkusTest
class OutboxTest {

    @Inject
    Outbox outbox;

    @Inject
    Engine engine;

    static OutgoingNotice notice(String eventKey) {
        return new OutgoingNotice(NoticeKind.WINDOW_MOVED, eventKey, null, null, "Your window moved",
                "text body", "<p>html body</p>", null, null);
    }

    @Test
    void writesOneRowPerRecipientAndSkipsKnownKeys() {
        String event = "test:" + UUID.randomUUID();
        List<Recipient> people = List.of(new Recipient("Ann", "ann@example.com"), new Recipient("Bob", "bob@example.com"),
                new Recipient("Ann again", "ANN@example.com"));
        int first = QuarkusTransaction.requiringNew().call(() -> outbox.enqueue(notice(event), people));
        assertEquals(2, first, "the repeated address is one recipient");
        int second = QuarkusTransaction.requiringNew().call(() -> outbox.enqueue(notice(event),
                List.of(new Recipient("Bob", "Bob@Example.com"), new Recipient("Cid", "cid@example.com"))));
        assertEquals(1, second, "Bob already has this notice; only Cid is new");
        List<Notice> rows = QuarkusTransaction.requiringNew().call(() -> Notice.listByEvent(event));
        assertEquals(List.of("ann@example.com", "bob@example.com", "cid@example.com"),
                rows.stream().map(n -> n.recipientEmail).toList());
        assertTrue(rows.stream().allMatch(n -> n.status == NoticeStatus.PENDING && n.attempts == 0));
        assertEquals(3, rows.stream().map(n -> n.messageId).distinct().count());
    }

    @Test
    void noticeRollsBackWithTheCallersTransaction() {
        String event = "test:" + UUID.randomUUID();
        assertThrows(IllegalStateException.class, () -> QuarkusTransaction.requiringNew().run(() -> {
            outbox.enqueue(notice(event), List.of(new Recipient("Ann", "ann@example.com")));
            throw new IllegalStateException("the change failed after the notice was written");
        }));
        assertTrue(QuarkusTransaction.requiringNew().call(() -> Notice.listByEvent(event)).isEmpty());
    }

    @Test
    void refusesToRunOutsideATransaction() {
        assertThrows(TransactionalException.class,
                () -> outbox.enqueue(notice("test:" + UUID.randomUUID()), List.of(new Recipient("A", "a@example.com"))));
    }

    @Test
    void remindersSkipContactsWhoOptedOut() {
        long customerId = QuarkusTransaction.requiringNew().call(() -> {
            for (Customer c : Customer.listByName()) {
                if (Contact.listByCustomer(c.id).stream().anyMatch(k -> !k.receiveReminders)) {
                    return c.id;
                }
            }
            throw new AssertionError("the demo fleet has a contact who opted out of reminders");
        });
        List<Recipient> changes = outbox.contactsOf(customerId, NoticeKind.WINDOW_MOVED);
        List<Recipient> reminders = outbox.contactsOf(customerId, NoticeKind.WINDOW_REMINDER);
        assertEquals(2, changes.size());
        assertEquals(1, reminders.size());
        assertTrue(changes.containsAll(reminders));
    }

    @Test
    void staffComeFromConfig() {
        assertEquals(List.of(new Recipient("Patchcast operations", "ops@patchcast.example")), outbox.staff());
    }

    @Test
    void layoutFramesTheContentInHtmlAndText() {
        String html = engine.parse("{#include mail/layout}{#title}Window moved{/title}<p>New start {when}</p>{/include}",
                Variant.forContentType(Variant.TEXT_HTML)).data("when", "<Tuesday>").render();
        assertTrue(html.contains("<title>Window moved</title>"));
        assertTrue(html.contains(">Patchcast</td>"), "brand header");
        assertTrue(html.contains("&lt;Tuesday&gt;"), "values are escaped in HTML");
        assertTrue(html.contains("http://localhost:8080/settings/notifications"));
        assertFalse(html.contains("src=\"http"), "no external resources");
        String text = engine.parse("{#include mail/layout.txt}{#title}Window moved{/title}New start {when}{/include}",
                Variant.forContentType("text/plain")).data("when", "<Tuesday>").render();
        assertTrue(text.startsWith("PATCHCAST"));
        assertTrue(text.contains("Window moved\n\nNew start <Tuesday>"), text);
        assertTrue(text.contains("Manage your notification preferences: http://localhost:8080/settings/notifications"));
        assertFalse(text.contains("<td"));
    }
}
