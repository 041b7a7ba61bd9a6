package io.patchcast.window;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.patchcast.common.PageView;
import io.patchcast.common.ProblemException;
import io.patchcast.fleet.Cluster;
import io.patchcast.fleet.SlaTier;
import io.patchcast.security.Viewer;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.OptimisticLockException;
import jakarta.transaction.Transactional;

/**
 * Schedules, moves, delays, holds, releases, cancels and completes maintenance windows. Every change is
 * audited and announced to the customer's contacts in the same transaction.
 */
@ApplicationScoped
@Transactional
public class WindowService {

    @Inject
    Clock clock;

    @Inject
    WindowsConfig config;

    @Inject
    WindowNotices notices;

    @Inject
    io.patchcast.exposure.ExposureService exposure;

    // ---------------------------------------------------------------- used by the rollout feature

    /**
     * Schedules one window per cluster for the stage, in each cluster's preferred slots. Never fails the run:
     * a cluster without a fitting slot gets the reason instead. A cluster that already has a pending window for
     * the stage keeps it, so a stage can be scheduled again after adding clusters.
     */
    public List<ScheduleOutcome> scheduleStage(StageRef stage, List<Long> clusterIds, String actor) {
        return scheduleStage(stage, clusterIds, actor, false, null);
    }

    /** As {@link #scheduleStage(StageRef, List, String)}; an emergency ignores the minimum notice. */
    public List<ScheduleOutcome> scheduleStage(StageRef stage, List<Long> clusterIds, String actor, boolean emergency,
            String justification) {
        return scheduleStage(stage, clusterIds, actor, emergency, justification, Map.of());
    }

    /**
     * As {@link #scheduleStage(StageRef, List, String)}, keeping customers' choices: a cluster in
     * {@code customerChoices} (the start its customer chose for a window this one replaces) gets that start if it
     * is still allowed, else the allowed slot nearest to it, and the window remembers the choice.
     */
    public List<ScheduleOutcome> scheduleStage(StageRef stage, List<Long> clusterIds, String actor,
            Map<Long, Instant> customerChoices) {
        return scheduleStage(stage, clusterIds, actor, false, null, customerChoices);
    }

    private List<ScheduleOutcome> scheduleStage(StageRef stage, List<Long> clusterIds, String actor,
            boolean emergency, String justification, Map<Long, Instant> customerChoices) {
        if (emergency && (justification == null || justification.isBlank())) {
            throw ProblemException.badRequest("justification", "an emergency needs a justification");
        }
        List<ScheduleOutcome> outcomes = new ArrayList<>();
        for (Long clusterId : clusterIds) {
            Cluster cluster = Cluster.findById(clusterId);
            if (cluster == null) {
                outcomes.add(new ScheduleOutcome(clusterId, null, null, "The cluster does not exist."));
                continue;
            }
            MaintenanceWindow existing = MaintenanceWindow.<MaintenanceWindow>find(
                    "cluster.id = ?1 and rolloutId = ?2 and stage = ?3 and status in ?4", clusterId, stage.rolloutId(),
                    stage.stage(), List.of(WindowStatus.SCHEDULED, WindowStatus.IN_PROGRESS)).firstResult();
            if (existing != null) {
                outcomes.add(new ScheduleOutcome(clusterId, existing.id, existing.startsAt, null));
                continue;
            }
            Instant choice = customerChoices.get(clusterId);
            SlotFinder.Result slot = choice == null
                    ? finder().first(request(cluster, emergency ? Duration.ZERO : notice(cluster), null,
                            stage.deadline(), null))
                    : finder().nearest(request(cluster, config.customerMinLead(), null, stage.deadline(), null),
                            choice);
            if (!slot.found()) {
                outcomes.add(new ScheduleOutcome(clusterId, null, null, slot.reason()));
                continue;
            }
            MaintenanceWindow w = new MaintenanceWindow();
            w.cluster = cluster;
            w.rolloutId = stage.rolloutId();
            w.stage = stage.stage();
            w.stageLabel = stage.label();
            w.deadline = stage.deadline();
            w.startsAt = slot.start();
            w.endsAt = slot.end();
            w.originalStart = slot.start();
            w.customerStart = choice;
            w.status = WindowStatus.SCHEDULED;
            w.emergency = emergency;
            w.icsUid = "window-" + UUID.randomUUID() + "@patchcast";
            w.icsSequence = 0;
            w.createdAt = clock.instant();
            w.updatedAt = w.createdAt;
            w.persist();
            String kept = choice == null ? null : choice.equals(w.startsAt)
                    ? "At the time you chose for the maintenance this one replaces."
                    : "The time you chose for the maintenance this one replaces, " + SlotFinder.when(choice,
                            ZoneId.of(cluster.timeZone)) + ", is no longer possible; this is the nearest allowed time.";
            audit(w, actor, true, ChangeKind.SCHEDULED, null, w.startsAt, null, WindowStatus.SCHEDULED,
                    emergency ? "Emergency: " + justification : kept == null ? stage.label() : kept);
            notices.announce(w, ChangeKind.SCHEDULED, kept);
            outcomes.add(new ScheduleOutcome(clusterId, w.id, w.startsAt, null));
        }
        return outcomes;
    }

