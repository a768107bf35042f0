-- The ledger after calendar changes (DESIGN §2, §8): an open obligation
-- follows the new calendar and its explanation says what moved it, from what,
-- to what, when and by whom; a met one keeps the days it was judged with, so
-- that its explanation adds up to its verdict under any later calendar; the
-- invariants across readers hold at several instants afterwards.
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

-- (2) A local closure on 2024-10-08 (a typhoon): the transfer of (a), met
--     late under the calendar it was judged with, keeps its days and verdict;
--     the open transfer of (c) moves by a working day and says so.
SET ROLE regress_lt_admin;
INSERT INTO jxlink.calendar_day (day, kind, name_zh, name_en) VALUES ('2024-10-08', 'holiday', '台风停工', 'typhoon closure');
INSERT INTO jxlink.calendar_day (day, kind, name_zh, name_en) VALUES ('2024-10-18', 'holiday', '台风停工', 'typhoon closure');
RESET ROLE;
-- (an obligation owed by a unit other than the one that recorded it starts
-- when recorded, today: its last day is masked, and it does not move)
SELECT o.kind, o.subject_title, o.status,
       CASE WHEN o.claimed_start_at <> o.started_at THEN 'when recorded + period' ELSE o.due_date::text END AS due_date,
       o.met_late, o.derivation IS NOT NULL AS kept
FROM jxlink.obligation o WHERE o.kind IN ('transfer', 'acknowledge') ORDER BY coalesce(o.claimed_start_at, o.started_at);
SELECT regexp_replace(line, 'calendar version \w+', 'calendar version V') AS line
FROM regexp_split_to_table(jxlink.explain_obligation(
    (SELECT obligation_id FROM jxlink.obligation WHERE kind = 'transfer' AND subject_title = '加建第五层')), E'\n') AS line
WHERE line ~ '^(working days counted|days skipped|last day|\(the days|late from|status)';
-- (read by the clerk of the owing unit; when it moved is now: masked)
SET ROLE regress_plan_clerk;
SELECT regexp_replace(regexp_replace(line, 'calendar version \S+ -> \S+', 'calendar version X -> Y'),
                      '^moved \S+ \S+ \S+', 'moved (now)') AS line
FROM regexp_split_to_table(jxlink.explain_obligation(
    (SELECT obligation_id FROM jxlink.obligation WHERE kind = 'transfer' AND subject_title = '占道堆放')), E'\n') AS line
WHERE line ~ '^(working days counted|days skipped|last day|moved|late from|status)';
RESET ROLE;
SELECT o.kind, o.subject_title, m.from_due_at, m.to_due_at, m.cause, m.actor_role
FROM jxlink.obligation_move m JOIN jxlink.obligation o USING (obligation_id) ORDER BY m.moved_at, o.kind;

-- (3) Met after the change, then the calendar changes back: the derivation it
--     was judged with is kept, whatever the calendar says now.
SET ROLE regress_team_clerk;
SELECT jxlink.accept_referral((SELECT subject_id FROM jxlink.obligation WHERE kind = 'acknowledge' AND status = 'open'),
                              '受理告知书', '2024-10-21 09:00+08');
SET ROLE regress_lt_admin;
DELETE FROM jxlink.calendar_day WHERE day = '2024-10-18';
RESET ROLE;
SELECT line FROM regexp_split_to_table(jxlink.explain_obligation(
    (SELECT obligation_id FROM jxlink.obligation WHERE kind = 'acknowledge' AND subject_title = '违规搭建')), E'\n') AS line
WHERE line ~ '^(working days counted|days skipped|last day|\(the days|moved|status)'
  AND line !~ 'calendar version';

-- After the calendar changes, at several instants.
SELECT at, v FROM unnest(ARRAY['2024-10-09 12:00+08', '2024-10-16 12:00+08', '2024-10-21 12:00+08',
                               '2024-11-01 12:00+08', '2026-01-01 00:00+08']::timestamptz[]) AS at
LEFT JOIN LATERAL pg_temp.violations(at) v ON true ORDER BY at;

DROP TABLE m;
\i test/fixture/street_drop.sql
DROP ROLE regress_lt_admin;
