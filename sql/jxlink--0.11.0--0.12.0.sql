-- jxlink 0.11.0 -> 0.12.0: one municipal database for every town and street (issue 13, in progress):
-- jurisdictions in levels under their city, city departments and the agencies that belong to them.
\echo Use "ALTER EXTENSION jxlink UPDATE TO '0.12.0'" to load this file. \quit

-- ===== A. jurisdictions in levels, city departments, who acts where =====

-- Jurisdictions: level and parent city (a one-street database keeps its
-- jurisdiction as a street without a parent: nothing changes for its users).
ALTER TABLE jxlink.jurisdiction
    ADD COLUMN level text DEFAULT 'street' NOT NULL,
    ADD COLUMN parent text,
    ADD COLUMN parent_level text GENERATED ALWAYS AS (CASE WHEN parent IS NOT NULL THEN 'city' END) STORED,
    ADD CONSTRAINT jurisdiction_city_has_no_parent CHECK (level <> 'city' OR parent IS NULL),
    ADD CONSTRAINT jurisdiction_level_check CHECK (level IN ('city', 'town', 'street'));
ALTER TABLE ONLY jxlink.jurisdiction
    ADD CONSTRAINT jurisdiction_code_level_key UNIQUE (code, level);
ALTER TABLE ONLY jxlink.jurisdiction
    ADD CONSTRAINT jurisdiction_parent_fkey FOREIGN KEY (parent, parent_level) REFERENCES jxlink.jurisdiction(code, level);
COMMENT ON COLUMN jxlink.jurisdiction.level IS '层级：city 市（市直部门所在）、town 镇、street 街道。 Level: city (where the city departments sit), town or street.';
COMMENT ON COLUMN jxlink.jurisdiction.parent IS '上级辖区（所属的市，如晋江市）；市本身、单独一个街道的数据库为空。 The jurisdiction above (the city it belongs to, e.g. Jinjiang); null for the city itself and in a one-street database.';
COMMENT ON COLUMN jxlink.jurisdiction.parent_level IS '（派生）有上级辖区时为 city：上级辖区必须是市（外键 jurisdiction_parent_fkey）。 (Derived) city when a parent is set: the parent must be a city (foreign key jurisdiction_parent_fkey).';

-- Units: the city department a dispatched agency belongs to.
CREATE FUNCTION jxlink.unit_department_kept() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    held text;
BEGIN
    IF TG_TABLE_NAME = 'jurisdiction' THEN
        SELECT string_agg(u.code || ' → ' || d.code, ', ' ORDER BY u.code) INTO held
        FROM jxlink.unit u JOIN jxlink.unit d ON d.unit_id = u.parent_department
        WHERE u.jurisdiction = NEW.code AND d.jurisdiction IS DISTINCT FROM NEW.parent;
    ELSIF NEW.kind IS DISTINCT FROM 'city_department' OR NEW.jurisdiction IS DISTINCT FROM OLD.jurisdiction THEN
        SELECT string_agg(u.jurisdiction || ' ' || u.code, ', ' ORDER BY u.jurisdiction, u.code) INTO held
        FROM jxlink.unit u WHERE u.parent_department = OLD.unit_id;
    END IF;
    IF held IS NOT NULL THEN
        RAISE EXCEPTION 'units belong to a city department through this %', CASE TG_TABLE_NAME WHEN 'jurisdiction' THEN 'city' ELSE 'department' END
            USING ERRCODE = 'check_violation',
                  DETAIL = format('Units and their departments: %s.', held),
                  HINT = 'Change or clear the units'' parent_department first.';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION jxlink.unit_department_kept() IS '触发器：辖区的单位隶属上级市的市直部门时，辖区不得改换或脱离该市；有单位隶属的市直部门不得改为其他类别或移往其他辖区（SQLSTATE 23514）。 Trigger: a jurisdiction whose units belong to its city''s departments keeps that city; a city department that units belong to stays a city department of its city (SQLSTATE 23514).';
REVOKE ALL ON FUNCTION jxlink.unit_department_kept() FROM PUBLIC;
CREATE TRIGGER jurisdiction_department_kept BEFORE UPDATE OF parent ON jxlink.jurisdiction FOR EACH ROW WHEN (OLD.parent IS DISTINCT FROM NEW.parent) EXECUTE FUNCTION jxlink.unit_department_kept();

CREATE FUNCTION jxlink.unit_department_check() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    city text;
    dept jxlink.unit;
