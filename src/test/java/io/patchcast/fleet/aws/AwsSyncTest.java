package io.patchcast.fleet.aws;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.patchcast.fleet.Cluster;
import io.patchcast.fleet.Node;
import io.patchcast.fleet.Provider;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.filter.cookie.CookieFilter;

/**
 * The AWS sync against a local server speaking the EC2 Query API: pagination, a throttled call that is
 * retried, an AuthFailure region that is reported while the other syncs, and scheduled events shown to the
 * customer and to staff.
 */
@QuarkusTest
@QuarkusTestResource(value = Ec2StubResource.class, restrictToAnnotatedClass = true)
class AwsSyncTest {

    @Test
    void syncFromTheConsoleFillsNodesEventsAndAReport() {
        Ec2Stub stub = Ec2StubResource.stub;
        Cluster cluster = QuarkusTransaction.requiringNew().call(() -> Cluster.<Cluster>find(
                "customer.slug = ?1 and provider = ?2 order by id", "acme-analytics", Provider.AWS).firstResult());
        Node known = QuarkusTransaction.requiringNew().call(() -> Node.listByCluster(cluster.id).get(0));
        String tag = String.valueOf(cluster.id);
        stub.pages = List.of(
                List.of(new Ec2Stub.Instance(known.instanceId, "i3.2xlarge", "running", tag),
                        new Ec2Stub.Instance("i-0aaaa000000000001", "m5.xlarge", "running", tag)),
                List.of(new Ec2Stub.Instance("i-0bbbb000000000002", "r4.large", "running", "999999999"),
                        new Ec2Stub.Instance("i-0cccc000000000003", "r4.large", "stopped", "not-a-cluster")));
        stub.types = Map.of("i3.2xlarge", new String[] { "xen", "supported" },
                "m5.xlarge", new String[] { "nitro", "required" }, "r4.large", new String[] { "xen", "supported" });
        stub.events = List.of(
                new Ec2Stub.Event(known.instanceId, "system-reboot", "scheduled reboot",
                        "2026-12-01T02:00:00.000Z", "2026-12-01T04:00:00.000Z", "2026-12-08T02:00:00.000Z"),
                new Ec2Stub.Event("i-0aaaa000000000001", "instance-stop", "[Completed] The instance is running on degraded hardware",
                        "2026-11-01T02:00:00.000Z", "2026-11-01T04:00:00.000Z", "2026-11-08T02:00:00.000Z"),
                new Ec2Stub.Event("i-0bbbb000000000002", "instance-retirement", "not ours",
                        "2026-12-02T02:00:00.000Z", "2026-12-02T04:00:00.000Z", "2026-12-09T02:00:00.000Z"));
        stub.authFailureRegions = List.of("eu-west-1");
        stub.throttleTypes.set(1);
        stub.calls.clear();

        CookieFilter support = login("support", "support");
        String page = given().filter(support).when().get("/console/aws").then().statusCode(200)
                .body(containsString("main: us-east-1, eu-west-1"))
                .body(containsString("off (on demand only)"))
                .extract().asString();
        String location = given().filter(support).redirects().follow(false)
                .formParam("csrf-token", csrf(page))
                .when().post("/console/aws/sync")
                .then().statusCode(303)
                .extract().header("Location");
        assertTrue(location.contains("/console/aws/reports/"), location);

        // pagination followed, the throttled call retried, the failing region reported
        assertTrue(stub.calls.contains("DescribeInstances us-east-1 page-2"), stub.calls.toString());
        assertEquals(2, stub.calls.stream().filter(c -> c.equals("DescribeInstanceTypes us-east-1")).count(),
                stub.calls.toString());
        assertTrue(stub.calls.stream().anyMatch(c -> c.startsWith("DescribeInstances eu-west-1")));

        given().filter(support).when().get(location).then().statusCode(200)
                .body(containsString("<dt>Instances</dt><dd>4</dd>"))
                .body(containsString("<dt>Added</dt><dd>1</dd>"))
                .body(containsString("<dt>Unmatched</dt><dd>2</dd>"))
                .body(containsString("<dt>Errors</dt><dd>1</dd>"))
                .body(containsString("main/eu-west-1: AuthFailure"))
                .body(containsString("i-0aaaa000000000001 (main/us-east-1): new node of cluster " + cluster.id))
                .body(containsString("names no cluster"));

        Node synced = QuarkusTransaction.requiringNew().call(() -> Node.findByInstanceId(known.instanceId).orElseThrow());
        assertEquals("xen", synced.providerHypervisor);
        assertEquals("supported", synced.enaSupport);
        assertEquals("us-east-1", synced.region);
        Node added = QuarkusTransaction.requiringNew().call(() -> {
            Node n = Node.findByInstanceId("i-0aaaa000000000001").orElseThrow();
            n.cluster.id.longValue();
            return n;
        });
        assertEquals("nitro", added.providerHypervisor, "the type's hypervisor, not DescribeInstances' xen");
        assertEquals("required", added.enaSupport);
        assertEquals("m5.xlarge", added.instanceType);
        assertEquals("running", added.state);
        assertTrue(QuarkusTransaction.requiringNew().call(() -> Node.findByInstanceId("i-0bbbb000000000002")).isEmpty());

        List<NodeEvent> events = QuarkusTransaction.requiringNew().call(() -> NodeEvent.listByNode(synced.id));
        assertEquals(1, events.size());
        assertEquals("system-reboot", events.get(0).code);
        assertEquals(Instant.parse("2026-12-01T02:00:00Z"), events.get(0).notBefore);
        assertEquals(Instant.parse("2026-12-08T02:00:00Z"), events.get(0).deadline);
        assertTrue(QuarkusTransaction.requiringNew().call(
                () -> NodeEvent.listByNode(Node.findByInstanceId("i-0aaaa000000000001").orElseThrow().id)).isEmpty(),
                "completed events are not kept");

        // the customer sees the provider's reboot on the cluster page; staff see it fleet-wide
        CookieFilter acme = login("acme-analytics", "demo");
        given().filter(acme).when().get("/clusters/" + cluster.id).then().statusCode(200)
                .body(containsString("Provider scheduled events"))
                .body(containsString("system-reboot"))
                .body(containsString("Tue 1 Dec 2026, 02:00 UTC"))
                .body(containsString("EC2 type runs on"));
        given().filter(support).when().get("/console/events").then().statusCode(200)
                .body(containsString("system-reboot"))
                .body(containsString(known.instanceId))
                .body(not(containsString("instance-retirement")));

        // a second run finds nothing new for the known node and keeps one event, not two
        given().filter(support).redirects().follow(false).formParam("csrf-token", csrf(page))
                .when().post("/console/aws/sync").then().statusCode(303);
        assertEquals(1, QuarkusTransaction.requiringNew().call(() -> NodeEvent.listByNode(synced.id)).size());
    }

