package io.patchcast.security;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Requests of the user administration API. */
public final class UserRequests {

    private UserRequests() {
    }

    /** A new user; customer users need {@code customerId}, staff must not have one. */
    public record CreateUserRequest(
            @NotBlank @Size(max = 100) @Pattern(regexp = "[a-z0-9][a-z0-9._-]*", message = "lower-case letters,"
                    + " digits, dots, dashes and underscores, starting with a letter or digit") String username,
            @NotBlank @Size(max = 200) String displayName,
            @NotBlank @Pattern(regexp = "customer|support|admin", message = "must be customer, support or admin") String role,
            Long customerId,
            @NotBlank @Size(max = 1024) String password) {
    }

    /** Changes to a user; absent members stay as they are. A role change to staff drops the customer. */
    public record UpdateUserRequest(
            @Size(max = 200) String displayName,
            @Pattern(regexp = "customer|support|admin", message = "must be customer, support or admin") String role,
            Long customerId,
            Boolean disabled) {
    }

    /** An admin's password reset: the new password, or none to have one generated (shown once). */
    public record ResetPasswordRequest(@Size(max = 1024) String password) {
    }

    /** The result of a reset: the generated password when none was given. */
    public record ResetPasswordResult(UserView user, String generatedPassword) {
    }

    /** One's own password change. */
    public record ChangePasswordRequest(@NotBlank @Size(max = 1024) String currentPassword,
            @NotBlank @Size(max = 1024) String newPassword) {
    }
}
