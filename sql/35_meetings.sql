/*
 * sql/35_meetings.sql - The quarterly joint meeting (联席会议, 三（四）): members, meetings, attendance, agenda, minutes, resolutions and their reports.
 *
 * A concept file: the current definition of each object, once, with its
 * comments, grants, policies and triggers.  The build concatenates the concept
 * files (sql/NN_*.sql, in order) into the install script of the current version.
 */

CREATE TABLE jxlink.joint_meeting (
    meeting_id uuid DEFAULT jxlink.uuid_v7() NOT NULL,
    jurisdiction text DEFAULT jxlink.local_jurisdiction() NOT NULL,
    kind text NOT NULL,
    planned_at timestamp with time zone NOT NULL,
    held_at timestamp with time zone,
    place text,
    convener text,
    minutes_no jxlink.docno,
    minutes_issued_on date,
    closed_at timestamp with time zone,
    created_by text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT joint_meeting_check CHECK ((closed_at IS NULL) OR (held_at IS NOT NULL)),
    CONSTRAINT joint_meeting_check1 CHECK ((minutes_no IS NULL) OR (closed_at IS NOT NULL)),
    CONSTRAINT joint_meeting_kind_check CHECK (kind IN ('regular', 'special'))
);

ALTER TABLE ONLY jxlink.joint_meeting FORCE ROW LEVEL SECURITY;
COMMENT ON TABLE jxlink.joint_meeting IS '联席会议：原则上每季度一次（regular），可临时召开（special）；会后印发纪要，纪要印发即会议结束。 Joint meetings: regular at least once a quarter, special when needed; the minutes (纪要) close the meeting.';
COMMENT ON COLUMN jxlink.joint_meeting.meeting_id IS '会议标识。 Meeting identifier.';
COMMENT ON COLUMN jxlink.joint_meeting.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.joint_meeting.kind IS 'regular 例会；special 专题会议。 regular or special.';
COMMENT ON COLUMN jxlink.joint_meeting.planned_at IS '计划召开时间。 When it is planned.';
COMMENT ON COLUMN jxlink.joint_meeting.held_at IS '召开时间。 When it was held.';
COMMENT ON COLUMN jxlink.joint_meeting.place IS '地点。 Place.';
COMMENT ON COLUMN jxlink.joint_meeting.convener IS '召集人。 Convener.';
COMMENT ON COLUMN jxlink.joint_meeting.minutes_no IS '会议纪要文号。 Number of the minutes (纪要).';
COMMENT ON COLUMN jxlink.joint_meeting.minutes_issued_on IS '纪要印发日期。 Date the minutes were issued.';
COMMENT ON COLUMN jxlink.joint_meeting.closed_at IS '会议结束（纪要印发）记录时间。 When the meeting was closed (minutes issued).';
COMMENT ON COLUMN jxlink.joint_meeting.created_by IS '登记人（数据库角色）。 Role that recorded it.';
COMMENT ON COLUMN jxlink.joint_meeting.created_at IS '登记时间。 When it was recorded.';
ALTER TABLE ONLY jxlink.joint_meeting
    ADD CONSTRAINT joint_meeting_pkey PRIMARY KEY (meeting_id);
ALTER TABLE ONLY jxlink.joint_meeting
    ADD CONSTRAINT joint_meeting_jurisdiction_fkey FOREIGN KEY (jurisdiction) REFERENCES jxlink.jurisdiction(code);
CREATE INDEX joint_meeting_held ON jxlink.joint_meeting USING btree (jurisdiction, held_at);
ALTER TABLE jxlink.joint_meeting ENABLE ROW LEVEL SECURITY;
GRANT SELECT ON TABLE jxlink.joint_meeting TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;
SELECT pg_catalog.pg_extension_config_dump('jxlink.joint_meeting', '');

CREATE POLICY joint_meeting_read ON jxlink.joint_meeting FOR SELECT
USING (jurisdiction = ANY ((SELECT jxlink.my_jurisdictions())::text[]) OR jurisdiction = ANY ((SELECT jxlink.reads_jurisdictions())::text[]));

CREATE TABLE jxlink.agenda_item (
    item_id uuid DEFAULT jxlink.uuid_v7() NOT NULL,
    jurisdiction text DEFAULT jxlink.local_jurisdiction() NOT NULL,
    meeting_id uuid NOT NULL,
    proposed_by uuid NOT NULL,
    title text NOT NULL,
    description text,
    proposed_at timestamp with time zone NOT NULL,
    escalated_at timestamp with time zone,
    escalation_note text,
    CONSTRAINT agenda_item_title_check CHECK (title <> '')
);

