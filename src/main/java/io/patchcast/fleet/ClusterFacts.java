package io.patchcast.fleet;

import java.time.Duration;
import java.util.List;

import io.patchcast.fleet.aws.ScheduledEventView;

/** Everything the cluster page shows about its nodes' facts and the provider's scheduled events. */
public record ClusterFacts(List<NodeFactsView> nodes, List<ScheduledEventView> events, Duration staleAfter) {

    public long staleCount() {
        return nodes.stream().filter(NodeFactsView::stale).count();
    }

    public long withoutFacts() {
        return nodes.stream().filter(n -> !n.hasFacts()).count();
    }

    /** "7 days" for the page's explanation of stale. */
    public String staleAfterText() {
        return FactsViews.duration(staleAfter);
    }
}
