package io.patchcast.rollout;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * Start, advance, halt or resume a rollout: every staff action says why.
 *
 * @param reason       for staff and the audit trail; never shown to customers
 * @param customerText what the customers whose windows a halt delays or a resume brings back are told; required on
 *                     halt and resume, written for them (no internal details, no fleet-wide numbers)
 */
public record RolloutActionRequest(@NotBlank @Size(max = 500) String reason, @Size(max = 1000) String customerText) {
    // no one-argument constructor: Jackson would take it as a creator from a bare JSON string ("text" as the reason)
}
