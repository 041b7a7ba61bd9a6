package io.patchcast.window;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.patchcast.customer.Customer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * The iCalendar feed of a customer: one event per window (recent and upcoming), with the UID and sequence of
 * the invitations, so a subscribed calendar and the invitations describe the same events.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class CalendarFeed {

    /** Windows that ended longer ago than this are left out of the feed. */
    static final Duration HISTORY = Duration.ofDays(90);

    @Inject
    Clock clock;

    @ConfigProperty(name = "patchcast.base-url", defaultValue = "http://localhost:8080")
    String baseUrl;

    public String render(long customerId) {
        Customer customer = Customer.findById(customerId);
        List<MaintenanceWindow> windows = MaintenanceWindow.list(
                "select w from MaintenanceWindow w join fetch w.cluster c where c.customer.id = ?1 and w.endsAt > ?2"
                        + " order by w.startsAt, w.id", customerId, clock.instant().minus(HISTORY));
        List<IcsWriter.Event> events = windows.stream()
                .map(w -> WindowNotices.event(w, null, List.of(), baseUrl)).toList();
        return IcsWriter.calendar(null, null, "Maintenance · " + customer.name, clock.instant(), events);
    }
}
