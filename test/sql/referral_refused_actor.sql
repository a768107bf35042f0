-- Referral refusals: who may act (三（三）).  Only the sending unit submits,
-- transfers and adds material, only its leader in charge approves, only the
-- team answers; a role that is not staff does nothing; a clerk writes no
-- table directly, and even the owner moves no state outside a transition.
-- Each refusal has its SQLSTATE and changes nothing.
SET DateStyle = 'ISO, YMD';
SET TimeZone = 'Asia/Shanghai';
SET client_min_messages = warning;
\set SHOW_CONTEXT never
DROP EXTENSION IF EXISTS jxlink CASCADE;
CREATE EXTENSION jxlink;
\i test/fixture/street.sql
\i test/fixture/helpers.sql
\i test/fixture/referral_helpers.sql

-- Referrals of SEC-ECON in the states the attempts need (pg_temp.walk), and a
-- case it found with no referral yet.
SELECT pg_temp.walk('{}') AS draft_r \gset
SELECT pg_temp.walk('{submit}') AS awaiting_r \gset
SELECT pg_temp.walk('{submit,approve}') AS approved_r \gset
SELECT pg_temp.walk('{submit,approve,transfer}') AS transferred_r \gset
SET ROLE regress_econ_clerk;
SELECT jxlink.open_case('licensed', 'inspection', '检查发现的案件', '2024-10-20 09:00+08') AS mcase \gset
RESET ROLE;

CREATE TEMP TABLE attempts (who text, what text, stmt text, r uuid);
INSERT INTO attempts VALUES
 ('regress_plan_clerk', 'another section submits', format('SELECT jxlink.submit_referral(%L, %L)', :'draft_r', '2024-12-01 10:00+08'), :'draft_r'),
 ('regress_econ_clerk', 'a clerk approves', format('SELECT jxlink.approve_referral(%L, %L)', :'awaiting_r', '2024-12-01 10:00+08'), :'awaiting_r'),
 ('regress_plan_clerk', 'another section approves', format('SELECT jxlink.approve_referral(%L, %L)', :'awaiting_r', '2024-12-01 10:00+08'), :'awaiting_r'),
 ('regress_team_lead', 'the team leader approves', format('SELECT jxlink.approve_referral(%L, %L)', :'awaiting_r', '2024-12-01 10:00+08'), :'awaiting_r'),
 ('regress_team_clerk', 'the team transfers', format('SELECT jxlink.transfer_referral(%L, %L, %L)', :'approved_r', 'L', '2024-12-01 10:00+08'), :'approved_r'),
 ('regress_econ_clerk', 'the sender accepts', format('SELECT jxlink.accept_referral(%L, %L, %L)', :'transferred_r', 'n', '2024-12-01 10:00+08'), :'transferred_r'),
 ('regress_plan_clerk', 'another section declines', format('SELECT jxlink.decline_referral(%L, %L, %L)', :'transferred_r', 'x', '2024-12-01 10:00+08'), :'transferred_r'),
 ('regress_stranger', 'a role that is not staff', format('SELECT jxlink.submit_referral(%L, %L)', :'draft_r', '2024-12-01 10:00+08'), :'draft_r'),
 ('regress_stranger', 'an unknown referral, not staff', format('SELECT jxlink.submit_referral(%L, %L)', '00000000-0000-7000-8000-000000000000', '2024-12-01 10:00+08'), NULL),
 ('regress_plan_clerk', 'material from another section', format('SELECT jxlink.add_material(%L, %L, %L)', :'draft_r', 'other', '补充'), :'draft_r'),
 ('regress_plan_clerk', 'a case of another section referred', format('SELECT jxlink.create_referral(%L, false, %L)', :'mcase', '2024-12-01 10:00+08'), NULL),
 ('regress_team_clerk', 'the team refers its own case', $$SELECT jxlink.create_referral(jxlink.open_case('prohibited', 'patrol', '占道', '2024-10-01 10:00+08'))$$, NULL),
 ('regress_stranger', 'a stranger opens a case', $$SELECT jxlink.open_case('licensed', 'patrol', 't', '2024-10-01 10:00+08')$$, NULL),
 ('regress_econ_clerk', 'a clerk writes the state directly', format('UPDATE jxlink.referral SET state = %L WHERE referral_id = %L', 'closed', :'draft_r'), :'draft_r'),
 ('regress_econ_clerk', 'a clerk writes the history', format('INSERT INTO jxlink.referral_history (referral_id, seq, event, to_state, occurred_at, actor_role, actor_login) VALUES (%L, 99, %L, %L, now(), %L, %L)', :'draft_r', 'transfer', 'transferred', 'x', 'x'), :'draft_r'),
 ('regress_econ_clerk', 'a clerk writes the ledger', format('UPDATE jxlink.obligation SET status = %L', 'waived'), :'draft_r');
GRANT ALL ON attempts TO PUBLIC;
SELECT who, what, pg_temp.attempt(who, stmt, r) AS result FROM attempts;

-- The full report of one of them.
SET ROLE regress_econ_clerk;
SELECT jxlink.approve_referral(:'awaiting_r', '2024-12-01 10:00+08');
RESET ROLE;

-- Even the owner cannot move a state outside a transition.
SELECT pg_temp.refused(format('UPDATE jxlink.referral SET state = %L WHERE referral_id = %L', 'closed', :'draft_r'), :'draft_r');
SELECT pg_temp.refused(format('UPDATE jxlink.referral SET state = %L, last_event = %L, transition_seq = transition_seq + 1 WHERE referral_id = %L', 'closed', 'submit', :'draft_r'), :'draft_r');
SELECT pg_temp.refused(format('UPDATE jxlink.referral SET state = %L, last_event = %L, transition_seq = transition_seq + 2 WHERE referral_id = %L', 'awaiting_approval', 'submit', :'draft_r'), :'draft_r');
SELECT pg_temp.refused(format('INSERT INTO jxlink.referral (case_id, from_unit, to_unit, state, last_event, transition_seq, last_event_at, created_by) SELECT case_id, from_unit, to_unit, %L, %L, 1, now(), %L FROM jxlink.referral WHERE referral_id = %L', 'closed', 'create', 'x', :'draft_r'), :'draft_r');

\i test/fixture/street_drop.sql
