package io.patchcast.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;

import io.patchcast.fleet.Cluster;
import io.patchcast.fleet.Node;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.filter.cookie.CookieFilter;

/** Exposure as people see it: badges on the dashboard, the why on the cluster page, the fleet matrix. */
@QuarkusTest
class ExposurePagesTest {

    /** An AWS Xen 4.2 i3 cluster (the incident's case) and its customer's login. */
    record XenCluster(long id, String slug, String instanceId) {
    }

    static XenCluster xenCluster() {
        return QuarkusTransaction.requiringNew().call(() -> {
            Node n = Node.<Node>find("instanceFamily = 'i3' and hypervisorVersion = '4.2' and netDrivers = 'ena'"
                    + " order by id").firstResult();
            return new XenCluster(n.cluster.id, n.cluster.customer.slug, n.instanceId);
        });
    }

    static String csrf(String page) {
        return page.replaceAll("(?s).*name=\"csrf-token\" value=\"([^\"]+)\".*", "$1");
    }

    @Test
    void dashboardShowsABadgePerClusterLinkingToTheWhy() {
        XenCluster xen = xenCluster();
        CookieFilter cookies = LoginAndPagesTest.login(xen.slug(), "demo");
        given().filter(cookies).when().get("/")
                .then().statusCode(200)
                .body(containsString("<th scope=\"col\">Exposure</th>"))
                .body(containsString("href=\"/clusters/" + xen.id() + "#exposure\""))
                .body(matchesPattern("(?s).*class=\"badge badge-(AFFECTED|UNKNOWN|NOT_AFFECTED)\".*"));
    }

    @Test
    void clusterPageExplainsAPlannedKernelVerdict() {
        XenCluster xen = xenCluster();
        CookieFilter cookies = LoginAndPagesTest.login(xen.slug(), "demo");
        given().filter(cookies).when().get("/clusters/" + xen.id() + "?kernel=5.10.113-1")
                .then().statusCode(200)
                .body(containsString("id=\"exposure\""))
                .body(containsString("If kernel <code>5.10.113-1</code> boots after maintenance"))
                .body(containsString("badge badge-AFFECTED"))
                .body(containsString("xen-hvm-msix-masking"))
                // each node's line names the deciding rule; the long why sits behind it, once per node
                .body(matchesPattern("(?s).*<summary>.*?— No network after reboot on old AWS Xen hosts \\(PCI/MSI-X masking\\)</summary>.*"))
                .body(containsString("Remediation options"))
                .body(containsString("i3en"));
        given().filter(cookies).accept("text/html").when().get("/clusters/" + xen.id() + "?kernel=bogus!")
                .then().statusCode(400).body(containsString("kernel"));
    }

    @Test
    void fleetExposureMatrixDrillsDownToClusters() {
        CookieFilter cookies = LoginAndPagesTest.login("support", "support");
        given().filter(cookies).when().get("/console/exposure?kernel=5.10.113-1")
                .then().statusCode(200)
                .body(containsString("<h1>Fleet exposure</h1>"))
                .body(containsString("family=i3&amp;hypervisorType=xen&amp;hypervisorVersion=4.2"));
        XenCluster xen = xenCluster();
        given().filter(cookies)
                .when().get("/console/exposure/clusters?provider=aws&family=i3&hypervisorType=xen"
                        + "&hypervisorVersion=4.2&verdict=AFFECTED&kernel=5.10.113-1")
                .then().statusCode(200)
                .body(containsString("href=\"/clusters/" + xen.id() + "?kernel=5.10.113-1#exposure\""));
        given().filter(cookies)
                .when().get("/console/exposure/clusters?provider=gcp&family=i3&verdict=AFFECTED")
                .then().statusCode(200).body(containsString("No cluster has nodes in this group."));
    }

    @Test
    void whatIfShowsTheVerdictOrTheFieldError() {
        CookieFilter cookies = LoginAndPagesTest.login("support", "support");
        String token = csrf(given().filter(cookies).when().get("/console/exposure/what-if").then().statusCode(200)
                .extract().asString());
        XenCluster xen = xenCluster();
        given().filter(cookies).contentType("application/x-www-form-urlencoded")
                .formParam("csrf-token", token).formParam("instanceId", xen.instanceId())
                .formParam("kernel", "5.10.113-1").formParam("facts", "")
                .when().post("/console/exposure/what-if")
                .then().statusCode(200)
                .body(containsString("badge badge-AFFECTED"))
                .body(containsString("hypervisor.version"));
        given().filter(cookies).contentType("application/x-www-form-urlencoded")
                .formParam("csrf-token", token).formParam("instanceId", "")
                .formParam("kernel", "").formParam("facts", "{\"sysfs\": ")
                .when().post("/console/exposure/what-if")
                .then().statusCode(200)
                .body(containsString("role=\"alert\""))
                .body(containsString("is not valid JSON"))
                .body(not(containsString("Exception")));
        given().filter(cookies).contentType("application/x-www-form-urlencoded")
                .formParam("instanceId", xen.instanceId())
                .when().post("/console/exposure/what-if")
                .then().statusCode(400);
    }

    @Test
    void customersCannotUseTheConsoleExposurePages() {
        CookieFilter cookies = LoginAndPagesTest.login("acme-analytics", "demo");
        given().filter(cookies).accept("text/html").when().get("/console/exposure").then().statusCode(403);
        given().filter(cookies).accept("text/html").when().get("/console/exposure/what-if").then().statusCode(403);
    }

    @Test
    void clusterWhoseNodesHaveNotReportedIsUnknownNeverNotAffected() {
        long id = QuarkusTransaction.requiringNew().call(() -> {
            Cluster template = Cluster.<Cluster>find("customer.slug = 'acme-analytics' order by id").firstResult();
            Cluster c = new Cluster();
            c.customer = template.customer;
            c.name = "fresh-gcp-" + System.nanoTime();
            c.application = template.application;
            c.provider = io.patchcast.fleet.Provider.GCP;
            c.region = "europe-west1";
            c.slaTier = template.slaTier;
            c.nodeSizeClass = template.nodeSizeClass;
            c.preferredWeekdays = "TUESDAY";
            c.preferredStartHour = 2;
            c.windowMinutes = 120;
            c.timeZone = "UTC";
            c.createdAt = java.time.Instant.now();
            c.persist();
            Node n = new Node();
            n.cluster = c;
            n.instanceId = "gce-new-" + System.nanoTime();
            n.createdAt = c.createdAt;
            n.persist();
            return c.id;
        });
        given().auth().preemptive().basic("acme-analytics", "demo")
                .when().get("/api/v1/clusters/" + id + "/exposure")
                .then().statusCode(200)
                .body("verdict", org.hamcrest.Matchers.equalTo("UNKNOWN"))
                .body("nodes[0].summary", containsString("No facts reported yet"));
        CookieFilter cookies = LoginAndPagesTest.login("acme-analytics", "demo");
        given().filter(cookies).when().get("/")
                .then().body(matchesPattern("(?s).*href=\"/clusters/" + id + "#exposure\"[^>]*>Unknown</a>.*"));
    }
}
