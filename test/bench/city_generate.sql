-- Fill a municipal database at a city's scale (run by test/bench/city.sh):
-- the city JJ (level city, the database's home jurisdiction) with :towns
-- towns and streets under it, 20 units in each (the same codes everywhere:
-- SEC-01..10 functional sections, AGY-01..08 dispatched agencies each belonging
-- to the city department CITY-01..08, TEAM, CW-01), a clerk of each, and :rows obligations
-- spread evenly over the towns, from 2021-01-01 to yesterday, about 5% open
-- (most of them recent), in the order they started (towns interleaved, as a
-- real ledger grows).  With single=1: one street, the home jurisdiction, no
-- city - the one-street database the city is compared with.
--
-- Speed (10M rows in minutes): the due times come from the ledger's own
-- computation, jxlink.obligation_due_by, called once per distinct
-- (jurisdiction, rule, local start day) for the working-day rules - their due
-- time depends only on the local start day - and per row for the hour rule
-- (24 小时, 1% of the rows); a sample of rows is checked against a per-row call
-- at the end.  Rows go in with session_replication_role = replica: the
-- foreign-key checks (jurisdiction, owner and counterpart units, rule; all taken
-- from the tables just filled) and the trigger obligation_take_subject (the
-- rows carry their own subject_ref and subject_title; their subjects are not
-- generated) are skipped; the check constraints and indexes are not.  No
-- trigger of the ledger that guards what users do applies to these inserts
-- (users never insert obligations: the events do).  In chunks of :chunk rows,
-- one transaction each, with progress.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
SET work_mem = '256MB';
SET maintenance_work_mem = '512MB';
SELECT clock_timestamp() AS fill_started \gset

\if :single
INSERT INTO jxlink.jurisdiction (code, name_zh, name_en, is_local, level)
VALUES ('town-01', '街道1', 'Street 1', true, 'street');
\else
INSERT INTO jxlink.jurisdiction (code, name_zh, name_en, is_local, level) VALUES ('JJ', '晋江市', 'Jinjiang City', true, 'city');
INSERT INTO jxlink.jurisdiction (code, name_zh, name_en, level, parent)
SELECT 'town-' || lpad(t::text, 2, '0'), CASE WHEN t % 3 = 0 THEN '街道' ELSE '镇' END || t,
       CASE WHEN t % 3 = 0 THEN 'Street ' ELSE 'Town ' END || t, CASE WHEN t % 3 = 0 THEN 'street' ELSE 'town' END, 'JJ'
FROM generate_series(1, :towns) AS t;
-- the city departments the towns' dispatched agencies belong to (市场监管局, 司法局...)
INSERT INTO jxlink.unit (jurisdiction, code, kind, name_zh)
SELECT 'JJ', 'CITY-' || lpad(i::text, 2, '0'), 'city_department', '市直部门' || i FROM generate_series(1, 8) AS i;
\endif

-- 20 units in every town, the same codes
INSERT INTO jxlink.unit (jurisdiction, code, kind, name_zh, parent_department)
SELECT j.code, u.code, u.kind, j.name_zh || u.name_zh, d.unit_id
FROM jxlink.jurisdiction j
CROSS JOIN (SELECT 'SEC-' || lpad(i::text, 2, '0'), 'functional_section', '职能科室' || i, NULL FROM generate_series(1, 10) AS i
            UNION ALL
            SELECT 'AGY-' || lpad(i::text, 2, '0'), 'dispatched_agency', '派驻机构' || i, 'CITY-' || lpad(i::text, 2, '0')
            FROM generate_series(1, 8) AS i
            UNION ALL VALUES ('TEAM', 'enforcement_team', '综合执法队', NULL), ('CW-01', 'community_work_group', '包社区工作组', NULL))
     AS u(code, kind, name_zh, department)
LEFT JOIN jxlink.unit d ON d.jurisdiction = j.parent AND d.code = u.department
WHERE j.level <> 'city'
ORDER BY j.code, u.code;

-- a clerk of every unit (the staff table of a city's size): one role per unit
-- code, staff of that unit in every town (nobody logs in as them; the
-- benchmark's login roles are added by city_referral_setup.sql and city.sql)
SELECT format('DO $x$ BEGIN CREATE ROLE %I; EXCEPTION WHEN duplicate_object THEN NULL; END $x$', r)
FROM (SELECT DISTINCT 'jxlink_bench_clerk_' || lower(code) AS r FROM jxlink.unit) x ORDER BY r \gexec
INSERT INTO jxlink.staff (jurisdiction, role_name, unit_id, full_name)
SELECT u.jurisdiction, 'jxlink_bench_clerk_' || lower(u.code), u.unit_id, u.name_zh || '经办人'
FROM jxlink.unit u ORDER BY u.jurisdiction, u.code;

-- the towns in a fixed order, the 18 senders of each (sections and agencies) and its team
CREATE TEMP TABLE towns AS
SELECT row_number() OVER (ORDER BY code) - 1 AS t, code FROM jxlink.jurisdiction WHERE level <> 'city';
SELECT count(*) AS ntowns FROM towns \gset
CREATE TEMP TABLE senders AS
SELECT t.t, row_number() OVER (PARTITION BY t.t ORDER BY u.code) - 1 AS n, u.unit_id, team.unit_id AS team
FROM towns t JOIN jxlink.unit u ON u.jurisdiction = t.code AND u.code ~ '^(SEC|AGY)-'
JOIN jxlink.unit team ON team.jurisdiction = t.code AND team.kind = 'enforcement_team';
CREATE UNIQUE INDEX ON senders (t, n);
ANALYZE towns, senders;

-- the rules generated, with their share of the rows (as views_generate.sql)
CREATE TEMP TABLE rules AS
SELECT r.rule_code, r.obligation_kind, r.clause, r.period, jxlink.time_limit_unit(r.period) AS unit, s.lo, s.hi
FROM jxlink.deadline_rule r
JOIN (VALUES ('transfer', 0, 27), ('transfer_extended', 27, 30), ('transfer_urgent', 30, 31), ('acknowledge', 31, 61),
             ('file_case', 61, 81), ('copy_back', 81, 98), ('licence_followup', 98, 100)) AS s(rule_code, lo, hi)
  USING (rule_code);

-- due times of the working-day rules, once per (jurisdiction, rule, local start day)
SELECT '2021-01-01'::date AS first_day, jxlink.local_date(now() - interval '1 day') AS last_day \gset
CREATE TEMP TABLE due_by_day AS
SELECT t.t, r.rule_code, d::date AS start_day, x.due_at, x.due_date, x.provisional, x.calendar_version
FROM towns t CROSS JOIN rules r CROSS JOIN generate_series(:'first_day'::date, :'last_day'::date, interval '1 day') AS d
CROSS JOIN LATERAL jxlink.obligation_due_by(r.period, jxlink.local_midnight(d::date) + interval '10 hours', t.code) x
WHERE r.unit <> 'hours';
CREATE UNIQUE INDEX ON due_by_day (t, rule_code, start_day);
ANALYZE rules, due_by_day;
SELECT count(*) AS due_times_computed, round(extract(epoch FROM clock_timestamp() - :'fill_started'::timestamptz)::numeric, 1) AS seconds
FROM due_by_day;

-- rows g_from..g_to: row g starts at the g-th share of the span (towns interleaved)
CREATE FUNCTION pg_temp.fill(g_from bigint, g_to bigint, total bigint) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    t0 timestamptz := jxlink.local_midnight('2021-01-01');
    span interval := (now() - interval '1 day') - jxlink.local_midnight('2021-01-01');
    n bigint;
    began timestamptz := clock_timestamp();
BEGIN
    SET LOCAL session_replication_role = replica;
    INSERT INTO jxlink.obligation (jurisdiction, kind, subject_type, subject_id, owner_unit, counterpart_unit,
                                   rule_code, clause, period, started_at, due_at, due_date, provisional,
                                   calendar_version, status, met_at, met_late, met_by, subject_ref, subject_title)
    SELECT tw.code, x.obligation_kind, 'referral', jxlink.uuid_v7(),
           CASE WHEN x.obligation_kind IN ('transfer', 'licence_followup') THEN s.unit_id ELSE s.team END,
           CASE WHEN x.obligation_kind IN ('transfer', 'licence_followup') THEN s.team ELSE s.unit_id END,
           x.rule_code, x.clause, x.period, x.started_at, d.due_at, d.due_date, d.provisional, d.calendar_version,
           CASE WHEN x.is_open THEN 'open' ELSE 'met' END,
           m.met_at, CASE WHEN x.is_open THEN NULL ELSE m.met_at >= d.due_at END,
           CASE WHEN x.is_open THEN NULL ELSE 'bench_clerk' END,
           '新' || (x.g % 18) || '移〔' || extract(year FROM x.started_at) || '〕' || (x.g % 5000 + 1) || '号',
           '案件 ' || x.g
    FROM (SELECT y.*, (y.started_at > now() - interval '120 days' AND y.p_open < 0.85) OR y.p_open < 0.003 AS is_open
          FROM (SELECT g, r.rule_code, r.obligation_kind, r.clause, r.period, r.unit,
                       t0 + span * ((g - 1 + random()) / total) AS started_at,
                       g % (SELECT count(*) FROM towns) AS t, (g / 7) % 18 AS n,
                       random() AS p_open, random() AS p_late, random() AS p_when
                FROM generate_series(g_from, g_to) AS g
                JOIN rules r ON (g * 7919) % 100 >= r.lo AND (g * 7919) % 100 < r.hi) y) x
    JOIN towns tw ON tw.t = x.t
    JOIN senders s ON s.t = x.t AND s.n = x.n
    LEFT JOIN due_by_day dd ON dd.t = x.t AND dd.rule_code = x.rule_code AND dd.start_day = jxlink.local_date(x.started_at)
    LEFT JOIN LATERAL (SELECT * FROM jxlink.obligation_due_by(x.period, x.started_at, tw.code) WHERE x.unit = 'hours') h ON true
    CROSS JOIN LATERAL (SELECT coalesce(dd.due_at, h.due_at) AS due_at, coalesce(dd.due_date, h.due_date) AS due_date,
                               coalesce(dd.provisional, h.provisional) AS provisional,
                               CASE WHEN x.unit = 'hours' THEN h.calendar_version ELSE dd.calendar_version END AS calendar_version) d
    CROSS JOIN LATERAL (
        SELECT CASE WHEN x.is_open THEN NULL
                    -- 85% on time, 15% late by up to half the period again
                    WHEN x.p_late < 0.85 THEN x.started_at + (d.due_at - x.started_at) * (0.05 + 0.9 * x.p_when)
                    ELSE d.due_at + (d.due_at - x.started_at) * 0.5 * x.p_when END AS met_at) m0
    CROSS JOIN LATERAL (SELECT CASE WHEN m0.met_at > now() THEN now() - interval '1 minute' ELSE m0.met_at END AS met_at) m
    ORDER BY x.g;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN format('rows %s..%s: %s inserted in %s s', g_from, g_to, n,
                  round(extract(epoch FROM clock_timestamp() - began)::numeric, 1));
END $$;

\pset tuples_only on
SELECT format('SELECT pg_temp.fill(%s, %s, %s)', lo, least(lo + :chunk - 1, :rows), :rows)
FROM generate_series(1, :rows, :chunk) AS lo \gexec
\pset tuples_only off

VACUUM ANALYZE jxlink.obligation;
SELECT round(extract(epoch FROM clock_timestamp() - :'fill_started'::timestamptz)::numeric, 1) AS fill_seconds \gset

-- the ledger's own computation, per row, for a sample (about 5,000 rows on some 300 random
-- pages): the bulk due times must agree
SELECT count(*) AS sample_checked,
       count(*) FILTER (WHERE (o.due_at, o.due_date, o.provisional, o.calendar_version)
                              IS DISTINCT FROM (d.due_at, d.due_date, d.provisional, d.calendar_version)) AS sample_mismatches
FROM (SELECT * FROM jxlink.obligation TABLESAMPLE SYSTEM (least(100, 500000.0 / :rows)) REPEATABLE (13)) o
CROSS JOIN LATERAL jxlink.obligation_due_by(o.period, o.started_at, o.jurisdiction) d \gset
\echo 'due times checked against obligation_due_by per row:' :sample_checked 'rows,' :sample_mismatches 'mismatches'
SELECT :sample_mismatches = 0 AS due_ok \gset
\if :due_ok
\else
\echo 'the bulk due times differ from the ledger''s computation'
\quit 1
\endif

SELECT count(*) AS obligations, :ntowns AS jurisdictions,
       (SELECT count(*) FROM jxlink.unit WHERE jurisdiction IN (SELECT code FROM towns)) AS units,
       (SELECT count(*) FROM jxlink.staff) AS staff,
       count(*) FILTER (WHERE status = 'open') AS open,
       round(100.0 * count(*) FILTER (WHERE status = 'open') / count(*), 2) AS open_pct,
       count(*) FILTER (WHERE status = 'open' AND due_at <= now()) AS overdue_now,
       min(started_at)::date AS first_start, max(started_at)::date AS last_start,
       pg_size_pretty(pg_total_relation_size('jxlink.obligation')) AS ledger_size,
       :fill_seconds AS fill_seconds
FROM jxlink.obligation;