BEGIN
    SELECT j.parent INTO city FROM jxlink.jurisdiction j WHERE j.code = NEW.jurisdiction;
    SELECT u.* INTO dept FROM jxlink.unit u WHERE u.unit_id = NEW.parent_department;
    IF dept.kind IS DISTINCT FROM 'city_department' OR city IS NULL OR dept.jurisdiction IS DISTINCT FROM city THEN
        RAISE EXCEPTION 'unit % cannot belong to unit %', NEW.code, coalesce(dept.code, NEW.parent_department::text)
            USING ERRCODE = 'check_violation',
                  DETAIL = CASE WHEN city IS NULL
                                THEN format('Jurisdiction %s belongs to no city.', NEW.jurisdiction)
                                ELSE format('A parent department is a unit of kind city_department of the city %s; %s is a %s of %s.',
                                            city, dept.code, dept.kind, dept.jurisdiction) END;
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION jxlink.unit_department_check() IS '触发器：单位所属的市直部门必须是其辖区上级市中类别为 city_department 的单位（SQLSTATE 23514）。 Trigger: the parent department of a unit is a unit of kind city_department in the city above its jurisdiction (SQLSTATE 23514).';
REVOKE ALL ON FUNCTION jxlink.unit_department_check() FROM PUBLIC;
ALTER TABLE jxlink.unit ADD COLUMN parent_department uuid;
ALTER TABLE jxlink.unit DROP CONSTRAINT unit_kind_check;
ALTER TABLE jxlink.unit ADD CONSTRAINT unit_kind_check CHECK (kind IN ('functional_section', 'dispatched_agency', 'enforcement_team', 'community_work_group', 'community', 'grid', 'judicial_office', 'discipline_commission', 'leadership', 'city_department'));
ALTER TABLE ONLY jxlink.unit
    ADD CONSTRAINT unit_parent_department_fkey FOREIGN KEY (parent_department) REFERENCES jxlink.unit(unit_id);
CREATE TRIGGER unit_department_check BEFORE INSERT OR UPDATE OF parent_department, jurisdiction ON jxlink.unit FOR EACH ROW WHEN (NEW.parent_department IS NOT NULL) EXECUTE FUNCTION jxlink.unit_department_check();
CREATE TRIGGER unit_department_kept BEFORE UPDATE OF kind, jurisdiction ON jxlink.unit FOR EACH ROW WHEN (OLD.kind = 'city_department') EXECUTE FUNCTION jxlink.unit_department_kept();
COMMENT ON TABLE jxlink.unit IS '单位（二）：职能科室、市直派驻机构、综合执法队（每个辖区一个）、包社区工作组、社区、网格、司法所、纪工委、领导；市级辖区中的市直部门（派驻机构所属的部门，如市市场监督管理局）。 Units (二): functional sections, city-level dispatched agencies, the enforcement team (one per jurisdiction), community work groups, communities, grids, the judicial office, the discipline commission, leadership; in the city''s jurisdiction, the city departments the dispatched agencies belong to (e.g. the city market regulation bureau).';
COMMENT ON COLUMN jxlink.unit.parent_department IS '所属的市直部门（如各镇市场监督管理所所属的市市场监督管理局）：上级市辖区中类别为 city_department 的单位；其他单位为空。 The city department the unit belongs to (e.g. the city market regulation bureau of each town''s market regulation office): a unit of kind city_department in the city above the unit''s jurisdiction; null for other units.';

CREATE OR REPLACE VIEW jxlink.unit_kind_label WITH (security_invoker = true) AS
SELECT v.kind, v.label_zh, v.label_en
FROM (VALUES
    ('functional_section', '职能科室', 'functional section'),
    ('dispatched_agency', '市直派驻机构', 'city-level dispatched agency'),
    ('enforcement_team', '综合执法队', 'enforcement team'),
    ('community_work_group', '包社区工作组', 'community work group'),
    ('community', '社区', 'community'),
    ('grid', '网格', 'grid'),
    ('judicial_office', '司法所', 'judicial office'),
    ('discipline_commission', '纪工委', 'discipline commission'),
    ('leadership', '街道领导', 'leadership'),
    ('city_department', '市直部门', 'city department')
) AS v(kind, label_zh, label_en);
COMMENT ON VIEW jxlink.unit_kind_label IS '单位类别的中英文名称（unit.kind 允许的每个值一行，二），供报表关联。 The Chinese and English name of every unit kind (one row per value unit.kind allows, 二), for reports to join.';
COMMENT ON COLUMN jxlink.unit_kind_label.kind IS '单位类别（unit.kind）。 Unit kind (unit.kind).';
COMMENT ON COLUMN jxlink.unit_kind_label.label_zh IS '中文名称。 Chinese name.';
COMMENT ON COLUMN jxlink.unit_kind_label.label_en IS '英文名称。 English name.';
GRANT SELECT ON TABLE jxlink.unit_kind_label TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;

