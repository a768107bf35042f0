/*
 * jxlink 0.4.0 -> 0.5.0: complaints with first-receiver responsibility, the
 * quarterly joint meeting and its resolutions, information sharing,
 * assistance requests, patrols and the supervision signals.
 *
 * 新塘街道综合行政执法协调协作联动机制暂行规定 三（二）, 三（四）, 三（一）,
 * 二（五）, 四（三）.  Every time limit opens and meets obligations in the one
 * ledger, so the overdue and due-soon views and the scorecards cover the new
 * kinds without a case of their own.
 */

-- complain if script is sourced in psql, rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION jxlink UPDATE TO '0.5.0'" to load this file. \quit

------------------------------------------------------------------------------
-- The ledger learns the new kinds, subjects and periods
------------------------------------------------------------------------------

ALTER TABLE jxlink.obligation DROP CONSTRAINT obligation_kind_check;
ALTER TABLE jxlink.obligation ADD CONSTRAINT obligation_kind_check CHECK (kind IN (
    'transfer', 'acknowledge', 'file_case', 'copy_back', 'licence_followup',
    'complaint_reply', 'quarterly_meeting', 'resolution_report', 'share_request', 'assistance_request'));
ALTER TABLE jxlink.obligation DROP CONSTRAINT obligation_subject_type_check;
ALTER TABLE jxlink.obligation ADD CONSTRAINT obligation_subject_type_check CHECK (subject_type IN (
    'referral', 'complaint', 'meeting_quarter', 'resolution', 'share_request', 'assistance_request'));

ALTER TABLE jxlink.deadline_rule DROP CONSTRAINT deadline_rule_period_unit_check;
ALTER TABLE jxlink.deadline_rule ADD CONSTRAINT deadline_rule_period_unit_check
    CHECK (period_unit IN ('workdays', 'hours', 'quarter', 'next_meeting'));
COMMENT ON COLUMN jxlink.deadline_rule.period_unit IS 'workdays：工作日（起算日不计入，至第 n 个工作日 24:00）；hours：自然小时；quarter：至起算所在季度结束；next_meeting：至下次联席会议（未召开前暂以下一季度末为限）。 workdays: working days (the start day not counted, until 24:00 of the n-th); hours: clock hours; quarter: until the end of the quarter it starts in; next_meeting: until the next joint meeting (until one is held, the end of the following quarter).';

INSERT INTO jxlink.deadline_rule
    (rule_code, obligation_kind, period_unit, amount, clause, basis, description_zh, description_en, origin)
VALUES
    ('complaint_reply', 'complaint_reply', 'workdays', 15, '三（二）', 'local_policy',
     '首问负责单位答复举报人、投诉人或信访人（本地默认 15 个工作日）', 'the first receiver replies to the complainant (local default: 15 working days)', 'shipped'),
    ('quarterly_meeting', 'quarterly_meeting', 'quarter', 1, '三（四）3', 'provision',
     '联席会议原则上每季度召开一次', 'the joint meeting is held at least once a quarter', 'shipped'),
    ('resolution_report', 'resolution_report', 'next_meeting', 1, '三（四）4', 'provision',
     '议定事项的落实情况在下次联席会议上通报', 'the status of a resolution is reported at the next joint meeting', 'shipped'),
    ('share_request', 'share_request', 'workdays', 5, '三（一）4', 'local_policy',
     '按请求提供共享信息（未约定期限的本地默认 5 个工作日）', 'provide the information requested (local default when no date is agreed: 5 working days)', 'shipped'),
    ('assistance_request', 'assistance_request', 'workdays', 2, '二、四（三）', 'local_policy',
     '答复执法协助请求（本地默认 2 个工作日）', 'answer a request for enforcement assistance (local default: 2 working days)', 'shipped');

-- Each obligation keeps the period it was opened with: a later change of a
-- local-policy rule applies to obligations opened afterwards, and a calendar
-- change recomputes an open obligation under its own period, not the rule's
-- current one.  "fixed" is a deadline set outright (an agreed date, a meeting).
ALTER TABLE jxlink.obligation
    ADD COLUMN period_unit text CHECK (period_unit IN ('workdays', 'hours', 'quarter', 'next_meeting', 'fixed')),
    ADD COLUMN period_amount integer;
UPDATE jxlink.obligation o SET period_unit = r.period_unit, period_amount = r.amount
FROM jxlink.deadline_rule r WHERE r.rule_code = o.rule_code;
ALTER TABLE jxlink.obligation ALTER COLUMN period_unit SET NOT NULL, ALTER COLUMN period_amount SET NOT NULL;
COMMENT ON COLUMN jxlink.obligation.period_unit IS '开立时的期限单位（fixed：直接约定的期限）。 Unit of the period the obligation was opened with (fixed: a deadline set outright).';
COMMENT ON COLUMN jxlink.obligation.period_amount IS '开立时的期限长度。 Length of the period the obligation was opened with.';

-- Due time of a period started at an instant.
CREATE FUNCTION jxlink.obligation_due_by(period_unit text, amount integer, started_at timestamptz,
    OUT due_at timestamptz, OUT due_date date, OUT provisional boolean, OUT calendar_version text)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    q date;
BEGIN
    IF period_unit = 'hours' THEN
        due_at := started_at + make_interval(hours => amount);
        due_date := jxlink.local_date(due_at);
        provisional := false;
    ELSIF period_unit IN ('quarter', 'next_meeting') THEN
        -- the end of the quarter it starts in (next_meeting: of the following one)
        q := date_trunc('quarter', jxlink.local_date(started_at)::timestamp)::date
             + make_interval(months => CASE period_unit WHEN 'quarter' THEN 3 ELSE 6 END);
        due_at := jxlink.local_midnight(q);
        due_date := q - 1;
        provisional := false;
    ELSIF period_unit = 'workdays' THEN
        due_at := jxlink.workday_deadline(started_at, amount);
        due_date := jxlink.add_workdays(jxlink.local_date(started_at), amount);
        provisional := jxlink.is_provisional(due_date);
        calendar_version := jxlink.calendar_version();
    ELSE
        RAISE EXCEPTION 'a period of unit "%" has no computed deadline', period_unit
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
END
$$;
COMMENT ON FUNCTION jxlink.obligation_due_by(text, integer, timestamptz) IS
'（内部）某期限自某时刻起算的逾期起点、届满日、是否暂定、日历版本。 (Internal) The first late instant, last day, provisional flag and calendar version of a period started at an instant.';

-- Due time under a rule (replaces the 0.2.0 definition).
CREATE OR REPLACE FUNCTION jxlink.obligation_due(rule_code text, started_at timestamptz,
    OUT due_at timestamptz, OUT due_date date, OUT provisional boolean, OUT calendar_version text)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    r jxlink.deadline_rule;
BEGIN
    SELECT * INTO r FROM jxlink.deadline_rule d WHERE d.rule_code = obligation_due.rule_code;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unknown deadline rule "%"', obligation_due.rule_code
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT d.* INTO due_at, due_date, provisional, calendar_version
    FROM jxlink.obligation_due_by(r.period_unit, r.amount, started_at) d;
END
$$;

-- Open an obligation, keeping its period (replaces the 0.2.0 definition).
CREATE OR REPLACE FUNCTION jxlink.obligation_open(kind text, rule_code text, subject_type text, subject_id uuid,
    owner_unit uuid, counterpart_unit uuid, started_at timestamptz) RETURNS uuid
LANGUAGE sql
SET search_path = pg_catalog, pg_temp
AS $$
    INSERT INTO jxlink.obligation (jurisdiction, kind, subject_type, subject_id, owner_unit, counterpart_unit,
                                   rule_code, clause, period_unit, period_amount, started_at, due_at, due_date,
                                   provisional, calendar_version)
    SELECT u.jurisdiction, obligation_open.kind, obligation_open.subject_type, obligation_open.subject_id,
           obligation_open.owner_unit, obligation_open.counterpart_unit, r.rule_code, r.clause, r.period_unit, r.amount,
           obligation_open.started_at, d.due_at, d.due_date, d.provisional, d.calendar_version
    FROM jxlink.deadline_rule r
    JOIN jxlink.unit u ON u.unit_id = obligation_open.owner_unit
    CROSS JOIN jxlink.obligation_due_by(r.period_unit, r.amount, obligation_open.started_at) d
    WHERE r.rule_code = obligation_open.rule_code
    RETURNING obligation_id
$$;

-- Move an open obligation to another rule (replaces the 0.2.0 definition).
CREATE OR REPLACE FUNCTION jxlink.obligation_reschedule(obligation_id uuid, rule_code text) RETURNS void
LANGUAGE sql
SET search_path = pg_catalog, pg_temp
AS $$
    UPDATE jxlink.obligation o
    SET (rule_code, clause, period_unit, period_amount, due_at, due_date, provisional, calendar_version) =
        (SELECT r.rule_code, r.clause, r.period_unit, r.amount, d.due_at, d.due_date, d.provisional, d.calendar_version
         FROM jxlink.deadline_rule r, jxlink.obligation_due_by(r.period_unit, r.amount, o.started_at) d
         WHERE r.rule_code = obligation_reschedule.rule_code)
    WHERE o.obligation_id = obligation_reschedule.obligation_id
      AND o.status = 'open'
$$;

-- After a calendar change: recompute every open working-day obligation under
-- its own period (replaces the 0.2.0 definition).
CREATE OR REPLACE FUNCTION jxlink.obligation_recompute() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    UPDATE jxlink.obligation o
    SET (due_at, due_date, provisional, calendar_version) =
        (SELECT d.due_at, d.due_date, d.provisional, d.calendar_version
         FROM jxlink.obligation_due_by(o.period_unit, o.period_amount, o.started_at) d)
    WHERE o.status = 'open' AND o.period_unit = 'workdays';
    RETURN NULL;
END
$$;

