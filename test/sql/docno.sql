-- jxlink.docno: document numbers (发文字号, GB/T 9704-2012 §7.2.4).
-- First the 0.3.0 update of a 0.2.0 database whose referrals hold document
-- numbers as text (it refuses values that are not document numbers, listing
-- them); then the type: every accepted way of writing a number, every
-- rejection with its SQLSTATE and detail, canonical output, ordering,
-- equality, binary I/O, indexes, operator classes, casts; then next_docno().
SET DateStyle = 'ISO, YMD';
SET TimeZone = 'Asia/Shanghai';
SET client_min_messages = warning;
\set SHOW_CONTEXT never

-- Run a statement; its SQLSTATE, message and detail, or 'ok'.
CREATE FUNCTION pg_temp.outcome(stmt text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    state  text;
    msg    text;
    detail text;
BEGIN
    EXECUTE stmt;
    RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, detail = PG_EXCEPTION_DETAIL;
    RETURN state || ': ' || msg || coalesce(' | ' || nullif(detail, ''), '');
END $$;

------------------------------------------------------------------------------
-- The update from 0.2.0: document numbers stored as text become docno
------------------------------------------------------------------------------
DROP EXTENSION IF EXISTS jxlink CASCADE;
CREATE EXTENSION jxlink VERSION '0.2.0';
DO $$
DECLARE r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['regress_docno_clerk', 'regress_docno_team', 'regress_docno_stranger'] LOOP
        BEGIN
            EXECUTE format('CREATE ROLE %I', r);
        EXCEPTION WHEN duplicate_object THEN NULL;
        END;
        -- a clerk acts through the API granted to jxlink_clerk (0.6.0)
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'jxlink_clerk') THEN
            EXECUTE format('GRANT jxlink_clerk TO %I', r);
        END IF;
    END LOOP;
END $$;
INSERT INTO jxlink.jurisdiction (code, name_zh, name_en, is_local)
VALUES ('350582-xintang', '新塘街道', 'Xintang Street', true);
INSERT INTO jxlink.unit (unit_id, code, kind, name_zh) VALUES
    ('00000000-0000-7000-8000-0000000000a1', 'SEC-ECON', 'functional_section', '经济发展办'),
    ('00000000-0000-7000-8000-0000000000a2', 'TEAM', 'enforcement_team', '综合执法队');
INSERT INTO jxlink.staff (role_name, unit_id, full_name) VALUES
    ('regress_docno_clerk', '00000000-0000-7000-8000-0000000000a1', '张三'),
    ('regress_docno_team', '00000000-0000-7000-8000-0000000000a2', '王五');
INSERT INTO jxlink.case_file (case_id, category, source, title, discovered_at, discovering_unit, created_by)
SELECT ('00000000-0000-7000-8000-00000000000' || n)::uuid, 'licensed', 'patrol', '案件 ' || n,
       '2024-10-08 09:00+08', '00000000-0000-7000-8000-0000000000a1', 'regress'
FROM generate_series(1, 6) AS n;
-- Referrals as a 0.2.0 database holds them (the state guard accepts a row in
-- any state a transition reaches, as for a restore): numbers typed in
-- several ways, and two that are not document numbers at all.
INSERT INTO jxlink.referral (referral_id, case_id, from_unit, to_unit, state, last_event, transition_seq,
                             last_event_at, letter_no, transfer_count, filed_case_no, decision_no,
                             decision_outcome, created_by)
SELECT ('00000000-0000-7000-8000-0000000000b' || n)::uuid, ('00000000-0000-7000-8000-00000000000' || n)::uuid,
       '00000000-0000-7000-8000-0000000000a1', '00000000-0000-7000-8000-0000000000a2',
       state, event, seq, '2024-10-09 09:00+08', letter_no, CASE WHEN letter_no IS NULL THEN 0 ELSE 1 END,
       filed_case_no, decision_no, outcome, 'regress'
