-- Gaming the joint meeting (三（四）), issue 12: each attempt is refused with
-- its SQLSTATE and changes nothing, or no longer changes a verdict.
--   1. quarters are owed from the day the provisions apply, each once
--   2. only the office or an administrator plans; NULL and days before the
--      provisions apply are refused
--   3. a later meeting does not re-date a report already overdue
--   4. a meeting's attendees are units of the street, the office among them
--      with at least one other member unit
--   5. the packet is the same whoever of the meeting's own prints it
--   6. close_meeting takes the time the minutes were issued
SET DateStyle = 'ISO, YMD';
SET TimeZone = 'Asia/Shanghai';
SET client_min_messages = warning;
\set SHOW_CONTEXT never
DROP EXTENSION IF EXISTS jxlink CASCADE;
CREATE EXTENSION jxlink;
\i test/fixture/street.sql
\i test/fixture/helpers.sql
DO $$
BEGIN
    CREATE ROLE regress_meetings_admin IN ROLE jxlink_admin;
EXCEPTION WHEN duplicate_object THEN NULL;
END $$;
-- the members of 三（四）: the team (the office), the sections, the agencies,
-- the community work group, the judicial office and the discipline commission
-- (supervisors); the community itself is not a member
INSERT INTO jxlink.joint_meeting_member (unit_id, role)
SELECT unit_id, CASE code WHEN 'TEAM' THEN 'office' WHEN 'JUD' THEN 'supervisor' WHEN 'DISC' THEN 'supervisor' ELSE 'member' END
FROM jxlink.unit WHERE code <> 'COMM-1';
-- another street, for a unit that is not this street's
INSERT INTO jxlink.jurisdiction (code, name_zh) VALUES ('350582-chidian', '池店镇');
INSERT INTO jxlink.unit (unit_id, jurisdiction, code, kind, name_zh)
VALUES ('01900000-0000-7000-8000-0000000000c1', '350582-chidian', 'SEC-X', 'functional_section', '池店经发办');
-- what a refused attempt must leave as it was
CREATE FUNCTION pg_temp.state() RETURNS text LANGUAGE sql AS $$
    SELECT md5(concat_ws('|',
        (SELECT string_agg(concat_ws(',', o.kind, o.subject_ref, o.owner_unit, o.started_at, o.due_at, o.status, o.met_at, o.met_late),
                           ';' ORDER BY o.obligation_id) FROM jxlink.obligation o),
        (SELECT string_agg(concat_ws(',', m.meeting_id, m.held_at, m.convener, m.closed_at, m.minutes_no, m.minutes_issued_on),
                           ';' ORDER BY m.meeting_id) FROM jxlink.joint_meeting m),
        (SELECT string_agg(concat_ws(',', a.meeting_id, a.unit_id), ';' ORDER BY a.meeting_id, a.unit_id) FROM jxlink.joint_meeting_attendee a),
        (SELECT count(*) FROM jxlink.obligation_move),
        (SELECT string_agg(concat_ws(',', j.code, j.provisions_from), ';' ORDER BY j.code) FROM jxlink.jurisdiction j)))
$$;
CREATE TEMP TABLE before (state text);
GRANT ALL ON before TO PUBLIC;

------------------------------------------------------------------------------
-- 1. Quarters owed from the day the provisions apply, each once
------------------------------------------------------------------------------
-- a jurisdiction registered without the day gets the day of the Xintang provisions
SELECT code, provisions_from FROM jxlink.jurisdiction ORDER BY code;
-- the administrator records that the provisions apply in the street from 2025-01-01
SET ROLE regress_meetings_admin;
UPDATE jxlink.jurisdiction SET provisions_from = '2025-01-01' WHERE code = '350582-xintang';
-- not a day: refused by the table (23514), nothing changed
SELECT pg_temp.outcome($$UPDATE jxlink.jurisdiction SET provisions_from = '-infinity' WHERE code = '350582-xintang'$$);
RESET ROLE;
SELECT code, provisions_from FROM jxlink.jurisdiction ORDER BY code;

