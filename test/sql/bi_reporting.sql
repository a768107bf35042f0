-- Reporting over SQL for the quarterly report (三（四）), read as jxlink_bi:
-- the follow-up of resolutions (决议落实) with one subject_ref per resolution
-- before and after its minutes, per-unit totals equal to the sum of the
-- scorecard (refused in the denominator), labels of every obligation and unit
-- kind the constraints allow.  Refused and filtered readings change nothing.
SET DateStyle = 'ISO, YMD';
SET TimeZone = 'Asia/Shanghai';
SET client_min_messages = warning;
\set SHOW_CONTEXT never
DROP EXTENSION IF EXISTS jxlink CASCADE;
CREATE EXTENSION jxlink;
\i test/fixture/street.sql
\i test/fixture/helpers.sql

------------------------------------------------------------------------------
-- A meeting adopts two resolutions for four units (三（四）4)
------------------------------------------------------------------------------
INSERT INTO jxlink.joint_meeting_member (unit_id, role)
SELECT unit_id, CASE code WHEN 'TEAM' THEN 'office' WHEN 'JUD' THEN 'supervisor' WHEN 'DISC' THEN 'supervisor' ELSE 'member' END
FROM jxlink.unit;
SET ROLE regress_team_clerk;
INSERT INTO ids SELECT 'm1', jxlink.schedule_meeting('2024-09-20 09:00+08');
SELECT jxlink.hold_meeting(pg_temp.id('m1'), '2024-09-20 09:00+08', '党工委副书记',
    ARRAY[pg_temp.unit('TEAM'), pg_temp.unit('SEC-ECON'), pg_temp.unit('SEC-PLAN'), pg_temp.unit('AGY-MKT'), pg_temp.unit('AGY-ECO')]);
INSERT INTO ids SELECT 'res1', jxlink.adopt_resolution(pg_temp.id('m1'), '夜市占道经营联合整治', ARRAY[pg_temp.unit('SEC-ECON'), pg_temp.unit('AGY-MKT')]);
INSERT INTO ids SELECT 'res2', jxlink.adopt_resolution(pg_temp.id('m1'), '河道排污口排查', ARRAY[pg_temp.unit('AGY-ECO'), pg_temp.unit('SEC-PLAN')]);
RESET ROLE;
-- before the minutes: the reports owed name the meeting's day
SELECT DISTINCT subject_ref FROM jxlink.obligation WHERE kind = 'resolution_report' ORDER BY 1;
SET ROLE regress_team_clerk;
SELECT jxlink.close_meeting(pg_temp.id('m1'), '新塘联席纪〔2024〕3号', '2024-09-23');
RESET ROLE;
-- the minutes' number reaches every report owed on the meeting's resolutions
SELECT DISTINCT subject_ref FROM jxlink.obligation WHERE kind = 'resolution_report' ORDER BY 1;

-- the next meeting (Q4): SEC-ECON reports res1 done, AGY-ECO res2 in progress
-- (a new report is owed, opened after the minutes); AGY-MKT and SEC-PLAN do not
SET ROLE regress_team_clerk;
INSERT INTO ids SELECT 'm2', jxlink.schedule_meeting('2024-12-10 09:00+08');
SELECT jxlink.hold_meeting(pg_temp.id('m2'), '2024-12-10 09:00+08', '党工委副书记',
    ARRAY[pg_temp.unit('TEAM'), pg_temp.unit('SEC-ECON'), pg_temp.unit('AGY-ECO')]);
RESET ROLE; SET ROLE regress_econ_clerk;
SELECT jxlink.report_resolution(pg_temp.id('res1'), pg_temp.id('m2'), 'done', '夜市整治完成，设置临时摊点区');
RESET ROLE; SET ROLE regress_eco_clerk;
SELECT jxlink.report_resolution(pg_temp.id('res2'), pg_temp.id('m2'), 'in_progress', '已排查 12 处，余 5 处');
RESET ROLE; SET ROLE regress_team_clerk;
SELECT jxlink.close_meeting(pg_temp.id('m2'), '新塘联席纪〔2024〕5号', '2024-12-12');
-- the meeting after (Q1): AGY-MKT reports res1 done, late; AGY-ECO and SEC-PLAN do not report res2
INSERT INTO ids SELECT 'm3', jxlink.schedule_meeting('2025-03-14 09:00+08');
SELECT jxlink.hold_meeting(pg_temp.id('m3'), '2025-03-14 09:00+08', '党工委副书记',
    ARRAY[pg_temp.unit('TEAM'), pg_temp.unit('AGY-MKT')]);
