package io.patchcast.fleet;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.patchcast.compat.Verdict;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/** Version 2 node facts: the boot target and the platform, stored, derived and judged. */
@QuarkusTest
class FactsV2ResourceTest {

    /** An m5 on Debian 12 whose planned kernel 6.1.94-1 got an initramfs without nvme. */
    static Map<String, Object> nitroDoc(long clusterId, String instanceId) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("factsVersion", 2);
        f.put("clusterId", String.valueOf(clusterId));
        f.put("instanceId", instanceId);
        f.put("provider", "aws");
        f.put("dmi", Map.of("sys_vendor", "Amazon EC2\n", "product_name", "m5.xlarge\n"));
        f.put("uname", Map.of("release", "6.1.0-20-amd64", "version", "#1 SMP PREEMPT_DYNAMIC Debian 6.1.90-1 (2024-05-03)",
                "machine", "x86_64"));
        f.put("osRelease", Map.of("ID", "debian", "VERSION_ID", "\"12\""));
        f.put("kernelPackage", Map.of("name", "linux-image-6.1.0-20-amd64", "version", "6.1.90-1"));
        f.put("cmdline", "BOOT_IMAGE=/boot/vmlinuz-6.1.0-20-amd64 root=UUID=0b1e ro console=ttyS0\n");
        f.put("moduleParameters", Map.of("nvme_core.io_timeout", "4294967295\n"));
        f.put("kernelModules", List.of("kernel/drivers/net/ethernet/amazon/ena/ena.ko", "kernel/drivers/nvme/host/nvme.ko"));
        f.put("interfaces", List.of(Map.of("name", "ens5", "driver", "ena", "driverVersion", "2.8.1g\n",
                "pciId", "1d0f:ec20", "mtu", "9001\n")));
        f.put("networkRenderer", "networkd");
        f.put("boot", Map.of("mode", "uefi", "secureBoot", "disabled"));
        f.put("packages", Map.of("systemd", "252.22-1~deb12u1"));
        f.put("cloud", Map.of("aws", Map.of("instanceId", instanceId, "instanceType", "m5.xlarge",
                "availabilityZone", "us-east-1a")));
        f.put("planned", Map.of(
                "kernelPackage", Map.of("name", "linux-image-6.1.0-21-amd64", "version", "6.1.94-1"),
                "kernelModules", List.of("kernel/drivers/net/ethernet/amazon/ena/ena.ko.xz", "nvme.ko.xz", "nvme-core.ko.xz"),
                "initramfsModules", List.of("usr/lib/modules/6.1.0-21-amd64/kernel/fs/ext4/ext4.ko"),
                "cmdline", "root=UUID=0b1e ro console=ttyS0",
                "packages", Map.of("systemd", "252.26-1~deb12u2")));
        f.put("collectedAt", "2024-06-01T10:00:00Z");
        return f;
    }

    @Test
    void versionTwoFactsAreStoredDerivedAndDecideThePlannedBoot() {
        String secret = FactsTestSupport.token("v2 agent", "acme-analytics");
        long cluster = FactsTestSupport.cluster("acme-analytics", Provider.AWS);
        given().header("Authorization", "Bearer " + secret).contentType("application/json")
                .body(nitroDoc(cluster, "i-0v2facts0000001"))
                .when().post("/api/v1/facts")
                .then().statusCode(200)
                .body("nodes[0].exposure", equalTo("NOT_AFFECTED"))
                .body("nodes[0].derived.hypervisorType", equalTo("nitro"))
                .body("nodes[0].derived.platform.plannedKernel", equalTo("6.1.94-1"))
                .body("nodes[0].derived.platform.plannedKernelModules", hasItems("ena", "nvme", "nvme_core"))
                .body("nodes[0].derived.platform.plannedInitramfsModules", not(hasItem("nvme")))
                .body("nodes[0].derived.platform.moduleParams.'nvme_core.io_timeout'", equalTo("4294967295"))
                .body("nodes[0].derived.platform.bootMode", equalTo("uefi"))
                .body("nodes[0].derived.platform.plannedPackages.systemd", equalTo("252.26-1~deb12u2"));
        Node node = QuarkusTransaction.requiringNew().call(() -> Node.findByInstanceId("i-0v2facts0000001").orElseThrow());
        assertTrue(node.factsJson.contains("initramfsModules"), "the raw document is kept whole");
        assertTrue(node.platformFacts.contains("\"plannedKernel\":\"6.1.94-1\""), node.platformFacts);
        // what the fleet views read back from the columns decides as the posted document does
        assertEquals(Verdict.AFFECTED, io.patchcast.compat.RuleSet.loadDefault()
                .evaluateVerdict(QuarkusTransaction.requiringNew().call(() -> Node.findByInstanceId(
                        "i-0v2facts0000001").orElseThrow().derivedFacts()), "6.1.94-1"));
        List<NodeFactsHistory> history = QuarkusTransaction.requiringNew()
                .call(() -> NodeFactsHistory.latestForNode(node.id, 1));
        assertTrue(history.get(0).changes.contains("first facts"), history.get(0).changes);
    }

    @Test
    void theEvaluationOfTheBootTargetNamesTheRuleAndWhatIsMissing() {
        Map<String, Object> doc = nitroDoc(1, "i-0v2eval");
        given().auth().preemptive().basic("support", "support").contentType("application/json")
                .body(Map.of("facts", doc, "plannedKernel", "6.1.94-1"))
                .when().post("/api/v1/exposure/evaluate")
                .then().statusCode(200)
                .body("verdict", equalTo("AFFECTED"))
                .body("derived.'planned.kernel'", equalTo("6.1.94-1"))
                .body("derived.'planned.boot.initramfs.modules'", not(hasItem("nvme")))
                .body("derived.'boot.mode'", equalTo("uefi"))
                .body("rules.find { it.id == 'aws-nitro-initramfs-nvme-ena' }.verdict", equalTo("AFFECTED"))
                .body("rules.find { it.id == 'aws-nitro-initramfs-nvme-ena' }.explanation",
                        containsString("initramfs lacks"));
        // the same node asked about a kernel it did not describe: its lists do not count, the vendor's word does
        given().auth().preemptive().basic("support", "support").contentType("application/json")
                .body(Map.of("facts", doc, "plannedKernel", "6.1.99-1"))
                .when().post("/api/v1/exposure/evaluate")
                .then().statusCode(200)
                .body("rules.find { it.id == 'aws-nitro-initramfs-nvme-ena' }.verdict", equalTo("NOT_AFFECTED"))
                .body("rules.find { it.id == 'aws-nitro-initramfs-nvme-ena' }.explanation",
                        containsString("no module lists were reported"));
    }

    @Test
    void malformedVersionTwoMembersAreRefusedByName() {
        String secret = FactsTestSupport.token("v2 bad agent", "acme-analytics");
        long cluster = FactsTestSupport.cluster("acme-analytics", Provider.AWS);
        Map<String, Object> doc = nitroDoc(cluster, "i-0v2bad000000001");
        doc.put("factsVersion", 3);
        doc.put("interfaces", "ens5");
        doc.put("planned", Map.of("kernelModules", List.of("ena.ko", 7), "cmdline", List.of("ro")));
        doc.put("cloud", Map.of("gcp", Map.of("nicTypes", "GVNIC")));
        given().header("Authorization", "Bearer " + secret).contentType("application/json").body(doc)
                .when().post("/api/v1/facts")
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("errors.field", hasItems("factsVersion", "interfaces", "planned.kernelModules[1]",
                        "planned.cmdline", "cloud.gcp.nicTypes"));
        assertTrue(QuarkusTransaction.requiringNew().call(() -> Node.findByInstanceId("i-0v2bad000000001").isEmpty()));
    }

    @Test
    void theOpenApiDocumentDescribesTheVersionTwoDocument() {
        given().auth().preemptive().basic("support", "support").accept("application/json").when().get("/q/openapi?format=json")
                .then().statusCode(200)
                .body("components.schemas.RawFacts.properties.planned.$ref", containsString("Planned"))
                .body("components.schemas.Planned.properties.initramfsModules.type", equalTo("array"))
                .body("components.schemas.NetInterface.properties.firmwareVersion.type", equalTo("string"))
                .body("components.schemas.Cloud.properties.gcp.$ref", containsString("Gcp"));
    }
}
