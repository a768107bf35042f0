-- jxlink.docno: every rejected way of writing a document number, by what is
-- wrong with it (missing parts, the year, the sequence number and what
-- follows it, the brackets, the issuer code): SQLSTATE 22P02 and a detail
-- saying what is wrong, the same detail as docno_check(); as psql shows it.
SET DateStyle = 'ISO, YMD';
SET TimeZone = 'Asia/Shanghai';
SET client_min_messages = warning;
\set SHOW_CONTEXT never
DROP EXTENSION IF EXISTS jxlink CASCADE;
CREATE EXTENSION jxlink;
SET search_path = public, jxlink;
\i test/fixture/docno_helpers.sql

------------------------------------------------------------------------------
-- Rejected forms: SQLSTATE 22P02 and a detail saying what is wrong
------------------------------------------------------------------------------
CREATE TEMP TABLE rejected (theme text, input text);
INSERT INTO rejected SELECT 'missing parts', unnest(ARRAY[
    '', '   ', '〔〕', '[]', '〔2021〕35号', '35号', '晋政办', '晋政办〔', '晋政办〔2021', '晋政办〔〕35号',
    '晋政办〔2021〕', '晋政办〔2021〕号', '晋政办〔2021〕第号', '晋政办〔2021〕35']);
INSERT INTO rejected SELECT 'year', unnest(ARRAY[
    '晋政办〔21〕35号', '晋政办〔02021〕35号', '晋政办〔0999〕35号', '晋政办〔二〇二一〕35号']);
INSERT INTO rejected SELECT 'number', unnest(ARRAY[
    '晋政办〔2021〕三十五号', '晋政办〔2021〕0号', '晋政办〔2021〕000号', '晋政办〔2021〕2147483648号',
    '晋政办〔2021〕99999999999999999999号', '晋政办〔2021〕-1号', '晋政办〔2021〕3.5号', '晋政办〔2021〕35號',
    '晋政办〔2021〕35号（补充）', '新塘农移〔2024〕5号 附件', '晋政办〔2021〕35号35号']);
INSERT INTO rejected SELECT 'brackets', unnest(ARRAY[
    '晋政办〔2021]35号', '晋政办[2021〕35号', '晋政办（2021)35号', '晋政办〔2021 35号', '晋政办〖2021〗35号',
    '晋政办<2021>35号', '晋政办2021年35号', '晋政办2021 35号']);
INSERT INTO rejected SELECT 'issuer code', unnest(ARRAY[
    '2021〔2021〕35号', '１２３〔2021〕35号', '晋政办1〔2021〕35号', '晋政-办〔2021〕35号', '晋政办·〔2021〕35号',
    E'晋政办\u200b〔2021〕35号', E'\ufeff晋政办〔2021〕35号', repeat('政', 33) || '〔2024〕1号', repeat('晋', 100000)]);
-- Invisible characters written <U+XXXX>, so the table reads the same in
-- every psql (16 and later pad zero-width characters differently).
CREATE FUNCTION pg_temp.visible(s text) RETURNS text
LANGUAGE sql AS $$
    SELECT string_agg(CASE WHEN c ~ '[\u00AD\u200B-\u200F\u2028-\u202E\u2060-\u2064\uFEFF]'
                           THEN format('<U+%s>', upper(lpad(to_hex(ascii(c)), 4, '0'))) ELSE c END, '' ORDER BY i)
    FROM unnest(regexp_split_to_array(s, '')) WITH ORDINALITY AS t (c, i)
$$;
-- The rejected inputs of a theme: the error, and whether docno_check() gives its detail.
CREATE FUNCTION pg_temp.rejections(which text) RETURNS TABLE (input text, refused text, check_agrees boolean)
LANGUAGE sql AS $$
    SELECT pg_temp.visible(r.input), pg_temp.visible(pg_temp.outcome(format('SELECT %L::jxlink.docno', r.input))),
           jxlink.docno_check(r.input) = split_part(pg_temp.outcome(format('SELECT %L::jxlink.docno', r.input)), ' | ', 2)
    FROM rejected r WHERE r.theme = which AND length(r.input) < 1000
$$;
-- an empty number, or a part missing
SELECT * FROM pg_temp.rejections('missing parts');
-- the year: four digits, 1000 to 9999
SELECT * FROM pg_temp.rejections('year');
-- the sequence number: digits, 1 to 2147483647, then 号 and nothing more
SELECT * FROM pg_temp.rejections('number');
-- the year in matching brackets
SELECT * FROM pg_temp.rejections('brackets');
-- the issuer code: Chinese characters and Latin letters, at most 32
SELECT * FROM pg_temp.rejections('issuer code');
-- and one of 100,000 characters
SELECT length(input), left(refused, 5) AS sqlstate, split_part(refused, ' | ', 2) AS detail
FROM (SELECT input, pg_temp.outcome(format('SELECT %L::jxlink.docno', input)) AS refused
      FROM rejected WHERE length(input) >= 1000) AS x;
-- as psql shows it (text input and the cast from text raise the same error)
SELECT '晋政办〔2021〕35号（补充）'::docno;
SELECT docno('晋政办〔2021]35号');

-- Leave no jxlink behind (each test creates it afresh).
RESET search_path;
DROP EXTENSION jxlink CASCADE;
