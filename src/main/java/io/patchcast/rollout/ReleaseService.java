package io.patchcast.rollout;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.patchcast.common.ProblemException;
import io.patchcast.security.Viewer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;

/** Patch releases: staff create them; everyone signed in may read them. */
@ApplicationScoped
@Transactional(Transactional.TxType.REQUIRED)
public class ReleaseService {

    @Inject
    Clock clock;

    @Inject
    RolloutService rollouts;

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ReleaseView> list() {
        Map<Long, List<ReleaseView.RolloutRef>> rollouts = Rollout.listNewestFirst().stream()
                .collect(Collectors.groupingBy(r -> r.release.id,
                        Collectors.mapping(r -> new ReleaseView.RolloutRef(r.id, r.status, r.currentStage),
                                Collectors.toList())));
        return PatchRelease.listNewestFirst().stream()
                .map(r -> view(r, rollouts.getOrDefault(r.id, List.of()))).toList();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public ReleaseView get(long id) {
        PatchRelease release = find(id);
        List<ReleaseView.RolloutRef> rollouts = Rollout.<Rollout>list("release.id = ?1 order by id desc", id).stream()
                .map(r -> new ReleaseView.RolloutRef(r.id, r.status, r.currentStage)).toList();
        return view(release, rollouts);
    }

    public ReleaseView create(@Valid CreateReleaseRequest request, Viewer viewer) {
        String name = request.name().strip();
        if (PatchRelease.findByName(name).isPresent()) {
            throw ProblemException.badRequest("name", "a release named '" + name + "' already exists");
        }
        PatchRelease release = new PatchRelease();
        release.name = name;
        release.osVersion = request.osVersion().strip();
        release.stableKernel = request.stableKernel().strip();
        release.backportsKernel = request.backportsKernel() == null || request.backportsKernel().isBlank() ? null
                : request.backportsKernel().strip();
        release.packages = request.packages().stream().map(String::strip).collect(Collectors.joining("\n"));
        release.notes = request.notes() == null || request.notes().isBlank() ? null : request.notes().strip();
        release.createdBy = viewer.username();
        release.createdAt = clock.instant();
        release.persist();
        return view(release, List.of());
    }

    /**
     * Changes a release's target kernels. Its rollouts under way re-plan every cluster not yet patched: a kernel
     * that the engine knows to break a platform turns those clusters targeted or held before their windows.
     */
    public ReleaseView changeKernels(long id, @Valid ChangeKernelsRequest request, Viewer viewer) {
        PatchRelease release = find(id);
        String stable = request.stableKernel().strip();
        String backports = request.backportsKernel() == null || request.backportsKernel().isBlank() ? null
                : request.backportsKernel().strip();
        String before = release.stableKernel + (release.backportsKernel == null ? "" : " / " + release.backportsKernel);
        release.stableKernel = stable;
        release.backportsKernel = backports;
        String after = stable + (backports == null ? "" : " / " + backports);
        for (Rollout r : Rollout.<Rollout>list("release.id = ?1 and status <> ?2", id, RolloutStatus.COMPLETED)) {
            RolloutEvent.record(r.id, r.currentStage, RolloutEvent.Action.REPLAN, "Target kernel " + before + " → "
                    + after + " by " + viewer.username() + ": " + request.reason(), viewer.username(),
                    clock.instant());
        }
        rollouts.replanRelease(id, "The kernel this release installs changed to " + after + ".");
        return get(id);
    }

    static PatchRelease find(long id) {
        PatchRelease release = PatchRelease.findById(id);
        if (release == null) {
            throw ProblemException.notFound("Release " + id);
        }
        return release;
    }

    private static ReleaseView view(PatchRelease r, List<ReleaseView.RolloutRef> rollouts) {
        return new ReleaseView(r.id, r.name, r.osVersion, r.stableKernel, r.backportsKernel, r.packageList(), r.notes,
                r.createdBy, r.createdAt, rollouts);
    }
}
