package io.patchcast.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the server derives from a version 2 document. */
class PlatformFactsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static DerivedFacts derive(String json) throws Exception {
        return DerivedFacts.from(JSON.readValue(json, RawFacts.class));
    }

    @Test
    void versionOneDocumentsHaveNoPlatformFacts() throws Exception {
        DerivedFacts facts = derive("{\"provider\":\"aws\",\"netDrivers\":[\"ena\"]}");
        assertNull(facts.platform());
        assertNull(facts.platformColumn());
    }

    @Test
    void moduleListsKeepTrackedModulesByTheirKernelNamesWithBuiltinsCounted() throws Exception {
        DerivedFacts facts = derive("""
                {"provider":"aws","kernelPackage":{"version":"6.1.90-1"},
                 "kernelModules":["kernel/drivers/net/ethernet/amazon/ena/ena.ko.xz","kernel/fs/floppy.ko"],
                 "builtinModules":["kernel/drivers/nvme/host/nvme-core.ko"],
                 "initramfsModules":["usr/lib/modules/6.1.0-21-amd64/kernel/drivers/block/xen-blkfront.ko"],
                 "planned":{"kernelPackage":{"version":"6.1.94-1"},"kernelModules":["gve.ko.zst"],
                            "initramfsModules":[],"cmdline":"ro nvme-core.io_timeout=4294967295",
                            "packages":{"systemd":"252.22-1~deb12u1\\n"}}}
                """);
        PlatformFacts p = facts.platform();
        assertEquals(Set.of("ena", "nvme_core"), p.kernelModules(), "floppy is not tracked; builtins count");
        assertEquals(Set.of("xen_blkfront", "nvme_core"), p.initramfsModules());
        assertEquals("6.1.94-1", p.plannedKernel());
        assertEquals(Set.of("gve"), p.plannedKernelModules());
        assertEquals(Set.of(), p.plannedInitramfsModules(), "an empty initramfs list is an answer");
        assertEquals(List.of("ro", "nvme_core.io_timeout=4294967295"), p.plannedCmdline(),
                "the kernel reads - and _ in parameter names alike");
        assertEquals("252.22-1~deb12u1", p.plannedPackages().get("systemd"));
        assertEquals("4294967295", Fact.BOOT_PARAM.scalar(facts, "6.1.94-1", null, true, "nvme_core.io_timeout"));
    }

    @Test
    void interfacesGiveNamesPciIdsMtuAndBonds() throws Exception {
        DerivedFacts facts = derive("""
                {"provider":"self-hosted","interfaces":[
                  {"name":"lo","mtu":"65536\\n"},
                  {"name":"ens1f0","driver":"ice","pciId":"0x8086:0x159B","mtu":"9000\\n","master":"bond0",
                   "driverVersion":"1.9.11\\n","firmwareVersion":"4.20 0x8001778b 1.3346.0"},
                  {"name":"bond0","mtu":"9000\\n"}]}
                """);
        PlatformFacts p = facts.platform();
        assertEquals(List.of("ens1f0", "bond0"), p.interfaceNames());
        assertEquals(Set.of("8086:159b"), p.pciIds());
        assertEquals("9000", p.mtuMax(), "the largest MTU, loopback left out");
        assertEquals(List.of("ice"), p.bondedDrivers());
        assertEquals(List.of("ice"), facts.netDrivers(), "drivers come from the interfaces when netDrivers is absent");
        assertEquals("1.9.11", p.driverVersions().get("ice"));
    }

    @Test
    void cloudMetadataBecomesSeriesNicTypeAndMana() throws Exception {
        DerivedFacts gcp = derive("""
                {"provider":"gcp","cloud":{"gcp":{"machineType":"projects/1/machineTypes/c3-standard-8",
                 "nicTypes":["GVNIC"],"confidential":"TRUE"}}}
                """);
        assertEquals("c3", gcp.platform().gcpMachineSeries());
        assertEquals("c3", gcp.instanceFamily(), "the metadata's type when the document has none");
        assertEquals("gvnic", gcp.platform().gcpNicType());
        assertEquals("true", gcp.platform().gcpConfidential());

        DerivedFacts azure = derive("""
                {"provider":"azure","cloud":{"azure":{"vmSize":"Standard_D4s_v5"}},"pciDevices":["1414:00ba"],
                 "interfaces":[{"name":"eth0","driver":"hv_netvsc"}]}
                """);
        assertEquals("dsv5", azure.platform().azureVmSeries());
        assertEquals("true", azure.platform().azureMana(), "the MANA device is on the bus");
        assertEquals("false", azure.platform().azureAcceleratedNetworking(), "but no VF driver runs");
        assertEquals("lsv2", PlatformFacts.azureVmSeries("Standard_L8s_v2"));
        assertEquals("mms", PlatformFacts.azureVmSeries("Standard_M128-64ms"));
        assertEquals("f", PlatformFacts.azureVmSeries("Standard_F4"));

        // a version 1 Azure node with a Mellanox VF is not on MANA hardware
        DerivedFacts v1 = new DerivedFacts("azure", "standard_e8s_v5", "hyper-v", null, "5.10.113-1", null,
                List.of("hv_netvsc", "mlx5_core"), "debian", "11");
        assertEquals("false", Fact.AZURE_MANA.scalar(v1, null, null, false, null));
        assertEquals("true", Fact.AZURE_ACCELERATED_NETWORKING.scalar(v1, null, null, false, null));
    }

    @Test
    void bootModeAndSecureBootAreNormalised() throws Exception {
        PlatformFacts p = derive("{\"boot\":{\"mode\":\"EFI\",\"secureBoot\":\"1\"},\"networkRenderer\":\"NetworkManager\"}")
                .platform();
        assertEquals("uefi", p.bootMode());
        assertEquals("enabled", p.secureBoot());
        assertEquals("networkmanager", p.renderer());
    }

    @Test
    void anUnreadablePlatformColumnIsUnknownNotSafe() {
        assertNull(DerivedFacts.parsePlatform("{not json"));
    }
}
