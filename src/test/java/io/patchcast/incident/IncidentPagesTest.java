package io.patchcast.incident;

import static io.patchcast.incident.IncidentTestSupport.clusterOf;
import static io.patchcast.incident.IncidentTestSupport.publishedFor;
import static io.patchcast.incident.IncidentTestSupport.staff;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.filter.cookie.CookieFilter;

/** The incident pages with real form logins: editor, previews, publication, customer list and detail. */
@QuarkusTest
class IncidentPagesTest {

    static CookieFilter login(String user, String password) {
        CookieFilter cookies = new CookieFilter();
        given().filter(cookies).redirects().follow(false)
                .formParam("j_username", user).formParam("j_password", password)
                .when().post("/j_security_check").then().statusCode(302);
        return cookies;
    }

    static String csrf(String page) {
        return page.replaceAll("(?s).*name=\"csrf-token\" value=\"([^\"]+)\".*", "$1");
    }

    /** The page's own content, without the layout (whose sign-out form is not incident content). */
    static String main(String page) {
        return page.replaceAll("(?s).*<main id=\"main\" class=\"page\">(.*)</main>.*", "$1");
    }

    @Test
    void staffDraftPreviewAndPublishThroughTheForms() {
        CookieFilter staff = login("support", "support");
        String editor = given().filter(staff).when().get("/console/incidents/new").then().statusCode(200)
                .body(containsString("<h1>New incident</h1>")).extract().asString();
        String slug = IncidentTestSupport.uniqueSlug("page");
        String acme = String.valueOf(clusterOf("acme-analytics"));

        // preview: rendered like the customer page, scope counted, nothing saved
        given().filter(staff).formParam("csrf-token", csrf(editor)).formParam("slug", slug)
                .formParam("title", "Page <script>alert(1)</script>").formParam("severity", "major")
                .formParam("status", "investigating").formParam("summary", "Summary")
                .formParam("body", "| a | b |\n|---|---|\n| 1 | 2 |").formParam("clusters", acme)
                .formParam("action", "preview")
                .when().post("/console/incidents/new").then().statusCode(200)
                .body(containsString("Preview (not saved)"))
                .body(containsString("<td>1</td>"))
                .body(containsString("<div><dt>Customers</dt><dd>1</dd></div>"))
                .body(containsString("Acme Analytics"))
                .body(not(containsString("<script>alert(1)")));
        given().filter(staff).accept("text/html").when().get("/console/incidents/" + slug).then().statusCode(404);

        // invalid: re-rendered with field errors
        given().filter(staff).formParam("csrf-token", csrf(editor)).formParam("slug", slug).formParam("title", "")
                .formParam("severity", "major").formParam("summary", "").formParam("body", "x")
                .formParam("rules", "no-such-rule").formParam("action", "save")
                .when().post("/console/incidents/new").then().statusCode(400)
                .body(containsString("aria-invalid=\"true\""))
                .body(containsString("is not a rule id"));

        given().filter(staff).redirects().follow(false).formParam("csrf-token", csrf(editor)).formParam("slug", slug)
                .formParam("title", "Page incident").formParam("severity", "major").formParam("status", "identified")
                .formParam("summary", "Summary").formParam("body", "Body").formParam("clusters", acme)
                .formParam("action", "save")
                .when().post("/console/incidents/new").then().statusCode(303)
                .header("Location", endsWith("/console/incidents/" + slug + "?saved=1"));

        String saved = given().filter(staff).when().get("/console/incidents/" + slug).then().statusCode(200)
                .body(containsString("Draft incident")).body(containsString("Publish and notify 1 customers"))
                .extract().asString();
        given().filter(staff).when().get("/console/incidents/" + slug + "/preview").then().statusCode(200)
                .body(containsString("exactly what customers will see"));

        CookieFilter acmeUser = login("acme-analytics", "demo");
        given().filter(acmeUser).accept("text/html").when().get("/incidents/" + slug).then().statusCode(404);

        given().filter(staff).redirects().follow(false).formParam("csrf-token", csrf(saved))
                .when().post("/console/incidents/" + slug + "/publish").then().statusCode(303);
        given().filter(staff).redirects().follow(false).formParam("csrf-token", csrf(saved))
                .formParam("status", "resolved").formParam("update", "Fixed **now**.")
                .when().post("/console/incidents/" + slug + "/updates").then().statusCode(303);

        given().filter(acmeUser).when().get("/incidents/" + slug).then().statusCode(200)
                .body(containsString("<h1>Page incident</h1>"))
                .body(containsString("Your affected clusters"))
                .body(containsString("<strong>now</strong>"));
        given().filter(acmeUser).when().get("/incidents").then().statusCode(200)
                .body(containsString("/incidents/" + slug));
        given().filter(acmeUser).when().get("/").then().statusCode(200)
                .body(containsString("/incidents/" + slug));
        CookieFilter borealis = login("borealis-bank", "demo");
        given().filter(borealis).accept("text/html").when().get("/incidents/" + slug).then().statusCode(404);
        given().filter(borealis).when().get("/incidents").then().statusCode(200)
                .body(not(containsString("/incidents/" + slug)));
    }

    @Test
    void payloadsAreInertInCustomerPagesAndPreview() {
        String doc = XssPayloads.document();
        String slug = publishedFor("<script>alert('title')</script>", "<svg onload=alert('summary')>", doc,
                clusterOf("acme-analytics"));
        staff().body(Map.of("status", "identified", "body", doc)).when()
                .post("/api/v1/incidents/" + slug + "/updates").then().statusCode(201);
        CookieFilter acme = login("acme-analytics", "demo");
        for (String path : new String[] { "/incidents/" + slug, "/incidents", "/" }) {
            String page = main(given().filter(acme).when().get(path).then().statusCode(200).extract().asString());
            assertNull(XssPayloads.liveMarkup(page), path + ": " + page);
            assertTrue(page.contains("&lt;script&gt;alert("), path + " shows the title as text");
        }
        CookieFilter staff = login("support", "support");
        String preview = main(given().filter(staff).when().get("/console/incidents/" + slug + "/preview")
                .then().statusCode(200).extract().asString());
        assertNull(XssPayloads.liveMarkup(preview), preview);
    }

    @Test
    void customersCannotOpenTheConsole() {
        CookieFilter acme = login("acme-analytics", "demo");
        given().filter(acme).accept("text/html").when().get("/console/incidents").then().statusCode(403);
    }

    @Test
    void demoWriteUpReachedTheMsixCustomers() {
        CookieFilter staff = login("support", "support");
        given().filter(staff).when().get("/console/incidents").then().statusCode(200)
                .body(containsString("AWS Xen nodes fail to boot after the kernel update"));
        given().filter(staff).when().get("/console/incidents/" + IncidentDemo.SLUG).then().statusCode(200)
                .body(containsString("Published"))
                .body(containsString("affected by xen-hvm-msix-masking"))
                .body(containsString("Received by"));
    }
}
