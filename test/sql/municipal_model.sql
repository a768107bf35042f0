-- One municipal database (issue 13), step 1: jurisdictions in levels under
-- their city (晋江市: towns and streets), identical unit codes in two towns,
-- city departments and the dispatched agencies that belong to them (the city
-- market regulation bureau and the 市场监督管理所 of each town).  Every
-- refusal has its SQLSTATE and changes nothing.
SET DateStyle = 'ISO, YMD';
SET TimeZone = 'Asia/Shanghai';
SET client_min_messages = warning;
\set SHOW_CONTEXT never
DROP EXTENSION IF EXISTS jxlink CASCADE;
CREATE EXTENSION jxlink;
\i test/fixture/street.sql
\i test/fixture/helpers.sql

-- the street of the fixture is a street with no city: as a one-street database
SELECT code, level, parent, is_local FROM jxlink.jurisdiction;

-- the city, a second town, and the street placed under the city
INSERT INTO jxlink.jurisdiction (code, name_zh, name_en, level) VALUES ('350582', '晋江市', 'Jinjiang City', 'city');
INSERT INTO jxlink.jurisdiction (code, name_zh, name_en, level, parent)
VALUES ('350582-chidian', '池店镇', 'Chidian Town', 'town', '350582');
UPDATE jxlink.jurisdiction SET parent = '350582' WHERE code = '350582-xintang';
SELECT code, level, parent FROM jxlink.jurisdiction ORDER BY level, code;

-- the same unit codes in the second town (codes are unique within a jurisdiction)
INSERT INTO jxlink.unit (jurisdiction, code, kind, name_zh) VALUES
    ('350582-chidian', 'SEC-ECON', 'functional_section', '经济发展办'),
    ('350582-chidian', 'AGY-MKT', 'dispatched_agency', '池店市场监督管理所'),
    ('350582-chidian', 'TEAM', 'enforcement_team', '池店综合执法队');
SELECT jurisdiction, count(*) AS units, count(*) FILTER (WHERE code = 'SEC-ECON') AS sec_econ
FROM jxlink.unit GROUP BY jurisdiction ORDER BY jurisdiction;

-- the city department, and the market regulation offices of both towns under it
INSERT INTO jxlink.unit (jurisdiction, code, kind, name_zh, name_en)
VALUES ('350582', 'CITY-MKT', 'city_department', '晋江市市场监督管理局', 'Jinjiang Market Regulation Bureau');
UPDATE jxlink.unit SET parent_department = (SELECT unit_id FROM jxlink.unit WHERE code = 'CITY-MKT')
WHERE code = 'AGY-MKT';
SELECT u.jurisdiction, u.code, u.name_zh, d.code AS department, d.jurisdiction AS department_in
FROM jxlink.unit u JOIN jxlink.unit d ON d.unit_id = u.parent_department ORDER BY u.jurisdiction;
SELECT label_zh, label_en FROM jxlink.unit_kind_label WHERE kind = 'city_department';

-- another city, with a market regulation bureau of its own
INSERT INTO jxlink.jurisdiction (code, name_zh, name_en, level) VALUES ('350581', '石狮市', 'Shishi City', 'city');
INSERT INTO jxlink.unit (jurisdiction, code, kind, name_zh) VALUES ('350581', 'CITY-MKT', 'city_department', '石狮市市场监督管理局');