-- Move an open obligation's deadline to a given instant (an agreed date, a
-- meeting that passed).
CREATE FUNCTION jxlink.obligation_set_due(obligation_id uuid, due_at timestamptz) RETURNS void
LANGUAGE sql
SET search_path = pg_catalog, pg_temp
AS $$
    UPDATE jxlink.obligation o
    SET due_at = obligation_set_due.due_at,
        due_date = jxlink.local_date(obligation_set_due.due_at - interval '1 microsecond'),
        provisional = false, calendar_version = NULL, period_unit = 'fixed'
    WHERE o.obligation_id = obligation_set_due.obligation_id AND o.status = 'open'
$$;
COMMENT ON FUNCTION jxlink.obligation_set_due(uuid, timestamptz) IS
'（内部）将未结义务的逾期起点改为给定时刻（约定日期、召开的会议），此后不再随日历重算。 (Internal) Move an open obligation''s first late instant to a given one (an agreed date, a meeting); calendar changes no longer recompute it.';
REVOKE ALL ON FUNCTION jxlink.obligation_set_due(uuid, timestamptz), jxlink.obligation_due_by(text, integer, timestamptz) FROM PUBLIC;

------------------------------------------------------------------------------
-- Complaints: first-receiver responsibility (三（二）)
------------------------------------------------------------------------------

CREATE TABLE jxlink.complaint (
    complaint_id    uuid PRIMARY KEY DEFAULT jxlink.uuid_v7(),
    jurisdiction    text NOT NULL DEFAULT jxlink.local_jurisdiction() REFERENCES jxlink.jurisdiction,
    channel         text NOT NULL CHECK (channel IN ('report', 'complaint', 'petition', 'hotline', 'other')),
    received_at     timestamptz NOT NULL,
    first_receiver  uuid NOT NULL REFERENCES jxlink.unit,
    subject         text NOT NULL CHECK (subject <> ''),
    place           text,
    category        text CHECK (category IN ('licensed', 'unlicensed', 'prohibited', 'other')),
    outcome         text CHECK (outcome IN ('no_violation', 'penalty_due', 'handled_on_spot', 'outside_scope')),
    outcome_at      timestamptz,
    reply           text,
    replied_at      timestamptz,
    referral_id     uuid,
    created_by      text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT pg_catalog.now(),
    CHECK ((outcome IS NULL) = (outcome_at IS NULL))
);
CREATE INDEX complaint_receiver ON jxlink.complaint (first_receiver, received_at);
COMMENT ON TABLE jxlink.complaint IS
'举报、投诉、信访（三（二）），适用首问负责制：率先接到的单位为第一责任人，登记后不可更改。举报人联系方式另存于 complaint_contact。 Reports, complaints and petitions (三（二）) under first-receiver responsibility: the unit that receives one first is responsible for good. The complainant''s contact is kept apart, in complaint_contact.';
COMMENT ON COLUMN jxlink.complaint.complaint_id IS '举报投诉标识。 Complaint identifier.';
COMMENT ON COLUMN jxlink.complaint.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.complaint.channel IS 'report 举报、complaint 投诉、petition 信访、hotline 热线（如 12345）、other 其他。 report, complaint, petition, hotline (e.g. 12345), other.';
COMMENT ON COLUMN jxlink.complaint.received_at IS '接收时间。 When it was received.';
COMMENT ON COLUMN jxlink.complaint.first_receiver IS '首问负责单位（不可更改）。 The first receiving unit, responsible for good (never reassigned).';
COMMENT ON COLUMN jxlink.complaint.subject IS '事由。 Subject.';
COMMENT ON COLUMN jxlink.complaint.place IS '地点。 Place.';
COMMENT ON COLUMN jxlink.complaint.category IS '事项类别（二（一）至（四））。 Matter category (二（一）–（四）).';
COMMENT ON COLUMN jxlink.complaint.outcome IS 'no_violation 未发现违法、penalty_due 需处罚已移送、handled_on_spot 执法队当场处理、outside_scope 不属受理范围。 no_violation, penalty_due (referred), handled_on_spot (by the team, 二（三）), outside_scope.';
COMMENT ON COLUMN jxlink.complaint.outcome_at IS '核实结论时间。 When the outcome was determined.';
COMMENT ON COLUMN jxlink.complaint.reply IS '答复内容。 The reply.';
COMMENT ON COLUMN jxlink.complaint.replied_at IS '答复时间。 When the complainant was answered.';
COMMENT ON COLUMN jxlink.complaint.referral_id IS '由此产生的移送（与 referral.complaint_id 互相关联）。 The referral it led to (linked back by referral.complaint_id).';
COMMENT ON COLUMN jxlink.complaint.created_by IS '登记人（数据库角色）。 Role that recorded it.';
COMMENT ON COLUMN jxlink.complaint.created_at IS '登记时间。 When it was recorded.';

CREATE TABLE jxlink.complaint_contact (
    complaint_id uuid PRIMARY KEY REFERENCES jxlink.complaint,
    jurisdiction text NOT NULL DEFAULT jxlink.local_jurisdiction() REFERENCES jxlink.jurisdiction,
    anonymous    boolean NOT NULL DEFAULT false,
    full_name    text,
    phone        text,
    address      text,
    other        text
);
COMMENT ON TABLE jxlink.complaint_contact IS
'举报人、投诉人联系方式（个人信息，举报人保密）：仅首问负责单位、综合执法队及监督单位可经 jxlink.complainant_contact() 读取。 The complainant''s contact (personal data, kept confidential): readable only by the first receiver, the enforcement team and the supervisors, through jxlink.complainant_contact().';
COMMENT ON COLUMN jxlink.complaint_contact.complaint_id IS '所属举报投诉。 The complaint.';
COMMENT ON COLUMN jxlink.complaint_contact.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.complaint_contact.anonymous IS '是否匿名。 Anonymous.';
COMMENT ON COLUMN jxlink.complaint_contact.full_name IS '姓名。 Name.';
COMMENT ON COLUMN jxlink.complaint_contact.phone IS '电话。 Phone.';
COMMENT ON COLUMN jxlink.complaint_contact.address IS '地址。 Address.';
COMMENT ON COLUMN jxlink.complaint_contact.other IS '其他联系方式。 Other contact details.';

-- 首问负责制: the first receiver is recorded once and never reassigned.
CREATE FUNCTION jxlink.complaint_first_receiver_fixed() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NEW.first_receiver IS DISTINCT FROM OLD.first_receiver OR NEW.received_at IS DISTINCT FROM OLD.received_at THEN
        RAISE EXCEPTION 'the first receiver of a complaint is responsible for good'
            USING ERRCODE = 'restrict_violation',
                  DETAIL = '三（二）首问负责制: the unit that received it first stays responsible, whatever happens next.';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION jxlink.complaint_first_receiver_fixed() IS
'触发器：首问负责单位与接收时间不可更改（表属主亦然）。 Trigger: the first receiver and the time received never change (even for the table owner).';
REVOKE ALL ON FUNCTION jxlink.complaint_first_receiver_fixed() FROM PUBLIC;
CREATE TRIGGER complaint_first_receiver_fixed
    BEFORE UPDATE ON jxlink.complaint
    FOR EACH ROW EXECUTE FUNCTION jxlink.complaint_first_receiver_fixed();
ALTER TABLE jxlink.complaint ENABLE ALWAYS TRIGGER complaint_first_receiver_fixed;

ALTER TABLE jxlink.referral ADD COLUMN complaint_id uuid REFERENCES jxlink.complaint;
COMMENT ON COLUMN jxlink.referral.complaint_id IS '引起本移送的举报投诉（与 complaint.referral_id 互相关联）。 The complaint this referral came from (linked back by complaint.referral_id).';
CREATE INDEX referral_complaint ON jxlink.referral (complaint_id) WHERE complaint_id IS NOT NULL;

-- The complaint, locked, for an action of its first receiver.
CREATE FUNCTION jxlink.complaint_for_receiver(complaint_id uuid, me jxlink.staff, occurred_at timestamptz)
RETURNS jxlink.complaint
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    c jxlink.complaint;
BEGIN
    SELECT * INTO c FROM jxlink.complaint x WHERE x.complaint_id = complaint_for_receiver.complaint_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'complaint % does not exist', complaint_for_receiver.complaint_id USING ERRCODE = 'no_data_found';
    ELSIF c.first_receiver <> me.unit_id THEN
        RAISE EXCEPTION 'only the first receiver handles this complaint'
            USING ERRCODE = 'insufficient_privilege', DETAIL = '三（二）首问负责制.';
    END IF;
    PERFORM jxlink.check_occurred_at(occurred_at, coalesce(c.outcome_at, c.received_at), 'the previous step of this complaint');
    RETURN c;
END
$$;
COMMENT ON FUNCTION jxlink.complaint_for_receiver(uuid, jxlink.staff, timestamptz) IS
'（内部）锁定举报投诉并核对调用者为首问负责单位、时间合理。 (Internal) Lock a complaint and check that the caller is its first receiver and the time is sound.';
REVOKE ALL ON FUNCTION jxlink.complaint_for_receiver(uuid, jxlink.staff, timestamptz) FROM PUBLIC;

CREATE FUNCTION jxlink.receive_complaint(channel text, received_at timestamptz, subject text, place text DEFAULT NULL,
                                         category text DEFAULT NULL, contact jsonb DEFAULT '{}') RETURNS uuid
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me      jxlink.staff := jxlink.caller_staff();
    unknown text;
    result  uuid;
BEGIN
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
COMMENT ON FUNCTION jxlink.receive_complaint(text, timestamptz, text, text, text, jsonb) IS
'登记本单位率先接到的举报、投诉、信访：本单位成为首问负责单位（三（二）），开立答复义务。contact 可含 anonymous、full_name、phone、address、other（保密）。 Record a complaint received first by the caller''s unit, which becomes responsible for good (三（二）); opens the reply obligation. contact may hold anonymous, full_name, phone, address, other (kept confidential).';

CREATE FUNCTION jxlink.reply_complaint(complaint uuid, outcome text, reply text,
                                       occurred_at timestamptz DEFAULT pg_catalog.now()) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me jxlink.staff := jxlink.caller_staff();
    c  jxlink.complaint := jxlink.complaint_for_receiver(complaint, me, occurred_at);
