package io.patchcast.security;

import java.net.URI;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

import io.patchcast.common.Params;
import io.patchcast.common.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** User administration (admins): create, disable, reset password or second factor, role and customer; sign-in locks. */
@Path("/api/v1/users")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Users")
public class UserResource {

    @Inject
    UserService users;

    @Inject
    CurrentViewer viewer;

    @GET
    @RolesAllowed(Role.ADMIN)
    @Operation(summary = "List users with their second factor and sign-in lock state (admin)")
    public List<UserView> list() {
        return users.list(viewer.get());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Role.ADMIN)
    @Operation(summary = "Create a user; the password must follow the password policy (admin)")
    public RestResponse<UserView> create(@Valid @NotNull UserRequests.CreateUserRequest request) {
        UserView created = users.create(viewer.get(), request);
        return RestResponse.ResponseBuilder.<UserView>created(URI.create("/api/v1/users/" + created.id()))
                .entity(created).build();
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Role.ADMIN)
    @Operation(summary = "Change display name, role, customer or disabled; access changes end the user's sessions (admin)")
    public UserView update(@RestPath String id, @Valid @NotNull UserRequests.UpdateUserRequest request) {
        return users.update(viewer.get(), Params.id("id", id), request);
    }

    @POST
    @Path("/{id}/password")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Role.ADMIN)
    @Operation(summary = "Reset a password (given, or generated and returned once); ends the user's sessions (admin)")
    public UserRequests.ResetPasswordResult resetPassword(@RestPath String id,
            @Valid @NotNull UserRequests.ResetPasswordRequest request) {
        return users.resetPassword(viewer.get(), Params.id("id", id), request.password());
    }

    @DELETE
    @Path("/{id}/second-factor")
    @RolesAllowed(Role.ADMIN)
    @Operation(summary = "Remove a user's second factor (a lost phone); staff enrol again at next sign-in (admin)")
    public UserView resetSecondFactor(@RestPath String id) {
        return users.resetSecondFactor(viewer.get(), Params.id("id", id));
    }

    @GET
    @Path("/sign-in-locks")
    @RolesAllowed(Role.ADMIN)
    @Operation(summary = "Accounts and client addresses with recent failed sign-ins, and whether they are locked (admin)")
    public List<ThrottleService.ThrottleView> locks() {
        return users.throttles(viewer.get());
    }

    @DELETE
    @Path("/sign-in-locks/{key}")
    @RolesAllowed(Role.ADMIN)
    @Operation(summary = "Lift a sign-in lock, e.g. user:alice or addr:203.0.113.7 (admin)")
    public RestResponse<Void> unlock(@RestPath String key) {
        if (!users.unlock(viewer.get(), key)) {
            throw ProblemException.notFound("Sign-in lock " + key);
        }
        return RestResponse.noContent();
    }
}
