-- jxlink.docno: order (issuer code by Unicode code points, then year, then
-- number) and comparison; indexes: btree for equality, ranges and order,
-- hash for equality; the estimators; hash joins and aggregation; the
-- operator classes validate; everything of the type carries a comment.
SET DateStyle = 'ISO, YMD';
SET TimeZone = 'Asia/Shanghai';
SET client_min_messages = warning;
\set SHOW_CONTEXT never
DROP EXTENSION IF EXISTS jxlink CASCADE;
CREATE EXTENSION jxlink;
SET search_path = public, jxlink;
\i test/fixture/docno_accepted.sql
------------------------------------------------------------------------------
-- Order: issuer code (Unicode code points), then year, then number
------------------------------------------------------------------------------
CREATE TEMP TABLE ordered (t text);
INSERT INTO ordered VALUES ('晋政办〔2021〕35号'), ('晋政办〔2021〕4号'), ('晋政办〔2021〕１００号'), ('晋政办〔2020〕200号'),
    ('晋政办〔2022〕1号'), ('晋政文规〔2022〕1号'), ('晋政〔2023〕9号'), ('国办发〔2024〕1号'), ('晋政办〔2021〕第3号');
SELECT row_number() OVER (ORDER BY t::docno) AS as_docno, t::docno AS d,
       row_number() OVER (ORDER BY t COLLATE "C") AS as_text
FROM ordered ORDER BY t::docno;
SELECT '晋政办〔2021〕4号'::docno < '晋政办〔2021〕35号'::docno AS docno_4_before_35,
       '晋政办〔2021〕4号'::text < '晋政办〔2021〕35号'::text COLLATE "C" AS text_4_before_35,
       '晋政办〔2025〕1号'::docno < '晋政文规〔2020〕1号'::docno AS issuer_before_year,
       '晋政〔2030〕1号'::docno < '晋政办〔2020〕1号'::docno AS shorter_issuer_first,
       docno_cmp('晋政办〔2021〕4号', '晋政办〔2021〕35号') AS cmp_lt,
       docno_cmp('晋政办〔2021〕35号', '晋政办[2021]035号') AS cmp_eq,
       docno_cmp('晋政办〔2021〕35号', '晋政办〔2021〕4号') AS cmp_gt;
SELECT min(t::docno), max(t::docno), min(t::docno) FILTER (WHERE t LIKE '晋政办%') AS first_jzb,
       max(t::docno) FILTER (WHERE t LIKE '晋政办〔2021〕%') AS last_jzb_2021
FROM ordered;

------------------------------------------------------------------------------
-- Indexes: btree for equality, ranges and order; hash for equality
------------------------------------------------------------------------------
CREATE TABLE docno_docs (id integer GENERATED ALWAYS AS IDENTITY, d docno NOT NULL);
INSERT INTO docno_docs (d)
SELECT docno(issuer, year, n) FROM unnest(ARRAY['晋政办', '晋政文规', '新经发移', '国办发']) AS issuer,
       generate_series(2020, 2024) AS year, generate_series(1, 200) AS n;
CREATE INDEX docno_docs_btree ON docno_docs (d);
ANALYZE docno_docs;
SET enable_seqscan = off;
SET enable_bitmapscan = off;
EXPLAIN (COSTS OFF) SELECT id, d FROM docno_docs WHERE d = '晋政办[2021]第035号';
SELECT d FROM docno_docs WHERE d = '晋政办[2021]第035号';
EXPLAIN (COSTS OFF) SELECT d FROM docno_docs WHERE d >= '晋政办〔2021〕4号' AND d < '晋政办〔2021〕35号';
SELECT count(*), min(d), max(d) FROM docno_docs WHERE d >= '晋政办〔2021〕4号' AND d < '晋政办〔2021〕35号';
EXPLAIN (COSTS OFF) SELECT d FROM docno_docs WHERE d > '新经发移〔2024〕197号' AND d <= '晋政办〔2020〕2号' ORDER BY d;
SELECT d FROM docno_docs WHERE d > '新经发移〔2024〕197号' AND d <= '晋政办〔2020〕2号' ORDER BY d;
DROP INDEX docno_docs_btree;
CREATE INDEX docno_docs_hash ON docno_docs USING hash (d);
EXPLAIN (COSTS OFF) SELECT id, d FROM docno_docs WHERE d = '国办发（2022）第1号';
SELECT d FROM docno_docs WHERE d = '国办发（2022）第1号';
RESET enable_seqscan;
RESET enable_bitmapscan;
-- The estimators use the statistics: 1 row for equality, and about 2000
-- rows before 晋政办〔2020〕1号, 1000 between it and 晋政文规〔2020〕1号.  (A
-- range inside one histogram bucket is estimated at about 1 row: the
-- standard estimators cannot place a docno inside a bucket.)
CREATE FUNCTION pg_temp.estimate(query text) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    plan json;
BEGIN
    EXECUTE 'EXPLAIN (FORMAT json) ' || query INTO plan;
    RETURN (plan->0->'Plan'->>'Plan Rows')::integer;
