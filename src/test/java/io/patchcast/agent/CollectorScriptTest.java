package io.patchcast.agent;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.patchcast.compat.DerivedFacts;
import io.patchcast.compat.RawFacts;
import io.patchcast.customer.Customer;
import io.patchcast.fleet.Cluster;
import io.patchcast.fleet.Node;
import io.patchcast.fleet.Provider;
import io.patchcast.security.ApiTokenService;
import io.patchcast.security.Role;
import io.patchcast.security.Viewer;
import io.patchcast.testdata.CompatData;
import io.patchcast.testsupport.RequiresTool;
import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Runs docs/agent/patchcast-collect.sh with sh against fake root trees (sysfs files with their trailing
 * newlines, absent files), checks its JSON, and posts it: the server's derived facts must be the engine's for
 * the fixtures in src/test/resources/compat.
 */
@RequiresTool(value = "curl", debianPackage = "curl")
@QuarkusTest
class CollectorScriptTest {

    static final Path SCRIPT = Path.of("docs", "agent", "patchcast-collect.sh");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @Test
    void xenNodeIsReadWithNewlinesKeptAndTheRunningKernelPackageFound() throws Exception {
        Path root = temp.resolve("xen");
        write(root, "sys/hypervisor/type", "xen\n");
        write(root, "sys/hypervisor/uuid", "ec2a1b2c-0000-4000-8000-000000000001\n");
        write(root, "sys/hypervisor/version/major", "4\n");
        write(root, "sys/hypervisor/version/minor", "2\n");
        write(root, "sys/hypervisor/version/extra", ".amazon\n");
        write(root, "sys/devices/virtual/dmi/id/sys_vendor", "Xen\n");
        write(root, "sys/devices/virtual/dmi/id/product_name", "HVM domU\n");
        write(root, "sys/devices/virtual/dmi/id/bios_version", "4.2.amazon\n");
        kernel(root, "5.10.0-14-amd64", "#1 SMP Debian 5.10.113-1 (2022-04-29)", "x86_64");
        write(root, "etc/os-release", "PRETTY_NAME=\"Debian GNU/Linux 11 (bullseye)\"\nID=debian\nVERSION_ID=\"11\"\n");
        // an older kernel is installed too; only the running one counts
        write(root, "var/lib/dpkg/status", "Package: linux-image-5.10.0-13-amd64\nStatus: install ok installed\n"
                + "Version: 5.10.106-1\n\nPackage: linux-image-5.10.0-14-amd64\nStatus: install ok installed\n"
                + "Priority: optional\nVersion: 5.10.113-1\n\n");
        driver(root, "eth0", "ena");
        Files.createDirectories(root.resolve("sys/class/net/lo"));

        JsonNode doc = run(root, "--cluster-id", "7", "--instance-id", "i-0abc", "--region", "us-east-1",
                "--instance-type", "i3.2xlarge");
        assertEquals("7", doc.get("clusterId").asText());
        assertEquals("aws", doc.get("provider").asText(), "an ec2 hypervisor uuid means AWS");
        assertEquals("xen\n", doc.at("/sysfs/hypervisor~1type").asText());
        assertEquals("2\n", doc.at("/sysfs/hypervisor~1version~1minor").asText());
        assertEquals("HVM domU\n", doc.at("/dmi/product_name").asText());
        assertEquals("5.10.0-14-amd64", doc.at("/uname/release").asText());
        assertEquals("#1 SMP Debian 5.10.113-1 (2022-04-29)", doc.at("/uname/version").asText());
        assertEquals("\"Debian GNU/Linux 11 (bullseye)\"", doc.at("/osRelease/PRETTY_NAME").asText());
        assertEquals("linux-image-5.10.0-14-amd64", doc.at("/kernelPackage/name").asText());
        assertEquals("5.10.113-1", doc.at("/kernelPackage/version").asText());
        assertEquals(List.of("ena"), strings(doc.get("netDrivers")));
    }

