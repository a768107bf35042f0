-- The referral workflow (三（三）) walked through every legal transition on the
-- National Day example, by the roles that may take each step: materials,
-- submit, send back, approve, transfer (refused until the materials are
-- complete), return, submit and approve again (三（三）3), transfer again
-- (meeting the resubmission), accept, file, decide, copy back.  Even
-- the owner cannot rewrite the history.  A calendar change recomputes open
-- working-day obligations; met ones keep their verdict.
SET DateStyle = 'ISO, YMD';
SET TimeZone = 'Asia/Shanghai';
SET client_min_messages = warning;
\set SHOW_CONTEXT never
DROP EXTENSION IF EXISTS jxlink CASCADE;
CREATE EXTENSION jxlink;
\i test/fixture/street.sql
\i test/fixture/helpers.sql
\i test/fixture/referral_helpers.sql

-- The National Day case (found Friday 2024-09-27 10:00 +08) and its referral
-- (an extension notice recorded today, two years after the deadline, would be
-- refused: gaming_referral).
SET ROLE regress_econ_clerk;
SELECT jxlink.open_case('licensed', 'inspection', '超出许可范围经营', '2024-09-27 10:00+08',
       '{"party": "某食品店", "place": "新塘街道某路 1 号", "violation_stopped": true, "evidence_preserved": true}') AS nd_case \gset
SELECT jxlink.create_referral(:'nd_case', false, '2024-09-27 11:00+08') AS nd \gset

------------------------------------------------------------------------------
-- Every legal transition
------------------------------------------------------------------------------
-- National Day referral: materials, submit, send back, submit, approve, transfer
-- (returned once for material), accept, file, decide, copy back.
SELECT jxlink.add_material(:'nd', 'transfer_letter', '案件移送函', '新经发移〔2024〕12号') IS NOT NULL AS added;
SELECT jxlink.add_material(:'nd', 'case_source', '现场检查记录、现场照片 6 张') IS NOT NULL AS added;
SELECT jxlink.submit_referral(:'nd', '2024-10-08 08:30+08');
RESET ROLE; SET ROLE regress_econ_lead;
SELECT jxlink.send_back_referral(:'nd', '补充当事人信息', '2024-10-08 08:45+08');
RESET ROLE; SET ROLE regress_econ_clerk;
SELECT jxlink.submit_referral(:'nd', '2024-10-08 09:00+08');
RESET ROLE; SET ROLE regress_econ_lead;
SELECT jxlink.approve_referral(:'nd', '2024-10-08 09:10+08');
RESET ROLE; SET ROLE regress_econ_clerk;
SELECT pg_temp.refused($$SELECT jxlink.transfer_referral('$$ || :'nd' || $$', '新经发移〔2024〕12号', '2024-10-08 09:20+08')$$, :'nd');
SELECT jxlink.add_material(:'nd', 'preliminary_evidence', '询问笔录') IS NOT NULL AS added;
SELECT jxlink.transfer_referral(:'nd', '新经发移〔2024〕12号', '2024-10-08 09:30+08');
-- the transfer is on time; the written acceptance is due 2024-10-15 00:00 +08
-- (2024-10-12 is a make-up Saturday)
SELECT * FROM pg_temp.ledger(:'nd');
RESET ROLE; SET ROLE regress_team_clerk;
SELECT jxlink.return_referral(:'nd', '初步证据不足，请补充', '2024-10-09 15:00+08');
RESET ROLE; SET ROLE regress_econ_clerk;
SELECT jxlink.add_material(:'nd', 'preliminary_evidence', '补充询问笔录、进货单据') IS NOT NULL AS added;
SELECT jxlink.submit_referral(:'nd', '2024-10-10 09:00+08');
RESET ROLE; SET ROLE regress_econ_lead;
SELECT jxlink.approve_referral(:'nd', '2024-10-10 09:30+08');
RESET ROLE; SET ROLE regress_econ_clerk;
SELECT jxlink.transfer_referral(:'nd', '新经发移〔2024〕13号', '2024-10-10 10:00+08');
RESET ROLE; SET ROLE regress_team_lead;
SELECT jxlink.accept_referral(:'nd', '受理告知书 新综执受〔2024〕8号', '2024-10-14 16:00+08');
RESET ROLE; SET ROLE regress_team_clerk;
SELECT jxlink.file_referral(:'nd', '新综执立〔2024〕31号', '2024-10-16 09:00+08');
SELECT jxlink.decide_referral(:'nd', '新综执罚〔2024〕31号', 'penalty', '2024-11-05 10:00+08');
SELECT jxlink.copy_back_referral(:'nd', '抄告函 新综执抄〔2024〕31号', '2024-11-08 10:00+08');
RESET ROLE;
SELECT state, last_event, transition_seq, urgent, approved_by, extension_notified_at, letter_no, transfer_count,
       return_count, filed_case_no, decision_no, decision_outcome
FROM jxlink.referral WHERE referral_id = :'nd';
SELECT seq, event, from_state, to_state, occurred_at, actor_role, actor_login = session_user AS login, u.code AS actor_unit, note
FROM jxlink.referral_history h JOIN jxlink.unit u ON u.unit_id = h.actor_unit
WHERE referral_id = :'nd' ORDER BY seq;
SELECT * FROM pg_temp.ledger(:'nd');

------------------------------------------------------------------------------
-- Even the owner cannot rewrite the history (referral_refused_actor: nor move
-- a state outside a transition).
------------------------------------------------------------------------------
SELECT pg_temp.outcome(format('UPDATE jxlink.referral_history SET note = %L WHERE referral_id = %L', 'rewritten', :'nd'));
SELECT pg_temp.outcome(format('DELETE FROM jxlink.referral_history WHERE referral_id = %L', :'nd'));
SELECT pg_temp.outcome('TRUNCATE jxlink.referral_history CASCADE');
SELECT count(*) AS nd_history_rows FROM jxlink.referral_history WHERE referral_id = :'nd';

------------------------------------------------------------------------------
-- A calendar change recomputes open working-day obligations; met ones keep
-- their verdict.
------------------------------------------------------------------------------
-- a draft referral (a case found 2024-10-20 09:00, referred 10-21 09:00)
SELECT pg_temp.walk('{}') AS draft_r \gset
SELECT o.kind, o.due_at, o.status FROM jxlink.obligation o
WHERE o.subject_id IN (:'draft_r', :'nd') AND o.kind IN ('transfer', 'acknowledge') ORDER BY o.started_at, o.kind;
INSERT INTO jxlink.calendar_day (day, kind, name_zh, name_en, source)
VALUES ('2024-10-22', 'holiday', '台风停工', 'Typhoon closure', 'street office notice'),
       ('2024-10-09', 'holiday', '台风停工', 'Typhoon closure', 'street office notice');
SELECT o.kind, o.due_at, o.status, o.calendar_version = jxlink.calendar_version() AS current_calendar
FROM jxlink.obligation o
WHERE o.subject_id IN (:'draft_r', :'nd') AND o.kind IN ('transfer', 'acknowledge') ORDER BY o.started_at, o.kind;
DELETE FROM jxlink.calendar_day WHERE origin = 'local';
SELECT o.kind, o.due_at FROM jxlink.obligation o WHERE o.subject_id = :'draft_r' AND o.kind = 'transfer';

\i test/fixture/street_drop.sql
