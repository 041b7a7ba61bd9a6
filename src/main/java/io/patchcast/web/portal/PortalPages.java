package io.patchcast.web.portal;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import io.patchcast.common.PageView;
import io.patchcast.common.Params;
import io.patchcast.compat.Verdict;
import io.patchcast.customer.CustomerService;
import io.patchcast.customer.CustomerView;
import io.patchcast.fleet.ClusterDetailView;
import io.patchcast.fleet.ClusterFilter;
import io.patchcast.fleet.ClusterService;
import io.patchcast.fleet.ClusterView;
import io.patchcast.fleet.NodeView;
import io.patchcast.exposure.ClusterExposureView;
import io.patchcast.exposure.ExposureService;
import io.patchcast.rollout.ClusterPatchView;
import io.patchcast.rollout.RolloutService;
import io.patchcast.security.CurrentViewer;
import io.patchcast.security.Role;
import io.patchcast.security.Viewer;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The customer portal: the dashboard of a customer's clusters and a page per cluster. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class PortalPages {

    @Inject
    CurrentViewer currentViewer;

    @Inject
    ClusterService clusters;

    @Inject
    CustomerService customers;

    @Inject
    ExposureService exposure;

    @Inject
    RolloutService rollouts;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance dashboard(CustomerView customer, List<ClusterView> clusters, long nodeCount,
                Map<Long, Verdict> exposure, Map<Long, ClusterPatchView> patch,
                Map<Long, List<ClusterPatchView>> history);

        static native TemplateInstance cluster(ClusterDetailView detail, List<NodeView> nodes,
                ClusterExposureView exposure, String kernel);
    }

    @GET
    @RolesAllowed({ Role.CUSTOMER, Role.SUPPORT, Role.ADMIN })
    public Response home() {
        Viewer viewer = currentViewer.get();
        if (viewer.isStaff()) {
            return Response.seeOther(URI.create("/console")).build();
        }
        CustomerView customer = customers.own(viewer);
        PageView<ClusterView> page = clusters.list(viewer, ClusterFilter.NONE, 1, Params.MAX_PAGE_SIZE);
        long nodes = page.items().stream().mapToLong(ClusterView::nodeCount).sum();
        // clusters without nodes have no facts at all: UNKNOWN, never left blank
        Map<Long, Verdict> verdicts = new HashMap<>(exposure.clusterVerdicts(viewer, null));
        page.items().forEach(c -> verdicts.putIfAbsent(c.id(), Verdict.UNKNOWN));
        // held clusters have no window, so their patch status comes from the rollout, not the calendar
        // one entry per release: the current one first, the others (superseded, done, older) are its history
        Map<Long, ClusterPatchView> patch = new HashMap<>();
        Map<Long, List<ClusterPatchView>> history = new HashMap<>();
        for (ClusterPatchView p : rollouts.patchStatus(viewer)) {
            if (patch.putIfAbsent(p.clusterId(), p) != null) {
                history.computeIfAbsent(p.clusterId(), k -> new java.util.ArrayList<>()).add(p);
            }
        }
        return Response.ok(Templates.dashboard(customer, page.items(), nodes, verdicts, patch, history)).build();
    }

    @GET
    @Path("clusters/{id}")
    @RolesAllowed({ Role.CUSTOMER, Role.SUPPORT, Role.ADMIN })
    public TemplateInstance cluster(@RestPath String id, @RestQuery String kernel) {
        Viewer viewer = currentViewer.get();
        long clusterId = Params.id("id", id);
        return Templates.cluster(clusters.get(viewer, clusterId), clusters.nodes(viewer, clusterId),
                exposure.cluster(viewer, clusterId, kernel), kernel == null ? "" : kernel.strip());
    }
}
