-- The guarded DROP (issue 15): DROP EXTENSION jxlink, DROP SCHEMA jxlink
-- CASCADE and DROP OWNED BY the extension's owner are refused (2BP01) while
-- the record tables hold rows, and nothing is dropped; the DBA confirms in the
-- session that drops with SET jxlink.drop_records = '<database name>'.  An
-- installation without records drops as before.  The database's name is shown
-- as <db> (it depends on how the tests run).
SET DateStyle = 'ISO, YMD';
SET TimeZone = 'Asia/Shanghai';
SET client_min_messages = warning;
\set SHOW_CONTEXT never
DROP EXTENSION IF EXISTS jxlink CASCADE;

-- A refused statement: its SQLSTATE, message, detail and hint ('ok' when it runs).
CREATE FUNCTION pg_temp.refusal(stmt text) RETURNS TABLE (sqlstate text, message text, detail text, hint text)
LANGUAGE plpgsql AS $$
DECLARE s text; m text; d text; h text;
BEGIN
    EXECUTE stmt;
    RETURN QUERY SELECT 'ok', NULL::text, NULL::text, NULL::text;
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS s = RETURNED_SQLSTATE, m = MESSAGE_TEXT, d = PG_EXCEPTION_DETAIL, h = PG_EXCEPTION_HINT;
    RETURN QUERY SELECT s, replace(m, current_database(), '<db>'), replace(d, current_database(), '<db>'),
                        replace(h, current_database(), '<db>');
END $$;
-- Is jxlink there: the extension, its event trigger, its referral table.
CREATE FUNCTION pg_temp.installed() RETURNS TABLE (extension boolean, event_trigger boolean, referral_table boolean)
LANGUAGE sql AS $$
    SELECT EXISTS (SELECT FROM pg_extension WHERE extname = 'jxlink'),
           EXISTS (SELECT FROM pg_event_trigger WHERE evtname = 'jxlink_guard_drop' AND evtevent = 'ddl_command_start'),
           to_regclass('jxlink.referral') IS NOT NULL
$$;

------------------------------------------------------------------------------
-- 1. An installation without records (the shipped calendar, the street's
--    units and staff are set-up, not records) drops as before.
------------------------------------------------------------------------------
CREATE EXTENSION jxlink;
SELECT * FROM pg_temp.installed();
-- the event trigger is a member of the extension (pg_dump leaves it to CREATE EXTENSION)
SELECT pg_describe_object(classid, objid, objsubid) AS member FROM pg_depend
WHERE refclassid = 'pg_extension'::regclass AND deptype = 'e' AND classid = 'pg_event_trigger'::regclass
  AND refobjid = (SELECT oid FROM pg_extension WHERE extname = 'jxlink');
SELECT * FROM pg_temp.refusal('DROP EXTENSION jxlink');
SELECT * FROM pg_temp.installed();

------------------------------------------------------------------------------
-- 2. A street with a transferred referral: every way of dropping is refused,
--    and nothing changes.
------------------------------------------------------------------------------
CREATE EXTENSION jxlink;
\i test/fixture/street.sql
\i test/fixture/refer.sql
SELECT pg_temp.refer('regress_econ_clerk', 'regress_econ_lead', '违规堆放', '2024-10-08 09:00+08', false,
                     '{submit,approve,transfer}', '{2024-10-08 10:00+08,2024-10-08 11:00+08,2024-10-09 09:00+08}') IS NOT NULL AS referred;
CREATE TEMP TABLE before AS
SELECT (SELECT count(*) FROM jxlink.case_file) AS case_files, (SELECT count(*) FROM jxlink.referral) AS referrals,
       (SELECT count(*) FROM jxlink.referral_history) AS history, (SELECT count(*) FROM jxlink.obligation) AS obligations,
       (SELECT count(*) FROM jxlink.unit) AS units;
