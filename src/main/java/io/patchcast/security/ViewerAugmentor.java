package io.patchcast.security;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Adds the user's customer and display name to the identity once per request, so that scoping and page
 * headers never need a database call of their own (and work on the I/O thread, e.g. for a 403 page).
 */
@ApplicationScoped
public class ViewerAugmentor implements SecurityIdentityAugmentor {

    static final String CUSTOMER_ID = "patchcast.customerId";
    static final String DISPLAY_NAME = "patchcast.displayName";

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || identity.getAttribute(DISPLAY_NAME) != null) {
            return Uni.createFrom().item(identity);
        }
        return context.runBlocking(() -> QuarkusTransaction.joiningExisting().call(() -> {
            QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder(identity);
            AppUser.findByUsername(identity.getPrincipal().getName()).ifPresent(user -> {
                builder.addAttribute(DISPLAY_NAME, user.displayName);
                if (user.customer != null) {
                    builder.addAttribute(CUSTOMER_ID, user.customer.id);
                }
            });
            return builder.build();
        }));
    }
}
