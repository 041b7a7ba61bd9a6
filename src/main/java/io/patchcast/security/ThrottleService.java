package io.patchcast.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Failed sign-ins per account and per client address (form login, HTTP Basic and the second factor alike). After
 * a few free failures every further attempt must wait, the wait doubling each time; after more failures the key
 * is locked for a while. Nothing sleeps: an attempt during the wait is refused unchecked, so a guessing script
 * gains nothing by trying faster and the server spends no bcrypt time on it.
 */
@ApplicationScoped
@Transactional
public class ThrottleService {

    @Inject
    SecurityConfig config;

    @Inject
    Clock clock;

    /** A key's state as admins see it. */
    public record ThrottleView(String key, int failures, Instant lastFailureAt, Instant blockedUntil,
            boolean blocked) {
    }

    static String userKey(String username) {
        return LoginThrottle.USER + username.strip().toLowerCase(Locale.ROOT);
    }

    static String addressKey(String address) {
        return LoginThrottle.ADDRESS + (address == null ? "unknown" : address);
    }

    /** When the attempt may be checked again, if one of the keys is blocked now. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Instant> blockedUntil(String username, String address) {
        Instant now = clock.instant();
        List<LoginThrottle> rows = LoginThrottle.list("key in ?1", List.of(userKey(username), addressKey(address)));
        return rows.stream().map(t -> t.blockedUntil).filter(b -> b != null && b.isAfter(now))
                .max(Instant::compareTo);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void failed(String username, String address) {
        SecurityConfig.Throttle t = config.throttle();
        record(userKey(username), t.accountFreeFailures(), t.accountLockAfter());
        record(addressKey(address), t.addressFreeFailures(), t.addressLockAfter());
    }

    /** A right password clears the account's failures; the address keeps its own until they age out. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void succeeded(String username) {
        LoginThrottle.delete("key", userKey(username));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ThrottleView> list() {
        Instant now = clock.instant();
        Instant forget = now.minus(config.throttle().forgetAfter());
        return LoginThrottle.<LoginThrottle>list("lastFailureAt > ?1 order by lastFailureAt desc", forget).stream()
                .map(t -> new ThrottleView(t.key, t.failures, t.lastFailureAt, t.blockedUntil,
                        t.blockedUntil != null && t.blockedUntil.isAfter(now)))
                .toList();
    }

    /** Admin: lift a lock (an account key {@code user:name} or an address key {@code addr:ip}). */
    public boolean clear(String key, String by) {
        boolean removed = LoginThrottle.delete("key", key) > 0;
        if (removed) {
            Log.infof("Sign-in lock %s lifted by %s", io.patchcast.common.Text.forLog(key), by);
        }
        return removed;
    }

    private void record(String key, int free, int lockAfter) {
        Instant now = clock.instant();
        SecurityConfig.Throttle t = config.throttle();
        LoginThrottle row = LoginThrottle.findById(key, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        if (row == null) {
            row = new LoginThrottle();
            row.key = key;
            row.failures = 0;
            row.lastFailureAt = now;
            row.persist();
        } else if (row.lastFailureAt.plus(t.forgetAfter()).isBefore(now)) {
            row.failures = 0;
        }
        row.failures++;
        row.lastFailureAt = now;
        if (row.failures >= lockAfter) {
            row.blockedUntil = now.plus(t.lockFor());
            Log.warnf("Sign-in locked for %s until %s after %d failures", io.patchcast.common.Text.forLog(key),
                    row.blockedUntil, row.failures);
        } else if (row.failures > free) {
            int doublings = Math.min(row.failures - free - 1, 20);
            Duration wait = t.initialDelay().multipliedBy(1L << doublings);
            row.blockedUntil = now.plus(wait.compareTo(t.lockFor()) > 0 ? t.lockFor() : wait);
        }
    }
}
