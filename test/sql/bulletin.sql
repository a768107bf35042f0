-- The quarterly bulletin (issue 16, 三（四）): a self-contained HTML document,
-- the same byte for byte for the same records whatever the session, whose
-- charts carry the figures they plot, printed by those who read the street
-- whole; test/t/013_bulletin_render.pl prints it to PDF.
SET DateStyle = 'ISO, YMD';
SET TimeZone = 'Asia/Shanghai';
SET client_min_messages = warning;
\set SHOW_CONTEXT never
DROP EXTENSION IF EXISTS jxlink CASCADE;
CREATE EXTENSION jxlink;
\i test/fixture/street.sql
\i test/fixture/helpers.sql
\i test/fixture/refer.sql
-- The packet printed as a role (null when refused).
CREATE FUNCTION pg_temp.packet_as(r text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE h text;
BEGIN
    EXECUTE format('SET ROLE %I', r);
    h := jxlink.meeting_packet_html(pg_temp.id('m2'));
    RESET ROLE;
    RETURN h;
EXCEPTION WHEN insufficient_privilege THEN
    RETURN NULL;
END $$;

-- Autumn 2024: a transfer on time, one late, one never made; the team's
-- acknowledgement and filing of the first; a case bounced back.
SELECT pg_temp.refer('regress_econ_clerk', 'regress_econ_lead', '占道经营', '2024-10-08 09:00+08', false,
                     '{submit,approve,transfer,accept,file}',
                     '{2024-10-08 10:00+08,2024-10-08 11:00+08,2024-10-09 10:00+08,2024-10-10 10:00+08,2024-10-11 10:00+08}') AS on_time \gset
SELECT pg_temp.refer('regress_plan_clerk', 'regress_plan_lead', '违规搭建', '2024-10-14 09:00+08', false,
                     '{submit,approve,transfer}',
                     '{2024-10-21 10:00+08,2024-10-21 11:00+08,2024-10-21 15:00+08}') AS late \gset
SELECT pg_temp.refer('regress_mkt_clerk', 'regress_mkt_lead', '无证经营<烧烤> & 夜宵', '2024-11-04 09:00+08', false, '{submit}',
                     '{2024-11-04 10:00+08}') AS never \gset

-- Printed by the judicial office (a supervisor): a whole HTML document, no
-- script, nothing fetched, print styles for A4.
SET ROLE regress_jud_clerk;
CREATE TEMP TABLE printed AS
SELECT jxlink.bulletin('350582-xintang', '2024-10-01', '2024-12-31') AS html;
RESET ROLE;
SELECT left(html, 15) AS starts, right(html, 14) AS ends, length(html) > 5000 AS substantial,
       html ~ '<script' AS has_script, html ~ '(src|href)=' AS fetches,
       (SELECT count(*) FROM regexp_matches(html, 'https?://', 'g')) = (SELECT count(*) FROM regexp_matches(html, '<svg xmlns="http://www.w3.org/2000/svg"', 'g')) AS only_svg_namespaces,
       html ~ '@page \{ size: A4 portrait' AS a4
FROM printed;
SELECT (regexp_matches(html, '<h1>([^<]*)</h1>'))[1] AS title, (regexp_matches(html, '<div class="period">([^<]*)</div>'))[1] AS period,
       array_to_string(ARRAY(SELECT m[1] FROM regexp_matches(html, '<h2>([^<]*)</h2>', 'g') m), ' | ') AS sections
FROM printed;
-- The headline paragraph, as printed.
SELECT regexp_replace((regexp_matches(html, '<h2>一、总体情况</h2><p class="lead">(.*?)</p>'))[1], '</?b>', '', 'g') AS headline FROM printed;

-- Its figures are the scorecard's (the superuser's reading of the same functions).
SELECT sum(total) AS total, sum(met_on_time) AS on_time, sum(met_late) AS late, sum(overdue) AS overdue
FROM jxlink.unit_scorecard_at('2024-10-01', '2024-12-31', jxlink.period_judged_at('2024-10-01', '2024-12-31'));

-- Each bar is the unit's on-time rate over the quarter; the mark is the
-- provisions' requirement (every limit met).
WITH bars AS (
    SELECT m[1] AS label, m[2]::numeric AS plotted
    FROM printed, regexp_matches(html, '<rect [^>]*data-label="([^"]*)" data-value="([^"]*)"', 'g') m),
data AS (
    SELECT s.unit_name_zh AS label,
           round(jxlink.on_time_rate(sum(s.met_on_time)::bigint, sum(s.met_late)::bigint, sum(s.overdue)::bigint,
                                     sum(s.refused)::bigint, sum(s.waived_late)::bigint), 4) AS rate
    FROM jxlink.unit_scorecard_at('2024-10-01', '2024-12-31', jxlink.period_judged_at('2024-10-01', '2024-12-31')) s
    GROUP BY s.unit_name_zh)
