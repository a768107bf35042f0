-- The ledger is the only source of deadlines and verdicts (DESIGN §2, §8):
-- every reader takes the period from the obligation; views, as-of functions,
-- scorecards and explanations agree with each obligation's own period, due
-- time and verdict at several instants, still after a rule is changed; due
-- times come from facts (an agreed day, the next meeting held).
SET DateStyle = 'ISO, YMD';
SET TimeZone = 'UTC';
SET client_min_messages = warning;
\set SHOW_CONTEXT never
DROP EXTENSION IF EXISTS jxlink CASCADE;
CREATE EXTENSION jxlink;

-- The street of the shared fixture, and an administrator.
\i test/fixture/street.sql
DO $$ BEGIN CREATE ROLE regress_lt_admin; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
GRANT jxlink_admin TO regress_lt_admin;

-- The ledger's history (test/fixture/ledger_history.sql): referrals, requests,
-- a meeting, and the invariants' function pg_temp.violations(instant).
\i test/fixture/ledger_history.sql

-- Each obligation's period is its own.  (One owed by a unit other than the
-- one that recorded it starts when recorded, today: its last day is masked.)
SELECT kind, subject_title, rule_code, period,
       CASE WHEN claimed_start_at <> started_at THEN 'when recorded + period' ELSE due_date::text END AS due_date,
       status, met_late
FROM jxlink.obligation ORDER BY coalesce(claimed_start_at, started_at), kind;

-- Before any change, at several instants.
SELECT at, v FROM unnest(ARRAY['2024-10-09 12:00+08', '2024-10-16 12:00+08', '2024-10-21 12:00+08',
                               '2024-11-01 12:00+08', '2026-01-01 00:00+08']::timestamptz[]) AS at
LEFT JOIN LATERAL pg_temp.violations(at) v ON true ORDER BY at;

-- (1) A rule change does not reach obligations already opened: file_case was
--     opened with 5 working days; the rule now says 10.
SET ROLE regress_lt_admin;
UPDATE jxlink.deadline_rule SET period = '10 工作日' WHERE rule_code = 'file_case';
RESET ROLE;
SELECT kind, period, due_date, status FROM jxlink.obligation_status_at('2024-10-11 12:00+08')
WHERE kind = 'file_case';
SELECT kind, period, workdays_left, fraction_left FROM jxlink.due_soon_as_of('2024-10-11 12:00+08')
WHERE kind = 'file_case';
SELECT line FROM regexp_split_to_table(jxlink.explain_obligation(
    (SELECT obligation_id FROM jxlink.obligation WHERE kind = 'file_case')), E'\n') AS line
WHERE line ~ '^(rule|working days counted|last day)';

-- Facts, not forced times: "at the next meeting", due at the end of the
-- following quarter until a meeting is held, then at the end of its day, the
-- move recorded.  (An agreed last day: gaming_event_times.)
SELECT subject_title, period, due_date, due_at AT TIME ZONE 'Asia/Shanghai' AS due_local
FROM jxlink.obligation WHERE kind = 'resolution_report' ORDER BY kind, subject_title;
SET ROLE regress_team_clerk;
INSERT INTO m SELECT 2, jxlink.schedule_meeting('2025-01-10 09:00+08');
SELECT jxlink.hold_meeting((SELECT id FROM m WHERE n = 2), '2025-01-10 15:00+08', '党工委副书记',
                           ARRAY(SELECT unit_id FROM jxlink.unit ORDER BY code));
RESET ROLE;
SELECT o.period, o.due_date, o.due_at AT TIME ZONE 'Asia/Shanghai' AS due_local,
       m.from_due_at AT TIME ZONE 'Asia/Shanghai' AS moved_from, m.cause
FROM jxlink.obligation o JOIN jxlink.obligation_move m USING (obligation_id) WHERE o.kind = 'resolution_report';
SELECT regexp_replace(line, '^moved \S+ \S+ \S+', 'moved (now)') AS line
FROM regexp_split_to_table(jxlink.explain_obligation(
    (SELECT obligation_id FROM jxlink.obligation WHERE kind = 'resolution_report')), E'\n') AS line
WHERE line ~ '^(rule|the next|no joint|last day|moved|late from)';
SELECT at, v FROM unnest(ARRAY['2024-10-16 12:00+08', '2024-12-31 12:00+08', '2025-01-10 16:00+08', '2025-01-11 00:00+08', '2026-01-01 00:00+08']::timestamptz[]) AS at
LEFT JOIN LATERAL pg_temp.violations(at) v ON true ORDER BY at;

DROP TABLE m;
\i test/fixture/street_drop.sql
DROP ROLE regress_lt_admin;
