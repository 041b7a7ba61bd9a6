package io.patchcast.compat;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;

/**
 * Node facts exactly as an agent posts them (see "Node facts" in DESIGN.md). Values are kept as read, so
 * sysfs and DMI values usually end with a newline; {@link DerivedFacts#from(RawFacts)} cleans them up.
 * Every field may be null: absent means unknown.
 */
@JsonIgnoreProperties(ignoreUnknown = true) // newer agents may send more than this server knows
public record RawFacts(
        String clusterId,
        String instanceId,
        String provider,
        String region,
        String instanceType,
        Map<String, String> sysfs,
        Map<String, String> dmi,
        Map<String, String> uname,
        Map<String, String> osRelease,
        KernelPackage kernelPackage,
        List<String> netDrivers,
        String collectedAt) {

    /** The installed package of the running kernel, e.g. {@code linux-image-5.10.0-14-amd64 5.10.113-1}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record KernelPackage(String name, String version) {
    }
}
