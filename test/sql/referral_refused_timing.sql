-- Referral refusals: when an event may happen (三（三）2).  An extension
-- notice only before the original deadline, dated and recorded (once:
-- gaming_referral), never on an urgent referral; no event in the future,
-- before the previous one or at no time;
-- no material after the transfer; a licence follow-up only when owed, once;
-- one referral in progress per case, not before the case was found.  Each
-- refusal has its SQLSTATE and changes nothing.
SET DateStyle = 'ISO, YMD';
SET TimeZone = 'Asia/Shanghai';
SET client_min_messages = warning;
\set SHOW_CONTEXT never
DROP EXTENSION IF EXISTS jxlink CASCADE;
CREATE EXTENSION jxlink;
\i test/fixture/street.sql
\i test/fixture/helpers.sql
\i test/fixture/referral_helpers.sql

-- Referrals of SEC-ECON in the states the attempts need (pg_temp.walk): the
-- approved one; an unlicensed matter transferred,
-- its licence follow-up reported; an urgent referral of a case found Friday
-- 2024-09-27 10:00 (+08), made after its 24 hours; a case with no referral.
SELECT pg_temp.walk('{}') AS draft_r \gset
SELECT pg_temp.walk('{submit,approve}') AS approved_r \gset
SELECT pg_temp.walk('{submit,approve,transfer}') AS transferred_r \gset
SELECT pg_temp.walk('{submit,approve,transfer,report_licence}', 'unlicensed') AS lic \gset
SELECT case_id AS c3 FROM jxlink.referral WHERE referral_id = :'lic' \gset
SET ROLE regress_econ_clerk;
SELECT jxlink.open_case('prohibited', 'patrol', '占道经营', '2024-09-27 10:00+08') AS urgent_case \gset
SELECT jxlink.create_referral(:'urgent_case', true, '2024-09-29 16:00+08') AS urgent2 \gset
SELECT jxlink.open_case('licensed', 'inspection', '检查发现的案件', '2024-10-20 09:00+08') AS mcase \gset
RESET ROLE;

CREATE TEMP TABLE attempts (who text, what text, stmt text, r uuid);
INSERT INTO attempts VALUES
 ('regress_econ_clerk', 'extension after the original deadline', format('SELECT jxlink.notify_extension(%L, %L, %L)', :'draft_r', 'x', '2024-10-25 00:00+08'), :'draft_r'),
 ('regress_econ_clerk', 'extension on an urgent referral', format('SELECT jxlink.notify_extension(%L, %L, %L)', :'urgent2', 'x', '2024-09-29 17:00+08'), :'urgent2'),
 ('regress_econ_clerk', 'an extension dated in time, recorded late', format('SELECT jxlink.notify_extension(%L, %L, %L)', :'approved_r', 'x', '2024-10-21 11:00+08'), :'approved_r'),
 ('regress_econ_clerk', 'an event in the future', format('SELECT jxlink.submit_referral(%L, %L)', :'draft_r', '2999-01-01 00:00+08'), :'draft_r'),
 ('regress_econ_clerk', 'an event before the previous one', format('SELECT jxlink.submit_referral(%L, %L)', :'draft_r', '2024-10-21 08:00+08'), :'draft_r'),
 ('regress_econ_clerk', 'an event at no time', format('SELECT jxlink.submit_referral(%L, NULL)', :'draft_r'), :'draft_r'),
 ('regress_econ_clerk', 'material after the transfer', format('SELECT jxlink.add_material(%L, %L, %L)', :'transferred_r', 'other', '补充'), :'transferred_r'),
 ('regress_econ_clerk', 'licence follow-up not owed', format('SELECT jxlink.report_licence_followup(%L, %L, %L)', :'transferred_r', '已办证', '2024-12-01 10:00+08'), :'transferred_r'),
 ('regress_econ_clerk', 'licence follow-up reported twice', format('SELECT jxlink.report_licence_followup(%L, %L, %L)', :'lic', '已办证', '2024-12-01 10:00+08'), :'lic'),
 ('regress_econ_clerk', 'a second referral in progress', format('SELECT jxlink.create_referral(%L, false, %L)', :'c3', '2024-12-01 10:00+08'), :'lic'),
 ('regress_econ_clerk', 'a referral before the discovery', format('SELECT jxlink.create_referral(%L, false, %L)', :'mcase', '2024-10-19 10:00+08'), NULL);
GRANT ALL ON attempts TO PUBLIC;
SELECT who, what, pg_temp.attempt(who, stmt, r) AS result FROM attempts;

-- The full report of one of them.
SET ROLE regress_econ_clerk;
SELECT jxlink.notify_extension(:'draft_r', 'x', '2024-10-25 00:00+08');
RESET ROLE;

\i test/fixture/street_drop.sql
