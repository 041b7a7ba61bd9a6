package io.patchcast.incident;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Changes some fields of an incident (PATCH); null leaves a field as it is. */
public record IncidentPatch(
        @Size(min = 1, max = 200) String title,
        @Pattern(regexp = "(?i)critical|major|minor|info", message = "must be one of critical, major, minor, info")
        String severity,
        @Size(min = 1, max = 1000) String summary,
        @Size(max = 50000) String body,
        IncidentScope scope) {
}
