package io.patchcast.incident;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A new timeline entry: the status the incident moves to and what changed, in Markdown. */
public record AddUpdateRequest(
        @NotBlank @Pattern(regexp = "(?i)investigating|identified|monitoring|resolved",
                message = "must be one of investigating, identified, monitoring, resolved") String status,
        @NotBlank @Size(max = 20000) String body) {
}
