-- jxlink.docno: document numbers (发文字号, GB/T 9704-2012 §7.2.4) as typed.
-- Every accepted way of writing a number, with its canonical output, its
-- parts and docno_check(); equal however written: one value, one hash.
SET DateStyle = 'ISO, YMD';
SET TimeZone = 'Asia/Shanghai';
SET client_min_messages = warning;
\set SHOW_CONTEXT never
DROP EXTENSION IF EXISTS jxlink CASCADE;
CREATE EXTENSION jxlink;
SET search_path = public, jxlink;

------------------------------------------------------------------------------
-- Accepted forms: each is the canonical number on the right
------------------------------------------------------------------------------
\i test/fixture/docno_accepted.sql
SELECT what, input::docno AS canonical, docno_issuer(input::docno) AS issuer,
       docno_year(input::docno) AS year, docno_number(input::docno) AS number,
       docno_check(input) AS problem
FROM accepted;

-- Equal however written: one value, one hash.
SELECT count(DISTINCT input::docno) AS distinct_values, count(DISTINCT docno_hash(input::docno)) AS distinct_hashes,
       count(DISTINCT docno_hash_extended(input::docno, 42)) AS distinct_extended_hashes,
       count(DISTINCT input) AS distinct_texts
FROM accepted WHERE input::docno = '晋政办〔2021〕35号';
SELECT '晋政办[2021]第035号'::docno = '晋政办（２０２１）35号'::docno AS equal,
       '晋政办[2021]第035号'::docno <> '晋政办（２０２１）35号'::docno AS not_equal,
       '晋政办[2021]35号'::text = '晋政办〔2021〕35号'::text AS equal_as_text;


-- Leave no jxlink behind (each test creates it afresh).
RESET search_path;
DROP EXTENSION jxlink CASCADE;
