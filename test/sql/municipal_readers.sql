-- One municipal database (issue 13), step 2: who reads which rows.  Two towns
-- with the same unit codes (test/fixture/city.sql); each reader sees exactly
-- its rows: a clerk its unit's, a town's supervisors and BI their town, the
-- city's BI every town, a city department (its staff, or a role holding a
-- department scope) its agencies in both towns.  Reader scopes are data an
-- administrator maps (jxlink.reader_scope), never a session setting.
SET DateStyle = 'ISO, YMD';
SET TimeZone = 'Asia/Shanghai';
SET client_min_messages = warning;
\set SHOW_CONTEXT never
DROP EXTENSION IF EXISTS jxlink CASCADE;
CREATE EXTENSION jxlink;
\i test/fixture/street.sql
\i test/fixture/helpers.sql
\i test/fixture/refer.sql
\i test/fixture/city.sql

-- Records in both towns (test/fixture/city_records.sql): a transferred referral of
-- Xintang's SEC-ECON, a draft of Chidian's SEC-ECON and of each AGY-MKT, a complaint
-- received first by each; and a joint meeting of each town.
\i test/fixture/city_records.sql
INSERT INTO jxlink.joint_meeting (jurisdiction, kind, planned_at, created_by)
VALUES ('350582-xintang', 'regular', '2024-12-20 09:00+08', 'regress'), ('350582-chidian', 'regular', '2024-12-21 09:00+08', 'regress');
SELECT jurisdiction, count(*) AS referrals FROM jxlink.referral GROUP BY 1 ORDER BY 1;

