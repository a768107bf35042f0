/*
 * sql/40_sharing.sql - Information sharing (三（一）): shares, recipients, requests for information (a decision reaches the referring unit as a share through jxlink.referral_ledger(), sql/30_referral.sql).
 *
 * A concept file: the current definition of each object, once, with its
 * comments, grants, policies and triggers.  The build concatenates the concept
 * files (sql/NN_*.sql, in order) into the install script of the current version.
 */

CREATE TYPE jxlink.share_category AS ENUM (
    'rules_standards',
    'permits_filings',
    'penalty_decisions',
    'statistics_ledgers',
    'monitoring_data',
    'complaint_handling',
    'other'
);
COMMENT ON TYPE jxlink.share_category IS '共享信息七类（三（一））：rules_standards 法规规章、技术规范、裁量基准、工作流程（调整须及时通报综合执法队）；permits_filings 行政许可、确认、备案；penalty_decisions 综合执法队的处罚、强制决定及执行情况；statistics_ledgers 统计数据、工作总结、内业台账；monitoring_data 电子监控设备及数据；complaint_handling 举报投诉申诉的受理与处理；other 其他。 The seven categories of shared information (三（一）): rules and standards (changes are notified to the team), permits and filings, the team''s penalty decisions, statistics and ledgers, monitoring devices and data, complaint handling, other.';

CREATE TABLE jxlink.share (
    share_id uuid DEFAULT jxlink.uuid_v7() NOT NULL,
    jurisdiction text DEFAULT jxlink.local_jurisdiction() NOT NULL,
    category jxlink.share_category NOT NULL,
    from_unit uuid NOT NULL,
    title text NOT NULL,
    reference text,
    effective_on date,
    shared_at timestamp with time zone NOT NULL,
    referral_id uuid,
    created_by text NOT NULL,
    CONSTRAINT share_title_check CHECK (title <> '')
);

ALTER TABLE ONLY jxlink.share FORCE ROW LEVEL SECURITY;
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
ALTER TABLE ONLY jxlink.share
    ADD CONSTRAINT share_pkey PRIMARY KEY (share_id);
ALTER TABLE ONLY jxlink.share
    ADD CONSTRAINT share_from_unit_fkey FOREIGN KEY (from_unit) REFERENCES jxlink.unit(unit_id);
ALTER TABLE ONLY jxlink.share
    ADD CONSTRAINT share_jurisdiction_fkey FOREIGN KEY (jurisdiction) REFERENCES jxlink.jurisdiction(code);
ALTER TABLE ONLY jxlink.share
    ADD CONSTRAINT share_referral_id_fkey FOREIGN KEY (referral_id) REFERENCES jxlink.referral(referral_id);
CREATE INDEX share_from ON jxlink.share USING btree (from_unit, shared_at);
ALTER TABLE jxlink.share ENABLE ROW LEVEL SECURITY;
GRANT SELECT ON TABLE jxlink.share TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;
SELECT pg_catalog.pg_extension_config_dump('jxlink.share', '');

CREATE TABLE jxlink.share_recipient (
    share_id uuid NOT NULL,
    jurisdiction text DEFAULT jxlink.local_jurisdiction() NOT NULL,
    unit_id uuid NOT NULL,
    read_at timestamp with time zone,
    read_by text
);

ALTER TABLE ONLY jxlink.share_recipient FORCE ROW LEVEL SECURITY;
COMMENT ON TABLE jxlink.share_recipient IS '共享信息的接收单位及阅知回执。 Recipients of a share and their read receipts.';
COMMENT ON COLUMN jxlink.share_recipient.share_id IS '共享信息。 Share.';
COMMENT ON COLUMN jxlink.share_recipient.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.share_recipient.unit_id IS '接收单位。 Recipient unit.';
COMMENT ON COLUMN jxlink.share_recipient.read_at IS '阅知时间（回执）。 When it was read (receipt).';
COMMENT ON COLUMN jxlink.share_recipient.read_by IS '阅知人（数据库角色）。 Role that read it.';
ALTER TABLE ONLY jxlink.share_recipient
    ADD CONSTRAINT share_recipient_pkey PRIMARY KEY (share_id, unit_id);
ALTER TABLE ONLY jxlink.share_recipient
    ADD CONSTRAINT share_recipient_jurisdiction_fkey FOREIGN KEY (jurisdiction) REFERENCES jxlink.jurisdiction(code);
ALTER TABLE ONLY jxlink.share_recipient
    ADD CONSTRAINT share_recipient_share_id_fkey FOREIGN KEY (share_id) REFERENCES jxlink.share(share_id);
ALTER TABLE ONLY jxlink.share_recipient
    ADD CONSTRAINT share_recipient_unit_id_fkey FOREIGN KEY (unit_id) REFERENCES jxlink.unit(unit_id);
