package io.patchcast.window;

import java.time.Instant;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * Move a window to a new start.
 *
 * @param version       the window version the caller saw; a different current version is a 409
 * @param override      staff only: skip the deadline, freeze, exclusion, capacity and customer limits
 * @param emergency     staff only: allow a start inside the minimum notice
 * @param justification required with {@code emergency}
 */
public record RescheduleRequest(@NotNull Instant start, @NotBlank @Size(max = 1000) String reason,
        @NotNull Long version, Boolean override, Boolean emergency, @Size(max = 1000) String justification) {

    boolean overriding() {
        return Boolean.TRUE.equals(override);
    }

    boolean emergencyAsked() {
        return Boolean.TRUE.equals(emergency);
    }
}
