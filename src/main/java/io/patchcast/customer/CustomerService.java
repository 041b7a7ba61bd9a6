package io.patchcast.customer;

import java.util.List;

import io.patchcast.common.ProblemException;
import io.patchcast.security.Viewer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class CustomerService {

    /** All customers, for staff. */
    public List<CustomerView> list() {
        return Customer.listByName().stream().map(CustomerView::of).toList();
    }

    /** The viewer's own customer (customer users only). */
    public CustomerView own(Viewer viewer) {
        if (viewer.customerId() == null) {
            throw ProblemException.notFound("Customer");
        }
        Customer c = Customer.findById(viewer.customerId());
        if (c == null) {
            throw ProblemException.notFound("Customer");
        }
        return CustomerView.of(c);
    }
}
