-- Referrals no clerk can game (issue 12, part B), each attempt refused with
-- its SQLSTATE and nothing changed, as the clerks would try it:
--   1. an extension notice (三（三）2②) recorded after the deadline it
--      extends, whatever date it claims, is refused; one recorded in time is
--      taken once;
--   2. a return opens the sender's resubmission (local policy, 5 working
--      days); a re-transfer goes back through the leader's approval (三（三）3)
--      and meets it, late if late; a withdrawal meets it too;
--   3. a clerk of another unit who knows the id of a referral gets the same
--      42501 whatever the referral's state, from every transition function;
--      so does the team for a referral never transferred to it;
--   4. the team reads a section's referral, case file, materials and history
--      only once the referral was transferred to it.
SET DateStyle = 'ISO, YMD';
SET TimeZone = 'Asia/Shanghai';
SET client_min_messages = warning;
\set SHOW_CONTEXT never
DROP EXTENSION IF EXISTS jxlink CASCADE;
CREATE EXTENSION jxlink;
\i test/fixture/street.sql
\i test/fixture/helpers.sql
\i test/fixture/referral_helpers.sql

------------------------------------------------------------------------------
-- 1. The extension notice must be given in advance (三（三）2②)
------------------------------------------------------------------------------
-- A case found Tuesday 2024-10-08 09:00 (+08), referred at 10:00: the transfer
-- was due 2024-10-12 00:00 (3 working days).  Recorded today, two years
-- later, a notice dated that very evening is refused, and so is one dated
-- after the deadline.
SET ROLE regress_econ_clerk;
SELECT jxlink.open_case('licensed', 'inspection', '超范围经营', '2024-10-08 09:00+08') AS late_case \gset
SELECT jxlink.create_referral(:'late_case', false, '2024-10-08 10:00+08') AS late_r \gset
RESET ROLE;
SELECT * FROM pg_temp.ledger(:'late_r');
SELECT pg_temp.attempt('regress_econ_clerk',
    format('SELECT jxlink.notify_extension(%L, %L, %L)', :'late_r', '需调查核实', '2024-10-08 23:59:59+08'), :'late_r') AS dated_in_time;
SELECT pg_temp.attempt('regress_econ_clerk',
    format('SELECT jxlink.notify_extension(%L, %L, %L)', :'late_r', '需调查核实', '2024-10-14 09:00+08'), :'late_r') AS dated_late;
-- the full report
SET ROLE regress_econ_clerk;
SELECT jxlink.notify_extension(:'late_r', '需调查核实', '2024-10-08 23:59:59+08');
RESET ROLE;
SELECT r.state, r.transition_seq, r.extension_notified_at, o.rule_code, o.due_at
FROM jxlink.referral r JOIN jxlink.obligation o ON o.subject_id = r.referral_id AND o.kind = 'transfer'
WHERE r.referral_id = :'late_r';

-- A case found an hour ago and referred now: a notice recorded now is in
-- advance, and the transfer moves to 5 working days; a second one is refused.
SET ROLE regress_econ_clerk;
SELECT jxlink.open_case('licensed', 'inspection', '今日发现的案件', now() - interval '1 hour') AS live_case \gset
SELECT jxlink.create_referral(:'live_case', false) AS live_r \gset
SELECT jxlink.notify_extension(:'live_r', '需委托检测');
RESET ROLE;
SELECT o.rule_code, o.due_at > now() AS still_ahead, r.extension_notified_at IS NOT NULL AS notified
FROM jxlink.referral r JOIN jxlink.obligation o ON o.subject_id = r.referral_id AND o.kind = 'transfer'
WHERE r.referral_id = :'live_r';
SELECT regexp_replace(pg_temp.attempt('regress_econ_clerk',
    format('SELECT jxlink.notify_extension(%L, %L)', :'live_r', '再次延期'), :'live_r'),
    'on [0-9-]+ [0-9:.+]+', 'on <now>') AS second_notice;

------------------------------------------------------------------------------
-- 2. A return is owed an answer; a re-transfer is approved again (三（三）3)
------------------------------------------------------------------------------
-- Transferred 2024-10-21, returned by the team on 2025-09-15 10:00; the
-- section tries to transfer it again 14 months later, 2026-11-20.
SELECT pg_temp.walk('{submit,approve,transfer}') AS ret_r \gset
SET ROLE regress_team_clerk;
SELECT jxlink.return_referral(:'ret_r', '缺少询问笔录', '2025-09-15 10:00+08');
RESET ROLE;
-- the resubmission: owed by SEC-ECON to the team, 5 working days, local policy
SELECT * FROM pg_temp.ledger(:'ret_r') WHERE kind = 'resubmit';
SELECT rule_code, clause, basis, period FROM jxlink.deadline_rule WHERE obligation_kind = 'resubmit';
-- straight to the team without the leader: refused, nothing changed
SELECT pg_temp.attempt('regress_econ_clerk',
    format('SELECT jxlink.transfer_referral(%L, %L, %L)', :'ret_r', '新经发移〔2026〕1号', '2026-11-20 10:00+08'), :'ret_r') AS transfer_unapproved;