    @Test
    void nitroNodeNamesItsInstanceAndTypeFromDmi() throws Exception {
        Path root = temp.resolve("nitro");
        write(root, "sys/devices/virtual/dmi/id/sys_vendor", "Amazon EC2\n");
        write(root, "sys/devices/virtual/dmi/id/product_name", "m5.xlarge\n");
        write(root, "sys/devices/virtual/dmi/id/board_asset_tag", "i-0123456789abcdef0\n");
        kernel(root, "5.10.0-14-amd64", "#1 SMP Debian 5.10.113-1 (2022-04-29)", "x86_64");
        driver(root, "ens5", "ena");

        JsonNode doc = run(root, "--cluster-id", "7");
        assertEquals("aws", doc.get("provider").asText());
        assertEquals("m5.xlarge", doc.get("instanceType").asText());
        assertEquals("i-0123456789abcdef0", doc.get("instanceId").asText());
        assertTrue(doc.get("sysfs").isEmpty(), "Nitro has no /sys/hypervisor");
        assertFalse(doc.has("kernelPackage"), "no dpkg status, no package: the server reads uname.version");
    }

    @Test
    void gcpAndAzureLayouts() throws Exception {
        Path gcp = temp.resolve("gcp");
        write(gcp, "sys/devices/virtual/dmi/id/sys_vendor", "Google\n");
        write(gcp, "sys/devices/virtual/dmi/id/product_name", "Google Compute Engine\n");
        write(gcp, "etc/hostname", "kafka-prod-1-node-3\n");
        kernel(gcp, "5.10.0-14-cloud-amd64", "#1 SMP Debian 5.10.113-1 (2022-04-29)", "x86_64");
        driver(gcp, "ens4", "gve");
        JsonNode g = run(gcp, "--cluster-id", "9");
        assertEquals("gcp", g.get("provider").asText());
        assertEquals("kafka-prod-1-node-3", g.get("instanceId").asText(), "hostname when nothing better");
        assertEquals(List.of("gve"), strings(g.get("netDrivers")));

        Path azure = temp.resolve("azure");
        write(azure, "sys/devices/virtual/dmi/id/sys_vendor", "Microsoft Corporation\n");
        write(azure, "sys/devices/virtual/dmi/id/product_name", "Virtual Machine\n");
        write(azure, "sys/devices/virtual/dmi/id/chassis_asset_tag", "7783-7084-3265-9085-8269-3286-77\n");
        kernel(azure, "5.10.0-14-amd64", "#1 SMP Debian 5.10.113-1 (2022-04-29)", "x86_64");
        driver(azure, "eth0", "hv_netvsc");
        driver(azure, "eth1", "mlx5_core");
        driver(azure, "eth2", "hv_netvsc");
        JsonNode a = run(azure, "--cluster-id", "9", "--instance-id", "vm-1");
        assertEquals("azure", a.get("provider").asText());
        assertEquals("7783-7084-3265-9085-8269-3286-77\n", a.at("/dmi/chassis_asset_tag").asText());
        assertEquals(List.of("hv_netvsc", "mlx5_core"), strings(a.get("netDrivers")), "each driver once");
    }

    @Test
    void absentFilesAreLeftOutAndAwkwardValuesAreEscaped() throws Exception {
        Path root = temp.resolve("bare");
        Files.createDirectories(root);
        write(root, "sys/devices/virtual/dmi/id/product_name", "Box \"9000\" \\ rev\tB\r\n\n");
        JsonNode doc = run(root, "--cluster-id", "3", "--instance-id", "host-1");
        assertEquals("self-hosted", doc.get("provider").asText());
        assertTrue(doc.get("sysfs").isEmpty());
        assertTrue(doc.get("uname").isEmpty());
        assertTrue(doc.get("osRelease").isEmpty());
        assertTrue(doc.get("netDrivers").isEmpty());
        assertFalse(doc.has("kernelPackage"));
        assertEquals("Box \"9000\" \\ rev\tB\r\n\n", doc.at("/dmi/product_name").asText());
    }