-- What a role sees of each table: per table, the jurisdictions and counts of
-- the rows it reads (or the SQLSTATE when it has no privilege on the table).
CREATE FUNCTION pg_temp.sees(reader text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE t text; seen text; out text := '';
BEGIN
    FOREACH t IN ARRAY ARRAY['referral', 'case_file', 'obligation', 'complaint', 'joint_meeting', 'staff_change'] LOOP
        EXECUTE format('SET ROLE %I', reader);
        BEGIN
            EXECUTE format($q$SELECT coalesce(string_agg(j || ':' || n, ' ' ORDER BY j), '-')
                              FROM (SELECT replace(jurisdiction, '350582-', '') AS j, count(*) AS n FROM jxlink.%I GROUP BY 1) c$q$, t)
            INTO seen;
        EXCEPTION WHEN insufficient_privilege THEN
            seen := 'no privilege';
        END;
        RESET ROLE;
        out := out || format('%s[%s] ', t, seen);
    END LOOP;
    RETURN rtrim(out);
END $$;

-- No scopes yet: with several jurisdictions, jxlink_bi alone reads nothing
SELECT r AS reader, pg_temp.sees(r) FROM unnest(ARRAY['regress_bi', 'regress_xt_bi', 'regress_city_bi', 'regress_cd_sup']) r;

-- The administrator maps the scopes: a town's BI, the city's BI, the market
-- bureau's BI (a department scope), Chidian's supervisor.
INSERT INTO jxlink.reader_scope (role_name, jurisdiction, department)
SELECT v.r, v.j, (SELECT unit_id FROM jxlink.unit WHERE code = v.d)
FROM (VALUES ('regress_xt_bi', '350582-xintang', NULL), ('regress_city_bi', '350582', NULL),
             ('regress_mktbureau_bi', NULL, 'CITY-MKT'), ('regress_cd_sup', '350582-chidian', NULL)) AS v(r, j, d);

SELECT r AS reader, pg_temp.sees(r) FROM unnest(ARRAY[
    'regress_econ_clerk', 'regress_cd_clerk', 'regress_mkt_clerk', 'regress_cd_mkt', 'regress_cd_team',
    'regress_disc_clerk', 'regress_cd_disc', 'regress_cd_sup', 'regress_bi', 'regress_xt_bi', 'regress_city_bi',
    'regress_citymkt', 'regress_mktbureau_bi']) WITH ORDINALITY AS x(r, n) ORDER BY n;

-- the reading views carry the jurisdiction and follow the same policies
SET ROLE regress_xt_bi;
SELECT jurisdiction, count(*) FROM jxlink.obligation_status GROUP BY 1 ORDER BY 1;
RESET ROLE;
SET ROLE regress_mktbureau_bi;
SELECT s.jurisdiction, u.code AS owner, count(*)
FROM jxlink.obligation_status s JOIN jxlink.unit u ON u.unit_id = s.owner_unit GROUP BY 1, 2 ORDER BY 1, 2;
RESET ROLE;

-- The city's read models: towns ranked by on-time rate (the city bulletin),
-- the market bureau's offices side by side, open and overdue items per town;
-- each counts what its reader reads.  As of 2024-12-31 the fixture's drafts
-- are overdue (never transferred), Xintang's transfer was met on time and the
-- team's acknowledgement of it is overdue.
SET ROLE regress_city_bi;
SELECT jurisdiction, level, parent, quarter, total, met_on_time, overdue, not_yet_due, on_time_rate,
       avg_late_workdays, max_late_workdays, rank_in_city
FROM jxlink.jurisdiction_scorecard_at('2024-10-01', '2024-12-31', '2024-12-31 18:00+08') ORDER BY quarter_start, rank_in_city, jurisdiction;
SELECT department_code, jurisdiction, unit_code, quarter, total, met_on_time, overdue, on_time_rate, rank_in_department
FROM jxlink.department_scorecard_at('2024-10-01', '2024-12-31', '2024-12-31 18:00+08') ORDER BY rank_in_department, jurisdiction;
SELECT jurisdiction, level, open, due_soon, overdue, overdue_workdays_1_5, overdue_workdays_over_5, max_late_workdays, oldest_overdue_due_date
FROM jxlink.jurisdiction_open_counts_at('2024-12-31 18:00+08') ORDER BY jurisdiction;
-- the live forms agree with the as-of forms at now(); the _for forms judge at the period's end
SELECT (SELECT count(*) FROM jxlink.jurisdiction_scorecard) = (SELECT count(*) FROM jxlink.jurisdiction_scorecard_at('-infinity', 'infinity', now())) AS live_scorecard,
       (SELECT array_agg(j ORDER BY j) FROM (SELECT jurisdiction || ':' || open AS j FROM jxlink.jurisdiction_open_counts) x)
     = (SELECT array_agg(j ORDER BY j) FROM (SELECT jurisdiction || ':' || open AS j FROM jxlink.jurisdiction_open_counts_at(now())) x) AS live_open_counts,
       (SELECT array_agg(x::text ORDER BY x.jurisdiction) FROM jxlink.jurisdiction_scorecard_for('2024-10-01', '2024-12-31') x)
     = (SELECT array_agg(x::text ORDER BY x.jurisdiction) FROM jxlink.jurisdiction_scorecard_at('2024-10-01', '2024-12-31', '2025-01-01 00:00+08') x) AS for_quarter,
       (SELECT array_agg(x::text ORDER BY x.unit_id) FROM jxlink.department_scorecard_for('2024-10-01', '2024-12-31') x)
     = (SELECT array_agg(x::text ORDER BY x.unit_id) FROM jxlink.department_scorecard_at('2024-10-01', '2024-12-31', '2025-01-01 00:00+08') x) AS department_for_quarter;
-- the jurisdictions' totals are the sums of their units' scorecard rows
SELECT bool_and(j.total = u.total AND j.overdue = u.overdue AND j.met_on_time = u.met_on_time) AS sums_agree
FROM jxlink.jurisdiction_scorecard_at('2024-10-01', '2024-12-31', '2024-12-31 18:00+08') j
JOIN (SELECT jurisdiction, quarter_start, sum(total) AS total, sum(overdue) AS overdue, sum(met_on_time) AS met_on_time
      FROM jxlink.unit_scorecard_at('2024-10-01', '2024-12-31', '2024-12-31 18:00+08') GROUP BY 1, 2) u USING (jurisdiction, quarter_start);
RESET ROLE;
-- Xintang's BI ranks only what it reads: its town; the bureau's BI its offices
SET ROLE regress_xt_bi;
SELECT jurisdiction, total, rank_in_city FROM jxlink.jurisdiction_scorecard_at('2024-10-01', '2024-12-31', '2024-12-31 18:00+08');
SELECT jurisdiction, open, overdue FROM jxlink.jurisdiction_open_counts_at('2024-12-31 18:00+08');
RESET ROLE;
SET ROLE regress_mktbureau_bi;
SELECT jurisdiction, unit_code, total, rank_in_department FROM jxlink.department_scorecard_at('2024-10-01', '2024-12-31', '2024-12-31 18:00+08') ORDER BY jurisdiction;
RESET ROLE;
-- a bad period is refused
SELECT pg_temp.outcome($$SELECT * FROM jxlink.jurisdiction_scorecard_for('2024-12-31', '2024-10-01')$$) AS reversed_period,
       pg_temp.outcome($$SELECT * FROM jxlink.department_scorecard_for('-infinity', '2024-10-01')$$) AS infinite_period;

-- the helper functions, as each reader sees itself
SET ROLE regress_city_bi;
SELECT jxlink.reads_jurisdictions() AS city_bi_reads;
RESET ROLE;
SET ROLE regress_cd_disc;
SELECT jxlink.supervises_jurisdictions() AS cd_disc_supervises, jxlink.reads_complainants() AS cd_disc_complaints;
RESET ROLE;
SET ROLE regress_citymkt;
SELECT jxlink.my_jurisdictions() AS bureau_staff_units_in;
RESET ROLE;

-- a scope is held through membership only: Xintang's BI reads no Chidian row,
-- whatever it asks for
SET ROLE regress_xt_bi;
SELECT count(*) AS xt_bi_reads_chidian FROM jxlink.obligation WHERE jurisdiction = '350582-chidian';
RESET ROLE;
GRANT regress_city_bi TO regress_xt_bi;  -- made a member of the city's BI role: reads what it reads
SET ROLE regress_xt_bi;
SELECT count(*) AS xt_bi_in_city_bi_reads_chidian FROM jxlink.obligation WHERE jurisdiction = '350582-chidian';
RESET ROLE;
REVOKE regress_city_bi FROM regress_xt_bi;

-- refusals: nothing changes
SELECT md5(string_agg(s::text, '|' ORDER BY s.role_name, s.jurisdiction)) AS before_scopes FROM jxlink.reader_scope s \gset
SELECT what, pg_temp.outcome(stmt) FROM (VALUES
    ('a role that does not exist', $$INSERT INTO jxlink.reader_scope (role_name, jurisdiction) VALUES ('regress_nobody', '350582')$$),
    ('a jurisdiction that does not exist', $$INSERT INTO jxlink.reader_scope (role_name, jurisdiction) VALUES ('regress_bi', '350582-x')$$),
    ('both a jurisdiction and a department', $$INSERT INTO jxlink.reader_scope (role_name, jurisdiction, department)
       SELECT 'regress_bi', '350582', unit_id FROM jxlink.unit WHERE code = 'CITY-MKT'$$),
    ('neither', $$INSERT INTO jxlink.reader_scope (role_name) VALUES ('regress_bi')$$),
    ('a department that is not a city department', $$INSERT INTO jxlink.reader_scope (role_name, department)
       SELECT 'regress_bi', unit_id FROM jxlink.unit WHERE jurisdiction = '350582-chidian' AND code = 'AGY-MKT'$$),
    ('the same scope twice', $$INSERT INTO jxlink.reader_scope (role_name, jurisdiction) VALUES ('regress_xt_bi', '350582-xintang')$$),
    ('a clerk grants itself a scope', $$SET ROLE regress_cd_clerk; INSERT INTO jxlink.reader_scope (role_name, jurisdiction) VALUES ('regress_cd_clerk', '350582')$$),
    ('a BI reader widens its scope', $$SET ROLE regress_xt_bi; UPDATE jxlink.reader_scope SET jurisdiction = '350582' WHERE role_name = 'regress_xt_bi'$$)
) AS v(what, stmt);
RESET ROLE;
SELECT md5(string_agg(s::text, '|' ORDER BY s.role_name, s.jurisdiction)) = :'before_scopes' AS scopes_unchanged FROM jxlink.reader_scope s;

-- (a one-street database keeps 0.11.0's readers: jxlink_bi and jxlink_supervisor
-- read its single jurisdiction without a scope, as every other test shows)

DROP FUNCTION pg_temp.sees(text);
\i test/fixture/street_drop.sql
\i test/fixture/city_drop.sql
