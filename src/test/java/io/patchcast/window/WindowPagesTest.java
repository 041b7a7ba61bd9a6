package io.patchcast.window;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.filter.cookie.CookieFilter;

/** The maintenance pages with real form logins and CSRF tokens. */
@QuarkusTest
class WindowPagesTest {

    static CookieFilter login(String user, String password) {
        CookieFilter cookies = new CookieFilter();
        given().filter(cookies).redirects().follow(false)
                .formParam("j_username", user).formParam("j_password", password)
                .when().post("/j_security_check")
                .then().statusCode(302);
        return cookies;
    }

    static String csrf(String page) {
        Matcher m = Pattern.compile("name=\"csrf-token\" value=\"([^\"]+)\"").matcher(page);
        assertTrue(m.find(), "page carries a CSRF token");
        return m.group(1);
    }

    @Test
    void moveFormShowsRangeDeadlineAndMovesLeftAndRefusesWithTheRule() {
        long cluster = WindowFixtures.cluster("acme-analytics");
        Instant start = WindowFixtures.tuesdayAfter(10);
        long id = WindowFixtures.window(cluster, start, start.plus(Duration.ofDays(30)));
        CookieFilter cookies = login("acme-analytics", "demo");

        String page = given().filter(cookies).when().get("/maintenance/" + id)
                .then().statusCode(200)
                .body(containsString("<title>Window of "))
                .body(containsString("Allowed range"))
                .body(containsString("Stage deadline"))
                .body(containsString("Moves left"))
                .body(containsString("2 of 2"))
                .body(containsString("Starts that would be accepted"))
                .extract().asString();
        String token = csrf(page);

        // a Saturday start breaks the weekend exclusion: the page says which rule and keeps the form
        given().filter(cookies).redirects().follow(false)
                .formParam("csrf-token", token).formParam("version", "0").formParam("reason", "Team offsite")
                .formParam("start", WindowTemplateInput.local(start.plus(Duration.ofDays(4))))
                .when().post("/maintenance/" + id + "/move")
                .then().statusCode(422).body(containsString("Refused (exclusion)"))
                .body(containsString("value=\"Team offsite\""));

        // without the CSRF token the form post is refused and nothing moves
        given().filter(cookies).redirects().follow(false)
                .formParam("version", "0").formParam("reason", "x")
                .formParam("start", WindowTemplateInput.local(start.plus(Duration.ofDays(1))))
                .when().post("/maintenance/" + id + "/move").then().statusCode(400);

        given().filter(cookies).redirects().follow(false)
                .formParam("csrf-token", token).formParam("version", "0").formParam("reason", "Release freeze")
                .formParam("start", WindowTemplateInput.local(start.plus(Duration.ofDays(1))))
                .when().post("/maintenance/" + id + "/move")
                .then().statusCode(303).header("Location", endsWith("/maintenance/" + id + "?done=moved"));
        given().filter(cookies).when().get("/maintenance/" + id + "?done=moved")
                .then().statusCode(200).body(containsString("The window has moved"))
                .body(containsString("1 of 2")).body(containsString("Release freeze"));
        int moves = QuarkusTransaction.requiringNew().call(() -> MaintenanceWindow.<MaintenanceWindow>findById(id).customerMoves);
        assertEquals(1, moves);
    }

    @Test
    void calendarListAndMonthAndForeignWindowIs404() {
        long cluster = WindowFixtures.cluster("acme-analytics");
        Instant start = WindowFixtures.tuesdayAfter(5);
        long id = WindowFixtures.window(cluster, start, null);
        String clusterName = QuarkusTransaction.requiringNew().call(() -> io.patchcast.fleet.Cluster
                .<io.patchcast.fleet.Cluster>findById(cluster).name);
        CookieFilter cookies = login("acme-analytics", "demo");
        given().filter(cookies).when().get("/maintenance").then().statusCode(200)
                .body(containsString("<h1>Maintenance calendar</h1>")).body(containsString(clusterName));
        String month = start.atZone(java.time.ZoneId.of("America/New_York")).toLocalDate().toString().substring(0, 7);
        given().filter(cookies).when().get("/maintenance?view=month&month=" + month).then().statusCode(200)
                .body(containsString("class=\"month\"")).body(containsString("/maintenance/" + id + "\""));
        given().filter(cookies).when().get("/").then().statusCode(200).body(containsString("Next maintenance"));

        CookieFilter other = login("borealis-bank", "demo");
        given().filter(other).accept("text/html").when().get("/maintenance/" + id).then().statusCode(404);
        given().filter(other).when().get("/maintenance").then().statusCode(200).body(not(containsString(clusterName)));
    }

