package io.patchcast.web.console;

import java.util.List;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;

import io.patchcast.common.Params;
import io.patchcast.common.Problem;
import io.patchcast.common.ProblemException;
import io.patchcast.customer.CustomerService;
import io.patchcast.customer.CustomerView;
import io.patchcast.security.CurrentViewer;
import io.patchcast.security.Role;
import io.patchcast.security.ThrottleService;
import io.patchcast.security.UserRequests;
import io.patchcast.security.UserService;
import io.patchcast.security.UserView;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Users for admins: create, disable or enable, role and customer, password and second-factor resets, sign-in locks. */
@Path("/console/users")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.ADMIN)
public class UserPages {

    @Inject
    UserService users;

    @Inject
    CustomerService customers;

    @Inject
    CurrentViewer currentViewer;

    /** The create form as typed, for re-rendering with errors (never the password). */
    public record UserForm(String username, String displayName, String role, String customer) {
        public boolean selects(long customerId) {
            return String.valueOf(customerId).equals(customer);
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance users(List<UserView> users, List<ThrottleService.ThrottleView> locks,
                List<CustomerView> customers, UserForm form, List<Problem.FieldError> errors, String flash,
                String generatedPassword);
    }

    @GET
    public TemplateInstance list() {
        return page(empty(), List.of(), null, null);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@RestForm String username, @RestForm String displayName, @RestForm String role,
            @RestForm String customer, @RestForm String password) {
        UserForm form = new UserForm(nz(username), nz(displayName), nz(role), nz(customer));
        try {
            Long customerId = customer == null || customer.isBlank() ? null : Params.id("customer", customer);
            UserView created = users.create(currentViewer.get(), new UserRequests.CreateUserRequest(
                    nz(username).strip(), nz(displayName), nz(role), customerId, nz(password)));
            return Response.ok(page(empty(), List.of(), "User " + created.username() + " created.", null)).build();
        } catch (ProblemException e) {
            return refused(e, form);
        } catch (jakarta.validation.ConstraintViolationException e) {
            return Response.status(400).entity(page(form, e.getConstraintViolations().stream()
                    .map(v -> new Problem.FieldError(v.getPropertyPath().toString(), v.getMessage())).toList(), null,
                    null)).build();
        }
    }

    /** One action on one user: disable, enable, role (with customer), password reset, second-factor reset. */
    @POST
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response act(@RestPath String id, @RestForm String action, @RestForm String role,
            @RestForm String customer) {
        long userId = Params.id("id", id);
        var viewer = currentViewer.get();
        try {
            String flash;
            String generated = null;
            switch (nz(action)) {
                case "disable" -> flash = "User " + users.update(viewer, userId,
                        new UserRequests.UpdateUserRequest(null, null, null, true)).username()
                        + " is disabled and signed out everywhere.";
                case "enable" -> flash = "User " + users.update(viewer, userId,
                        new UserRequests.UpdateUserRequest(null, null, null, false)).username() + " is enabled.";
                case "role" -> {
                    Long customerId = customer == null || customer.isBlank() ? null : Params.id("customer", customer);
                    if (role == null || !List.of(Role.CUSTOMER, Role.SUPPORT, Role.ADMIN).contains(role)) {
                        throw ProblemException.badRequest("role", "must be customer, support or admin");
                    }
                    UserView u = users.update(viewer, userId, new UserRequests.UpdateUserRequest(null, role,
                            customerId, null));
                    flash = "User " + u.username() + " is now " + u.role()
                            + (u.customerName() == null ? "" : " of " + u.customerName()) + ".";
                }
                case "reset-password" -> {
                    UserRequests.ResetPasswordResult r = users.resetPassword(viewer, userId, null);
                    flash = "Password of " + r.user().username() + " reset; the user is signed out everywhere."
                            + " Give them this password over a trusted channel; they should change it at once.";
                    generated = r.generatedPassword();
                }
                case "reset-second-factor" -> flash = "Second factor of " + users.resetSecondFactor(viewer, userId)
                        .username() + " removed; staff set up a new one at their next sign-in.";
                default -> throw ProblemException.badRequest("action", "choose an action");
            }
            return Response.ok(page(empty(), List.of(), flash, generated)).header("Cache-Control", "no-store").build();
        } catch (ProblemException e) {
            if (e.problem().status() == 404) {
                throw e;
            }
            return refused(e, empty());
        }
    }

    @POST
    @Path("/sign-in-locks")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance unlock(@RestForm String key) {
        boolean lifted = users.unlock(currentViewer.get(), nz(key));
        return page(empty(), List.of(), lifted ? "Lifted the sign-in lock of " + key + "." : "No such lock.", null);
    }

    private Response refused(ProblemException e, UserForm form) {
        List<Problem.FieldError> errors = e.problem().errors() == null || e.problem().errors().isEmpty()
                ? List.of(new Problem.FieldError("user", e.problem().detail())) : e.problem().errors();
        return Response.status(e.problem().status()).entity(page(form, errors, null, null)).build();
    }

    private TemplateInstance page(UserForm form, List<Problem.FieldError> errors, String flash, String generated) {
        var viewer = currentViewer.get();
        return Templates.users(users.list(viewer), users.throttles(viewer), customers.list(), form, errors, flash,
                generated);
    }

    private static UserForm empty() {
        return new UserForm("", "", Role.CUSTOMER, "");
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
