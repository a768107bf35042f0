-- The quarter's scorecard judged at its end, and the live BI views where
-- their answer does not depend on today, over a small known history of four
-- referrals, read as a read-only BI role; the views carry no personal data,
-- are security_invoker and read the ledger through its indexes.
SET DateStyle = 'ISO, YMD';
SET TimeZone = 'Asia/Shanghai';
SET client_min_messages = warning;
\set SHOW_CONTEXT never
DROP EXTENSION IF EXISTS jxlink CASCADE;
CREATE EXTENSION jxlink;
\i test/fixture/street.sql

-- pg_temp.refer(): a referral walked to a state, as the clerks and leaders would.
\i test/fixture/refer.sql

-- (1) National Day: found Friday 09-27 10:00, extension notice, transferred
--     10-08 (on time), accepted 10-16 (late: due 10-15 00:00), filed, decided,
--     copied back.
SELECT pg_temp.refer('regress_plan_clerk', 'regress_plan_lead', '加建第五层', '2024-09-27 10:00+08', false,
    '{notify,submit,approve,transfer,accept,file,decide,copy_back}',
    '{2024-09-30 09:00+08,2024-10-08 08:00+08,2024-10-08 09:00+08,2024-10-08 09:30+08,2024-10-16 10:00+08,2024-10-18 10:00+08,2024-11-01 10:00+08,2024-11-08 10:00+08}') IS NOT NULL AS r1;
-- (2) urgent, found in the holiday 10-06 21:00, transferred an hour late, accepted in time.
SELECT pg_temp.refer('regress_eco_clerk', 'regress_eco_lead', '暗管排污', '2024-10-06 21:00+08', true,
    '{submit,approve,transfer,accept}',
    '{2024-10-07 08:00+08,2024-10-07 09:00+08,2024-10-07 22:00+08,2024-10-10 09:00+08}') IS NOT NULL AS r2;
-- (3) found Monday 10-14, never transferred: due 10-18 00:00.
SELECT pg_temp.refer('regress_plan_clerk', 'regress_plan_lead', '违规搭建', '2024-10-14 09:00+08', false,
    '{}', '{}') IS NOT NULL AS r3;
-- (4) withdrawn on 10-11.
SELECT pg_temp.refer('regress_eco_clerk', 'regress_eco_lead', '张贴广告', '2024-10-10 09:00+08', false,
    '{withdraw}', '{2024-10-11 09:00+08}') IS NOT NULL AS r4;

-- Read the rest as a read-only BI role (regress_bi: jxlink_bi only).
SET ROLE regress_bi;

\echo '-- the quarter''s report, judged at its end (2025-01-01 00:00): does not change with today'
SELECT unit_code, unit_kind, quarter, quarter_start, kind, total, met_on_time, met_late, overdue, not_yet_due, waived,
       on_time_rate, avg_late_workdays, max_late_workdays
FROM jxlink.unit_scorecard_for('2024-10-01', '2024-12-31') ORDER BY unit_code, kind;
SELECT count(*) AS rows_in_q3 FROM jxlink.unit_scorecard_for('2024-07-01', '2024-09-30');

\echo '-- the live views, where the answer does not depend on today'
SELECT subject_title, kind, owner_code, due_at, warning FROM jxlink.overdue ORDER BY due_at;
SELECT count(*) AS due_soon_now FROM jxlink.due_soon;
SELECT subject_title, kind, status FROM jxlink.obligation_status ORDER BY started_at, kind;
SELECT title, from_code, to_code, state, state_name_zh, letter_no, filed_case_no, decision_no, transfer_rule,
       transfer_due_at, transfer_status, acknowledge_due_at, acknowledge_status, file_case_status, decided_at,
       copy_back_status
FROM jxlink.referral_overview ORDER BY discovered_at;
SELECT unit_code, quarter, kind, total, met_on_time, met_late, overdue, waived, on_time_rate
FROM jxlink.unit_scorecard ORDER BY unit_code, quarter, kind;

\echo '-- errors'
SELECT * FROM jxlink.unit_scorecard_for('2024-12-31', '2024-10-01');
SELECT * FROM jxlink.unit_scorecard_for(NULL, '2024-10-01');
RESET ROLE;

-- The views carry no personal data, and every column is commented.
SELECT c.relname, a.attname
FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0
WHERE c.relnamespace = 'jxlink'::regnamespace AND c.relkind = 'v'
  AND (a.attname ~ '(phone|contact|complainant|id_card|address|party|place|description)' OR col_description(c.oid, a.attnum) IS NULL);
SELECT c.relname, (SELECT option_value FROM pg_options_to_table(c.reloptions) WHERE option_name = 'security_invoker') AS security_invoker
FROM pg_class c WHERE c.relnamespace = 'jxlink'::regnamespace AND c.relkind = 'v' ORDER BY 1;

-- The open-item views read the ledger through its indexes: what matters in
-- the plan is that the ledger is never read whole (no Seq Scan of it), not the
-- plan's text nor which index a major's planner prefers on a table this small
-- (the choice between them is the benchmarks' business: test/bench/).
CREATE FUNCTION pg_temp.ledger_access(query text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    plan jsonb;
BEGIN
    EXECUTE 'EXPLAIN (COSTS OFF, FORMAT JSON) ' || query INTO plan;
    RETURN CASE WHEN EXISTS (SELECT 1 FROM jsonb_path_query(plan, 'strict $.**') n
                             WHERE jsonb_typeof(n) = 'object' AND n ->> 'Relation Name' = 'obligation'
                               AND n ->> 'Node Type' = 'Seq Scan')
                THEN 'the whole ledger (Seq Scan)'
                WHEN EXISTS (SELECT 1 FROM jsonb_path_query(plan, 'strict $.**') n
                             WHERE jsonb_typeof(n) = 'object' AND n ->> 'Index Name' LIKE 'obligation%')
                THEN 'an index of the ledger'
                ELSE 'no ledger access' END;
END
$$;
SET enable_seqscan = off;
SELECT v AS view, pg_temp.ledger_access(format('SELECT * FROM jxlink.%I', v)) AS ledger_read_by
FROM unnest(ARRAY['overdue', 'due_soon']) AS v;
RESET enable_seqscan;

\i test/fixture/street_drop.sql
