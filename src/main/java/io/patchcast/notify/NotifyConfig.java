package io.patchcast.notify;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "patchcast.notify")
public interface NotifyConfig {

    /** Staff who receive STAFF_ALERT notices (comma separated; PATCHCAST_NOTIFY_STAFF_ADDRESSES). */
    Optional<List<String>> staffAddresses();

    /** Reply-To of every notice, where customer replies go; none when unset. */
    Optional<String> replyTo();

    /** Domain part of generated Message-IDs. */
    @WithDefault("patchcast.example")
    String messageIdDomain();

    /** Attempts (temporary failures) before a notice is dead-lettered for staff to retry. */
    @WithDefault("8")
    int maxAttempts();

    /** Wait after the first temporary failure; doubles with every further attempt. */
    @WithDefault("PT30S")
    Duration backoffInitial();

    /** Longest wait between two attempts. */
    @WithDefault("PT1H")
    Duration backoffMax();

    /**
     * Senders per instance, each with one message in flight. More senders send faster, and widen what a crash can
     * double: after a kill, at most this many notices per instance may reach their recipients twice.
     */
    @WithDefault("1")
    int senders();

    /** Notices one sender claims at a time. */
    @WithDefault("200")
    int batchSize();

    /**
     * How long a claim holds. A notice left in SENDING by a crashed instance is claimed again after this. Must be
     * well above the mailer's send timeout ({@code quarkus.mailer.timeout}, 60 s by default): a send is only started
     * while the claim outlasts its timeout, the rest of the batch is given back.
     */
    @WithDefault("PT5M")
    Duration lease();

    /** How often the dispatcher looks for due notices (PATCHCAST_NOTIFY_DISPATCH_EVERY; "off" disables it). */
    @WithDefault("2s")
    String dispatchEvery();

    /** Name of this instance in claims and job leases; a random id per start when unset. */
    Optional<String> instanceName();
}
