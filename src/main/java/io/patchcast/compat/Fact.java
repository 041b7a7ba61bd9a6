package io.patchcast.compat;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The derived facts a rule may test, by the name rules.yaml uses. Each says how to collect it on a node, which is
 * what an UNKNOWN verdict tells the reader to do.
 * <p>
 * Facts about the boot target ({@code boot.*}, {@code package.version}) depend on the evaluation: in current mode
 * they describe the running kernel and the installed packages, in planned mode the kernel that will boot after the
 * maintenance and the versions the upgrade installs. Module lists of a planned kernel count only when the node
 * reported that very kernel (or the planned kernel is the running one); otherwise they are unknown.
 */
public enum Fact {
    PROVIDER("provider", Kind.SCALAR, null, false,
            "Set by the agent from its configuration: aws, gcp, azure or self-hosted."),
    INSTANCE_FAMILY("instance.family", Kind.SCALAR, null, false,
            "curl -s http://169.254.169.254/latest/meta-data/instance-type (on AWS; the family is the part"
                    + " before the dot)"),
    HYPERVISOR_TYPE("hypervisor.type", Kind.SCALAR, null, false,
            "cat /sys/hypervisor/type; where that file is missing: cat /sys/devices/virtual/dmi/id/sys_vendor"
                    + " /sys/devices/virtual/dmi/id/product_name"),
    HYPERVISOR_VERSION("hypervisor.version", Kind.VERSION, VersionScheme.XEN, false,
            "cat /sys/hypervisor/version/major; cat /sys/hypervisor/version/minor;"
                    + " cat /sys/hypervisor/version/extra; where those are missing:"
                    + " cat /sys/devices/virtual/dmi/id/bios_version"),
    KERNEL_PACKAGE_VERSION("kernel.package_version", Kind.VERSION, VersionScheme.DEBIAN, false,
            "dpkg-query -W -f='${Version}' linux-image-$(uname -r) (or the version printed by uname -v)"),
    KERNEL_STREAM("kernel.stream", Kind.SCALAR, null, false,
            "Derived from the kernel package version (backports when it contains ~bpo): collect that."),
    NET_DRIVER("net.driver", Kind.LIST, null, false,
            "for d in /sys/class/net/*/device/driver; do basename \"$(readlink -f \"$d\")\"; done"),
    OS_ID("os.id", Kind.SCALAR, null, false,
            ". /etc/os-release && echo \"$ID\""),
    OS_VERSION("os.version", Kind.SCALAR, null, false,
            ". /etc/os-release && echo \"$VERSION_ID\""),

    // --- version 2 facts: the boot target ---
    BOOT_KERNEL_MODULES("boot.kernel.modules", Kind.LIST, null, false,
            "find /lib/modules/<version>/ -name '*.ko*' plus /lib/modules/<version>/modules.builtin"
                    + " (patchcast-collect.sh sends them; --planned-kernel VERSION for a kernel not booted yet)"),
    BOOT_INITRAMFS_MODULES("boot.initramfs.modules", Kind.LIST, null, false,
            "lsinitramfs /boot/initrd.img-<version> | grep '\\.ko' (lsinitrd on dracut systems);"
                    + " patchcast-collect.sh sends them"),
    BOOT_CMDLINE("boot.cmdline", Kind.LIST, null, false,
            "cat /proc/cmdline (current); GRUB_CMDLINE_LINUX and GRUB_CMDLINE_LINUX_DEFAULT in /etc/default/grub"
                    + " and /etc/default/grub.d/*.cfg (planned)"),
    BOOT_PARAM("boot.param", Kind.NUMBER, null, true,
            "cat /sys/module/<module>/parameters/<name> (current); the module.name=value token of the command"
                    + " line the next boot gets (planned)"),
    PACKAGE_VERSION("package.version", Kind.VERSION, VersionScheme.DEBIAN, true,
            "dpkg-query -W -f='${Version}' <package> (current); apt-cache policy <package>, its Candidate"
                    + " (planned)"),