-- refusals: nothing changes
SELECT md5(string_agg(j::text, '|' ORDER BY j.code)) AS before_j FROM jxlink.jurisdiction j \gset
SELECT md5(string_agg(u::text, '|' ORDER BY u.unit_id)) AS before_u FROM jxlink.unit u \gset
SELECT what, pg_temp.outcome(stmt) FROM (VALUES
    ('a city under a city', $$UPDATE jxlink.jurisdiction SET parent = '350582' WHERE code = '350582'$$),
    ('a town under a town', $$INSERT INTO jxlink.jurisdiction (code, name_zh, level, parent) VALUES ('x', '某镇', 'town', '350582-chidian')$$),
    ('an unknown level', $$INSERT INTO jxlink.jurisdiction (code, name_zh, level) VALUES ('y', '某区', 'district')$$),
    ('the city made a town while it has towns', $$UPDATE jxlink.jurisdiction SET level = 'town' WHERE code = '350582'$$),
    ('a department that is not a city department',
     $$UPDATE jxlink.unit SET parent_department = (SELECT unit_id FROM jxlink.unit WHERE code = 'SEC-PLAN') WHERE code = 'AGY-ECO'$$),
    ('a department of another city',
     $$UPDATE jxlink.unit SET parent_department = (SELECT unit_id FROM jxlink.unit WHERE jurisdiction = '350581' AND code = 'CITY-MKT')
       WHERE code = 'AGY-ECO'$$),
    ('a unit of a town without a city', $$INSERT INTO jxlink.unit (jurisdiction, code, kind, name_zh, parent_department)
       SELECT '350582-lone', 'AGY', 'dispatched_agency', '派驻机构', unit_id FROM jxlink.unit WHERE jurisdiction = '350582' AND code = 'CITY-MKT'$$),
    ('a town moved away from its department', $$UPDATE jxlink.jurisdiction SET parent = NULL WHERE code = '350582-chidian'$$),
    ('a town moved to another city', $$UPDATE jxlink.jurisdiction SET parent = '350581' WHERE code = '350582-chidian'$$),
    ('the city department made another kind', $$UPDATE jxlink.unit SET kind = 'leadership' WHERE jurisdiction = '350582' AND code = 'CITY-MKT'$$),
    ('the city department moved to a town', $$UPDATE jxlink.unit SET jurisdiction = '350582-chidian' WHERE jurisdiction = '350582' AND code = 'CITY-MKT'$$),
    ('a clerk registers a jurisdiction', $$SET ROLE regress_econ_clerk; INSERT INTO jxlink.jurisdiction (code, name_zh) VALUES ('z', '某镇')$$)
) AS v(what, stmt);
RESET ROLE;
SELECT md5(string_agg(j::text, '|' ORDER BY j.code)) = :'before_j' AS jurisdictions_unchanged FROM jxlink.jurisdiction j;
SELECT md5(string_agg(u::text, '|' ORDER BY u.unit_id)) = :'before_u' AS units_unchanged FROM jxlink.unit u;

-- Clerks act in their own town.  A clerk of Chidian's SEC-ECON opens a case and
-- refers it: the case and the referral belong to Chidian and go to Chidian's
-- team.  Xintang's SEC-ECON (the same code) neither reads nor acts on them.
DO $$ BEGIN CREATE ROLE regress_cd_clerk; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
GRANT jxlink_clerk TO regress_cd_clerk;
INSERT INTO jxlink.staff (jurisdiction, role_name, unit_id, full_name)
SELECT '350582-chidian', 'regress_cd_clerk', unit_id, '池店经办人' FROM jxlink.unit
WHERE jurisdiction = '350582-chidian' AND code = 'SEC-ECON';
SET ROLE regress_cd_clerk;
SELECT jxlink.open_case('licensed', 'patrol', '池店违规搭建', '2024-10-08 09:00+08') AS cd_case \gset
SELECT jxlink.create_referral(:'cd_case', false, '2024-10-08 10:00+08') AS cd_ref \gset
SELECT c.jurisdiction AS case_in, r.jurisdiction AS referral_in, f.code AS from_unit, t.code AS to_unit,
       t.jurisdiction AS team_in
FROM jxlink.case_file c JOIN jxlink.referral r USING (case_id)
JOIN jxlink.unit f ON f.unit_id = r.from_unit JOIN jxlink.unit t ON t.unit_id = r.to_unit;
RESET ROLE;
SELECT md5(string_agg(r::text, '|')) AS before_r FROM jxlink.referral r \gset
SET ROLE regress_econ_clerk;
SELECT count(*) AS xintang_clerk_reads FROM jxlink.referral WHERE referral_id = :'cd_ref';
SELECT pg_temp.outcome(format('SELECT jxlink.withdraw_referral(%L, %L)', :'cd_ref', '撤回')) AS xintang_clerk_withdraws;
RESET ROLE;
-- a role that is staff in two jurisdictions cannot act where the jurisdiction is not given
INSERT INTO jxlink.staff (jurisdiction, role_name, unit_id, full_name)
SELECT '350582-xintang', 'regress_cd_clerk', unit_id, '池店经办人' FROM jxlink.unit
WHERE jurisdiction = '350582-xintang' AND code = 'SEC-PLAN';
SET ROLE regress_cd_clerk;
SELECT pg_temp.outcome($$SELECT jxlink.open_case('licensed', 'patrol', '某案', '2024-10-08 09:00+08')$$) AS two_towns_open_case;
RESET ROLE;
SELECT md5(string_agg(r::text, '|')) = :'before_r' AS referrals_unchanged FROM jxlink.referral r;
-- an administrator's rows (not staff) default to the database's home jurisdiction
INSERT INTO jxlink.unit (code, kind, name_zh) VALUES ('GRID-9', 'grid', '第九网格') RETURNING jurisdiction;

\i test/fixture/street_drop.sql
DROP ROLE regress_cd_clerk;
