-- jxlink.docno: the constructor docno(issuer, year, number) and its refusals,
-- the accessors (a value is rebuilt from its parts), the casts: text → docno
-- on assignment, docno → text, no implicit cast.
SET DateStyle = 'ISO, YMD';
SET TimeZone = 'Asia/Shanghai';
SET client_min_messages = warning;
\set SHOW_CONTEXT never
DROP EXTENSION IF EXISTS jxlink CASCADE;
CREATE EXTENSION jxlink;
SET search_path = public, jxlink;
\i test/fixture/docno_helpers.sql
\i test/fixture/docno_accepted.sql
------------------------------------------------------------------------------
-- The constructor, accessors, casts
------------------------------------------------------------------------------
SELECT docno('晋政办', 2021, 35), docno(' ＪＸ 综执 ', 2024, 7), docno('国发', 9999, 2147483647);
SELECT docno(NULL, 2021, 35) IS NULL AS strict_issuer, docno('晋政办', NULL, 35) IS NULL AS strict_year;
SELECT pg_temp.outcome($$SELECT jxlink.docno('', 2021, 35)$$) UNION ALL
SELECT pg_temp.outcome($$SELECT jxlink.docno('晋政办〔', 2021, 35)$$) UNION ALL
SELECT pg_temp.outcome($$SELECT jxlink.docno('2021', 2021, 35)$$) UNION ALL
SELECT pg_temp.outcome($$SELECT jxlink.docno(repeat('政', 33), 2021, 35)$$) UNION ALL
SELECT pg_temp.outcome($$SELECT jxlink.docno('晋政办', 999, 35)$$) UNION ALL
SELECT pg_temp.outcome($$SELECT jxlink.docno('晋政办', 10000, 35)$$) UNION ALL
SELECT pg_temp.outcome($$SELECT jxlink.docno('晋政办', 2021, 0)$$) UNION ALL
SELECT pg_temp.outcome($$SELECT jxlink.docno('晋政办', 2021, -35)$$);
SELECT d, docno(docno_issuer(d), docno_year(d), docno_number(d)) = d AS rebuilt
FROM (SELECT input::docno AS d FROM accepted) AS x GROUP BY d ORDER BY d;

-- Casts: text → docno on assignment, docno → text; no implicit cast, so
-- docno = text is an error rather than a comparison of texts.
SELECT castsource::regtype, casttarget::regtype, castcontext, castfunc::regprocedure
FROM pg_cast WHERE 'jxlink.docno'::regtype IN (castsource, casttarget) ORDER BY 1, 2;
CREATE TEMP TABLE letters (d docno, t text);
INSERT INTO letters (d, t) VALUES ('晋政办[2021]第035号'::text, '晋政办[2021]第035号'::docno);
SELECT d, t, d::text = t AS same_text, pg_column_size(d) AS docno_bytes, pg_column_size(t) AS text_bytes FROM letters;
SELECT pg_temp.outcome($$SELECT '晋政办〔2021〕35号'::jxlink.docno = '晋政办〔2021〕35号'::text$$);
SELECT pg_temp.outcome($$SELECT length('晋政办〔2021〕35号'::jxlink.docno)$$);

-- Leave no jxlink behind (each test creates it afresh).
RESET search_path;
DROP EXTENSION jxlink CASCADE;
