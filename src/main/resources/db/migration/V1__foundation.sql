-- Foundation schema: customers and their contacts, users, clusters with maintenance preferences, nodes.
-- Written to run unchanged on H2 (2.x) and PostgreSQL (15).
-- Sequences step by 50 to match Hibernate's pooled id generator, so bulk inserts need few round trips.

create sequence customer_seq start with 1 increment by 50;
create sequence contact_seq start with 1 increment by 50;
create sequence app_user_seq start with 1 increment by 50;
create sequence cluster_seq start with 1 increment by 50;
create sequence freeze_period_seq start with 1 increment by 50;
create sequence node_seq start with 1 increment by 50;

create table customer (
    id          bigint       not null primary key,
    slug        varchar(60)  not null,
    name        varchar(200) not null,
    time_zone   varchar(60)  not null,
    created_at  timestamp(6) with time zone not null,
    constraint uk_customer_slug unique (slug)
);

create table contact (
    id                bigint       not null primary key,
    customer_id       bigint       not null references customer (id),
    name              varchar(200) not null,
    email             varchar(320) not null,
    receive_reminders boolean      not null,
    created_at        timestamp(6) with time zone not null,
    constraint uk_contact_email unique (customer_id, email)
);
create index ix_contact_customer on contact (customer_id);

create table app_user (
    id            bigint       not null primary key,
    username      varchar(100) not null,
    password_hash varchar(100) not null,
    role          varchar(20)  not null,
    display_name  varchar(200) not null,
    customer_id   bigint       references customer (id),
    created_at    timestamp(6) with time zone not null,
    constraint uk_app_user_username unique (username),
    constraint ck_app_user_role check (role in ('customer', 'support', 'admin')),
    -- a customer user belongs to exactly one customer; staff belong to none
    constraint ck_app_user_customer check ((role = 'customer' and customer_id is not null)
                                        or (role <> 'customer' and customer_id is null))
);

create table cluster (
    id                     bigint       not null primary key,
    customer_id            bigint       not null references customer (id),
    name                   varchar(120) not null,
    application            varchar(20)  not null,
    provider               varchar(20)  not null,
    region                 varchar(60)  not null,
    sla_tier               varchar(20)  not null,
    node_size_class        varchar(20)  not null,
    internal               boolean      not null,
    pref_weekdays          varchar(100) not null,
    pref_start_hour        integer      not null,
    pref_duration_minutes  integer      not null,
    pref_time_zone         varchar(60)  not null,
    version                bigint       not null,
    created_at             timestamp(6) with time zone not null,
    constraint uk_cluster_name unique (customer_id, name),
    constraint ck_cluster_application check (application in ('CASSANDRA', 'KAFKA', 'OPENSEARCH', 'POSTGRESQL', 'REDIS')),
    constraint ck_cluster_provider check (provider in ('AWS', 'GCP', 'AZURE', 'SELF_HOSTED')),
    constraint ck_cluster_tier check (sla_tier in ('PRODUCTION', 'NON_PRODUCTION')),
    constraint ck_cluster_size check (node_size_class in ('DEVELOPER', 'SMALL', 'MEDIUM', 'LARGE', 'XLARGE')),
    constraint ck_cluster_hour check (pref_start_hour between 0 and 23),
    constraint ck_cluster_duration check (pref_duration_minutes between 30 and 720)
);
create index ix_cluster_customer on cluster (customer_id);
create index ix_cluster_provider_region on cluster (provider, region);

create table freeze_period (
    id          bigint       not null primary key,
    cluster_id  bigint       not null references cluster (id) on delete cascade,
    starts_at   timestamp(6) with time zone not null,
    ends_at     timestamp(6) with time zone not null,
    reason      varchar(300) not null,
    constraint ck_freeze_order check (ends_at > starts_at)
);
create index ix_freeze_cluster on freeze_period (cluster_id);

-- A node keeps its latest facts document as received, and the facts derived from it as columns,
-- so fleet-wide exposure is a projection query rather than a JSON parse per node.
create table node (
    id                      bigint       not null primary key,
    cluster_id              bigint       not null references cluster (id),
    instance_id             varchar(100) not null,
    instance_type           varchar(60),
    state                   varchar(30),
    facts_json              varchar(32000),
    facts_collected_at      timestamp(6) with time zone,
    facts_received_at       timestamp(6) with time zone,
    hypervisor_type         varchar(20),
    hypervisor_version      varchar(30),
    instance_family         varchar(30),
    kernel_version          varchar(80),
    kernel_stream           varchar(20),
    net_drivers             varchar(200),
    os_id                   varchar(40),
    os_version              varchar(40),
    created_at              timestamp(6) with time zone not null,
    constraint uk_node_instance unique (instance_id)
);
create index ix_node_cluster on node (cluster_id);