    // --- version 2 facts: what the node runs now ---
    NET_INTERFACE_NAMES("net.interface_names", Kind.LIST, null, false,
            "ls /sys/class/net"),
    NET_BONDED_DRIVERS("net.bonded_drivers", Kind.LIST, null, false,
            "for i in /sys/class/net/*/master; do basename \"$(readlink \"${i%/master}/device/driver\")\"; done"),
    PCI_IDS("pci.ids", Kind.LIST, null, false,
            "for d in /sys/bus/pci/devices/*; do echo $(cat $d/vendor):$(cat $d/device); done (lspci -nn)"),
    NET_MTU("net.mtu", Kind.NUMBER, null, false,
            "cat /sys/class/net/*/mtu (the largest counts)"),
    NET_DRIVER_VERSION("net.driver_version", Kind.SCALAR, null, true,
            "cat /sys/module/<driver>/version, or ethtool -i <interface>"),
    NET_FIRMWARE("net.firmware", Kind.SCALAR, null, true,
            "ethtool -i <interface> | sed -n 's/^firmware-version: //p'"),
    NET_RENDERER("net.renderer", Kind.SCALAR, null, false,
            "ls /etc/netplan/*.yaml /etc/systemd/network/*.network /etc/network/interfaces;"
                    + " systemctl is-enabled NetworkManager"),
    BOOT_MODE("boot.mode", Kind.SCALAR, null, false,
            "test -d /sys/firmware/efi && echo uefi || echo bios"),
    BOOT_SECURE_BOOT("boot.secure_boot", Kind.SCALAR, null, false,
            "mokutil --sb-state (or the last byte of /sys/firmware/efi/efivars/SecureBoot-8be4df61-*)"),
    GCP_MACHINE_SERIES("gcp.machine_series", Kind.SCALAR, null, false,
            "curl -s -H 'Metadata-Flavor: Google' http://metadata.google.internal/computeMetadata/v1/instance/machine-type"),
    GCP_NIC_TYPE("gcp.nic_type", Kind.SCALAR, null, false,
            "curl -s -H 'Metadata-Flavor: Google' 'http://metadata.google.internal/computeMetadata/v1/instance/"
                    + "network-interfaces/0/nic-type' (or the NIC driver: gve is gVNIC)"),
    GCP_CONFIDENTIAL("gcp.confidential", Kind.SCALAR, null, false,
            "gcloud compute instances describe <vm> --format='value(confidentialInstanceConfig)'"
                    + " (dmesg | grep -i 'Memory Encryption' on the guest)"),
    AZURE_VM_SIZE("azure.vm_size", Kind.SCALAR, null, false,
            "curl -s -H Metadata:true 'http://169.254.169.254/metadata/instance/compute/vmSize"
                    + "?api-version=2021-02-01&format=text'"),
    AZURE_VM_SERIES("azure.vm_series", Kind.SCALAR, null, false,
            "Derived from azure.vm_size (Standard_D4s_v5 is dsv5): collect that."),
    AZURE_ACCELERATED_NETWORKING("azure.accelerated_networking", Kind.SCALAR, null, false,
            "the NIC drivers: a mlx4, mlx5 or mana VF beside hv_netvsc means accelerated networking is on"),
    AZURE_MANA("azure.mana", Kind.SCALAR, null, false,
            "lspci -nn | grep -i '1414:00ba' (the MANA device)");

    /** What a fact's values are, which decides the operators it takes. */
    enum Kind {
        /** One value: equals, in. */
        SCALAR,
        /** A version of the fact's scheme: range, evidence. */
        VERSION,
        /** Several values: in (any of them), contains, lacks. */
        LIST,
        /** A whole number: number (lt, le, gt, ge, eq). */
        NUMBER
    }

    private final String key;
    private final Kind kind;
    private final VersionScheme scheme;
    private final boolean takesName;
    private final String howToCollect;

    Fact(String key, Kind kind, VersionScheme scheme, boolean takesName, String howToCollect) {
        this.key = key;
        this.kind = kind;
        this.scheme = scheme;
        this.takesName = takesName;
        this.howToCollect = howToCollect;
    }

    /** The name in rules.yaml and in explanations, e.g. {@code hypervisor.version}. */
    public String key() {
        return key;
    }

    /** How to read this fact on a node. */
    public String howToCollect() {
        return howToCollect;
    }

    /** The version scheme of a version fact, null for facts compared as plain values. */
    public VersionScheme scheme() {
        return scheme;
    }

    Kind kind() {
        return kind;
    }

    /** Whether a predicate must say which one with {@code of} (the parameter, the package, the driver). */
    boolean takesName() {
        return takesName;
    }