ALTER TABLE ONLY jxlink.agenda_item FORCE ROW LEVEL SECURITY;
COMMENT ON TABLE jxlink.agenda_item IS '议题：成员单位提出，由联席会议办公室收集；重大疑难问题可提交党政联席会议研究（三（四）5）。 Agenda items proposed by member units and collected by the office; hard issues are escalated to the 党政联席会议 (三（四）5).';
COMMENT ON COLUMN jxlink.agenda_item.item_id IS '议题标识。 Item identifier.';
COMMENT ON COLUMN jxlink.agenda_item.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.agenda_item.meeting_id IS '拟提交的会议。 The meeting it is proposed for.';
COMMENT ON COLUMN jxlink.agenda_item.proposed_by IS '提出单位。 Proposing unit.';
COMMENT ON COLUMN jxlink.agenda_item.title IS '议题。 Title.';
COMMENT ON COLUMN jxlink.agenda_item.description IS '说明。 Description.';
COMMENT ON COLUMN jxlink.agenda_item.proposed_at IS '提出时间。 When it was proposed.';
COMMENT ON COLUMN jxlink.agenda_item.escalated_at IS '提交党政联席会议的时间。 When it was escalated to the 党政联席会议.';
COMMENT ON COLUMN jxlink.agenda_item.escalation_note IS '提交说明。 Note of the escalation.';
ALTER TABLE ONLY jxlink.agenda_item
    ADD CONSTRAINT agenda_item_pkey PRIMARY KEY (item_id);
ALTER TABLE ONLY jxlink.agenda_item
    ADD CONSTRAINT agenda_item_jurisdiction_fkey FOREIGN KEY (jurisdiction) REFERENCES jxlink.jurisdiction(code);
ALTER TABLE ONLY jxlink.agenda_item
    ADD CONSTRAINT agenda_item_meeting_id_fkey FOREIGN KEY (meeting_id) REFERENCES jxlink.joint_meeting(meeting_id);
ALTER TABLE ONLY jxlink.agenda_item
    ADD CONSTRAINT agenda_item_proposed_by_fkey FOREIGN KEY (proposed_by) REFERENCES jxlink.unit(unit_id);
CREATE INDEX agenda_item_meeting ON jxlink.agenda_item USING btree (meeting_id);
ALTER TABLE jxlink.agenda_item ENABLE ROW LEVEL SECURITY;
GRANT SELECT ON TABLE jxlink.agenda_item TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;
SELECT pg_catalog.pg_extension_config_dump('jxlink.agenda_item', '');

CREATE POLICY agenda_item_read ON jxlink.agenda_item FOR SELECT
USING (jurisdiction = ANY ((SELECT jxlink.my_jurisdictions())::text[]) OR jurisdiction = ANY ((SELECT jxlink.reads_jurisdictions())::text[]));

CREATE TABLE jxlink.joint_meeting_attendee (
    meeting_id uuid NOT NULL,
    jurisdiction text DEFAULT jxlink.local_jurisdiction() NOT NULL,
    unit_id uuid NOT NULL,
    person text DEFAULT '' NOT NULL
);

ALTER TABLE ONLY jxlink.joint_meeting_attendee FORCE ROW LEVEL SECURITY;
COMMENT ON TABLE jxlink.joint_meeting_attendee IS '出席单位与人员。 Units and persons attending a meeting.';
COMMENT ON COLUMN jxlink.joint_meeting_attendee.meeting_id IS '会议。 Meeting.';
COMMENT ON COLUMN jxlink.joint_meeting_attendee.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.joint_meeting_attendee.unit_id IS '出席单位。 Attending unit.';
COMMENT ON COLUMN jxlink.joint_meeting_attendee.person IS '出席人（可空）。 Person attending (may be empty).';
ALTER TABLE ONLY jxlink.joint_meeting_attendee
    ADD CONSTRAINT joint_meeting_attendee_pkey PRIMARY KEY (meeting_id, unit_id, person);
ALTER TABLE ONLY jxlink.joint_meeting_attendee
    ADD CONSTRAINT joint_meeting_attendee_jurisdiction_fkey FOREIGN KEY (jurisdiction) REFERENCES jxlink.jurisdiction(code);
ALTER TABLE ONLY jxlink.joint_meeting_attendee
    ADD CONSTRAINT joint_meeting_attendee_meeting_id_fkey FOREIGN KEY (meeting_id) REFERENCES jxlink.joint_meeting(meeting_id);
ALTER TABLE ONLY jxlink.joint_meeting_attendee
    ADD CONSTRAINT joint_meeting_attendee_unit_id_fkey FOREIGN KEY (unit_id) REFERENCES jxlink.unit(unit_id);
