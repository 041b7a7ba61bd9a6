package io.patchcast.web.console;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;

import io.patchcast.common.PageView;
import io.patchcast.common.Params;
import io.patchcast.common.ProblemException;
import io.patchcast.customer.CustomerService;
import io.patchcast.customer.CustomerView;
import io.patchcast.fleet.ClusterService;
import io.patchcast.fleet.Provider;
import io.patchcast.security.CurrentViewer;
import io.patchcast.security.Role;
import io.patchcast.window.BulkRequest;
import io.patchcast.window.BulkResult;
import io.patchcast.window.ChangeView;
import io.patchcast.window.WindowFilter;
import io.patchcast.window.WindowService;
import io.patchcast.window.WindowStatus;
import io.patchcast.window.WindowView;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Staff: upcoming windows in one lane per provider with bulk actions, and the audit log of all changes. */
@Path("/console")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({ Role.SUPPORT, Role.ADMIN })
public class WindowConsolePages {

    /** Windows shown per lane; the filter narrows further. */
    static final int LANE_SIZE = 50;

    @Inject
    CurrentViewer currentViewer;

    @Inject
    WindowService windows;

    @Inject
    CustomerService customers;

    @Inject
    ClusterService clusters;

    @Inject
    java.time.Clock clock;

    /** One provider's upcoming windows. */
    public record Lane(Provider provider, PageView<WindowView> windows) {
    }

    /** The filter as the form shows it back. */
    public record LaneFilter(String region, String customer, String status, String family) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance windows(List<Lane> lanes, LaneFilter filter, List<CustomerView> customers,
                List<String> regions, WindowStatus[] statuses, BulkResult result, String error);

        static native TemplateInstance audit(PageView<ChangeView> changes);
    }

    @GET
    @Path("windows")
    public TemplateInstance windows(@RestQuery String region, @RestQuery String customer, @RestQuery String status,
            @RestQuery String family) {
        return page(new LaneFilter(blank(region), blank(customer), blank(status), blank(family)), null, null);
    }

    /** A bulk action on the ticked windows, or on every window the current filter selects. */
    @POST
    @Path("windows/bulk")
    public Response bulk(@RestForm("windowId") List<String> windowIds, @RestForm String all, @RestForm String action,
            @RestForm String shiftDays, @RestForm String reason, @RestForm String override, @RestForm String region,
            @RestForm String customer, @RestForm String status, @RestForm String family, @RestForm String provider, @RestForm String exposure, @RestForm String kernel) {
        LaneFilter form = new LaneFilter(blank(region), blank(customer), blank(status), blank(family));
        try {
            BulkRequest.Action act = Params.optional("action", action, a -> {
                try {
                    return java.util.Optional.of(BulkRequest.Action.valueOf(a.trim()));
                } catch (IllegalArgumentException e) {
                    return java.util.Optional.empty();
                }
            }, "SHIFT, DELAY, HOLD, RELEASE, CANCEL").orElseThrow(() -> ProblemException.badRequest("action",
                    "choose an action"));
            if (reason == null || reason.isBlank()) {
                throw ProblemException.badRequest("reason", "bulk actions need a reason");
            }
            List<Long> ids = new ArrayList<>();
            for (String id : windowIds == null ? List.<String>of() : windowIds) {
                ids.add(Params.id("windowId", id));
            }
            if (ids.isEmpty() && !"on".equals(all)) {
                throw ProblemException.badRequest("windowId", "tick windows, or choose to act on every window the"
                        + " filter shows");
            }
            Duration shift = act == BulkRequest.Action.SHIFT
                    ? Duration.ofDays(Params.intIn("shiftDays", shiftDays, 0, -60, 60)) : null;
            if (act == BulkRequest.Action.SHIFT && shift.isZero()) {
                throw ProblemException.badRequest("shiftDays", "shift by at least one day");
            }
            WindowFilter filter = filter(form,
                    Params.optional("provider", provider, Provider::parse, "aws, gcp, azure, self-hosted").orElse(null));
            BulkRequest request = new BulkRequest(act, reason.trim(), ids.isEmpty() ? null : ids, filter.provider(),
                    filter.region(), filter.customerId(), filter.instanceFamily(), filter.status(), filter.from(), null,
                    shift, "on".equals(override), Params.optional("exposure", exposure, v -> {
                        try {
                            return java.util.Optional.of(io.patchcast.compat.Verdict.valueOf(v.trim()));
                        } catch (IllegalArgumentException e) {
                            return java.util.Optional.empty();
                        }
                    }, "AFFECTED, UNKNOWN, NOT_AFFECTED").orElse(null), blank(kernel), ids.isEmpty());
            BulkResult result = windows.bulk(currentViewer.get(), request);
            return Response.ok(page(form, result, null)).build();
        } catch (ProblemException e) {
            return Response.status(e.problem().status()).entity(page(form, null, e.problem().detail())).build();
        }
    }

    @GET
    @Path("audit")
    public TemplateInstance audit(@RestQuery String page) {
        return Templates.audit(windows.auditLog(currentViewer.get(), Params.page(page), Params.DEFAULT_PAGE_SIZE));
    }

    private TemplateInstance page(LaneFilter form, BulkResult result, String error) {
        List<Lane> lanes = new ArrayList<>();
        for (Provider p : Provider.values()) {
            WindowFilter base = filter(form, p);
            lanes.add(new Lane(p, windows.list(currentViewer.get(), base, 1, LANE_SIZE)));
        }
        return Templates.windows(lanes, form, customers.list(), clusters.regions(), WindowStatus.values(), result,
                error);
    }

    /** Upcoming (not yet ended) windows matching the form, in one provider. */
    private WindowFilter filter(LaneFilter form, Provider provider) {
        Long customerId = null;
        if (form.customer() != null) {
            customerId = customers.list().stream().filter(c -> c.slug().equals(form.customer())).map(CustomerView::id)
                    .findFirst().orElse(-1L);
        }
        WindowStatus status = Params.optional("status", form.status(), WindowStatus::parse,
                "a window status").orElse(null);
        return new WindowFilter(provider, form.region(), customerId, null, status, clock.instant(), null,
                form.family());
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
