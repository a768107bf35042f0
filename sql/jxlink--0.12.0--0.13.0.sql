-- jxlink 0.12.0 -> 0.13.0: sealed quarters (issue 13, item 5 d): each finished quarter's scorecard
-- counts kept per jurisdiction, unit and kind, so that the city's quarter scorecard reads thousands of
-- counts, not the quarter's ledger.  Run SELECT jxlink.seal_quarters() once after the update (and
-- schedule it): until a quarter is sealed, its scorecards are counted from the ledger as before.
\echo Use "ALTER EXTENSION jxlink UPDATE TO '0.13.0'" to load this file. \quit

-- ===== A. the counts from the ledger, per kind =====

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


-- ===== B. sealed quarters: the tables, sealing, following the ledger =====

CREATE TABLE jxlink.quarter_sealed (
    jurisdiction text NOT NULL,
    quarter_start date NOT NULL,
    judged_at timestamp with time zone NOT NULL,
    timezone text NOT NULL,
    sealed_at timestamp with time zone DEFAULT now() NOT NULL,
    revised_at timestamp with time zone,
    CONSTRAINT quarter_sealed_pkey PRIMARY KEY (jurisdiction, quarter_start),
    CONSTRAINT quarter_sealed_quarter_check CHECK (quarter_start = date_trunc('quarter', quarter_start::timestamp without time zone)::date),
    CONSTRAINT quarter_sealed_jurisdiction_fkey FOREIGN KEY (jurisdiction) REFERENCES jxlink.jurisdiction(code)
);
CREATE INDEX quarter_sealed_quarter ON jxlink.quarter_sealed USING btree (quarter_start, judged_at);
ALTER TABLE jxlink.quarter_sealed ENABLE ROW LEVEL SECURITY;
ALTER TABLE ONLY jxlink.quarter_sealed FORCE ROW LEVEL SECURITY;
COMMENT ON TABLE jxlink.quarter_sealed IS '已封存的季度：每个辖区每个已结束的季度，其记分卡计数（quarter_tally）按季度末评判时刻（季末次日 00:00 本地时间）计出并随台账维护。由 seal_quarters() 写入，读者只读。 Sealed quarters: per jurisdiction, each finished quarter whose scorecard counts (quarter_tally) were counted as judged at its end (00:00 local time after its last day) and follow the ledger since. Written by seal_quarters(); readers only read.';
COMMENT ON COLUMN jxlink.quarter_sealed.jurisdiction IS '辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.quarter_sealed.quarter_start IS '季度首日。 First day of the quarter.';
COMMENT ON COLUMN jxlink.quarter_sealed.judged_at IS '评判时刻：季末次日 00:00（本地时间）。 The instant it is judged at: 00:00 local time after its last day.';
COMMENT ON COLUMN jxlink.quarter_sealed.timezone IS '计数时的 jxlink.timezone。 jxlink.timezone when counted.';
COMMENT ON COLUMN jxlink.quarter_sealed.sealed_at IS '（最近一次整季）计数时间。 When the whole quarter was (last) counted.';
COMMENT ON COLUMN jxlink.quarter_sealed.revised_at IS '此后因台账变动最近一次部分重计的时间。 When part of it was last recounted after a change to the ledger.';
GRANT SELECT ON TABLE jxlink.quarter_sealed TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;
SELECT pg_catalog.pg_extension_config_dump('jxlink.quarter_sealed', '');

CREATE TABLE jxlink.quarter_tally (
    jurisdiction text NOT NULL,
    quarter_start date NOT NULL,
    owner_unit uuid NOT NULL,
    kind text NOT NULL,
    total bigint NOT NULL,
    met_on_time bigint NOT NULL,
    met_late bigint NOT NULL,
    overdue bigint NOT NULL,
    not_yet_due bigint NOT NULL,
    waived bigint NOT NULL,
    refused bigint NOT NULL,
    waived_late bigint NOT NULL,
    late_workdays_sum bigint,
    late_count bigint NOT NULL,
    max_late_workdays integer,
    CONSTRAINT quarter_tally_pkey PRIMARY KEY (quarter_start, jurisdiction, owner_unit, kind),
    CONSTRAINT quarter_tally_sealed_fkey FOREIGN KEY (jurisdiction, quarter_start) REFERENCES jxlink.quarter_sealed(jurisdiction, quarter_start) ON DELETE CASCADE
);
ALTER TABLE jxlink.quarter_tally ENABLE ROW LEVEL SECURITY;
ALTER TABLE ONLY jxlink.quarter_tally FORCE ROW LEVEL SECURITY;
COMMENT ON TABLE jxlink.quarter_tally IS '已封存季度的记分卡计数：按辖区、负担单位与种类，期限届满日在该季度内的义务于季度末评判时刻的结果（同 obligation_tally_at）。 The scorecard counts of a sealed quarter: per jurisdiction, owner unit and kind, the outcomes at the quarter''s judging instant of the obligations whose last day falls in it (as obligation_tally_at).';
COMMENT ON COLUMN jxlink.quarter_tally.jurisdiction IS '辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.quarter_tally.quarter_start IS '季度首日。 First day of the quarter.';
COMMENT ON COLUMN jxlink.quarter_tally.owner_unit IS '负担单位。 Owner unit.';
COMMENT ON COLUMN jxlink.quarter_tally.kind IS '义务种类。 Kind of obligation.';
COMMENT ON COLUMN jxlink.quarter_tally.total IS '义务总数。 Number of obligations.';
COMMENT ON COLUMN jxlink.quarter_tally.met_on_time IS '按时履行数。 Met on time.';
COMMENT ON COLUMN jxlink.quarter_tally.met_late IS '逾期履行数。 Met late.';
COMMENT ON COLUMN jxlink.quarter_tally.overdue IS '季度末仍逾期数。 Overdue at the quarter''s end.';
COMMENT ON COLUMN jxlink.quarter_tally.not_yet_due IS '季度末未到期数。 Not yet due at the quarter''s end.';
COMMENT ON COLUMN jxlink.quarter_tally.waived IS '到期前免除数。 Waived before due.';
COMMENT ON COLUMN jxlink.quarter_tally.refused IS '以拒绝作答数。 Answered with a refusal.';
COMMENT ON COLUMN jxlink.quarter_tally.waived_late IS '逾期后免除数。 Waived after due.';
COMMENT ON COLUMN jxlink.quarter_tally.late_workdays_sum IS '逾期工作日之和（逾期履行、仍逾期、逾期后免除者）。 Sum of the working days late (met late, overdue, waived late).';
COMMENT ON COLUMN jxlink.quarter_tally.late_count IS '计入上项的义务数。 Number of obligations in that sum.';
COMMENT ON COLUMN jxlink.quarter_tally.max_late_workdays IS '最长逾期工作日。 Worst lateness in working days.';
GRANT SELECT ON TABLE jxlink.quarter_tally TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;
SELECT pg_catalog.pg_extension_config_dump('jxlink.quarter_tally', '');

