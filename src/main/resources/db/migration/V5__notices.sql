-- Notices: the outbox of emails, one row per notice and recipient, written in the same transaction as the
-- change that causes it and sent by the dispatcher. Runs unchanged on H2 (2.x) and PostgreSQL (15).

create sequence notice_seq start with 1 increment by 50;

create table notice (
    id               bigint        not null primary key,
    kind             varchar(30)   not null,
    event_key        varchar(250)  not null,
    customer_id      bigint        references customer (id),
    cluster_id       bigint        references cluster (id),
    recipient_name   varchar(200),
    recipient_email  varchar(320)  not null,
    subject          varchar(300)  not null,
    text_body        varchar(200000) not null,
    html_body        varchar(200000) not null,
    ics_calendar     varchar(50000),
    ics_method       varchar(10),
    -- event key + ':' + lower-cased address: a second insert for the same event and person is impossible
    idempotency_key  varchar(600)  not null,
    message_id       varchar(300)  not null,
    status           varchar(10)   not null,
    attempts         integer       not null,
    next_attempt_at  timestamp(6) with time zone not null,
    last_error       varchar(1000),
    -- lease: which claim holds the notice while SENDING, and until when; an expired lease may be taken over
    claimed_by       varchar(100),
    claimed_until    timestamp(6) with time zone,
    created_at       timestamp(6) with time zone not null,
    updated_at       timestamp(6) with time zone not null,
    sent_at          timestamp(6) with time zone,
    constraint uk_notice_idempotency unique (idempotency_key),
    constraint ck_notice_status check (status in ('PENDING', 'SENDING', 'SENT', 'FAILED', 'DEAD')),
    constraint ck_notice_ics_method check (ics_method is null or ics_method in ('REQUEST', 'CANCEL'))
);
create index ix_notice_due on notice (status, next_attempt_at);
create index ix_notice_customer on notice (customer_id);
create index ix_notice_event on notice (event_key);
create index ix_notice_created on notice (created_at);

-- Leases for jobs that must run on one instance of a cluster at a time (reminder sweep, gate checks, syncs).
create table job_lease (
    name          varchar(100) not null primary key,
    holder        varchar(100),
    lease_until   timestamp(6) with time zone not null,
    last_run_at   timestamp(6) with time zone
);