------------------------------------------------------------------------------
-- 2. Who plans, and for which days
------------------------------------------------------------------------------
INSERT INTO before SELECT pg_temp.state();
SET ROLE regress_econ_clerk;
SELECT 'a section''s clerk' AS who, pg_temp.outcome($$SELECT jxlink.plan_quarterly_meetings('2025-12-31')$$);
RESET ROLE; SET ROLE regress_jud_clerk;
SELECT 'a supervisor unit''s clerk' AS who, pg_temp.outcome($$SELECT jxlink.plan_quarterly_meetings('2025-12-31')$$);
RESET ROLE; SET ROLE regress_stranger;
SELECT 'a clerk with no staff row' AS who, pg_temp.outcome($$SELECT jxlink.plan_quarterly_meetings('2025-12-31')$$);
RESET ROLE; SET ROLE regress_bi;
SELECT 'BI' AS who, pg_temp.outcome($$SELECT jxlink.plan_quarterly_meetings('2025-12-31')$$);
RESET ROLE; SET ROLE regress_team_clerk;
SELECT what, pg_temp.outcome(stmt) FROM (VALUES
    ('null', $$SELECT jxlink.plan_quarterly_meetings(NULL)$$),
    ('1950, before the provisions applied', $$SELECT jxlink.plan_quarterly_meetings('1950-03-31')$$),
    ('the day before they apply', $$SELECT jxlink.plan_quarterly_meetings('2024-12-31')$$),
    ('infinity', $$SELECT jxlink.plan_quarterly_meetings('infinity')$$),
    ('-infinity', $$SELECT jxlink.plan_quarterly_meetings('-infinity')$$)
) AS t(what, stmt);
RESET ROLE;
SELECT state = pg_temp.state() AS nothing_changed, (SELECT count(*) FROM jxlink.obligation) AS obligations FROM before;
TRUNCATE before;
-- the office plans the year: Q1-Q4 2025 are owed, each from its first day
SET ROLE regress_team_clerk;
SELECT jxlink.plan_quarterly_meetings('2025-12-31') AS opened;
SELECT jxlink.plan_quarterly_meetings('2025-12-31') AS opened_again;
SELECT jxlink.plan_quarterly_meetings('2025-11-15') AS opened_for_an_earlier_day;
RESET ROLE;
-- an administrator plans the next quarter (a scheduled job runs as one); again, nothing
SET ROLE regress_meetings_admin;
SELECT jxlink.plan_quarterly_meetings('2026-03-31') AS opened;
SELECT jxlink.plan_quarterly_meetings('2026-01-01') AS opened_again;
RESET ROLE;
SELECT subject_ref, started_at, due_at, status, (SELECT code FROM jxlink.unit WHERE unit_id = owner_unit) AS owner
FROM jxlink.obligation WHERE kind = 'quarterly_meeting' ORDER BY started_at;
SELECT count(*) AS quarters, count(DISTINCT subject_id) AS distinct_quarters FROM jxlink.obligation WHERE kind = 'quarterly_meeting';
-- unmet, each is overdue once its quarter has ended
SELECT subject_ref, due_at FROM jxlink.overdue_as_of('2026-01-05 09:00+08') WHERE kind = 'quarterly_meeting' ORDER BY due_at;