SELECT b.label, b.plotted, d.rate, b.plotted = d.rate AS matches FROM bars b LEFT JOIN data d USING (label) ORDER BY b.label;
SELECT (regexp_matches(html, '<line [^>]*class="mark" data-value="([^"]*)"'))[1] AS mark,
       (regexp_matches(html, '<text [^>]*class="mark">([^<]*)</text>'))[1] AS caption
FROM printed;

-- The trend's last point is the counts at the instant; 53 weekly points per series.
SELECT m[1] AS series, count(*) AS points,
       (array_agg(m[3]::bigint ORDER BY ord DESC))[1] AS last_value
FROM printed, regexp_matches(html, '<circle [^>]*data-series="([^"]*)" data-x="([^"]*)" data-value="([^"]*)"', 'g') WITH ORDINALITY AS t(m, ord)
GROUP BY m[1] ORDER BY m[1];
SELECT open, overdue FROM jxlink.jurisdiction_open_counts_at(jxlink.period_judged_at('2024-10-01', '2024-12-31'));

-- The overdue table lists what overdue_as_of lists, longest first; the text
-- of a case is escaped (<烧烤> & ...).
SELECT array_to_string(ARRAY(SELECT regexp_replace(m[1], '</td><td[^>]*>', ' | ', 'g')
                             FROM regexp_matches(substring(html from '<h2>三、逾期未办结事项</h2>(.*?)</table>'), '<tr><td>(.*?)</td></tr>', 'g') m), E'\n') AS overdue_rows
FROM printed;
SELECT count(*) AS overdue_as_of FROM jxlink.overdue_as_of(jxlink.period_judged_at('2024-10-01', '2024-12-31'));
SELECT html ~ '无证经营&lt;烧烤&gt; &amp; 夜宵' AS escaped, html !~ '<烧烤>' AS never_raw FROM printed;

-- The same records, the same document, byte for byte: printed again, in
-- another session time zone, date style and number locale.
SET TimeZone = 'America/New_York';
SET DateStyle = 'German';
SET extra_float_digits = 3;
SET ROLE regress_jud_clerk;
SELECT md5(jxlink.bulletin('350582-xintang', '2024-10-01', '2024-12-31')) = (SELECT md5(html) FROM printed) AS same_document;
RESET ROLE;
RESET TimeZone;
SET TimeZone = 'Asia/Shanghai';
SET DateStyle = 'ISO, YMD';

-- Last quarter's bulletin reprinted after later events: unchanged (it reads
-- the records as of the quarter's end).
SET ROLE regress_mkt_clerk;
SELECT jxlink.withdraw_referral(:'never', '当事人已办证', '2025-01-06 10:00+08');
RESET ROLE;
SET ROLE regress_jud_clerk;
SELECT md5(jxlink.bulletin('350582-xintang', '2024-10-01', '2024-12-31')) = (SELECT md5(html) FROM printed) AS reprinted_unchanged,
       md5(jxlink.bulletin('350582-xintang', '2024-10-01', '2024-12-31', '2024-12-15 00:00+08'))
           <> (SELECT md5(html) FROM printed) AS another_instant_another_document;
-- A document number when issued.
SELECT (regexp_matches(jxlink.bulletin('350582-xintang', '2024-10-01', '2024-12-31', NULL, '新塘执联通〔2025〕1号'),
                       '<div class="docno">([^<]*)</div>'))[1] AS docno;
RESET ROLE;

-- Who prints it: those who read the street whole (supervisors, administrators,
-- BI); a clerk reads only its own units, and is refused (42501).
SELECT r AS printer, CASE WHEN o = 'ok' THEN 'printed' ELSE o END AS outcome
FROM unnest(ARRAY['regress_jud_clerk', 'regress_bi', 'regress_econ_clerk', 'regress_team_clerk']) r,
     LATERAL pg_temp.outcome(format($$SET ROLE %I; SELECT jxlink.bulletin('350582-xintang', '2024-10-01', '2024-12-31')$$, r)) o;
RESET ROLE;
SELECT pg_temp.outcome($$SELECT jxlink.bulletin('nowhere', '2024-10-01', '2024-12-31')$$) AS unknown,
       pg_temp.outcome($$SELECT jxlink.bulletin('350582-xintang', '2024-12-31', '2024-10-01')$$) AS backwards,
       pg_temp.outcome($$SELECT jxlink.bulletin('350582-xintang', '2024-10-01', 'infinity')$$) AS endless;

