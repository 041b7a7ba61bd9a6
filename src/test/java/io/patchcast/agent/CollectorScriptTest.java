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
        List<String> command = new ArrayList<>(List.of("sh", SCRIPT.toString(), "--root", root.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("PATCHCAST_COLLECTED_AT", "2022-05-20T10:00:00Z");
        pb.environment().remove("PATCHCAST_URL");
        pb.environment().remove("PATCHCAST_TOKEN");
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
