-- Benchmark of the document number type (run by test/bench/docno.sh).
-- Over the same :rows document numbers, in one run, interleaved, fastest of
-- :reps runs, jxlink.docno against the same values as text:
--   input:     the input function on every value (docno_in against textin),
--              and COPY FROM a text file into an unlogged table
--   output:    the output function on every value (docno_out against
--              textout), and COPY TO /dev/null
--   ORDER BY:  a full sort in memory (text in the "C" collation, whose order
--              is bytewise like docno's issuer code, and in the database's
--              default collation)
-- The values look like a street's: a few hundred issuer codes of 2 to 6
-- characters, years 2004–2026, numbers mostly below 300.
\set ON_ERROR_STOP 1
\pset pager off
SET client_min_messages = warning;
SET max_parallel_workers_per_gather = 0;
SET jit = off;
SET work_mem = '1GB';
CREATE EXTENSION IF NOT EXISTS jxlink;
SET search_path = public, jxlink;

SELECT current_setting('server_version') AS server, pg_encoding_to_char(encoding) AS encoding,
       datcollate AS default_collation
FROM pg_database WHERE datname = current_database();

DROP TABLE IF EXISTS bench_issuer, bench_docno, bench_in_text, bench_in_docno;
CREATE UNLOGGED TABLE bench_issuer AS
SELECT i AS id,
       (SELECT string_agg(substr('新经发移综执立罚晋政办文规国省市县区镇街道农资环建规划市监卫健教应急城管水利交通自然', 1 + abs(pg_catalog.hashint4(i * 100 + g)) % 40, 1), '')
        FROM generate_series(1, 2 + i % 5) AS g) AS issuer
FROM generate_series(1, 300) AS i;
CREATE UNLOGGED TABLE bench_docno AS
SELECT t, t::jxlink.docno AS d
FROM (SELECT format('%s〔%s〕%s号', i.issuer, 2004 + (random() * 22)::int, 1 + (random() * random() * 600)::int) AS t
      FROM generate_series(1, :rows) AS n
      JOIN bench_issuer i ON i.id = 1 + (n::bigint * 7919) % 300) AS x;
VACUUM ANALYZE bench_docno;
CREATE UNLOGGED TABLE bench_in_text (t text);
CREATE UNLOGGED TABLE bench_in_docno (d jxlink.docno);
SELECT count(*) AS nrows, count(DISTINCT jxlink.docno_issuer(d)) AS issuers, min(d)::text AS first, max(d)::text AS last,
       pg_size_pretty(sum(pg_column_size(t))) AS text_bytes, pg_size_pretty(sum(pg_column_size(d))) AS docno_bytes
FROM bench_docno;
-- the file COPY FROM reads: the canonical text of every value
COPY (SELECT t FROM bench_docno) TO :'datafile';

CREATE TEMP TABLE timings (label text, rows bigint, rep int, ms float8);

CREATE FUNCTION pg_temp.time_query(label text, q text, nrows bigint, rep int) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    t0 timestamptz;
BEGIN
    IF q LIKE 'COPY bench_in_%' THEN
        EXECUTE 'TRUNCATE bench_in_text, bench_in_docno';
    END IF;
    t0 := clock_timestamp();
    EXECUTE q;
    INSERT INTO timings VALUES (label, nrows, rep, extract(epoch FROM clock_timestamp() - t0) * 1000);
END $$;

DO $$
DECLARE
    n bigint := (SELECT count(*) FROM bench_docno);
    f text := current_setting('bench.datafile');
    r int;
