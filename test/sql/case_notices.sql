-- The provisions' own notices (issue 19, 三（三） and 三（三）1): a tip-off of a
-- violation in progress reaches the team at once and becomes part of the
-- case's record; progress notes on a transferred case go between the liaisons,
-- and the team owes a periodic progress update while it holds the case.
SET DateStyle = 'ISO, YMD';
SET TimeZone = 'Asia/Shanghai';
SET client_min_messages = warning;
\set SHOW_CONTEXT never
DROP EXTENSION IF EXISTS jxlink CASCADE;
CREATE EXTENSION jxlink;
\i test/fixture/street.sql
\i test/fixture/helpers.sql
\i test/fixture/refer.sql

------------------------------------------------------------------------------
-- 1. The tip-off (三（三）)
------------------------------------------------------------------------------

-- Sunday 2024-10-06 21:00, during the holiday: the environment station finds
-- waste water discharged into a creek, still going on.  Nothing is referred
-- yet, so the team cannot read the case.
SET ROLE regress_eco_clerk;
SELECT jxlink.open_case('prohibited', 'patrol', '暗管直排生产废水', '2024-10-06 21:00+08',
                        '{"party": "某漂染作坊", "place": "内沟河东岸"}') AS creek \gset
SET ROLE regress_team_clerk;
SELECT count(*) AS team_reads_case FROM jxlink.case_file WHERE case_id = :'creek';
RESET ROLE;

-- It stops the discharge and tells the team at 21:15, before any transfer;
-- the evidence is not yet secured.  The team is notified in the same
-- transaction; the text names the case and the flags, not what was said
-- (personal data).
SET ROLE regress_eco_clerk;
SELECT jxlink.tip_off(:'creek', '暗管向内沟河直排生产废水，已责令停止排放', true, false, '内沟河东岸排口',
                      '2024-10-06 21:15+08') IS NOT NULL AS told;
RESET ROLE;
SELECT n.kind, u.code AS recipient, n.subject_type, n.status, n.body
FROM jxlink.notification n JOIN jxlink.unit u ON u.unit_id = n.recipient_unit
WHERE n.kind = 'tipoff';

-- The team reads the tip-off (what, where) and, from now on, the case.
SET ROLE regress_team_clerk;
SELECT f.code AS from_unit, t.what, t.place, t.violation_stopped, t.evidence_preserved, t.occurred_at
FROM jxlink.case_tipoff t JOIN jxlink.unit f ON f.unit_id = t.from_unit;
SELECT title, violation_stopped, evidence_preserved FROM jxlink.case_file WHERE case_id = :'creek';
RESET ROLE;

-- A second tip-off at 21:40: the evidence is preserved now.  The case's
-- flags only grow: stopped stays, preserved is raised.
SET ROLE regress_eco_clerk;
SELECT jxlink.tip_off(:'creek', '已采集水样、拍摄排口照片并封存暗管', true, true, NULL, '2024-10-06 21:40+08') IS NOT NULL AS told_again;
SELECT title, violation_stopped, evidence_preserved FROM jxlink.case_file WHERE case_id = :'creek';
RESET ROLE;
SELECT count(*) AS tipoffs, count(*) FILTER (WHERE n.kind = 'tipoff') AS notifications
FROM jxlink.case_tipoff t LEFT JOIN jxlink.notification n ON n.subject_id = t.case_id AND n.created_at = t.created_at;

-- Other units do not read it; BI reads when and what was done, not what was
-- said or where.
SET ROLE regress_econ_clerk;
SELECT count(*) AS econ_reads FROM jxlink.case_tipoff;
SET ROLE regress_bi;
SELECT count(*) AS bi_reads, count(*) FILTER (WHERE violation_stopped) AS stopped FROM jxlink.case_tipoff;
SELECT pg_temp.outcome($$SELECT what FROM jxlink.case_tipoff$$) AS bi_reads_what;
RESET ROLE;

-- Refusals: another unit's case (42501), the team tipping itself off (55000),
-- flags left unsaid (22004), nothing said (22023), before the discovery
-- (22023), an unknown case (P0002), someone who is not staff (42501).
SET ROLE regress_team_clerk;
SELECT jxlink.open_case('other', 'patrol', '队员巡查发现占道', '2024-10-08 09:00+08') AS team_case \gset
RESET ROLE;
SELECT pg_temp.outcome(format($$SET ROLE regress_econ_clerk; SELECT jxlink.tip_off(%L, 'x', true, true)$$, :'creek')) AS other_unit,
       pg_temp.outcome(format($$SET ROLE regress_team_clerk; SELECT jxlink.tip_off(%L, 'x', true, true)$$, :'team_case')) AS team_itself,
       pg_temp.outcome(format($$SET ROLE regress_eco_clerk; SELECT jxlink.tip_off(%L, 'x', NULL, true)$$, :'creek')) AS unsaid;
