package io.patchcast.incident;

import java.util.List;
import java.util.regex.Pattern;

import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Turns staff-written Markdown into HTML that is safe to put in pages, emails and feeds.
 *
 * Two layers, so that a mistake in one is caught by the other: CommonMark escapes raw HTML (it shows as
 * text, never as markup) and drops unsafe link targets; then an allow-list sanitiser keeps only the
 * elements and attributes Markdown itself produces, with http, https and mailto links only.
 */
@ApplicationScoped
public class MarkdownRenderer {

    private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create());

    private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS).build();

    private static final HtmlRenderer RENDERER = HtmlRenderer.builder()
            .extensions(EXTENSIONS)
            .escapeHtml(true)
            .sanitizeUrls(true)
            .build();

    private static final Pattern LANGUAGE_CLASS = Pattern.compile("language-[a-zA-Z0-9_+-]{1,30}");
    private static final Pattern ALIGN = Pattern.compile("left|center|right");

    static final PolicyFactory POLICY = new HtmlPolicyBuilder()
            .allowElements("p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "li",
                    "pre", "code", "em", "strong", "del", "a", "img",
                    "table", "thead", "tbody", "tr", "th", "td")
            .allowUrlProtocols("http", "https", "mailto")
            .allowAttributes("href").onElements("a")
            .allowAttributes("title").onElements("a", "img")
            .allowAttributes("src", "alt").onElements("img")
            .allowAttributes("start").matching(Pattern.compile("[0-9]{1,6}")).onElements("ol")
            .allowAttributes("class").matching(LANGUAGE_CLASS).onElements("code")
            .allowAttributes("align").matching(ALIGN).onElements("th", "td")
            // links open outside the portal without handing it the opener or the referring page
            .requireRelsOnLinks("noopener", "noreferrer")
            .toFactory();

    /** Sanitised HTML for the Markdown; blank input gives an empty string. */
    public String render(String markdown) {
        if (markdown == null || markdown.isBlank()) {
            return "";
        }
        String html = RENDERER.render(PARSER.parse(markdown));
        return POLICY.sanitize(html);
    }
}
