-- jxlink 0.8.0 -> 0.9.0: verdicts no one can game (issue 12).
-- Restates, with CREATE OR REPLACE or ALTER, every object whose definition in
-- the concept files sql/NN_*.sql changed; test/t/002_upgrade.pl compares the
-- result with a fresh install.
\echo Use "ALTER EXTENSION jxlink UPDATE TO '0.9.0'" to load this file. \quit

-- ===== A. the ledger: event times, late recording, lateness kept =====
-- (section A)

-- ===== end A =====


-- ===== B. referrals: advance notice, returns, actor first, drafts, personal fields =====
-- (section B)

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
    ELSIF NOT isfinite(through) THEN
        RAISE EXCEPTION 'the day to plan up to must be a day, not %', through USING ERRCODE = 'invalid_parameter_value';
    ELSIF office IS NULL THEN
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

-- ===== end C =====


-- ===== D. confidentiality: staff record, contact reads, leaks =====
-- (section D)

-- ===== end D =====


-- ===== E. poison dates and the history anchor =====
-- (section E)

-- ===== end E =====
