package io.patchcast.rollout;

import java.util.HashMap;
import java.util.Map;

import io.patchcast.notify.MailRenderer;
import io.patchcast.notify.NoticeKind;
import io.patchcast.notify.Outbox;
import io.patchcast.notify.OutgoingNotice;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The notices rollouts send of their own, through the outbox in the caller's transaction: the staff alert when
 * a stage halts its rollout, and the customer notice when a cluster's plan is not the full patch (or changes).
 * Window notices (scheduled, delayed, completed) come from the window feature.
 */
@ApplicationScoped
public class RolloutNotices {

    @Inject
    Outbox outbox;

    @Inject
    MailRenderer renderer;

    public void autoHalted(Rollout rollout, Stage stage, Gate gate, String reason, int delayedWindows) {
        Map<String, Object> data = new HashMap<>();
        data.put("rolloutId", rollout.id);
        data.put("releaseName", rollout.release.name);
        data.put("stage", stage);
        data.put("reason", reason);
        data.put("delayed", delayedWindows);
        MailRenderer.Rendered mail = renderer.render("mail/rollout-halted", data);
        String subject = "Rollout of " + rollout.release.name + " halted at stage " + stage.number + " ("
                + stage.label + ")";
        // one alert per halt: a rollout halted again after a resume alerts again
        String key = "rollout:" + rollout.id + ":halted:" + rollout.haltedAt.toEpochMilli();
        outbox.enqueue(new OutgoingNotice(NoticeKind.STAFF_ALERT, key, null, null, subject, mail.text(), mail.html(),
                null, null), outbox.staff());
    }

    /** Tells staff that the exposure under an override changed: the override stays until someone looks again. */
    public void overrideFlagged(RolloutCluster rc) {
        Map<String, Object> data = new HashMap<>();
        data.put("rolloutId", rc.rollout.id);
        data.put("stage", rc.stage);
        data.put("releaseName", rc.rollout.release.name);
        data.put("clusterName", rc.cluster.name);
        data.put("customerName", rc.cluster.customer.name);
        data.put("plan", rc.plan.label);
        data.put("overrideBy", rc.overrideBy);
        data.put("overrideReason", rc.overrideReason);
        data.put("flag", rc.overrideFlag);
        MailRenderer.Rendered mail = renderer.render("mail/override-flagged", data);
        String key = "rollout:" + rc.rollout.id + ":cluster:" + rc.cluster.id + ":flag:" + rc.updatedAt.toEpochMilli();
        outbox.enqueue(new OutgoingNotice(NoticeKind.STAFF_ALERT, key, null, rc.cluster.id, "Exposure changed under an"
                + " override: " + rc.cluster.name + " · " + rc.rollout.release.name, mail.text(), mail.html(), null,
                null), outbox.staff());
    }

    /**
     * Tells the cluster's customer that it is held, patched without the kernel, or (after an override) patched in
     * full after all.
     *
     * @param reason the staff reason of an override, null for the engine's decision
     */
    public void planDecided(RolloutCluster rc, String reason) {
        send(rc, reason, null, null);
    }

    /**
     * Tells the cluster's customer that its plan changed after it was told (new facts, a new rule set, a changed
     * kernel, the last gate at the window's start, staff): what it was, what it is, and why.
     *
     * @param why a sentence for the customer about their own cluster; never fleet-wide numbers
     */
    public void planChanged(RolloutCluster rc, Plan before, String why) {
        send(rc, null, before, why);
    }

    private void send(RolloutCluster rc, String reason, Plan before, String why) {
        long customerId = rc.cluster.customer.id;
        NoticeKind kind = NoticeKind.PLAN_CHANGED;
        Map<String, Object> data = new HashMap<>();
        data.put("previousPlan", before == null ? null : before.label);
        data.put("planLabel", rc.plan.label);
        data.put("changeWhy", why);
        data.put("clusterName", rc.cluster.name);
        data.put("releaseName", rc.rollout.release.name);
        data.put("kernel", rc.rollout.release.stableKernel);
        data.put("plan", rc.plan.name());
        data.put("verdict", rc.verdict);
        data.put("reason", reason);
        data.put("windowStart", rc.windowStart);
        data.put("timeZone", rc.cluster.timeZone);
        MailRenderer.Rendered mail = renderer.render("mail/rollout-plan", data);
        String subject = before != null
                ? "Plan changed for " + rc.cluster.name + " · " + rc.rollout.release.name + ": " + before.label
                        + " → " + rc.plan.label
                : switch (rc.plan) {
                    case HOLD -> "Maintenance of " + rc.cluster.name + " is on hold · " + rc.rollout.release.name;
                    case TARGETED -> rc.cluster.name + " will be patched without the kernel update · "
                            + rc.rollout.release.name;
                    case FULL -> rc.cluster.name + " will receive the full " + rc.rollout.release.name + " patch";
                };
        // one notice per decision: a change is keyed by when it happened
        String key = "rollout:" + rc.rollout.id + ":cluster:" + rc.cluster.id + ":plan:" + rc.plan
                + (before != null ? ":changed:" + rc.updatedAt.toEpochMilli()
                        : rc.overrideAt == null ? "" : ":" + rc.overrideAt.toEpochMilli());
        outbox.enqueue(new OutgoingNotice(kind, key, customerId, rc.cluster.id, subject, mail.text(), mail.html(),
                null, null), outbox.contactsOf(customerId, kind));
    }
}