-- Who acts where: a clerk acts in the jurisdiction it is staff in (the default of every
-- jurisdiction column, and caller_staff()); administrators' rows go to the home jurisdiction.
CREATE OR REPLACE FUNCTION jxlink.local_jurisdiction() RETURNS text
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    result text;
    n      integer;
BEGIN
    -- a clerk's: the jurisdiction the calling role is staff in, when it is one
    SELECT min(s.jurisdiction), count(*) INTO result, n
    FROM jxlink.staff s WHERE s.role_name = jxlink.calling_role()::text AND s.active;
    IF n = 1 THEN
        RETURN result;
    END IF;
    -- otherwise the database's home jurisdiction
    SELECT j.code INTO result FROM jxlink.jurisdiction j WHERE j.is_local;
    IF result IS NULL THEN
        RAISE EXCEPTION 'this database has no local jurisdiction'
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'An administrator registers it: INSERT INTO jxlink.jurisdiction (code, name_zh, is_local) VALUES (''350582-xintang'', ''新塘街道'', true).';
    END IF;
    RETURN result;
END
$$;
COMMENT ON FUNCTION jxlink.local_jurisdiction() IS '各表 jurisdiction 列的默认值：调用角色仅在一个辖区登记为工作人员时为该辖区；否则为本库的主辖区（is_local：单个街道的数据库即该街道，市级数据库即市）。 The default of every jurisdiction column: the jurisdiction the calling role is active staff in, when there is one; otherwise the database''s home jurisdiction (is_local: the street of a one-street database, the city of a municipal one).';

CREATE OR REPLACE FUNCTION jxlink.caller_staff() RETURNS jxlink.staff
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    me jxlink.staff;
BEGIN
    SELECT s.* INTO me FROM jxlink.staff s
    WHERE s.role_name = jxlink.calling_role()::text AND s.active;
    IF (SELECT count(*) FROM jxlink.staff s WHERE s.role_name = jxlink.calling_role()::text AND s.active) > 1 THEN
        RAISE EXCEPTION 'role "%" is staff in several jurisdictions', jxlink.calling_role()
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'This function acts in the jurisdiction of the caller''s unit, which is not one here.',
                  HINT = 'Map a login role to a unit of one jurisdiction (one role per jurisdiction).';
    END IF;
    IF NOT FOUND THEN
        PERFORM jxlink.local_jurisdiction();  -- says so if the street itself is not registered
        RAISE EXCEPTION 'role "%" is not registered as active staff of a unit', jxlink.calling_role()
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'An administrator maps login roles to units in jxlink.staff.';
    END IF;
    RETURN me;
END
$$;
COMMENT ON FUNCTION jxlink.caller_staff() IS '（内部）调用角色在 staff 表中的登记；未登记则报错（42501），在多个辖区登记则报错（55000）。 (Internal) The calling role''s row in staff; SQLSTATE 42501 when there is none, 55000 when it is staff in several jurisdictions.';
REVOKE ALL ON FUNCTION jxlink.caller_staff() FROM PUBLIC;
COMMENT ON COLUMN jxlink.jurisdiction.is_local IS '是否本库的主辖区（最多一个）：单个街道的数据库即该街道，市级数据库即市；未登记为工作人员的角色（管理员）所写的行默认属于它。 Whether this is the database''s home jurisdiction (at most one): the street of a one-street database, the city of a municipal one; rows written by roles that are not staff (administrators) belong to it by default.';
-- ===== end A =====

-- ===== B. reader scopes: town, city and department readers, the policies =====
-- ===== end B =====

-- ===== C. calendar closures per jurisdiction =====
-- ===== end C =====

-- ===== D. settings, local-policy rules, document series and meetings per jurisdiction =====
-- Settings per jurisdiction: a jurisdiction, or its city for all its towns,
-- overrides the database's value of a setting.
CREATE TABLE jxlink.setting_local (
    jurisdiction text NOT NULL,
    name text NOT NULL,
    value numeric NOT NULL,
    CONSTRAINT setting_local_value_check CHECK (value >= (0)::numeric)
);
COMMENT ON TABLE jxlink.setting_local IS '各辖区的设置：某辖区（或其所属的市，适用于全市各镇街）对某项设置另定的取值，优先于本库的取值（jxlink.setting）；管理员维护。生效值见 setting_effective 与 setting_value()。 Settings per jurisdiction: the value a jurisdiction (or its city, for all its towns and streets) gives a setting instead of the database''s (jxlink.setting); maintained by administrators. The value in force: setting_effective and setting_value().';
COMMENT ON COLUMN jxlink.setting_local.jurisdiction IS '辖区（镇、街道或市）。 Jurisdiction (a town, a street or the city).';
COMMENT ON COLUMN jxlink.setting_local.name IS '设置名（jxlink.setting 中已有者）。 Setting name (one of jxlink.setting).';
COMMENT ON COLUMN jxlink.setting_local.value IS '该辖区的取值（不小于 0）。 The jurisdiction''s value (not negative).';
ALTER TABLE ONLY jxlink.setting_local
    ADD CONSTRAINT setting_local_pkey PRIMARY KEY (jurisdiction, name);
