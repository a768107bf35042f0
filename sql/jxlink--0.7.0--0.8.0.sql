/*
 * jxlink 0.7.0 -> 0.8.0
 *
 * 0.8.0 keeps the current definition of every object in the concept files
 * sql/NN_*.sql, built into jxlink--0.8.0.sql; this script brings a 0.7.0
 * database to the same definitions (test/t/002_upgrade.pl compares them).
 *
 * The ledger is the only source of deadlines and verdicts (DESIGN §2, §8):
 * - every reader takes the period from the obligation (not from the rule);
 * - callers pass facts: an agreed last day (agreed_day), "at the next
 *   meeting" (next_meeting, due at the end of the day of the next meeting
 *   held, recomputed when one is held); obligation_set_due and
 *   obligation_due are gone, and with them the period unit 'fixed';
 * - met and waived working-day obligations keep the days they were judged
 *   with when a calendar change touches them (obligation.derivation), and
 *   every move of an open obligation's due time is recorded (obligation_move),
 *   so that an explanation always adds up to its own due time and verdict.
 *
 * One event path: create_referral and the share a decision makes go through
 * the C path and referral_ledger() like every other referral event; the
 * event-time and required-text checks exist once, in C.
 */

-- complain if script is sourced in psql, rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION jxlink UPDATE TO '0.8.0'" to load this file. \quit

------------------------------------------------------------------------------
-- The ledger: the obligation's own period, kept derivations, moves
------------------------------------------------------------------------------

ALTER TABLE jxlink.obligation ADD COLUMN derivation text[];
-- a closed working-day obligation judged under a calendar changed since: the
-- days it was judged with were not kept (its explanation says so)
UPDATE jxlink.obligation o SET derivation = '{}'
WHERE o.status OPERATOR(pg_catalog.<>) 'open' AND o.period_unit OPERATOR(pg_catalog.=) 'workdays'
  AND o.calendar_version IS DISTINCT FROM jxlink.calendar_version();
COMMENT ON COLUMN jxlink.obligation.period_unit IS '义务自身的期限单位：workdays 工作日、hours 小时、quarter 所在季度、next_meeting 下次联席会议、agreed_day 双方约定的最后一日；期限一律由此计算，规则表日后修改不影响。 The obligation''s own period unit: workdays, hours, quarter (the quarter it starts in), next_meeting (the next joint meeting), agreed_day (a last day the units agreed); every due time is computed from it, whatever later becomes of the rule.';
COMMENT ON COLUMN jxlink.obligation.period_amount IS '义务自身的期限长度（工作日数、小时数；agreed_day 为起算日之后的自然日数；quarter、next_meeting 为 1）。 The obligation''s own period length (working days, hours; for agreed_day the calendar days after the start day; 1 for quarter and next_meeting).';
COMMENT ON COLUMN jxlink.obligation.derivation IS '已履行或免除的工作日义务，在日历变更涉及其日期时保存的日期推算（计入的工作日、跳过的日期，按其判定时的日历）；为空（NULL）时按现行日历推算，结果相同；空数组：0.8.0 之前按其后已变更的日历判定，推算未保存。 For a met or waived working-day obligation, the derivation of its days (working days counted, days skipped, under the calendar it was judged with) kept when a calendar change touched them; null while the calendar in force gives the same; an empty array: judged before 0.8.0 under a calendar changed since, the days not kept.';

-- A share request with an agreed day (0.5.0-0.7.0: period 'fixed') has that
-- day as its period; a resolution report forced by a meeting is owed at the
-- next meeting again, and the open ones are recomputed below.
ALTER TABLE jxlink.obligation DROP CONSTRAINT obligation_period_unit_check;
UPDATE jxlink.obligation o
SET period_unit = 'agreed_day', period_amount = o.due_date OPERATOR(pg_catalog.-) jxlink.local_date(o.started_at)
WHERE o.period_unit OPERATOR(pg_catalog.=) 'fixed' AND o.kind OPERATOR(pg_catalog.=) 'share_request';
UPDATE jxlink.obligation o
SET period_unit = 'next_meeting', period_amount = 1
WHERE o.period_unit OPERATOR(pg_catalog.=) 'fixed';
ALTER TABLE jxlink.obligation ADD CONSTRAINT obligation_period_unit_check
    CHECK (period_unit IN ('workdays', 'hours', 'quarter', 'next_meeting', 'agreed_day'));

CREATE TABLE jxlink.obligation_move (
    move_id uuid DEFAULT jxlink.uuid_v7() NOT NULL,
    obligation_id uuid NOT NULL,
    jurisdiction text NOT NULL,
    moved_at timestamp with time zone NOT NULL,
    from_due_at timestamp with time zone NOT NULL,
    to_due_at timestamp with time zone NOT NULL,
    from_calendar_version text,
    to_calendar_version text,
    cause text NOT NULL,
    actor_role text NOT NULL
);

ALTER TABLE ONLY jxlink.obligation_move FORCE ROW LEVEL SECURITY;
COMMENT ON TABLE jxlink.obligation_move IS '未结义务的期限变动记录（只增不改）：日历变更、联席会议召开使期限从何时移至何时、何时、由何人引起。 The moves of open obligations'' due times (append-only): from what to what a calendar change or a joint meeting held moved them, when and by whom.';
COMMENT ON COLUMN jxlink.obligation_move.move_id IS '变动标识。 Move identifier.';
COMMENT ON COLUMN jxlink.obligation_move.obligation_id IS '被移动期限的义务。 The obligation whose due time moved.';
COMMENT ON COLUMN jxlink.obligation_move.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.obligation_move.moved_at IS '变动时刻（事务时间）。 When it moved (transaction time).';
COMMENT ON COLUMN jxlink.obligation_move.from_due_at IS '原逾期起点。 The first late instant before the move.';
COMMENT ON COLUMN jxlink.obligation_move.to_due_at IS '新逾期起点。 The first late instant after the move.';
COMMENT ON COLUMN jxlink.obligation_move.from_calendar_version IS '原日历版本。 Calendar version before the move.';
COMMENT ON COLUMN jxlink.obligation_move.to_calendar_version IS '新日历版本。 Calendar version after the move.';
COMMENT ON COLUMN jxlink.obligation_move.cause IS '原因（如 calendar change、joint meeting held）。 Cause (e.g. calendar change, joint meeting held).';
COMMENT ON COLUMN jxlink.obligation_move.actor_role IS '引起变动的数据库角色。 The database role whose change caused it.';
ALTER TABLE ONLY jxlink.obligation_move
    ADD CONSTRAINT obligation_move_pkey PRIMARY KEY (move_id);
