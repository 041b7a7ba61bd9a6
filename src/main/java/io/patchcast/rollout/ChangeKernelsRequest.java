package io.patchcast.rollout;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** New target kernels for a release (Debian package versions per OS stream), with the reason. */
public record ChangeKernelsRequest(
        @NotBlank @Size(max = 80) @Pattern(regexp = CreateReleaseRequest.DEBIAN_VERSION, message = "must be a Debian package version such as 5.10.113-1") String stableKernel,
        @Size(max = 80) @Pattern(regexp = CreateReleaseRequest.DEBIAN_VERSION, message = "must be a Debian package version such as 5.18.16-1~bpo11+1") String backportsKernel,
        @NotBlank @Size(max = 500) String reason) {
}
