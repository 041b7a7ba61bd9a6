package io.patchcast.compat;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;

/**
 * Node facts exactly as an agent posts them (see "Node facts" in DESIGN.md and docs/agent/README.md). Values are
 * kept as read, so sysfs and DMI values usually end with a newline; {@link DerivedFacts#from(RawFacts)} cleans them
 * up. Every field may be null: absent means unknown.
 * <p>
 * Version 1 documents stop at {@code netDrivers}. Version 2 ({@code factsVersion: 2}) adds what the node runs
 * beyond the kernel (command line, module parameters, interfaces, network renderer, boot chain, packages, cloud
 * metadata) and, under {@code planned}, what it will boot into.
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
        String collectedAt,
        Integer factsVersion,
        String cmdline,
        Map<String, String> moduleParameters,
        List<String> kernelModules,
        List<String> builtinModules,
        List<String> initramfsModules,
        List<NetInterface> interfaces,
        List<String> pciDevices,
        String networkRenderer,
        Boot boot,
        Map<String, String> packages,
        Cloud cloud,
        Planned planned) {

    /** A version 1 document: the fields DESIGN.md lists. */
    public RawFacts(String clusterId, String instanceId, String provider, String region, String instanceType,
            Map<String, String> sysfs, Map<String, String> dmi, Map<String, String> uname,
            Map<String, String> osRelease, KernelPackage kernelPackage, List<String> netDrivers, String collectedAt) {
        this(clusterId, instanceId, provider, region, instanceType, sysfs, dmi, uname, osRelease, kernelPackage,
                netDrivers, collectedAt, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** The installed package of the running kernel, e.g. {@code linux-image-5.10.0-14-amd64 5.10.113-1}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record KernelPackage(String name, String version) {
    }

    /**
     * One network interface as sysfs and {@code ethtool -i} describe it.
     *
     * @param name            {@code eth0}, {@code ens5}, {@code enX0}
     * @param driver          the driver link's name, {@code ena}
     * @param driverVersion   {@code /sys/module/<driver>/version}, empty for in-tree drivers without one
     * @param firmwareVersion as {@code ethtool -i} prints it, where ethtool is installed
     * @param pciId           {@code vendor:device} in hex, {@code 1d0f:ec20}
     * @param mtu             {@code /sys/class/net/<name>/mtu}
     * @param master          the interface this one is enslaved to (bond, or the synthetic NIC of an Azure VF)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record NetInterface(String name, String driver, String driverVersion, String firmwareVersion,
            String pciId, String mtu, String master) {
    }

    /**
     * @param mode       {@code uefi} when {@code /sys/firmware/efi} exists, else {@code bios}
     * @param secureBoot {@code enabled} or {@code disabled}, from the SecureBoot EFI variable (UEFI only)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Boot(String mode, String secureBoot) {
    }

    /** What the provider's instance metadata service says; only the provider's own member is present. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Cloud(Aws aws, Gcp gcp, Azure azure) {
    }

    /** From IMDSv2: {@code meta-data/instance-id}, {@code instance-type}, {@code placement/availability-zone}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Aws(String instanceId, String instanceType, String availabilityZone) {
    }

    /**
     * From the GCE metadata server: {@code instance/id}, {@code machine-type} (a path ending in the type),
     * {@code zone}, the {@code nicType}s of {@code network-interfaces/*}, and whether the VM is a Confidential VM.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Gcp(String instanceId, String machineType, String zone, List<String> nicTypes,
            String confidential) {
    }

    /** From Azure IMDS {@code compute}: {@code vmId}, {@code vmSize}, {@code location}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Azure(String vmId, String vmSize, String location) {
    }

    /**
     * The boot target: a kernel installed but not booted yet (the newest, or the one given with
     * {@code --planned-kernel}), the command line it will boot with, and the versions the next upgrade installs.
     *
     * @param kernelPackage    the planned kernel's package
     * @param kernelModules    module names under {@code /lib/modules/<version>/}
     * @param builtinModules   {@code /lib/modules/<version>/modules.builtin}
     * @param initramfsModules modules in {@code /boot/initrd.img-<version>}
     * @param cmdline          {@code GRUB_CMDLINE_LINUX} and {@code GRUB_CMDLINE_LINUX_DEFAULT} as grub will render them
     * @param packages         candidate versions ({@code apt-cache policy}) of systemd, grub, shim, the network stack
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Planned(KernelPackage kernelPackage, List<String> kernelModules, List<String> builtinModules,
            List<String> initramfsModules, String cmdline, Map<String, String> packages) {
    }
}
