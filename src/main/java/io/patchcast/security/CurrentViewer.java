package io.patchcast.security;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/** The {@link Viewer} of the current request, read from the identity {@link ViewerAugmentor} completed. */
@RequestScoped
public class CurrentViewer {

    private static final String[] ROLES = { Role.ADMIN, Role.SUPPORT, Role.CUSTOMER, Role.AGENT };

    @Inject
    SecurityIdentity identity;

    public Viewer get() {
        if (identity.isAnonymous()) {
            return new Viewer(null, null, null, null);
        }
        String name = identity.getPrincipal().getName();
        String role = null;
        for (String r : ROLES) {
            if (identity.hasRole(r)) {
                role = r;
                break;
            }
        }
        Long customerId = identity.getAttribute(ViewerAugmentor.CUSTOMER_ID);
        String displayName = identity.getAttribute(ViewerAugmentor.DISPLAY_NAME);
        return new Viewer(name, role, customerId, displayName == null ? name : displayName);
    }
}