    /**
     * Hands a pending window over to a newer release's stage (one maintenance per cluster at a time): same time,
     * same invitation UID with a higher SEQUENCE, the new stage's label and deadline; the customer is told.
     */
    public void carryOver(long windowId, StageRef stage, String reason, String actor) {
        MaintenanceWindow w = window(windowId);
        requirePending(w);
        w.rolloutId = stage.rolloutId();
        w.stage = stage.stage();
        w.stageLabel = stage.label();
        w.deadline = stage.deadline();
        touched(w);
        audit(w, actor, true, ChangeKind.CARRIED_OVER, w.startsAt, w.startsAt, w.status, w.status, reason);
        notices.announce(w, ChangeKind.CARRIED_OVER, reason);
    }

    /** Records the patch plan of a window for display (FULL, TARGETED, HOLD). */
    public void setPlan(long windowId, String plan) {
        window(windowId).plan = plan;
    }

    /** Delays every window of the rollout not yet started (kept, not deleted) and tells the customers. */
    public int delayNotStarted(long rolloutId, String reason, String actor) {
        int delayed = 0;
        for (MaintenanceWindow w : MaintenanceWindow.listByRollout(rolloutId)) {
            if (w.status == WindowStatus.SCHEDULED) {
                changeStatus(w, WindowStatus.DELAYED, ChangeKind.DELAYED, reason, actor, true);
                delayed++;
            }
        }
        Log.infof("Rollout %d: %d windows delayed by %s", rolloutId, delayed, actor);
        return delayed;
    }

    /** Marks a window as running (the rollout started its maintenance). */
    public void start(long windowId, String actor) {
        MaintenanceWindow w = window(windowId);
        if (w.status != WindowStatus.SCHEDULED) {
            throw ProblemException.refused("window-status", "Only a scheduled window can start; this one is "
                    + w.status.label.toLowerCase() + ".", Map.of());
        }
        changeStatus(w, WindowStatus.IN_PROGRESS, ChangeKind.STARTED, null, actor, true);
    }

    /** Completes (or fails) a window with its result, e.g. versions reached, and tells the customer. */
    public void complete(long windowId, boolean success, String resultText, String actor) {
        MaintenanceWindow w = window(windowId);
        if (w.status == WindowStatus.COMPLETED || w.status == WindowStatus.FAILED
                || w.status == WindowStatus.CANCELLED) {
            throw ProblemException.refused("window-status", "The window is already " + w.status.label.toLowerCase()
                    + ".", Map.of());
        }
        w.resultText = resultText;
        changeStatus(w, success ? WindowStatus.COMPLETED : WindowStatus.FAILED,
                success ? ChangeKind.COMPLETED : ChangeKind.FAILED, resultText, actor, true);
    }

    /** Staff: hold a pending window until released; the customer is told we will reach out. */
    public void hold(long windowId, String reason, String actor) {
        doHold(window(windowId), reason, actor);
    }

