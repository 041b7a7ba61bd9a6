package io.patchcast.security;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Turns a bearer secret into the identity of its token: role {@code agent}, the token's customer as the
 * {@code patchcast.customerId} attribute. Looked up on every request, never cached, so revocation is immediate.
 */
@ApplicationScoped
public class TokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    /** Identity attribute holding the token's id, for audit. */
    public static final String TOKEN_ID = "patchcast.tokenId";

    @Inject
    ApiTokenService tokens;

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        return context.runBlocking(() -> QuarkusTransaction.requiringNew()
                .call(() -> tokens.authenticate(request.secret()))
                .map(token -> {
                    QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder()
                            .setPrincipal(new QuarkusPrincipal("token:" + token.name()))
                            .addRole(token.role())
                            // set here so ViewerAugmentor does not look the token's name up as a user
                            .addAttribute(ViewerAugmentor.DISPLAY_NAME, token.name())
                            .addAttribute(TOKEN_ID, token.id());
                    if (token.customerId() != null) {
                        builder.addAttribute(ViewerAugmentor.CUSTOMER_ID, token.customerId());
                    }
                    return (SecurityIdentity) builder.build();
                })
                .orElseThrow(AuthenticationFailedException::new));
    }
}