-- The charts on their own: a value per label, escaped labels, a rounded scale.
SELECT pg_temp.outcome($$SELECT jxlink.svg_bar_chart(ARRAY['a'], ARRAY[0.5, 1], 1, 'x')$$) AS mismatched,
       jxlink.svg_bar_chart(ARRAY['<a&b>'], ARRAY[0.25], 1, 'x') ~ 'data-label="&lt;a&amp;b&gt;" data-value="0.2500"' AS bar_escaped,
       (regexp_matches(jxlink.svg_line_chart(ARRAY['w1', 'w2'], 'a', ARRAY[3, 7]::bigint[], 'b', ARRAY[0, 1]::bigint[]), 'data-ymax="([0-9]+)"'))[1] AS ymax;

-- Issued: the number drawn from the issuer's series, the document recorded
-- (its instant and digest); printed again, the same bytes.
SET ROLE regress_jud_clerk;
SELECT (regexp_matches(jxlink.issue_bulletin('350582-xintang', '2024-10-01', '2024-12-31', '新塘执联通', 2025),
                       '<div class="docno">([^<]*)</div>'))[1] AS issued,
       (regexp_matches(jxlink.issue_bulletin('350582-xintang', '2024-07-01', '2024-09-30', '新塘执联通', 2025),
                       '<div class="docno">([^<]*)</div>'))[1] AS issued_next;
SELECT document_no, jurisdiction, from_date, to_date, judged_at, issued_by FROM jxlink.bulletin_issue ORDER BY document_no;
SELECT md5(jxlink.reprint_bulletin('新塘执联通〔2025〕1号')) = (SELECT digest FROM jxlink.bulletin_issue WHERE document_no OPERATOR(jxlink.=) '新塘执联通〔2025〕1号') AS reprinted_as_issued;
RESET ROLE;
-- A record changed since (a unit renamed): the reprint says so.
UPDATE jxlink.unit SET name_zh = '经济发展和招商办' WHERE code = 'SEC-ECON';
SET ROLE regress_jud_clerk;
SELECT length(jxlink.reprint_bulletin('新塘执联通〔2025〕1号')) > 0 AS reprinted;
RESET ROLE;
UPDATE jxlink.unit SET name_zh = '经济发展办' WHERE code = 'SEC-ECON';
SELECT pg_temp.outcome($$SET ROLE regress_econ_clerk; SELECT jxlink.issue_bulletin('350582-xintang', '2024-10-01', '2024-12-31', '新塘执联通', 2025)$$) AS clerk_issues,
       pg_temp.outcome($$SET ROLE regress_bi; SELECT jxlink.issue_bulletin('350582-xintang', '2024-10-01', '2024-12-31', '新塘执联通', 2025)$$) AS bi_issues,
       pg_temp.outcome($$SELECT jxlink.reprint_bulletin('新塘执联通〔2025〕9号')$$) AS never_issued,
       pg_temp.outcome($$DELETE FROM jxlink.bulletin_issue$$) AS unissue;
RESET ROLE;
-- Recording an issue directly: only a supervisor or administrator, only the
-- number just drawn.
SELECT pg_temp.outcome($$SET ROLE regress_econ_clerk; SELECT jxlink.bulletin_issue_record('新塘执联通〔2025〕3号', '350582-xintang', '2024-10-01', '2024-12-31')$$) AS clerk_records,
       pg_temp.outcome($$SET ROLE regress_jud_clerk; SELECT jxlink.bulletin_issue_record('新塘执联通〔2025〕7号', '350582-xintang', '2024-10-01', '2024-12-31')$$) AS not_drawn;
RESET ROLE;
SELECT last_number FROM jxlink.docno_counter WHERE issuer = '新塘执联通';

