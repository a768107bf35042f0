-- Escapes from lateness (issue 12; 三（三）, 四（三） 刚性约束): withdrawing a
-- referral after its transfer deadline waives the transfer, but the lateness
-- already incurred stays counted — "withdrawn after it was due"
-- (waived_late): in the status, the as-of functions, the scorecards (live
-- and of the period) and the explanation.  A withdrawal before the deadline
-- stays out of the on-time rate as before.  Done as the section's clerk.
SET DateStyle = 'ISO, YMD';
SET TimeZone = 'Asia/Shanghai';
SET client_min_messages = warning;
\set SHOW_CONTEXT never
DROP EXTENSION IF EXISTS jxlink CASCADE;
CREATE EXTENSION jxlink;
\i test/fixture/street.sql
\i test/fixture/helpers.sql
\i test/fixture/refer.sql

-- Found Tuesday 2024-01-02: the transfer is due by the end of 2024-01-05
-- (three working days).  Thirty working days after that last day:
SELECT jxlink.add_workdays('2024-01-05', 30) AS d \gset
SELECT :'d'::date AS withdrawn_on, jxlink.workdays_between('2024-01-05', :'d') AS workdays_after_the_last_day;
-- late: never transferred, withdrawn 30 working days past the deadline
SELECT pg_temp.refer('regress_econ_clerk', 'regress_econ_lead', '逾期撤回', '2024-01-02 09:00+08', false,
                     '{submit,approve}', '{2024-01-03 09:00+08,2024-01-03 10:00+08}') AS late \gset
-- in time: withdrawn the day after it was found
SELECT pg_temp.refer('regress_econ_clerk', 'regress_econ_lead', '及时撤回', '2024-01-02 09:00+08', false,
                     '{withdraw}', '{2024-01-03 09:00+08}') AS early \gset

-- Before the withdrawal the transfer is overdue, and counts in the rate.
SET ROLE regress_econ_clerk;
SELECT subject_title, status, late_workdays FROM jxlink.obligation_status_at((:'d'::date + time '09:00') AT TIME ZONE 'Asia/Shanghai')
WHERE kind = 'transfer' ORDER BY subject_title;
SELECT unit_code, kind, total, met_on_time, overdue, waived, waived_late, on_time_rate, max_late_workdays
FROM jxlink.unit_scorecard_at('2024-01-01', '2024-03-31', (:'d'::date + time '09:00') AT TIME ZONE 'Asia/Shanghai');

-- The withdrawal, 30 working days late.
SELECT jxlink.withdraw_referral(:'late', '当事人已自行整改', (:'d'::date + time '10:00') AT TIME ZONE 'Asia/Shanghai');
RESET ROLE;
SELECT r.state, o.status, o.met_late, o.due_date, o.met_at FROM jxlink.referral r
JOIN jxlink.obligation o ON o.subject_id = r.referral_id AND o.kind = 'transfer'
WHERE r.referral_id IN (:'late', :'early') ORDER BY o.due_date, o.met_at;

SET ROLE regress_econ_clerk;
-- the status now, and as of after the withdrawal: withdrawn after it was due
SELECT subject_title, status, met_at IS NOT NULL AS closed, late_workdays FROM jxlink.obligation_status
WHERE kind = 'transfer' ORDER BY subject_title;
SELECT subject_title, status, late_workdays FROM jxlink.obligation_status_at('2024-06-30 12:00+08')
WHERE kind = 'transfer' ORDER BY subject_title;
-- overdue between the due time and the withdrawal, not after
SELECT label, (SELECT string_agg(subject_title || ' ' || late_workdays, ', ') FROM jxlink.overdue_as_of(at)) AS overdue
FROM (VALUES ('2024-01-05 23:00', '2024-01-05 23:00+08'::timestamptz), ('2024-01-06 00:00', '2024-01-06 00:00+08'),
             ('withdrawal - 1 minute', (:'d'::date + time '09:59') AT TIME ZONE 'Asia/Shanghai'),
             ('withdrawal', (:'d'::date + time '10:00') AT TIME ZONE 'Asia/Shanghai'), ('now', now())) AS t(label, at);
-- the scorecard of the quarter, and live: late in the rate, the early waiver out of it
SELECT unit_code, kind, total, met_on_time, overdue, waived, waived_late, on_time_rate, avg_late_workdays, max_late_workdays
FROM jxlink.unit_scorecard_for('2024-01-01', '2024-03-31');
SELECT unit_code, kind, total, waived, waived_late, on_time_rate FROM jxlink.unit_scorecard WHERE quarter = '2024-Q1';
-- the explanation says so
SELECT line FROM regexp_split_to_table(jxlink.explain_obligation(
         (SELECT obligation_id FROM jxlink.obligation WHERE subject_id = :'late' AND kind = 'transfer')), E'\n') AS line
WHERE line ~ '^(late from|status)';
SELECT line FROM regexp_split_to_table(jxlink.explain_obligation(
         (SELECT obligation_id FROM jxlink.obligation WHERE subject_id = :'early' AND kind = 'transfer')), E'\n') AS line
WHERE line ~ '^status';
RESET ROLE;

-- A supervisor reads the same.
SET ROLE regress_disc_clerk;
SELECT subject_title, status FROM jxlink.obligation_status WHERE kind = 'transfer' ORDER BY subject_title;
RESET ROLE;

-- Supervision of late recording: both withdrawals were recorded today.  The
-- early one claims a time before the deadline: waived as claimed, withdrawn
-- after it was due as recorded (verdict changed); the late one is late
-- either way.
SET ROLE regress_disc_clerk;
SELECT e.event, e.obligation_kind, e.verdict_as_claimed, e.verdict_as_recorded, e.verdict_changed
FROM jxlink.supervision_late_recording e WHERE e.event = 'withdraw' ORDER BY e.occurred_at;
RESET ROLE;

-- Nothing gets it out of the ledger: a second withdrawal and a clerk's
-- direct update are refused, and nothing changes.
SELECT o::text AS before FROM jxlink.obligation o WHERE o.subject_id = :'late' AND o.kind = 'transfer' \gset
SET ROLE regress_econ_clerk;
SELECT pg_temp.outcome(format('SELECT jxlink.withdraw_referral(%L, %L)', :'late', '再次撤回')) AS again;
SELECT pg_temp.outcome(format('UPDATE jxlink.obligation SET met_late = false WHERE subject_id = %L', :'late')) AS direct_update;
RESET ROLE;
SELECT o::text = :'before' AS unchanged FROM jxlink.obligation o WHERE o.subject_id = :'late' AND o.kind = 'transfer';
-- the table says so too: a waiver carries its verdict
SELECT pg_temp.outcome(format('UPDATE jxlink.obligation SET met_late = NULL WHERE subject_id = %L AND kind = %L', :'late', 'transfer')) AS waiver_without_verdict;

\i test/fixture/street_drop.sql