ALTER TABLE ONLY jxlink.obligation_move
    ADD CONSTRAINT obligation_move_jurisdiction_fkey FOREIGN KEY (jurisdiction) REFERENCES jxlink.jurisdiction(code);
ALTER TABLE ONLY jxlink.obligation_move
    ADD CONSTRAINT obligation_move_obligation_id_fkey FOREIGN KEY (obligation_id) REFERENCES jxlink.obligation(obligation_id);
CREATE INDEX obligation_move_obligation ON jxlink.obligation_move USING btree (obligation_id);
ALTER TABLE jxlink.obligation_move ENABLE ROW LEVEL SECURITY;
CREATE TRIGGER obligation_move_append_only BEFORE DELETE OR UPDATE ON jxlink.obligation_move FOR EACH ROW EXECUTE FUNCTION jxlink.refuse_change();
CREATE TRIGGER obligation_move_no_truncate BEFORE TRUNCATE ON jxlink.obligation_move FOR EACH STATEMENT EXECUTE FUNCTION jxlink.refuse_change();
GRANT SELECT ON TABLE jxlink.obligation_move TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;
SELECT pg_catalog.pg_extension_config_dump('jxlink.obligation_move', '');
CREATE POLICY obligation_move_read ON jxlink.obligation_move FOR SELECT
USING (EXISTS (SELECT 1 FROM jxlink.obligation o WHERE o.obligation_id = obligation_move.obligation_id));
COMMENT ON POLICY obligation_move_read ON jxlink.obligation_move IS '能读到义务者可读其期限变动。 Whoever reads an obligation reads its moves.';

DROP FUNCTION jxlink.obligation_set_due(uuid, timestamptz);
DROP FUNCTION jxlink.obligation_due(text, timestamptz);
DROP FUNCTION jxlink.obligation_due_by(text, integer, timestamptz);
DROP FUNCTION jxlink.obligation_open(text, text, text, uuid, uuid, uuid, timestamptz);
DROP FUNCTION jxlink.obligation_close(uuid, text[], timestamptz, text, text, text);

-- The due time of a period started at an instant, from the facts the
-- obligation itself holds (its period, its start, its jurisdiction):
--   workdays      n working days, the start day not counted, until 24:00 of
--                 the n-th (民法典 第二百零一条; 行政处罚法 第八十五条)
--   hours         n clock hours; holidays do not extend it (三（三）2③)
--   quarter       until the end of the quarter it starts in (三（四）3)
--   next_meeting  until the end of the day of the jurisdiction's first joint
--                 meeting held after the start; while none is held, until the
--                 end of the following quarter (三（四）4)
--   agreed_day    until the end of a day the units agreed, n calendar days
--                 after the start day (0: the same day) (三（一）4)
CREATE FUNCTION jxlink.obligation_due_by(period_unit text, amount integer, started_at timestamp with time zone, jurisdiction text, OUT due_at timestamp with time zone, OUT due_date date, OUT provisional boolean, OUT calendar_version text) RETURNS record
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    held timestamptz;
BEGIN
    provisional := false;
    IF period_unit = 'workdays' THEN
        due_at := jxlink.workday_deadline(started_at, amount);
        due_date := jxlink.add_workdays(jxlink.local_date(started_at), amount);
        provisional := jxlink.is_provisional(due_date);
        calendar_version := jxlink.calendar_version();
    ELSIF period_unit = 'hours' THEN
        due_at := started_at + make_interval(hours => amount);
        due_date := jxlink.local_date(due_at);
    ELSIF period_unit = 'agreed_day' AND amount >= 0 THEN
        due_date := jxlink.local_date(started_at) + amount;
        due_at := jxlink.local_midnight(due_date + 1);
    ELSIF period_unit IN ('quarter', 'next_meeting') THEN
        IF period_unit = 'next_meeting' THEN
            SELECT min(m.held_at) INTO held FROM jxlink.joint_meeting m
            WHERE m.jurisdiction = obligation_due_by.jurisdiction AND m.held_at > obligation_due_by.started_at;
        END IF;
        IF held IS NOT NULL THEN
            due_date := jxlink.local_date(held);
        ELSE
            due_date := (date_trunc('quarter', jxlink.local_date(started_at)::timestamp)
                         + make_interval(months => CASE period_unit WHEN 'quarter' THEN 3 ELSE 6 END))::date - 1;
        END IF;
        due_at := jxlink.local_midnight(due_date + 1);
    ELSE
        RAISE EXCEPTION 'a period of % %s has no due time', amount, period_unit
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
END
$$;
COMMENT ON FUNCTION jxlink.obligation_due_by(period_unit text, amount integer, started_at timestamp with time zone, jurisdiction text, OUT due_at timestamp with time zone, OUT due_date date, OUT provisional boolean, OUT calendar_version text) IS '（内部）台账唯一的期限计算：某期限（工作日、小时、季度、下次联席会议、约定日）自某时刻起算的逾期起点、届满日、是否暂定、日历版本。 (Internal) The ledger''s one computation of due times: the first late instant, last day, provisional flag and calendar version of a period (working days, hours, quarter, next joint meeting, agreed day) started at an instant.';
REVOKE ALL ON FUNCTION jxlink.obligation_due_by(period_unit text, amount integer, started_at timestamp with time zone, jurisdiction text, OUT due_at timestamp with time zone, OUT due_date date, OUT provisional boolean, OUT calendar_version text) FROM PUBLIC;