SELECT pg_temp.outcome(format($$SET ROLE regress_eco_clerk; SELECT jxlink.tip_off(%L, '  ', true, true)$$, :'creek')) AS nothing_said,
       pg_temp.outcome(format($$SET ROLE regress_eco_clerk; SELECT jxlink.tip_off(%L, 'x', true, true, NULL, '2024-10-06 20:00+08')$$, :'creek')) AS before_discovery;
SELECT regexp_replace(pg_temp.outcome($$SET ROLE regress_eco_clerk; SELECT jxlink.tip_off(gen_random_uuid(), 'x', true, true)$$), '[0-9a-f-]{36}', '<id>') AS unknown_case,
       pg_temp.outcome(format($$SET ROLE regress_stranger; SELECT jxlink.tip_off(%L, 'x', true, true)$$, :'creek')) AS stranger;
RESET ROLE;

-- A rolled-back tip-off leaves neither the tip-off nor its notification.
BEGIN;
SET LOCAL ROLE regress_eco_clerk;
SELECT jxlink.tip_off(:'creek', '回滚的告知', true, true, NULL, '2024-10-06 22:00+08') IS NOT NULL AS told_in_rolled_back;
ROLLBACK;
SELECT count(*) AS tipoffs_after_rollback FROM jxlink.case_tipoff;
SELECT count(*) AS tipoff_notifications_after_rollback FROM jxlink.notification WHERE kind = 'tipoff';

-- What was said stays said: not even the owner changes or removes a tip-off.
SELECT pg_temp.outcome($$UPDATE jxlink.case_tipoff SET what = 'changed'$$) AS rewrite,
       pg_temp.outcome($$DELETE FROM jxlink.case_tipoff$$) AS remove;

------------------------------------------------------------------------------
-- 2. Progress notes and the team's periodic update (三（三）1)
------------------------------------------------------------------------------

-- A case transferred on Tuesday 2024-10-08 and accepted on Wednesday the 9th
-- at 09:30: the team owes the section a progress update every 10 working
-- days (local policy) while it holds the case: the first by Tuesday 10-22
-- (late from 10-23 00:00).
SELECT pg_temp.refer('regress_econ_clerk', 'regress_econ_lead', '占道经营', '2024-10-08 08:00+08', false,
                     '{submit,approve,transfer,accept}',
                     '{2024-10-08 08:30+08,2024-10-08 09:00+08,2024-10-08 10:00+08,2024-10-09 09:30+08}') AS r \gset
CREATE FUNCTION pg_temp.updates(r uuid) RETURNS TABLE (owner text, counterpart text, started_at timestamptz, due_at timestamptz,
                                                        status text, met_at timestamptz, met_late boolean)
LANGUAGE sql AS $$
    SELECT u.code, c.code, o.started_at, o.due_at, o.status, o.met_at, o.met_late
    FROM jxlink.obligation o JOIN jxlink.unit u ON u.unit_id = o.owner_unit JOIN jxlink.unit c ON c.unit_id = o.counterpart_unit
    WHERE o.subject_id = r AND o.kind = 'progress_update' ORDER BY o.started_at $$;
SELECT * FROM pg_temp.updates(:'r');
SELECT line FROM regexp_split_to_table(jxlink.explain_obligation(
         (SELECT obligation_id FROM jxlink.obligation WHERE subject_id = :'r' AND kind = 'progress_update')), E'\n') AS line
WHERE line ~ '^(rule|due)';

-- The section's note reaches the team; it owes nothing and meets nothing.
SET ROLE regress_econ_clerk;
SELECT jxlink.note_progress(:'r', '当事人已自行清理部分占道物品', '2024-10-11 10:00+08') IS NOT NULL AS noted;
RESET ROLE;
-- The team's note on Tuesday 10-15 is its update, on time; the next is owed
-- from then: by Tuesday 10-29 (late from 10-30 00:00).
SET ROLE regress_team_clerk;
SELECT jxlink.note_progress(:'r', '已现场勘验并询问当事人，拟立案查处', '2024-10-15 16:00+08') IS NOT NULL AS noted;
RESET ROLE;
SELECT * FROM pg_temp.updates(:'r');
SELECT n.kind, u.code AS recipient, n.body
FROM jxlink.notification n JOIN jxlink.unit u ON u.unit_id = n.recipient_unit
WHERE n.subject_id = :'r' AND n.kind = 'progress' ORDER BY n.created_at, u.code;

