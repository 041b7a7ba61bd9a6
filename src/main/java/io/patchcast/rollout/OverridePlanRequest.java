package io.patchcast.rollout;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Staff replace the plan the engine gave a cluster, with the reason. */
public record OverridePlanRequest(
        @NotBlank @Pattern(regexp = "(?i)full|targeted|hold", message = "must be one of full, targeted, hold") String plan,
        @NotBlank @Size(max = 500) String reason) {
}