-- Open an obligation under a rule; the period is the rule's, or the last day
-- the units agreed.  The obligation keeps its period: a later change of the
-- rule does not alter it.
CREATE FUNCTION jxlink.obligation_open(kind text, rule_code text, subject_type text, subject_id uuid, owner_unit uuid, counterpart_unit uuid, started_at timestamp with time zone, agreed_last_day date DEFAULT NULL::date) RETURNS uuid
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    opened uuid;
BEGIN
    INSERT INTO jxlink.obligation (jurisdiction, kind, subject_type, subject_id, owner_unit, counterpart_unit,
                                   rule_code, clause, period_unit, period_amount, started_at, due_at, due_date,
                                   provisional, calendar_version)
    SELECT u.jurisdiction, obligation_open.kind, obligation_open.subject_type, obligation_open.subject_id,
           obligation_open.owner_unit, obligation_open.counterpart_unit, r.rule_code, r.clause, p.unit, p.amount,
           obligation_open.started_at, d.due_at, d.due_date, d.provisional, d.calendar_version
    FROM jxlink.deadline_rule r
    JOIN jxlink.unit u ON u.unit_id = obligation_open.owner_unit
    CROSS JOIN LATERAL (
        SELECT CASE WHEN agreed_last_day IS NULL THEN r.period_unit ELSE 'agreed_day' END AS unit,
               CASE WHEN agreed_last_day IS NULL THEN r.amount
                    ELSE agreed_last_day - jxlink.local_date(obligation_open.started_at) END AS amount) p
    CROSS JOIN jxlink.obligation_due_by(p.unit, p.amount, obligation_open.started_at, u.jurisdiction) d
    WHERE r.rule_code = obligation_open.rule_code
    RETURNING obligation_id INTO opened;
    RETURN opened;
END
$$;
COMMENT ON FUNCTION jxlink.obligation_open(kind text, rule_code text, subject_type text, subject_id uuid, owner_unit uuid, counterpart_unit uuid, started_at timestamp with time zone, agreed_last_day date) IS '（内部）按规则开立义务（或按双方约定的最后一日）；期限保存在义务上，此后修改规则不影响它。 (Internal) Open an obligation under a rule (or with the last day the units agreed); the period is kept on the obligation, and a later change of the rule does not alter it.';
REVOKE ALL ON FUNCTION jxlink.obligation_open(kind text, rule_code text, subject_type text, subject_id uuid, owner_unit uuid, counterpart_unit uuid, started_at timestamp with time zone, agreed_last_day date) FROM PUBLIC;

-- Meet (or waive) the open obligations of a subject of the given kinds (owed
-- by one unit, when given); returns how many.
CREATE FUNCTION jxlink.obligation_close(subject_id uuid, kinds text[], closed_at timestamp with time zone, closed_by text, new_status text, note text DEFAULT NULL::text, owner_unit uuid DEFAULT NULL::uuid) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    n integer;
BEGIN
    UPDATE jxlink.obligation o
    SET status = new_status,
        met_at = closed_at,
        met_late = CASE WHEN new_status = 'met' THEN closed_at >= o.due_at END,
        met_by = closed_by,
        note = obligation_close.note
    WHERE o.subject_id = obligation_close.subject_id
      AND o.kind = ANY (kinds)
      AND o.status = 'open'
      AND (obligation_close.owner_unit IS NULL OR o.owner_unit = obligation_close.owner_unit);
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$$;
COMMENT ON FUNCTION jxlink.obligation_close(subject_id uuid, kinds text[], closed_at timestamp with time zone, closed_by text, new_status text, note text, owner_unit uuid) IS '（内部）履行或免除某事项的未结义务（可限于某一单位所负）；履行时判定是否逾期。 (Internal) Meet or waive the open obligations of a subject (those of one owing unit, when given); a met one is judged late or on time then.';
REVOKE ALL ON FUNCTION jxlink.obligation_close(subject_id uuid, kinds text[], closed_at timestamp with time zone, closed_by text, new_status text, note text, owner_unit uuid) FROM PUBLIC;

-- Move an open obligation to another rule (the advance notice of 三（三）2②).
CREATE OR REPLACE FUNCTION jxlink.obligation_reschedule(obligation_id uuid, rule_code text) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    UPDATE jxlink.obligation o
    SET (rule_code, clause, period_unit, period_amount, due_at, due_date, provisional, calendar_version) =
        (SELECT r.rule_code, r.clause, r.period_unit, r.amount, d.due_at, d.due_date, d.provisional, d.calendar_version
         FROM jxlink.deadline_rule r, jxlink.obligation_due_by(r.period_unit, r.amount, o.started_at, o.jurisdiction) d
         WHERE r.rule_code = obligation_reschedule.rule_code)
    WHERE o.obligation_id = obligation_reschedule.obligation_id
      AND o.status = 'open';
END
$$;
COMMENT ON FUNCTION jxlink.obligation_reschedule(obligation_id uuid, rule_code text) IS '（内部）将未结义务改按另一规则计算期限。 (Internal) Recompute an open obligation under another rule.';

