package io.patchcast.window;

import org.jboss.resteasy.reactive.RestPath;

import io.patchcast.common.ProblemException;
import io.patchcast.customer.FeedTokenService;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

/**
 * A customer's maintenance calendar for calendar apps to subscribe to. The secret token in the URL is the
 * credential; an unknown or revoked token is a 404, the same as a wrong address.
 */
@Path("/calendar")
public class CalendarFeedResource {

    @Inject
    FeedTokenService tokens;

    @Inject
    CalendarFeed feed;

    @GET
    @Path("{token}.ics")
    @Produces("text/calendar;charset=utf-8")
    @PermitAll
    public String calendar(@RestPath String token) {
        long customerId = tokens.resolve(token).orElseThrow(() -> ProblemException.notFound("Calendar"));
        return feed.render(customerId);
    }
}