BEGIN
    FOR r IN 1..current_setting('bench.reps')::int LOOP
        PERFORM pg_temp.time_query('scan only', 'SELECT count(t), count(d) FROM bench_docno', n, r);
        PERFORM pg_temp.time_query('input fn: text', 'SELECT count(pg_catalog.textin(pg_catalog.textout(t))) FROM bench_docno', n, r);
        PERFORM pg_temp.time_query('input fn: docno', 'SELECT count(jxlink.docno_in(pg_catalog.textout(t))) FROM bench_docno', n, r);
        PERFORM pg_temp.time_query('output fn: text', 'SELECT count(pg_catalog.textout(t)) FROM bench_docno', n, r);
        PERFORM pg_temp.time_query('output fn: docno', 'SELECT count(jxlink.docno_out(d)) FROM bench_docno', n, r);
        PERFORM pg_temp.time_query('ORDER BY: text "C"', 'SELECT count(*) FROM (SELECT t FROM bench_docno ORDER BY t COLLATE "C" OFFSET 0) s', n, r);
        PERFORM pg_temp.time_query('ORDER BY: text default', 'SELECT count(*) FROM (SELECT t FROM bench_docno ORDER BY t OFFSET 0) s', n, r);
        PERFORM pg_temp.time_query('ORDER BY: docno', 'SELECT count(*) FROM (SELECT d FROM bench_docno ORDER BY d OFFSET 0) s', n, r);
        PERFORM pg_temp.time_query('COPY FROM: text', format('COPY bench_in_text FROM %L', f), n, r);
        PERFORM pg_temp.time_query('COPY FROM: docno', format('COPY bench_in_docno FROM %L', f), n, r);
        PERFORM pg_temp.time_query('COPY TO: text', 'COPY bench_docno (t) TO ''/dev/null''', n, r);
        PERFORM pg_temp.time_query('COPY TO: docno', 'COPY bench_docno (d) TO ''/dev/null''', n, r);
    END LOOP;
END $$;

-- COPY FROM stored the same values.
SELECT (SELECT count(*) FROM bench_in_docno) AS loaded,
       (SELECT count(*) FROM bench_in_docno i JOIN bench_docno b ON b.d = i.d) >= (SELECT count(*) FROM bench_in_docno) AS same;

\echo
\echo '== per-value cost (fastest run: the least disturbed by other load)'
CREATE TEMP VIEW fastest AS
SELECT label, max(rows) AS rows, count(*) AS runs,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS median_ms,
       min(ms) AS min_ms,
       min(ms) * 1e6 / max(rows) AS ns
FROM timings GROUP BY label;
SELECT label, rows, runs, round(median_ms::numeric, 1) AS median_ms, round(min_ms::numeric, 1) AS fastest_ms,
       round(ns::numeric, 1) AS ns_per_value
FROM fastest ORDER BY label;

\echo
\echo '== docno / text (same values, same run; target: within 2x)'
\echo '   whole: the whole statement; beyond scan: minus reading the table (the input functions'
\echo '   both read a cstring made by textout; text''s own I/O is little more than a copy)'
CREATE TEMP VIEW pairs (ord, operation, docno_label, text_label, scan) AS VALUES
    (1, 'input function', 'input fn: docno', 'input fn: text', true),
    (2, 'COPY FROM file', 'COPY FROM: docno', 'COPY FROM: text', false),
    (3, 'output function', 'output fn: docno', 'output fn: text', true),
    (4, 'COPY TO /dev/null', 'COPY TO: docno', 'COPY TO: text', false),
    (5, 'ORDER BY (text in "C")', 'ORDER BY: docno', 'ORDER BY: text "C"', true),
    (6, 'ORDER BY (text in default collation)', 'ORDER BY: docno', 'ORDER BY: text default', true);
SELECT p.operation,
       round(d.ns::numeric, 1) AS docno_ns, round(t.ns::numeric, 1) AS text_ns,
       round((d.ns / t.ns)::numeric, 2) AS ratio_whole,
       CASE WHEN p.scan THEN round(((d.ns - s.ns) / nullif(t.ns - s.ns, 0))::numeric, 2) END AS ratio_beyond_scan
FROM pairs p
JOIN fastest d ON d.label = p.docno_label
JOIN fastest t ON t.label = p.text_label
CROSS JOIN (SELECT ns FROM fastest WHERE label = 'scan only') s
ORDER BY p.ord;

DROP TABLE bench_issuer, bench_docno, bench_in_text, bench_in_docno;