FROM (VALUES
    (1, 'decided', 'decide', 8, '新经发移〔2024〕12号', '新综执立〔2024〕31号', '新综执罚〔2024〕31号', 'penalty'),
    (2, 'filed', 'file', 7, '新经发移 [2024] 第013号', '新综执立（２０２４）32号', NULL, NULL),
    (3, 'transferred', 'transfer', 5, '新塘农移〔2024〕5号（补充）', NULL, NULL, NULL),
    (4, 'filed', 'file', 7, '新经发移〔2024〕14号', '立案 2024-15', NULL, NULL),
    (5, 'approved', 'approve', 3, NULL, NULL, NULL, NULL),
    (6, 'approved', 'approve', 3, NULL, NULL, NULL, NULL))
    AS v (n, state, event, seq, letter_no, filed_case_no, decision_no, outcome);
INSERT INTO jxlink.referral_material (referral_id, kind, description, added_by)
SELECT r.referral_id, k, k, 'regress'
FROM jxlink.referral r, unnest(ARRAY['transfer_letter', 'case_source', 'preliminary_evidence']) AS k
WHERE r.state = 'approved';

-- The update refuses, listing every value that does not parse and why; it
-- changes nothing.
\set VERBOSITY default
ALTER EXTENSION jxlink UPDATE TO '0.3.0';
SELECT extversion FROM pg_extension WHERE extname = 'jxlink';
SELECT attname, atttypid::regtype FROM pg_attribute
WHERE attrelid = 'jxlink.referral'::regclass AND attname IN ('letter_no', 'filed_case_no', 'decision_no')
ORDER BY attnum;

-- Corrected (the state guard lets these columns change without a transition),
-- the update goes through.
UPDATE jxlink.referral SET letter_no = '新塘农移〔2024〕5号'
WHERE referral_id = '00000000-0000-7000-8000-0000000000b3';
UPDATE jxlink.referral SET filed_case_no = '新综执立〔2024〕15号'
WHERE referral_id = '00000000-0000-7000-8000-0000000000b4';
ALTER EXTENSION jxlink UPDATE TO '0.3.0';
SELECT extversion FROM pg_extension WHERE extname = 'jxlink';
SELECT attname, atttypid::regtype, col_description(attrelid, attnum) FROM pg_attribute
WHERE attrelid = 'jxlink.referral'::regclass AND attname IN ('letter_no', 'filed_case_no', 'decision_no')
ORDER BY attnum;
-- the values, canonical, in document-number order
SELECT referral_id, state, letter_no, filed_case_no, decision_no
FROM jxlink.referral WHERE letter_no IS NOT NULL ORDER BY letter_no;

-- The referral API stores the numbers clerks type, canonical; a number that
-- does not parse is refused (22P02) and changes nothing.
SET ROLE regress_docno_clerk;
SELECT jxlink.transfer_referral('00000000-0000-7000-8000-0000000000b5', '新经发移［２０２４］第０１６号', '2024-10-09 10:00+08');
SELECT pg_temp.outcome($$SELECT jxlink.transfer_referral('00000000-0000-7000-8000-0000000000b6', '新经发移〔2024〕17号（补）', '2024-10-09 10:00+08')$$);
RESET ROLE;
SET ROLE regress_docno_team;
SELECT jxlink.accept_referral('00000000-0000-7000-8000-0000000000b5', '受理告知书', '2024-10-10 09:00+08');
SELECT jxlink.file_referral('00000000-0000-7000-8000-0000000000b5', '新综执立 〔2024〕 33 号', '2024-10-11 09:00+08');
SELECT pg_temp.outcome($$SELECT jxlink.decide_referral('00000000-0000-7000-8000-0000000000b5', '决定书 33', 'penalty', '2024-10-12 09:00+08')$$);
SELECT jxlink.decide_referral('00000000-0000-7000-8000-0000000000b5', '新综执罚(2024)033号', 'penalty', '2024-10-12 09:00+08');
RESET ROLE;
SELECT referral_id, state, letter_no, filed_case_no, decision_no
FROM jxlink.referral WHERE referral_id IN ('00000000-0000-7000-8000-0000000000b5', '00000000-0000-7000-8000-0000000000b6')
ORDER BY referral_id;
-- the history keeps the number as the clerk typed it
SELECT seq, event, note FROM jxlink.referral_history
WHERE referral_id = '00000000-0000-7000-8000-0000000000b5' ORDER BY seq;