CREATE INDEX share_recipient_unit ON jxlink.share_recipient USING btree (unit_id);
ALTER TABLE jxlink.share_recipient ENABLE ROW LEVEL SECURITY;
GRANT SELECT ON TABLE jxlink.share_recipient TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;
SELECT pg_catalog.pg_extension_config_dump('jxlink.share_recipient', '');

CREATE POLICY share_read ON jxlink.share FOR SELECT
USING (from_unit = ANY ((SELECT jxlink.my_units())::uuid[]) OR jurisdiction = ANY ((SELECT jxlink.reads_jurisdictions())::text[])
       OR EXISTS (SELECT 1 FROM jxlink.share_recipient x WHERE x.share_id = share.share_id
                  AND x.unit_id = ANY ((SELECT jxlink.my_units())::uuid[])));

CREATE TABLE jxlink.share_request (
    request_id uuid DEFAULT jxlink.uuid_v7() NOT NULL,
    jurisdiction text DEFAULT jxlink.local_jurisdiction() NOT NULL,
    from_unit uuid NOT NULL,
    to_unit uuid NOT NULL,
    category jxlink.share_category NOT NULL,
    title text NOT NULL,
    due_on date,
    requested_at timestamp with time zone NOT NULL,
    answer text,
    answered_at timestamp with time zone,
    share_id uuid,
    refusal_reason text,
    created_by text NOT NULL,
    CONSTRAINT share_request_answer_check CHECK (answer IN ('provided', 'refused')),
    CONSTRAINT share_request_check CHECK (from_unit <> to_unit),
    CONSTRAINT share_request_title_check CHECK (title <> '')
);

ALTER TABLE ONLY jxlink.share_request FORCE ROW LEVEL SECURITY;
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
ALTER TABLE ONLY jxlink.share_request
    ADD CONSTRAINT share_request_pkey PRIMARY KEY (request_id);
ALTER TABLE ONLY jxlink.share_request
    ADD CONSTRAINT share_request_from_unit_fkey FOREIGN KEY (from_unit) REFERENCES jxlink.unit(unit_id);
ALTER TABLE ONLY jxlink.share_request
    ADD CONSTRAINT share_request_jurisdiction_fkey FOREIGN KEY (jurisdiction) REFERENCES jxlink.jurisdiction(code);
ALTER TABLE ONLY jxlink.share_request
    ADD CONSTRAINT share_request_share_id_fkey FOREIGN KEY (share_id) REFERENCES jxlink.share(share_id);
ALTER TABLE ONLY jxlink.share_request
    ADD CONSTRAINT share_request_to_unit_fkey FOREIGN KEY (to_unit) REFERENCES jxlink.unit(unit_id);
ALTER TABLE jxlink.share_request ENABLE ROW LEVEL SECURITY;
GRANT SELECT ON TABLE jxlink.share_request TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;
SELECT pg_catalog.pg_extension_config_dump('jxlink.share_request', '');

CREATE POLICY share_request_read ON jxlink.share_request FOR SELECT
USING (from_unit = ANY ((SELECT jxlink.my_units())::uuid[]) OR to_unit = ANY ((SELECT jxlink.my_units())::uuid[])
       OR jurisdiction = ANY ((SELECT jxlink.reads_jurisdictions())::text[]));