------------------------------------------------------------------------------
-- 4. The attendees of a meeting
------------------------------------------------------------------------------
SET ROLE regress_team_clerk;
INSERT INTO ids SELECT 'm1', jxlink.schedule_meeting('2025-02-10 09:00+08');
RESET ROLE;
INSERT INTO before SELECT pg_temp.state();
SET ROLE regress_team_clerk;
SELECT what, pg_temp.outcome(format('SELECT jxlink.hold_meeting(%L, %L, %L, %L)', pg_temp.id('m1'), '2025-02-10 09:00+08', '党工委副书记', attendees))
FROM (VALUES
    ('an unknown unit', ARRAY['01900000-0000-7000-8000-000000000000'::uuid]),
    ('an unknown unit beside the office and a member', ARRAY[pg_temp.unit('TEAM'), pg_temp.unit('SEC-ECON'), '01900000-0000-7000-8000-000000000000'::uuid]),
    ('another street''s unit', ARRAY[pg_temp.unit('TEAM'), (SELECT unit_id FROM jxlink.unit WHERE code = 'SEC-X')]),
    ('a null unit', ARRAY[pg_temp.unit('TEAM'), pg_temp.unit('SEC-ECON'), NULL]),
    ('no units', '{}'::uuid[]),
    ('members without the office', ARRAY[pg_temp.unit('SEC-ECON'), pg_temp.unit('AGY-MKT')]),
    ('the office alone', ARRAY[pg_temp.unit('TEAM')]),
    ('the office twice', ARRAY[pg_temp.unit('TEAM'), pg_temp.unit('TEAM')]),
    ('the office with a unit that is no member', ARRAY[pg_temp.unit('TEAM'), pg_temp.unit('COMM-1')])
) AS t(what, attendees);
RESET ROLE;
-- the meeting is not held, no one attended, the quarter is still owed
SELECT state = pg_temp.state() AS nothing_changed FROM before;
SELECT held_at, (SELECT count(*) FROM jxlink.joint_meeting_attendee a WHERE a.meeting_id = m.meeting_id) AS attendees
FROM jxlink.joint_meeting m WHERE meeting_id = pg_temp.id('m1');
TRUNCATE before;
-- the office with two members: held, Q1 met
SET ROLE regress_team_clerk;
SELECT jxlink.hold_meeting(pg_temp.id('m1'), '2025-02-10 09:00+08', '党工委副书记',
                           ARRAY[pg_temp.unit('TEAM'), pg_temp.unit('SEC-ECON'), pg_temp.unit('AGY-MKT')]) AS attending;
INSERT INTO ids SELECT 'r1', jxlink.adopt_resolution(pg_temp.id('m1'), '夜市占道经营联合整治', ARRAY[pg_temp.unit('SEC-ECON'), pg_temp.unit('AGY-MKT')]);
RESET ROLE;
SELECT subject_ref, status, met_at FROM jxlink.obligation WHERE kind = 'quarterly_meeting' AND subject_ref = '2025-Q1';

------------------------------------------------------------------------------
-- 6. close_meeting takes the time the minutes were issued
------------------------------------------------------------------------------
INSERT INTO before SELECT pg_temp.state();
SET ROLE regress_team_clerk;
SELECT what, pg_temp.outcome(format('SELECT jxlink.close_meeting(%L, %L, %L, %L)', pg_temp.id('m1'), '新塘联席纪〔2025〕1号', issued_on, occurred_at))
FROM (VALUES
    ('closed before the meeting', '2025-02-10', '2025-02-10 08:00+08'),
    ('closed in the future', '2025-02-12', '2999-02-12 17:00+08'),
    ('no time', '2025-02-12', NULL),
    ('minutes dated after they were issued', '2025-02-13', '2025-02-12 17:00+08'),
    ('minutes dated before the meeting', '2025-02-09', '2025-02-12 17:00+08')
) AS t(what, issued_on, occurred_at);
RESET ROLE; SET ROLE regress_econ_clerk;
SELECT 'a member closes' AS what, pg_temp.outcome(format('SELECT jxlink.close_meeting(%L, %L, %L, %L)', pg_temp.id('m1'), '新塘联席纪〔2025〕1号', '2025-02-12', '2025-02-12 17:00+08'));
RESET ROLE;
SELECT state = pg_temp.state() AS nothing_changed FROM before;
TRUNCATE before;
SET ROLE regress_team_clerk;
SELECT jxlink.close_meeting(pg_temp.id('m1'), '新塘联席纪〔2025〕1号', '2025-02-12', '2025-02-12 17:00+08') AS reports_missed;
RESET ROLE;
SELECT minutes_no, minutes_issued_on, closed_at FROM jxlink.joint_meeting WHERE meeting_id = pg_temp.id('m1');

