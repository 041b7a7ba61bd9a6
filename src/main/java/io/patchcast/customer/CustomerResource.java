package io.patchcast.customer;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.patchcast.security.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/api/v1/customers")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Customers")
public class CustomerResource {

    @Inject
    CustomerService customers;

    @GET
    @RolesAllowed({ Role.SUPPORT, Role.ADMIN })
    @Operation(summary = "List all customers (staff)")
    public List<CustomerView> list() {
        return customers.list();
    }
}
