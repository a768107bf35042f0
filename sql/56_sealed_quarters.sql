/*
 * sql/56_sealed_quarters.sql - Sealed quarters: each finished quarter's scorecard counts, judged at its end, kept per jurisdiction, unit and kind.
 *
 * A concept file: the current definition of each object, once, with its
 * comments, grants, policies and triggers.  The build concatenates the concept
 * files (sql/NN_*.sql, in order) into the install script of the current version.
 *
 * A city's quarter holds hundreds of thousands of obligations; its bulletin
 * ranks the towns on counts that no longer change once the quarter is judged
 * (at 00:00 after its last day).  seal_quarters() counts each finished quarter
 * once into quarter_tally; scorecard_tally_at (sql/55_reading.sql) reads the
 * tally instead of the ledger when a period ends with a sealed quarter judged
 * at its end.  The tally follows the ledger in the same transaction: a change
 * to an obligation of a sealed quarter that can change its verdict at the
 * quarter's end recounts its unit and kind, a calendar change or a closure
 * recounts the quarters over its days.  Derived data: not records (the
 * guarded DROP ignores it), left behind by a merge (the municipal database
 * seals the merged jurisdiction afresh).
 */

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
    PERFORM jxlink.require_primary();
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
          -- a replicated jurisdiction's quarters are sealed by its origin and arrive sealed
          AND j.replicated_from IS NULL
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