RESET ROLE; SET ROLE regress_mkt_clerk;
SELECT jxlink.report_resolution(pg_temp.id('res1'), pg_temp.id('m3'), 'done', '联合整治已完成');
RESET ROLE; SET ROLE regress_team_clerk;
SELECT jxlink.close_meeting(pg_temp.id('m3'), '新塘联席纪〔2025〕2号', '2025-03-17');
RESET ROLE;
-- a share request refused in Q4 (counts in the on-time rate's denominator)
SET ROLE regress_plan_clerk;
INSERT INTO ids SELECT 'q1', jxlink.request_share(pg_temp.unit('AGY-ECO'), 'monitoring_data', '河道监测数据', NULL, '2024-11-04 09:00+08');
RESET ROLE; SET ROLE regress_eco_clerk;
SELECT jxlink.refuse_share_request(pg_temp.id('q1'), '数据涉密，需经上级批准', '2024-11-05 09:00+08');
RESET ROLE;

-- one subject_ref per resolution, before and after the minutes, as the subject says
SELECT r.number, count(*) AS obligations, count(DISTINCT o.subject_ref) AS refs, min(o.subject_ref) AS subject_ref,
       bool_and(o.subject_ref = s.reference) AS as_subject
FROM jxlink.obligation o JOIN jxlink.resolution r ON r.resolution_id = o.subject_id
JOIN jxlink.subject s ON s.subject_id = o.subject_id
WHERE o.kind = 'resolution_report' GROUP BY r.number ORDER BY r.number;

------------------------------------------------------------------------------
-- The follow-up of resolutions, as BI
------------------------------------------------------------------------------
SET ROLE regress_bi;
SELECT meeting_kind, meeting_held_at, minutes_no, resolution_number, resolution_title, resolution_status,
       unit_code, unit_name_zh, report_due_at, report_status, reported, reported_at, progress,
       last_report_on_time, reports_owed, reports_on_time, reports_late, overdue_now
FROM jxlink.resolution_followup ORDER BY resolution_number, unit_code;
-- it agrees with the ledger: each overdue row is one the overdue view has
SELECT f.resolution_number, f.unit_code
FROM jxlink.resolution_followup f WHERE f.overdue_now
EXCEPT
SELECT r.number, o.owner_code FROM jxlink.overdue o JOIN jxlink.resolution r ON r.resolution_id = o.subject_id
ORDER BY 1, 2;
RESET ROLE;
-- a clerk of no unit reads no follow-up (row-level security), and nothing changed
SET ROLE regress_stranger;
SELECT count(*) AS stranger_rows FROM jxlink.resolution_followup;
RESET ROLE;
SELECT count(*) AS followup_rows FROM jxlink.resolution_followup;

------------------------------------------------------------------------------
-- Per-unit totals: the sum of the scorecard, refused in the denominator
------------------------------------------------------------------------------
SET ROLE regress_bi;
SELECT unit_code, period_from, period_to, total, met_on_time, met_late, overdue, not_yet_due, refused, waived,
       waived_late, on_time_rate
FROM jxlink.unit_totals_for('2024-10-01', '2024-12-31') ORDER BY unit_code;
-- equal to the sum of unit_scorecard_for's rows, for two periods (both ways)
WITH t AS (SELECT * FROM jxlink.unit_totals_for('2024-10-01', '2025-03-31')),
     s AS (SELECT unit_id, sum(total) AS total, sum(met_on_time) AS met_on_time, sum(met_late) AS met_late,
                  sum(overdue) AS overdue, sum(not_yet_due) AS not_yet_due, sum(refused) AS refused,
                  sum(waived) AS waived, sum(waived_late) AS waived_late
           FROM jxlink.unit_scorecard_for('2024-10-01', '2025-03-31') GROUP BY unit_id)
SELECT (SELECT count(*) FROM t) AS units,
       (SELECT count(*) FROM (SELECT unit_id, total, met_on_time, met_late, overdue, not_yet_due, refused, waived, waived_late FROM t
                              EXCEPT SELECT * FROM s) x) AS totals_not_in_scorecard,
       (SELECT count(*) FROM (SELECT * FROM s EXCEPT
                              SELECT unit_id, total, met_on_time, met_late, overdue, not_yet_due, refused, waived, waived_late FROM t) x) AS scorecard_not_in_totals,
       (SELECT count(*) FROM t WHERE on_time_rate IS DISTINCT FROM
            CASE WHEN met_on_time + met_late + overdue + refused + waived_late > 0
                 THEN round(met_on_time::numeric / (met_on_time + met_late + overdue + refused + waived_late), 4) END) AS rate_not_as_defined;
-- the live view: per unit and quarter, the sum of unit_scorecard
SELECT unit_code, quarter, total, met_on_time, met_late, overdue, refused, waived_late, on_time_rate
FROM jxlink.unit_totals WHERE quarter_start BETWEEN '2024-10-01' AND '2025-03-31' ORDER BY quarter, unit_code;
SELECT count(*) AS rows_not_summed FROM (
    SELECT unit_id, quarter_start, total, met_on_time, met_late, overdue, not_yet_due, refused, waived, waived_late FROM jxlink.unit_totals
    EXCEPT
    SELECT unit_id, quarter_start, sum(total), sum(met_on_time), sum(met_late), sum(overdue), sum(not_yet_due), sum(refused),
           sum(waived), sum(waived_late)
    FROM jxlink.unit_scorecard GROUP BY unit_id, quarter_start) x;
-- a bad period is refused (22023)
SELECT pg_temp.outcome($$SELECT * FROM jxlink.unit_totals_for('2025-01-01', '2024-12-31')$$);
SELECT pg_temp.outcome($$SELECT * FROM jxlink.unit_totals_for(NULL, '2024-12-31')$$);
RESET ROLE;

------------------------------------------------------------------------------
-- Labels: every kind the constraints allow, and no other
------------------------------------------------------------------------------
SET ROLE regress_bi;
SELECT * FROM jxlink.obligation_kind_label ORDER BY kind;
SELECT * FROM jxlink.unit_kind_label ORDER BY kind;
WITH allowed AS (
    SELECT c.conname, m[1] AS kind
    FROM pg_constraint c CROSS JOIN LATERAL regexp_matches(pg_get_constraintdef(c.oid), '''([a-z_]+)''', 'g') m
    WHERE c.conrelid IN ('jxlink.obligation'::regclass, 'jxlink.unit'::regclass)
      AND c.conname IN ('obligation_kind_check', 'unit_kind_check')),
labelled AS (
    SELECT 'obligation_kind_check' AS conname, kind FROM jxlink.obligation_kind_label
    WHERE label_zh <> '' AND label_en <> '' AND clause <> ''
    UNION ALL
    SELECT 'unit_kind_check', kind FROM jxlink.unit_kind_label WHERE label_zh <> '' AND label_en <> '')
SELECT conname, (SELECT count(*) FROM allowed a WHERE a.conname = x.conname) AS allowed,
       (SELECT count(*) FROM labelled l WHERE l.conname = x.conname) AS labelled,
       ARRAY(SELECT kind FROM allowed a WHERE a.conname = x.conname EXCEPT SELECT kind FROM labelled l WHERE l.conname = x.conname) AS unlabelled,
       ARRAY(SELECT kind FROM labelled l WHERE l.conname = x.conname EXCEPT SELECT kind FROM allowed a WHERE a.conname = x.conname) AS not_allowed
FROM (VALUES ('obligation_kind_check'), ('unit_kind_check')) x(conname) ORDER BY 1;
-- the report joins them: the quarter's overdue per unit kind and obligation kind, in Chinese
SELECT uk.label_zh AS unit_kind, ok.label_zh AS kind, count(*) AS overdue
FROM jxlink.overdue_as_of('2025-03-31 18:00+08') o
JOIN jxlink.unit_kind_label uk ON uk.kind = o.owner_kind
JOIN jxlink.obligation_kind_label ok ON ok.kind = o.kind
GROUP BY 1, 2 ORDER BY 1, 2;
-- BI cannot write them (55000: a view of constants) nor the ledger (42501), and nothing changed
SELECT pg_temp.outcome($$INSERT INTO jxlink.unit_kind_label VALUES ('x', 'x', 'x')$$);
SELECT pg_temp.outcome($$UPDATE jxlink.obligation SET subject_ref = 'x'$$);
RESET ROLE;
SELECT count(*) AS unit_kinds FROM jxlink.unit_kind_label;
SELECT count(*) FILTER (WHERE subject_ref = 'x') AS changed_refs FROM jxlink.obligation;

------------------------------------------------------------------------------
-- The supervision views as of an instant (四（三）): last quarter reproduced
------------------------------------------------------------------------------
-- AGY-ECO refused a share request on 2024-11-05
SET ROLE regress_bi;
SELECT 'before' AS at, unit_code, share_requests_refused, signals FROM jxlink.supervision_cooperation_at('2024-11-01 00:00+08')
UNION ALL
SELECT 'after', unit_code, share_requests_refused, signals FROM jxlink.supervision_cooperation_at('2024-12-31 00:00+08')
ORDER BY 1, 2;
SELECT count(*) AS live_not_at_now FROM (
    SELECT * FROM jxlink.supervision_cooperation EXCEPT SELECT * FROM jxlink.supervision_cooperation_at(now())) x;
RESET ROLE;
-- a community's case returned on 2024-10-22 and declined on 2024-10-24: bounced twice
CREATE FUNCTION pg_temp.walk_to_team(title text, found_at timestamptz) RETURNS uuid LANGUAGE plpgsql AS $$
DECLARE r uuid;
BEGIN
    SET ROLE regress_comm_clerk;
    r := jxlink.create_referral(jxlink.open_case('prohibited', 'grid_report', title, found_at), false, found_at);
    PERFORM jxlink.add_material(r, k, k) FROM unnest(ARRAY['transfer_letter', 'case_source', 'preliminary_evidence']) k;
    PERFORM jxlink.submit_referral(r, found_at + interval '1 hour');
    SET ROLE regress_comm_lead;
    PERFORM jxlink.approve_referral(r, found_at + interval '2 hours');
    SET ROLE regress_comm_clerk;
    PERFORM jxlink.transfer_referral(r, '新塘社移〔2024〕9号', found_at + interval '3 hours');
    RESET ROLE;
    RETURN r;
END $$;
INSERT INTO ids SELECT 'b1', pg_temp.walk_to_team('违规搭建雨棚', '2024-10-21 09:00+08');
SET ROLE regress_team_clerk;
SELECT jxlink.return_referral(pg_temp.id('b1'), '材料不全', '2024-10-22 09:00+08');
RESET ROLE; SET ROLE regress_comm_clerk;
SELECT jxlink.submit_referral(pg_temp.id('b1'), '2024-10-23 08:00+08');
RESET ROLE; SET ROLE regress_comm_lead;
SELECT jxlink.approve_referral(pg_temp.id('b1'), '2024-10-23 08:30+08');
RESET ROLE; SET ROLE regress_comm_clerk;
SELECT jxlink.transfer_referral(pg_temp.id('b1'), '新塘社移〔2024〕10号', '2024-10-23 09:00+08');
RESET ROLE; SET ROLE regress_team_clerk;
SELECT jxlink.decline_referral(pg_temp.id('b1'), '不属赋权事项', '2024-10-24 09:00+08');
RESET ROLE; SET ROLE regress_bi;
SELECT 'at 2024-10-23' AS at, title, declines, returns FROM jxlink.supervision_bounced_at('2024-10-23 00:00+08')
UNION ALL
SELECT 'at 2024-10-31', title, declines, returns FROM jxlink.supervision_bounced_at('2024-10-31 00:00+08')
UNION ALL
SELECT 'live', title, declines, returns FROM jxlink.supervision_bounced
ORDER BY 1;
-- an instant outside the calendar is refused (22008), as by the other as-of functions
SELECT pg_temp.outcome($$SELECT * FROM jxlink.supervision_bounced_at('infinity')$$);
SELECT pg_temp.outcome($$SELECT * FROM jxlink.supervision_cooperation_at('infinity')$$);
RESET ROLE;
\i test/fixture/street_drop.sql