------------------------------------------------------------------------------
-- 3. What was late stays late
------------------------------------------------------------------------------
-- the reports owed on r1: at the next meeting, until one is held the end of Q2
SELECT u.code, o.started_at, o.due_at, o.status FROM jxlink.obligation o JOIN jxlink.unit u ON u.unit_id = o.owner_unit
WHERE o.kind = 'resolution_report' ORDER BY u.code, o.started_at;
-- the Q2 meeting: reports not yet due move to it (the moves recorded); SEC-ECON
-- reports progress and owes the next meeting another, AGY-MKT reports nothing
SET ROLE regress_team_clerk;
INSERT INTO ids SELECT 'm2', jxlink.schedule_meeting('2025-05-15 09:00+08');
SELECT jxlink.hold_meeting(pg_temp.id('m2'), '2025-05-15 09:00+08', '党工委副书记',
                           ARRAY[pg_temp.unit('TEAM'), pg_temp.unit('SEC-ECON'), pg_temp.unit('AGY-MKT'), pg_temp.unit('AGY-ECO')]) AS attending;
RESET ROLE; SET ROLE regress_econ_clerk;
SELECT jxlink.report_resolution(pg_temp.id('r1'), pg_temp.id('m2'), 'in_progress', '已排查夜市摊点 40 处');
RESET ROLE; SET ROLE regress_team_clerk;
-- the old call form: the minutes closed now
SELECT jxlink.close_meeting(pg_temp.id('m2'), '新塘联席纪〔2025〕2号', '2025-05-16') AS reports_missed;
RESET ROLE;
SELECT closed_at BETWEEN now() - interval '1 minute' AND now() AS closed_now FROM jxlink.joint_meeting WHERE meeting_id = pg_temp.id('m2');
SELECT u.code, o.started_at, o.due_at, o.status, o.met_late FROM jxlink.obligation o JOIN jxlink.unit u ON u.unit_id = o.owner_unit
WHERE o.kind = 'resolution_report' ORDER BY u.code, o.started_at;
SELECT u.code, v.from_due_at, v.to_due_at, v.cause FROM jxlink.obligation_move v
JOIN jxlink.obligation o USING (obligation_id) JOIN jxlink.unit u ON u.unit_id = o.owner_unit ORDER BY u.code, v.moved_at;
-- no meeting in Q3: SEC-ECON's report is overdue from 2025-10-01; the verdicts
-- of Q3 and of mid-October, before the Q4 meeting is held
CREATE TEMP TABLE verdicts AS
SELECT 'overdue 2025-10-15' AS what, concat_ws(' ', kind, owner_code, subject_ref, due_at) AS line
FROM jxlink.overdue_as_of('2025-10-15 09:00+08') WHERE kind = 'resolution_report'
UNION ALL
SELECT 'scorecard 2025-Q3', concat_ws(' ', unit_code, kind, total, met_on_time, met_late, overdue, not_yet_due)
FROM jxlink.unit_scorecard_at('2025-07-01', '2025-09-30', '2025-10-15 09:00+08') WHERE kind IN ('resolution_report', 'quarterly_meeting');
SELECT * FROM verdicts ORDER BY what, line;
-- a complaint SEC-ECON received itself (a row the team does not read), for the packet below
SET ROLE regress_econ_clerk;
SELECT jxlink.receive_complaint('hotline', '2025-10-08 10:00+08', '夜市摊点噪声扰民') IS NOT NULL AS received;
RESET ROLE;
-- the Q4 meeting, held on 2025-10-20
SET ROLE regress_team_clerk;
INSERT INTO ids SELECT 'm3', jxlink.schedule_meeting('2025-10-20 09:00+08');
RESET ROLE; SET ROLE regress_mkt_clerk;
SELECT jxlink.propose_agenda_item(pg_temp.id('m3'), '夜市整治第二阶段', NULL, '2025-10-10 09:00+08') IS NOT NULL AS proposed;
RESET ROLE; SET ROLE regress_team_clerk;
SELECT jxlink.hold_meeting(pg_temp.id('m3'), '2025-10-20 09:00+08', '党工委副书记',
                           ARRAY[pg_temp.unit('TEAM'), pg_temp.unit('SEC-ECON'), pg_temp.unit('AGY-MKT'), pg_temp.unit('JUD')]) AS attending;
