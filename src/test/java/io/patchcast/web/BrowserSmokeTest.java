package io.patchcast.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;

import io.patchcast.notify.Notice;
import io.patchcast.testsupport.RequiresTool;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * One real browser against the running test app: a customer signs in through the login form and lands on
 * its dashboard, and the pages hold up at phone width.
 *
 * <p>How this stays offline (found by running Playwright 1.60.0 here with {@code DEBUG=pw:install}): the
 * playwright jar depends on {@code com.microsoft.playwright:driver-bundle}, a ~200 MB jar that already holds
 * the Node.js driver for every platform, so {@code Playwright.create()} only unpacks it into
 * {@code /tmp/playwright-java-*} (a few seconds) and downloads nothing for the driver. The network step is the
 * next one: unless {@code PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD} is set, the driver runs its browser install and
 * fetches "Chrome for Testing" from cdn.playwright.dev; offline that fails (ENOTFOUND, retried) and
 * {@code Playwright.create()} throws "Failed to install browsers". Passing the variable through
 * {@link Playwright.CreateOptions#setEnv} skips that step even when the shell did not export it, and
 * {@code setExecutablePath} launches Debian's Chromium instead of a Playwright build.
 */
@RequiresTool(value = "/usr/bin/chromium", debianPackage = "chromium")
@QuarkusTest
class BrowserSmokeTest {

    static final Path CHROMIUM = Paths.get("/usr/bin/chromium");

    static Playwright playwright;
    static Browser browser;

    @TestHTTPResource("/")
    URL base;

    BrowserContext context;

    @BeforeAll
    static void launchBrowser() {
        // Never skip: a missing browser must fail the build loudly, not turn the smoke test into a no-op.
        assertTrue(Files.isExecutable(CHROMIUM),
                "Debian's Chromium is missing at " + CHROMIUM + ": install it with `apt-get install chromium` "
                        + "(.ci/run installs it). The browser smoke test needs it and does not download browsers.");
        playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(CHROMIUM)
                .setHeadless(true)
                // No sandbox: CI runs as root in a container, where Chromium's sandbox cannot start.
                // The rest keeps a headless Chromium from phoning home or spending CPU on a GPU it lacks.
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync")));
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
    }

    @AfterEach
    void closeContext() {
        if (context != null) {
            context.close();
        }
    }

    Page open(int width, int height) {
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(width, height));
        // The machine is shared by several builds; give slow page loads room instead of flaking.
        context.setDefaultTimeout(30_000);
        return context.newPage();
    }

    String url(String path) {
        return base.toString().replaceAll("/$", "") + path;
    }

    static void signIn(Page page, String username, String password) {
        page.getByLabel("Username").fill(username);
        page.getByLabel("Password").fill(password);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
    }

    @Test
    void staffSeeTheEmailItselfInTheNoticePreview() {
        // a notice of the demo fleet, with the text its HTML body shows
        Object[] notice = QuarkusTransaction.requiringNew().call(() -> Notice.<Notice>find("order by id").firstResultOptional()
                .map(n -> new Object[] { n.id, n.subject }).orElseThrow());
        Page page = open(1366, 900);
        page.navigate(url("/login"));
        signIn(page, "support", "support");
        page.waitForURL(url("/console"));
        page.navigate(url("/console/notices/" + notice[0]));

        // the frame is framed (its own policy allows the notice page) and renders the mail, not a blank box
        Locator mail = page.frameLocator("iframe.mail-preview").locator("body");
        assertThat(mail).isVisible();
        assertTrue(mail.innerText().strip().length() > 40, "the preview shows the mail's text: " + mail.innerText());
    }

    @Test
    void buttonsOnCardsCanBeRead() {
        Page page = open(1366, 900);
        page.navigate(url("/login"));
        signIn(page, "acme-analytics", "demo");
        page.waitForURL(url("/"));
        page.navigate(url("/settings/notifications"));
        // outlined buttons on a white card used the top bar's white text: present, clickable and invisible
        Object invisible = page.evaluate("() => Array.from(document.querySelectorAll('main button'))"
                + ".filter(b => getComputedStyle(b).color === 'rgb(255, 255, 255)'"
                + " && ['rgba(0, 0, 0, 0)', 'rgb(255, 255, 255)'].includes(getComputedStyle(b).backgroundColor))"
                + ".map(b => b.textContent.trim())");
        assertEquals(List.of(), invisible, "buttons with white text on no background");
        assertTrue(page.locator("main button.link-button").count() > 0, "the settings page has outlined buttons");
    }

    @Test
    void customerSignsInAndSeesOwnDashboard() {
        Page page = open(1280, 900);
        page.navigate(url("/login"));
        signIn(page, "acme-analytics", "demo");

        page.waitForURL(url("/"));
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Acme Analytics").setLevel(1)))
                .isVisible();
        // the dashboard also has the next-maintenance table once the demo rollout has scheduled windows
        Locator clusters = page.getByRole(AriaRole.TABLE, new Page.GetByRoleOptions().setName("Clusters of Acme Analytics"));
        assertThat(clusters).isVisible();
        assertThat(clusters.locator("thead")).containsText("Cluster");
        assertTrue(clusters.locator("tbody tr").count() > 0, "the demo customer's clusters are listed");
        assertThat(page).hasTitle("Acme Analytics · Patchcast");
    }

    @Test
    void loginAndDashboardFitAPhoneAndFormFieldsAreLabelled() {
        Page page = open(375, 740);
        page.navigate(url("/login"));

        // Every visible form control is reachable by its label (what a screen reader announces).
        Object unlabelled = page.evaluate("() => Array.from(document.querySelectorAll('form input, form select, form textarea'))"
                + ".filter(e => e.type !== 'hidden' && e.labels.length === 0).map(e => e.name)");
        assertEquals(List.of(), unlabelled, "form fields without a label");
        assertThat(page.getByLabel("Username")).isEditable();
        assertThat(page.getByLabel("Password")).isEditable();
        assertNoHorizontalOverflow(page, "login");

        signIn(page, "acme-analytics", "demo");
        page.waitForURL(url("/"));
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Acme Analytics").setLevel(1)))
                .isVisible();
        assertNoHorizontalOverflow(page, "dashboard");
    }

    static void assertNoHorizontalOverflow(Page page, String what) {
        Number scrollWidth = (Number) page.evaluate("() => document.documentElement.scrollWidth");
        Number innerWidth = (Number) page.evaluate("() => window.innerWidth");
        assertTrue(scrollWidth.intValue() <= innerWidth.intValue(),
                "the " + what + " page scrolls sideways at " + innerWidth + " px: content is " + scrollWidth + " px wide");
    }
}
