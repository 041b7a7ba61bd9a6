package io.patchcast.incident;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Creates an incident (POST) or replaces its text and scope (PUT). Title and summary are plain text; the
 * body is Markdown. {@code slug} is only read on create and derived from the title when absent;
 * {@code status} only on create (later changes go through timeline updates).
 */
public record IncidentRequest(
        @Pattern(regexp = "[a-z0-9]+(-[a-z0-9]+)*", message = "lower-case letters, digits and single dashes")
        @Size(min = 3, max = 80) String slug,
        @NotBlank @Size(max = 200) String title,
        @NotBlank @Pattern(regexp = "(?i)critical|major|minor|info", message = "must be one of critical, major, minor, info")
        String severity,
        @Pattern(regexp = "(?i)investigating|identified|monitoring|resolved",
                message = "must be one of investigating, identified, monitoring, resolved") String status,
        @NotBlank @Size(max = 1000) String summary,
        @NotNull @Size(max = 50000) String body,
        IncidentScope scope) {
}
