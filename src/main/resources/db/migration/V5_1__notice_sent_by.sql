-- Which instance sent a notice: shows staff (and the multi-instance test) how the outbox was shared.
alter table notice add column sent_by varchar(100);
