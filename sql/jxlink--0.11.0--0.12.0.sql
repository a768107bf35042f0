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
-- ===== end D =====

-- ===== E. the city read models =====
-- ===== end E =====

-- ===== F. merging a street database into the municipal one =====
-- ===== end F =====
