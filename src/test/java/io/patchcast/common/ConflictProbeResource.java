package io.patchcast.common;

import java.time.Instant;

import io.patchcast.customer.Contact;
import io.patchcast.customer.Customer;
import jakarta.annotation.security.PermitAll;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

/** Test-only endpoint: inserts a duplicate row, as two concurrent creators would, to reach the mapper. */
@Path("/test-probe/duplicate-contact")
@PermitAll
public class ConflictProbeResource {

    @POST
    @Transactional
    public String duplicate() {
        Customer customer = Customer.findBySlug("acme-analytics").orElseThrow();
        for (int i = 0; i < 2; i++) {
            Contact c = new Contact();
            c.customer = customer;
            c.name = "Same person";
            c.email = "same-person@acme.example";
            c.createdAt = Instant.now();
            c.persist();
        }
        return "unreachable: the second insert violates uk_contact_email";
    }
}
