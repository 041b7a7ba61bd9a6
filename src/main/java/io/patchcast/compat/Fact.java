package io.patchcast.compat;

/**
 * The derived facts a rule may test, by the name rules.yaml uses. Each says how to collect it on a node,
 * which is what an UNKNOWN verdict tells the reader to do.
 */
public enum Fact {
    PROVIDER("provider", null,
            "Set by the agent from its configuration: aws, gcp, azure or self-hosted."),
    INSTANCE_FAMILY("instance.family", null,
            "curl -s http://169.254.169.254/latest/meta-data/instance-type (on AWS; the family is the part"
                    + " before the dot)"),
    HYPERVISOR_TYPE("hypervisor.type", null,
            "cat /sys/hypervisor/type; where that file is missing: cat /sys/devices/virtual/dmi/id/sys_vendor"
                    + " /sys/devices/virtual/dmi/id/product_name"),
    HYPERVISOR_VERSION("hypervisor.version", VersionScheme.XEN,
            "cat /sys/hypervisor/version/major; cat /sys/hypervisor/version/minor;"
                    + " cat /sys/hypervisor/version/extra; where those are missing:"
                    + " cat /sys/devices/virtual/dmi/id/bios_version"),
    KERNEL_PACKAGE_VERSION("kernel.package_version", VersionScheme.DEBIAN,
            "dpkg-query -W -f='${Version}' linux-image-$(uname -r) (or the version printed by uname -v)"),
    KERNEL_STREAM("kernel.stream", null,
            "Derived from the kernel package version (backports when it contains ~bpo): collect that."),
    NET_DRIVER("net.driver", null,
            "for d in /sys/class/net/*/device/driver; do basename \"$(readlink -f \"$d\")\"; done"),
    OS_ID("os.id", null,
            ". /etc/os-release && echo \"$ID\""),
    OS_VERSION("os.version", null,
            ". /etc/os-release && echo \"$VERSION_ID\"");

    private final String key;
    private final VersionScheme scheme;
    private final String howToCollect;

    Fact(String key, VersionScheme scheme, String howToCollect) {
        this.key = key;
        this.scheme = scheme;
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

    /** Whether the node may report several values at once (one per NIC). */
    public boolean isList() {
        return this == NET_DRIVER;
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
     * The single value of a scalar fact for this evaluation, or null when unknown. The kernel and its
     * stream come from the evaluation (running or planned), not from the stored facts.
     */
    String scalar(DerivedFacts facts, String kernel, String stream) {
        String value = switch (this) {
            case PROVIDER -> facts.provider();
            case INSTANCE_FAMILY -> facts.instanceFamily();
            case HYPERVISOR_TYPE -> facts.hypervisorType();
            case HYPERVISOR_VERSION -> facts.hypervisorVersion();
            case KERNEL_PACKAGE_VERSION -> kernel;
            case KERNEL_STREAM -> stream;
            case OS_ID -> facts.osId();
            case OS_VERSION -> facts.osVersion();
            case NET_DRIVER -> null;
        };
        // "unknown" is how the deriver says it looked and could not tell: as unknown as an absent value
        return value == null || value.isEmpty() || DerivedFacts.UNKNOWN_TYPE.equals(value) ? null : value;
    }
}
