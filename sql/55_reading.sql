/*
 * sql/55_reading.sql - Reading the ledger (BI contract): the subject of an obligation, the as-of functions and the live views (overdue, due soon, scorecard).
 *
 * A concept file: the current definition of each object, once, with its
 * comments, grants, policies and triggers.  The build concatenates the concept
 * files (sql/NN_*.sql, in order) into the install script of the current version.
 */

CREATE FUNCTION jxlink.due_soon_as_of(as_of timestamp with time zone) RETURNS TABLE(obligation_id uuid, jurisdiction text, kind text, subject_type text, subject_id uuid, subject_ref text, subject_title text, owner_unit uuid, owner_code text, owner_name_zh text, owner_kind text, counterpart_unit uuid, counterpart_code text, counterpart_name_zh text, rule_code text, clause text, period jxlink.time_limit, started_at timestamp with time zone, due_at timestamp with time zone, due_date date, provisional boolean, workdays_left integer, hours_left numeric, fraction_left numeric, warning text)
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
SELECT o.obligation_id, o.jurisdiction, o.kind, o.subject_type, o.subject_id, o.subject_ref, o.subject_title,
       o.owner_unit, ou.code, ou.name_zh, ou.kind, o.counterpart_unit, cu.code, cu.name_zh,
       o.rule_code, o.clause, o.period,
       o.started_at, o.due_at, o.due_date, o.provisional,
       x.workdays_left, x.hours_left, x.fraction_left,
       CASE WHEN CASE WHEN jxlink.time_limit_unit(o.period) OPERATOR(pg_catalog.=) 'hours'
                      THEN x.hours_left OPERATOR(pg_catalog.<=) s.hours
                      ELSE x.workdays_left OPERATOR(pg_catalog.<=) s.workdays END
                 OR x.fraction_left OPERATOR(pg_catalog.<=) s.fraction
            THEN 'yellow' ELSE 'green' END::pg_catalog.text
FROM jxlink.obligation o
JOIN jxlink.unit ou ON ou.unit_id OPERATOR(pg_catalog.=) o.owner_unit
LEFT JOIN jxlink.unit cu ON cu.unit_id OPERATOR(pg_catalog.=) o.counterpart_unit
CROSS JOIN LATERAL (
    SELECT w.workdays_left, w.hours_left,
           pg_catalog.round(CASE WHEN jxlink.time_limit_unit(o.period) OPERATOR(pg_catalog.=) 'hours' THEN w.hours_left
                                 ELSE w.workdays_left::numeric END
                            OPERATOR(pg_catalog./) w.period_length, 3) AS fraction_left
    FROM (SELECT jxlink.workdays_between_or_null(jxlink.local_date(as_of), o.due_date, o.jurisdiction) AS workdays_left,
                 jxlink.period_length(o.period, o.started_at, o.due_date) AS period_length,
                 pg_catalog.round(pg_catalog.date_part('epoch', o.due_at OPERATOR(pg_catalog.-) as_of)::numeric
                                  OPERATOR(pg_catalog./) 3600, 1) AS hours_left) w) x
JOIN (
    SELECT t.jurisdiction,
           pg_catalog.max(t.value) FILTER (WHERE t.name OPERATOR(pg_catalog.=) 'due_soon_workdays') AS workdays,
           pg_catalog.max(t.value) FILTER (WHERE t.name OPERATOR(pg_catalog.=) 'due_soon_hours') AS hours,
           pg_catalog.max(t.value) FILTER (WHERE t.name OPERATOR(pg_catalog.=) 'due_soon_fraction') AS fraction
    FROM jxlink.setting_effective t GROUP BY t.jurisdiction) s ON s.jurisdiction OPERATOR(pg_catalog.=) o.jurisdiction
WHERE o.due_at OPERATOR(pg_catalog.>) as_of
  AND jxlink.check_calendar_time(as_of, 'as_of') IS NOT DISTINCT FROM as_of
  AND o.started_at OPERATOR(pg_catalog.<=) as_of
  AND (o.status OPERATOR(pg_catalog.=) 'open' OR o.met_at OPERATOR(pg_catalog.>) as_of)
