package io.patchcast.security;

/**
 * Who is asking, reduced to what data scoping needs. Services take a Viewer and scope every query by it,
 * so a customer user can never reach another customer's rows whatever URL it asks for.
 *
 * @param username   login name (or token name for agents)
 * @param role       one of {@link Role}
 * @param customerId the customer a customer user (or a customer-bound token) belongs to; null for staff
 * @param displayName name shown in the page header
 */
public record Viewer(String username, String role, Long customerId, String displayName) {

    public boolean isStaff() {
        return Role.SUPPORT.equals(role) || Role.ADMIN.equals(role);
    }

    public boolean isAdmin() {
        return Role.ADMIN.equals(role);
    }

    /** True when the viewer may see data of the given customer. */
    public boolean canSee(long customerOfData) {
        return isStaff() || (customerId != null && customerId == customerOfData);
    }
}
