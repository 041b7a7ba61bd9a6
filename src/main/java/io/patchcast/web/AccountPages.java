package io.patchcast.web;

import java.util.List;
import java.util.Map;

import org.jboss.resteasy.reactive.RestCookie;
import org.jboss.resteasy.reactive.RestForm;

import io.patchcast.common.Problem;
import io.patchcast.common.ProblemException;
import io.patchcast.security.AccountService;
import io.patchcast.security.CurrentViewer;
import io.patchcast.security.SecurityConfig;
import io.patchcast.security.SessionService;
import io.patchcast.security.Viewer;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Every signed-in person's own account: password change and the second factor. */
@Path("/account")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class AccountPages {

    @Inject
    AccountService accounts;

    @Inject
    CurrentViewer currentViewer;

    @Inject
    SecurityConfig config;

    /** What the account page shows. */
    public record AccountView(String username, String displayName, boolean secondFactor, boolean secondFactorRequired,
            long sessions) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance account(AccountView account, String flash, Map<String, String> errors);

        static native TemplateInstance setup(AccountService.SecondFactorStep step, String error);

        static native TemplateInstance recoveryCodes(List<String> codes);
    }

    @GET
    public TemplateInstance account() {
        return Templates.account(view(), null, Map.of());
    }

    @POST
    @Path("password")
    public Response changePassword(@RestForm String currentPassword, @RestForm String newPassword,
            @RestForm String confirmPassword, @RestCookie(SessionService.COOKIE) String session) {
        try {
            accounts.changePassword(currentViewer.get(), currentPassword, newPassword,
                    confirmPassword == null ? "" : confirmPassword, session);
            return Response.ok(Templates.account(view(), "Your password is changed. Every other session of your"
                    + " account has been signed out.", Map.of())).build();
        } catch (ProblemException e) {
            return Response.status(e.problem().status()).entity(Templates.account(view(), null, errors(e))).build();
        }
    }

    @POST
    @Path("sessions/end-others")
    public TemplateInstance endOtherSessions(@RestCookie(SessionService.COOKIE) String session) {
        long ended = accounts.endOtherSessions(currentViewer.get(), session);
        return Templates.account(view(), ended == 1 ? "Signed out 1 other session." : "Signed out " + ended
                + " other sessions.", Map.of());
    }

    @POST
    @Path("second-factor/setup")
    public TemplateInstance beginSetup() {
        return Templates.setup(accounts.beginEnrolment(currentViewer.get()), null);
    }

    @POST
    @Path("second-factor/confirm")
    public Response confirmSetup(@RestForm String code) {
        Viewer viewer = currentViewer.get();
        try {
            return Response.ok(Templates.recoveryCodes(accounts.confirmEnrolment(viewer, code))).build();
        } catch (ProblemException e) {
            if (e.problem().status() != 400) {
                return Response.status(e.problem().status()).entity(Templates.account(view(), e.problem().detail(),
                        Map.of())).build();
            }
            return Response.status(400).entity(Templates.setup(accounts.enrolmentInProgress(viewer),
                    "That is not the current code of your authenticator app. Try the next one.")).build();
        }
    }

    @POST
    @Path("second-factor/remove")
    public Response removeSecondFactor(@RestForm String password) {
        try {
            accounts.removeSecondFactor(currentViewer.get(), password);
            return Response.ok(Templates.account(view(), "The second factor is removed.", Map.of())).build();
        } catch (ProblemException e) {
            Map<String, String> errors = errors(e);
            if (errors.isEmpty()) {
                errors = Map.of("removePassword", e.problem().detail());
            } else if (errors.containsKey("password")) {
                errors = Map.of("removePassword", errors.get("password"));
            }
            return Response.status(e.problem().status()).entity(Templates.account(view(), null, errors)).build();
        }
    }

    private AccountView view() {
        Viewer viewer = currentViewer.get();
        boolean has = accounts.hasSecondFactor(viewer);
        return new AccountView(viewer.username(), viewer.displayName(), has,
                viewer.isStaff() && config.mfa().requiredForStaff(), accounts.openSessions(viewer));
    }

    private static Map<String, String> errors(ProblemException e) {
        Map<String, String> errors = new java.util.LinkedHashMap<>();
        List<Problem.FieldError> list = e.problem().errors() == null ? List.of() : e.problem().errors();
        list.forEach(f -> errors.putIfAbsent(f.field(), f.message()));
        return errors;
    }
}
