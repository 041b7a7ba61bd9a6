package io.patchcast.web.portal;

import java.net.URI;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import io.patchcast.common.PageView;
import io.patchcast.common.Params;
import io.patchcast.common.ProblemException;
import io.patchcast.customer.CustomerService;
import io.patchcast.customer.CustomerView;
import io.patchcast.customer.FeedTokenService;
import io.patchcast.security.CurrentViewer;
import io.patchcast.security.Role;
import io.patchcast.security.Viewer;
import io.patchcast.window.ChangeView;
import io.patchcast.window.ContactView;
import io.patchcast.window.ExclusionView;
import io.patchcast.window.MoveOptions;
import io.patchcast.window.RescheduleRequest;
import io.patchcast.window.WeeklyRange;
import io.patchcast.window.WindowFilter;
import io.patchcast.window.WindowService;
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

/**
 * The customer's maintenance calendar (list and month), one page per window with its move form and history,
 * and the notification settings. Staff open the same window page, with their actions.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class MaintenancePages {

    @Inject
    CurrentViewer currentViewer;

    @Inject
    WindowService windows;

    @Inject
    CustomerService customers;

    @Inject
    FeedTokenService feedTokens;

    @Inject
    java.time.Clock clock;

    /** One day cell of the month view. */
    public record Day(LocalDate date, boolean inMonth, boolean today, List<WindowView> windows) {
    }

    /** What the move form shows back after a refusal. */
    public record MoveForm(String start, String reason, String error, String rule, List<Instant> suggestions) {
        static final MoveForm EMPTY = new MoveForm("", "", null, null, List.of());
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance calendar(CustomerView customer, PageView<WindowView> windows, String view,
                YearMonth month, List<List<Day>> weeks, String zone);

        static native TemplateInstance window(MoveOptions options, List<ChangeView> changes, MoveForm form,
                boolean staff, String flash);

        static native TemplateInstance settings(CustomerView customer, List<ContactView> contacts,
                List<ExclusionView> exclusions, WeeklyRange defaultExclusion, List<FeedTokenService.TokenView> tokens,
                String newFeedUrl, String error, DayOfWeek[] days);
    }

    // ------------------------------------------------------------------ calendar

    @GET
    @Path("maintenance")
    @RolesAllowed({ Role.CUSTOMER, Role.SUPPORT, Role.ADMIN })
    public Response calendar(@RestQuery String view, @RestQuery String month, @RestQuery String page) {
        Viewer viewer = currentViewer.get();
        if (viewer.isStaff()) {
            return Response.seeOther(URI.create("/console/windows")).build();
        }
        CustomerView customer = customers.own(viewer);
        ZoneId zone = ZoneId.of(customer.timeZone());
        if ("month".equals(view)) {
            YearMonth ym = parseMonth(month, zone);
            LocalDate first = ym.atDay(1).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            LocalDate last = ym.atEndOfMonth().with(TemporalAdjusters.nextOrSame(DayOfWeek.SUNDAY));
            Instant from = first.atStartOfDay(zone).toInstant();
            Instant to = last.plusDays(1).atStartOfDay(zone).toInstant();
            PageView<WindowView> inRange = windows.list(viewer, new WindowFilter(null, null, null, null, null, from, to,
                    null), 1, Params.MAX_PAGE_SIZE);
            LocalDate today = LocalDate.now(clock.withZone(zone));
            List<List<Day>> weeks = new ArrayList<>();
            for (LocalDate d = first; !d.isAfter(last); d = d.plusWeeks(1)) {
                List<Day> week = new ArrayList<>();
                for (int i = 0; i < 7; i++) {
                    LocalDate day = d.plusDays(i);
                    List<WindowView> onDay = inRange.items().stream()
                            .filter(w -> w.start().atZone(zone).toLocalDate().equals(day)).toList();
                    week.add(new Day(day, YearMonth.from(day).equals(ym), day.equals(today), onDay));
                }
                weeks.add(week);
            }
            return Response.ok(Templates.calendar(customer, inRange, "month", ym, weeks, zone.getId())).build();
        }
        Instant since = clock.instant().minus(java.time.Duration.ofDays(30));
        PageView<WindowView> list = windows.list(viewer, new WindowFilter(null, null, null, null, null, since, null, null),
                Params.page(page), Params.DEFAULT_PAGE_SIZE);
        return Response.ok(Templates.calendar(customer, list, "list", YearMonth.now(clock.withZone(zone)), List.of(),
                zone.getId())).build();
    }

    // ------------------------------------------------------------------ one window

    @GET
    @Path("maintenance/{id}")
    @RolesAllowed({ Role.CUSTOMER, Role.SUPPORT, Role.ADMIN })
    public TemplateInstance window(@RestPath String id, @RestQuery String done) {
        return page(Params.id("id", id), MoveForm.EMPTY, flash(done));
    }

    @POST
    @Path("maintenance/{id}/move")
    @RolesAllowed({ Role.CUSTOMER, Role.SUPPORT, Role.ADMIN })
    public Response move(@RestPath String id, @RestForm String start, @RestForm String startUtc,
            @RestForm String reason, @RestForm String version, @RestForm String override,
            @RestForm String emergency, @RestForm String justification) {
        Viewer viewer = currentViewer.get();
        long windowId = Params.id("id", id);
        WindowView current = windows.get(viewer, windowId);
        String shown = start == null ? "" : start;
        try {
            Instant target = startUtc != null && !startUtc.isBlank() ? Instant.parse(startUtc.trim())
                    : parseLocal(start, current.timeZone());
            if (reason == null || reason.isBlank()) {
                throw ProblemException.badRequest("reason", "say why the window moves");
            }
            windows.reschedule(viewer, windowId, new RescheduleRequest(target, reason.trim(),
                    (long) Params.intIn("version", version, -1, 0, Integer.MAX_VALUE), "on".equals(override),
                    "on".equals(emergency), justification));
            return Response.seeOther(URI.create("/maintenance/" + windowId + "?done=moved")).build();
        } catch (ProblemException e) {
            Object rule = e.problem().extensionMembers().get("rule");
            Object suggestions = e.problem().extensionMembers().get("suggestions");
            List<Instant> parsed = new ArrayList<>();
            if (suggestions instanceof List<?> list) {
                list.forEach(s -> parsed.add(Instant.parse(s.toString())));
            }
            String message = e.problem().errors() == null || e.problem().errors().isEmpty() ? e.problem().detail()
                    : e.problem().errors().get(0).message();
            MoveForm form = new MoveForm(shown, reason == null ? "" : reason, message,
                    rule == null ? null : rule.toString(), parsed);
            return Response.status(e.problem().status()).entity(page(windowId, form, null)).build();
        }
    }

    @POST
    @Path("maintenance/{id}/{action:hold|release|cancel}")
    @RolesAllowed({ Role.SUPPORT, Role.ADMIN })
    public Response staffAction(@RestPath String id, @RestPath String action, @RestForm String reason) {
        Viewer viewer = currentViewer.get();
        long windowId = Params.id("id", id);
        try {
            switch (action) {
                case "hold" -> windows.hold(windowId, reason, viewer.username());
                case "release" -> windows.release(windowId, reason, viewer.username());
                default -> windows.cancel(windowId, reason, viewer.username());
            }
            return Response.seeOther(URI.create("/maintenance/" + windowId + "?done=" + action)).build();
        } catch (ProblemException e) {
            return Response.status(e.problem().status()).entity(page(windowId,
                    new MoveForm("", "", e.problem().detail(), null, List.of()), null)).build();
        }
    }

    private TemplateInstance page(long id, MoveForm form, String flash) {
        Viewer viewer = currentViewer.get();
        return Templates.window(windows.moveOptions(viewer, id), windows.changes(viewer, id), form, viewer.isStaff(),
                flash);
    }

    private static String flash(String done) {
        if (done == null) {
            return null;
        }
        return switch (done) {
            case "moved" -> "The window has moved. Your contacts get an updated invitation.";
            case "hold" -> "The window is on hold. The customer is told we will reach out.";
            case "release" -> "The window is back on the schedule.";
            case "cancel" -> "The window is cancelled.";
            default -> null;
        };
    }

    // ------------------------------------------------------------------ settings

    @GET
    @Path("settings/notifications")
    @RolesAllowed(Role.CUSTOMER)
    public TemplateInstance settings() {
        return settingsPage(null, null);
    }

    @POST
    @Path("settings/notifications/contacts/{id}")
    @RolesAllowed(Role.CUSTOMER)
    public Response contact(@RestPath String id, @RestForm String reminders) {
        windows.setReminders(currentViewer.get(), Params.id("id", id), "on".equals(reminders));
        return Response.seeOther(URI.create("/settings/notifications")).build();
    }

    @POST
    @Path("settings/notifications/exclusions")
    @RolesAllowed(Role.CUSTOMER)
    public Response addExclusion(@RestForm String startDay, @RestForm String startTime, @RestForm String endDay,
            @RestForm String endTime) {
        try {
            WeeklyRange range = new WeeklyRange(day("startDay", startDay), time("startTime", startTime),
                    day("endDay", endDay), time("endTime", endTime));
            windows.addExclusion(currentViewer.get(), range);
            return Response.seeOther(URI.create("/settings/notifications")).build();
        } catch (ProblemException e) {
            return Response.status(400).entity(settingsPage(null, e.problem().detail())).build();
        }
    }

    @POST
    @Path("settings/notifications/exclusions/{id}/delete")
    @RolesAllowed(Role.CUSTOMER)
    public Response deleteExclusion(@RestPath String id) {
        windows.deleteExclusion(currentViewer.get(), Params.id("id", id));
        return Response.seeOther(URI.create("/settings/notifications")).build();
    }

    /** Creates a feed token and shows its URL once; it cannot be shown again. */
    @POST
    @Path("settings/notifications/feed-tokens")
    @RolesAllowed(Role.CUSTOMER)
    public TemplateInstance createFeedToken() {
        FeedTokenService.Created created = feedTokens.create(currentViewer.get());
        return settingsPage("/calendar/" + created.secret() + ".ics", null);
    }

    @POST
    @Path("settings/notifications/feed-tokens/{id}/revoke")
    @RolesAllowed(Role.CUSTOMER)
    public Response revokeFeedToken(@RestPath String id) {
        feedTokens.revoke(currentViewer.get(), Params.id("id", id));
        return Response.seeOther(URI.create("/settings/notifications")).build();
    }

    private TemplateInstance settingsPage(String newFeedUrl, String error) {
        Viewer viewer = currentViewer.get();
        return Templates.settings(customers.own(viewer), windows.contacts(viewer), windows.ownExclusions(viewer),
                windows.defaultExclusion(), feedTokens.list(viewer), newFeedUrl, error, DayOfWeek.values());
    }

    // ------------------------------------------------------------------ parsing

    private static YearMonth parseMonth(String value, ZoneId zone) {
        if (value == null || value.isBlank()) {
            return YearMonth.now(zone);
        }
        try {
            return YearMonth.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("month", "must look like 2026-12");
        }
    }

    /** A datetime-local value in the cluster's zone; a local time skipped by DST moves forward as java.time does. */
    static Instant parseLocal(String value, String zone) {
        if (value == null || value.isBlank()) {
            throw ProblemException.badRequest("start", "choose the new start");
        }
        try {
            return ZonedDateTime.ofLocal(LocalDateTime.parse(value.trim()), ZoneId.of(zone), null).toInstant();
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("start", "must be a date and time such as 2026-12-01T02:00");
        }
    }

    private static DayOfWeek day(String field, String value) {
        try {
            return DayOfWeek.valueOf(value == null ? "" : value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(field, "choose a weekday");
        }
    }

    private static LocalTime time(String field, String value) {
        try {
            return LocalTime.parse(value == null ? "" : value.trim());
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest(field, "must be a time such as 17:00");
        }
    }
}