    /**
     * Whether an empty list means the agent could not read it: every node has a NIC and PCI devices. An empty
     * list of bonded drivers or of tracked modules is an answer.
     */
    boolean emptyMeansUnread() {
        return this == NET_DRIVER || this == NET_INTERFACE_NAMES || this == PCI_IDS;
    }

    /** Whether the node may report several values at once (one per NIC, per module). */
    public boolean isList() {
        return kind == Kind.LIST;
    }

    public static Fact fromKey(String key) {
        for (Fact fact : values()) {
            if (fact.key.equals(key)) {
                return fact;
            }
        }
        return null;
    }

    static String knownKeys() {
        StringBuilder out = new StringBuilder();
        for (Fact fact : values()) {
            if (out.length() > 0) {
                out.append(", ");
            }
            out.append(fact.key);
        }
        return out.toString();
    }

    /**
     * The single value of a scalar, version or number fact for this evaluation, or null when unknown. The kernel
     * and its stream come from the evaluation (running or planned), not from the stored facts.
     *
     * @param of the parameter, package or driver for facts that take one, else null
     */
    String scalar(DerivedFacts facts, String kernel, String stream, boolean planned, String of) {
        PlatformFacts p = facts.platform();
        String value = switch (this) {
            case PROVIDER -> facts.provider();
            case INSTANCE_FAMILY -> facts.instanceFamily();
            case HYPERVISOR_TYPE -> facts.hypervisorType();
            case HYPERVISOR_VERSION -> facts.hypervisorVersion();
            case KERNEL_PACKAGE_VERSION -> kernel;
            case KERNEL_STREAM -> stream;
            case OS_ID -> facts.osId();
            case OS_VERSION -> facts.osVersion();
            case BOOT_PARAM -> p == null ? null : param(p, planned, of);
            case PACKAGE_VERSION -> p == null ? null : get(planned ? p.plannedPackages() : p.packages(), of);
            case NET_MTU -> p == null ? null : p.mtuMax();
            case NET_DRIVER_VERSION -> p == null ? null : get(p.driverVersions(), of);
            case NET_FIRMWARE -> p == null ? null : get(p.firmware(), of);
            case NET_RENDERER -> p == null ? null : p.renderer();
            case BOOT_MODE -> p == null ? null : p.bootMode();
            case BOOT_SECURE_BOOT -> p == null ? null : p.secureBoot();
            case GCP_MACHINE_SERIES -> p != null && p.gcpMachineSeries() != null ? p.gcpMachineSeries()
                    : "gcp".equals(facts.provider()) ? facts.instanceFamily() : null;
            case GCP_NIC_TYPE -> p != null && p.gcpNicType() != null ? p.gcpNicType()
                    : "gcp".equals(facts.provider()) ? nicTypeOf(facts.netDrivers()) : null;
            case GCP_CONFIDENTIAL -> p == null ? null : p.gcpConfidential();
            case AZURE_VM_SIZE -> p == null ? null : p.azureVmSize();
            case AZURE_VM_SERIES -> p == null ? null : p.azureVmSeries();
            case AZURE_ACCELERATED_NETWORKING -> p != null && p.azureAcceleratedNetworking() != null
                    ? p.azureAcceleratedNetworking()
                    : "azure".equals(facts.provider()) ? acceleratedOf(facts.netDrivers()) : null;
            case AZURE_MANA -> p != null && p.azureMana() != null ? p.azureMana()
                    : "azure".equals(facts.provider()) ? manaOf(facts.netDrivers()) : null;
            case NET_DRIVER, BOOT_KERNEL_MODULES, BOOT_INITRAMFS_MODULES, BOOT_CMDLINE, NET_INTERFACE_NAMES,
                    NET_BONDED_DRIVERS, PCI_IDS -> null;
        };
        // "unknown" is how the deriver says it looked and could not tell: as unknown as an absent value
        return value == null || value.isEmpty() || DerivedFacts.UNKNOWN_TYPE.equals(value) ? null : value;
    }

