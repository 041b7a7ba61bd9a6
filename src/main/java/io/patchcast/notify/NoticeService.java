package io.patchcast.notify;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.patchcast.common.PageView;
import io.patchcast.common.ProblemException;
import io.patchcast.customer.Customer;
import io.quarkus.logging.Log;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

/** What staff see of the outbox, and the one thing they do to it: retry a dead notice. */
@ApplicationScoped
@Transactional(TxType.REQUIRED)
public class NoticeService {

    @Inject
    Clock clock;

    @Inject
    NoticeMetrics metrics;

    /** Filter of the delivery console; empty parts match everything. */
    public record NoticeFilter(Optional<NoticeKind> kind, Optional<NoticeStatus> status, Optional<String> customerSlug) {
    }

    /** One row of the console list. */
    public record NoticeRow(long id, NoticeKind kind, String eventKey, String customerName, String customerSlug,
            String recipientName, String recipientEmail, String subject, NoticeStatus status, int attempts,
            String lastError, Instant createdAt, Instant nextAttemptAt, Instant sentAt) {
    }

    /** A notice with its bodies, for the detail page. */
    public record NoticeDetail(NoticeRow row, String messageId, String textBody, String icsCalendar, String icsMethod,
            String claimedBy, Instant claimedUntil, String sentBy, Instant updatedAt, List<NoticeRow> sameEvent) {
    }

    @Transactional(TxType.SUPPORTS)
    public PageView<NoticeRow> list(NoticeFilter filter, int page, int size) {
        StringBuilder where = new StringBuilder("1 = 1");
        Parameters params = new Parameters();
        filter.kind().ifPresent(k -> {
            where.append(" and kind = :kind");
            params.and("kind", k);
        });
        filter.status().ifPresent(s -> {
            where.append(" and status = :status");
            params.and("status", s);
        });
        if (filter.customerSlug().isPresent()) {
            Long customerId = Customer.findBySlug(filter.customerSlug().get()).map(c -> c.id).orElse(-1L);
            where.append(" and customerId = :customer");
            params.and("customer", customerId);
        }
        var query = Notice.<Notice>find(where.toString(), Sort.descending("createdAt").and("id", Sort.Direction.Descending),
                params);
        long total = query.count();
        List<Notice> items = query.page(Page.of(page - 1, size)).list();
        return new PageView<>(rows(items), page, size, total);
    }

    @Transactional(TxType.SUPPORTS)
    public Map<NoticeStatus, Long> counts() {
        return metrics.count();
    }

    @Transactional(TxType.SUPPORTS)
    public NoticeDetail get(long id) {
        Notice n = Notice.<Notice>findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("Notice " + id));
        List<NoticeRow> same = rows(Notice.listByEvent(n.eventKey));
        return new NoticeDetail(rows(List.of(n)).get(0), n.messageId, n.textBody, n.icsCalendar, n.icsMethod, n.claimedBy,
                n.claimedUntil, n.sentBy, n.updatedAt, same);
    }

    /** The HTML body as the recipient got it, for the sandboxed preview. */
    @Transactional(TxType.SUPPORTS)
    public String html(long id) {
        return Notice.<Notice>findByIdOptional(id).map(n -> n.htmlBody)
                .orElseThrow(() -> ProblemException.notFound("Notice " + id));
    }

    /** Puts a dead notice back in the queue with a fresh set of attempts. Only dead notices can be retried. */
    public void retry(long id, String by) {
        Notice n = Notice.<Notice>findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("Notice " + id));
        if (n.status != NoticeStatus.DEAD) {
            throw ProblemException.conflict("Only dead notices can be retried; this one is "
                    + n.status.name().toLowerCase(java.util.Locale.ROOT) + ".");
        }
        retryDead(n, clock.instant());
        Log.infof("Notice %d to %s put back in the queue by %s", id, n.recipientEmail, by);
    }

    /** Retries every dead notice matching the filter; returns how many. */
    public int retryAllDead(NoticeFilter filter, String by) {
        NoticeFilter dead = new NoticeFilter(filter.kind(), Optional.of(NoticeStatus.DEAD), filter.customerSlug());
        int count = 0;
        PageView<NoticeRow> page;
        do {
            page = list(dead, 1, 500);
            Instant now = clock.instant();
            for (NoticeRow r : page.items()) {
                retryDead(Notice.findById(r.id()), now);
                count++;
            }
        } while (page.total() > page.items().size());
        Log.infof("%d dead notices put back in the queue by %s", count, by);
        return count;
    }

    private static void retryDead(Notice n, Instant now) {
        n.status = NoticeStatus.PENDING;
        n.attempts = 0;
        n.nextAttemptAt = now;
        n.lastError = n.lastError == null ? "retried by staff" : "retried by staff after: " + n.lastError;
        if (n.lastError.length() > 1000) {
            n.lastError = n.lastError.substring(0, 1000);
        }
        n.updatedAt = now;
        n.flush();
    }

    private static List<NoticeRow> rows(List<Notice> notices) {
        Map<Long, Customer> customers = new HashMap<>();
        List<Long> ids = notices.stream().map(n -> n.customerId).filter(java.util.Objects::nonNull).distinct().toList();
        if (!ids.isEmpty()) {
            for (Customer c : Customer.<Customer>list("id in ?1", ids)) {
                customers.put(c.id, c);
            }
        }
        return notices.stream().map(n -> {
            Customer c = n.customerId == null ? null : customers.get(n.customerId);
            return new NoticeRow(n.id, n.kind, n.eventKey, c == null ? null : c.name, c == null ? null : c.slug,
                    n.recipientName, n.recipientEmail, n.subject, n.status, n.attempts, n.lastError, n.createdAt,
                    n.nextAttemptAt, n.sentAt);
        }).toList();
    }
}