-- Recompute the due time of the open obligations of one period unit (of one
-- jurisdiction, when given) after the facts it depends on changed: the
-- calendar, a joint meeting held.  Each obligation whose due time moved gets a
-- row in obligation_move saying from what, to what, why, when and by whom.
CREATE FUNCTION jxlink.obligation_recompute_open(period_unit text, jurisdiction text, cause text) RETURNS integer
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
COMMENT ON FUNCTION jxlink.obligation_recompute_open(period_unit text, jurisdiction text, cause text) IS '（内部）事实（日历、召开的联席会议）变化后重算某类未结义务的期限；期限变动的逐项记入 obligation_move。 (Internal) Recompute the due time of the open obligations of one period unit after the facts changed (the calendar, a joint meeting held); each move is recorded in obligation_move.';
REVOKE ALL ON FUNCTION jxlink.obligation_recompute_open(period_unit text, jurisdiction text, cause text) FROM PUBLIC;

-- After a calendar change.  The met and waived working-day obligations whose
-- days include a changed one and whose last day the new calendar no longer
-- gives keep the days they were judged with (computed under the calendar as
-- it was: the changed rows as the statement's transition tables hold them),
-- so that their explanation still adds up to their verdict; every open
-- working-day obligation follows the new calendar, each move naming the
-- change.  A calendar statement run by a trigger
-- (pg_restore's edited row replacing its shipped original) leaves the work to
-- the statement that caused it, so that a restore records no moves there and
-- back.
CREATE OR REPLACE FUNCTION jxlink.obligation_recompute() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    changed  text[];
    days     date[];
    old_rows jxlink.calendar_day[] := '{}';
BEGIN
    IF pg_trigger_depth() > 1 THEN
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
        SET derivation = jxlink.obligation_workday_lines(jxlink.local_date(o.started_at), o.due_date, old_rows, days)
        WHERE o.status <> 'open' AND o.period_unit = 'workdays' AND o.derivation IS NULL
          AND o.due_date >= (SELECT min(d) FROM unnest(days) d)
          AND EXISTS (SELECT 1 FROM unnest(days) d
                      WHERE d > jxlink.local_date(o.started_at) AND d <= o.due_date)
          AND jxlink.add_workdays(jxlink.local_date(o.started_at), o.period_amount) <> o.due_date;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(format('year %s removed', c.year) ORDER BY c.year) INTO changed FROM changed_old c;
    ELSE
        SELECT array_agg(format('year %s', c.year) ORDER BY c.year) INTO changed FROM changed_new c;
    END IF;
    PERFORM jxlink.obligation_recompute_open('workdays', NULL,
        format('calendar change, %s on %s: %s%s', lower(TG_OP), TG_TABLE_NAME,
               array_to_string(changed[1:5], '; '),
               CASE WHEN cardinality(changed) > 5 THEN format('; and %s more', cardinality(changed) - 5) ELSE '' END));
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION jxlink.obligation_recompute() IS '触发器：日历变更后，涉及变更日期的已履行、已免除工作日义务保存其判定所依据的日期推算（按变更前的日历），所有未结工作日义务按新日历重算期限并记录每项变动及引起变动的日历行。 Trigger: after a calendar change, the met and waived working-day obligations over a changed day keep the derivation of the days they were judged with (under the calendar as it was), and every open working-day obligation is recomputed under the new one, each move recorded with the calendar rows that caused it.';

-- The working days counted and the days skipped between a start day (not
-- counted) and a last day: the lines of an explanation.  Under the calendar
-- in force, or as it was before a change: the changed days then follow the
-- rows they had (old_rows; a day without one, the weekday rule).
CREATE FUNCTION jxlink.obligation_workday_lines(start_day date, last_day date, old_rows jxlink.calendar_day[] DEFAULT '{}'::jxlink.calendar_day[], changed date[] DEFAULT '{}'::date[]) RETURNS text[]
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
SELECT ARRAY[
    'the start day is not counted (民法典 第二百零一条)',
    format('working days counted (%s): %s', count(*) FILTER (WHERE y.w), coalesce(string_agg(
        format('%s %s%s', x.d, to_char(x.d, 'Dy'),
               CASE WHEN y.kind = 'workday' THEN format(' (make-up day: %s %s)', y.name_zh, y.name_en) ELSE '' END),
        ', ' ORDER BY x.d) FILTER (WHERE y.w), '-')),
    format('days skipped (%s): %s', count(*) FILTER (WHERE NOT y.w), coalesce(string_agg(
        format('%s %s (%s)', x.d, to_char(x.d, 'Dy'), coalesce(y.name_zh || ' ' || y.name_en, 'weekend')),
        ', ' ORDER BY x.d) FILTER (WHERE NOT y.w), '-')),
    format('last day %s, until 24:00 local time', last_day)]
FROM generate_series(start_day + 1, last_day, interval '1 day') AS g (t)
CROSS JOIN LATERAL (SELECT g.t::date AS d) x
LEFT JOIN jxlink.calendar_day c ON c.day = x.d
CROSS JOIN LATERAL (
    SELECT CASE WHEN x.d = ANY (changed) THEN coalesce(o.kind = 'workday', extract(isodow FROM x.d) < 6)
                ELSE jxlink.is_workday(x.d) END AS w,
           CASE WHEN x.d = ANY (changed) THEN o.kind ELSE c.kind END AS kind,
           CASE WHEN x.d = ANY (changed) THEN o.name_zh ELSE c.name_zh END AS name_zh,
           CASE WHEN x.d = ANY (changed) THEN o.name_en ELSE c.name_en END AS name_en
    FROM (SELECT) AS one
    LEFT JOIN LATERAL (SELECT r.* FROM unnest(old_rows) r WHERE r.day = x.d LIMIT 1) o ON true) y
$$;
COMMENT ON FUNCTION jxlink.obligation_workday_lines(start_day date, last_day date, old_rows jxlink.calendar_day[], changed date[]) IS '（内部）起算日（不计入）至届满日之间计入的工作日与跳过的日期（附节日名称），按现行日历或变更前的日历（changed 中的日期按 old_rows，无行者按周一至周五），为解释之用。 (Internal) The working days counted and the days skipped (with holiday names) between a start day (not counted) and a last day, under the calendar in force or as it was before a change (the days in changed follow old_rows, or the weekday rule where they had none), for an explanation.';

-- The length of an obligation's own period, for the share of it left: its
-- hours or working days; for a quarter, the next meeting or an agreed day,
-- the working days from the start to the last day (at least 1).  Inlined
-- into the readers (no SET clause).
CREATE FUNCTION jxlink.period_length(period_unit text, amount integer, started_at timestamp with time zone, due_date date) RETURNS integer
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
SELECT CASE WHEN period_unit OPERATOR(pg_catalog.=) ANY ('{workdays,hours}') THEN amount
            ELSE pg_catalog.int4larger(jxlink.workdays_between(jxlink.local_date(started_at), due_date), 1) END
$$;
COMMENT ON FUNCTION jxlink.period_length(period_unit text, amount integer, started_at timestamp with time zone, due_date date) IS '义务自身期限的长度（小时数或工作日数；季度、下次会议、约定日为起算至届满日的工作日数，至少为 1），用于剩余比例。 The length of an obligation''s own period (hours or working days; for a quarter, the next meeting or an agreed day, the working days from the start to the last day, at least 1), for the share of it left.';

-- The period of an obligation in words.
CREATE FUNCTION jxlink.period_text(period_unit text, amount integer) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
SELECT CASE period_unit
    WHEN 'workdays' THEN format('%s working days', amount)
    WHEN 'hours' THEN format('%s hours', amount)
    WHEN 'quarter' THEN 'the quarter it starts in'
    WHEN 'next_meeting' THEN 'until the next joint meeting'
    WHEN 'agreed_day' THEN format('an agreed last day, %s days after the start day', amount)
    ELSE format('%s %s', amount, period_unit) END
$$;
COMMENT ON FUNCTION jxlink.period_text(period_unit text, amount integer) IS '期限的文字表述（如“5 working days”）。 A period in words (e.g. "5 working days").';

-- Explain an obligation's due time from the obligation itself: its period,
-- start and facts, the days counted (as they were when it was judged), each
-- move of an open one, and its status.  The rule table gives labels only.
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
           ELSE format('status: waived %s %s by %s (%s)', to_char(o.met_at AT TIME ZONE tz, 'YYYY-MM-DD HH24:MI'), tz,
                       o.met_by, coalesce(o.note, ''))
           END;
    RETURN array_to_string(lines, E'\n');
END
$$;
COMMENT ON FUNCTION jxlink.explain_obligation(obligation_id uuid) IS '解释一项义务的期限，全部取自义务本身：起算时刻、期限与条款、计入的工作日与跳过的日期（按判定时的日历）、未结期间的期限变动（从何到何、因何、何时、何人）、逾期起点、日历版本、履行情况（按 jxlink.timezone 显示）。 Explain an obligation''s due time from the obligation itself: start, period and clause, the working days counted and the days skipped (under the calendar it was judged with), each move while it was open (from what, to what, why, when, by whom), the first late instant, the calendar version, and whether it was met (shown in jxlink.timezone).';

DROP TRIGGER calendar_day_recompute ON jxlink.calendar_day;
DROP TRIGGER calendar_year_recompute ON jxlink.calendar_year;
CREATE TRIGGER calendar_day_recompute_insert AFTER INSERT ON jxlink.calendar_day REFERENCING NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION jxlink.obligation_recompute();
CREATE TRIGGER calendar_day_recompute_update AFTER UPDATE ON jxlink.calendar_day REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION jxlink.obligation_recompute();
CREATE TRIGGER calendar_day_recompute_delete AFTER DELETE ON jxlink.calendar_day REFERENCING OLD TABLE AS changed_old FOR EACH STATEMENT EXECUTE FUNCTION jxlink.obligation_recompute();
CREATE TRIGGER calendar_year_recompute_insert AFTER INSERT ON jxlink.calendar_year REFERENCING NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION jxlink.obligation_recompute();
CREATE TRIGGER calendar_year_recompute_update AFTER UPDATE ON jxlink.calendar_year REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION jxlink.obligation_recompute();
CREATE TRIGGER calendar_year_recompute_delete AFTER DELETE ON jxlink.calendar_year REFERENCING OLD TABLE AS changed_old FOR EACH STATEMENT EXECUTE FUNCTION jxlink.obligation_recompute();

------------------------------------------------------------------------------
-- Readers take the period from the obligation
------------------------------------------------------------------------------

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
    FROM (SELECT jxlink.workdays_between(jxlink.local_date(as_of), o.due_date) AS workdays_left,
                 jxlink.period_length(o.period_unit, o.period_amount, o.started_at, o.due_date) AS period_length,
                 pg_catalog.round(pg_catalog.date_part('epoch', o.due_at OPERATOR(pg_catalog.-) as_of)::numeric
                                  OPERATOR(pg_catalog./) 3600, 1) AS hours_left) w) x
CROSS JOIN (
    SELECT pg_catalog.max(t.value) FILTER (WHERE t.name OPERATOR(pg_catalog.=) 'due_soon_workdays') AS workdays,
           pg_catalog.max(t.value) FILTER (WHERE t.name OPERATOR(pg_catalog.=) 'due_soon_hours') AS hours,
           pg_catalog.max(t.value) FILTER (WHERE t.name OPERATOR(pg_catalog.=) 'due_soon_fraction') AS fraction
    FROM jxlink.setting t) s
WHERE o.due_at OPERATOR(pg_catalog.>) as_of
  AND o.started_at OPERATOR(pg_catalog.<=) as_of
  AND (o.status OPERATOR(pg_catalog.=) 'open' OR o.met_at OPERATOR(pg_catalog.>) as_of)
$$;
COMMENT ON FUNCTION jxlink.due_soon_as_of(as_of timestamp with time zone) IS '截至某一时刻未履行且未到期的义务，及剩余工作日、小时、剩余比例与预警级别（yellow 临期 / green 正常；阈值见 jxlink.setting）。 Obligations open and not yet due as of an instant, with the working days, hours and fraction of the period left and the warning level (yellow when due soon, green otherwise; thresholds in jxlink.setting).';

CREATE OR REPLACE FUNCTION jxlink.obligation_status_at(as_of timestamp with time zone) RETURNS TABLE(obligation_id uuid, jurisdiction text, kind text, subject_type text, subject_id uuid, subject_ref text, subject_title text, owner_unit uuid, owner_code text, owner_name_zh text, owner_kind text, counterpart_unit uuid, counterpart_code text, counterpart_name_zh text, rule_code text, clause text, period_unit text, period_amount integer, started_at timestamp with time zone, due_at timestamp with time zone, due_date date, provisional boolean, met_at timestamp with time zone, status text, late_workdays integer, workdays_left integer, hours_left numeric)
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
SELECT o.obligation_id, o.jurisdiction, o.kind, o.subject_type, o.subject_id, o.subject_ref, o.subject_title,
       o.owner_unit, ou.code, ou.name_zh, ou.kind, o.counterpart_unit, cu.code, cu.name_zh,
       o.rule_code, o.clause, o.period_unit, o.period_amount,
       o.started_at, o.due_at, o.due_date, o.provisional,
       CASE WHEN o.met_at OPERATOR(pg_catalog.<=) as_of THEN o.met_at END,
       CASE
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
           WHEN o.met_at OPERATOR(pg_catalog.<=) as_of AND o.status OPERATOR(pg_catalog.=) 'waived' THEN NULL
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
COMMENT ON FUNCTION jxlink.obligation_status_at(as_of timestamp with time zone) IS '截至某一时刻的每项义务及其唯一状态：pending 未到期、due_soon 临期、overdue 逾期、met_on_time 按时履行、met_late 逾期履行、waived 免除；用于趋势图与历史报表（结果不随今天变化）。 Every obligation as of an instant with one status — pending, due_soon, overdue, met_on_time, met_late, waived — for trend charts and past reports (the answer does not change with today).';

CREATE OR REPLACE FUNCTION jxlink.overdue_as_of(as_of timestamp with time zone) RETURNS TABLE(obligation_id uuid, jurisdiction text, kind text, subject_type text, subject_id uuid, subject_ref text, subject_title text, owner_unit uuid, owner_code text, owner_name_zh text, owner_kind text, counterpart_unit uuid, counterpart_code text, counterpart_name_zh text, rule_code text, clause text, period_unit text, period_amount integer, started_at timestamp with time zone, due_at timestamp with time zone, due_date date, provisional boolean, late_workdays integer, late_hours numeric, warning text)
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
SELECT o.obligation_id, o.jurisdiction, o.kind, o.subject_type, o.subject_id, o.subject_ref, o.subject_title,
       o.owner_unit, ou.code, ou.name_zh, ou.kind, o.counterpart_unit, cu.code, cu.name_zh,
       o.rule_code, o.clause, o.period_unit, o.period_amount,
       o.started_at, o.due_at, o.due_date, o.provisional,
       pg_catalog.int4larger(jxlink.workdays_between(o.due_date, jxlink.local_date(as_of)), 0),
       pg_catalog.round(pg_catalog.date_part('epoch', as_of OPERATOR(pg_catalog.-) o.due_at)::numeric
                        OPERATOR(pg_catalog./) 3600, 1),
       'red'::pg_catalog.text
FROM jxlink.obligation o
JOIN jxlink.unit ou ON ou.unit_id OPERATOR(pg_catalog.=) o.owner_unit
LEFT JOIN jxlink.unit cu ON cu.unit_id OPERATOR(pg_catalog.=) o.counterpart_unit
WHERE o.due_at OPERATOR(pg_catalog.<=) as_of
  AND o.started_at OPERATOR(pg_catalog.<=) as_of
  AND (o.status OPERATOR(pg_catalog.=) 'open' OR o.met_at OPERATOR(pg_catalog.>) as_of)
$$;
COMMENT ON FUNCTION jxlink.overdue_as_of(as_of timestamp with time zone) IS '截至某一时刻已逾期未履行的义务（含之后才履行或免除的），及逾期工作日数与小时数。 The obligations overdue and not met as of an instant (including those met or waived later), with how late in working days and in hours.';

------------------------------------------------------------------------------
-- Callers pass facts: meetings and share requests
------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION jxlink.hold_meeting(meeting uuid, held_at timestamp with time zone, convener text, attendees uuid[], place text DEFAULT NULL::text) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    me jxlink.staff := jxlink.caller_of_office();
    m  jxlink.joint_meeting := jxlink.meeting_for(meeting, false);
    q  date;
BEGIN
    IF m.held_at IS NOT NULL THEN
        RAISE EXCEPTION 'the meeting was already held on %', m.held_at USING ERRCODE = 'object_not_in_prerequisite_state';
    ELSIF attendees IS NULL OR cardinality(attendees) = 0 THEN
        RAISE EXCEPTION 'a meeting needs its attending units' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM jxlink.check_occurred_at(held_at, '-infinity', 'ever');
    UPDATE jxlink.joint_meeting x SET held_at = hold_meeting.held_at, convener = jxlink.require_text(hold_meeting.convener, 'the convener'),
                                      place = hold_meeting.place
    WHERE x.meeting_id = m.meeting_id;
    INSERT INTO jxlink.joint_meeting_attendee (meeting_id, jurisdiction, unit_id)
    SELECT m.meeting_id, m.jurisdiction, u.unit_id FROM jxlink.unit u WHERE u.unit_id = ANY (attendees);
    -- (the reports owed "at the next meeting" follow from the trigger joint_meeting_held)
    -- the quarter's obligation is met (planning it, and the next one, first)
    q := date_trunc('quarter', jxlink.local_date(held_at)::timestamp)::date;
    PERFORM jxlink.plan_quarterly_meetings((q + interval '3 months')::date);
    PERFORM jxlink.obligation_close(md5(m.jurisdiction || '/' || q)::uuid, '{quarterly_meeting}', held_at, me.role_name, 'met');
    RETURN (SELECT count(*)::integer FROM jxlink.joint_meeting_attendee a WHERE a.meeting_id = m.meeting_id);
END
$$;
COMMENT ON FUNCTION jxlink.hold_meeting(meeting uuid, held_at timestamp with time zone, convener text, attendees uuid[], place text) IS '记录会议召开（时间、召集人、出席单位）：履行该季度“召开联席会议”义务并计划至下一季度（三（四）3）；此前议定事项的落实情况须在本次会议通报（至当日 24:00）。返回出席单位数。 Record that a meeting was held (time, convener, attending units): meets the quarter''s quarterly_meeting obligation and plans the next quarter (三（四）3); reports owed on earlier resolutions are due at this meeting (until 24:00 that day). Returns the number of attending units.';

CREATE OR REPLACE FUNCTION jxlink.close_meeting(meeting uuid, minutes_no text, minutes_issued_on date) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    me jxlink.staff := jxlink.caller_of_office();
    m  jxlink.joint_meeting := jxlink.meeting_for(meeting, true);
    n  integer;
BEGIN
    IF minutes_issued_on IS NULL OR minutes_issued_on < jxlink.local_date(m.held_at) THEN
        RAISE EXCEPTION 'the minutes are issued on or after the meeting day' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    UPDATE jxlink.joint_meeting x
    SET minutes_no = jxlink.require_text(close_meeting.minutes_no, 'the minutes number'),
        minutes_issued_on = close_meeting.minutes_issued_on, closed_at = pg_catalog.now()
    WHERE x.meeting_id = m.meeting_id;
    -- how many reports owed at this meeting were not made (the ledger has them
    -- due at the end of its day, and overdue from then)
    SELECT count(*)::integer INTO n FROM jxlink.obligation o
    WHERE o.kind = 'resolution_report' AND o.status = 'open' AND o.jurisdiction = m.jurisdiction
      AND o.started_at < m.held_at AND o.due_date = jxlink.local_date(m.held_at);
    RETURN n;
END
$$;
COMMENT ON FUNCTION jxlink.close_meeting(meeting uuid, minutes_no text, minutes_issued_on date) IS '印发会议纪要，会议结束。返回应在本次会议上通报而未通报的议定事项落实情况数（台账中它们自会议当日 24:00 起逾期，三（四）4）。 Issue the minutes and close the meeting. Returns how many resolution reports owed at it were not made (the ledger has them overdue from 24:00 of the meeting day, 三（四）4).';

CREATE OR REPLACE FUNCTION jxlink.report_resolution(resolution uuid, meeting uuid, progress text, note text) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    me jxlink.staff := jxlink.caller_staff();
    m  jxlink.joint_meeting := jxlink.meeting_for(meeting, true);
    r  jxlink.resolution;
    adopted timestamptz;
BEGIN
    SELECT * INTO r FROM jxlink.resolution x WHERE x.resolution_id = report_resolution.resolution FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'resolution % does not exist', report_resolution.resolution USING ERRCODE = 'no_data_found';
    END IF;
    SELECT x.held_at INTO adopted FROM jxlink.joint_meeting x WHERE x.meeting_id = r.meeting_id;
    IF NOT EXISTS (SELECT 1 FROM jxlink.resolution_owner o WHERE o.resolution_id = r.resolution_id AND o.unit_id = me.unit_id) THEN
        RAISE EXCEPTION 'only a unit assigned to the resolution reports on it' USING ERRCODE = 'insufficient_privilege';
    ELSIF m.held_at <= adopted THEN
        RAISE EXCEPTION 'a resolution is reported on at a later meeting than the one that adopted it'
            USING ERRCODE = 'object_not_in_prerequisite_state';
    ELSIF progress IS NULL OR progress NOT IN ('in_progress', 'done') THEN
        RAISE EXCEPTION 'progress is in_progress or done, not %', coalesce(progress, 'null') USING ERRCODE = 'invalid_parameter_value';
    ELSIF EXISTS (SELECT 1 FROM jxlink.resolution_report p WHERE p.resolution_id = r.resolution_id AND p.unit_id = me.unit_id
                  AND p.progress = 'done') THEN
        RAISE EXCEPTION 'the unit already reported this resolution done' USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    INSERT INTO jxlink.resolution_report (jurisdiction, resolution_id, meeting_id, unit_id, progress, note, reported_at)
    VALUES (r.jurisdiction, r.resolution_id, m.meeting_id, me.unit_id, progress, jxlink.require_text(note, 'the progress'), m.held_at);
    -- the report owed at this meeting is met; unless done, the next meeting is owed one
    PERFORM jxlink.obligation_close(r.resolution_id, '{resolution_report}', m.held_at, me.role_name, 'met',
                                    report_resolution.note, me.unit_id);
    IF progress = 'in_progress' THEN
        PERFORM jxlink.obligation_open('resolution_report', 'resolution_report', 'resolution', r.resolution_id, me.unit_id,
                                       jxlink.meeting_office(r.jurisdiction), m.held_at);
    ELSIF NOT EXISTS (SELECT 1 FROM jxlink.resolution_owner o WHERE o.resolution_id = r.resolution_id
                      AND NOT EXISTS (SELECT 1 FROM jxlink.resolution_report p WHERE p.resolution_id = r.resolution_id
                                      AND p.unit_id = o.unit_id AND p.progress = 'done')) THEN
        UPDATE jxlink.resolution x SET status = 'done', done_at = m.held_at WHERE x.resolution_id = r.resolution_id;
    END IF;
    RETURN progress;
END
$$;
COMMENT ON FUNCTION jxlink.report_resolution(resolution uuid, meeting uuid, progress text, note text) IS '责任单位在此后会议上通报议定事项落实情况（in_progress 落实中 / done 已办结）：履行本次通报义务；未办结的，下次会议须再通报；全部责任单位报告办结后事项办结（三（四）4）。 An assigned unit reports at a later meeting on a resolution (in_progress or done): meets the report owed there; unless done, the next meeting is owed another; the resolution is done once every assigned unit reported it done (三（四）4).';

-- The reports owed "at the next meeting" (三（四）4) fall due at the meeting
-- held: the ledger recomputes them from this fact.
CREATE FUNCTION jxlink.joint_meeting_held() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    IF NEW.held_at IS NOT NULL THEN
        PERFORM jxlink.obligation_recompute_open('next_meeting', NEW.jurisdiction, 'joint meeting held');
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION jxlink.joint_meeting_held() IS '触发器：联席会议召开后，台账重算该辖区“下次联席会议”到期的义务。 Trigger: when a joint meeting is held, the ledger recomputes the jurisdiction''s obligations due at the next meeting.';
REVOKE ALL ON FUNCTION jxlink.joint_meeting_held() FROM PUBLIC;

CREATE TRIGGER joint_meeting_held AFTER INSERT OR UPDATE OF held_at ON jxlink.joint_meeting FOR EACH ROW EXECUTE FUNCTION jxlink.joint_meeting_held();

CREATE OR REPLACE FUNCTION jxlink.request_share(to_unit uuid, category jxlink.share_category, title text, due_on date DEFAULT NULL::date, occurred_at timestamp with time zone DEFAULT now()) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    me     jxlink.staff := jxlink.caller_staff();
    result uuid;
BEGIN
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
COMMENT ON FUNCTION jxlink.request_share(to_unit uuid, category jxlink.share_category, title text, due_on date, occurred_at timestamp with time zone) IS '请求另一单位提供信息（三（一）4），开立其 share_request 义务：至约定的最后一日 24:00，未约定的按本地默认期限。 Ask another unit for information (三（一）4): opens its share_request obligation, due at 24:00 of the agreed last day or after the local default period.';

-- the reports owed at the next meeting, as the ledger now computes them
SELECT jxlink.obligation_recompute_open('next_meeting', NULL, 'upgrade to jxlink 0.8.0');

------------------------------------------------------------------------------
-- One event path (create and the decision's share through the C path)
--
-- create_referral() is a C function over the path every other referral event
-- takes (src/referral_apply.c: staff row, the case locked, the checks, the
-- referral and its first history row hashed in one statement, then
-- referral_ledger()), with the same signature, privileges, comment, checks,
-- messages and SQLSTATEs.  referral_ledger() opens the transfer obligation of
-- "create" and makes the share of "decide" (三（一）3), which the trigger
-- referral_decision_shared made until now.  The event-time and required-text
-- checks are written once, in C (src/event_check.c): the C path calls them
-- directly, the PL/pgSQL API functions as before by name.
------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION jxlink.check_occurred_at(occurred_at timestamptz, previous timestamptz, what text) RETURNS void
AS 'MODULE_PATHNAME', 'jxlink_check_occurred_at'
LANGUAGE C PARALLEL SAFE;

CREATE OR REPLACE FUNCTION jxlink.require_text(value text, what text) RETURNS text
AS 'MODULE_PATHNAME', 'jxlink_require_text'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE OR REPLACE FUNCTION jxlink.referral_ledger(referral_id uuid, case_id uuid, from_unit uuid, to_unit uuid,
                                                  event text, occurred_at timestamptz, note text, actor_role text,
                                                  first_transfer boolean) RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
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
    WHEN 'decline', 'return' THEN
        PERFORM jxlink.obligation_close(referral_ledger.referral_id, '{acknowledge}', occurred_at, actor_role, 'met', note);
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
        PERFORM jxlink.obligation_close(referral_ledger.referral_id, '{transfer,licence_followup}', occurred_at,
                                        actor_role, 'waived', note);
    ELSE
        NULL;  -- submit, approve, send_back: no obligation moves
    END CASE;
END
$$;
COMMENT ON FUNCTION jxlink.referral_ledger(uuid, uuid, uuid, uuid, text, timestamptz, text, text, boolean) IS
'（内部）移送事件履行、开立或免除的义务及其共享：创建时自发现起开立移交义务（三（三）2）、移交后开立书面告知义务（三（三）2④）、受理后开立立案义务、决定后开立抄告义务（二（一））并将决定共享给移送单位（三（一）3）、无证经营首次移交开立许可跟进义务（二（二））等。由 C 事件路径在写入移送行及其历史行之后调用。 (Internal) The obligations a referral event meets, opens or waives, and its share: the transfer from the discovery when the referral is created (三（三）2), the written notice after a transfer (三（三）2④), filing after acceptance, the copy-back after a decision (二（一）) and the decision shared with the referring unit (三（一）3), the licence follow-up after the first transfer of an unlicensed case (二（二）), and so on. Called by the C event path after the referral row and its history row were written.';

CREATE OR REPLACE FUNCTION jxlink.create_referral(case_id uuid, urgent boolean DEFAULT false,
                                                  occurred_at timestamptz DEFAULT pg_catalog.now()) RETURNS uuid
AS 'MODULE_PATHNAME', 'jxlink_create_referral'
LANGUAGE C SECURITY DEFINER SET search_path = pg_catalog, pg_temp;

-- The decision's share is made by referral_ledger() now.
DROP TRIGGER referral_decision_shared ON jxlink.referral;
DROP FUNCTION jxlink.referral_decision_shared();