ALTER TABLE jxlink.joint_meeting_attendee ENABLE ROW LEVEL SECURITY;
GRANT SELECT ON TABLE jxlink.joint_meeting_attendee TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;
SELECT pg_catalog.pg_extension_config_dump('jxlink.joint_meeting_attendee', '');

CREATE POLICY joint_meeting_attendee_read ON jxlink.joint_meeting_attendee FOR SELECT
USING (jurisdiction = ANY ((SELECT jxlink.my_jurisdictions())::text[]) OR jurisdiction = ANY ((SELECT jxlink.reads_jurisdictions())::text[]));

CREATE TABLE jxlink.joint_meeting_member (
    jurisdiction text DEFAULT jxlink.local_jurisdiction() NOT NULL,
    unit_id uuid NOT NULL,
    role text DEFAULT 'member' NOT NULL,
    CONSTRAINT joint_meeting_member_role_check CHECK (role IN ('convener', 'member', 'office', 'supervisor'))
);
COMMENT ON TABLE jxlink.joint_meeting_member IS '联席会议成员单位（三（四））：召集人、成员、办公室（设在综合执法队）、监督（纪工委、司法所）。 Member units of the joint meeting (三（四）): convener, members, the office (at the enforcement team), supervisors (discipline commission, judicial office).';
COMMENT ON COLUMN jxlink.joint_meeting_member.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.joint_meeting_member.unit_id IS '成员单位。 Member unit.';
COMMENT ON COLUMN jxlink.joint_meeting_member.role IS 'convener 召集、member 成员、office 办公室、supervisor 监督。 convener, member, office, supervisor.';
ALTER TABLE ONLY jxlink.joint_meeting_member
    ADD CONSTRAINT joint_meeting_member_pkey PRIMARY KEY (jurisdiction, unit_id);
ALTER TABLE ONLY jxlink.joint_meeting_member
    ADD CONSTRAINT joint_meeting_member_jurisdiction_fkey FOREIGN KEY (jurisdiction) REFERENCES jxlink.jurisdiction(code);
ALTER TABLE ONLY jxlink.joint_meeting_member
    ADD CONSTRAINT joint_meeting_member_unit_id_fkey FOREIGN KEY (unit_id) REFERENCES jxlink.unit(unit_id);
GRANT SELECT ON TABLE jxlink.joint_meeting_member TO PUBLIC;
GRANT INSERT,DELETE,UPDATE ON TABLE jxlink.joint_meeting_member TO jxlink_admin;
SELECT pg_catalog.pg_extension_config_dump('jxlink.joint_meeting_member', '');

CREATE TABLE jxlink.resolution (
    resolution_id uuid DEFAULT jxlink.uuid_v7() NOT NULL,
    jurisdiction text DEFAULT jxlink.local_jurisdiction() NOT NULL,
    meeting_id uuid NOT NULL,
    number integer NOT NULL,
    title text NOT NULL,
    content text,
    status text DEFAULT 'open' NOT NULL,
    done_at timestamp with time zone,
    CONSTRAINT resolution_number_check CHECK (number > 0),
    CONSTRAINT resolution_status_check CHECK (status IN ('open', 'done')),
    CONSTRAINT resolution_title_check CHECK (title <> '')
);

ALTER TABLE ONLY jxlink.resolution FORCE ROW LEVEL SECURITY;
COMMENT ON TABLE jxlink.resolution IS '议定事项（决议）：在会议内编号，分配给一个或多个单位落实，在此后会议上通报落实情况，直至报告办结（三（四）4）。 Resolutions (议定事项), numbered within a meeting and assigned to one or more units, reported on at later meetings until reported done (三（四）4).';
COMMENT ON COLUMN jxlink.resolution.resolution_id IS '议定事项标识。 Resolution identifier.';
COMMENT ON COLUMN jxlink.resolution.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.resolution.meeting_id IS '议定的会议。 The meeting that adopted it.';
COMMENT ON COLUMN jxlink.resolution.number IS '会内编号。 Number within the meeting.';
COMMENT ON COLUMN jxlink.resolution.title IS '事项。 Title.';
COMMENT ON COLUMN jxlink.resolution.content IS '内容。 Content.';
COMMENT ON COLUMN jxlink.resolution.status IS 'open 落实中；done 已办结。 open or done.';
COMMENT ON COLUMN jxlink.resolution.done_at IS '报告办结的时间。 When it was reported done.';
ALTER TABLE ONLY jxlink.resolution
    ADD CONSTRAINT resolution_meeting_id_number_key UNIQUE (meeting_id, number);
