-- Event times (issue 12; 三（三）, 四（三）): recording after the fact is
-- legitimate, but it moves no other unit's obligation into the past, and it
-- does not hide one's own lateness.
--   * An obligation owed by a unit other than the recorder's starts no earlier
--     than it is recorded, whatever time the event claims (the claim is kept
--     and explained); quarterly obligations, owed by the calendar, are exempt.
--   * The owing unit's own record of meeting it before then confirms the
--     claimed start: it is judged from that start.
--   * Events recorded more than late_recording_workdays working days after
--     the time they claim are listed by supervision_late_recording, with the
--     effect of the claimed time on the verdict.
-- Everything is done as the units' clerks.
SET DateStyle = 'ISO, YMD';
SET TimeZone = 'Asia/Shanghai';
SET client_min_messages = warning;
\set SHOW_CONTEXT never
DROP EXTENSION IF EXISTS jxlink CASCADE;
CREATE EXTENSION jxlink;
\i test/fixture/street.sql
\i test/fixture/helpers.sql
\i test/fixture/refer.sql
SELECT now() AS t0 \gset
CREATE TEMP TABLE t0 AS SELECT now() AS t;
GRANT SELECT ON t0 TO PUBLIC;

-- A started obligation's start and due time, relative to the recording: the
-- instants of today are shown as "recorded" (now) or "from recording".
CREATE FUNCTION pg_temp.starts(subject uuid) RETURNS TABLE (kind text, owner text, claimed timestamptz, started text,
                                                            due text, status text, late boolean)
LANGUAGE sql AS $$
    SELECT o.kind, u.code, o.claimed_start_at,
           CASE WHEN o.started_at >= (SELECT t FROM t0) THEN 'recorded' ELSE o.started_at::text END,
           CASE WHEN o.started_at >= (SELECT t FROM t0)
                THEN format('from recording + %s', jxlink.time_limit_en(o.period))
                ELSE o.due_at::text END,
           o.status, o.met_late
    FROM jxlink.obligation o JOIN jxlink.unit u ON u.unit_id = o.owner_unit
    WHERE o.subject_id = subject ORDER BY coalesce(o.claimed_start_at, o.started_at), o.kind
$$;

------------------------------------------------------------------------------
-- (1) A request for information recorded by B, claiming 2024, owed by A
------------------------------------------------------------------------------
SET ROLE regress_econ_clerk;
INSERT INTO ids SELECT 'q', jxlink.request_share(pg_temp.unit('AGY-MKT'), 'other', '补交材料', NULL, '2024-01-02 09:00+08');
RESET ROLE;
-- A owes it from the recording, not from 2024-01-02; the claim is kept
SELECT * FROM pg_temp.starts(pg_temp.id('q'));
SET ROLE regress_mkt_clerk;
-- not overdue, not born overdue since 2024-01-09: A reads it as pending
SELECT status, late_workdays FROM jxlink.obligation_status WHERE subject_id = pg_temp.id('q');
SELECT count(*) AS overdue_now FROM jxlink.overdue WHERE subject_id = pg_temp.id('q');
SELECT count(*) AS overdue_2024 FROM jxlink.overdue_as_of('2024-06-30 12:00+08') WHERE subject_id = pg_temp.id('q');
SELECT count(*) AS status_2024 FROM jxlink.obligation_status_at('2024-06-30 12:00+08') WHERE subject_id = pg_temp.id('q');
-- past quarters' scorecards hold nothing of it (as-of and live)
SELECT count(*) AS in_2024_scorecards FROM jxlink.unit_scorecard_for('2024-01-01', '2025-12-31');
SELECT count(*) AS live_2024_rows FROM jxlink.unit_scorecard WHERE quarter_start < '2026-01-01';
-- the explanation keeps what was claimed
SELECT regexp_replace(line, 'recorded \S+ \S+', 'recorded (now)') AS line
FROM regexp_split_to_table(jxlink.explain_obligation(
         (SELECT obligation_id FROM jxlink.obligation WHERE subject_id = pg_temp.id('q'))), E'\n') AS line
WHERE line ~ '^claimed';
RESET ROLE;

-- An agreed last day already past when the request is recorded cannot be
-- met: refused, nothing recorded.
SET ROLE regress_econ_clerk;
SELECT count(*) AS requests_before FROM jxlink.share_request \gset
SELECT pg_temp.outcome(format('SELECT jxlink.request_share(%L, %L, %L, %L, %L)', pg_temp.unit('AGY-MKT'), 'other',
                              '补交材料（约定期限）', '2024-01-10', '2024-01-02 09:00+08')) AS agreed_day_past;
SELECT count(*) - :requests_before AS requests_added, (SELECT count(*) FROM jxlink.obligation) AS obligations
FROM jxlink.share_request;
-- an agreed day still ahead is kept as the last day, counted from the recording
INSERT INTO ids SELECT 'qa', jxlink.request_share(pg_temp.unit('AGY-MKT'), 'other', '补交材料（约定期限）',
                                                  current_date + 30, '2024-01-02 09:00+08');
SELECT jxlink.time_limit_unit(period) AS period_unit, due_date = current_date + 30 AS agreed_day_kept, started_at >= :'t0' AS from_recording,
       claimed_start_at
FROM jxlink.obligation WHERE subject_id = pg_temp.id('qa');
RESET ROLE;