    private void doHold(MaintenanceWindow w, String reason, String actor) {
        requireReason(reason);
        requirePending(w);
        if (w.status == WindowStatus.HELD) {
            throw ProblemException.refused("window-status", "The window is already held.", Map.of());
        }
        changeStatus(w, WindowStatus.HELD, ChangeKind.HELD, reason, actor, true);
    }

    /**
     * Staff: put a held or delayed window back on the schedule, at its start if that is still ahead by the
     * minimum notice, otherwise in the next free preferred slot.
     */
    public void release(long windowId, String reason, String actor) {
        doRelease(window(windowId), reason, actor);
    }

    /**
     * As {@link #release}, for callers releasing many windows at once (a rollout resuming): a window no slot
     * fits any more stays delayed, and the reason is returned instead of failing the caller's transaction.
     * The slot check runs before anything changes, so a refused window is left exactly as it was.
     */
    public Optional<String> releaseIfPlaceable(long windowId, String reason, String actor) {
        try {
            doRelease(window(windowId), reason, actor);
            return Optional.empty();
        } catch (ProblemException e) {
            if ("no-slot".equals(e.problem().extensions().get("rule"))) {
                return Optional.of(e.problem().detail());
            }
            throw e;
        }
    }

    private void doRelease(MaintenanceWindow w, String reason, String actor) {
        requireReason(reason);
        if (w.status != WindowStatus.HELD && w.status != WindowStatus.DELAYED) {
            throw ProblemException.refused("window-status", "Only a held or delayed window can be released.",
                    Map.of());
        }
        Instant from = w.startsAt;
        String why = reason;
        if (w.customerStart != null) {
            // the customer chose this time: keep it while the customer's own rules allow it, else the nearest
            SlotFinder.Placement placed = keepChoice(w);
            if (placed.start() == null) {
                throw ProblemException.refused("no-slot", placed.why(), Map.of());
            }
            place(w, placed.start());
            why = placed.why() == null ? reason : reason + " " + placed.why();
        } else {
            SlotFinder.Request request = request(w.cluster, notice(w.cluster), null, w.deadline, w.id);
            if (finder().check(request, w.startsAt) != null) {
                SlotFinder.Result slot = finder().first(request);
                if (!slot.found()) {
                    throw ProblemException.refused("no-slot", slot.reason(), Map.of());
                }
                place(w, slot.start());
            }
        }
        WindowStatus before = w.status;
        w.status = WindowStatus.SCHEDULED;
        touched(w);
        audit(w, actor, true, ChangeKind.RELEASED, from, w.startsAt, before, w.status, why);
        notices.announce(w, ChangeKind.RELEASED, why);
    }

    /**
     * Where a window the customer moved goes when something else would move it (a resume, a bulk shift): the
     * customer's start while it is allowed (the customer's lead, deadline, freezes, exclusions, capacity), else the
     * allowed slot nearest to it, with the sentence that tells the customer why.
     */
    private SlotFinder.Placement keepChoice(MaintenanceWindow w) {
        SlotFinder.Request request = request(w.cluster, config.customerMinLead(), null, w.deadline, w.id);
        SlotFinder.Rejection rejection = finder().check(request, w.customerStart);
        if (rejection == null) {
            return new SlotFinder.Placement(w.customerStart, null);
        }
        SlotFinder.Result near = finder().nearest(request, w.customerStart);
        String chosen = SlotFinder.when(w.customerStart, ZoneId.of(w.cluster.timeZone));
        if (!near.found()) {
            return new SlotFinder.Placement(null, "The time you chose, " + chosen + ", is no longer possible ("
                    + rejection.detail() + ") and no other slot fits: " + near.reason());
        }
        return new SlotFinder.Placement(near.start(), "The time you chose, " + chosen + ", is no longer possible: "
                + rejection.detail() + " This is the nearest allowed time.");
    }

    private static void place(MaintenanceWindow w, Instant start) {
        Duration length = Duration.between(w.startsAt, w.endsAt);
        w.startsAt = start;
        w.endsAt = start.plus(length);
        w.remindedAt = null;
    }

    /** Staff: cancel a pending window; invitations are withdrawn. */
    public void cancel(long windowId, String reason, String actor) {
        doCancel(window(windowId), reason, actor);
    }

