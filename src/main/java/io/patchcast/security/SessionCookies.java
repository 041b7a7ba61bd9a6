package io.patchcast.security;

/**
 * Set-Cookie values for the session cookies: HttpOnly, SameSite=Strict, no Max-Age (they end with the browser;
 * the server ends them sooner). {@code Secure} is added to every cookie of an https response by
 * {@link io.patchcast.common.TransportSecurity}, whether TLS ends here or at a trusted proxy.
 */
public final class SessionCookies {

    private SessionCookies() {
    }

    public static String set(String name, String value) {
        return name + "=" + value + "; Path=/; HttpOnly; SameSite=Strict";
    }

    public static String clear(String name) {
        return name + "=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Strict";
    }
}
