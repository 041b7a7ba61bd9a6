package io.patchcast.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DerivedFactsTest {

    private static RawFacts raw(String provider, String instanceType, Map<String, String> sysfs,
            Map<String, String> dmi, Map<String, String> uname, RawFacts.KernelPackage kernel,
            List<String> drivers) {
        return new RawFacts("c-1", "i-1", provider, "us-east-1", instanceType, sysfs, dmi, uname,
                Map.of("ID", "debian", "VERSION_ID", "\"11\"\n"), kernel, drivers, "2022-05-20T10:00:00Z");
    }

    @Test
    void readsTheDesignContractFromJson() throws Exception {
        String json = """
                {"clusterId": "c-42", "instanceId": "i-0abc", "provider": "aws", "region": "us-east-1",
                 "instanceType": "i3.2xlarge",
                 "sysfs": {"hypervisor/type": "xen\\n", "hypervisor/version/major": "4\\n",
                           "hypervisor/version/minor": "2\\n", "hypervisor/version/extra": ".amazon\\n"},
                 "dmi": {"sys_vendor": "Xen\\n", "product_name": "HVM domU\\n", "bios_version": "4.2.amazon\\n"},
                 "uname": {"release": "5.10.0-14-amd64", "version": "#1 SMP Debian 5.10.113-1 (2022-04-29)"},
                 "osRelease": {"ID": "debian", "VERSION_ID": "11"},
                 "kernelPackage": {"name": "linux-image-5.10.0-14-amd64", "version": "5.10.113-1"},
                 "netDrivers": ["ena"], "collectedAt": "2022-05-20T10:00:00Z", "agentVersion": "2"}
                """;
        RawFacts raw = new ObjectMapper().readValue(json, RawFacts.class);
        assertEquals("c-42", raw.clusterId());
        assertEquals("xen\n", raw.sysfs().get("hypervisor/type"), "raw values are kept as read");

        DerivedFacts derived = DerivedFacts.from(raw);
        assertEquals(new DerivedFacts("aws", "i3", "xen", "4.2", "5.10.113-1", "stable", List.of("ena"), "debian",
                "11"), derived);
    }

    @Test
    void trimsTheNewlinesSysfsValuesEndWith() {
        DerivedFacts derived = DerivedFacts.from(raw("aws\n", "r4.xlarge", Map.of("hypervisor/type", "xen\n",
                "hypervisor/version/major", "4\n", "hypervisor/version/minor", "11\n"), Map.of(), Map.of(),
                new RawFacts.KernelPackage("linux-image", "5.10.120-1\n"), List.of("ENA\n")));
        assertEquals("aws", derived.provider());
        assertEquals("xen", derived.hypervisorType());
        assertEquals("4.11", derived.hypervisorVersion());
        assertEquals("5.10.120-1", derived.kernelPackageVersion());
        assertEquals(List.of("ena"), derived.netDrivers());
        assertEquals("11", derived.osVersion(), "quotes from os-release are dropped");
    }

    @Test
    void fallsBackToDmiWhenSysfsHasNoHypervisor() {
        DerivedFacts xen = DerivedFacts.from(raw("aws", "i3.large", Map.of(),
                Map.of("sys_vendor", "Xen\n", "product_name", "HVM domU\n", "bios_version", "4.2.amazon\n"),
                Map.of(), null, List.of("ena")));
        assertEquals("xen", xen.hypervisorType());
        assertEquals("4.2", xen.hypervisorVersion(), "version from bios_version, extra kept out");

        assertEquals("nitro", type("aws", "r6g.large", Map.of("sys_vendor", "Amazon EC2\n",
                "product_name", "r6g.large\n", "bios_version", "1.0\n")));
        assertNull(DerivedFacts.from(raw("aws", "r6g.large", Map.of(), Map.of("sys_vendor", "Amazon EC2\n",
                "bios_version", "1.0\n"), Map.of(), null, null)).hypervisorVersion(),
                "a Nitro BIOS version is not a Xen version");
        assertEquals("bare-metal", type("aws", "i3.metal", Map.of("sys_vendor", "Amazon EC2\n",
                "product_name", "i3.metal\n")));
        assertEquals("kvm", type("gcp", "n2-standard-8", Map.of("product_name", "Google Compute Engine\n")));
        assertEquals("hyper-v", type("azure", "Standard_L8s_v2", Map.of("sys_vendor", "Microsoft Corporation\n",
                "product_name", "Virtual Machine\n")));
        assertEquals("bare-metal", type("self-hosted", "bare-metal", Map.of("sys_vendor", "Dell Inc.\n")));
        assertEquals("unknown", type("self-hosted", "vm", Map.of("sys_vendor", "Dell Inc.\n")));
        assertEquals("unknown", type("aws", "i3.large", null));
    }

    @Test
    void keepsTheReleaseLineOfADmiVersion() {
        DerivedFacts derived = DerivedFacts.from(raw("aws", "i3.large", Map.of(),
                Map.of("sys_vendor", "Xen\n", "bios_version", "4.2.5.amazon\n"), Map.of(), null, null));
        assertEquals("4.2", derived.hypervisorVersion(), "as sysfs would report it: major.minor");
    }

    @Test
    void sysfsVersionWinsOverDmi() {
        DerivedFacts derived = DerivedFacts.from(raw("aws", "i3.large", Map.of("hypervisor/type", "xen\n",
                "hypervisor/version/major", "4\n", "hypervisor/version/minor", "11\n"),
                Map.of("bios_version", "4.2.amazon\n"), Map.of(), null, null));
        assertEquals("4.11", derived.hypervisorVersion());
    }

    @Test
    void keepsAnUnreadableVersionSoTheEvaluatorCanSaySo() {
        DerivedFacts derived = DerivedFacts.from(raw("aws", "i3.large", Map.of("hypervisor/type", "xen\n",
                "hypervisor/version/major", "4\n", "hypervisor/version/minor", "x\n"), Map.of(), Map.of(), null,
                null));
        assertEquals("x", derived.hypervisorVersion(), "the unreadable file, not a valid-looking \"4.x\"");
        assertTrue(XenVersion.validationError(derived.hypervisorVersion()) != null);
    }

    private static String type(String provider, String instanceType, Map<String, String> dmi) {
        return DerivedFacts.from(raw(provider, instanceType, Map.of(), dmi, Map.of(), null, null)).hypervisorType();
    }

    @Test
    void takesTheKernelPackageVersionElseParsesUname() {
        RawFacts.KernelPackage none = null;
        assertEquals("5.10.113-1", DerivedFacts.from(raw("aws", "i3.large", null, null,
                Map.of("version", "#1 SMP Debian 5.10.113-1 (2022-04-29)"), none, null)).kernelPackageVersion());
        DerivedFacts backports = DerivedFacts.from(raw("aws", "i3.large", null, null,
                Map.of("version", "#1 SMP PREEMPT_DYNAMIC Debian 5.18.16-1~bpo11+1 (2022-08-12)\n"),
                new RawFacts.KernelPackage("linux-image-5.18.0-0.deb11.4-amd64", ""), null));
        assertEquals("5.18.16-1~bpo11+1", backports.kernelPackageVersion(), "blank package version falls back");
        assertEquals("backports", backports.kernelStream());
        assertEquals("5.10.120-1", DerivedFacts.from(raw("aws", "i3.large", null, null,
                Map.of("version", "#1 SMP Debian 5.10.113-1 (2022-04-29)"),
                new RawFacts.KernelPackage("linux-image", "5.10.120-1"), null)).kernelPackageVersion(),
                "the package version wins over uname");
        DerivedFacts ubuntu = DerivedFacts.from(raw("aws", "i3.large", null, null,
                Map.of("version", "#124-Ubuntu SMP Thu Apr 14 19:46:19 UTC 2022"), none, null));
        assertNull(ubuntu.kernelPackageVersion(), "no package version in uname: unknown, not guessed");
        assertNull(ubuntu.kernelStream());
    }

    @Test
    void derivesFamilyAndStream() {
        assertEquals("i3", DerivedFacts.from(raw("aws", "i3.2xlarge", null, null, null, null, null))
                .instanceFamily());
        assertEquals("n2", DerivedFacts.from(raw("gcp", "n2-standard-8", null, null, null, null, null))
                .instanceFamily());
        assertEquals("stable", DerivedFacts.streamOf("5.10.113-1"));
        assertEquals("backports", DerivedFacts.streamOf("5.10.106-1~bpo10+1"));
    }

    @Test
    void absentEverythingIsUnknownEverything() {
        assertEquals(new DerivedFacts(null, null, "unknown", null, null, null, null, null, null),
                DerivedFacts.from(new RawFacts(null, null, null, null, null, null, null, null, null, null, null,
                        null)));
        assertEquals(DerivedFacts.none(), DerivedFacts.from(null));
    }

    @Test
    void roundTripsThroughStoredColumns() {
        DerivedFacts derived = new DerivedFacts("aws", "m4", "xen", "4.2", "5.10.113-1", "stable",
                List.of("ixgbevf", "ena"), "debian", "11");
        DerivedFacts stored = DerivedFacts.ofColumns(derived.provider(), derived.instanceFamily(),
                derived.hypervisorType(), derived.hypervisorVersion(), derived.kernelPackageVersion(),
                derived.kernelStream(), derived.netDriversCsv(), derived.osId(), derived.osVersion());
        assertEquals(derived, stored);
        assertNull(DerivedFacts.ofColumns(null, null, null, null, null, null, null, null, null).netDrivers());
        assertEquals("backports", DerivedFacts.ofColumns("aws", "i3", "xen", "4.2", "5.18.16-1~bpo11+1", null,
                "ena", "debian", "11").kernelStream(), "a missing stream column is derived from the kernel");
    }
}