------------------------------------------------------------------------------
-- (2) A request for assistance recorded by B, claiming 2024, owed by the team
------------------------------------------------------------------------------
SET ROLE regress_econ_clerk;
INSERT INTO ids SELECT 'h', jxlink.request_assistance(pg_temp.unit('TEAM'), 'joint_inspection', '重点企业联合检查', NULL, NULL,
                                                      '2024-01-02 09:00+08');
RESET ROLE;
SELECT * FROM pg_temp.starts(pg_temp.id('h'));
SET ROLE regress_team_clerk;
SELECT status FROM jxlink.obligation_status WHERE subject_id = pg_temp.id('h');
SELECT count(*) AS overdue_2024 FROM jxlink.overdue_as_of('2024-01-31 12:00+08') WHERE subject_id = pg_temp.id('h');
SELECT count(*) AS in_2024_scorecards FROM jxlink.unit_scorecard_for('2024-01-01', '2024-03-31') WHERE kind = 'assistance_request';
RESET ROLE;

------------------------------------------------------------------------------
-- (3) A referral walked and transferred with 2024 times
------------------------------------------------------------------------------
-- found 2024-01-02, transferred 2024-01-10: late (three working days: 01-03,
-- 01-04, 01-05)
SELECT pg_temp.refer('regress_econ_clerk', 'regress_econ_lead', '违规堆放', '2024-01-02 09:00+08', false,
                     '{submit,approve,transfer}', '{2024-01-08 09:00+08,2024-01-08 10:00+08,2024-01-10 09:00+08}') AS r \gset
-- the sender's own transfer is judged from the discovery it claims (its
-- lateness shows); the team's acknowledge starts when the transfer was recorded
SELECT * FROM pg_temp.starts(:'r');
SET ROLE regress_team_clerk;
SELECT kind, status FROM jxlink.obligation_status WHERE subject_id = :'r' ORDER BY kind;
SELECT kind, owner_code, late_workdays FROM jxlink.overdue_as_of('2024-01-31 12:00+08') WHERE subject_id = :'r';
RESET ROLE;
SET ROLE regress_econ_clerk;
SELECT unit_code, kind, total, met_late, on_time_rate FROM jxlink.unit_scorecard_for('2024-01-01', '2024-03-31')
ORDER BY unit_code, kind;
RESET ROLE;

-- The team now records accepting it on 2024-01-12: its own record confirms
-- the start claimed (it knew of the transfer by then), so it is judged from
-- 2024-01-10: on time as claimed.  But it was recorded today: supervision
-- lists it, on time as claimed and late as recorded.
SET ROLE regress_team_clerk;
SELECT jxlink.accept_referral(:'r', '受理告知书', '2024-01-12 09:00+08');
RESET ROLE;
SELECT * FROM pg_temp.starts(:'r');
SELECT line FROM regexp_split_to_table(jxlink.explain_obligation(
         (SELECT obligation_id FROM jxlink.obligation WHERE subject_id = :'r' AND kind = 'acknowledge')), E'\n') AS line
WHERE line ~ '^(started|the start|claimed|late from|status)';

------------------------------------------------------------------------------
-- (4) Late recording: supervision_late_recording
------------------------------------------------------------------------------
-- a prompt recording is not listed: the team answers the assistance request now
SET ROLE regress_team_clerk;
SELECT jxlink.answer_assistance(pg_temp.id('h'), true, '派员参加');
RESET ROLE;
SET ROLE regress_disc_clerk;
SELECT source, event, unit_code, occurred_at, recorded_at >= :'t0' AS recorded_today, late_workdays > 3 AS beyond_setting,
       obligation_kind, owner_code, verdict_as_claimed, verdict_as_recorded, verdict_changed
FROM jxlink.supervision_late_recording ORDER BY occurred_at, source, event;
SELECT count(*) AS assistance_listed FROM jxlink.supervision_late_recording WHERE subject_id = pg_temp.id('h');
RESET ROLE;
-- the unit reads its own rows, BI reads all; a stranger none
SET ROLE regress_team_clerk;
SELECT event, verdict_changed FROM jxlink.supervision_late_recording ORDER BY occurred_at;
RESET ROLE; SET ROLE regress_bi;
SELECT count(*) AS bi_rows FROM jxlink.supervision_late_recording;
RESET ROLE; SET ROLE regress_stranger;
SELECT count(*) AS stranger_rows FROM jxlink.supervision_late_recording;
RESET ROLE;
-- the threshold is local policy: raised above the delay, nothing is listed
SELECT name, value, origin, description_en FROM jxlink.setting WHERE name = 'late_recording_workdays';
BEGIN;
UPDATE jxlink.setting SET value = 100000 WHERE name = 'late_recording_workdays';
SELECT count(*) AS listed_with_high_threshold FROM jxlink.supervision_late_recording;
ROLLBACK;

------------------------------------------------------------------------------
-- (5) The quarter is owed by the calendar: planned back in time, as claimed
------------------------------------------------------------------------------
INSERT INTO jxlink.joint_meeting_member (unit_id, role)
SELECT unit_id, CASE code WHEN 'TEAM' THEN 'office' ELSE 'member' END FROM jxlink.unit;
-- the provisions apply in this street from 2024 (an administrator's record)
UPDATE jxlink.jurisdiction SET provisions_from = '2024-01-01';
SET ROLE regress_team_clerk;
SELECT jxlink.plan_quarterly_meetings('2024-03-31') > 0 AS planned;
RESET ROLE;
SELECT kind, started_at, due_at, claimed_start_at FROM jxlink.obligation WHERE kind = 'quarterly_meeting'
AND due_date = '2024-03-31';

\i test/fixture/street_drop.sql
