-- Accounts (issue 11): server-side sessions, login throttling, a second factor (TOTP) with recovery codes,
-- and disabling users. Written to run unchanged on H2 (2.x) and PostgreSQL (15).

alter table app_user add column disabled boolean default false not null;
-- base32 TOTP secret (RFC 6238); set while enrolling, totp_enabled once a code confirmed it
alter table app_user add column totp_secret varchar(64);
alter table app_user add column totp_enabled boolean default false not null;
-- the last 30-second step a code was accepted for: a code is never accepted twice
alter table app_user add column totp_last_step bigint;
alter table app_user add column password_changed_at timestamp(6) with time zone;

-- One row per signed-in browser. The cookie carries a random secret; only its SHA-256 is stored, so the
-- table cannot be used to sign in. Deleting a row ends that session on every instance at once.
create sequence user_session_seq start with 1 increment by 50;
create table user_session (
    id             bigint      not null primary key,
    token_hash     varchar(64) not null,
    user_id        bigint      not null references app_user (id) on delete cascade,
    -- the password was right but the second factor is still to come: not a session yet
    pending        boolean     not null,
    mfa_failures   integer     default 0 not null,
    client_address varchar(100),
    created_at     timestamp(6) with time zone not null,
    last_seen_at   timestamp(6) with time zone not null,
    expires_at     timestamp(6) with time zone not null,
    constraint uk_user_session_token unique (token_hash)
);
create index ix_user_session_user on user_session (user_id);

-- Failed sign-ins per account ("user:<name>") and per client address ("addr:<ip>").
create table login_throttle (
    throttle_key    varchar(200) not null primary key,
    failures        integer      not null,
    last_failure_at timestamp(6) with time zone not null,
    blocked_until   timestamp(6) with time zone
);

-- One-time recovery codes for a lost second factor; only their SHA-256 is stored.
create sequence recovery_code_seq start with 1 increment by 50;
create table recovery_code (
    id        bigint      not null primary key,
    user_id   bigint      not null references app_user (id) on delete cascade,
    code_hash varchar(64) not null,
    used_at   timestamp(6) with time zone
);
create index ix_recovery_code_user on recovery_code (user_id);
