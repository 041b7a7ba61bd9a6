package io.patchcast.incident;

import static io.patchcast.incident.IncidentTestSupport.clusterOf;
import static io.patchcast.incident.IncidentTestSupport.publishedFor;
import static io.patchcast.incident.IncidentTestSupport.staff;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import io.patchcast.customer.Customer;
import io.patchcast.customer.FeedTokenService;
import io.patchcast.security.Role;
import io.patchcast.security.Viewer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** The per-customer Atom feed: valid Atom 1.0 structure, only the customer's incidents, inert content. */
@QuarkusTest
class IncidentFeedTest {

    static final String ATOM = "http://www.w3.org/2005/Atom";

    @Inject
    FeedTokenService tokens;

    private FeedTokenService.Created tokenOf(String slug) {
        long customerId = QuarkusTransaction.requiringNew().call(() -> Customer.findBySlug(slug).orElseThrow().id);
        return tokens.create(new Viewer(slug, Role.CUSTOMER, customerId, slug));
    }

    private static Document parse(byte[] xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            if (n instanceof Element e && ATOM.equals(e.getNamespaceURI()) && name.equals(e.getLocalName())) {
                out.add(e);
            }
        }
        return out;
    }

    private static Element one(Element parent, String name) {
        List<Element> found = children(parent, name);
        assertEquals(1, found.size(), "exactly one atom:" + name + " in " + parent.getLocalName());
        return found.get(0);
    }

    private static void assertRfc3339(String value) {
        OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        assertTrue(value.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?(Z|[+-]\\d\\d:\\d\\d)"), value);
    }

    @Test
    void feedIsAtomWithTheCustomersIncidentsOnly() throws Exception {
        String doc = XssPayloads.document();
        String mine = publishedFor("Feed <b>test</b>", "<img src=x onerror=alert(1)>", doc,
                clusterOf("acme-analytics"));
        staff().body(Map.of("status", "resolved", "body", doc)).when()
                .post("/api/v1/incidents/" + mine + "/updates").then().statusCode(201);
        String theirs = publishedFor("Not for acme", "S", "B", clusterOf("borealis-bank"));

        FeedTokenService.Created token = tokenOf("acme-analytics");
        byte[] xml = given().when().get("/feeds/" + token.secret() + ".atom")
                .then().statusCode(200).contentType("application/atom+xml").extract().asByteArray();
        Document feedDoc = parse(xml);
        Element feed = feedDoc.getDocumentElement();
        assertEquals(ATOM, feed.getNamespaceURI());
        assertEquals("feed", feed.getLocalName());
        assertFalse(one(feed, "id").getTextContent().isBlank());
        assertFalse(one(feed, "title").getTextContent().isBlank());
        assertRfc3339(one(feed, "updated").getTextContent());
        assertNotNull(one(one(feed, "author"), "name"));
        assertTrue(children(feed, "link").stream().anyMatch(l -> "self".equals(l.getAttribute("rel"))
                && l.getAttribute("href").startsWith("http")));

        List<String> ids = new ArrayList<>();
        Element entryOfMine = null;
        for (Element entry : children(feed, "entry")) {
            String id = one(entry, "id").getTextContent();
            assertTrue(id.matches("[a-z][a-z0-9+.-]*:.+"), "id is an IRI: " + id);
            ids.add(id);
            assertFalse(one(entry, "title").getTextContent().isBlank());
            assertRfc3339(one(entry, "updated").getTextContent());
            assertRfc3339(one(entry, "published").getTextContent());
            one(one(entry, "author"), "name");
            assertTrue(children(entry, "link").stream().anyMatch(l -> "alternate".equals(l.getAttribute("rel"))
                    && l.getAttribute("href").startsWith("http")));
            if (id.endsWith(":" + mine)) {
                entryOfMine = entry;
            }
        }
        assertTrue(ids.stream().noneMatch(id -> id.endsWith(":" + theirs)), "another customer's incident in the feed");
        assertNotNull(entryOfMine, "own incident missing from " + ids);
        assertEquals(ids.size(), ids.stream().distinct().count());

        Element content = one(entryOfMine, "content");
        assertEquals("html", content.getAttribute("type"));
        String html = content.getTextContent();
        assertTrue(html.contains("<p>") && html.contains("Resolved"), html);
        assertNull(XssPayloads.liveMarkup(html), html);
        assertTrue(one(entryOfMine, "title").getTextContent().contains("Feed <b>test</b>"),
                "titles are text, shown as typed");
    }

    @Test
    void unknownOrRevokedTokenIs404() {
        given().when().get("/feeds/not-a-real-token-at-all-0000.atom").then().statusCode(404);
        FeedTokenService.Created token = tokenOf("borealis-bank");
        given().when().get("/feeds/" + token.secret() + ".atom").then().statusCode(200);
        long customerId = QuarkusTransaction.requiringNew().call(() -> Customer.findBySlug("borealis-bank")
                .orElseThrow().id);
        tokens.revoke(new Viewer("borealis-bank", Role.CUSTOMER, customerId, "b"), token.id());
        given().when().get("/feeds/" + token.secret() + ".atom").then().statusCode(404);
    }
}