ALTER TABLE ONLY jxlink.resolution
    ADD CONSTRAINT resolution_pkey PRIMARY KEY (resolution_id);
ALTER TABLE ONLY jxlink.resolution
    ADD CONSTRAINT resolution_jurisdiction_fkey FOREIGN KEY (jurisdiction) REFERENCES jxlink.jurisdiction(code);
ALTER TABLE ONLY jxlink.resolution
    ADD CONSTRAINT resolution_meeting_id_fkey FOREIGN KEY (meeting_id) REFERENCES jxlink.joint_meeting(meeting_id);
ALTER TABLE jxlink.resolution ENABLE ROW LEVEL SECURITY;
GRANT SELECT ON TABLE jxlink.resolution TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;
SELECT pg_catalog.pg_extension_config_dump('jxlink.resolution', '');

CREATE POLICY resolution_read ON jxlink.resolution FOR SELECT
USING (jurisdiction = ANY ((SELECT jxlink.my_jurisdictions())::text[]) OR jurisdiction = ANY ((SELECT jxlink.reads_jurisdictions())::text[]));

CREATE TABLE jxlink.resolution_owner (
    resolution_id uuid NOT NULL,
    jurisdiction text DEFAULT jxlink.local_jurisdiction() NOT NULL,
    unit_id uuid NOT NULL
);

ALTER TABLE ONLY jxlink.resolution_owner FORCE ROW LEVEL SECURITY;
COMMENT ON TABLE jxlink.resolution_owner IS '议定事项的责任单位。 Units assigned to a resolution.';
COMMENT ON COLUMN jxlink.resolution_owner.resolution_id IS '议定事项。 Resolution.';
COMMENT ON COLUMN jxlink.resolution_owner.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.resolution_owner.unit_id IS '责任单位。 Assigned unit.';
ALTER TABLE ONLY jxlink.resolution_owner
    ADD CONSTRAINT resolution_owner_pkey PRIMARY KEY (resolution_id, unit_id);
ALTER TABLE ONLY jxlink.resolution_owner
    ADD CONSTRAINT resolution_owner_jurisdiction_fkey FOREIGN KEY (jurisdiction) REFERENCES jxlink.jurisdiction(code);
ALTER TABLE ONLY jxlink.resolution_owner
    ADD CONSTRAINT resolution_owner_resolution_id_fkey FOREIGN KEY (resolution_id) REFERENCES jxlink.resolution(resolution_id);
ALTER TABLE ONLY jxlink.resolution_owner
    ADD CONSTRAINT resolution_owner_unit_id_fkey FOREIGN KEY (unit_id) REFERENCES jxlink.unit(unit_id);
ALTER TABLE jxlink.resolution_owner ENABLE ROW LEVEL SECURITY;
GRANT SELECT ON TABLE jxlink.resolution_owner TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;
SELECT pg_catalog.pg_extension_config_dump('jxlink.resolution_owner', '');

CREATE POLICY resolution_owner_read ON jxlink.resolution_owner FOR SELECT
USING (jurisdiction = ANY ((SELECT jxlink.my_jurisdictions())::text[]) OR jurisdiction = ANY ((SELECT jxlink.reads_jurisdictions())::text[]));

CREATE TABLE jxlink.resolution_report (
    report_id uuid DEFAULT jxlink.uuid_v7() NOT NULL,
    jurisdiction text DEFAULT jxlink.local_jurisdiction() NOT NULL,
    resolution_id uuid NOT NULL,
    meeting_id uuid NOT NULL,
    unit_id uuid NOT NULL,
    progress text NOT NULL,
    note text NOT NULL,
    reported_at timestamp with time zone NOT NULL,
    CONSTRAINT resolution_report_note_check CHECK (note <> ''),
    CONSTRAINT resolution_report_progress_check CHECK (progress IN ('in_progress', 'done'))
);

ALTER TABLE ONLY jxlink.resolution_report FORCE ROW LEVEL SECURITY;
COMMENT ON TABLE jxlink.resolution_report IS '责任单位在此后会议上通报的落实情况。 Progress reports of assigned units at later meetings.';
COMMENT ON COLUMN jxlink.resolution_report.report_id IS '通报标识。 Report identifier.';
COMMENT ON COLUMN jxlink.resolution_report.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.resolution_report.resolution_id IS '议定事项。 Resolution.';
COMMENT ON COLUMN jxlink.resolution_report.meeting_id IS '通报所在会议。 The meeting where it was reported.';
COMMENT ON COLUMN jxlink.resolution_report.unit_id IS '通报单位。 Reporting unit.';
COMMENT ON COLUMN jxlink.resolution_report.progress IS 'in_progress 落实中；done 已办结。 in_progress or done.';
COMMENT ON COLUMN jxlink.resolution_report.note IS '落实情况。 Progress.';
COMMENT ON COLUMN jxlink.resolution_report.reported_at IS '通报时间。 When it was reported.';
ALTER TABLE ONLY jxlink.resolution_report
    ADD CONSTRAINT resolution_report_pkey PRIMARY KEY (report_id);
