package io.patchcast.rollout;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * What a node reports after its maintenance.
 *
 * @param outcome       BOOTED (came up after the patch) or FAILED (did not boot or has no network)
 * @param kernelVersion Debian package version of the kernel it booted, when it booted
 * @param early         staff only: record the result although the node's window has not started
 * @param earlyReason   why, required with {@code early}
 */
public record PatchResultRequest(
        @NotBlank @Pattern(regexp = "(?i)booted|failed", message = "must be BOOTED or FAILED") String outcome,
        @Size(max = 80) String kernelVersion,
        @Size(max = 500) String detail,
        Boolean early,
        @Size(max = 500) String earlyReason) {

    public PatchResultRequest(String outcome, String kernelVersion, String detail) {
        this(outcome, kernelVersion, detail, null, null);
    }

    boolean earlyAsked() {
        return Boolean.TRUE.equals(early);
    }
}