-- A reader reads a sealed quarter's tally where it reads every row of the
-- jurisdiction: there the tally counts exactly the rows it would count.
CREATE POLICY quarter_sealed_read ON jxlink.quarter_sealed FOR SELECT
USING (jurisdiction = ANY ((SELECT jxlink.reads_jurisdictions())::text[]));
COMMENT ON POLICY quarter_sealed_read ON jxlink.quarter_sealed IS '读者读其可读全部行的辖区（reads_jurisdictions()）的封存记录。 A reader reads the seals of the jurisdictions whose every row it reads (reads_jurisdictions()).';
CREATE POLICY quarter_tally_read ON jxlink.quarter_tally FOR SELECT
USING (jurisdiction = ANY ((SELECT jxlink.reads_jurisdictions())::text[]));
COMMENT ON POLICY quarter_tally_read ON jxlink.quarter_tally IS '读者读其可读全部行的辖区的季度计数：计数与其自台账所计相同。 A reader reads the tallies of the jurisdictions whose every row it reads: the same counts it would count from the ledger.';

-- The instant a quarter is judged at: 00:00 local time after its last day.
CREATE FUNCTION jxlink.quarter_judged_at(quarter_start date) RETURNS timestamp with time zone
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
SELECT jxlink.local_midnight((quarter_start OPERATOR(pg_catalog.+) '3 mons'::pg_catalog.interval)::pg_catalog.date)
$$;
COMMENT ON FUNCTION jxlink.quarter_judged_at(quarter_start date) IS '（内部）某季度的评判时刻：季末次日 00:00（本地时间）。 (Internal) The instant a quarter is judged at: 00:00 local time after its last day.';
REVOKE ALL ON FUNCTION jxlink.quarter_judged_at(quarter_start date) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.quarter_judged_at(quarter_start date) TO jxlink_clerk, jxlink_supervisor, jxlink_admin, jxlink_bi;

-- Which part of a period scorecard_tally_at takes from the tallies, for the
-- current reader: cut, the first day of the period's last quarter when the
-- period ends with that whole quarter and is judged at its end (else null);
-- sealed, the jurisdictions whose tally of that quarter the reader reads;
-- live_needed, whether the reader may see other rows of that quarter (rows of
-- jurisdictions not sealed or not read whole: its own units' rows, a
-- department's agencies, everything for a role that bypasses row-level
-- security), which are then counted from the ledger.  One row (ROWS 1: the
-- planner's default of 1000 would cost the scorecards as a thousand passes).
CREATE FUNCTION jxlink.sealed_cut(from_date date, to_date date, as_of timestamp with time zone) RETURNS TABLE(cut date, sealed text[], live_needed boolean)
    LANGUAGE plpgsql STABLE PARALLEL SAFE ROWS 1
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    q date;
BEGIN
    IF from_date IS NULL OR to_date IS NULL OR as_of IS NULL OR NOT isfinite(to_date) THEN
        RETURN QUERY SELECT NULL::date, '{}'::text[], false;
        RETURN;
    END IF;
    q := date_trunc('quarter', to_date::timestamp)::date;
    IF (q + interval '3 months')::date <> to_date + 1 OR from_date > q OR as_of <> jxlink.quarter_judged_at(q) THEN
        RETURN QUERY SELECT NULL::date, '{}'::text[], false;
        RETURN;
    END IF;
    SELECT coalesce(array_agg(s.jurisdiction ORDER BY s.jurisdiction), '{}') INTO sealed
    FROM jxlink.quarter_sealed s
    WHERE s.quarter_start = q AND s.judged_at = as_of AND s.timezone = current_setting('jxlink.timezone');
    IF cardinality(sealed) = 0 THEN
        RETURN QUERY SELECT NULL::date, '{}'::text[], false;
        RETURN;
    END IF;
    live_needed := cardinality(jxlink.my_units()) > 0
                   OR EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = current_user AND r.rolbypassrls AND NOT r.rolsuper)
                   OR NOT (jxlink.reads_jurisdictions() <@ sealed);
    RETURN QUERY SELECT q, sealed, live_needed;