------------------------------------------------------------------------------
-- Accepted forms: each is the canonical number on the right
------------------------------------------------------------------------------
SET search_path = public, jxlink;
CREATE TEMP TABLE accepted (input text, what text);
INSERT INTO accepted VALUES
    ('晋政办〔2021〕35号', 'canonical'),
    ('晋政文规〔2022〕1号', 'canonical'),
    ('新经发移〔2024〕12号', 'canonical'),
    ('晋政办﹝2021﹞35号', 'small tortoise-shell brackets ﹝﹞'),
    ('晋政办[2021]35号', 'ASCII square brackets'),
    ('晋政办［2021］35号', 'full-width square brackets'),
    ('晋政办【2021】35号', 'lenticular brackets'),
    ('晋政办（2021）35号', 'full-width parentheses'),
    ('晋政办(2021)35号', 'ASCII parentheses'),
    ('晋政办〔２０２１〕３５号', 'full-width digits'),
    ('  晋政办〔2021〕35号  ', 'surrounding spaces'),
    (E'\t晋政办〔2021〕35号\n', 'surrounding tab and newline'),
    (E'\u3000晋政办〔2021〕35号\u3000', 'surrounding ideographic spaces'),
    (E'\u00a0晋政办〔2021〕35号', 'no-break space'),
    ('晋政办 〔 2021 〕 35 号', 'spaces between the parts'),
    ('晋　政　办〔2021〕35号', 'ideographic spaces in the issuer code'),
    ('晋政办〔2021〕第35号', '第 before the number'),
    ('晋政办〔2021〕第 35 号', '第 and spaces'),
    ('晋政办〔2021〕035号', 'leading zero'),
    ('晋政办〔2021〕0000000035号', 'leading zeros'),
    ('晋政办（２０２１）第０３５号', 'all of them'),
    ('ＪＸ综执〔2024〕7号', 'full-width Latin letters'),
    ('Jx综执〔2024〕7号', 'Latin letters keep their case'),
    ('国发〔2024〕2147483647号', 'largest number'),
    ('国发〔1000〕1号', 'first year'),
    ('国发〔9999〕1号', 'last year'),
    ('𪚥〇办〔2024〕1号', 'extension B ideograph and 〇'),
    ('晋政辦〔2021〕35号', 'traditional characters are characters (not the same issuer code)'),
    (repeat('政', 32) || '〔2024〕1号', '32 characters');
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

