-- Confidentiality (issue 12): administrators do not read complainants'
-- contacts, whatever staff rows they give themselves; every change of
-- jxlink.staff is on record (jxlink.staff_change) and every read of a contact
-- too (jxlink.contact_read), both append-only; a read cannot be rolled back
-- off the record; share_sender() and patrol_leader() tell a unit's rows only
-- to that unit.
SET DateStyle = 'ISO, YMD';
SET TimeZone = 'Asia/Shanghai';
SET client_min_messages = warning;
\set SHOW_CONTEXT never
DROP EXTENSION IF EXISTS jxlink CASCADE;
CREATE EXTENSION jxlink;
\i test/fixture/street.sql
\i test/fixture/helpers.sql
-- An administrator who is also a clerk (it can call the API), and one who is not.
DO $$
BEGIN
    CREATE ROLE regress_admin_clerk;
EXCEPTION WHEN duplicate_object THEN NULL;
END $$;
DO $$
BEGIN
    CREATE ROLE regress_admin_only;
EXCEPTION WHEN duplicate_object THEN NULL;
END $$;
GRANT jxlink_admin, jxlink_clerk TO regress_admin_clerk;
GRANT jxlink_admin TO regress_admin_only;
-- What the record and the log hold, without times or logins.
CREATE FUNCTION pg_temp.staff_record() RETURNS TABLE (op text, role_name text, unit text, changed_by_role text, old_unit text, new_unit text)
LANGUAGE sql AS $$
    SELECT c.op, c.role_name, u.code, c.changed_by_role,
           (SELECT x.code FROM jxlink.unit x WHERE x.unit_id = (c.old_values->>'unit_id')::uuid),
           (SELECT x.code FROM jxlink.unit x WHERE x.unit_id = (c.new_values->>'unit_id')::uuid)
    FROM jxlink.staff_change c JOIN jxlink.unit u ON u.unit_id = c.unit_id
    WHERE c.role_name LIKE 'regress_admin%' ORDER BY c.change_no
$$;
CREATE FUNCTION pg_temp.reads() RETURNS TABLE (complaint text, reader_role text, reader_unit text)
LANGUAGE sql AS $$
    SELECT i.name, r.reader_role, u.code FROM jxlink.contact_read r JOIN ids i ON i.id = r.complaint_id
    JOIN jxlink.unit u ON u.unit_id = r.reader_unit ORDER BY r.read_no