BEGIN
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
COMMENT ON FUNCTION jxlink.reply_complaint(uuid, text, text, timestamptz) IS
'首问负责单位答复举报人（三（二））：outcome 为 no_violation（未发现违法）、outside_scope（不属受理范围）或 penalty_due（已移送后告知处理情况）；履行答复义务。 The first receiver replies to the complainant (三（二）): outcome no_violation, outside_scope, or penalty_due (after the referral); meets the reply obligation.';

CREATE FUNCTION jxlink.refer_complaint(complaint uuid, title text, urgent boolean DEFAULT false,
                                       occurred_at timestamptz DEFAULT pg_catalog.now()) RETURNS uuid
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me       jxlink.staff := jxlink.caller_staff();
    c        jxlink.complaint := jxlink.complaint_for_receiver(complaint, me, occurred_at);
    case_id  uuid;
    referral uuid;
BEGIN
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
COMMENT ON FUNCTION jxlink.refer_complaint(uuid, text, boolean, timestamptz) IS
'核实需要处罚的，首问负责单位据此立案线索并向综合执法队移送（三（二））：返回移送标识，举报投诉与移送互相关联；首问负责单位不变，仍须答复。 When verification finds a penalty due, the first receiver opens the case and refers it to the team (三（二）): returns the referral, linked both ways; the first receiver stays responsible and still replies.';

CREATE FUNCTION jxlink.handle_complaint_on_spot(complaint uuid, note text,
                                                occurred_at timestamptz DEFAULT pg_catalog.now()) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me jxlink.staff := jxlink.caller_staff();
    c  jxlink.complaint := jxlink.complaint_for_receiver(complaint, me, occurred_at);
BEGIN
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
COMMENT ON FUNCTION jxlink.handle_complaint_on_spot(uuid, text, timestamptz) IS
'综合执法队作为首问负责单位当场处理简易案件并答复（二（三））。 The enforcement team, as first receiver, handles a simple case on the spot and replies (二（三）).';

CREATE FUNCTION jxlink.complainant_contact(complaint uuid) RETURNS jxlink.complaint_contact
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me jxlink.staff := jxlink.caller_staff();
    k  text;
    result jxlink.complaint_contact;
BEGIN
    SELECT u.kind INTO k FROM jxlink.unit u WHERE u.unit_id = me.unit_id;
    IF NOT EXISTS (SELECT 1 FROM jxlink.complaint c WHERE c.complaint_id = complainant_contact.complaint
                   AND (c.first_receiver = me.unit_id
                        OR k IN ('enforcement_team', 'judicial_office', 'discipline_commission'))) THEN
        RAISE EXCEPTION 'not entitled to the complainant''s contact'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = '举报人保密: only the first receiver, the enforcement team and the supervisors may read it.';
    END IF;
    SELECT * INTO result FROM jxlink.complaint_contact x WHERE x.complaint_id = complainant_contact.complaint;
    RETURN result;
END
$$;
COMMENT ON FUNCTION jxlink.complainant_contact(uuid) IS
'读取举报人联系方式（举报人保密）：仅首问负责单位、综合执法队与监督单位（司法所、纪工委）。 Read the complainant''s contact (kept confidential): only the first receiver, the enforcement team and the supervisors (judicial office, discipline commission).';

------------------------------------------------------------------------------
-- The joint meeting (联席会议, 三（四）)
------------------------------------------------------------------------------

CREATE TABLE jxlink.joint_meeting_member (
    jurisdiction text NOT NULL DEFAULT jxlink.local_jurisdiction() REFERENCES jxlink.jurisdiction,
    unit_id      uuid NOT NULL REFERENCES jxlink.unit,
    role         text NOT NULL DEFAULT 'member' CHECK (role IN ('convener', 'member', 'office', 'supervisor')),
    PRIMARY KEY (jurisdiction, unit_id)
);
COMMENT ON TABLE jxlink.joint_meeting_member IS
'联席会议成员单位（三（四））：召集人、成员、办公室（设在综合执法队）、监督（纪工委、司法所）。 Member units of the joint meeting (三（四）): convener, members, the office (at the enforcement team), supervisors (discipline commission, judicial office).';
COMMENT ON COLUMN jxlink.joint_meeting_member.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.joint_meeting_member.unit_id IS '成员单位。 Member unit.';
COMMENT ON COLUMN jxlink.joint_meeting_member.role IS 'convener 召集、member 成员、office 办公室、supervisor 监督。 convener, member, office, supervisor.';

CREATE TABLE jxlink.joint_meeting (
    meeting_id        uuid PRIMARY KEY DEFAULT jxlink.uuid_v7(),
    jurisdiction      text NOT NULL DEFAULT jxlink.local_jurisdiction() REFERENCES jxlink.jurisdiction,
    kind              text NOT NULL CHECK (kind IN ('regular', 'special')),
    planned_at        timestamptz NOT NULL,
    held_at           timestamptz,
    place             text,
    convener          text,
    minutes_no        jxlink.docno,
    minutes_issued_on date,
    closed_at         timestamptz,
    created_by        text NOT NULL,
    created_at        timestamptz NOT NULL DEFAULT pg_catalog.now(),
    CHECK (closed_at IS NULL OR held_at IS NOT NULL),
    CHECK (minutes_no IS NULL OR closed_at IS NOT NULL)
);
CREATE INDEX joint_meeting_held ON jxlink.joint_meeting (jurisdiction, held_at);
COMMENT ON TABLE jxlink.joint_meeting IS
'联席会议：原则上每季度一次（regular），可临时召开（special）；会后印发纪要，纪要印发即会议结束。 Joint meetings: regular at least once a quarter, special when needed; the minutes (纪要) close the meeting.';
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

CREATE TABLE jxlink.joint_meeting_attendee (
    meeting_id   uuid NOT NULL REFERENCES jxlink.joint_meeting,
    jurisdiction text NOT NULL DEFAULT jxlink.local_jurisdiction() REFERENCES jxlink.jurisdiction,
    unit_id      uuid NOT NULL REFERENCES jxlink.unit,
    person       text NOT NULL DEFAULT '',
    PRIMARY KEY (meeting_id, unit_id, person)
);
COMMENT ON TABLE jxlink.joint_meeting_attendee IS '出席单位与人员。 Units and persons attending a meeting.';
COMMENT ON COLUMN jxlink.joint_meeting_attendee.meeting_id IS '会议。 Meeting.';
COMMENT ON COLUMN jxlink.joint_meeting_attendee.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.joint_meeting_attendee.unit_id IS '出席单位。 Attending unit.';
COMMENT ON COLUMN jxlink.joint_meeting_attendee.person IS '出席人（可空）。 Person attending (may be empty).';

CREATE TABLE jxlink.agenda_item (
    item_id        uuid PRIMARY KEY DEFAULT jxlink.uuid_v7(),
    jurisdiction   text NOT NULL DEFAULT jxlink.local_jurisdiction() REFERENCES jxlink.jurisdiction,
    meeting_id     uuid NOT NULL REFERENCES jxlink.joint_meeting,
    proposed_by    uuid NOT NULL REFERENCES jxlink.unit,
    title          text NOT NULL CHECK (title <> ''),
    description    text,
    proposed_at    timestamptz NOT NULL,
    escalated_at   timestamptz,
    escalation_note text
);
CREATE INDEX agenda_item_meeting ON jxlink.agenda_item (meeting_id);
COMMENT ON TABLE jxlink.agenda_item IS
'议题：成员单位提出，由联席会议办公室收集；重大疑难问题可提交党政联席会议研究（三（四）5）。 Agenda items proposed by member units and collected by the office; hard issues are escalated to the 党政联席会议 (三（四）5).';
COMMENT ON COLUMN jxlink.agenda_item.item_id IS '议题标识。 Item identifier.';
COMMENT ON COLUMN jxlink.agenda_item.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.agenda_item.meeting_id IS '拟提交的会议。 The meeting it is proposed for.';
COMMENT ON COLUMN jxlink.agenda_item.proposed_by IS '提出单位。 Proposing unit.';
COMMENT ON COLUMN jxlink.agenda_item.title IS '议题。 Title.';
COMMENT ON COLUMN jxlink.agenda_item.description IS '说明。 Description.';
COMMENT ON COLUMN jxlink.agenda_item.proposed_at IS '提出时间。 When it was proposed.';
COMMENT ON COLUMN jxlink.agenda_item.escalated_at IS '提交党政联席会议的时间。 When it was escalated to the 党政联席会议.';
COMMENT ON COLUMN jxlink.agenda_item.escalation_note IS '提交说明。 Note of the escalation.';

CREATE TABLE jxlink.resolution (
    resolution_id uuid PRIMARY KEY DEFAULT jxlink.uuid_v7(),
    jurisdiction  text NOT NULL DEFAULT jxlink.local_jurisdiction() REFERENCES jxlink.jurisdiction,
    meeting_id    uuid NOT NULL REFERENCES jxlink.joint_meeting,
    number        integer NOT NULL CHECK (number > 0),
    title         text NOT NULL CHECK (title <> ''),
    content       text,
    status        text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
    done_at       timestamptz,
    UNIQUE (meeting_id, number)
);
COMMENT ON TABLE jxlink.resolution IS
'议定事项（决议）：在会议内编号，分配给一个或多个单位落实，在此后会议上通报落实情况，直至报告办结（三（四）4）。 Resolutions (议定事项), numbered within a meeting and assigned to one or more units, reported on at later meetings until reported done (三（四）4).';
COMMENT ON COLUMN jxlink.resolution.resolution_id IS '议定事项标识。 Resolution identifier.';
COMMENT ON COLUMN jxlink.resolution.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.resolution.meeting_id IS '议定的会议。 The meeting that adopted it.';
COMMENT ON COLUMN jxlink.resolution.number IS '会内编号。 Number within the meeting.';
COMMENT ON COLUMN jxlink.resolution.title IS '事项。 Title.';
COMMENT ON COLUMN jxlink.resolution.content IS '内容。 Content.';
COMMENT ON COLUMN jxlink.resolution.status IS 'open 落实中；done 已办结。 open or done.';
COMMENT ON COLUMN jxlink.resolution.done_at IS '报告办结的时间。 When it was reported done.';

