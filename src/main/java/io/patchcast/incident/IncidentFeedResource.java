package io.patchcast.incident;

import org.jboss.resteasy.reactive.RestPath;

import io.patchcast.common.ProblemException;
import io.patchcast.customer.FeedTokenService;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

/**
 * The per-customer incident feed. Feed readers cannot log in, so the secret in the URL is the credential:
 * an unknown or revoked token gets the same 404 as a path that does not exist.
 */
@Path("/feeds")
public class IncidentFeedResource {

    @Inject
    FeedTokenService tokens;

    @Inject
    IncidentFeed feed;

    @GET
    @Path("/{token: [A-Za-z0-9_-]{1,100}}.atom")
    @PermitAll
    public Response atom(@RestPath String token) {
        long customerId = tokens.resolve(token).orElseThrow(() -> ProblemException.notFound("Feed"));
        return Response.ok(feed.atom(customerId, "/feeds/" + token + ".atom"), IncidentFeed.MEDIA_TYPE)
                .header("Cache-Control", "private, max-age=300")
                .build();
    }
}
