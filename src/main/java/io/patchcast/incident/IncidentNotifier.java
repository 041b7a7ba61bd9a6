package io.patchcast.incident;

import java.util.List;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.patchcast.notify.MailRenderer;
import io.patchcast.notify.NoticeKind;
import io.patchcast.notify.OutgoingNotice;
import io.patchcast.notify.Outbox;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Tells the contacts of affected customers about a publication or a timeline update, through the outbox and in
 * the caller's transaction. One notice per contact of each customer in the incident's affected set, and only
 * those: the recipients come from {@link IncidentCluster}, never from the scope directly. Event keys make a
 * repeated publication (after a scope change) reach only the customers that had not been told yet.
 */
@ApplicationScoped
public class IncidentNotifier {

    @Inject
    Outbox outbox;

    @Inject
    MailRenderer mail;

    @Inject
    MarkdownRenderer markdown;

    @ConfigProperty(name = "patchcast.base-url", defaultValue = "http://localhost:8080")
    String baseUrl;

    /** What the mail templates show; html parts are sanitised before they get here. */
    public record MailView(String title, String summary, String severity, String status, String bodyHtml,
            String bodyText, String url, String updateHtml, String updateText, String updateStatus) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance published(MailView incident);

        static native TemplateInstance publishedText(MailView incident);

        static native TemplateInstance updated(MailView incident);

        static native TemplateInstance updatedText(MailView incident);
    }

    public void published(Incident incident, List<Long> customerIds) {
        MailView view = view(incident, null);
        MailRenderer.Rendered body = mail.render(Templates.publishedText(view), Templates.published(view));
        String subject = "Incident: " + oneLine(incident.title);
        for (Long customerId : customerIds) {
            outbox.enqueue(new OutgoingNotice(NoticeKind.INCIDENT_PUBLISHED, "incident:" + incident.id + ":published",
                    customerId, null, subject, body.text(), body.html(), null, null),
                    outbox.contactsOf(customerId, NoticeKind.INCIDENT_PUBLISHED));
        }
    }

    public void updated(Incident incident, IncidentUpdate update, List<Long> customerIds) {
        MailView view = view(incident, update);
        MailRenderer.Rendered body = mail.render(Templates.updatedText(view), Templates.updated(view));
        String subject = "Incident update (" + update.status.label + "): " + oneLine(incident.title);
        for (Long customerId : customerIds) {
            outbox.enqueue(new OutgoingNotice(NoticeKind.INCIDENT_UPDATED,
                    "incident:" + incident.id + ":update:" + update.id, customerId, null, subject, body.text(),
                    body.html(), null, null), outbox.contactsOf(customerId, NoticeKind.INCIDENT_UPDATED));
        }
    }

    private MailView view(Incident incident, IncidentUpdate update) {
        return new MailView(incident.title, incident.summary, incident.severity.label, incident.status.label,
                markdown.render(incident.bodyMarkdown), incident.bodyMarkdown,
                baseUrl + "/incidents/" + incident.slug,
                update == null ? null : markdown.render(update.bodyMarkdown),
                update == null ? null : update.bodyMarkdown, update == null ? null : update.status.label);
    }

    /** A subject is one header line: no title may add headers of its own. */
    static String oneLine(String s) {
        String flat = s.replaceAll("[\\r\\n\\t]+", " ").strip();
        return flat.length() > 200 ? flat.substring(0, 200) : flat;
    }
}
