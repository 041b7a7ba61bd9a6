package io.patchcast.compat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The derived facts of a version 2 document: what the node runs beyond the kernel version, and what it will boot
 * into ({@code planned*}). A null component means unknown; the whole record is null on {@link DerivedFacts} for a
 * version 1 document. Normalised on construction, so equal facts are equal records and serialise to the same
 * column text (sets sorted, names lower-case, module names with {@code _} for {@code -}).
 * <p>
 * Module lists keep only the {@link #TRACKED_MODULES}: a kernel ships thousands of modules and a fleet scan must
 * not carry them, while rules only ever ask about the drivers a platform needs to boot and network. The loader
 * refuses a rule that names an untracked module, so "not in the set" always means "not in the kernel".
 *
 * @param moduleParams               {@code nvme_core.io_timeout} to {@code 30}, from {@code /sys/module/<m>/parameters}
 * @param cmdline                    tokens of {@code /proc/cmdline}
 * @param kernelModules              tracked modules the running kernel ships (built-in included)
 * @param initramfsModules           tracked modules the running kernel's initramfs holds (built-in included)
 * @param interfaceNames             network interface names, {@code lo} left out
 * @param bondedDrivers              drivers of the interfaces that have a master (a bond, or Azure's synthetic NIC)
 * @param pciIds                     {@code vendor:device} of every PCI device and NIC reported
 * @param mtuMax                     the largest MTU of the interfaces
 * @param driverVersions             NIC driver to its version ({@code ena} to {@code 2.8.1g})
 * @param firmware                   NIC driver to its firmware version
 * @param renderer                   ifupdown, netplan, networkd or networkmanager
 * @param bootMode                   uefi or bios
 * @param secureBoot                 enabled or disabled
 * @param packages                   installed versions of the tracked packages
 * @param gcpMachineSeries           {@code n2}, {@code c3}: the machine type's series
 * @param gcpNicType                 gvnic or virtio_net
 * @param gcpConfidential            true or false
 * @param azureVmSize                {@code standard_d4s_v5}
 * @param azureVmSeries              {@code dsv5}: the size without {@code Standard_}, its vCPU count and the underscore
 * @param azureAcceleratedNetworking true when a VF (mlx4, mlx5 or MANA) is present
 * @param azureMana                  true when the MANA device (PCI 1414:00ba) or its driver is present
 * @param plannedKernel              package version of the planned kernel the next two describe
 * @param plannedKernelModules       tracked modules of the planned kernel (built-in included)
 * @param plannedInitramfsModules    tracked modules of the planned kernel's initramfs (built-in included)
 * @param plannedCmdline             tokens of the command line the next boot gets
 * @param plannedPackages            candidate versions of the tracked packages
 */
public record PlatformFacts(
        Map<String, String> moduleParams,
        List<String> cmdline,
        Set<String> kernelModules,
        Set<String> initramfsModules,
        List<String> interfaceNames,
        List<String> bondedDrivers,
        Set<String> pciIds,
        String mtuMax,
        Map<String, String> driverVersions,
        Map<String, String> firmware,
        String renderer,
        String bootMode,
        String secureBoot,
        Map<String, String> packages,
        String gcpMachineSeries,
        String gcpNicType,
        String gcpConfidential,
        String azureVmSize,
        String azureVmSeries,
        String azureAcceleratedNetworking,
        String azureMana,
        String plannedKernel,
        Set<String> plannedKernelModules,
        Set<String> plannedInitramfsModules,
        List<String> plannedCmdline,
        Map<String, String> plannedPackages) {

    /** The modules rules may ask about: what the platforms we run need to find their disks and networks. */
    public static final Set<String> TRACKED_MODULES = Collections.unmodifiableSortedSet(new TreeSet<>(List.of(
            "nvme", "nvme_core", "ena", "xen_blkfront", "xen_netfront", "gve", "virtio_net", "virtio_blk",
            "virtio_scsi", "virtio_pci", "hv_vmbus", "hv_storvsc", "hv_netvsc", "hv_utils", "mana", "mlx4_en",
            "mlx4_core", "mlx5_core", "ixgbevf", "ixgbe", "ice", "i40e", "iavf", "igb", "bnxt_en", "tg3", "bonding",
            "ahci", "sd_mod", "megaraid_sas", "mpt3sas", "dm_mod", "md_mod", "raid1", "ext4", "xfs", "btrfs")));

    /** Packages whose installed and candidate versions the collector reports. */
    public static final List<String> TRACKED_PACKAGES = List.of("systemd", "udev", "grub-pc", "grub-efi-amd64",
            "grub-efi-amd64-signed", "grub-efi-arm64", "shim-signed", "netplan.io", "network-manager", "ifupdown",
            "cloud-init", "initramfs-tools", "dracut", "open-vm-tools");

    static final String MANA_PCI_ID = "1414:00ba";

    public PlatformFacts {
        moduleParams = paramKeys(moduleParams);
        cmdline = tokens(cmdline);
        kernelModules = modules(kernelModules);
        initramfsModules = modules(initramfsModules);
        interfaceNames = interfaceNames == null ? null : List.copyOf(interfaceNames);
        bondedDrivers = bondedDrivers == null ? null : List.copyOf(bondedDrivers);
        pciIds = pciIds == null ? null : sorted(pciIds);
        driverVersions = sortedMap(driverVersions);
        firmware = sortedMap(firmware);
        packages = sortedMap(packages);
        plannedKernelModules = modules(plannedKernelModules);
        plannedInitramfsModules = modules(plannedInitramfsModules);
        plannedCmdline = tokens(plannedCmdline);
        plannedPackages = sortedMap(plannedPackages);
    }

    /** The platform facts of a document, null when it has none of them (a version 1 document). */
    static PlatformFacts from(RawFacts raw, String provider, String instanceType, List<String> netDrivers) {
        RawFacts.Planned planned = raw.planned();
        boolean any = raw.cmdline() != null || raw.moduleParameters() != null || raw.kernelModules() != null
                || raw.initramfsModules() != null || raw.interfaces() != null || raw.pciDevices() != null
                || raw.networkRenderer() != null || raw.boot() != null || raw.packages() != null
                || raw.cloud() != null || planned != null;
        if (!any) {
            return null;
        }
        Map<String, String> params = null;
        if (raw.moduleParameters() != null) {
            params = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : raw.moduleParameters().entrySet()) {
                String value = clean(e.getValue());
                if (e.getKey() != null && value != null) {
                    params.put(e.getKey(), value);
                }
            }
        }
        List<String> names = null;
        List<String> bonded = null;
        Set<String> pci = null;
        String mtu = null;
        Map<String, String> versions = null;
        Map<String, String> firmware = null;
        List<String> drivers = new ArrayList<>();
        if (netDrivers != null) {
            drivers.addAll(netDrivers);
        }
        if (raw.interfaces() != null) {
            names = new ArrayList<>();
            bonded = new ArrayList<>();
            pci = new TreeSet<>();
            versions = new TreeMap<>();
            firmware = new TreeMap<>();
            long max = -1;
            for (RawFacts.NetInterface nic : raw.interfaces()) {
                if (nic == null) {
                    continue;
                }
                String name = clean(nic.name());
                if ("lo".equals(name)) {
                    continue; // loopback's MTU (65536) says nothing about the network
                }
                if (name != null && !names.contains(name)) {
                    names.add(name);
                }
                String driver = lower(nic.driver());
                if (driver != null) {
                    drivers.add(driver);
                    putIfPresent(versions, driver, clean(nic.driverVersion()));
                    putIfPresent(firmware, driver, clean(nic.firmwareVersion()));
                    if (clean(nic.master()) != null && !bonded.contains(driver)) {
                        bonded.add(driver);
                    }
                }
                String id = pciId(nic.pciId());
                if (id != null) {
                    pci.add(id);
                }
                long value = Numbers.parse(clean(nic.mtu()));
                if (value != Numbers.INVALID && value > max) {
                    max = value;
                }
            }
            mtu = max < 0 ? null : Long.toString(max);
        }
        if (raw.pciDevices() != null) {
            if (pci == null) {
                pci = new TreeSet<>();
            }
            for (String device : raw.pciDevices()) {
                String id = pciId(device);
                if (id != null) {
                    pci.add(id);
                }
            }
        }

        String gcpSeries = null;
        String gcpNic = null;
        String gcpConfidential = null;
        String azureSize = null;
        String azureAn = null;
        String azureMana = null;
        RawFacts.Cloud cloud = raw.cloud();
        if ("gcp".equals(provider)) {
            RawFacts.Gcp gcp = cloud == null ? null : cloud.gcp();
            String machineType = gcp == null ? null : clean(gcp.machineType());
            if (machineType == null) {
                machineType = instanceType;
            }
            if (machineType != null) {
                String type = machineType.substring(machineType.lastIndexOf('/') + 1);
                int dash = type.indexOf('-');
                gcpSeries = lower(dash > 0 ? type.substring(0, dash) : type);
            }
            if (gcp != null && gcp.nicTypes() != null && !gcp.nicTypes().isEmpty()) {
                gcpNic = gcp.nicTypes().stream().anyMatch(t -> "gvnic".equalsIgnoreCase(clean(t))) ? "gvnic"
                        : gcp.nicTypes().stream().allMatch(t -> "virtio_net".equalsIgnoreCase(clean(t)))
                        ? "virtio_net" : null;
            }
            if (gcpNic == null && !drivers.isEmpty()) {
                gcpNic = drivers.contains("gve") ? "gvnic" : drivers.contains("virtio_net") ? "virtio_net" : null;
            }
            gcpConfidential = gcp == null ? null : bool(gcp.confidential());
        }
        if ("azure".equals(provider)) {
            RawFacts.Azure azure = cloud == null ? null : cloud.azure();
            azureSize = lower(azure == null || clean(azure.vmSize()) == null ? instanceType : azure.vmSize());
            azureAn = Fact.acceleratedOf(drivers);
            if (drivers.contains("mana") || pci != null && pci.contains(MANA_PCI_ID)) {
                azureMana = "true";
            } else if (raw.pciDevices() != null || "false".equals(Fact.manaOf(drivers))) {
                // no MANA device on the bus, or a Mellanox VF: the host is not Azure Boost hardware
                azureMana = "false";
            }
        }

        Set<String> builtin = moduleSet(raw.builtinModules());
        Set<String> kernelModules = raw.kernelModules() == null ? null : union(moduleSet(raw.kernelModules()), builtin);
        Set<String> initramfs = raw.initramfsModules() == null ? null
                : union(moduleSet(raw.initramfsModules()), builtin);
        String plannedKernel = null;
        Set<String> plannedModules = null;
        Set<String> plannedInitramfs = null;
        List<String> plannedCmdline = null;
        Map<String, String> plannedPackages = null;
        if (planned != null) {
            plannedKernel = planned.kernelPackage() == null ? null : clean(planned.kernelPackage().version());
            Set<String> plannedBuiltin = moduleSet(planned.builtinModules());
            plannedModules = planned.kernelModules() == null ? null
                    : union(moduleSet(planned.kernelModules()), plannedBuiltin);
            plannedInitramfs = planned.initramfsModules() == null ? null
                    : union(moduleSet(planned.initramfsModules()), plannedBuiltin);
            plannedCmdline = split(planned.cmdline());
            plannedPackages = cleanMap(planned.packages());
        }
        RawFacts.Boot boot = raw.boot();
        return new PlatformFacts(params, split(raw.cmdline()), kernelModules, initramfs, names, bonded, pci, mtu,
                versions,
                firmware, renderer(raw.networkRenderer()), boot == null ? null : bootMode(boot.mode()),
                boot == null ? null : secureBoot(boot.secureBoot()), cleanMap(raw.packages()), gcpSeries, gcpNic,
                gcpConfidential, azureSize, azureVmSeries(azureSize), azureAn, azureMana, plannedKernel,
                plannedModules, plannedInitramfs, plannedCmdline, plannedPackages);
    }

    /**
     * The series of an Azure size: {@code standard_d4s_v5} is {@code dsv5}, {@code standard_l8s_v2} is
     * {@code lsv2}, {@code standard_f4} is {@code f}. Null when the size does not look like one.
     */
    static String azureVmSeries(String size) {
        if (size == null) {
            return null;
        }
        String rest = size.toLowerCase(Locale.ROOT);
        if (rest.startsWith("standard_")) {
            rest = rest.substring("standard_".length());
        } else if (rest.startsWith("basic_")) {
            rest = rest.substring("basic_".length());
        }
        String[] parts = rest.split("_");
        StringBuilder series = new StringBuilder();
        boolean skipping = false;
        for (char c : parts[0].toCharArray()) {
            if (c == '-') {
                skipping = true; // constrained vCPU sizes: m128-64ms is the m…ms series
            } else if (Character.isDigit(c)) {
                continue;
            } else {
                skipping = false;
            }
            if (!skipping && c != '-') {
                series.append(c);
            }
        }
        for (int i = 1; i < parts.length; i++) {
            if (parts[i].matches("v[0-9]+")) {
                series.append(parts[i]);
            }
        }
        return series.length() == 0 ? null : series.toString();
    }

    /** Normalises a module name as the kernel does: file name without {@code .ko*}, {@code -} as {@code _}. */
    public static String moduleName(String raw) {
        String name = clean(raw);
        if (name == null) {
            return null;
        }
        name = name.substring(name.lastIndexOf('/') + 1);
        int ko = name.indexOf(".ko");
        if (ko > 0) {
            name = name.substring(0, ko);
        }
        return name.replace('-', '_').toLowerCase(Locale.ROOT);
    }

    /** The value a {@code module.param=value} token sets on the command line, null when it is not set. */
    static String cmdlineParam(List<String> tokens, String key) {
        if (tokens == null) {
            return null;
        }
        int length = key.length();
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            if (token.length() > length && token.charAt(length) == '=' && token.startsWith(key)) {
                return token.substring(length + 1);
            }
        }
        return null;
    }

    private static Set<String> moduleSet(Collection<String> names) {
        if (names == null) {
            return null;
        }
        Set<String> out = new TreeSet<>();
        for (String raw : names) {
            String name = moduleName(raw);
            if (name != null && TRACKED_MODULES.contains(name)) {
                out.add(name);
            }
        }
        return out;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        if (b != null) {
            a.addAll(b);
        }
        return a;
    }

    private static Set<String> modules(Set<String> names) {
        if (names == null) {
            return null;
        }
        SortedSet<String> out = new TreeSet<>();
        for (String name : names) {
            String normal = moduleName(name);
            if (normal != null && TRACKED_MODULES.contains(normal)) {
                out.add(normal);
            }
        }
        return Collections.unmodifiableSortedSet(out);
    }

    private static Set<String> sorted(Set<String> values) {
        SortedSet<String> out = new TreeSet<>();
        for (String value : values) {
            String clean = lower(value);
            if (clean != null) {
                out.add(clean);
            }
        }
        return Collections.unmodifiableSortedSet(out);
    }

    private static List<String> split(String cmdline) {
        String clean = clean(cmdline);
        return clean == null ? null : List.of(clean.split("\\s+"));
    }

    /**
     * Command-line tokens with their parameter names as the kernel reads them: {@code nvme-core.io_timeout} and
     * {@code nvme_core.io_timeout} are the same parameter.
     */
    private static List<String> tokens(List<String> tokens) {
        if (tokens == null) {
            return null;
        }
        List<String> out = new ArrayList<>(tokens.size());
        for (String token : tokens) {
            String clean = clean(token);
            if (clean == null) {
                continue;
            }
            int equals = clean.indexOf('=');
            String key = equals < 0 ? clean : clean.substring(0, equals);
            if (key.indexOf('.') > 0) {
                clean = key.replace('-', '_') + (equals < 0 ? "" : clean.substring(equals));
            }
            out.add(clean);
        }
        return Collections.unmodifiableList(out);
    }

    private static Map<String, String> paramKeys(Map<String, String> params) {
        if (params == null) {
            return null;
        }
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, String> e : params.entrySet()) {
            String key = clean(e.getKey());
            String value = clean(e.getValue());
            if (key != null && value != null) {
                int dot = key.indexOf('.');
                out.put(dot > 0 ? key.substring(0, dot).replace('-', '_') + key.substring(dot) : key, value);
            }
        }
        return Collections.unmodifiableMap(out);
    }

    private static Map<String, String> sortedMap(Map<String, String> map) {
        if (map == null) {
            return null;
        }
        Map<String, String> out = new TreeMap<>();
        map.forEach((k, v) -> {
            String key = clean(k);
            String value = clean(v);
            if (key != null && value != null) {
                out.put(key, value);
            }
        });
        return Collections.unmodifiableMap(out);
    }

    private static Map<String, String> cleanMap(Map<String, String> map) {
        return map == null ? null : sortedMap(map);
    }

    private static void putIfPresent(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.putIfAbsent(key, value);
        }
    }

    private static String pciId(String raw) {
        String clean = lower(raw);
        if (clean == null) {
            return null;
        }
        clean = clean.replace("0x", "");
        return clean.matches("[0-9a-f]{4}:[0-9a-f]{4}") ? clean : null;
    }

    private static String renderer(String raw) {
        String value = lower(raw);
        if (value == null) {
            return null;
        }
        return switch (value) {
            case "networkmanager", "network-manager", "nm" -> "networkmanager";
            case "systemd-networkd", "networkd" -> "networkd";
            default -> value;
        };
    }

    private static String bootMode(String raw) {
        String value = lower(raw);
        return value == null ? null : value.equals("efi") ? "uefi" : value;
    }

    private static String secureBoot(String raw) {
        String value = lower(raw);
        if (value == null) {
            return null;
        }
        return switch (value) {
            case "1", "true", "on", "enabled" -> "enabled";
            case "0", "false", "off", "disabled" -> "disabled";
            default -> value;
        };
    }

    private static String bool(String raw) {
        String value = lower(raw);
        if (value == null) {
            return null;
        }
        return switch (value) {
            case "1", "true", "yes", "enabled" -> "true";
            case "0", "false", "no", "disabled" -> "false";
            default -> value;
        };
    }

    static String clean(String value) {
        if (value == null) {
            return null;
        }
        String stripped = value.strip();
        return stripped.isEmpty() ? null : stripped;
    }

    private static String lower(String value) {
        String clean = clean(value);
        return clean == null ? null : clean.toLowerCase(Locale.ROOT);
    }
}
