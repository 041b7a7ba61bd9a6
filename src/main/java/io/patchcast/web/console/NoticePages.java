package io.patchcast.web.console;

import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import io.patchcast.common.PageView;
import io.patchcast.common.Params;
import io.patchcast.customer.CustomerService;
import io.patchcast.customer.CustomerView;
import io.patchcast.notify.NoticeKind;
import io.patchcast.notify.NoticeService;
import io.patchcast.notify.NoticeService.NoticeDetail;
import io.patchcast.notify.NoticeService.NoticeFilter;
import io.patchcast.notify.NoticeService.NoticeRow;
import io.patchcast.notify.NoticeStatus;
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

/** The delivery console: every notice, its recipients, status, attempts and errors, the email itself, and retries. */
@Path("/console/notices")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({ Role.SUPPORT, Role.ADMIN })
public class NoticePages {

    /**
     * The email's HTML is shown in a frame of its own that may do nothing but show itself: no scripts, no requests
     * (so no tracking pixels or remote fonts), no forms, no navigation; inline styles only, as in an email client.
     */
    static final String PREVIEW_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox; "
            + "frame-ancestors 'self'";

    @Inject
    NoticeService notices;

    @Inject
    CustomerService customers;

    @Inject
    CurrentViewer currentViewer;

    /** The filter as the form shows it back, blank where unset. */
    public record FilterForm(String kind, String status, String customer) {
        public String query() {
            StringBuilder sb = new StringBuilder();
            append(sb, "kind", kind);
            append(sb, "status", status);
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
        static native TemplateInstance list(PageView<NoticeRow> notices, Map<NoticeStatus, Long> counts, FilterForm filter,
                java.util.List<CustomerView> customers, NoticeKind[] kinds, NoticeStatus[] statuses, String flash);

        static native TemplateInstance detail(NoticeDetail notice, String flash);
    }

    @GET
    public TemplateInstance list(@RestQuery String kind, @RestQuery String status, @RestQuery String customer,
            @RestQuery String page, @RestQuery String retried) {
        Optional<NoticeKind> k = Params.optional("kind", kind, v -> parse(NoticeKind.class, v),
                Arrays.toString(NoticeKind.values()));
        Optional<NoticeStatus> s = Params.optional("status", status, v -> parse(NoticeStatus.class, v),
                Arrays.toString(NoticeStatus.values()));
        Optional<String> c = customer == null || customer.isBlank() ? Optional.empty() : Optional.of(customer.trim());
        NoticeFilter filter = new NoticeFilter(k, s, c);
        PageView<NoticeRow> result = notices.list(filter, Params.page(page), Params.DEFAULT_PAGE_SIZE);
        FilterForm form = new FilterForm(k.map(Enum::name).orElse(""), s.map(Enum::name).orElse(""), c.orElse(""));
        String flash = retried == null ? null : retried + " dead notice(s) put back in the queue.";
        return Templates.list(result, notices.counts(), form, customers.list(), NoticeKind.values(),
                NoticeStatus.values(), flash);
    }

    @GET
    @Path("{id}")
    public TemplateInstance detail(@RestPath String id, @RestQuery String retried) {
        return Templates.detail(notices.get(Params.id("id", id)),
                retried == null ? null : "Put back in the queue; the dispatcher sends it within seconds.");
    }

    /** The HTML body exactly as sent, under a policy that lets it do nothing but render. */
    @GET
    @Path("{id}/html")
    public Response html(@RestPath String id) {
        return Response.ok(notices.html(Params.id("id", id)), MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header("Content-Security-Policy", PREVIEW_CSP)
                .header("X-Frame-Options", "SAMEORIGIN")
                .header("Cache-Control", "no-store")
                .build();
    }

    @POST
    @Path("{id}/retry")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response retry(@RestPath String id) {
        long noticeId = Params.id("id", id);
        notices.retry(noticeId, currentViewer.get().username());
        return Response.seeOther(URI.create("/console/notices/" + noticeId + "?retried=1")).build();
    }

    @POST
    @Path("retry-dead")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response retryAllDead(@RestForm String kind, @RestForm String customer) {
        Optional<NoticeKind> k = Params.optional("kind", kind, v -> parse(NoticeKind.class, v),
                Arrays.toString(NoticeKind.values()));
        Optional<String> c = customer == null || customer.isBlank() ? Optional.empty() : Optional.of(customer.trim());
        int n = notices.retryAllDead(new NoticeFilter(k, Optional.empty(), c), currentViewer.get().username());
        FilterForm back = new FilterForm(k.map(Enum::name).orElse(""), "", c.orElse(""));
        return Response.seeOther(URI.create("/console/notices?retried=" + n + back.query())).build();
    }

    private static <E extends Enum<E>> Optional<E> parse(Class<E> type, String value) {
        try {
            return Optional.of(Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
