package io.patchcast.security;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import io.patchcast.common.Hashes;
import io.patchcast.common.Problem;
import io.patchcast.common.ProblemException;
import io.patchcast.customer.Customer;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/** Creates, lists, revokes and checks API tokens. Only admins manage tokens. */
@ApplicationScoped
@Transactional
public class ApiTokenService {

    /** Prefix of every secret, so a leaked one is easy to recognise in logs and secret scanners. */
    static final String PREFIX = "pct_";

    /** Writing last-used on every request would make each facts post also a token write. */
    private static final Duration LAST_USED_GRANULARITY = Duration.ofMinutes(1);

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    Clock clock;

    /** The identity of a valid token, as the authentication mechanism needs it. */
    public record TokenIdentity(long id, String name, String role, Long customerId) {
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ApiTokenView> list(Viewer viewer) {
        requireAdmin(viewer);
        return ApiToken.listViews();
    }

    public CreatedApiToken create(Viewer viewer, String name, Long customerId) {
        requireAdmin(viewer);
        List<Problem.FieldError> errors = new ArrayList<>();
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty()) {
            errors.add(new Problem.FieldError("name", "must not be blank"));
        } else if (trimmed.length() > 100) {
            errors.add(new Problem.FieldError("name", "must be at most 100 characters"));
        }
        Customer customer = null;
        if (customerId != null) {
            customer = Customer.findById(customerId);
            if (customer == null) {
                errors.add(new Problem.FieldError("customer", "no such customer"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        ApiToken token = new ApiToken();
        token.name = trimmed;
        token.role = Role.AGENT;
        token.customer = customer;
        token.secretHash = hash(secret);
        token.createdBy = viewer.username();
        token.createdAt = clock.instant();
        token.persist();
        Log.infof("API token %d (%s) created by %s", token.id, token.name, viewer.username());
        return new CreatedApiToken(view(token), secret);
    }

    public ApiTokenView revoke(Viewer viewer, long id) {
        requireAdmin(viewer);
        ApiToken token = ApiToken.findById(id);
        if (token == null) {
            throw ProblemException.notFound("Token " + id);
        }
        if (!token.revoked()) {
            token.revokedAt = clock.instant();
            token.revokedBy = viewer.username();
            Log.infof("API token %d (%s) revoked by %s", token.id, token.name, viewer.username());
        }
        return view(token);
    }

    /**
     * The token with this secret if it exists and is not revoked. Read from the database on every request, so a
     * revoked token is refused from the next request on.
     */
    public Optional<TokenIdentity> authenticate(String secret) {
        if (secret == null || !secret.startsWith(PREFIX)) {
            return Optional.empty();
        }
        Optional<ApiToken> found = ApiToken.findBySecretHash(hash(secret)).filter(t -> !t.revoked());
        found.ifPresent(t -> {
            Instant now = clock.instant();
            if (t.lastUsedAt == null || t.lastUsedAt.plus(LAST_USED_GRANULARITY).isBefore(now)) {
                t.lastUsedAt = now;
            }
        });
        return found.map(t -> new TokenIdentity(t.id, t.name, t.role, t.customer == null ? null : t.customer.id));
    }

    static String hash(String secret) {
        return Hashes.sha256Hex(secret);
    }

    private static ApiTokenView view(ApiToken t) {
        return new ApiTokenView(t.id, t.name, t.role, t.customer == null ? null : t.customer.id,
                t.customer == null ? null : t.customer.name, t.createdBy, t.createdAt, t.revokedAt, t.revokedBy,
                t.lastUsedAt);
    }

    private static void requireAdmin(Viewer viewer) {
        if (!viewer.isAdmin()) {
            throw new io.quarkus.security.ForbiddenException();
        }
    }
}