ALTER TABLE ONLY jxlink.setting_local
    ADD CONSTRAINT setting_local_jurisdiction_fkey FOREIGN KEY (jurisdiction) REFERENCES jxlink.jurisdiction(code);
ALTER TABLE ONLY jxlink.setting_local
    ADD CONSTRAINT setting_local_name_fkey FOREIGN KEY (name) REFERENCES jxlink.setting(name);
GRANT SELECT ON TABLE jxlink.setting_local TO PUBLIC;
GRANT INSERT,DELETE,UPDATE ON TABLE jxlink.setting_local TO jxlink_admin;
SELECT pg_catalog.pg_extension_config_dump('jxlink.setting_local', '');

-- The value of every setting in force in every jurisdiction: its own, else
-- its city's, else the database's.
CREATE VIEW jxlink.setting_effective WITH (security_invoker = true) AS
SELECT j.code AS jurisdiction, s.name,
       coalesce(own.value, city.value, s.value) AS value,
       CASE WHEN own.value IS NOT NULL THEN 'jurisdiction'
            WHEN city.value IS NOT NULL THEN 'city'
            ELSE 'database' END AS source
FROM jxlink.jurisdiction j
CROSS JOIN jxlink.setting s
LEFT JOIN jxlink.setting_local own ON own.jurisdiction OPERATOR(pg_catalog.=) j.code AND own.name OPERATOR(pg_catalog.=) s.name
LEFT JOIN jxlink.setting_local city ON city.jurisdiction OPERATOR(pg_catalog.=) j.parent AND city.name OPERATOR(pg_catalog.=) s.name;
COMMENT ON VIEW jxlink.setting_effective IS '各辖区生效的设置值：本辖区另定者，否则所属市另定者，否则本库的取值。 The value of each setting in force in each jurisdiction: its own, else its city''s, else the database''s.';
COMMENT ON COLUMN jxlink.setting_effective.jurisdiction IS '辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.setting_effective.name IS '设置名。 Setting name.';
COMMENT ON COLUMN jxlink.setting_effective.value IS '生效值。 The value in force.';
COMMENT ON COLUMN jxlink.setting_effective.source IS '取值来源：jurisdiction 本辖区、city 所属市、database 本库（jxlink.setting）。 Where the value comes from: jurisdiction (its own), city (its city''s) or database (jxlink.setting).';
GRANT SELECT ON TABLE jxlink.setting_effective TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;

-- The value of one setting in force in one jurisdiction.
CREATE FUNCTION jxlink.setting_value(name text, jurisdiction text) RETURNS numeric
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    result numeric;
BEGIN
    SELECT e.value INTO result FROM jxlink.setting_effective e
    WHERE e.name = setting_value.name AND e.jurisdiction = setting_value.jurisdiction;
    IF NOT FOUND THEN
        IF NOT EXISTS (SELECT 1 FROM jxlink.setting s WHERE s.name = setting_value.name) THEN
            RAISE EXCEPTION 'unknown setting "%"', setting_value.name USING ERRCODE = 'invalid_parameter_value',
                HINT = 'The settings are the rows of jxlink.setting.';
        END IF;
        RAISE EXCEPTION 'unknown jurisdiction "%"', setting_value.jurisdiction USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN result;
END
$$;
COMMENT ON FUNCTION jxlink.setting_value(name text, jurisdiction text) IS '某项设置在某辖区的生效值（本辖区另定者，否则所属市另定者，否则本库的取值）；未知的设置或辖区报错（22023）。 The value of a setting in force in a jurisdiction (its own, else its city''s, else the database''s); an unknown setting or jurisdiction is refused (22023).';
REVOKE ALL ON FUNCTION jxlink.setting_value(name text, jurisdiction text) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.setting_value(name text, jurisdiction text) TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;

