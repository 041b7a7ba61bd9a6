package io.patchcast.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** HTTP Basic on the API: the same throttled password check as the form login (see {@link AccountService#basic}). */
@ApplicationScoped
public class PasswordIdentityProvider implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    @Inject
    AccountService accounts;

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request,
            AuthenticationRequestContext context) {
        var routing = HttpSecurityUtils.getRoutingContextAttribute(request);
        String address = routing == null ? null : ClientAddress.of(routing);
        String password = new String(request.getPassword().getPassword());
        return context.runBlocking(() -> accounts.basic(request.getUsername(), password, address)
                .map(p -> Identities.person(p.username(), p.role(), p.displayName(), p.customerId()))
                .orElseThrow(AuthenticationFailedException::new));
    }
}
