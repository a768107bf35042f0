-- The quarterly joint meeting (三（四）), as the office at the team and member
-- units: scheduling, agenda, holding, resolutions and their reports at the
-- next meeting, escalation, minutes; the quarterly_meeting and
-- resolution_report obligations, overdue when missed; the next meeting's
-- packet.  Every refused step.
SET DateStyle = 'ISO, YMD';
SET TimeZone = 'Asia/Shanghai';
SET client_min_messages = warning;
\set SHOW_CONTEXT never
DROP EXTENSION IF EXISTS jxlink CASCADE;
CREATE EXTENSION jxlink;
\i test/fixture/street.sql
\i test/fixture/helpers.sql

------------------------------------------------------------------------------
-- The joint meeting (三（四）)
------------------------------------------------------------------------------
INSERT INTO jxlink.joint_meeting_member (unit_id, role)
SELECT unit_id, CASE code WHEN 'TEAM' THEN 'office' WHEN 'JUD' THEN 'supervisor' WHEN 'DISC' THEN 'supervisor' ELSE 'member' END
FROM jxlink.unit;
SET ROLE regress_team_clerk;
INSERT INTO ids SELECT 'm1', jxlink.schedule_meeting('2024-09-20 09:00+08');
RESET ROLE; SET ROLE regress_econ_clerk;
INSERT INTO ids SELECT 'a1', jxlink.propose_agenda_item(pg_temp.id('m1'), '夜市占道经营整治分工', NULL, '2024-09-10 09:00+08');
RESET ROLE; SET ROLE regress_team_clerk;
SELECT jxlink.hold_meeting(pg_temp.id('m1'), '2024-09-20 09:00+08', '党工委副书记', ARRAY[pg_temp.unit('TEAM'), pg_temp.unit('SEC-ECON'), pg_temp.unit('AGY-MKT')]);
INSERT INTO ids SELECT 'res1', jxlink.adopt_resolution(pg_temp.id('m1'), '夜市占道经营联合整治', ARRAY[pg_temp.unit('SEC-ECON'), pg_temp.unit('AGY-MKT')]);
INSERT INTO ids SELECT 'res2', jxlink.adopt_resolution(pg_temp.id('m1'), '建立电子监控数据共享', ARRAY[pg_temp.unit('AGY-MKT')]);
SELECT jxlink.escalate_agenda_item(pg_temp.id('a1'), '涉及多部门职责，提请党政联席会议研究', '2024-09-20 12:00+08');
SELECT jxlink.close_meeting(pg_temp.id('m1'), '新塘联席纪〔2024〕3号', '2024-09-23');
RESET ROLE;
-- Q3 met by the meeting; Q4 planned; Q4 passes without a meeting
SELECT kind, subject_ref, started_at, due_at, status FROM jxlink.obligation WHERE kind = 'quarterly_meeting' ORDER BY started_at;
SELECT kind, subject_ref, due_at, late_workdays FROM jxlink.overdue_as_of('2025-01-06 09:00+08') WHERE kind = 'quarterly_meeting';
-- the next meeting, in Q1 2025: one unit reports, the other does not
SET ROLE regress_team_clerk;
INSERT INTO ids SELECT 'm2', jxlink.schedule_meeting('2025-01-10 09:00+08');
SELECT jxlink.hold_meeting(pg_temp.id('m2'), '2025-01-10 09:00+08', '党工委副书记', ARRAY[pg_temp.unit('TEAM'), pg_temp.unit('SEC-ECON')]);
RESET ROLE; SET ROLE regress_econ_clerk;
SELECT jxlink.report_resolution(pg_temp.id('res1'), pg_temp.id('m2'), 'done', '已完成夜市整治，设置临时摊点区');
RESET ROLE; SET ROLE regress_team_clerk;
SELECT jxlink.close_meeting(pg_temp.id('m2'), '新塘联席纪〔2025〕1号', '2025-01-13');
RESET ROLE;
-- (the office records the adoption today: a report owed by another unit
-- starts when recorded, unless that unit's own report confirms the meeting's
-- time; its due time is masked)
SELECT r.title, u.code, o.status,
       CASE WHEN o.claimed_start_at <> o.started_at THEN 'when recorded + period' ELSE o.due_at::text END AS due_at,
       o.met_late FROM jxlink.obligation o
