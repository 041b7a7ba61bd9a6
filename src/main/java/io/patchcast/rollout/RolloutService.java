package io.patchcast.rollout;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.patchcast.common.PageView;
import io.patchcast.common.ProblemException;
import io.patchcast.fleet.Cluster;
import io.patchcast.fleet.Node;
import io.patchcast.security.Viewer;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;

/**
 * Runs rollouts: selects the clusters of each stage, plans each cluster from its exposure, asks the window
 * feature for windows, counts patch results against each stage's gate, and halts the rollout when a stage's
 * failure rate crosses its threshold.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.REQUIRED)
public class RolloutService {

    /** Who acts when the rollout acts by itself (automatic halt). */
    public static final String SYSTEM_ACTOR = "patchcast";

    private static final Set<PatchStatus> OUTSTANDING = Set.of(PatchStatus.PENDING, PatchStatus.SCHEDULED,
            PatchStatus.IN_PROGRESS);

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
                .map(e -> new RolloutView.EventView(e.stage, e.action.name(), e.reason, e.actor, e.occurredAt))
                .toList();
        PatchRelease release = rollout.release;
        return new RolloutView(rollout.id, release.id, release.name, release.stableKernel, release.backportsKernel,
                rollout.status, rollout.currentStage, rollout.haltReason, rollout.haltedAt, rollout.createdAt,
                rollout.startedAt, rollout.completedAt, rollout.version, stages, plans, statuses, events);
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
     * For a customer's dashboard: each of the viewer's clusters in a rollout under way, with its plan, patch
     * status and window start. Staff see every cluster.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ClusterPatchView> patchStatus(Viewer viewer) {
        if (!viewer.isStaff() && viewer.customerId() == null) {
            return List.of();
        }
        String scope = viewer.isStaff() ? "" : " and c.customer.id = ?2";
        var query = RolloutCluster.getEntityManager().createQuery("select rc from RolloutCluster rc"
                + " join fetch rc.rollout r join fetch r.release join fetch rc.cluster c"
                + " where r.status in ?1" + scope + " order by c.name, r.id desc", RolloutCluster.class)
                .setParameter(1, List.of(RolloutStatus.RUNNING, RolloutStatus.HALTED));
        if (!viewer.isStaff()) {
            query.setParameter(2, viewer.customerId());
        }
        Map<Long, ClusterPatchView> latest = new java.util.LinkedHashMap<>();
        for (RolloutCluster rc : query.getResultList()) {
            latest.putIfAbsent(rc.cluster.id, new ClusterPatchView(rc.cluster.id, rc.rollout.id, rc.rollout.release.name,
                    rc.stage, Stage.of(rc.stage).label, rc.plan, rc.status, rc.windowStart));
        }
        return List.copyOf(latest.values());
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
                .collect(Collectors.toMap(rc -> rc.cluster.id, rc -> rc));
        Set<Long> booted = PatchResult.<PatchResult>list("rolloutId = ?1 and outcome = ?2", rolloutId,
                PatchOutcome.BOOTED).stream().map(r -> r.node.id).collect(Collectors.toSet());
        List<StragglerView> stragglers = new ArrayList<>();
        for (Node node : Node.<Node>list("cluster.id in ?1 order by cluster.id, instanceId", List.copyOf(clusters.keySet()))) {
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
     * Creates a rollout of a release: every cluster of the fleet gets its stage and its plan from the
     * planned-mode exposure. Nothing is scheduled until the rollout starts.
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
            s.failureThreshold = config.failureThreshold();
            s.persist();
        }
        List<Cluster> clusters = Cluster.list("order by id");
        Map<Long, Stage> stages = StageSelector.select(clusters.stream()
                .map(c -> new StageSelector.Candidate(c.id, c.internal, c.slaTier, c.nodeSizeClass)).toList(),
                config.canaryShare(), rollout.id);
        Map<Long, ExposurePlanner.ClusterPlan> plans = planner.plan(release,
                Node.list("select n from Node n join fetch n.cluster"));
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

    /** Moves to the next stage, only when the current stage's soak has passed and its gate holds. */
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
                    "Stage %d has a failure rate of %.1f%% (%d of %d nodes), over its threshold of %.1f%%.",
                    current.stage, gate.failureRate() * 100, gate.failed(), gate.patched(), gate.threshold() * 100),
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

    public RolloutView halt(long id, @Valid RolloutActionRequest request, Viewer viewer) {
        Rollout rollout = find(id);
        if (rollout.status != RolloutStatus.RUNNING) {
            throw refusedState("rollout-not-running", rollout, "Only a running rollout can be halted.");
        }
        halt(rollout, request.reason(), viewer.username(), RolloutEvent.Action.HALT);
        return get(id);
    }

    /**
     * Resumes a halted rollout. The gate counts from now: staff have looked at the failures that halted it.
     * The current stage's clusters that are not patched yet are scheduled again.
     */
    public RolloutView resume(long id, @Valid RolloutActionRequest request, Viewer viewer) {
        Rollout rollout = find(id);
        if (rollout.status != RolloutStatus.HALTED) {
            throw refusedState("rollout-not-halted", rollout, "Only a halted rollout can be resumed.");
        }
        Instant now = clock.instant();
        rollout.status = RolloutStatus.RUNNING;
        rollout.haltReason = null;
        rollout.haltedAt = null;
        RolloutStage current = RolloutStage.find(id, rollout.currentStage).orElseThrow();
        current.gateSince = now;
        RolloutEvent.record(id, current.stage, RolloutEvent.Action.RESUME, request.reason(), viewer.username(), now);
        if (current.kind().hasWindows) {
            List<RolloutCluster> unscheduled = new ArrayList<>();
            for (RolloutCluster rc : RolloutCluster.listByStage(id, current.stage)) {
                if (rc.status != PatchStatus.PENDING && rc.status != PatchStatus.SCHEDULED) {
                    continue;
                }
                if (rc.windowId != null) {
                    // the halt delayed it: the same window (and invitation) goes back on the schedule
                    StageWindows.Released released = windows.release(rc.windowId, request.reason(),
                            viewer.username());
                    if (released != null && released.scheduled()) {
                        rc.windowStart = released.start();
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

    /** Staff replace a cluster's plan; a cluster being patched or already patched keeps its plan. */
    public RolloutClusterView overridePlan(long rolloutId, long clusterId, @Valid OverridePlanRequest request,
            Viewer viewer) {
        Rollout rollout = find(rolloutId);
        RolloutCluster rc = RolloutCluster.find(rolloutId, clusterId)
                .orElseThrow(() -> ProblemException.notFound("Cluster " + clusterId + " in rollout " + rolloutId));
        if (rollout.status == RolloutStatus.COMPLETED) {
            throw refusedState("rollout-completed", rollout, "A completed rollout's plans are history.");
        }
        if (rc.status == PatchStatus.IN_PROGRESS || rc.status == PatchStatus.PATCHED
                || rc.status == PatchStatus.PATCHED_WITHOUT_KERNEL) {
            throw ProblemException.refused("cluster-already-patched", "Cluster " + rc.cluster.name + " is "
                    + rc.status.label.toLowerCase(Locale.ROOT) + "; its plan can no longer change.",
                    Map.of("status", rc.status.name()));
        }
        Plan plan = Plan.parse(request.plan()).orElseThrow();
        Instant now = clock.instant();
        Plan before = rc.plan;
        rc.plan = plan;
        rc.overrideReason = request.reason();
        rc.overrideBy = viewer.username();
        rc.overrideAt = now;
        rc.updatedAt = now;
        RolloutEvent.record(rolloutId, rc.stage, RolloutEvent.Action.OVERRIDE,
                rc.cluster.name + ": " + before + " → " + plan + ": " + request.reason(), viewer.username(), now);
        boolean stageStarted = rc.stage <= rollout.currentStage;
        if (stageStarted) {
            if (plan == Plan.HOLD) {
                if (rc.windowId != null) {
                    windows.hold(rc.windowId, request.reason(), viewer.username());
                }
                rc.status = PatchStatus.HELD;
            } else if (rc.status == PatchStatus.HELD || rc.status == PatchStatus.FAILED) {
                rc.status = PatchStatus.PENDING;
                RolloutStage stage = RolloutStage.find(rolloutId, rc.stage).orElseThrow();
                // while halted nothing goes back on the schedule: resume releases the cluster's window
                StageWindows.Released released = rc.windowId == null || rollout.status != RolloutStatus.RUNNING ? null
                        : windows.release(rc.windowId, request.reason(), viewer.username());
                if (released != null && released.scheduled()) {
                    rc.status = PatchStatus.SCHEDULED;
                    rc.windowStart = released.start();
                    windows.showPlan(rc.windowId, plan);
                } else if (released != null) {
                    RolloutEvent.record(rolloutId, rc.stage, RolloutEvent.Action.OVERRIDE, rc.cluster.name
                            + ": window stays delayed, no slot fits: " + released.noSlot(), viewer.username(), now);
                } else if (rollout.status == RolloutStatus.RUNNING && stage.kind().hasWindows) {
                    schedule(rollout, stage, List.of(rc), viewer.username());
                }
            } else if (rc.windowId != null) {
                windows.showPlan(rc.windowId, plan);
            }
            notices.planDecided(rc, request.reason());
        }
        return RolloutClusterView.of(rc);
    }

    // ---------------------------------------------------------------- patch results and gates

    /**
     * Records what a node reports after its maintenance and checks the gate of its stage: a failure rate
     * over the threshold halts the rollout at once, in this transaction.
     */
    public PatchResultView reportResult(String instanceId, @Valid PatchResultRequest request, Viewer viewer) {
        Node node = Node.findByInstanceId(instanceId)
                .filter(n -> viewer.customerId() == null || viewer.canSee(n.cluster.customer.id))
                .orElseThrow(() -> ProblemException.notFound("Node " + instanceId));
        RolloutCluster rc = RolloutCluster.listActiveForCluster(node.cluster.id).stream()
                .filter(c -> c.stage <= c.rollout.currentStage)
                .findFirst()
                .orElseThrow(() -> ProblemException.refused("not-in-rollout", "No rollout is patching cluster "
                        + node.cluster.name + " now.", Map.of()));
        if (rc.plan == Plan.HOLD) {
            throw ProblemException.refused("cluster-held", "Cluster " + node.cluster.name
                    + " is held in rollout " + rc.rollout.id + "; it should not have been patched.",
                    Map.of("rolloutId", rc.rollout.id));
        }
        Instant now = clock.instant();
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
        if (allReported && reportedBefore < nodes && rc.windowId != null) {
            windows.complete(rc.windowId, failed == 0, failed == 0 ? "All " + nodes + " nodes booted after the patch."
                    : failed + " of " + nodes + " nodes failed to boot after the patch.", viewer.username());
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
                "Stage %d (%s): %d of %d patched nodes failed to boot (%.1f%%), over the threshold of %.1f%%.",
                stage.stage, stage.kind().label, gate.failed(), gate.patched(), gate.failureRate() * 100,
                gate.threshold() * 100);
        int delayed = halt(rollout, reason, SYSTEM_ACTOR, RolloutEvent.Action.AUTO_HALT);
        notices.autoHalted(rollout, stage.kind(), gate, reason, delayed);
    }

    /** @return how many windows were delayed */
    private int halt(Rollout rollout, String reason, String actor, RolloutEvent.Action action) {
        Instant now = clock.instant();
        rollout.status = RolloutStatus.HALTED;
        rollout.haltReason = reason;
        rollout.haltedAt = now;
        RolloutEvent.record(rollout.id, rollout.currentStage, action, reason, actor, now);
        // delayed, not deleted: the window feature tells each customer we will reach out
        int delayed = windows.delayNotStarted(rollout.id, reason, actor);
        Log.warnf("Rollout %d halted by %s (%d windows delayed): %s", rollout.id, actor, delayed, reason);
        return delayed;
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
        replan(rollout.release, clusters, now);
        List<RolloutCluster> toSchedule = new ArrayList<>();
        for (RolloutCluster rc : clusters) {
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
                if (rc.plan != Plan.FULL) {
                    notices.planDecided(rc, rc.overridden() ? rc.overrideReason : null);
                }
            }
        }
        Log.infof("Rollout %d: stage %d (%s) started, %d clusters, %d to schedule", rollout.id, stage.number,
                stage.label, clusters.size(), toSchedule.size());
    }

    /** Facts may have arrived since the rollout was made: an UNKNOWN hold can become a full patch. */
    private void replan(PatchRelease release, List<RolloutCluster> clusters, Instant now) {
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

    private void schedule(Rollout rollout, RolloutStage stage, List<RolloutCluster> clusters, String actor) {
        if (clusters.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        Map<Long, RolloutCluster> byCluster = clusters.stream()
                .collect(Collectors.toMap(rc -> rc.cluster.id, rc -> rc));
        String label = rollout.release.name + " · " + stage.kind().label.toLowerCase(Locale.ROOT);
        for (StageWindows.Scheduled outcome : windows.schedule(rollout.id, stage.kind(), label, stage.deadline,
                List.copyOf(byCluster.keySet()), actor)) {
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

    private Map<PatchStatus, Long> stageCounts(long rolloutId, int stage) {
        Map<PatchStatus, Long> counts = new EnumMap<>(PatchStatus.class);
        for (Object[] row : Rollout.getEntityManager().createQuery("select rc.status, count(rc) from RolloutCluster rc"
                + " where rc.rollout.id = ?1 and rc.stage = ?2 group by rc.status", Object[].class)
                .setParameter(1, rolloutId).setParameter(2, stage).getResultList()) {
            counts.put((PatchStatus) row[0], (Long) row[1]);
        }
        return counts;
    }

    private static Gate gate(Rollout rollout, RolloutStage s, Map<PatchStatus, Long> counts, Instant now) {
        long outstanding = OUTSTANDING.stream().mapToLong(st -> counts.getOrDefault(st, 0L)).sum();
        long patched = PatchResult.countInStage(rollout.id, s.stage, null, s.gateSince);
        long failed = PatchResult.countInStage(rollout.id, s.stage, PatchOutcome.FAILED, s.gateSince);
        Instant last = PatchResult.lastInStage(rollout.id, s.stage).orElse(null);
        Instant start = s.status == StageStatus.PENDING ? null : s.startedAt;
        return Gate.evaluate(patched, failed, s.failureThreshold, outstanding, start, last, s.soak(), now);
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

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max - 1) + "…";
    }
}
