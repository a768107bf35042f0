/*
 * sql/50_patrols.sql - Grid patrols (二（五）): patrols, participants, findings, cases opened from findings.
 *
 * A concept file: the current definition of each object, once, with its
 * comments, grants, policies and triggers.  The build concatenates the concept
 * files (sql/NN_*.sql, in order) into the install script of the current version.
 */

CREATE TABLE jxlink.patrol (
    patrol_id uuid DEFAULT jxlink.uuid_v7() NOT NULL,
    jurisdiction text DEFAULT jxlink.local_jurisdiction() NOT NULL,
    patrolled_at timestamp with time zone NOT NULL,
    area text NOT NULL,
    led_by uuid NOT NULL,
    created_by text NOT NULL,
    CONSTRAINT patrol_area_check CHECK (area <> '')
);

ALTER TABLE ONLY jxlink.patrol FORCE ROW LEVEL SECURITY;
COMMENT ON TABLE jxlink.patrol IS '网格化联合巡查（二（五））：职能科室、派驻机构与包社区工作组、社区网格共同开展。 Grid patrols (二（五）) by sections and agencies with community work groups and grids.';
COMMENT ON COLUMN jxlink.patrol.patrol_id IS '巡查标识。 Patrol identifier.';
COMMENT ON COLUMN jxlink.patrol.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.patrol.patrolled_at IS '巡查时间。 When.';
COMMENT ON COLUMN jxlink.patrol.area IS '巡查区域。 Area.';
COMMENT ON COLUMN jxlink.patrol.led_by IS '牵头单位。 Leading unit.';
COMMENT ON COLUMN jxlink.patrol.created_by IS '登记人（数据库角色）。 Role that recorded it.';
ALTER TABLE ONLY jxlink.patrol
    ADD CONSTRAINT patrol_pkey PRIMARY KEY (patrol_id);
ALTER TABLE ONLY jxlink.patrol
    ADD CONSTRAINT patrol_jurisdiction_fkey FOREIGN KEY (jurisdiction) REFERENCES jxlink.jurisdiction(code);
ALTER TABLE ONLY jxlink.patrol
    ADD CONSTRAINT patrol_led_by_fkey FOREIGN KEY (led_by) REFERENCES jxlink.unit(unit_id);
ALTER TABLE jxlink.patrol ENABLE ROW LEVEL SECURITY;
GRANT SELECT ON TABLE jxlink.patrol TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;
SELECT pg_catalog.pg_extension_config_dump('jxlink.patrol', '');

CREATE TABLE jxlink.patrol_finding (
    finding_id uuid DEFAULT jxlink.uuid_v7() NOT NULL,
    jurisdiction text DEFAULT jxlink.local_jurisdiction() NOT NULL,
    patrol_id uuid NOT NULL,
    description text NOT NULL,
    place text,
    case_id uuid,
    CONSTRAINT patrol_finding_description_check CHECK (description <> '')
);

ALTER TABLE ONLY jxlink.patrol_finding FORCE ROW LEVEL SECURITY;
COMMENT ON TABLE jxlink.patrol_finding IS '巡查发现的问题；可据此登记案件（来源 patrol 或 grid_report）。 Problems found on a patrol; a finding can open a case (source patrol or grid_report).';
COMMENT ON COLUMN jxlink.patrol_finding.finding_id IS '发现标识。 Finding identifier.';
COMMENT ON COLUMN jxlink.patrol_finding.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.patrol_finding.patrol_id IS '巡查。 Patrol.';
COMMENT ON COLUMN jxlink.patrol_finding.description IS '问题描述。 Description.';
COMMENT ON COLUMN jxlink.patrol_finding.place IS '地点。 Place.';
COMMENT ON COLUMN jxlink.patrol_finding.case_id IS '据此登记的案件。 The case opened from it.';
ALTER TABLE ONLY jxlink.patrol_finding
    ADD CONSTRAINT patrol_finding_pkey PRIMARY KEY (finding_id);
ALTER TABLE ONLY jxlink.patrol_finding
    ADD CONSTRAINT patrol_finding_case_id_fkey FOREIGN KEY (case_id) REFERENCES jxlink.case_file(case_id);
ALTER TABLE ONLY jxlink.patrol_finding
    ADD CONSTRAINT patrol_finding_jurisdiction_fkey FOREIGN KEY (jurisdiction) REFERENCES jxlink.jurisdiction(code);
ALTER TABLE ONLY jxlink.patrol_finding
    ADD CONSTRAINT patrol_finding_patrol_id_fkey FOREIGN KEY (patrol_id) REFERENCES jxlink.patrol(patrol_id);
ALTER TABLE jxlink.patrol_finding ENABLE ROW LEVEL SECURITY;
GRANT SELECT ON TABLE jxlink.patrol_finding TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;
SELECT pg_catalog.pg_extension_config_dump('jxlink.patrol_finding', '');

CREATE POLICY patrol_finding_read ON jxlink.patrol_finding FOR SELECT
USING (EXISTS (SELECT 1 FROM jxlink.patrol p WHERE p.patrol_id = patrol_finding.patrol_id));

