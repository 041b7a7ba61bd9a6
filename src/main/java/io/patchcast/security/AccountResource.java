package io.patchcast.security;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** One's own account over the API. */
@Path("/api/v1/account")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Account")
public class AccountResource {

    @Inject
    AccountService accounts;

    @Inject
    CurrentViewer viewer;

    @POST
    @Path("/password")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Role.CUSTOMER, Role.SUPPORT, Role.ADMIN })
    @Operation(summary = "Change your own password (policy: 12+ characters, not a common one); ends all your sessions")
    public RestResponse<Void> changePassword(@Valid @NotNull UserRequests.ChangePasswordRequest request) {
        accounts.changePassword(viewer.get(), request.currentPassword(), request.newPassword(), null, null);
        return RestResponse.noContent();
    }
}