END
$$;
COMMENT ON FUNCTION jxlink.sealed_cut(from_date date, to_date date, as_of timestamp with time zone) IS '（内部）scorecard_tally_at 对当前读者取自季度计数的部分：期间以整季度结束且按该季度末评判时，该季度首日（否则为空）；读者可读其计数的已封存辖区；读者是否还可能看到该季度的其他行（须自台账计数）。 (Internal) The part of a period scorecard_tally_at takes from the tallies for the current reader: the first day of the period''s last quarter when the period ends with it whole and is judged at its end (else null); the sealed jurisdictions whose tally the reader reads; whether the reader may see other rows of that quarter (then counted from the ledger).';
REVOKE ALL ON FUNCTION jxlink.sealed_cut(from_date date, to_date date, as_of timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.sealed_cut(from_date date, to_date date, as_of timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin, jxlink_bi;

-- (Re)count a finished quarter of the given jurisdictions into quarter_tally,
-- as judged at its end: the whole quarter (sealing it, or again after a
-- calendar change), or only the given units and kinds (after a change to the
-- ledger; the seal's row is locked first, so two such recounts take turns and
-- the second counts the first's rows).  Returns the rows written.
CREATE FUNCTION jxlink.quarter_tally_fill(quarter date, places text[], units uuid[] DEFAULT NULL::uuid[], kinds text[] DEFAULT NULL::text[]) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    judged timestamp with time zone := jxlink.quarter_judged_at(quarter);
    n      bigint;
BEGIN
    IF judged > now() THEN
        RAISE EXCEPTION 'the quarter starting % has not ended', quarter
            USING ERRCODE = 'invalid_parameter_value', HINT = 'A quarter is sealed once it is judged, at 00:00 after its last day.';
    END IF;
    IF units IS NULL AND kinds IS NULL THEN
        INSERT INTO jxlink.quarter_sealed AS s (jurisdiction, quarter_start, judged_at, timezone)
        SELECT p, quarter, judged, current_setting('jxlink.timezone') FROM unnest(places) AS p
        ON CONFLICT (jurisdiction, quarter_start)
        DO UPDATE SET judged_at = EXCLUDED.judged_at, timezone = EXCLUDED.timezone, sealed_at = now(), revised_at = NULL;
    ELSE
        -- a seal counted under another jxlink.timezone is unsealed: the quarter
        -- is counted from the ledger until seal_quarters() seals it again
        DELETE FROM jxlink.quarter_sealed s
        WHERE s.jurisdiction = ANY (places) AND s.quarter_start = quarter
          AND (s.timezone <> current_setting('jxlink.timezone') OR s.judged_at <> judged);
        UPDATE jxlink.quarter_sealed s SET revised_at = now()
        WHERE s.jurisdiction = ANY (places) AND s.quarter_start = quarter;
        IF NOT FOUND THEN
            RETURN 0;
        END IF;
    END IF;
    DELETE FROM jxlink.quarter_tally t
    WHERE t.quarter_start = quarter AND t.jurisdiction = ANY (places)
      AND (units IS NULL OR t.owner_unit = ANY (units)) AND (kinds IS NULL OR t.kind = ANY (kinds));
    INSERT INTO jxlink.quarter_tally (jurisdiction, quarter_start, owner_unit, kind, total, met_on_time, met_late, overdue,
                                      not_yet_due, waived, refused, waived_late, late_workdays_sum, late_count, max_late_workdays)
    SELECT x.jurisdiction, x.quarter_start, x.owner_unit, x.kind, x.total, x.met_on_time, x.met_late, x.overdue,
           x.not_yet_due, x.waived, x.refused, x.waived_late, x.late_workdays_sum, x.late_count, x.max_late_workdays
    FROM jxlink.obligation_tally_at(judged, quarter, (quarter + interval '3 months - 1 day')::date) x
    WHERE x.jurisdiction = ANY (places)
      AND (units IS NULL OR x.owner_unit = ANY (units)) AND (kinds IS NULL OR x.kind = ANY (kinds));
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$$;
COMMENT ON FUNCTION jxlink.quarter_tally_fill(quarter date, places text[], units uuid[], kinds text[]) IS '（内部）将已结束的季度按其季末评判时刻计入 quarter_tally：整季（封存，或日历变更后重计），或仅给定单位与种类（台账变动后；先锁定封存行，并发的重计依次进行）。 (Internal) Counts a finished quarter of the given jurisdictions into quarter_tally as judged at its end: the whole quarter (sealing it, or again after a calendar change), or only the given units and kinds (after a change to the ledger; the seal''s row is locked first, so concurrent recounts take turns).';
REVOKE ALL ON FUNCTION jxlink.quarter_tally_fill(quarter date, places text[], units uuid[], kinds text[]) FROM PUBLIC;

-- Seal every finished quarter not yet sealed, in every jurisdiction (or the
-- given ones), from the first quarter of the ledger to the last finished one:
-- once a quarter, or daily from pg_cron (doc/municipal.md).  The ledger is
-- locked against writes while a quarter is counted (SHARE ROW EXCLUSIVE: a
-- clerk's change waits, so none slips between the count and the seal); a run
-- with nothing to seal takes no lock.  Returns the number of quarters sealed
-- (one per jurisdiction and quarter).
CREATE FUNCTION jxlink.seal_quarters(jurisdictions text[] DEFAULT NULL::text[]) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    first_q date;
    last_q  date := (date_trunc('quarter', jxlink.local_date(now())::timestamp) - interval '3 months')::date;
    q       date;
    places  text[];
    locked  boolean := false;
    n       integer := 0;
BEGIN
    IF jurisdictions IS NOT NULL AND EXISTS (SELECT 1 FROM unnest(jurisdictions) AS c(code)
                                             WHERE NOT EXISTS (SELECT 1 FROM jxlink.jurisdiction j WHERE j.code = c.code)) THEN
        RAISE EXCEPTION 'unknown jurisdiction in %', jurisdictions
            USING ERRCODE = 'undefined_object', HINT = 'The codes are those of jxlink.jurisdiction.';
    END IF;
    SELECT date_trunc('quarter', min(o.due_date)::timestamp)::date INTO first_q FROM jxlink.obligation o;
    IF first_q IS NULL THEN
        RETURN 0;
    END IF;
    q := first_q;
    WHILE q <= last_q LOOP
        SELECT coalesce(array_agg(j.code ORDER BY j.code), '{}') INTO places
        FROM jxlink.jurisdiction j
        WHERE (jurisdictions IS NULL OR j.code = ANY (jurisdictions))
          AND NOT EXISTS (SELECT 1 FROM jxlink.quarter_sealed s
                          WHERE s.jurisdiction = j.code AND s.quarter_start = q
                            AND s.judged_at = jxlink.quarter_judged_at(q) AND s.timezone = current_setting('jxlink.timezone'));
        IF cardinality(places) > 0 THEN
            IF NOT locked THEN
                LOCK TABLE jxlink.obligation IN SHARE ROW EXCLUSIVE MODE;
                locked := true;
            END IF;
            PERFORM jxlink.quarter_tally_fill(q, places);
            n := n + cardinality(places);
        END IF;
        q := (q + interval '3 months')::date;
    END LOOP;
    RETURN n;
END
$$;
COMMENT ON FUNCTION jxlink.seal_quarters(jurisdictions text[]) IS '封存每个已结束而未封存的季度（全部辖区，或给定的辖区）：按季末评判时刻计入 quarter_tally，此后记分卡取自计数，不再逐行读台账；计数时锁定台账的写入（SHARE ROW EXCLUSIVE），无可封存时不加锁。返回封存的辖区季度数。每季度一次或每日由 pg_cron 调用（见 doc/municipal.md）。 Seals every finished quarter not yet sealed (of every jurisdiction, or the given ones): counts it into quarter_tally as judged at its end, after which the scorecards read the counts instead of the ledger''s rows; writes to the ledger wait while a quarter is counted (SHARE ROW EXCLUSIVE), a run with nothing to seal takes no lock. Returns the number of jurisdiction-quarters sealed. Run once a quarter, or daily from pg_cron (doc/municipal.md).';
REVOKE ALL ON FUNCTION jxlink.seal_quarters(jurisdictions text[]) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.seal_quarters(jurisdictions text[]) TO jxlink_admin;

-- After a calendar change (of the nation's calendar, or a closure of some
-- jurisdictions): recount the sealed quarters over the changed days (a day
-- counts in the lateness of the quarter it falls in, and in the previous
-- quarter's judged on it).  places null: every jurisdiction.
CREATE FUNCTION jxlink.quarter_reseal(places text[], first_day date, last_day date) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    r record;
    n integer := 0;
BEGIN
    FOR r IN
        SELECT s.quarter_start, array_agg(s.jurisdiction ORDER BY s.jurisdiction) AS codes
        FROM jxlink.quarter_sealed s
        WHERE (places IS NULL OR s.jurisdiction = ANY (places))
          AND s.quarter_start <= last_day AND (s.quarter_start + interval '3 months')::date >= first_day
        GROUP BY s.quarter_start ORDER BY s.quarter_start
    LOOP
        PERFORM jxlink.quarter_tally_fill(r.quarter_start, r.codes);
        n := n + cardinality(r.codes);
    END LOOP;
    RETURN n;
END
$$;
COMMENT ON FUNCTION jxlink.quarter_reseal(places text[], first_day date, last_day date) IS '（内部）日历变更（全国日历，或某些辖区的停工日）后，重计涉及变更日期的已封存季度；places 为空时为全部辖区。 (Internal) After a calendar change (the national calendar, or closures of some jurisdictions), recounts the sealed quarters over the changed days; places null means every jurisdiction.';
REVOKE ALL ON FUNCTION jxlink.quarter_reseal(places text[], first_day date, last_day date) FROM PUBLIC;

-- The tally follows the ledger: after a statement changes obligations of a
-- sealed quarter in a way that can change their verdict at its end (a new or
-- removed obligation, another unit, kind, start or due time, or an outcome
-- recorded at or before the quarter's judging instant), recount their units
-- and kinds in that quarter.  Meeting an item of a past quarter now changes
-- nothing there: at the quarter's end it was overdue, and stays so.
CREATE FUNCTION jxlink.quarter_tally_follow() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    r record;
BEGIN
    -- a dump being restored brings the tallies back with the ledger
    IF current_setting('check_function_bodies') = 'off' THEN
        RETURN NULL;
    END IF;
    IF TG_OP IN ('INSERT', 'DELETE') THEN
        -- the rows added or removed: both triggers name them changed_rows
        FOR r IN
            SELECT c.jurisdiction AS j, s.quarter_start AS q, array_agg(DISTINCT c.owner_unit) AS units, array_agg(DISTINCT c.kind) AS kinds
            FROM changed_rows c
            JOIN jxlink.quarter_sealed s ON s.jurisdiction = c.jurisdiction
                                        AND s.quarter_start = date_trunc('quarter', c.due_date::timestamp)::date
            GROUP BY 1, 2
        LOOP
            PERFORM jxlink.quarter_tally_fill(r.q, ARRAY[r.j], r.units, r.kinds);
        END LOOP;
    ELSE
        FOR r IN
            SELECT k.j, s.quarter_start AS q, array_agg(DISTINCT k.u) AS units, array_agg(DISTINCT k.k) AS kinds
            FROM changed_old o
            JOIN changed_new n ON n.obligation_id = o.obligation_id
            CROSS JOIN LATERAL (VALUES (o.jurisdiction, o.due_date, o.owner_unit, o.kind),
                                       (n.jurisdiction, n.due_date, n.owner_unit, n.kind)) AS k(j, d, u, k)
            JOIN jxlink.quarter_sealed s ON s.jurisdiction = k.j
                                        AND s.quarter_start = date_trunc('quarter', k.d::timestamp)::date
            WHERE (o.jurisdiction, o.owner_unit, o.kind, o.due_date, o.due_at, o.started_at)
                      IS DISTINCT FROM (n.jurisdiction, n.owner_unit, n.kind, n.due_date, n.due_at, n.started_at)
               OR ((o.status, o.met_at, o.met_late, o.refused) IS DISTINCT FROM (n.status, n.met_at, n.met_late, n.refused)
                   AND (o.met_at <= s.judged_at OR n.met_at <= s.judged_at))
            GROUP BY 1, 2
        LOOP
            PERFORM jxlink.quarter_tally_fill(r.q, ARRAY[r.j], r.units, r.kinds);
        END LOOP;
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION jxlink.quarter_tally_follow() IS '触发器：义务的增删改可能改变其在已封存季度末的结果时（新增或删除、负担单位、种类、起算或届满时刻改变、结果记于季末之前），在同一事务内重计该季度中相应单位与种类的计数；现在才履行的往季事项不改变其季末结果（届时逾期），不重计。恢复转储时不动计数。 Trigger: when obligations change in a way that can change their verdict at the end of a sealed quarter (added or removed, another owner unit, kind, start or due time, an outcome recorded before the quarter''s end), recounts their units and kinds in that quarter in the same transaction; an item of a past quarter met now keeps its verdict there (it was overdue then) and recounts nothing. Leaves the tallies as restored while a dump is restored.';
REVOKE ALL ON FUNCTION jxlink.quarter_tally_follow() FROM PUBLIC;

CREATE TRIGGER obligation_tally_insert AFTER INSERT ON jxlink.obligation REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION jxlink.quarter_tally_follow();
CREATE TRIGGER obligation_tally_update AFTER UPDATE ON jxlink.obligation REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION jxlink.quarter_tally_follow();
CREATE TRIGGER obligation_tally_delete AFTER DELETE ON jxlink.obligation REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION jxlink.quarter_tally_follow();

-- ===== C. the scorecards read the sealed quarters =====

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


CREATE OR REPLACE FUNCTION jxlink.unit_scorecard_at(from_date date, to_date date, as_of timestamp with time zone) RETURNS TABLE(jurisdiction text, unit_id uuid, unit_code text, unit_name_zh text, unit_kind text, quarter text, quarter_start date, kind text, total bigint, met_on_time bigint, met_late bigint, overdue bigint, not_yet_due bigint, waived bigint, refused bigint, on_time_rate numeric, avg_late_workdays numeric, max_late_workdays integer, waived_late bigint)
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


-- The counts every scorecard above the unit is made of: scorecard_tally_at
-- with every kind together, per owner unit and quarter.
CREATE OR REPLACE FUNCTION jxlink.scorecard_rollup_at(from_date date, to_date date, as_of timestamp with time zone) RETURNS TABLE(jurisdiction text, owner_unit uuid, quarter_start date, total bigint, met_on_time bigint, met_late bigint, overdue bigint, not_yet_due bigint, waived bigint, refused bigint, waived_late bigint, late_workdays_sum bigint, late_count bigint, max_late_workdays integer)
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


-- ===== D. calendar changes recount, a merge seals the street =====

-- After a calendar change.  The met and waived working-day obligations whose
-- days include a changed one and whose last day the new calendar no longer
-- gives keep the days they were judged with (computed under the calendar as
-- it was: the changed rows as the statement's transition tables hold them),
-- so that their explanation still adds up to their verdict; every open
-- working-day obligation follows the new calendar, each move naming the
-- change.  A calendar statement run by a trigger
-- (pg_restore's edited row replacing its shipped original) leaves the work to
-- the statement that caused it, so that a restore records no moves there and
-- back; so does a whole restore (pg_dump's script sets check_function_bodies
-- off): the ledger comes back as it was.
CREATE OR REPLACE FUNCTION jxlink.obligation_recompute() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    changed  text[];
    days     date[];
    years    integer[];
    old_rows jxlink.calendar_day[] := '{}';
BEGIN
    IF pg_trigger_depth() > 1 THEN
        RETURN NULL;
    END IF;
    -- a dump being restored (its script turns check_function_bodies off) brings
    -- the ledger back as it was, moves and derivations included
    IF current_setting('check_function_bodies') = 'off' THEN
        RETURN NULL;
    END IF;
    IF TG_TABLE_NAME = 'calendar_day' THEN
        IF TG_OP = 'DELETE' THEN
            SELECT array_agg(format('%s %s %s removed', c.day, c.kind, c.name_zh) ORDER BY c.day),
                   array_agg(c.day), array_agg(c) INTO changed, days, old_rows
            FROM changed_old c;
        ELSIF TG_OP = 'UPDATE' THEN
            SELECT array_agg(format('%s %s %s', c.day, c.kind, c.name_zh) ORDER BY c.day), array_agg(c.day)
            INTO changed, days FROM changed_new c;
            SELECT days || array_agg(c.day), array_agg(c) INTO days, old_rows FROM changed_old c;
        ELSE
            SELECT array_agg(format('%s %s %s', c.day, c.kind, c.name_zh) ORDER BY c.day), array_agg(c.day)
            INTO changed, days FROM changed_new c;
        END IF;
        -- closed obligations over a changed day whose last day the new calendar
        -- no longer gives keep their days as judged (a restored calendar row
        -- gives the restored obligations their own last day: nothing to keep)
        UPDATE jxlink.obligation o
        SET derivation = jxlink.obligation_workday_lines(jxlink.local_date(o.started_at), o.due_date, old_rows, days, o.jurisdiction)
        WHERE o.status <> 'open' AND jxlink.time_limit_unit(o.period) = 'workdays' AND o.derivation IS NULL
          AND o.due_date >= (SELECT min(d) FROM unnest(days) d)
          AND EXISTS (SELECT 1 FROM unnest(days) d
                      WHERE d > jxlink.local_date(o.started_at) AND d <= o.due_date)
          AND jxlink.time_limit_last_day(o.period, jxlink.local_date(o.started_at), o.jurisdiction) <> o.due_date;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(format('year %s removed', c.year) ORDER BY c.year), array_agg(c.year) INTO changed, years FROM changed_old c;
    ELSE
        SELECT array_agg(format('year %s', c.year) ORDER BY c.year), array_agg(c.year) INTO changed, years FROM changed_new c;
    END IF;
    PERFORM jxlink.obligation_recompute_open('workdays', NULL,
        format('calendar change, %s on %s: %s%s', lower(TG_OP), TG_TABLE_NAME,
               array_to_string(changed[1:5], '; '),
               CASE WHEN cardinality(changed) > 5 THEN format('; and %s more', cardinality(changed) - 5) ELSE '' END));
    -- the sealed quarters over the changed days (a year's: all its days) are
    -- counted again (sql/56_sealed_quarters.sql)
    PERFORM jxlink.quarter_reseal(NULL, coalesce(min(d), make_date(min(y), 1, 1)), coalesce(max(d), make_date(max(y), 12, 31)))
    FROM unnest(coalesce(days, '{}'), coalesce(years, '{}')) AS x(d, y);
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION jxlink.obligation_recompute() IS '触发器：日历变更后，涉及变更日期的已履行、已免除工作日义务保存其判定所依据的日期推算（按变更前的日历），所有未结工作日义务按新日历重算期限并记录每项变动及引起变动的日历行，涉及变更日期的已封存季度重新计数；恢复转储时（转储脚本关闭 check_function_bodies）不动台账。 Trigger: after a calendar change, the met and waived working-day obligations over a changed day keep the derivation of the days they were judged with (under the calendar as it was), and every open working-day obligation is recomputed under the new one, each move recorded with the calendar rows that caused it, and the sealed quarters over the changed days are counted again; while a dump is restored (its script turns check_function_bodies off) the ledger is left as restored.';
REVOKE ALL ON FUNCTION jxlink.obligation_recompute() FROM PUBLIC;


-- After a local closure is declared, corrected or removed (or a jurisdiction
-- moves under another city): the open working-day obligations of the
-- jurisdictions it applies to -- the closed one, and for a city every
-- jurisdiction under it -- follow their calendar, each move naming the
-- closure.  Other jurisdictions' obligations do not move.
CREATE OR REPLACE FUNCTION jxlink.obligation_recompute_closure() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    changed text[];
    places  text[];
    days    date[];
    j       text;
BEGIN
    -- a dump being restored (its script turns check_function_bodies off) brings
    -- the ledger back as it was: the calendar tables come back one by one after
    -- it, and recomputing between them would record moves there and back
    IF current_setting('check_function_bodies') = 'off' THEN
        RETURN NULL;
    END IF;
    IF TG_TABLE_NAME = 'jurisdiction' THEN
        SELECT array_agg(format('%s now under %s', n.code, coalesce(n.parent, 'no city')) ORDER BY n.code),
               array_agg(n.code)
        INTO changed, places
        FROM changed_new n JOIN changed_old o ON o.code = n.code
        WHERE n.parent IS DISTINCT FROM o.parent;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(format('%s %s %s removed', c.jurisdiction, c.day, c.name_zh) ORDER BY c.jurisdiction, c.day),
               array_agg(c.jurisdiction), array_agg(c.day)
        INTO changed, places, days FROM changed_old c;
    ELSE
        SELECT array_agg(format('%s %s %s', c.jurisdiction, c.day, c.name_zh) ORDER BY c.jurisdiction, c.day),
               array_agg(c.jurisdiction), array_agg(c.day)
        INTO changed, places, days FROM changed_new c;
        IF TG_OP = 'UPDATE' THEN
            SELECT places || array_agg(c.jurisdiction), days || array_agg(c.day) INTO places, days FROM changed_old c;
        END IF;
    END IF;
    -- a city's closure applies to every jurisdiction under it
    SELECT array_agg(u.code ORDER BY u.code) INTO places FROM jxlink.jurisdiction u
    WHERE u.code = ANY (places) OR u.parent = ANY (places);
    FOREACH j IN ARRAY coalesce(places, '{}') LOOP
        PERFORM jxlink.obligation_recompute_open('workdays', j,
            format('calendar closure, %s on %s: %s%s', lower(TG_OP), TG_TABLE_NAME,
                   array_to_string(changed[1:5], '; '),
                   CASE WHEN cardinality(changed) > 5 THEN format('; and %s more', cardinality(changed) - 5) ELSE '' END));
    END LOOP;
    -- their sealed quarters over the closed days (every quarter, for a
    -- jurisdiction now under another city: no days) are counted again
    IF cardinality(places) > 0 THEN
        PERFORM jxlink.quarter_reseal(places, coalesce(min(d), '-infinity'), coalesce(max(d), 'infinity'))
        FROM unnest(coalesce(days, '{}')) AS d;
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION jxlink.obligation_recompute_closure() IS '触发器：地方停工日增删改（或辖区改属另一市）后，其适用辖区（该辖区；为市时另含其下属全部辖区）的未结工作日义务按该辖区的新日历重算，每项变动记入 obligation_move 并注明停工日；其他辖区的义务不动；这些辖区涉及停工日的已封存季度重新计数；恢复转储时（转储脚本关闭 check_function_bodies）不动台账。 Trigger: after a local closure is added, changed or removed (or a jurisdiction moves under another city), the open working-day obligations of the jurisdictions it applies to (that one; for a city also every jurisdiction under it) are recomputed under their new calendar, each move recorded in obligation_move naming the closure; other jurisdictions'' obligations do not move; the sealed quarters of those jurisdictions over the closed days are counted again; while a dump is restored (its script turns check_function_bodies off) the ledger is left as restored.';
REVOKE ALL ON FUNCTION jxlink.obligation_recompute_closure() FROM PUBLIC;


-- The extension's tables that carry a jurisdiction, in the order their rows
-- are inserted: a table after the tables it references, ties by name.
CREATE OR REPLACE FUNCTION jxlink.merge_tables() RETURNS TABLE(ord integer, rel regclass)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    todo  regclass[];
    done  regclass[] := '{}';
    nextr regclass;
BEGIN
    SELECT array_agg(c.oid::regclass ORDER BY c.relname) INTO todo
    FROM pg_class c
    JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'
                     AND d.refclassid = 'pg_extension'::regclass
    JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'jxlink'
    WHERE c.relkind IN ('r', 'p')
      -- sealed quarters are derived: the municipal database seals the street's afresh
      AND c.relname NOT IN ('quarter_sealed', 'quarter_tally')
      AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'jurisdiction'
                  AND a.attnum > 0 AND NOT a.attisdropped);
    WHILE cardinality(todo) > 0 LOOP
        SELECT t INTO nextr FROM unnest(todo) WITH ORDINALITY AS u(t, o)
        WHERE NOT EXISTS (SELECT 1 FROM pg_constraint f
                          WHERE f.conrelid = u.t AND f.contype = 'f' AND f.confrelid <> u.t
                            AND f.confrelid = ANY (todo))
        ORDER BY u.o LIMIT 1;
        IF nextr IS NULL THEN
            RAISE EXCEPTION 'the foreign keys between % form a cycle', todo
                USING ERRCODE = 'internal_error';
        END IF;
        done := done || nextr;
        todo := array_remove(todo, nextr);
    END LOOP;
    RETURN QUERY SELECT u.o::integer, u.t FROM unnest(done) WITH ORDINALITY AS u(t, o);
END
$$;
COMMENT ON FUNCTION jxlink.merge_tables() IS '（内部）合并所涉各表：扩展中带 jurisdiction 列的全部表，按外键顺序（被引用者在前，同级按表名，同 pg_dump 输出数据的顺序）。 (Internal) The tables a merge carries: every table of the extension with a jurisdiction column, in foreign-key order (referenced tables first, ties by name, as pg_dump orders their data).';
REVOKE ALL ON FUNCTION jxlink.merge_tables() FROM PUBLIC;


-- Merge the rows exported from a street's database (loaded into a staging
-- table) into this municipal database, in one transaction: refused, nothing
-- changes; done, the manifest equals the street's and the history verifies.
CREATE OR REPLACE FUNCTION jxlink.merge_import(staging regclass, city text DEFAULT NULL) RETURNS TABLE(table_name text, rows bigint, checksum text)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET "TimeZone" TO 'UTC'
    SET "IntervalStyle" TO 'postgres'
    SET extra_float_digits TO '1'
    AS $$
DECLARE
    hdr      jsonb;
    jcode     text;
    target   jxlink.jurisdiction;
    version  text := (SELECT e.extversion FROM pg_extension e WHERE e.extname = 'jxlink');
    jrow     jxlink.jurisdiction;
    cols     text;
    data     jsonb;
    bad      text;
    n        record;
    t        record;
    off      bigint;
    maxv     bigint;
    offsets  jsonb := '{}';
    before   text[];
    after    text[];
BEGIN
    EXECUTE format('SELECT s.row_data FROM %s s WHERE s.table_name = ''#header''', staging) INTO hdr;
    IF hdr IS NULL OR hdr->>'format' IS DISTINCT FROM 'jxlink-merge 1' THEN
        RAISE EXCEPTION '% holds no export of jxlink.merge_export()', staging
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'In the street''s database: \copy (SELECT * FROM jxlink.merge_export(''<code>'')) TO ''street.merge''; here: CREATE TEMP TABLE staging (row_no bigint, table_name text, row_data jsonb); \copy staging FROM ''street.merge''.';
    END IF;
    jcode := hdr->'jurisdiction'->>'code';
    -- the same version on both sides
    IF hdr->>'version' IS DISTINCT FROM version THEN
        RAISE EXCEPTION 'the street''s database is at jxlink %, this one at %', hdr->>'version', version
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'ALTER EXTENSION jxlink UPDATE in both databases, export again, then merge.';
    END IF;
    -- a street (or town), not a city or part of one
    IF hdr->'jurisdiction'->>'level' = 'city' OR hdr->'jurisdiction'->>'parent' IS NOT NULL THEN
        RAISE EXCEPTION 'the export is not one street''s' USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    IF EXISTS (SELECT 1 FROM jxlink.jurisdiction j WHERE j.code = jcode) THEN
        RAISE EXCEPTION 'jurisdiction "%" already exists in this database', jcode
            USING ERRCODE = 'duplicate_object',
                  DETAIL = 'A street is merged once; its code names it in every table.';
    END IF;
    -- into a city: the one given, else the home jurisdiction
    SELECT * INTO target FROM jxlink.jurisdiction j
    WHERE (merge_import.city IS NULL AND j.is_local) OR j.code = merge_import.city;
    IF target.code IS NULL OR target.level <> 'city' THEN
        RAISE EXCEPTION 'this database is not a municipal one'
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = format('%s is %s.', coalesce(merge_import.city, 'The home jurisdiction'),
                                  coalesce('a ' || target.level, 'not registered')),
                  HINT = 'Turn it into the municipal database first: SELECT jxlink.make_municipal(''<city code>'', ''<name>'').';
    END IF;
    -- the street's clerks: their roles exist here (roles are cluster-wide) and act nowhere else
    EXECUTE format('SELECT string_agg(DISTINCT s.row_data->>''role_name'', '', '') FROM %s s '
                   'WHERE s.table_name = ''jxlink.staff'' AND NOT EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = s.row_data->>''role_name'')',
                   staging) INTO bad;
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'the street''s staff roles do not exist in this cluster: %', bad
            USING ERRCODE = 'undefined_object',
                  HINT = 'Create them first (pg_dumpall --roles-only on the street''s cluster, or CREATE ROLE ... LOGIN IN ROLE jxlink_clerk).';
    END IF;
    EXECUTE format('SELECT string_agg(DISTINCT s.row_data->>''role_name'' || '' ('' || x.jurisdiction || '')'', '', '') FROM %s s '
                   'JOIN jxlink.staff x ON x.role_name = s.row_data->>''role_name'' AND x.active '
                   'WHERE s.table_name = ''jxlink.staff'' AND (s.row_data->>''active'')::boolean', staging) INTO bad;
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'the street''s staff roles are already staff here: %', bad
            USING ERRCODE = 'duplicate_object',
                  DETAIL = 'A role acts in one jurisdiction; a clerk staff in two could act in neither.',
                  HINT = 'Rename the role on one side (ALTER ROLE ... RENAME TO and UPDATE jxlink.staff) before merging.';
    END IF;
    -- nothing the export holds is unknown here, nor of another jurisdiction
    EXECUTE format('SELECT string_agg(DISTINCT s.table_name, '', '') FROM %s s WHERE s.table_name <> ''#header'' '
                   'AND s.table_name NOT IN (SELECT m.rel::text FROM jxlink.merge_tables() m)', staging) INTO bad;
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'the export holds rows of tables this database does not merge: %', bad USING ERRCODE = 'invalid_parameter_value';
    END IF;
    EXECUTE format('SELECT count(*)::text FROM %s s WHERE s.table_name <> ''#header'' '
                   'AND s.row_data->>''jurisdiction'' IS DISTINCT FROM $1', staging) INTO bad USING jcode;
    IF bad <> '0' THEN
        RAISE EXCEPTION 'the export holds % rows of another jurisdiction than %', bad, jcode USING ERRCODE = 'invalid_parameter_value';
    END IF;

    SELECT array_agg(v::text ORDER BY v::text) INTO before FROM jxlink.verify_history() v;
    -- the jurisdiction, not the home one; under the city once its rows are checked
    jrow := jsonb_populate_record(NULL::jxlink.jurisdiction,
                                  hdr->'jurisdiction' || jsonb_build_object('is_local', false, 'parent', NULL));
    SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) INTO cols
    FROM pg_attribute a WHERE a.attrelid = 'jxlink.jurisdiction'::regclass AND a.attnum > 0
      AND NOT a.attisdropped AND a.attgenerated = '';
    EXECUTE format('INSERT INTO jxlink.jurisdiction (%s) SELECT %s FROM (SELECT ($1).*) x', cols, cols) USING jrow;
    -- numbers from a sequence move up past this database's
    FOR n IN SELECT * FROM jxlink.merge_numbered() m WHERE m.rel = m.base_rel AND m.col = m.base_col LOOP
        EXECUTE format('SELECT greatest(coalesce(max(x.%I), 0), coalesce(pg_sequence_last_value(%L::regclass), 0)) FROM %s x',
                       n.col, n.seq, n.rel) INTO off;
        offsets := offsets || jsonb_build_object(n.rel::text || '.' || n.col, off);
    END LOOP;
    -- every table's rows, as a restore inserts them (triggers enabled)
    FOR t IN SELECT m.rel FROM jxlink.merge_tables() m ORDER BY m.ord LOOP
        EXECUTE format('SELECT jsonb_agg(s.row_data ORDER BY s.row_no) FROM %s s WHERE s.table_name = $1', staging)
            INTO data USING t.rel::text;
        CONTINUE WHEN data IS NULL;
        FOR n IN SELECT * FROM jxlink.merge_numbered() m WHERE m.rel = t.rel LOOP
            off := (offsets->>(n.base_rel::text || '.' || n.base_col))::bigint;
            SELECT jsonb_agg(CASE WHEN jsonb_typeof(e.r->n.col) = 'number'
                                  THEN jsonb_set(e.r, ARRAY[n.col], to_jsonb((e.r->>n.col)::bigint + off)) ELSE e.r END
                             ORDER BY e.o)
            INTO data FROM jsonb_array_elements(data) WITH ORDINALITY AS e(r, o);
        END LOOP;
        SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) INTO cols
        FROM pg_attribute a WHERE a.attrelid = t.rel AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '';
        EXECUTE format('INSERT INTO %s (%s) OVERRIDING SYSTEM VALUE SELECT %s FROM jsonb_populate_recordset(NULL::%s, $1)',
                       t.rel, cols, cols, t.rel) USING data;
    END LOOP;
    -- the check: the street's manifest, and no new problem in the history
    SELECT string_agg(coalesce(h.table_name, m.table_name) || format(' (%s rows there, %s here)', h.rows, m.rows), ', ')
    INTO bad
    FROM (SELECT x->>'table_name' AS table_name, (x->>'rows')::bigint AS rows, x->>'checksum' AS checksum
          FROM jsonb_array_elements(hdr->'manifest') x) h
    FULL JOIN jxlink.merge_manifest(jcode) m ON m.table_name = h.table_name
    WHERE h.rows IS DISTINCT FROM m.rows OR h.checksum IS DISTINCT FROM m.checksum;
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'the merged rows of % differ from the street''s', jcode
            USING ERRCODE = 'data_exception', DETAIL = 'Tables: ' || bad || '.';
    END IF;
    SELECT array_agg(v::text ORDER BY v::text) INTO after FROM jxlink.verify_history() v;
    SELECT string_agg(p, '; ') INTO bad FROM unnest(after) p WHERE p <> ALL (coalesce(before, '{}'));
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'the merged history of % does not verify', jcode
            USING ERRCODE = 'data_exception', DETAIL = bad;
    END IF;
    -- under the city: its closures now apply to the street's open obligations (recomputed, recorded in obligation_move)
    UPDATE jxlink.jurisdiction j SET parent = target.code WHERE j.code = jcode;
    -- where the city's quarters are sealed, the street's finished quarters are sealed too (under the city's calendar)
    IF EXISTS (SELECT 1 FROM jxlink.quarter_sealed) THEN
        PERFORM jxlink.seal_quarters(ARRAY[jcode]);
    END IF;
    -- the sequences go on after the numbers moved up (last: setval is not undone by a refusal)
    FOR n IN SELECT * FROM jxlink.merge_numbered() m WHERE m.rel = m.base_rel AND m.col = m.base_col LOOP
        EXECUTE format('SELECT max(x.%I) FROM %s x', n.col, n.rel) INTO maxv;
        IF maxv > coalesce(pg_sequence_last_value(n.seq), 0) THEN
            PERFORM setval(n.seq, maxv);
        END IF;
    END LOOP;
    RAISE NOTICE 'merged % into %; numbers moved up by %', jcode, target.code, offsets;
    RETURN QUERY SELECT * FROM jxlink.merge_manifest(jcode);
END
$$;
COMMENT ON FUNCTION jxlink.merge_import(staging regclass, city text) IS '将街道数据库经 merge_export() 导出的行（已 \copy 入暂存表）并入本市级数据库，一个事务内完成：登记该辖区（上级为本库的市，或指定的市），按外键顺序插入各表的行（触发器照常，如恢复备份），取自序列的编号整体后移；随后核对合并清单与街道库一致、移送历史无新问题，否则全部撤销（22000）；最后将该辖区置于市之下，市的停工日随即适用于其未结义务（由台账重算，记入 obligation_move）；本库已封存季度时，该辖区已结束的季度随即封存。版本不同、非单个街道、辖区代码已存在、工作人员角色不存在或已在他处任职、本库不是市级数据库时拒绝（55000、42710、42704），不作任何改动。返回合并后的清单。仅超级用户（DBA）。 Merge the rows a street''s database exported with merge_export() (loaded with \copy into a staging table) into this municipal database, in one transaction: registers the jurisdiction (under this database''s city, or the city given), inserts every table''s rows in foreign-key order (triggers enabled, as a restore), moves numbers drawn from a sequence up; then checks that the manifest equals the street''s and the referral history has no new problem, else undoes it all (22000); last, puts the street under the city, whose closures then apply to its open obligations (recomputed by the ledger, recorded in obligation_move); where this database seals its quarters, the street''s finished quarters are sealed. Refused, changing nothing, for another version, an export that is not one street''s, a jurisdiction code that exists, staff roles missing or staff elsewhere, a database that is not municipal (55000, 42710, 42704). Returns the manifest after the merge. Superuser (the DBA) only.';
REVOKE ALL ON FUNCTION jxlink.merge_import(staging regclass, city text) FROM PUBLIC;