RESET ROLE;
-- the report overdue since 2025-10-01 is not put off to the meeting: no move, the same verdicts
SELECT u.code, o.started_at, o.due_at, o.status FROM jxlink.obligation o JOIN jxlink.unit u ON u.unit_id = o.owner_unit
WHERE o.kind = 'resolution_report' ORDER BY u.code, o.started_at;
SELECT count(*) AS moves_by_the_q4_meeting FROM jxlink.obligation_move v JOIN jxlink.obligation o USING (obligation_id)
WHERE o.kind = 'resolution_report' AND v.to_due_at > '2025-10-01 00:00+08';
SELECT count(*) AS verdicts_changed FROM (
    (SELECT what, line FROM verdicts
     EXCEPT ALL
     SELECT 'overdue 2025-10-15', concat_ws(' ', kind, owner_code, subject_ref, due_at)
     FROM jxlink.overdue_as_of('2025-10-15 09:00+08') WHERE kind = 'resolution_report'
     EXCEPT ALL
     SELECT 'scorecard 2025-Q3', concat_ws(' ', unit_code, kind, total, met_on_time, met_late, overdue, not_yet_due)
     FROM jxlink.unit_scorecard_at('2025-07-01', '2025-09-30', '2025-10-15 09:00+08') WHERE kind IN ('resolution_report', 'quarterly_meeting'))
    UNION ALL
    (SELECT 'overdue 2025-10-15', concat_ws(' ', kind, owner_code, subject_ref, due_at)
     FROM jxlink.overdue_as_of('2025-10-15 09:00+08') WHERE kind = 'resolution_report'
     UNION ALL
     SELECT 'scorecard 2025-Q3', concat_ws(' ', unit_code, kind, total, met_on_time, met_late, overdue, not_yet_due)
     FROM jxlink.unit_scorecard_at('2025-07-01', '2025-09-30', '2025-10-15 09:00+08') WHERE kind IN ('resolution_report', 'quarterly_meeting')
     EXCEPT ALL
     SELECT what, line FROM verdicts)) d;
-- reported at the Q4 meeting: met, late; it stays in Q3's scorecard, as met late
SET ROLE regress_econ_clerk;
SELECT jxlink.report_resolution(pg_temp.id('r1'), pg_temp.id('m3'), 'done', '夜市整治完成');
RESET ROLE;
SELECT u.code, o.due_at, o.status, o.met_at, o.met_late FROM jxlink.obligation o JOIN jxlink.unit u ON u.unit_id = o.owner_unit
WHERE o.kind = 'resolution_report' ORDER BY u.code, o.started_at;
SELECT unit_code, kind, total, met_on_time, met_late, overdue FROM jxlink.unit_scorecard_at('2025-07-01', '2025-09-30', '2025-12-31 00:00+08')
WHERE kind IN ('resolution_report', 'quarterly_meeting') ORDER BY unit_code, kind;