    @Test
    void settingsCreateAndRevokeAFeedAndOptOutOfReminders() {
        CookieFilter cookies = login("borealis-bank", "demo");
        String page = given().filter(cookies).when().get("/settings/notifications").then().statusCode(200)
                .body(containsString("Exclusion times")).body(containsString("Fri 17:00 – Mon 09:00"))
                .extract().asString();
        String created = given().filter(cookies).formParam("csrf-token", csrf(page))
                .when().post("/settings/notifications/feed-tokens").then().statusCode(200)
                .body(containsString("shown only now")).extract().asString();
        Matcher m = Pattern.compile("(/calendar/[A-Za-z0-9_-]+\\.ics)").matcher(created);
        assertTrue(m.find());
        String feed = m.group(1);
        given().when().get(feed).then().statusCode(200).body(containsString("BEGIN:VCALENDAR"));
        Matcher revoke = Pattern.compile("/settings/notifications/feed-tokens/(\\d+)/revoke").matcher(created);
        assertTrue(revoke.find());
        given().filter(cookies).redirects().follow(false).formParam("csrf-token", csrf(created))
                .when().post(revoke.group(0)).then().statusCode(303);
        given().when().get(feed).then().statusCode(404);

        given().filter(cookies).redirects().follow(false).formParam("csrf-token", csrf(page))
                .formParam("startDay", "SATURDAY").formParam("startTime", "00:00")
                .formParam("endDay", "SUNDAY").formParam("endTime", "12:00")
                .when().post("/settings/notifications/exclusions").then().statusCode(303);
        given().filter(cookies).when().get("/settings/notifications").then()
                .body(containsString("Sat 00:00 – Sun 12:00"));
    }

    @Test
    void staffSeeLanesAuditAndCanHoldInBulk() {
        long cluster = WindowFixtures.cluster("acme-analytics");
        long id = WindowFixtures.window(cluster, WindowFixtures.tuesdayAfter(10), null);
        CookieFilter cookies = login("support", "support");
        String page = given().filter(cookies).when().get("/console/windows?customer=acme-analytics").then()
                .statusCode(200).body(containsString("<h1>Upcoming windows</h1>"))
                .body(containsString("id=\"lane-aws\"")).body(containsString("id=\"lane-self-hosted\""))
                .body(containsString("value=\"" + id + "\""))
                .extract().asString();
        given().filter(cookies).formParam("csrf-token", csrf(page)).formParam("windowId", String.valueOf(id))
                .formParam("action", "HOLD").formParam("reason", "Xen 4.2 hosts affected")
                .when().post("/console/windows/bulk").then().statusCode(200)
                .body(containsString("Changed 1 of 1 windows"));
        assertEquals(WindowStatus.HELD, QuarkusTransaction.requiringNew()
                .call(() -> MaintenanceWindow.<MaintenanceWindow>findById(id).status));
        // the audit log lists changes newest first by their time; other tests' changes on a test clock weeks
        // ahead come before this one, so look through its pages as a person would
        boolean listed = false;
        for (int p = 1; p <= 50 && !listed; p++) {
            String audit = given().filter(cookies).when().get("/console/audit?page=" + p).then().statusCode(200)
                    .extract().asString();
            listed = audit.contains("Xen 4.2 hosts affected");
            if (!audit.contains("page=" + (p + 1))) {
                break;
            }
        }
        assertTrue(listed, "the bulk hold and its reason are in the audit log");
        given().filter(login("acme-analytics", "demo")).accept("text/html").when().get("/console/windows")
                .then().statusCode(403);
    }
}
