-- Facts document v2 (issue 16): what the node will boot into, its interfaces, boot chain and cloud details.
-- The raw document grows with the module lists of the running and the planned kernel (about 100 KB on a
-- Debian node), so its column widens; the derived v2 facts the engine needs (tracked modules only, command
-- lines, package versions, cloud series) are one JSON column, read with the other derived columns.
-- SET DATA TYPE is the spelling both H2 and PostgreSQL accept.
alter table node alter column facts_json set data type varchar(262144);
alter table node add column platform_facts varchar(16000);
alter table node_facts_history alter column previous_derived set data type varchar(20000);
alter table node_facts_history alter column derived set data type varchar(20000);
