-- Node facts: API tokens for agents, facts history per node, the node's current exposure, and what the
-- AWS inventory sync brings in (instance state, scheduled events, a report per run).
-- Written to run unchanged on H2 (2.x) and PostgreSQL (15).

create sequence api_token_seq start with 1 increment by 50;
create sequence node_facts_history_seq start with 1 increment by 50;
create sequence node_event_seq start with 1 increment by 50;
create sequence aws_sync_report_seq start with 1 increment by 50;

-- Only the SHA-256 of the secret is kept: the secret is shown once, when the token is created.
create table api_token (
    id            bigint       not null primary key,
    name          varchar(100) not null,
    role          varchar(20)  not null,
    customer_id   bigint       references customer (id),
    secret_hash   varchar(64)  not null,
    created_by    varchar(100) not null,
    created_at    timestamp(6) with time zone not null,
    revoked_at    timestamp(6) with time zone,
    revoked_by    varchar(100),
    last_used_at  timestamp(6) with time zone,
    constraint uk_api_token_hash unique (secret_hash),
    constraint ck_api_token_role check (role in ('agent'))
);

-- One row each time a node's derived facts or exposure change (the first facts included): previous and new
-- derived values as JSON, and a one-line summary of what changed.
create table node_facts_history (
    id                  bigint        not null primary key,
    node_id             bigint        not null references node (id) on delete cascade,
    received_at         timestamp(6) with time zone not null,
    collected_at        timestamp(6) with time zone,
    previous_derived    varchar(4000),
    derived             varchar(4000) not null,
    previous_exposure   varchar(20),
    exposure            varchar(20),
    changes             varchar(2000) not null,
    source              varchar(100)  not null
);
create index ix_node_facts_history_node on node_facts_history (node_id, received_at);

-- Current-mode exposure (the running kernel), recomputed whenever facts arrive. Null = never computed.
alter table node add column exposure varchar(20);
alter table node add column region varchar(60);
alter table node add column provider_synced_at timestamp(6) with time zone;
alter table node add column ena_support varchar(20);
-- What DescribeInstanceTypes says the instance type runs on (nitro, xen). Kept apart from the derived
-- hypervisor_type, which only the node's own facts (through the engine) decide.
alter table node add column provider_hypervisor varchar(20);

-- EC2 scheduled events (instance reboots, retirements, …) as DescribeInstanceStatus reports them. A sync
-- replaces a node's events with the current set, so a completed event disappears.
create table node_event (
    id            bigint        not null primary key,
    node_id       bigint        not null references node (id) on delete cascade,
    event_id      varchar(100),
    code          varchar(60)   not null,
    description   varchar(1000),
    not_before    timestamp(6) with time zone,
    not_after     timestamp(6) with time zone,
    deadline      timestamp(6) with time zone,
    synced_at     timestamp(6) with time zone not null
);
create index ix_node_event_node on node_event (node_id);
create index ix_node_event_not_before on node_event (not_before);

-- One row per sync run; the lists are kept as text because they are read only as a report.
create table aws_sync_report (
    id            bigint         not null primary key,
    trigger_kind  varchar(20)    not null,
    triggered_by  varchar(100)   not null,
    started_at    timestamp(6) with time zone not null,
    finished_at   timestamp(6) with time zone not null,
    instances_seen integer       not null,
    added_count   integer        not null,
    changed_count integer        not null,
    unmatched_count integer      not null,
    error_count   integer        not null,
    events_count  integer        not null,
    details       varchar(32000) not null
);
create index ix_aws_sync_report_started on aws_sync_report (started_at);
