-- jxlink.docno: binary I/O, a COPY ... (FORMAT binary) round trip of every
-- accepted number and more, and malformed binary input checked like text.
SET DateStyle = 'ISO, YMD';
SET TimeZone = 'Asia/Shanghai';
SET client_min_messages = warning;
\set SHOW_CONTEXT never
DROP EXTENSION IF EXISTS jxlink CASCADE;
CREATE EXTENSION jxlink;
SET search_path = public, jxlink;
\i test/fixture/docno_accepted.sql
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

-- Leave no jxlink behind (each test creates it afresh).
RESET search_path;
DROP EXTENSION jxlink CASCADE;
