package io.patchcast.security;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** The secret of an API token, as sent in {@code Authorization: Bearer}. */
public class TokenAuthenticationRequest extends BaseAuthenticationRequest {

    private final String secret;

    public TokenAuthenticationRequest(String secret) {
        this.secret = secret;
    }

    public String secret() {
        return secret;
    }
}
