-- The ledger is the only source of deadlines and verdicts (DESIGN §2, §8):
-- views, as-of functions, scorecards and explanations agree with each
-- obligation's own period, due time and verdict, at several instants, and
-- still after a rule is changed and after the calendar is changed.
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

-- A referral of SEC-PLAN walked through the given steps, as its clerks would
-- (helper definitions are not echoed into the expected output).
\set ECHO none
CREATE FUNCTION pg_temp.refer(title text, found_at timestamptz, steps text[], times timestamptz[]) RETURNS uuid
LANGUAGE plpgsql AS $$
DECLARE c uuid; r uuid; i int;
BEGIN
    SET ROLE regress_plan_clerk;
    c := jxlink.open_case('licensed', 'inspection', title, found_at);
    r := jxlink.create_referral(c, false, found_at);
    PERFORM jxlink.add_material(r, k, k) FROM unnest(ARRAY['transfer_letter', 'case_source', 'preliminary_evidence']) k;
    FOR i IN 1 .. coalesce(array_length(steps, 1), 0) LOOP
        EXECUTE format('SET ROLE %I', CASE WHEN steps[i] = 'approve' THEN 'regress_plan_lead'
                                           WHEN steps[i] IN ('accept', 'file', 'decide') THEN 'regress_team_clerk'
                                           ELSE 'regress_plan_clerk' END);
        PERFORM CASE steps[i]
            WHEN 'submit' THEN jxlink.submit_referral(r, times[i])
            WHEN 'approve' THEN jxlink.approve_referral(r, times[i])
            WHEN 'transfer' THEN jxlink.transfer_referral(r, '新移〔2024〕' || (20 + i) || '号', times[i])
            WHEN 'accept' THEN jxlink.accept_referral(r, '受理告知书', times[i])
            WHEN 'file' THEN jxlink.file_referral(r, '新综执立〔2024〕' || (20 + i) || '号', times[i])
        END;
    END LOOP;
    RESET ROLE;
    RETURN r;
END $$;
\set ECHO all

-- (a) found Friday 09-27, transferred 10-09, late (the three working days
--     are 09-29, a make-up Sunday, 09-30 and 10-08), accepted in time:
--     file_case (local policy, 5 working days) stays open.
SELECT pg_temp.refer('加建第五层', '2024-09-27 10:00+08', '{submit,approve,transfer,accept}',
    '{2024-10-08 09:00+08,2024-10-08 10:00+08,2024-10-09 10:00+08,2024-10-10 09:00+08}') IS NOT NULL AS a;
-- (b) found Monday 10-14, transferred in time, not yet accepted.
SELECT pg_temp.refer('违规搭建', '2024-10-14 09:00+08', '{submit,approve,transfer}',
    '{2024-10-14 10:00+08,2024-10-14 11:00+08,2024-10-15 09:00+08}') IS NOT NULL AS b;
-- (c) found Thursday 10-17, never transferred.
SELECT pg_temp.refer('占道堆放', '2024-10-17 09:00+08', '{}', '{}') IS NOT NULL AS c;
-- (d) a request for information with an agreed last day, and one without.
SET ROLE regress_eco_clerk;
SELECT jxlink.request_share((SELECT unit_id FROM jxlink.unit WHERE code = 'SEC-PLAN'), 'permits_filings', '许可清单',
                            '2024-10-25', '2024-10-16 09:00+08') IS NOT NULL AS d1;
SELECT jxlink.request_share((SELECT unit_id FROM jxlink.unit WHERE code = 'SEC-PLAN'), 'permits_filings', '备案清单',
                            NULL, '2024-10-16 09:00+08') IS NOT NULL AS d2;
RESET ROLE;
-- (e) a joint meeting on 10-11 adopts a resolution: SEC-PLAN reports at the
--     next meeting, whenever that is held.
INSERT INTO jxlink.joint_meeting_member (unit_id, role)
SELECT unit_id, CASE code WHEN 'TEAM' THEN 'office' ELSE 'member' END FROM jxlink.unit;
SET ROLE regress_team_clerk;
CREATE TEMP TABLE m AS SELECT 1 AS n, jxlink.schedule_meeting('2024-10-11 09:00+08') AS id;
SELECT jxlink.hold_meeting((SELECT id FROM m WHERE n = 1), '2024-10-11 09:00+08', '党工委副书记',
                           ARRAY(SELECT unit_id FROM jxlink.unit ORDER BY code));
SELECT jxlink.adopt_resolution((SELECT id FROM m WHERE n = 1), '夜市占道经营联合整治',
                               ARRAY(SELECT unit_id FROM jxlink.unit WHERE code = 'SEC-PLAN')) IS NOT NULL AS e;
RESET ROLE;

-- Each obligation's period is its own.
SELECT kind, subject_title, rule_code, period_unit, period_amount, due_date, status, met_late
FROM jxlink.obligation ORDER BY started_at, kind;

