package io.patchcast.window;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import io.patchcast.common.PageView;
import io.patchcast.common.Params;
import io.patchcast.common.ProblemException;
import io.patchcast.customer.Customer;
import io.patchcast.fleet.Provider;
import io.patchcast.security.CurrentViewer;
import io.patchcast.security.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Maintenance windows: list, read, move (customers within the policy, staff with a reason), staff actions. */
@Path("/api/v1/windows")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class WindowResource {

    @Inject
    WindowService windows;

    @Inject
    CurrentViewer viewer;

    /** A staff action's reason. */
    public record ReasonRequest(@NotBlank @Size(max = 1000) String reason) {
    }

    @GET
    @RolesAllowed({ Role.CUSTOMER, Role.SUPPORT, Role.ADMIN })
    public PageView<WindowView> list(@RestQuery String provider, @RestQuery String region, @RestQuery String customer,
            @RestQuery String cluster, @RestQuery String status, @RestQuery String from, @RestQuery String to,
            @RestQuery String family, @RestQuery String page, @RestQuery String size) {
        WindowFilter filter = new WindowFilter(
                Params.optional("provider", provider, Provider::parse, "aws, gcp, azure, self-hosted").orElse(null),
                region == null || region.isBlank() ? null : region.trim(), customerId(customer),
                cluster == null || cluster.isBlank() ? null : Params.id("cluster", cluster),
                Params.optional("status", status, WindowStatus::parse,
                        "scheduled, in_progress, completed, delayed, held, cancelled, failed").orElse(null),
                instant("from", from), instant("to", to), family == null || family.isBlank() ? null : family.trim());
        return windows.list(viewer.get(), filter, Params.page(page), Params.size(size));
    }

    @GET
    @Path("{id}")
    @RolesAllowed({ Role.CUSTOMER, Role.SUPPORT, Role.ADMIN })
    public WindowView get(@RestPath String id) {
        return windows.get(viewer.get(), Params.id("id", id));
    }

    @GET
    @Path("{id}/changes")
    @RolesAllowed({ Role.CUSTOMER, Role.SUPPORT, Role.ADMIN })
    public List<ChangeView> changes(@RestPath String id) {
        return windows.changes(viewer.get(), Params.id("id", id));
    }

    /** The allowed range, deadline, moves left and three acceptable starts, before a move. */
    @GET
    @Path("{id}/move-options")
    @RolesAllowed({ Role.CUSTOMER, Role.SUPPORT, Role.ADMIN })
    public MoveOptions moveOptions(@RestPath String id) {
        return windows.moveOptions(viewer.get(), Params.id("id", id));
    }

    @POST
    @Path("{id}/reschedule")
    @RolesAllowed({ Role.CUSTOMER, Role.SUPPORT, Role.ADMIN })
    public WindowView reschedule(@RestPath String id, @Valid @NotNull RescheduleRequest request) {
        return windows.reschedule(viewer.get(), Params.id("id", id), request);
    }

    @POST
    @Path("{id}/hold")
    @RolesAllowed({ Role.SUPPORT, Role.ADMIN })
    public WindowView hold(@RestPath String id, @Valid @NotNull ReasonRequest request) {
        long windowId = Params.id("id", id);
        windows.hold(windowId, request.reason(), viewer.get().username());
        return windows.get(viewer.get(), windowId);
    }

    @POST
    @Path("{id}/release")
    @RolesAllowed({ Role.SUPPORT, Role.ADMIN })
    public WindowView release(@RestPath String id, @Valid @NotNull ReasonRequest request) {
        long windowId = Params.id("id", id);
        windows.release(windowId, request.reason(), viewer.get().username());
        return windows.get(viewer.get(), windowId);
    }

    @POST
    @Path("{id}/cancel")
    @RolesAllowed({ Role.SUPPORT, Role.ADMIN })
    public WindowView cancel(@RestPath String id, @Valid @NotNull ReasonRequest request) {
        long windowId = Params.id("id", id);
        windows.cancel(windowId, request.reason(), viewer.get().username());
        return windows.get(viewer.get(), windowId);
    }

    /** One staff action on many windows, e.g. shift every AWS i3 window by P14D; each window's outcome. */
    @POST
    @Path("bulk")
    @RolesAllowed({ Role.SUPPORT, Role.ADMIN })
    public BulkResult bulk(@Valid @NotNull BulkRequest request) {
        if (request.action() == BulkRequest.Action.SHIFT && (request.shift() == null || request.shift().isZero())) {
            throw ProblemException.badRequest("shift", "a SHIFT needs a non-zero ISO-8601 duration, e.g. P14D");
        }
        return windows.bulk(viewer.get(), request);
    }

    static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest(name, "must be an ISO-8601 instant such as 2026-03-05T01:00:00Z");
        }
    }

    /** A customer by numeric id or slug; an unknown slug matches nothing rather than everything. */
    static Long customerId(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        if (v.chars().allMatch(Character::isDigit)) {
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw ProblemException.badRequest("customer", "must be a customer id or slug, was '" + v + "'");
            }
        }
        return Customer.findBySlug(v).map(c -> c.id).orElse(-1L);
    }
}
