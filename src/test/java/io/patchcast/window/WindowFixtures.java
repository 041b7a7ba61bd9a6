package io.patchcast.window;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.UUID;

import io.patchcast.customer.Customer;
import io.patchcast.fleet.Application;
import io.patchcast.fleet.Cluster;
import io.patchcast.fleet.NodeSizeClass;
import io.patchcast.fleet.Provider;
import io.patchcast.fleet.SlaTier;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Test clusters and windows of their own: a fresh cluster (UTC, every weekday at 02:00, 2 h) in a region
 * nobody else uses, so capacity and freezes of one test never touch another.
 */
final class WindowFixtures {

    private WindowFixtures() {
    }

    static long cluster(String customerSlug) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Cluster c = new Cluster();
            c.customer = Customer.findBySlug(customerSlug).orElseThrow();
            c.name = "test-" + UUID.randomUUID().toString().substring(0, 8);
            c.application = Application.KAFKA;
            c.provider = Provider.SELF_HOSTED;
            c.region = "test-" + UUID.randomUUID().toString().substring(0, 8);
            c.slaTier = SlaTier.PRODUCTION;
            c.nodeSizeClass = NodeSizeClass.SMALL;
            c.setWeekdays(EnumSet.allOf(DayOfWeek.class));
            c.preferredStartHour = 2;
            c.windowMinutes = 120;
            c.timeZone = "UTC";
            c.createdAt = Instant.now();
            c.persist();
            return c.id;
        });
    }

    /** Another fresh cluster in the same provider region as {@code clusterId}. */
    static long cluster2(long clusterId) {
        long id = cluster("acme-analytics");
        QuarkusTransaction.requiringNew().run(() -> {
            Cluster.<Cluster>findById(id).region = Cluster.<Cluster>findById(clusterId).region;
        });
        return id;
    }

    /** A scheduled window of the cluster starting at {@code start}, with a deadline. */
    static long window(long clusterId, Instant start, Instant deadline) {
        return QuarkusTransaction.requiringNew().call(() -> {
            MaintenanceWindow w = new MaintenanceWindow();
            w.cluster = Cluster.findById(clusterId);
            w.rolloutId = 777L;
            w.stage = 5;
            w.stageLabel = "Debian 11.3 · production";
            w.deadline = deadline;
            w.startsAt = start;
            w.endsAt = start.plus(Duration.ofHours(2));
            w.originalStart = start;
            w.status = WindowStatus.SCHEDULED;
            w.icsUid = "window-" + UUID.randomUUID() + "@patchcast";
            w.createdAt = Instant.now();
            w.updatedAt = w.createdAt;
            w.persist();
            return w.id;
        });
    }

    /** 02:00 UTC on the first Tuesday at least {@code days} days from now: clear of the weekend exclusion. */
    static Instant tuesdayAfter(int days) {
        var d = Instant.now().plus(days, ChronoUnit.DAYS).atOffset(ZoneOffset.UTC).toLocalDate();
        while (d.getDayOfWeek() != DayOfWeek.TUESDAY) {
            d = d.plusDays(1);
        }
        return d.atTime(2, 0).toInstant(ZoneOffset.UTC);
    }
}
