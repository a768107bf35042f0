-- jxlink 0.8.0 -> 0.9.0: verdicts no one can game (issue 12).
-- Restates, with CREATE OR REPLACE or ALTER, every object whose definition in
-- the concept files sql/NN_*.sql changed; test/t/002_upgrade.pl compares the
-- result with a fresh install.
\echo Use "ALTER EXTENSION jxlink UPDATE TO '0.9.0'" to load this file. \quit

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

CREATE FUNCTION jxlink.obligation_start(owner_unit uuid, rule_code text, claimed timestamp with time zone) RETURNS timestamp with time zone
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
SELECT CASE WHEN claimed >= now()
                 OR EXISTS (SELECT 1 FROM jxlink.deadline_rule r
                            WHERE r.rule_code = obligation_start.rule_code AND r.period_unit = 'quarter')
                 OR EXISTS (SELECT 1 FROM jxlink.staff s
                            WHERE s.role_name = jxlink.calling_role()::text AND s.active
                              AND s.unit_id = obligation_start.owner_unit)
            THEN claimed ELSE now() END
$$;
COMMENT ON FUNCTION jxlink.obligation_start(owner_unit uuid, rule_code text, claimed timestamp with time zone) IS '（内部）义务的起算时刻：按事件所称时刻；但由记录者（调用角色所属单位）以外的单位负担的义务，不早于记录时刻（now()）起算——该单位此前无从得知；按季度的义务（由日历而非事件产生）按所称时刻。 (Internal) When an obligation starts: as the event claims; but one owed by a unit other than the recorder''s (the calling role''s units) starts no earlier than it is recorded (now()), as that unit could not know of it before; quarterly obligations (owed by the calendar, not by an event) start as claimed.';
REVOKE ALL ON FUNCTION jxlink.obligation_start(owner_unit uuid, rule_code text, claimed timestamp with time zone) FROM PUBLIC;

CREATE OR REPLACE FUNCTION jxlink.obligation_open(kind text, rule_code text, subject_type text, subject_id uuid, owner_unit uuid, counterpart_unit uuid, started_at timestamp with time zone, agreed_last_day date DEFAULT NULL::date) RETURNS uuid
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    opened uuid;
    start  timestamptz := jxlink.obligation_start(owner_unit, rule_code, started_at);
BEGIN
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
COMMENT ON FUNCTION jxlink.obligation_open(kind text, rule_code text, subject_type text, subject_id uuid, owner_unit uuid, counterpart_unit uuid, started_at timestamp with time zone, agreed_last_day date) IS '（内部）按规则开立义务（或按双方约定的最后一日）；期限保存在义务上，此后修改规则不影响它。由记录者以外的单位负担的义务不早于记录时起算（见 obligation_start）；约定的最后一日在记录时已过者拒绝（22023）。 (Internal) Open an obligation under a rule (or with the last day the units agreed); the period is kept on the obligation, and a later change of the rule does not alter it. One owed by a unit other than the recorder''s starts no earlier than it is recorded (see obligation_start); an agreed last day already past then is refused (22023).';
REVOKE ALL ON FUNCTION jxlink.obligation_open(kind text, rule_code text, subject_type text, subject_id uuid, owner_unit uuid, counterpart_unit uuid, started_at timestamp with time zone, agreed_last_day date) FROM PUBLIC;

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
               THEN pg_catalog.int4larger(jxlink.workdays_between(o.due_date, jxlink.local_date(o.met_at)), 0)
           WHEN o.due_at OPERATOR(pg_catalog.<=) as_of
               THEN pg_catalog.int4larger(jxlink.workdays_between(o.due_date, jxlink.local_date(as_of)), 0)
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
    SELECT jxlink.workdays_between(jxlink.local_date(as_of), o.due_date) AS workdays_left,
           pg_catalog.round(pg_catalog.date_part('epoch', o.due_at OPERATOR(pg_catalog.-) as_of)::numeric
                            OPERATOR(pg_catalog./) 3600, 1) AS hours_left,
           jxlink.period_length(o.period_unit, o.period_amount, o.started_at, o.due_date) AS period_length) x
CROSS JOIN (
    SELECT pg_catalog.max(t.value) FILTER (WHERE t.name OPERATOR(pg_catalog.=) 'due_soon_workdays') AS workdays,
           pg_catalog.max(t.value) FILTER (WHERE t.name OPERATOR(pg_catalog.=) 'due_soon_hours') AS hours,
           pg_catalog.max(t.value) FILTER (WHERE t.name OPERATOR(pg_catalog.=) 'due_soon_fraction') AS fraction
    FROM jxlink.setting t) s
WHERE o.started_at OPERATOR(pg_catalog.<=) as_of
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

-- ===== end A =====


-- ===== B. referrals: advance notice, returns, actor first, drafts, personal fields =====
-- (section B)

-- ===== end B =====


-- ===== C. the joint meeting =====
-- (section C)

-- ===== end C =====


-- ===== D. confidentiality: staff record, contact reads, leaks =====
-- (section D)

-- ===== end D =====


-- ===== E. poison dates and the history anchor =====
-- (section E)

-- ===== end E =====
