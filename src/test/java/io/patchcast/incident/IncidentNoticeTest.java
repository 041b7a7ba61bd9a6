package io.patchcast.incident;

import static io.patchcast.incident.IncidentTestSupport.clusterOf;
import static io.patchcast.incident.IncidentTestSupport.publishedFor;
import static io.patchcast.incident.IncidentTestSupport.staff;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.patchcast.customer.Contact;
import io.patchcast.customer.Customer;
import io.patchcast.notify.Notice;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/** Publication and updates reach every contact of each affected customer once, and nobody else. */
@QuarkusTest
class IncidentNoticeTest {

    private static long idOf(String slug) {
        return QuarkusTransaction.requiringNew().call(() -> Incident.findBySlug(slug).orElseThrow().id);
    }

    /** Notice rows of the events with this key prefix, counted per customer slug. */
    private static Map<String, Long> perCustomer(String eventPrefix) {
        return QuarkusTransaction.requiringNew().call(() -> Notice.<Notice>list("eventKey like ?1", eventPrefix + "%")
                .stream().collect(Collectors.groupingBy(
                        n -> Customer.<Customer>findById(n.customerId).slug, TreeMap::new, Collectors.counting())));
    }

    private static long contactsOf(String slug) {
        return QuarkusTransaction.requiringNew().call(() -> Contact.count("customer.slug", slug));
    }

    @Test
    void oneNoticePerContactOfEachAffectedCustomerOnly() {
        String slug = publishedFor("Disk pressure", "Some disks filled up.", "Text", clusterOf("acme-analytics"));
        long id = idOf(slug);
        assertEquals(Map.of("acme-analytics", contactsOf("acme-analytics")), perCustomer("incident:" + id + ":published"));

        staff().body(Map.of("status", "monitoring", "body", "Recovered.")).when()
                .post("/api/v1/incidents/" + slug + "/updates").then().statusCode(201);
        assertEquals(Map.of("acme-analytics", contactsOf("acme-analytics")), perCustomer("incident:" + id + ":update:"));

        // widening the scope tells the new customer, and does not tell the first one twice
        staff().body(Map.of("scope", Map.of("clusterIds", List.of(clusterOf("acme-analytics"),
                clusterOf("borealis-bank"))))).when().patch("/api/v1/incidents/" + slug).then().statusCode(200);
        assertEquals(Map.of("acme-analytics", contactsOf("acme-analytics"), "borealis-bank", contactsOf("borealis-bank")),
                perCustomer("incident:" + id + ":published"));
    }

    @Test
    void demoWriteUpNotifiedExactlyItsAffectedCustomers() {
        long id = idOf(IncidentDemo.SLUG);
        Map<String, Long> expected = QuarkusTransaction.requiringNew().call(() -> {
            Map<String, Long> m = new TreeMap<>();
            for (Long customerId : IncidentCluster.customerIdsOf(id)) {
                Customer c = Customer.findById(customerId);
                m.put(c.slug, Contact.count("customer.id", customerId));
            }
            return m;
        });
        assertTrue(expected.size() > 1 && expected.size() < 30, "the MSI-X rule touches some customers, not all");
        assertEquals(expected, perCustomer("incident:" + id + ":published"));
    }

    @Test
    void draftsAndTheirUpdatesSendNothing() {
        String slug = IncidentTestSupport.uniqueSlug("quiet");
        staff().body(IncidentTestSupport.body(slug, "Draft", "S", "B",
                IncidentTestSupport.clusters(clusterOf("acme-analytics")))).when().post("/api/v1/incidents")
                .then().statusCode(201);
        staff().body(Map.of("status", "identified", "body", "x")).when()
                .post("/api/v1/incidents/" + slug + "/updates").then().statusCode(201);
        assertEquals(Map.of(), perCustomer("incident:" + idOf(slug) + ":"));
    }

    @Test
    void payloadsAreInertInEmails() throws IOException {
        String doc = XssPayloads.document();
        String slug = publishedFor("<script>alert('t')</script>\r\nBcc: evil@example.com",
                "<img src=x onerror=alert('s')>", doc, clusterOf("acme-analytics"));
        staff().body(Map.of("status", "identified", "body", doc)).when()
                .post("/api/v1/incidents/" + slug + "/updates").then().statusCode(201);
        long id = idOf(slug);
        List<Notice> notices = QuarkusTransaction.requiringNew()
                .call(() -> Notice.<Notice>list("eventKey like ?1", "incident:" + id + ":%"));
        assertEquals(2 * contactsOf("acme-analytics"), notices.size());
        String layoutStyles = styles("templates/mail/layout.html") + styles("templates/IncidentNotifier/published.html")
                + styles("templates/IncidentNotifier/updated.html");
        for (Notice n : notices) {
            assertTrue(!n.subject.contains("\n") && !n.subject.contains("\r"), n.subject);
            // the layout's own head (charset and viewport meta tags) is not incident content
            String html = n.htmlBody.replaceFirst("(?s)<head>.*?</head>", "");
            // the mail layout styles itself inline (mail clients need it): take those known attributes out first
            for (String style : layoutStyles.split("\n")) {
                if (!style.isBlank()) {
                    html = html.replace(style, "");
                }
            }
            assertNull(XssPayloads.liveMarkup(html), html);
            assertTrue(html.contains("&lt;script&gt;alert("), "the title is shown, escaped");
        }
    }

    private static String styles(String resource) throws IOException {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Matcher m = Pattern.compile(" style=\"[^\"]*\"").matcher(text);
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                sb.append(m.group()).append('\n');
            }
            return sb.toString();
        }
    }
}
