-- Set-up as written (issue 15): jxlink.staff maps database roles to units, so
-- a row naming a role that does not exist is refused (42704) and changes
-- nothing, whether inserted or renamed to it; a role created first is mapped,
-- and once granted jxlink_clerk it acts for its unit.
SET DateStyle = 'ISO, YMD';
SET TimeZone = 'Asia/Shanghai';
SET client_min_messages = warning;
\set SHOW_CONTEXT never
DROP EXTENSION IF EXISTS jxlink CASCADE;
CREATE EXTENSION jxlink;
\i test/fixture/street.sql
DROP ROLE IF EXISTS no_such_role;
DROP ROLE IF EXISTS regress_setup_admin;
DROP ROLE IF EXISTS regress_setup_new_clerk;
CREATE ROLE regress_setup_admin;
GRANT jxlink_admin TO regress_setup_admin;

-- What must not change.
CREATE TEMP VIEW staff_state AS
SELECT (SELECT count(*) FROM jxlink.staff) AS staff_rows,
       (SELECT md5(string_agg(s::text, ',' ORDER BY role_name)) FROM jxlink.staff s) AS staff_sum,
       (SELECT count(*) FROM jxlink.staff_change) AS changes;
GRANT SELECT ON staff_state TO PUBLIC;
CREATE TEMP TABLE before AS SELECT * FROM staff_state;
GRANT SELECT ON before TO PUBLIC;

SET ROLE regress_setup_admin;
-- 1. A mapping of a role that does not exist.
INSERT INTO jxlink.staff (role_name, unit_id, full_name)
SELECT 'no_such_role', unit_id, '无此人' FROM jxlink.unit WHERE code = 'SEC-ECON';
-- 2. Renaming a mapping to a role that does not exist.
UPDATE jxlink.staff SET role_name = 'no_such_role' WHERE role_name = 'regress_econ_clerk';
-- Nothing changed.
SELECT s = b AS unchanged FROM staff_state s, before b;
-- An update that does not touch role_name is not checked again.
UPDATE jxlink.staff SET full_name = '张三丰' WHERE role_name = 'regress_econ_clerk';
SELECT full_name FROM jxlink.staff WHERE role_name = 'regress_econ_clerk';
RESET ROLE;

-- 3. In the README's order: the DBA creates the role and grants jxlink_clerk,
--    the administrator maps it; the clerk then opens a case for its unit.
CREATE ROLE regress_setup_new_clerk;
GRANT jxlink_clerk TO regress_setup_new_clerk;
SET ROLE regress_setup_admin;
INSERT INTO jxlink.staff (role_name, unit_id, full_name)
SELECT 'regress_setup_new_clerk', unit_id, '新办事员' FROM jxlink.unit WHERE code = 'SEC-PLAN';
SELECT op, role_name, new_values->>'full_name' AS full_name FROM jxlink.staff_change
WHERE role_name = 'regress_setup_new_clerk';
RESET ROLE;
SET ROLE regress_setup_new_clerk;
SELECT jxlink.open_case('licensed', 'inspection', '检查发现的案件', '2024-10-20 09:00+08') AS new_case \gset
RESET ROLE;
SELECT u.code AS found_by FROM jxlink.case_file c JOIN jxlink.unit u ON u.unit_id = c.discovering_unit WHERE c.case_id = :'new_case';

-- Clean up the roles this test created (the fixture's are reused).
\i test/fixture/street_drop.sql
DROP ROLE regress_setup_new_clerk;
DROP ROLE regress_setup_admin;