    /**
     * The values of a list fact for this evaluation, null when unknown. See {@link #complete} for whether a value
     * that is not among them is known to be absent.
     */
    Collection<String> members(DerivedFacts facts, String kernel, boolean planned) {
        PlatformFacts p = facts.platform();
        return switch (this) {
            case NET_DRIVER -> facts.netDrivers();
            case BOOT_KERNEL_MODULES -> {
                Collection<String> modules = p == null ? null : bootModules(facts, p, kernel, planned, true);
                // a loaded driver is a module the running kernel has, even when the module list was not sent
                yield modules == null && bootsRunningKernel(facts, kernel, planned) ? facts.netDrivers() : modules;
            }
            case BOOT_INITRAMFS_MODULES -> p == null ? null : bootModules(facts, p, kernel, planned, false);
            case BOOT_CMDLINE -> p == null ? null : planned ? p.plannedCmdline() : p.cmdline();
            case NET_INTERFACE_NAMES -> p == null ? null : p.interfaceNames();
            case NET_BONDED_DRIVERS -> p == null ? null : p.bondedDrivers();
            case PCI_IDS -> p == null ? null : p.pciIds();
            default -> null;
        };
    }

    /**
     * Whether {@link #members} is the whole list, so that a value not in it is known to be absent. Only the
     * running kernel's modules can be partly known: its loaded NIC drivers, without its module list.
     */
    boolean complete(DerivedFacts facts, String kernel, boolean planned) {
        if (this != BOOT_KERNEL_MODULES) {
            return true;
        }
        PlatformFacts p = facts.platform();
        return p != null && bootModules(facts, p, kernel, planned, true) != null;
    }

    /** gVNIC when the gve driver runs, VirtIO when virtio_net does: the NIC type is the driver's device. */
    static String nicTypeOf(List<String> drivers) {
        if (drivers == null) {
            return null;
        }
        return drivers.contains("gve") ? "gvnic" : drivers.contains("virtio_net") ? "virtio_net" : null;
    }

    /** Accelerated networking is on when a VF driver runs beside the synthetic hv_netvsc NIC. */
    static String acceleratedOf(List<String> drivers) {
        if (drivers == null || drivers.isEmpty()) {
            return null;
        }
        for (String driver : drivers) {
            if (isAzureVf(driver)) {
                return "true";
            }
        }
        return "false";
    }

    /**
     * A host offers either a Mellanox or a MANA VF: a running mlx VF means the node is not on MANA hardware, a
     * running mana VF that it is; without a VF nothing can be told (MANA without a driver shows no interface).
     */
    static String manaOf(List<String> drivers) {
        if (drivers == null) {
            return null;
        }
        if (drivers.contains("mana")) {
            return "true";
        }
        for (String driver : drivers) {
            if (isAzureVf(driver)) {
                return "false";
            }
        }
        return null;
    }

    private static boolean isAzureVf(String driver) {
        return driver.equals("mana") || driver.equals("mlx4_en") || driver.equals("mlx4_core")
                || driver.equals("mlx5_core");
    }

    private static boolean bootsRunningKernel(DerivedFacts facts, String kernel, boolean planned) {
        return !planned || (kernel != null && kernel.equals(facts.kernelPackageVersion()));
    }

    private static Collection<String> bootModules(DerivedFacts facts, PlatformFacts p, String kernel,
            boolean planned, boolean kernelModules) {
        boolean running = bootsRunningKernel(facts, kernel, planned);
        if (planned && kernel != null && kernel.equals(p.plannedKernel())) {
            return kernelModules ? p.plannedKernelModules() : p.plannedInitramfsModules();
        }
        if (running) {
            return kernelModules ? p.kernelModules() : p.initramfsModules();
        }
        // the node described another kernel than the one asked about: its lists say nothing about this one
        return null;
    }

    /**
     * A module parameter: in current mode as sysfs has it, else as the running command line sets it; in planned
     * mode as the command line of the next boot sets it. Null when not known or not set (see Condition.Number for
     * a rule's default).
     */
    private static String param(PlatformFacts p, boolean planned, String of) {
        if (planned) {
            return PlatformFacts.cmdlineParam(p.plannedCmdline(), of);
        }
        String value = get(p.moduleParams(), of);
        return value != null ? value : PlatformFacts.cmdlineParam(p.cmdline(), of);
    }

    /** Whether the source a parameter is read from was reported, so an unset parameter has its default. */
    static boolean paramSourceKnown(DerivedFacts facts, boolean planned) {
        PlatformFacts p = facts.platform();
        if (p == null) {
            return false;
        }
        return planned ? p.plannedCmdline() != null : p.cmdline() != null && p.moduleParams() != null;
    }

    private static String get(Map<String, String> map, String key) {
        return map == null || key == null ? null : map.get(key);
    }
}
