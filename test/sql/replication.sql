-- Replication (issue 14, part 2), what one server can show: what an origin
-- publishes and why; a replicated jurisdiction is read-only (25006) for every
-- session but the apply worker (session_replication_role = replica stands in
-- for it here; test/t/015_logical_replication.pl runs real subscriptions);
-- shipped rows arriving by replication replace or skip their twins; the
-- aggregation database's sweeps leave replicated jurisdictions to their
-- origin; verify_references() finds rows whose referenced row is missing.
SET DateStyle = 'ISO, YMD';
SET TimeZone = 'Asia/Shanghai';
SET client_min_messages = warning;
\set SHOW_CONTEXT never
\set VERBOSITY default
DROP EXTENSION IF EXISTS jxlink CASCADE;
CREATE EXTENSION jxlink;
\i test/fixture/street.sql
\i test/fixture/helpers.sql
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'regress_repl_admin') THEN
        CREATE ROLE regress_repl_admin;
    END IF;
END
$$;
GRANT jxlink_admin TO regress_repl_admin;

-- Every table of the extension is classified; what stays in the origin, and why.
SELECT count(*) AS tables, count(*) FILTER (WHERE published) AS published,
       count(*) FILTER (WHERE reason LIKE 'not classified%') AS unclassified
FROM jxlink.publication_tables();
SELECT table_name, reason FROM jxlink.publication_tables() WHERE NOT published ORDER BY table_name::text;
SELECT ord, table_name FROM jxlink.publication_tables() WHERE published AND ord <= 6 ORDER BY ord;
-- referenced tables come before the tables referencing them
SELECT count(*) AS referencing_before_referenced
FROM pg_constraint f
JOIN jxlink.publication_tables() c ON c.table_name = f.conrelid AND c.published
JOIN jxlink.publication_tables() p ON p.table_name = f.confrelid AND p.published
WHERE f.contype = 'f' AND f.conrelid <> f.confrelid AND c.ord < p.ord;
-- every published table has a primary key (the replica identity of its updates)
SELECT count(*) AS published_without_primary_key
FROM jxlink.publication_tables() t
WHERE t.published AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = t.table_name AND k.contype = 'p');

-- publish() creates the publication, and run again (after an upgrade) sets its tables
-- (PostgreSQL's warning that wal_level is not logical here, worded by major, is not shown).
SET client_min_messages = error;
SELECT jxlink.publish('jxlink_regress') AS published_tables;
SET client_min_messages = warning;
SELECT pubinsert, pubupdate, pubdelete, pubtruncate FROM pg_publication WHERE pubname = 'jxlink_regress';
SELECT count(*) AS tables_in_publication FROM pg_publication_tables WHERE pubname = 'jxlink_regress';
ALTER PUBLICATION jxlink_regress DROP TABLE jxlink.referral;
SELECT jxlink.publish('jxlink_regress') AS published_again;
SELECT count(*) AS tables_in_publication FROM pg_publication_tables WHERE pubname = 'jxlink_regress';
SET ROLE regress_repl_admin;
SELECT count(*) AS tables_an_administrator_sees FROM jxlink.publication_tables();
SELECT jxlink.publish('jxlink_other');
RESET ROLE;
DROP PUBLICATION jxlink_regress;

-- A second street's records arrive as the apply worker brings them (the
-- guard triggers, enabled on origin, stay silent under replica).
SET session_replication_role = replica;
INSERT INTO jxlink.jurisdiction (code, name_zh, name_en, replicated_from)
VALUES ('350582-yinglin', '英林镇', 'Yinglin Town', 'from_yinglin');
INSERT INTO jxlink.unit (unit_id, jurisdiction, code, kind, name_zh)
VALUES ('01900000-0000-7000-8000-000000000001', '350582-yinglin', 'TEAM', 'enforcement_team', '英林综合执法队');
RESET session_replication_role;

