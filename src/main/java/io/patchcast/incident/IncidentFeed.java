package io.patchcast.incident;

import java.io.StringWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.patchcast.customer.Customer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * The Atom 1.0 feed (RFC 4287) of the published incidents touching one customer. Written with a streaming XML
 * writer, so every text is escaped by construction; the content is the same sanitised HTML the portal shows,
 * carried as escaped text ({@code type="html"}).
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class IncidentFeed {

    static final String ATOM = "http://www.w3.org/2005/Atom";
    public static final String MEDIA_TYPE = "application/atom+xml;charset=UTF-8";

    @Inject
    IncidentConfig config;

    @ConfigProperty(name = "patchcast.base-url", defaultValue = "http://localhost:8080")
    String baseUrl;

    @Inject
    MarkdownRenderer markdown;

    /** The feed document; {@code selfPath} is the path the feed was requested at (it holds the secret). */
    public String atom(long customerId, String selfPath) {
        Customer customer = Customer.findById(customerId);
        List<Incident> incidents = Incident.listPublishedFor(customerId);
        String base = baseUrl;
        Instant updated = incidents.stream().map(i -> i.updatedAt).max(Instant::compareTo)
                .orElse(customer.createdAt);
        try {
            StringWriter out = new StringWriter();
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeStartElement("feed");
            xml.writeDefaultNamespace(ATOM);
            text(xml, "id", "urn:patchcast:incidents:" + customer.slug);
            text(xml, "title", "Incidents for " + customer.name);
            text(xml, "updated", rfc3339(updated));
            author(xml);
            link(xml, "self", base + selfPath, "application/atom+xml");
            link(xml, "alternate", base + "/incidents", "text/html");
            for (Incident incident : incidents) {
                xml.writeStartElement("entry");
                text(xml, "id", "urn:patchcast:incident:" + incident.slug);
                text(xml, "title", "[" + incident.status.label + "] " + incident.title);
                text(xml, "published", rfc3339(incident.publishedAt));
                text(xml, "updated", rfc3339(incident.updatedAt));
                author(xml);
                link(xml, "alternate", base + "/incidents/" + incident.slug, "text/html");
                text(xml, "summary", incident.summary);
                xml.writeStartElement("content");
                xml.writeAttribute("type", "html");
                xml.writeCharacters(contentHtml(incident));
                xml.writeEndElement();
                xml.writeEndElement();
            }
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
            return out.toString();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write the incident feed", e);
        }
    }

    /** Body and timeline as one HTML fragment; only sanitised HTML and escaped text go into it. */
    private String contentHtml(Incident incident) {
        StringBuilder html = new StringBuilder();
        html.append("<p><strong>").append(incident.severity.label).append("</strong> · ")
                .append(incident.status.label).append("</p>");
        html.append(markdown.render(incident.bodyMarkdown));
        if (!incident.updates.isEmpty()) {
            html.append("<h2>Updates</h2>");
            for (IncidentUpdate update : incident.updates) {
                html.append("<h3>").append(update.status.label).append(" · ").append(rfc3339(update.createdAt))
                        .append("</h3>").append(markdown.render(update.bodyMarkdown));
            }
        }
        return html.toString();
    }

    private void author(XMLStreamWriter xml) throws XMLStreamException {
        xml.writeStartElement("author");
        text(xml, "name", config.feedAuthor());
        xml.writeEndElement();
    }

    private static void link(XMLStreamWriter xml, String rel, String href, String type) throws XMLStreamException {
        xml.writeEmptyElement("link");
        xml.writeAttribute("rel", rel);
        xml.writeAttribute("type", type);
        xml.writeAttribute("href", href);
    }

    private static void text(XMLStreamWriter xml, String name, String value) throws XMLStreamException {
        xml.writeStartElement(name);
        xml.writeCharacters(value == null ? "" : value);
        xml.writeEndElement();
    }

    static String rfc3339(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

}