SET ROLE regress_econ_clerk;
SELECT jxlink.add_material(:'ret_r', 'preliminary_evidence', '询问笔录') IS NOT NULL AS added;
SELECT jxlink.submit_referral(:'ret_r', '2026-11-19 09:00+08');
RESET ROLE;
-- submitted but not approved: still refused
SELECT pg_temp.attempt('regress_econ_clerk',
    format('SELECT jxlink.transfer_referral(%L, %L, %L)', :'ret_r', '新经发移〔2026〕1号', '2026-11-20 10:00+08'), :'ret_r') AS transfer_submitted;
-- recorded today, the return was owed from today (the sender could not know of
-- it before); the sender's own re-transfer below confirms the claimed dates
SET ROLE regress_econ_lead;
SELECT jxlink.approve_referral(:'ret_r', '2026-11-20 09:00+08');
RESET ROLE; SET ROLE regress_econ_clerk;
SELECT jxlink.transfer_referral(:'ret_r', '新经发移〔2026〕1号', '2026-11-20 10:00+08');
RESET ROLE;
-- met, late; the team owes a new written notice
SELECT * FROM pg_temp.ledger(:'ret_r') WHERE kind IN ('resubmit', 'acknowledge');
SELECT seq, event, from_state, to_state, actor_role FROM jxlink.referral_history WHERE referral_id = :'ret_r' AND seq > 4 ORDER BY seq;
SET ROLE regress_bi;
-- judged from the sender's own dates: overdue the day before the transfer, in
-- the overdue report and (at the end of 2025-Q3, when it fell due) in the scorecard
SELECT kind, owner_code, due_at, late_workdays FROM jxlink.overdue_as_of('2026-11-19 12:00+08')
WHERE subject_id = :'ret_r';
SELECT unit_code, kind, total, met_on_time, met_late, overdue FROM jxlink.unit_scorecard_for('2025-07-01', '2025-09-30')
WHERE kind = 'resubmit';
SELECT kind, status, late_workdays FROM jxlink.obligation_status WHERE subject_id = :'ret_r' AND kind = 'resubmit';
-- the live scorecard (each obligation in the quarter of its last day): met late
SELECT unit_code, quarter, kind, total, met_on_time, met_late, overdue FROM jxlink.unit_scorecard WHERE kind = 'resubmit';
RESET ROLE;

-- A withdrawal after a return meets the resubmission too (here on time).
SELECT pg_temp.walk('{submit,approve,transfer,return}') AS ret2 \gset
SET ROLE regress_econ_clerk;
SELECT jxlink.withdraw_referral(:'ret2', '当事人已改正', '2024-10-22 09:00+08');
RESET ROLE;
SELECT kind, rule_code, owner, status, late FROM pg_temp.ledger(:'ret2') WHERE kind = 'resubmit';

------------------------------------------------------------------------------
-- 3. Who acts is checked before the state
------------------------------------------------------------------------------
CREATE TEMP TABLE at_state (state text, referral_id uuid);
GRANT ALL ON at_state TO PUBLIC;
INSERT INTO at_state VALUES
    ('draft', pg_temp.walk('{}')),
    ('awaiting_approval', pg_temp.walk('{submit}')),
    ('approved', pg_temp.walk('{submit,approve}')),
    ('transferred', pg_temp.walk('{submit,approve,transfer}')),
    ('returned', pg_temp.walk('{submit,approve,transfer,return}')),
    ('accepted', pg_temp.walk('{submit,approve,transfer,accept}')),
    ('filed', pg_temp.walk('{submit,approve,transfer,accept,file}')),
    ('decided', pg_temp.walk('{submit,approve,transfer,accept,file,decide}')),
    ('closed', pg_temp.walk('{submit,approve,transfer,accept,file,decide,copy_back}')),
    ('declined', pg_temp.walk('{submit,approve,transfer,decline}')),
    ('withdrawn', pg_temp.walk('{withdraw}'));
SELECT count(*) FILTER (WHERE r.state::text = a.state) AS in_state FROM at_state a JOIN jxlink.referral r USING (referral_id);
CREATE TEMP TABLE calls AS
SELECT a.state, f.fn, a.referral_id,
       CASE f.fn
           WHEN 'submit_referral' THEN format('SELECT jxlink.submit_referral(%L, %L)', a.referral_id, '2024-12-01 10:00+08')
           WHEN 'approve_referral' THEN format('SELECT jxlink.approve_referral(%L, %L)', a.referral_id, '2024-12-01 10:00+08')
           WHEN 'decide_referral' THEN format('SELECT jxlink.decide_referral(%L, %L, %L, %L)', a.referral_id, 'D', 'penalty', '2024-12-01 10:00+08')
           ELSE format('SELECT jxlink.%I(%L, %L, %L)', f.fn, a.referral_id, 'x', '2024-12-01 10:00+08')
       END AS stmt
