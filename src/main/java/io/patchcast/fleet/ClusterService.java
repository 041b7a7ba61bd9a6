package io.patchcast.fleet;

import java.util.List;

import io.patchcast.common.PageView;
import io.patchcast.common.ProblemException;
import io.patchcast.security.Viewer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * Reads clusters and nodes for a viewer. Every method scopes by the viewer's customer: a customer user
 * asking for another customer's cluster gets the same 404 as for a cluster that does not exist.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class ClusterService {

    public PageView<ClusterView> list(Viewer viewer, ClusterFilter filter, int page, int size) {
        return Cluster.pageViews(scope(viewer), filter, page, size);
    }

    public ClusterDetailView get(Viewer viewer, long id) {
        Cluster c = find(viewer, id);
        ClusterView view = Cluster.findView(id).orElseThrow();
        List<ClusterDetailView.Freeze> freezes = c.freezePeriods.stream()
                .map(f -> new ClusterDetailView.Freeze(f.startsAt, f.endsAt, f.reason)).toList();
        return new ClusterDetailView(view, c.weekdays().stream().map(Enum::name).toList(), c.preferredStartHour,
                c.windowMinutes, c.timeZone, freezes);
    }

    public List<NodeView> nodes(Viewer viewer, long clusterId) {
        find(viewer, clusterId);
        return Node.listByCluster(clusterId).stream().map(NodeView::of).toList();
    }

    public List<String> regions() {
        return Cluster.regions();
    }

    /** The cluster entity if the viewer may see it; otherwise 404, whether it exists or not. */
    public Cluster find(Viewer viewer, long id) {
        Cluster c = viewer.isStaff() ? Cluster.findById(id)
                : viewer.customerId() == null ? null : Cluster.findForCustomer(id, viewer.customerId()).orElse(null);
        if (c == null) {
            throw ProblemException.notFound("Cluster " + id);
        }
        return c;
    }

    private static Long scope(Viewer viewer) {
        if (viewer.isStaff()) {
            return null;
        }
        if (viewer.customerId() == null) {
            // no customer: nothing to see (scoping must fail closed)
            return -1L;
        }
        return viewer.customerId();
    }
}