END $$;
SELECT pg_temp.estimate($$SELECT * FROM docno_docs WHERE d = '晋政办〔2021〕35号'$$) AS equal,
       pg_temp.estimate($$SELECT * FROM docno_docs WHERE d <> '晋政办〔2021〕35号'$$) AS not_equal,
       pg_temp.estimate($$SELECT * FROM docno_docs WHERE d < '晋政办〔2020〕1号'$$) BETWEEN 1800 AND 2200 AS less_about_2000,
       pg_temp.estimate($$SELECT * FROM docno_docs WHERE d >= '晋政办〔2020〕1号' AND d < '晋政文规〔2020〕1号'$$)
           BETWEEN 800 AND 1200 AS range_about_1000;
-- hash joins and hash aggregation use the hash support function
SET enable_mergejoin = off;
SET enable_nestloop = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM docno_docs a JOIN accepted b ON a.d = b.input::docno;
SELECT count(*) FROM docno_docs a JOIN accepted b ON a.d = b.input::docno;
RESET enable_mergejoin;
RESET enable_nestloop;
SET enable_sort = off;
EXPLAIN (COSTS OFF) SELECT input::docno, count(*) FROM accepted GROUP BY 1;
RESET enable_sort;

-- The operator classes validate; the operators know their commutators,
-- negators and estimators.
SELECT opc.opcname, am.amname, opc.opcdefault, amvalidate(opc.oid)
FROM pg_opclass opc JOIN pg_am am ON am.oid = opc.opcmethod
WHERE opc.opcnamespace = 'jxlink'::regnamespace ORDER BY 1;
SELECT o.oprname, o.oprcom::regoperator AS commutator, o.oprnegate::regoperator AS negator,
       o.oprrest, o.oprjoin, o.oprcanhash, o.oprcanmerge
FROM pg_operator o WHERE o.oprleft = 'jxlink.docno'::regtype ORDER BY o.oprname;
-- Everything of the type carries a comment.
SELECT 'operator ' || o.oid::regoperator AS uncommented FROM pg_operator o
WHERE o.oprnamespace = 'jxlink'::regnamespace AND obj_description(o.oid, 'pg_operator') IS NULL
UNION ALL
SELECT 'operator class ' || c.opcname FROM pg_opclass c
WHERE c.opcnamespace = 'jxlink'::regnamespace AND obj_description(c.oid, 'pg_opclass') IS NULL
UNION ALL
SELECT 'operator family ' || f.opfname FROM pg_opfamily f
WHERE f.opfnamespace = 'jxlink'::regnamespace AND obj_description(f.oid, 'pg_opfamily') IS NULL
UNION ALL
SELECT 'type ' || t.oid::regtype FROM pg_type t
WHERE t.typnamespace = 'jxlink'::regnamespace AND t.typtype = 'b' AND t.typcategory <> 'A'
  AND obj_description(t.oid, 'pg_type') IS NULL
UNION ALL
SELECT 'cast ' || c.castsource::regtype || ' -> ' || c.casttarget::regtype FROM pg_cast c
WHERE 'jxlink.docno'::regtype IN (c.castsource, c.casttarget) AND obj_description(c.oid, 'pg_cast') IS NULL;

-- Leave no jxlink behind (each test creates it afresh).
RESET search_path;
DROP EXTENSION jxlink CASCADE;
