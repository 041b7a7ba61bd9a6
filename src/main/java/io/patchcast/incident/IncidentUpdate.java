package io.patchcast.incident;

import java.time.Instant;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** One dated entry of an incident's timeline: the status it moved to and what staff said. */
@Entity
@Table(name = "incident_update")
public class IncidentUpdate extends PanacheEntity {

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "incident_id")
    public Incident incident;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    public IncidentStatus status;

    @Column(name = "body_markdown", nullable = false, length = 20000)
    public String bodyMarkdown;

    @Column(nullable = false, length = 100)
    public String author;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
