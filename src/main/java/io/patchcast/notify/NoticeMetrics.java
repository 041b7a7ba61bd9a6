package io.patchcast.notify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * Outbox depth per status ({@code patchcast_notices{status=…}}) and send failures
 * ({@code patchcast_notice_send_failures_total{type=temporary|permanent}}). Depth is counted at most every few seconds
 * by the dispatcher, not on every scrape, so a busy scraper cannot load the database.
 */
@ApplicationScoped
public class NoticeMetrics {

    private static final Duration MIN_REFRESH = Duration.ofSeconds(5);

    private final Map<NoticeStatus, AtomicLong> depth = new EnumMap<>(NoticeStatus.class);
    private final Counter temporary;
    private final Counter permanent;
    private volatile Instant refreshedAt = Instant.EPOCH;

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    public NoticeMetrics(MeterRegistry registry) {
        for (NoticeStatus s : NoticeStatus.values()) {
            AtomicLong value = new AtomicLong();
            depth.put(s, value);
            Gauge.builder("patchcast.notices", value, AtomicLong::get)
                    .description("Notices in the outbox by status").tag("status", s.name()).register(registry);
        }
        temporary = Counter.builder("patchcast.notice.send.failures").tag("type", "temporary")
                .description("Send attempts that failed and will be retried or dead-lettered").register(registry);
        permanent = Counter.builder("patchcast.notice.send.failures").tag("type", "permanent")
                .description("Send attempts refused for good (SMTP 5xx)").register(registry);
    }

    void sendFailed(String type) {
        ("permanent".equals(type) ? permanent : temporary).increment();
    }

    /** Recounts the outbox if the last count is older than a few seconds. */
    void refresh() {
        Instant now = clock.instant();
        if (Duration.between(refreshedAt, now).compareTo(MIN_REFRESH) < 0) {
            return;
        }
        refreshNow();
    }

    public void refreshNow() {
        refreshedAt = clock.instant();
        Map<NoticeStatus, Long> counts = QuarkusTransaction.requiringNew().call(this::count);
        counts.forEach((s, n) -> depth.get(s).set(n));
    }

    /** Count per status, zero where none. */
    public Map<NoticeStatus, Long> count() {
        Map<NoticeStatus, Long> counts = new EnumMap<>(NoticeStatus.class);
        for (NoticeStatus s : NoticeStatus.values()) {
            counts.put(s, 0L);
        }
        for (Object[] row : em.createQuery("select n.status, count(n) from Notice n group by n.status", Object[].class)
                .getResultList()) {
            counts.put((NoticeStatus) row[0], ((Number) row[1]).longValue());
        }
        return counts;
    }
}
