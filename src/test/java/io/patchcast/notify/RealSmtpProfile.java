package io.patchcast.notify;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The app with real SMTP: the mailer talks to {@link SmtpFront} on a fixed port, which relays to GreenMail. Shared by
 * every delivery test so the app restarts once for all of them.
 */
public class RealSmtpProfile implements QuarkusTestProfile {

    // Free ports picked once per JVM and kept in system properties: the profile and the test class may be loaded
    // by different class loaders, and other builds on the machine run the same tests at the same time.
    static final int GREENMAIL_PORT = port("patchcast.test.greenmail-port");
    static final int FRONT_PORT = port("patchcast.test.smtp-front-port");

    static synchronized int port(String property) {
        String known = System.getProperty(property);
        if (known != null) {
            return Integer.parseInt(known);
        }
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            System.setProperty(property, String.valueOf(s.getLocalPort()));
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.mailer.mock", "false",
                "quarkus.mailer.host", "127.0.0.1",
                "quarkus.mailer.port", String.valueOf(FRONT_PORT),
                "quarkus.mailer.start-tls", "DISABLED",
                // After a refused or cut connection the mailer's pool can leave the next send waiting until this
                // timeout; a short one keeps such a send a quick temporary failure (retried) instead of a minute.
                "quarkus.mailer.timeout", "5S",
                "patchcast.notify.max-attempts", "3",
                // long enough that nothing is retried by accident; tests make a notice due by hand
                "patchcast.notify.backoff-initial", "PT10M",
                "patchcast.notify.backoff-max", "PT1H");
    }
}
