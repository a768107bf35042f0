-- The measuring helper of the read benchmarks (test/bench/views.sql, city.sql):
-- pg_temp.measure(label, query, rep) runs the query under EXPLAIN (ANALYZE,
-- TIMING OFF) - the whole plan executed, projections included, no rows sent -
-- and keeps its execution time and row count in the temporary table timings.
CREATE TEMP TABLE timings (label text, rep int, ms float8, nrows bigint);
CREATE FUNCTION pg_temp.measure(label text, q text, rep int) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE plan json;
BEGIN
    EXECUTE 'EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) ' || q INTO plan;
    INSERT INTO timings VALUES (label, rep, (plan->0->>'Execution Time')::float8, (plan->0->'Plan'->>'Actual Rows')::bigint);
END $$;
