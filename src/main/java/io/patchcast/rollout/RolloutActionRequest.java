package io.patchcast.rollout;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Start, advance, halt or resume a rollout: every staff action says why. */
public record RolloutActionRequest(@NotBlank @Size(max = 500) String reason) {
}
