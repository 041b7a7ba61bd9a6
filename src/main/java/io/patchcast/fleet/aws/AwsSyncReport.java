package io.patchcast.fleet.aws;

import java.time.Instant;
import java.util.List;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** What one run of the AWS inventory sync did. The lists are kept as JSON text: they are only ever shown. */
@Entity
@Table(name = "aws_sync_report")
public class AwsSyncReport extends PanacheEntity {

    /** scheduled or manual. */
    @Column(name = "trigger_kind", nullable = false, length = 20)
    public String triggerKind;

    @Column(name = "triggered_by", nullable = false, length = 100)
    public String triggeredBy;

    @Column(name = "started_at", nullable = false)
    public Instant startedAt;

    @Column(name = "finished_at", nullable = false)
    public Instant finishedAt;

    @Column(name = "instances_seen", nullable = false)
    public int instancesSeen;

    @Column(name = "added_count", nullable = false)
    public int addedCount;

    @Column(name = "changed_count", nullable = false)
    public int changedCount;

    @Column(name = "unmatched_count", nullable = false)
    public int unmatchedCount;

    @Column(name = "error_count", nullable = false)
    public int errorCount;

    @Column(name = "events_count", nullable = false)
    public int eventsCount;

    /** {@link SyncReportView.Details} as JSON. */
    @Column(nullable = false, length = 32000)
    public String details;

    public static List<AwsSyncReport> latest(int limit) {
        return find("order by startedAt desc, id desc").page(0, limit).list();
    }
}
