package io.patchcast.security;

import java.util.Set;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.BasicAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Authentication for the JSON API: {@code Authorization: Bearer <token>} for API tokens and
 * {@code Authorization: Basic} for people, on the same paths. Quarkus lets a path name one mechanism
 * ({@code quarkus.http.auth.permission.api.auth-mechanism=patchcast-api}); this is that one mechanism, so the
 * API never falls back to the form login's redirect: an unauthenticated call gets a 401.
 */
@ApplicationScoped
public class ApiAuthenticationMechanism implements HttpAuthenticationMechanism {

    /** The scheme name the path permission refers to. */
    public static final String SCHEME = "patchcast-api";

    private static final String BEARER_PREFIX = "bearer ";

    private final BasicAuthenticationMechanism basic = new BasicAuthenticationMechanism("Patchcast", false);

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        if (!handles(context)) {
            // elsewhere pages use the session cookie; tokens and Basic only speak to the API
            return Uni.createFrom().nullItem();
        }
        String header = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, BEARER_PREFIX, 0, BEARER_PREFIX.length())) {
            String secret = header.substring(BEARER_PREFIX.length()).strip();
            return identityProviderManager.authenticate(
                    HttpSecurityUtils.setRoutingContextAttribute(new TokenAuthenticationRequest(secret), context));
        }
        return basic.authenticate(context, identityProviderManager);
    }

    /** The API, and the metrics and API description endpoints that scrapers and clients read with a credential. */
    static boolean handles(RoutingContext context) {
        String path = context.normalizedPath();
        return path.startsWith("/api/") || path.equals("/q/metrics") || path.startsWith("/q/metrics/")
                || path.equals("/q/openapi") || path.startsWith("/q/openapi/");
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        // both schemes in one header value (RFC 9110 allows a list); Bearer first: it is what agents use
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate",
                "Bearer realm=\"Patchcast\", Basic realm=\"Patchcast\", charset=\"UTF-8\""));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(TokenAuthenticationRequest.class, UsernamePasswordAuthenticationRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.AUTHORIZATION, SCHEME));
    }

    @Override
    public int getPriority() {
        // after form and basic, so that pages keep the form login's challenge (a redirect to /login)
        return 100;
    }
}
