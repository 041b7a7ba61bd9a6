package io.patchcast.web.console;

import java.net.URI;
import java.util.List;

import org.jboss.resteasy.reactive.RestPath;

import io.patchcast.common.Params;
import io.patchcast.fleet.aws.AwsConfig;
import io.patchcast.fleet.aws.AwsSyncService;
import io.patchcast.fleet.aws.ScheduledEventView;
import io.patchcast.fleet.aws.SyncReportView;
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

/** The AWS inventory sync in the console: its reports, a button to run it now, and EC2 scheduled events. */
@Path("/console")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({ Role.SUPPORT, Role.ADMIN })
public class AwsPages {

    /** Events listed on the fleet-wide page; there are few at any time. */
    private static final int EVENTS_SHOWN = 500;

    @Inject
    AwsSyncService sync;

    @Inject
    AwsConfig config;

    @Inject
    CurrentViewer currentViewer;

    /** What is configured, for the page to say what a sync will read. */
    public record Setup(List<String> accounts, boolean scheduled, String every, String endpoint) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance sync(List<SyncReportView> reports, SyncReportView latest, Setup setup);

        static native TemplateInstance report(SyncReportView report);

        static native TemplateInstance events(List<ScheduledEventView> events);
    }

    @GET
    @Path("aws")
    public TemplateInstance syncPage() {
        List<SyncReportView> reports = sync.latest(20);
        List<String> accounts = config.accounts().entrySet().stream()
                .map(e -> e.getKey() + ": " + String.join(", ", e.getValue().regions())).sorted().toList();
        Setup setup = new Setup(accounts, config.sync().enabled(), config.sync().every(),
                config.endpointOverride().map(URI::toString).orElse(null));
        return Templates.sync(reports, reports.isEmpty() ? null : reports.get(0), setup);
    }

    @POST
    @Path("aws/sync")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response syncNow() {
        SyncReportView report = sync.syncNow(currentViewer.get());
        return Response.seeOther(URI.create("/console/aws/reports/" + report.id())).build();
    }

    @GET
    @Path("aws/reports/{id}")
    public TemplateInstance report(@RestPath String id) {
        return Templates.report(sync.get(Params.id("id", id)));
    }

    @GET
    @Path("events")
    public TemplateInstance events() {
        return Templates.events(sync.events(EVENTS_SHOWN));
    }
}
