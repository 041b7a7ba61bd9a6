package io.patchcast.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.api.Test;

/** Markdown comes out as the HTML customers should read, and no payload comes out alive. */
class MarkdownRendererTest {

    final MarkdownRenderer renderer = new MarkdownRenderer();

    @ParameterizedTest
    @FieldSource("io.patchcast.incident.XssPayloads#ALL")
    void payloadIsInert(String payload) {
        String html = renderer.render("Intro\n\n" + payload + "\n\nOutro");
        assertNull(XssPayloads.liveMarkup(html), () -> "live markup in: " + html);
        assertTrue(html.contains("Intro") && html.contains("Outro"), html);
    }

    @Test
    void tablesAndFencedCodeRender() {
        String html = renderer.render("""
                | Family | Xen host | Result |
                |:-------|:--------:|-------:|
                | i3     | 4.2      | fails  |

                ```sh
                cat /sys/hypervisor/version/minor
                ```
                """);
        assertTrue(html.contains("<table>"), html);
        assertTrue(html.contains("<th align=\"left\">Family</th>"), html);
        assertTrue(html.contains("<td align=\"center\">4.2</td>"), html);
        assertTrue(html.contains("<pre><code class=\"language-sh\">cat /sys/hypervisor/version/minor"), html);
    }

    @Test
    void linksOpenWithoutOpenerOrReferrer() {
        String html = renderer.render("See [the fix](https://git.kernel.org/commit/7e0815b3e099).").trim();
        // the sanitiser does not promise an order for the rel tokens
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("<p>See <a href=\"https://git.kernel.org/commit/7e0815b3e099\" rel=\"([a-z ]+)\">the fix</a>.</p>")
                .matcher(html);
        assertTrue(m.matches(), html);
        assertEquals(java.util.Set.of("noopener", "noreferrer"), java.util.Set.of(m.group(1).split(" ")));
    }

    @Test
    void rawHtmlIsShownAsText() {
        String html = renderer.render("<b>bold?</b>");
        assertTrue(html.contains("&lt;b&gt;bold?&lt;/b&gt;"), html);
    }

    @Test
    void theInertnessCheckSeesLiveMarkup() {
        // guards the guard: the check used on every page, email and feed must flag live payloads
        for (String live : new String[] { "<script>x</script>", "<img src=x onerror=alert(1)>",
                "<a href=\"javascript:alert(1)\">x</a>", "<a href='data:text/html,x'>x</a>", "<p style=\"x\">",
                "<svg onload=alert(1)>", "<iframe src=x>" }) {
            assertTrue(XssPayloads.liveMarkup(live) != null, live);
        }
    }

    @Test
    void blankIsEmpty() {
        assertEquals("", renderer.render("  "));
        assertEquals("", renderer.render(null));
    }
}
