package io.patchcast.window;

import java.time.Instant;
import java.util.List;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** One audited change of a window: who, when, from, to, why. Written once, never changed. */
@Entity
@Table(name = "window_change")
public class WindowChange extends PanacheEntity {

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "window_id")
    public MaintenanceWindow window;

    @Column(nullable = false, length = 100)
    public String actor;

    @Column(nullable = false)
    public boolean staff;

    @Column(name = "changed_at", nullable = false)
    public Instant changedAt;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    public ChangeKind kind;

    @Column(name = "from_start")
    public Instant fromStart;

    @Column(name = "to_start")
    public Instant toStart;

    @Enumerated(EnumType.STRING)
    @Column(name = "from_status", length = 20)
    public WindowStatus fromStatus;

    @Enumerated(EnumType.STRING)
    @Column(name = "to_status", length = 20)
    public WindowStatus toStatus;

    @Column(length = 1000)
    public String reason;

    public static io.patchcast.common.PageView<WindowChange> pageNewestFirst(int page, int size) {
        var query = find("select c from WindowChange c join fetch c.window w join fetch w.cluster cl"
                + " join fetch cl.customer order by c.changedAt desc, c.id desc");
        List<WindowChange> items = query.page(page - 1, size).list();
        return new io.patchcast.common.PageView<>(items, page, size, count());
    }

    public static List<WindowChange> listByWindow(long windowId) {
        return list("window.id = ?1 order by changedAt, id", windowId);
    }
}
