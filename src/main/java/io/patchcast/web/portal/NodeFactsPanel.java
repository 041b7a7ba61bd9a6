package io.patchcast.web.portal;

import io.patchcast.fleet.ClusterFacts;
import io.patchcast.fleet.FactsViews;
import io.patchcast.security.CurrentViewer;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * The node-facts section of the cluster page, as {@code inject:nodeFacts}: keeps the page class's template
 * signature as it is, and reads through the same viewer scoping as the rest of the page.
 */
@Named("nodeFacts")
@RequestScoped
public class NodeFactsPanel {

    @Inject
    FactsViews views;

    @Inject
    CurrentViewer currentViewer;

    public ClusterFacts of(long clusterId) {
        return views.forCluster(currentViewer.get(), clusterId);
    }
}