------------------------------------------------------------------------------
-- 5. The packet is the same whoever of the meeting's own prints it
------------------------------------------------------------------------------
-- the team does not read SEC-ECON's complaint reply itself ...
SET ROLE regress_team_clerk;
SELECT count(*) AS complaint_replies_the_team_reads FROM jxlink.obligation WHERE kind = 'complaint_reply';
-- (the quarter's scorecard as the team reads it: SEC-ECON's line is missing)
SELECT unit_code, sum(total) AS total FROM jxlink.unit_scorecard_at('2025-10-01', '2025-12-31', '2025-10-20 09:00+08')
GROUP BY unit_code ORDER BY unit_code;
RESET ROLE;
-- ... yet the office, a section, a member that attended, the judicial office
-- (a supervisor), an administrator and the superuser print the same packet
CREATE TEMP TABLE packets (printer text, packet text);
GRANT ALL ON packets TO PUBLIC;
SET ROLE regress_team_clerk;
INSERT INTO packets SELECT 'the office (team)', jxlink.meeting_packet(pg_temp.id('m3'));
RESET ROLE; SET ROLE regress_plan_clerk;
INSERT INTO packets SELECT 'a section (did not attend)', jxlink.meeting_packet(pg_temp.id('m3'));
RESET ROLE; SET ROLE regress_mkt_clerk;
INSERT INTO packets SELECT 'an agency (attended)', jxlink.meeting_packet(pg_temp.id('m3'));
RESET ROLE; SET ROLE regress_jud_clerk;
INSERT INTO packets SELECT 'the judicial office', jxlink.meeting_packet(pg_temp.id('m3'));
RESET ROLE; SET ROLE regress_meetings_admin;
INSERT INTO packets SELECT 'an administrator', jxlink.meeting_packet(pg_temp.id('m3'));
RESET ROLE;
INSERT INTO packets SELECT 'the superuser', jxlink.meeting_packet(pg_temp.id('m3'));
SELECT printer, packet = (SELECT packet FROM packets WHERE printer = 'the superuser') AS same FROM packets ORDER BY printer;
SELECT regexp_split_to_table(packet, E'\n') AS line FROM packets WHERE printer = 'the office (team)';
-- others are refused (42501)
SET ROLE regress_comm_clerk;
SELECT 'a community (no member, did not attend)' AS who, pg_temp.outcome(format('SELECT jxlink.meeting_packet(%L)', pg_temp.id('m3')));
RESET ROLE; SET ROLE regress_stranger;
SELECT 'a clerk with no staff row' AS who, pg_temp.outcome(format('SELECT jxlink.meeting_packet(%L)', pg_temp.id('m3')));
RESET ROLE; SET ROLE regress_bi;
SELECT 'BI' AS who, pg_temp.outcome(format('SELECT jxlink.meeting_packet(%L)', pg_temp.id('m3')));
RESET ROLE;

DROP TABLE before, verdicts, packets;

------------------------------------------------------------------------------
-- 1'. The upgrade from a release without the day: a street that already owes
-- quarters owes them from the first of them (no quarter before is opened by
-- the upgrade); a street with none gets the default day
------------------------------------------------------------------------------
SET jxlink.drop_records = :'DBNAME';  -- the street's records go (the guarded DROP)
DROP EXTENSION jxlink CASCADE;
TRUNCATE ids;
CREATE EXTENSION jxlink VERSION '0.7.0';
\i test/fixture/street.sql
INSERT INTO jxlink.jurisdiction (code, name_zh) VALUES ('350582-chidian', '池店镇');
SET ROLE regress_team_clerk;
INSERT INTO ids SELECT 'm1', jxlink.schedule_meeting('2024-12-10 09:00+08');
SELECT jxlink.hold_meeting(pg_temp.id('m1'), '2024-12-10 09:00+08', '党工委副书记', ARRAY[pg_temp.unit('TEAM'), pg_temp.unit('SEC-ECON')]) AS attending;
RESET ROLE;
SELECT subject_ref, status FROM jxlink.obligation WHERE kind = 'quarterly_meeting' ORDER BY started_at;
ALTER EXTENSION jxlink UPDATE;
SELECT extversion FROM pg_extension WHERE extname = 'jxlink';
SELECT code, provisions_from FROM jxlink.jurisdiction ORDER BY code;
SET ROLE regress_team_clerk;
SELECT jxlink.plan_quarterly_meetings('2025-06-30') AS opened;
RESET ROLE;
SELECT subject_ref, status FROM jxlink.obligation WHERE kind = 'quarterly_meeting' ORDER BY started_at;

DROP ROLE regress_meetings_admin;
\i test/fixture/street_drop.sql
