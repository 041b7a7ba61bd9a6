package io.patchcast.common;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The site's default Content-Security-Policy and framing rule, on every response that does not set its own. A
 * fixed header from configuration would be added beside a route's own one, and a browser enforces both: the email
 * preview, which must be framed by the notice page, sent {@code frame-ancestors 'none'} beside its
 * {@code frame-ancestors 'self'} and showed nothing.
 */
@ApplicationScoped
public class SecurityHeaders {

    static final String CSP = "Content-Security-Policy";
    static final String FRAME_OPTIONS = "X-Frame-Options";

    /** What every page may do: its own scripts, styles and images, forms to itself, and never be framed. */
    public static final String DEFAULT_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

    void install(@Observes Router router) {
        router.route().order(-100).handler(ctx -> {
            ctx.addHeadersEndHandler(v -> {
                var headers = ctx.response().headers();
                if (!headers.contains(CSP)) {
                    headers.set(CSP, DEFAULT_CSP);
                }
                if (!headers.contains(FRAME_OPTIONS)) {
                    headers.set(FRAME_OPTIONS, "DENY");
                }
            });
            ctx.next();
        });
    }
}
