/*
 * sql/60_supervision.sql - Supervision (四（三）): accountability findings and the supervision views (应立不立, 推诿扯皮, refused cooperation).
 *
 * A concept file: the current definition of each object, once, with its
 * comments, grants, policies and triggers.  The build concatenates the concept
 * files (sql/NN_*.sql, in order) into the install script of the current version.
 */

CREATE TABLE jxlink.accountability_finding (
    finding_id uuid DEFAULT jxlink.uuid_v7() NOT NULL,
    jurisdiction text DEFAULT jxlink.local_jurisdiction() NOT NULL,
    unit_id uuid NOT NULL,
    kind text NOT NULL,
    finding text NOT NULL,
    found_by_unit uuid NOT NULL,
    found_by text NOT NULL,
    found_at timestamp with time zone NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT accountability_finding_finding_check CHECK (finding <> ''),
    CONSTRAINT accountability_finding_kind_check CHECK (kind IN ('not_performing', 'refused_support', 'refused_sharing', 'refused_assistance', 'unfiled_case', 'arbitrary_filing', 'buck_passing', 'favour_case', 'other'))
);

ALTER TABLE ONLY jxlink.accountability_finding FORCE ROW LEVEL SECURITY;
COMMENT ON TABLE jxlink.accountability_finding IS '问责认定（四（三））：纪工委、司法所对不履行职责、拒绝技术支持、信息共享或协助、应立不立、乱立滥立、推诿扯皮、人情案等作出的认定。 Accountability findings (四（三）) by the discipline commission or the judicial office: not performing duties, refusing support, sharing or assistance, cases not filed, arbitrary filing, buck-passing, favour cases.';
COMMENT ON COLUMN jxlink.accountability_finding.finding_id IS '认定标识。 Finding identifier.';
COMMENT ON COLUMN jxlink.accountability_finding.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.accountability_finding.unit_id IS '被认定单位。 The unit concerned.';
COMMENT ON COLUMN jxlink.accountability_finding.kind IS '问责情形。 Kind of failing.';
COMMENT ON COLUMN jxlink.accountability_finding.finding IS '认定内容。 The finding.';
COMMENT ON COLUMN jxlink.accountability_finding.found_by_unit IS '认定单位（纪工委或司法所）。 The supervising unit.';
COMMENT ON COLUMN jxlink.accountability_finding.found_by IS '认定人（数据库角色）。 Role that recorded it.';
COMMENT ON COLUMN jxlink.accountability_finding.found_at IS '认定时间。 When it was found.';
COMMENT ON COLUMN jxlink.accountability_finding.created_at IS '记录时间。 When it was recorded.';
ALTER TABLE ONLY jxlink.accountability_finding
    ADD CONSTRAINT accountability_finding_pkey PRIMARY KEY (finding_id);
ALTER TABLE ONLY jxlink.accountability_finding
    ADD CONSTRAINT accountability_finding_found_by_unit_fkey FOREIGN KEY (found_by_unit) REFERENCES jxlink.unit(unit_id);
ALTER TABLE ONLY jxlink.accountability_finding
    ADD CONSTRAINT accountability_finding_jurisdiction_fkey FOREIGN KEY (jurisdiction) REFERENCES jxlink.jurisdiction(code);
ALTER TABLE ONLY jxlink.accountability_finding
    ADD CONSTRAINT accountability_finding_unit_id_fkey FOREIGN KEY (unit_id) REFERENCES jxlink.unit(unit_id);
ALTER TABLE jxlink.accountability_finding ENABLE ROW LEVEL SECURITY;
GRANT SELECT ON TABLE jxlink.accountability_finding TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;
SELECT pg_catalog.pg_extension_config_dump('jxlink.accountability_finding', '');

CREATE POLICY accountability_finding_read ON jxlink.accountability_finding FOR SELECT
USING (unit_id = ANY ((SELECT jxlink.my_units())::uuid[]) OR jurisdiction = ANY ((SELECT jxlink.reads_jurisdictions())::text[]));

