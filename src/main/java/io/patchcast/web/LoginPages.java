package io.patchcast.web;

import java.net.URI;

import org.jboss.resteasy.reactive.RestQuery;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.PermitAll;
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
        static native TemplateInstance login(boolean failed, boolean loggedOut);
    }

    @GET
    @Path("login")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance login(@RestQuery String error, @RestQuery String out) {
        return Templates.login(error != null, out != null);
    }

    @POST
    @Path("logout")
    public Response logout() {
        NewCookie expired = new NewCookie.Builder(SESSION_COOKIE).path("/").maxAge(0).value("").httpOnly(true).build();
        return Response.seeOther(URI.create("/login?out=1")).cookie(expired).build();
    }
}
