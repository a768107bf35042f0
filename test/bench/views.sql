-- Latency of the BI views over the generated ledger (run by test/bench/views.sh):
-- each view against the bare indexed query over the ledger that returns the
-- same rows, in one run, interleaved, fastest of :reps runs (EXPLAIN ANALYZE
-- with TIMING OFF executes the whole plan, projections included).
\set ON_ERROR_STOP 1
\pset pager off
SET client_min_messages = warning;
SET jit = off;

\ir measure.sql
-- a dashboard's role: row-level security applies to it (superusers bypass it)
DO $$ BEGIN CREATE ROLE bench_bi; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
GRANT jxlink_bi TO bench_bi;
GRANT ALL ON timings TO bench_bi;
-- the quarter before the current one, and the instant the reports are judged at
SELECT (date_trunc('quarter', now()) - interval '3 months')::date AS q_from,
       (date_trunc('quarter', now()) - interval '1 day')::date AS q_to \gset

DO $$
DECLARE r int;
    qf date := (date_trunc('quarter', now()) - interval '3 months')::date;
    qt date := (date_trunc('quarter', now()) - interval '1 day')::date;
BEGIN
    FOR r IN 1..current_setting('bench.reps')::int LOOP
        PERFORM pg_temp.measure('bare: open and due_at <= now()', $q$SELECT * FROM jxlink.obligation WHERE status = 'open' AND due_at <= now()$q$, r);
        PERFORM pg_temp.measure('view: overdue', 'SELECT * FROM jxlink.overdue', r);
        PERFORM pg_temp.measure('bare: open and due_at > now()', $q$SELECT * FROM jxlink.obligation WHERE status = 'open' AND due_at > now()$q$, r);
        PERFORM pg_temp.measure('view: due_soon', 'SELECT * FROM jxlink.due_soon', r);
        EXECUTE 'SET ROLE bench_bi';
        PERFORM pg_temp.measure('view: overdue, as a jxlink_bi member (RLS)', 'SELECT * FROM jxlink.overdue', r);
        RESET ROLE;
        PERFORM pg_temp.measure('unit_scorecard_for(last quarter)', format('SELECT * FROM jxlink.unit_scorecard_for(%L, %L)', qf, qt), r);
        PERFORM pg_temp.measure('view: unit_scorecard, one quarter', format('SELECT * FROM jxlink.unit_scorecard WHERE quarter_start = %L', qf), r);
        PERFORM pg_temp.measure('overdue_as_of(end of last quarter)', format('SELECT * FROM jxlink.overdue_as_of(jxlink.local_midnight(%L))', qt + 1), r);
    END LOOP;
    FOR r IN 1..2 LOOP
        PERFORM pg_temp.measure('view: obligation_status (all rows)', 'SELECT * FROM jxlink.obligation_status', r);
        PERFORM pg_temp.measure('view: unit_scorecard (all quarters)', 'SELECT * FROM jxlink.unit_scorecard', r);
    END LOOP;
END $$;

\echo
\echo '== latency (fastest run; median beside it)'
CREATE TEMP VIEW best AS
SELECT label, min(ms) AS ms, percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS median_ms, max(nrows) AS nrows, count(*) AS runs
FROM timings GROUP BY label;
SELECT label, nrows AS rows, runs, round(ms::numeric, 1) AS fastest_ms, round(median_ms::numeric, 1) AS median_ms FROM best ORDER BY label;

\echo
\echo '== ratios and targets'
SELECT 'overdue / bare indexed query' AS measure,
       round(((SELECT ms FROM best WHERE label = 'view: overdue') / (SELECT ms FROM best WHERE label LIKE 'bare: open and due_at <=%'))::numeric, 2) AS value,
       'within 2x' AS target
UNION ALL
SELECT 'overdue as BI (RLS) / bare indexed query',
       round(((SELECT ms FROM best WHERE label LIKE 'view: overdue, as a%') / (SELECT ms FROM best WHERE label LIKE 'bare: open and due_at <=%'))::numeric, 2),
       'within 2x'
UNION ALL
SELECT 'due_soon / bare indexed query',
       round(((SELECT ms FROM best WHERE label = 'view: due_soon') / (SELECT ms FROM best WHERE label LIKE 'bare: open and due_at >%'))::numeric, 2), 'within 2x'
UNION ALL
SELECT 'unit_scorecard_for one quarter (ms)', round((SELECT ms FROM best WHERE label LIKE 'unit_scorecard_for%')::numeric, 1), '< 200 ms'
UNION ALL
SELECT 'unit_scorecard view, one quarter (ms)', round((SELECT ms FROM best WHERE label LIKE 'view: unit_scorecard, one%')::numeric, 1), '< 200 ms';

\echo
\echo '== plans (no full scan of the ledger for the open items)'
EXPLAIN (COSTS OFF) SELECT * FROM jxlink.overdue;
EXPLAIN (COSTS OFF) SELECT * FROM jxlink.due_soon;
EXPLAIN (COSTS OFF) SELECT * FROM jxlink.unit_scorecard WHERE quarter_start = :'q_from';
