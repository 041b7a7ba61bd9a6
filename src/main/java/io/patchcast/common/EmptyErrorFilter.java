package io.patchcast.common;

import java.util.List;
import java.util.Map;

import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.Response;

/**
 * Gives a body to error responses that filters abort without one (the CSRF filter's bare 400 for a form
 * without its token or a POST without a body), so every refusal says what to do.
 */
public class EmptyErrorFilter {

    @Inject
    ProblemResponder responder;

    @ServerResponseFilter
    public void describe(ContainerRequestContext request, ContainerResponseContext response) {
        int status = response.getStatus();
        if (status < 400 || response.hasEntity() || "HEAD".equals(request.getMethod())) {
            return;
        }
        String detail = status == 400
                ? "The request was refused before it reached the application. A form needs its security token"
                        + " (reload the page and submit again); an API request that changes something needs a JSON body."
                : "The request could not be handled.";
        Response.StatusType type = Response.Status.fromStatusCode(status);
        Problem problem = new Problem("about:blank", type == null ? "Error" : type.getReasonPhrase(), status, detail,
                null, List.of(), Map.of());
        Response described = responder.respond(problem, request.getUriInfo().getPath(),
                request.getAcceptableMediaTypes());
        response.setEntity(described.getEntity(), null, described.getMediaType());
    }
}