FROM at_state a
CROSS JOIN unnest(ARRAY['submit_referral', 'approve_referral', 'send_back_referral', 'notify_extension', 'transfer_referral',
                        'accept_referral', 'decline_referral', 'return_referral', 'file_referral', 'decide_referral',
                        'copy_back_referral', 'withdraw_referral']) AS f(fn);
GRANT ALL ON calls TO PUBLIC;
-- every transition function is one of these
SELECT string_agg(p.proname, ', ') AS api_functions_not_tried FROM pg_proc p
WHERE p.pronamespace = 'jxlink'::regnamespace AND p.prosecdef
  AND (p.prosrc LIKE 'jxlink\_%\_referral' OR p.prosrc = 'jxlink_notify_extension')
  AND p.proname <> 'create_referral' AND p.proname NOT IN (SELECT fn FROM calls);
-- another section's clerk and leader, for every state and function: one answer
SELECT who, count(*) AS calls, count(DISTINCT result) AS answers, min(result) AS answer
FROM (SELECT w.who, pg_temp.attempt(w.who, c.stmt, c.referral_id) AS result
      FROM calls c CROSS JOIN (VALUES ('regress_plan_clerk'), ('regress_plan_lead')) AS w(who)) x
GROUP BY who ORDER BY who;
-- the team, for the referrals never transferred to it: the same answer
SELECT count(*) AS calls, count(DISTINCT result) AS answers, min(result) AS answer
FROM (SELECT pg_temp.attempt('regress_team_clerk', c.stmt, c.referral_id) AS result
      FROM calls c WHERE c.state IN ('draft', 'awaiting_approval', 'approved', 'withdrawn')) x;
-- the materials and the licence follow-up: one answer whatever the state, too
SELECT count(*) AS calls, count(DISTINCT result) AS answers, min(result) AS answer
FROM (SELECT pg_temp.attempt('regress_plan_clerk', format('SELECT jxlink.add_material(%L, %L, %L)', a.referral_id, 'other', 'x'),
                             a.referral_id) AS result FROM at_state a) x;
SELECT count(*) AS calls, count(DISTINCT result) AS answers, min(result) AS answer
FROM (SELECT pg_temp.attempt('regress_plan_clerk', format('SELECT jxlink.report_licence_followup(%L, %L)', a.referral_id, 'x'),
                             a.referral_id) AS result FROM at_state a) x;

------------------------------------------------------------------------------
-- 4. The team reads a referral once it was transferred to it
------------------------------------------------------------------------------
CREATE FUNCTION pg_temp.team_reads(r uuid) RETURNS text LANGUAGE plpgsql AS $$
DECLARE c uuid := (SELECT x.case_id FROM jxlink.referral x WHERE x.referral_id = r); result text;
BEGIN
    SET ROLE regress_team_clerk;
    SELECT concat_ws(' ',
        'referral', (SELECT count(*) FROM jxlink.referral x WHERE x.referral_id = r),
        'case', (SELECT count(*) FROM jxlink.case_file f WHERE f.case_id = c),
        'materials', (SELECT count(*) FROM jxlink.referral_material m WHERE m.referral_id = r),
        'history', (SELECT count(*) FROM jxlink.referral_history h WHERE h.referral_id = r),
        'overview', (SELECT count(*) FROM jxlink.referral_overview o WHERE o.referral_id = r),
        'obligations', (SELECT count(*) FROM jxlink.obligation o WHERE o.subject_id = r),
        'status', (SELECT count(*) FROM jxlink.obligation_status o WHERE o.subject_id = r)) INTO result;
    RESET ROLE;
    RETURN result;
END $$;
SELECT a.state, t.transfer_count, pg_temp.team_reads(a.referral_id) AS team_reads
FROM at_state a JOIN jxlink.referral t USING (referral_id) ORDER BY t.transfer_count, a.state;
-- the sender reads its drafts, and so does a supervisor
SET ROLE regress_econ_clerk;
SELECT count(*) AS sender_reads FROM jxlink.referral WHERE referral_id IN (SELECT referral_id FROM at_state WHERE state = 'draft');
RESET ROLE; SET ROLE regress_disc_clerk;
SELECT count(*) AS supervisor_reads FROM jxlink.referral WHERE referral_id IN (SELECT referral_id FROM at_state WHERE state = 'draft');
RESET ROLE;

DROP TABLE at_state, calls;
\i test/fixture/street_drop.sql
