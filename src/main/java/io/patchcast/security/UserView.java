package io.patchcast.security;

import java.time.Instant;

/**
 * A user as admins see it: never the password hash or the TOTP secret. {@code lockedUntil} is set while sign-in
 * of the account is throttled or locked, with the failures that caused it.
 */
public record UserView(long id, String username, String displayName, String role, Long customerId,
        String customerName, boolean disabled, boolean secondFactor, Instant createdAt, Instant passwordChangedAt,
        int failedSignIns, Instant lockedUntil) {

    public boolean locked() {
        return lockedUntil != null;
    }
}