------------------------------------------------------------------------------
-- The meeting packet in the same form (三（四）): the meeting, its agenda,
-- the earlier resolutions and their reports, the quarter just ended.
------------------------------------------------------------------------------
INSERT INTO jxlink.joint_meeting_member (unit_id, role)
SELECT unit_id, CASE code WHEN 'TEAM' THEN 'office' WHEN 'JUD' THEN 'supervisor' WHEN 'DISC' THEN 'supervisor' ELSE 'member' END
FROM jxlink.unit WHERE code <> 'COMM-1';
SET ROLE regress_team_clerk;
INSERT INTO ids SELECT 'm1', jxlink.schedule_meeting('2024-09-20 09:00+08');
SELECT jxlink.hold_meeting(pg_temp.id('m1'), '2024-09-20 09:00+08', '党工委副书记', ARRAY[pg_temp.unit('TEAM'), pg_temp.unit('SEC-ECON'), pg_temp.unit('AGY-MKT')]);
INSERT INTO ids SELECT 'res1', jxlink.adopt_resolution(pg_temp.id('m1'), '夜市占道经营联合整治', ARRAY[pg_temp.unit('SEC-ECON'), pg_temp.unit('AGY-MKT')]);
SELECT jxlink.close_meeting(pg_temp.id('m1'), '新塘联席纪〔2024〕3号', '2024-09-23');
INSERT INTO ids SELECT 'm2', jxlink.schedule_meeting('2025-01-10 09:00+08');
RESET ROLE; SET ROLE regress_econ_clerk;
SELECT jxlink.propose_agenda_item(pg_temp.id('m2'), '电子监控数据接口<对接>', NULL, '2025-01-06 09:00+08') IS NOT NULL AS proposed;
RESET ROLE; SET ROLE regress_team_clerk;
SELECT jxlink.hold_meeting(pg_temp.id('m2'), '2025-01-10 09:00+08', '党工委副书记', ARRAY[pg_temp.unit('TEAM'), pg_temp.unit('SEC-ECON')]);
RESET ROLE; SET ROLE regress_econ_clerk;
SELECT jxlink.report_resolution(pg_temp.id('res1'), pg_temp.id('m2'), 'done', '已完成夜市整治，设置临时摊点区');
RESET ROLE;

-- Printed by the office early in 2025-Q1: the scorecard is 2024-Q4's, whole.
SET ROLE regress_team_clerk;
CREATE TEMP TABLE packet AS SELECT jxlink.meeting_packet_html(pg_temp.id('m2')) AS html;
RESET ROLE;
SELECT (regexp_matches(html, '<h1>([^<]*)</h1>'))[1] AS title, (regexp_matches(html, '<div class="period">([^<]*)</div>'))[1] AS kind,
       array_to_string(ARRAY(SELECT m[1] FROM regexp_matches(html, '<h2>([^<]*)</h2>', 'g') m), ' | ') AS sections,
       html ~ '<script|(src|href)=' AS fetches_or_scripts
FROM packet;
SELECT array_to_string(ARRAY(SELECT regexp_replace(m[1], '</td><td[^>]*>', ' | ', 'g')
                             FROM regexp_matches(substring(html from '<h2>一、会议基本情况</h2>(.*?)</table>'), '<tr><td>(.*?)</td></tr>', 'g') m), E'\n') AS meeting,
       array_to_string(ARRAY(SELECT regexp_replace(m[1], '</td><td[^>]*>', ' | ', 'g')
                             FROM regexp_matches(substring(html from '<h2>二、会议议题</h2>(.*?)</table>'), '<tr><td>(.*?)</td></tr>', 'g') m), E'\n') AS agenda,
       array_to_string(ARRAY(SELECT regexp_replace(m[1], '</td><td[^>]*>', ' | ', 'g')
                             FROM regexp_matches(substring(html from '<h2>三、前次议定事项落实情况</h2>(.*?)</table>'), '<tr><td>(.*?)</td></tr>', 'g') m), E'\n') AS resolutions
FROM packet;
-- The quarter just ended, each unit by name: the bars are its scorecard judged at the quarter's end.
SELECT (regexp_matches(html, '<h2>(四、[^<]*)</h2>'))[1] AS quarter,
       array_to_string(ARRAY(SELECT m[1] || ' ' || m[2] FROM regexp_matches(html, '<rect [^>]*data-label="([^"]*)" data-value="([^"]*)"', 'g') m), ', ') AS bars,
       html ~ '(SEC|AGY)-[A-Z]+' AS prints_codes
FROM packet;
-- The same document whoever of the meeting's own prints it; others are refused.
SELECT r AS printer, CASE WHEN o = 'ok' THEN 'printed' ELSE o END AS outcome,
       (SELECT md5(html) FROM packet) = md5(pg_temp.packet_as(r)) AS same
FROM unnest(ARRAY['regress_team_clerk', 'regress_econ_clerk', 'regress_jud_clerk', 'regress_comm_clerk', 'regress_stranger']) r,
     LATERAL pg_temp.outcome(format($$SET ROLE %I; SELECT jxlink.meeting_packet_html(%L)$$, r, pg_temp.id('m2'))) o;
RESET ROLE;
SELECT regexp_replace(pg_temp.outcome(format($$SELECT jxlink.meeting_packet_html(%L)$$, gen_random_uuid())), '[0-9a-f-]{36}', '<id>') AS unknown_meeting;

DROP TABLE printed, packet;
\i test/fixture/street_drop.sql