    @Test
    void customersCannotRunTheSync() {
        CookieFilter acme = login("acme-analytics", "demo");
        given().filter(acme).accept("text/html").when().get("/console/aws").then().statusCode(403);
    }

    @Test
    void aTypeChangeToNitroReplacesTheOldXenFactsAndRecomputesExposure() {
        Ec2Stub stub = Ec2StubResource.stub;
        // a demo node on an old Xen 4.2 host (i3), whose facts the agent read there
        Node xen = QuarkusTransaction.requiringNew().call(() -> {
            Node n = Node.<Node>find("hypervisorType = ?1 and hypervisorVersion = ?2 and instanceFamily = ?3"
                    + " and cluster.provider = ?4 order by id", "xen", "4.2", "i3", Provider.AWS).firstResult();
            n.cluster.id.longValue();
            return n;
        });
        String tag = String.valueOf(xen.cluster.id);
        // first the type as the agent knew it, then a stop/start onto Nitro
        stub.pages = List.of(List.of(new Ec2Stub.Instance(xen.instanceId, xen.instanceType, "running", tag)));
        stub.types = Map.of(xen.instanceType, new String[] { "xen", "supported" });
        stub.events = List.of();
        stub.authFailureRegions = List.of();
        syncFromConsole();
        assertEquals("i3", QuarkusTransaction.requiringNew().call(
                () -> Node.findByInstanceId(xen.instanceId).orElseThrow().instanceFamily));

        stub.pages = List.of(List.of(new Ec2Stub.Instance(xen.instanceId, "i3en.2xlarge", "running", tag)));
        stub.types = Map.of("i3en.2xlarge", new String[] { "nitro", "required" });
        syncFromConsole();

        Node moved = QuarkusTransaction.requiringNew().call(() -> Node.findByInstanceId(xen.instanceId).orElseThrow());
        assertEquals("i3en", moved.instanceFamily, "the family follows the new type");
        assertEquals("nitro", moved.hypervisorType, "the hypervisor follows EC2, not the old sysfs facts");
        assertEquals(null, moved.hypervisorVersion, "the old host's Xen version no longer applies");
        assertEquals("NOT_AFFECTED", moved.exposure, "a Nitro node is not exposed to the Xen MSI-X change");
        assertTrue(QuarkusTransaction.requiringNew().call(() -> io.patchcast.fleet.NodeFactsHistory.count(
                "node.id = ?1 and source = ?2", moved.id, "aws-sync")) > 0, "the change is in the facts history");
    }

    private static void syncFromConsole() {
        CookieFilter support = login("support", "support");
        String page = given().filter(support).when().get("/console/aws").then().statusCode(200).extract().asString();
        given().filter(support).redirects().follow(false).formParam("csrf-token", csrf(page))
                .when().post("/console/aws/sync").then().statusCode(303);
    }

    private static CookieFilter login(String user, String password) {
        CookieFilter cookies = new CookieFilter();
        given().filter(cookies).redirects().follow(false)
                .formParam("j_username", user).formParam("j_password", password)
                .when().post("/j_security_check").then().statusCode(302);
        return cookies;
    }

    static String csrf(String page) {
        Matcher m = Pattern.compile("name=\"csrf-token\" value=\"([^\"]+)\"").matcher(page);
        assertTrue(m.find(), "the page has a CSRF field");
        return m.group(1);
    }
}
