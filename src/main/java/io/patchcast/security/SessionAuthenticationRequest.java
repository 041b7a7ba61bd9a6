package io.patchcast.security;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** The secret of a session cookie. */
public class SessionAuthenticationRequest extends BaseAuthenticationRequest {

    private final String secret;

    public SessionAuthenticationRequest(String secret) {
        this.secret = secret;
    }

    public String secret() {
        return secret;
    }
}