    private void doCancel(MaintenanceWindow w, String reason, String actor) {
        requireReason(reason);
        requirePending(w);
        changeStatus(w, WindowStatus.CANCELLED, ChangeKind.CANCELLED, reason, actor, true);
    }

    // ---------------------------------------------------------------- reads, scoped by viewer

    @Transactional(Transactional.TxType.SUPPORTS)
    public PageView<WindowView> list(Viewer viewer, WindowFilter filter, int page, int size) {
        WindowFilter scoped = viewer.isStaff() ? filter : filter.forCustomer(ownCustomer(viewer));
        return MaintenanceWindow.page(scoped, page, size).map(w -> WindowView.of(w, config.customerMaxMoves()));
    }

    public WindowView get(Viewer viewer, long id) {
        return WindowView.of(find(viewer, id), config.customerMaxMoves());
    }

    public List<ChangeView> changes(Viewer viewer, long id) {
        find(viewer, id);
        return WindowChange.listByWindow(id).stream().map(ChangeView::of).toList();
    }

    /** The audit log across windows (staff), newest first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public PageView<ChangeView> auditLog(Viewer viewer, int page, int size) {
        if (!viewer.isStaff()) {
            throw ProblemException.notFound("Audit log");
        }
        return WindowChange.pageNewestFirst(page, size).map(ChangeView::of);
    }

    /** What the move form shows: allowed range, deadline, moves left and three starts that would be accepted. */
    public MoveOptions moveOptions(Viewer viewer, long id) {
        MaintenanceWindow w = find(viewer, id);
        WindowView view = WindowView.of(w, config.customerMaxMoves());
        Instant now = clock.instant();
        Instant earliest = now.plus(config.customerMinLead());
        Instant latestStart = w.originalStart.plus(config.customerMaxShift());
        Duration length = Duration.between(w.startsAt, w.endsAt);
        if (w.deadline != null && latestStart.plus(length).isAfter(w.deadline)) {
            latestStart = w.deadline.minus(length);
        }
        String notMovable = null;
        if (!w.status.pending() || w.status != WindowStatus.SCHEDULED) {
            notMovable = "The window is " + w.status.label.toLowerCase() + "; only scheduled windows can be moved.";
        } else if (!viewer.isStaff() && w.customerMoves >= config.customerMaxMoves()) {
            notMovable = "This window has been moved " + w.customerMoves + " times, the most allowed. Contact support"
                    + " to move it again.";
        } else if (latestStart.isBefore(earliest)) {
            notMovable = "No start is left between 48 hours from now and the latest allowed start.";
        }
        List<Instant> suggestions = notMovable == null ? suggestions(w, viewer.isStaff()) : List.of();
        return new MoveOptions(view, notMovable == null, notMovable, earliest, latestStart, w.deadline,
                view.movesLeft(), suggestions);
    }

    // ---------------------------------------------------------------- moves

    /**
     * Moves a window. Customers: at most {@code customer-max-moves} moves, to a start at least
     * {@code customer-min-lead} away, at most {@code customer-max-shift} after the original start, ending by the
     * deadline, outside freeze periods, exclusion times and full slots. Staff: the same unless they override,
     * and inside the minimum notice only as an emergency with a justification. A refusal names the rule and
     * suggests the next three starts that would be accepted.
     */
    public WindowView reschedule(Viewer viewer, long id, RescheduleRequest req) {
        return doReschedule(viewer, find(viewer, id), req);
    }

