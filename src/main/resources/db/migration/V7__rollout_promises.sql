-- Issue 14: the rollout keeps its promises.
-- Gates that need evidence: an absolute failure count and a minimum of patched nodes per stage, next to the rate.
alter table rollout_stage add column max_failures integer default 0 not null;
alter table rollout_stage add column min_patched integer default 0 not null;

-- Halts and resumes speak to customers in a text of their own; the reason stays internal.
alter table rollout add column halt_customer_text varchar(1000);
alter table rollout_event add column customer_text varchar(1000);

-- Plans follow exposure: why the plan last changed, and a flag for staff when exposure moved under an override.
-- A newer release's maintenance supersedes an older one's for the same cluster: SUPERSEDED and by which rollout.
alter table rollout_cluster add column plan_note varchar(500);
alter table rollout_cluster add column override_flag varchar(500);
alter table rollout_cluster add column superseded_by bigint;
alter table rollout_cluster drop constraint ck_rollout_cluster_status;
alter table rollout_cluster add constraint ck_rollout_cluster_status check (status in ('PENDING', 'SCHEDULED',
    'IN_PROGRESS', 'PATCHED', 'PATCHED_WITHOUT_KERNEL', 'HELD', 'FAILED', 'SUPERSEDED'));
create index ix_rollout_cluster_window on rollout_cluster (window_id);

-- The plan a node was patched with: held and targeted clusters are no canary evidence for the kernel.
alter table patch_result add column plan varchar(20);
-- A result accepted before its window started carries the staff reason.
alter table patch_result add column early_reason varchar(500);

-- The start a customer chose for a window: halts, re-plans and staff bulk shifts keep it while it is allowed.
alter table maintenance_window add column customer_start timestamp(6) with time zone;
create index ix_window_status_start on maintenance_window (status, starts_at);
