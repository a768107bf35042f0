-- The BI report functions at fixed instants (the *_as_of functions) over a
-- small known history of four referrals: obligation status, due soon with
-- its warnings, overdue with the lateness in working days and hours; a
-- changed threshold changes the warning.  Read as a read-only BI role.
SET DateStyle = 'ISO, YMD';
SET TimeZone = 'Asia/Shanghai';
SET client_min_messages = warning;
\set SHOW_CONTEXT never
DROP EXTENSION IF EXISTS jxlink CASCADE;
CREATE EXTENSION jxlink;
\i test/fixture/street.sql

-- pg_temp.refer(): a referral walked to a state, as the clerks and leaders would.
\i test/fixture/refer.sql

-- (1) National Day: found Friday 09-27 10:00, extension notice, transferred
--     10-08 (on time), accepted 10-16 (late: due 10-15 00:00), filed, decided,
--     copied back.
SELECT pg_temp.refer('regress_plan_clerk', 'regress_plan_lead', '加建第五层', '2024-09-27 10:00+08', false,
    '{notify,submit,approve,transfer,accept,file,decide,copy_back}',
    '{2024-09-30 09:00+08,2024-10-08 08:00+08,2024-10-08 09:00+08,2024-10-08 09:30+08,2024-10-16 10:00+08,2024-10-18 10:00+08,2024-11-01 10:00+08,2024-11-08 10:00+08}') IS NOT NULL AS r1;
-- (2) urgent, found in the holiday 10-06 21:00, transferred an hour late, accepted in time.
SELECT pg_temp.refer('regress_eco_clerk', 'regress_eco_lead', '暗管排污', '2024-10-06 21:00+08', true,
    '{submit,approve,transfer,accept}',
    '{2024-10-07 08:00+08,2024-10-07 09:00+08,2024-10-07 22:00+08,2024-10-10 09:00+08}') IS NOT NULL AS r2;
-- (3) found Monday 10-14, never transferred: due 10-18 00:00.
SELECT pg_temp.refer('regress_plan_clerk', 'regress_plan_lead', '违规搭建', '2024-10-14 09:00+08', false,
    '{}', '{}') IS NOT NULL AS r3;
-- (4) withdrawn on 10-11.
SELECT pg_temp.refer('regress_eco_clerk', 'regress_eco_lead', '张贴广告', '2024-10-10 09:00+08', false,
    '{withdraw}', '{2024-10-11 09:00+08}') IS NOT NULL AS r4;

-- The whole ledger, for reference.
SELECT subject_title, kind, rule_code, subject_ref, started_at, due_at, due_date, status, met_at, met_late
FROM jxlink.obligation ORDER BY started_at, kind;

-- Read the rest as a read-only BI role (regress_bi: jxlink_bi only).
SET ROLE regress_bi;

\echo '-- as of Tuesday 2024-10-08 12:00: the urgent transfer was met an hour late; the rest pending'
SELECT subject_title, kind, status, met_at, late_workdays, workdays_left, hours_left
FROM jxlink.obligation_status_at('2024-10-08 12:00+08') ORDER BY started_at, kind;
SELECT subject_title, kind, workdays_left, hours_left, fraction_left, warning
FROM jxlink.due_soon_as_of('2024-10-08 12:00+08') ORDER BY due_at;
SELECT count(*) AS overdue FROM jxlink.overdue_as_of('2024-10-08 12:00+08');

\echo '-- as of Tuesday 2024-10-15 10:00: the written acceptance of (1) is overdue by 1 working day (10 hours)'
SELECT subject_title, kind, subject_ref, owner_code, owner_kind, counterpart_code, rule_code, clause, period,
       due_at, due_date, provisional, late_workdays, late_hours, warning
FROM jxlink.overdue_as_of('2024-10-15 10:00+08') ORDER BY due_at;
SELECT subject_title, kind, owner_code, due_at, workdays_left, hours_left, fraction_left, warning
FROM jxlink.due_soon_as_of('2024-10-15 10:00+08') ORDER BY due_at;

\echo '-- as of Thursday 2024-10-17 10:00: the transfer of (3) is due today: yellow'
SELECT subject_title, kind, workdays_left, hours_left, fraction_left, warning
FROM jxlink.due_soon_as_of('2024-10-17 10:00+08') ORDER BY due_at;
SELECT status, count(*) FROM jxlink.obligation_status_at('2024-10-17 10:00+08') GROUP BY status ORDER BY status;

\echo '-- as of Friday 2024-10-18 10:00: (3) is overdue from 00:00'
SELECT subject_title, kind, due_at, late_workdays, late_hours FROM jxlink.overdue_as_of('2024-10-18 10:00+08') ORDER BY due_at;
RESET ROLE;

-- A changed threshold changes the warning: yellow from 2 working days left.
UPDATE jxlink.setting SET value = 2 WHERE name = 'due_soon_workdays';
SELECT subject_title, kind, workdays_left, warning FROM jxlink.due_soon_as_of('2024-10-15 10:00+08') ORDER BY due_at;
SELECT name, value, origin FROM jxlink.setting ORDER BY name;

\i test/fixture/street_drop.sql
