package io.patchcast.exposure;

import io.patchcast.compat.RawFacts;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * A what-if evaluation: node facts as an agent posts them, and optionally the kernel package version that
 * will boot after maintenance (planned mode); without it the running kernel is evaluated (current mode).
 */
public record EvaluateRequest(@NotNull(message = "node facts are required") RawFacts facts,
        @Size(max = 100, message = "must be at most 100 characters") String plannedKernel) {
}