    private WindowView doReschedule(Viewer viewer, MaintenanceWindow w, RescheduleRequest req) {
        if (req.version() != w.version) {
            throw ProblemException.conflict("The window changed since you loaded it (version " + req.version()
                    + ", now " + w.version + "). Reload it and try again.");
        }
        boolean staff = viewer.isStaff();
        if (!staff && (Boolean.TRUE.equals(req.override()) || Boolean.TRUE.equals(req.emergency()))) {
            throw ProblemException.badRequest(Boolean.TRUE.equals(req.override()) ? "override" : "emergency",
                    "only provider staff may override the rules");
        }
        if (w.status != WindowStatus.SCHEDULED) {
            throw ProblemException.refused("window-status", "The window is " + w.status.label.toLowerCase()
                    + "; only scheduled windows can be moved.", Map.of("suggestions", List.of()));
        }
        SlotFinder.Rejection rejection = moveRejection(w, req, staff);
        if (rejection != null) {
            throw ProblemException.refused(rejection.rule(), rejection.detail(),
                    Map.of("suggestions", suggestions(w, staff).stream().map(Instant::toString).toList()));
        }
        Instant from = w.startsAt;
        Duration length = Duration.between(w.startsAt, w.endsAt);
        w.startsAt = req.start();
        w.endsAt = req.start().plus(length);
        w.remindedAt = null;
        if (!staff) {
            w.customerMoves++;
            w.customerStart = req.start();
        } else {
            // staff moved it on purpose (often at the customer's request): their time is the one to keep now
            w.customerStart = null;
        }
        if (staff && req.emergencyAsked()) {
            w.emergency = true;
        }
        touched(w);
        flushOrConflict();
        String why = req.emergencyAsked() ? req.reason() + " (emergency: " + req.justification() + ")"
                : req.overriding() ? req.reason() + " (rules overridden by staff)" : req.reason();
        audit(w, viewer.username(), staff, ChangeKind.MOVED, from, w.startsAt, w.status, w.status, why);
        notices.announce(w, ChangeKind.MOVED, req.reason());
        return WindowView.of(w, config.customerMaxMoves());
    }

    private SlotFinder.Rejection moveRejection(MaintenanceWindow w, RescheduleRequest req, boolean staff) {
        Instant now = clock.instant();
        Instant start = req.start();
        if (staff) {
            if (start.isBefore(now.plus(notice(w.cluster))) && !req.emergencyAsked()) {
                return new SlotFinder.Rejection("minimum-notice", "The new start is inside the minimum notice of "
                        + SlotFinder.human(notice(w.cluster)) + "; staff may only do this as an emergency with a"
                        + " justification.");
            }
            if (req.emergencyAsked() && (req.justification() == null || req.justification().isBlank())) {
                return new SlotFinder.Rejection("emergency-justification",
                        "An emergency move needs a justification.");
            }
            if (!start.isAfter(now)) {
                return new SlotFinder.Rejection("min-lead", "The new start must be in the future.");
            }
            if (req.overriding()) {
                return null;
            }
            return finder().check(request(w.cluster, Duration.ZERO, null, w.deadline, w.id), start);
        }
        if (w.customerMoves >= config.customerMaxMoves()) {
            return new SlotFinder.Rejection("max-moves", "This window has already been moved " + w.customerMoves
                    + " times, the most a customer may. Contact support to move it again.");
        }
        if (start.isBefore(now.plus(config.customerMinLead()))) {
            return new SlotFinder.Rejection("min-lead", "The new start must be at least "
                    + SlotFinder.human(config.customerMinLead()) + " from now.");
        }
        Instant latest = w.originalStart.plus(config.customerMaxShift());
        if (start.isAfter(latest)) {
            return new SlotFinder.Rejection("max-shift", "The new start may be at most "
                    + SlotFinder.human(config.customerMaxShift()) + " after the original start, so by "
                    + SlotFinder.when(latest, ZoneId.of(w.cluster.timeZone)) + ".");
        }
        return finder().check(request(w.cluster, config.customerMinLead(), null, w.deadline, w.id), start);
    }

    /** The next three starts, in preferred slots, that this move would accept. */
    private List<Instant> suggestions(MaintenanceWindow w, boolean staff) {
        Instant now = clock.instant();
        Instant deadline = w.deadline;
        if (!staff) {
            Instant latestEnd = w.originalStart.plus(config.customerMaxShift()).plus(Duration.between(w.startsAt,
                    w.endsAt));
            deadline = deadline == null || latestEnd.isBefore(deadline) ? latestEnd : deadline;
        }
        Duration notice = staff ? notice(w.cluster) : config.customerMinLead();
        SlotFinder.Request request = request(w.cluster, notice, null, deadline, w.id);
        return finder().accepted(request, 3).stream().filter(s -> !s.equals(w.startsAt) && s.isAfter(now))
                .limit(3).toList();
    }