-- Local-policy deadline defaults per jurisdiction.  The provisions' own limits
-- are the same everywhere: only a local-policy rule may be given another
-- period in a jurisdiction (or in a city, for all its towns and streets).
CREATE FUNCTION jxlink.deadline_rule_local_check() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    r jxlink.deadline_rule;
BEGIN
    SELECT * INTO r FROM jxlink.deadline_rule d WHERE d.rule_code = NEW.rule_code;
    IF FOUND AND r.basis <> 'local_policy' THEN
        RAISE EXCEPTION 'the time limit of rule "%" is set by the provisions (%), the same in every jurisdiction', r.rule_code, r.clause
            USING ERRCODE = 'restrict_violation',
                  HINT = 'Only local-policy rules (basis = local_policy) can be given a period per jurisdiction.';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION jxlink.deadline_rule_local_check() IS '触发器：只有本地政策规则可按辖区另定时限；规定明文的时限各辖区相同（23001）。 Trigger: only local-policy rules can be given a period per jurisdiction; the provisions'' own limits are the same in every jurisdiction (23001).';
REVOKE ALL ON FUNCTION jxlink.deadline_rule_local_check() FROM PUBLIC;

CREATE TABLE jxlink.deadline_rule_local (
    jurisdiction text NOT NULL,
    rule_code text NOT NULL,
    period jxlink.time_limit NOT NULL,
    CONSTRAINT deadline_rule_local_period_check CHECK (jxlink.time_limit_unit(period) IN ('workdays', 'hours', 'quarter', 'next_meeting') AND jxlink.time_limit_amount(period) > 0)
);
COMMENT ON TABLE jxlink.deadline_rule_local IS '各辖区的本地政策时限：某辖区（或其所属的市，适用于全市各镇街）对本地政策规则（basis = local_policy）另定的期限，对此后该辖区新开的义务生效；规定明文的时限各辖区相同，不可另定。管理员维护。 Local-policy periods per jurisdiction: the period a jurisdiction (or its city, for all its towns and streets) gives a local-policy rule (basis = local_policy), for the obligations opened there afterwards; the provisions'' own limits are the same everywhere and cannot be given another. Maintained by administrators.';
COMMENT ON COLUMN jxlink.deadline_rule_local.jurisdiction IS '辖区（镇、街道或市）。 Jurisdiction (a town, a street or the city).';
COMMENT ON COLUMN jxlink.deadline_rule_local.rule_code IS '本地政策规则代码。 Code of the local-policy rule.';
COMMENT ON COLUMN jxlink.deadline_rule_local.period IS '该辖区的期限（jxlink.time_limit，如 10 工作日）。 The jurisdiction''s period (jxlink.time_limit, e.g. 10 工作日).';
ALTER TABLE ONLY jxlink.deadline_rule_local
    ADD CONSTRAINT deadline_rule_local_pkey PRIMARY KEY (jurisdiction, rule_code);
ALTER TABLE ONLY jxlink.deadline_rule_local
    ADD CONSTRAINT deadline_rule_local_jurisdiction_fkey FOREIGN KEY (jurisdiction) REFERENCES jxlink.jurisdiction(code);
ALTER TABLE ONLY jxlink.deadline_rule_local
    ADD CONSTRAINT deadline_rule_local_rule_code_fkey FOREIGN KEY (rule_code) REFERENCES jxlink.deadline_rule(rule_code);
CREATE TRIGGER deadline_rule_local_check BEFORE INSERT OR UPDATE ON jxlink.deadline_rule_local FOR EACH ROW EXECUTE FUNCTION jxlink.deadline_rule_local_check();
GRANT SELECT ON TABLE jxlink.deadline_rule_local TO PUBLIC;
GRANT INSERT,DELETE,UPDATE ON TABLE jxlink.deadline_rule_local TO jxlink_admin;
SELECT pg_catalog.pg_extension_config_dump('jxlink.deadline_rule_local', '');

-- The period of a rule for a new obligation in a jurisdiction: the
-- jurisdiction's own local-policy period, else its city's, else the rule's.
CREATE FUNCTION jxlink.rule_period(rule_code text, jurisdiction text) RETURNS jxlink.time_limit
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
SELECT coalesce(
    (SELECT l.period FROM jxlink.deadline_rule_local l
     WHERE l.rule_code = rule_period.rule_code AND l.jurisdiction = rule_period.jurisdiction),
    (SELECT l.period FROM jxlink.deadline_rule_local l JOIN jxlink.jurisdiction j ON j.parent = l.jurisdiction
     WHERE l.rule_code = rule_period.rule_code AND j.code = rule_period.jurisdiction),
    (SELECT r.period FROM jxlink.deadline_rule r WHERE r.rule_code = rule_period.rule_code))
$$;
COMMENT ON FUNCTION jxlink.rule_period(rule_code text, jurisdiction text) IS '某规则在某辖区对新开义务适用的期限：本辖区另定的本地政策期限，否则所属市另定者，否则规则的期限（规定明文的时限各处相同）。 The period of a rule for an obligation opened in a jurisdiction: the jurisdiction''s own local-policy period, else its city''s, else the rule''s (the provisions'' limits are the same everywhere).';