-- Both sides read the notes; BI reads when, not what.
SET ROLE regress_econ_clerk;
SELECT f.code AS from_unit, t.code AS to_unit, p.note, p.occurred_at
FROM jxlink.referral_progress p JOIN jxlink.unit f ON f.unit_id = p.from_unit JOIN jxlink.unit t ON t.unit_id = p.to_unit
ORDER BY p.occurred_at;
SET ROLE regress_plan_clerk;
SELECT count(*) AS plan_reads FROM jxlink.referral_progress;
SET ROLE regress_bi;
SELECT count(*) AS bi_reads FROM jxlink.referral_progress;
SELECT pg_temp.outcome($$SELECT note FROM jxlink.referral_progress$$) AS bi_reads_note;
RESET ROLE;

-- Filed on the 16th, decided on Thursday 10-31: the decision, shared with
-- the section, is the last update, met late (due by 10-29); nothing more
-- is owed.  Seen in the overdue view on the 30th.
SELECT kind, owner_code, due_at, late_workdays FROM jxlink.overdue_as_of('2024-10-30 12:00+08') WHERE subject_id = :'r';
SET ROLE regress_team_clerk;
SELECT jxlink.file_referral(:'r', '新综执立〔2024〕77号', '2024-10-16 09:00+08');
SELECT jxlink.decide_referral(:'r', '新综执罚〔2024〕77号', 'penalty', '2024-10-31 10:00+08');
RESET ROLE;
SELECT * FROM pg_temp.updates(:'r');

-- A decided case may still be talked about; no update is owed.
SET ROLE regress_team_clerk;
SELECT jxlink.note_progress(:'r', '处罚决定书已送达当事人', '2024-11-01 09:00+08') IS NOT NULL AS noted_after_decision;
RESET ROLE;
SELECT count(*) AS updates FROM jxlink.obligation WHERE subject_id = :'r' AND kind = 'progress_update';

-- Refusals: a unit not party to the referral (42501), a draft or a closed
-- referral (55000), a time before the last event or note (22023), an empty
-- note (22023), an unknown referral (P0002).
SELECT pg_temp.refer('regress_plan_clerk', 'regress_plan_lead', '违规搭建', '2024-10-14 09:00+08', false, '{}', '{}') AS draft \gset
SELECT pg_temp.outcome(format($$SET ROLE regress_plan_clerk; SELECT jxlink.note_progress(%L, 'x')$$, :'r')) AS not_party,
       pg_temp.outcome(format($$SET ROLE regress_plan_clerk; SELECT jxlink.note_progress(%L, 'x')$$, :'draft')) AS draft;
SELECT pg_temp.outcome(format($$SET ROLE regress_team_clerk; SELECT jxlink.note_progress(%L, 'x', '2024-10-31 12:00+08')$$, :'r')) AS before_last_note,
       pg_temp.outcome(format($$SET ROLE regress_team_clerk; SELECT jxlink.note_progress(%L, '')$$, :'r')) AS empty_note;
SELECT regexp_replace(pg_temp.outcome($$SET ROLE regress_team_clerk; SELECT jxlink.note_progress(gen_random_uuid(), 'x')$$), '[0-9a-f-]{36}', '<id>') AS unknown;
SET ROLE regress_team_clerk;
SELECT jxlink.copy_back_referral(:'r', '已抄告', '2024-11-04 09:00+08');
RESET ROLE;
SELECT pg_temp.outcome(format($$SET ROLE regress_team_clerk; SELECT jxlink.note_progress(%L, 'x')$$, :'r')) AS closed;
RESET ROLE;
SELECT pg_temp.outcome($$DELETE FROM jxlink.referral_progress$$) AS remove_notes;

-- The period is local policy: a street may ask for updates every 5 working
-- days; a case accepted afterwards owes them so.
INSERT INTO jxlink.deadline_rule_local (jurisdiction, rule_code, period) VALUES (jxlink.local_jurisdiction(), 'progress_update', '5 工作日');
SELECT pg_temp.refer('regress_econ_clerk', 'regress_econ_lead', '乱堆物料', '2024-11-04 08:00+08', false,
                     '{submit,approve,transfer,accept}',
                     '{2024-11-04 08:30+08,2024-11-04 09:00+08,2024-11-04 10:00+08,2024-11-05 09:30+08}') AS r2 \gset
SELECT * FROM pg_temp.updates(:'r2');
-- Only the cases the team accepted owe updates.
SELECT count(*) AS updates_of_unaccepted FROM jxlink.obligation o JOIN jxlink.referral x ON x.referral_id = o.subject_id
WHERE o.kind = 'progress_update' AND NOT x.state OPERATOR(jxlink.=) ANY ('{accepted,filed,decided,closed}'::jxlink.referral_state[]);

-- The kind is labelled for reports, and the quarter's scorecard counts it.
SELECT kind, label_zh, label_en, clause FROM jxlink.obligation_kind_label WHERE kind = 'progress_update';
SELECT unit_code, kind, total, met_on_time, met_late, overdue, not_yet_due
FROM jxlink.unit_scorecard_for('2024-10-01', '2024-12-31') WHERE kind = 'progress_update';

\i test/fixture/street_drop.sql
