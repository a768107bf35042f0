-- jxlink.next_docno(issuer, year): the next number of a document series, for
-- staff only; a rolled-back number is given out again; an administrator
-- continues a series begun elsewhere; the counter keeps canonical issuer
-- codes only and is dumped.
SET DateStyle = 'ISO, YMD';
SET TimeZone = 'Asia/Shanghai';
SET client_min_messages = warning;
\set SHOW_CONTEXT never
DROP EXTENSION IF EXISTS jxlink CASCADE;
CREATE EXTENSION jxlink;
\i test/fixture/street.sql
\i test/fixture/docno_helpers.sql
SET search_path = public, jxlink;

------------------------------------------------------------------------------
-- next_docno(issuer, year): the next number of a series
------------------------------------------------------------------------------
SELECT p.prosecdef, p.proconfig, p.provolatile,
       has_function_privilege('regress_stranger', p.oid, 'EXECUTE') AS anyone_may_call
FROM pg_proc p WHERE p.oid = 'jxlink.next_docno(text, integer)'::regprocedure;
SET ROLE regress_econ_clerk;
SELECT jxlink.next_docno('新经发移', 2024) AS first, jxlink.next_docno(' 新经发移 ', 2024) AS same_series,
       jxlink.next_docno('新经发移', 2025) AS next_year, jxlink.next_docno('新经发移', 2024) AS third;
-- a rolled-back transaction's number is given out again
BEGIN;
SELECT jxlink.next_docno('新经发移', 2024) AS rolled_back;
ROLLBACK;
SELECT jxlink.next_docno('新经发移', 2024) AS reused;
SELECT pg_temp.outcome($$SELECT jxlink.next_docno('新经发移〔', 2024)$$) UNION ALL
SELECT pg_temp.outcome($$SELECT jxlink.next_docno('新经发移', 99)$$) UNION ALL
SELECT pg_temp.outcome($$SELECT jxlink.next_docno(NULL, 2024)$$) UNION ALL
SELECT pg_temp.outcome($$SELECT jxlink.next_docno('新经发移', NULL)$$) UNION ALL
SELECT pg_temp.outcome($$INSERT INTO jxlink.docno_counter (issuer, year, last_number) VALUES ('新经发移', 2026, 1)$$);
RESET ROLE;
SET ROLE regress_stranger;
SELECT pg_temp.outcome($$SELECT jxlink.next_docno('新经发移', 2024)$$);
RESET ROLE;
-- An administrator continues a series begun elsewhere; the counter keeps
-- canonical issuer codes only.
INSERT INTO jxlink.docno_counter (issuer, year, last_number) VALUES ('晋新综执立', 2024, 87);
SELECT pg_temp.outcome($$INSERT INTO jxlink.docno_counter (issuer, year, last_number) VALUES (' 晋新综执立', 2025, 1)$$);
SELECT pg_temp.outcome($$INSERT INTO jxlink.docno_counter (issuer, year, last_number) VALUES ('晋新综执立', 2025, 0)$$);
SET ROLE regress_econ_clerk;
SELECT jxlink.next_docno('晋新综执立', 2024);
RESET ROLE;
UPDATE jxlink.docno_counter SET last_number = 2147483647 WHERE issuer = '晋新综执立';
SET ROLE regress_econ_clerk;
SELECT pg_temp.outcome($$SELECT jxlink.next_docno('晋新综执立', 2024)$$);
RESET ROLE;
SELECT jurisdiction, issuer, year, last_number, last_issued_by FROM jxlink.docno_counter ORDER BY issuer, year;
SELECT c.relname, cfg.condition
FROM pg_extension e, unnest(e.extconfig, e.extcondition) AS cfg(oid, condition) JOIN pg_class c ON c.oid = cfg.oid
WHERE e.extname = 'jxlink' AND c.relname = 'docno_counter';

RESET search_path;
\i test/fixture/street_drop.sql
