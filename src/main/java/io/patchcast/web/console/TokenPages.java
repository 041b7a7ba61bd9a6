package io.patchcast.web.console;

import java.net.URI;
import java.util.List;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import io.patchcast.common.Params;
import io.patchcast.common.Problem;
import io.patchcast.common.ProblemException;
import io.patchcast.customer.CustomerService;
import io.patchcast.customer.CustomerView;
import io.patchcast.security.ApiTokenService;
import io.patchcast.security.ApiTokenView;
import io.patchcast.security.CreatedApiToken;
import io.patchcast.security.CurrentViewer;
import io.patchcast.security.Role;
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

/** API token management for admins: list, create (the secret is shown once, on the response), revoke. */
@Path("/console/tokens")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.ADMIN)
public class TokenPages {

    @Inject
    ApiTokenService tokens;

    @Inject
    CustomerService customers;

    @Inject
    CurrentViewer currentViewer;

    /** The create form as typed, for re-rendering with errors. */
    public record TokenForm(String name, String customer) {
        public boolean selects(long customerId) {
            return String.valueOf(customerId).equals(customer);
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance tokens(List<ApiTokenView> tokens, List<CustomerView> customers, TokenForm form,
                List<Problem.FieldError> errors, CreatedApiToken created, String revoked);
    }

    @GET
    public TemplateInstance list(@RestQuery String revoked) {
        return Templates.tokens(tokens.list(currentViewer.get()), customers.list(), new TokenForm("", ""), List.of(),
                null, revoked);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@RestForm String name, @RestForm String customer) {
        TokenForm form = new TokenForm(name == null ? "" : name, customer == null ? "" : customer);
        try {
            Long customerId = customer == null || customer.isBlank() ? null : Params.id("customer", customer);
            CreatedApiToken created = tokens.create(currentViewer.get(), name, customerId);
            // rendered on the POST's response, never redirected: the secret must not travel in a URL or be
            // stored to show later; no-store keeps it out of caches
            return Response.ok(Templates.tokens(tokens.list(currentViewer.get()), customers.list(),
                    new TokenForm("", ""), List.of(), created, null)).header("Cache-Control", "no-store").build();
        } catch (ProblemException e) {
            if (e.problem().status() != 400) {
                throw e;
            }
            return Response.status(400).entity(Templates.tokens(tokens.list(currentViewer.get()), customers.list(),
                    form, e.problem().errors(), null, null)).build();
        }
    }

    @POST
    @Path("{id}/revoke")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response revoke(@RestPath String id) {
        ApiTokenView token = tokens.revoke(currentViewer.get(), Params.id("id", id));
        return Response.seeOther(URI.create("/console/tokens?revoked=" + token.id())).build();
    }
}