CREATE TABLE jxlink.accountability_finding_obligation (
    finding_id uuid NOT NULL,
    jurisdiction text DEFAULT jxlink.local_jurisdiction() NOT NULL,
    obligation_id uuid NOT NULL
);

ALTER TABLE ONLY jxlink.accountability_finding_obligation FORCE ROW LEVEL SECURITY;
COMMENT ON TABLE jxlink.accountability_finding_obligation IS '问责认定所涉的义务。 The obligations a finding concerns.';
COMMENT ON COLUMN jxlink.accountability_finding_obligation.finding_id IS '认定。 Finding.';
COMMENT ON COLUMN jxlink.accountability_finding_obligation.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.accountability_finding_obligation.obligation_id IS '所涉义务。 Obligation concerned.';
ALTER TABLE ONLY jxlink.accountability_finding_obligation
    ADD CONSTRAINT accountability_finding_obligation_pkey PRIMARY KEY (finding_id, obligation_id);
ALTER TABLE ONLY jxlink.accountability_finding_obligation
    ADD CONSTRAINT accountability_finding_obligation_finding_id_fkey FOREIGN KEY (finding_id) REFERENCES jxlink.accountability_finding(finding_id);
ALTER TABLE ONLY jxlink.accountability_finding_obligation
    ADD CONSTRAINT accountability_finding_obligation_jurisdiction_fkey FOREIGN KEY (jurisdiction) REFERENCES jxlink.jurisdiction(code);
ALTER TABLE ONLY jxlink.accountability_finding_obligation
    ADD CONSTRAINT accountability_finding_obligation_obligation_id_fkey FOREIGN KEY (obligation_id) REFERENCES jxlink.obligation(obligation_id);
ALTER TABLE jxlink.accountability_finding_obligation ENABLE ROW LEVEL SECURITY;
GRANT SELECT ON TABLE jxlink.accountability_finding_obligation TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;
SELECT pg_catalog.pg_extension_config_dump('jxlink.accountability_finding_obligation', '');

CREATE POLICY accountability_finding_obligation_read ON jxlink.accountability_finding_obligation FOR SELECT
USING (EXISTS (SELECT 1 FROM jxlink.accountability_finding f WHERE f.finding_id = accountability_finding_obligation.finding_id));

