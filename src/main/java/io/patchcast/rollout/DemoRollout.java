package io.patchcast.rollout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.patchcast.demo.DemoConfig;
import io.patchcast.fleet.Node;
import io.patchcast.security.Role;
import io.patchcast.security.Viewer;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import jakarta.transaction.Transactional;

/**
 * The demo rollout: release "Debian 11.3" (the kernel of the 2022 incident) has passed stages 1-4 in the last
 * weeks and starts production now, so its windows are scheduled over the coming weeks by the real scheduler,
 * and the AWS Xen 4.2 i3/r4/m4 clusters are on the targeted plan or held, as the engine decides.
 * <p>
 * Runs after the demo fleet (default observer priority, APPLICATION + 500) and before anything that builds on
 * these windows (observe with a priority above APPLICATION + 700).
 */
@ApplicationScoped
public class DemoRollout {

    static final String RELEASE = "Debian 11.3";

    @Inject
    DemoConfig demo;

    @Inject
    Clock clock;

    @Inject
    RolloutService rollouts;

    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION + 700) StartupEvent event) {
        if (demo.enabled()) {
            load();
        }
    }

    @Transactional
    public void load() {
        if (PatchRelease.findByName(RELEASE).isPresent() || Node.count() == 0) {
            return;
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Viewer staff = new Viewer("support", Role.SUPPORT, null, "Sam Support");
        PatchRelease release = new PatchRelease();
        release.name = RELEASE;
        release.osVersion = "11.3";
        release.stableKernel = "5.10.113-1";
        release.backportsKernel = "5.18.16-1~bpo11+1";
        release.packages = String.join("\n", List.of("linux-image-amd64 5.10.113-1", "openssl 1.1.1n-0+deb11u1",
                "libc6 2.31-13+deb11u3", "openssh-server 1:8.4p1-5+deb11u1", "systemd 247.3-7"));
        release.notes = "Debian 11.3 point release with the May 2022 kernel.";
        release.createdBy = staff.username();
        release.createdAt = now.minus(Duration.ofDays(30));
        release.persist();

        long id = rollouts.create(release.id, staff).id();
        Rollout rollout = Rollout.findById(id);
        rollout.createdAt = release.createdAt;
        rollout.status = RolloutStatus.RUNNING;
        rollout.startedAt = now.minus(Duration.ofDays(28));
        RolloutEvent.record(id, 1, RolloutEvent.Action.START, "Debian 11.3 point release", staff.username(),
                rollout.startedAt);
        // stages 1-3 patched their clusters in the past weeks; stage 4 has soaked since three days ago
        int[] startedDaysAgo = { 28, 21, 14, 3 };
        for (int stage = 1; stage <= 4; stage++) {
            RolloutStage s = RolloutStage.find(id, stage).orElseThrow();
            s.startedAt = now.minus(Duration.ofDays(startedDaysAgo[stage - 1]));
            s.gateSince = s.startedAt;
            s.deadline = s.startedAt.plusSeconds(s.deadlineSeconds);
            if (stage < 4) {
                s.status = StageStatus.PASSED;
                s.completedAt = now.minus(Duration.ofDays(startedDaysAgo[stage]));
                patched(rollout, stage, s.startedAt.plus(Duration.ofDays(2)));
                RolloutEvent.record(id, stage, RolloutEvent.Action.ADVANCE, "Soak passed, no failures",
                        staff.username(), s.completedAt);
            } else {
                s.status = StageStatus.ACTIVE;
            }
        }
        rollout.currentStage = 4;
        rollouts.advance(id, new RolloutActionRequest("New nodes boot the release; production next", null), staff);
        Log.infof("Demo rollout %d of %s loaded at the production stage", id, RELEASE);
    }

    /** The clusters of a past stage as they ended: patched per plan, held ones held, each node reported. */
    private static void patched(Rollout rollout, int stage, Instant at) {
        for (RolloutCluster rc : RolloutCluster.listByStage(rollout.id, stage)) {
            rc.updatedAt = at;
            if (rc.plan == Plan.HOLD) {
                rc.status = PatchStatus.HELD;
                continue;
            }
            rc.status = rc.plan == Plan.TARGETED ? PatchStatus.PATCHED_WITHOUT_KERNEL : PatchStatus.PATCHED;
            for (Node node : Node.listByCluster(rc.cluster.id)) {
                PatchResult result = new PatchResult();
                result.rolloutId = rollout.id;
                result.stage = stage;
                result.clusterId = rc.cluster.id;
                result.node = node;
                result.outcome = PatchOutcome.BOOTED;
                result.plan = rc.plan;
                result.kernelVersion = rc.plan == Plan.FULL ? rollout.release.targetKernel(node.kernelStream)
                        : node.kernelVersion;
                result.reportedBy = "agent";
                result.reportedAt = at;
                result.persist();
            }
        }
    }
}
