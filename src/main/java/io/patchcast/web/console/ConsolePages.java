package io.patchcast.web.console;

import java.util.List;

import org.jboss.resteasy.reactive.RestQuery;

import io.patchcast.common.PageView;
import io.patchcast.common.Params;
import io.patchcast.customer.CustomerService;
import io.patchcast.customer.CustomerView;
import io.patchcast.fleet.ClusterFilter;
import io.patchcast.fleet.ClusterService;
import io.patchcast.fleet.ClusterView;
import io.patchcast.fleet.Provider;
import io.patchcast.security.CurrentViewer;
import io.patchcast.security.Role;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The staff console home: every customer's clusters, filtered and paged. */
@Path("/console")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({ Role.SUPPORT, Role.ADMIN })
public class ConsolePages {

    @Inject
    CurrentViewer currentViewer;

    @Inject
    ClusterService clusters;

    @Inject
    CustomerService customers;

    /** The filter as the form shows it back, blank where unset. */
    public record FilterForm(String provider, String region, String customer) {
        public String query() {
            StringBuilder sb = new StringBuilder();
            append(sb, "provider", provider);
            append(sb, "region", region);
            append(sb, "customer", customer);
            return sb.toString();
        }

        private static void append(StringBuilder sb, String name, String value) {
            if (value != null && !value.isBlank()) {
                sb.append('&').append(name).append('=')
                        .append(java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8));
            }
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance home(PageView<ClusterView> clusters, FilterForm filter, List<CustomerView> customers,
                List<String> regions, Provider[] providers);
    }

    @GET
    public TemplateInstance home(@RestQuery String provider, @RestQuery String region, @RestQuery String customer,
            @RestQuery String page) {
        ClusterFilter filter = ClusterFilter.parse(provider, region, customer);
        PageView<ClusterView> result = clusters.list(currentViewer.get(), filter, Params.page(page),
                Params.DEFAULT_PAGE_SIZE);
        FilterForm form = new FilterForm(filter.provider().map(Provider::key).orElse(""), filter.region().orElse(""),
                filter.customer().orElse(""));
        return Templates.home(result, form, customers.list(), clusters.regions(), Provider.values());
    }
}