CREATE TABLE jxlink.resolution_owner (
    resolution_id uuid NOT NULL REFERENCES jxlink.resolution,
    jurisdiction  text NOT NULL DEFAULT jxlink.local_jurisdiction() REFERENCES jxlink.jurisdiction,
    unit_id       uuid NOT NULL REFERENCES jxlink.unit,
    PRIMARY KEY (resolution_id, unit_id)
);
COMMENT ON TABLE jxlink.resolution_owner IS '议定事项的责任单位。 Units assigned to a resolution.';
COMMENT ON COLUMN jxlink.resolution_owner.resolution_id IS '议定事项。 Resolution.';
COMMENT ON COLUMN jxlink.resolution_owner.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.resolution_owner.unit_id IS '责任单位。 Assigned unit.';

CREATE TABLE jxlink.resolution_report (
    report_id     uuid PRIMARY KEY DEFAULT jxlink.uuid_v7(),
    jurisdiction  text NOT NULL DEFAULT jxlink.local_jurisdiction() REFERENCES jxlink.jurisdiction,
    resolution_id uuid NOT NULL REFERENCES jxlink.resolution,
    meeting_id    uuid NOT NULL REFERENCES jxlink.joint_meeting,
    unit_id       uuid NOT NULL REFERENCES jxlink.unit,
    progress      text NOT NULL CHECK (progress IN ('in_progress', 'done')),
    note          text NOT NULL CHECK (note <> ''),
    reported_at   timestamptz NOT NULL,
    UNIQUE (resolution_id, meeting_id, unit_id)
);
COMMENT ON TABLE jxlink.resolution_report IS '责任单位在此后会议上通报的落实情况。 Progress reports of assigned units at later meetings.';
COMMENT ON COLUMN jxlink.resolution_report.report_id IS '通报标识。 Report identifier.';
COMMENT ON COLUMN jxlink.resolution_report.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.resolution_report.resolution_id IS '议定事项。 Resolution.';
COMMENT ON COLUMN jxlink.resolution_report.meeting_id IS '通报所在会议。 The meeting where it was reported.';
COMMENT ON COLUMN jxlink.resolution_report.unit_id IS '通报单位。 Reporting unit.';
COMMENT ON COLUMN jxlink.resolution_report.progress IS 'in_progress 落实中；done 已办结。 in_progress or done.';
COMMENT ON COLUMN jxlink.resolution_report.note IS '落实情况。 Progress.';
COMMENT ON COLUMN jxlink.resolution_report.reported_at IS '通报时间。 When it was reported.';

-- The office of the joint meeting: its member with role office, else the team.
CREATE FUNCTION jxlink.meeting_office(jurisdiction text) RETURNS uuid
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT coalesce(
        (SELECT m.unit_id FROM jxlink.joint_meeting_member m
         WHERE m.jurisdiction = meeting_office.jurisdiction AND m.role = 'office' LIMIT 1),
        (SELECT u.unit_id FROM jxlink.unit u
         WHERE u.jurisdiction = meeting_office.jurisdiction AND u.kind = 'enforcement_team' AND u.active))
$$;
COMMENT ON FUNCTION jxlink.meeting_office(text) IS
'联席会议办公室所在单位（成员表中 role = office 者，否则为综合执法队，三（四））。 The unit of the joint meeting''s office (the member with role office, else the enforcement team, 三（四）).';

-- The staff of the caller, who must be of the meeting office.
CREATE FUNCTION jxlink.caller_of_office() RETURNS jxlink.staff
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
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

-- The meeting, locked, checked against the steps already taken.
CREATE FUNCTION jxlink.meeting_for(meeting_id uuid, must_be_held boolean) RETURNS jxlink.joint_meeting
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
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
    ELSIF must_be_held AND m.held_at IS NULL THEN
        RAISE EXCEPTION 'the meeting has not been held yet' USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    RETURN m;
END
$$;
COMMENT ON FUNCTION jxlink.meeting_for(uuid, boolean) IS '（内部）锁定会议并核对其阶段。 (Internal) Lock a meeting and check its stage.';

-- Open the quarterly_meeting obligation of every quarter up to a date.
CREATE FUNCTION jxlink.plan_quarterly_meetings(through date) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    j      text := jxlink.local_jurisdiction();
    office uuid := jxlink.meeting_office(j);
    q      date;
    last_q date := date_trunc('quarter', through::timestamp)::date;
    n      integer := 0;
    ob     uuid;
BEGIN
    IF office IS NULL THEN
        RAISE EXCEPTION 'jurisdiction % has no enforcement team to hold the joint meeting office', j
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    -- from the quarter after the last one planned, or from the quarter asked for
    SELECT (date_trunc('quarter', jxlink.local_date(max(o.started_at))::timestamp) + interval '3 months')::date INTO q
    FROM jxlink.obligation o WHERE o.kind = 'quarterly_meeting' AND o.jurisdiction = j;
    -- none planned yet: from the first quarter with a meeting held, if earlier
    q := coalesce(q, least(last_q, (SELECT date_trunc('quarter', jxlink.local_date(min(m.held_at))::timestamp)::date
                                    FROM jxlink.joint_meeting m WHERE m.jurisdiction = j)));
    WHILE q <= last_q LOOP
        ob := jxlink.obligation_open('quarterly_meeting', 'quarterly_meeting', 'meeting_quarter',
                                     md5(j || '/' || q)::uuid, office, NULL, jxlink.local_midnight(q));
        UPDATE jxlink.obligation o SET subject_ref = to_char(q, 'YYYY-"Q"Q'), subject_title = '联席会议 joint meeting'
        WHERE o.obligation_id = ob;
        -- a meeting already held in that quarter meets it
        PERFORM jxlink.obligation_close(md5(j || '/' || q)::uuid, '{quarterly_meeting}', min(m.held_at), 'jxlink', 'met')
        FROM jxlink.joint_meeting m
        WHERE m.jurisdiction = j AND m.held_at >= jxlink.local_midnight(q)
          AND m.held_at < jxlink.local_midnight((q + interval '3 months')::date)
        HAVING count(*) > 0;
        q := (q + interval '3 months')::date;
        n := n + 1;
    END LOOP;
    RETURN n;
END
$$;
COMMENT ON FUNCTION jxlink.plan_quarterly_meetings(date) IS
'为截至某日所在季度的每个季度开立“每季度召开联席会议”义务（三（四）3），返回新开立数。召开会议时自动计划至下一季度；无会可开时由管理员或定时任务（如 pg_cron）调用。 Open the quarterly_meeting obligation (三（四）3) of every quarter up to the one of a date; returns how many were opened. Holding a meeting plans up to the next quarter; otherwise an administrator or a scheduled job (e.g. pg_cron) calls it.';

CREATE FUNCTION jxlink.schedule_meeting(planned_at timestamptz, kind text DEFAULT 'regular') RETURNS uuid
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me     jxlink.staff := jxlink.caller_of_office();
    result uuid;
BEGIN
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
COMMENT ON FUNCTION jxlink.schedule_meeting(timestamptz, text) IS
'联席会议办公室安排一次会议（regular 例会或 special 专题），成员单位可向其提出议题。 The meeting office schedules a meeting (regular or special); member units then propose agenda items for it.';

CREATE FUNCTION jxlink.propose_agenda_item(meeting uuid, title text, description text DEFAULT NULL,
                                           occurred_at timestamptz DEFAULT pg_catalog.now()) RETURNS uuid
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me     jxlink.staff := jxlink.caller_staff();
    m      jxlink.joint_meeting := jxlink.meeting_for(meeting, false);
    result uuid;
BEGIN
    PERFORM jxlink.check_occurred_at(occurred_at, '-infinity', 'ever');
    INSERT INTO jxlink.agenda_item (jurisdiction, meeting_id, proposed_by, title, description, proposed_at)
    VALUES (m.jurisdiction, m.meeting_id, me.unit_id, jxlink.require_text(title, 'the title'), description, occurred_at)
    RETURNING item_id INTO result;
    RETURN result;
END
$$;
COMMENT ON FUNCTION jxlink.propose_agenda_item(uuid, text, text, timestamptz) IS
'成员单位提出议题，由联席会议办公室收集（三（四））。 A member unit proposes an agenda item, collected by the office (三（四）).';

CREATE FUNCTION jxlink.hold_meeting(meeting uuid, held_at timestamptz, convener text, attendees uuid[],
                                    place text DEFAULT NULL) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
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
    -- reports owed "at the next meeting" are due at this one (until the end of its day)
    PERFORM jxlink.obligation_set_due(o.obligation_id, jxlink.local_midnight(jxlink.local_date(held_at) + 1))
    FROM jxlink.obligation o
    WHERE o.kind = 'resolution_report' AND o.status = 'open' AND o.jurisdiction = m.jurisdiction
      AND o.started_at < held_at;
    -- the quarter's obligation is met (planning it, and the next one, first)
    q := date_trunc('quarter', jxlink.local_date(held_at)::timestamp)::date;
    PERFORM jxlink.plan_quarterly_meetings((q + interval '3 months')::date);
    PERFORM jxlink.obligation_close(md5(m.jurisdiction || '/' || q)::uuid, '{quarterly_meeting}', held_at, me.role_name, 'met');
    RETURN (SELECT count(*)::integer FROM jxlink.joint_meeting_attendee a WHERE a.meeting_id = m.meeting_id);
END
$$;
COMMENT ON FUNCTION jxlink.hold_meeting(uuid, timestamptz, text, uuid[], text) IS
'记录会议召开（时间、召集人、出席单位）：履行该季度“召开联席会议”义务并计划至下一季度（三（四）3）；此前议定事项的落实情况须在本次会议通报（至当日 24:00）。返回出席单位数。 Record that a meeting was held (time, convener, attending units): meets the quarter''s quarterly_meeting obligation and plans the next quarter (三（四）3); reports owed on earlier resolutions are due at this meeting (until 24:00 that day). Returns the number of attending units.';

CREATE FUNCTION jxlink.adopt_resolution(meeting uuid, title text, owners uuid[], content text DEFAULT NULL) RETURNS uuid
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
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
        PERFORM jxlink.obligation_open('resolution_report', 'resolution_report', 'resolution', result, owner,
                                       jxlink.meeting_office(m.jurisdiction), m.held_at);
    END LOOP;
    RETURN result;