CREATE FUNCTION jxlink.record_accountability_finding(unit uuid, kind text, finding text, obligations uuid[] DEFAULT '{}'::uuid[], occurred_at timestamp with time zone DEFAULT now()) RETURNS uuid
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
COMMENT ON FUNCTION jxlink.record_accountability_finding(unit uuid, kind text, finding text, obligations uuid[], occurred_at timestamp with time zone) IS '纪工委、司法所记录问责认定，并关联所涉义务（四（三））。 The discipline commission or the judicial office records an accountability finding, linked to the obligations it concerns (四（三）).';
REVOKE ALL ON FUNCTION jxlink.record_accountability_finding(unit uuid, kind text, finding text, obligations uuid[], occurred_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.record_accountability_finding(unit uuid, kind text, finding text, obligations uuid[], occurred_at timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

CREATE FUNCTION jxlink.supervision_bounced_at(as_of timestamp with time zone) RETURNS TABLE(case_id uuid, jurisdiction text, title text, discovering_code text, declines bigint, returns bigint, referrals bigint, last_bounce_at timestamp with time zone)
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
SELECT c.case_id, c.jurisdiction, c.title, u.code,
       count(*) FILTER (WHERE h.event = 'decline'),
       count(*) FILTER (WHERE h.event = 'return'),
       count(DISTINCT r.referral_id),
       max(h.occurred_at)
FROM jxlink.case_file c
JOIN jxlink.unit u ON u.unit_id = c.discovering_unit
JOIN jxlink.referral r ON r.case_id = c.case_id
JOIN jxlink.referral_history h ON h.referral_id = r.referral_id AND h.event IN ('decline', 'return')
WHERE h.occurred_at <= as_of
  AND jxlink.check_calendar_time(as_of, 'as_of') IS NOT DISTINCT FROM as_of
GROUP BY c.case_id, c.jurisdiction, c.title, u.code
HAVING count(*) >= 2
$$;
COMMENT ON FUNCTION jxlink.supervision_bounced_at(as_of timestamp with time zone) IS '截至某一时刻的推诿扯皮（四（三））：至该时刻（按事件所称时间）被不予受理或退回两次以上的案件；用于重现以往的报表。 Buck-passing (四（三）) as of an instant: cases declined or returned two or more times by then (by the time each event claims); reproduces a past report.';
REVOKE ALL ON FUNCTION jxlink.supervision_bounced_at(as_of timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.supervision_bounced_at(as_of timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin, jxlink_bi;

CREATE VIEW jxlink.supervision_bounced WITH (security_invoker = true) AS
SELECT * FROM jxlink.supervision_bounced_at(pg_catalog.now());
COMMENT ON VIEW jxlink.supervision_bounced IS '推诿扯皮（四（三））：同一案件被不予受理或退回两次以上。 Buck-passing (四（三）): cases declined or returned two or more times.';
COMMENT ON COLUMN jxlink.supervision_bounced.case_id IS '案件标识。 Case identifier.';
COMMENT ON COLUMN jxlink.supervision_bounced.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.supervision_bounced.title IS '案由。 Case title.';
COMMENT ON COLUMN jxlink.supervision_bounced.discovering_code IS '发现单位代码。 Code of the unit that found the case.';
COMMENT ON COLUMN jxlink.supervision_bounced.declines IS '不予受理次数。 Times declined.';
COMMENT ON COLUMN jxlink.supervision_bounced.returns IS '退回次数。 Times returned.';
COMMENT ON COLUMN jxlink.supervision_bounced.referrals IS '移送次数。 Number of referrals.';
COMMENT ON COLUMN jxlink.supervision_bounced.last_bounce_at IS '最近一次不予受理或退回的时间。 Last decline or return.';
GRANT SELECT ON TABLE jxlink.supervision_bounced TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;

CREATE FUNCTION jxlink.supervision_cooperation_at(as_of timestamp with time zone) RETURNS TABLE(jurisdiction text, unit_id uuid, unit_code text, unit_name_zh text, unit_kind text, share_requests_overdue bigint, share_requests_refused bigint, assistance_unanswered bigint, assistance_refused bigint, acknowledgements_overdue bigint, acknowledgements_late bigint, signals bigint)
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
SELECT u.jurisdiction, u.unit_id, u.code AS unit_code, u.name_zh AS unit_name_zh, u.kind AS unit_kind,
       count(*) FILTER (WHERE s.kind = 'share_request' AND s.status = 'overdue') AS share_requests_overdue,
       count(*) FILTER (WHERE s.kind = 'share_request' AND s.status = 'refused') AS share_requests_refused,
       count(*) FILTER (WHERE s.kind = 'assistance_request' AND s.status = 'overdue') AS assistance_unanswered,
       count(*) FILTER (WHERE s.kind = 'assistance_request' AND s.status = 'refused') AS assistance_refused,
       count(*) FILTER (WHERE s.kind = 'acknowledge' AND s.status = 'overdue') AS acknowledgements_overdue,
       count(*) FILTER (WHERE s.kind = 'acknowledge' AND s.status = 'met_late') AS acknowledgements_late,
       count(*) FILTER (WHERE s.status IN ('overdue', 'refused')
                          AND s.kind IN ('share_request', 'assistance_request', 'acknowledge')) AS signals
FROM jxlink.unit u
JOIN jxlink.obligation_status_at(as_of) s ON s.owner_unit = u.unit_id
GROUP BY u.jurisdiction, u.unit_id, u.code, u.name_zh, u.kind
HAVING count(*) FILTER (WHERE s.kind IN ('share_request', 'assistance_request', 'acknowledge')
                          AND s.status IN ('overdue', 'refused', 'met_late')) > 0
$$;
COMMENT ON FUNCTION jxlink.supervision_cooperation_at(as_of timestamp with time zone) IS '截至某一时刻的拒绝或拖延配合（四（三））：各单位届时逾期或拒绝的信息共享请求、未答复或拒绝的协助请求、逾期或迟延的书面告知（状态同 obligation_status_at）；用于重现以往的报表。 Refused or delayed cooperation (四（三）) per unit as of an instant (statuses as in obligation_status_at); reproduces a past report.';
REVOKE ALL ON FUNCTION jxlink.supervision_cooperation_at(as_of timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.supervision_cooperation_at(as_of timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin, jxlink_bi;

CREATE VIEW jxlink.supervision_cooperation WITH (security_invoker = true) AS
SELECT * FROM jxlink.supervision_cooperation_at(pg_catalog.now());
COMMENT ON VIEW jxlink.supervision_cooperation IS '拒绝或拖延配合（四（三））：各单位逾期或拒绝的信息共享请求、未答复或拒绝的协助请求、逾期或迟延的书面告知。 Refused or delayed cooperation (四（三）) per unit: share requests overdue or refused, assistance requests unanswered or refused, written notices overdue or late.';
COMMENT ON COLUMN jxlink.supervision_cooperation.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.supervision_cooperation.unit_id IS '单位标识。 Unit identifier.';
COMMENT ON COLUMN jxlink.supervision_cooperation.unit_code IS '单位代码。 Unit code.';
COMMENT ON COLUMN jxlink.supervision_cooperation.unit_name_zh IS '单位名称。 Unit name.';
COMMENT ON COLUMN jxlink.supervision_cooperation.unit_kind IS '单位类别。 Unit kind.';
COMMENT ON COLUMN jxlink.supervision_cooperation.share_requests_overdue IS '逾期未提供的信息共享请求。 Share requests overdue.';
COMMENT ON COLUMN jxlink.supervision_cooperation.share_requests_refused IS '拒绝的信息共享请求。 Share requests refused.';
COMMENT ON COLUMN jxlink.supervision_cooperation.assistance_unanswered IS '逾期未答复的协助请求。 Assistance requests left unanswered past due.';
COMMENT ON COLUMN jxlink.supervision_cooperation.assistance_refused IS '拒绝的协助请求。 Assistance requests refused.';
COMMENT ON COLUMN jxlink.supervision_cooperation.acknowledgements_overdue IS '逾期未书面告知是否受理。 Written notices of acceptance overdue.';
COMMENT ON COLUMN jxlink.supervision_cooperation.acknowledgements_late IS '迟延的书面告知。 Written notices given late.';
COMMENT ON COLUMN jxlink.supervision_cooperation.signals IS '逾期或拒绝的合计。 Overdue or refused, in all.';
GRANT SELECT ON TABLE jxlink.supervision_cooperation TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;

CREATE FUNCTION jxlink.supervision_unfiled_at(as_of timestamp with time zone) RETURNS TABLE(referral_id uuid, jurisdiction text, title text, from_code text, filed_case_no text, obligation_id uuid, file_case_due_at timestamp with time zone, late_workdays integer, late_hours numeric)
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
SELECT r.referral_id, r.jurisdiction, c.title, fu.code,
       (SELECT CASE WHEN jxlink.docno_check(e.note) IS NULL THEN e.note::jxlink.docno::text ELSE r.filed_case_no::text END
        FROM jxlink.referral_history e
        WHERE e.referral_id = r.referral_id AND e.event = 'file' AND e.occurred_at <= as_of
        ORDER BY e.seq DESC LIMIT 1),
       o.obligation_id, o.due_at, o.late_workdays, o.late_hours
FROM jxlink.overdue_as_of(as_of) o
JOIN jxlink.referral r ON r.referral_id = o.subject_id
JOIN LATERAL (SELECT h.to_state FROM jxlink.referral_history h
              WHERE h.referral_id = r.referral_id AND h.occurred_at <= as_of
              ORDER BY h.seq DESC LIMIT 1) h ON h.to_state OPERATOR(jxlink.=) 'accepted'
JOIN jxlink.case_file c ON c.case_id = r.case_id
JOIN jxlink.unit fu ON fu.unit_id = r.from_unit
WHERE o.kind = 'file_case'
  AND jxlink.check_calendar_time(as_of, 'as_of') IS NOT DISTINCT FROM as_of
$$;
COMMENT ON FUNCTION jxlink.supervision_unfiled_at(as_of timestamp with time zone) IS '截至某一时刻的应立不立（四（三））：届时（按事件所称时间）已受理而立案义务逾期的移送（列同 supervision_unfiled，逾期同 overdue_as_of）；用于重现以往的报表。 Cases that should be filed and were not (四（三）) as of an instant: referrals accepted by then (by the time each event claims) whose filing was overdue (columns as in supervision_unfiled, lateness as in overdue_as_of); reproduces a past report.';
REVOKE ALL ON FUNCTION jxlink.supervision_unfiled_at(as_of timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.supervision_unfiled_at(as_of timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin, jxlink_bi;

-- The live view is the function at now(): one definition of 应立不立.
CREATE VIEW jxlink.supervision_unfiled WITH (security_invoker = true) AS
SELECT * FROM jxlink.supervision_unfiled_at(now());
COMMENT ON VIEW jxlink.supervision_unfiled IS '应立不立（四（三））：已受理而立案义务逾期的移送。 Cases that should be filed and are not (四（三）): accepted referrals whose filing is overdue.';
COMMENT ON COLUMN jxlink.supervision_unfiled.referral_id IS '移送标识。 Referral identifier.';
COMMENT ON COLUMN jxlink.supervision_unfiled.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.supervision_unfiled.title IS '案由。 Case title.';
COMMENT ON COLUMN jxlink.supervision_unfiled.from_code IS '移送单位代码。 Code of the sending unit.';
COMMENT ON COLUMN jxlink.supervision_unfiled.filed_case_no IS '立案号（应为空）。 Case number (should be empty).';
COMMENT ON COLUMN jxlink.supervision_unfiled.obligation_id IS '立案义务标识。 The filing obligation.';
COMMENT ON COLUMN jxlink.supervision_unfiled.file_case_due_at IS '立案逾期起点。 Filing: first late instant.';
COMMENT ON COLUMN jxlink.supervision_unfiled.late_workdays IS '逾期工作日数。 Working days late.';
COMMENT ON COLUMN jxlink.supervision_unfiled.late_hours IS '逾期小时数。 Hours late.';
GRANT SELECT ON TABLE jxlink.supervision_unfiled TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;


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
WHERE w.late_workdays > (SELECT s.value FROM jxlink.setting_effective s WHERE s.name = 'late_recording_workdays' AND s.jurisdiction = e.jurisdiction);
COMMENT ON VIEW jxlink.supervision_late_recording IS '补录监督（四（三）刚性约束）：记录时间晚于所称发生时间超过 late_recording_workdays 个工作日（jxlink.setting，默认 3）的事件――移送历史事件、各业务域义务的履行或免除――列出两个时间、单位、所涉义务，及所称时间对判定的影响（按所称按时、按记录已逾期：verdict_changed）。 Late recording (四（三）: 刚性约束): events recorded more than late_recording_workdays working days (jxlink.setting, default 3) after the time they claim - referral history events, and the meeting or waiving of obligations of every domain - with both times, the unit, the obligation closed, and the effect of the claimed time on the verdict (on time as claimed, late as recorded: verdict_changed).';
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
