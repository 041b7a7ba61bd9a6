package io.patchcast.common;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.logging.Log;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Cross-site request forgery, checked before any application code runs, so a refused request writes nothing:
 * <ul>
 * <li>every state-changing request to the pages whose browser names its origin ({@code Origin}, or failing that
 * {@code Referer}) must come from {@code patchcast.base-url};</li>
 * <li>one without a form body (no body at all, JSON, text…) must carry the CSRF token in {@code X-CSRF-TOKEN},
 * equal to the CSRF cookie; form bodies carry it in their {@code csrf-token} field, which quarkus-rest-csrf
 * checks.</li>
 * </ul>
 * The JSON API under /api/ is exempt: it never accepts the session cookie (Basic or Bearer only), so a forged
 * request has no credential to ride on.
 */
@ApplicationScoped
public class CsrfGuard {

    @ConfigProperty(name = "patchcast.base-url")
    String baseUrl;

    @ConfigProperty(name = "quarkus.rest-csrf.cookie-name")
    String cookieName;

    @ConfigProperty(name = "quarkus.rest-csrf.token-header-name")
    String headerName;

    @Inject
    ObjectMapper json;

    @Inject
    io.patchcast.security.SecurityConfig security;

    void install(@Observes Router router) {
        String allowed = origin(baseUrl);
        List<String> extra = security.extraOrigins().orElse(List.of());
        if (io.quarkus.runtime.LaunchMode.current() == io.quarkus.runtime.LaunchMode.NORMAL
                && allowed.contains("://localhost")) {
            Log.warnf("patchcast.base-url is %s: page posts from any other address are refused as cross-site."
                    + " Set PATCHCAST_BASE_URL to the address users open.", allowed);
        }
        router.route().order(-90).handler(ctx -> {
            HttpMethod method = ctx.request().method();
            String path = ctx.normalizedPath();
            if (method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS
                    || path.startsWith("/api/")) {
                ctx.next();
                return;
            }
            String origin = ctx.request().getHeader(HttpHeaders.ORIGIN);
            if (origin == null) {
                String referer = ctx.request().getHeader(HttpHeaders.REFERER);
                origin = referer == null ? null : origin(referer);
            }
            if (origin != null && !origin.equals(allowed) && !accepted(origin, extra)) {
                Log.warnf("Refused %s %s from origin %s (expected %s)", method, path, origin, allowed);
                refuse(ctx, 403, "Forbidden", "This request came from another site (" + origin
                        + "). Use Patchcast at " + allowed + ".");
                return;
            }
            if (path.equals("/j_security_check")) {
                // the login form has no session to protect yet; the origin check above covers login CSRF
                ctx.next();
                return;
            }
            String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
            String lower = type == null ? "" : type.toLowerCase(Locale.ROOT).strip();
            if (lower.startsWith("application/x-www-form-urlencoded") || lower.startsWith("multipart/form-data")) {
                ctx.next();
                return;
            }
            Cookie cookie = ctx.request().getCookie(cookieName);
            String header = ctx.request().getHeader(headerName);
            if (cookie == null || header == null || !MessageDigest.isEqual(
                    cookie.getValue().getBytes(StandardCharsets.UTF_8), header.getBytes(StandardCharsets.UTF_8))) {
                refuse(ctx, 400, "Bad Request", "The security token is missing. Submit the form from the page"
                        + " (reload it first), or send the token in the " + headerName + " header.");
                return;
            }
            ctx.next();
        });
    }

    static boolean accepted(String origin, List<String> extra) {
        for (String e : extra) {
            String entry = e.strip().toLowerCase(Locale.ROOT);
            if (entry.endsWith(":*") ? origin.equals(entry.substring(0, entry.length() - 2))
                    || origin.startsWith(entry.substring(0, entry.length() - 1)) : origin.equals(origin(entry))) {
                return true;
            }
        }
        return false;
    }

    /** scheme://host[:port] of a URL, lower-cased, default ports dropped; null when it is not a URL. */
    static String origin(String url) {
        try {
            URI uri = URI.create(url.strip());
            if (uri.getScheme() == null || uri.getHost() == null) {
                return "null";
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            int port = uri.getPort();
            boolean defaultPort = port == -1 || scheme.equals("http") && port == 80 || scheme.equals("https") && port == 443;
            return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
        } catch (IllegalArgumentException e) {
            return "null";
        }
    }

    private void refuse(RoutingContext ctx, int status, String title, String detail) {
        Problem problem = new Problem("about:blank", title, status, detail, ctx.normalizedPath(), List.of(), Map.of());
        String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
        if (accept != null && accept.contains("text/html")) {
            ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "text/html;charset=UTF-8")
                    .end("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title
                            + " · Patchcast</title><link rel=\"stylesheet\" href=\"/css/patchcast.css\"></head><body>"
                            + "<main class=\"page\"><h1>" + title + "</h1><p>" + escape(detail)
                            + "</p><p><a href=\"/\">Back to Patchcast</a></p></main></body></html>");
            return;
        }
        try {
            ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .end(json.writeValueAsString(problem));
        } catch (JsonProcessingException e) {
            ctx.response().setStatusCode(status).end();
        }
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