-- New obligations take the period in force in their jurisdiction.
CREATE OR REPLACE FUNCTION jxlink.obligation_open(kind text, rule_code text, subject_type text, subject_id uuid, owner_unit uuid, counterpart_unit uuid, started_at timestamp with time zone, agreed_last_day date DEFAULT NULL::date, owner_present boolean DEFAULT false) RETURNS uuid
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
                                   rule_code, clause, period, started_at, due_at, due_date,
                                   provisional, calendar_version, claimed_start_at)
    SELECT u.jurisdiction, obligation_open.kind, obligation_open.subject_type, obligation_open.subject_id,
           obligation_open.owner_unit, obligation_open.counterpart_unit, r.rule_code, r.clause, p.period,
           start, d.due_at, d.due_date, d.provisional, d.calendar_version,
           CASE WHEN start <> obligation_open.started_at THEN obligation_open.started_at END
    FROM jxlink.deadline_rule r
    JOIN jxlink.unit u ON u.unit_id = obligation_open.owner_unit
    CROSS JOIN LATERAL (
        SELECT CASE WHEN agreed_last_day IS NULL THEN jxlink.rule_period(r.rule_code, u.jurisdiction)
                    ELSE jxlink.time_limit('agreed_day', agreed_last_day - jxlink.local_date(start)) END AS period) p
    CROSS JOIN jxlink.obligation_due_by(p.period, start, u.jurisdiction) d
    WHERE r.rule_code = obligation_open.rule_code
    RETURNING obligation_id INTO opened;
    RETURN opened;
END
$$;
COMMENT ON FUNCTION jxlink.obligation_open(kind text, rule_code text, subject_type text, subject_id uuid, owner_unit uuid, counterpart_unit uuid, started_at timestamp with time zone, agreed_last_day date, owner_present boolean) IS '（内部）按规则开立义务（期限为负担单位所在辖区适用者，见 rule_period；或按双方约定的最后一日）；期限保存在义务上，此后修改规则不影响它。由记录者以外的单位负担的义务不早于记录时起算（见 obligation_start）；约定的最后一日在记录时已过者拒绝（22023）。 (Internal) Open an obligation under a rule (with its period in the owing unit''s jurisdiction, see rule_period; or with the last day the units agreed); the period is kept on the obligation, and a later change of the rule does not alter it. One owed by a unit other than the recorder''s starts no earlier than it is recorded (see obligation_start); an agreed last day already past then is refused (22023).';
CREATE OR REPLACE FUNCTION jxlink.obligation_reschedule(obligation_id uuid, rule_code text) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    UPDATE jxlink.obligation o
    SET (rule_code, clause, period, due_at, due_date, provisional, calendar_version) =
        (SELECT r.rule_code, r.clause, p.period, d.due_at, d.due_date, d.provisional, d.calendar_version
         FROM jxlink.deadline_rule r
         CROSS JOIN LATERAL (SELECT jxlink.rule_period(r.rule_code, o.jurisdiction) AS period) p
         CROSS JOIN jxlink.obligation_due_by(p.period, o.started_at, o.jurisdiction) d
         WHERE r.rule_code = obligation_reschedule.rule_code)
    WHERE o.obligation_id = obligation_reschedule.obligation_id
      AND o.status = 'open';
END
$$;
COMMENT ON FUNCTION jxlink.obligation_reschedule(obligation_id uuid, rule_code text) IS '（内部）将未结义务改按另一规则（及其在义务所在辖区适用的期限）计算期限。 (Internal) Recompute an open obligation under another rule (with its period in the obligation''s jurisdiction).';

-- The readers take the settings in force in the obligation's jurisdiction.
CREATE OR REPLACE FUNCTION jxlink.due_soon_as_of(as_of timestamp with time zone) RETURNS TABLE(obligation_id uuid, jurisdiction text, kind text, subject_type text, subject_id uuid, subject_ref text, subject_title text, owner_unit uuid, owner_code text, owner_name_zh text, owner_kind text, counterpart_unit uuid, counterpart_code text, counterpart_name_zh text, rule_code text, clause text, period jxlink.time_limit, started_at timestamp with time zone, due_at timestamp with time zone, due_date date, provisional boolean, workdays_left integer, hours_left numeric, fraction_left numeric, warning text)
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
SELECT o.obligation_id, o.jurisdiction, o.kind, o.subject_type, o.subject_id, o.subject_ref, o.subject_title,
       o.owner_unit, ou.code, ou.name_zh, ou.kind, o.counterpart_unit, cu.code, cu.name_zh,
       o.rule_code, o.clause, o.period,
       o.started_at, o.due_at, o.due_date, o.provisional,
       x.workdays_left, x.hours_left, x.fraction_left,
       CASE WHEN CASE WHEN jxlink.time_limit_unit(o.period) OPERATOR(pg_catalog.=) 'hours'
                      THEN x.hours_left OPERATOR(pg_catalog.<=) s.hours
                      ELSE x.workdays_left OPERATOR(pg_catalog.<=) s.workdays END
                 OR x.fraction_left OPERATOR(pg_catalog.<=) s.fraction
            THEN 'yellow' ELSE 'green' END::pg_catalog.text