SELECT * FROM before;
-- the state in which nothing changed: the same rows, jxlink installed
CREATE FUNCTION pg_temp.unchanged() RETURNS boolean LANGUAGE sql AS $$
    SELECT (SELECT count(*) FROM jxlink.case_file) = b.case_files AND (SELECT count(*) FROM jxlink.referral) = b.referrals
       AND (SELECT count(*) FROM jxlink.referral_history) = b.history
       AND (SELECT count(*) FROM jxlink.obligation) = b.obligations AND (SELECT count(*) FROM jxlink.unit) = b.units
       AND (SELECT extension AND event_trigger AND referral_table FROM pg_temp.installed())
    FROM before b
$$;

-- a clerk cannot drop the extension at all (PostgreSQL refuses: no counts are
-- shown to the clerk), nor confirm
SET ROLE regress_econ_clerk;
SELECT sqlstate, message FROM pg_temp.refusal('DROP EXTENSION jxlink CASCADE');
SELECT sqlstate, message FROM pg_temp.refusal('SET jxlink.drop_records = ''x''');
RESET ROLE;
SELECT pg_temp.unchanged();

-- the DBA (superuser) without confirmation: refused, with the counts and the way on
SELECT * FROM pg_temp.refusal('DROP EXTENSION jxlink');
SELECT pg_temp.unchanged();
SELECT sqlstate, message, detail FROM pg_temp.refusal('DROP EXTENSION IF EXISTS jxlink CASCADE');
SELECT pg_temp.unchanged();
-- naming another extension too does not slip through
SELECT sqlstate, message FROM pg_temp.refusal('DROP EXTENSION IF EXISTS no_such_extension, jxlink');
SELECT pg_temp.unchanged();
-- DROP SCHEMA jxlink CASCADE would drop the extension with its tables
SELECT sqlstate, message, detail FROM pg_temp.refusal('DROP SCHEMA jxlink CASCADE');
SELECT pg_temp.unchanged();
-- without CASCADE PostgreSQL itself refuses (the extension depends on its schema)
SELECT sqlstate, message FROM pg_temp.refusal('DROP SCHEMA jxlink');
SELECT pg_temp.unchanged();
-- a wrong confirmation (not this database's name) does not count
SET jxlink.drop_records = 'yes';
SELECT sqlstate, message FROM pg_temp.refusal('DROP EXTENSION jxlink');
SELECT pg_temp.unchanged();
RESET jxlink.drop_records;
-- other drops are not concerned
SELECT * FROM pg_temp.refusal('DROP SCHEMA IF EXISTS regress_no_such_schema CASCADE');
SELECT pg_temp.unchanged();

-- a confirmation set for the database (or the role, or the server) is not the
-- session's: it does not count
ALTER DATABASE :"DBNAME" SET jxlink.drop_records = :'DBNAME';
\c
SET client_min_messages = warning;
CREATE FUNCTION pg_temp.refusal(stmt text) RETURNS TABLE (sqlstate text, message text, detail text, hint text)
LANGUAGE plpgsql AS $$
DECLARE s text; m text; d text; h text;
BEGIN
    EXECUTE stmt;
    RETURN QUERY SELECT 'ok', NULL::text, NULL::text, NULL::text;
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS s = RETURNED_SQLSTATE, m = MESSAGE_TEXT, d = PG_EXCEPTION_DETAIL, h = PG_EXCEPTION_HINT;
    RETURN QUERY SELECT s, replace(m, current_database(), '<db>'), replace(d, current_database(), '<db>'),
                        replace(h, current_database(), '<db>');
END $$;
SELECT current_setting('jxlink.drop_records') = current_database() AS set_for_the_database;
SELECT sqlstate, message, hint FROM pg_temp.refusal('DROP EXTENSION jxlink');
SELECT (SELECT count(*) FROM jxlink.referral) AS referrals, (SELECT count(*) FROM jxlink.obligation) AS obligations;
ALTER DATABASE :"DBNAME" RESET jxlink.drop_records;
\c
SET client_min_messages = warning;
\set SHOW_CONTEXT never
CREATE FUNCTION pg_temp.refusal(stmt text) RETURNS TABLE (sqlstate text, message text, detail text, hint text)
LANGUAGE plpgsql AS $$
DECLARE s text; m text; d text; h text;
BEGIN
    EXECUTE stmt;
    RETURN QUERY SELECT 'ok', NULL::text, NULL::text, NULL::text;
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS s = RETURNED_SQLSTATE, m = MESSAGE_TEXT, d = PG_EXCEPTION_DETAIL, h = PG_EXCEPTION_HINT;
    RETURN QUERY SELECT s, replace(m, current_database(), '<db>'), replace(d, current_database(), '<db>'),
                        replace(h, current_database(), '<db>');
END $$;
CREATE FUNCTION pg_temp.installed() RETURNS TABLE (extension boolean, event_trigger boolean, referral_table boolean)
LANGUAGE sql AS $$
    SELECT EXISTS (SELECT FROM pg_extension WHERE extname = 'jxlink'),
           EXISTS (SELECT FROM pg_event_trigger WHERE evtname = 'jxlink_guard_drop' AND evtevent = 'ddl_command_start'),
           to_regclass('jxlink.referral') IS NOT NULL
$$;

------------------------------------------------------------------------------
-- 3. Confirmed in the session: the drop goes through (the server log records
--    what was deleted).
------------------------------------------------------------------------------
SET jxlink.drop_records = :'DBNAME';
DROP EXTENSION jxlink;
SELECT * FROM pg_temp.installed();
RESET jxlink.drop_records;

-- DROP SCHEMA jxlink CASCADE with records, confirmed for one transaction (SET LOCAL)
CREATE EXTENSION jxlink;
\i test/fixture/street.sql
\i test/fixture/refer.sql
SELECT pg_temp.refer('regress_econ_clerk', 'regress_econ_lead', '违规堆放', '2024-10-08 09:00+08', false,
                     '{submit}', '{2024-10-08 10:00+08}') IS NOT NULL AS referred;
BEGIN;
SET LOCAL jxlink.drop_records = :'DBNAME';
DROP SCHEMA jxlink CASCADE;
COMMIT;
SELECT EXISTS (SELECT FROM pg_extension WHERE extname = 'jxlink') AS extension,
       EXISTS (SELECT FROM pg_event_trigger WHERE evtname = 'jxlink_guard_drop') AS event_trigger,
       to_regnamespace('jxlink') IS NOT NULL AS schema;
-- the confirmation ended with the transaction
SELECT current_setting('jxlink.drop_records') AS after_commit;

------------------------------------------------------------------------------
-- 4. DROP OWNED BY the extension's owner would drop it too
------------------------------------------------------------------------------
CREATE ROLE regress_drop_dba SUPERUSER;
SET ROLE regress_drop_dba;
CREATE EXTENSION jxlink;
RESET ROLE;
SELECT extowner::regrole FROM pg_extension WHERE extname = 'jxlink';
\i test/fixture/street.sql
SELECT pg_temp.refer('regress_econ_clerk', 'regress_econ_lead', '违规堆放', '2024-10-08 09:00+08', false,
                     '{submit}', '{2024-10-08 10:00+08}') IS NOT NULL AS referred;
SELECT sqlstate, message, detail FROM pg_temp.refusal('DROP OWNED BY regress_drop_dba');
SELECT (SELECT count(*) FROM jxlink.referral) AS referrals, (SELECT extension AND event_trigger AND referral_table FROM pg_temp.installed()) AS installed;
-- another role's objects are not concerned
SELECT * FROM pg_temp.refusal('DROP OWNED BY regress_stranger');
SET jxlink.drop_records = :'DBNAME';
DROP OWNED BY regress_drop_dba;
SELECT * FROM pg_temp.installed();
DROP ROLE regress_drop_dba;

\i test/fixture/street_drop.sql
