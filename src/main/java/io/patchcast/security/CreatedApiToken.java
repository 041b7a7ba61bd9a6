package io.patchcast.security;

/** A token just created, with its secret: the only time the secret is ever available. */
public record CreatedApiToken(ApiTokenView token, String secret) {
}
