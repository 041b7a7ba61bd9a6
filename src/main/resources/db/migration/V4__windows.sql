-- Maintenance windows, their audit trail and the customers' weekly exclusion times.
-- rollout_id/stage point at the rollout tables of another feature; no foreign key yet on purpose, so the
-- window feature migrates on its own (the key can be added once both are merged).
create sequence maintenance_window_seq start with 1 increment by 50;
create sequence window_change_seq start with 1 increment by 50;
create sequence exclusion_time_seq start with 1 increment by 50;

create table maintenance_window (
    id               bigint       not null primary key,
    cluster_id       bigint       not null references cluster (id),
    rollout_id       bigint,
    stage            integer,
    stage_label      varchar(200),
    deadline         timestamp(6) with time zone,
    starts_at        timestamp(6) with time zone not null,
    ends_at          timestamp(6) with time zone not null,
    original_start   timestamp(6) with time zone not null,
    status           varchar(20)  not null,
    plan             varchar(20),
    customer_moves   integer      not null,
    emergency        boolean      not null,
    result_text      varchar(2000),
    ics_uid          varchar(120) not null,
    ics_sequence     integer      not null,
    reminded_at      timestamp(6) with time zone,
    version          bigint       not null,
    created_at       timestamp(6) with time zone not null,
    updated_at       timestamp(6) with time zone not null,
    constraint uk_window_ics_uid unique (ics_uid),
    constraint ck_window_order check (ends_at > starts_at),
    constraint ck_window_status check (status in ('SCHEDULED', 'IN_PROGRESS', 'COMPLETED', 'DELAYED', 'HELD',
                                                  'CANCELLED', 'FAILED'))
);
create index ix_window_cluster on maintenance_window (cluster_id);
create index ix_window_rollout on maintenance_window (rollout_id, stage);
create index ix_window_starts on maintenance_window (starts_at);

-- Every change of a window: who, when, from, to, why. Never updated, never deleted.
create table window_change (
    id           bigint        not null primary key,
    window_id    bigint        not null references maintenance_window (id),
    actor        varchar(100)  not null,
    staff        boolean       not null,
    changed_at   timestamp(6) with time zone not null,
    kind         varchar(20)   not null,
    from_start   timestamp(6) with time zone,
    to_start     timestamp(6) with time zone,
    from_status  varchar(20),
    to_status    varchar(20),
    reason       varchar(1000)
);
create index ix_window_change_window on window_change (window_id);
create index ix_window_change_at on window_change (changed_at);

-- Recurring weekly hours in which a customer's clusters are never maintained, in each cluster's own
-- zone. A customer without rows gets the configured default (Friday 17:00 to Monday 09:00).
create table exclusion_time (
    id          bigint       not null primary key,
    customer_id bigint       not null references customer (id),
    start_day   varchar(10)  not null,
    start_time  varchar(5)   not null,
    end_day     varchar(10)  not null,
    end_time    varchar(5)   not null,
    created_at  timestamp(6) with time zone not null
);
create index ix_exclusion_customer on exclusion_time (customer_id);
