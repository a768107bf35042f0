-- Patrols (二（五）): a patrol of a work group and a community, recorded with
-- its findings by a section; a case opened from a finding, once; a unit that
-- did not take part neither sees the patrol nor opens a case from it.
SET DateStyle = 'ISO, YMD';
SET TimeZone = 'Asia/Shanghai';
SET client_min_messages = warning;
\set SHOW_CONTEXT never
DROP EXTENSION IF EXISTS jxlink CASCADE;
CREATE EXTENSION jxlink;
\i test/fixture/street.sql
\i test/fixture/helpers.sql

------------------------------------------------------------------------------
-- Patrols (二（五）)
------------------------------------------------------------------------------
SET ROLE regress_econ_clerk;
INSERT INTO ids SELECT 'p1', jxlink.record_patrol('2024-10-16 15:00+08', '新塘社区沿街店铺', ARRAY[pg_temp.unit('CWG-1'), pg_temp.unit('COMM-1')],
                                                  ARRAY['店外占道堆放', '无证废品收购点']);
SELECT jxlink.open_case_from_finding(f.finding_id, 'unlicensed', '无证废品收购', 'grid_report') IS NOT NULL AS opened
FROM jxlink.patrol_finding f WHERE f.description = '无证废品收购点';
SELECT f.description, c.source, c.category, c.discovered_at FROM jxlink.patrol_finding f LEFT JOIN jxlink.case_file c USING (case_id)
WHERE f.patrol_id = pg_temp.id('p1') ORDER BY f.description;
SELECT u.code FROM jxlink.patrol_participant p JOIN jxlink.unit u USING (unit_id) WHERE p.patrol_id = pg_temp.id('p1') ORDER BY 1;
SELECT pg_temp.outcome(format('SELECT jxlink.open_case_from_finding(%L, %L, %L)', f.finding_id, 'other', 't')) FROM jxlink.patrol_finding f WHERE f.description = '无证废品收购点';
RESET ROLE;
INSERT INTO ids SELECT 'f2', finding_id FROM jxlink.patrol_finding WHERE description = '店外占道堆放';
SET ROLE regress_mkt_clerk;
-- the agency did not take part: it neither sees the patrol nor opens a case from it
SELECT count(*) AS patrols_visible FROM jxlink.patrol;
SELECT pg_temp.outcome(format('SELECT jxlink.open_case_from_finding(%L, %L, %L)', pg_temp.id('f2'), 'other', 't'));
RESET ROLE;

\i test/fixture/street_drop.sql
