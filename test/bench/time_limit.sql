-- Benchmark of the time limit operator (run by test/bench/time_limit.sh).
-- Over the same :rows rows, in one run, interleaved, fastest of :reps runs:
--   started + period          (period a jxlink.time_limit column, working days)
--   workday_deadline(started, n)  (n the same amount as an integer column)
-- and a scan-only baseline; the ratio should be within 1.2.
\set ON_ERROR_STOP 1
\pset pager off
SET client_min_messages = warning;
SET max_parallel_workers_per_gather = 0;
SET jit = off;
CREATE EXTENSION IF NOT EXISTS jxlink;

DROP TABLE IF EXISTS bench_tl;
CREATE UNLOGGED TABLE bench_tl AS
SELECT TIMESTAMPTZ '2004-01-01 00:00+08' + random() * INTERVAL '7300 days' AS started,
       (1 + (random() * 19)::int) AS n
FROM generate_series(1, :rows);
ALTER TABLE bench_tl ADD COLUMN period jxlink.time_limit;
UPDATE bench_tl SET period = jxlink.time_limit('workdays', n);
VACUUM ANALYZE bench_tl;

-- The two give the same answers (on every row).
SELECT count(*) FILTER (WHERE started OPERATOR(jxlink.+) period <> jxlink.workday_deadline(started, n)) AS disagree
FROM bench_tl;

CREATE TEMP TABLE timings (label text, rows bigint, rep int, ms float8);

CREATE OR REPLACE FUNCTION pg_temp.time_query(label text, q text, nrows bigint, rep int) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz; BEGIN
    t0 := clock_timestamp();
    EXECUTE q;
    INSERT INTO timings VALUES (label, nrows, rep,
        extract(epoch FROM clock_timestamp() - t0) * 1000);
END $$;

SELECT jxlink.add_workdays(DATE '2024-01-01', 1);  -- build the calendar first

DO $$
DECLARE
    r int;
    nrows bigint := (SELECT count(*) FROM bench_tl);
BEGIN
    FOR r IN 1..current_setting('bench.reps')::int LOOP
        PERFORM pg_temp.time_query('scan only: max(started)', 'SELECT max(started), max(n), count(period) FROM bench_tl', nrows, r);
        PERFORM pg_temp.time_query('workday_deadline(started, n)', 'SELECT max(jxlink.workday_deadline(started, n)) FROM bench_tl', nrows, r);
        PERFORM pg_temp.time_query('started + period', 'SELECT max(started OPERATOR(jxlink.+) period) FROM bench_tl', nrows, r);
    END LOOP;
END $$;

\echo
\echo '== per-row cost (the ratios use the fastest run: the least disturbed by other load)'
CREATE TEMP VIEW fastest AS
SELECT label, max(rows) AS rows, count(*) AS runs,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS median_ms,
       min(ms) AS min_ms,
       min(ms) * 1e6 / max(rows) AS ns_per_row
FROM timings GROUP BY label;
SELECT label, rows, runs, round(median_ms::numeric, 1) AS median_ms, round(min_ms::numeric, 1) AS fastest_ms,
       round(ns_per_row::numeric, 1) AS ns_per_row
FROM fastest ORDER BY ns_per_row;

\echo
\echo '== ratio (same rows, same run; target within 1.2)'
WITH m AS (SELECT label, ns_per_row AS ns FROM fastest)
SELECT '(started + period) / workday_deadline' AS ratio,
       round(((SELECT ns FROM m WHERE label = 'started + period') / (SELECT ns FROM m WHERE label LIKE 'workday_deadline%'))::numeric, 3) AS whole_query,
       round((((SELECT ns FROM m WHERE label = 'started + period') - (SELECT ns FROM m WHERE label LIKE 'scan only%'))
            / ((SELECT ns FROM m WHERE label LIKE 'workday_deadline%') - (SELECT ns FROM m WHERE label LIKE 'scan only%')))::numeric, 3) AS beyond_scan;