FROM jxlink.obligation o
JOIN jxlink.unit ou ON ou.unit_id OPERATOR(pg_catalog.=) o.owner_unit
LEFT JOIN jxlink.unit cu ON cu.unit_id OPERATOR(pg_catalog.=) o.counterpart_unit
CROSS JOIN LATERAL (
    SELECT w.workdays_left, w.hours_left,
           pg_catalog.round(CASE WHEN jxlink.time_limit_unit(o.period) OPERATOR(pg_catalog.=) 'hours' THEN w.hours_left
                                 ELSE w.workdays_left::numeric END
                            OPERATOR(pg_catalog./) w.period_length, 3) AS fraction_left
    FROM (SELECT jxlink.workdays_between_or_null(jxlink.local_date(as_of), o.due_date) AS workdays_left,
                 jxlink.period_length(o.period, o.started_at, o.due_date) AS period_length,
                 pg_catalog.round(pg_catalog.date_part('epoch', o.due_at OPERATOR(pg_catalog.-) as_of)::numeric
                                  OPERATOR(pg_catalog./) 3600, 1) AS hours_left) w) x
JOIN (
    SELECT t.jurisdiction,
           pg_catalog.max(t.value) FILTER (WHERE t.name OPERATOR(pg_catalog.=) 'due_soon_workdays') AS workdays,
           pg_catalog.max(t.value) FILTER (WHERE t.name OPERATOR(pg_catalog.=) 'due_soon_hours') AS hours,
           pg_catalog.max(t.value) FILTER (WHERE t.name OPERATOR(pg_catalog.=) 'due_soon_fraction') AS fraction
    FROM jxlink.setting_effective t GROUP BY t.jurisdiction) s ON s.jurisdiction OPERATOR(pg_catalog.=) o.jurisdiction
WHERE o.due_at OPERATOR(pg_catalog.>) as_of
  AND jxlink.check_calendar_time(as_of, 'as_of') IS NOT DISTINCT FROM as_of
  AND o.started_at OPERATOR(pg_catalog.<=) as_of
  AND (o.status OPERATOR(pg_catalog.=) 'open' OR o.met_at OPERATOR(pg_catalog.>) as_of)
$$;
COMMENT ON FUNCTION jxlink.due_soon_as_of(as_of timestamp with time zone) IS '截至某一时刻未履行且未到期的义务，及剩余工作日、小时、剩余比例与预警级别（yellow 临期 / green 正常；阈值为义务所在辖区生效的设置，见 setting_effective）。 Obligations open and not yet due as of an instant, with the working days, hours and fraction of the period left and the warning level (yellow when due soon, green otherwise; thresholds: the settings in force in the obligation''s jurisdiction, see setting_effective).';
CREATE OR REPLACE FUNCTION jxlink.obligation_status_at(as_of timestamp with time zone) RETURNS TABLE(obligation_id uuid, jurisdiction text, kind text, subject_type text, subject_id uuid, subject_ref text, subject_title text, owner_unit uuid, owner_code text, owner_name_zh text, owner_kind text, counterpart_unit uuid, counterpart_code text, counterpart_name_zh text, rule_code text, clause text, period jxlink.time_limit, started_at timestamp with time zone, due_at timestamp with time zone, due_date date, provisional boolean, met_at timestamp with time zone, status text, late_workdays integer, workdays_left integer, hours_left numeric)
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
SELECT o.obligation_id, o.jurisdiction, o.kind, o.subject_type, o.subject_id, o.subject_ref, o.subject_title,
       o.owner_unit, ou.code, ou.name_zh, ou.kind, o.counterpart_unit, cu.code, cu.name_zh,
       o.rule_code, o.clause, o.period,
       o.started_at, o.due_at, o.due_date, o.provisional,
       CASE WHEN o.met_at OPERATOR(pg_catalog.<=) as_of THEN o.met_at END,
       CASE
           WHEN o.met_at OPERATOR(pg_catalog.<=) as_of AND o.status OPERATOR(pg_catalog.=) 'waived' AND o.met_late THEN 'waived_late'
           WHEN o.met_at OPERATOR(pg_catalog.<=) as_of AND o.status OPERATOR(pg_catalog.=) 'waived' THEN 'waived'
           WHEN o.met_at OPERATOR(pg_catalog.<=) as_of AND o.refused THEN 'refused'
           WHEN o.met_at OPERATOR(pg_catalog.<=) as_of AND o.met_late THEN 'met_late'
           WHEN o.met_at OPERATOR(pg_catalog.<=) as_of THEN 'met_on_time'
           WHEN o.due_at OPERATOR(pg_catalog.<=) as_of THEN 'overdue'
           WHEN CASE WHEN jxlink.time_limit_unit(o.period) OPERATOR(pg_catalog.=) 'hours'
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
           jxlink.period_length(o.period, o.started_at, o.due_date) AS period_length) x
