package io.patchcast.rollout;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.patchcast.common.PageView;
import io.patchcast.common.ProblemException;
import io.patchcast.fleet.Cluster;
import io.patchcast.fleet.FactsChanged;
import io.patchcast.fleet.Node;
import io.patchcast.security.Viewer;
import io.patchcast.window.MaintenanceWindow;
import io.patchcast.window.SlotFinder;
import io.patchcast.window.WindowStatus;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;

/**
 * Runs rollouts: selects the clusters of each stage, plans each cluster from its exposure and re-plans it when
 * its exposure changes, asks the window feature for windows (one maintenance per cluster across releases), checks
 * each window once more when it starts, counts patch results against each stage's gate, and halts the rollout
 * when a stage with enough evidence crosses its threshold.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.REQUIRED)
public class RolloutService {

    /** Who acts when the rollout acts by itself (automatic halt, re-plans, the last gate). */
    public static final String SYSTEM_ACTOR = "patchcast";

    /** What customers of delayed windows hear when a stage halts the rollout by itself. */
    static final String AUTO_HALT_CUSTOMER_TEXT = "We have paused this patch release while our engineers look into"
            + " a problem found while patching other clusters. Your cluster has not been changed.";

    private static final Set<PatchStatus> OUTSTANDING = Set.of(PatchStatus.PENDING, PatchStatus.SCHEDULED,
            PatchStatus.IN_PROGRESS);

    /** Clusters whose plan may still change: nothing has been done to them yet. */
    private static final Set<PatchStatus> REPLANNABLE = Set.of(PatchStatus.PENDING, PatchStatus.SCHEDULED,
            PatchStatus.HELD);

    private static final List<RolloutStatus> ACTIVE = List.of(RolloutStatus.PLANNED, RolloutStatus.RUNNING,
            RolloutStatus.HALTED);

    /** Work per step of the background sweeps and fleet-wide re-plans: bounded, so each step stays small. */
    static final int CHUNK = 500;

    @Inject
    Clock clock;

    @Inject
    RolloutConfig config;

    @Inject
    ExposurePlanner planner;

    @Inject
    StageWindows windows;

    @Inject
    RolloutNotices notices;

    // ---------------------------------------------------------------- reading

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<RolloutSummary> list() {
        return Rollout.listNewestFirst().stream().map(RolloutSummary::of).toList();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public RolloutView get(long id) {
        Rollout rollout = find(id);
        Instant now = clock.instant();
        Map<Integer, Map<PatchStatus, Long>> byStage = new HashMap<>();
        Map<Plan, Long> plans = new EnumMap<>(Plan.class);
        Map<PatchStatus, Long> statuses = new EnumMap<>(PatchStatus.class);
        List<Object[]> rows = Rollout.getEntityManager().createQuery(
                "select rc.stage, rc.status, rc.plan, count(rc) from RolloutCluster rc where rc.rollout.id = ?1"
                        + " group by rc.stage, rc.status, rc.plan", Object[].class)
                .setParameter(1, id).getResultList();
        for (Object[] row : rows) {
            int stage = (Integer) row[0];
            PatchStatus status = (PatchStatus) row[1];
            Plan plan = (Plan) row[2];
            long count = (Long) row[3];
            byStage.computeIfAbsent(stage, k -> new EnumMap<>(PatchStatus.class)).merge(status, count, Long::sum);
            plans.merge(plan, count, Long::sum);
            statuses.merge(status, count, Long::sum);
        }
        List<RolloutView.StageView> stages = new ArrayList<>();
        for (RolloutStage s : RolloutStage.listByRollout(id)) {
            Map<PatchStatus, Long> counts = byStage.getOrDefault(s.stage, Map.of());
            long clusters = counts.values().stream().mapToLong(Long::longValue).sum();
            Gate gate = gate(rollout, s, counts, now);
            Stage kind = s.kind();
            stages.add(new RolloutView.StageView(s.stage, kind.label, kind.selection, kind.hasWindows, s.status,
                    s.startedAt, s.deadline, s.completedAt, s.soak(), clusters, counts,
                    RolloutView.GateView.of(gate)));
        }
        List<RolloutView.EventView> events = RolloutEvent.listByRollout(id).stream()
                .map(e -> new RolloutView.EventView(e.stage, e.action.name(), e.reason, e.customerText, e.actor,
                        e.occurredAt))
                .toList();
        PatchRelease release = rollout.release;
        return new RolloutView(rollout.id, release.id, release.name, release.stableKernel, release.backportsKernel,
                rollout.status, rollout.currentStage, rollout.haltReason, rollout.haltCustomerText, rollout.haltedAt,
                rollout.createdAt, rollout.startedAt, rollout.completedAt, rollout.version, stages, plans, statuses,
                events);
    }

    /** The clusters of a rollout, of one stage or all (stage null). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<RolloutClusterView> clusters(long rolloutId, Integer stage) {
        find(rolloutId);
        List<RolloutCluster> list = stage == null ? RolloutCluster.listByRollout(rolloutId)
                : RolloutCluster.listByStage(rolloutId, stage);
        return list.stream().map(RolloutClusterView::of).toList();
    }

    /**
     * For a customer's dashboard: each of the viewer's clusters in every started rollout, one entry per release,
     * with its plan, patch status and its window's start as it is now. Per cluster the current one comes first
     * (the release whose maintenance is the cluster's one maintenance, else the newest under way); the others are
     * its history. Staff see every cluster.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ClusterPatchView> patchStatus(Viewer viewer) {
        if (!viewer.isStaff() && viewer.customerId() == null) {
            return List.of();
        }
        String scope = viewer.isStaff() ? "" : " and c.customer.id = ?2";
        var query = RolloutCluster.getEntityManager().createQuery("select rc from RolloutCluster rc"
                + " join fetch rc.rollout r join fetch r.release join fetch rc.cluster c"
                + " where r.status in ?1" + scope + " order by c.name, c.id, r.id desc", RolloutCluster.class)
                .setParameter(1, List.of(RolloutStatus.RUNNING, RolloutStatus.HALTED, RolloutStatus.COMPLETED));
        if (!viewer.isStaff()) {
            query.setParameter(2, viewer.customerId());
        }
        List<RolloutCluster> rows = query.getResultList();
        Map<Long, MaintenanceWindow> windowsById = windows.find(rows.stream().map(rc -> rc.windowId)
                .filter(java.util.Objects::nonNull).collect(Collectors.toSet()));
        Map<Long, String> releaseOf = new HashMap<>();
        rows.forEach(rc -> releaseOf.put(rc.rollout.id, rc.rollout.release.name));
        Map<Long, List<RolloutCluster>> byCluster = new LinkedHashMap<>();
        rows.forEach(rc -> byCluster.computeIfAbsent(rc.cluster.id, k -> new ArrayList<>()).add(rc));
        List<ClusterPatchView> result = new ArrayList<>();
        for (List<RolloutCluster> entries : byCluster.values()) {
            RolloutCluster current = currentOf(entries, windowsById);
            List<RolloutCluster> ordered = new ArrayList<>(entries);
            if (current != null) {
                ordered.remove(current);
                ordered.add(0, current);
            }
            for (RolloutCluster rc : ordered) {
                MaintenanceWindow w = rc.windowId == null ? null : windowsById.get(rc.windowId);
                // a carried-over window belongs to the newer release now: the older entry shows no start of its own
                boolean own = w != null && w.rolloutId != null && w.rolloutId.equals(rc.rollout.id);
                result.add(new ClusterPatchView(rc.cluster.id, rc.rollout.id, rc.rollout.release.name, rc.stage,
                        Stage.of(rc.stage).label, rc.plan, rc.status, own ? w.startsAt : null,
                        own ? w.status : null, rc.rollout.status, rc == current,
                        rc.supersededBy == null ? null : releaseOf.getOrDefault(rc.supersededBy,
                                "rollout " + rc.supersededBy)));
            }
        }
        return result;
    }

    /**
     * The entry whose window is the cluster's maintenance now; else the newest rollout under way whose stage for the
     * cluster has started (it decided something: held, patched, failed); else the newest under way; else the newest.
     */
    private static RolloutCluster currentOf(List<RolloutCluster> entries, Map<Long, MaintenanceWindow> windowsById) {
        RolloutCluster newestStarted = null;
        RolloutCluster newestActive = null;
        for (RolloutCluster rc : entries) {
            if (rc.rollout.status == RolloutStatus.COMPLETED || rc.status == PatchStatus.SUPERSEDED) {
                continue;
            }
            MaintenanceWindow w = rc.windowId == null ? null : windowsById.get(rc.windowId);
            if (w != null && rc.rollout.id.equals(w.rolloutId)
                    && (w.status.pending() || w.status == WindowStatus.IN_PROGRESS)) {
                return rc;
            }
            if (newestStarted == null && rc.stage <= rc.rollout.currentStage) {
                newestStarted = rc;
            }
            if (newestActive == null) {
                newestActive = rc;
            }
        }
        return newestStarted != null ? newestStarted : newestActive != null ? newestActive
                : entries.isEmpty() ? null : entries.get(0);
    }

    /**
     * Fleet verification (stage 6): the nodes of the rollout's clusters that do not run the release or its
     * planned variant. A node counts as on the release when it reported booting in this rollout, or when its
     * latest facts show the target kernel of its stream (full plan); held clusters are stragglers by design.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public PageView<StragglerView> stragglers(long rolloutId, int page, int size) {
        Rollout rollout = find(rolloutId);
        PatchRelease release = rollout.release;
        Map<Long, RolloutCluster> clusters = RolloutCluster.listByRollout(rolloutId).stream()
                .filter(rc -> rc.status != PatchStatus.SUPERSEDED)
                .collect(Collectors.toMap(rc -> rc.cluster.id, rc -> rc));
        Set<Long> booted = PatchResult.<PatchResult>list("rolloutId = ?1 and outcome = ?2", rolloutId,
                PatchOutcome.BOOTED).stream().map(r -> r.node.id).collect(Collectors.toSet());
        List<StragglerView> stragglers = new ArrayList<>();
        List<Node> nodes = clusters.isEmpty() ? List.of()
                : Node.<Node>list("cluster.id in ?1 order by cluster.id, instanceId", List.copyOf(clusters.keySet()));
        for (Node node : nodes) {
            RolloutCluster rc = clusters.get(node.cluster.id);
            String expected = rc.plan == Plan.FULL ? release.targetKernel(node.kernelStream) : null;
            String why = null;
            if (rc.plan == Plan.HOLD) {
                why = "Held: " + (rc.overridden() ? rc.overrideReason : "not patched until it is safe");
            } else if (!booted.contains(node.id)) {
                if (rc.plan == Plan.FULL && expected != null && expected.equals(node.kernelVersion)) {
                    continue;
                }
                why = node.hasFacts() ? "No successful patch reported" : "No facts and no patch reported";
            }
            if (why != null) {
                stragglers.add(new StragglerView(node.instanceId, rc.cluster.id, rc.cluster.name,
                        rc.cluster.customer.name, rc.plan, rc.status, node.kernelVersion, expected, why));
            }
        }
        int from = Math.min((page - 1) * size, stragglers.size());
        int to = Math.min(from + size, stragglers.size());
        return new PageView<>(stragglers.subList(from, to), page, size, stragglers.size());
    }

    // ---------------------------------------------------------------- staff actions

    /**
     * Creates a rollout of a release: every cluster of the fleet gets its plan from the planned-mode exposure and
     * its stage (the canary takes only clusters on the full patch). Nothing is scheduled until the rollout starts.
     */
    public RolloutView create(long releaseId, Viewer viewer) {
        PatchRelease release = ReleaseService.find(releaseId);
        long open = Rollout.count("release.id = ?1 and status <> ?2", releaseId, RolloutStatus.COMPLETED);
        if (open > 0) {
            throw ProblemException.refused("rollout-exists",
                    "Release " + release.name + " already has a rollout under way.", Map.of());
        }
        Instant now = clock.instant();
        Rollout rollout = new Rollout();
        rollout.release = release;
        rollout.status = RolloutStatus.PLANNED;
        rollout.currentStage = 0;
        rollout.createdBy = viewer.username();
        rollout.createdAt = now;
        rollout.persist();
        for (Stage stage : Stage.values()) {
            RolloutStage s = new RolloutStage();
            s.rollout = rollout;
            s.stage = stage.number;
            s.status = StageStatus.PENDING;
            s.soakSeconds = config.soakOf(stage).toSeconds();
            s.deadlineSeconds = config.deadlineOf(stage).toSeconds();
            s.failureThreshold = config.failureThresholdOf(stage);
            s.maxFailures = config.failureCountOf(stage);
            s.minPatched = config.minPatchedOf(stage);
            s.persist();
        }
        List<Cluster> clusters = Cluster.list("order by id");
        Map<Long, ExposurePlanner.ClusterPlan> plans = planner.plan(release,
                Node.list("select n from Node n join fetch n.cluster"));
        Map<Long, Stage> stages = StageSelector.select(clusters.stream()
                .map(c -> new StageSelector.Candidate(c.id, c.internal, c.slaTier, c.nodeSizeClass,
                        plans.getOrDefault(c.id, ExposurePlanner.forEmptyCluster()).plan() == Plan.FULL))
                .toList(), config.canaryShare(), rollout.id);
        for (Cluster cluster : clusters) {
            ExposurePlanner.ClusterPlan plan = plans.getOrDefault(cluster.id, ExposurePlanner.forEmptyCluster());
            RolloutCluster rc = new RolloutCluster();
            rc.rollout = rollout;
            rc.cluster = cluster;
            rc.stage = stages.get(cluster.id).number;
            rc.verdict = plan.verdict().name();
            rc.enginePlan = plan.plan();
            rc.plan = plan.plan();
            rc.status = PatchStatus.PENDING;
            rc.updatedAt = now;
            rc.persist();
        }
        RolloutEvent.record(rollout.id, 0, RolloutEvent.Action.CREATED, null, viewer.username(), now);
        Log.infof("Rollout %d of %s created by %s: %d clusters", rollout.id, release.name, viewer.username(),
                clusters.size());
        return get(rollout.id);
    }

    public RolloutView start(long id, @Valid RolloutActionRequest request, Viewer viewer) {
        Rollout rollout = find(id);
        if (rollout.status != RolloutStatus.PLANNED) {
            throw refusedState("rollout-already-started", rollout, "It can only be started once.");
        }
        Instant now = clock.instant();
        rollout.status = RolloutStatus.RUNNING;
        rollout.startedAt = now;
        RolloutEvent.record(id, 1, RolloutEvent.Action.START, request.reason(), viewer.username(), now);
        beginStage(rollout, Stage.INTERNAL, viewer.username());
        return get(id);
    }

    /**
     * Moves to the next stage, only when the current stage's soak has passed, its gate holds and it has the
     * evidence it needs (its minimum of patched nodes).
     */
    public RolloutView advance(long id, @Valid RolloutActionRequest request, Viewer viewer) {
        Rollout rollout = find(id);
        if (rollout.status != RolloutStatus.RUNNING) {
            throw refusedState("rollout-not-running", rollout, "Only a running rollout advances; resume it first.");
        }
        Instant now = clock.instant();
        RolloutStage current = RolloutStage.find(id, rollout.currentStage).orElseThrow();
        Gate gate = gate(rollout, current, stageCounts(id, current.stage), now);
        if (gate.crossed()) {
            throw ProblemException.refused("failure-threshold-crossed", String.format(Locale.ROOT,
                    "Stage %d has %d of %d nodes failed (%.1f%%), over its threshold of %.1f%% or %d failures.",
                    current.stage, gate.failed(), gate.patched(), gate.failureRate() * 100, gate.threshold() * 100,
                    gate.maxFailures()),
                    Map.of("stage", current.stage, "failureRate", gate.failureRate(), "threshold", gate.threshold()));
        }
        if (!gate.soakPassed()) {
            String detail = gate.outstanding() > 0
                    ? "Stage " + current.stage + " still has " + gate.outstanding()
                            + " clusters to patch; its soak starts when they are done."
                    : "Stage " + current.stage + " soaks until " + gate.soakUntil() + ".";
            Map<String, Object> members = new HashMap<>();
            members.put("stage", current.stage);
            members.put("outstanding", gate.outstanding());
            if (gate.soakUntil() != null) {
                members.put("soakUntil", gate.soakUntil().toString());
            }
            throw ProblemException.refused("soak-not-passed", detail, members);
        }
        if (!gate.enoughEvidence()) {
            throw ProblemException.refused("not-enough-evidence", "Stage " + current.stage + " has results from "
                    + gate.patched() + " patched nodes; its gate needs " + gate.minPatched()
                    + " before it can pass.", Map.of("stage", current.stage, "patched", gate.patched(),
                            "minPatched", gate.minPatched()));
        }
        current.status = StageStatus.PASSED;
        current.completedAt = now;
        RolloutEvent.record(id, current.stage, RolloutEvent.Action.ADVANCE, request.reason(), viewer.username(), now);
        var next = current.kind().next();
        if (next.isEmpty()) {
            rollout.status = RolloutStatus.COMPLETED;
            rollout.completedAt = now;
            RolloutEvent.record(id, current.stage, RolloutEvent.Action.COMPLETE, request.reason(), viewer.username(),
                    now);
        } else {
            beginStage(rollout, next.get(), viewer.username());
        }
        return get(id);
    }

    /** Halts by hand. The reason is for staff; the customer text is what delayed windows' customers read. */
    public RolloutView halt(long id, @Valid RolloutActionRequest request, Viewer viewer) {
        Rollout rollout = find(id);
        if (rollout.status != RolloutStatus.RUNNING) {
            throw refusedState("rollout-not-running", rollout, "Only a running rollout can be halted.");
        }
        halt(rollout, request.reason(), requireCustomerText(request), viewer.username(), RolloutEvent.Action.HALT);
        return get(id);
    }

    /**
     * Resumes a halted rollout. The gate counts from now: staff have looked at the failures that halted it. The
     * current stage's delayed windows go back on the schedule (a window its customer moved keeps the customer's
     * time while it is allowed), with the customer text as the reason their customers read.
     */
    public RolloutView resume(long id, @Valid RolloutActionRequest request, Viewer viewer) {
        Rollout rollout = find(id);
        if (rollout.status != RolloutStatus.HALTED) {
            throw refusedState("rollout-not-halted", rollout, "Only a halted rollout can be resumed.");
        }
        String customerText = requireCustomerText(request);
        Instant now = clock.instant();
        rollout.status = RolloutStatus.RUNNING;
        rollout.haltReason = null;
        rollout.haltCustomerText = null;
        rollout.haltedAt = null;
        RolloutStage current = RolloutStage.find(id, rollout.currentStage).orElseThrow();
        current.gateSince = now;
        RolloutEvent.record(id, current.stage, RolloutEvent.Action.RESUME, request.reason(), customerText,
                viewer.username(), now);
        if (current.kind().hasWindows) {
            List<RolloutCluster> unscheduled = new ArrayList<>();
            for (RolloutCluster rc : RolloutCluster.listByStage(id, current.stage)) {
                if (rc.status != PatchStatus.PENDING && rc.status != PatchStatus.SCHEDULED) {
                    continue;
                }
                if (rc.windowId != null) {
                    // the halt delayed it: the same window (and invitation) goes back on the schedule
                    StageWindows.Released released = windows.release(rc.windowId, customerText, viewer.username());
                    if (released != null && released.scheduled()) {
                        rc.windowStart = released.start();
                        rc.status = PatchStatus.SCHEDULED;
                        rc.updatedAt = now;
                    } else if (released != null) {
                        // its customer was told we would reach out: staff see which window still needs a date
                        RolloutEvent.record(id, current.stage, RolloutEvent.Action.RESUME, rc.cluster.name
                                + ": window stays delayed, no slot fits: " + released.noSlot(), viewer.username(), now);
                    }
                } else {
                    unscheduled.add(rc);
                }
            }
            schedule(rollout, current, unscheduled, viewer.username());
        }
        return get(id);
    }

    /**
     * Staff replace a cluster's plan; a cluster being patched or already patched keeps its plan. The override
     * stays through later re-plans; a change of the exposure under it only flags it, and a new override clears
     * the flag.
     */
    public RolloutClusterView overridePlan(long rolloutId, long clusterId, @Valid OverridePlanRequest request,
            Viewer viewer) {
        Rollout rollout = find(rolloutId);
        RolloutCluster rc = RolloutCluster.find(rolloutId, clusterId)
                .orElseThrow(() -> ProblemException.notFound("Cluster " + clusterId + " in rollout " + rolloutId));
        if (rollout.status == RolloutStatus.COMPLETED) {
            throw refusedState("rollout-completed", rollout, "A completed rollout's plans are history.");
        }
        if (rc.status == PatchStatus.IN_PROGRESS || rc.status == PatchStatus.PATCHED
                || rc.status == PatchStatus.PATCHED_WITHOUT_KERNEL || rc.status == PatchStatus.SUPERSEDED) {
            throw ProblemException.refused("cluster-already-patched", "Cluster " + rc.cluster.name + " is "
                    + rc.status.label.toLowerCase(Locale.ROOT) + "; its plan can no longer change.",
                    Map.of("status", rc.status.name()));
        }
        Plan plan = Plan.parse(request.plan()).orElseThrow();
        Instant now = clock.instant();
        Plan before = rc.plan;
        rc.overrideReason = request.reason();
        rc.overrideBy = viewer.username();
        rc.overrideAt = now;
        rc.overrideFlag = null;
        RolloutEvent.record(rolloutId, rc.stage, RolloutEvent.Action.OVERRIDE,
                rc.cluster.name + ": " + before + " → " + plan + ": " + request.reason(), viewer.username(), now);
        applyPlan(rollout, rc, plan, request.reason(), viewer.username(), RolloutEvent.Action.OVERRIDE, false);
        if (rc.stage <= rollout.currentStage) {
            notices.planDecided(rc, request.reason());
        }
        return RolloutClusterView.of(rc);
    }

    // ---------------------------------------------------------------- plans follow exposure

    /** New or changed facts: re-plan the clusters they touch, in the transaction that stored them. */
    void onFactsChanged(@Observes FactsChanged event) {
        if (event.fleetWide()) {
            replanAll(event.reason() != null ? event.reason() : "Our compatibility rules changed.");
        } else if (!event.clusterIds().isEmpty()) {
            replanClusters(event.clusterIds(), event.reason() != null ? event.reason()
                    : "New facts from the cluster's nodes.");
        }
    }

    /**
     * Re-plans every rollout under way (PLANNED, RUNNING, HALTED) for the given clusters from their nodes' stored
     * facts: full, targeted or hold as the engine now says. Staff overrides stay and are flagged when the exposure
     * under them changed. Clusters whose stage has started and whose plan changed get their window held, released
     * or re-planned, and their customer a PLAN_CHANGED notice with {@code why}.
     *
     * @param why a sentence the customer reads, about their own cluster
     * @return clusters whose plan (or override flag) changed
     */
    public int replanClusters(Collection<Long> clusterIds, String why) {
        if (clusterIds.isEmpty()) {
            return 0;
        }
        int changed = 0;
        List<Long> ids = List.copyOf(clusterIds);
        for (int from = 0; from < ids.size(); from += CHUNK) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
            changed += replan(RolloutCluster.<RolloutCluster>find("select rc from RolloutCluster rc"
                    + " join fetch rc.rollout r join fetch r.release join fetch rc.cluster c join fetch c.customer"
                    + " where c.id in ?1 and r.status in ?2 and rc.status in ?3 order by r.id, c.id", chunk, ACTIVE,
                    REPLANNABLE).list(), why);
        }
        return changed;
    }

    /**
     * Re-plans every cluster of every rollout under way: the entry point for a new rule set (its activation calls
     * this, or fires {@link FactsChanged#fleetWide}). Works in chunks of clusters.
     */
    public int replanAll(String why) {
        List<Long> ids = RolloutCluster.getEntityManager().createQuery("select distinct rc.cluster.id from"
                + " RolloutCluster rc where rc.rollout.status in ?1 and rc.status in ?2", Long.class)
                .setParameter(1, ACTIVE).setParameter(2, REPLANNABLE).getResultList();
        int changed = replanClusters(ids, why);
        Log.infof("Re-planned %d clusters of the rollouts under way: %s", changed, why);
        return changed;
    }

    /** A release's target kernel changed: re-plan its rollouts under way. */
    int replanRelease(long releaseId, String why) {
        List<Long> ids = RolloutCluster.getEntityManager().createQuery("select rc.cluster.id from RolloutCluster rc"
                + " where rc.rollout.release.id = ?1 and rc.rollout.status in ?2 and rc.status in ?3", Long.class)
                .setParameter(1, releaseId).setParameter(2, ACTIVE).setParameter(3, REPLANNABLE).getResultList();
        return replanClusters(ids, why);
    }

    private int replan(List<RolloutCluster> entries, String why) {
        if (entries.isEmpty()) {
            return 0;
        }
        Instant now = clock.instant();
        List<Long> clusterIds = entries.stream().map(rc -> rc.cluster.id).distinct().toList();
        List<Node> nodes = Node.list("select n from Node n join fetch n.cluster c where c.id in ?1", clusterIds);
        Map<Long, Map<Long, ExposurePlanner.ClusterPlan>> byRelease = new HashMap<>();
        int changed = 0;
        for (RolloutCluster rc : entries) {
            PatchRelease release = rc.rollout.release;
            ExposurePlanner.ClusterPlan plan = byRelease.computeIfAbsent(release.id, k -> planner.plan(release, nodes))
                    .getOrDefault(rc.cluster.id, ExposurePlanner.forEmptyCluster());
            String verdictBefore = rc.verdict;
            Plan engineBefore = rc.enginePlan;
            if (plan.verdict().name().equals(verdictBefore) && plan.plan() == engineBefore) {
                continue;
            }
            rc.verdict = plan.verdict().name();
            rc.enginePlan = plan.plan();
            rc.updatedAt = now;
            String exposure = "Exposure " + label(verdictBefore) + " → " + label(rc.verdict) + " (engine plan "
                    + engineBefore.label + " → " + plan.plan().label + ")";
            if (rc.overridden()) {
                // staff decided this cluster's plan: it stays, and staff are shown that the ground moved under it
                rc.overrideFlag = truncate(exposure + " under the override of " + rc.overrideBy + ": " + why, 500);
                RolloutEvent.record(rc.rollout.id, rc.stage, RolloutEvent.Action.REPLAN, rc.cluster.name + ": "
                        + exposure + "; override kept, flagged for staff", SYSTEM_ACTOR, now);
                notices.overrideFlagged(rc);
                changed++;
                continue;
            }
            if (rc.plan == plan.plan()) {
                continue;
            }
            String customerWhy = why + " " + verdictSentence(rc.verdict);
            applyPlan(rc.rollout, rc, plan.plan(), customerWhy, SYSTEM_ACTOR, RolloutEvent.Action.REPLAN, true);
            changed++;
        }
        return changed;
    }

    /**
     * Puts a plan in force for a cluster and carries it into its window when its stage has started: a hold holds
     * the window; a patch after a hold releases or schedules it; between full and targeted the window stays and
     * shows the new plan.
     *
     * @param notify send the customer a PLAN_CHANGED notice saying what changed and why (when the stage started)
     */
    private void applyPlan(Rollout rollout, RolloutCluster rc, Plan plan, String why, String actor,
            RolloutEvent.Action action, boolean notify) {
        Instant now = clock.instant();
        Plan before = rc.plan;
        rc.plan = plan;
        rc.updatedAt = now;
        if (action != RolloutEvent.Action.OVERRIDE) {
            rc.planNote = truncate(why, 500);
            RolloutEvent.record(rollout.id, rc.stage, action, rc.cluster.name + ": " + before + " → " + plan + ": "
                    + why, actor, now);
        }
        boolean stageStarted = rollout.status != RolloutStatus.PLANNED && rc.stage <= rollout.currentStage;
        if (!stageStarted || (before == plan && action != RolloutEvent.Action.OVERRIDE)) {
            return;
        }
        if (plan == Plan.HOLD) {
            if (rc.windowId != null) {
                windows.hold(rc.windowId, why, actor);
            }
            rc.status = PatchStatus.HELD;
        } else if (rc.status == PatchStatus.HELD || rc.status == PatchStatus.FAILED) {
            rc.status = PatchStatus.PENDING;
            RolloutStage stage = RolloutStage.find(rollout.id, rc.stage).orElseThrow();
            // while halted nothing goes back on the schedule: resume releases the cluster's window
            StageWindows.Released released = rc.windowId == null || rollout.status != RolloutStatus.RUNNING ? null
                    : windows.release(rc.windowId, why, actor);
            if (released != null && released.scheduled()) {
                rc.status = PatchStatus.SCHEDULED;
                rc.windowStart = released.start();
                windows.showPlan(rc.windowId, plan);
            } else if (released != null) {
                RolloutEvent.record(rollout.id, rc.stage, action, rc.cluster.name
                        + ": window stays delayed, no slot fits: " + released.noSlot(), actor, now);
            } else if (rollout.status == RolloutStatus.RUNNING && stage.kind().hasWindows) {
                schedule(rollout, stage, List.of(rc), actor);
            }
        } else if (rc.windowId != null) {
            windows.showPlan(rc.windowId, plan);
        }
        if (notify) {
            notices.planChanged(rc, before, why);
        }
    }

    // ---------------------------------------------------------------- windows start and end

    /** What one tick of the rollout clock did. */
    public record Tick(int started, int held, int completed) {
    }

    /**
     * The rollout clock, run every {@code tick-every}: every window whose start has come gets its last gate, and
     * every window whose end has passed with all its nodes' results in is completed (or failed). Works through
     * at most {@link #CHUNK} windows of each kind per call.
     */
    public Tick tick() {
        Instant now = clock.instant();
        int started = 0;
        int held = 0;
        for (RolloutCluster rc : dueToStart(now, null)) {
            if (lastGate(rc, now)) {
                started++;
            } else {
                held++;
            }
        }
        int completed = completeEnded(now);
        if (started + held + completed > 0) {
            Log.infof("Rollout tick: %d windows started, %d held by the last gate, %d completed", started, held,
                    completed);
        }
        return new Tick(started, held, completed);
    }

    /**
     * Before a node's result is recorded: if the node's window has reached its start but has not been started
     * yet, its last gate runs now, in its own transaction, so a hold it decides stays even if the result is then
     * refused.
     */
    public void startDueWindowOf(String instanceId) {
        Node node = Node.findByInstanceId(instanceId).orElse(null);
        if (node == null) {
            return;
        }
        Instant now = clock.instant();
        for (RolloutCluster rc : dueToStart(now, node.cluster.id)) {
            lastGate(rc, now);
        }
    }

    /** Entries whose scheduled window's start has come (of one cluster, or all when null), a chunk at a time. */
    private List<RolloutCluster> dueToStart(Instant now, Long clusterId) {
        String one = clusterId == null ? "" : " and c.id = ?5";
        var query = RolloutCluster.<RolloutCluster>find("select rc from RolloutCluster rc join fetch rc.rollout r"
                + " join fetch r.release join fetch rc.cluster c join fetch c.customer"
                + " where r.status = ?1 and rc.status = ?2 and rc.windowId in (select w.id from MaintenanceWindow w"
                + " where w.status = ?3 and w.startsAt <= ?4 and w.rolloutId = r.id)" + one
                + " order by rc.windowStart, rc.id", clusterId == null
                        ? new Object[] { RolloutStatus.RUNNING, PatchStatus.SCHEDULED, WindowStatus.SCHEDULED, now }
                        : new Object[] { RolloutStatus.RUNNING, PatchStatus.SCHEDULED, WindowStatus.SCHEDULED, now,
                                clusterId });
        return query.page(0, CHUNK).list();
    }

    /**
     * The last gate: when a window starts, its cluster is planned once more from the freshest facts, a node whose
     * facts are older than {@code last-gate-max-facts-age} counting as unknown. A stricter plan than the one in
     * force (targeted instead of full, a hold) takes over before anything is installed, and the customer is told;
     * a staff override stays and is flagged. Otherwise the window starts.
     *
     * @return true when the window started, false when the last gate held it
     */
    private boolean lastGate(RolloutCluster rc, Instant now) {
        Rollout rollout = rc.rollout;
        Instant staleBefore = now.minus(config.lastGateMaxFactsAge());
        List<Node> nodes = Node.list("select n from Node n join fetch n.cluster c where c.id = ?1", rc.cluster.id);
        ExposurePlanner.ClusterPlan plan = planner.plan(rollout.release, nodes, staleBefore)
                .getOrDefault(rc.cluster.id, ExposurePlanner.forEmptyCluster());
        long stale = nodes.stream().filter(n -> ExposurePlanner.isStale(n, staleBefore)).count();
        if (stricter(plan.plan(), rc.plan)) {
            String why = stale > 0
                    ? "At the start of the maintenance window we checked the cluster once more: " + stale + " of "
                            + nodes.size() + " nodes have not reported facts in the last "
                            + config.lastGateMaxFactsAge().toHours() + " hours, so we cannot be sure the new kernel"
                            + " is safe for them."
                    : "At the start of the maintenance window we checked the cluster once more: "
                            + verdictSentence(plan.verdict().name());
            if (rc.overridden()) {
                rc.overrideFlag = truncate("Last gate: " + plan.plan().label + " (" + label(plan.verdict().name())
                        + (stale > 0 ? ", " + stale + " nodes with stale facts" : "") + ") under the override of "
                        + rc.overrideBy, 500);
                RolloutEvent.record(rollout.id, rc.stage, RolloutEvent.Action.LAST_GATE, rc.cluster.name
                        + ": the last gate would plan " + plan.plan() + "; override kept, flagged for staff",
                        SYSTEM_ACTOR, now);
                rc.updatedAt = now;
                notices.overrideFlagged(rc);
            } else {
                rc.verdict = plan.verdict().name();
                rc.enginePlan = plan.plan();
                applyPlan(rollout, rc, plan.plan(), why, SYSTEM_ACTOR, RolloutEvent.Action.LAST_GATE, true);
                if (rc.plan == Plan.HOLD) {
                    return false;
                }
            }
        }
        windows.started(rc.windowId, SYSTEM_ACTOR);
        rc.status = PatchStatus.IN_PROGRESS;
        rc.updatedAt = now;
        return true;
    }

    /** Holds are stricter than targeted, targeted than full. */
    private static boolean stricter(Plan candidate, Plan inForce) {
        return candidate.ordinal() > inForce.ordinal();
    }

    /** Completes the windows whose end has passed and whose nodes have all reported. */
    private int completeEnded(Instant now) {
        List<RolloutCluster> due = RolloutCluster.<RolloutCluster>find("select rc from RolloutCluster rc"
                + " join fetch rc.cluster c where rc.status in ?1 and rc.windowId in (select w.id from"
                + " MaintenanceWindow w where w.status = ?2 and w.endsAt <= ?3 and w.rolloutId = rc.rollout.id)"
                + " order by rc.id", List.of(PatchStatus.PATCHED, PatchStatus.PATCHED_WITHOUT_KERNEL,
                        PatchStatus.FAILED), WindowStatus.IN_PROGRESS, now).page(0, CHUNK).list();
        if (due.isEmpty()) {
            return 0;
        }
        Map<Long, long[]> results = resultCounts(due);
        Map<Long, Long> nodes = nodeCounts(due.stream().map(rc -> rc.cluster.id).toList());
        int completed = 0;
        for (RolloutCluster rc : due) {
            long[] counts = results.getOrDefault(rc.id, new long[2]);
            long total = nodes.getOrDefault(rc.cluster.id, 0L);
            if (counts[0] + counts[1] < total) {
                continue;
            }
            windows.complete(rc.windowId, counts[1] == 0, resultText(counts[1], total), SYSTEM_ACTOR);
            completed++;
            scheduleWaiting(rc.cluster.id, now);
        }
        return completed;
    }

    /** A cluster's maintenance ended: another release's entry that waited for it gets its window now. */
    private void scheduleWaiting(long clusterId, Instant now) {
        for (RolloutCluster waiting : RolloutCluster.<RolloutCluster>find("select rc from RolloutCluster rc"
                + " join fetch rc.rollout r join fetch r.release where rc.cluster.id = ?1 and r.status = ?2"
                + " and rc.status = ?3 and rc.windowId is null and rc.stage <= r.currentStage order by r.id",
                clusterId, RolloutStatus.RUNNING, PatchStatus.PENDING).list()) {
            RolloutStage stage = RolloutStage.find(waiting.rollout.id, waiting.stage).orElseThrow();
            if (stage.kind().hasWindows && waiting.plan != Plan.HOLD) {
                schedule(waiting.rollout, stage, List.of(waiting), SYSTEM_ACTOR);
            }
        }
    }

    /** Booted and failed results per rollout cluster, in one grouped query. */
    private static Map<Long, long[]> resultCounts(List<RolloutCluster> entries) {
        Map<List<Long>, Long> keyToEntry = new HashMap<>();
        entries.forEach(rc -> keyToEntry.put(List.of(rc.rollout.id, rc.cluster.id), rc.id));
        Map<Long, long[]> counts = new HashMap<>();
        for (Object[] row : PatchResult.getEntityManager().createQuery("select p.rolloutId, p.clusterId, p.outcome,"
                + " count(p) from PatchResult p where p.clusterId in ?1 group by p.rolloutId, p.clusterId, p.outcome",
                Object[].class).setParameter(1, entries.stream().map(rc -> rc.cluster.id).distinct().toList())
                .getResultList()) {
            Long entry = keyToEntry.get(List.of((Long) row[0], (Long) row[1]));
            if (entry != null) {
                counts.computeIfAbsent(entry, k -> new long[2])[row[2] == PatchOutcome.BOOTED ? 0 : 1] += (Long) row[3];
            }
        }
        return counts;
    }

    private static Map<Long, Long> nodeCounts(List<Long> clusterIds) {
        Map<Long, Long> counts = new HashMap<>();
        for (Object[] row : Node.getEntityManager().createQuery("select n.cluster.id, count(n) from Node n"
                + " where n.cluster.id in ?1 group by n.cluster.id", Object[].class).setParameter(1, clusterIds)
                .getResultList()) {
            counts.put((Long) row[0], (Long) row[1]);
        }
        return counts;
    }

    private static String resultText(long failed, long nodes) {
        return failed == 0 ? "All " + nodes + " nodes booted after the patch."
                : failed + " of " + nodes + " nodes failed to boot after the patch.";
    }

    // ---------------------------------------------------------------- patch results and gates

    /**
     * Records what a node reports after its maintenance and checks the gate of its stage: with enough evidence,
     * a failure rate over the threshold (or the absolute limit reached) halts the rollout at once, in this
     * transaction. Results count only from the start of the node's window; staff may record one earlier with a
     * reason. The window completes at its end once every node has reported.
     */
    public PatchResultView reportResult(String instanceId, @Valid PatchResultRequest request, Viewer viewer) {
        Node node = Node.findByInstanceId(instanceId)
                .filter(n -> viewer.customerId() == null || viewer.canSee(n.cluster.customer.id))
                .orElseThrow(() -> ProblemException.notFound("Node " + instanceId));
        Instant now = clock.instant();
        List<RolloutCluster> candidates = RolloutCluster.listActiveForCluster(node.cluster.id).stream()
                .filter(c -> c.stage <= c.rollout.currentStage && c.status != PatchStatus.SUPERSEDED)
                .toList();
        if (candidates.isEmpty()) {
            throw ProblemException.refused("not-in-rollout", "No rollout is patching cluster " + node.cluster.name
                    + " now.", Map.of());
        }
        Map<Long, MaintenanceWindow> windowsById = windows.find(candidates.stream().map(c -> c.windowId)
                .filter(java.util.Objects::nonNull).toList());
        // the rollout whose window is under way is the one this node reports for
        RolloutCluster rc = candidates.stream()
                .filter(c -> c.windowId != null && started(windowsById.get(c.windowId), now)).findFirst()
                .orElse(candidates.get(0));
        if (rc.plan == Plan.HOLD) {
            throw ProblemException.refused("cluster-held", "Cluster " + node.cluster.name
                    + " is held in rollout " + rc.rollout.id + "; it should not have been patched.",
                    Map.of("rolloutId", rc.rollout.id));
        }
        MaintenanceWindow window = rc.windowId == null ? null : windowsById.get(rc.windowId);
        String earlyReason = null;
        if (!started(window, now)) {
            if (!request.earlyAsked() || !viewer.isStaff()) {
                String when = window == null ? "has no maintenance window yet"
                        : "has its maintenance window from " + SlotFinder.when(window.startsAt,
                                ZoneId.of(node.cluster.timeZone));
                throw ProblemException.refused("window-not-started", "Cluster " + node.cluster.name + " " + when
                        + "; results are accepted once it has started (staff may record one earlier with"
                        + " \"early\": true and a reason).", window == null ? Map.of()
                                : Map.of("windowId", window.id, "windowStart", window.startsAt.toString()));
            }
            if (request.earlyReason() == null || request.earlyReason().isBlank()) {
                throw ProblemException.badRequest("earlyReason", "a result before the window starts needs a reason");
            }
            earlyReason = request.earlyReason().strip();
        }
        long nodes = Node.count("cluster.id", node.cluster.id);
        long reportedBefore = PatchResult.count("rolloutId = ?1 and clusterId = ?2", rc.rollout.id, node.cluster.id);
        PatchResult result = PatchResult.find(rc.rollout.id, node.id).orElseGet(PatchResult::new);
        result.rolloutId = rc.rollout.id;
        result.stage = rc.stage;
        result.clusterId = node.cluster.id;
        result.node = node;
        result.outcome = PatchOutcome.parse(request.outcome()).orElseThrow();
        result.kernelVersion = blankToNull(request.kernelVersion());
        result.detail = blankToNull(request.detail());
        result.plan = rc.plan;
        result.earlyReason = earlyReason;
        result.reportedBy = viewer.username();
        result.reportedAt = now;
        result.persist();

        long failed = PatchResult.countInCluster(rc.rollout.id, node.cluster.id, PatchOutcome.FAILED);
        long booted = PatchResult.countInCluster(rc.rollout.id, node.cluster.id, PatchOutcome.BOOTED);
        boolean allReported = failed + booted >= nodes;
        if (reportedBefore == 0 && rc.windowId != null) {
            windows.started(rc.windowId, viewer.username());
        }
        rc.status = failed > 0 ? PatchStatus.FAILED
                : !allReported ? PatchStatus.IN_PROGRESS
                        : rc.plan == Plan.TARGETED ? PatchStatus.PATCHED_WITHOUT_KERNEL : PatchStatus.PATCHED;
        rc.updatedAt = now;
        // "completed" follows the window's end: before it, the tick completes the window when the end comes
        if (allReported && rc.windowId != null && window != null && !window.endsAt.isAfter(now)) {
            windows.complete(rc.windowId, failed == 0, resultText(failed, nodes), viewer.username());
        }

        Rollout rollout = rc.rollout;
        RolloutStage stage = RolloutStage.find(rollout.id, rc.stage).orElseThrow();
        Gate gate = gate(rollout, stage, stageCounts(rollout.id, stage.stage), now);
        if (rollout.status == RolloutStatus.RUNNING && gate.crossed()) {
            autoHalt(rollout, stage, gate);
        }
        return new PatchResultView(rollout.id, rc.stage, node.cluster.id, rc.status, gate.patched(), gate.failed(),
                gate.failureRate(), rollout.status);
    }

    private static boolean started(MaintenanceWindow w, Instant now) {
        return w != null && (w.status == WindowStatus.IN_PROGRESS || w.status == WindowStatus.COMPLETED
                || w.status == WindowStatus.FAILED || (w.status == WindowStatus.SCHEDULED
                        && !w.startsAt.isAfter(now)));
    }

    /**
     * The scheduled safety net: results that arrived together may each have seen a rate under the threshold,
     * and a threshold may have been lowered. Halts every running rollout whose current stage crossed it.
     *
     * @return how many rollouts were halted
     */
    public int checkGates() {
        Instant now = clock.instant();
        int halted = 0;
        for (Rollout rollout : Rollout.listByStatus(RolloutStatus.RUNNING)) {
            RolloutStage stage = RolloutStage.find(rollout.id, rollout.currentStage).orElseThrow();
            Gate gate = gate(rollout, stage, stageCounts(rollout.id, stage.stage), now);
            if (gate.crossed()) {
                autoHalt(rollout, stage, gate);
                halted++;
            }
        }
        return halted;
    }

    // ---------------------------------------------------------------- internals

    private void autoHalt(Rollout rollout, RolloutStage stage, Gate gate) {
        String reason = String.format(Locale.ROOT,
                "Stage %d (%s): %d of %d patched nodes failed to boot (%.1f%%), over the threshold of %.1f%%%s.",
                stage.stage, stage.kind().label, gate.failed(), gate.patched(), gate.failureRate() * 100,
                gate.threshold() * 100, gate.maxFailures() > 0 ? " or " + gate.maxFailures() + " failures" : "");
        int delayed = halt(rollout, reason, AUTO_HALT_CUSTOMER_TEXT, SYSTEM_ACTOR, RolloutEvent.Action.AUTO_HALT);
        notices.autoHalted(rollout, stage.kind(), gate, reason, delayed);
    }

    /** @return how many windows were delayed */
    private int halt(Rollout rollout, String reason, String customerText, String actor, RolloutEvent.Action action) {
        Instant now = clock.instant();
        rollout.status = RolloutStatus.HALTED;
        rollout.haltReason = reason;
        rollout.haltCustomerText = customerText;
        rollout.haltedAt = now;
        RolloutEvent.record(rollout.id, rollout.currentStage, action, reason, customerText, actor, now);
        // delayed, not deleted: the window feature tells each customer, in the customer text, we will reach out
        int delayed = windows.delayNotStarted(rollout.id, customerText, actor);
        Log.warnf("Rollout %d halted by %s (%d windows delayed): %s", rollout.id, actor, delayed, reason);
        return delayed;
    }

    private static String requireCustomerText(RolloutActionRequest request) {
        if (request.customerText() == null || request.customerText().isBlank()) {
            throw ProblemException.badRequest("customerText", "say what the customers whose maintenance this"
                    + " changes should read; the reason stays internal");
        }
        return request.customerText().strip();
    }

    /** Starts a stage: re-plans its clusters from the latest facts, holds what must wait, schedules the rest. */
    private void beginStage(Rollout rollout, Stage stage, String actor) {
        Instant now = clock.instant();
        RolloutStage s = RolloutStage.find(rollout.id, stage.number).orElseThrow();
        s.status = StageStatus.ACTIVE;
        s.startedAt = now;
        s.gateSince = now;
        s.deadline = now.plusSeconds(s.deadlineSeconds);
        rollout.currentStage = stage.number;
        List<RolloutCluster> clusters = RolloutCluster.listByStage(rollout.id, stage.number);
        replanForStage(rollout.release, clusters, now);
        List<RolloutCluster> toSchedule = new ArrayList<>();
        for (RolloutCluster rc : clusters) {
            if (rc.status == PatchStatus.SUPERSEDED) {
                continue;
            }
            if (rc.plan == Plan.HOLD) {
                rc.status = PatchStatus.HELD;
                rc.updatedAt = now;
            } else {
                toSchedule.add(rc);
            }
        }
        if (stage.hasWindows) {
            schedule(rollout, s, toSchedule, actor);
            // customers whose cluster is held or keeps its kernel hear why, beside the window notice
            for (RolloutCluster rc : clusters) {
                if (rc.plan != Plan.FULL && rc.status != PatchStatus.SUPERSEDED) {
                    notices.planDecided(rc, rc.overridden() ? rc.overrideReason : null);
                }
            }
        }
        Log.infof("Rollout %d: stage %d (%s) started, %d clusters, %d to schedule", rollout.id, stage.number,
                stage.label, clusters.size(), toSchedule.size());
    }

    /** Facts may have arrived since the rollout was made: an UNKNOWN hold can become a full patch. */
    private void replanForStage(PatchRelease release, List<RolloutCluster> clusters, Instant now) {
        List<Long> ids = clusters.stream().filter(rc -> !rc.overridden()).map(rc -> rc.cluster.id).toList();
        if (ids.isEmpty()) {
            return;
        }
        Map<Long, ExposurePlanner.ClusterPlan> plans = planner.plan(release,
                Node.list("select n from Node n join fetch n.cluster c where c.id in ?1", ids));
        for (RolloutCluster rc : clusters) {
            if (rc.overridden()) {
                continue;
            }
            ExposurePlanner.ClusterPlan plan = plans.getOrDefault(rc.cluster.id, ExposurePlanner.forEmptyCluster());
            rc.verdict = plan.verdict().name();
            rc.enginePlan = plan.plan();
            rc.plan = plan.plan();
            rc.updatedAt = now;
        }
    }

    /**
     * Asks the window feature for the windows of these clusters, keeping one maintenance per cluster across
     * releases (docs/rollouts.md, "Several releases at once"):
     * <ul>
     * <li>a window of another release in progress: the cluster waits (no second window);</li>
     * <li>a pending window of a newer release: this cluster is superseded by it (releases are cumulative);</li>
     * <li>a scheduled window of an older release that ends by this stage's deadline: it is carried over (same
     * time, same invitation UID, next SEQUENCE) and the older entry is superseded;</li>
     * <li>any other pending window of an older release: it is cancelled (CANCEL invitation) and a new one is
     * scheduled, as near as allowed to the time its customer had chosen.</li>
     * </ul>
     */
    private void schedule(Rollout rollout, RolloutStage stage, List<RolloutCluster> clusters, String actor) {
        if (clusters.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        String label = rollout.release.name + " · " + stage.kind().label.toLowerCase(Locale.ROOT);
        Map<Long, RolloutCluster> byCluster = new LinkedHashMap<>();
        clusters.forEach(rc -> byCluster.put(rc.cluster.id, rc));
        Map<Long, Instant> choices = new HashMap<>();
        for (RolloutCluster other : otherMaintenance(rollout.id, byCluster.keySet())) {
            RolloutCluster rc = byCluster.get(other.cluster.id);
            MaintenanceWindow w = windows.find(List.of(other.windowId)).get(other.windowId);
            if (rc == null || w == null) {
                continue;
            }
            PatchRelease theirs = other.rollout.release;
            rc.updatedAt = now;
            if (w.status == WindowStatus.IN_PROGRESS) {
                byCluster.remove(rc.cluster.id);
                rc.status = PatchStatus.PENDING;
                rc.scheduleNote = "Waits for the maintenance of " + theirs.name + " in progress.";
            } else if (newer(theirs, rollout.release)) {
                byCluster.remove(rc.cluster.id);
                supersede(rc, other.rollout, "its maintenance for " + theirs.name + " includes this release", now);
            } else if (w.status == WindowStatus.SCHEDULED && (stage.deadline == null
                    || !w.endsAt.isAfter(stage.deadline))) {
                byCluster.remove(rc.cluster.id);
                windows.carryOver(w.id, rollout.id, stage.kind(), label, stage.deadline, "The maintenance now installs "
                        + rollout.release.name + ", which includes " + theirs.name + ".", actor);
                windows.showPlan(w.id, rc.plan);
                supersede(other, rollout, "its window was carried over to " + rollout.release.name, now);
                rc.windowId = w.id;
                rc.windowStart = w.startsAt;
                rc.scheduleNote = null;
                rc.status = PatchStatus.SCHEDULED;
            } else {
                windows.cancel(w.id, "Replaced by the maintenance for " + rollout.release.name + ", which includes "
                        + theirs.name + ".", actor);
                supersede(other, rollout, "its window was replaced by one for " + rollout.release.name, now);
                if (w.customerStart != null) {
                    choices.put(rc.cluster.id, w.customerStart);
                }
            }
        }
        if (byCluster.isEmpty()) {
            return;
        }
        for (StageWindows.Scheduled outcome : windows.schedule(rollout.id, stage.kind(), label, stage.deadline,
                List.copyOf(byCluster.keySet()), choices, actor)) {
            RolloutCluster rc = byCluster.get(outcome.clusterId());
            if (rc == null) {
                continue;
            }
            rc.updatedAt = now;
            if (outcome.windowId() != null) {
                windows.showPlan(outcome.windowId(), rc.plan);
                rc.windowId = outcome.windowId();
                rc.windowStart = outcome.start();
                rc.scheduleNote = null;
                rc.status = PatchStatus.SCHEDULED;
            } else {
                rc.status = PatchStatus.PENDING;
                rc.scheduleNote = truncate(outcome.reason(), 500);
            }
        }
    }

    /** Other rollouts' entries of these clusters whose own window is pending or in progress: one query. */
    private static List<RolloutCluster> otherMaintenance(long rolloutId, Collection<Long> clusterIds) {
        return RolloutCluster.<RolloutCluster>find("select rc from RolloutCluster rc join fetch rc.rollout r"
                + " join fetch r.release join fetch rc.cluster c where c.id in ?1 and r.id <> ?2 and r.status in ?3"
                + " and rc.status <> ?4 and rc.windowId in (select w.id from MaintenanceWindow w where w.cluster.id"
                + " in ?1 and w.rolloutId = r.id and w.status in ?5) order by r.id", List.copyOf(clusterIds),
                rolloutId, List.of(RolloutStatus.RUNNING, RolloutStatus.HALTED), PatchStatus.SUPERSEDED,
                List.of(WindowStatus.SCHEDULED, WindowStatus.DELAYED, WindowStatus.HELD, WindowStatus.IN_PROGRESS))
                .list();
    }

    private static void supersede(RolloutCluster rc, Rollout by, String why, Instant now) {
        rc.status = PatchStatus.SUPERSEDED;
        rc.supersededBy = by.id;
        // the window (if any) is the newer release's now: the entry keeps its id for history, not its start
        rc.windowStart = null;
        rc.scheduleNote = truncate("Superseded by " + by.release.name + ": " + why + ".", 500);
        rc.updatedAt = now;
        RolloutEvent.record(rc.rollout.id, rc.stage, RolloutEvent.Action.SUPERSEDE, rc.cluster.name + ": "
                + rc.scheduleNote, SYSTEM_ACTOR, now);
    }

    /** The later-made release is the newer one; point releases are cumulative. */
    private static boolean newer(PatchRelease a, PatchRelease b) {
        int byTime = a.createdAt.compareTo(b.createdAt);
        return byTime != 0 ? byTime > 0 : a.id > b.id;
    }

    private Map<PatchStatus, Long> stageCounts(long rolloutId, int stage) {
        Map<PatchStatus, Long> counts = new EnumMap<>(PatchStatus.class);
        for (Object[] row : Rollout.getEntityManager().createQuery("select rc.status, count(rc) from RolloutCluster rc"
                + " where rc.rollout.id = ?1 and rc.stage = ?2 group by rc.status", Object[].class)
                .setParameter(1, rolloutId).setParameter(2, stage).getResultList()) {
            counts.put((PatchStatus) row[0], (Long) row[1]);
        }
        return counts;
    }

    /** Results from clusters on these plans count as the stage's evidence: in the canary only the full patch. */
    private static List<Plan> evidencePlans(RolloutStage s) {
        return s.kind() == Stage.CANARY ? List.of(Plan.FULL) : List.of(Plan.FULL, Plan.TARGETED);
    }

    private static Gate gate(Rollout rollout, RolloutStage s, Map<PatchStatus, Long> counts, Instant now) {
        long outstanding = OUTSTANDING.stream().mapToLong(st -> counts.getOrDefault(st, 0L)).sum();
        List<Plan> evidence = evidencePlans(s);
        long patched = PatchResult.countEvidence(rollout.id, s.stage, null, s.gateSince, evidence);
        long failed = PatchResult.countEvidence(rollout.id, s.stage, PatchOutcome.FAILED, s.gateSince, evidence);
        Instant last = PatchResult.lastInStage(rollout.id, s.stage).orElse(null);
        Instant start = s.status == StageStatus.PENDING ? null : s.startedAt;
        // a stage with fewer patchable nodes than its minimum needs all of them
        long minPatched = s.minPatched <= 0 ? 0 : Math.min(s.minPatched, patchableNodes(rollout.id, s.stage, evidence));
        return Gate.evaluate(patched, failed, s.failureThreshold, s.maxFailures, minPatched, outstanding, start, last,
                s.soak(), now);
    }

    private static long patchableNodes(long rolloutId, int stage, List<Plan> plans) {
        return Node.getEntityManager().createQuery("select count(n) from Node n, RolloutCluster rc where"
                + " rc.cluster = n.cluster and rc.rollout.id = ?1 and rc.stage = ?2 and rc.plan in ?3"
                + " and rc.status <> ?4", Long.class).setParameter(1, rolloutId).setParameter(2, stage)
                .setParameter(3, plans).setParameter(4, PatchStatus.SUPERSEDED).getSingleResult();
    }

    static Rollout find(long id) {
        Rollout rollout = Rollout.findById(id);
        if (rollout == null) {
            throw ProblemException.notFound("Rollout " + id);
        }
        return rollout;
    }

    private static ProblemException refusedState(String rule, Rollout rollout, String detail) {
        return ProblemException.refused(rule, "Rollout " + rollout.id + " is "
                + rollout.status.name().toLowerCase(Locale.ROOT) + ". " + detail,
                Map.of("status", rollout.status.name()));
    }

    /** "not affected", "affected", "unknown". */
    private static String label(String verdict) {
        return verdict.replace('_', ' ').toLowerCase(Locale.ROOT);
    }

    /** What a planned verdict means for the customer's own cluster, in one sentence. */
    private static String verdictSentence(String verdict) {
        return switch (verdict) {
            case "AFFECTED" -> "Its nodes now show a platform where the release's kernel is known to cause trouble.";
            case "UNKNOWN" -> "We do not know enough about all of its nodes to be sure the release's kernel is safe.";
            default -> "Its nodes now show no known incompatibility with the release's kernel.";
        };
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max - 1) + "…";
    }
}
