package io.patchcast.notify;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The app with real SMTP: the mailer talks to {@link SmtpFront} on a fixed port, which relays to GreenMail. Shared by
 * every delivery test so the app restarts once for all of them.
 */
public class RealSmtpProfile implements QuarkusTestProfile {

    static final int GREENMAIL_PORT = 41925;
    static final int FRONT_PORT = 41926;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.mailer.mock", "false",
                "quarkus.mailer.host", "127.0.0.1",
                "quarkus.mailer.port", String.valueOf(FRONT_PORT),
                "quarkus.mailer.start-tls", "DISABLED",
                "patchcast.notify.max-attempts", "3",
                // long enough that nothing is retried by accident; tests make a notice due by hand
                "patchcast.notify.backoff-initial", "PT10M",
                "patchcast.notify.backoff-max", "PT1H");
    }
}
