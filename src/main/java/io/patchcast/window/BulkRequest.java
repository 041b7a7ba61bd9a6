package io.patchcast.window;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.patchcast.fleet.Provider;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * One staff action on many windows: the listed ids, or every window the filter selects.
 *
 * @param shift    for SHIFT: how far to move each window, ISO-8601 (e.g. "P14D")
 * @param override for SHIFT: skip the scheduling rules (the reason is recorded)
 * @param exposure only windows of clusters with this exposure verdict (AFFECTED, UNKNOWN, NOT_AFFECTED)
 * @param kernel   the kernel package version the exposure is judged for (the release's target kernel, planned
 *                 mode); blank: the running kernel
 * @param allMatching act on every window the filter selects; needed (with at least one filter) when no
 *                 {@code windowIds} are given, so an empty or missing list never means "the whole fleet"
 */
public record BulkRequest(@NotNull Action action, @NotBlank @Size(max = 1000) String reason, List<Long> windowIds,
        Provider provider, String region, Long customerId, String instanceFamily, WindowStatus status, Instant from,
        Instant to, Duration shift, Boolean override, io.patchcast.compat.Verdict exposure, String kernel, Boolean allMatching) {

    public enum Action {
        SHIFT, DELAY, HOLD, RELEASE, CANCEL
    }

    /** True when something narrows the selection below "every window" (a time range alone does not). */
    boolean hasFilter() {
        return provider != null || region != null && !region.isBlank() || customerId != null
                || instanceFamily != null && !instanceFamily.isBlank() || status != null || exposure != null;
    }

    WindowFilter filter() {
        return new WindowFilter(provider, region, customerId, null, status, from, to, instanceFamily);
    }
}
