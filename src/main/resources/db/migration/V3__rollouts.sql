-- Patch releases and their staged rollouts: stages with soak and gate, the clusters each rollout plans
-- (verdict, plan, override, patch status), the patch results nodes report, and every staff action.
-- Maintenance windows live in the window feature's tables; rollout_cluster only keeps the window id.

create sequence patch_release_seq start with 1 increment by 50;
create sequence rollout_seq start with 1 increment by 50;
create sequence rollout_stage_seq start with 1 increment by 50;
create sequence rollout_cluster_seq start with 1 increment by 50;
create sequence patch_result_seq start with 1 increment by 50;
create sequence rollout_event_seq start with 1 increment by 50;

create table patch_release (
    id                bigint        not null primary key,
    name              varchar(120)  not null,
    os_version        varchar(40)   not null,
    stable_kernel     varchar(80)   not null,
    backports_kernel  varchar(80),
    packages          varchar(4000) not null,
    notes             varchar(4000),
    created_by        varchar(100)  not null,
    created_at        timestamp(6) with time zone not null,
    constraint uk_patch_release_name unique (name)
);

create table rollout (
    id              bigint       not null primary key,
    release_id      bigint       not null references patch_release (id),
    status          varchar(20)  not null,
    current_stage   integer      not null,
    halt_reason     varchar(500),
    halted_at       timestamp(6) with time zone,
    created_by      varchar(100) not null,
    created_at      timestamp(6) with time zone not null,
    started_at      timestamp(6) with time zone,
    completed_at    timestamp(6) with time zone,
    version         bigint       not null,
    constraint ck_rollout_status check (status in ('PLANNED', 'RUNNING', 'HALTED', 'COMPLETED')),
    constraint ck_rollout_stage check (current_stage between 0 and 6)
);
create index ix_rollout_release on rollout (release_id);
create index ix_rollout_status on rollout (status);

create table rollout_stage (
    id                 bigint           not null primary key,
    rollout_id         bigint           not null references rollout (id),
    stage              integer          not null,
    status             varchar(20)      not null,
    soak_seconds       bigint           not null,
    deadline_seconds   bigint           not null,
    failure_threshold  double precision not null,
    started_at         timestamp(6) with time zone,
    deadline           timestamp(6) with time zone,
    -- the gate counts results from here: the stage start, or the last resume (staff looked at what came before)
    gate_since         timestamp(6) with time zone,
    completed_at       timestamp(6) with time zone,
    constraint uk_rollout_stage unique (rollout_id, stage),
    constraint ck_rollout_stage_no check (stage between 1 and 6),
    constraint ck_rollout_stage_status check (status in ('PENDING', 'ACTIVE', 'PASSED')),
    constraint ck_rollout_stage_threshold check (failure_threshold >= 0 and failure_threshold <= 1)
);

create table rollout_cluster (
    id               bigint       not null primary key,
    rollout_id       bigint       not null references rollout (id),
    cluster_id       bigint       not null references cluster (id),
    stage            integer      not null,
    verdict          varchar(20)  not null,
    engine_plan      varchar(20)  not null,
    plan             varchar(20)  not null,
    override_reason  varchar(500),
    override_by      varchar(100),
    override_at      timestamp(6) with time zone,
    status           varchar(30)  not null,
    window_id        bigint,
    window_start     timestamp(6) with time zone,
    schedule_note    varchar(500),
    updated_at       timestamp(6) with time zone not null,
    version          bigint       not null,
    constraint uk_rollout_cluster unique (rollout_id, cluster_id),
    constraint ck_rollout_cluster_stage check (stage between 1 and 6),
    constraint ck_rollout_cluster_verdict check (verdict in ('AFFECTED', 'UNKNOWN', 'NOT_AFFECTED')),
    constraint ck_rollout_cluster_engine_plan check (engine_plan in ('FULL', 'TARGETED', 'HOLD')),
    constraint ck_rollout_cluster_plan check (plan in ('FULL', 'TARGETED', 'HOLD')),
    constraint ck_rollout_cluster_status check (status in ('PENDING', 'SCHEDULED', 'IN_PROGRESS', 'PATCHED',
        'PATCHED_WITHOUT_KERNEL', 'HELD', 'FAILED'))
);
create index ix_rollout_cluster_cluster on rollout_cluster (cluster_id);
create index ix_rollout_cluster_stage on rollout_cluster (rollout_id, stage);

-- One row per node and rollout: a later report for the same node replaces the earlier one.
create table patch_result (
    id              bigint       not null primary key,
    rollout_id      bigint       not null references rollout (id),
    stage           integer      not null,
    cluster_id      bigint       not null references cluster (id),
    node_id         bigint       not null references node (id),
    outcome         varchar(20)  not null,
    kernel_version  varchar(80),
    detail          varchar(500),
    reported_by     varchar(100) not null,
    reported_at     timestamp(6) with time zone not null,
    constraint uk_patch_result unique (rollout_id, node_id),
    constraint ck_patch_result_outcome check (outcome in ('BOOTED', 'FAILED'))
);
create index ix_patch_result_stage on patch_result (rollout_id, stage);

create table rollout_event (
    id          bigint       not null primary key,
    rollout_id  bigint       not null references rollout (id),
    stage       integer      not null,
    action      varchar(20)  not null,
    reason      varchar(500),
    actor       varchar(100) not null,
    occurred_at timestamp(6) with time zone not null
);
create index ix_rollout_event_rollout on rollout_event (rollout_id);
