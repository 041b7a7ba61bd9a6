package io.patchcast.web;

import java.net.URI;
import java.util.List;

import org.jboss.resteasy.reactive.RestCookie;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;

import io.patchcast.demo.DemoConfig;
import io.patchcast.demo.DemoFleet;
import io.patchcast.security.AccountService;
import io.patchcast.security.SessionCookies;
import io.patchcast.security.SessionService;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The login form (posted to {@link FormLogin} at /j_security_check), the second-factor step that follows it for
 * accounts with one, and logout, which deletes the session on the server, not only the cookie.
 */
@Path("/")
@PermitAll
public class LoginPages {

    @Inject
    AccountService accounts;

    @Inject
    SessionService sessions;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance login(boolean failed, boolean throttled, boolean loggedOut, boolean expired,
                List<DemoFleet.DemoLogin> demoLogins);

        static native TemplateInstance secondFactor(AccountService.SecondFactorStep step, String error);

        static native TemplateInstance recoveryCodes(List<String> codes, String next);
    }

    @Inject
    DemoConfig demo;

    @GET
    @Path("login")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance login(@RestQuery String error, @RestQuery String out, @RestQuery String expired) {
        return Templates.login(error != null && !"wait".equals(error), "wait".equals(error), out != null,
                expired != null, demo.enabled() ? DemoFleet.logins() : List.of());
    }

    @GET
    @Path("login/mfa")
    @Produces(MediaType.TEXT_HTML)
    public Response secondFactor(@RestCookie(SessionService.PENDING_COOKIE) String pending) {
        return accounts.secondFactorStep(pending)
                .map(step -> Response.ok(Templates.secondFactor(step, null)).header(HttpHeaders.CACHE_CONTROL,
                        "no-store").build())
                .orElseGet(() -> Response.seeOther(URI.create("/login?expired=1")).build());
    }

    @POST
    @Path("login/mfa")
    @Produces(MediaType.TEXT_HTML)
    public Response completeSecondFactor(@RestCookie(SessionService.PENDING_COOKIE) String pending,
            @RestForm String code, @jakarta.ws.rs.core.Context io.vertx.ext.web.RoutingContext routing) {
        AccountService.SecondFactorResult result = accounts.completeSecondFactor(pending, code,
                io.patchcast.security.ClientAddress.of(routing));
        if (result.startOver()) {
            return Response.seeOther(URI.create("/login?expired=1"))
                    .header(HttpHeaders.SET_COOKIE, SessionCookies.clear(SessionService.PENDING_COOKIE)).build();
        }
        if (result.error() != null) {
            var step = accounts.secondFactorStep(pending).orElse(null);
            if (step == null) {
                return Response.seeOther(URI.create("/login?expired=1")).build();
            }
            return Response.status(400).entity(Templates.secondFactor(step, result.error())).build();
        }
        Response.ResponseBuilder ok = result.recoveryCodes().isEmpty()
                ? Response.seeOther(URI.create("/"))
                : Response.ok(Templates.recoveryCodes(result.recoveryCodes(), "/"));
        return ok.header(HttpHeaders.SET_COOKIE, SessionCookies.set(SessionService.COOKIE, result.sessionSecret()))
                .header(HttpHeaders.SET_COOKIE, SessionCookies.clear(SessionService.PENDING_COOKIE))
                .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }

    @POST
    @Path("logout")
    public Response logout(@RestCookie(SessionService.COOKIE) String session,
            @RestCookie(SessionService.PENDING_COOKIE) String pending) {
        sessions.end(session);
        sessions.end(pending);
        return Response.seeOther(URI.create("/login?out=1"))
                .header(HttpHeaders.SET_COOKIE, SessionCookies.clear(SessionService.COOKIE))
                .header(HttpHeaders.SET_COOKIE, SessionCookies.clear(SessionService.PENDING_COOKIE)).build();
    }
}