------------------------------------------------------------------------------
-- Rejected forms: SQLSTATE 22P02 and a detail saying what is wrong
------------------------------------------------------------------------------
CREATE TEMP TABLE rejected (input text);
INSERT INTO rejected VALUES
    (''), ('   '), ('〔〕'), ('[]'), ('〔2021〕35号'), ('35号'), ('晋政办'), ('晋政办〔'), ('晋政办〔2021'),
    ('晋政办〔〕35号'), ('晋政办〔21〕35号'), ('晋政办〔02021〕35号'), ('晋政办〔0999〕35号'), ('晋政办〔二〇二一〕35号'),
    ('晋政办〔2021〕'), ('晋政办〔2021〕号'), ('晋政办〔2021〕第号'), ('晋政办〔2021〕三十五号'), ('晋政办〔2021〕0号'),
    ('晋政办〔2021〕000号'), ('晋政办〔2021〕2147483648号'), ('晋政办〔2021〕99999999999999999999号'),
    ('晋政办〔2021〕-1号'), ('晋政办〔2021〕3.5号'), ('晋政办〔2021〕35'), ('晋政办〔2021〕35號'),
    ('晋政办〔2021〕35号（补充）'), ('新塘农移〔2024〕5号 附件'), ('晋政办〔2021〕35号35号'),
    ('晋政办〔2021]35号'), ('晋政办[2021〕35号'), ('晋政办（2021)35号'), ('晋政办〔2021 35号'),
    ('晋政办〖2021〗35号'), ('晋政办<2021>35号'), ('晋政办2021年35号'), ('晋政办2021 35号'),
    ('2021〔2021〕35号'), ('１２３〔2021〕35号'), ('晋政办1〔2021〕35号'), ('晋政-办〔2021〕35号'),
    ('晋政办·〔2021〕35号'), (E'晋政办\u200b〔2021〕35号'), (E'\ufeff晋政办〔2021〕35号'),
    (repeat('政', 33) || '〔2024〕1号'), (repeat('晋', 100000));
SELECT input, pg_temp.outcome(format('SELECT %L::jxlink.docno', input)) AS refused,
       docno_check(input) = split_part(pg_temp.outcome(format('SELECT %L::jxlink.docno', input)), ' | ', 2) AS check_agrees
FROM rejected WHERE length(input) < 1000;
SELECT length(input), left(refused, 5) AS sqlstate, split_part(refused, ' | ', 2) AS detail
FROM (SELECT input, pg_temp.outcome(format('SELECT %L::jxlink.docno', input)) AS refused
      FROM rejected WHERE length(input) >= 1000) AS x;
-- as psql shows it (text input and the cast from text raise the same error)
SELECT '晋政办〔2021〕35号（补充）'::docno;
SELECT docno('晋政办〔2021]35号');

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
-- Binary I/O: COPY ... (FORMAT binary) round trip, and malformed input
------------------------------------------------------------------------------
-- the binary form: version 1, int16 year, int32 number, issuer code
SELECT docno_send('晋政办〔2021〕35号');
SELECT '/tmp/jxlink_docno_regress_' || pg_backend_pid() || '.bin' AS binfile \gset
CREATE TEMP TABLE sent AS
SELECT input::docno AS d FROM accepted
UNION ALL
SELECT docno(issuer, year, n) FROM unnest(ARRAY['晋政办', '晋政文规', '新经发移']) AS issuer,
       generate_series(2020, 2024) AS year, generate_series(1, 300, 7) AS n;
COPY sent TO :'binfile' WITH (FORMAT binary);
CREATE TEMP TABLE received (d docno);
COPY received FROM :'binfile' WITH (FORMAT binary);
SELECT (SELECT count(*) FROM sent) AS sent, (SELECT count(*) FROM received) AS received,
       (SELECT string_agg(d::text, ',' ORDER BY d) FROM sent) = (SELECT string_agg(d::text, ',' ORDER BY d) FROM received) AS same;

