-- Installing jxlink: the schema, the shipped calendar, the version.
SET DateStyle = 'ISO, YMD';
CREATE EXTENSION jxlink;

SELECT extname, extversion, extrelocatable, n.nspname AS schema
FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE extname = 'jxlink';

-- The shipped calendar: every row of data/cn_calendar.tsv, 2004–2026.
SELECT kind, count(*), min(day), max(day), bool_and(origin = 'shipped') AS all_shipped
FROM jxlink.calendar_day GROUP BY kind ORDER BY kind;
SELECT count(*), min(year), max(year), bool_and(origin = 'shipped') AS all_shipped
FROM jxlink.calendar_year;

-- Both calendar tables are registered for pg_dump, keeping only what an
-- administrator added or edited.
SELECT c.relname, cfg.condition
FROM pg_extension e,
     unnest(e.extconfig, e.extcondition) AS cfg(oid, condition)
     JOIN pg_class c ON c.oid = cfg.oid
WHERE e.extname = 'jxlink' ORDER BY c.relname;

-- Every function, table and column of the schema carries a comment.
SELECT p.proname AS uncommented_function
FROM pg_proc p WHERE p.pronamespace = 'jxlink'::regnamespace
  AND obj_description(p.oid, 'pg_proc') IS NULL;
SELECT c.relname, a.attname AS uncommented
FROM pg_class c LEFT JOIN pg_attribute a
  ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
 AND col_description(c.oid, a.attnum) IS NULL
WHERE c.relnamespace = 'jxlink'::regnamespace AND c.relkind IN ('r', 'v')
  AND (a.attname IS NOT NULL OR obj_description(c.oid, 'pg_class') IS NULL);

-- The shipped deadline rules (三（三）2 and local-policy defaults).
SELECT rule_code, obligation_kind, period, jxlink.time_limit_en(period) AS period_en, clause, basis, origin
FROM jxlink.deadline_rule ORDER BY rule_code;

-- The state machine, defined in C.
SELECT * FROM jxlink.referral_states();
SELECT * FROM jxlink.referral_transitions();