$$;
COMMENT ON FUNCTION jxlink.due_soon_as_of(as_of timestamp with time zone) IS '截至某一时刻未履行且未到期的义务，及剩余工作日、小时、剩余比例与预警级别（yellow 临期 / green 正常；阈值为义务所在辖区生效的设置，见 setting_effective）。 Obligations open and not yet due as of an instant, with the working days, hours and fraction of the period left and the warning level (yellow when due soon, green otherwise; thresholds: the settings in force in the obligation''s jurisdiction, see setting_effective).';
REVOKE ALL ON FUNCTION jxlink.due_soon_as_of(as_of timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.due_soon_as_of(as_of timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin, jxlink_bi;

CREATE FUNCTION jxlink.obligation_status_at(as_of timestamp with time zone) RETURNS TABLE(obligation_id uuid, jurisdiction text, kind text, subject_type text, subject_id uuid, subject_ref text, subject_title text, owner_unit uuid, owner_code text, owner_name_zh text, owner_kind text, counterpart_unit uuid, counterpart_code text, counterpart_name_zh text, rule_code text, clause text, period jxlink.time_limit, started_at timestamp with time zone, due_at timestamp with time zone, due_date date, provisional boolean, met_at timestamp with time zone, status text, late_workdays integer, workdays_left integer, hours_left numeric)
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
SELECT o.obligation_id, o.jurisdiction, o.kind, o.subject_type, o.subject_id, o.subject_ref, o.subject_title,
       o.owner_unit, ou.code, ou.name_zh, ou.kind, o.counterpart_unit, cu.code, cu.name_zh,
       o.rule_code, o.clause, o.period,
       o.started_at, o.due_at, o.due_date, o.provisional,
       CASE WHEN o.met_at OPERATOR(pg_catalog.<=) as_of THEN o.met_at END,
       CASE
           WHEN o.met_at OPERATOR(pg_catalog.<=) as_of AND o.status OPERATOR(pg_catalog.=) 'waived' AND o.met_late THEN 'waived_late'
           WHEN o.met_at OPERATOR(pg_catalog.<=) as_of AND o.status OPERATOR(pg_catalog.=) 'waived' THEN 'waived'
           WHEN o.met_at OPERATOR(pg_catalog.<=) as_of AND o.refused THEN 'refused'
           WHEN o.met_at OPERATOR(pg_catalog.<=) as_of AND o.met_late THEN 'met_late'
           WHEN o.met_at OPERATOR(pg_catalog.<=) as_of THEN 'met_on_time'
           WHEN o.due_at OPERATOR(pg_catalog.<=) as_of THEN 'overdue'
           WHEN CASE WHEN jxlink.time_limit_unit(o.period) OPERATOR(pg_catalog.=) 'hours'
                     THEN x.hours_left OPERATOR(pg_catalog.<=) s.hours
                          OR x.hours_left OPERATOR(pg_catalog.<=) (s.fraction OPERATOR(pg_catalog.*) x.period_length)
                     ELSE x.workdays_left OPERATOR(pg_catalog.<=) s.workdays
                          OR x.workdays_left OPERATOR(pg_catalog.<=) (s.fraction OPERATOR(pg_catalog.*) x.period_length)
                END THEN 'due_soon'
           ELSE 'pending'
       END::pg_catalog.text,
       CASE
           WHEN o.met_at OPERATOR(pg_catalog.<=) as_of AND o.status OPERATOR(pg_catalog.=) 'waived' AND NOT o.met_late THEN NULL
           WHEN o.met_at OPERATOR(pg_catalog.<=) as_of
               THEN pg_catalog.int4larger(jxlink.workdays_between_or_null(o.due_date, jxlink.local_date(o.met_at), o.jurisdiction), 0)
           WHEN o.due_at OPERATOR(pg_catalog.<=) as_of
               THEN pg_catalog.int4larger(jxlink.workdays_between_or_null(o.due_date, jxlink.local_date(as_of), o.jurisdiction), 0)
           ELSE 0
       END,
       CASE WHEN o.due_at OPERATOR(pg_catalog.>) as_of AND NOT coalesce(o.met_at OPERATOR(pg_catalog.<=) as_of, false)
            THEN x.workdays_left END,
       CASE WHEN o.due_at OPERATOR(pg_catalog.>) as_of AND NOT coalesce(o.met_at OPERATOR(pg_catalog.<=) as_of, false)
            THEN x.hours_left END
FROM jxlink.obligation o
JOIN jxlink.unit ou ON ou.unit_id OPERATOR(pg_catalog.=) o.owner_unit
LEFT JOIN jxlink.unit cu ON cu.unit_id OPERATOR(pg_catalog.=) o.counterpart_unit
CROSS JOIN LATERAL (
    SELECT jxlink.workdays_between_or_null(jxlink.local_date(as_of), o.due_date, o.jurisdiction) AS workdays_left,
           pg_catalog.round(pg_catalog.date_part('epoch', o.due_at OPERATOR(pg_catalog.-) as_of)::numeric
                            OPERATOR(pg_catalog./) 3600, 1) AS hours_left,
           jxlink.period_length(o.period, o.started_at, o.due_date) AS period_length) x
JOIN (
    SELECT t.jurisdiction,
           pg_catalog.max(t.value) FILTER (WHERE t.name OPERATOR(pg_catalog.=) 'due_soon_workdays') AS workdays,
           pg_catalog.max(t.value) FILTER (WHERE t.name OPERATOR(pg_catalog.=) 'due_soon_hours') AS hours,
           pg_catalog.max(t.value) FILTER (WHERE t.name OPERATOR(pg_catalog.=) 'due_soon_fraction') AS fraction
    FROM jxlink.setting_effective t GROUP BY t.jurisdiction) s ON s.jurisdiction OPERATOR(pg_catalog.=) o.jurisdiction
WHERE o.started_at OPERATOR(pg_catalog.<=) as_of
  AND jxlink.check_calendar_time(as_of, 'as_of') IS NOT DISTINCT FROM as_of
$$;
COMMENT ON FUNCTION jxlink.obligation_status_at(as_of timestamp with time zone) IS '截至某一时刻的每项义务及其唯一状态：pending 未到期、due_soon 临期、overdue 逾期、met_on_time 按时履行、met_late 逾期履行、refused 以拒绝作答、waived 到期前免除、waived_late 逾期后免除（撤回时已逾期，仍计为逾期）；用于趋势图与历史报表（结果不随今天变化）。 Every obligation as of an instant with one status - pending, due_soon, overdue, met_on_time, met_late, refused, waived (before it was due), waived_late (withdrawn after it was due: still late) - for trend charts and past reports (the answer does not change with today).';
REVOKE ALL ON FUNCTION jxlink.obligation_status_at(as_of timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.obligation_status_at(as_of timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin, jxlink_bi;

CREATE FUNCTION jxlink.overdue_as_of(as_of timestamp with time zone) RETURNS TABLE(obligation_id uuid, jurisdiction text, kind text, subject_type text, subject_id uuid, subject_ref text, subject_title text, owner_unit uuid, owner_code text, owner_name_zh text, owner_kind text, counterpart_unit uuid, counterpart_code text, counterpart_name_zh text, rule_code text, clause text, period jxlink.time_limit, started_at timestamp with time zone, due_at timestamp with time zone, due_date date, provisional boolean, late_workdays integer, late_hours numeric, warning text)
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
SELECT o.obligation_id, o.jurisdiction, o.kind, o.subject_type, o.subject_id, o.subject_ref, o.subject_title,
       o.owner_unit, ou.code, ou.name_zh, ou.kind, o.counterpart_unit, cu.code, cu.name_zh,
       o.rule_code, o.clause, o.period,
       o.started_at, o.due_at, o.due_date, o.provisional,
       pg_catalog.int4larger(jxlink.workdays_between_or_null(o.due_date, jxlink.local_date(as_of), o.jurisdiction), 0),
       pg_catalog.round(pg_catalog.date_part('epoch', as_of OPERATOR(pg_catalog.-) o.due_at)::numeric
                        OPERATOR(pg_catalog./) 3600, 1),
       'red'::pg_catalog.text
FROM jxlink.obligation o
JOIN jxlink.unit ou ON ou.unit_id OPERATOR(pg_catalog.=) o.owner_unit
LEFT JOIN jxlink.unit cu ON cu.unit_id OPERATOR(pg_catalog.=) o.counterpart_unit
WHERE o.due_at OPERATOR(pg_catalog.<=) as_of
  AND jxlink.check_calendar_time(as_of, 'as_of') IS NOT DISTINCT FROM as_of
  AND o.started_at OPERATOR(pg_catalog.<=) as_of
  AND (o.status OPERATOR(pg_catalog.=) 'open' OR o.met_at OPERATOR(pg_catalog.>) as_of)
$$;
COMMENT ON FUNCTION jxlink.overdue_as_of(as_of timestamp with time zone) IS '截至某一时刻已逾期未履行的义务（含之后才履行或免除的），及逾期工作日数与小时数。 The obligations overdue and not met as of an instant (including those met or waived later), with how late in working days and in hours.';
REVOKE ALL ON FUNCTION jxlink.overdue_as_of(as_of timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.overdue_as_of(as_of timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin, jxlink_bi;

-- The on-time rate of a scorecard row (one definition for every reader):
-- met on time over everything judged - met on time or late, still overdue,
-- refused, waived after it was due; null when nothing is judged yet.
CREATE FUNCTION jxlink.on_time_rate(met_on_time bigint, met_late bigint, overdue bigint, refused bigint, waived_late bigint) RETURNS numeric
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
SELECT CASE WHEN met_on_time OPERATOR(pg_catalog.+) met_late OPERATOR(pg_catalog.+) overdue
                 OPERATOR(pg_catalog.+) refused OPERATOR(pg_catalog.+) waived_late OPERATOR(pg_catalog.>) 0
            THEN pg_catalog.round(met_on_time::numeric OPERATOR(pg_catalog./)
                                  (met_on_time OPERATOR(pg_catalog.+) met_late OPERATOR(pg_catalog.+) overdue
                                   OPERATOR(pg_catalog.+) refused OPERATOR(pg_catalog.+) waived_late), 4) END
$$;
COMMENT ON FUNCTION jxlink.on_time_rate(met_on_time bigint, met_late bigint, overdue bigint, refused bigint, waived_late bigint) IS '按时率＝按时履行 ÷（按时＋逾期履行＋仍逾期＋拒绝＋逾期后免除），保留四位小数；分母为 0 时为空（各记分卡共用的唯一定义）。 On-time rate = met on time / (met on time + met late + still overdue + refused + waived after due), to four places; null when that is 0 (the one definition every scorecard uses).';

-- The counts every scorecard is made of, counted from the ledger: the
-- obligations whose last day falls in [from_date, to_date], as of an instant,
-- per jurisdiction, owner unit, quarter of the last day and kind.  Lateness is
-- kept as a sum, a count and a maximum, so that the counts add up across
-- kinds, units and towns.  Plain GROUP BY: a caller's filter on a grouping
-- column (the jurisdiction, the unit) reaches the ledger's indexes.
CREATE FUNCTION jxlink.obligation_tally_at(as_of timestamp with time zone, from_date date, to_date date) RETURNS TABLE(jurisdiction text, owner_unit uuid, quarter_start date, kind text, total bigint, met_on_time bigint, met_late bigint, overdue bigint, not_yet_due bigint, waived bigint, refused bigint, waived_late bigint, late_workdays_sum bigint, late_count bigint, max_late_workdays integer)
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
SELECT s.jurisdiction, s.owner_unit,
       pg_catalog.date_trunc('quarter', s.due_date::timestamp without time zone)::pg_catalog.date, s.kind,
       pg_catalog.count(*),
       pg_catalog.count(*) FILTER (WHERE s.status OPERATOR(pg_catalog.=) 'met_on_time'),
       pg_catalog.count(*) FILTER (WHERE s.status OPERATOR(pg_catalog.=) 'met_late'),
       pg_catalog.count(*) FILTER (WHERE s.status OPERATOR(pg_catalog.=) 'overdue'),
       pg_catalog.count(*) FILTER (WHERE s.status OPERATOR(pg_catalog.=) ANY ('{pending,due_soon}'::pg_catalog.text[])),
       pg_catalog.count(*) FILTER (WHERE s.status OPERATOR(pg_catalog.=) 'waived'),
       pg_catalog.count(*) FILTER (WHERE s.status OPERATOR(pg_catalog.=) 'refused'),
       pg_catalog.count(*) FILTER (WHERE s.status OPERATOR(pg_catalog.=) 'waived_late'),
       pg_catalog.sum(s.late_workdays) FILTER (WHERE s.status OPERATOR(pg_catalog.=) ANY ('{met_late,overdue,waived_late}'::pg_catalog.text[])),
       pg_catalog.count(s.late_workdays) FILTER (WHERE s.status OPERATOR(pg_catalog.=) ANY ('{met_late,overdue,waived_late}'::pg_catalog.text[])),
       pg_catalog.max(s.late_workdays) FILTER (WHERE s.status OPERATOR(pg_catalog.=) ANY ('{met_late,overdue,waived_late}'::pg_catalog.text[]))
FROM jxlink.obligation_status_at(as_of) s
WHERE s.due_date OPERATOR(pg_catalog.>=) from_date
  AND s.due_date OPERATOR(pg_catalog.<=) to_date
GROUP BY s.jurisdiction, s.owner_unit, pg_catalog.date_trunc('quarter', s.due_date::timestamp without time zone)::pg_catalog.date, s.kind
$$;
COMMENT ON FUNCTION jxlink.obligation_tally_at(as_of timestamp with time zone, from_date date, to_date date) IS '（内部）自台账计数：期限届满日在 [from_date, to_date] 内的义务截至 as_of 的结果，按辖区、负担单位、届满日所在季度与种类；逾期工作日以总和、个数与最大值给出，可逐级相加。只计读者可读的行。 (Internal) Counted from the ledger: the outcomes as of an instant of the obligations whose last day is in [from_date, to_date], per jurisdiction, owner unit, quarter of the last day and kind; lateness as a sum, a count and a maximum, so that they add up. Counts the rows the reader reads.';
REVOKE ALL ON FUNCTION jxlink.obligation_tally_at(as_of timestamp with time zone, from_date date, to_date date) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.obligation_tally_at(as_of timestamp with time zone, from_date date, to_date date) TO jxlink_clerk, jxlink_supervisor, jxlink_admin, jxlink_bi;

-- The same counts, taking a sealed quarter's from its tally (sql/56_sealed_quarters.sql):
-- when the period ends with a whole quarter and is judged at that quarter's
-- end, the jurisdictions the reader reads whole and whose quarter is sealed
-- come from quarter_tally; the rest of the period, and the quarter's rows of
-- any other jurisdiction the reader sees, are counted from the ledger.  The
-- same answer either way (test/sql/sealed_quarters.sql).  A part with nothing
-- to count is not run at all (a filter on the one row of c): the planner
-- cannot know the cut, and under row-level security may prefer a plan that
-- reads a whole jurisdiction to find an empty range.
CREATE FUNCTION jxlink.scorecard_tally_at(from_date date, to_date date, as_of timestamp with time zone) RETURNS TABLE(jurisdiction text, owner_unit uuid, quarter_start date, kind text, total bigint, met_on_time bigint, met_late bigint, overdue bigint, not_yet_due bigint, waived bigint, refused bigint, waived_late bigint, late_workdays_sum bigint, late_count bigint, max_late_workdays integer)
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
WITH c AS MATERIALIZED (SELECT * FROM jxlink.sealed_cut(from_date, to_date, as_of))
SELECT x.*
FROM c CROSS JOIN LATERAL jxlink.obligation_tally_at(as_of, from_date, coalesce(c.cut OPERATOR(pg_catalog.-) 1, to_date)) x
WHERE c.cut IS NULL OR c.cut OPERATOR(pg_catalog.>) from_date
UNION ALL
SELECT t.jurisdiction, t.owner_unit, t.quarter_start, t.kind, t.total, t.met_on_time, t.met_late, t.overdue, t.not_yet_due,
       t.waived, t.refused, t.waived_late, t.late_workdays_sum, t.late_count, t.max_late_workdays
FROM c JOIN jxlink.quarter_tally t ON t.quarter_start OPERATOR(pg_catalog.=) c.cut AND t.jurisdiction OPERATOR(pg_catalog.=) ANY (c.sealed)
UNION ALL
SELECT x.*
FROM c CROSS JOIN LATERAL jxlink.obligation_tally_at(as_of, c.cut, to_date) x
WHERE c.live_needed AND NOT x.jurisdiction OPERATOR(pg_catalog.=) ANY (c.sealed)
$$;
COMMENT ON FUNCTION jxlink.scorecard_tally_at(from_date date, to_date date, as_of timestamp with time zone) IS '（内部）各记分卡的计数（同 obligation_tally_at），期间以整季度结束且按该季度末评判时，读者整辖区可读且已封存的季度取自 quarter_tally，其余自台账计数；两种取法结果相同。 (Internal) The counts of every scorecard (as obligation_tally_at); when the period ends with a whole quarter judged at its end, the sealed quarter of each jurisdiction the reader reads whole comes from quarter_tally, the rest is counted from the ledger; the same answer either way.';
REVOKE ALL ON FUNCTION jxlink.scorecard_tally_at(from_date date, to_date date, as_of timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.scorecard_tally_at(from_date date, to_date date, as_of timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin, jxlink_bi;

CREATE FUNCTION jxlink.unit_scorecard_at(from_date date, to_date date, as_of timestamp with time zone) RETURNS TABLE(jurisdiction text, unit_id uuid, unit_code text, unit_name_zh text, unit_kind text, quarter text, quarter_start date, kind text, total bigint, met_on_time bigint, met_late bigint, overdue bigint, not_yet_due bigint, waived bigint, refused bigint, on_time_rate numeric, avg_late_workdays numeric, max_late_workdays integer, waived_late bigint)
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
SELECT g.jurisdiction, g.owner_unit, u.code, u.name_zh, u.kind,
       pg_catalog.to_char(g.quarter_start::timestamp without time zone, 'YYYY-"Q"Q'), g.quarter_start, g.kind,
       g.total, g.met_on_time, g.met_late, g.overdue, g.not_yet_due, g.waived, g.refused,
       jxlink.on_time_rate(g.met_on_time, g.met_late, g.overdue, g.refused, g.waived_late),
       CASE WHEN g.late_count OPERATOR(pg_catalog.>) 0
            THEN pg_catalog.round(g.late_workdays_sum::numeric OPERATOR(pg_catalog./) g.late_count, 2) END,
       g.max_late_workdays, g.waived_late
FROM jxlink.scorecard_tally_at(from_date, to_date, as_of) g
JOIN jxlink.unit u ON u.unit_id OPERATOR(pg_catalog.=) g.owner_unit
$$;
COMMENT ON FUNCTION jxlink.unit_scorecard_at(from_date date, to_date date, as_of timestamp with time zone) IS '（供报表）期限届满日在 [from_date, to_date] 内的义务，按单位、季度、种类统计截至 as_of 的结果。 (For reports) Obligations whose last day falls in [from_date, to_date], counted per unit, quarter and kind as of an instant.';
REVOKE ALL ON FUNCTION jxlink.unit_scorecard_at(from_date date, to_date date, as_of timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.unit_scorecard_at(from_date date, to_date date, as_of timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin, jxlink_bi;

CREATE VIEW jxlink.unit_scorecard WITH (security_invoker = true) AS
SELECT * FROM jxlink.unit_scorecard_at('-infinity', 'infinity', pg_catalog.now());
COMMENT ON VIEW jxlink.unit_scorecard IS '各单位每季度、每种义务的履行情况（按期限届满日所在季度，截至当前）：总数、按时、逾期履行、仍逾期、未到期、到期前免除、按时率、平均与最长逾期工作日、逾期后免除（撤回时已逾期，计为逾期）。 Per unit, quarter (of the last day) and kind, as of now: total, met on time, met late, still overdue, not yet due, waived before due, on-time rate, average and worst lateness in working days, waived after due (withdrawn after it was due: counted late).';
COMMENT ON COLUMN jxlink.unit_scorecard.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.unit_scorecard.unit_id IS '单位标识。 Unit identifier.';
COMMENT ON COLUMN jxlink.unit_scorecard.unit_code IS '单位代码。 Unit code.';
COMMENT ON COLUMN jxlink.unit_scorecard.unit_name_zh IS '单位名称。 Unit name.';
COMMENT ON COLUMN jxlink.unit_scorecard.unit_kind IS '单位类别。 Unit kind.';
COMMENT ON COLUMN jxlink.unit_scorecard.quarter IS '季度（期限届满日所在，如 2024-Q4）。 Quarter of the last day (e.g. 2024-Q4).';
COMMENT ON COLUMN jxlink.unit_scorecard.quarter_start IS '季度首日。 First day of the quarter.';
COMMENT ON COLUMN jxlink.unit_scorecard.kind IS '义务种类（transfer、acknowledge、file_case、copy_back、licence_followup 等）。 Kind of obligation (transfer, acknowledge, file_case, copy_back, licence_followup...).';
COMMENT ON COLUMN jxlink.unit_scorecard.total IS '义务总数。 Number of obligations.';
COMMENT ON COLUMN jxlink.unit_scorecard.met_on_time IS '按时履行数。 Met on time.';
COMMENT ON COLUMN jxlink.unit_scorecard.met_late IS '逾期履行数。 Met late.';
COMMENT ON COLUMN jxlink.unit_scorecard.overdue IS '仍逾期未履行数。 Still overdue.';
COMMENT ON COLUMN jxlink.unit_scorecard.not_yet_due IS '未到期数。 Not yet due.';
COMMENT ON COLUMN jxlink.unit_scorecard.waived IS '到期前免除数（不计入按时率）。 Waived before it was due (outside the on-time rate).';
COMMENT ON COLUMN jxlink.unit_scorecard.refused IS '以拒绝作答数（计入按时率分母）。 Answered with a refusal (counted in the on-time rate''s denominator).';
COMMENT ON COLUMN jxlink.unit_scorecard.on_time_rate IS '按时率＝按时履行 ÷（按时＋逾期履行＋仍逾期＋拒绝＋逾期后免除）。 On-time rate = met on time / (met on time + met late + still overdue + refused + waived after due).';
COMMENT ON COLUMN jxlink.unit_scorecard.avg_late_workdays IS '平均逾期工作日（逾期履行、仍逾期及逾期后免除者）。 Average working days late (met late, still overdue, waived after due).';
COMMENT ON COLUMN jxlink.unit_scorecard.max_late_workdays IS '最长逾期工作日。 Worst lateness in working days.';
COMMENT ON COLUMN jxlink.unit_scorecard.waived_late IS '逾期后免除数（撤回时已逾期，如期限已过才撤回移送；计为逾期，三（三）、四（三））。 Waived after it was due (e.g. a referral withdrawn after its transfer deadline; counted late, 三（三）, 四（三）).';
GRANT SELECT ON TABLE jxlink.unit_scorecard TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;

CREATE FUNCTION jxlink.unit_scorecard_for(from_date date, to_date date) RETURNS SETOF jxlink.unit_scorecard
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
SELECT s.* FROM jxlink.period_judged_at(from_date, to_date) AS j(judged_at)
CROSS JOIN LATERAL jxlink.unit_scorecard_at(from_date, to_date, j.judged_at) s
$$;
COMMENT ON FUNCTION jxlink.unit_scorecard_for(from_date date, to_date date) IS '某一期间（期限届满日在 [from_date, to_date] 内）的单位履行报表，按期末（to_date 次日 00:00 本地时间）状态计算：上季度的报表不随今天变化。 The unit scorecard of a period (last day in [from_date, to_date]) judged as at its end (00:00 local time after to_date): last quarter''s report does not change with today.';
REVOKE ALL ON FUNCTION jxlink.unit_scorecard_for(from_date date, to_date date) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.unit_scorecard_for(from_date date, to_date date) TO jxlink_clerk, jxlink_supervisor, jxlink_admin, jxlink_bi;

CREATE VIEW jxlink.due_soon WITH (security_invoker = true) AS
SELECT * FROM jxlink.due_soon_as_of(pg_catalog.now());
COMMENT ON VIEW jxlink.due_soon IS '当前未履行且未到期的义务及剩余时间与预警级别（yellow：剩余不超过 1 个工作日或期限的 25%，可在 jxlink.setting 中调整；逾期者见 overdue，为 red）。 Open obligations not yet due, with the time left and a warning level (yellow: at most 1 working day or 25% of the period left, adjustable in jxlink.setting; overdue ones are red, in overdue).';
COMMENT ON COLUMN jxlink.due_soon.obligation_id IS '义务标识。 Obligation identifier.';
COMMENT ON COLUMN jxlink.due_soon.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.due_soon.kind IS '义务种类（transfer、acknowledge、file_case、copy_back、licence_followup 等）。 Kind of obligation (transfer, acknowledge, file_case, copy_back, licence_followup...).';
COMMENT ON COLUMN jxlink.due_soon.subject_type IS '事项类型。 Type of the subject.';
COMMENT ON COLUMN jxlink.due_soon.subject_id IS '事项标识。 Subject identifier.';
COMMENT ON COLUMN jxlink.due_soon.subject_ref IS '事项编号（移送函文号、立案号）。 Reference of the subject (letter or case number).';
COMMENT ON COLUMN jxlink.due_soon.subject_title IS '事项标题（案由）。 Title of the subject.';
COMMENT ON COLUMN jxlink.due_soon.owner_unit IS '负有义务的单位。 The unit that owes it.';
COMMENT ON COLUMN jxlink.due_soon.owner_code IS '负有义务单位的代码。 Code of the owing unit.';
COMMENT ON COLUMN jxlink.due_soon.owner_name_zh IS '负有义务单位的名称。 Name of the owing unit.';
COMMENT ON COLUMN jxlink.due_soon.owner_kind IS '负有义务单位的类别。 Kind of the owing unit.';
COMMENT ON COLUMN jxlink.due_soon.counterpart_unit IS '义务指向的单位。 The unit it is owed to.';
COMMENT ON COLUMN jxlink.due_soon.counterpart_code IS '义务指向单位的代码。 Code of the unit it is owed to.';
COMMENT ON COLUMN jxlink.due_soon.counterpart_name_zh IS '义务指向单位的名称。 Name of the unit it is owed to.';
COMMENT ON COLUMN jxlink.due_soon.rule_code IS '期限规则。 Deadline rule.';
COMMENT ON COLUMN jxlink.due_soon.clause IS '依据条款。 Clause.';
COMMENT ON COLUMN jxlink.due_soon.period IS '义务自身的期限（jxlink.time_limit，文本如 3 工作日、24 小时、1 季度、下次会议、30 日；单位与数量见 time_limit_unit()、time_limit_amount()）。 The obligation''s own time limit (jxlink.time_limit, text such as 3 工作日, 24 小时, 1 季度, 下次会议, 30 日; its unit and amount through time_limit_unit(), time_limit_amount()).';
COMMENT ON COLUMN jxlink.due_soon.started_at IS '起算时刻。 When the period started.';
COMMENT ON COLUMN jxlink.due_soon.due_at IS '逾期起点。 First late instant.';
COMMENT ON COLUMN jxlink.due_soon.due_date IS '期限届满日（本地）。 Last day (local).';
COMMENT ON COLUMN jxlink.due_soon.provisional IS '届满日所在年份尚无官方安排（暂定）。 The last day falls in a year without an official schedule (provisional).';
COMMENT ON COLUMN jxlink.due_soon.workdays_left IS '剩余工作日（不含当日；0 表示今日为最后一日）。 Working days left after today (0: today is the last day).';
COMMENT ON COLUMN jxlink.due_soon.hours_left IS '剩余小时数。 Hours left.';
COMMENT ON COLUMN jxlink.due_soon.fraction_left IS '剩余时间占期限的比例。 Fraction of the period left.';
COMMENT ON COLUMN jxlink.due_soon.warning IS '预警级别：red 逾期、yellow 临期、green 正常。 Warning level: red overdue, yellow due soon, green.';
GRANT SELECT ON TABLE jxlink.due_soon TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;

CREATE VIEW jxlink.obligation_status WITH (security_invoker = true) AS
SELECT * FROM jxlink.obligation_status_at(pg_catalog.now());
COMMENT ON VIEW jxlink.obligation_status IS '每项义务的当前状态（pending、due_soon、overdue、met_on_time、met_late、refused、waived、waived_late）。 Every obligation with its current status (pending, due_soon, overdue, met_on_time, met_late, refused, waived, waived_late).';
COMMENT ON COLUMN jxlink.obligation_status.obligation_id IS '义务标识。 Obligation identifier.';
COMMENT ON COLUMN jxlink.obligation_status.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.obligation_status.kind IS '义务种类（transfer、acknowledge、file_case、copy_back、licence_followup 等）。 Kind of obligation (transfer, acknowledge, file_case, copy_back, licence_followup...).';
COMMENT ON COLUMN jxlink.obligation_status.subject_type IS '事项类型。 Type of the subject.';
COMMENT ON COLUMN jxlink.obligation_status.subject_id IS '事项标识。 Subject identifier.';
COMMENT ON COLUMN jxlink.obligation_status.subject_ref IS '事项编号（移送函文号、立案号）。 Reference of the subject (letter or case number).';
COMMENT ON COLUMN jxlink.obligation_status.subject_title IS '事项标题（案由）。 Title of the subject.';
COMMENT ON COLUMN jxlink.obligation_status.owner_unit IS '负有义务的单位。 The unit that owes it.';
COMMENT ON COLUMN jxlink.obligation_status.owner_code IS '负有义务单位的代码。 Code of the owing unit.';
COMMENT ON COLUMN jxlink.obligation_status.owner_name_zh IS '负有义务单位的名称。 Name of the owing unit.';
COMMENT ON COLUMN jxlink.obligation_status.owner_kind IS '负有义务单位的类别。 Kind of the owing unit.';
COMMENT ON COLUMN jxlink.obligation_status.counterpart_unit IS '义务指向的单位。 The unit it is owed to.';
COMMENT ON COLUMN jxlink.obligation_status.counterpart_code IS '义务指向单位的代码。 Code of the unit it is owed to.';
COMMENT ON COLUMN jxlink.obligation_status.counterpart_name_zh IS '义务指向单位的名称。 Name of the unit it is owed to.';
COMMENT ON COLUMN jxlink.obligation_status.rule_code IS '期限规则。 Deadline rule.';
COMMENT ON COLUMN jxlink.obligation_status.clause IS '依据条款。 Clause.';
COMMENT ON COLUMN jxlink.obligation_status.period IS '义务自身的期限（jxlink.time_limit，文本如 3 工作日、24 小时、1 季度、下次会议、30 日；单位与数量见 time_limit_unit()、time_limit_amount()）。 The obligation''s own time limit (jxlink.time_limit, text such as 3 工作日, 24 小时, 1 季度, 下次会议, 30 日; its unit and amount through time_limit_unit(), time_limit_amount()).';
COMMENT ON COLUMN jxlink.obligation_status.started_at IS '起算时刻。 When the period started.';
COMMENT ON COLUMN jxlink.obligation_status.due_at IS '逾期起点。 First late instant.';
COMMENT ON COLUMN jxlink.obligation_status.due_date IS '期限届满日（本地）。 Last day (local).';
COMMENT ON COLUMN jxlink.obligation_status.provisional IS '届满日所在年份尚无官方安排（暂定）。 The last day falls in a year without an official schedule (provisional).';
COMMENT ON COLUMN jxlink.obligation_status.met_at IS '履行或免除时刻。 When it was met or waived.';
COMMENT ON COLUMN jxlink.obligation_status.status IS '状态：pending 未到期、due_soon 临期、overdue 逾期、met_on_time 按时履行、met_late 逾期履行、refused 以拒绝作答、waived 到期前免除、waived_late 逾期后免除（撤回时已逾期，计为逾期）。 pending, due_soon, overdue, met_on_time, met_late, refused, waived (before it was due), waived_late (withdrawn after it was due: counted late).';
COMMENT ON COLUMN jxlink.obligation_status.late_workdays IS '逾期工作日数（逾期履行或逾期后免除者算至履行或免除日，未履行者算至当日）。 Working days late (to the day met or waived, or to the day of the answer if still open).';
COMMENT ON COLUMN jxlink.obligation_status.workdays_left IS '剩余工作日（不含当日；0 表示今日为最后一日）。 Working days left after today (0: today is the last day).';
COMMENT ON COLUMN jxlink.obligation_status.hours_left IS '剩余小时数。 Hours left.';
GRANT SELECT ON TABLE jxlink.obligation_status TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;

CREATE VIEW jxlink.overdue WITH (security_invoker = true) AS
SELECT * FROM jxlink.overdue_as_of(pg_catalog.now());
COMMENT ON VIEW jxlink.overdue IS '当前已逾期未履行的义务（红色预警）：谁欠谁、何事、依何条款、何时逾期、逾期多久。 Open obligations past due (red): who owes what to whom, under which clause, late since when and by how much.';
COMMENT ON COLUMN jxlink.overdue.obligation_id IS '义务标识。 Obligation identifier.';
COMMENT ON COLUMN jxlink.overdue.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.overdue.kind IS '义务种类（transfer、acknowledge、file_case、copy_back、licence_followup 等）。 Kind of obligation (transfer, acknowledge, file_case, copy_back, licence_followup...).';
COMMENT ON COLUMN jxlink.overdue.subject_type IS '事项类型。 Type of the subject.';
COMMENT ON COLUMN jxlink.overdue.subject_id IS '事项标识。 Subject identifier.';
COMMENT ON COLUMN jxlink.overdue.subject_ref IS '事项编号（移送函文号、立案号）。 Reference of the subject (letter or case number).';
COMMENT ON COLUMN jxlink.overdue.subject_title IS '事项标题（案由）。 Title of the subject.';
COMMENT ON COLUMN jxlink.overdue.owner_unit IS '负有义务的单位。 The unit that owes it.';
COMMENT ON COLUMN jxlink.overdue.owner_code IS '负有义务单位的代码。 Code of the owing unit.';
COMMENT ON COLUMN jxlink.overdue.owner_name_zh IS '负有义务单位的名称。 Name of the owing unit.';
COMMENT ON COLUMN jxlink.overdue.owner_kind IS '负有义务单位的类别。 Kind of the owing unit.';
COMMENT ON COLUMN jxlink.overdue.counterpart_unit IS '义务指向的单位。 The unit it is owed to.';
COMMENT ON COLUMN jxlink.overdue.counterpart_code IS '义务指向单位的代码。 Code of the unit it is owed to.';
COMMENT ON COLUMN jxlink.overdue.counterpart_name_zh IS '义务指向单位的名称。 Name of the unit it is owed to.';
COMMENT ON COLUMN jxlink.overdue.rule_code IS '期限规则。 Deadline rule.';
COMMENT ON COLUMN jxlink.overdue.clause IS '依据条款。 Clause.';
COMMENT ON COLUMN jxlink.overdue.period IS '义务自身的期限（jxlink.time_limit，文本如 3 工作日、24 小时、1 季度、下次会议、30 日；单位与数量见 time_limit_unit()、time_limit_amount()）。 The obligation''s own time limit (jxlink.time_limit, text such as 3 工作日, 24 小时, 1 季度, 下次会议, 30 日; its unit and amount through time_limit_unit(), time_limit_amount()).';
COMMENT ON COLUMN jxlink.overdue.started_at IS '起算时刻。 When the period started.';
COMMENT ON COLUMN jxlink.overdue.due_at IS '逾期起点。 First late instant.';
COMMENT ON COLUMN jxlink.overdue.due_date IS '期限届满日（本地）。 Last day (local).';
COMMENT ON COLUMN jxlink.overdue.provisional IS '届满日所在年份尚无官方安排（暂定）。 The last day falls in a year without an official schedule (provisional).';
COMMENT ON COLUMN jxlink.overdue.late_workdays IS '逾期工作日数（逾期履行者算至履行日，未履行者算至当日）。 Working days late (to the day met, or to the day of the answer if still open).';
COMMENT ON COLUMN jxlink.overdue.late_hours IS '逾期小时数。 Hours late.';
COMMENT ON COLUMN jxlink.overdue.warning IS '预警级别：red 逾期、yellow 临期、green 正常。 Warning level: red overdue, yellow due soon, green.';
GRANT SELECT ON TABLE jxlink.overdue TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;

CREATE VIEW jxlink.referral_overview WITH (security_invoker = true) AS
SELECT r.referral_id, r.jurisdiction, r.case_id, c.title, c.category, c.source, c.discovered_at, r.urgent,
       fu.code AS from_code, fu.name_zh AS from_name_zh, tu.code AS to_code, tu.name_zh AS to_name_zh,
       r.state, st.name_zh AS state_name_zh, st.name_en AS state_name_en, st.terminal,
       r.letter_no::text AS letter_no, r.filed_case_no::text AS filed_case_no,
       r.decision_no::text AS decision_no, r.decision_outcome, r.transfer_count, r.return_count,
       tr.rule_code AS transfer_rule, tr.due_at AS transfer_due_at, tr.met_at AS transfer_met_at, tr.status AS transfer_status,
       ak.due_at AS acknowledge_due_at, ak.met_at AS acknowledge_met_at, ak.status AS acknowledge_status,
       fc.due_at AS file_case_due_at, fc.met_at AS file_case_met_at, fc.status AS file_case_status,
       dh.occurred_at AS decided_at,
       cb.due_at AS copy_back_due_at, cb.met_at AS copy_back_met_at, cb.status AS copy_back_status,
       r.last_event, r.last_event_at
FROM jxlink.referral r
JOIN jxlink.case_file c ON c.case_id = r.case_id
JOIN jxlink.unit fu ON fu.unit_id = r.from_unit
JOIN jxlink.unit tu ON tu.unit_id = r.to_unit
JOIN jxlink.referral_states() st ON st.state = r.state
LEFT JOIN LATERAL (SELECT s.rule_code, s.due_at, s.met_at, s.status FROM jxlink.obligation_status s
                   WHERE s.subject_id = r.referral_id AND s.kind = 'transfer'
                   ORDER BY s.started_at DESC LIMIT 1) tr ON true
LEFT JOIN LATERAL (SELECT s.due_at, s.met_at, s.status FROM jxlink.obligation_status s
                   WHERE s.subject_id = r.referral_id AND s.kind = 'acknowledge'
                   ORDER BY s.started_at DESC LIMIT 1) ak ON true
LEFT JOIN LATERAL (SELECT s.due_at, s.met_at, s.status FROM jxlink.obligation_status s
                   WHERE s.subject_id = r.referral_id AND s.kind = 'file_case'
                   ORDER BY s.started_at DESC LIMIT 1) fc ON true
LEFT JOIN LATERAL (SELECT h.occurred_at FROM jxlink.referral_history h
                   WHERE h.referral_id = r.referral_id AND h.event = 'decide'
                   ORDER BY h.seq DESC LIMIT 1) dh ON true
LEFT JOIN LATERAL (SELECT s.due_at, s.met_at, s.status FROM jxlink.obligation_status s
                   WHERE s.subject_id = r.referral_id AND s.kind = 'copy_back'
                   ORDER BY s.started_at DESC LIMIT 1) cb ON true;
COMMENT ON VIEW jxlink.referral_overview IS '每个移送一行：状态及各环节（移交、书面告知、立案、决定、抄告）的期限、履行时间与状态（后一次告知覆盖前一次）。 One row per referral: its state and each leg (transfer, written notice, filing, decision, copy-back) with due time, time met and status (the latest notice when there were several).';
COMMENT ON COLUMN jxlink.referral_overview.referral_id IS '移送标识。 Referral identifier.';
COMMENT ON COLUMN jxlink.referral_overview.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.referral_overview.case_id IS '案件标识。 Case identifier.';
COMMENT ON COLUMN jxlink.referral_overview.title IS '案由。 Case title.';
COMMENT ON COLUMN jxlink.referral_overview.category IS '事项类别（二（一）至（四））。 Category (二（一）至（四）).';
COMMENT ON COLUMN jxlink.referral_overview.source IS '案源。 Source of the case.';
COMMENT ON COLUMN jxlink.referral_overview.discovered_at IS '发现时间。 When the violation was found.';
COMMENT ON COLUMN jxlink.referral_overview.urgent IS '是否紧急。 Urgent.';
COMMENT ON COLUMN jxlink.referral_overview.from_code IS '移送单位代码。 Code of the sending unit.';
COMMENT ON COLUMN jxlink.referral_overview.from_name_zh IS '移送单位名称。 Name of the sending unit.';
COMMENT ON COLUMN jxlink.referral_overview.to_code IS '接收单位代码。 Code of the receiving unit.';
COMMENT ON COLUMN jxlink.referral_overview.to_name_zh IS '接收单位名称。 Name of the receiving unit.';
COMMENT ON COLUMN jxlink.referral_overview.state IS '移送状态。 Referral state.';
COMMENT ON COLUMN jxlink.referral_overview.state_name_zh IS '状态名称（中文）。 State name in Chinese.';
COMMENT ON COLUMN jxlink.referral_overview.state_name_en IS '状态名称（英文）。 State name in English.';
COMMENT ON COLUMN jxlink.referral_overview.terminal IS '是否终态。 Whether the state is final.';
COMMENT ON COLUMN jxlink.referral_overview.letter_no IS '移送函文号。 Transfer letter number.';
COMMENT ON COLUMN jxlink.referral_overview.filed_case_no IS '立案号。 Case number.';
COMMENT ON COLUMN jxlink.referral_overview.decision_no IS '决定书文号。 Decision number.';
COMMENT ON COLUMN jxlink.referral_overview.decision_outcome IS '决定结果（penalty 处罚 / no_penalty 不予处罚）。 Outcome (penalty / no_penalty).';
COMMENT ON COLUMN jxlink.referral_overview.transfer_count IS '移交次数。 Number of transfers.';
COMMENT ON COLUMN jxlink.referral_overview.return_count IS '退回次数。 Number of returns.';
COMMENT ON COLUMN jxlink.referral_overview.transfer_rule IS '移交所用规则（transfer、transfer_extended、transfer_urgent）。 Rule of the transfer (transfer, transfer_extended, transfer_urgent).';
COMMENT ON COLUMN jxlink.referral_overview.transfer_due_at IS '移交逾期起点。 Transfer: first late instant.';
COMMENT ON COLUMN jxlink.referral_overview.transfer_met_at IS '移交时间。 Transfer: when met.';
COMMENT ON COLUMN jxlink.referral_overview.transfer_status IS '移交义务状态。 Transfer: status.';
COMMENT ON COLUMN jxlink.referral_overview.acknowledge_due_at IS '书面告知逾期起点（最近一次移交）。 Written notice: first late instant (latest transfer).';
COMMENT ON COLUMN jxlink.referral_overview.acknowledge_met_at IS '书面告知时间。 Written notice: when met.';
COMMENT ON COLUMN jxlink.referral_overview.acknowledge_status IS '书面告知义务状态。 Written notice: status.';
COMMENT ON COLUMN jxlink.referral_overview.file_case_due_at IS '立案逾期起点。 Filing: first late instant.';
COMMENT ON COLUMN jxlink.referral_overview.file_case_met_at IS '立案时间。 Filing: when met.';
COMMENT ON COLUMN jxlink.referral_overview.file_case_status IS '立案义务状态。 Filing: status.';
COMMENT ON COLUMN jxlink.referral_overview.decided_at IS '作出决定时间。 When the decision was made.';
COMMENT ON COLUMN jxlink.referral_overview.copy_back_due_at IS '抄告逾期起点。 Copy-back: first late instant.';
COMMENT ON COLUMN jxlink.referral_overview.copy_back_met_at IS '抄告时间。 Copy-back: when met.';
COMMENT ON COLUMN jxlink.referral_overview.copy_back_status IS '抄告义务状态。 Copy-back: status.';
COMMENT ON COLUMN jxlink.referral_overview.last_event IS '最近一次事件。 Last event.';
COMMENT ON COLUMN jxlink.referral_overview.last_event_at IS '最近一次事件时间。 When the last event happened.';
GRANT SELECT ON TABLE jxlink.referral_overview TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;

CREATE FUNCTION jxlink.referral_overview_at(as_of timestamp with time zone) RETURNS TABLE(referral_id uuid, jurisdiction text, case_id uuid, title text, category text, source text, discovered_at timestamp with time zone, urgent boolean, from_code text, from_name_zh text, to_code text, to_name_zh text, state jxlink.referral_state, state_name_zh text, state_name_en text, terminal boolean, letter_no text, filed_case_no text, decision_no text, decision_outcome text, transfer_count integer, return_count integer, transfer_rule text, transfer_due_at timestamp with time zone, transfer_met_at timestamp with time zone, transfer_status text, acknowledge_due_at timestamp with time zone, acknowledge_met_at timestamp with time zone, acknowledge_status text, file_case_due_at timestamp with time zone, file_case_met_at timestamp with time zone, file_case_status text, decided_at timestamp with time zone, copy_back_due_at timestamp with time zone, copy_back_met_at timestamp with time zone, copy_back_status text, last_event text, last_event_at timestamp with time zone)
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
WITH s AS MATERIALIZED (
    SELECT s.subject_id, s.kind, s.rule_code, s.started_at, s.due_at, s.met_at, s.status
    FROM jxlink.obligation_status_at(as_of) s
    WHERE s.kind IN ('transfer', 'acknowledge', 'file_case', 'copy_back')),
-- each referral's latest obligation of each kind, one row per referral: one
-- pass over s (a lateral subquery per referral and kind scanned all of s for
-- every referral)
o AS (
    SELECT l.subject_id,
           max(l.rule_code) FILTER (WHERE l.kind = 'transfer') AS tr_rule,
           max(l.due_at) FILTER (WHERE l.kind = 'transfer') AS tr_due,
           max(l.met_at) FILTER (WHERE l.kind = 'transfer') AS tr_met,
           max(l.status) FILTER (WHERE l.kind = 'transfer') AS tr_status,
           max(l.due_at) FILTER (WHERE l.kind = 'acknowledge') AS ak_due,
           max(l.met_at) FILTER (WHERE l.kind = 'acknowledge') AS ak_met,
           max(l.status) FILTER (WHERE l.kind = 'acknowledge') AS ak_status,
           max(l.due_at) FILTER (WHERE l.kind = 'file_case') AS fc_due,
           max(l.met_at) FILTER (WHERE l.kind = 'file_case') AS fc_met,
           max(l.status) FILTER (WHERE l.kind = 'file_case') AS fc_status,
           max(l.due_at) FILTER (WHERE l.kind = 'copy_back') AS cb_due,
           max(l.met_at) FILTER (WHERE l.kind = 'copy_back') AS cb_met,
           max(l.status) FILTER (WHERE l.kind = 'copy_back') AS cb_status
    FROM (SELECT DISTINCT ON (s.subject_id, s.kind) s.subject_id, s.kind, s.rule_code, s.due_at, s.met_at, s.status
          FROM s ORDER BY s.subject_id, s.kind, s.started_at DESC) l
    GROUP BY l.subject_id)
SELECT r.referral_id, r.jurisdiction, r.case_id, c.title, c.category, c.source, c.discovered_at, r.urgent,
       fu.code, fu.name_zh, tu.code, tu.name_zh,
       h.to_state, st.name_zh, st.name_en, st.terminal,
       CASE WHEN ev.letter IS NULL THEN NULL
            WHEN jxlink.docno_check(ev.letter) IS NULL THEN ev.letter::jxlink.docno::text
            ELSE r.letter_no::text END,
       CASE WHEN ev.case_no IS NULL THEN NULL
            WHEN jxlink.docno_check(ev.case_no) IS NULL THEN ev.case_no::jxlink.docno::text
            ELSE r.filed_case_no::text END,
       CASE WHEN ev.decided_at IS NULL THEN NULL
            WHEN jxlink.docno_check(dn.m[1]) IS NULL THEN dn.m[1]::jxlink.docno::text
            ELSE r.decision_no::text END,
       CASE WHEN ev.decided_at IS NULL THEN NULL ELSE coalesce(dn.m[2], r.decision_outcome) END,
       ev.transfers::integer, ev.returns::integer,
       o.tr_rule, o.tr_due, o.tr_met, o.tr_status,
       o.ak_due, o.ak_met, o.ak_status,
       o.fc_due, o.fc_met, o.fc_status,
       ev.decided_at,
       o.cb_due, o.cb_met, o.cb_status,
       h.event, h.occurred_at
FROM jxlink.referral r
JOIN LATERAL (SELECT h.to_state, h.event, h.occurred_at FROM jxlink.referral_history h
              WHERE h.referral_id = r.referral_id AND h.occurred_at <= as_of
              ORDER BY h.seq DESC LIMIT 1) h ON true
JOIN jxlink.case_file c ON c.case_id = r.case_id
JOIN jxlink.unit fu ON fu.unit_id = r.from_unit
JOIN jxlink.unit tu ON tu.unit_id = r.to_unit
JOIN jxlink.referral_states() st ON st.state OPERATOR(jxlink.=) h.to_state
CROSS JOIN LATERAL (
    SELECT count(*) FILTER (WHERE e.event = 'transfer') AS transfers,
           count(*) FILTER (WHERE e.event = 'return') AS returns,
           (array_agg(coalesce(e.note, r.letter_no::text) ORDER BY e.seq DESC) FILTER (WHERE e.event = 'transfer'))[1] AS letter,
           (array_agg(coalesce(e.note, r.filed_case_no::text) ORDER BY e.seq DESC) FILTER (WHERE e.event = 'file'))[1] AS case_no,
           (array_agg(e.note ORDER BY e.seq DESC) FILTER (WHERE e.event = 'decide'))[1] AS decision,
           max(e.occurred_at) FILTER (WHERE e.event = 'decide') AS decided_at
    FROM jxlink.referral_history e
    WHERE e.referral_id = r.referral_id AND e.occurred_at <= as_of) ev
CROSS JOIN LATERAL (SELECT regexp_match(ev.decision, '^(.*\S)\s+(penalty|no_penalty)\s*$') AS m) dn
LEFT JOIN o ON o.subject_id = r.referral_id
WHERE jxlink.check_calendar_time(as_of, 'as_of') IS NOT DISTINCT FROM as_of
$$;
COMMENT ON FUNCTION jxlink.referral_overview_at(as_of timestamp with time zone) IS '截至某一时刻的移送一览（列同 referral_overview）：状态、最近事件、移交与退回次数由移送历史中该时刻（按事件所称时间）以前的最后一行重建，该时刻以后才创建的移送不列出；各环节的期限、履行时间与状态同 obligation_status_at；移送函、立案号、决定书文号取届时历史所记，历史未记（早期数据）时取当前值；用于重现以往的报表。 The referral overview as of an instant (columns as in referral_overview): the state, last event and transfer and return counts rebuilt from the referral history up to that instant (by the time each event claims), referrals created later absent; each leg''s due time, time met and status as in obligation_status_at; letter, case and decision numbers as the history recorded them by then, the current ones where the history holds none (early data); reproduces a past report.';
REVOKE ALL ON FUNCTION jxlink.referral_overview_at(as_of timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.referral_overview_at(as_of timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin, jxlink_bi;

-- One row per subject of an obligation, whatever its domain.  Later
-- releases add their domains here; the ledger copies the reference and the
-- title when an obligation is opened, so the views need no join per domain.
CREATE VIEW jxlink.subject WITH (security_invoker = true) AS
SELECT r.referral_id AS subject_id, 'referral'::text AS subject_type,
       coalesce(r.filed_case_no::text, r.letter_no::text) AS reference, c.title
FROM jxlink.referral r JOIN jxlink.case_file c ON c.case_id = r.case_id
UNION ALL
SELECT x.complaint_id, 'complaint', x.channel || ' ' || to_char(x.received_at AT TIME ZONE jxlink.local_timezone(), 'YYYY-MM-DD HH24:MI'),
       x.subject
FROM jxlink.complaint x
UNION ALL
SELECT r.resolution_id, 'resolution', coalesce(m.minutes_no::text, to_char(m.held_at AT TIME ZONE jxlink.local_timezone(), 'YYYY-MM-DD'))
                                      || ' 第' || r.number || '项', r.title
FROM jxlink.resolution r JOIN jxlink.joint_meeting m ON m.meeting_id = r.meeting_id
UNION ALL
SELECT s.request_id, 'share_request', s.category::text, s.title FROM jxlink.share_request s
UNION ALL
SELECT a.request_id, 'assistance_request', a.kind, a.purpose FROM jxlink.assistance_request a;
COMMENT ON VIEW jxlink.subject IS '义务所涉事项的编号与标题（各业务域一行一事项）：移送的立案号或移送函文号、案由。 Reference and title of every subject of an obligation, whatever its domain: for a referral, the case number or the transfer letter number, and the case title.';
COMMENT ON COLUMN jxlink.subject.subject_id IS '事项标识。 Subject identifier.';
COMMENT ON COLUMN jxlink.subject.subject_type IS '事项类型。 Subject type.';
COMMENT ON COLUMN jxlink.subject.reference IS '编号（文号、立案号）。 Reference (document or case number).';
COMMENT ON COLUMN jxlink.subject.title IS '标题（案由）。 Title.';
GRANT SELECT ON TABLE jxlink.subject TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;

-- The data dictionary (0.10.0): psqlODBC returns empty REMARKS, so the
-- comments reach a BI tool as rows of a view.  One row per relation and per
-- set-returning function of the schema the reading role may read, and one per
-- column it may read (has_column_privilege: the personal columns of case_file
-- are not listed for jxlink_bi).  Every comment of jxlink is written
-- '中文。 English.': the Chinese part ends at the first '。' followed by a
-- space (test/sql/data_dictionary.sql checks every comment of the schema).
CREATE VIEW jxlink.data_dictionary WITH (security_invoker = true) AS
WITH rel AS (
    SELECT c.oid, c.relname,
           CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view'
                          WHEN 'f' THEN 'foreign table' ELSE 'table' END AS kind
    FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'jxlink' AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
      AND pg_catalog.has_any_column_privilege(c.oid, 'SELECT')
), col AS (
    SELECT a.attrelid, a.attnum, a.attname, a.atttypid, a.atttypmod, a.attnotnull,
           row_number() OVER (PARTITION BY a.attrelid ORDER BY a.attnum)::integer AS ordinal
    FROM pg_catalog.pg_attribute a JOIN rel ON rel.oid = a.attrelid
    WHERE a.attnum > 0 AND NOT a.attisdropped
), entry AS (
    SELECT rel.relname AS object_name, rel.kind AS object_kind, NULL::text AS arguments,
           NULL::name AS column_name, NULL::integer AS ordinal, NULL::text AS data_type, NULL::boolean AS nullable,
           pg_catalog.obj_description(rel.oid, 'pg_class') AS comment
    FROM rel
    UNION ALL
    SELECT rel.relname, rel.kind, NULL, col.attname, col.ordinal, pg_catalog.format_type(col.atttypid, col.atttypmod),
           NOT col.attnotnull, pg_catalog.col_description(rel.oid, col.attnum)
    FROM rel JOIN col ON col.attrelid = rel.oid
    WHERE pg_catalog.has_column_privilege(rel.oid, col.attnum, 'SELECT')
    UNION ALL
    SELECT p.proname, 'function', pg_catalog.pg_get_function_arguments(p.oid), NULL, NULL,
           pg_catalog.pg_get_function_result(p.oid), NULL, pg_catalog.obj_description(p.oid, 'pg_proc')
    FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname = 'jxlink' AND p.prokind = 'f' AND p.proretset
      AND pg_catalog.has_function_privilege(p.oid, 'EXECUTE')
)
SELECT 'jxlink'::name AS schema_name, e.object_name, e.object_kind, e.arguments, e.column_name, e.ordinal,
       e.data_type, e.nullable,
       CASE WHEN strpos(e.comment, '。 ') > 0 THEN left(e.comment, strpos(e.comment, '。 ')) END AS meaning_zh,
       CASE WHEN strpos(e.comment, '。 ') > 0 THEN substr(e.comment, strpos(e.comment, '。 ') + 2) END AS meaning_en,
       e.comment
FROM entry e;
COMMENT ON VIEW jxlink.data_dictionary IS '数据字典：调用角色可读的每个表、视图、报表函数（返回行集者）及其每一列，附类型与中英文含义（取自 COMMENT ON；ODBC 不返回注释，BI 工具可直接读本视图）。无权读取的列（如 BI 不可读的案件个人信息列）不列出。 The data dictionary: every table, view and report function (set-returning) the calling role may read, and each of their columns it may read, with the type and the meaning in Chinese and English (from COMMENT ON; ODBC returns no comments, so a BI tool reads this view). Columns the role may not read (e.g. the personal columns of cases for BI) are not listed.';
COMMENT ON COLUMN jxlink.data_dictionary.schema_name IS '模式（jxlink）。 Schema (jxlink).';
COMMENT ON COLUMN jxlink.data_dictionary.object_name IS '对象名称（表、视图或函数）。 Object name (table, view or function).';
COMMENT ON COLUMN jxlink.data_dictionary.object_kind IS '对象类别：table 表、view 视图、function 报表函数（返回行集）。 Object kind: table, view, or function (a set-returning report function).';
COMMENT ON COLUMN jxlink.data_dictionary.arguments IS '函数的参数（含默认值）；表、视图为空。 The function''s arguments (with defaults); null for a table or view.';
COMMENT ON COLUMN jxlink.data_dictionary.column_name IS '列名；对象本身一行为空。 Column name; null on the row of the object itself.';
COMMENT ON COLUMN jxlink.data_dictionary.ordinal IS '列在对象中的位置（自 1 起，同 SELECT * 的次序）；对象本身一行为空。 Position of the column in the object (from 1, the order of SELECT *); null on the row of the object itself.';
COMMENT ON COLUMN jxlink.data_dictionary.data_type IS '数据类型（format_type，如 timestamp with time zone、jxlink.docno）；函数一行为其返回类型。 Data type as a tool shows it (format_type, e.g. timestamp with time zone, jxlink.docno); for a function, what it returns.';
COMMENT ON COLUMN jxlink.data_dictionary.nullable IS '列可否为空（视图的列一律为真）；对象本身一行为空。 Whether the column may be null (always true for a view''s columns); null on the row of the object itself.';
COMMENT ON COLUMN jxlink.data_dictionary.meaning_zh IS '中文含义（注释中第一个“。”及其后空格之前的部分）。 Meaning in Chinese (the comment up to its first ''。'' followed by a space).';
COMMENT ON COLUMN jxlink.data_dictionary.meaning_en IS '英文含义（注释中该空格之后的部分）。 Meaning in English (the comment after that space).';
COMMENT ON COLUMN jxlink.data_dictionary.comment IS '注释原文（COMMENT ON）。 The comment as written (COMMENT ON).';
GRANT SELECT ON TABLE jxlink.data_dictionary TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;

-- Per-login preparation of a BI (ODBC/JDBC) login (0.10.0).  psqlODBC drops
-- the offset of a timestamptz and Excel or Power BI cannot set a session
-- time zone; docno's operators and min/max are found only through the search
-- path.  Role settings of group roles are not inherited, so a DBA runs this
-- once per login role: ALTER ROLE ... IN DATABASE <this one> SET timezone
-- and search_path (jxlink first: psqlODBC lists the columns of the first
-- schema only).  Runs as the caller: ALTER ROLE needs CREATEROLE.
CREATE FUNCTION jxlink.prepare_bi_login(login regrole) RETURNS text[]
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    result text[];
BEGIN
    IF login IS NULL THEN
        RAISE EXCEPTION 'the login role must not be null' USING ERRCODE = '22004';
    END IF;
    IF NOT (pg_has_role(login, 'jxlink_bi', 'MEMBER') OR pg_has_role(login, 'jxlink_clerk', 'MEMBER')
            OR pg_has_role(login, 'jxlink_supervisor', 'MEMBER') OR pg_has_role(login, 'jxlink_admin', 'MEMBER')) THEN
        RAISE EXCEPTION 'role % is not a member of a jxlink group role', login
            USING ERRCODE = '22023',
                  HINT = 'GRANT jxlink_bi TO ' || quote_ident(login::text) || '; then prepare the login.';
    END IF;
    EXECUTE format('ALTER ROLE %I IN DATABASE %I SET timezone TO %L', login::text, current_database(), jxlink.local_timezone());
    EXECUTE format('ALTER ROLE %I IN DATABASE %I SET search_path TO jxlink, "$user", public', login::text, current_database());
    SELECT s.setconfig INTO result FROM pg_db_role_setting s
    WHERE s.setrole = login AND s.setdatabase = (SELECT d.oid FROM pg_database d WHERE d.datname = current_database());
    RETURN result;
END
$$;
COMMENT ON FUNCTION jxlink.prepare_bi_login(login regrole) IS '为一个登录角色（BI 工具经 ODBC/JDBC 连接所用）在本数据库设置时区（本街道时区，使不带时区偏移的客户端显示本地时间）与 search_path（jxlink 居首，使发文字号的比较与 min/max 可用，ODBC 列出视图的列）；组角色的设置不被继承，故每个登录角色执行一次。以调用者身份运行（需 CREATEROLE）；返回该角色在本库的设置。 Sets, for one login role (used by a BI tool over ODBC/JDBC) in this database, the time zone (the street''s, so a client that drops offsets shows local times) and a search_path with jxlink first (so document-number comparisons and min/max work and ODBC lists the columns of views); settings of group roles are not inherited, so run it once per login role. Runs as the caller (needs CREATEROLE); returns the role''s settings in this database.';
REVOKE ALL ON FUNCTION jxlink.prepare_bi_login(login regrole) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.prepare_bi_login(login regrole) TO jxlink_admin;

------------------------------------------------------------------------------
-- Reporting over SQL (三（四）): labels, per-unit totals, resolution follow-up
------------------------------------------------------------------------------

CREATE VIEW jxlink.obligation_kind_label WITH (security_invoker = true) AS
SELECT v.kind, v.label_zh, v.label_en, v.clause
FROM (VALUES
    ('transfer', '案件移送（移交）', 'transfer of a case', '三（三）2'),
    ('acknowledge', '书面告知受理情况', 'written notice of acceptance', '三（三）2④'),
    ('file_case', '立案', 'filing the case', '三（二）、二（一）'),
    ('copy_back', '抄告处理结果', 'copying the decision back', '二（一）'),
    ('licence_followup', '抄告后续办证情况', 'licensing follow-up', '二（二）'),
    ('complaint_reply', '答复举报投诉', 'reply to a complaint', '三（二）'),
    ('quarterly_meeting', '召开联席会议', 'holding the quarterly joint meeting', '三（四）3'),
    ('resolution_report', '通报议定事项落实情况', 'report on a resolution', '三（四）4'),
    ('share_request', '提供共享信息', 'providing shared information', '三（一）4'),
    ('assistance_request', '答复执法协助请求', 'answer to a request for assistance', '二、四（三）'),
    ('resubmit', '补充材料后重新移交', 'resubmission of a returned referral', '三（三）2②、3'),
    ('progress_update', '定期通报案件进展', 'periodic progress update on a case', '三（三）1')
) AS v(kind, label_zh, label_en, clause);
COMMENT ON VIEW jxlink.obligation_kind_label IS '义务种类的中英文名称及依据条款（obligation.kind 允许的每个值一行），供报表关联。 The Chinese and English name and the clause of every obligation kind (one row per value obligation.kind allows), for reports to join.';
COMMENT ON COLUMN jxlink.obligation_kind_label.kind IS '义务种类（obligation.kind）。 Obligation kind (obligation.kind).';
COMMENT ON COLUMN jxlink.obligation_kind_label.label_zh IS '中文名称。 Chinese name.';
COMMENT ON COLUMN jxlink.obligation_kind_label.label_en IS '英文名称。 English name.';
COMMENT ON COLUMN jxlink.obligation_kind_label.clause IS '依据条款。 Clause of the provisions.';
GRANT SELECT ON TABLE jxlink.obligation_kind_label TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;

CREATE VIEW jxlink.unit_kind_label WITH (security_invoker = true) AS
SELECT v.kind, v.label_zh, v.label_en
FROM (VALUES
    ('functional_section', '职能科室', 'functional section'),
    ('dispatched_agency', '市直派驻机构', 'city-level dispatched agency'),
    ('enforcement_team', '综合执法队', 'enforcement team'),
    ('community_work_group', '包社区工作组', 'community work group'),
    ('community', '社区', 'community'),
    ('grid', '网格', 'grid'),
    ('judicial_office', '司法所', 'judicial office'),
    ('discipline_commission', '纪工委', 'discipline commission'),
    ('leadership', '街道领导', 'leadership'),
    ('city_department', '市直部门', 'city department')
) AS v(kind, label_zh, label_en);
COMMENT ON VIEW jxlink.unit_kind_label IS '单位类别的中英文名称（unit.kind 允许的每个值一行，二），供报表关联。 The Chinese and English name of every unit kind (one row per value unit.kind allows, 二), for reports to join.';
COMMENT ON COLUMN jxlink.unit_kind_label.kind IS '单位类别（unit.kind）。 Unit kind (unit.kind).';
COMMENT ON COLUMN jxlink.unit_kind_label.label_zh IS '中文名称。 Chinese name.';
COMMENT ON COLUMN jxlink.unit_kind_label.label_en IS '英文名称。 English name.';
GRANT SELECT ON TABLE jxlink.unit_kind_label TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;

CREATE VIEW jxlink.unit_totals WITH (security_invoker = true) AS
SELECT s.jurisdiction, s.unit_id, s.unit_code, s.unit_name_zh, s.unit_kind, s.quarter, s.quarter_start,
       sum(s.total)::bigint AS total, sum(s.met_on_time)::bigint AS met_on_time, sum(s.met_late)::bigint AS met_late,
       sum(s.overdue)::bigint AS overdue, sum(s.not_yet_due)::bigint AS not_yet_due, sum(s.refused)::bigint AS refused,
       sum(s.waived)::bigint AS waived, sum(s.waived_late)::bigint AS waived_late,
       jxlink.on_time_rate(sum(s.met_on_time)::bigint, sum(s.met_late)::bigint, sum(s.overdue)::bigint,
                           sum(s.refused)::bigint, sum(s.waived_late)::bigint) AS on_time_rate
FROM jxlink.unit_scorecard s
GROUP BY s.jurisdiction, s.unit_id, s.unit_code, s.unit_name_zh, s.unit_kind, s.quarter, s.quarter_start;
COMMENT ON VIEW jxlink.unit_totals IS '各单位每季度（按期限届满日所在季度，截至当前）全部种类义务的合计：unit_scorecard 各种类之和。按时率 = 按时履行 ÷（按时履行 + 逾期履行 + 仍逾期 + 以拒绝作答 + 逾期后免除），与 unit_scorecard 相同：以拒绝作答（refused）计入分母；未到期与到期前免除不计。 Per unit and quarter (of the last day), as of now, the totals over every kind: the sum of unit_scorecard''s rows. On-time rate = met on time / (met on time + met late + still overdue + refused + waived late), as in unit_scorecard: refused answers count in the denominator; not yet due and waived before due do not.';
COMMENT ON COLUMN jxlink.unit_totals.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.unit_totals.unit_id IS '单位标识。 Unit identifier.';
COMMENT ON COLUMN jxlink.unit_totals.unit_code IS '单位代码。 Unit code.';
COMMENT ON COLUMN jxlink.unit_totals.unit_name_zh IS '单位名称。 Unit name.';
COMMENT ON COLUMN jxlink.unit_totals.unit_kind IS '单位类别（名称见 unit_kind_label）。 Unit kind (names in unit_kind_label).';
COMMENT ON COLUMN jxlink.unit_totals.quarter IS '季度（期限届满日所在，如 2024-Q4）。 Quarter of the last day (e.g. 2024-Q4).';
COMMENT ON COLUMN jxlink.unit_totals.quarter_start IS '季度首日。 First day of the quarter.';
COMMENT ON COLUMN jxlink.unit_totals.total IS '义务总数。 Number of obligations.';
COMMENT ON COLUMN jxlink.unit_totals.met_on_time IS '按时履行数。 Met on time.';
COMMENT ON COLUMN jxlink.unit_totals.met_late IS '逾期履行数。 Met late.';
COMMENT ON COLUMN jxlink.unit_totals.overdue IS '仍逾期数。 Still overdue.';
COMMENT ON COLUMN jxlink.unit_totals.not_yet_due IS '未到期数。 Not yet due.';
COMMENT ON COLUMN jxlink.unit_totals.refused IS '以拒绝作答数（如拒绝提供共享信息、拒绝协助；计入按时率分母）。 Answered with a refusal (e.g. a share or assistance request refused; in the on-time rate''s denominator).';
COMMENT ON COLUMN jxlink.unit_totals.waived IS '到期前免除数。 Waived before due.';
COMMENT ON COLUMN jxlink.unit_totals.waived_late IS '逾期后免除数（计为逾期）。 Waived after due (counted late).';
COMMENT ON COLUMN jxlink.unit_totals.on_time_rate IS '按时率 = 按时履行 ÷（按时履行 + 逾期履行 + 仍逾期 + 以拒绝作答 + 逾期后免除）；分母为 0 时为空。 On-time rate = met on time / (met on time + met late + overdue + refused + waived late); null when that is 0.';
GRANT SELECT ON TABLE jxlink.unit_totals TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;

CREATE FUNCTION jxlink.unit_totals_for(from_date date, to_date date) RETURNS TABLE(jurisdiction text, unit_id uuid, unit_code text, unit_name_zh text, unit_kind text, period_from date, period_to date, total bigint, met_on_time bigint, met_late bigint, overdue bigint, not_yet_due bigint, refused bigint, waived bigint, waived_late bigint, on_time_rate numeric)
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
SELECT s.jurisdiction, s.unit_id, s.unit_code, s.unit_name_zh, s.unit_kind, from_date, to_date,
       sum(s.total)::bigint, sum(s.met_on_time)::bigint, sum(s.met_late)::bigint,
       sum(s.overdue)::bigint, sum(s.not_yet_due)::bigint, sum(s.refused)::bigint,
       sum(s.waived)::bigint, sum(s.waived_late)::bigint,
       jxlink.on_time_rate(sum(s.met_on_time)::bigint, sum(s.met_late)::bigint, sum(s.overdue)::bigint,
                           sum(s.refused)::bigint, sum(s.waived_late)::bigint)
FROM jxlink.unit_scorecard_for(from_date, to_date) s
GROUP BY s.jurisdiction, s.unit_id, s.unit_code, s.unit_name_zh, s.unit_kind
$$;
COMMENT ON FUNCTION jxlink.unit_totals_for(from_date date, to_date date) IS '某一期间（期限届满日在 [from_date, to_date] 内）各单位全部种类义务的合计，每单位一行，按期末（to_date 次日 00:00 本地时间）状态：unit_scorecard_for 各行之和，上季度的报表不随今天变化。按时率定义同 unit_totals（以拒绝作答计入分母）。 Per unit, one row, the totals over every kind of the obligations whose last day is in [from_date, to_date], judged as at the period''s end (00:00 local time after to_date): the sum of unit_scorecard_for''s rows, so last quarter''s report does not change with today. On-time rate as in unit_totals (refused counts in the denominator).';
REVOKE ALL ON FUNCTION jxlink.unit_totals_for(from_date date, to_date date) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.unit_totals_for(from_date date, to_date date) TO jxlink_clerk, jxlink_supervisor, jxlink_admin, jxlink_bi;

CREATE VIEW jxlink.resolution_followup WITH (security_invoker = true) AS
SELECT r.resolution_id, r.jurisdiction, m.meeting_id, m.kind AS meeting_kind, m.held_at AS meeting_held_at,
       m.minutes_no::text AS minutes_no, r.number AS resolution_number, r.title AS resolution_title,
       r.status AS resolution_status, u.unit_id, u.code AS unit_code, u.name_zh AS unit_name_zh,
       ob.report_due_at, ob.report_status, rp.reported_at IS NOT NULL AS reported, rp.reported_at, rp.progress,
       ob.last_report_on_time, coalesce(ob.reports_owed, 0) AS reports_owed,
       coalesce(ob.reports_on_time, 0) AS reports_on_time, coalesce(ob.reports_late, 0) AS reports_late,
       coalesce(ob.overdue_now, false) AS overdue_now
FROM jxlink.resolution r
JOIN jxlink.joint_meeting m ON m.meeting_id = r.meeting_id
JOIN jxlink.resolution_owner o ON o.resolution_id = r.resolution_id
JOIN jxlink.unit u ON u.unit_id = o.unit_id
LEFT JOIN LATERAL (
    SELECT (array_agg(s.due_at ORDER BY s.started_at DESC))[1] AS report_due_at,
           (array_agg(s.status ORDER BY s.started_at DESC))[1] AS report_status,
           (array_agg(s.status = 'met_on_time' ORDER BY s.met_at DESC)
                FILTER (WHERE s.status IN ('met_on_time', 'met_late')))[1] AS last_report_on_time,
           count(*) AS reports_owed,
           count(*) FILTER (WHERE s.status = 'met_on_time') AS reports_on_time,
           count(*) FILTER (WHERE s.status IN ('met_late', 'overdue', 'waived_late')) AS reports_late,
           bool_or(s.status = 'overdue') AS overdue_now
    FROM jxlink.obligation_status s
    WHERE s.subject_id = r.resolution_id AND s.kind = 'resolution_report' AND s.owner_unit = o.unit_id) ob ON true
LEFT JOIN LATERAL (
    SELECT p.reported_at, p.progress FROM jxlink.resolution_report p
    WHERE p.resolution_id = r.resolution_id AND p.unit_id = o.unit_id
    ORDER BY p.reported_at DESC LIMIT 1) rp ON true;
COMMENT ON VIEW jxlink.resolution_followup IS '议定事项落实情况（三（四）4）：每个议定事项的每个责任单位一行――议定会议（时间、类型、纪要文号）、事项编号与标题、责任单位、当前应通报的期限与状态、是否已通报、最近通报时间与进度（in_progress 落实中 / done 已办结），最近一次通报是否按时、逾期次数、当前是否逾期（均取自台账）。 Follow-up of resolutions (决议落实, 三（四）4): one row per resolution and assigned unit - the adopting meeting (time, kind, minutes number), the resolution''s number and title, the unit, the due time and status of its latest report obligation, whether it reported, its latest report (time and progress: in_progress or done), whether that report was on time, how many reports were late, and whether one is overdue now (all from the ledger).';
COMMENT ON COLUMN jxlink.resolution_followup.resolution_id IS '议定事项标识。 Resolution identifier.';
COMMENT ON COLUMN jxlink.resolution_followup.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.resolution_followup.meeting_id IS '议定的会议。 The meeting that adopted it.';
COMMENT ON COLUMN jxlink.resolution_followup.meeting_kind IS '会议类型：regular 例会、special 专题会议。 Kind of the meeting: regular or special.';
COMMENT ON COLUMN jxlink.resolution_followup.meeting_held_at IS '会议召开时间。 When the meeting was held.';
COMMENT ON COLUMN jxlink.resolution_followup.minutes_no IS '会议纪要文号（纪要印发前为空）。 Number of the minutes (null until issued).';
COMMENT ON COLUMN jxlink.resolution_followup.resolution_number IS '会内编号（第N项）。 Number within the meeting.';
COMMENT ON COLUMN jxlink.resolution_followup.resolution_title IS '事项。 Title.';
COMMENT ON COLUMN jxlink.resolution_followup.resolution_status IS '事项状态：open 落实中、done 已办结。 open or done.';
COMMENT ON COLUMN jxlink.resolution_followup.unit_id IS '责任单位标识。 Assigned unit.';
COMMENT ON COLUMN jxlink.resolution_followup.unit_code IS '责任单位代码。 Code of the assigned unit.';
COMMENT ON COLUMN jxlink.resolution_followup.unit_name_zh IS '责任单位名称。 Name of the assigned unit.';
COMMENT ON COLUMN jxlink.resolution_followup.report_due_at IS '最近一项通报义务的逾期起点（下次会议当日 24:00）。 First late instant of the latest report obligation (24:00 of the next meeting''s day).';
COMMENT ON COLUMN jxlink.resolution_followup.report_status IS '最近一项通报义务的状态（pending、due_soon、overdue、met_on_time、met_late 等，同 obligation_status）。 Status of the latest report obligation (pending, due_soon, overdue, met_on_time, met_late..., as in obligation_status).';
COMMENT ON COLUMN jxlink.resolution_followup.reported IS '是否已通报过。 Whether the unit has reported at all.';
COMMENT ON COLUMN jxlink.resolution_followup.reported_at IS '最近一次通报时间（通报所在会议的时间）。 When it last reported (the time of that meeting).';
COMMENT ON COLUMN jxlink.resolution_followup.progress IS '最近一次通报的进度：in_progress 落实中、done 已办结。 Progress of the latest report: in_progress or done.';
COMMENT ON COLUMN jxlink.resolution_followup.last_report_on_time IS '最近一次通报是否按时（台账判定；未通报为空）。 Whether the latest report was on time (judged by the ledger; null when none).';
COMMENT ON COLUMN jxlink.resolution_followup.reports_owed IS '已开立的通报义务数。 Report obligations opened.';
COMMENT ON COLUMN jxlink.resolution_followup.reports_on_time IS '按时通报数。 Reports made on time.';
COMMENT ON COLUMN jxlink.resolution_followup.reports_late IS '逾期的通报义务数（逾期通报、仍逾期、逾期后免除）。 Report obligations late (met late, still overdue, waived after due).';
COMMENT ON COLUMN jxlink.resolution_followup.overdue_now IS '当前是否有逾期未通报。 Whether a report is overdue now.';
GRANT SELECT ON TABLE jxlink.resolution_followup TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;

------------------------------------------------------------------------------
-- The city's comparisons (issue 13): towns ranked, a city department's
-- agencies side by side, open and overdue items per town.  Each reads the
-- rows the reader reads (row-level security), live and as of an instant.
------------------------------------------------------------------------------

-- The moment a period's report is judged at: 00:00 local time after its last
-- day, or now while the period runs; the period is checked first.  The _for
-- functions call it once, in FROM (a lateral join): as an argument it would be
-- inlined into every use of as_of, once per row; in plpgsql a caller's filter
-- (WHERE jurisdiction = ...) could not reach the ledger's indexes.
CREATE FUNCTION jxlink.period_judged_at(from_date date, to_date date) RETURNS timestamp with time zone
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    PERFORM jxlink.check_calendar_date(period_judged_at.from_date, 'from_date'), jxlink.check_calendar_date(period_judged_at.to_date, 'to_date');
    IF from_date IS NULL OR to_date IS NULL OR from_date > to_date THEN
        RAISE EXCEPTION 'invalid period: % to %', from_date, to_date
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Give the first and the last day, the first not after the last.';
    END IF;
    RETURN least(jxlink.local_midnight(to_date + 1), now());
END
$$;
COMMENT ON FUNCTION jxlink.period_judged_at(from_date date, to_date date) IS '（内部）某期间报表的评判时刻：to_date 次日 00:00（本地时间），期间未完则为当前；期间无效时报错（22023、22008）。 (Internal) The instant a period''s report is judged at: 00:00 local time after to_date, or now while the period runs; an invalid period is refused (22023, 22008).';
REVOKE ALL ON FUNCTION jxlink.period_judged_at(from_date date, to_date date) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.period_judged_at(from_date date, to_date date) TO jxlink_clerk, jxlink_supervisor, jxlink_admin, jxlink_bi;

-- The counts every scorecard above the unit is made of: scorecard_tally_at
-- with every kind together, per owner unit and quarter.
CREATE FUNCTION jxlink.scorecard_rollup_at(from_date date, to_date date, as_of timestamp with time zone) RETURNS TABLE(jurisdiction text, owner_unit uuid, quarter_start date, total bigint, met_on_time bigint, met_late bigint, overdue bigint, not_yet_due bigint, waived bigint, refused bigint, waived_late bigint, late_workdays_sum bigint, late_count bigint, max_late_workdays integer)
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
SELECT t.jurisdiction, t.owner_unit, t.quarter_start,
       pg_catalog.sum(t.total)::bigint, pg_catalog.sum(t.met_on_time)::bigint, pg_catalog.sum(t.met_late)::bigint,
       pg_catalog.sum(t.overdue)::bigint, pg_catalog.sum(t.not_yet_due)::bigint, pg_catalog.sum(t.waived)::bigint,
       pg_catalog.sum(t.refused)::bigint, pg_catalog.sum(t.waived_late)::bigint,
       pg_catalog.sum(t.late_workdays_sum)::bigint, pg_catalog.sum(t.late_count)::bigint, pg_catalog.max(t.max_late_workdays)
FROM jxlink.scorecard_tally_at(from_date, to_date, as_of) t
GROUP BY t.jurisdiction, t.owner_unit, t.quarter_start
$$;
COMMENT ON FUNCTION jxlink.scorecard_rollup_at(from_date date, to_date date, as_of timestamp with time zone) IS '（内部）期限届满日在 [from_date, to_date] 内的义务截至 as_of 的计数，按负担单位与季度（各种类合计）；逾期工作日以总和与个数给出，便于汇总。 (Internal) Counts of the obligations whose last day is in [from_date, to_date], as of an instant, per owner unit and quarter (every kind together); lateness as a sum and a count, so that it adds up.';
REVOKE ALL ON FUNCTION jxlink.scorecard_rollup_at(from_date date, to_date date, as_of timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.scorecard_rollup_at(from_date date, to_date date, as_of timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin, jxlink_bi;

CREATE FUNCTION jxlink.jurisdiction_scorecard_at(from_date date, to_date date, as_of timestamp with time zone) RETURNS TABLE(jurisdiction text, name_zh text, level text, parent text, quarter text, quarter_start date, total bigint, met_on_time bigint, met_late bigint, overdue bigint, not_yet_due bigint, waived bigint, refused bigint, waived_late bigint, on_time_rate numeric, avg_late_workdays numeric, max_late_workdays integer, rank_in_city bigint)
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
SELECT g.jurisdiction, j.name_zh, j.level, j.parent,
       pg_catalog.to_char(g.quarter_start::timestamp without time zone, 'YYYY-"Q"Q'), g.quarter_start,
       g.total, g.met_on_time, g.met_late, g.overdue, g.not_yet_due, g.waived, g.refused, g.waived_late, r.rate,
       CASE WHEN g.late_count OPERATOR(pg_catalog.>) 0
            THEN pg_catalog.round(g.late_workdays_sum::numeric OPERATOR(pg_catalog./) g.late_count, 2) END,
       g.max_late_workdays,
       pg_catalog.rank() OVER (PARTITION BY j.parent, g.quarter_start ORDER BY r.rate DESC NULLS LAST)
FROM (
    SELECT c.jurisdiction, c.quarter_start,
           pg_catalog.sum(c.total)::bigint AS total, pg_catalog.sum(c.met_on_time)::bigint AS met_on_time,
           pg_catalog.sum(c.met_late)::bigint AS met_late, pg_catalog.sum(c.overdue)::bigint AS overdue,
           pg_catalog.sum(c.not_yet_due)::bigint AS not_yet_due, pg_catalog.sum(c.waived)::bigint AS waived,
           pg_catalog.sum(c.refused)::bigint AS refused, pg_catalog.sum(c.waived_late)::bigint AS waived_late,
           pg_catalog.sum(c.late_workdays_sum)::bigint AS late_workdays_sum, pg_catalog.sum(c.late_count)::bigint AS late_count,
           pg_catalog.max(c.max_late_workdays) AS max_late_workdays
    FROM jxlink.scorecard_rollup_at(from_date, to_date, as_of) c
    GROUP BY c.jurisdiction, c.quarter_start) g
JOIN jxlink.jurisdiction j ON j.code OPERATOR(pg_catalog.=) g.jurisdiction
CROSS JOIN LATERAL (SELECT jxlink.on_time_rate(g.met_on_time, g.met_late, g.overdue, g.refused, g.waived_late) AS rate) r
$$;
COMMENT ON FUNCTION jxlink.jurisdiction_scorecard_at(from_date date, to_date date, as_of timestamp with time zone) IS '（供报表）各辖区每季度的履行情况（期限届满日在 [from_date, to_date] 内，截至 as_of）及在同一市内的按时率名次（市级通报对各镇街的排名）；只计读者可读的行。 (For reports) Per jurisdiction and quarter, the obligations whose last day is in [from_date, to_date] as of an instant, with the rank of its on-time rate among the towns and streets of its city (the ranking of a city bulletin); counts the rows the reader reads.';
REVOKE ALL ON FUNCTION jxlink.jurisdiction_scorecard_at(from_date date, to_date date, as_of timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.jurisdiction_scorecard_at(from_date date, to_date date, as_of timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin, jxlink_bi;

CREATE VIEW jxlink.jurisdiction_scorecard WITH (security_invoker = true) AS
SELECT * FROM jxlink.jurisdiction_scorecard_at('-infinity', 'infinity', pg_catalog.now());
COMMENT ON VIEW jxlink.jurisdiction_scorecard IS '各辖区（镇、街道、市本级）每季度的履行情况（按期限届满日所在季度，截至当前）及在市内的按时率名次：市级通报的镇街排名。 Per jurisdiction (town, street, the city itself) and quarter of the last day, as of now: the obligations'' outcomes and the rank of the on-time rate within the city, the ranking of towns in a city bulletin.';
COMMENT ON COLUMN jxlink.jurisdiction_scorecard.jurisdiction IS '辖区代码。 Jurisdiction code.';
COMMENT ON COLUMN jxlink.jurisdiction_scorecard.name_zh IS '辖区名称。 Jurisdiction name.';
COMMENT ON COLUMN jxlink.jurisdiction_scorecard.level IS '层级（city、town、street）。 Level (city, town, street).';
COMMENT ON COLUMN jxlink.jurisdiction_scorecard.parent IS '所属的市。 The city it belongs to.';
COMMENT ON COLUMN jxlink.jurisdiction_scorecard.quarter IS '季度（期限届满日所在，如 2024-Q4）。 Quarter of the last day (e.g. 2024-Q4).';
COMMENT ON COLUMN jxlink.jurisdiction_scorecard.quarter_start IS '季度首日。 First day of the quarter.';
COMMENT ON COLUMN jxlink.jurisdiction_scorecard.total IS '义务总数。 Number of obligations.';
COMMENT ON COLUMN jxlink.jurisdiction_scorecard.met_on_time IS '按时履行数。 Met on time.';
COMMENT ON COLUMN jxlink.jurisdiction_scorecard.met_late IS '逾期履行数。 Met late.';
COMMENT ON COLUMN jxlink.jurisdiction_scorecard.overdue IS '仍逾期未履行数。 Still overdue.';
COMMENT ON COLUMN jxlink.jurisdiction_scorecard.not_yet_due IS '未到期数。 Not yet due.';
COMMENT ON COLUMN jxlink.jurisdiction_scorecard.waived IS '到期前免除数（不计入按时率）。 Waived before it was due (outside the on-time rate).';
COMMENT ON COLUMN jxlink.jurisdiction_scorecard.refused IS '以拒绝作答数（计入按时率分母）。 Answered with a refusal (counted in the on-time rate''s denominator).';
COMMENT ON COLUMN jxlink.jurisdiction_scorecard.waived_late IS '逾期后免除数（计为逾期）。 Waived after it was due (counted late).';
COMMENT ON COLUMN jxlink.jurisdiction_scorecard.on_time_rate IS '按时率（定义同 unit_scorecard）。 On-time rate (as in unit_scorecard).';
COMMENT ON COLUMN jxlink.jurisdiction_scorecard.avg_late_workdays IS '平均逾期工作日。 Average working days late.';
COMMENT ON COLUMN jxlink.jurisdiction_scorecard.max_late_workdays IS '最长逾期工作日。 Worst lateness in working days.';
COMMENT ON COLUMN jxlink.jurisdiction_scorecard.rank_in_city IS '本季度在同一市各辖区中的按时率名次（1 为最高；无可评义务者居末）。 Rank of the on-time rate among the jurisdictions of the same city in the quarter (1 is best; those with nothing judged come last).';
GRANT SELECT ON TABLE jxlink.jurisdiction_scorecard TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;

CREATE FUNCTION jxlink.jurisdiction_scorecard_for(from_date date, to_date date) RETURNS SETOF jxlink.jurisdiction_scorecard
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
SELECT s.* FROM jxlink.period_judged_at(from_date, to_date) AS j(judged_at)
CROSS JOIN LATERAL jxlink.jurisdiction_scorecard_at(from_date, to_date, j.judged_at) s
$$;
COMMENT ON FUNCTION jxlink.jurisdiction_scorecard_for(from_date date, to_date date) IS '某一期间（期限届满日在 [from_date, to_date] 内）各辖区的履行情况与市内名次，按期末（to_date 次日 00:00 本地时间）状态：上季度的排名不随今天变化。 The jurisdictions'' scorecard and ranking within the city for a period (last day in [from_date, to_date]), judged as at its end (00:00 local time after to_date): last quarter''s ranking does not change with today.';
REVOKE ALL ON FUNCTION jxlink.jurisdiction_scorecard_for(from_date date, to_date date) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.jurisdiction_scorecard_for(from_date date, to_date date) TO jxlink_clerk, jxlink_supervisor, jxlink_admin, jxlink_bi;

CREATE FUNCTION jxlink.department_scorecard_at(from_date date, to_date date, as_of timestamp with time zone) RETURNS TABLE(department uuid, department_code text, department_name_zh text, jurisdiction text, jurisdiction_name_zh text, unit_id uuid, unit_code text, unit_name_zh text, quarter text, quarter_start date, total bigint, met_on_time bigint, met_late bigint, overdue bigint, not_yet_due bigint, waived bigint, refused bigint, waived_late bigint, on_time_rate numeric, avg_late_workdays numeric, max_late_workdays integer, rank_in_department bigint)
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
SELECT d.unit_id, d.code, d.name_zh, g.jurisdiction, j.name_zh, u.unit_id, u.code, u.name_zh,
       pg_catalog.to_char(g.quarter_start::timestamp without time zone, 'YYYY-"Q"Q'), g.quarter_start,
       g.total, g.met_on_time, g.met_late, g.overdue, g.not_yet_due, g.waived, g.refused, g.waived_late, r.rate,
       CASE WHEN g.late_count OPERATOR(pg_catalog.>) 0
            THEN pg_catalog.round(g.late_workdays_sum::numeric OPERATOR(pg_catalog./) g.late_count, 2) END,
       g.max_late_workdays,
       pg_catalog.rank() OVER (PARTITION BY d.unit_id, g.quarter_start ORDER BY r.rate DESC NULLS LAST)
FROM jxlink.scorecard_rollup_at(from_date, to_date, as_of) g
JOIN jxlink.unit u ON u.unit_id OPERATOR(pg_catalog.=) g.owner_unit
JOIN jxlink.unit d ON d.unit_id OPERATOR(pg_catalog.=) u.parent_department
JOIN jxlink.jurisdiction j ON j.code OPERATOR(pg_catalog.=) g.jurisdiction
CROSS JOIN LATERAL (SELECT jxlink.on_time_rate(g.met_on_time, g.met_late, g.overdue, g.refused, g.waived_late) AS rate) r
$$;
COMMENT ON FUNCTION jxlink.department_scorecard_at(from_date date, to_date date, as_of timestamp with time zone) IS '（供报表）各市直部门在各镇街的派驻机构每季度的履行情况（期限届满日在 [from_date, to_date] 内，截至 as_of），及在本部门各机构中的按时率名次；只计读者可读的行。 (For reports) Per city department, its agency in each town and quarter: the obligations whose last day is in [from_date, to_date] as of an instant, with the rank of the on-time rate among the department''s agencies; counts the rows the reader reads.';
REVOKE ALL ON FUNCTION jxlink.department_scorecard_at(from_date date, to_date date, as_of timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.department_scorecard_at(from_date date, to_date date, as_of timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin, jxlink_bi;

CREATE VIEW jxlink.department_scorecard WITH (security_invoker = true) AS
SELECT * FROM jxlink.department_scorecard_at('-infinity', 'infinity', pg_catalog.now());
COMMENT ON VIEW jxlink.department_scorecard IS '市直部门在各镇街的派驻机构（如市市场监管局的各市场监管所）每季度的履行情况（按期限届满日所在季度，截至当前）及在本部门中的名次。 Per city department, its agency in each town (e.g. the market regulation offices of the city bureau) and quarter of the last day, as of now: the obligations'' outcomes and the rank within the department.';
COMMENT ON COLUMN jxlink.department_scorecard.department IS '市直部门标识。 City department identifier.';
COMMENT ON COLUMN jxlink.department_scorecard.department_code IS '市直部门代码。 City department code.';
COMMENT ON COLUMN jxlink.department_scorecard.department_name_zh IS '市直部门名称。 City department name.';
COMMENT ON COLUMN jxlink.department_scorecard.jurisdiction IS '派驻机构所在辖区。 Jurisdiction of the agency.';
COMMENT ON COLUMN jxlink.department_scorecard.jurisdiction_name_zh IS '辖区名称。 Jurisdiction name.';
COMMENT ON COLUMN jxlink.department_scorecard.unit_id IS '派驻机构标识。 Agency identifier.';
COMMENT ON COLUMN jxlink.department_scorecard.unit_code IS '派驻机构代码。 Agency code.';
COMMENT ON COLUMN jxlink.department_scorecard.unit_name_zh IS '派驻机构名称。 Agency name.';
COMMENT ON COLUMN jxlink.department_scorecard.quarter IS '季度（期限届满日所在）。 Quarter of the last day.';
COMMENT ON COLUMN jxlink.department_scorecard.quarter_start IS '季度首日。 First day of the quarter.';
COMMENT ON COLUMN jxlink.department_scorecard.total IS '义务总数。 Number of obligations.';
COMMENT ON COLUMN jxlink.department_scorecard.met_on_time IS '按时履行数。 Met on time.';
COMMENT ON COLUMN jxlink.department_scorecard.met_late IS '逾期履行数。 Met late.';
COMMENT ON COLUMN jxlink.department_scorecard.overdue IS '仍逾期未履行数。 Still overdue.';
COMMENT ON COLUMN jxlink.department_scorecard.not_yet_due IS '未到期数。 Not yet due.';
COMMENT ON COLUMN jxlink.department_scorecard.waived IS '到期前免除数。 Waived before it was due.';
COMMENT ON COLUMN jxlink.department_scorecard.refused IS '以拒绝作答数。 Answered with a refusal.';
COMMENT ON COLUMN jxlink.department_scorecard.waived_late IS '逾期后免除数。 Waived after it was due.';
COMMENT ON COLUMN jxlink.department_scorecard.on_time_rate IS '按时率（定义同 unit_scorecard）。 On-time rate (as in unit_scorecard).';
COMMENT ON COLUMN jxlink.department_scorecard.avg_late_workdays IS '平均逾期工作日。 Average working days late.';
COMMENT ON COLUMN jxlink.department_scorecard.max_late_workdays IS '最长逾期工作日。 Worst lateness in working days.';
COMMENT ON COLUMN jxlink.department_scorecard.rank_in_department IS '本季度在本部门各派驻机构中的按时率名次。 Rank of the on-time rate among the department''s agencies in the quarter.';
GRANT SELECT ON TABLE jxlink.department_scorecard TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;

CREATE FUNCTION jxlink.department_scorecard_for(from_date date, to_date date) RETURNS SETOF jxlink.department_scorecard
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
SELECT s.* FROM jxlink.period_judged_at(from_date, to_date) AS j(judged_at)
CROSS JOIN LATERAL jxlink.department_scorecard_at(from_date, to_date, j.judged_at) s
$$;
COMMENT ON FUNCTION jxlink.department_scorecard_for(from_date date, to_date date) IS '某一期间各市直部门派驻机构的履行情况与部门内名次，按期末（to_date 次日 00:00 本地时间）状态。 The city departments'' agencies scorecard and ranking for a period (last day in [from_date, to_date]), judged as at its end (00:00 local time after to_date).';
REVOKE ALL ON FUNCTION jxlink.department_scorecard_for(from_date date, to_date date) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.department_scorecard_for(from_date date, to_date date) TO jxlink_clerk, jxlink_supervisor, jxlink_admin, jxlink_bi;

CREATE FUNCTION jxlink.jurisdiction_open_counts_at(as_of timestamp with time zone) RETURNS TABLE(jurisdiction text, name_zh text, level text, parent text, open bigint, due_soon bigint, overdue bigint, overdue_workdays_1_5 bigint, overdue_workdays_over_5 bigint, max_late_workdays integer, oldest_overdue_due_date date)
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
SELECT j.code, j.name_zh, j.level, j.parent,
       pg_catalog.count(s.obligation_id),
       pg_catalog.count(*) FILTER (WHERE s.status OPERATOR(pg_catalog.=) 'due_soon'),
       pg_catalog.count(*) FILTER (WHERE s.status OPERATOR(pg_catalog.=) 'overdue'),
       pg_catalog.count(*) FILTER (WHERE s.status OPERATOR(pg_catalog.=) 'overdue' AND s.late_workdays OPERATOR(pg_catalog.<=) 5),
       pg_catalog.count(*) FILTER (WHERE s.status OPERATOR(pg_catalog.=) 'overdue' AND s.late_workdays OPERATOR(pg_catalog.>) 5),
       pg_catalog.max(s.late_workdays) FILTER (WHERE s.status OPERATOR(pg_catalog.=) 'overdue'),
       pg_catalog.min(s.due_date) FILTER (WHERE s.status OPERATOR(pg_catalog.=) 'overdue')
FROM jxlink.jurisdiction j
LEFT JOIN jxlink.obligation_status_at(as_of) s
       ON s.jurisdiction OPERATOR(pg_catalog.=) j.code
      AND s.status OPERATOR(pg_catalog.=) ANY ('{pending,due_soon,overdue}'::pg_catalog.text[])
WHERE j.code OPERATOR(pg_catalog.=) ANY (jxlink.reads_jurisdictions() OPERATOR(pg_catalog.||) jxlink.my_jurisdictions())
GROUP BY j.code, j.name_zh, j.level, j.parent
$$;
COMMENT ON FUNCTION jxlink.jurisdiction_open_counts_at(as_of timestamp with time zone) IS '（供报表）截至某一时刻各辖区未履行的义务：总数、临期、逾期（1 至 5 个工作日、5 个以上）、最长逾期与最早逾期的届满日；列出读者可读的各辖区（无未履行义务者计 0），只计其可读的行。 (For reports) Per jurisdiction, the obligations not met as of an instant: open, due soon, overdue (by 1 to 5 working days, by more), the worst lateness and the oldest overdue last day; lists the jurisdictions the reader reads (0 where nothing is open), counting the rows it reads.';
REVOKE ALL ON FUNCTION jxlink.jurisdiction_open_counts_at(as_of timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.jurisdiction_open_counts_at(as_of timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin, jxlink_bi;

CREATE VIEW jxlink.jurisdiction_open_counts WITH (security_invoker = true) AS
SELECT * FROM jxlink.jurisdiction_open_counts_at(pg_catalog.now());
COMMENT ON VIEW jxlink.jurisdiction_open_counts IS '各辖区当前未履行与逾期的义务数（市级看板：各镇街的在办与逾期）。 Per jurisdiction, the obligations open and overdue now (the city dashboard: open and overdue items per town).';
COMMENT ON COLUMN jxlink.jurisdiction_open_counts.jurisdiction IS '辖区代码。 Jurisdiction code.';
COMMENT ON COLUMN jxlink.jurisdiction_open_counts.name_zh IS '辖区名称。 Jurisdiction name.';
COMMENT ON COLUMN jxlink.jurisdiction_open_counts.level IS '层级。 Level.';
COMMENT ON COLUMN jxlink.jurisdiction_open_counts.parent IS '所属的市。 The city it belongs to.';
COMMENT ON COLUMN jxlink.jurisdiction_open_counts.open IS '未履行总数（未到期、临期、逾期）。 Not met (pending, due soon, overdue).';
COMMENT ON COLUMN jxlink.jurisdiction_open_counts.due_soon IS '临期数。 Due soon.';
COMMENT ON COLUMN jxlink.jurisdiction_open_counts.overdue IS '逾期数。 Overdue.';
COMMENT ON COLUMN jxlink.jurisdiction_open_counts.overdue_workdays_1_5 IS '逾期不超过 5 个工作日者。 Overdue by at most 5 working days.';
COMMENT ON COLUMN jxlink.jurisdiction_open_counts.overdue_workdays_over_5 IS '逾期超过 5 个工作日者。 Overdue by more than 5 working days.';
COMMENT ON COLUMN jxlink.jurisdiction_open_counts.max_late_workdays IS '最长逾期工作日。 Worst lateness in working days.';
COMMENT ON COLUMN jxlink.jurisdiction_open_counts.oldest_overdue_due_date IS '最早逾期义务的届满日。 Last day of the oldest overdue obligation.';
GRANT SELECT ON TABLE jxlink.jurisdiction_open_counts TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;
