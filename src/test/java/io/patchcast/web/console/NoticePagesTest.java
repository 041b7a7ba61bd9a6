package io.patchcast.web.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.patchcast.common.SecurityHeaders;
import io.patchcast.customer.Customer;
import io.patchcast.notify.Notice;
import io.patchcast.notify.NoticeKind;
import io.patchcast.notify.NoticeMetrics;
import io.patchcast.notify.NoticeStatus;
import io.patchcast.notify.OutgoingNotice;
import io.patchcast.notify.Outbox;
import io.patchcast.notify.Recipient;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.filter.cookie.CookieFilter;
import io.restassured.http.Headers;
import jakarta.inject.Inject;

/** Staff see every notice's delivery, the email itself, and can retry dead ones. */
@QuarkusTest
class NoticePagesTest {

    @Inject
    Outbox outbox;

    @Inject
    NoticeMetrics metrics;

    static CookieFilter login(String user, String password) {
        CookieFilter cookies = new CookieFilter();
        given().filter(cookies).redirects().follow(false)
                .formParam("j_username", user).formParam("j_password", password)
                .when().post("/j_security_check")
                .then().statusCode(302);
        return cookies;
    }

    long deadId;
    long sentId;
    String event;

    @BeforeEach
    void seed() {
        event = "window:77:moved:" + UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> {
            Notice.deleteAll();
            Customer acme = Customer.findBySlug("acme-analytics").orElseThrow();
            outbox.enqueue(new OutgoingNotice(NoticeKind.WINDOW_MOVED, event, acme.id, null, "Window moved to Tuesday",
                    "Moved.", "<p style=\"color:#123456\">Moved.</p><img src=\"https://tracker.example/p.gif\">", null, null),
                    List.of(new Recipient("Ops", "ops@acme.example"), new Recipient("Lead", "lead@acme.example")));
        });
        QuarkusTransaction.requiringNew().run(() -> {
            List<Notice> rows = Notice.listByEvent(event);
            Notice dead = rows.get(0);
            dead.status = NoticeStatus.DEAD;
            dead.attempts = 8;
            dead.lastError = "SMTP 451 4.3.0 Temporary local problem";
            Notice sent = rows.get(1);
            sent.status = NoticeStatus.SENT;
            sent.attempts = 1;
            sent.sentAt = Instant.now();
            deadId = dead.id;
            sentId = sent.id;
        });
        metrics.refreshNow();
    }

    @Test
    void staffSeeNoticesWithCountsAndFilters() {
        CookieFilter staff = login("support", "support");
        given().filter(staff).when().get("/console/notices")
                .then().statusCode(200)
                .body(containsString("<title>Notices · Patchcast</title>"))
                .body(containsString("<dt>Dead</dt><dd>1</dd>"))
                .body(containsString("<dt>Sent</dt><dd>1</dd>"))
                .body(containsString("lead@acme.example"))
                .body(containsString("SMTP 451 4.3.0 Temporary local problem"))
                .body(containsString("Retry all dead notices"));
        given().filter(staff).when().get("/console/notices?status=dead&customer=acme-analytics")
                .then().statusCode(200)
                .body(containsString("lead@acme.example"))
                .body(not(containsString("ops@acme.example")));
        given().filter(staff).when().get("/console/notices?customer=borealis-bank")
                .then().statusCode(200).body(containsString("No notice matches these filters."));
        given().filter(staff).accept("text/html").when().get("/console/notices?status=lost")
                .then().statusCode(400);
    }

    @Test
    void detailShowsTheEmailInALockedDownFrame() {
        CookieFilter staff = login("support", "support");
        given().filter(staff).when().get("/console/notices/" + deadId)
                .then().statusCode(200)
                .body(containsString("Last error: SMTP 451"))
                .body(containsString("Retry this notice"))
                .body(containsString("<iframe class=\"mail-preview\" src=\"/console/notices/" + deadId + "/html\" sandbox"))
                .body(containsString("ops@acme.example"));
        Headers preview = given().filter(staff).when().get("/console/notices/" + deadId + "/html")
                .then().statusCode(200)
                .body(containsString("<p style=\"color:#123456\">Moved.</p>")).extract().headers();
        // exactly its own policy: the site's frame-ancestors 'none' beside it would blank the frame
        assertEquals(List.of(NoticePages.PREVIEW_CSP), preview.getValues("Content-Security-Policy"));
        assertEquals(List.of("SAMEORIGIN"), preview.getValues("X-Frame-Options"));
        Headers page = given().filter(staff).when().get("/console/notices/" + deadId).then().extract().headers();
        assertEquals(List.of(SecurityHeaders.DEFAULT_CSP), page.getValues("Content-Security-Policy"));
        assertEquals(List.of("DENY"), page.getValues("X-Frame-Options"));
        given().filter(staff).when().get("/console/notices/" + sentId)
                .then().statusCode(200).body(not(containsString("Retry this notice")));
    }

    @Test
    void staffRetryPutsADeadNoticeBackInTheQueue() {
        CookieFilter staff = login("support", "support");
        String page = given().filter(staff).when().get("/console/notices/" + deadId).then().extract().asString();
        String token = page.replaceAll("(?s).*name=\"csrf-token\" value=\"([^\"]+)\".*", "$1");
        given().filter(staff).redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("csrf-token", token)
                .when().post("/console/notices/" + deadId + "/retry")
                .then().statusCode(303).header("Location", endsWith("/console/notices/" + deadId + "?retried=1"));
        Notice retried = QuarkusTransaction.requiringNew().call(() -> Notice.findById(deadId));
        assertEquals(NoticeStatus.PENDING, retried.status);
        assertEquals(0, retried.attempts);
        given().filter(staff).redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("csrf-token", token)
                .when().post("/console/notices/" + sentId + "/retry")
                .then().statusCode(409);
    }

    @Test
    void customersCannotSeeTheOutbox() {
        CookieFilter customer = login("acme-analytics", "demo");
        given().filter(customer).accept("text/html").when().get("/console/notices").then().statusCode(403);
        given().filter(customer).accept("text/html").when().get("/console/notices/" + deadId + "/html").then().statusCode(403);
    }

    @Test
    void outboxDepthAndFailuresAreMetrics() {
        given().auth().preemptive().basic("support", "support").when().get("/q/metrics").then().statusCode(200)
                .body(containsString("patchcast_notices{status=\"DEAD\"} 1.0"))
                .body(containsString("patchcast_notices{status=\"SENT\"} 1.0"))
                .body(containsString("patchcast_notice_send_failures_total{type=\"permanent\"}"));
    }
}
