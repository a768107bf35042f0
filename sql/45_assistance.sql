/*
 * sql/45_assistance.sql - Assistance requests between units (二, 四（三）: technical support, joint inspections).
 *
 * A concept file: the current definition of each object, once, with its
 * comments, grants, policies and triggers.  The build concatenates the concept
 * files (sql/NN_*.sql, in order) into the install script of the current version.
 */

CREATE TABLE jxlink.assistance_request (
    request_id uuid DEFAULT jxlink.uuid_v7() NOT NULL,
    jurisdiction text DEFAULT jxlink.local_jurisdiction() NOT NULL,
    requesting_unit uuid NOT NULL,
    requested_unit uuid NOT NULL,
    kind text NOT NULL,
    purpose text NOT NULL,
    place text,
    wanted_at timestamp with time zone,
    requested_at timestamp with time zone NOT NULL,
    answer text,
    people_sent text,
    refusal_reason text,
    answered_at timestamp with time zone,
    created_by text NOT NULL,
    CONSTRAINT assistance_request_answer_check CHECK (answer IN ('agreed', 'refused')),
    CONSTRAINT assistance_request_check CHECK (requesting_unit <> requested_unit),
    CONSTRAINT assistance_request_kind_check CHECK (kind IN ('joint_inspection', 'investigation', 'technical_support')),
    CONSTRAINT assistance_request_purpose_check CHECK (purpose <> '')
);

ALTER TABLE ONLY jxlink.assistance_request FORCE ROW LEVEL SECURITY;
COMMENT ON TABLE jxlink.assistance_request IS '执法协助请求：科室、派驻机构请综合执法队参与重点监管对象检查（joint_inspection）；综合执法队请科室、派驻机构协助调查（investigation）或提供技术支持（technical_support）。拒绝或不答复计入不配合（四（三））。 Assistance requests: a section or agency asks the team to join an inspection; the team asks a section or agency for help with an investigation or for technical support. A refusal or silence counts against the requested unit (四（三）).';
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
ALTER TABLE ONLY jxlink.assistance_request
    ADD CONSTRAINT assistance_request_pkey PRIMARY KEY (request_id);
ALTER TABLE ONLY jxlink.assistance_request
    ADD CONSTRAINT assistance_request_jurisdiction_fkey FOREIGN KEY (jurisdiction) REFERENCES jxlink.jurisdiction(code);
ALTER TABLE ONLY jxlink.assistance_request
    ADD CONSTRAINT assistance_request_requested_unit_fkey FOREIGN KEY (requested_unit) REFERENCES jxlink.unit(unit_id);
ALTER TABLE ONLY jxlink.assistance_request
    ADD CONSTRAINT assistance_request_requesting_unit_fkey FOREIGN KEY (requesting_unit) REFERENCES jxlink.unit(unit_id);
ALTER TABLE jxlink.assistance_request ENABLE ROW LEVEL SECURITY;
GRANT SELECT ON TABLE jxlink.assistance_request TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;
SELECT pg_catalog.pg_extension_config_dump('jxlink.assistance_request', '');

CREATE POLICY assistance_request_read ON jxlink.assistance_request FOR SELECT
USING (requesting_unit = ANY ((SELECT jxlink.my_units())::uuid[]) OR requested_unit = ANY ((SELECT jxlink.my_units())::uuid[])
       OR jurisdiction = ANY ((SELECT jxlink.reads_jurisdictions())::text[]));

CREATE FUNCTION jxlink.answer_assistance(request uuid, agreed boolean, detail text, occurred_at timestamp with time zone DEFAULT now()) RETURNS text
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
COMMENT ON FUNCTION jxlink.answer_assistance(request uuid, agreed boolean, detail text, occurred_at timestamp with time zone) IS '答复执法协助请求：同意（说明派出人员）或拒绝（说明理由，计入不配合，四（三））。 Answer an assistance request: agreed (with the people sent) or refused (with a reason; counts against the unit, 四（三）).';
REVOKE ALL ON FUNCTION jxlink.answer_assistance(request uuid, agreed boolean, detail text, occurred_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.answer_assistance(request uuid, agreed boolean, detail text, occurred_at timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

CREATE FUNCTION jxlink.request_assistance(requested_unit uuid, kind text, purpose text, place text DEFAULT NULL::text, wanted_at timestamp with time zone DEFAULT NULL::timestamp with time zone, occurred_at timestamp with time zone DEFAULT now()) RETURNS uuid
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
COMMENT ON FUNCTION jxlink.request_assistance(requested_unit uuid, kind text, purpose text, place text, wanted_at timestamp with time zone, occurred_at timestamp with time zone) IS '请求执法协助（二、四（三））：开立被请求单位的 assistance_request 答复义务（本地默认 2 个工作日）。 Ask for enforcement assistance (二, 四（三）): opens the requested unit''s assistance_request obligation to answer (local default: 2 working days).';
REVOKE ALL ON FUNCTION jxlink.request_assistance(requested_unit uuid, kind text, purpose text, place text, wanted_at timestamp with time zone, occurred_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.request_assistance(requested_unit uuid, kind text, purpose text, place text, wanted_at timestamp with time zone, occurred_at timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;