    /**
     * Each fixture becomes a fake node tree; the script must read back exactly the fixture's facts, and
     * the server must derive from them what the engine derives from the fixture itself.
     */
    @Test
    void fixturesReadFromFakeTreesAndPostedGiveTheEnginesDerivedFacts() throws Exception {
        JsonNode fixtures = CompatData.fixtures();
        ApiTokenService tokens = Arc.container().instance(ApiTokenService.class).get();
        String token = tokens.create(new Viewer("admin", Role.ADMIN, null, "Ada Admin"), "collector test", null)
                .secret();
        int i = 0;
        for (JsonNode fixture : fixtures) {
            JsonNode facts = fixture.get("facts");
            String name = fixture.get("name").asText();
            Path root = temp.resolve("fixture-" + i++);
            tree(root, facts);
            Provider provider = Provider.parse(facts.get("provider").asText()).orElseThrow();
            long clusterId = QuarkusTransaction.requiringNew().call(() -> Cluster.<Cluster>find(
                    "provider = ?1 and customer.slug = ?2 order by id", provider, "patchcast-internal").firstResultOptional()
                    .or(() -> Cluster.<Cluster>find("provider = ?1 order by id", provider).firstResultOptional())
                    .orElseThrow().id);
            String instanceId = "fx-" + facts.get("instanceId").asText();
            JsonNode doc = run(root, "--cluster-id", String.valueOf(clusterId), "--instance-id", instanceId,
                    "--provider", facts.get("provider").asText(), "--region", facts.get("region").asText(),
                    "--instance-type", facts.get("instanceType").asText());
            for (String member : List.of("sysfs", "dmi", "uname", "osRelease", "netDrivers", "kernelPackage")) {
                assertEquals(facts.get(member), doc.get(member), name + ": " + member + " as the node has it");
            }

            given().header("Authorization", "Bearer " + token).contentType("application/json").body(doc.toString())
                    .when().post("/api/v1/facts")
                    .then().statusCode(200);
            DerivedFacts expected = DerivedFacts.from(JSON.treeToValue(facts, RawFacts.class));
            Node node = QuarkusTransaction.requiringNew().call(() -> Node.findByInstanceId(instanceId).orElseThrow());
            DerivedFacts stored = DerivedFacts.ofColumns(facts.get("provider").asText(), node.instanceFamily,
                    node.hypervisorType, node.hypervisorVersion, node.kernelVersion, node.kernelStream, node.netDrivers,
                    node.osId, node.osVersion);
            assertEquals(expected, stored, name + ": derived facts");
            assertEquals(fixture.get("expect").asText(), node.exposure, name + ": current exposure");
        }
        assertEquals(fixtures.size(), i);
        assertTrue(QuarkusTransaction.requiringNew().call(() -> Customer.count()) > 0);
    }

    @Test
    void postsWithATokenFromTheEnvironment() throws Exception {
        Path root = temp.resolve("post");
        write(root, "sys/devices/virtual/dmi/id/sys_vendor", "Amazon EC2\n");
        write(root, "sys/devices/virtual/dmi/id/product_name", "m5.xlarge\n");
        write(root, "sys/devices/virtual/dmi/id/board_asset_tag", "i-0post00000000001\n");
        kernel(root, "5.10.0-14-amd64", "#1 SMP Debian 5.10.113-1 (2022-04-29)", "x86_64");
        driver(root, "ens5", "ena");
        long clusterId = QuarkusTransaction.requiringNew().call(() -> Cluster.<Cluster>find(
                "provider = ?1 and customer.slug = ?2 order by id", Provider.AWS, "borealis-bank").firstResult().id);
        String token = Arc.container().instance(ApiTokenService.class).get()
                .create(new Viewer("admin", Role.ADMIN, null, "Ada Admin"), "borealis collector", null).secret();

        ProcessBuilder pb = new ProcessBuilder("sh", SCRIPT.toString(), "--root", root.toString(), "--cluster-id",
                String.valueOf(clusterId), "--url", "http://localhost:" + io.restassured.RestAssured.port);
        pb.environment().put("PATCHCAST_TOKEN", token);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        JsonNode receipt = JSON.readTree(out);
        assertEquals(1, receipt.get("accepted").asInt());
        assertEquals("created", receipt.at("/nodes/0/outcome").asText());
        assertEquals("nitro", receipt.at("/nodes/0/derived/hypervisorType").asText());
        assertFalse(out.contains(token));

        // a wrong token: curl fails and so does the script, so a cron job notices
        pb.environment().put("PATCHCAST_TOKEN", "pct_wrong");
        Process refused = pb.start();
        refused.getInputStream().readAllBytes();
        assertTrue(refused.waitFor(60, TimeUnit.SECONDS));
        assertTrue(refused.exitValue() != 0);
    }

    // --- version 2: the boot target and the platform ----------------------------------------------------