$$;
GRANT EXECUTE ON FUNCTION pg_temp.staff_record(), pg_temp.reads() TO PUBLIC;
-- Run a query returning one value as a role: the value, or SQLSTATE and message.
CREATE FUNCTION pg_temp.as_role(who text, q text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    result text;
BEGIN
    EXECUTE format('SET LOCAL ROLE %I', who);
    BEGIN
        EXECUTE q INTO result;
    EXCEPTION WHEN OTHERS THEN
        result := SQLSTATE || ': ' || SQLERRM;
    END;
    RESET ROLE;
    RETURN result;
END $$;

SET ROLE regress_econ_clerk;
INSERT INTO ids SELECT 'c1', jxlink.receive_complaint('hotline', '2024-10-09 09:00+08', '噪音扰民', NULL, 'other',
                                                      '{"full_name": "王某", "phone": "13900000000"}');
RESET ROLE;
-- the fixture's own mappings are on record, and the record agrees with the table
SELECT count(*) AS fixture_mappings_recorded, count(*) FILTER (WHERE changed_by_role = current_user) AS by_this_superuser
FROM jxlink.staff_change WHERE op = 'insert';
SELECT count(*) AS disagreements FROM jxlink.verify_staff_record();

------------------------------------------------------------------------------
-- 1. The administrator maps itself as team staff, tries to read the
--    complainant's phone, and unmaps itself: refused, and both on record.
------------------------------------------------------------------------------
SET ROLE regress_admin_clerk;
INSERT INTO jxlink.staff (role_name, unit_id, full_name) VALUES ('regress_admin_clerk', pg_temp.unit('TEAM'), '管理员');
SELECT what, pg_temp.outcome(stmt) FROM (VALUES
    ('read through the procedure', format('CALL jxlink.read_complainant_contact(%L)', pg_temp.id('c1'))),
    ('record a read', format('SELECT jxlink.record_contact_read(%L)', pg_temp.id('c1'))),
    ('read through the function', format('SELECT jxlink.complainant_contact(%L)', pg_temp.id('c1'))),
    ('read the table', 'SELECT phone FROM jxlink.complaint_contact')
) AS t(what, stmt);
-- as the discipline commission's staff: still refused
UPDATE jxlink.staff SET unit_id = pg_temp.unit('DISC') WHERE role_name = 'regress_admin_clerk';
SELECT pg_temp.outcome(format('CALL jxlink.read_complainant_contact(%L)', pg_temp.id('c1'))) AS as_disc_staff;
-- a change that changes nothing is no change
UPDATE jxlink.staff SET full_name = full_name WHERE role_name = 'regress_admin_clerk';
DELETE FROM jxlink.staff WHERE role_name = 'regress_admin_clerk';
RESET ROLE;
SET ROLE regress_admin_only;
SELECT pg_temp.outcome(format('CALL jxlink.read_complainant_contact(%L)', pg_temp.id('c1'))) AS admin_without_clerk;
RESET ROLE;
-- nothing was read, and the mapping and unmapping are on record, by the administrator
SELECT count(*) AS contact_reads FROM jxlink.contact_read;
SELECT * FROM pg_temp.staff_record();
SELECT count(*) AS disagreements FROM jxlink.verify_staff_record();
-- a re-insert naming an old change is recorded all the same (only a row the
-- record already holds -- a restore -- goes unrecorded)
SET ROLE regress_admin_only;
INSERT INTO jxlink.staff (role_name, unit_id, full_name, last_change)
SELECT 'regress_admin_clerk', pg_temp.unit('TEAM'), '管理员', min(change_no) FROM jxlink.staff_change WHERE role_name = 'regress_admin_clerk';
SELECT op, unit FROM pg_temp.staff_record();
SELECT s.last_change = (SELECT max(change_no) FROM jxlink.staff_change) AS names_its_own_new_change
FROM jxlink.staff s WHERE s.role_name = 'regress_admin_clerk';
DELETE FROM jxlink.staff WHERE role_name = 'regress_admin_clerk';
-- the administrator reads the record; it cannot write it
SELECT count(*) > 0 AS admin_reads_record FROM jxlink.staff_change;
SELECT pg_temp.outcome('DELETE FROM jxlink.staff_change') AS admin_deletes_record;
RESET ROLE;

------------------------------------------------------------------------------
-- 2. Append-only, even to the owner (a superuser here); TRUNCATE of staff is
--    refused (removals are recorded one by one).
------------------------------------------------------------------------------
SELECT count(*) AS changes_before FROM jxlink.staff_change \gset
SELECT what, pg_temp.outcome(stmt) FROM (VALUES
    ('update the staff record', 'UPDATE jxlink.staff_change SET changed_by_role = ''nobody'''),
    ('delete from the staff record', 'DELETE FROM jxlink.staff_change WHERE role_name = ''regress_admin_clerk'''),
    ('truncate the staff record', 'TRUNCATE jxlink.staff_change CASCADE'),
    ('truncate staff', 'TRUNCATE jxlink.staff'),
    ('insert a change number', 'INSERT INTO jxlink.staff_change (change_no, jurisdiction, op, role_name, unit_id, new_values, changed_by_role, changed_by_login) VALUES (1, ''350582-xintang'', ''insert'', ''x'', gen_random_uuid(), ''{}'', ''x'', ''x'')')
) AS t(what, stmt);
SELECT count(*) = :changes_before AS record_unchanged FROM jxlink.staff_change;

------------------------------------------------------------------------------
-- 3. Reads of contacts: who may, and every read on record.
------------------------------------------------------------------------------
SET ROLE regress_econ_clerk;
-- the first receiver cannot fetch a contact whose read is not on record, nor
-- record and fetch in one transaction (it could be rolled back); nor read the table
SELECT what, pg_temp.outcome(stmt) FROM (VALUES
    ('fetch without a recorded read', format('SELECT jxlink.complainant_contact(%L)', pg_temp.id('c1'))),
    ('record and fetch at once', format('SELECT jxlink.record_contact_read(%L), jxlink.complainant_contact(%L)', pg_temp.id('c1'), pg_temp.id('c1'))),
    ('read the table', 'SELECT phone FROM jxlink.complaint_contact')
) AS t(what, stmt);
-- inside a transaction block the read is refused (it could be rolled back off
-- the record): nothing shown, nothing recorded
BEGIN;
CALL jxlink.read_complainant_contact(pg_temp.id('c1'));
ROLLBACK;
SELECT count(*) AS reads_recorded FROM jxlink.contact_read;
-- it reads it with the procedure: the read is recorded and committed first
CALL jxlink.read_complainant_contact(pg_temp.id('c1'));
SELECT * FROM pg_temp.reads();
RESET ROLE;
-- another section, the team (the complaint was not referred to it), a clerk
-- with no unit, BI: refused, nothing recorded
SELECT who, pg_temp.as_role(who, format('CALL jxlink.read_complainant_contact(%L)', pg_temp.id('c1'))) AS outcome
FROM unnest(ARRAY['regress_plan_clerk', 'regress_team_clerk', 'regress_stranger', 'regress_bi']) AS who;
-- a supervisor reads it
SET ROLE regress_jud_clerk;
CALL jxlink.read_complainant_contact(pg_temp.id('c1'));
SELECT * FROM pg_temp.reads();
RESET ROLE;
-- the supervisors read every read; a clerk only its own; BI and administrators none
SELECT who, pg_temp.as_role(who, 'SELECT count(*) FROM jxlink.contact_read') AS reads_seen,
       pg_temp.as_role(who, 'SELECT count(*) FROM jxlink.staff_change') AS staff_changes_seen
FROM unnest(ARRAY['regress_econ_clerk', 'regress_plan_clerk', 'regress_team_clerk', 'regress_jud_clerk', 'regress_disc_clerk',
                  'regress_bi', 'regress_admin_only']) AS who;
-- the log is append-only, even to the owner
SELECT count(*) AS reads_before FROM jxlink.contact_read \gset
SELECT what, pg_temp.outcome(stmt) FROM (VALUES
    ('update the log', 'UPDATE jxlink.contact_read SET reader_role = ''nobody'''),
    ('delete from the log', 'DELETE FROM jxlink.contact_read'),
    ('truncate the log', 'TRUNCATE jxlink.contact_read')
) AS t(what, stmt);
SELECT count(*) = :reads_before AS log_unchanged FROM jxlink.contact_read;

------------------------------------------------------------------------------
-- 4. A superuser who bypasses the trigger is found out by verify_staff_record().
------------------------------------------------------------------------------
ALTER TABLE jxlink.staff DISABLE TRIGGER staff_record;
INSERT INTO jxlink.staff (role_name, unit_id, full_name, last_change)
VALUES ('regress_admin_only', pg_temp.unit('TEAM'), '暗中对应', (SELECT max(change_no) FROM jxlink.staff_change));
DELETE FROM jxlink.staff WHERE role_name = 'regress_disc_clerk';
ALTER TABLE jxlink.staff ENABLE ALWAYS TRIGGER staff_record;
SELECT role_name, regexp_replace(problem, '[0-9]+', 'N') AS problem FROM jxlink.verify_staff_record();
SET ROLE regress_econ_clerk;
SELECT pg_temp.outcome('SELECT * FROM jxlink.verify_staff_record()') AS clerk_verifies;
RESET ROLE;

------------------------------------------------------------------------------
-- 5. share_sender() and patrol_leader() tell a unit's rows only to that unit.
------------------------------------------------------------------------------
SET ROLE regress_econ_clerk;
INSERT INTO ids SELECT 's1', jxlink.share_information('rules_standards', '裁量基准', ARRAY[pg_temp.unit('SEC-PLAN')], NULL, NULL,
                                                     '2024-10-09 09:00+08');
INSERT INTO ids SELECT 'p1', jxlink.record_patrol('2024-10-09 15:00+08', '新塘社区沿街店铺', ARRAY[pg_temp.unit('COMM-1')]);
RESET ROLE;
SELECT who, pg_temp.as_role(who, format('SELECT u.code FROM jxlink.unit u WHERE u.unit_id = jxlink.share_sender(%L)', pg_temp.id('s1'))) AS share_sender,
       pg_temp.as_role(who, format('SELECT u.code FROM jxlink.unit u WHERE u.unit_id = jxlink.patrol_leader(%L)', pg_temp.id('p1'))) AS patrol_leader
FROM unnest(ARRAY['regress_econ_clerk', 'regress_plan_clerk', 'regress_mkt_clerk', 'regress_comm_clerk', 'regress_jud_clerk',
                  'regress_bi']) AS who;
-- the policies that use them still work: the sender and the leader see every
-- recipient and participant row, a recipient or participant its own, another
-- section none
SELECT who, pg_temp.as_role(who, 'SELECT count(*) FROM jxlink.share_recipient') AS share_recipients,
       pg_temp.as_role(who, 'SELECT count(*) FROM jxlink.patrol_participant') AS patrol_participants
FROM unnest(ARRAY['regress_econ_clerk', 'regress_plan_clerk', 'regress_comm_clerk', 'regress_mkt_clerk']) AS who;

DROP ROLE regress_admin_clerk, regress_admin_only;
\i test/fixture/street_drop.sql
