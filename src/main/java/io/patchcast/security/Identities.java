package io.patchcast.security;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;

/** Identities of people, with the attributes {@link ViewerAugmentor} would otherwise look up. */
final class Identities {

    private Identities() {
    }

    static SecurityIdentity person(String username, String role, String displayName, Long customerId) {
        QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(username))
                .addRole(role)
                .addAttribute(ViewerAugmentor.DISPLAY_NAME, displayName);
        if (customerId != null) {
            builder.addAttribute(ViewerAugmentor.CUSTOMER_ID, customerId);
        }
        return builder.build();
    }
}
