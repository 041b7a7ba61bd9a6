package io.patchcast.exposure.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.patchcast.exposure.ExposureService;
import io.patchcast.exposure.ExposureSummary;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * Times fleet exposure over 100,000 stored nodes on the configured database. Not part of {@code ./mvnw verify}
 * (the name does not end in Test); run it by hand, on H2 and on PostgreSQL, as docs/performance.md says.
 * It adds the nodes in bulk with JDBC, times {@link ExposureService#summary} cold and warm, writes the timings
 * to target/fleet-exposure-bench.txt and removes what it added.
 */
@QuarkusTest
class FleetExposureBench {

    static final int NODES = 100_000;
    static final int NODES_PER_CLUSTER = 50;
    static final long FIRST_ID = 50_000_000L;

    @Inject
    DataSource dataSource;

    @Inject
    ExposureService exposure;

    @Test
    void summaryOf100kNodes() throws Exception {
        long before = exposure.summary(null).nodes();
        long seedStart = System.nanoTime();
        seed();
        double seedSeconds = (System.nanoTime() - seedStart) / 1e9;

        List<String> lines = new ArrayList<>();
        lines.add("database: " + dataSource.getConnection().getMetaData().getDatabaseProductName());
        lines.add(String.format("seeded %,d nodes in %.1f s", NODES, seedSeconds));
        for (String kernel : new String[] { null, "5.10.113-1", null, "5.10.113-1", null }) {
            long t0 = System.nanoTime();
            ExposureSummary summary = exposure.summary(kernel);
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertEquals(before + NODES, summary.nodes());
            lines.add(String.format("summary(kernel=%s): %,d nodes, %d groups, %.2f s (affected %,d, unknown %,d)",
                    kernel, summary.nodes(), summary.rows().size(), seconds, summary.nodeTotals().affected(),
                    summary.nodeTotals().unknown()));
        }
        lines.forEach(System.out::println);
        Files.write(Path.of("target", "fleet-exposure-bench.txt"), lines);
    }

    /** Bulk inserts clusters and nodes with the derived-fact columns a real fleet has. */
    private void seed() throws Exception {
        String[][] kinds = { { "i3", "xen", "4.2", "ena" }, { "r4", "xen", "4.2", "ena" }, { "m4", "xen", "4.11", "ixgbevf" },
                { "i3en", "nitro", null, "ena" }, { "r6g", "nitro", null, "ena" }, { "m5", "nitro", null, "ena" } };
        String[] kernels = { "5.10.84-1", "5.10.92-2", "5.10.106-1", "5.10.113-1", "5.18.16-1~bpo11+1" };
        Random random = new Random(7);
        Timestamp now = Timestamp.from(Instant.now());
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            long customerId;
            try (Statement s = c.createStatement();
                    var rs = s.executeQuery("select min(id) from customer")) {
                rs.next();
                customerId = rs.getLong(1);
            }
            try (PreparedStatement cluster = c.prepareStatement("insert into cluster (id, customer_id, name, application,"
                    + " provider, region, sla_tier, node_size_class, internal, pref_weekdays, pref_start_hour,"
                    + " pref_duration_minutes, pref_time_zone, version, created_at)"
                    + " values (?, ?, ?, 'KAFKA', 'AWS', 'us-east-1', 'PRODUCTION', 'LARGE', false, 'TUESDAY', 2, 120, 'UTC', 0, ?)");
                    PreparedStatement node = c.prepareStatement("insert into node (id, cluster_id, instance_id,"
                            + " instance_type, state, facts_received_at, hypervisor_type, hypervisor_version,"
                            + " instance_family, kernel_version, kernel_stream, net_drivers, os_id, os_version, created_at)"
                            + " values (?, ?, ?, ?, 'running', ?, ?, ?, ?, ?, ?, ?, 'debian', '11', ?)")) {
                for (int i = 0; i < NODES / NODES_PER_CLUSTER; i++) {
                    long clusterId = FIRST_ID + i;
                    cluster.setLong(1, clusterId);
                    cluster.setLong(2, customerId);
                    cluster.setString(3, "bench-" + i);
                    cluster.setTimestamp(4, now);
                    cluster.addBatch();
                    String[] kind = kinds[random.nextInt(kinds.length)];
                    for (int n = 0; n < NODES_PER_CLUSTER; n++) {
                        long id = FIRST_ID + (long) i * NODES_PER_CLUSTER + n;
                        String kernel = kernels[random.nextInt(kernels.length)];
                        node.setLong(1, id);
                        node.setLong(2, clusterId);
                        node.setString(3, "i-bench" + id);
                        node.setString(4, kind[0] + ".2xlarge");
                        node.setTimestamp(5, random.nextInt(100) < 3 ? null : now);
                        node.setString(6, kind[1]);
                        node.setString(7, kind[2]);
                        node.setString(8, kind[0]);
                        node.setString(9, kernel);
                        node.setString(10, kernel.contains("~bpo") ? "backports" : "stable");
                        node.setString(11, kind[3]);
                        node.setTimestamp(12, now);
                        node.addBatch();
                    }
                    if (i % 20 == 19) {
                        cluster.executeBatch();
                        node.executeBatch();
                    }
                }
                cluster.executeBatch();
                node.executeBatch();
            }
            c.commit();
        }
    }

    @AfterEach
    void removeSeed() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("delete from node where id >= " + FIRST_ID);
            s.executeUpdate("delete from cluster where id >= " + FIRST_ID);
        }
    }
}