JOIN (
    SELECT t.jurisdiction,
           pg_catalog.max(t.value) FILTER (WHERE t.name OPERATOR(pg_catalog.=) 'due_soon_workdays') AS workdays,
           pg_catalog.max(t.value) FILTER (WHERE t.name OPERATOR(pg_catalog.=) 'due_soon_hours') AS hours,
           pg_catalog.max(t.value) FILTER (WHERE t.name OPERATOR(pg_catalog.=) 'due_soon_fraction') AS fraction
    FROM jxlink.setting_effective t GROUP BY t.jurisdiction) s ON s.jurisdiction OPERATOR(pg_catalog.=) o.jurisdiction
WHERE o.started_at OPERATOR(pg_catalog.<=) as_of
  AND jxlink.check_calendar_time(as_of, 'as_of') IS NOT DISTINCT FROM as_of
$$;
CREATE OR REPLACE VIEW jxlink.supervision_late_recording WITH (security_invoker = true) AS
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

-- Each jurisdiction's joint meeting is its own: its staff act on it, its office plans it.
CREATE OR REPLACE FUNCTION jxlink.meeting_for(meeting_id uuid, must_be_held boolean) RETURNS jxlink.joint_meeting
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
    PERFORM jxlink.plan_quarterly_meetings((q + interval '3 months')::date, m.jurisdiction);
    PERFORM jxlink.obligation_close(o.subject_id, '{quarterly_meeting}', hold_meeting.held_at, me.role_name, 'met')
    FROM jxlink.obligation o
    WHERE o.subject_id = md5(m.jurisdiction || '/' || q)::uuid AND o.kind = 'quarterly_meeting' AND o.status = 'open'
      AND o.started_at <= hold_meeting.held_at;
    RETURN (SELECT count(*)::integer FROM jxlink.joint_meeting_attendee a WHERE a.meeting_id = m.meeting_id);
END
$$;
DROP FUNCTION jxlink.plan_quarterly_meetings(through date);
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

-- A town's history chain is anchored by an administrator or by that town's own people.
CREATE OR REPLACE FUNCTION jxlink.history_anchor(jurisdiction text DEFAULT NULL::text) RETURNS text
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
    -- an administrator anchors any jurisdiction's chain; others their own (the caller's, else the home one)
    IF NOT pg_has_role(jxlink.calling_role(), 'jxlink_admin', 'MEMBER')
       AND j <> jxlink.local_jurisdiction()
       AND NOT EXISTS (SELECT 1 FROM jxlink.staff s WHERE s.role_name = jxlink.calling_role()::text AND s.active
                       AND s.jurisdiction = j) THEN
        RAISE EXCEPTION 'role "%" may not anchor the history of jurisdiction %', jxlink.calling_role(), j
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'An administrator anchors any jurisdiction; a supervisor the jurisdiction it is staff in.';
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
COMMENT ON FUNCTION jxlink.history_anchor(jurisdiction text) IS '历史锚点：本辖区（或指定辖区）至今全部移送历史的可打印摘要（辖区、记录序号、行数、移送数、SHA-256、时间），供印入会议纪要或保存于库外；日后 verify_history(锚点) 可证明锚点之前的记录未被改写。管理员可为任一辖区取锚，其他人只能为本人所在辖区（未登记为工作人员者为本库主辖区）取锚（42501）。 The history anchor: a printable digest of all referral history of the local (or given) jurisdiction recorded up to now (jurisdiction, entry number, rows, referrals, SHA-256, time), to print in the minutes or keep outside the database; verify_history(anchor) later proves nothing recorded before it was rewritten. An administrator anchors any jurisdiction; others only the jurisdiction they are staff in (the home one for a role that is not staff), else 42501.';
-- ===== end D =====

-- ===== E. the city read models =====
-- ===== end E =====

-- ===== F. merging a street database into the municipal one =====
-- ===== end F =====
