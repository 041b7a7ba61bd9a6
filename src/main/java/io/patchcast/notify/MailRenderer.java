package io.patchcast.notify;

import java.util.Map;

import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Renders the html+txt pair of a mail template. Mail templates live in pairs, {@code templates/mail/<name>.html}
 * and {@code .txt} (or a {@code @CheckedTemplate} pair), both starting with
 * {@code {#include mail/layout}{#title}…{/title}…{/include}} — the text one with {@code mail/layout.txt}, so the
 * plain part gets the plain layout.
 */
@ApplicationScoped
public class MailRenderer {

    /** Both bodies of one email. */
    public record Rendered(String text, String html) {
    }

    @Inject
    Engine engine;

    /** Renders {@code templates/<base>.txt} and {@code templates/<base>.html} with the same data. */
    public Rendered render(String base, Map<String, Object> data) {
        Template text = require(base + ".txt");
        Template html = require(base + ".html");
        TemplateInstance t = text.instance();
        TemplateInstance h = html.instance();
        data.forEach((k, v) -> {
            t.data(k, v);
            h.data(k, v);
        });
        return new Rendered(t.render(), h.render());
    }

    /** Renders a type-safe pair, e.g. {@code render(Templates.moved$txt(w), Templates.moved(w))}. */
    public Rendered render(TemplateInstance text, TemplateInstance html) {
        return new Rendered(text.render(), html.render());
    }

    private Template require(String id) {
        Template t = engine.getTemplate(id);
        if (t == null) {
            throw new IllegalStateException("no mail template " + id);
        }
        return t;
    }
}
