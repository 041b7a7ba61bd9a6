package io.patchcast.common;

import java.util.List;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Writes a problem as problem+json for the API and API clients, or as the styled error page for browsers. */
@ApplicationScoped
public class ProblemResponder {

    @Inject
    @Location("error.html")
    Template errorPage;

    public Response respond(Problem problem, String path, List<MediaType> acceptable) {
        Problem withPath = problem.withInstance(path);
        if (wantsHtml(path, acceptable)) {
            return Response.status(problem.status())
                    .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                    .entity(errorPage.data("problem", withPath).render())
                    .build();
        }
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(withPath).build();
    }

    static boolean wantsHtml(String path, List<MediaType> acceptable) {
        if (path.startsWith("/api/") || path.startsWith("/q/")) {
            return false;
        }
        return acceptable.stream()
                .anyMatch(m -> m.isCompatible(MediaType.TEXT_HTML_TYPE) && !m.isWildcardType());
    }
}