    /** A Debian 12 Nitro node with a second kernel installed, not booted yet, and its initramfs. */
    private static Path nitroWithPlannedKernel(Path root) throws IOException {
        write(root, "sys/devices/virtual/dmi/id/sys_vendor", "Amazon EC2\n");
        write(root, "sys/devices/virtual/dmi/id/product_name", "m5.xlarge\n");
        kernel(root, "6.1.0-20-amd64", "#1 SMP PREEMPT_DYNAMIC Debian 6.1.90-1 (2024-05-03)", "x86_64");
        write(root, "proc/cmdline", "BOOT_IMAGE=/boot/vmlinuz-6.1.0-20-amd64 root=UUID=0b1e ro console=ttyS0\n");
        write(root, "etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n");
        driver(root, "ens5", "ena");
        write(root, "sys/class/net/ens5/device/vendor", "0x1d0f\n");
        write(root, "sys/class/net/ens5/device/device", "0xec20\n");
        write(root, "sys/class/net/ens5/mtu", "9001\n");
        write(root, "sys/module/ena/version", "2.8.1g\n");
        write(root, "sys/module/nvme_core/parameters/io_timeout", "4294967295\n");
        write(root, "sys/bus/pci/devices/0000:00:05.0/vendor", "0x1d0f\n");
        write(root, "sys/bus/pci/devices/0000:00:05.0/device", "0xec20\n");
        write(root, "sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c",
                new String(new byte[] { 6, 0, 0, 0, 1 }, StandardCharsets.ISO_8859_1));
        write(root, "etc/systemd/network/50-ens5.network", "[Match]\nName=ens5\n");
        write(root, "var/lib/dpkg/status", "Package: linux-image-6.1.0-20-amd64\nStatus: install ok installed\n"
                + "Version: 6.1.90-1\n\nPackage: linux-image-6.1.0-21-amd64\nStatus: install ok installed\n"
                + "Version: 6.1.94-1\n\nPackage: linux-image-amd64\nStatus: install ok installed\nVersion: 6.1.94-1\n\n"
                + "Package: systemd\nStatus: install ok installed\nVersion: 252.22-1~deb12u1\n\n"
                + "Package: udev\nStatus: deinstall ok config-files\nVersion: 252.19-1~deb12u1\n");
        for (String release : List.of("6.1.0-20-amd64", "6.1.0-21-amd64")) {
            write(root, "lib/modules/" + release + "/kernel/drivers/net/ethernet/amazon/ena/ena.ko.xz", "");
            write(root, "lib/modules/" + release + "/kernel/drivers/nvme/host/nvme.ko.xz", "");
            write(root, "lib/modules/" + release + "/modules.builtin", "kernel/drivers/nvme/host/nvme-core.ko\n");
        }
        // the running kernel's initramfs has nvme; the planned one's was rebuilt without it
        initramfs(root, "boot/initrd.img-6.1.0-20-amd64", "usr/lib/modules/6.1.0-20-amd64/kernel/drivers/nvme/host/nvme.ko.xz",
                "usr/lib/modules/6.1.0-20-amd64/kernel/fs/ext4/ext4.ko.xz");
        initramfs(root, "boot/initrd.img-6.1.0-21-amd64", "usr/lib/modules/6.1.0-21-amd64/kernel/fs/ext4/ext4.ko.xz",
                "usr/lib/modules/6.1.0-21-amd64/kernel/drivers/block/xen-blkfront.ko.xz");
        write(root, "etc/default/grub", "GRUB_DEFAULT=0\nGRUB_CMDLINE_LINUX_DEFAULT=\"quiet\"\n"
                + "GRUB_CMDLINE_LINUX='console=ttyS0'\n");
        write(root, "etc/default/grub.d/50-cloud.cfg", "GRUB_CMDLINE_LINUX=\"$GRUB_CMDLINE_LINUX nvme_core.io_timeout=255\"\n");
        return root;
    }

