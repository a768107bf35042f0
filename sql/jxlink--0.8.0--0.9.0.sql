-- jxlink 0.8.0 -> 0.9.0: verdicts no one can game (issue 12).
-- Restates, with CREATE OR REPLACE or ALTER, every object whose definition in
-- the concept files sql/NN_*.sql changed; test/t/002_upgrade.pl compares the
-- result with a fresh install.
\echo Use "ALTER EXTENSION jxlink UPDATE TO '0.9.0'" to load this file. \quit

-- ===== The C functions every section below uses =====
-- E1. Calendar bounds: every date and time an API accepts lies inside the calendar.
CREATE FUNCTION jxlink.check_calendar_date(value date, what text) RETURNS date
    LANGUAGE c IMMUTABLE PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_check_calendar_date';
COMMENT ON FUNCTION jxlink.check_calendar_date(value date, what text) IS '（内部）日期参数须在工作日历范围内（1950-01-01 至 2149-12-31），拒绝正负无穷（22008）；空值照传。 (Internal) A date argument must lie inside the working-day calendar (1950-01-01 to 2149-12-31); ±infinity is refused (22008); null passes.';

CREATE FUNCTION jxlink.check_calendar_time(value timestamp with time zone, what text) RETURNS timestamp with time zone
    LANGUAGE c STABLE PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_check_calendar_time';
COMMENT ON FUNCTION jxlink.check_calendar_time(value timestamp with time zone, what text) IS '（内部）时刻参数的本地日期须在工作日历范围内（1950-01-01 至 2149-12-31），拒绝正负无穷（22008）；空值照传。 (Internal) The local date of an instant argument must lie inside the working-day calendar (1950-01-01 to 2149-12-31); ±infinity is refused (22008); null passes.';

COMMENT ON FUNCTION jxlink.check_occurred_at(occurred_at timestamp with time zone, previous timestamp with time zone, what text) IS '（内部）事件时间不得晚于当前、不得早于前一事件、不得在工作日历之外（拒绝正负无穷）。 (Internal) An event time is never in the future, nor before the previous event, nor outside the working-day calendar (±infinity refused).';

-- E2. Readers: one row outside the calendar reads as unknown working days, not a failure.
CREATE FUNCTION jxlink.workdays_between_or_null(start_day date, end_day date) RETURNS integer
    LANGUAGE c STABLE STRICT PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_workdays_between_or_null';
COMMENT ON FUNCTION jxlink.workdays_between_or_null(start_day date, end_day date) IS '同 workdays_between，但任一日期为无穷或在工作日历之外时为空（供读取视图使用：一行日期越界不致整个视图报错）。 As workdays_between, but null when either day is infinite or outside the working-day calendar (for the readers: one row with such a day does not make a whole view fail).';

-- ===== A. the ledger: event times, late recording, lateness kept =====
-- Event times (三（三）, 四（三）): an obligation owed by a unit other than the
-- recorder's starts no earlier than it is recorded, the start claimed kept;
-- the ledger keeps when a closure was recorded; a waiver after the due time
-- keeps the lateness (met_late for met and waived).
ALTER TABLE jxlink.obligation ADD COLUMN claimed_start_at timestamp with time zone;
ALTER TABLE jxlink.obligation ADD COLUMN closed_recorded_at timestamp with time zone;
ALTER TABLE jxlink.obligation DROP CONSTRAINT obligation_check1;
UPDATE jxlink.obligation SET met_late = met_at >= due_at WHERE status = 'waived';
ALTER TABLE jxlink.obligation ADD CONSTRAINT obligation_check1 CHECK ((status IN ('met', 'waived')) = (met_late IS NOT NULL));
-- closures of referrals recorded before: when, from their history
UPDATE jxlink.obligation o SET closed_recorded_at = h.recorded_at
FROM jxlink.referral_history h
WHERE o.status <> 'open' AND o.subject_type = 'referral' AND h.referral_id = o.subject_id AND h.occurred_at = o.met_at;
COMMENT ON COLUMN jxlink.obligation.met_late IS '履行或免除时是否已逾期（届时判定，日历修改不再改变）；逾期后免除（如期限已过才撤回移送）仍计为逾期（三（三）、四（三））。 Whether it was met or waived late, judged then (calendar changes do not alter it); a waiver after the due time (e.g. a referral withdrawn after its transfer deadline) keeps the lateness (三（三）, 四（三）).';
COMMENT ON COLUMN jxlink.obligation.claimed_start_at IS '事件所称的起算时刻，晚于此才记录、且义务由记录者以外的单位负担时保存：该单位在记录之前无从得知，期限自记录时起算（started_at）；负担单位自己记录在此之前已履行的，确认所称时刻（started_at 与之相同）；为空表示按所称时刻起算。 The start the event claimed, kept when the obligation is owed by a unit other than the recorder''s and was recorded later: that unit could not know of it before, so the period starts when it was recorded (started_at); when the owing unit itself records meeting it before then, the claimed start is confirmed (started_at equals it); null: it starts as claimed.';
COMMENT ON COLUMN jxlink.obligation.closed_recorded_at IS '履行或免除的记录时刻（事务时间；met_at 为所称时刻）；0.9.0 之前的记录为空（移送的义务取自其历史记录）。 When the meeting or waiving was recorded (transaction time; met_at is the time claimed); null for closures recorded before 0.9.0 (for referrals, taken from their history).';

CREATE FUNCTION jxlink.obligation_start(owner_unit uuid, rule_code text, claimed timestamp with time zone, owner_present boolean DEFAULT false) RETURNS timestamp with time zone
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
SELECT CASE WHEN claimed >= now()
                 OR owner_present
                 OR EXISTS (SELECT 1 FROM jxlink.deadline_rule r
                            WHERE r.rule_code = obligation_start.rule_code AND r.period_unit = 'quarter')
                 OR EXISTS (SELECT 1 FROM jxlink.staff s
                            WHERE s.role_name = jxlink.calling_role()::text AND s.active
                              AND s.unit_id = obligation_start.owner_unit)
            THEN claimed ELSE now() END
$$;
COMMENT ON FUNCTION jxlink.obligation_start(owner_unit uuid, rule_code text, claimed timestamp with time zone, owner_present boolean) IS '（内部）义务的起算时刻：按事件所称时刻；但由记录者（调用角色所属单位）以外的单位负担的义务，不早于记录时刻（now()）起算——该单位此前无从得知；按季度的义务（由日历而非事件产生）及负担单位亲历其事者（如出席作出决议的会议）按所称时刻。 (Internal) When an obligation starts: as the event claims; but one owed by a unit other than the recorder''s (the calling role''s units) starts no earlier than it is recorded (now()), as that unit could not know of it before; quarterly obligations (owed by the calendar, not by an event) and those of a unit present at the event (e.g. attending the meeting that assigned it) start as claimed.';
REVOKE ALL ON FUNCTION jxlink.obligation_start(owner_unit uuid, rule_code text, claimed timestamp with time zone, owner_present boolean) FROM PUBLIC;

-- obligation_open takes owner_present (a unit present at the event knew of it then)
DROP FUNCTION jxlink.obligation_open(text, text, text, uuid, uuid, uuid, timestamp with time zone, date);
CREATE FUNCTION jxlink.obligation_open(kind text, rule_code text, subject_type text, subject_id uuid, owner_unit uuid, counterpart_unit uuid, started_at timestamp with time zone, agreed_last_day date DEFAULT NULL::date, owner_present boolean DEFAULT false) RETURNS uuid
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    opened uuid;
    start  timestamptz := jxlink.obligation_start(owner_unit, rule_code, started_at, owner_present);
BEGIN
    PERFORM jxlink.check_calendar_time(obligation_open.started_at, 'started_at'), jxlink.check_calendar_date(obligation_open.agreed_last_day, 'agreed_last_day');
    IF agreed_last_day IS NOT NULL AND agreed_last_day < jxlink.local_date(start) THEN
        RAISE EXCEPTION 'the agreed last day % has passed when the obligation is recorded', agreed_last_day
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('Recorded on %s: the owing unit could not know of the obligation before.', jxlink.local_date(start)),
                  HINT = 'Agree a last day that has not passed, or none (the local-policy period applies).';
    END IF;
    INSERT INTO jxlink.obligation (jurisdiction, kind, subject_type, subject_id, owner_unit, counterpart_unit,
                                   rule_code, clause, period_unit, period_amount, started_at, due_at, due_date,
                                   provisional, calendar_version, claimed_start_at)
    SELECT u.jurisdiction, obligation_open.kind, obligation_open.subject_type, obligation_open.subject_id,
           obligation_open.owner_unit, obligation_open.counterpart_unit, r.rule_code, r.clause, p.unit, p.amount,
           start, d.due_at, d.due_date, d.provisional, d.calendar_version,
           CASE WHEN start <> obligation_open.started_at THEN obligation_open.started_at END
    FROM jxlink.deadline_rule r
    JOIN jxlink.unit u ON u.unit_id = obligation_open.owner_unit
    CROSS JOIN LATERAL (
        SELECT CASE WHEN agreed_last_day IS NULL THEN r.period_unit ELSE 'agreed_day' END AS unit,
               CASE WHEN agreed_last_day IS NULL THEN r.amount
                    ELSE agreed_last_day - jxlink.local_date(start) END AS amount) p
    CROSS JOIN jxlink.obligation_due_by(p.unit, p.amount, start, u.jurisdiction) d
    WHERE r.rule_code = obligation_open.rule_code
    RETURNING obligation_id INTO opened;
    RETURN opened;
END
$$;
COMMENT ON FUNCTION jxlink.obligation_open(kind text, rule_code text, subject_type text, subject_id uuid, owner_unit uuid, counterpart_unit uuid, started_at timestamp with time zone, agreed_last_day date, owner_present boolean) IS '（内部）按规则开立义务（或按双方约定的最后一日）；期限保存在义务上，此后修改规则不影响它。由记录者以外的单位负担的义务不早于记录时起算（见 obligation_start）；约定的最后一日在记录时已过者拒绝（22023）。 (Internal) Open an obligation under a rule (or with the last day the units agreed); the period is kept on the obligation, and a later change of the rule does not alter it. One owed by a unit other than the recorder''s starts no earlier than it is recorded (see obligation_start); an agreed last day already past then is refused (22023).';
REVOKE ALL ON FUNCTION jxlink.obligation_open(kind text, rule_code text, subject_type text, subject_id uuid, owner_unit uuid, counterpart_unit uuid, started_at timestamp with time zone, agreed_last_day date, owner_present boolean) FROM PUBLIC;

CREATE OR REPLACE FUNCTION jxlink.obligation_close(subject_id uuid, kinds text[], closed_at timestamp with time zone, closed_by text, new_status text, note text DEFAULT NULL::text, owner_unit uuid DEFAULT NULL::uuid) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    n integer;
BEGIN
    -- the owing unit's own record of meeting it before the obligation was
    -- recorded confirms the start claimed: it is judged from that start
    UPDATE jxlink.obligation o
    SET (started_at, period_amount, due_at, due_date, provisional, calendar_version) =
        (SELECT o.claimed_start_at, p.amount, d.due_at, d.due_date, d.provisional, d.calendar_version
         FROM (SELECT CASE WHEN o.period_unit = 'agreed_day' THEN o.due_date - jxlink.local_date(o.claimed_start_at)
                           ELSE o.period_amount END AS amount) p
         CROSS JOIN jxlink.obligation_due_by(o.period_unit, p.amount, o.claimed_start_at, o.jurisdiction) d)
    WHERE o.subject_id = obligation_close.subject_id
      AND o.kind = ANY (kinds)
      AND o.status = 'open'
      AND (obligation_close.owner_unit IS NULL OR o.owner_unit = obligation_close.owner_unit)
      AND closed_at < o.started_at AND closed_at >= o.claimed_start_at
      AND o.owner_unit IN (SELECT s.unit_id FROM jxlink.staff s
                           WHERE s.role_name = jxlink.calling_role()::text AND s.active);
    UPDATE jxlink.obligation o
    SET status = new_status,
        met_at = closed_at,
        met_late = closed_at >= o.due_at,
        met_by = closed_by,
        note = obligation_close.note,
        closed_recorded_at = now()
    WHERE o.subject_id = obligation_close.subject_id
      AND o.kind = ANY (kinds)
      AND o.status = 'open'
      AND (obligation_close.owner_unit IS NULL OR o.owner_unit = obligation_close.owner_unit);
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$$;
COMMENT ON FUNCTION jxlink.obligation_close(subject_id uuid, kinds text[], closed_at timestamp with time zone, closed_by text, new_status text, note text, owner_unit uuid) IS '（内部）履行或免除某事项的未结义务（可限于某一单位所负）；届时判定是否逾期（逾期后免除的仍为逾期），并记下记录时刻。负担单位自己记录在义务记录之前已履行的，即确认了所称的起算时刻，按该时刻判定。 (Internal) Meet or waive the open obligations of a subject (those of one owing unit, when given); each is judged late or on time then (a waiver after the due time stays late), and the time it was recorded is kept. When the owing unit itself records meeting it before the obligation was recorded, it confirms the start claimed, and is judged from that start.';
REVOKE ALL ON FUNCTION jxlink.obligation_close(subject_id uuid, kinds text[], closed_at timestamp with time zone, closed_by text, new_status text, note text, owner_unit uuid) FROM PUBLIC;

CREATE OR REPLACE FUNCTION jxlink.explain_obligation(obligation_id uuid) RETURNS text
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    o       jxlink.obligation;
    r       jxlink.deadline_rule;
    tz      text := jxlink.local_timezone();
    start   date;
    held    timestamptz;
    owner   text;
    other   text;
    lines   text[];
BEGIN
    SELECT * INTO o FROM jxlink.obligation x WHERE x.obligation_id = explain_obligation.obligation_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'obligation % does not exist', explain_obligation.obligation_id USING ERRCODE = 'no_data_found';
    END IF;
    SELECT * INTO r FROM jxlink.deadline_rule d WHERE d.rule_code = o.rule_code;
    SELECT u.code || ' ' || u.name_zh INTO owner FROM jxlink.unit u WHERE u.unit_id = o.owner_unit;
    SELECT u.code || ' ' || u.name_zh INTO other FROM jxlink.unit u WHERE u.unit_id = o.counterpart_unit;
    start := jxlink.local_date(o.started_at);

    lines := ARRAY[
        format('obligation %s: %s (%s %s)', o.obligation_id, o.kind, o.subject_type, o.subject_id),
        format('owed by %s to %s', owner, coalesce(other, '-')),
        format('rule %s, clause %s (%s): %s — %s', o.rule_code, o.clause,
               CASE r.basis WHEN 'provision' THEN 'provision' ELSE 'local policy' END,
               jxlink.period_text(o.period_unit, o.period_amount), r.description_zh),
        format('started %s %s (local date %s %s)', to_char(o.started_at AT TIME ZONE tz, 'YYYY-MM-DD HH24:MI'),
               tz, start, to_char(start, 'Dy'))];
    IF o.claimed_start_at = o.started_at THEN
        lines := lines || 'the start as claimed, confirmed by the owing unit''s own record of meeting it before the obligation was recorded'::text;
    ELSIF o.claimed_start_at IS NOT NULL THEN
        lines := lines || format('claimed start %s %s, recorded %s %s: owed by a unit other than the recorder''s, it starts when recorded',
                                 to_char(o.claimed_start_at AT TIME ZONE tz, 'YYYY-MM-DD HH24:MI'), tz,
                                 to_char(o.created_at AT TIME ZONE tz, 'YYYY-MM-DD HH24:MI'), tz);
    END IF;

    CASE o.period_unit
    WHEN 'workdays' THEN
        IF cardinality(o.derivation) > 0 THEN
            lines := lines || o.derivation
                || format('(the days as counted under calendar version %s, with which it was judged)', o.calendar_version);
        ELSIF o.derivation IS NOT NULL THEN
            lines := lines || format('the days counted under calendar version %s were not kept (judged before jxlink 0.8.0); last day %s, until 24:00 local time',
                                     o.calendar_version, o.due_date);
        ELSIF jxlink.workdays_between_or_null(start, o.due_date) IS NULL THEN
            lines := lines || format('the working days cannot be counted: the start day %s or the last day %s lies outside the working-day calendar', start, o.due_date);
        ELSE
            lines := lines || jxlink.obligation_workday_lines(start, o.due_date);
        END IF;
    WHEN 'hours' THEN
        lines := lines || format('counted on the clock: %s hours; holidays do not extend it', o.period_amount);
    WHEN 'quarter' THEN
        lines := lines || 'until the end of the quarter it starts in'::text
            || format('last day %s, until 24:00 local time', o.due_date);
    WHEN 'next_meeting' THEN
        SELECT m.held_at INTO held FROM jxlink.joint_meeting m
        WHERE m.jurisdiction = o.jurisdiction AND m.held_at > o.started_at
          AND jxlink.local_date(m.held_at) = o.due_date
        ORDER BY m.held_at LIMIT 1;
        lines := lines || CASE WHEN held IS NOT NULL
            THEN format('the next joint meeting was held %s %s: until the end of that day',
                        to_char(held AT TIME ZONE tz, 'YYYY-MM-DD HH24:MI'), tz)
            ELSE 'no joint meeting held since the start: until the end of the following quarter' END
            || format('last day %s, until 24:00 local time', o.due_date);
    WHEN 'agreed_day' THEN
        lines := lines || format('the last day agreed when it was opened, %s days after the start day', o.period_amount)
            || format('last day %s, until 24:00 local time', o.due_date);
    ELSE
        lines := lines || format('last day %s', o.due_date);
    END CASE;

    -- what moved it while it was open
    lines := lines || ARRAY(
        SELECT format('moved %s %s by %s (%s): from %s to %s%s', to_char(v.moved_at AT TIME ZONE tz, 'YYYY-MM-DD HH24:MI'), tz,
                      v.actor_role, v.cause, to_char(v.from_due_at AT TIME ZONE tz, 'YYYY-MM-DD HH24:MI'),
                      to_char(v.to_due_at AT TIME ZONE tz, 'YYYY-MM-DD HH24:MI'),
                      CASE WHEN v.from_calendar_version IS DISTINCT FROM v.to_calendar_version
                           THEN format(', calendar version %s -> %s', v.from_calendar_version, v.to_calendar_version)
                           ELSE '' END)
        FROM jxlink.obligation_move v WHERE v.obligation_id = o.obligation_id ORDER BY v.moved_at, v.to_due_at);

    lines := lines
        || format('late from %s %s', to_char(o.due_at AT TIME ZONE tz, 'YYYY-MM-DD HH24:MI'), tz)
        || format('calendar version %s%s', coalesce(o.calendar_version, '-'),
                  CASE WHEN o.provisional THEN '; provisional: the last day falls in a year without an official schedule' ELSE '' END)
        || CASE o.status
           WHEN 'open' THEN 'status: open'::text
           WHEN 'met' THEN format('status: met %s %s by %s, %s', to_char(o.met_at AT TIME ZONE tz, 'YYYY-MM-DD HH24:MI'), tz,
                                  o.met_by, CASE WHEN o.met_late THEN 'LATE' ELSE 'on time' END)
           ELSE format('status: waived %s %s by %s (%s)%s', to_char(o.met_at AT TIME ZONE tz, 'YYYY-MM-DD HH24:MI'), tz,
                       o.met_by, coalesce(o.note, ''),
                       CASE WHEN o.met_late THEN ', after it was due: LATE (waived_late, 撤回时已逾期)' ELSE '' END)
           END;
    RETURN array_to_string(lines, E'\n');
