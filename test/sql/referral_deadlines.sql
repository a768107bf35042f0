-- Referral deadlines (三（三）2), on the National Day example: a case found
-- Friday 2024-09-27 10:00 (+08).  The transfer is due in 3 working days, 5
-- after an extension notice, 24 hours when urgent; explain_obligation() shows
-- the derivation.  The provisions' limits cannot be changed, local policy can.
-- Run as clerk roles, never as superuser except to set up.
SET DateStyle = 'ISO, YMD';
SET TimeZone = 'Asia/Shanghai';
SET client_min_messages = warning;
\set SHOW_CONTEXT never
-- a fresh extension: earlier tests edited the calendar
DROP EXTENSION IF EXISTS jxlink CASCADE;
CREATE EXTENSION jxlink;
\i test/fixture/street.sql
\i test/fixture/helpers.sql
\i test/fixture/referral_helpers.sql

------------------------------------------------------------------------------
-- The National Day example: a case found Friday 2024-09-27 10:00 (+08)
------------------------------------------------------------------------------
SET ROLE regress_econ_clerk;
SELECT jxlink.open_case('licensed', 'inspection', '超出许可范围经营', '2024-09-27 10:00+08',
       '{"party": "某食品店", "place": "新塘街道某路 1 号", "violation_stopped": true, "evidence_preserved": true}') AS nd_case \gset
SELECT category, source, title, discovered_at, party, violation_stopped, evidence_preserved, created_by
FROM jxlink.case_file WHERE case_id = :'nd_case';
SELECT jxlink.create_referral(:'nd_case', false, '2024-09-27 11:00+08') AS nd \gset
-- transfer due at 2024-10-09 00:00 +08 (3 working days: 09-29 make-up Sunday, 09-30, 10-08)
SELECT * FROM pg_temp.ledger(:'nd');
-- an extension notice dated before the deadline but recorded today, two years
-- after it, was not given in advance (三（三）2②): refused, nothing changed
SELECT pg_temp.refused(format('SELECT jxlink.notify_extension(%L, %L, %L)', :'nd', '需调查核实经营范围', '2024-09-30 09:00+08'), :'nd');
-- the period a notice recorded in time gives (set up as superuser, as the
-- notice does it): due at 2024-10-11 00:00 +08
RESET ROLE;
SELECT jxlink.obligation_reschedule(obligation_id, 'transfer_extended') FROM jxlink.obligation WHERE subject_id = :'nd' AND kind = 'transfer';
SET ROLE regress_econ_clerk;
SELECT * FROM pg_temp.ledger(:'nd');
SELECT regexp_replace(jxlink.explain_obligation(obligation_id), '[0-9a-f]{8}-[0-9a-f-]{27}', '<uuid>', 'g') AS explanation
FROM jxlink.obligation WHERE subject_id = :'nd' AND kind = 'transfer';

-- The same case found urgent: due at 2024-09-28 10:00 +08, 24 hours on the clock.
SELECT jxlink.open_case('prohibited', 'patrol', '占道经营', '2024-09-27 10:00+08') AS urgent_case \gset
SELECT jxlink.create_referral(:'urgent_case', true, '2024-09-27 10:30+08') AS urgent \gset
SELECT * FROM pg_temp.ledger(:'urgent');
SELECT regexp_replace(jxlink.explain_obligation(obligation_id), '[0-9a-f]{8}-[0-9a-f-]{27}', '<uuid>', 'g') AS explanation
FROM jxlink.obligation WHERE subject_id = :'urgent';
RESET ROLE;

------------------------------------------------------------------------------
-- Deadline rules: the provisions' limits are fixed, local policy is not
------------------------------------------------------------------------------
SELECT pg_temp.outcome($$UPDATE jxlink.deadline_rule SET period = '10 工作日' WHERE rule_code = 'transfer'$$);
SELECT pg_temp.outcome($$DELETE FROM jxlink.deadline_rule WHERE rule_code = 'file_case'$$);
UPDATE jxlink.deadline_rule SET period = '7 工作日', description_zh = '受理后 7 个工作日内立案' WHERE rule_code = 'file_case';
SELECT rule_code, period, origin FROM jxlink.deadline_rule WHERE rule_code IN ('file_case', 'transfer') ORDER BY 1;

\i test/fixture/street_drop.sql
