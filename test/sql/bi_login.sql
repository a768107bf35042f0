-- A BI login prepared by the DBA (issue 15, "Time", "Search path and docno"):
-- jxlink.prepare_bi_login(role) sets the login's TimeZone (jxlink's) and
-- search_path (jxlink first) in this database; refusals change nothing.
-- Document numbers with the default search path and with the prepared one:
-- =, varchar (implicit cast varchar -> docno), max().  test/t/008_odbc.pl
-- tries the same through a real ODBC client.
SET DateStyle = 'ISO, YMD';
SET TimeZone = 'Asia/Shanghai';
SET client_min_messages = warning;
\set SHOW_CONTEXT never
\set VERBOSITY sqlstate
DROP EXTENSION IF EXISTS jxlink CASCADE;
CREATE EXTENSION jxlink;
\i test/fixture/street.sql
\i test/fixture/refer.sql
SELECT pg_temp.refer('regress_econ_clerk', 'regress_econ_lead', '无证经营', '2024-10-21 09:00+08', false,
       '{submit,approve,transfer}', '{2024-10-21 10:00+08,2024-10-21 11:00+08,2024-10-21 14:00+08}') IS NOT NULL AS referred;
DROP ROLE IF EXISTS regress_bi_login;
DROP ROLE IF EXISTS regress_no_member;
CREATE ROLE regress_bi_login LOGIN IN ROLE jxlink_bi;
CREATE ROLE regress_no_member LOGIN;
CREATE TEMP VIEW login_settings AS
SELECT r.rolname, s.setconfig FROM pg_db_role_setting s JOIN pg_roles r ON r.oid = s.setrole
WHERE s.setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database())
  AND r.rolname IN ('regress_bi_login', 'regress_no_member', 'regress_econ_clerk', 'regress_bi')
ORDER BY 1;
GRANT SELECT ON login_settings TO PUBLIC;

-- Refused: a clerk may not call it (42501), a role outside jxlink (22023),
-- null (22004), a role that does not exist (42704).  Nothing is set.
SET ROLE regress_econ_clerk;
SELECT jxlink.prepare_bi_login('regress_bi_login');
RESET ROLE;
SELECT jxlink.prepare_bi_login('regress_no_member');
SELECT jxlink.prepare_bi_login(NULL);
SELECT jxlink.prepare_bi_login('regress_no_such_role');
SELECT * FROM login_settings;

-- The DBA prepares the login: its settings in this database.
SELECT jxlink.prepare_bi_login('regress_bi_login');
SELECT * FROM login_settings;
-- Run again: the same settings (idempotent).
SELECT jxlink.prepare_bi_login('regress_bi_login') = setconfig AS same FROM login_settings WHERE rolname = 'regress_bi_login';

-- Document numbers as a BI role with the default search path: operators and
-- aggregates are found only through the search path (and pg_catalog), so
-- = and max() are not found (42883); OPERATOR(jxlink.=) and jxlink.max work.
SET ROLE regress_bi;
SET search_path = "$user", public;
SELECT count(*) FROM jxlink.referral WHERE letter_no = '新移〔2024〕13号';
SELECT max(letter_no) FROM jxlink.referral;
SELECT count(*) FROM jxlink.referral WHERE letter_no OPERATOR(jxlink.=) '新移[2024]13号';
SELECT jxlink.max(letter_no) FROM jxlink.referral;
-- With the prepared search path: literal, varchar (as JDBC and BI tools send
-- filter values), varchar(n), max(); text stays explicit (42883); a varchar
-- that is not a document number is refused (22P02); string functions on
-- varchar are unchanged.
SET search_path = jxlink, "$user", public;
SELECT count(*) FROM referral WHERE letter_no = '新移［２０２４］第１３号';
SELECT count(*) FROM referral WHERE letter_no = '新移〔2024〕13号'::varchar;
SELECT count(*) FROM referral WHERE '新移[2024]13号'::varchar(20) = letter_no AND letter_no < '新移〔2024〕100号'::varchar;
SELECT count(*) FROM referral WHERE letter_no IN ('新移〔2024〕13号'::varchar, '新移〔2024〕14号'::varchar);
SELECT max(letter_no) FROM referral;
SELECT count(*) FROM referral WHERE letter_no = '新移〔2024〕13号'::text;
SELECT count(*) FROM referral WHERE letter_no = 'no number'::varchar;
SELECT 'a'::varchar = 'a', 'a'::varchar || 'b', 'ab'::varchar LIKE 'a%', max(v), length(v)
FROM (VALUES ('ab'::varchar)) t(v) GROUP BY v;
RESET search_path;
RESET ROLE;

ALTER ROLE regress_bi_login IN DATABASE :"DBNAME" RESET ALL;
DROP VIEW login_settings;
DROP ROLE regress_bi_login;
DROP ROLE regress_no_member;
\i test/fixture/street_drop.sql