END
$$;
COMMENT ON FUNCTION jxlink.explain_obligation(obligation_id uuid) IS '解释一项义务的期限，全部取自义务本身：起算时刻（及事件所称时刻，如期限自记录时起算）、期限与条款、计入的工作日与跳过的日期（按判定时的日历）、未结期间的期限变动（从何到何、因何、何时、何人）、逾期起点、日历版本、履行情况（逾期后免除的标明 waived_late）（按 jxlink.timezone 显示）。 Explain an obligation''s due time from the obligation itself: start (and the start claimed, when it starts when recorded), period and clause, the working days counted and the days skipped (under the calendar it was judged with), each move while it was open (from what, to what, why, when, by whom), the first late instant, the calendar version, and whether it was met (a waiver after the due time shown as waived_late) (shown in jxlink.timezone).';
REVOKE ALL ON FUNCTION jxlink.explain_obligation(obligation_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.explain_obligation(obligation_id uuid) TO jxlink_clerk, jxlink_supervisor, jxlink_admin, jxlink_bi;

CREATE OR REPLACE FUNCTION jxlink.obligation_status_at(as_of timestamp with time zone) RETURNS TABLE(obligation_id uuid, jurisdiction text, kind text, subject_type text, subject_id uuid, subject_ref text, subject_title text, owner_unit uuid, owner_code text, owner_name_zh text, owner_kind text, counterpart_unit uuid, counterpart_code text, counterpart_name_zh text, rule_code text, clause text, period_unit text, period_amount integer, started_at timestamp with time zone, due_at timestamp with time zone, due_date date, provisional boolean, met_at timestamp with time zone, status text, late_workdays integer, workdays_left integer, hours_left numeric)
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
SELECT o.obligation_id, o.jurisdiction, o.kind, o.subject_type, o.subject_id, o.subject_ref, o.subject_title,
       o.owner_unit, ou.code, ou.name_zh, ou.kind, o.counterpart_unit, cu.code, cu.name_zh,
       o.rule_code, o.clause, o.period_unit, o.period_amount,
       o.started_at, o.due_at, o.due_date, o.provisional,
       CASE WHEN o.met_at OPERATOR(pg_catalog.<=) as_of THEN o.met_at END,
       CASE
           WHEN o.met_at OPERATOR(pg_catalog.<=) as_of AND o.status OPERATOR(pg_catalog.=) 'waived' AND o.met_late THEN 'waived_late'
           WHEN o.met_at OPERATOR(pg_catalog.<=) as_of AND o.status OPERATOR(pg_catalog.=) 'waived' THEN 'waived'
           WHEN o.met_at OPERATOR(pg_catalog.<=) as_of AND o.refused THEN 'refused'
           WHEN o.met_at OPERATOR(pg_catalog.<=) as_of AND o.met_late THEN 'met_late'
           WHEN o.met_at OPERATOR(pg_catalog.<=) as_of THEN 'met_on_time'
           WHEN o.due_at OPERATOR(pg_catalog.<=) as_of THEN 'overdue'
           WHEN CASE WHEN o.period_unit OPERATOR(pg_catalog.=) 'hours'
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
               THEN pg_catalog.int4larger(jxlink.workdays_between_or_null(o.due_date, jxlink.local_date(o.met_at)), 0)
           WHEN o.due_at OPERATOR(pg_catalog.<=) as_of
               THEN pg_catalog.int4larger(jxlink.workdays_between_or_null(o.due_date, jxlink.local_date(as_of)), 0)
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
    SELECT jxlink.workdays_between_or_null(jxlink.local_date(as_of), o.due_date) AS workdays_left,
           pg_catalog.round(pg_catalog.date_part('epoch', o.due_at OPERATOR(pg_catalog.-) as_of)::numeric
                            OPERATOR(pg_catalog./) 3600, 1) AS hours_left,
           jxlink.period_length(o.period_unit, o.period_amount, o.started_at, o.due_date) AS period_length) x
CROSS JOIN (
    SELECT pg_catalog.max(t.value) FILTER (WHERE t.name OPERATOR(pg_catalog.=) 'due_soon_workdays') AS workdays,
           pg_catalog.max(t.value) FILTER (WHERE t.name OPERATOR(pg_catalog.=) 'due_soon_hours') AS hours,
           pg_catalog.max(t.value) FILTER (WHERE t.name OPERATOR(pg_catalog.=) 'due_soon_fraction') AS fraction
    FROM jxlink.setting t) s
WHERE o.started_at OPERATOR(pg_catalog.<=) as_of
  AND jxlink.check_calendar_time(as_of, 'as_of') IS NOT DISTINCT FROM as_of
