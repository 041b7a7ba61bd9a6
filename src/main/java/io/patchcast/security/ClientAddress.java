package io.patchcast.security;

import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;

/**
 * The client's address for throttling and logs. Behind a proxy this is the forwarded address only when the
 * proxy is trusted ({@code quarkus.http.proxy.*}, see docs/operations.md): Quarkus then rewrites the remote
 * address itself, and a client cannot pick its own throttle key by sending X-Forwarded-For.
 */
public final class ClientAddress {

    private ClientAddress() {
    }

    public static String of(RoutingContext context) {
        SocketAddress remote = context.request().remoteAddress();
        return remote == null ? "unknown" : remote.hostAddress();
    }
}