JOIN jxlink.resolution r ON r.resolution_id = o.subject_id JOIN jxlink.unit u ON u.unit_id = o.owner_unit
WHERE o.kind = 'resolution_report' ORDER BY r.number, u.code, o.started_at;
SELECT subject_ref, subject_title, owner_code, due_at FROM jxlink.overdue_as_of('2025-01-20 09:00+08') WHERE kind = 'resolution_report' ORDER BY subject_ref, owner_code;
-- the packet of the next meeting shows it
SET ROLE regress_team_clerk;
INSERT INTO ids SELECT 'm3', jxlink.schedule_meeting('2025-04-10 09:00+08');
RESET ROLE; SET ROLE regress_mkt_clerk;
SELECT jxlink.propose_agenda_item(pg_temp.id('m3'), '电子监控数据接口', NULL, '2025-03-01 09:00+08') IS NOT NULL AS proposed;
RESET ROLE;
SELECT jxlink.meeting_packet(pg_temp.id('m3'));
-- refused steps
SET ROLE regress_econ_clerk;
SELECT what, pg_temp.outcome(stmt) FROM (VALUES
    ('a member schedules', $$SELECT jxlink.schedule_meeting('2025-04-10 09:00+08')$$),
    ('a member holds', format('SELECT jxlink.hold_meeting(%L, %L, %L, %L)', pg_temp.id('m3'), '2025-04-10 09:00+08', 'x', ARRAY[pg_temp.unit('TEAM')])),
    ('report at the adopting meeting', format('SELECT jxlink.report_resolution(%L, %L, %L, %L)', pg_temp.id('res1'), pg_temp.id('m1'), 'done', 'x')),
    ('report on another unit''s resolution', format('SELECT jxlink.report_resolution(%L, %L, %L, %L)', pg_temp.id('res2'), pg_temp.id('m2'), 'done', 'x')),
    ('report at a meeting not held', format('SELECT jxlink.report_resolution(%L, %L, %L, %L)', pg_temp.id('res1'), pg_temp.id('m3'), 'done', 'x')),
    ('propose to a closed meeting', format('SELECT jxlink.propose_agenda_item(%L, %L)', pg_temp.id('m1'), 'x'))
) AS t(what, stmt);
RESET ROLE; SET ROLE regress_team_clerk;
INSERT INTO ids SELECT 'm4', jxlink.schedule_meeting('2025-02-01 09:00+08', 'special');
SELECT jxlink.hold_meeting(pg_temp.id('m4'), '2025-02-01 09:00+08', '党工委副书记', ARRAY[pg_temp.unit('TEAM'), pg_temp.unit('AGY-ECO')]);
SELECT what, pg_temp.outcome(stmt) FROM (VALUES
    ('a resolution without units', format('SELECT jxlink.adopt_resolution(%L, %L, %L)', pg_temp.id('m4'), 't', '{}')),
    ('a resolution for another street''s unit', format('SELECT jxlink.adopt_resolution(%L, %L, %L)', pg_temp.id('m4'), 't', ARRAY['00000000-0000-7000-8000-000000000000'::uuid])),
    ('hold a held meeting', format('SELECT jxlink.hold_meeting(%L, %L, %L, %L)', pg_temp.id('m4'), '2025-02-01 09:00+08', 'x', ARRAY[pg_temp.unit('TEAM')])),
    ('adopt at a closed meeting', format('SELECT jxlink.adopt_resolution(%L, %L, %L)', pg_temp.id('m2'), 't', ARRAY[pg_temp.unit('TEAM')])),
    ('hold twice', format('SELECT jxlink.hold_meeting(%L, %L, %L, %L)', pg_temp.id('m2'), '2025-01-10 09:00+08', 'x', ARRAY[pg_temp.unit('TEAM')])),
    ('minutes before the meeting', format('SELECT jxlink.close_meeting(jxlink.schedule_meeting(%L), %L, %L)', '2025-04-20 09:00+08', 'x', '2025-04-01')),
    ('a meeting of no kind', $$SELECT jxlink.schedule_meeting('2025-04-10 09:00+08', 'informal')$$)
) AS t(what, stmt);
RESET ROLE;

\i test/fixture/street_drop.sql