$$;
COMMENT ON FUNCTION jxlink.obligation_status_at(as_of timestamp with time zone) IS '截至某一时刻的每项义务及其唯一状态：pending 未到期、due_soon 临期、overdue 逾期、met_on_time 按时履行、met_late 逾期履行、refused 以拒绝作答、waived 到期前免除、waived_late 逾期后免除（撤回时已逾期，仍计为逾期）；用于趋势图与历史报表（结果不随今天变化）。 Every obligation as of an instant with one status — pending, due_soon, overdue, met_on_time, met_late, refused, waived (before it was due), waived_late (withdrawn after it was due: still late) — for trend charts and past reports (the answer does not change with today).';
REVOKE ALL ON FUNCTION jxlink.obligation_status_at(as_of timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.obligation_status_at(as_of timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin, jxlink_bi;

-- The scorecard counts waivers after the due time (a new column, waived_late):
-- its function, view and period function are recreated.
DROP FUNCTION jxlink.unit_scorecard_for(date, date);
DROP VIEW jxlink.unit_scorecard;
DROP FUNCTION jxlink.unit_scorecard_at(date, date, timestamp with time zone);
CREATE FUNCTION jxlink.unit_scorecard_at(from_date date, to_date date, as_of timestamp with time zone) RETURNS TABLE(jurisdiction text, unit_id uuid, unit_code text, unit_name_zh text, unit_kind text, quarter text, quarter_start date, kind text, total bigint, met_on_time bigint, met_late bigint, overdue bigint, not_yet_due bigint, waived bigint, refused bigint, on_time_rate numeric, avg_late_workdays numeric, max_late_workdays integer, waived_late bigint)
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
SELECT g.jurisdiction, g.owner_unit, u.code, u.name_zh, u.kind,
       pg_catalog.to_char(g.quarter_start::timestamp without time zone, 'YYYY-"Q"Q'), g.quarter_start, g.kind,
       g.total, g.met_on_time, g.met_late, g.overdue, g.not_yet_due, g.waived, g.refused,
       CASE WHEN g.judged OPERATOR(pg_catalog.>) 0
            THEN pg_catalog.round(g.met_on_time::numeric OPERATOR(pg_catalog./) g.judged, 4) END,
       pg_catalog.round(g.avg_late, 2), g.max_late, g.waived_late
FROM (
    SELECT s.jurisdiction, s.owner_unit,
           pg_catalog.date_trunc('quarter', s.due_date::timestamp without time zone)::pg_catalog.date AS quarter_start,
           s.kind,
           pg_catalog.count(*) AS total,
           pg_catalog.count(*) FILTER (WHERE s.status OPERATOR(pg_catalog.=) 'met_on_time') AS met_on_time,
           pg_catalog.count(*) FILTER (WHERE s.status OPERATOR(pg_catalog.=) 'met_late') AS met_late,
           pg_catalog.count(*) FILTER (WHERE s.status OPERATOR(pg_catalog.=) 'overdue') AS overdue,
           pg_catalog.count(*) FILTER (WHERE s.status OPERATOR(pg_catalog.=) ANY ('{pending,due_soon}'::pg_catalog.text[])) AS not_yet_due,
           pg_catalog.count(*) FILTER (WHERE s.status OPERATOR(pg_catalog.=) 'waived') AS waived,
           pg_catalog.count(*) FILTER (WHERE s.status OPERATOR(pg_catalog.=) 'refused') AS refused,
           pg_catalog.count(*) FILTER (WHERE s.status OPERATOR(pg_catalog.=) 'waived_late') AS waived_late,
           pg_catalog.count(*) FILTER (WHERE s.status OPERATOR(pg_catalog.=) ANY ('{met_on_time,met_late,overdue,refused,waived_late}'::pg_catalog.text[])) AS judged,
           pg_catalog.avg(s.late_workdays) FILTER (WHERE s.status OPERATOR(pg_catalog.=) ANY ('{met_late,overdue,waived_late}'::pg_catalog.text[])) AS avg_late,
           pg_catalog.max(s.late_workdays) FILTER (WHERE s.status OPERATOR(pg_catalog.=) ANY ('{met_late,overdue,waived_late}'::pg_catalog.text[])) AS max_late
    FROM jxlink.obligation_status_at(as_of) s
    WHERE s.due_date OPERATOR(pg_catalog.>=) from_date
      AND s.due_date OPERATOR(pg_catalog.<=) to_date
    GROUP BY s.jurisdiction, s.owner_unit,
             pg_catalog.date_trunc('quarter', s.due_date::timestamp without time zone)::pg_catalog.date, s.kind) g
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
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    period_end timestamptz := jxlink.local_midnight(to_date + 1);
BEGIN
    PERFORM jxlink.check_calendar_date(unit_scorecard_for.from_date, 'from_date'), jxlink.check_calendar_date(unit_scorecard_for.to_date, 'to_date');
    IF from_date IS NULL OR to_date IS NULL OR from_date > to_date THEN
        RAISE EXCEPTION 'invalid period: % to %', from_date, to_date
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Give the first and the last day, the first not after the last.';
    END IF;
    RETURN QUERY SELECT * FROM jxlink.unit_scorecard_at(from_date, to_date, least(period_end, now()));
END
$$;
COMMENT ON FUNCTION jxlink.unit_scorecard_for(from_date date, to_date date) IS '某一期间（期限届满日在 [from_date, to_date] 内）的单位履行报表，按期末（to_date 次日 00:00 本地时间）状态计算：上季度的报表不随今天变化。 The unit scorecard of a period (last day in [from_date, to_date]) judged as at its end (00:00 local time after to_date): last quarter''s report does not change with today.';
REVOKE ALL ON FUNCTION jxlink.unit_scorecard_for(from_date date, to_date date) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.unit_scorecard_for(from_date date, to_date date) TO jxlink_clerk, jxlink_supervisor, jxlink_admin, jxlink_bi;

COMMENT ON VIEW jxlink.obligation_status IS '每项义务的当前状态（pending、due_soon、overdue、met_on_time、met_late、refused、waived、waived_late）。 Every obligation with its current status (pending, due_soon, overdue, met_on_time, met_late, refused, waived, waived_late).';
COMMENT ON COLUMN jxlink.obligation_status.status IS '状态：pending 未到期、due_soon 临期、overdue 逾期、met_on_time 按时履行、met_late 逾期履行、refused 以拒绝作答、waived 到期前免除、waived_late 逾期后免除（撤回时已逾期，计为逾期）。 pending, due_soon, overdue, met_on_time, met_late, refused, waived (before it was due), waived_late (withdrawn after it was due: counted late).';
COMMENT ON COLUMN jxlink.obligation_status.late_workdays IS '逾期工作日数（逾期履行或逾期后免除者算至履行或免除日，未履行者算至当日）。 Working days late (to the day met or waived, or to the day of the answer if still open).';

-- Shipped local-policy setting: how late a recording is flagged.
INSERT INTO jxlink.setting (name, value, description_zh, description_en, origin) VALUES ('late_recording_workdays', '3', '事件的记录时间晚于其所称发生时间超过该工作日数的，列入补录监督（supervision_late_recording）', 'events recorded more than this many working days after the time they claim are listed for supervision (supervision_late_recording)', 'shipped');

-- Events recorded long after the time they claim (四（三）: 刚性约束): referral
-- events from their history, and the closures of obligations of every domain
-- not made by a referral event, each with both times, the unit, and what the
-- claimed time did to the verdict of the obligation it closed.
CREATE VIEW jxlink.supervision_late_recording WITH (security_invoker = true) AS
SELECT e.jurisdiction, e.source, e.subject_type, e.subject_id, e.event, e.unit_id, u.code AS unit_code,
       e.actor_role, e.occurred_at, e.recorded_at, w.late_workdays,
       e.obligation_id, e.obligation_kind, ou.code AS owner_code, e.due_at,
       v.as_claimed AS verdict_as_claimed, v.as_recorded AS verdict_as_recorded,
       v.as_claimed IS DISTINCT FROM v.as_recorded AS verdict_changed
FROM (
    SELECT h.jurisdiction, 'referral_history'::text AS source, 'referral'::text AS subject_type,
           h.referral_id AS subject_id, h.event, h.actor_unit AS unit_id, h.actor_role, h.occurred_at, h.recorded_at,
           o.obligation_id, o.kind AS obligation_kind, o.owner_unit, o.due_at, o.status, o.refused
    FROM jxlink.referral_history h
    LEFT JOIN jxlink.obligation o ON o.subject_id = h.referral_id AND o.status <> 'open'
                                 AND o.met_at = h.occurred_at AND o.closed_recorded_at = h.recorded_at
    UNION ALL
    SELECT o.jurisdiction, 'obligation', o.subject_type, o.subject_id, o.status || ' ' || o.kind, o.owner_unit,
           o.met_by, o.met_at, o.closed_recorded_at,
           o.obligation_id, o.kind, o.owner_unit, o.due_at, o.status, o.refused
    FROM jxlink.obligation o
    WHERE o.closed_recorded_at IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM jxlink.referral_history h
                      WHERE h.referral_id = o.subject_id AND h.occurred_at = o.met_at
                        AND h.recorded_at = o.closed_recorded_at)
) e
CROSS JOIN LATERAL (SELECT jxlink.workdays_between(jxlink.local_date(e.occurred_at), jxlink.local_date(e.recorded_at)) AS late_workdays) w
CROSS JOIN LATERAL (
    SELECT CASE WHEN e.obligation_id IS NULL THEN NULL
                WHEN e.status = 'waived' THEN CASE WHEN e.occurred_at >= e.due_at THEN 'waived_late' ELSE 'waived' END
                WHEN e.refused THEN 'refused'
                WHEN e.occurred_at >= e.due_at THEN 'late' ELSE 'on_time' END AS as_claimed,
           CASE WHEN e.obligation_id IS NULL THEN NULL
                WHEN e.status = 'waived' THEN CASE WHEN e.recorded_at >= e.due_at THEN 'waived_late' ELSE 'waived' END
                WHEN e.refused THEN 'refused'
                WHEN e.recorded_at >= e.due_at THEN 'late' ELSE 'on_time' END AS as_recorded) v
LEFT JOIN jxlink.unit u ON u.unit_id = e.unit_id
LEFT JOIN jxlink.unit ou ON ou.unit_id = e.owner_unit
WHERE w.late_workdays > (SELECT s.value FROM jxlink.setting s WHERE s.name = 'late_recording_workdays');
COMMENT ON VIEW jxlink.supervision_late_recording IS '补录监督（四（三）刚性约束）：记录时间晚于所称发生时间超过 late_recording_workdays 个工作日（jxlink.setting，默认 3）的事件——移送历史事件、各业务域义务的履行或免除——列出两个时间、单位、所涉义务，及所称时间对判定的影响（按所称按时、按记录已逾期：verdict_changed）。 Late recording (四（三）: 刚性约束): events recorded more than late_recording_workdays working days (jxlink.setting, default 3) after the time they claim — referral history events, and the meeting or waiving of obligations of every domain — with both times, the unit, the obligation closed, and the effect of the claimed time on the verdict (on time as claimed, late as recorded: verdict_changed).';
COMMENT ON COLUMN jxlink.supervision_late_recording.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.supervision_late_recording.source IS '来源：referral_history 移送历史事件；obligation 其他义务的履行或免除。 Source: referral_history (a referral event) or obligation (the meeting or waiving of another obligation).';
COMMENT ON COLUMN jxlink.supervision_late_recording.subject_type IS '事项类型。 Type of the subject.';
COMMENT ON COLUMN jxlink.supervision_late_recording.subject_id IS '事项标识。 Subject identifier.';
COMMENT ON COLUMN jxlink.supervision_late_recording.event IS '事件（移送事件，或 met/waived 与义务种类）。 The event (a referral event, or met/waived and the kind of obligation).';
COMMENT ON COLUMN jxlink.supervision_late_recording.unit_id IS '事件所属单位（移送事件的操作单位；义务的负担单位）。 The unit of the event (the acting unit of a referral event; the owing unit of an obligation).';
COMMENT ON COLUMN jxlink.supervision_late_recording.unit_code IS '单位代码。 Unit code.';
COMMENT ON COLUMN jxlink.supervision_late_recording.actor_role IS '记录的数据库角色。 The role that recorded it.';
COMMENT ON COLUMN jxlink.supervision_late_recording.occurred_at IS '所称发生时间。 The time claimed.';
COMMENT ON COLUMN jxlink.supervision_late_recording.recorded_at IS '记录时间。 When it was recorded.';
COMMENT ON COLUMN jxlink.supervision_late_recording.late_workdays IS '记录晚于所称时间的工作日数。 Working days between the time claimed and the recording.';
COMMENT ON COLUMN jxlink.supervision_late_recording.obligation_id IS '该事件履行或免除的义务（无则为空）。 The obligation the event met or waived (null if none).';
COMMENT ON COLUMN jxlink.supervision_late_recording.obligation_kind IS '义务种类。 Kind of the obligation.';
COMMENT ON COLUMN jxlink.supervision_late_recording.owner_code IS '负有义务单位的代码。 Code of the owing unit.';
COMMENT ON COLUMN jxlink.supervision_late_recording.due_at IS '该义务的逾期起点。 The obligation''s first late instant.';
COMMENT ON COLUMN jxlink.supervision_late_recording.verdict_as_claimed IS '按所称时间的判定（on_time、late、refused、waived、waived_late）。 The verdict at the time claimed (on_time, late, refused, waived, waived_late).';
COMMENT ON COLUMN jxlink.supervision_late_recording.verdict_as_recorded IS '按记录时间的判定。 The verdict at the time recorded.';
COMMENT ON COLUMN jxlink.supervision_late_recording.verdict_changed IS '按所称时间与按记录时间的判定不同（如按所称按时、按记录已逾期）。 The verdict as claimed differs from the verdict as recorded (e.g. on time as claimed, late as recorded).';
GRANT SELECT ON TABLE jxlink.supervision_late_recording TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;

-- The unit owed a referral's obligation reads it only once the referral is
-- visible to it (the team: from the first transfer, not a section's draft).
ALTER POLICY obligation_read ON jxlink.obligation
USING (owner_unit = ANY ((SELECT jxlink.my_units())::uuid[])
       OR (counterpart_unit = ANY ((SELECT jxlink.my_units())::uuid[])
           AND (subject_type <> 'referral'
                OR EXISTS (SELECT 1 FROM jxlink.referral r WHERE r.referral_id = obligation.subject_id)))
       OR (SELECT jxlink.reads_everything()));

-- ===== end A =====


-- ===== B. referrals: advance notice, returns, actor first, drafts, personal fields =====
-- A return opens the sender's resubmission (kind resubmit, a shipped
-- local-policy rule); a re-transfer goes back through the leader's approval
-- (the state machine, in C); the C event path checks the caller's unit is
-- party to the referral before its state, and refuses an extension notice
-- recorded after the deadline (C, nothing to restate here).
ALTER TABLE jxlink.obligation DROP CONSTRAINT obligation_kind_check;
ALTER TABLE jxlink.obligation ADD CONSTRAINT obligation_kind_check CHECK (kind IN ('transfer', 'acknowledge', 'file_case', 'copy_back', 'licence_followup', 'complaint_reply', 'quarterly_meeting', 'resolution_report', 'share_request', 'assistance_request', 'resubmit'));
COMMENT ON COLUMN jxlink.obligation.kind IS '义务种类：transfer 移交、acknowledge 书面告知是否受理、file_case 立案、copy_back 抄告结果、licence_followup 反馈办证情况、resubmit 退回后补充再移交或撤回。 Kind: transfer, acknowledge (written notice of acceptance), file_case, copy_back (the result), licence_followup, resubmit (after a return: supplement and transfer again, or withdraw).';
INSERT INTO jxlink.deadline_rule (rule_code, obligation_kind, period_unit, amount, clause, basis, description_zh, description_en, origin) VALUES ('resubmit', 'resubmit', 'workdays', 5, '三（三）2②、3', 'local_policy', '综合执法队退回补充材料后，移送单位补充材料、经分管领导重新批准后再次移交，或撤回移送（本地默认 5 个工作日，与延期移送的最长期限相同）', 'after the team returns a referral for more material, the sender supplements it and transfers it again with its leader''s new approval, or withdraws it (local default: 5 working days, the longest transfer period)', 'shipped')
ON CONFLICT (rule_code) DO NOTHING;

CREATE OR REPLACE FUNCTION jxlink.referral_ledger(referral_id uuid, case_id uuid, from_unit uuid, to_unit uuid, event text, occurred_at timestamp with time zone, note text, actor_role text, first_transfer boolean) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    transfer_ob uuid;
    team        jxlink.staff;
BEGIN
    CASE event
    WHEN 'create' THEN
        -- the transfer, from the discovery of the case: 3 working days, 24 hours if urgent (三（三）2)
        PERFORM jxlink.obligation_open('transfer', CASE WHEN x.urgent THEN 'transfer_urgent' ELSE 'transfer' END,
                                       'referral', x.referral_id, x.from_unit, x.to_unit, c.discovered_at)
        FROM jxlink.referral x JOIN jxlink.case_file c ON c.case_id = x.case_id
        WHERE x.referral_id = referral_ledger.referral_id;
    WHEN 'notify_extension' THEN
        SELECT o.obligation_id INTO transfer_ob FROM jxlink.obligation o
        WHERE o.subject_id = referral_ledger.referral_id AND o.kind = 'transfer' AND o.status = 'open';
        PERFORM jxlink.obligation_reschedule(transfer_ob, 'transfer_extended');
    WHEN 'transfer' THEN
        PERFORM jxlink.obligation_close(referral_ledger.referral_id, '{transfer}', occurred_at, actor_role, 'met');
        -- a re-transfer after a return meets the resubmission (late if after its due time)
        PERFORM jxlink.obligation_close(referral_ledger.referral_id, '{resubmit}', occurred_at, actor_role, 'met');
        PERFORM jxlink.obligation_open('acknowledge', 'acknowledge', 'referral', referral_ledger.referral_id,
                                       to_unit, from_unit, occurred_at);
        IF first_transfer AND EXISTS (SELECT 1 FROM jxlink.case_file c
                                      WHERE c.case_id = referral_ledger.case_id AND c.category = 'unlicensed') THEN
            PERFORM jxlink.obligation_open('licence_followup', 'licence_followup', 'referral', referral_ledger.referral_id,
                                           from_unit, to_unit, occurred_at);
        END IF;
    WHEN 'accept' THEN
        PERFORM jxlink.obligation_close(referral_ledger.referral_id, '{acknowledge}', occurred_at, actor_role, 'met', note);
        PERFORM jxlink.obligation_open('file_case', 'file_case', 'referral', referral_ledger.referral_id,
                                       to_unit, from_unit, occurred_at);
    WHEN 'decline' THEN
        PERFORM jxlink.obligation_close(referral_ledger.referral_id, '{acknowledge}', occurred_at, actor_role, 'met', note);
    WHEN 'return' THEN
        PERFORM jxlink.obligation_close(referral_ledger.referral_id, '{acknowledge}', occurred_at, actor_role, 'met', note);
        -- the sender owes the supplemented material, approved and transferred again, or a withdrawal (三（三）3)
        PERFORM jxlink.obligation_open('resubmit', 'resubmit', 'referral', referral_ledger.referral_id,
                                       from_unit, to_unit, occurred_at);
    WHEN 'file' THEN
        PERFORM jxlink.obligation_close(referral_ledger.referral_id, '{file_case}', occurred_at, actor_role, 'met');
    WHEN 'decide' THEN
        -- the team's decision reaches the referring unit as a share (三（一）3), recorded by the team's clerk
        SELECT s.* INTO STRICT team FROM jxlink.staff s
        WHERE s.role_name = actor_role AND s.unit_id = referral_ledger.to_unit;
        PERFORM jxlink.share_insert(team, 'penalty_decisions',
                                    '行政处罚决定 ' || x.decision_no::text || ' (' || x.decision_outcome || ')',
                                    x.decision_no::text, jxlink.local_date(occurred_at), ARRAY[x.from_unit],
                                    occurred_at, x.referral_id)
        FROM jxlink.referral x WHERE x.referral_id = referral_ledger.referral_id;
        PERFORM jxlink.obligation_open('copy_back', 'copy_back', 'referral', referral_ledger.referral_id,
                                       to_unit, from_unit, occurred_at);
    WHEN 'copy_back' THEN
        PERFORM jxlink.obligation_close(referral_ledger.referral_id, '{copy_back}', occurred_at, actor_role, 'met', note);
    WHEN 'withdraw' THEN
        -- a withdrawal after a return answers it too (late if after its due time)
        PERFORM jxlink.obligation_close(referral_ledger.referral_id, '{resubmit}', occurred_at, actor_role, 'met', note);
        PERFORM jxlink.obligation_close(referral_ledger.referral_id, '{transfer,licence_followup}', occurred_at,
                                        actor_role, 'waived', note);
    ELSE
        NULL;  -- submit, approve, send_back: no obligation moves
    END CASE;
END
$$;

COMMENT ON FUNCTION jxlink.referral_ledger(referral_id uuid, case_id uuid, from_unit uuid, to_unit uuid, event text, occurred_at timestamp with time zone, note text, actor_role text, first_transfer boolean) IS '（内部）移送事件履行、开立或免除的义务及其共享：创建时自发现起开立移交义务（三（三）2）、移交后开立书面告知义务（三（三）2④）、受理后开立立案义务、决定后开立抄告义务（二（一））并将决定共享给移送单位（三（一）3）、无证经营首次移交开立许可跟进义务（二（二））、退回后开立移送单位补充再移交或撤回的义务（三（三）3）等。由 C 事件路径在写入移送行及其历史行之后调用。 (Internal) The obligations a referral event meets, opens or waives, and its share: the transfer from the discovery when the referral is created (三（三）2), the written notice after a transfer (三（三）2④), filing after acceptance, the copy-back after a decision (二（一）) and the decision shared with the referring unit (三（一）3), the licence follow-up after the first transfer of an unlicensed case (二（二）), the sender''s resubmission or withdrawal after a return (三（三）3), and so on. Called by the C event path after the referral row and its history row were written.';
COMMENT ON FUNCTION jxlink.return_referral(referral uuid, reason text, occurred_at timestamp with time zone) IS '综合执法队因材料不全退回补充（履行告知义务），并为移送单位开立补充再移交义务（resubmit，本地默认 5 个工作日）：移送单位补充材料、重新提交分管领导批准（三（三）3）后再次移交，或撤回。 The team returns the referral for more material (meets the notice obligation) and opens the sender''s resubmission (resubmit, local default 5 working days): the sender supplements it, submits it to its leader for approval again (三（三）3) and transfers it again, or withdraws it.';
COMMENT ON FUNCTION jxlink.notify_extension(referral uuid, reason text, occurred_at timestamp with time zone) IS '事先告知综合执法队需延长移送期限（三（三）2②）：告知时间与记录时间均须在原 3 个工作日期限届满前，紧急移送不可用；期限改为 5 个工作日。 Notify the team in advance that the transfer needs longer (三（三）2②): both the notice''s time and the moment it is recorded must come before the original 3-day deadline, never for an urgent referral; the period becomes 5 working days.';
COMMENT ON FUNCTION jxlink.transfer_referral(referral uuid, letter_no text, occurred_at timestamp with time zone) IS '以书面形式移交（需分管领导已批准、移送函、案源材料、初步证据齐备，三（三）3；退回后再次移交亦须重新批准）：履行移交义务（退回后的再次移交履行补充再移交义务），开立执法队 5 个工作日书面告知义务（三（三）2④）。 Transfer in writing (approved by the leader, with the transfer letter, case-source material and preliminary evidence, 三（三）3; a re-transfer after a return is approved again): meets the transfer obligation (a re-transfer after a return meets the resubmission) and opens the team''s 5-working-day written notice (三（三）2④).';
COMMENT ON FUNCTION jxlink.withdraw_referral(referral uuid, reason text, occurred_at timestamp with time zone) IS '移送单位撤回移送（如已改正、无需处罚），免除未结的移交义务；退回后的撤回履行补充再移交义务。 The sending unit withdraws the referral (e.g. corrected, no penalty due); its open transfer obligation is waived; a withdrawal after a return meets the resubmission.';
COMMENT ON FUNCTION jxlink.submit_referral(referral uuid, occurred_at timestamp with time zone) IS '移送单位提交分管领导审批（草稿，或被退回补充后再次提交，三（三）3）。返回新状态。 The sending unit submits the referral to its leader in charge (a draft, or a returned referral supplemented for a new transfer, 三（三）3). Returns the new state.';

-- The team reads a referral (and through it its case file, materials and
-- history) once it was first transferred to it.
ALTER POLICY referral_read ON jxlink.referral
USING (from_unit = ANY ((SELECT jxlink.my_units())::uuid[])
       OR (to_unit = ANY ((SELECT jxlink.my_units())::uuid[]) AND transfer_count > 0)
       OR (SELECT jxlink.reads_everything()));
COMMENT ON POLICY referral_read ON jxlink.referral IS '移送单位读其移送（含草稿）；综合执法队自首次移交起读移送给它的移送（草稿、待批、已批未移交的不读，三（三）3）；监督、BI、管理员读全部。案件、材料、历史随移送可读。 The sending unit reads its referrals (drafts included); the team reads a referral to it once it was first transferred (not while a draft, awaiting approval or approved, 三（三）3); supervisors, BI and administrators read all. The case file, materials and history follow the referral.';

-- Personal data: party, place and description of a case, a material's
-- description; BI and administrators read the other columns only.
REVOKE SELECT ON TABLE jxlink.case_file FROM jxlink_admin, jxlink_bi;
GRANT SELECT (case_id, jurisdiction, category, source, title, discovered_at, discovering_unit, violation_stopped, evidence_preserved, created_by, created_at) ON TABLE jxlink.case_file TO jxlink_admin, jxlink_bi;
REVOKE SELECT ON TABLE jxlink.referral_material FROM jxlink_admin, jxlink_bi;
GRANT SELECT (material_id, jurisdiction, referral_id, kind, ref, added_by, added_at) ON TABLE jxlink.referral_material TO jxlink_admin, jxlink_bi;
COMMENT ON COLUMN jxlink.case_file.party IS '当事人（个人信息：仅案件当事单位与监督可读，BI、管理员不可读）。 The party (personal data: read by the units party to the case and supervisors, not by BI or administrators).';
COMMENT ON COLUMN jxlink.case_file.place IS '地点（个人信息，同 party）。 Place (personal data, as party).';
COMMENT ON COLUMN jxlink.case_file.description IS '基本违法事实（个人信息，同 party）。 Basic facts of the violation (personal data, as party).';
COMMENT ON COLUMN jxlink.referral_material.description IS '材料说明（个人信息：可能写明当事人，BI、管理员不可读）。 Description (personal data: it may name the party; not read by BI or administrators).';

CREATE VIEW jxlink.case_summary WITH (security_invoker = true) AS
SELECT c.case_id, c.jurisdiction, c.category, c.source, c.title, c.discovered_at, c.discovering_unit,
       c.violation_stopped, c.evidence_preserved, c.created_by, c.created_at
FROM jxlink.case_file c;
COMMENT ON VIEW jxlink.case_summary IS '案件线索的非个人信息部分（不含当事人、地点、违法事实），供 BI 与管理员读取；行级安全同 case_file。 The non-personal part of the cases (without party, place and facts), for BI and administrators; the same rows as case_file.';
COMMENT ON COLUMN jxlink.case_summary.case_id IS '案件标识。 Case identifier.';
COMMENT ON COLUMN jxlink.case_summary.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.case_summary.category IS '事项类别（二（一）至（四））。 Category (二（一）–（四）).';
COMMENT ON COLUMN jxlink.case_summary.source IS '案源。 Source of the case.';
COMMENT ON COLUMN jxlink.case_summary.title IS '案由。 Title of the case.';
COMMENT ON COLUMN jxlink.case_summary.discovered_at IS '发现时间。 When the violation was found.';
COMMENT ON COLUMN jxlink.case_summary.discovering_unit IS '发现单位。 The unit that found it.';
COMMENT ON COLUMN jxlink.case_summary.violation_stopped IS '是否已先行制止违法行为（三（三））。 Whether the ongoing violation was stopped (三（三）).';
COMMENT ON COLUMN jxlink.case_summary.evidence_preserved IS '是否已妥善保管现场证据（三（三））。 Whether the evidence on site was preserved (三（三）).';
COMMENT ON COLUMN jxlink.case_summary.created_by IS '登记人（数据库角色）。 Role that recorded it.';
COMMENT ON COLUMN jxlink.case_summary.created_at IS '登记时间。 When it was recorded.';
GRANT SELECT ON TABLE jxlink.case_summary TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;

-- Referrals returned before 0.9.0 owe their resubmission, claimed from the
-- return (the last return event's time, as return_referral opens it); like
-- every obligation recorded by someone other than the owing unit, it runs from
-- when it is recorded, here the upgrade: a duty that did not exist before
-- 0.9.0 is not overdue at once.
SELECT jxlink.obligation_open('resubmit', 'resubmit', 'referral', r.referral_id, r.from_unit, r.to_unit, h.occurred_at)
FROM jxlink.referral r
JOIN jxlink.referral_history h ON h.referral_id = r.referral_id AND h.seq = r.transition_seq
WHERE r.state = 'returned' AND h.event = 'return'
ORDER BY r.referral_id;

-- ===== end B =====


-- ===== C. the joint meeting =====
-- The day the provisions apply in each jurisdiction: quarters of the joint
-- meeting are owed from its quarter.  A jurisdiction already tracking meetings
-- keeps what it owes: the day is the first day of the earliest quarter it
-- already owed or held a meeting in (no quarter before it is opened by the
-- upgrade); any other gets the default, the day the Xintang provisions were
-- issued.  An administrator who knows an earlier day sets it, and the next
-- planning opens the quarters missed since.
ALTER TABLE jxlink.jurisdiction ADD COLUMN provisions_from date DEFAULT '2022-11-21'::date NOT NULL;
ALTER TABLE jxlink.jurisdiction ADD CONSTRAINT jurisdiction_provisions_from_check CHECK (isfinite(provisions_from));
COMMENT ON COLUMN jxlink.jurisdiction.provisions_from IS '规定在本辖区施行之日：自该日所在季度起，联席会议每季度至少召开一次（三（四））；默认 2022-11-21（新塘街道规定印发之日），其他辖区由管理员填写。 The day the provisions apply in the jurisdiction from: a joint meeting is owed every quarter from the quarter of that day on (三（四）); by default 2022-11-21, the day the Xintang provisions were issued; an administrator sets it for another jurisdiction.';
UPDATE jxlink.jurisdiction j
SET provisions_from = f.first_quarter
FROM (SELECT x.code, date_trunc('quarter', least(
             (SELECT min(jxlink.local_date(o.started_at)) FROM jxlink.obligation o
              WHERE o.kind = 'quarterly_meeting' AND o.jurisdiction = x.code),
             (SELECT min(jxlink.local_date(m.held_at)) FROM jxlink.joint_meeting m
              WHERE m.jurisdiction = x.code))::timestamp)::date AS first_quarter
      FROM jxlink.jurisdiction x) f
WHERE f.code = j.code AND f.first_quarter IS NOT NULL;

CREATE OR REPLACE FUNCTION jxlink.obligation_recompute_open(period_unit text, jurisdiction text, cause text) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    n integer;
BEGIN
    WITH c AS (
        SELECT o.obligation_id, o.jurisdiction, o.due_at AS old_at, o.due_date AS old_date,
               o.calendar_version AS old_version, o.provisional AS old_provisional, d.*
        FROM jxlink.obligation o
        CROSS JOIN LATERAL jxlink.obligation_due_by(o.period_unit, o.period_amount, o.started_at, o.jurisdiction) d
        WHERE o.status = 'open' AND o.period_unit = obligation_recompute_open.period_unit
          AND (obligation_recompute_open.jurisdiction IS NULL OR o.jurisdiction = obligation_recompute_open.jurisdiction)
          -- what was late stays late: a report owed "at the next meeting" whose due time (the end of the following
          -- quarter) had passed before the meeting was held is not put off to it (due times are midnights: later
          -- means overdue by the meeting's day)
          AND NOT (o.period_unit = 'next_meeting' AND d.due_at > o.due_at)
    ), changed AS (
        UPDATE jxlink.obligation o
        SET due_at = c.due_at, due_date = c.due_date, provisional = c.provisional, calendar_version = c.calendar_version
        FROM c
        WHERE o.obligation_id = c.obligation_id
          AND (c.old_at, c.old_date, c.old_provisional, c.old_version)
              IS DISTINCT FROM (c.due_at, c.due_date, c.provisional, c.calendar_version)
        RETURNING o.obligation_id
    )
    INSERT INTO jxlink.obligation_move (obligation_id, jurisdiction, moved_at, from_due_at, to_due_at,
                                        from_calendar_version, to_calendar_version, cause, actor_role)
    SELECT c.obligation_id, c.jurisdiction, now(), c.old_at, c.due_at, c.old_version, c.calendar_version,
           obligation_recompute_open.cause, jxlink.calling_role()
    FROM c JOIN changed USING (obligation_id)
    WHERE c.old_at <> c.due_at;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$$;
COMMENT ON FUNCTION jxlink.obligation_recompute_open(period_unit text, jurisdiction text, cause text) IS '（内部）事实（日历、召开的联席会议）变化后重算某类未结义务的期限；期限变动的逐项记入 obligation_move。召开会议时已逾期的“下次会议通报”义务不顺延至该会议（逾期的仍为逾期）。 (Internal) Recompute the due time of the open obligations of one period unit after the facts changed (the calendar, a joint meeting held); each move is recorded in obligation_move. A report owed at the next meeting that was already overdue when the meeting was held is not put off to it (what was late stays late).';

CREATE OR REPLACE FUNCTION jxlink.plan_quarterly_meetings(through date) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    j       text := jxlink.local_jurisdiction();
    office  uuid := jxlink.meeting_office(j);
    applies date;
    q       date;
    started timestamptz;
    n       integer := 0;
    subject uuid;
    ob      uuid;
BEGIN
    -- the office plans, or an administrator (a scheduled job runs as one)
    IF NOT pg_has_role(jxlink.calling_role(), 'jxlink_admin', 'MEMBER') THEN
        PERFORM jxlink.caller_of_office();
    END IF;
    IF through IS NULL THEN
        RAISE EXCEPTION 'the day to plan up to must not be null' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    PERFORM jxlink.check_calendar_date(plan_quarterly_meetings.through, 'through');
    IF office IS NULL THEN
        RAISE EXCEPTION 'jurisdiction % has no enforcement team to hold the joint meeting office', j
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    -- one planner at a time per jurisdiction (not a key lock: rows may still reference it)
    SELECT x.provisions_from INTO applies FROM jxlink.jurisdiction x WHERE x.code = j FOR NO KEY UPDATE;
    IF through < applies THEN
        RAISE EXCEPTION 'the provisions apply in % from %: no joint meeting was owed on %', j, applies, through
            USING ERRCODE = 'invalid_parameter_value', DETAIL = '三（四）: the joint meeting is held at least once a quarter.',
                  HINT = 'An administrator records the day the provisions apply in jxlink.jurisdiction.provisions_from.';
    END IF;
    q := date_trunc('quarter', applies::timestamp)::date;
    WHILE q <= through LOOP
        subject := md5(j || '/' || q)::uuid;
        IF NOT EXISTS (SELECT 1 FROM jxlink.obligation o WHERE o.subject_id = subject AND o.kind = 'quarterly_meeting') THEN
            -- owed from the start of the quarter, or from the day the provisions apply
            started := jxlink.local_midnight(greatest(q, applies));
            ob := jxlink.obligation_open('quarterly_meeting', 'quarterly_meeting', 'meeting_quarter', subject, office, NULL, started);
            UPDATE jxlink.obligation o SET subject_ref = to_char(q, 'YYYY-"Q"Q'), subject_title = '联席会议 joint meeting'
            WHERE o.obligation_id = ob;
            -- a meeting already held in that quarter (since it was owed) meets it
            PERFORM jxlink.obligation_close(subject, '{quarterly_meeting}', min(m.held_at), 'jxlink', 'met')
            FROM jxlink.joint_meeting m
            WHERE m.jurisdiction = j AND m.held_at >= started
              AND m.held_at < jxlink.local_midnight((q + interval '3 months')::date)
            HAVING count(*) > 0;
            n := n + 1;
        END IF;
        q := (q + interval '3 months')::date;
    END LOOP;
    RETURN n;
END
$$;
COMMENT ON FUNCTION jxlink.plan_quarterly_meetings(through date) IS '联席会议办公室或管理员为自规定在本辖区施行之日（jurisdiction.provisions_from）所在季度起、至某日所在季度止的每个季度开立“每季度至少召开一次联席会议”义务（三（四）），每季度只开立一次，返回新开立数；早于施行之日的日期被拒绝。召开会议时自动计划至下一季度；无会可开时由管理员或定时任务（如 pg_cron）调用。 The meeting office or an administrator opens the quarterly_meeting obligation (三（四）: at least once a quarter) of every quarter from the one the provisions apply in (jurisdiction.provisions_from) up to the one of a date, each quarter once; returns how many were opened; a day before the provisions apply is refused. Holding a meeting plans up to the next quarter; otherwise an administrator or a scheduled job (e.g. pg_cron) calls it.';

CREATE OR REPLACE FUNCTION jxlink.hold_meeting(meeting uuid, held_at timestamp with time zone, convener text, attendees uuid[], place text DEFAULT NULL::text) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    me      jxlink.staff := jxlink.caller_of_office();
    m       jxlink.joint_meeting := jxlink.meeting_for(meeting, false);
    q       date;
    unknown uuid;
BEGIN
    PERFORM jxlink.check_calendar_time(hold_meeting.held_at, 'held_at');
    IF m.held_at IS NOT NULL THEN
        RAISE EXCEPTION 'the meeting was already held on %', m.held_at USING ERRCODE = 'object_not_in_prerequisite_state';
    ELSIF attendees IS NULL OR cardinality(attendees) = 0 THEN
        RAISE EXCEPTION 'a meeting needs its attending units' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- every attendee a unit of the meeting's jurisdiction
    SELECT a INTO unknown FROM unnest(attendees) a
    WHERE a IS NULL OR NOT EXISTS (SELECT 1 FROM jxlink.unit u WHERE u.unit_id = a AND u.jurisdiction = m.jurisdiction)
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'attendee % is not a unit of jurisdiction %', coalesce(unknown::text, 'null'), m.jurisdiction
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- a joint meeting of the office with at least one other member unit (三（四）: the office organises it; the
    -- meeting hears the member units and coordinates between them); when no members are registered, any other unit
    IF NOT jxlink.meeting_office(m.jurisdiction) = ANY (attendees) THEN
        RAISE EXCEPTION 'the office of the joint meeting attends it' USING ERRCODE = 'invalid_parameter_value',
            DETAIL = '三（四）: the office, at the enforcement team, organises the joint meeting.';
    ELSIF NOT EXISTS (SELECT 1 FROM jxlink.unit u
                      WHERE u.unit_id = ANY (attendees) AND u.unit_id <> jxlink.meeting_office(m.jurisdiction)
                        AND (u.unit_id IN (SELECT x.unit_id FROM jxlink.joint_meeting_member x WHERE x.jurisdiction = m.jurisdiction)
                             OR NOT EXISTS (SELECT 1 FROM jxlink.joint_meeting_member x WHERE x.jurisdiction = m.jurisdiction))) THEN
        RAISE EXCEPTION 'a joint meeting is attended by at least one member unit besides the office'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = '三（四）: the joint meeting hears its member units and coordinates between them.';
    END IF;
    PERFORM jxlink.check_occurred_at(held_at, '-infinity', 'ever');
    UPDATE jxlink.joint_meeting x SET held_at = hold_meeting.held_at, convener = jxlink.require_text(hold_meeting.convener, 'the convener'),
                                      place = hold_meeting.place
    WHERE x.meeting_id = m.meeting_id;
    INSERT INTO jxlink.joint_meeting_attendee (meeting_id, jurisdiction, unit_id)
    SELECT m.meeting_id, m.jurisdiction, u.unit_id FROM jxlink.unit u WHERE u.unit_id = ANY (attendees);
    -- (the reports owed "at the next meeting" follow from the trigger joint_meeting_held)
    -- the quarter's obligation is met (planning it, and the next one, first), if it was owed by then
    q := date_trunc('quarter', jxlink.local_date(held_at)::timestamp)::date;
    PERFORM jxlink.plan_quarterly_meetings((q + interval '3 months')::date);
    PERFORM jxlink.obligation_close(o.subject_id, '{quarterly_meeting}', hold_meeting.held_at, me.role_name, 'met')
    FROM jxlink.obligation o
    WHERE o.subject_id = md5(m.jurisdiction || '/' || q)::uuid AND o.kind = 'quarterly_meeting' AND o.status = 'open'
      AND o.started_at <= hold_meeting.held_at;
    RETURN (SELECT count(*)::integer FROM jxlink.joint_meeting_attendee a WHERE a.meeting_id = m.meeting_id);
END
$$;
COMMENT ON FUNCTION jxlink.hold_meeting(meeting uuid, held_at timestamp with time zone, convener text, attendees uuid[], place text) IS '记录会议召开（时间、召集人、出席单位）：履行该季度“召开联席会议”义务并计划至下一季度（三（四）3）；此前议定事项的落实情况须在本次会议通报（至当日 24:00）。出席单位须为本辖区单位，且包括联席会议办公室和至少一个其他成员单位（未登记成员时为任一其他单位），否则拒绝（22023）。会前已逾期的通报义务不顺延。返回出席单位数。 Record that a meeting was held (time, convener, attending units): meets the quarter''s quarterly_meeting obligation and plans the next quarter (三（四）3); reports owed on earlier resolutions are due at this meeting (until 24:00 that day), those already overdue stay overdue. The attendees are units of the jurisdiction, among them the office and at least one other member unit (any other unit while no members are registered); otherwise it is refused (22023). Returns the number of attending units.';

CREATE OR REPLACE FUNCTION jxlink.meeting_packet(meeting uuid) RETURNS text
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    m      jxlink.joint_meeting;
    tz     text := jxlink.local_timezone();
    at     timestamptz;
    q      date;
    lines  text[];
    r      record;
BEGIN
    -- printed by the meeting's own (its office, member and attending units' staff), supervisors and administrators,
    -- whose row-level security does not filter it: it runs as its owner, the same text for each
    IF NOT (pg_has_role(jxlink.calling_role(), 'jxlink_admin', 'MEMBER')
            OR pg_has_role(jxlink.calling_role(), 'jxlink_supervisor', 'MEMBER')) THEN
        SELECT * INTO m FROM jxlink.joint_meeting x WHERE x.meeting_id = meeting_packet.meeting;
        IF NOT EXISTS (SELECT 1 FROM jxlink.staff s
                       WHERE s.role_name = jxlink.calling_role()::text AND s.active AND s.jurisdiction = m.jurisdiction
                         AND (s.unit_id = jxlink.meeting_office(m.jurisdiction)
                              OR s.unit_id IN (SELECT x.unit_id FROM jxlink.joint_meeting_member x WHERE x.jurisdiction = m.jurisdiction)
                              OR s.unit_id IN (SELECT a.unit_id FROM jxlink.joint_meeting_attendee a WHERE a.meeting_id = m.meeting_id))) THEN
            RAISE EXCEPTION 'only the joint meeting''s office and members, supervisors and administrators print its packet'
                USING ERRCODE = 'insufficient_privilege';
        END IF;
    END IF;
    SELECT * INTO m FROM jxlink.joint_meeting x WHERE x.meeting_id = meeting_packet.meeting;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'meeting % does not exist', meeting_packet.meeting USING ERRCODE = 'no_data_found';
    END IF;
    at := coalesce(m.held_at, m.planned_at);
    q := date_trunc('quarter', jxlink.local_date(at)::timestamp)::date;
    lines := ARRAY[format('联席会议材料 joint meeting packet — %s meeting, %s %s%s', m.kind,
                          to_char(at AT TIME ZONE tz, 'YYYY-MM-DD HH24:MI'), tz,
                          CASE WHEN m.held_at IS NULL THEN ' (planned)' ELSE '' END)];

    lines := lines || '一、议题 agenda'::text;
    FOR r IN SELECT i.title, u.code, i.escalated_at FROM jxlink.agenda_item i JOIN jxlink.unit u ON u.unit_id = i.proposed_by
             WHERE i.meeting_id = m.meeting_id ORDER BY i.proposed_at, i.title LOOP
        lines := lines || format('  - %s (proposed by %s)%s', r.title, r.code,
                                 CASE WHEN r.escalated_at IS NOT NULL THEN ' [escalated to 党政联席会议]' ELSE '' END);
    END LOOP;

    lines := lines || '二、前次议定事项落实情况 resolutions of earlier meetings and their reported status'::text;
    FOR r IN
        SELECT res.title, res.number, res.status, to_char(pm.held_at AT TIME ZONE tz, 'YYYY-MM-DD') AS adopted,
               string_agg(u.code || ': ' || coalesce(
                   (SELECT p.progress || ' — ' || p.note FROM jxlink.resolution_report p
                    WHERE p.resolution_id = res.resolution_id AND p.unit_id = o.unit_id
                    ORDER BY p.reported_at DESC LIMIT 1), 'no report yet')
                   || CASE WHEN EXISTS (SELECT 1 FROM jxlink.obligation ob WHERE ob.subject_id = res.resolution_id
                                        AND ob.owner_unit = o.unit_id AND ob.status = 'open' AND ob.due_at <= at)
                           THEN ' [OVERDUE]' ELSE '' END, '; ' ORDER BY u.code) AS owners
        FROM jxlink.resolution res
        JOIN jxlink.joint_meeting pm ON pm.meeting_id = res.meeting_id
        JOIN jxlink.resolution_owner o ON o.resolution_id = res.resolution_id
        JOIN jxlink.unit u ON u.unit_id = o.unit_id
        WHERE pm.jurisdiction = m.jurisdiction AND pm.held_at < at
          AND (res.status = 'open' OR res.done_at >= (SELECT max(x.held_at) FROM jxlink.joint_meeting x
                                                      WHERE x.jurisdiction = m.jurisdiction AND x.held_at < at))
        GROUP BY res.resolution_id, res.title, res.number, res.status, pm.held_at
        ORDER BY pm.held_at, res.number
    LOOP
        lines := lines || format('  - %s 第%s项 %s [%s]: %s', r.adopted, r.number, r.title, r.status, r.owners);
    END LOOP;

    lines := lines || format('三、本季度各单位履行情况 the quarter''s scorecard per unit (%s, as of the meeting)',
                             to_char(q, 'YYYY-"Q"Q'));
    FOR r IN
        SELECT s.unit_code, sum(s.total) AS total, sum(s.met_on_time) AS on_time, sum(s.met_late) AS late,
               sum(s.overdue) AS overdue, sum(s.refused) AS refused
        FROM jxlink.unit_scorecard_at(q, (q + interval '3 months - 1 day')::date, at) s
        WHERE s.jurisdiction = m.jurisdiction
        GROUP BY s.unit_code ORDER BY s.unit_code
    LOOP
        lines := lines || format('  - %s: %s obligations, %s on time, %s late, %s overdue, %s refused',
                                 r.unit_code, r.total, r.on_time, r.late, r.overdue, r.refused);
    END LOOP;
    RETURN array_to_string(lines, E'\n');
END
$$;
COMMENT ON FUNCTION jxlink.meeting_packet(meeting uuid) IS '联席会议办公室会前印发的材料：本次议题、此前议定事项及其通报的落实情况（逾期未通报者标注）、本季度各单位履行情况（截至会议时）。办公室、成员单位、出席单位人员，监督（jxlink_supervisor）与管理员打印的内容相同，不受打印者行级安全过滤；其他人被拒绝（42501）。 What the office circulates before a meeting: its agenda, the earlier resolutions with their reported status (overdue reports marked), and the quarter''s scorecard per unit as of the meeting. The same text whoever prints it — staff of the office, of a member or attending unit, a supervisor (jxlink_supervisor), an administrator — not filtered by the printer''s row-level security; anyone else is refused (42501).';

-- close_meeting takes the time the minutes were issued (occurred_at, now by default)
DROP FUNCTION jxlink.close_meeting(meeting uuid, minutes_no text, minutes_issued_on date);
CREATE FUNCTION jxlink.close_meeting(meeting uuid, minutes_no text, minutes_issued_on date, occurred_at timestamp with time zone DEFAULT now()) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    me jxlink.staff := jxlink.caller_of_office();
    m  jxlink.joint_meeting := jxlink.meeting_for(meeting, true);
    n  integer;
BEGIN
    PERFORM jxlink.check_calendar_date(close_meeting.minutes_issued_on, 'minutes_issued_on');
    PERFORM jxlink.check_occurred_at(occurred_at, m.held_at, 'the meeting');
    IF minutes_issued_on IS NULL OR minutes_issued_on < jxlink.local_date(m.held_at) THEN
        RAISE EXCEPTION 'the minutes are issued on or after the meeting day' USING ERRCODE = 'invalid_parameter_value';
    ELSIF minutes_issued_on > jxlink.local_date(occurred_at) THEN
        RAISE EXCEPTION 'minutes issued on % cannot close the meeting on %', minutes_issued_on, jxlink.local_date(occurred_at)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    UPDATE jxlink.joint_meeting x
    SET minutes_no = jxlink.require_text(close_meeting.minutes_no, 'the minutes number'),
        minutes_issued_on = close_meeting.minutes_issued_on, closed_at = close_meeting.occurred_at
    WHERE x.meeting_id = m.meeting_id;
    -- how many reports owed at this meeting were not made (the ledger has them
    -- due at the end of its day, and overdue from then; or overdue already)
    SELECT count(*)::integer INTO n FROM jxlink.obligation o
    WHERE o.kind = 'resolution_report' AND o.status = 'open' AND o.jurisdiction = m.jurisdiction
      AND o.started_at < m.held_at AND o.due_date <= jxlink.local_date(m.held_at);
    RETURN n;
END
$$;
COMMENT ON FUNCTION jxlink.close_meeting(meeting uuid, minutes_no text, minutes_issued_on date, occurred_at timestamp with time zone) IS '印发会议纪要，会议结束；occurred_at 为实际印发时间（不早于会议、不晚于当前，纪要日期不晚于该日；默认当前时间）。返回应在本次会议上通报而未通报的议定事项落实情况数（台账中它们自会议当日 24:00 起逾期，会前已逾期的仍自原期限起逾期，三（四））。 Issue the minutes and close the meeting; occurred_at is when they were really issued (not before the meeting nor in the future, and not before the minutes'' date; now by default). Returns how many resolution reports owed at it were not made (the ledger has them overdue from 24:00 of the meeting day, or from their earlier due time if already overdue, 三（四）).';
REVOKE ALL ON FUNCTION jxlink.close_meeting(meeting uuid, minutes_no text, minutes_issued_on date, occurred_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.close_meeting(meeting uuid, minutes_no text, minutes_issued_on date, occurred_at timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

-- A unit attending the meeting owes its report from the meeting (owner_present).
CREATE OR REPLACE FUNCTION jxlink.adopt_resolution(meeting uuid, title text, owners uuid[], content text DEFAULT NULL::text) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    me     jxlink.staff := jxlink.caller_of_office();
    m      jxlink.joint_meeting := jxlink.meeting_for(meeting, true);
    result uuid;
    n      integer;
    owner  uuid;
BEGIN
    IF owners IS NULL OR cardinality(owners) = 0 THEN
        RAISE EXCEPTION 'a resolution is assigned to at least one unit' USING ERRCODE = 'invalid_parameter_value';
    ELSIF EXISTS (SELECT 1 FROM unnest(owners) o WHERE NOT EXISTS (
                      SELECT 1 FROM jxlink.unit u WHERE u.unit_id = o AND u.jurisdiction = m.jurisdiction)) THEN
        RAISE EXCEPTION 'a resolution is assigned to units of the jurisdiction' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT coalesce(max(r.number), 0) + 1 INTO n FROM jxlink.resolution r WHERE r.meeting_id = m.meeting_id;
    INSERT INTO jxlink.resolution (jurisdiction, meeting_id, number, title, content)
    VALUES (m.jurisdiction, m.meeting_id, n, jxlink.require_text(title, 'the title'), content)
    RETURNING resolution_id INTO result;
    FOR owner IN SELECT DISTINCT o FROM unnest(owners) o LOOP
        INSERT INTO jxlink.resolution_owner (resolution_id, jurisdiction, unit_id) VALUES (result, m.jurisdiction, owner);
        -- a unit attending the meeting knew of its resolution there
        PERFORM jxlink.obligation_open('resolution_report', 'resolution_report', 'resolution', result, owner,
                                       jxlink.meeting_office(m.jurisdiction), m.held_at, NULL,
                                       EXISTS (SELECT 1 FROM jxlink.joint_meeting_attendee a
                                               WHERE a.meeting_id = m.meeting_id AND a.unit_id = owner));
    END LOOP;
    RETURN result;
END
$$;

-- ===== end C =====


-- ===== D. confidentiality: staff record, contact reads, leaks =====
-- D1. The record of every change of jxlink.staff (jxlink.staff_change); the
-- rows present now are recorded as 'baseline' (their earlier changes are not
-- known); each staff row names its latest change.
CREATE TABLE jxlink.staff_change (
    change_no bigint GENERATED ALWAYS AS IDENTITY,
    jurisdiction text NOT NULL,
    op text NOT NULL,
    role_name text NOT NULL,
    unit_id uuid NOT NULL,
    old_values jsonb,
    new_values jsonb,
    changed_at timestamp with time zone DEFAULT now() NOT NULL,
    changed_by_role text NOT NULL,
    changed_by_login text NOT NULL,
    CONSTRAINT staff_change_op_check CHECK (op IN ('insert', 'update', 'delete', 'baseline')),
    CONSTRAINT staff_change_values_check CHECK ((old_values IS NULL) = (op IN ('insert', 'baseline'))
                                                AND (new_values IS NULL) = (op = 'delete'))
);

ALTER TABLE ONLY jxlink.staff_change FORCE ROW LEVEL SECURITY;
COMMENT ON TABLE jxlink.staff_change IS '工作人员对应关系变更记录（只增不改，UPDATE、DELETE、TRUNCATE 一律拒绝，表属主亦然）：jxlink.staff 的每次新增、修改、删除，谁在何时以何角色所为。管理员与监督人员可读。 The record of every change of jxlink.staff (append-only: UPDATE, DELETE and TRUNCATE are refused, even to the owner): each insert, update and delete of a mapping, when, and by which login and role. Administrators and supervisors read it.';
COMMENT ON COLUMN jxlink.staff_change.change_no IS '变更序号（递增）。 Change number (increasing).';
COMMENT ON COLUMN jxlink.staff_change.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.staff_change.op IS 'insert 新增、update 修改、delete 删除；baseline＝升级到 0.9.0 时已有的行（此前的变更无记录）。 insert, update, delete; baseline: a row present when the extension was upgraded to 0.9.0 (earlier changes were not recorded).';
COMMENT ON COLUMN jxlink.staff_change.role_name IS '被对应的数据库角色（修改后的角色名）。 The role mapped (its name after the change).';
COMMENT ON COLUMN jxlink.staff_change.unit_id IS '对应到的单位（删除时为原单位）。 The unit it is mapped to (for a delete, the unit it was mapped to).';
COMMENT ON COLUMN jxlink.staff_change.old_values IS '变更前的行（新增时为空）。 The row before the change (null for an insert).';
COMMENT ON COLUMN jxlink.staff_change.new_values IS '变更后的行（删除时为空）。 The row after the change (null for a delete).';
COMMENT ON COLUMN jxlink.staff_change.changed_at IS '变更时间（事务时间）。 When (transaction time).';
COMMENT ON COLUMN jxlink.staff_change.changed_by_role IS '执行变更的角色（SET ROLE 之后）。 The role that made the change (after SET ROLE).';
COMMENT ON COLUMN jxlink.staff_change.changed_by_login IS '登录角色（session_user）。 The login role (session_user).';
ALTER TABLE ONLY jxlink.staff_change
    ADD CONSTRAINT staff_change_pkey PRIMARY KEY (change_no);
ALTER TABLE ONLY jxlink.staff_change
    ADD CONSTRAINT staff_change_jurisdiction_fkey FOREIGN KEY (jurisdiction) REFERENCES jxlink.jurisdiction(code);
CREATE INDEX staff_change_role ON jxlink.staff_change USING btree (jurisdiction, role_name, change_no);
ALTER TABLE jxlink.staff_change ENABLE ROW LEVEL SECURITY;
CREATE TRIGGER staff_change_append_only BEFORE DELETE OR UPDATE ON jxlink.staff_change FOR EACH ROW EXECUTE FUNCTION jxlink.refuse_change();
ALTER TABLE jxlink.staff_change ENABLE ALWAYS TRIGGER staff_change_append_only;
CREATE TRIGGER staff_change_no_truncate BEFORE TRUNCATE ON jxlink.staff_change FOR EACH STATEMENT EXECUTE FUNCTION jxlink.refuse_change();
ALTER TABLE jxlink.staff_change ENABLE ALWAYS TRIGGER staff_change_no_truncate;
GRANT SELECT ON TABLE jxlink.staff_change TO jxlink_admin, jxlink_clerk, jxlink_supervisor;
SELECT pg_catalog.pg_extension_config_dump('jxlink.staff_change', '');
SELECT pg_catalog.pg_extension_config_dump('jxlink.staff_change_change_no_seq', '');

INSERT INTO jxlink.staff_change (jurisdiction, op, role_name, unit_id, new_values, changed_by_role, changed_by_login)
SELECT s.jurisdiction, 'baseline', s.role_name, s.unit_id, to_jsonb(s), jxlink.calling_role()::text, session_user::text
FROM jxlink.staff s ORDER BY s.jurisdiction, s.role_name;
ALTER TABLE jxlink.staff ADD COLUMN last_change bigint;
UPDATE jxlink.staff s SET last_change = c.change_no
FROM jxlink.staff_change c WHERE c.op = 'baseline' AND c.jurisdiction = s.jurisdiction AND c.role_name = s.role_name;
ALTER TABLE jxlink.staff ALTER COLUMN last_change SET NOT NULL;
COMMENT ON COLUMN jxlink.staff.last_change IS '使本行成为现值的变更记录（jxlink.staff_change，由触发器填写）。 The change that gave this row its values (jxlink.staff_change; set by the trigger).';
ALTER TABLE ONLY jxlink.staff
    ADD CONSTRAINT staff_last_change_fkey FOREIGN KEY (last_change) REFERENCES jxlink.staff_change(change_no);
COMMENT ON CONSTRAINT staff_last_change_fkey ON jxlink.staff IS '每行指向使其成为现值的变更记录；pg_dump 因此先恢复变更记录、后恢复工作人员。 Each row names the change that gave it its values; pg_dump therefore restores the record before the staff rows.';

-- Record a change of jxlink.staff in jxlink.staff_change (BEFORE each row;
-- TRUNCATE is refused).  An INSERT of a row that names the latest change of
-- its role and has that change's values is the state the record already
-- holds: a restore, which brings back the record first (staff_last_change_fkey
-- orders pg_dump's data so); it is not recorded again.  An UPDATE that changes
-- nothing is not recorded.
CREATE FUNCTION jxlink.staff_record() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    old_v      jsonb;
    new_v      jsonb;
    latest     jxlink.staff_change;
    change     bigint;
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        RAISE EXCEPTION 'jxlink.staff is not truncated: every change of a mapping is recorded'
            USING ERRCODE = 'restrict_violation',
                  HINT = 'Delete the rows: each removal is recorded in jxlink.staff_change.';
    END IF;
    IF TG_OP <> 'INSERT' THEN
        old_v := to_jsonb(OLD) - 'last_change';
    END IF;
    IF TG_OP <> 'DELETE' THEN
        new_v := to_jsonb(NEW) - 'last_change';
    END IF;
    IF TG_OP = 'INSERT' THEN
        SELECT c.* INTO latest FROM jxlink.staff_change c
        WHERE (c.jurisdiction = NEW.jurisdiction AND c.role_name = NEW.role_name)
           OR (c.old_values->>'jurisdiction' = NEW.jurisdiction AND c.old_values->>'role_name' = NEW.role_name)
        ORDER BY c.change_no DESC LIMIT 1;
        IF FOUND AND latest.change_no = NEW.last_change AND latest.op <> 'delete'
           AND latest.role_name = NEW.role_name AND latest.new_values = new_v THEN
            RETURN NEW;  -- restored: the record already holds this row
        END IF;
    ELSIF TG_OP = 'UPDATE' AND old_v = new_v THEN
        NEW.last_change := OLD.last_change;
        RETURN NEW;
    END IF;
    INSERT INTO jxlink.staff_change (jurisdiction, op, role_name, unit_id, old_values, new_values,
                                     changed_by_role, changed_by_login)
    VALUES (coalesce(NEW.jurisdiction, OLD.jurisdiction), lower(TG_OP), coalesce(NEW.role_name, OLD.role_name),
            coalesce(NEW.unit_id, OLD.unit_id), old_v, new_v, jxlink.calling_role()::text, session_user::text)
    RETURNING change_no INTO change;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    NEW.last_change := change;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION jxlink.staff_record() IS '触发器：jxlink.staff 的每次新增、修改、删除写入 staff_change（恢复备份时记录中已有的行不重复记录）；拒绝 TRUNCATE。 Trigger: record every insert, update and delete of jxlink.staff in staff_change (a restored row the record already holds is not recorded twice); refuse TRUNCATE.';
REVOKE ALL ON FUNCTION jxlink.staff_record() FROM PUBLIC;
CREATE TRIGGER staff_record BEFORE INSERT OR DELETE OR UPDATE ON jxlink.staff FOR EACH ROW EXECUTE FUNCTION jxlink.staff_record();
ALTER TABLE jxlink.staff ENABLE ALWAYS TRIGGER staff_record;
CREATE TRIGGER staff_no_truncate BEFORE TRUNCATE ON jxlink.staff FOR EACH STATEMENT EXECUTE FUNCTION jxlink.staff_record();
ALTER TABLE jxlink.staff ENABLE ALWAYS TRIGGER staff_no_truncate;

-- Does the querying role supervise (jxlink_supervisor, or staff of the
-- judicial office or the discipline commission)?  Runs as the caller.
CREATE FUNCTION jxlink.reads_as_supervisor() RETURNS boolean
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    SELECT pg_has_role(current_user, 'jxlink_supervisor', 'MEMBER')
        OR EXISTS (SELECT 1 FROM jxlink.staff s JOIN jxlink.unit u ON u.unit_id = s.unit_id
                   WHERE s.role_name = current_user::text AND s.active
                     AND u.kind IN ('judicial_office', 'discipline_commission'))
$$;
COMMENT ON FUNCTION jxlink.reads_as_supervisor() IS '当前角色是否为监督人员：jxlink_supervisor，或司法所、纪工委的在岗人员（读取对应关系变更记录与联系方式读取记录）。 Whether the current role supervises: jxlink_supervisor, or active staff of the judicial office or the discipline commission (they read the staff record and the contact-read log).';
REVOKE ALL ON FUNCTION jxlink.reads_as_supervisor() FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.reads_as_supervisor() TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;

-- reads_everything counts the supervisors as reads_as_supervisor does (one definition of who supervises)
CREATE OR REPLACE FUNCTION jxlink.reads_everything() RETURNS boolean
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    SELECT pg_has_role(current_user, 'jxlink_bi', 'MEMBER')
        OR pg_has_role(current_user, 'jxlink_admin', 'MEMBER')
        OR jxlink.reads_as_supervisor()
$$;

CREATE POLICY staff_change_read ON jxlink.staff_change FOR SELECT
USING (pg_has_role(current_user, 'jxlink_admin', 'MEMBER') OR (SELECT jxlink.reads_as_supervisor()));
COMMENT ON POLICY staff_change_read ON jxlink.staff_change IS '管理员与监督人员读取对应关系变更记录；其他办事人员不读。 Administrators and supervisors read the staff record; other clerks do not.';

-- Where jxlink.staff and its record disagree: a row that is not the latest
-- recorded state of its role, or a role the record says is mapped and is not.
CREATE FUNCTION jxlink.verify_staff_record() RETURNS TABLE(jurisdiction text, role_name text, problem text)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    WITH latest AS (
        SELECT DISTINCT ON (k.j, k.r) k.j, k.r, c.change_no, c.op, c.role_name AS changed_role, c.new_values
        FROM jxlink.staff_change c
        CROSS JOIN LATERAL (VALUES (c.jurisdiction, c.role_name),
                                   (c.old_values->>'jurisdiction', c.old_values->>'role_name')) AS k(j, r)
        WHERE k.r IS NOT NULL
        ORDER BY k.j, k.r, c.change_no DESC)
    SELECT s.jurisdiction, s.role_name,
           CASE WHEN l.change_no IS NULL THEN 'mapped without a record'
                ELSE 'the row differs from its latest recorded change ' || l.change_no END
    FROM jxlink.staff s LEFT JOIN latest l ON l.j = s.jurisdiction AND l.r = s.role_name
    WHERE l.change_no IS NULL OR l.change_no <> s.last_change OR l.op = 'delete' OR l.changed_role <> s.role_name
       OR l.new_values IS DISTINCT FROM to_jsonb(s) - 'last_change'
    UNION ALL
    SELECT l.j, l.r, 'recorded as mapped by change ' || l.change_no || ', but not in jxlink.staff'
    FROM latest l
    WHERE l.op <> 'delete' AND l.changed_role = l.r
      AND NOT EXISTS (SELECT 1 FROM jxlink.staff s WHERE s.jurisdiction = l.j AND s.role_name = l.r)
    ORDER BY 1, 2, 3
$$;
COMMENT ON FUNCTION jxlink.verify_staff_record() IS '核对 jxlink.staff 与其变更记录：返回每一处不符（无记录的对应、与最近记录不同的行、记录为在册却不在表中的角色）。空结果表示一致。 Check jxlink.staff against its record: every disagreement (a mapping without a record, a row unlike its latest recorded change, a role recorded as mapped and missing from the table). No rows means they agree.';
REVOKE ALL ON FUNCTION jxlink.verify_staff_record() FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.verify_staff_record() TO jxlink_admin, jxlink_supervisor;

-- D2. Complainants' contacts: read only through read_complainant_contact(),
-- never by administrators or BI, each read recorded (jxlink.contact_read).
COMMENT ON FUNCTION jxlink.reads_complainants() IS '当前角色可否读取全部举报投诉（不含举报人联系方式，后者只经 read_complainant_contact() 读取并记录）：综合执法队、纪工委、司法所人员或 jxlink_supervisor。 Whether the current role reads every complaint (not the complainant''s contact, which is read only through read_complainant_contact(), on record): staff of the enforcement team, the discipline commission or the judicial office, or jxlink_supervisor.';
REVOKE SELECT ON TABLE jxlink.complaint_contact FROM jxlink_clerk, jxlink_supervisor;
DROP POLICY complaint_contact_read ON jxlink.complaint_contact;
CREATE POLICY complaint_contact_read ON jxlink.complaint_contact FOR SELECT
USING (false);
COMMENT ON POLICY complaint_contact_read ON jxlink.complaint_contact IS '不直接读取：联系方式只经 jxlink.read_complainant_contact() 读取，每次读取先行记录。 No direct reads: a contact is read only through jxlink.read_complainant_contact(), which records each read first.';

CREATE TABLE jxlink.contact_read (
    read_no bigint GENERATED ALWAYS AS IDENTITY,
    jurisdiction text NOT NULL,
    complaint_id uuid NOT NULL,
    reader_role text NOT NULL,
    reader_login text NOT NULL,
    reader_unit uuid NOT NULL,
    read_at timestamp with time zone DEFAULT clock_timestamp() NOT NULL
);

ALTER TABLE ONLY jxlink.contact_read FORCE ROW LEVEL SECURITY;
COMMENT ON TABLE jxlink.contact_read IS '举报人联系方式读取记录（只增不改，UPDATE、DELETE、TRUNCATE 一律拒绝，表属主亦然）：谁（角色、登录、单位）何时读取了哪件举报投诉的联系方式。监督人员可读；办事人员只读本人的读取。 The log of reads of complainants'' contacts (append-only: UPDATE, DELETE and TRUNCATE are refused, even to the owner): who (role, login, unit) read the contact of which complaint, and when. Supervisors read it; a clerk reads only its own reads.';
COMMENT ON COLUMN jxlink.contact_read.read_no IS '读取序号（递增）。 Read number (increasing).';
COMMENT ON COLUMN jxlink.contact_read.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.contact_read.complaint_id IS '被读取联系方式的举报投诉。 The complaint whose contact was read.';
COMMENT ON COLUMN jxlink.contact_read.reader_role IS '读取者角色（SET ROLE 之后）。 The reading role (after SET ROLE).';
COMMENT ON COLUMN jxlink.contact_read.reader_login IS '读取者登录角色（session_user）。 The reader''s login role (session_user).';
COMMENT ON COLUMN jxlink.contact_read.reader_unit IS '读取者据以读取的单位。 The unit through which the reader was entitled.';
COMMENT ON COLUMN jxlink.contact_read.read_at IS '读取时间（在读取之前提交）。 When it was read (committed before the contact is shown).';
ALTER TABLE ONLY jxlink.contact_read
    ADD CONSTRAINT contact_read_pkey PRIMARY KEY (read_no);
ALTER TABLE ONLY jxlink.contact_read
    ADD CONSTRAINT contact_read_complaint_id_fkey FOREIGN KEY (complaint_id) REFERENCES jxlink.complaint(complaint_id);
ALTER TABLE ONLY jxlink.contact_read
    ADD CONSTRAINT contact_read_jurisdiction_fkey FOREIGN KEY (jurisdiction) REFERENCES jxlink.jurisdiction(code);
CREATE INDEX contact_read_complaint ON jxlink.contact_read USING btree (complaint_id, reader_role, read_no);
ALTER TABLE jxlink.contact_read ENABLE ROW LEVEL SECURITY;
CREATE TRIGGER contact_read_append_only BEFORE DELETE OR UPDATE ON jxlink.contact_read FOR EACH ROW EXECUTE FUNCTION jxlink.refuse_change();
ALTER TABLE jxlink.contact_read ENABLE ALWAYS TRIGGER contact_read_append_only;
CREATE TRIGGER contact_read_no_truncate BEFORE TRUNCATE ON jxlink.contact_read FOR EACH STATEMENT EXECUTE FUNCTION jxlink.refuse_change();
ALTER TABLE jxlink.contact_read ENABLE ALWAYS TRIGGER contact_read_no_truncate;
GRANT SELECT ON TABLE jxlink.contact_read TO jxlink_clerk, jxlink_supervisor;
SELECT pg_catalog.pg_extension_config_dump('jxlink.contact_read', '');
SELECT pg_catalog.pg_extension_config_dump('jxlink.contact_read_read_no_seq', '');

CREATE POLICY contact_read_read ON jxlink.contact_read FOR SELECT
USING ((SELECT jxlink.reads_as_supervisor()) OR reader_role = current_user::text);
COMMENT ON POLICY contact_read_read ON jxlink.contact_read IS '监督人员读取全部读取记录；办事人员只读本人的读取。 Supervisors read every read; a clerk reads only its own.';

-- The unit through which a role may read a complaint's contact, or null:
-- active staff of the first receiver, of the team the complaint was referred
-- to, or of a supervising unit; never a member of jxlink_admin or jxlink_bi.
CREATE FUNCTION jxlink.contact_reader_unit(reader name, complaint uuid) RETURNS uuid
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    SELECT s.unit_id
    FROM jxlink.complaint c
    JOIN jxlink.staff s ON s.jurisdiction = c.jurisdiction AND s.role_name = reader::text AND s.active
    JOIN jxlink.unit u ON u.unit_id = s.unit_id
    WHERE c.complaint_id = complaint
      AND NOT pg_has_role(reader, 'jxlink_admin', 'MEMBER') AND NOT pg_has_role(reader, 'jxlink_bi', 'MEMBER')
      AND (c.first_receiver = s.unit_id
           OR EXISTS (SELECT 1 FROM jxlink.referral r WHERE r.referral_id = c.referral_id AND r.to_unit = s.unit_id)
           OR u.kind IN ('judicial_office', 'discipline_commission'))
    ORDER BY c.first_receiver = s.unit_id DESC
    LIMIT 1
$$;
COMMENT ON FUNCTION jxlink.contact_reader_unit(reader name, complaint uuid) IS '（内部）某角色据以读取某举报投诉联系方式的单位，无权则为空：首问负责单位、受移送的综合执法队、监督单位（司法所、纪工委）的在岗人员；jxlink_admin、jxlink_bi 成员一律无权。 (Internal) The unit through which a role may read a complaint''s contact, or null: active staff of the first receiver, of the team it was referred to, or of a supervising unit (judicial office, discipline commission); never a member of jxlink_admin or jxlink_bi.';
REVOKE ALL ON FUNCTION jxlink.contact_reader_unit(reader name, complaint uuid) FROM PUBLIC;

-- Record that the calling role reads a complaint's contact; 42501 if it may not.
CREATE FUNCTION jxlink.record_contact_read(complaint uuid) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    reader name := jxlink.calling_role();
    unit   uuid;
    result bigint;
BEGIN
    IF pg_has_role(reader, 'jxlink_admin', 'MEMBER') OR pg_has_role(reader, 'jxlink_bi', 'MEMBER')
       OR (pg_has_role(session_user, 'jxlink_admin', 'MEMBER')
           AND NOT (SELECT r.rolsuper FROM pg_roles r WHERE r.rolname = session_user)) THEN
        RAISE EXCEPTION 'administrators and BI do not read complainants'' contacts'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = '举报人保密: administrators map staff to units; they do not read contacts, whatever their staff rows.';
    END IF;
    unit := jxlink.contact_reader_unit(reader, complaint);
    IF unit IS NULL THEN
        RAISE EXCEPTION 'not entitled to the complainant''s contact'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = '举报人保密: only the first receiver, the team it was referred to and the supervisors may read it.';
    END IF;
    INSERT INTO jxlink.contact_read (jurisdiction, complaint_id, reader_role, reader_login, reader_unit)
    SELECT c.jurisdiction, c.complaint_id, reader::text, session_user::text, unit
    FROM jxlink.complaint c WHERE c.complaint_id = complaint
    RETURNING read_no INTO result;
    RETURN result;
END
$$;
COMMENT ON FUNCTION jxlink.record_contact_read(complaint uuid) IS '（由 read_complainant_contact 调用）记录调用角色读取某举报投诉的联系方式；无权则报错（42501），不记录。 (Called by read_complainant_contact) Record that the calling role reads a complaint''s contact; SQLSTATE 42501 and nothing recorded if it may not.';
REVOKE ALL ON FUNCTION jxlink.record_contact_read(complaint uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.record_contact_read(complaint uuid) TO jxlink_clerk, jxlink_supervisor;

-- The contact, to a reader entitled to it whose read of it was recorded and
-- committed in an earlier transaction during the last minute.
CREATE OR REPLACE FUNCTION jxlink.complainant_contact(complaint uuid) RETURNS jxlink.complaint_contact
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    reader name := jxlink.calling_role();
    result jxlink.complaint_contact;
BEGIN
    IF pg_has_role(reader, 'jxlink_admin', 'MEMBER') OR pg_has_role(reader, 'jxlink_bi', 'MEMBER')
       OR jxlink.contact_reader_unit(reader, complaint) IS NULL THEN
        RAISE EXCEPTION 'not entitled to the complainant''s contact'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = '举报人保密: only the first receiver, the team it was referred to and the supervisors may read it.';
    END IF;
    -- read_at < now(): written by a transaction that committed before this one began
    IF NOT EXISTS (SELECT 1 FROM jxlink.contact_read x
                   WHERE x.complaint_id = complainant_contact.complaint AND x.reader_role = reader::text
                     AND x.reader_login = session_user::text
                     AND x.read_at < now() AND x.read_at >= now() - interval '1 minute') THEN
        RAISE EXCEPTION 'this read of the complainant''s contact is not on record'
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'CALL jxlink.read_complainant_contact(complaint): it records the read, commits, then returns the contact.';
    END IF;
    SELECT * INTO result FROM jxlink.complaint_contact x WHERE x.complaint_id = complainant_contact.complaint;
    RETURN result;
END
$$;
COMMENT ON FUNCTION jxlink.complainant_contact(complaint uuid) IS '（由 read_complainant_contact 调用）举报人联系方式（举报人保密）：仅返回给有权读取、且其读取已在一分钟内先前提交的事务中记录的角色。 (Called by read_complainant_contact) The complainant''s contact (kept confidential): returned only to a role entitled to it whose read was recorded by an earlier, committed transaction within the last minute.';
REVOKE ALL ON FUNCTION jxlink.complainant_contact(complaint uuid) FROM PUBLIC, jxlink_admin;
GRANT ALL ON FUNCTION jxlink.complainant_contact(complaint uuid) TO jxlink_clerk, jxlink_supervisor;

-- Read a complainant's contact: record the read, commit it, then return the
-- contact.  A procedure that commits cannot run inside a transaction block, so
-- no read can be rolled back off the record (SQLSTATE 2D000 there).  Runs as
-- the caller (a procedure with SECURITY DEFINER or SET cannot commit); every
-- name it uses is schema-qualified.
CREATE PROCEDURE jxlink.read_complainant_contact(complaint uuid, INOUT anonymous boolean DEFAULT NULL,
    INOUT full_name text DEFAULT NULL, INOUT phone text DEFAULT NULL, INOUT address text DEFAULT NULL,
    INOUT other text DEFAULT NULL)
    LANGUAGE plpgsql
    AS $$
DECLARE
    c jxlink.complaint_contact;
BEGIN
    PERFORM jxlink.record_contact_read(complaint);
    COMMIT;
    c := jxlink.complainant_contact(complaint);
    anonymous := c.anonymous;
    full_name := c.full_name;
    phone := c.phone;
    address := c.address;
    other := c.other;
END
$$;
COMMENT ON PROCEDURE jxlink.read_complainant_contact(complaint uuid, INOUT anonymous boolean, INOUT full_name text, INOUT phone text, INOUT address text, INOUT other text) IS '读取举报人联系方式（举报人保密）：先记录并提交本次读取（contact_read），再返回联系方式；须在事务块之外 CALL。仅首问负责单位、受移送的综合执法队与监督单位（司法所、纪工委）的在岗人员；管理员、BI 一律不可。 Read a complainant''s contact (kept confidential): records and commits the read (contact_read), then returns the contact; CALL it outside a transaction block. Only active staff of the first receiver, of the team it was referred to and of the supervisors (judicial office, discipline commission); never administrators or BI.';
REVOKE ALL ON PROCEDURE jxlink.read_complainant_contact(complaint uuid, INOUT anonymous boolean, INOUT full_name text, INOUT phone text, INOUT address text, INOUT other text) FROM PUBLIC;
GRANT ALL ON PROCEDURE jxlink.read_complainant_contact(complaint uuid, INOUT anonymous boolean, INOUT full_name text, INOUT phone text, INOUT address text, INOUT other text) TO jxlink_clerk, jxlink_supervisor;

-- D3. share_sender() and patrol_leader() answer only their own unit's staff.
-- The sender of a share, for the policy of the table that points at it
-- (without recursion): only to the sender's own staff, null to anyone else --
-- the policy compares it with the caller's units and needs no more.
CREATE OR REPLACE FUNCTION jxlink.share_sender(share_id uuid) RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    SELECT s.from_unit FROM jxlink.share s
    WHERE s.share_id = share_sender.share_id
      AND EXISTS (SELECT 1 FROM jxlink.staff st
                  WHERE st.role_name = jxlink.calling_role()::text AND st.active AND st.unit_id = s.from_unit)
$$;
COMMENT ON FUNCTION jxlink.share_sender(share_id uuid) IS '（供策略使用）共享信息的提供单位：仅对提供单位本身的在岗人员返回，对其他人返回空。 (For the policies) The sending unit of a share: returned only to the sending unit''s own active staff, null to anyone else.';
-- The leader of a patrol, for the policy of the table that points at it
-- (without recursion): only to the leading unit's own staff, null to anyone
-- else -- the policy compares it with the caller's units and needs no more.
CREATE OR REPLACE FUNCTION jxlink.patrol_leader(patrol_id uuid) RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    SELECT p.led_by FROM jxlink.patrol p
    WHERE p.patrol_id = patrol_leader.patrol_id
      AND EXISTS (SELECT 1 FROM jxlink.staff st
                  WHERE st.role_name = jxlink.calling_role()::text AND st.active AND st.unit_id = p.led_by)
$$;
COMMENT ON FUNCTION jxlink.patrol_leader(patrol_id uuid) IS '（供策略使用）巡查的牵头单位：仅对牵头单位本身的在岗人员返回，对其他人返回空。 (For the policies) The leading unit of a patrol: returned only to the leading unit''s own active staff, null to anyone else.';

-- ===== end D =====


-- ===== E. poison dates and the history anchor =====
-- (section E)

-- (E1 and E2, the calendar bounds and the null-safe count, come first: every section uses them.)


CREATE OR REPLACE FUNCTION jxlink.period_length(period_unit text, amount integer, started_at timestamp with time zone, due_date date) RETURNS integer
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
SELECT CASE WHEN period_unit OPERATOR(pg_catalog.=) ANY ('{workdays,hours}') THEN amount
            ELSE pg_catalog.int4larger(jxlink.workdays_between_or_null(jxlink.local_date(started_at), due_date), 1) END
$$;


CREATE OR REPLACE FUNCTION jxlink.due_soon_as_of(as_of timestamp with time zone) RETURNS TABLE(obligation_id uuid, jurisdiction text, kind text, subject_type text, subject_id uuid, subject_ref text, subject_title text, owner_unit uuid, owner_code text, owner_name_zh text, owner_kind text, counterpart_unit uuid, counterpart_code text, counterpart_name_zh text, rule_code text, clause text, period_unit text, period_amount integer, started_at timestamp with time zone, due_at timestamp with time zone, due_date date, provisional boolean, workdays_left integer, hours_left numeric, fraction_left numeric, warning text)
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
SELECT o.obligation_id, o.jurisdiction, o.kind, o.subject_type, o.subject_id, o.subject_ref, o.subject_title,
       o.owner_unit, ou.code, ou.name_zh, ou.kind, o.counterpart_unit, cu.code, cu.name_zh,
       o.rule_code, o.clause, o.period_unit, o.period_amount,
       o.started_at, o.due_at, o.due_date, o.provisional,
       x.workdays_left, x.hours_left, x.fraction_left,
       CASE WHEN CASE WHEN o.period_unit OPERATOR(pg_catalog.=) 'hours'
                      THEN x.hours_left OPERATOR(pg_catalog.<=) s.hours
                      ELSE x.workdays_left OPERATOR(pg_catalog.<=) s.workdays END
                 OR x.fraction_left OPERATOR(pg_catalog.<=) s.fraction
            THEN 'yellow' ELSE 'green' END::pg_catalog.text
FROM jxlink.obligation o
JOIN jxlink.unit ou ON ou.unit_id OPERATOR(pg_catalog.=) o.owner_unit
LEFT JOIN jxlink.unit cu ON cu.unit_id OPERATOR(pg_catalog.=) o.counterpart_unit
CROSS JOIN LATERAL (
    SELECT w.workdays_left, w.hours_left,
           pg_catalog.round(CASE WHEN o.period_unit OPERATOR(pg_catalog.=) 'hours' THEN w.hours_left
                                 ELSE w.workdays_left::numeric END
                            OPERATOR(pg_catalog./) w.period_length, 3) AS fraction_left
    FROM (SELECT jxlink.workdays_between_or_null(jxlink.local_date(as_of), o.due_date) AS workdays_left,
                 jxlink.period_length(o.period_unit, o.period_amount, o.started_at, o.due_date) AS period_length,
                 pg_catalog.round(pg_catalog.date_part('epoch', o.due_at OPERATOR(pg_catalog.-) as_of)::numeric
                                  OPERATOR(pg_catalog./) 3600, 1) AS hours_left) w) x
CROSS JOIN (
    SELECT pg_catalog.max(t.value) FILTER (WHERE t.name OPERATOR(pg_catalog.=) 'due_soon_workdays') AS workdays,
           pg_catalog.max(t.value) FILTER (WHERE t.name OPERATOR(pg_catalog.=) 'due_soon_hours') AS hours,
           pg_catalog.max(t.value) FILTER (WHERE t.name OPERATOR(pg_catalog.=) 'due_soon_fraction') AS fraction
    FROM jxlink.setting t) s
WHERE o.due_at OPERATOR(pg_catalog.>) as_of
  AND jxlink.check_calendar_time(as_of, 'as_of') IS NOT DISTINCT FROM as_of
  AND o.started_at OPERATOR(pg_catalog.<=) as_of
  AND (o.status OPERATOR(pg_catalog.=) 'open' OR o.met_at OPERATOR(pg_catalog.>) as_of)
$$;


CREATE OR REPLACE FUNCTION jxlink.overdue_as_of(as_of timestamp with time zone) RETURNS TABLE(obligation_id uuid, jurisdiction text, kind text, subject_type text, subject_id uuid, subject_ref text, subject_title text, owner_unit uuid, owner_code text, owner_name_zh text, owner_kind text, counterpart_unit uuid, counterpart_code text, counterpart_name_zh text, rule_code text, clause text, period_unit text, period_amount integer, started_at timestamp with time zone, due_at timestamp with time zone, due_date date, provisional boolean, late_workdays integer, late_hours numeric, warning text)
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
SELECT o.obligation_id, o.jurisdiction, o.kind, o.subject_type, o.subject_id, o.subject_ref, o.subject_title,
       o.owner_unit, ou.code, ou.name_zh, ou.kind, o.counterpart_unit, cu.code, cu.name_zh,
       o.rule_code, o.clause, o.period_unit, o.period_amount,
       o.started_at, o.due_at, o.due_date, o.provisional,
       pg_catalog.int4larger(jxlink.workdays_between_or_null(o.due_date, jxlink.local_date(as_of)), 0),
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


-- E3. Every date and time argument of the API bounded to the calendar (one line at the top of each body).


CREATE OR REPLACE FUNCTION jxlink.handle_complaint_on_spot(complaint uuid, note text, occurred_at timestamp with time zone DEFAULT now()) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    me jxlink.staff := jxlink.caller_staff();
    c  jxlink.complaint := jxlink.complaint_for_receiver(complaint, me, occurred_at);
BEGIN
    PERFORM jxlink.check_calendar_time(handle_complaint_on_spot.occurred_at, 'occurred_at');
    IF NOT EXISTS (SELECT 1 FROM jxlink.unit u WHERE u.unit_id = me.unit_id AND u.kind = 'enforcement_team') THEN
        RAISE EXCEPTION 'only the enforcement team handles a complaint on the spot'
            USING ERRCODE = 'insufficient_privilege', DETAIL = '二（三）: simple cases are handled on the spot by the team.';
    ELSIF c.outcome IS NOT NULL THEN
        RAISE EXCEPTION 'the complaint''s outcome is already %', c.outcome USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    UPDATE jxlink.complaint x
    SET outcome = 'handled_on_spot', outcome_at = occurred_at,
        reply = jxlink.require_text(note, 'the note of the handling'), replied_at = occurred_at
    WHERE x.complaint_id = c.complaint_id;
    PERFORM jxlink.obligation_close(c.complaint_id, '{complaint_reply}', occurred_at, me.role_name, 'met', note);
    RETURN 'handled_on_spot';
END
$$;

CREATE OR REPLACE FUNCTION jxlink.receive_complaint(channel text, received_at timestamp with time zone, subject text, place text DEFAULT NULL::text, category text DEFAULT NULL::text, contact jsonb DEFAULT '{}'::jsonb) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    me      jxlink.staff := jxlink.caller_staff();
    unknown text;
    result  uuid;
BEGIN
    PERFORM jxlink.check_calendar_time(receive_complaint.received_at, 'received_at');
    IF channel IS NULL OR channel NOT IN ('report', 'complaint', 'petition', 'hotline', 'other') THEN
        RAISE EXCEPTION 'unknown complaint channel "%"', channel
            USING ERRCODE = 'invalid_parameter_value', DETAIL = 'Channels: report, complaint, petition, hotline, other.';
    ELSIF category IS NOT NULL AND category NOT IN ('licensed', 'unlicensed', 'prohibited', 'other') THEN
        RAISE EXCEPTION 'unknown case category "%"', category USING ERRCODE = 'invalid_parameter_value';
    ELSIF contact IS NULL OR jsonb_typeof(contact) <> 'object' THEN
        RAISE EXCEPTION 'contact must be a JSON object' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT string_agg(k, ', ') INTO unknown FROM jsonb_object_keys(contact) AS k
    WHERE k NOT IN ('anonymous', 'full_name', 'phone', 'address', 'other');
    IF unknown IS NOT NULL THEN
        RAISE EXCEPTION 'unknown keys in contact: %', unknown
            USING ERRCODE = 'invalid_parameter_value', DETAIL = 'Known keys: anonymous, full_name, phone, address, other.';
    END IF;
    PERFORM jxlink.require_text(subject, 'the subject');
    PERFORM jxlink.check_occurred_at(received_at, '-infinity', 'ever');
    INSERT INTO jxlink.complaint (jurisdiction, channel, received_at, first_receiver, subject, place, category, created_by)
    VALUES (me.jurisdiction, channel, received_at, me.unit_id, subject, place, category, me.role_name)
    RETURNING complaint_id INTO result;
    INSERT INTO jxlink.complaint_contact (complaint_id, jurisdiction, anonymous, full_name, phone, address, other)
    VALUES (result, me.jurisdiction, coalesce((contact->>'anonymous')::boolean, false), contact->>'full_name',
            contact->>'phone', contact->>'address', contact->>'other');
    PERFORM jxlink.obligation_open('complaint_reply', 'complaint_reply', 'complaint', result, me.unit_id, NULL, received_at);
    RETURN result;
END
$$;

CREATE OR REPLACE FUNCTION jxlink.refer_complaint(complaint uuid, title text, urgent boolean DEFAULT false, occurred_at timestamp with time zone DEFAULT now()) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    me       jxlink.staff := jxlink.caller_staff();
    c        jxlink.complaint := jxlink.complaint_for_receiver(complaint, me, occurred_at);
    case_id  uuid;
    referral uuid;
BEGIN
    PERFORM jxlink.check_calendar_time(refer_complaint.occurred_at, 'occurred_at');
    IF c.outcome IS NOT NULL THEN
        RAISE EXCEPTION 'the complaint''s outcome is already %', c.outcome USING ERRCODE = 'object_not_in_prerequisite_state';
    ELSIF c.category IS NULL THEN
        RAISE EXCEPTION 'the complaint has no matter category' USING ERRCODE = 'object_not_in_prerequisite_state',
            HINT = 'Record the category (二（一）–（四）) when receiving it.';
    END IF;
    -- the case is found when the verification finds the violation
    case_id := jxlink.open_case(c.category, 'complaint', title, occurred_at,
                                jsonb_strip_nulls(jsonb_build_object('place', c.place, 'description', c.subject)));
    referral := jxlink.create_referral(case_id, urgent, occurred_at);
    UPDATE jxlink.referral r SET complaint_id = c.complaint_id WHERE r.referral_id = referral;
    UPDATE jxlink.complaint x SET outcome = 'penalty_due', outcome_at = occurred_at, referral_id = referral
    WHERE x.complaint_id = c.complaint_id;
    RETURN referral;
END
$$;

CREATE OR REPLACE FUNCTION jxlink.reply_complaint(complaint uuid, outcome text, reply text, occurred_at timestamp with time zone DEFAULT now()) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    me jxlink.staff := jxlink.caller_staff();
    c  jxlink.complaint := jxlink.complaint_for_receiver(complaint, me, occurred_at);
BEGIN
    PERFORM jxlink.check_calendar_time(reply_complaint.occurred_at, 'occurred_at');
    IF outcome IS NULL OR outcome NOT IN ('no_violation', 'outside_scope', 'penalty_due') THEN
        RAISE EXCEPTION 'the outcome of a reply must be no_violation, outside_scope or penalty_due, not %', coalesce(outcome, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    ELSIF c.replied_at IS NOT NULL THEN
        RAISE EXCEPTION 'the complainant was already answered on %', c.replied_at USING ERRCODE = 'object_not_in_prerequisite_state';
    ELSIF outcome = 'penalty_due' AND c.referral_id IS NULL THEN
        RAISE EXCEPTION 'a complaint found to need a penalty is referred first'
            USING ERRCODE = 'object_not_in_prerequisite_state', HINT = 'Use jxlink.refer_complaint().';
    ELSIF c.outcome IS NOT NULL AND c.outcome <> outcome THEN
        RAISE EXCEPTION 'the complaint''s outcome is already %', c.outcome USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    UPDATE jxlink.complaint x
    SET outcome = reply_complaint.outcome, outcome_at = coalesce(x.outcome_at, occurred_at),
        reply = jxlink.require_text(reply_complaint.reply, 'the reply'), replied_at = occurred_at
    WHERE x.complaint_id = c.complaint_id;
    PERFORM jxlink.obligation_close(c.complaint_id, '{complaint_reply}', occurred_at, me.role_name, 'met', reply);
    RETURN outcome;
END
$$;

CREATE OR REPLACE FUNCTION jxlink.open_case(category text, source text, title text, discovered_at timestamp with time zone, details jsonb DEFAULT '{}'::jsonb) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    me      jxlink.staff := jxlink.caller_staff();
    unknown text;
    flag    text;
    result  uuid;
BEGIN
    PERFORM jxlink.check_calendar_time(open_case.discovered_at, 'discovered_at');
    IF category IS NULL OR category NOT IN ('licensed', 'unlicensed', 'prohibited', 'other') THEN
        RAISE EXCEPTION 'unknown case category "%"', category
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'Categories (二（一）–（四）): licensed, unlicensed, prohibited, other.';
    END IF;
    IF source IS NULL OR source NOT IN ('patrol', 'complaint', 'grid_report', 'monitoring_device',
                                        'inspection', 'assignment', 'other') THEN
        RAISE EXCEPTION 'unknown case source "%"', source
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'Sources: patrol, complaint, grid_report, monitoring_device, inspection, assignment, other.';
    END IF;
    PERFORM jxlink.require_text(title, 'the title');
    PERFORM jxlink.check_occurred_at(discovered_at, '-infinity', 'ever');
    IF details IS NULL OR jsonb_typeof(details) <> 'object' THEN
        RAISE EXCEPTION 'details must be a JSON object' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT string_agg(k, ', ') INTO unknown FROM jsonb_object_keys(details) AS k
    WHERE k NOT IN ('party', 'place', 'description', 'violation_stopped', 'evidence_preserved');
    IF unknown IS NOT NULL THEN
        RAISE EXCEPTION 'unknown keys in details: %', unknown
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'Known keys: party, place, description, violation_stopped, evidence_preserved.';
    END IF;
    FOREACH flag IN ARRAY ARRAY['violation_stopped', 'evidence_preserved'] LOOP
        IF details ? flag AND jsonb_typeof(details->flag) <> 'boolean' THEN
            RAISE EXCEPTION 'details.% must be true or false', flag USING ERRCODE = 'invalid_parameter_value';
        END IF;
    END LOOP;
    INSERT INTO jxlink.case_file (jurisdiction, category, source, title, discovered_at, discovering_unit,
                                  party, place, description, violation_stopped, evidence_preserved, created_by)
    VALUES (me.jurisdiction, category, source, title, discovered_at, me.unit_id,
            details->>'party', details->>'place', details->>'description',
            coalesce((details->>'violation_stopped')::boolean, false),
            coalesce((details->>'evidence_preserved')::boolean, false), me.role_name)
    RETURNING case_id INTO result;
    RETURN result;
END
$$;

CREATE OR REPLACE FUNCTION jxlink.report_licence_followup(referral uuid, note text, occurred_at timestamp with time zone DEFAULT now()) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    me jxlink.staff := jxlink.caller_staff();
    r  jxlink.referral;
    n  integer;
BEGIN
    PERFORM jxlink.check_calendar_time(report_licence_followup.occurred_at, 'occurred_at');
    SELECT * INTO r FROM jxlink.referral x WHERE x.referral_id = report_licence_followup.referral FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'referral % does not exist', report_licence_followup.referral USING ERRCODE = 'no_data_found';
    ELSIF r.from_unit <> me.unit_id THEN
        RAISE EXCEPTION 'only the sending unit reports the licensing status' USING ERRCODE = 'insufficient_privilege';
    END IF;
    PERFORM jxlink.check_occurred_at(occurred_at, r.last_event_at, 'the previous event of this referral');
    n := jxlink.obligation_close(r.referral_id, '{licence_followup}', occurred_at, me.role_name, 'met',
                                 jxlink.require_text(note, 'the licensing status'));
    IF n = 0 THEN
        RAISE EXCEPTION 'this referral owes no licence follow-up'
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = '二（二）: the follow-up is owed after transferring an unlicensed matter, once.';
    END IF;
    RETURN n;
END
$$;


CREATE OR REPLACE FUNCTION jxlink.escalate_agenda_item(item uuid, note text, occurred_at timestamp with time zone DEFAULT now()) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    me jxlink.staff := jxlink.caller_of_office();
    i  jxlink.agenda_item;
BEGIN
    PERFORM jxlink.check_calendar_time(escalate_agenda_item.occurred_at, 'occurred_at');
    SELECT * INTO i FROM jxlink.agenda_item x WHERE x.item_id = escalate_agenda_item.item FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'agenda item % does not exist', escalate_agenda_item.item USING ERRCODE = 'no_data_found';
    ELSIF i.escalated_at IS NOT NULL THEN
        RAISE EXCEPTION 'the item was already escalated on %', i.escalated_at USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    PERFORM jxlink.check_occurred_at(occurred_at, i.proposed_at, 'the proposal of the item');
    UPDATE jxlink.agenda_item x SET escalated_at = occurred_at, escalation_note = jxlink.require_text(note, 'the note')
    WHERE x.item_id = i.item_id;
END
$$;



CREATE OR REPLACE FUNCTION jxlink.propose_agenda_item(meeting uuid, title text, description text DEFAULT NULL::text, occurred_at timestamp with time zone DEFAULT now()) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    me     jxlink.staff := jxlink.caller_staff();
    m      jxlink.joint_meeting := jxlink.meeting_for(meeting, false);
    result uuid;
BEGIN
    PERFORM jxlink.check_calendar_time(propose_agenda_item.occurred_at, 'occurred_at');
    PERFORM jxlink.check_occurred_at(occurred_at, '-infinity', 'ever');
    INSERT INTO jxlink.agenda_item (jurisdiction, meeting_id, proposed_by, title, description, proposed_at)
    VALUES (m.jurisdiction, m.meeting_id, me.unit_id, jxlink.require_text(title, 'the title'), description, occurred_at)
    RETURNING item_id INTO result;
    RETURN result;
END
$$;

CREATE OR REPLACE FUNCTION jxlink.schedule_meeting(planned_at timestamp with time zone, kind text DEFAULT 'regular'::text) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    me     jxlink.staff := jxlink.caller_of_office();
    result uuid;
BEGIN
    PERFORM jxlink.check_calendar_time(schedule_meeting.planned_at, 'planned_at');
    IF kind IS NULL OR kind NOT IN ('regular', 'special') THEN
        RAISE EXCEPTION 'a meeting is regular or special, not %', coalesce(kind, 'null') USING ERRCODE = 'invalid_parameter_value';
    ELSIF planned_at IS NULL THEN
        RAISE EXCEPTION 'planned_at must not be null' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    INSERT INTO jxlink.joint_meeting (jurisdiction, kind, planned_at, created_by)
    VALUES (me.jurisdiction, kind, planned_at, me.role_name) RETURNING meeting_id INTO result;
    RETURN result;
END
$$;

CREATE OR REPLACE FUNCTION jxlink.acknowledge_share(share uuid, occurred_at timestamp with time zone DEFAULT now()) RETURNS timestamp with time zone
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    me jxlink.staff := jxlink.caller_staff();
    s  jxlink.share_recipient;
BEGIN
    PERFORM jxlink.check_calendar_time(acknowledge_share.occurred_at, 'occurred_at');
    SELECT * INTO s FROM jxlink.share_recipient x WHERE x.share_id = acknowledge_share.share AND x.unit_id = me.unit_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'the share was not sent to this unit' USING ERRCODE = 'insufficient_privilege';
    ELSIF s.read_at IS NOT NULL THEN
        RETURN s.read_at;
    END IF;
    PERFORM jxlink.check_occurred_at(occurred_at, (SELECT x.shared_at FROM jxlink.share x WHERE x.share_id = s.share_id), 'the share');
    UPDATE jxlink.share_recipient x SET read_at = occurred_at, read_by = me.role_name
    WHERE x.share_id = s.share_id AND x.unit_id = me.unit_id;
    RETURN occurred_at;
END
$$;

CREATE OR REPLACE FUNCTION jxlink.answer_share_request(request uuid, title text, reference text DEFAULT NULL::text, occurred_at timestamp with time zone DEFAULT now()) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    me  jxlink.staff := jxlink.caller_staff();
    r   jxlink.share_request;
    sid uuid;
BEGIN
    PERFORM jxlink.check_calendar_time(answer_share_request.occurred_at, 'occurred_at');
    SELECT * INTO r FROM jxlink.share_request x WHERE x.request_id = answer_share_request.request FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'share request % does not exist', answer_share_request.request USING ERRCODE = 'no_data_found';
    ELSIF r.to_unit <> me.unit_id THEN
        RAISE EXCEPTION 'only the requested unit answers this request' USING ERRCODE = 'insufficient_privilege';
    ELSIF r.answer IS NOT NULL THEN
        RAISE EXCEPTION 'the request was already answered (%)', r.answer USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    PERFORM jxlink.check_occurred_at(occurred_at, r.requested_at, 'the request');
    sid := jxlink.share_insert(me, r.category, title, reference, NULL, ARRAY[r.from_unit], occurred_at, NULL);
    UPDATE jxlink.share_request x SET answer = 'provided', answered_at = occurred_at, share_id = sid WHERE x.request_id = r.request_id;
    PERFORM jxlink.obligation_close(r.request_id, '{share_request}', occurred_at, me.role_name, 'met', title);
    RETURN sid;
END
$$;

CREATE OR REPLACE FUNCTION jxlink.refuse_share_request(request uuid, reason text, occurred_at timestamp with time zone DEFAULT now()) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    me jxlink.staff := jxlink.caller_staff();
    r  jxlink.share_request;
BEGIN
    PERFORM jxlink.check_calendar_time(refuse_share_request.occurred_at, 'occurred_at');
    SELECT * INTO r FROM jxlink.share_request x WHERE x.request_id = refuse_share_request.request FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'share request % does not exist', refuse_share_request.request USING ERRCODE = 'no_data_found';
    ELSIF r.to_unit <> me.unit_id THEN
        RAISE EXCEPTION 'only the requested unit answers this request' USING ERRCODE = 'insufficient_privilege';
    ELSIF r.answer IS NOT NULL THEN
        RAISE EXCEPTION 'the request was already answered (%)', r.answer USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    PERFORM jxlink.check_occurred_at(occurred_at, r.requested_at, 'the request');
    UPDATE jxlink.share_request x SET answer = 'refused', answered_at = occurred_at,
                                      refusal_reason = jxlink.require_text(reason, 'the reason')
    WHERE x.request_id = r.request_id;
    PERFORM jxlink.obligation_close(r.request_id, '{share_request}', occurred_at, me.role_name, 'met', reason);
    UPDATE jxlink.obligation o SET refused = true WHERE o.subject_id = r.request_id AND o.kind = 'share_request';
    RETURN 'refused';
END
$$;

CREATE OR REPLACE FUNCTION jxlink.request_share(to_unit uuid, category jxlink.share_category, title text, due_on date DEFAULT NULL::date, occurred_at timestamp with time zone DEFAULT now()) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    me     jxlink.staff := jxlink.caller_staff();
    result uuid;
BEGIN
    PERFORM jxlink.check_calendar_date(request_share.due_on, 'due_on'), jxlink.check_calendar_time(request_share.occurred_at, 'occurred_at');
    IF NOT EXISTS (SELECT 1 FROM jxlink.unit u WHERE u.unit_id = to_unit AND u.jurisdiction = me.jurisdiction) THEN
        RAISE EXCEPTION 'unit % is not a unit of the jurisdiction', to_unit USING ERRCODE = 'invalid_parameter_value';
    ELSIF to_unit = me.unit_id THEN
        RAISE EXCEPTION 'a unit does not request information from itself' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM jxlink.check_occurred_at(occurred_at, '-infinity', 'ever');
    IF due_on IS NOT NULL AND due_on < jxlink.local_date(occurred_at) THEN
        RAISE EXCEPTION 'the agreed last day % is before the request', due_on USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO jxlink.share_request (jurisdiction, from_unit, to_unit, category, title, due_on, requested_at, created_by)
    VALUES (me.jurisdiction, me.unit_id, to_unit, category, jxlink.require_text(title, 'the title'), due_on, occurred_at, me.role_name)
    RETURNING request_id INTO result;
    PERFORM jxlink.obligation_open('share_request', 'share_request', 'share_request', result, to_unit, me.unit_id,
                                   occurred_at, due_on);
    RETURN result;
END
$$;

CREATE OR REPLACE FUNCTION jxlink.share_information(category jxlink.share_category, title text, recipients uuid[], reference text DEFAULT NULL::text, effective_on date DEFAULT NULL::date, occurred_at timestamp with time zone DEFAULT now()) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    me jxlink.staff := jxlink.caller_staff();
BEGIN
    PERFORM jxlink.check_calendar_date(share_information.effective_on, 'effective_on'), jxlink.check_calendar_time(share_information.occurred_at, 'occurred_at');
    PERFORM jxlink.check_occurred_at(occurred_at, '-infinity', 'ever');
    RETURN jxlink.share_insert(me, category, title, reference, effective_on, recipients, occurred_at, NULL);
END
$$;

CREATE OR REPLACE FUNCTION jxlink.answer_assistance(request uuid, agreed boolean, detail text, occurred_at timestamp with time zone DEFAULT now()) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    me jxlink.staff := jxlink.caller_staff();
    r  jxlink.assistance_request;
BEGIN
    PERFORM jxlink.check_calendar_time(answer_assistance.occurred_at, 'occurred_at');
    SELECT * INTO r FROM jxlink.assistance_request x WHERE x.request_id = answer_assistance.request FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'assistance request % does not exist', answer_assistance.request USING ERRCODE = 'no_data_found';
    ELSIF r.requested_unit <> me.unit_id THEN
        RAISE EXCEPTION 'only the requested unit answers this request' USING ERRCODE = 'insufficient_privilege';
    ELSIF r.answer IS NOT NULL THEN
        RAISE EXCEPTION 'the request was already answered (%)', r.answer USING ERRCODE = 'object_not_in_prerequisite_state';
    ELSIF agreed IS NULL THEN
        RAISE EXCEPTION 'agreed must be true or false' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    PERFORM jxlink.check_occurred_at(occurred_at, r.requested_at, 'the request');
    PERFORM jxlink.require_text(detail, CASE WHEN agreed THEN 'the people sent' ELSE 'the reason' END);
    UPDATE jxlink.assistance_request x
    SET answer = CASE WHEN agreed THEN 'agreed' ELSE 'refused' END, answered_at = occurred_at,
        people_sent = CASE WHEN agreed THEN detail END, refusal_reason = CASE WHEN NOT agreed THEN detail END
    WHERE x.request_id = r.request_id;
    PERFORM jxlink.obligation_close(r.request_id, '{assistance_request}', occurred_at, me.role_name, 'met', detail);
    IF NOT agreed THEN
        UPDATE jxlink.obligation o SET refused = true WHERE o.subject_id = r.request_id AND o.kind = 'assistance_request';
    END IF;
    RETURN CASE WHEN agreed THEN 'agreed' ELSE 'refused' END;
END
$$;

CREATE OR REPLACE FUNCTION jxlink.request_assistance(requested_unit uuid, kind text, purpose text, place text DEFAULT NULL::text, wanted_at timestamp with time zone DEFAULT NULL::timestamp with time zone, occurred_at timestamp with time zone DEFAULT now()) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    me        jxlink.staff := jxlink.caller_staff();
    my_kind   text;
    its_kind  text;
    result    uuid;
BEGIN
    PERFORM jxlink.check_calendar_time(request_assistance.wanted_at, 'wanted_at'), jxlink.check_calendar_time(request_assistance.occurred_at, 'occurred_at');
    SELECT u.kind INTO my_kind FROM jxlink.unit u WHERE u.unit_id = me.unit_id;
    SELECT u.kind INTO its_kind FROM jxlink.unit u WHERE u.unit_id = requested_unit AND u.jurisdiction = me.jurisdiction;
    IF its_kind IS NULL THEN
        RAISE EXCEPTION 'unit % is not a unit of the jurisdiction', requested_unit USING ERRCODE = 'invalid_parameter_value';
    ELSIF kind IS NULL OR kind NOT IN ('joint_inspection', 'investigation', 'technical_support') THEN
        RAISE EXCEPTION 'unknown kind of assistance "%"', kind
            USING ERRCODE = 'invalid_parameter_value', DETAIL = 'Kinds: joint_inspection, investigation, technical_support.';
    ELSIF kind = 'joint_inspection' AND NOT (my_kind IN ('functional_section', 'dispatched_agency') AND its_kind = 'enforcement_team') THEN
        RAISE EXCEPTION 'a joint inspection is asked of the enforcement team by a section or agency'
            USING ERRCODE = 'object_not_in_prerequisite_state';
    ELSIF kind <> 'joint_inspection' AND NOT (my_kind = 'enforcement_team' AND its_kind IN ('functional_section', 'dispatched_agency')) THEN
        RAISE EXCEPTION 'help with an investigation or technical support is asked by the team of a section or agency'
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    PERFORM jxlink.check_occurred_at(occurred_at, '-infinity', 'ever');
    INSERT INTO jxlink.assistance_request (jurisdiction, requesting_unit, requested_unit, kind, purpose, place, wanted_at,
                                           requested_at, created_by)
    VALUES (me.jurisdiction, me.unit_id, requested_unit, kind, jxlink.require_text(purpose, 'the purpose'), place, wanted_at,
            occurred_at, me.role_name)
    RETURNING request_id INTO result;
    PERFORM jxlink.obligation_open('assistance_request', 'assistance_request', 'assistance_request', result,
                                   requested_unit, me.unit_id, occurred_at);
    RETURN result;
END
$$;

CREATE OR REPLACE FUNCTION jxlink.record_patrol(patrolled_at timestamp with time zone, area text, participants uuid[], findings text[] DEFAULT '{}'::text[]) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    me     jxlink.staff := jxlink.caller_staff();
    result uuid;
BEGIN
    PERFORM jxlink.check_calendar_time(record_patrol.patrolled_at, 'patrolled_at');
    PERFORM jxlink.check_occurred_at(patrolled_at, '-infinity', 'ever');
    IF EXISTS (SELECT 1 FROM unnest(coalesce(participants, '{}')) p WHERE NOT EXISTS (
                   SELECT 1 FROM jxlink.unit u WHERE u.unit_id = p AND u.jurisdiction = me.jurisdiction)) THEN
        RAISE EXCEPTION 'participants are units of the jurisdiction' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO jxlink.patrol (jurisdiction, patrolled_at, area, led_by, created_by)
    VALUES (me.jurisdiction, patrolled_at, jxlink.require_text(area, 'the area'), me.unit_id, me.role_name)
    RETURNING patrol_id INTO result;
    INSERT INTO jxlink.patrol_participant (patrol_id, jurisdiction, unit_id)
    SELECT DISTINCT result, me.jurisdiction, p FROM unnest(array_append(coalesce(participants, '{}'), me.unit_id)) p;
    INSERT INTO jxlink.patrol_finding (jurisdiction, patrol_id, description)
    SELECT me.jurisdiction, result, jxlink.require_text(f, 'a finding') FROM unnest(coalesce(findings, '{}')) f;
    RETURN result;
END
$$;


CREATE OR REPLACE FUNCTION jxlink.record_accountability_finding(unit uuid, kind text, finding text, obligations uuid[] DEFAULT '{}'::uuid[], occurred_at timestamp with time zone DEFAULT now()) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    me     jxlink.staff := jxlink.caller_staff();
    result uuid;
BEGIN
    PERFORM jxlink.check_calendar_time(record_accountability_finding.occurred_at, 'occurred_at');
    IF NOT EXISTS (SELECT 1 FROM jxlink.unit u WHERE u.unit_id = me.unit_id
                   AND u.kind IN ('discipline_commission', 'judicial_office')) THEN
        RAISE EXCEPTION 'only the discipline commission and the judicial office record accountability findings'
            USING ERRCODE = 'insufficient_privilege', DETAIL = '三（四）、四（三）: 纪工委、司法所 supervise.';
    ELSIF NOT EXISTS (SELECT 1 FROM jxlink.unit u WHERE u.unit_id = unit AND u.jurisdiction = me.jurisdiction) THEN
        RAISE EXCEPTION 'unit % is not a unit of the jurisdiction', unit USING ERRCODE = 'invalid_parameter_value';
    ELSIF kind IS NULL OR kind NOT IN ('not_performing', 'refused_support', 'refused_sharing', 'refused_assistance',
                                       'unfiled_case', 'arbitrary_filing', 'buck_passing', 'favour_case', 'other') THEN
        RAISE EXCEPTION 'unknown kind of finding "%"', kind USING ERRCODE = 'invalid_parameter_value';
    ELSIF EXISTS (SELECT 1 FROM unnest(coalesce(obligations, '{}')) o WHERE NOT EXISTS (
                      SELECT 1 FROM jxlink.obligation x WHERE x.obligation_id = o AND x.owner_unit = unit)) THEN
        RAISE EXCEPTION 'a finding concerns obligations owed by the unit found' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM jxlink.check_occurred_at(occurred_at, '-infinity', 'ever');
    INSERT INTO jxlink.accountability_finding (jurisdiction, unit_id, kind, finding, found_by_unit, found_by, found_at)
    VALUES (me.jurisdiction, unit, kind, jxlink.require_text(finding, 'the finding'), me.unit_id, me.role_name, occurred_at)
    RETURNING finding_id INTO result;
    INSERT INTO jxlink.accountability_finding_obligation (finding_id, jurisdiction, obligation_id)
    SELECT DISTINCT result, me.jurisdiction, o FROM unnest(coalesce(obligations, '{}')) o;
    RETURN result;
END
$$;


-- E4. The history: entry numbers, the chain of creations of each jurisdiction, anchors.
CREATE SEQUENCE jxlink.referral_history_entry_no_seq;
COMMENT ON SEQUENCE jxlink.referral_history_entry_no_seq IS '移送历史的记录序号（按写入先后）。 The entry numbers of the referral history (in the order rows are written).';
SELECT pg_catalog.pg_extension_config_dump('jxlink.referral_history_entry_no_seq', '');

ALTER TABLE jxlink.referral_history ADD COLUMN entry_no bigint, ADD COLUMN chain_no integer,
    ADD COLUMN chain_prev bytea, ADD COLUMN chain_hash bytea;
COMMENT ON COLUMN jxlink.referral_history.entry_no IS '记录序号：各行写入的先后（锚点以此为界）。 Entry number: the order rows were written in (an anchor covers the entries up to one).';
COMMENT ON COLUMN jxlink.referral_history.chain_no IS '创建行在本辖区创建链中的序号（其余行为空）。 For a creation row, its number in the jurisdiction''s chain of creations (null for the other rows).';
COMMENT ON COLUMN jxlink.referral_history.chain_prev IS '本辖区上一个创建行的链散列（第一个为空）。 For a creation row, the link of the jurisdiction''s previous creation (null for the first).';
COMMENT ON COLUMN jxlink.referral_history.chain_hash IS '创建链散列：SHA-256(上一链散列 ‖ 序号、移送标识 ‖ 本行散列)，写入时计算；删除整个移送亦可查出。 For a creation row, SHA-256 of the previous link, its number and referral and its row_hash, computed when written: a referral deleted with its whole history is found.';
-- The link of a creation in its jurisdiction's chain (src/history_chain.c).
CREATE FUNCTION jxlink.history_link(prev bytea, chain_no integer, referral_id uuid, row_hash bytea) RETURNS bytea
    LANGUAGE c IMMUTABLE PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_history_link';
COMMENT ON FUNCTION jxlink.history_link(prev bytea, chain_no integer, referral_id uuid, row_hash bytea) IS '创建链的一环：SHA-256(上一链散列 ‖ “序号 U+001F 移送标识 U+001F” ‖ 创建行散列)。 A link of the chain of creations: SHA-256 of the previous link, "number U+001F referral U+001F" and the creation row''s hash.';
REVOKE ALL ON FUNCTION jxlink.history_link(prev bytea, chain_no integer, referral_id uuid, row_hash bytea) FROM PUBLIC;

-- The rows written so far are numbered in the order they were written, and
-- the creations of each jurisdiction chained in that order (the history is
-- append-only: its guard is set aside for these statements of the upgrade).
ALTER TABLE jxlink.referral_history DISABLE TRIGGER referral_history_append_only;
UPDATE jxlink.referral_history h SET entry_no = n.entry_no
FROM (SELECT x.history_id, row_number() OVER (ORDER BY x.recorded_at, x.history_id) AS entry_no
      FROM jxlink.referral_history x) n
WHERE n.history_id = h.history_id;
DO $$
DECLARE
    c     record;
    prev  bytea;
    lastj text;
    n     integer;
BEGIN
    FOR c IN SELECT x.history_id, x.jurisdiction, x.referral_id, x.row_hash FROM jxlink.referral_history x
             WHERE x.seq = 1 ORDER BY x.jurisdiction, x.entry_no LOOP
        IF lastj IS DISTINCT FROM c.jurisdiction THEN
            lastj := c.jurisdiction;
            prev := NULL;
            n := 0;
        END IF;
        n := n + 1;
        UPDATE jxlink.referral_history h
        SET chain_no = n, chain_prev = prev, chain_hash = jxlink.history_link(prev, n, c.referral_id, c.row_hash)
        WHERE h.history_id = c.history_id
        RETURNING h.chain_hash INTO prev;
    END LOOP;
END
$$;
ALTER TABLE jxlink.referral_history ENABLE ALWAYS TRIGGER referral_history_append_only;
SELECT pg_catalog.setval('jxlink.referral_history_entry_no_seq',
                         coalesce((SELECT max(h.entry_no) FROM jxlink.referral_history h), 0) + 1, false);
ALTER TABLE jxlink.referral_history ALTER COLUMN entry_no SET DEFAULT nextval('jxlink.referral_history_entry_no_seq'::regclass),
    ALTER COLUMN entry_no SET NOT NULL;
CREATE UNIQUE INDEX referral_history_chain ON jxlink.referral_history USING btree (jurisdiction, chain_no) WHERE (chain_no IS NOT NULL);
CREATE UNIQUE INDEX referral_history_entry_no ON jxlink.referral_history USING btree (entry_no);

-- What an anchor digests: the history rows of a jurisdiction up to an entry,
-- their number, the referrals they belong to, and SHA-256 of their hashes in
-- the order they were written.
CREATE FUNCTION jxlink.history_anchor_state(jurisdiction text, upto bigint, OUT entries bigint, OUT referrals bigint, OUT digest bytea) RETURNS record
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
SELECT count(*), count(DISTINCT h.referral_id),
       sha256(coalesce(string_agg(coalesce(h.row_hash, '\x'::bytea), '\x'::bytea ORDER BY h.entry_no), '\x'::bytea))
FROM jxlink.referral_history h
WHERE h.jurisdiction = history_anchor_state.jurisdiction AND h.entry_no <= upto
$$;
COMMENT ON FUNCTION jxlink.history_anchor_state(jurisdiction text, upto bigint, OUT entries bigint, OUT referrals bigint, OUT digest bytea) IS '（内部）锚点所摘要的内容：某辖区至某记录序号的历史行数、所属移送数、按写入顺序的行散列之 SHA-256。 (Internal) What an anchor digests: the number of history rows of a jurisdiction up to an entry, of their referrals, and SHA-256 of their hashes in the order written.';
REVOKE ALL ON FUNCTION jxlink.history_anchor_state(jurisdiction text, upto bigint, OUT entries bigint, OUT referrals bigint, OUT digest bytea) FROM PUBLIC;

CREATE TABLE jxlink.referral_history_anchor (
    anchor_id uuid DEFAULT jxlink.uuid_v7() NOT NULL,
    jurisdiction text NOT NULL,
    upto bigint NOT NULL,
    entries bigint NOT NULL,
    referrals bigint NOT NULL,
    digest bytea NOT NULL,
    taken_at timestamp with time zone DEFAULT now() NOT NULL,
    taken_by text NOT NULL,
    heads jsonb NOT NULL
);
COMMENT ON TABLE jxlink.referral_history_anchor IS '已取的历史锚点（只增不改）：锚点文本应另行打印于会议纪要或保存于库外；此表仅用于在校验不符时指出是哪些移送被改动。 Anchors taken (append-only): the anchor text is meant to be printed in the minutes or kept outside the database; this table only lets a failed verification name the referrals that differ.';
COMMENT ON COLUMN jxlink.referral_history_anchor.anchor_id IS '锚点标识。 Anchor identifier.';
COMMENT ON COLUMN jxlink.referral_history_anchor.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.referral_history_anchor.upto IS '所覆盖的最后记录序号。 The last entry number covered.';
COMMENT ON COLUMN jxlink.referral_history_anchor.entries IS '覆盖的历史行数。 Number of history rows covered.';
COMMENT ON COLUMN jxlink.referral_history_anchor.referrals IS '覆盖的移送数。 Number of referrals covered.';
COMMENT ON COLUMN jxlink.referral_history_anchor.digest IS '摘要（SHA-256）。 The digest (SHA-256).';
COMMENT ON COLUMN jxlink.referral_history_anchor.taken_at IS '取锚时间。 When it was taken.';
COMMENT ON COLUMN jxlink.referral_history_anchor.taken_by IS '取锚角色。 The role that took it.';
COMMENT ON COLUMN jxlink.referral_history_anchor.heads IS '各移送截至锚点的最后一行：{移送标识: {seq, hash}}。 Each referral''s last row up to the anchor: {referral: {seq, hash}}.';
ALTER TABLE ONLY jxlink.referral_history_anchor
    ADD CONSTRAINT referral_history_anchor_pkey PRIMARY KEY (anchor_id);
CREATE TRIGGER referral_history_anchor_append_only BEFORE DELETE OR UPDATE ON jxlink.referral_history_anchor FOR EACH ROW EXECUTE FUNCTION jxlink.refuse_change();
ALTER TABLE jxlink.referral_history_anchor ENABLE ALWAYS TRIGGER referral_history_anchor_append_only;
CREATE TRIGGER referral_history_anchor_no_truncate BEFORE TRUNCATE ON jxlink.referral_history_anchor FOR EACH STATEMENT EXECUTE FUNCTION jxlink.refuse_change();
ALTER TABLE jxlink.referral_history_anchor ENABLE ALWAYS TRIGGER referral_history_anchor_no_truncate;
ALTER TABLE ONLY jxlink.referral_history_anchor FORCE ROW LEVEL SECURITY;
ALTER TABLE jxlink.referral_history_anchor ENABLE ROW LEVEL SECURITY;
GRANT SELECT ON TABLE jxlink.referral_history_anchor TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;
SELECT pg_catalog.pg_extension_config_dump('jxlink.referral_history_anchor', '');

CREATE POLICY referral_history_anchor_read ON jxlink.referral_history_anchor FOR SELECT
USING ((SELECT jxlink.reads_everything()));

-- An anchor: a printable digest of the history of a jurisdiction recorded up
-- to now.  Writers are held off (SHARE lock) while it is taken, so every entry
-- up to the last one it covers is committed and no later one can come before.
CREATE FUNCTION jxlink.history_anchor(jurisdiction text DEFAULT NULL::text) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    j     text := coalesce(history_anchor.jurisdiction, jxlink.local_jurisdiction());
    upto  bigint;
    st    record;
    at    timestamptz;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM jxlink.jurisdiction x WHERE x.code = j) THEN
        RAISE EXCEPTION 'unknown jurisdiction "%"', j USING ERRCODE = 'invalid_parameter_value';
    END IF;
    LOCK TABLE jxlink.referral_history IN SHARE MODE;
    at := clock_timestamp();
    SELECT coalesce(max(h.entry_no), 0) INTO upto FROM jxlink.referral_history h WHERE h.jurisdiction = j;
    st := jxlink.history_anchor_state(j, upto);
    INSERT INTO jxlink.referral_history_anchor (jurisdiction, upto, entries, referrals, digest, taken_at, taken_by, heads)
    SELECT j, upto, st.entries, st.referrals, st.digest, at, jxlink.calling_role(),
           coalesce(jsonb_object_agg(l.referral_id, jsonb_build_object('seq', l.seq, 'hash', encode(l.row_hash, 'hex'))), '{}')
    FROM (SELECT DISTINCT ON (h.referral_id) h.referral_id, h.seq, h.row_hash
          FROM jxlink.referral_history h WHERE h.jurisdiction = j AND h.entry_no <= upto
          ORDER BY h.referral_id, h.seq DESC) l;
    RETURN format('jxlink-anchor 1 %s entry=%s rows=%s referrals=%s sha256=%s at=%s', j, upto, st.entries, st.referrals,
                  encode(st.digest, 'hex'), to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'));
END
$$;
COMMENT ON FUNCTION jxlink.history_anchor(jurisdiction text) IS '历史锚点：本辖区（或指定辖区）至今全部移送历史的可打印摘要（辖区、记录序号、行数、移送数、SHA-256、时间），供印入会议纪要或保存于库外；日后 verify_history(锚点) 可证明锚点之前的记录未被改写。 The history anchor: a printable digest of all referral history of the local (or given) jurisdiction recorded up to now (jurisdiction, entry number, rows, referrals, SHA-256, time), to print in the minutes or keep outside the database; verify_history(anchor) later proves nothing recorded before it was rewritten.';
REVOKE ALL ON FUNCTION jxlink.history_anchor(jurisdiction text) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.history_anchor(jurisdiction text) TO jxlink_supervisor, jxlink_admin;

CREATE FUNCTION jxlink.verify_history(anchor text) RETURNS TABLE(referral_id uuid, seq integer, history_id uuid, problem text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    h         jxlink.referral_history;
    prev      bytea;
    last      uuid;
    last_seq  integer;
    expected  bytea;
    lastj     text;
    a         text[];
    st        record;
    rec       jxlink.referral_history_anchor;
BEGIN
    FOR h IN SELECT * FROM jxlink.referral_history ORDER BY 3, 4 LOOP
        IF last IS DISTINCT FROM h.referral_id THEN
            prev := NULL;
            last := h.referral_id;
            last_seq := 0;
        END IF;
        IF h.seq <> last_seq + 1 THEN
            RETURN QUERY SELECT h.referral_id, h.seq, h.history_id,
                format('rows %s to %s are missing', last_seq + 1, h.seq - 1);
        END IF;
        IF h.prev_hash IS DISTINCT FROM prev THEN
            RETURN QUERY SELECT h.referral_id, h.seq, h.history_id, 'broken link: prev_hash is not the previous row''s hash'::text;
        END IF;
        expected := jxlink.history_digest(h, h.prev_hash);
        IF h.row_hash IS DISTINCT FROM expected THEN
            RETURN QUERY SELECT h.referral_id, h.seq, h.history_id, 'altered: the row does not match its hash'::text;
        END IF;
        prev := h.row_hash;
        last_seq := h.seq;
    END LOOP;
    -- a history shorter than the referral's transitions lost its last rows
    RETURN QUERY
        SELECT r.referral_id, r.transition_seq, NULL::uuid,
               format('history ends at row %s, the referral counts %s transitions', coalesce(m.seq, 0), r.transition_seq)
        FROM jxlink.referral r
        LEFT JOIN (SELECT x.referral_id, max(x.seq) AS seq FROM jxlink.referral_history x GROUP BY x.referral_id) m
               ON m.referral_id = r.referral_id
        WHERE coalesce(m.seq, 0) <> r.transition_seq;
    -- a referral says what its last history row says
    RETURN QUERY
        SELECT r.referral_id, l.seq, l.history_id,
               'the referral does not match its last history row: '
               || concat_ws('; ',
                    CASE WHEN r.state IS DISTINCT FROM l.to_state THEN format('state %s, the history %s', r.state, l.to_state) END,
                    CASE WHEN r.last_event IS DISTINCT FROM l.event THEN format('last event %s, the history %s', r.last_event, l.event) END,
                    CASE WHEN r.last_event_at IS DISTINCT FROM l.occurred_at THEN format('last event at %s, the history %s', r.last_event_at, l.occurred_at) END)
        FROM jxlink.referral r
        JOIN LATERAL (SELECT x.* FROM jxlink.referral_history x WHERE x.referral_id = r.referral_id
                      ORDER BY x.seq DESC LIMIT 1) l ON true
        WHERE r.state IS DISTINCT FROM l.to_state OR r.last_event IS DISTINCT FROM l.event
           OR r.last_event_at IS DISTINCT FROM l.occurred_at;
    -- the chain of creations of each jurisdiction: a referral deleted with its history leaves a gap
    prev := NULL;
    FOR h IN SELECT * FROM jxlink.referral_history x WHERE x.seq = 1 ORDER BY x.jurisdiction, x.chain_no NULLS LAST LOOP
        IF lastj IS DISTINCT FROM h.jurisdiction THEN
            prev := NULL;
            lastj := h.jurisdiction;
            last_seq := 0;
        END IF;
        IF h.chain_no IS NULL THEN
            RETURN QUERY SELECT h.referral_id, h.seq, h.history_id,
                format('the creation is not in the chain of creations of %s', h.jurisdiction);
            CONTINUE;
        END IF;
        IF h.chain_no <> last_seq + 1 THEN
            RETURN QUERY SELECT h.referral_id, h.seq, h.history_id,
                CASE WHEN h.chain_no = last_seq + 2
                     THEN format('referral %s of the chain of creations of %s, created just before this one, is missing', last_seq + 1, h.jurisdiction)
                     ELSE format('referrals %s to %s of the chain of creations of %s, created before this one, are missing', last_seq + 1, h.chain_no - 1, h.jurisdiction) END;
        ELSIF h.chain_prev IS DISTINCT FROM prev THEN
            RETURN QUERY SELECT h.referral_id, h.seq, h.history_id,
                format('broken chain of creations of %s: chain_prev is not the previous creation''s link', h.jurisdiction);
        END IF;
        IF h.chain_hash IS DISTINCT FROM jxlink.history_link(h.chain_prev, h.chain_no, h.referral_id, h.row_hash) THEN
            RETURN QUERY SELECT h.referral_id, h.seq, h.history_id, 'altered: the creation does not match its link in the chain'::text;
        END IF;
        prev := h.chain_hash;
        last_seq := h.chain_no;
    END LOOP;
    IF anchor IS NULL THEN
        RETURN;
    END IF;
    -- the anchor: the history recorded up to it is still what it digested
    a := regexp_match(anchor, '^\s*jxlink-anchor 1 (\S+) entry=(\d+) rows=(\d+) referrals=(\d+) sha256=([0-9a-f]{64}) at=(\S+)\s*$');
    IF a IS NULL THEN
        RAISE EXCEPTION 'not a history anchor: "%"', anchor
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Give the text jxlink.history_anchor() returned, e.g. jxlink-anchor 1 <jurisdiction> entry=... rows=... referrals=... sha256=... at=...';
    END IF;
    st := jxlink.history_anchor_state(a[1], a[2]::bigint);
    IF st.entries = a[3]::bigint AND st.referrals = a[4]::bigint AND encode(st.digest, 'hex') = a[5] THEN
        RETURN;
    END IF;
    RETURN QUERY SELECT NULL::uuid, NULL::integer, NULL::uuid,
        format('the history of %s recorded up to entry %s no longer matches the anchor of %s: %s rows of %s referrals then, %s rows of %s referrals now; sha256 %s then, %s now',
               a[1], a[2], a[6], a[3], a[4], st.entries, st.referrals, a[5], encode(st.digest, 'hex'));
    -- name the referrals that differ, from the record of the anchor (if it is intact)
    SELECT * INTO rec FROM jxlink.referral_history_anchor x
    WHERE x.jurisdiction = a[1] AND x.upto = a[2]::bigint AND encode(x.digest, 'hex') = a[5]
      AND x.entries = a[3]::bigint AND x.referrals = a[4]::bigint
    ORDER BY x.taken_at LIMIT 1;
    IF NOT FOUND THEN
        RETURN QUERY SELECT NULL::uuid, NULL::integer, NULL::uuid,
            'no intact record of this anchor is kept in jxlink.referral_history_anchor: the referrals that differ cannot be named'::text;
        RETURN;
    END IF;
    RETURN QUERY
        SELECT coalesce(t.referral_id, n.referral_id), coalesce(n.seq, t.seq), n.history_id,
               CASE WHEN n.referral_id IS NULL THEN format('the referral and its %s history rows recorded before the anchor are gone', t.seq)
                    WHEN t.referral_id IS NULL THEN format('%s rows recorded before the anchor were not in it', n.seq)
                    WHEN n.seq = t.seq - 1 THEN format('row %s, recorded before the anchor, is gone', t.seq)
                    WHEN n.seq < t.seq THEN format('rows %s to %s, recorded before the anchor, are gone', n.seq + 1, t.seq)
                    WHEN n.seq > t.seq THEN format('rows %s to %s were added before the anchor', t.seq + 1, n.seq)
                    ELSE format('its history up to row %s no longer matches the anchor: rewritten since', n.seq) END
        FROM (SELECT k::uuid AS referral_id, (v ->> 'seq')::integer AS seq, v ->> 'hash' AS hash
              FROM jsonb_each(rec.heads) AS e(k, v)) t
        FULL JOIN (SELECT DISTINCT ON (x.referral_id) x.referral_id, x.seq, x.history_id, encode(x.row_hash, 'hex') AS hash
                   FROM jxlink.referral_history x WHERE x.jurisdiction = a[1] AND x.entry_no <= a[2]::bigint
                   ORDER BY x.referral_id, x.seq DESC) n ON n.referral_id = t.referral_id
        WHERE t.referral_id IS NULL OR n.referral_id IS NULL OR n.seq <> t.seq OR n.hash IS DISTINCT FROM t.hash;
END
$$;
COMMENT ON FUNCTION jxlink.verify_history(anchor text) IS '同 verify_history()，并以 history_anchor() 所取的锚点校验：锚点之前记录的历史若被改写（增删改行、删除移送、重算散列），报告锚点时与现在的行数、移送数和摘要，并据锚点记录指出是哪些移送。 As verify_history(), and against an anchor taken with history_anchor(): if the history recorded before it was rewritten (rows added, deleted or changed, a referral deleted, hashes recomputed), reports the rows, referrals and digest then and now, and, from the record of the anchor, which referrals differ.';
REVOKE ALL ON FUNCTION jxlink.verify_history(anchor text) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.verify_history(anchor text) TO jxlink_supervisor, jxlink_admin;
CREATE OR REPLACE FUNCTION jxlink.verify_history() RETURNS TABLE(referral_id uuid, seq integer, history_id uuid, problem text)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
SELECT * FROM jxlink.verify_history(NULL::text)
$$;
COMMENT ON FUNCTION jxlink.history_chain() IS '触发器：新历史行与同一移送的前一行以散列相链；创建行另与本辖区上一创建行相链（创建链）；恢复的行保留其散列与链。 Trigger: a new history row is chained to the previous row of its referral by hash, and a creation row to the previous creation of its jurisdiction (the chain of creations); restored rows keep theirs.';
COMMENT ON FUNCTION jxlink.verify_history() IS '校验移送历史，返回每一处问题：被改动的行、断开的链接、缺失的行、短于转换次数的历史、与最后一行不符的移送、本辖区创建链的断裂或缺失的移送。空结果表示完好。 Check the referral history and return every problem: an altered row, a broken link, missing rows, a history shorter than the referral''s transitions, a referral that does not match its last history row, a break in the jurisdiction''s chain of creations or a missing referral. No rows means intact.';

-- ===== end E =====