-- The invariants, at an instant: each line is a violation (none expected).
\set ECHO none
CREATE FUNCTION pg_temp.violations(at timestamptz) RETURNS SETOF text
LANGUAGE sql AS $$
    -- every started obligation not met by then is in exactly one of overdue / due_soon
    SELECT format('%s %s: in overdue %s times, in due_soon %s times', o.kind, o.subject_title,
                  (SELECT count(*) FROM jxlink.overdue_as_of(at) v WHERE v.obligation_id = o.obligation_id),
                  (SELECT count(*) FROM jxlink.due_soon_as_of(at) v WHERE v.obligation_id = o.obligation_id))
    FROM jxlink.obligation o
    WHERE o.started_at <= at AND (o.status = 'open' OR o.met_at > at)
      AND (SELECT count(*) FROM jxlink.overdue_as_of(at) v WHERE v.obligation_id = o.obligation_id)
          + (SELECT count(*) FROM jxlink.due_soon_as_of(at) v WHERE v.obligation_id = o.obligation_id) <> 1
    UNION ALL
    -- no obligation not open at that instant is in either
    SELECT format('%s %s is listed though not open', o.kind, o.subject_title)
    FROM jxlink.obligation o
    WHERE NOT (o.started_at <= at AND (o.status = 'open' OR o.met_at > at))
      AND EXISTS (SELECT 1 FROM jxlink.overdue_as_of(at) v WHERE v.obligation_id = o.obligation_id
                  UNION ALL SELECT 1 FROM jxlink.due_soon_as_of(at) v WHERE v.obligation_id = o.obligation_id)
    UNION ALL
    -- every reader shows the obligation's own period and due time
    SELECT format('%s %s: %s says %s %s due %s', o.kind, o.subject_title, v.src, v.period_unit, v.period_amount, v.due_at)
    FROM jxlink.obligation o
    JOIN (SELECT 'obligation_status_at' AS src, s.obligation_id, s.period_unit, s.period_amount, s.due_at
          FROM jxlink.obligation_status_at(at) s
          UNION ALL
          SELECT 'overdue_as_of', s.obligation_id, s.period_unit, s.period_amount, s.due_at FROM jxlink.overdue_as_of(at) s
          UNION ALL
          SELECT 'due_soon_as_of', s.obligation_id, s.period_unit, s.period_amount, s.due_at FROM jxlink.due_soon_as_of(at) s) v
      ON v.obligation_id = o.obligation_id
    WHERE (v.period_unit, v.period_amount, v.due_at) IS DISTINCT FROM (o.period_unit, o.period_amount, o.due_at)
    UNION ALL
    -- the scorecard's totals are the ledger's counts
    SELECT format('scorecard %s: %s', k.what, k.n)
    FROM (SELECT 'total' AS what, (SELECT sum(total) FROM jxlink.unit_scorecard_at('2024-01-01', '2025-12-31', at))
                 - (SELECT count(*) FROM jxlink.obligation o WHERE o.started_at <= at) AS n
          UNION ALL
          SELECT 'met_late', (SELECT sum(met_late) FROM jxlink.unit_scorecard_at('2024-01-01', '2025-12-31', at))
                 - (SELECT count(*) FROM jxlink.obligation o WHERE o.met_at <= at AND o.met_late AND NOT o.refused)
          UNION ALL
          SELECT 'met_on_time', (SELECT sum(met_on_time) FROM jxlink.unit_scorecard_at('2024-01-01', '2025-12-31', at))
                 - (SELECT count(*) FROM jxlink.obligation o WHERE o.met_at <= at AND NOT o.met_late AND NOT o.refused)
          UNION ALL
          SELECT 'overdue', (SELECT sum(overdue) FROM jxlink.unit_scorecard_at('2024-01-01', '2025-12-31', at))
                 - (SELECT count(*) FROM jxlink.overdue_as_of(at))
          UNION ALL
          SELECT 'not_yet_due', (SELECT sum(not_yet_due) FROM jxlink.unit_scorecard_at('2024-01-01', '2025-12-31', at))
                 - (SELECT count(*) FROM jxlink.due_soon_as_of(at))) k
    WHERE k.n <> 0
    UNION ALL
    -- every explanation adds up to the obligation's own last day, due time and verdict
    SELECT format('explanation of %s %s: %s', o.kind, o.subject_title, p.problem)
    FROM jxlink.obligation o
    CROSS JOIN LATERAL (SELECT jxlink.explain_obligation(o.obligation_id) AS e) x
    CROSS JOIN LATERAL (
        SELECT 'no last day ' || o.due_date AS problem
        WHERE x.e NOT LIKE '%' || o.due_date || '%, until 24:00 local time%' AND o.period_unit <> 'hours'
        UNION ALL
        SELECT 'counts ' || substring(x.e FROM 'working days counted \((\d+)\)') || ' working days'
        WHERE o.period_unit = 'workdays'
          AND substring(x.e FROM 'working days counted \((\d+)\)')::int <> o.period_amount
        UNION ALL
        SELECT 'last counted day is not ' || o.due_date
        WHERE o.period_unit = 'workdays'
          AND (regexp_match(substring(x.e FROM 'working days counted \(\d+\): ([^\n]*)'),
                            '^.*(\d{4}-\d\d-\d\d)'))[1] IS DISTINCT FROM o.due_date::text
        UNION ALL
        SELECT 'late from is not the due time'
        WHERE x.e NOT LIKE '%late from ' || to_char(o.due_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') || '%'
        UNION ALL
        SELECT 'verdict is not ' || coalesce(o.met_late::text, o.status)
        WHERE x.e NOT LIKE '%status: ' || o.status || '%'
           OR (o.status = 'met' AND x.e NOT LIKE '%' || CASE WHEN o.met_late THEN 'LATE' ELSE 'on time' END)) p
$$;
\set ECHO all

-- Before any change, at several instants.
SELECT at, v FROM unnest(ARRAY['2024-10-09 12:00+08', '2024-10-16 12:00+08', '2024-10-21 12:00+08',
                               '2024-11-01 12:00+08', '2026-01-01 00:00+08']::timestamptz[]) AS at
LEFT JOIN LATERAL pg_temp.violations(at) v ON true ORDER BY at;

-- (1) A rule change does not reach obligations already opened: file_case was
--     opened with 5 working days; the rule now says 10.
SET ROLE regress_lt_admin;
UPDATE jxlink.deadline_rule SET amount = 10 WHERE rule_code = 'file_case';
RESET ROLE;
SELECT kind, period_unit, period_amount, due_date FROM jxlink.obligation_status_at('2024-10-16 12:00+08')
WHERE kind = 'file_case';
SELECT kind, period_amount, workdays_left, fraction_left FROM jxlink.due_soon_as_of('2024-10-16 12:00+08')
WHERE kind = 'file_case';
SELECT line FROM regexp_split_to_table(jxlink.explain_obligation(
    (SELECT obligation_id FROM jxlink.obligation WHERE kind = 'file_case')), E'\n') AS line
WHERE line ~ '^(rule|working days counted|last day)';

-- (2) A local closure on 2024-10-08 (a typhoon): the transfer of (a), met
--     late under the calendar it was judged with, keeps its days and verdict;
--     the open transfer of (c) moves by a working day and says so.
SET ROLE regress_lt_admin;
INSERT INTO jxlink.calendar_day (day, kind, name_zh, name_en) VALUES ('2024-10-08', 'holiday', '台风停工', 'typhoon closure');
INSERT INTO jxlink.calendar_day (day, kind, name_zh, name_en) VALUES ('2024-10-18', 'holiday', '台风停工', 'typhoon closure');
RESET ROLE;
SELECT o.kind, o.subject_title, o.status, o.due_date, o.met_late, o.derivation IS NOT NULL AS kept
FROM jxlink.obligation o WHERE o.kind IN ('transfer', 'acknowledge') ORDER BY o.started_at;
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

-- After the rule and calendar changes, at the same instants.
SELECT at, v FROM unnest(ARRAY['2024-10-09 12:00+08', '2024-10-16 12:00+08', '2024-10-21 12:00+08',
                               '2024-11-01 12:00+08', '2026-01-01 00:00+08']::timestamptz[]) AS at
LEFT JOIN LATERAL pg_temp.violations(at) v ON true ORDER BY at;

-- Facts, not forced times: an agreed last day; "at the next meeting", due at
-- the end of the following quarter until a meeting is held, then at the end
-- of its day, the move recorded.
SELECT subject_title, period_unit, period_amount, due_date, due_at AT TIME ZONE 'Asia/Shanghai' AS due_local
FROM jxlink.obligation WHERE kind IN ('share_request', 'resolution_report') ORDER BY kind, subject_title;
SET ROLE regress_team_clerk;
INSERT INTO m SELECT 2, jxlink.schedule_meeting('2025-01-10 09:00+08');
SELECT jxlink.hold_meeting((SELECT id FROM m WHERE n = 2), '2025-01-10 15:00+08', '党工委副书记',
                           ARRAY(SELECT unit_id FROM jxlink.unit ORDER BY code));
RESET ROLE;
SELECT o.period_unit, o.due_date, o.due_at AT TIME ZONE 'Asia/Shanghai' AS due_local,
       m.from_due_at AT TIME ZONE 'Asia/Shanghai' AS moved_from, m.cause
FROM jxlink.obligation o JOIN jxlink.obligation_move m USING (obligation_id) WHERE o.kind = 'resolution_report';
SELECT regexp_replace(line, '^moved \S+ \S+ \S+', 'moved (now)') AS line
FROM regexp_split_to_table(jxlink.explain_obligation(
    (SELECT obligation_id FROM jxlink.obligation WHERE kind = 'resolution_report')), E'\n') AS line
WHERE line ~ '^(rule|the next|no joint|last day|moved|late from)';
SELECT at, v FROM unnest(ARRAY['2024-12-31 12:00+08', '2025-01-10 16:00+08', '2025-01-11 00:00+08']::timestamptz[]) AS at
LEFT JOIN LATERAL pg_temp.violations(at) v ON true ORDER BY at;

DROP TABLE m;
\i test/fixture/street_drop.sql
DROP ROLE regress_lt_admin;