ALTER TABLE ONLY jxlink.resolution_report
    ADD CONSTRAINT resolution_report_resolution_id_meeting_id_unit_id_key UNIQUE (resolution_id, meeting_id, unit_id);
ALTER TABLE ONLY jxlink.resolution_report
    ADD CONSTRAINT resolution_report_jurisdiction_fkey FOREIGN KEY (jurisdiction) REFERENCES jxlink.jurisdiction(code);
ALTER TABLE ONLY jxlink.resolution_report
    ADD CONSTRAINT resolution_report_meeting_id_fkey FOREIGN KEY (meeting_id) REFERENCES jxlink.joint_meeting(meeting_id);
ALTER TABLE ONLY jxlink.resolution_report
    ADD CONSTRAINT resolution_report_resolution_id_fkey FOREIGN KEY (resolution_id) REFERENCES jxlink.resolution(resolution_id);
ALTER TABLE ONLY jxlink.resolution_report
    ADD CONSTRAINT resolution_report_unit_id_fkey FOREIGN KEY (unit_id) REFERENCES jxlink.unit(unit_id);
ALTER TABLE jxlink.resolution_report ENABLE ROW LEVEL SECURITY;
GRANT SELECT ON TABLE jxlink.resolution_report TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;
SELECT pg_catalog.pg_extension_config_dump('jxlink.resolution_report', '');

CREATE POLICY resolution_report_read ON jxlink.resolution_report FOR SELECT
USING (jurisdiction = ANY ((SELECT jxlink.my_jurisdictions())::text[]) OR jurisdiction = ANY ((SELECT jxlink.reads_jurisdictions())::text[]));

CREATE FUNCTION jxlink.adopt_resolution(meeting uuid, title text, owners uuid[], content text DEFAULT NULL::text) RETURNS uuid
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
COMMENT ON FUNCTION jxlink.adopt_resolution(meeting uuid, title text, owners uuid[], content text) IS '会议形成议定事项（会内编号），分配给责任单位；每个责任单位须在下次会议上通报落实情况（三（四）4）。 A meeting adopts a resolution (numbered within it) assigned to units; each must report on it at the next meeting (三（四）4).';
REVOKE ALL ON FUNCTION jxlink.adopt_resolution(meeting uuid, title text, owners uuid[], content text) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.adopt_resolution(meeting uuid, title text, owners uuid[], content text) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

-- The staff of the caller, who must be of the meeting office.
CREATE FUNCTION jxlink.caller_of_office() RETURNS jxlink.staff
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    me jxlink.staff := jxlink.caller_staff();
BEGIN
    IF me.unit_id IS DISTINCT FROM jxlink.meeting_office(me.jurisdiction) THEN
        RAISE EXCEPTION 'only the office of the joint meeting may do this'
            USING ERRCODE = 'insufficient_privilege', DETAIL = '三（四）: the office is at the enforcement team.';
    END IF;
    RETURN me;
END
$$;
COMMENT ON FUNCTION jxlink.caller_of_office() IS '（内部）调用者须为联席会议办公室人员。 (Internal) The caller must be staff of the meeting office.';
REVOKE ALL ON FUNCTION jxlink.caller_of_office() FROM PUBLIC;

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