END
$$;
COMMENT ON FUNCTION jxlink.adopt_resolution(uuid, text, uuid[], text) IS
'会议形成议定事项（会内编号），分配给责任单位；每个责任单位须在下次会议上通报落实情况（三（四）4）。 A meeting adopts a resolution (numbered within it) assigned to units; each must report on it at the next meeting (三（四）4).';

CREATE FUNCTION jxlink.report_resolution(resolution uuid, meeting uuid, progress text, note text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
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
    UPDATE jxlink.obligation o SET status = 'met', met_at = m.held_at, met_late = m.held_at >= o.due_at,
                                   met_by = me.role_name, note = report_resolution.note
    WHERE o.subject_id = r.resolution_id AND o.kind = 'resolution_report' AND o.owner_unit = me.unit_id AND o.status = 'open';
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
COMMENT ON FUNCTION jxlink.report_resolution(uuid, uuid, text, text) IS
'责任单位在此后会议上通报议定事项落实情况（in_progress 落实中 / done 已办结）：履行本次通报义务；未办结的，下次会议须再通报；全部责任单位报告办结后事项办结（三（四）4）。 An assigned unit reports at a later meeting on a resolution (in_progress or done): meets the report owed there; unless done, the next meeting is owed another; the resolution is done once every assigned unit reported it done (三（四）4).';

CREATE FUNCTION jxlink.escalate_agenda_item(item uuid, note text, occurred_at timestamptz DEFAULT pg_catalog.now()) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me jxlink.staff := jxlink.caller_of_office();
    i  jxlink.agenda_item;
BEGIN
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
COMMENT ON FUNCTION jxlink.escalate_agenda_item(uuid, text, timestamptz) IS
'将重大疑难议题提交街道党政联席会议研究（三（四）5）。 Escalate a hard issue to the street''s 党政联席会议 (三（四）5).';

CREATE FUNCTION jxlink.close_meeting(meeting uuid, minutes_no text, minutes_issued_on date) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me jxlink.staff := jxlink.caller_of_office();
    m  jxlink.joint_meeting := jxlink.meeting_for(meeting, true);
    ob uuid;
    n  integer := 0;
BEGIN
    IF minutes_issued_on IS NULL OR minutes_issued_on < jxlink.local_date(m.held_at) THEN
        RAISE EXCEPTION 'the minutes are issued on or after the meeting day' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    UPDATE jxlink.joint_meeting x
    SET minutes_no = jxlink.require_text(close_meeting.minutes_no, 'the minutes number'),
        minutes_issued_on = close_meeting.minutes_issued_on, closed_at = pg_catalog.now()
    WHERE x.meeting_id = m.meeting_id;
    -- reports owed at this meeting and not made: late from the meeting
    FOR ob IN
        SELECT o.obligation_id FROM jxlink.obligation o
        WHERE o.kind = 'resolution_report' AND o.status = 'open' AND o.jurisdiction = m.jurisdiction
          AND o.started_at < m.held_at AND o.due_at > m.held_at
    LOOP
        PERFORM jxlink.obligation_set_due(ob, m.held_at);
        n := n + 1;
    END LOOP;
    RETURN n;
END
$$;
COMMENT ON FUNCTION jxlink.close_meeting(uuid, text, date) IS
'印发会议纪要，会议结束：未在本次会议上通报的议定事项落实情况自本次会议起逾期（三（四）4）。返回由此逾期的通报数。 Issue the minutes and close the meeting: resolution reports owed at it and not made are late from the meeting (三（四）4). Returns how many became late.';

------------------------------------------------------------------------------
-- Information sharing (三（一）)
------------------------------------------------------------------------------

CREATE TYPE jxlink.share_category AS ENUM (
    'rules_standards', 'permits_filings', 'penalty_decisions', 'statistics_ledgers',
    'monitoring_data', 'complaint_handling', 'other');
COMMENT ON TYPE jxlink.share_category IS
'共享信息七类（三（一））：rules_standards 法规规章、技术规范、裁量基准、工作流程（调整须及时通报综合执法队）；permits_filings 行政许可、确认、备案；penalty_decisions 综合执法队的处罚、强制决定及执行情况；statistics_ledgers 统计数据、工作总结、内业台账；monitoring_data 电子监控设备及数据；complaint_handling 举报投诉申诉的受理与处理；other 其他。 The seven categories of shared information (三（一）): rules and standards (changes are notified to the team), permits and filings, the team''s penalty decisions, statistics and ledgers, monitoring devices and data, complaint handling, other.';

CREATE TABLE jxlink.share (
    share_id     uuid PRIMARY KEY DEFAULT jxlink.uuid_v7(),
    jurisdiction text NOT NULL DEFAULT jxlink.local_jurisdiction() REFERENCES jxlink.jurisdiction,
    category     jxlink.share_category NOT NULL,
    from_unit    uuid NOT NULL REFERENCES jxlink.unit,
    title        text NOT NULL CHECK (title <> ''),
    reference    text,
    effective_on date,
    shared_at    timestamptz NOT NULL,
    referral_id  uuid REFERENCES jxlink.referral,
    created_by   text NOT NULL
);
CREATE INDEX share_from ON jxlink.share (from_unit, shared_at);
COMMENT ON TABLE jxlink.share IS '共享的执法信息（三（一））。 Shared enforcement information (三（一）).';
COMMENT ON COLUMN jxlink.share.share_id IS '共享标识。 Share identifier.';
COMMENT ON COLUMN jxlink.share.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.share.category IS '信息类别（七类之一）。 Category (one of seven).';
COMMENT ON COLUMN jxlink.share.from_unit IS '提供单位。 Sending unit.';
COMMENT ON COLUMN jxlink.share.title IS '标题。 Title.';
COMMENT ON COLUMN jxlink.share.reference IS '文号或存档位置。 Document number or where it is filed.';
COMMENT ON COLUMN jxlink.share.effective_on IS '生效日期。 Effective date.';
COMMENT ON COLUMN jxlink.share.shared_at IS '共享时间。 When it was shared.';
COMMENT ON COLUMN jxlink.share.referral_id IS '相关移送（处罚决定抄告移送单位时）。 The referral concerned (a penalty decision reaching the referring section).';
COMMENT ON COLUMN jxlink.share.created_by IS '登记人（数据库角色）。 Role that recorded it.';

CREATE TABLE jxlink.share_recipient (
    share_id     uuid NOT NULL REFERENCES jxlink.share,
    jurisdiction text NOT NULL DEFAULT jxlink.local_jurisdiction() REFERENCES jxlink.jurisdiction,
    unit_id      uuid NOT NULL REFERENCES jxlink.unit,
    read_at      timestamptz,
    read_by      text,
    PRIMARY KEY (share_id, unit_id)
);
CREATE INDEX share_recipient_unit ON jxlink.share_recipient (unit_id);
COMMENT ON TABLE jxlink.share_recipient IS '共享信息的接收单位及阅知回执。 Recipients of a share and their read receipts.';
COMMENT ON COLUMN jxlink.share_recipient.share_id IS '共享信息。 Share.';
COMMENT ON COLUMN jxlink.share_recipient.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.share_recipient.unit_id IS '接收单位。 Recipient unit.';
COMMENT ON COLUMN jxlink.share_recipient.read_at IS '阅知时间（回执）。 When it was read (receipt).';
COMMENT ON COLUMN jxlink.share_recipient.read_by IS '阅知人（数据库角色）。 Role that read it.';

CREATE TABLE jxlink.share_request (
    request_id   uuid PRIMARY KEY DEFAULT jxlink.uuid_v7(),
    jurisdiction text NOT NULL DEFAULT jxlink.local_jurisdiction() REFERENCES jxlink.jurisdiction,
    from_unit    uuid NOT NULL REFERENCES jxlink.unit,
    to_unit      uuid NOT NULL REFERENCES jxlink.unit,
    category     jxlink.share_category NOT NULL,
    title        text NOT NULL CHECK (title <> ''),
    due_on       date,
    requested_at timestamptz NOT NULL,
    answer       text CHECK (answer IN ('provided', 'refused')),
    answered_at  timestamptz,
    share_id     uuid REFERENCES jxlink.share,
    refusal_reason text,
    created_by   text NOT NULL,
    CHECK (from_unit <> to_unit)
);
COMMENT ON TABLE jxlink.share_request IS '单位之间的信息共享请求（如科室请执法队提供资料，三（一）4），带期限。 Requests for information between units (e.g. a section asking the team for material, 三（一）4), with a due date.';
COMMENT ON COLUMN jxlink.share_request.request_id IS '请求标识。 Request identifier.';
COMMENT ON COLUMN jxlink.share_request.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.share_request.from_unit IS '请求单位。 Requesting unit.';
COMMENT ON COLUMN jxlink.share_request.to_unit IS '被请求单位（负有提供义务）。 Requested unit (owes the answer).';
COMMENT ON COLUMN jxlink.share_request.category IS '信息类别。 Category.';
COMMENT ON COLUMN jxlink.share_request.title IS '所需信息。 What is requested.';
COMMENT ON COLUMN jxlink.share_request.due_on IS '约定的最后一日（为空则按本地默认期限）。 Agreed last day (empty: the local default period).';
COMMENT ON COLUMN jxlink.share_request.requested_at IS '请求时间。 When it was requested.';
COMMENT ON COLUMN jxlink.share_request.answer IS 'provided 已提供；refused 拒绝。 provided or refused.';
COMMENT ON COLUMN jxlink.share_request.answered_at IS '答复时间。 When it was answered.';
COMMENT ON COLUMN jxlink.share_request.share_id IS '提供的共享信息。 The share that answered it.';
COMMENT ON COLUMN jxlink.share_request.refusal_reason IS '拒绝理由。 Reason of a refusal.';
COMMENT ON COLUMN jxlink.share_request.created_by IS '登记人（数据库角色）。 Role that recorded it.';

-- Record a share and its recipients; returns its identifier.
CREATE FUNCTION jxlink.share_insert(me jxlink.staff, category jxlink.share_category, title text, reference text,
                                    effective_on date, recipients uuid[], shared_at timestamptz, referral uuid)
RETURNS uuid
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    result uuid;
    team   uuid;
BEGIN
    SELECT u.unit_id INTO team FROM jxlink.unit u
    WHERE u.jurisdiction = me.jurisdiction AND u.kind = 'enforcement_team' AND u.active;
    -- changes of rules, standards and discretion benchmarks reach the team (三（一）1)
    IF category = 'rules_standards' AND team IS NOT NULL AND team <> me.unit_id THEN
        recipients := array_append(coalesce(recipients, '{}'), team);
    END IF;
    IF recipients IS NULL OR cardinality(array_remove(recipients, me.unit_id)) = 0 THEN
        RAISE EXCEPTION 'a share needs at least one recipient unit other than the sender' USING ERRCODE = 'invalid_parameter_value';
    ELSIF EXISTS (SELECT 1 FROM unnest(recipients) r WHERE NOT EXISTS (
                      SELECT 1 FROM jxlink.unit u WHERE u.unit_id = r AND u.jurisdiction = me.jurisdiction)) THEN
        RAISE EXCEPTION 'recipients are units of the jurisdiction' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO jxlink.share (jurisdiction, category, from_unit, title, reference, effective_on, shared_at, referral_id, created_by)
    VALUES (me.jurisdiction, category, me.unit_id, jxlink.require_text(title, 'the title'), reference, effective_on,
            shared_at, referral, me.role_name)
    RETURNING share_id INTO result;
    INSERT INTO jxlink.share_recipient (share_id, jurisdiction, unit_id)
    SELECT DISTINCT result, me.jurisdiction, r FROM unnest(recipients) r WHERE r <> me.unit_id;
    RETURN result;
END
$$;
COMMENT ON FUNCTION jxlink.share_insert(jxlink.staff, jxlink.share_category, text, text, date, uuid[], timestamptz, uuid) IS
'（内部）记录一次共享及其接收单位；法规标准类的调整自动通报综合执法队（三（一）1）。 (Internal) Record a share and its recipients; changes of rules and standards always reach the team (三（一）1).';

CREATE FUNCTION jxlink.share_information(category jxlink.share_category, title text, recipients uuid[],
                                         reference text DEFAULT NULL, effective_on date DEFAULT NULL,
                                         occurred_at timestamptz DEFAULT pg_catalog.now()) RETURNS uuid
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me jxlink.staff := jxlink.caller_staff();
BEGIN
    PERFORM jxlink.check_occurred_at(occurred_at, '-infinity', 'ever');
    RETURN jxlink.share_insert(me, category, title, reference, effective_on, recipients, occurred_at, NULL);
END
$$;
COMMENT ON FUNCTION jxlink.share_information(jxlink.share_category, text, uuid[], text, date, timestamptz) IS
'本单位向其他单位共享执法信息（三（一））；法规、标准、裁量基准、流程调整类（rules_standards）总会通报综合执法队。 Share enforcement information with other units (三（一）); changes of rules, standards, discretion benchmarks and workflows always reach the enforcement team.';

CREATE FUNCTION jxlink.acknowledge_share(share uuid, occurred_at timestamptz DEFAULT pg_catalog.now()) RETURNS timestamptz
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me jxlink.staff := jxlink.caller_staff();
    s  jxlink.share_recipient;
BEGIN
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
COMMENT ON FUNCTION jxlink.acknowledge_share(uuid, timestamptz) IS '接收单位阅知回执（重复回执返回首次时间）。 The recipient unit''s read receipt (a second receipt returns the first time).';

CREATE FUNCTION jxlink.request_share(to_unit uuid, category jxlink.share_category, title text, due_on date DEFAULT NULL,
                                     occurred_at timestamptz DEFAULT pg_catalog.now()) RETURNS uuid
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me     jxlink.staff := jxlink.caller_staff();
    result uuid;
    ob     uuid;
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
    ob := jxlink.obligation_open('share_request', 'share_request', 'share_request', result, to_unit, me.unit_id, occurred_at);
    IF due_on IS NOT NULL THEN
        PERFORM jxlink.obligation_set_due(ob, jxlink.local_midnight(due_on + 1));
    END IF;
    RETURN result;
END
$$;
COMMENT ON FUNCTION jxlink.request_share(uuid, jxlink.share_category, text, date, timestamptz) IS
'请求另一单位提供信息（三（一）4），开立其 share_request 义务：至约定的最后一日 24:00，未约定的按本地默认期限。 Ask another unit for information (三（一）4): opens its share_request obligation, due at 24:00 of the agreed last day or after the local default period.';

CREATE FUNCTION jxlink.answer_share_request(request uuid, title text, reference text DEFAULT NULL,
                                            occurred_at timestamptz DEFAULT pg_catalog.now()) RETURNS uuid
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me  jxlink.staff := jxlink.caller_staff();
    r   jxlink.share_request;
    sid uuid;
BEGIN
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
COMMENT ON FUNCTION jxlink.answer_share_request(uuid, text, text, timestamptz) IS '被请求单位提供所请求的信息（履行 share_request 义务），返回共享标识。 The requested unit provides the information (meets the share_request obligation); returns the share.';

CREATE FUNCTION jxlink.refuse_share_request(request uuid, reason text, occurred_at timestamptz DEFAULT pg_catalog.now()) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me jxlink.staff := jxlink.caller_staff();
    r  jxlink.share_request;
BEGIN
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
COMMENT ON FUNCTION jxlink.refuse_share_request(uuid, text, timestamptz) IS '被请求单位拒绝提供信息并说明理由：义务记为以拒绝作答，计入不配合情况（四（三））。 The requested unit refuses, with a reason: the obligation is answered by a refusal and counts against the unit (四（三）).';

-- The team's penalty decisions reach the section that referred the case (三（一）3).
CREATE FUNCTION jxlink.referral_decision_shared() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    team jxlink.staff;
BEGIN
    SELECT s.* INTO team FROM jxlink.staff s WHERE s.role_name = jxlink.calling_role()::text AND s.unit_id = NEW.to_unit;
    IF NOT FOUND THEN
        team := ROW(NEW.jurisdiction, jxlink.calling_role()::text, NEW.to_unit, '-', false, true)::jxlink.staff;
    END IF;
    PERFORM jxlink.share_insert(team, 'penalty_decisions',
                                '行政处罚决定 ' || NEW.decision_no::text || ' (' || NEW.decision_outcome || ')',
                                NEW.decision_no::text, jxlink.local_date(NEW.last_event_at), ARRAY[NEW.from_unit],
                                NEW.last_event_at, NEW.referral_id);
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION jxlink.referral_decision_shared() IS '触发器：综合执法队的处罚决定作为共享信息送达移送单位（三（一）3）。 Trigger: the team''s decision reaches the referring section as a share (三（一）3).';
CREATE TRIGGER referral_decision_shared
    AFTER UPDATE OF decision_no ON jxlink.referral
    FOR EACH ROW WHEN (OLD.decision_no IS NULL AND NEW.decision_no IS NOT NULL)
    EXECUTE FUNCTION jxlink.referral_decision_shared();

------------------------------------------------------------------------------
-- Assistance requests (执法协助, 二 and 四（三）)
------------------------------------------------------------------------------

CREATE TABLE jxlink.assistance_request (
    request_id      uuid PRIMARY KEY DEFAULT jxlink.uuid_v7(),
    jurisdiction    text NOT NULL DEFAULT jxlink.local_jurisdiction() REFERENCES jxlink.jurisdiction,
    requesting_unit uuid NOT NULL REFERENCES jxlink.unit,
    requested_unit  uuid NOT NULL REFERENCES jxlink.unit,
    kind            text NOT NULL CHECK (kind IN ('joint_inspection', 'investigation', 'technical_support')),
    purpose         text NOT NULL CHECK (purpose <> ''),
    place           text,
    wanted_at       timestamptz,
    requested_at    timestamptz NOT NULL,
    answer          text CHECK (answer IN ('agreed', 'refused')),
    people_sent     text,
    refusal_reason  text,
    answered_at     timestamptz,
    created_by      text NOT NULL,
    CHECK (requesting_unit <> requested_unit)
);
COMMENT ON TABLE jxlink.assistance_request IS
'执法协助请求：科室、派驻机构请综合执法队参与重点监管对象检查（joint_inspection）；综合执法队请科室、派驻机构协助调查（investigation）或提供技术支持（technical_support）。拒绝或不答复计入不配合（四（三））。 Assistance requests: a section or agency asks the team to join an inspection; the team asks a section or agency for help with an investigation or for technical support. A refusal or silence counts against the requested unit (四（三）).';
COMMENT ON COLUMN jxlink.assistance_request.request_id IS '请求标识。 Request identifier.';
COMMENT ON COLUMN jxlink.assistance_request.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.assistance_request.requesting_unit IS '请求单位。 Requesting unit.';
COMMENT ON COLUMN jxlink.assistance_request.requested_unit IS '被请求单位（负有答复义务）。 Requested unit (owes the answer).';
COMMENT ON COLUMN jxlink.assistance_request.kind IS 'joint_inspection 联合检查、investigation 协助调查、technical_support 技术支持。 joint_inspection, investigation, technical_support.';
COMMENT ON COLUMN jxlink.assistance_request.purpose IS '事由与对象。 Purpose and object.';
COMMENT ON COLUMN jxlink.assistance_request.place IS '地点。 Place.';
COMMENT ON COLUMN jxlink.assistance_request.wanted_at IS '希望协助的时间。 When the help is wanted.';
COMMENT ON COLUMN jxlink.assistance_request.requested_at IS '请求时间。 When it was requested.';
COMMENT ON COLUMN jxlink.assistance_request.answer IS 'agreed 同意；refused 拒绝。 agreed or refused.';
COMMENT ON COLUMN jxlink.assistance_request.people_sent IS '派出人员。 People sent.';
COMMENT ON COLUMN jxlink.assistance_request.refusal_reason IS '拒绝理由。 Reason of a refusal.';
COMMENT ON COLUMN jxlink.assistance_request.answered_at IS '答复时间。 When it was answered.';
COMMENT ON COLUMN jxlink.assistance_request.created_by IS '登记人（数据库角色）。 Role that recorded it.';

CREATE FUNCTION jxlink.request_assistance(requested_unit uuid, kind text, purpose text, place text DEFAULT NULL,
                                          wanted_at timestamptz DEFAULT NULL,
                                          occurred_at timestamptz DEFAULT pg_catalog.now()) RETURNS uuid
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me        jxlink.staff := jxlink.caller_staff();
    my_kind   text;
    its_kind  text;
    result    uuid;
BEGIN
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
COMMENT ON FUNCTION jxlink.request_assistance(uuid, text, text, text, timestamptz, timestamptz) IS
'请求执法协助（二、四（三））：开立被请求单位的 assistance_request 答复义务（本地默认 2 个工作日）。 Ask for enforcement assistance (二, 四（三）): opens the requested unit''s assistance_request obligation to answer (local default: 2 working days).';

CREATE FUNCTION jxlink.answer_assistance(request uuid, agreed boolean, detail text,
                                         occurred_at timestamptz DEFAULT pg_catalog.now()) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me jxlink.staff := jxlink.caller_staff();
    r  jxlink.assistance_request;
BEGIN
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
COMMENT ON FUNCTION jxlink.answer_assistance(uuid, boolean, text, timestamptz) IS
'答复执法协助请求：同意（说明派出人员）或拒绝（说明理由，计入不配合，四（三））。 Answer an assistance request: agreed (with the people sent) or refused (with a reason; counts against the unit, 四（三）).';

------------------------------------------------------------------------------
-- Patrols (二（五）)
------------------------------------------------------------------------------

CREATE TABLE jxlink.patrol (
    patrol_id     uuid PRIMARY KEY DEFAULT jxlink.uuid_v7(),
    jurisdiction  text NOT NULL DEFAULT jxlink.local_jurisdiction() REFERENCES jxlink.jurisdiction,
    patrolled_at  timestamptz NOT NULL,
    area          text NOT NULL CHECK (area <> ''),
    led_by        uuid NOT NULL REFERENCES jxlink.unit,
    created_by    text NOT NULL
);
COMMENT ON TABLE jxlink.patrol IS '网格化联合巡查（二（五））：职能科室、派驻机构与包社区工作组、社区网格共同开展。 Grid patrols (二（五）) by sections and agencies with community work groups and grids.';
COMMENT ON COLUMN jxlink.patrol.patrol_id IS '巡查标识。 Patrol identifier.';
COMMENT ON COLUMN jxlink.patrol.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.patrol.patrolled_at IS '巡查时间。 When.';
COMMENT ON COLUMN jxlink.patrol.area IS '巡查区域。 Area.';
COMMENT ON COLUMN jxlink.patrol.led_by IS '牵头单位。 Leading unit.';
COMMENT ON COLUMN jxlink.patrol.created_by IS '登记人（数据库角色）。 Role that recorded it.';

CREATE TABLE jxlink.patrol_participant (
    patrol_id    uuid NOT NULL REFERENCES jxlink.patrol,
    jurisdiction text NOT NULL DEFAULT jxlink.local_jurisdiction() REFERENCES jxlink.jurisdiction,
    unit_id      uuid NOT NULL REFERENCES jxlink.unit,
    PRIMARY KEY (patrol_id, unit_id)
);
COMMENT ON TABLE jxlink.patrol_participant IS '参加巡查的单位与社区组。 Units and community groups taking part in a patrol.';
COMMENT ON COLUMN jxlink.patrol_participant.patrol_id IS '巡查。 Patrol.';
COMMENT ON COLUMN jxlink.patrol_participant.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.patrol_participant.unit_id IS '参加单位。 Participating unit.';

CREATE TABLE jxlink.patrol_finding (
    finding_id   uuid PRIMARY KEY DEFAULT jxlink.uuid_v7(),
    jurisdiction text NOT NULL DEFAULT jxlink.local_jurisdiction() REFERENCES jxlink.jurisdiction,
    patrol_id    uuid NOT NULL REFERENCES jxlink.patrol,
    description  text NOT NULL CHECK (description <> ''),
    place        text,
    case_id      uuid REFERENCES jxlink.case_file
);
COMMENT ON TABLE jxlink.patrol_finding IS '巡查发现的问题；可据此登记案件（来源 patrol 或 grid_report）。 Problems found on a patrol; a finding can open a case (source patrol or grid_report).';
COMMENT ON COLUMN jxlink.patrol_finding.finding_id IS '发现标识。 Finding identifier.';
COMMENT ON COLUMN jxlink.patrol_finding.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.patrol_finding.patrol_id IS '巡查。 Patrol.';
COMMENT ON COLUMN jxlink.patrol_finding.description IS '问题描述。 Description.';
COMMENT ON COLUMN jxlink.patrol_finding.place IS '地点。 Place.';
COMMENT ON COLUMN jxlink.patrol_finding.case_id IS '据此登记的案件。 The case opened from it.';

CREATE FUNCTION jxlink.record_patrol(patrolled_at timestamptz, area text, participants uuid[], findings text[] DEFAULT '{}')
RETURNS uuid
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me     jxlink.staff := jxlink.caller_staff();
    result uuid;
BEGIN
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
COMMENT ON FUNCTION jxlink.record_patrol(timestamptz, text, uuid[], text[]) IS '记录一次联合巡查（牵头单位为调用者所在单位）及其发现。 Record a patrol led by the caller''s unit, its participants and findings.';

CREATE FUNCTION jxlink.open_case_from_finding(finding uuid, category text, title text, source text DEFAULT 'patrol')
RETURNS uuid
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me     jxlink.staff := jxlink.caller_staff();
    f      jxlink.patrol_finding;
    p      jxlink.patrol;
    result uuid;
BEGIN
    SELECT * INTO f FROM jxlink.patrol_finding x WHERE x.finding_id = open_case_from_finding.finding FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'finding % does not exist', open_case_from_finding.finding USING ERRCODE = 'no_data_found';
    ELSIF f.case_id IS NOT NULL THEN
        RAISE EXCEPTION 'a case was already opened from this finding' USING ERRCODE = 'object_not_in_prerequisite_state';
    ELSIF source IS NULL OR source NOT IN ('patrol', 'grid_report') THEN
        RAISE EXCEPTION 'a finding opens a case of source patrol or grid_report, not %', coalesce(source, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT * INTO p FROM jxlink.patrol x WHERE x.patrol_id = f.patrol_id;
    IF NOT EXISTS (SELECT 1 FROM jxlink.patrol_participant x WHERE x.patrol_id = p.patrol_id AND x.unit_id = me.unit_id) THEN
        RAISE EXCEPTION 'only a unit that took part in the patrol opens a case from its finding' USING ERRCODE = 'insufficient_privilege';
    END IF;
    result := jxlink.open_case(category, source, title, p.patrolled_at,
                               jsonb_strip_nulls(jsonb_build_object('place', f.place, 'description', f.description)));
    UPDATE jxlink.patrol_finding x SET case_id = result WHERE x.finding_id = f.finding_id;
    RETURN result;
END
$$;
COMMENT ON FUNCTION jxlink.open_case_from_finding(uuid, text, text, text) IS '据巡查发现登记案件（来源 patrol 或 grid_report，发现时间为巡查时间）。 Open a case from a patrol finding (source patrol or grid_report, found at the patrol time).';

------------------------------------------------------------------------------
-- What the new obligations are about (the ledger copies it; see 0.4.0)
------------------------------------------------------------------------------

CREATE OR REPLACE VIEW jxlink.subject WITH (security_invoker = true) AS
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

------------------------------------------------------------------------------
-- What the office circulates before a meeting
------------------------------------------------------------------------------

CREATE FUNCTION jxlink.meeting_packet(meeting uuid) RETURNS text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    m      jxlink.joint_meeting;
    tz     text := jxlink.local_timezone();
    at     timestamptz;
    q      date;
    lines  text[];
    r      record;
BEGIN
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
COMMENT ON FUNCTION jxlink.meeting_packet(uuid) IS
'联席会议办公室会前印发的材料：本次议题、此前议定事项及其通报的落实情况（逾期未通报者标注）、本季度各单位履行情况（截至会议时）。 What the office circulates before a meeting: its agenda, the earlier resolutions with their reported status (overdue reports marked), and the quarter''s scorecard per unit as of the meeting.';

------------------------------------------------------------------------------
-- Supervision (四（三）): signals from the data, and accountability findings
------------------------------------------------------------------------------

CREATE VIEW jxlink.supervision_unfiled WITH (security_invoker = true) AS
SELECT r.referral_id, r.jurisdiction, c.title, fu.code AS from_code, r.filed_case_no::text AS filed_case_no,
       o.obligation_id, o.due_at AS file_case_due_at, o.late_workdays, o.late_hours
FROM jxlink.overdue o
JOIN jxlink.referral r ON r.referral_id = o.subject_id
JOIN jxlink.case_file c ON c.case_id = r.case_id
JOIN jxlink.unit fu ON fu.unit_id = r.from_unit
WHERE o.kind = 'file_case' AND r.state = 'accepted';
COMMENT ON VIEW jxlink.supervision_unfiled IS
'应立不立（四（三））：已受理而立案义务逾期的移送。 Cases that should be filed and are not (四（三）): accepted referrals whose filing is overdue.';

CREATE VIEW jxlink.supervision_bounced WITH (security_invoker = true) AS
SELECT c.case_id, c.jurisdiction, c.title, u.code AS discovering_code,
       count(*) FILTER (WHERE h.event = 'decline') AS declines,
       count(*) FILTER (WHERE h.event = 'return') AS returns,
       count(DISTINCT r.referral_id) AS referrals,
       max(h.occurred_at) AS last_bounce_at
FROM jxlink.case_file c
JOIN jxlink.unit u ON u.unit_id = c.discovering_unit
JOIN jxlink.referral r ON r.case_id = c.case_id
JOIN jxlink.referral_history h ON h.referral_id = r.referral_id AND h.event IN ('decline', 'return')
GROUP BY c.case_id, c.jurisdiction, c.title, u.code
HAVING count(*) >= 2;
COMMENT ON VIEW jxlink.supervision_bounced IS
'推诿扯皮（四（三））：同一案件被不予受理或退回两次以上。 Buck-passing (四（三）): cases declined or returned two or more times.';

CREATE VIEW jxlink.supervision_cooperation WITH (security_invoker = true) AS
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
JOIN jxlink.obligation_status s ON s.owner_unit = u.unit_id
GROUP BY u.jurisdiction, u.unit_id, u.code, u.name_zh, u.kind
HAVING count(*) FILTER (WHERE s.kind IN ('share_request', 'assistance_request', 'acknowledge')
                          AND s.status IN ('overdue', 'refused', 'met_late')) > 0;
COMMENT ON VIEW jxlink.supervision_cooperation IS
'拒绝或拖延配合（四（三））：各单位逾期或拒绝的信息共享请求、未答复或拒绝的协助请求、逾期或迟延的书面告知。 Refused or delayed cooperation (四（三）) per unit: share requests overdue or refused, assistance requests unanswered or refused, written notices overdue or late.';

CREATE TABLE jxlink.accountability_finding (
    finding_id    uuid PRIMARY KEY DEFAULT jxlink.uuid_v7(),
    jurisdiction  text NOT NULL DEFAULT jxlink.local_jurisdiction() REFERENCES jxlink.jurisdiction,
    unit_id       uuid NOT NULL REFERENCES jxlink.unit,
    kind          text NOT NULL CHECK (kind IN ('not_performing', 'refused_support', 'refused_sharing', 'refused_assistance',
                                                'unfiled_case', 'arbitrary_filing', 'buck_passing', 'favour_case', 'other')),
    finding       text NOT NULL CHECK (finding <> ''),
    found_by_unit uuid NOT NULL REFERENCES jxlink.unit,
    found_by      text NOT NULL,
    found_at      timestamptz NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT pg_catalog.now()
);
COMMENT ON TABLE jxlink.accountability_finding IS
'问责认定（四（三））：纪工委、司法所对不履行职责、拒绝技术支持、信息共享或协助、应立不立、乱立滥立、推诿扯皮、人情案等作出的认定。 Accountability findings (四（三）) by the discipline commission or the judicial office: not performing duties, refusing support, sharing or assistance, cases not filed, arbitrary filing, buck-passing, favour cases.';
COMMENT ON COLUMN jxlink.accountability_finding.finding_id IS '认定标识。 Finding identifier.';
COMMENT ON COLUMN jxlink.accountability_finding.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.accountability_finding.unit_id IS '被认定单位。 The unit concerned.';
COMMENT ON COLUMN jxlink.accountability_finding.kind IS '问责情形。 Kind of failing.';
COMMENT ON COLUMN jxlink.accountability_finding.finding IS '认定内容。 The finding.';
COMMENT ON COLUMN jxlink.accountability_finding.found_by_unit IS '认定单位（纪工委或司法所）。 The supervising unit.';
COMMENT ON COLUMN jxlink.accountability_finding.found_by IS '认定人（数据库角色）。 Role that recorded it.';
COMMENT ON COLUMN jxlink.accountability_finding.found_at IS '认定时间。 When it was found.';
COMMENT ON COLUMN jxlink.accountability_finding.created_at IS '记录时间。 When it was recorded.';

CREATE TABLE jxlink.accountability_finding_obligation (
    finding_id    uuid NOT NULL REFERENCES jxlink.accountability_finding,
    jurisdiction  text NOT NULL DEFAULT jxlink.local_jurisdiction() REFERENCES jxlink.jurisdiction,
    obligation_id uuid NOT NULL REFERENCES jxlink.obligation,
    PRIMARY KEY (finding_id, obligation_id)
);
COMMENT ON TABLE jxlink.accountability_finding_obligation IS '问责认定所涉的义务。 The obligations a finding concerns.';
COMMENT ON COLUMN jxlink.accountability_finding_obligation.finding_id IS '认定。 Finding.';
COMMENT ON COLUMN jxlink.accountability_finding_obligation.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.accountability_finding_obligation.obligation_id IS '所涉义务。 Obligation concerned.';

CREATE FUNCTION jxlink.record_accountability_finding(unit uuid, kind text, finding text, obligations uuid[] DEFAULT '{}',
                                                     occurred_at timestamptz DEFAULT pg_catalog.now()) RETURNS uuid
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me     jxlink.staff := jxlink.caller_staff();
    result uuid;
BEGIN
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
COMMENT ON FUNCTION jxlink.record_accountability_finding(uuid, text, text, uuid[], timestamptz) IS
'纪工委、司法所记录问责认定，并关联所涉义务（四（三））。 The discipline commission or the judicial office records an accountability finding, linked to the obligations it concerns (四（三）).';

------------------------------------------------------------------------------
-- Column comments of the new views, pg_dump, privileges
------------------------------------------------------------------------------

DO $$
DECLARE
    v text;
    c record;
BEGIN
    FOREACH v IN ARRAY ARRAY['supervision_unfiled', 'supervision_bounced', 'supervision_cooperation'] LOOP
        FOR c IN
            SELECT a.attname, d.comment
            FROM pg_catalog.pg_attribute a
            JOIN (VALUES
                ('referral_id', '移送标识。 Referral identifier.'),
                ('jurisdiction', '所属辖区。 Jurisdiction.'),
                ('title', '案由。 Case title.'),
                ('from_code', '移送单位代码。 Code of the sending unit.'),
                ('filed_case_no', '立案号（应为空）。 Case number (should be empty).'),
                ('obligation_id', '立案义务标识。 The filing obligation.'),
                ('file_case_due_at', '立案逾期起点。 Filing: first late instant.'),
                ('late_workdays', '逾期工作日数。 Working days late.'),
                ('late_hours', '逾期小时数。 Hours late.'),
                ('case_id', '案件标识。 Case identifier.'),
                ('discovering_code', '发现单位代码。 Code of the unit that found the case.'),
                ('declines', '不予受理次数。 Times declined.'),
                ('returns', '退回次数。 Times returned.'),
                ('referrals', '移送次数。 Number of referrals.'),
                ('last_bounce_at', '最近一次不予受理或退回的时间。 Last decline or return.'),
                ('unit_id', '单位标识。 Unit identifier.'),
                ('unit_code', '单位代码。 Unit code.'),
                ('unit_name_zh', '单位名称。 Unit name.'),
                ('unit_kind', '单位类别。 Unit kind.'),
                ('share_requests_overdue', '逾期未提供的信息共享请求。 Share requests overdue.'),
                ('share_requests_refused', '拒绝的信息共享请求。 Share requests refused.'),
                ('assistance_unanswered', '逾期未答复的协助请求。 Assistance requests left unanswered past due.'),
                ('assistance_refused', '拒绝的协助请求。 Assistance requests refused.'),
                ('acknowledgements_overdue', '逾期未书面告知是否受理。 Written notices of acceptance overdue.'),
                ('acknowledgements_late', '迟延的书面告知。 Written notices given late.'),
                ('signals', '逾期或拒绝的合计。 Overdue or refused, in all.')
            ) AS d(attname, comment) ON d.attname = a.attname
            WHERE a.attrelid = ('jxlink.' || v)::regclass AND a.attnum > 0
        LOOP
            EXECUTE format('COMMENT ON COLUMN jxlink.%I.%I IS %L', v, c.attname, c.comment);
        END LOOP;
    END LOOP;
END
$$;

SELECT pg_catalog.pg_extension_config_dump('jxlink.complaint', '');
SELECT pg_catalog.pg_extension_config_dump('jxlink.complaint_contact', '');
SELECT pg_catalog.pg_extension_config_dump('jxlink.joint_meeting_member', '');
SELECT pg_catalog.pg_extension_config_dump('jxlink.joint_meeting', '');
SELECT pg_catalog.pg_extension_config_dump('jxlink.joint_meeting_attendee', '');
SELECT pg_catalog.pg_extension_config_dump('jxlink.agenda_item', '');
SELECT pg_catalog.pg_extension_config_dump('jxlink.resolution', '');
SELECT pg_catalog.pg_extension_config_dump('jxlink.resolution_owner', '');
SELECT pg_catalog.pg_extension_config_dump('jxlink.resolution_report', '');
SELECT pg_catalog.pg_extension_config_dump('jxlink.share', '');
SELECT pg_catalog.pg_extension_config_dump('jxlink.share_recipient', '');
SELECT pg_catalog.pg_extension_config_dump('jxlink.share_request', '');
SELECT pg_catalog.pg_extension_config_dump('jxlink.assistance_request', '');
SELECT pg_catalog.pg_extension_config_dump('jxlink.patrol', '');
SELECT pg_catalog.pg_extension_config_dump('jxlink.patrol_participant', '');
SELECT pg_catalog.pg_extension_config_dump('jxlink.patrol_finding', '');
SELECT pg_catalog.pg_extension_config_dump('jxlink.accountability_finding', '');
SELECT pg_catalog.pg_extension_config_dump('jxlink.accountability_finding_obligation', '');

-- No personal data: everyone reads these tables and views (as the 0.2.0
-- tables).  complaint_contact is read only through complainant_contact().
GRANT SELECT ON jxlink.complaint, jxlink.joint_meeting_member, jxlink.joint_meeting, jxlink.joint_meeting_attendee,
    jxlink.agenda_item, jxlink.resolution, jxlink.resolution_owner, jxlink.resolution_report, jxlink.share,
    jxlink.share_recipient, jxlink.share_request, jxlink.assistance_request, jxlink.patrol, jxlink.patrol_participant,
    jxlink.patrol_finding, jxlink.accountability_finding, jxlink.accountability_finding_obligation,
    jxlink.supervision_unfiled, jxlink.supervision_bounced, jxlink.supervision_cooperation TO PUBLIC;
REVOKE ALL ON jxlink.complaint_contact FROM PUBLIC;
REVOKE ALL ON FUNCTION jxlink.meeting_office(text), jxlink.caller_of_office(), jxlink.meeting_for(uuid, boolean),
    jxlink.share_insert(jxlink.staff, jxlink.share_category, text, text, date, uuid[], timestamptz, uuid),
    jxlink.referral_decision_shared() FROM PUBLIC;
