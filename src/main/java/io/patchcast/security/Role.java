package io.patchcast.security;

/** Role names as they appear in {@code @RolesAllowed} and in the {@code app_user.role} column. */
public final class Role {
    public static final String CUSTOMER = "customer";
    public static final String SUPPORT = "support";
    public static final String ADMIN = "admin";
    public static final String AGENT = "agent";

    private Role() {
    }
}
