package io.patchcast.incident;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Known XSS payloads, and a check that HTML built from them is inert. Shared by the incident tests. */
final class XssPayloads {

    static final List<String> ALL = List.of(
            "<script>alert('xss-1')</script>",
            "<img src=x onerror=alert('xss-2')>",
            "<svg onload=alert('xss-3')>",
            "<svg><script>alert('xss-4')</script></svg>",
            "[click](javascript:alert('xss-5'))",
            "[click](JaVaScRiPt:alert('xss-6'))",
            "[click](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert('xss-7'))",
            "[click](java\tscript:alert('xss-8'))",
            "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgneHNzLTknKTwvc2NyaXB0Pg==)",
            "![img](javascript:alert('xss-10'))",
            "![img](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
            "<iframe src=\"https://evil.example/\"></iframe>",
            "<a href=\"javascript:alert('xss-12')\">x</a>",
            "<div style=\"background:url(javascript:alert('xss-13'))\">styled</div>",
            "<style>body{background:red}</style>",
            "<p onclick=\"alert('xss-15')\">para</p>",
            "<details open ontoggle=alert('xss-16')>",
            "\"><script>alert('xss-17')</script>",
            "' onmouseover='alert(18)' x='",
            "<object data=\"javascript:alert('xss-19')\"></object>",
            "<form action=\"javascript:alert('xss-20')\"><button>go</button></form>",
            "<math><mtext><table><mglyph><style><img src=x onerror=alert('xss-21')>",
            "[a](https://ok.example/\" onmouseover=\"alert('xss-22'))",
            "<a href=\"&#x6A;avascript:alert('xss-23')\">y</a>",
            "<base href=\"https://evil.example/\">",
            "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(25)\">",
            "<input autofocus onfocus=alert('xss-26')>",
            "<video><source onerror=\"alert('xss-27')\"></video>",
            "```html\n<script>alert('xss-28')</script>\n```",
            "| a | b |\n|---|---|\n| <img src=x onerror=alert('xss-29')> | [c](javascript:alert(29)) |");

    /** The payloads in one Markdown document, each in its own paragraph. */
    static String document() {
        return String.join("\n\n", ALL);
    }

    private static final Pattern ACTIVE_TAG = Pattern.compile(
            "<\\s*(script|iframe|object|embed|style|svg|math|form|input|base|meta|link|details|video|source|button)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern EVENT_HANDLER = Pattern.compile("<[^>]*\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE);
    private static final Pattern BAD_URL = Pattern.compile("(href|src|action|data)\\s*=\\s*[\"']?\\s*(javascript|data|vbscript):",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern STYLE_ATTR = Pattern.compile("<[^>]*\\sstyle\\s*=", Pattern.CASE_INSENSITIVE);

    /** The first sign of live markup in {@code html}, or null when it is inert. */
    static String liveMarkup(String html) {
        for (Pattern p : List.of(ACTIVE_TAG, EVENT_HANDLER, BAD_URL, STYLE_ATTR)) {
            var m = p.matcher(html);
            if (m.find()) {
                int from = Math.max(0, m.start() - 40);
                return html.substring(from, Math.min(html.length(), m.end() + 40)).toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }

    private XssPayloads() {
    }
}