    // ---------------------------------------------------------------- bulk (staff)

    /**
     * Applies one staff action to every window the filter (or the id list) selects; per-window outcomes. Calls the
     * private implementations, not the public (intercepted) methods: a refusal of one window must not mark the
     * whole transaction for rollback. Each implementation checks its rules before it changes anything.
     */
    public BulkResult bulk(Viewer viewer, BulkRequest req) {
        if (!viewer.isStaff()) {
            throw ProblemException.notFound("Bulk window actions");
        }
        boolean byIds = req.windowIds() != null && !req.windowIds().isEmpty();
        if (!byIds && !Boolean.TRUE.equals(req.allMatching())) {
            throw ProblemException.badRequest("windowIds", "list the windows to act on, or send \"allMatching\": true"
                    + " together with a filter");
        }
        if (!byIds && !req.hasFilter()) {
            throw ProblemException.badRequest("allMatching", "acting on every matching window needs at least one"
                    + " filter (provider, region, customerId, instanceFamily, status or exposure)");
        }
        List<MaintenanceWindow> targets = byIds
                ? MaintenanceWindow.list("id in ?1 order by startsAt", req.windowIds())
                : MaintenanceWindow.listForBulk(req.filter());
        if (req.exposure() != null) {
            // absent from the verdicts means no node reported: unknown, never "not affected"
            var verdicts = exposure.clusterVerdicts(viewer, req.kernel());
            targets = targets.stream().filter(w -> verdicts.getOrDefault(w.cluster.id,
                    io.patchcast.compat.Verdict.UNKNOWN) == req.exposure()).toList();
        }
        List<BulkResult.Item> items = new ArrayList<>();
        int done = 0;
        for (MaintenanceWindow w : targets) {
            try {
                switch (req.action()) {
                    case HOLD -> doHold(w, req.reason(), viewer.username());
                    case RELEASE -> doRelease(w, req.reason(), viewer.username());
                    case CANCEL -> doCancel(w, req.reason(), viewer.username());
                    case DELAY -> {
                        requirePending(w);
                        if (w.status != WindowStatus.SCHEDULED) {
                            throw ProblemException.refused("window-status", "Only a scheduled window can be delayed.",
                                    Map.of());
                        }
                        changeStatus(w, WindowStatus.DELAYED, ChangeKind.DELAYED, req.reason(), viewer.username(),
                                true);
                    }
                    case SHIFT -> shift(viewer, w, req);
                }
                items.add(new BulkResult.Item(w.id, true, null, null));
                done++;
            } catch (ProblemException e) {
                Object rule = e.problem().extensions() == null ? null : e.problem().extensions().get("rule");
                items.add(new BulkResult.Item(w.id, false, rule == null ? null : rule.toString(),
                        e.problem().detail()));
            }
        }
        return new BulkResult(targets.size(), done, items);
    }

    /**
     * A bulk shift of one window. A window whose customer chose its time is not shifted while that time is
     * allowed; when it is not any more, it takes the allowed slot nearest to the customer's choice instead.
     */
    private void shift(Viewer viewer, MaintenanceWindow w, BulkRequest req) {
        if (w.customerStart == null || w.status != WindowStatus.SCHEDULED) {
            doReschedule(viewer, w, new RescheduleRequest(w.startsAt.plus(req.shift()), req.reason(), w.version,
                    req.override(), null, null));
            return;
        }
        SlotFinder.Placement placed = keepChoice(w);
        String chosen = SlotFinder.when(w.customerStart, ZoneId.of(w.cluster.timeZone));
        if (placed.why() == null) {
            throw ProblemException.refused("customer-choice", "Kept at " + chosen + ", the time the customer chose;"
                    + " it is still allowed. Move it on its own if it must move.", Map.of());
        }
        if (placed.start() == null) {
            throw ProblemException.refused("no-slot", placed.why(), Map.of());
        }
        Instant from = w.startsAt;
        place(w, placed.start());
        touched(w);
        String why = req.reason() + " " + placed.why();
        audit(w, viewer.username(), true, ChangeKind.MOVED, from, w.startsAt, w.status, w.status, why);
        notices.announce(w, ChangeKind.MOVED, why);
    }

