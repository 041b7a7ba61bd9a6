package io.patchcast.security;

import java.time.Instant;

/** A token as the console lists it: never the secret, which is not stored. */
public record ApiTokenView(long id, String name, String role, Long customerId, String customerName,
        String createdBy, Instant createdAt, Instant revokedAt, String revokedBy, Instant lastUsedAt) {

    public boolean revoked() {
        return revokedAt != null;
    }
}
