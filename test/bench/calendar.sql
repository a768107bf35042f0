-- Benchmark of the working-day arithmetic (run by test/bench/calendar.sh).
-- Over the same :rows rows, in one run, interleaved, fastest of :reps runs:
--   add_workdays(d, n)        against PostgreSQL's d + n
--   workdays_between(d, e)    against PostgreSQL's e - d
-- and the straightforward SQL a DBA would write over calendar_day, on a
-- sample of :sample rows (it is far too slow for all of them).
\set ON_ERROR_STOP 1
\pset pager off
SET client_min_messages = warning;
SET max_parallel_workers_per_gather = 0;
SET jit = off;
CREATE EXTENSION IF NOT EXISTS jxlink;

DROP TABLE IF EXISTS bench_rows;
CREATE UNLOGGED TABLE bench_rows AS
SELECT (DATE '2004-01-01' + (random() * 8000)::int) AS d,
       (1 + (random() * 9)::int) AS n
FROM generate_series(1, :rows);
ALTER TABLE bench_rows ADD COLUMN e date;
UPDATE bench_rows SET e = d + (random() * 60)::int;
VACUUM ANALYZE bench_rows;
DROP TABLE IF EXISTS bench_sample;
CREATE UNLOGGED TABLE bench_sample AS SELECT * FROM bench_rows LIMIT :sample;

-- What a DBA writes without jxlink's C engine.
CREATE OR REPLACE FUNCTION pg_temp.sql_add_workdays(d date, n int) RETURNS date
LANGUAGE sql STABLE AS $$
    SELECT g::date
    FROM generate_series(d + 1, d + 3 * n + 40, interval '1 day') AS g
    LEFT JOIN jxlink.calendar_day c ON c.day = g::date
    WHERE coalesce(c.kind = 'workday', extract(isodow FROM g) < 6)
    ORDER BY g OFFSET n - 1 LIMIT 1
$$;
CREATE OR REPLACE FUNCTION pg_temp.sql_workdays_between(a date, b date) RETURNS int
LANGUAGE sql STABLE AS $$
    SELECT count(*)::int
    FROM generate_series(a + 1, b, interval '1 day') AS g
    LEFT JOIN jxlink.calendar_day c ON c.day = g::date
    WHERE coalesce(c.kind = 'workday', extract(isodow FROM g) < 6)
$$;

-- Check that the hand-written SQL gives the same answers as the C engine.
SELECT count(*) FILTER (WHERE pg_temp.sql_add_workdays(d, n) <> jxlink.add_workdays(d, n)) AS add_disagree,
       count(*) FILTER (WHERE pg_temp.sql_workdays_between(d, e) <> jxlink.workdays_between(d, e)) AS between_disagree
FROM bench_sample;

CREATE TEMP TABLE timings (label text, rows bigint, rep int, ms float8);

CREATE OR REPLACE FUNCTION pg_temp.time_query(label text, q text, nrows bigint, rep int) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz; BEGIN
    t0 := clock_timestamp();
    EXECUTE q;
    INSERT INTO timings VALUES (label, nrows, rep,
        extract(epoch FROM clock_timestamp() - t0) * 1000);
END $$;

SELECT count(*) AS nrows FROM bench_rows \gset
SELECT count(*) AS nsample FROM bench_sample \gset
SELECT jxlink.add_workdays(DATE '2024-01-01', 1);  -- build the calendar first

DO $$
DECLARE r int;
BEGIN
    FOR r IN 1..current_setting('bench.reps')::int LOOP
        PERFORM pg_temp.time_query('scan only: sum(n)', 'SELECT sum(n) FROM bench_rows', current_setting('bench.rows')::bigint, r);
        PERFORM pg_temp.time_query('built-in: d + n', 'SELECT sum((d + n) - DATE ''2000-01-01'') FROM bench_rows', current_setting('bench.rows')::bigint, r);
        PERFORM pg_temp.time_query('jxlink: add_workdays(d, n)', 'SELECT sum(jxlink.add_workdays(d, n) - DATE ''2000-01-01'') FROM bench_rows', current_setting('bench.rows')::bigint, r);
        PERFORM pg_temp.time_query('built-in: e - d', 'SELECT sum(e - d) FROM bench_rows', current_setting('bench.rows')::bigint, r);
        PERFORM pg_temp.time_query('jxlink: workdays_between(d, e)', 'SELECT sum(jxlink.workdays_between(d, e)) FROM bench_rows', current_setting('bench.rows')::bigint, r);
    END LOOP;
    FOR r IN 1..3 LOOP
        PERFORM pg_temp.time_query('hand SQL: add_workdays', 'SELECT sum(pg_temp.sql_add_workdays(d, n) - DATE ''2000-01-01'') FROM bench_sample', current_setting('bench.sample')::bigint, r);
        PERFORM pg_temp.time_query('hand SQL: workdays_between', 'SELECT sum(pg_temp.sql_workdays_between(d, e)) FROM bench_sample', current_setting('bench.sample')::bigint, r);
    END LOOP;
END $$;

\echo
\echo '== per-row cost (the ratios use the fastest run: the least disturbed by other load)'
CREATE TEMP VIEW medians AS
SELECT label, max(rows) AS rows, count(*) AS runs,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS median_ms,
       min(ms) AS min_ms,
       min(ms) * 1e6 / max(rows) AS ns_per_row
FROM timings GROUP BY label;
SELECT label, rows, runs, round(median_ms::numeric, 1) AS median_ms, round(min_ms::numeric, 1) AS fastest_ms,
       round(ns_per_row::numeric, 1) AS ns_per_row
FROM medians ORDER BY ns_per_row;

\echo
\echo '== ratios (same rows, same run)'
WITH m AS (SELECT label, ns_per_row AS ns FROM medians)
SELECT 'add_workdays / (d + n)' AS ratio,
       round(((SELECT ns FROM m WHERE label LIKE 'jxlink: add%') / (SELECT ns FROM m WHERE label LIKE 'built-in: d + n'))::numeric, 3) AS whole_query,
       round((((SELECT ns FROM m WHERE label LIKE 'jxlink: add%') - (SELECT ns FROM m WHERE label LIKE 'scan only%'))
            / ((SELECT ns FROM m WHERE label LIKE 'built-in: d + n') - (SELECT ns FROM m WHERE label LIKE 'scan only%')))::numeric, 3) AS beyond_scan
UNION ALL
SELECT 'workdays_between / (e - d)',
       round(((SELECT ns FROM m WHERE label LIKE 'jxlink: workdays%') / (SELECT ns FROM m WHERE label LIKE 'built-in: e - d'))::numeric, 3),
       round((((SELECT ns FROM m WHERE label LIKE 'jxlink: workdays%') - (SELECT ns FROM m WHERE label LIKE 'scan only%'))
            / ((SELECT ns FROM m WHERE label LIKE 'built-in: e - d') - (SELECT ns FROM m WHERE label LIKE 'scan only%')))::numeric, 3)
UNION ALL
SELECT 'hand SQL add_workdays / jxlink',
       round(((SELECT ns FROM m WHERE label LIKE 'hand SQL: add%') / (SELECT ns FROM m WHERE label LIKE 'jxlink: add%'))::numeric, 1), NULL
UNION ALL
SELECT 'hand SQL workdays_between / jxlink',
       round(((SELECT ns FROM m WHERE label LIKE 'hand SQL: workdays%') / (SELECT ns FROM m WHERE label LIKE 'jxlink: workdays%'))::numeric, 1), NULL;