    // ---------------------------------------------------------------- reminders

    /**
     * Sends the reminder of every scheduled window starting within the reminder lead that has not had one for
     * its current start. Idempotent: the event key names the window and its start, and the window remembers it.
     *
     * @return windows reminded
     */
    public int sendReminders() {
        Instant now = clock.instant();
        int reminded = 0;
        for (MaintenanceWindow w : MaintenanceWindow.listDueForReminder(now, now.plus(config.reminderLead()))) {
            notices.remind(w);
            w.remindedAt = now;
            reminded++;
        }
        if (reminded > 0) {
            Log.infof("Reminders sent for %d windows", reminded);
        }
        return reminded;
    }

    // ---------------------------------------------------------------- exclusions

    /** The weekly exclusion times that apply to a customer's clusters: its own, or the default. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<WeeklyRange> exclusions(long customerId) {
        List<WeeklyRange> own = ExclusionTime.listByCustomer(customerId).stream().map(ExclusionTime::range).toList();
        return own.isEmpty() ? List.of(config.defaultExclusion()) : own;
    }

    /** A customer's own weekly exclusion rows (empty: the default applies), for the settings page. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ExclusionView> ownExclusions(Viewer viewer) {
        return ExclusionTime.listByCustomer(requireCustomer(viewer)).stream()
                .map(x -> new ExclusionView(x.id, x.range())).toList();
    }

    public WeeklyRange defaultExclusion() {
        return config.defaultExclusion();
    }

    public void addExclusion(Viewer viewer, WeeklyRange range) {
        if (range.minutes() == 0) {
            throw ProblemException.badRequest("endTime", "the exclusion must not end where it starts");
        }
        ExclusionTime x = new ExclusionTime();
        x.customer = io.patchcast.customer.Customer.findById(requireCustomer(viewer));
        x.startDay = range.startDay();
        x.startTime = range.startTime().toString();
        x.endDay = range.endDay();
        x.endTime = range.endTime().toString();
        x.createdAt = clock.instant();
        x.persist();
    }

    public void deleteExclusion(Viewer viewer, long id) {
        ExclusionTime x = ExclusionTime.findById(id);
        if (x == null || !x.customer.id.equals(requireCustomer(viewer))) {
            throw ProblemException.notFound("Exclusion time " + id);
        }
        x.delete();
    }

    /** Contacts of the viewer's customer with their reminder choice. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ContactView> contacts(Viewer viewer) {
        return io.patchcast.customer.Contact.listByCustomer(requireCustomer(viewer)).stream()
                .map(c -> new ContactView(c.id, c.name, c.email, c.receiveReminders)).toList();
    }

    /** Contacts may opt out of reminders only; notices about changes always reach them. */
    public void setReminders(Viewer viewer, long contactId, boolean receive) {
        io.patchcast.customer.Contact c = io.patchcast.customer.Contact.findById(contactId);
        if (c == null || !c.customer.id.equals(requireCustomer(viewer))) {
            throw ProblemException.notFound("Contact " + contactId);
        }
        c.receiveReminders = receive;
    }

