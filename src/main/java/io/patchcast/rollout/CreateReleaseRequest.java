package io.patchcast.rollout;

import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A new patch release. Kernels are Debian package versions (what {@code dpkg-query} prints for the kernel
 * image), one per OS stream; leave the backports kernel out if the release does not change it.
 */
public record CreateReleaseRequest(
        @NotBlank @Size(max = 120) String name,
        @NotBlank @Size(max = 40) String osVersion,
        @NotBlank @Size(max = 80) @Pattern(regexp = DEBIAN_VERSION, message = "must be a Debian package version such as 5.10.113-1") String stableKernel,
        @Size(max = 80) @Pattern(regexp = DEBIAN_VERSION, message = "must be a Debian package version such as 5.18.16-1~bpo11+1") String backportsKernel,
        @NotEmpty @Size(max = 200) List<@NotBlank @Size(max = 200) String> packages,
        @Size(max = 4000) String notes) {

    /** Loose on purpose: dpkg decides what is comparable; this only keeps out spaces and stray text. */
    static final String DEBIAN_VERSION = "(\\d+:)?\\d[A-Za-z0-9.+~-]*";
}