    @Test
    void plannedKernelItsInitramfsAndTheNextBootsCommandLineAreRead() throws Exception {
        Path root = nitroWithPlannedKernel(temp.resolve("planned"));
        JsonNode doc = run(root, Map.of(), "--cluster-id", "7", "--instance-id", "i-0planned");
        assertEquals(2, doc.get("factsVersion").asInt());
        JsonNode planned = doc.get("planned");
        assertEquals("6.1.94-1", planned.at("/kernelPackage/version").asText(), "the newest kernel, not yet booted");
        assertEquals("linux-image-6.1.0-21-amd64", planned.at("/kernelPackage/name").asText());
        assertEquals(List.of("ena", "nvme"), strings(planned.get("kernelModules")));
        assertEquals(List.of("nvme-core"), strings(planned.get("builtinModules")));
        assertEquals(List.of("ext4", "xen-blkfront"), strings(planned.get("initramfsModules")),
                "read from the gzip'd cpio itself, without lsinitramfs");
        assertEquals("console=ttyS0 nvme_core.io_timeout=255 quiet", planned.get("cmdline").asText(),
                "grub.d appends to /etc/default/grub");
        assertEquals("252.26-1~deb12u2", planned.at("/packages/systemd").asText(), "apt's candidate");
        assertFalse(planned.get("packages").has("udev"), "a package apt has no candidate for is left out");

        assertEquals(List.of("ext4", "nvme"), strings(doc.get("initramfsModules")), "the running kernel's initramfs");
        assertEquals("BOOT_IMAGE=/boot/vmlinuz-6.1.0-20-amd64 root=UUID=0b1e ro console=ttyS0\n",
                doc.get("cmdline").asText());
        assertEquals("4294967295\n", doc.at("/moduleParameters/nvme_core.io_timeout").asText());
        JsonNode nic = doc.at("/interfaces/0");
        assertEquals("ens5", nic.get("name").asText());
        assertEquals("ena", nic.get("driver").asText());
        assertEquals("2.8.1g\n", nic.get("driverVersion").asText());
        assertEquals("1d0f:ec20", nic.get("pciId").asText());
        assertEquals("9001\n", nic.get("mtu").asText());
        assertEquals(List.of("1d0f:ec20"), strings(doc.get("pciDevices")));
        assertEquals("networkd", doc.get("networkRenderer").asText());
        assertEquals("uefi", doc.at("/boot/mode").asText());
        assertEquals("enabled", doc.at("/boot/secureBoot").asText());
        assertEquals("252.22-1~deb12u1", doc.at("/packages/systemd").asText());
        assertFalse(doc.get("packages").has("udev"), "removed, only its configuration left");

        // the engine judges the boot target from it: no nvme in the planned initramfs of a Nitro node
        DerivedFacts facts = DerivedFacts.from(JSON.treeToValue(doc, RawFacts.class));
        assertEquals(io.patchcast.compat.Verdict.AFFECTED, io.patchcast.compat.RuleSet.loadDefault()
                .evaluateVerdict(facts, "6.1.94-1"));
        assertEquals(io.patchcast.compat.Verdict.NOT_AFFECTED, io.patchcast.compat.RuleSet.loadDefault()
                .evaluateVerdict(facts, null), "the running kernel's initramfs has nvme");
    }