CREATE FUNCTION jxlink.escalate_agenda_item(item uuid, note text, occurred_at timestamp with time zone DEFAULT now()) RETURNS void
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
COMMENT ON FUNCTION jxlink.escalate_agenda_item(item uuid, note text, occurred_at timestamp with time zone) IS '将重大疑难议题提交街道党政联席会议研究（三（四）5）。 Escalate a hard issue to the street''s 党政联席会议 (三（四）5).';
REVOKE ALL ON FUNCTION jxlink.escalate_agenda_item(item uuid, note text, occurred_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.escalate_agenda_item(item uuid, note text, occurred_at timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

CREATE FUNCTION jxlink.hold_meeting(meeting uuid, held_at timestamp with time zone, convener text, attendees uuid[], place text DEFAULT NULL::text) RETURNS integer
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
    PERFORM jxlink.plan_quarterly_meetings((q + interval '3 months')::date, m.jurisdiction);
    PERFORM jxlink.obligation_close(o.subject_id, '{quarterly_meeting}', hold_meeting.held_at, me.role_name, 'met')
    FROM jxlink.obligation o
    WHERE o.subject_id = md5(m.jurisdiction || '/' || q)::uuid AND o.kind = 'quarterly_meeting' AND o.status = 'open'
      AND o.started_at <= hold_meeting.held_at;
    RETURN (SELECT count(*)::integer FROM jxlink.joint_meeting_attendee a WHERE a.meeting_id = m.meeting_id);
END
$$;
COMMENT ON FUNCTION jxlink.hold_meeting(meeting uuid, held_at timestamp with time zone, convener text, attendees uuid[], place text) IS '记录会议召开（时间、召集人、出席单位）：履行该季度“召开联席会议”义务并计划至下一季度（三（四）3）；此前议定事项的落实情况须在本次会议通报（至当日 24:00）。出席单位须为本辖区单位，且包括联席会议办公室和至少一个其他成员单位（未登记成员时为任一其他单位），否则拒绝（22023）。会前已逾期的通报义务不顺延。返回出席单位数。 Record that a meeting was held (time, convener, attending units): meets the quarter''s quarterly_meeting obligation and plans the next quarter (三（四）3); reports owed on earlier resolutions are due at this meeting (until 24:00 that day), those already overdue stay overdue. The attendees are units of the jurisdiction, among them the office and at least one other member unit (any other unit while no members are registered); otherwise it is refused (22023). Returns the number of attending units.';
REVOKE ALL ON FUNCTION jxlink.hold_meeting(meeting uuid, held_at timestamp with time zone, convener text, attendees uuid[], place text) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.hold_meeting(meeting uuid, held_at timestamp with time zone, convener text, attendees uuid[], place text) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

-- The meeting, locked, checked against the steps already taken.
CREATE FUNCTION jxlink.meeting_for(meeting_id uuid, must_be_held boolean) RETURNS jxlink.joint_meeting
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    m jxlink.joint_meeting;
BEGIN
    SELECT * INTO m FROM jxlink.joint_meeting x WHERE x.meeting_id = meeting_for.meeting_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'meeting % does not exist', meeting_for.meeting_id USING ERRCODE = 'no_data_found';
    ELSIF m.closed_at IS NOT NULL THEN
        RAISE EXCEPTION 'the meeting is closed: its minutes % were issued', coalesce(m.minutes_no::text, '')
            USING ERRCODE = 'object_not_in_prerequisite_state';
    ELSIF NOT EXISTS (SELECT 1 FROM jxlink.staff s WHERE s.role_name = jxlink.calling_role()::text AND s.active
                      AND s.jurisdiction = m.jurisdiction) THEN
        -- each jurisdiction's joint meeting is its own (三（四）): only its staff act on it
        RAISE EXCEPTION 'the meeting is a joint meeting of jurisdiction %, where role "%" is not staff',
                        m.jurisdiction, jxlink.calling_role()
            USING ERRCODE = 'insufficient_privilege';
    ELSIF must_be_held AND m.held_at IS NULL THEN
        RAISE EXCEPTION 'the meeting has not been held yet' USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    RETURN m;
END
$$;
COMMENT ON FUNCTION jxlink.meeting_for(meeting_id uuid, must_be_held boolean) IS '（内部）锁定会议并核对其阶段；调用者须为该会议所在辖区的在岗人员（42501）。 (Internal) Lock a meeting and check its stage; the caller must be active staff of the meeting''s jurisdiction (42501).';
REVOKE ALL ON FUNCTION jxlink.meeting_for(meeting_id uuid, must_be_held boolean) FROM PUBLIC;

-- The office of the joint meeting: its member with role office, else the team.
CREATE FUNCTION jxlink.meeting_office(jurisdiction text) RETURNS uuid
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    SELECT coalesce(
        (SELECT m.unit_id FROM jxlink.joint_meeting_member m
         WHERE m.jurisdiction = meeting_office.jurisdiction AND m.role = 'office' LIMIT 1),
        (SELECT u.unit_id FROM jxlink.unit u
         WHERE u.jurisdiction = meeting_office.jurisdiction AND u.kind = 'enforcement_team' AND u.active))
$$;
COMMENT ON FUNCTION jxlink.meeting_office(jurisdiction text) IS '联席会议办公室所在单位（成员表中 role = office 者，否则为综合执法队，三（四））。 The unit of the joint meeting''s office (the member with role office, else the enforcement team, 三（四）).';
REVOKE ALL ON FUNCTION jxlink.meeting_office(jurisdiction text) FROM PUBLIC;

-- The meeting whose packet the caller may print: the meeting's own (its
-- office, member and attending units' staff), supervisors and administrators.
-- The packet runs as its owner, so that row-level security does not filter
-- it: the same document for each of them.
CREATE FUNCTION jxlink.meeting_packet_for(meeting uuid) RETURNS jxlink.joint_meeting
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    m jxlink.joint_meeting;
BEGIN
    SELECT * INTO m FROM jxlink.joint_meeting x WHERE x.meeting_id = meeting_packet_for.meeting;
    IF NOT (pg_has_role(jxlink.calling_role(), 'jxlink_admin', 'MEMBER')
            OR pg_has_role(jxlink.calling_role(), 'jxlink_supervisor', 'MEMBER'))
       AND NOT EXISTS (SELECT 1 FROM jxlink.staff s
                       WHERE s.role_name = jxlink.calling_role()::text AND s.active AND s.jurisdiction = m.jurisdiction
                         AND (s.unit_id = jxlink.meeting_office(m.jurisdiction)
                              OR s.unit_id IN (SELECT x.unit_id FROM jxlink.joint_meeting_member x WHERE x.jurisdiction = m.jurisdiction)
                              OR s.unit_id IN (SELECT a.unit_id FROM jxlink.joint_meeting_attendee a WHERE a.meeting_id = m.meeting_id))) THEN
        RAISE EXCEPTION 'only the joint meeting''s office and members, supervisors and administrators print its packet'
            USING ERRCODE = 'insufficient_privilege';
    ELSIF m.meeting_id IS NULL THEN
        RAISE EXCEPTION 'meeting % does not exist', meeting_packet_for.meeting USING ERRCODE = 'no_data_found';
    END IF;
    RETURN m;
END
$$;
COMMENT ON FUNCTION jxlink.meeting_packet_for(meeting uuid) IS '（内部）调用者可打印其会议材料的会议：会议办公室、成员单位与出席单位的工作人员，监督与管理员；其他人 42501，会议不存在 P0002。 (Internal) The meeting whose packet the caller may print: staff of its office, member and attending units, supervisors and administrators; anyone else 42501; an unknown meeting P0002.';
REVOKE ALL ON FUNCTION jxlink.meeting_packet_for(meeting uuid) FROM PUBLIC;

CREATE FUNCTION jxlink.meeting_packet(meeting uuid) RETURNS text
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
    m := jxlink.meeting_packet_for(meeting_packet.meeting);
    at := coalesce(m.held_at, m.planned_at);
    q := date_trunc('quarter', jxlink.local_date(at)::timestamp)::date;
    lines := ARRAY[format('联席会议材料 joint meeting packet - %s meeting, %s %s%s', m.kind,
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
                   (SELECT p.progress || ' - ' || p.note FROM jxlink.resolution_report p
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
COMMENT ON FUNCTION jxlink.meeting_packet(meeting uuid) IS '联席会议办公室会前印发的材料：本次议题、此前议定事项及其通报的落实情况（逾期未通报者标注）、本季度各单位履行情况（截至会议时）。办公室、成员单位、出席单位人员，监督（jxlink_supervisor）与管理员打印的内容相同，不受打印者行级安全过滤；其他人被拒绝（42501）。 What the office circulates before a meeting: its agenda, the earlier resolutions with their reported status (overdue reports marked), and the quarter''s scorecard per unit as of the meeting. The same text whoever prints it - staff of the office, of a member or attending unit, a supervisor (jxlink_supervisor), an administrator - not filtered by the printer''s row-level security; anyone else is refused (42501).';
REVOKE ALL ON FUNCTION jxlink.meeting_packet(meeting uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.meeting_packet(meeting uuid) TO jxlink_clerk, jxlink_supervisor, jxlink_admin, jxlink_bi;

-- Open the quarterly_meeting obligation of every quarter from the one the
-- provisions apply in up to the one of a date, each once.
CREATE FUNCTION jxlink.plan_quarterly_meetings(through date, jurisdiction text DEFAULT NULL::text) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    j       text := coalesce(plan_quarterly_meetings.jurisdiction, jxlink.local_jurisdiction());
    office  uuid;
    applies date;
    q       date;
    started timestamptz;
    n       integer := 0;
    subject uuid;
    ob      uuid;
BEGIN
    -- the office plans its own jurisdiction's, or an administrator any (a scheduled job runs as one)
    IF NOT pg_has_role(jxlink.calling_role(), 'jxlink_admin', 'MEMBER')
       AND (jxlink.caller_of_office()).jurisdiction IS DISTINCT FROM j THEN
        RAISE EXCEPTION 'the office of the joint meeting plans the meetings of its own jurisdiction, not of %', j
            USING ERRCODE = 'insufficient_privilege', DETAIL = '三（四）: each jurisdiction has its own joint meeting and office.';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM jxlink.jurisdiction x WHERE x.code = j) THEN
        RAISE EXCEPTION 'unknown jurisdiction "%"', j USING ERRCODE = 'invalid_parameter_value';
    END IF;
    office := jxlink.meeting_office(j);
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
COMMENT ON FUNCTION jxlink.plan_quarterly_meetings(through date, jurisdiction text) IS '联席会议办公室（为本辖区）或管理员（为指定辖区，默认本库主辖区）为自规定在该辖区施行之日（jurisdiction.provisions_from）所在季度起、至某日所在季度止的每个季度开立“每季度至少召开一次联席会议”义务（三（四）），每季度只开立一次，返回新开立数；早于施行之日的日期被拒绝。召开会议时自动计划至下一季度；无会可开时由管理员或定时任务（如 pg_cron）调用。 The meeting office (for its own jurisdiction) or an administrator (for the jurisdiction given, by default the database''s home one) opens the quarterly_meeting obligation (三（四）: at least once a quarter) of every quarter from the one the provisions apply in (jurisdiction.provisions_from) up to the one of a date, each quarter once; returns how many were opened; a day before the provisions apply is refused. Holding a meeting plans up to the next quarter; otherwise an administrator or a scheduled job (e.g. pg_cron) calls it.';
REVOKE ALL ON FUNCTION jxlink.plan_quarterly_meetings(through date, jurisdiction text) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.plan_quarterly_meetings(through date, jurisdiction text) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

CREATE FUNCTION jxlink.propose_agenda_item(meeting uuid, title text, description text DEFAULT NULL::text, occurred_at timestamp with time zone DEFAULT now()) RETURNS uuid
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
COMMENT ON FUNCTION jxlink.propose_agenda_item(meeting uuid, title text, description text, occurred_at timestamp with time zone) IS '成员单位提出议题，由联席会议办公室收集（三（四））。 A member unit proposes an agenda item, collected by the office (三（四）).';
REVOKE ALL ON FUNCTION jxlink.propose_agenda_item(meeting uuid, title text, description text, occurred_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.propose_agenda_item(meeting uuid, title text, description text, occurred_at timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

CREATE FUNCTION jxlink.report_resolution(resolution uuid, meeting uuid, progress text, note text) RETURNS text
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
REVOKE ALL ON FUNCTION jxlink.report_resolution(resolution uuid, meeting uuid, progress text, note text) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.report_resolution(resolution uuid, meeting uuid, progress text, note text) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

CREATE FUNCTION jxlink.schedule_meeting(planned_at timestamp with time zone, kind text DEFAULT 'regular'::text) RETURNS uuid
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
COMMENT ON FUNCTION jxlink.schedule_meeting(planned_at timestamp with time zone, kind text) IS '联席会议办公室安排一次会议（regular 例会或 special 专题），成员单位可向其提出议题。 The meeting office schedules a meeting (regular or special); member units then propose agenda items for it.';
REVOKE ALL ON FUNCTION jxlink.schedule_meeting(planned_at timestamp with time zone, kind text) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.schedule_meeting(planned_at timestamp with time zone, kind text) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

------------------------------------------------------------------------------
-- A meeting held is a fact the ledger follows
------------------------------------------------------------------------------

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

-- The minutes' number reaches the obligations of the meeting's resolutions:
-- their subject_ref is the same text before and after the minutes.
CREATE FUNCTION jxlink.joint_meeting_minutes_issued() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    PERFORM jxlink.obligation_refresh_subject(r.resolution_id)
    FROM jxlink.resolution r WHERE r.meeting_id = NEW.meeting_id;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION jxlink.joint_meeting_minutes_issued() IS '触发器：会议纪要印发（纪要文号确定）后，更新该会议全部议定事项的义务的事项编号（纪要文号 第N项），此前、此后开立的通报义务编号一致。 Trigger: when the minutes of a meeting are issued (their number known), every obligation of the meeting''s resolutions takes the new reference (minutes number 第N项), so reports owed before and after the minutes carry the same subject_ref.';
REVOKE ALL ON FUNCTION jxlink.joint_meeting_minutes_issued() FROM PUBLIC;

CREATE TRIGGER joint_meeting_minutes_issued AFTER UPDATE OF minutes_no ON jxlink.joint_meeting FOR EACH ROW WHEN (NEW.minutes_no IS DISTINCT FROM OLD.minutes_no) EXECUTE FUNCTION jxlink.joint_meeting_minutes_issued();
