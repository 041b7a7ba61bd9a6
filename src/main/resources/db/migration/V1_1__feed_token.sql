-- Secret tokens for a customer's calendar (.ics) and incident (.atom) feeds. Only the SHA-256 of the
-- secret is stored; revoking sets revoked_at and the feed answers 404 from then on.
create sequence feed_token_seq start with 1 increment by 50;

create table feed_token (
    id          bigint       not null primary key,
    customer_id bigint       not null references customer (id),
    token_hash  varchar(64)  not null,
    created_by  varchar(100) not null,
    created_at  timestamp(6) with time zone not null,
    revoked_at  timestamp(6) with time zone,
    constraint uk_feed_token_hash unique (token_hash)
);
create index ix_feed_token_customer on feed_token (customer_id);
