package io.patchcast.compat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The facts rules test, computed from {@link RawFacts} or rebuilt from the columns the app stores per node.
 * A null component means unknown. Values are normalised on construction (trimmed; names lower-cased), so the
 * evaluator compares them as they are.
 *
 * @param provider             aws, gcp, azure, self-hosted
 * @param instanceFamily       {@code i3} for {@code i3.2xlarge}
 * @param hypervisorType       xen, nitro, kvm, hyper-v, bare-metal or unknown
 * @param hypervisorVersion    Xen release line {@code major.minor} such as {@code 4.2}, only for Xen guests
 * @param kernelPackageVersion Debian package version of the running kernel, e.g. {@code 5.10.113-1}
 * @param kernelStream         stable or backports
 * @param netDrivers           kernel drivers of the NICs, e.g. {@code [ena]}
 * @param osId                 os-release ID, e.g. debian
 * @param osVersion            os-release VERSION_ID, e.g. 11
 * @param platform             what a version 2 document adds (boot target, interfaces, cloud metadata); null for
 *                             a version 1 document, which makes every rule that needs one of them UNKNOWN
 */
public record DerivedFacts(
        String provider,
        String instanceFamily,
        String hypervisorType,
        String hypervisorVersion,
        String kernelPackageVersion,
        String kernelStream,
        List<String> netDrivers,
        String osId,
        String osVersion,
        PlatformFacts platform) {

    public static final String XEN = "xen";
    public static final String NITRO = "nitro";
    public static final String KVM = "kvm";
    public static final String HYPER_V = "hyper-v";
    public static final String BARE_METAL = "bare-metal";
    /** The hypervisor could not be told from the facts; rules treat it like a missing fact. */
    public static final String UNKNOWN_TYPE = "unknown";

    public static final String STABLE = "stable";
    public static final String BACKPORTS = "backports";

    private static final Pattern DEBIAN_UNAME_VERSION = Pattern.compile("\\bDebian (\\S+)");
    private static final ObjectMapper COLUMN = new ObjectMapper()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The facts of a version 1 document. */
    public DerivedFacts(String provider, String instanceFamily, String hypervisorType, String hypervisorVersion,
            String kernelPackageVersion, String kernelStream, List<String> netDrivers, String osId,
            String osVersion) {
        this(provider, instanceFamily, hypervisorType, hypervisorVersion, kernelPackageVersion, kernelStream,
                netDrivers, osId, osVersion, null);
    }

    public DerivedFacts {
        provider = lower(provider);
        instanceFamily = lower(instanceFamily);
        hypervisorType = lower(hypervisorType);
        hypervisorVersion = clean(hypervisorVersion);
        kernelPackageVersion = clean(kernelPackageVersion);
        kernelStream = lower(kernelStream);
        if (kernelStream == null) {
            kernelStream = streamOf(kernelPackageVersion);
        }
        netDrivers = netDrivers == null ? null : normaliseDrivers(netDrivers);
        osId = lower(unquote(osId));
        osVersion = clean(unquote(osVersion));
    }

    /** Nothing known: every rule that needs a fact says UNKNOWN. */
    public static DerivedFacts none() {
        return new DerivedFacts(null, null, null, null, null, null, null, null, null, null);
    }

    /** The same facts with these platform facts. */
    public DerivedFacts withPlatform(PlatformFacts platform) {
        return new DerivedFacts(provider, instanceFamily, hypervisorType, hypervisorVersion, kernelPackageVersion,
                kernelStream, netDrivers, osId, osVersion, platform);
    }

    /**
     * Rebuilds the facts from the columns stored on a node; {@code netDriversCsv} is the comma-separated
     * list written by {@link #netDriversCsv()}.
     */
    public static DerivedFacts ofColumns(String provider, String instanceFamily, String hypervisorType,
            String hypervisorVersion, String kernelPackageVersion, String kernelStream, String netDriversCsv,
            String osId, String osVersion) {
        List<String> drivers = null;
        if (netDriversCsv != null) {
            drivers = new ArrayList<>();
            for (String driver : netDriversCsv.split(",")) {
                drivers.add(driver);
            }
        }
        return new DerivedFacts(provider, instanceFamily, hypervisorType, hypervisorVersion, kernelPackageVersion,
                kernelStream, drivers, osId, osVersion);
    }

    /**
     * As {@link #ofColumns(String, String, String, String, String, String, String, String, String)}, plus the
     * platform facts column written by {@link #platformColumn()} (null for a version 1 node).
     */
    public static DerivedFacts ofColumns(String provider, String instanceFamily, String hypervisorType,
            String hypervisorVersion, String kernelPackageVersion, String kernelStream, String netDriversCsv,
            String osId, String osVersion, String platformColumn) {
        DerivedFacts facts = ofColumns(provider, instanceFamily, hypervisorType, hypervisorVersion,
                kernelPackageVersion, kernelStream, netDriversCsv, osId, osVersion);
        return platformColumn == null ? facts : facts.withPlatform(parsePlatform(platformColumn));
    }

    /** The platform facts as one column value (JSON), null for a version 1 node. */
    public String platformColumn() {
        if (platform == null) {
            return null;
        }
        try {
            return COLUMN.writeValueAsString(platform);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("platform facts are strings, lists and maps", e);
        }
    }

    /**
     * Reads a platform column. A value this version cannot read counts as unknown (null), never as facts: a
     * column written by a newer server must not make a node look safe.
     */
    static PlatformFacts parsePlatform(String column) {
        try {
            return COLUMN.readValue(column, PlatformFacts.class);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** Computes the derived facts from what the agent posted. */
    public static DerivedFacts from(RawFacts raw) {
        if (raw == null) {
            return none();
        }
        String provider = clean(raw.provider());
        String instanceType = clean(raw.instanceType());
        if (instanceType == null) {
            instanceType = metadataInstanceType(raw.cloud());
        }
        String hypervisorType = hypervisorType(raw, instanceType);
        String kernel = kernelPackageVersion(raw);
        List<String> drivers = raw.netDrivers();
        if (drivers == null && raw.interfaces() != null) {
            // a version 2 document may name the drivers only per interface
            drivers = new ArrayList<>();
            for (RawFacts.NetInterface nic : raw.interfaces()) {
                if (nic != null && nic.driver() != null) {
                    drivers.add(nic.driver());
                }
            }
        }
        return new DerivedFacts(
                provider,
                instanceFamily(instanceType, provider),
                hypervisorType,
                XEN.equals(hypervisorType) ? xenVersion(raw) : null,
                kernel,
                streamOf(kernel),
                drivers,
                get(raw.osRelease(), "ID"),
                get(raw.osRelease(), "VERSION_ID"),
                PlatformFacts.from(raw, lower(provider), instanceType, drivers == null ? null
                        : normaliseDrivers(drivers)));
    }

    /** The instance type the metadata service reported, for documents that do not carry it at the top. */
    private static String metadataInstanceType(RawFacts.Cloud cloud) {
        if (cloud == null) {
            return null;
        }
        if (cloud.aws() != null && clean(cloud.aws().instanceType()) != null) {
            return clean(cloud.aws().instanceType());
        }
        if (cloud.gcp() != null && clean(cloud.gcp().machineType()) != null) {
            String type = clean(cloud.gcp().machineType());
            return type.substring(type.lastIndexOf('/') + 1);
        }
        if (cloud.azure() != null) {
            return clean(cloud.azure().vmSize());
        }
        return null;
    }

    /** The drivers as one comma-separated column value, null when unknown. */
    public String netDriversCsv() {
        return netDrivers == null ? null : String.join(",", netDrivers);
    }

    /** backports for Debian backports kernels ({@code ~bpo} in the version), else stable; null if unknown. */
    public static String streamOf(String kernelPackageVersion) {
        if (kernelPackageVersion == null || kernelPackageVersion.isEmpty()) {
            return null;
        }
        return kernelPackageVersion.contains("~bpo") ? BACKPORTS : STABLE;
    }

    private static String hypervisorType(RawFacts raw, String instanceType) {
        String sysfsType = get(raw.sysfs(), "hypervisor/type");
        if (sysfsType != null) {
            // only Xen guests have this file on the platforms we run; anything else we cannot place
            return sysfsType.equalsIgnoreCase(XEN) ? XEN : UNKNOWN_TYPE;
        }
        boolean metalType = instanceType != null
                && (instanceType.endsWith(".metal") || instanceType.equalsIgnoreCase(BARE_METAL));
        String vendor = get(raw.dmi(), "sys_vendor");
        String product = get(raw.dmi(), "product_name");
        if ("Amazon EC2".equalsIgnoreCase(vendor)) {
            // Nitro reports the instance type as the product; .metal types run without a hypervisor
            return metalType || (product != null && product.endsWith(".metal")) ? BARE_METAL : NITRO;
        }
        if ("Xen".equalsIgnoreCase(vendor) || "HVM domU".equalsIgnoreCase(product)) {
            return XEN;
        }
        if ("Google Compute Engine".equalsIgnoreCase(product) || "Google".equalsIgnoreCase(vendor)) {
            return KVM;
        }
        if ("Microsoft Corporation".equalsIgnoreCase(vendor)) {
            return HYPER_V;
        }
        if ("QEMU".equalsIgnoreCase(vendor) || (product != null && product.contains("KVM"))) {
            return KVM;
        }
        return metalType ? BARE_METAL : UNKNOWN_TYPE;
    }

    /** From sysfs {@code version/{major,minor}}, else from the DMI BIOS version Xen HVM reports. */
    private static String xenVersion(RawFacts raw) {
        String major = get(raw.sysfs(), "hypervisor/version/major");
        String minor = get(raw.sysfs(), "hypervisor/version/minor");
        if (major != null && minor != null) {
            // each file must hold a number; "4" and "x" must not become the valid-looking "4.x"
            if (!isNumber(major)) {
                return major;
            }
            if (!isNumber(minor)) {
                return minor;
            }
            // the unreadable value is kept on purpose: the evaluator reports it as unparseable, which tells
            // whoever looks at the node more than "missing"
            return XenVersion.isValid(major + "." + minor) ? XenVersion.parse(major + "." + minor).majorMinor()
                    : major + "." + minor;
        }
        String bios = get(raw.dmi(), "bios_version");
        if (bios != null) {
            return XenVersion.isValid(bios) ? XenVersion.parse(bios).majorMinor() : bios;
        }
        return null;
    }

    private static boolean isNumber(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return !text.isEmpty();
    }

    private static String kernelPackageVersion(RawFacts raw) {
        if (raw.kernelPackage() != null) {
            String version = clean(raw.kernelPackage().version());
            if (version != null) {
                return version;
            }
        }
        String unameVersion = get(raw.uname(), "version");
        if (unameVersion != null) {
            // Debian kernels print the package version: "#1 SMP Debian 5.10.113-1 (2022-04-29)"
            Matcher matcher = DEBIAN_UNAME_VERSION.matcher(unameVersion);
            if (matcher.find()) {
                return matcher.group(1);
            }
        }
        return null;
    }

    private static String instanceFamily(String instanceType, String provider) {
        if (instanceType == null) {
            return null;
        }
        int dot = instanceType.indexOf('.');
        if (dot > 0) {
            return instanceType.substring(0, dot);
        }
        // GCP machine types are "<family>-<class>-<cpus>"; other providers' names are the family as they are
        if ("gcp".equalsIgnoreCase(provider)) {
            int dash = instanceType.indexOf('-');
            if (dash > 0) {
                return instanceType.substring(0, dash);
            }
        }
        return instanceType;
    }

    private static List<String> normaliseDrivers(List<String> drivers) {
        List<String> out = new ArrayList<>(drivers.size());
        for (String driver : drivers) {
            String clean = lower(driver);
            if (clean != null && !out.contains(clean)) {
                out.add(clean);
            }
        }
        return Collections.unmodifiableList(out);
    }

    private static String get(Map<String, String> map, String key) {
        return map == null ? null : clean(map.get(key));
    }

    /** Sysfs and DMI values end with a newline; blank means not read. */
    private static String clean(String value) {
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

    /** os-release allows quoted values ({@code VERSION_ID="11"}); agents may pass the quotes on. */
    private static String unquote(String value) {
        String clean = clean(value);
        if (clean != null && clean.length() >= 2
                && (clean.startsWith("\"") && clean.endsWith("\"") || clean.startsWith("'") && clean.endsWith("'"))) {
            return clean.substring(1, clean.length() - 1);
        }
        return clean;
    }
}
