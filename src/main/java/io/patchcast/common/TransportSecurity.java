package io.patchcast.common;

import java.util.List;
import java.util.Locale;

import io.patchcast.security.SecurityConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * On https responses — TLS ending here, or at a proxy Quarkus trusts ({@code quarkus.http.proxy.*}), which then
 * reports the scheme — every cookie gets {@code Secure} and the response carries HSTS. Plain http (development, a
 * proxy that is not trusted) gets neither: a Secure cookie would not come back over http and HSTS is ignored there.
 */
@ApplicationScoped
public class TransportSecurity {

    @Inject
    SecurityConfig config;

    void install(@Observes Router router) {
        String hsts = "max-age=" + config.hstsMaxAge().toSeconds() + "; includeSubDomains";
        router.route().order(-95).handler(ctx -> {
            if (https(ctx)) {
                ctx.addHeadersEndHandler(v -> {
                    ctx.response().putHeader("Strict-Transport-Security", hsts);
                    List<String> cookies = ctx.response().headers().getAll(HttpHeaders.SET_COOKIE);
                    if (!cookies.isEmpty()) {
                        List<String> secured = cookies.stream().map(TransportSecurity::secure).toList();
                        ctx.response().headers().remove(HttpHeaders.SET_COOKIE);
                        secured.forEach(c -> ctx.response().headers().add(HttpHeaders.SET_COOKIE, c));
                    }
                });
            }
            ctx.next();
        });
    }

    static boolean https(RoutingContext ctx) {
        return ctx.request().isSSL() || "https".equalsIgnoreCase(ctx.request().scheme());
    }

    static String secure(String cookie) {
        return cookie.toLowerCase(Locale.ROOT).matches("(?s).*;\\s*secure\\s*(;.*)?$") ? cookie : cookie + "; Secure";
    }
}