CREATE TABLE jxlink.patrol_participant (
    patrol_id uuid NOT NULL,
    jurisdiction text DEFAULT jxlink.local_jurisdiction() NOT NULL,
    unit_id uuid NOT NULL
);

ALTER TABLE ONLY jxlink.patrol_participant FORCE ROW LEVEL SECURITY;
COMMENT ON TABLE jxlink.patrol_participant IS '参加巡查的单位与社区组。 Units and community groups taking part in a patrol.';
COMMENT ON COLUMN jxlink.patrol_participant.patrol_id IS '巡查。 Patrol.';
COMMENT ON COLUMN jxlink.patrol_participant.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.patrol_participant.unit_id IS '参加单位。 Participating unit.';
ALTER TABLE ONLY jxlink.patrol_participant
    ADD CONSTRAINT patrol_participant_pkey PRIMARY KEY (patrol_id, unit_id);
ALTER TABLE ONLY jxlink.patrol_participant
    ADD CONSTRAINT patrol_participant_jurisdiction_fkey FOREIGN KEY (jurisdiction) REFERENCES jxlink.jurisdiction(code);
ALTER TABLE ONLY jxlink.patrol_participant
    ADD CONSTRAINT patrol_participant_patrol_id_fkey FOREIGN KEY (patrol_id) REFERENCES jxlink.patrol(patrol_id);
ALTER TABLE ONLY jxlink.patrol_participant
    ADD CONSTRAINT patrol_participant_unit_id_fkey FOREIGN KEY (unit_id) REFERENCES jxlink.unit(unit_id);
ALTER TABLE jxlink.patrol_participant ENABLE ROW LEVEL SECURITY;
GRANT SELECT ON TABLE jxlink.patrol_participant TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;
SELECT pg_catalog.pg_extension_config_dump('jxlink.patrol_participant', '');

CREATE POLICY patrol_read ON jxlink.patrol FOR SELECT
USING (led_by = ANY ((SELECT jxlink.my_units())::uuid[]) OR jurisdiction = ANY ((SELECT jxlink.reads_jurisdictions())::text[])
       OR EXISTS (SELECT 1 FROM jxlink.patrol_participant p WHERE p.patrol_id = patrol.patrol_id
                  AND p.unit_id = ANY ((SELECT jxlink.my_units())::uuid[])));

CREATE FUNCTION jxlink.open_case_from_finding(finding uuid, category text, title text, source text DEFAULT 'patrol'::text) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
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
COMMENT ON FUNCTION jxlink.open_case_from_finding(finding uuid, category text, title text, source text) IS '据巡查发现登记案件（来源 patrol 或 grid_report，发现时间为巡查时间）。 Open a case from a patrol finding (source patrol or grid_report, found at the patrol time).';
REVOKE ALL ON FUNCTION jxlink.open_case_from_finding(finding uuid, category text, title text, source text) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.open_case_from_finding(finding uuid, category text, title text, source text) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

-- The leader of a patrol, for the policy of the table that points at it
-- (without recursion): only to the leading unit's own staff, null to anyone
-- else -- the policy compares it with the caller's units and needs no more.
CREATE FUNCTION jxlink.patrol_leader(patrol_id uuid) RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    SELECT p.led_by FROM jxlink.patrol p
    WHERE p.patrol_id = patrol_leader.patrol_id
      AND EXISTS (SELECT 1 FROM jxlink.staff st
                  WHERE st.role_name = jxlink.calling_role()::text AND st.active AND st.unit_id = p.led_by)
$$;
COMMENT ON FUNCTION jxlink.patrol_leader(patrol_id uuid) IS '（供策略使用）巡查的牵头单位：仅对牵头单位本身的在岗人员返回，对其他人返回空。 (For the policies) The leading unit of a patrol: returned only to the leading unit''s own active staff, null to anyone else.';
REVOKE ALL ON FUNCTION jxlink.patrol_leader(patrol_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.patrol_leader(patrol_id uuid) TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;

CREATE POLICY patrol_participant_read ON jxlink.patrol_participant FOR SELECT
USING (unit_id = ANY ((SELECT jxlink.my_units())::uuid[]) OR jurisdiction = ANY ((SELECT jxlink.reads_jurisdictions())::text[])
       OR jxlink.patrol_leader(patrol_id) = ANY ((SELECT jxlink.my_units())::uuid[]));

CREATE FUNCTION jxlink.record_patrol(patrolled_at timestamp with time zone, area text, participants uuid[], findings text[] DEFAULT '{}'::text[]) RETURNS uuid
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
COMMENT ON FUNCTION jxlink.record_patrol(patrolled_at timestamp with time zone, area text, participants uuid[], findings text[]) IS '记录一次联合巡查（牵头单位为调用者所在单位）及其发现。 Record a patrol led by the caller''s unit, its participants and findings.';
REVOKE ALL ON FUNCTION jxlink.record_patrol(patrolled_at timestamp with time zone, area text, participants uuid[], findings text[]) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.record_patrol(patrolled_at timestamp with time zone, area text, participants uuid[], findings text[]) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;
