package io.patchcast.customer;

/** A customer as the staff list shows it. */
public record CustomerView(long id, String slug, String name, String timeZone) {

    static CustomerView of(Customer c) {
        return new CustomerView(c.id, c.slug, c.name, c.timeZone);
    }
}