-- A binary value is checked like text: COPY a crafted field (a bytea's
-- binary form is its bytes) into a docno column.
CREATE TEMP TABLE recv_target (d docno);
CREATE FUNCTION pg_temp.recv(bytes bytea, file text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    state  text;
    msg    text;
    detail text;
    got    text;
BEGIN
    EXECUTE format('COPY (SELECT %L::bytea) TO %L WITH (FORMAT binary)', bytes, file);
    TRUNCATE recv_target;
    EXECUTE format('COPY recv_target FROM %L WITH (FORMAT binary)', file);
    SELECT d::text INTO got FROM recv_target;
    RETURN 'accepted: ' || got;
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, detail = PG_EXCEPTION_DETAIL;
    RETURN state || ': ' || msg || ' | ' || detail;
END $$;
SELECT what, pg_temp.recv(bytes, :'binfile') AS received
FROM (VALUES
    ('valid', '\x0107e500000023'::bytea || convert_to('晋政办', 'UTF8')),
    ('spaces, full-width letters', '\x0107e800000007'::bytea || convert_to(' ＪＸ 综执', 'UTF8')),
    ('empty', '\x'::bytea),
    ('truncated: 6 bytes', '\x0107e5000000'::bytea),
    ('version 2', '\x0207e500000023'::bytea || convert_to('晋政办', 'UTF8')),
    ('year 999', '\x0103e700000023'::bytea || convert_to('晋政办', 'UTF8')),
    ('year -1', '\x01ffff00000023'::bytea || convert_to('晋政办', 'UTF8')),
    ('number 0', '\x0107e500000000'::bytea || convert_to('晋政办', 'UTF8')),
    ('number -1', '\x0107e5ffffffff'::bytea || convert_to('晋政办', 'UTF8')),
    ('no issuer code', '\x0107e500000023'::bytea),
    ('truncated UTF-8', '\x0107e500000023e699'::bytea),
    ('invalid UTF-8 byte', '\x0107e500000023ff'::bytea),
    ('NUL byte', '\x0107e500000023e6998b00'::bytea),
    ('digits', '\x0107e500000023'::bytea || convert_to('2021', 'UTF8')),
    ('a whole number as issuer', '\x0107e500000023'::bytea || convert_to('晋政办〔2021〕35号', 'UTF8')),
    ('33 characters', '\x0107e500000023'::bytea || convert_to(repeat('政', 33), 'UTF8')))
    AS v (what, bytes);

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

------------------------------------------------------------------------------
-- next_docno(issuer, year): the next number of a series
------------------------------------------------------------------------------
SELECT p.prosecdef, p.proconfig, p.provolatile,
       has_function_privilege('regress_docno_stranger', p.oid, 'EXECUTE') AS anyone_may_call
FROM pg_proc p WHERE p.oid = 'jxlink.next_docno(text, integer)'::regprocedure;
SET ROLE regress_docno_clerk;
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
SET ROLE regress_docno_stranger;
SELECT pg_temp.outcome($$SELECT jxlink.next_docno('新经发移', 2024)$$);
RESET ROLE;
-- An administrator continues a series begun elsewhere; the counter keeps
-- canonical issuer codes only.
INSERT INTO jxlink.docno_counter (issuer, year, last_number) VALUES ('晋新综执立', 2024, 87);
SELECT pg_temp.outcome($$INSERT INTO jxlink.docno_counter (issuer, year, last_number) VALUES (' 晋新综执立', 2025, 1)$$);
SELECT pg_temp.outcome($$INSERT INTO jxlink.docno_counter (issuer, year, last_number) VALUES ('晋新综执立', 2025, 0)$$);
SET ROLE regress_docno_clerk;
SELECT jxlink.next_docno('晋新综执立', 2024);
RESET ROLE;
UPDATE jxlink.docno_counter SET last_number = 2147483647 WHERE issuer = '晋新综执立';
SET ROLE regress_docno_clerk;
SELECT pg_temp.outcome($$SELECT jxlink.next_docno('晋新综执立', 2024)$$);
RESET ROLE;
SELECT jurisdiction, issuer, year, last_number, last_issued_by FROM jxlink.docno_counter ORDER BY issuer, year;
SELECT c.relname, cfg.condition
FROM pg_extension e, unnest(e.extconfig, e.extcondition) AS cfg(oid, condition) JOIN pg_class c ON c.oid = cfg.oid
WHERE e.extname = 'jxlink' AND c.relname = 'docno_counter';

-- Leave a fresh extension and no roles behind.
RESET search_path;
DROP EXTENSION IF EXISTS jxlink CASCADE;
CREATE EXTENSION jxlink;
DROP ROLE regress_docno_clerk, regress_docno_team, regress_docno_stranger;
