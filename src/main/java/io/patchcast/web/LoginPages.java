package io.patchcast.web;

import java.net.URI;
import java.util.List;

import org.jboss.resteasy.reactive.RestQuery;

import io.patchcast.demo.DemoConfig;
import io.patchcast.demo.DemoFleet;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

/** The login form (posted to Quarkus' form authentication at /j_security_check) and logout. */
@Path("/")
@PermitAll
public class LoginPages {

    static final String SESSION_COOKIE = "patchcast-session";

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance login(boolean failed, boolean loggedOut, List<DemoFleet.DemoLogin> demoLogins);
    }

    @Inject
    DemoConfig demo;

    @GET
    @Path("login")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance login(@RestQuery String error, @RestQuery String out) {
        return Templates.login(error != null, out != null, demo.enabled() ? DemoFleet.logins() : List.of());
    }

    @POST
    @Path("logout")
    public Response logout() {
        NewCookie expired = new NewCookie.Builder(SESSION_COOKIE).path("/").maxAge(0).value("").httpOnly(true).build();
        return Response.seeOther(URI.create("/login?out=1")).cookie(expired).build();
    }
}
