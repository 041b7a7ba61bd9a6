-- Incident write-ups: the write-up itself with its scope, its status timeline, and the clusters it was
-- found to affect when it was last published (the snapshot customers' visibility and notices go by).
create sequence incident_seq start with 1 increment by 50;
create sequence incident_update_seq start with 1 increment by 50;
create sequence incident_cluster_seq start with 1 increment by 50;

create table incident (
    id               bigint        not null primary key,
    slug             varchar(80)   not null,
    title            varchar(200)  not null,
    severity         varchar(20)   not null,
    status           varchar(20)   not null,
    summary          varchar(1000) not null,
    body_markdown    varchar(50000) not null,
    -- scope: comma-separated lists; empty means "not restricted by this dimension"
    scope_providers  varchar(200)  not null,
    scope_regions    varchar(1000) not null,
    scope_families   varchar(1000) not null,
    scope_rules      varchar(1000) not null,
    scope_clusters   varchar(2000) not null,
    published_at     timestamp(6) with time zone,
    resolved_at      timestamp(6) with time zone,
    created_by       varchar(100)  not null,
    created_at       timestamp(6) with time zone not null,
    updated_at       timestamp(6) with time zone not null,
    version          bigint        not null,
    constraint uk_incident_slug unique (slug),
    constraint ck_incident_severity check (severity in ('CRITICAL', 'MAJOR', 'MINOR', 'INFO')),
    constraint ck_incident_status check (status in ('INVESTIGATING', 'IDENTIFIED', 'MONITORING', 'RESOLVED'))
);

create table incident_update (
    id            bigint        not null primary key,
    incident_id   bigint        not null references incident (id) on delete cascade,
    status        varchar(20)   not null,
    body_markdown varchar(20000) not null,
    author        varchar(100)  not null,
    created_at    timestamp(6) with time zone not null,
    constraint ck_incident_update_status check (status in ('INVESTIGATING', 'IDENTIFIED', 'MONITORING', 'RESOLVED'))
);
create index ix_incident_update_incident on incident_update (incident_id);

-- customer_id is denormalised from the cluster so "incidents of customer X" is one indexed lookup
create table incident_cluster (
    id           bigint not null primary key,
    incident_id  bigint not null references incident (id) on delete cascade,
    cluster_id   bigint not null references cluster (id),
    customer_id  bigint not null references customer (id),
    constraint uk_incident_cluster unique (incident_id, cluster_id)
);
create index ix_incident_cluster_customer on incident_cluster (customer_id, incident_id);
