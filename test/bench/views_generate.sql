-- Fill a city-sized history into the obligation ledger (run by test/bench/views.sh).
-- :rows obligations from 2021-01-01 to yesterday for 20 units: 18 sending
-- sections and agencies and the team; the deadlines come from the ledger's own
-- computation (jxlink.obligation_due_by); about 5% stay open, most of them
-- recent.  Works with 0.7.0 too (JXLINK_VERSION), for a side-by-side figure.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
INSERT INTO jxlink.jurisdiction (code, name_zh, name_en, is_local) VALUES ('350582-xintang', '新塘街道', 'Xintang Street', true);
INSERT INTO jxlink.unit (code, kind, name_zh)
SELECT 'SEC-' || lpad(i::text, 2, '0'), CASE WHEN i <= 10 THEN 'functional_section' ELSE 'dispatched_agency' END,
       CASE WHEN i <= 10 THEN '职能科室' ELSE '派驻机构' END || i
FROM generate_series(1, 18) AS i;
INSERT INTO jxlink.unit (code, kind, name_zh) VALUES ('TEAM', 'enforcement_team', '综合执法队'), ('CW-01', 'community_work_group', '包社区工作组');

-- the ledger's due-time computation: from 0.8.0 it takes the jurisdiction;
-- from 0.11.0 the period is one jxlink.time_limit (rules and obligations)
SELECT string_to_array(extversion, '.')::int[] >= '{0,8,0}' AS v8,
       string_to_array(extversion, '.')::int[] >= '{0,11,0}' AS v11 FROM pg_extension WHERE extname = 'jxlink' \gset
\if :v11
CREATE FUNCTION pg_temp.due(u text, a int, s timestamptz, OUT due_at timestamptz, OUT due_date date,
                            OUT provisional boolean, OUT calendar_version text)
LANGUAGE sql AS $$ SELECT * FROM jxlink.obligation_due_by(jxlink.time_limit(u, a), s, '350582-xintang') $$;
CREATE TEMP VIEW rules AS
SELECT rule_code, obligation_kind, clause, jxlink.time_limit_unit(period) AS period_unit,
       jxlink.time_limit_amount(period) AS amount FROM jxlink.deadline_rule;
\set period_cols 'period'
\set period_vals 'jxlink.time_limit(x.period_unit, x.amount)'
\elif :v8
CREATE FUNCTION pg_temp.due(u text, a int, s timestamptz, OUT due_at timestamptz, OUT due_date date,
                            OUT provisional boolean, OUT calendar_version text)
LANGUAGE sql AS $$ SELECT * FROM jxlink.obligation_due_by(u, a, s, '350582-xintang') $$;
CREATE TEMP VIEW rules AS SELECT rule_code, obligation_kind, clause, period_unit, amount FROM jxlink.deadline_rule;
\set period_cols 'period_unit, period_amount'
\set period_vals 'x.period_unit, x.amount'
\else
CREATE FUNCTION pg_temp.due(u text, a int, s timestamptz, OUT due_at timestamptz, OUT due_date date,
                            OUT provisional boolean, OUT calendar_version text)
LANGUAGE sql AS $$ SELECT * FROM jxlink.obligation_due_by(u, a, s) $$;
CREATE TEMP VIEW rules AS SELECT rule_code, obligation_kind, clause, period_unit, amount FROM jxlink.deadline_rule;
\set period_cols 'period_unit, period_amount'
\set period_vals 'x.period_unit, x.amount'
\endif

CREATE TEMP TABLE senders AS SELECT row_number() OVER (ORDER BY code) AS n, unit_id FROM jxlink.unit WHERE code LIKE 'SEC-%';
SELECT unit_id AS team FROM jxlink.unit WHERE kind = 'enforcement_team' \gset