-- Read-only for every other session: a superuser, an administrator; sealing
-- the quarters leaves it to its origin.
UPDATE jxlink.unit SET name_zh = '改名' WHERE jurisdiction = '350582-yinglin';
\echo :LAST_ERROR_SQLSTATE
SET ROLE regress_repl_admin;
INSERT INTO jxlink.staff (jurisdiction, role_name, unit_id, full_name)
VALUES ('350582-yinglin', 'regress_stranger', '01900000-0000-7000-8000-000000000001', '外人');
DELETE FROM jxlink.jurisdiction WHERE code = '350582-yinglin';
UPDATE jxlink.jurisdiction SET replicated_from = NULL WHERE code = '350582-yinglin';
INSERT INTO jxlink.calendar_closure (jurisdiction, day, name_zh) VALUES ('350582-yinglin', '2024-11-04', '台风');
-- replicated_from is written by replication only
INSERT INTO jxlink.jurisdiction (code, name_zh, replicated_from) VALUES ('350582-anhai', '安海镇', 'from_anhai');
RESET ROLE;
SELECT code, name_zh, is_local, replicated_from FROM jxlink.jurisdiction ORDER BY code;
SELECT code, name_zh FROM jxlink.unit WHERE jurisdiction = '350582-yinglin';
-- the database's own street is written as before
UPDATE jxlink.unit SET name_en = name_en WHERE jurisdiction = '350582-xintang' AND code = 'TEAM';
SELECT jxlink.seal_quarters() >= 0 AS sealed_own_only;
SELECT count(*) AS yinglin_sealed FROM jxlink.quarter_sealed WHERE jurisdiction = '350582-yinglin';

-- verify_references(): apply does not check foreign keys; a row whose
-- referenced row is missing is reported (here: a unit of a jurisdiction not
-- subscribed).
SELECT * FROM jxlink.verify_references();
SET session_replication_role = replica;
INSERT INTO jxlink.unit (jurisdiction, code, kind, name_zh) VALUES ('350582-anhai', 'TEAM', 'enforcement_team', '安海综合执法队');
RESET session_replication_role;
SELECT * FROM jxlink.verify_references();
SET ROLE regress_bi;
SELECT * FROM jxlink.verify_references();
RESET ROLE;

-- Shipped rows as replication brings them: an equal row is skipped, a
-- different one replaces this database's row, an update is taken as it is.
SELECT jxlink.calendar_version() AS v0 \gset
SET session_replication_role = replica;
INSERT INTO jxlink.calendar_day SELECT * FROM jxlink.calendar_day WHERE day = '2024-10-01';
INSERT INTO jxlink.calendar_day (day, kind, name_zh, name_en, source, origin)
VALUES ('2024-10-07', 'holiday', '国庆节（更正）', 'National Day (corrected)', 'State Council notice', 'edited');
UPDATE jxlink.setting SET value = 0.6, origin = 'edited' WHERE name = 'alert_fraction';
-- a new rest day: the in-memory calendar is invalidated by the row trigger enabled for replica
INSERT INTO jxlink.calendar_day (day, kind, name_zh, name_en, source)
VALUES ('2024-11-05', 'holiday', '国务院调整', 'State Council adjustment', 'State Council notice');
SELECT jxlink.is_workday('2024-11-05') AS workday_under_replica;
RESET session_replication_role;
SELECT day, name_zh, origin FROM jxlink.calendar_day WHERE day IN ('2024-10-01', '2024-10-07', '2024-11-05') ORDER BY day;
SELECT value, origin FROM jxlink.setting WHERE name = 'alert_fraction';
SELECT jxlink.calendar_version() <> :'v0' AS calendar_version_changed;
-- outside replication the guard is as before
DELETE FROM jxlink.calendar_day WHERE day = '2024-10-07';

SET jxlink.drop_records = 'contrib_regression';
DROP EXTENSION jxlink CASCADE;
