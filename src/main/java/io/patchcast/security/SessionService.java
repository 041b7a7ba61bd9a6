package io.patchcast.security;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import io.patchcast.common.Hashes;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Server-side sessions. A request costs one indexed lookup by the hash of the cookie's secret, joined with its
 * user (which the request needs anyway for role, customer and name); last-seen is written at most once a minute.
 * Ending a session is deleting its row, so logout, a password change and disabling a user take effect on every
 * instance at the next request. There is no signing or encryption key to configure, leak or forge with.
 */
@ApplicationScoped
@Transactional
public class SessionService {

    /** The session cookie. */
    public static final String COOKIE = "patchcast-session";
    /** The cookie of the step between a right password and the second factor. */
    public static final String PENDING_COOKIE = "patchcast-mfa";

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    SecurityConfig config;

    @Inject
    Clock clock;

    /** Who a session belongs to, as a request needs it. */
    public record Resolved(long sessionId, String username, String role, String displayName, Long customerId) {
    }

    /** Starts a session (or, with {@code pending}, the second-factor step) and returns the cookie's secret. */
    @Transactional(Transactional.TxType.MANDATORY)
    public String start(AppUser user, boolean pending, String address) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = clock.instant();
        UserSession s = new UserSession();
        s.tokenHash = Hashes.sha256Hex(secret);
        s.user = user;
        s.pending = pending;
        s.clientAddress = address == null ? null : address.substring(0, Math.min(100, address.length()));
        s.createdAt = now;
        s.lastSeenAt = now;
        s.expiresAt = now.plus(pending ? config.session().pendingTimeout() : config.session().maxAge());
        s.persist();
        return secret;
    }

    /** The live, complete session of this cookie secret; an expired one is removed on the way. */
    public Optional<Resolved> resolve(String secret) {
        if (secret == null || secret.isEmpty() || secret.length() > 100) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        var rows = UserSession.getEntityManager().createQuery("select s.id, s.lastSeenAt, s.expiresAt, u.username,"
                + " u.role, u.displayName, c.id, u.disabled from UserSession s join s.user u left join u.customer c"
                + " where s.tokenHash = ?1 and s.pending = false", Object[].class)
                .setParameter(1, Hashes.sha256Hex(secret)).getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] r = rows.get(0);
        long id = (Long) r[0];
        Instant lastSeen = (Instant) r[1];
        Instant expires = (Instant) r[2];
        if ((Boolean) r[7] || !expires.isAfter(now) || !lastSeen.plus(config.session().idleTimeout()).isAfter(now)) {
            UserSession.delete("id", id);
            return Optional.empty();
        }
        if (lastSeen.plus(config.session().touchEvery()).isBefore(now)) {
            UserSession.update("lastSeenAt = ?1 where id = ?2", now, id);
        }
        return Optional.of(new Resolved(id, (String) r[3], (String) r[4], (String) r[5], (Long) r[6]));
    }

    /** The user of a live second-factor step. */
    public Optional<UserSession> pending(String secret) {
        if (secret == null || secret.isEmpty() || secret.length() > 100) {
            return Optional.empty();
        }
        Optional<UserSession> s = UserSession.find("tokenHash = ?1 and pending = true", Hashes.sha256Hex(secret))
                .firstResultOptional();
        if (s.isPresent() && (!s.get().expiresAt.isAfter(clock.instant()) || s.get().user.disabled)) {
            s.get().delete();
            return Optional.empty();
        }
        return s;
    }

    /** Ends the session (or second-factor step) of this cookie secret. */
    public void end(String secret) {
        if (secret != null && !secret.isEmpty() && secret.length() <= 100) {
            UserSession.delete("tokenHash", Hashes.sha256Hex(secret));
        }
    }

    /** Ends every session of a user except the one of {@code keepSecret} (null: all of them). */
    @Transactional(Transactional.TxType.MANDATORY)
    public long endAll(AppUser user, String keepSecret, String why) {
        long ended = keepSecret == null ? UserSession.delete("user", user)
                : UserSession.delete("user = ?1 and tokenHash <> ?2", user, Hashes.sha256Hex(keepSecret));
        Log.infof("Ended %d session(s) of '%s': %s", ended, user.username, why);
        return ended;
    }

    /** Removes sessions nobody can use any more. */
    public long purge() {
        Instant now = clock.instant();
        return UserSession.delete("expiresAt <= ?1 or lastSeenAt <= ?2", now,
                now.minus(config.session().idleTimeout()));
    }
}