-- choose a rule, a start, an owner; compute the due time through the ledger's rules
CREATE TEMP TABLE gen AS
SELECT g, r.rule_code, r.obligation_kind, r.clause, r.period_unit, r.amount,
       timestamptz '2021-01-01 08:00+08' + (random() * (now() - interval '1 day' - timestamptz '2021-01-01 08:00+08')) AS started_at,
       (SELECT unit_id FROM senders WHERE n = 1 + (g % 18)) AS sender,
       random() AS p_open, random() AS p_late, random() AS p_when
FROM generate_series(1, :rows) AS g
CROSS JOIN LATERAL (
    SELECT rule_code, obligation_kind, clause, period_unit, amount FROM rules
    WHERE rule_code = CASE WHEN ((g::bigint * 7919) % 100) < 27 THEN 'transfer'
                           WHEN ((g::bigint * 7919) % 100) < 30 THEN 'transfer_extended'
                           WHEN ((g::bigint * 7919) % 100) < 31 THEN 'transfer_urgent'
                           WHEN ((g::bigint * 7919) % 100) < 61 THEN 'acknowledge'
                           WHEN ((g::bigint * 7919) % 100) < 81 THEN 'file_case'
                           WHEN ((g::bigint * 7919) % 100) < 98 THEN 'copy_back'
                           ELSE 'licence_followup' END) r;

INSERT INTO jxlink.obligation (jurisdiction, kind, subject_type, subject_id, owner_unit, counterpart_unit,
                               rule_code, clause, :period_cols, started_at, due_at, due_date, provisional,
                               calendar_version, status, met_at, met_late, met_by, subject_ref, subject_title)
SELECT '350582-xintang', x.obligation_kind, 'referral', jxlink.uuid_v7(),
       CASE WHEN x.obligation_kind IN ('transfer', 'licence_followup') THEN x.sender ELSE :'team'::uuid END,
       CASE WHEN x.obligation_kind IN ('transfer', 'licence_followup') THEN :'team'::uuid ELSE x.sender END,
       x.rule_code, x.clause, :period_vals, x.started_at, d.due_at, d.due_date, d.provisional, d.calendar_version,
       CASE WHEN x.is_open THEN 'open' ELSE 'met' END,
       m.met_at, CASE WHEN x.is_open THEN NULL ELSE m.met_at >= d.due_at END,
       CASE WHEN x.is_open THEN NULL ELSE 'bench_clerk' END,
       '新' || (x.g % 18) || '移〔' || extract(year FROM x.started_at) || '〕' || (x.g % 5000 + 1) || '号',
       '案件 ' || x.g
FROM (SELECT gen.*,
             (started_at > now() - interval '120 days' AND p_open < 0.85) OR p_open < 0.003 AS is_open
      FROM gen) x
CROSS JOIN LATERAL pg_temp.due(x.period_unit, x.amount, x.started_at) d
CROSS JOIN LATERAL (
    SELECT CASE WHEN x.is_open THEN NULL
                -- 85% on time, 15% late by up to half the period again
                WHEN x.p_late < 0.85 THEN x.started_at + (d.due_at - x.started_at) * (0.05 + 0.9 * x.p_when)
                ELSE d.due_at + (d.due_at - x.started_at) * 0.5 * x.p_when END AS met_at) m0
CROSS JOIN LATERAL (SELECT CASE WHEN m0.met_at > now() THEN now() - interval '1 minute' ELSE m0.met_at END AS met_at) m;

VACUUM ANALYZE jxlink.obligation;
SELECT count(*) AS obligations,
       count(*) FILTER (WHERE status = 'open') AS open,
       round(100.0 * count(*) FILTER (WHERE status = 'open') / count(*), 2) AS open_pct,
       count(*) FILTER (WHERE status = 'open' AND due_at <= now()) AS overdue_now,
       min(started_at)::date AS first_start, max(started_at)::date AS last_start,
       pg_size_pretty(pg_total_relation_size('jxlink.obligation')) AS ledger_size
FROM jxlink.obligation;