    @Test
    void plannedKernelCanBeNamedByReleaseOrPackageVersion() throws Exception {
        Path root = nitroWithPlannedKernel(temp.resolve("named"));
        JsonNode byRelease = run(root, Map.of(), "--cluster-id", "7", "--instance-id", "i-0x", "--planned-kernel",
                "6.1.0-20-amd64");
        assertEquals("6.1.90-1", byRelease.at("/planned/kernelPackage/version").asText());
        JsonNode byVersion = run(root, Map.of(), "--cluster-id", "7", "--instance-id", "i-0x", "--planned-kernel",
                "6.1.94-1");
        assertEquals("linux-image-6.1.0-21-amd64", byVersion.at("/planned/kernelPackage/name").asText(),
                "the image package of that version, not the linux-image-amd64 meta package");

        ProcessBuilder pb = new ProcessBuilder("sh", SCRIPT.toString(), "--root", root.toString(), "--cluster-id", "7",
                "--planned-kernel", "7.0.0-1-amd64");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue(), out);
        assertTrue(out.contains("--planned-kernel 7.0.0-1-amd64: no such kernel"), out);
    }

    @Test
    void instanceMetadataGivesTheIdTypeAndCloudDetailsPerProvider() throws Exception {
        try (FakeMetadata metadata = new FakeMetadata()) {
            Map<String, String> env = Map.of("PATCHCAST_METADATA_URL", metadata.url());

            Path aws = temp.resolve("imds-aws");
            write(aws, "sys/devices/virtual/dmi/id/sys_vendor", "Amazon EC2\n");
            write(aws, "sys/devices/virtual/dmi/id/product_name", "m5.xlarge\n");
            write(aws, "etc/hostname", "ip-10-0-0-1\n");
            kernel(aws, "6.1.0-20-amd64", "#1 SMP Debian 6.1.90-1 (2024-05-03)", "x86_64");
            driver(aws, "ens5", "ena");
            JsonNode a = run(aws, env, "--cluster-id", "7");
            assertEquals("i-0imds000000000a", a.get("instanceId").asText(), "from IMDSv2, not the hostname");
            assertEquals("m5.xlarge", a.at("/cloud/aws/instanceType").asText());
            assertEquals("us-east-1", a.get("region").asText(), "the availability zone's region");
            assertTrue(metadata.awsTokenUsed, "every IMDS read carried the session token");

            Path gcp = temp.resolve("imds-gcp");
            write(gcp, "sys/devices/virtual/dmi/id/sys_vendor", "Google\n");
            write(gcp, "sys/devices/virtual/dmi/id/product_name", "Google Compute Engine\n");
            write(gcp, "etc/hostname", "kafka-1\n");
            kernel(gcp, "6.1.0-20-cloud-amd64", "#1 SMP Debian 6.1.90-1 (2024-05-03)", "x86_64");
            driver(gcp, "ens4", "gve");
            JsonNode g = run(gcp, env, "--cluster-id", "9");
            assertEquals("4520000000000000001", g.get("instanceId").asText());
            assertEquals("c3-standard-8", g.get("instanceType").asText());
            assertEquals("europe-west1", g.get("region").asText());
            assertEquals(List.of("GVNIC"), strings(g.at("/cloud/gcp/nicTypes")));
            DerivedFacts gf = DerivedFacts.from(JSON.treeToValue(g, RawFacts.class));
            assertEquals("c3", gf.platform().gcpMachineSeries());
            assertEquals("gvnic", gf.platform().gcpNicType());

            Path azure = temp.resolve("imds-azure");
            write(azure, "sys/devices/virtual/dmi/id/sys_vendor", "Microsoft Corporation\n");
            write(azure, "sys/devices/virtual/dmi/id/product_name", "Virtual Machine\n");
            kernel(azure, "6.1.0-20-cloud-amd64", "#1 SMP Debian 6.1.90-1 (2024-05-03)", "x86_64");
            driver(azure, "eth0", "hv_netvsc");
            driver(azure, "enP30832s1", "mana");
            Files.createSymbolicLink(azure.resolve("sys/class/net/enP30832s1/master"), Path.of("../eth0"));
            write(azure, "sys/bus/pci/devices/7870:00:00.0/vendor", "0x1414\n");
            write(azure, "sys/bus/pci/devices/7870:00:00.0/device", "0x00ba\n");
            JsonNode z = run(azure, env, "--cluster-id", "9");
            assertEquals("2f1a0000-0000-4000-8000-00000000a2e0", z.get("instanceId").asText(), "the vmId");
            assertEquals("Standard_D4s_v5", z.at("/cloud/azure/vmSize").asText());
            JsonNode vf = null;
            for (JsonNode nic : z.get("interfaces")) {
                vf = nic.get("name").asText().equals("enP30832s1") ? nic : vf;
            }
            assertEquals("eth0", vf.get("master").asText(), "the MANA VF is enslaved to the synthetic NIC");
            DerivedFacts zf = DerivedFacts.from(JSON.treeToValue(z, RawFacts.class));
            assertEquals("dsv5", zf.platform().azureVmSeries());
            assertEquals("true", zf.platform().azureMana());
            assertEquals("true", zf.platform().azureAcceleratedNetworking());

            // a self-hosted node is not sent to any metadata service
            int before = metadata.requests;
            Path self = temp.resolve("imds-self");
            write(self, "sys/devices/virtual/dmi/id/sys_vendor", "Dell Inc.\n");
            write(self, "etc/hostname", "db-7\n");
            assertEquals("db-7", run(self, env, "--cluster-id", "3").get("instanceId").asText());
            assertEquals(before, metadata.requests);
        }
    }

    @Test
    void aRefusedPostPrintsTheServersProblemDetail() throws Exception {
        Path root = temp.resolve("refused");
        write(root, "sys/devices/virtual/dmi/id/sys_vendor", "Amazon EC2\n");
        write(root, "sys/devices/virtual/dmi/id/product_name", "m5.xlarge\n");
        kernel(root, "5.10.0-14-amd64", "#1 SMP Debian 5.10.113-1 (2022-04-29)", "x86_64");
        String token = Arc.container().instance(ApiTokenService.class).get()
                .create(new Viewer("admin", Role.ADMIN, null, "Ada Admin"), "refused collector", null).secret();
        ProcessBuilder pb = new ProcessBuilder("sh", SCRIPT.toString(), "--root", root.toString(), "--cluster-id",
                "999999999", "--instance-id", "i-0refused", "--url", "http://localhost:" + io.restassured.RestAssured.port);
        pb.environment().put("PATCHCAST_TOKEN", token);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue(), out);
        assertTrue(out.contains("the server refused the facts (HTTP 422): clusterId: cluster 999999999 does not exist"
                + " or this token may not write to it"), out);
        assertTrue(out.contains("\"errors\""), "the whole problem document follows: " + out);
    }

    /** A metadata service speaking enough of AWS IMDSv2, the GCE metadata server and Azure IMDS. */
    static final class FakeMetadata implements AutoCloseable {
        final com.sun.net.httpserver.HttpServer server;
        volatile boolean awsTokenUsed = true;
        volatile int requests;

        FakeMetadata() throws IOException {
            server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                requests++;
                String path = exchange.getRequestURI().getPath();
                String query = exchange.getRequestURI().getQuery();
                var headers = exchange.getRequestHeaders();
                String body = null;
                if (path.equals("/latest/api/token") && exchange.getRequestMethod().equals("PUT")
                        && headers.containsKey("X-aws-ec2-metadata-token-ttl-seconds")) {
                    body = "tok-123";
                } else if (path.startsWith("/latest/meta-data/")) {
                    if (!"tok-123".equals(headers.getFirst("X-aws-ec2-metadata-token"))) {
                        awsTokenUsed = false;
                    } else {
                        body = switch (path.substring("/latest/meta-data/".length())) {
                            case "instance-id" -> "i-0imds000000000a";
                            case "instance-type" -> "m5.xlarge";
                            case "placement/availability-zone" -> "us-east-1c";
                            default -> null;
                        };
                    }
                } else if (path.startsWith("/computeMetadata/v1/instance/")
                        && "Google".equals(headers.getFirst("Metadata-Flavor"))) {
                    body = switch (path.substring("/computeMetadata/v1/instance/".length())) {
                        case "id" -> "4520000000000000001";
                        case "machine-type" -> "projects/123456/machineTypes/c3-standard-8";
                        case "zone" -> "projects/123456/zones/europe-west1-b";
                        case "network-interfaces/0/nic-type" -> "GVNIC";
                        default -> null;
                    };
                } else if (path.startsWith("/metadata/instance/compute/") && "true".equals(headers.getFirst("Metadata"))
                        && query != null && query.contains("api-version=")) {
                    body = switch (path.substring("/metadata/instance/compute/".length())) {
                        case "vmId" -> "2f1a0000-0000-4000-8000-00000000a2e0";
                        case "vmSize" -> "Standard_D4s_v5";
                        case "location" -> "westeurope";
                        default -> null;
                    };
                }
                byte[] bytes = (body == null ? "not found" : body).getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
                exchange.getResponseBody().write(bytes);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /** Writes a gzip'd newc cpio archive holding empty files of these names, as update-initramfs would. */
    private static void initramfs(Path root, String relative, String... names) throws IOException {
        java.io.ByteArrayOutputStream cpio = new java.io.ByteArrayOutputStream();
        int ino = 1;
        List<String> entries = new ArrayList<>(List.of(names));
        entries.add("TRAILER!!!");
        for (String name : entries) {
            byte[] nameBytes = (name + "\0").getBytes(StandardCharsets.US_ASCII);
            StringBuilder header = new StringBuilder("070701");
            int[] fields = { ino++, name.startsWith("TRAILER") ? 0 : 0100644, 0, 0, 1, 0, 0, 0, 0, 0, 0,
                    nameBytes.length, 0 };
            for (int field : fields) {
                header.append(String.format("%08X", field));
            }
            cpio.write(header.toString().getBytes(StandardCharsets.US_ASCII));
            cpio.write(nameBytes);
            while (cpio.size() % 4 != 0) {
                cpio.write(0);
            }
        }
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(cpio.toByteArray());
        }
    }

    // --- fake trees -------------------------------------------------------------------------------------

    private static void tree(Path root, JsonNode facts) throws IOException {
        Files.createDirectories(root);
        for (Iterator<Map.Entry<String, JsonNode>> it = facts.get("sysfs").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            write(root, "sys/" + e.getKey(), e.getValue().asText());
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = facts.get("dmi").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            write(root, "sys/devices/virtual/dmi/id/" + e.getKey(), e.getValue().asText());
        }
        JsonNode uname = facts.get("uname");
        kernel(root, uname.get("release").asText(), uname.get("version").asText(), uname.get("machine").asText());
        StringBuilder os = new StringBuilder();
        facts.get("osRelease").fields().forEachRemaining(e -> os.append(e.getKey()).append('=')
                .append(e.getValue().asText()).append('\n'));
        write(root, "etc/os-release", os.toString());
        JsonNode pkg = facts.get("kernelPackage");
        if (pkg != null) {
            write(root, "var/lib/dpkg/status", "Package: " + pkg.get("name").asText()
                    + "\nStatus: install ok installed\nVersion: " + pkg.get("version").asText() + "\n\n");
        }
        int n = 0;
        for (JsonNode d : facts.get("netDrivers")) {
            driver(root, "eth" + n++, d.asText());
        }
    }

    private static void kernel(Path root, String release, String version, String machine) throws IOException {
        write(root, "proc/sys/kernel/osrelease", release + "\n");
        write(root, "proc/sys/kernel/version", version + "\n");
        write(root, "proc/sys/kernel/arch", machine + "\n");
    }

    private static void driver(Path root, String nic, String driver) throws IOException {
        Path device = root.resolve("sys/class/net/" + nic + "/device");
        Files.createDirectories(device);
        // as on a real node, a relative link into /sys/bus; its target need not exist
        Files.createSymbolicLink(device.resolve("driver"), Path.of("../../../../bus/pci/drivers/" + driver));
    }

    private static void write(Path root, String relative, String content) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static JsonNode run(Path root, String... args) throws Exception {
        return run(root, Map.of(), args);
    }

    /**
     * Runs the collector on a fake tree. An apt-cache on PATH answers for the tree as apt would: the installed
     * systemd, and a newer candidate.
     */
    private static JsonNode run(Path root, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("sh", SCRIPT.toString(), "--root", root.toString()));
        command.addAll(List.of(args));
        Path bin = Files.createDirectories(root.getParent().resolve("bin-" + root.getFileName()));
        Path aptCache = bin.resolve("apt-cache");
        Files.writeString(aptCache, String.join("\n",
                "#!/bin/sh",
                "case \"$*\" in *\"Dir=" + root + "\"*) ;; *) exit 1 ;; esac",
                "printf '%s\\n' 'systemd:' '  Installed: 252.22-1~deb12u1' '  Candidate: 252.26-1~deb12u2'"
                        + " '  Version table:' '     252.26-1~deb12u2 500'"
                        + " '        500 http://deb.debian.org/debian bookworm/main amd64 Packages'"
                        + " 'udev:' '  Installed: (none)' '  Candidate: (none)'",
                ""));
        aptCache.toFile().setExecutable(true);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.environment().put("PATCHCAST_COLLECTED_AT", "2022-05-20T10:00:00Z");
        pb.environment().remove("PATCHCAST_URL");
        pb.environment().remove("PATCHCAST_TOKEN");
        pb.environment().remove("PATCHCAST_METADATA_URL");
        pb.environment().putAll(env);
        Path err = Files.createTempFile(root.getParent(), "stderr", ".txt");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("the collector did not finish");
        }
        assertEquals(0, p.exitValue(), "collector failed: " + Files.readString(err));
        JsonNode doc = JSON.readTree(out);
        assertTrue(doc instanceof ObjectNode, new String(out, StandardCharsets.UTF_8));
        assertEquals("2022-05-20T10:00:00Z", doc.get("collectedAt").asText());
        return doc;
    }
}
