package io.patchcast.common;

import java.util.Map;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Refuses an API request whose declared body is over quarkus.http.limits.max-body-size with a problem+json
 * 413 before it is read. Vert.x enforces the same limit (for bodies without a Content-Length too), but answers
 * with a bare 413 that API clients cannot parse.
 */
@ApplicationScoped
public class BodyLimit {

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    MemorySize maxBodySize;

    @Inject
    ObjectMapper json;

    void install(@Observes Router router) {
        long limit = maxBodySize.asLongValue();
        String body = problem(limit);
        router.route("/api/*").order(-100).handler(ctx -> {
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            long declared = -1;
            try {
                declared = length == null ? -1 : Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                // left to the HTTP server, which refuses a malformed Content-Length itself
            }
            if (declared > limit) {
                ctx.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                        .putHeader(HttpHeaders.CONNECTION, "close").end(body);
                return;
            }
            ctx.next();
        });
    }

    private String problem(long limit) {
        Problem problem = new Problem("about:blank", "Content too large", 413,
                "The request body is larger than " + limit + " bytes. Send fewer documents per request.", null,
                java.util.List.of(new Problem.FieldError("body", "is larger than " + limit + " bytes")), Map.of());
        try {
            return json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a Problem always serialises", e);
        }
    }
}