    /** The next pending window of each of the viewer's clusters, soonest first (the dashboard card). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<WindowView> nextPerCluster(Viewer viewer) {
        List<MaintenanceWindow> all = MaintenanceWindow.list("select w from MaintenanceWindow w join fetch w.cluster c"
                + " join fetch c.customer where c.customer.id = ?1 and w.endsAt > ?2 and w.status in ?3"
                + " order by w.startsAt", ownCustomer(viewer), clock.instant(),
                List.of(WindowStatus.SCHEDULED, WindowStatus.IN_PROGRESS, WindowStatus.DELAYED, WindowStatus.HELD));
        java.util.Map<Long, WindowView> first = new java.util.LinkedHashMap<>();
        for (MaintenanceWindow w : all) {
            first.putIfAbsent(w.cluster.id, WindowView.of(w, config.customerMaxMoves()));
        }
        return List.copyOf(first.values());
    }

    private static long requireCustomer(Viewer viewer) {
        if (viewer.customerId() == null) {
            throw ProblemException.notFound("Settings");
        }
        return viewer.customerId();
    }

    // ---------------------------------------------------------------- helpers

    SlotFinder finder() {
        return new SlotFinder(clock, config.searchHorizon());
    }

    Duration notice(Cluster cluster) {
        return cluster.slaTier == SlaTier.PRODUCTION ? config.noticeProduction() : config.noticeNonProduction();
    }

    /** A slot search for the cluster; {@code ignoreWindow} is the window being moved (it frees its own slot). */
    SlotFinder.Request request(Cluster cluster, Duration notice, Instant notBefore, Instant deadline,
            Long ignoreWindow) {
        var prefs = new SlotFinder.Preferences(cluster.weekdays(), cluster.preferredStartHour,
                Duration.ofMinutes(cluster.windowMinutes), ZoneId.of(cluster.timeZone));
        var freezes = cluster.freezePeriods.stream()
                .map(f -> new SlotFinder.Freeze(f.startsAt, f.endsAt, f.reason)).toList();
        int capacity = config.capacity();
        SlotFinder.Capacity full = (start, end) -> MaintenanceWindow.listBusy(cluster.provider, cluster.region, start,
                end).stream().filter(o -> !o.id.equals(ignoreWindow)).count() >= capacity;
        return new SlotFinder.Request(prefs, notice, notBefore, deadline, exclusions(cluster.customer.id), freezes,
                full);
    }

    MaintenanceWindow find(Viewer viewer, long id) {
        MaintenanceWindow w = MaintenanceWindow.findById(id);
        if (w == null || !viewer.canSee(w.cluster.customer.id)) {
            throw ProblemException.notFound("Window " + id);
        }
        return w;
    }

    private static MaintenanceWindow window(long id) {
        MaintenanceWindow w = MaintenanceWindow.findById(id);
        if (w == null) {
            throw ProblemException.notFound("Window " + id);
        }
        return w;
    }

    private static long ownCustomer(Viewer viewer) {
        // scoping fails closed: a non-staff viewer without a customer sees nothing
        return viewer.customerId() == null ? -1L : viewer.customerId();
    }

    private void changeStatus(MaintenanceWindow w, WindowStatus to, ChangeKind kind, String reason, String actor,
            boolean staff) {
        WindowStatus from = w.status;
        w.status = to;
        touched(w);
        audit(w, actor, staff, kind, w.startsAt, w.startsAt, from, to, reason);
        notices.announce(w, kind, reason);
    }

    private void touched(MaintenanceWindow w) {
        w.icsSequence++;
        w.updatedAt = clock.instant();
    }

    /** Writes the update now, so a concurrent change of the same window fails here as a 409 and not at commit. */
    private static void flushOrConflict() {
        try {
            MaintenanceWindow.flush();
        } catch (OptimisticLockException e) {
            throw ProblemException.conflict("Someone else changed this window at the same time. Reload it and try"
                    + " again.");
        }
    }

    private void audit(MaintenanceWindow w, String actor, boolean staff, ChangeKind kind, Instant fromStart,
            Instant toStart, WindowStatus fromStatus, WindowStatus toStatus, String reason) {
        WindowChange c = new WindowChange();
        c.window = w;
        c.actor = actor == null ? "system" : actor;
        c.staff = staff;
        c.changedAt = clock.instant();
        c.kind = kind;
        c.fromStart = fromStart;
        c.toStart = toStart;
        c.fromStatus = fromStatus;
        c.toStatus = toStatus;
        c.reason = reason == null ? null : reason.length() > 1000 ? reason.substring(0, 1000) : reason;
        c.persist();
    }

    private static void requireReason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw ProblemException.badRequest("reason", "staff actions need a reason");
        }
    }

    private static void requirePending(MaintenanceWindow w) {
        if (!w.status.pending()) {
            throw ProblemException.refused("window-status", "The window is " + w.status.label.toLowerCase()
                    + " and can no longer change.", Map.of());
        }
    }
}