CREATE FUNCTION jxlink.acknowledge_share(share uuid, occurred_at timestamp with time zone DEFAULT now()) RETURNS timestamp with time zone
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
COMMENT ON FUNCTION jxlink.acknowledge_share(share uuid, occurred_at timestamp with time zone) IS '接收单位阅知回执（重复回执返回首次时间）。 The recipient unit''s read receipt (a second receipt returns the first time).';
REVOKE ALL ON FUNCTION jxlink.acknowledge_share(share uuid, occurred_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.acknowledge_share(share uuid, occurred_at timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

CREATE FUNCTION jxlink.answer_share_request(request uuid, title text, reference text DEFAULT NULL::text, occurred_at timestamp with time zone DEFAULT now()) RETURNS uuid
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
COMMENT ON FUNCTION jxlink.answer_share_request(request uuid, title text, reference text, occurred_at timestamp with time zone) IS '被请求单位提供所请求的信息（履行 share_request 义务），返回共享标识。 The requested unit provides the information (meets the share_request obligation); returns the share.';
REVOKE ALL ON FUNCTION jxlink.answer_share_request(request uuid, title text, reference text, occurred_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.answer_share_request(request uuid, title text, reference text, occurred_at timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

CREATE FUNCTION jxlink.refuse_share_request(request uuid, reason text, occurred_at timestamp with time zone DEFAULT now()) RETURNS text
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
COMMENT ON FUNCTION jxlink.refuse_share_request(request uuid, reason text, occurred_at timestamp with time zone) IS '被请求单位拒绝提供信息并说明理由：义务记为以拒绝作答，计入不配合情况（四（三））。 The requested unit refuses, with a reason: the obligation is answered by a refusal and counts against the unit (四（三）).';
REVOKE ALL ON FUNCTION jxlink.refuse_share_request(request uuid, reason text, occurred_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.refuse_share_request(request uuid, reason text, occurred_at timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

CREATE FUNCTION jxlink.request_share(to_unit uuid, category jxlink.share_category, title text, due_on date DEFAULT NULL::date, occurred_at timestamp with time zone DEFAULT now()) RETURNS uuid
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
COMMENT ON FUNCTION jxlink.request_share(to_unit uuid, category jxlink.share_category, title text, due_on date, occurred_at timestamp with time zone) IS '请求另一单位提供信息（三（一）4），开立其 share_request 义务：至约定的最后一日 24:00，未约定的按本地默认期限。 Ask another unit for information (三（一）4): opens its share_request obligation, due at 24:00 of the agreed last day or after the local default period.';
REVOKE ALL ON FUNCTION jxlink.request_share(to_unit uuid, category jxlink.share_category, title text, due_on date, occurred_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.request_share(to_unit uuid, category jxlink.share_category, title text, due_on date, occurred_at timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

CREATE FUNCTION jxlink.share_information(category jxlink.share_category, title text, recipients uuid[], reference text DEFAULT NULL::text, effective_on date DEFAULT NULL::date, occurred_at timestamp with time zone DEFAULT now()) RETURNS uuid
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
COMMENT ON FUNCTION jxlink.share_information(category jxlink.share_category, title text, recipients uuid[], reference text, effective_on date, occurred_at timestamp with time zone) IS '本单位向其他单位共享执法信息（三（一））；法规、标准、裁量基准、流程调整类（rules_standards）总会通报综合执法队。 Share enforcement information with other units (三（一）); changes of rules, standards, discretion benchmarks and workflows always reach the enforcement team.';
REVOKE ALL ON FUNCTION jxlink.share_information(category jxlink.share_category, title text, recipients uuid[], reference text, effective_on date, occurred_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.share_information(category jxlink.share_category, title text, recipients uuid[], reference text, effective_on date, occurred_at timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

-- Record a share and its recipients; returns its identifier.
CREATE FUNCTION jxlink.share_insert(me jxlink.staff, category jxlink.share_category, title text, reference text, effective_on date, recipients uuid[], shared_at timestamp with time zone, referral uuid) RETURNS uuid
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
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
COMMENT ON FUNCTION jxlink.share_insert(me jxlink.staff, category jxlink.share_category, title text, reference text, effective_on date, recipients uuid[], shared_at timestamp with time zone, referral uuid) IS '（内部）记录一次共享及其接收单位；法规标准类的调整自动通报综合执法队（三（一）1）。 (Internal) Record a share and its recipients; changes of rules and standards always reach the team (三（一）1).';
REVOKE ALL ON FUNCTION jxlink.share_insert(me jxlink.staff, category jxlink.share_category, title text, reference text, effective_on date, recipients uuid[], shared_at timestamp with time zone, referral uuid) FROM PUBLIC;

-- The sender of a share, for the policy of the table that points at it
-- (without recursion): only to the sender's own staff, null to anyone else --
-- the policy compares it with the caller's units and needs no more.
CREATE FUNCTION jxlink.share_sender(share_id uuid) RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    SELECT s.from_unit FROM jxlink.share s
    WHERE s.share_id = share_sender.share_id
      AND EXISTS (SELECT 1 FROM jxlink.staff st
                  WHERE st.role_name = jxlink.calling_role()::text AND st.active AND st.unit_id = s.from_unit)
$$;
COMMENT ON FUNCTION jxlink.share_sender(share_id uuid) IS '（供策略使用）共享信息的提供单位：仅对提供单位本身的在岗人员返回，对其他人返回空。 (For the policies) The sending unit of a share: returned only to the sending unit''s own active staff, null to anyone else.';
REVOKE ALL ON FUNCTION jxlink.share_sender(share_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.share_sender(share_id uuid) TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;

CREATE POLICY share_recipient_read ON jxlink.share_recipient FOR SELECT
USING (unit_id = ANY ((SELECT jxlink.my_units())::uuid[]) OR jurisdiction = ANY ((SELECT jxlink.reads_jurisdictions())::text[])
       OR jxlink.share_sender(share_id) = ANY ((SELECT jxlink.my_units())::uuid[]));
