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
-- Reader scopes (issue 13, step 2): who reads which jurisdictions.  The
-- policies that read every row for supervisors, BI and administrators now read
-- the rows of reads_jurisdictions(); the boolean reads_everything(),
-- reads_as_supervisor() and reads_complainants() give way to jurisdiction lists.

CREATE TABLE jxlink.reader_scope (
    role_name text NOT NULL,
    jurisdiction text,
    department uuid,
    granted_at timestamp with time zone DEFAULT now() NOT NULL,
    granted_by text DEFAULT (current_user)::text NOT NULL,
    CONSTRAINT reader_scope_one_target CHECK (num_nonnulls(jurisdiction, department) = 1)
);
COMMENT ON TABLE jxlink.reader_scope IS '读取范围（市级数据库）：某角色（其成员）可读某辖区的全部（非个人信息）行（市即市本身及其所辖镇街），或某市直部门在各镇街的派驻机构的行。角色还须属 jxlink_bi 或 jxlink_supervisor 方有视图的权限。只有一个辖区的数据库无需登记：jxlink_bi、jxlink_supervisor 成员读该辖区。 Reader scopes (a municipal database): a role (its members) reads every (non-personal) row of a jurisdiction (a city stands for itself and its towns and streets), or the rows of a city department''s agencies in every town. The role also needs jxlink_bi or jxlink_supervisor for the views'' privileges. A database with a single jurisdiction needs none: members of jxlink_bi and jxlink_supervisor read it.';
COMMENT ON COLUMN jxlink.reader_scope.role_name IS '角色名（登录角色或组角色；其成员据此读取）。 Role name (a login or group role; its members read through it).';
COMMENT ON COLUMN jxlink.reader_scope.jurisdiction IS '可读的辖区（市：含所辖镇街）；与 department 二者必居其一。 The jurisdiction read (a city: with its towns and streets); either this or department.';
COMMENT ON COLUMN jxlink.reader_scope.department IS '可读其派驻机构的市直部门（unit.kind = city_department）；与 jurisdiction 二者必居其一。 The city department whose agencies are read (unit.kind = city_department); either this or jurisdiction.';
COMMENT ON COLUMN jxlink.reader_scope.granted_at IS '登记时刻。 When the scope was granted.';
COMMENT ON COLUMN jxlink.reader_scope.granted_by IS '登记的角色。 The role that granted it.';
ALTER TABLE ONLY jxlink.reader_scope
    ADD CONSTRAINT reader_scope_key UNIQUE NULLS NOT DISTINCT (role_name, jurisdiction, department);
ALTER TABLE ONLY jxlink.reader_scope
    ADD CONSTRAINT reader_scope_department_fkey FOREIGN KEY (department) REFERENCES jxlink.unit(unit_id);
ALTER TABLE ONLY jxlink.reader_scope
    ADD CONSTRAINT reader_scope_jurisdiction_fkey FOREIGN KEY (jurisdiction) REFERENCES jxlink.jurisdiction(code);
GRANT SELECT ON TABLE jxlink.reader_scope TO PUBLIC;
GRANT INSERT,DELETE,UPDATE ON TABLE jxlink.reader_scope TO jxlink_admin;
SELECT pg_catalog.pg_extension_config_dump('jxlink.reader_scope', '');

-- A scope names an existing role, and a department scope a city department.
CREATE FUNCTION jxlink.reader_scope_check() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = NEW.role_name) THEN
        RAISE EXCEPTION 'role "%" does not exist', NEW.role_name
            USING ERRCODE = 'undefined_object',
                  HINT = 'Create the login or group role first; its members read through the scope.';
    END IF;
    IF NEW.department IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM jxlink.unit u WHERE u.unit_id = NEW.department AND u.kind = 'city_department') THEN
        RAISE EXCEPTION 'a reader scope''s department must be a city department'
            USING ERRCODE = 'check_violation',
                  DETAIL = format('Unit %s is not of kind city_department.', NEW.department);
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION jxlink.reader_scope_check() IS '触发器：读取范围所指角色须存在（42704），所指部门须为市直部门（23514）。 Trigger: a reader scope names an existing role (SQLSTATE 42704) and, for a department, a city department (23514).';
REVOKE ALL ON FUNCTION jxlink.reader_scope_check() FROM PUBLIC;
CREATE TRIGGER reader_scope_check BEFORE INSERT OR UPDATE ON jxlink.reader_scope FOR EACH ROW EXECUTE FUNCTION jxlink.reader_scope_check();

CREATE FUNCTION jxlink.jurisdictions_under(codes text[]) RETURNS text[]
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    SELECT coalesce(array_agg(j.code ORDER BY j.code), '{}') FROM jxlink.jurisdiction j
    WHERE j.code = ANY (codes) OR j.parent = ANY (codes)
$$;
COMMENT ON FUNCTION jxlink.jurisdictions_under(codes text[]) IS '所给辖区，连同其中各市所辖的镇街。 The jurisdictions given, with the towns and streets of those that are cities.';
REVOKE ALL ON FUNCTION jxlink.jurisdictions_under(codes text[]) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.jurisdictions_under(codes text[]) TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;

CREATE FUNCTION jxlink.my_reader_scopes() RETURNS SETOF jxlink.reader_scope
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    SELECT s.* FROM jxlink.reader_scope s JOIN pg_roles r ON r.rolname = s.role_name
    WHERE pg_has_role(current_user, r.oid, 'MEMBER')
$$;
COMMENT ON FUNCTION jxlink.my_reader_scopes() IS '当前角色（经成员关系）持有的读取范围。 The reader scopes the current role holds (through membership).';
REVOKE ALL ON FUNCTION jxlink.my_reader_scopes() FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.my_reader_scopes() TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;

CREATE FUNCTION jxlink.sole_jurisdiction() RETURNS text[]
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    SELECT CASE WHEN count(*) = 1 THEN array_agg(j.code) ELSE '{}' END FROM jxlink.jurisdiction j
$$;
COMMENT ON FUNCTION jxlink.sole_jurisdiction() IS '（内部）库中只有一个辖区时为该辖区（jxlink_bi、jxlink_supervisor 成员无需读取范围即可读它），否则为空。 (Internal) The jurisdiction of a database that has only one (members of jxlink_bi and jxlink_supervisor read it without a scope), else empty.';
REVOKE ALL ON FUNCTION jxlink.sole_jurisdiction() FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.sole_jurisdiction() TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;

CREATE FUNCTION jxlink.my_jurisdictions() RETURNS text[]
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    SELECT coalesce(array_agg(DISTINCT u.jurisdiction), '{}') FROM jxlink.unit u
    WHERE u.unit_id = ANY (jxlink.my_units())
$$;
COMMENT ON FUNCTION jxlink.my_jurisdictions() IS '当前角色如同本单位读取的单位（my_units()）所在的辖区：据此读取联席会议、决议等。 The jurisdictions of the units the current role reads as its own (my_units()): where it reads the joint meetings, resolutions and their reports.';
REVOKE ALL ON FUNCTION jxlink.my_jurisdictions() FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.my_jurisdictions() TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;

CREATE FUNCTION jxlink.supervises_jurisdictions() RETURNS text[]
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    SELECT jxlink.jurisdictions_under(ARRAY(
        SELECT s.jurisdiction FROM jxlink.staff s JOIN jxlink.unit u ON u.unit_id = s.unit_id
        WHERE s.role_name = current_user::text AND s.active AND u.kind IN ('judicial_office', 'discipline_commission')
        UNION ALL
        SELECT x.j FROM unnest(ARRAY(SELECT jurisdiction FROM jxlink.my_reader_scopes() WHERE jurisdiction IS NOT NULL)
                               || jxlink.sole_jurisdiction()) AS x(j)
        WHERE pg_has_role(current_user, 'jxlink_supervisor', 'MEMBER')))
$$;
COMMENT ON FUNCTION jxlink.supervises_jurisdictions() IS '当前角色监督的辖区：司法所、纪工委在岗人员之所在辖区（市级的含所辖镇街）；jxlink_supervisor 成员之读取范围（只有一个辖区的库即该辖区）。据此读取对应关系变更记录、联系方式读取记录与全部举报投诉。 The jurisdictions the current role supervises: active staff of a judicial office or discipline commission, their jurisdiction (a city''s with its towns); members of jxlink_supervisor, the jurisdictions of their scopes (in a database with one jurisdiction, that one). They read the staff record, the contact-read log and every complaint there.';
REVOKE ALL ON FUNCTION jxlink.supervises_jurisdictions() FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.supervises_jurisdictions() TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;

CREATE FUNCTION jxlink.reads_jurisdictions() RETURNS text[]
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    SELECT CASE WHEN pg_has_role(current_user, 'jxlink_admin', 'MEMBER')
                THEN ARRAY(SELECT j.code FROM jxlink.jurisdiction j ORDER BY j.code)
                ELSE jxlink.supervises_jurisdictions() || jxlink.jurisdictions_under(ARRAY(
                         SELECT jurisdiction FROM jxlink.my_reader_scopes() WHERE jurisdiction IS NOT NULL
                         UNION ALL
                         SELECT unnest(jxlink.sole_jurisdiction()) WHERE pg_has_role(current_user, 'jxlink_bi', 'MEMBER')))
           END
$$;
COMMENT ON FUNCTION jxlink.reads_jurisdictions() IS '当前角色可读全部（非个人信息）行的辖区：管理员为全部；监督的辖区；读取范围所列辖区（市含所辖镇街）；只有一个辖区的库中 jxlink_bi 成员读该辖区。行级安全策略据此过滤，角色成员关系与登记表决定，会话设置无从改变。 The jurisdictions whose every (non-personal) row the current role reads: all for administrators; those it supervises; those of its reader scopes (a city with its towns and streets); in a database with one jurisdiction, that one for members of jxlink_bi. The row-level security policies filter on it; role membership and the mapping tables decide, no session setting can change it.';
REVOKE ALL ON FUNCTION jxlink.reads_jurisdictions() FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.reads_jurisdictions() TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;

CREATE OR REPLACE FUNCTION jxlink.my_units() RETURNS uuid[]
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    WITH mine AS (
        SELECT s.unit_id FROM jxlink.staff s WHERE s.role_name = current_user::text AND s.active)
    SELECT coalesce(array_agg(DISTINCT x.unit_id), '{}') FROM (
        SELECT unit_id FROM mine
        UNION ALL
        SELECT a.unit_id FROM jxlink.unit a
        WHERE a.parent_department IN (SELECT unit_id FROM mine
                                      UNION ALL SELECT department FROM jxlink.my_reader_scopes() WHERE department IS NOT NULL)) x
$$;
COMMENT ON FUNCTION jxlink.my_units() IS '当前角色如同本单位读取其行的单位：其为工作人员的单位；其所在或持有读取范围的市直部门在各镇街的派驻机构（行级安全策略据此过滤）。 The units whose rows the current role reads as its own: those it is staff of, and the agencies in every town of the city departments it is staff of or holds a department scope for (the row-level security policies filter on them).';
REVOKE ALL ON FUNCTION jxlink.my_units() FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.my_units() TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;

-- reads_complainants() now returns the jurisdictions (text[]): replaced once no policy uses it
ALTER POLICY complaint_read ON jxlink.complaint USING (false);
DROP FUNCTION jxlink.reads_complainants();
CREATE FUNCTION jxlink.reads_complainants() RETURNS text[]
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    SELECT jxlink.supervises_jurisdictions() || ARRAY(
        SELECT s.jurisdiction FROM jxlink.staff s JOIN jxlink.unit u ON u.unit_id = s.unit_id
        WHERE s.role_name = current_user::text AND s.active AND u.kind = 'enforcement_team')
$$;
COMMENT ON FUNCTION jxlink.reads_complainants() IS '当前角色可读取全部举报投诉（不含举报人联系方式，后者只经 read_complainant_contact() 读取并记录）的辖区：其监督的辖区，综合执法队人员的本辖区。 The jurisdictions where the current role reads every complaint (not the complainant''s contact, which is read only through read_complainant_contact(), on record): those it supervises, and the enforcement team''s own.';
REVOKE ALL ON FUNCTION jxlink.reads_complainants() FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.reads_complainants() TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;

ALTER POLICY staff_change_read ON jxlink.staff_change USING (pg_has_role(current_user, 'jxlink_admin', 'MEMBER') OR jurisdiction = ANY ((SELECT jxlink.supervises_jurisdictions())::text[]));
COMMENT ON POLICY staff_change_read ON jxlink.staff_change IS '管理员读取全部对应关系变更记录，监督人员读取其监督辖区的记录；其他办事人员不读。 Administrators read the whole staff record, supervisors the record of the jurisdictions they supervise; other clerks do not.';
ALTER POLICY contact_read_read ON jxlink.contact_read USING (jurisdiction = ANY ((SELECT jxlink.supervises_jurisdictions())::text[]) OR reader_role = current_user::text);
COMMENT ON POLICY contact_read_read ON jxlink.contact_read IS '监督人员读取其监督辖区的全部读取记录；办事人员只读本人的读取。 Supervisors read every read in the jurisdictions they supervise; a clerk reads only its own.';
ALTER POLICY complaint_read ON jxlink.complaint USING (first_receiver = ANY ((SELECT jxlink.my_units())::uuid[]) OR jurisdiction = ANY ((SELECT jxlink.reads_jurisdictions())::text[])
       OR jurisdiction = ANY ((SELECT jxlink.reads_complainants())::text[]));
ALTER POLICY case_file_read ON jxlink.case_file USING (discovering_unit = ANY ((SELECT jxlink.my_units())::uuid[]) OR jurisdiction = ANY ((SELECT jxlink.reads_jurisdictions())::text[])
       OR EXISTS (SELECT 1 FROM jxlink.referral r WHERE r.case_id = case_file.case_id));
ALTER POLICY referral_read ON jxlink.referral USING (from_unit = ANY ((SELECT jxlink.my_units())::uuid[])
       OR (to_unit = ANY ((SELECT jxlink.my_units())::uuid[]) AND transfer_count > 0)
       OR jurisdiction = ANY ((SELECT jxlink.reads_jurisdictions())::text[]));
COMMENT ON POLICY referral_read ON jxlink.referral IS '移送单位读其移送（含草稿）；综合执法队自首次移交起读移送给它的移送（草稿、待批、已批未移交的不读，三（三）3）；监督、BI、管理员读其可读辖区（reads_jurisdictions()）的全部。案件、材料、历史随移送可读。 The sending unit reads its referrals (drafts included); the team reads a referral to it once it was first transferred (not while a draft, awaiting approval or approved, 三（三）3); supervisors, BI and administrators read every referral of the jurisdictions they read (reads_jurisdictions()). The case file, materials and history follow the referral.';
ALTER POLICY obligation_read ON jxlink.obligation USING (owner_unit = ANY ((SELECT jxlink.my_units())::uuid[])
       OR (counterpart_unit = ANY ((SELECT jxlink.my_units())::uuid[])
           AND (subject_type <> 'referral'
                OR EXISTS (SELECT 1 FROM jxlink.referral r WHERE r.referral_id = obligation.subject_id)))
       OR jurisdiction = ANY ((SELECT jxlink.reads_jurisdictions())::text[]));
ALTER POLICY referral_history_anchor_read ON jxlink.referral_history_anchor USING (jurisdiction = ANY ((SELECT jxlink.reads_jurisdictions())::text[]));
ALTER POLICY joint_meeting_read ON jxlink.joint_meeting USING (jurisdiction = ANY ((SELECT jxlink.my_jurisdictions())::text[]) OR jurisdiction = ANY ((SELECT jxlink.reads_jurisdictions())::text[]));
ALTER POLICY agenda_item_read ON jxlink.agenda_item USING (jurisdiction = ANY ((SELECT jxlink.my_jurisdictions())::text[]) OR jurisdiction = ANY ((SELECT jxlink.reads_jurisdictions())::text[]));
ALTER POLICY joint_meeting_attendee_read ON jxlink.joint_meeting_attendee USING (jurisdiction = ANY ((SELECT jxlink.my_jurisdictions())::text[]) OR jurisdiction = ANY ((SELECT jxlink.reads_jurisdictions())::text[]));
ALTER POLICY resolution_read ON jxlink.resolution USING (jurisdiction = ANY ((SELECT jxlink.my_jurisdictions())::text[]) OR jurisdiction = ANY ((SELECT jxlink.reads_jurisdictions())::text[]));
ALTER POLICY resolution_owner_read ON jxlink.resolution_owner USING (jurisdiction = ANY ((SELECT jxlink.my_jurisdictions())::text[]) OR jurisdiction = ANY ((SELECT jxlink.reads_jurisdictions())::text[]));
ALTER POLICY resolution_report_read ON jxlink.resolution_report USING (jurisdiction = ANY ((SELECT jxlink.my_jurisdictions())::text[]) OR jurisdiction = ANY ((SELECT jxlink.reads_jurisdictions())::text[]));
ALTER POLICY share_read ON jxlink.share USING (from_unit = ANY ((SELECT jxlink.my_units())::uuid[]) OR jurisdiction = ANY ((SELECT jxlink.reads_jurisdictions())::text[])
       OR EXISTS (SELECT 1 FROM jxlink.share_recipient x WHERE x.share_id = share.share_id
                  AND x.unit_id = ANY ((SELECT jxlink.my_units())::uuid[])));
ALTER POLICY share_request_read ON jxlink.share_request USING (from_unit = ANY ((SELECT jxlink.my_units())::uuid[]) OR to_unit = ANY ((SELECT jxlink.my_units())::uuid[])
       OR jurisdiction = ANY ((SELECT jxlink.reads_jurisdictions())::text[]));
ALTER POLICY share_recipient_read ON jxlink.share_recipient USING (unit_id = ANY ((SELECT jxlink.my_units())::uuid[]) OR jurisdiction = ANY ((SELECT jxlink.reads_jurisdictions())::text[])
       OR jxlink.share_sender(share_id) = ANY ((SELECT jxlink.my_units())::uuid[]));
ALTER POLICY assistance_request_read ON jxlink.assistance_request USING (requesting_unit = ANY ((SELECT jxlink.my_units())::uuid[]) OR requested_unit = ANY ((SELECT jxlink.my_units())::uuid[])
       OR jurisdiction = ANY ((SELECT jxlink.reads_jurisdictions())::text[]));
ALTER POLICY patrol_read ON jxlink.patrol USING (led_by = ANY ((SELECT jxlink.my_units())::uuid[]) OR jurisdiction = ANY ((SELECT jxlink.reads_jurisdictions())::text[])
       OR EXISTS (SELECT 1 FROM jxlink.patrol_participant p WHERE p.patrol_id = patrol.patrol_id
                  AND p.unit_id = ANY ((SELECT jxlink.my_units())::uuid[])));
ALTER POLICY patrol_participant_read ON jxlink.patrol_participant USING (unit_id = ANY ((SELECT jxlink.my_units())::uuid[]) OR jurisdiction = ANY ((SELECT jxlink.reads_jurisdictions())::text[])
       OR jxlink.patrol_leader(patrol_id) = ANY ((SELECT jxlink.my_units())::uuid[]));
ALTER POLICY accountability_finding_read ON jxlink.accountability_finding USING (unit_id = ANY ((SELECT jxlink.my_units())::uuid[]) OR jurisdiction = ANY ((SELECT jxlink.reads_jurisdictions())::text[]));

DROP FUNCTION jxlink.reads_everything();
DROP FUNCTION jxlink.reads_as_supervisor();
-- ===== end B =====

-- ===== C. calendar closures per jurisdiction =====
-- Local calendar closures (calendar_closure) and the jurisdiction forms of the
-- working-day functions: the C calendar keeps an overlay per jurisdiction.

CREATE FUNCTION jxlink.add_workdays(day date, n integer, jurisdiction text) RETURNS date
    LANGUAGE c STABLE STRICT PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_add_workdays_in';
COMMENT ON FUNCTION jxlink.add_workdays(day date, n integer, jurisdiction text) IS '同 add_workdays(day, n)，按该辖区的日历计算：全国日历减去该辖区及其所属市宣布的停工日（calendar_closure）；辖区不存在报 22023。 As add_workdays(day, n), in the jurisdiction''s calendar: the national one less the closures declared for it or for its city (calendar_closure); an unknown jurisdiction is 22023.';

CREATE FUNCTION jxlink.calendar_version(jurisdiction text) RETURNS text
    LANGUAGE c STABLE STRICT PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_calendar_version_in';
COMMENT ON FUNCTION jxlink.calendar_version(jurisdiction text) IS '该辖区所用日历的散列（16 位十六进制）：无停工日时即全国日历版本，否则另含辖区代码与适用的停工日；台账记录工作日期限按哪一版计算。 A hash of the calendar the jurisdiction uses (16 hex digits): the national version when nothing is closed for it, else also its code and the days closed for it; the ledger records it with each working-day due time.';

CREATE FUNCTION jxlink.is_workday(day date, jurisdiction text) RETURNS boolean
    LANGUAGE c STABLE STRICT PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_is_workday_in';
COMMENT ON FUNCTION jxlink.is_workday(day date, jurisdiction text) IS '该日是否为该辖区的工作日：全国工作日，且该辖区及其所属市未宣布停工（calendar_closure）；辖区不存在报 22023。 Whether the date is a working day in the jurisdiction: a national working day not closed for it or for its city (calendar_closure); an unknown jurisdiction is 22023.';

CREATE FUNCTION jxlink.workday_deadline(started_at timestamp with time zone, workdays integer, jurisdiction text) RETURNS timestamp with time zone
    LANGUAGE c STABLE STRICT PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_workday_deadline_in';
COMMENT ON FUNCTION jxlink.workday_deadline(started_at timestamp with time zone, workdays integer, jurisdiction text) IS '同 workday_deadline(started_at, workdays)，按该辖区的日历（减去停工日）计算；辖区不存在报 22023。 As workday_deadline(started_at, workdays), in the jurisdiction''s calendar (less its closures); an unknown jurisdiction is 22023.';

CREATE FUNCTION jxlink.workdays_between(start_day date, end_day date, jurisdiction text) RETURNS integer
    LANGUAGE c STABLE STRICT PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_workdays_between_in';
COMMENT ON FUNCTION jxlink.workdays_between(start_day date, end_day date, jurisdiction text) IS '同 workdays_between(start_day, end_day)，按该辖区的日历（减去停工日）计算；辖区不存在报 22023。 As workdays_between(start_day, end_day), in the jurisdiction''s calendar (less its closures); an unknown jurisdiction is 22023.';

CREATE FUNCTION jxlink.workdays_between_or_null(start_day date, end_day date, jurisdiction text) RETURNS integer
    LANGUAGE c STABLE STRICT PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_workdays_between_or_null_in';
COMMENT ON FUNCTION jxlink.workdays_between_or_null(start_day date, end_day date, jurisdiction text) IS '同 workdays_between_or_null(start_day, end_day)，按该辖区的日历（减去停工日）计算；辖区不存在报 22023。 As workdays_between_or_null(start_day, end_day), in the jurisdiction''s calendar (less its closures); an unknown jurisdiction is 22023.';

CREATE FUNCTION jxlink.calendar_closure_check() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    -- a day outside the calendar is left to the CHECK constraint (23514)
    IF NEW.day BETWEEN '1950-01-01' AND '2149-12-31' AND NOT jxlink.is_workday(NEW.day) THEN
        RAISE EXCEPTION 'cannot close % in %: it is not a national working day', NEW.day, NEW.jurisdiction
            USING ERRCODE = 'check_violation', CONSTRAINT = 'calendar_closure_day_is_workday',
                  TABLE = TG_TABLE_NAME, SCHEMA = TG_TABLE_SCHEMA,
                  DETAIL = 'A closure moves deadlines only on a day that would otherwise count (jxlink.calendar_day holds the national rest days).',
                  HINT = 'Close working days only; a change of the national calendar goes into jxlink.calendar_day.';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION jxlink.calendar_closure_check() IS '触发器：停工日必须是全国工作日（否则报 23514，约束名 calendar_closure_day_is_workday）。 Trigger: a closure must fall on a national working day (else 23514, constraint calendar_closure_day_is_workday).';
REVOKE ALL ON FUNCTION jxlink.calendar_closure_check() FROM PUBLIC;

CREATE TABLE jxlink.calendar_closure (
    jurisdiction text NOT NULL,
    day date NOT NULL,
    name_zh text NOT NULL,
    name_en text,
    document text,
    declared_by text DEFAULT jxlink.calling_role() NOT NULL,
    declared_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT calendar_closure_day_check CHECK ((day >= '1950-01-01'::date) AND (day <= '2149-12-31'::date)),
    CONSTRAINT calendar_closure_name_zh_check CHECK (name_zh <> '')
);
COMMENT ON TABLE jxlink.calendar_closure IS '地方停工日（如台风停工）：某辖区在某个全国工作日停止办公，该日不计入该辖区的工作日期限；为市宣布的，适用于该市及其下属各镇、街道。全国日历（calendar_day）仍为各辖区共用。增删后，适用辖区的未结工作日义务即按新日历重算（记入 obligation_move）。管理员用 SQL 增改。 Local closures (e.g. a typhoon): a jurisdiction closed on a national working day, which then does not count in its working-day time limits; one declared for a city applies to the city and every town and street under it. The national calendar (calendar_day) stays shared. When one is added or removed, the open working-day obligations of the jurisdictions it applies to are recomputed (recorded in obligation_move). Administrators add and correct rows with plain SQL.';
COMMENT ON COLUMN jxlink.calendar_closure.jurisdiction IS '宣布停工的辖区（为市时适用于其下属全部辖区）。 The jurisdiction closed (a city: also every jurisdiction under it).';
COMMENT ON COLUMN jxlink.calendar_closure.day IS '停工日：必须是全国工作日（1950-01-01 至 2149-12-31）。 The day closed: a national working day (1950-01-01 to 2149-12-31).';
COMMENT ON COLUMN jxlink.calendar_closure.name_zh IS '事由（中文，如 台风“杜苏芮”停工）。 The reason, in Chinese (e.g. 台风“杜苏芮”停工).';
COMMENT ON COLUMN jxlink.calendar_closure.name_en IS '事由（英文）。 The reason, in English.';
COMMENT ON COLUMN jxlink.calendar_closure.document IS '宣布停工的文件（文号）。 The document declaring the closure (its number).';
COMMENT ON COLUMN jxlink.calendar_closure.declared_by IS '登记的角色。 The role that recorded it.';
COMMENT ON COLUMN jxlink.calendar_closure.declared_at IS '登记时间。 When it was recorded.';
ALTER TABLE ONLY jxlink.calendar_closure
    ADD CONSTRAINT calendar_closure_pkey PRIMARY KEY (jurisdiction, day);
CREATE TRIGGER calendar_closure_changed AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON jxlink.calendar_closure FOR EACH STATEMENT EXECUTE FUNCTION jxlink.calendar_changed();
CREATE TRIGGER calendar_closure_check BEFORE INSERT OR UPDATE ON jxlink.calendar_closure FOR EACH ROW EXECUTE FUNCTION jxlink.calendar_closure_check();
GRANT SELECT ON TABLE jxlink.calendar_closure TO PUBLIC;
GRANT INSERT,DELETE,UPDATE ON TABLE jxlink.calendar_closure TO jxlink_admin;
SELECT pg_catalog.pg_extension_config_dump('jxlink.calendar_closure', '');

CREATE TRIGGER jurisdiction_calendar_changed AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON jxlink.jurisdiction FOR EACH STATEMENT EXECUTE FUNCTION jxlink.calendar_changed();
ALTER TABLE ONLY jxlink.calendar_closure
    ADD CONSTRAINT calendar_closure_jurisdiction_fkey FOREIGN KEY (jurisdiction) REFERENCES jxlink.jurisdiction(code);

CREATE FUNCTION jxlink.time_limit_due(period jxlink.time_limit, started_at timestamp with time zone, jurisdiction text) RETURNS timestamp with time zone
    LANGUAGE c STABLE STRICT PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_time_limit_due';
COMMENT ON FUNCTION jxlink.time_limit_due(period jxlink.time_limit, started_at timestamp with time zone, jurisdiction text) IS '同 started_at + period，但工作日按该辖区的日历计算（跳过该辖区及其所属市的停工日）；小时、自然日、季度不受停工影响；辖区不存在报 22023。 As started_at + period, with working days counted in the jurisdiction''s calendar (its closures and its city''s skipped); hours, calendar days and quarters are not moved by closures; an unknown jurisdiction is 22023.';

CREATE FUNCTION jxlink.time_limit_last_day(period jxlink.time_limit, start_day date, jurisdiction text) RETURNS date
    LANGUAGE c STABLE STRICT PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_time_limit_last_day';
COMMENT ON FUNCTION jxlink.time_limit_last_day(period jxlink.time_limit, start_day date, jurisdiction text) IS '同 start_day + period（期限的最后一日），但工作日按该辖区的日历计算（跳过停工日）；辖区不存在报 22023。 As start_day + period (the last day), with working days counted in the jurisdiction''s calendar (closures skipped); an unknown jurisdiction is 22023.';

-- the ledger counts working days in the jurisdiction's calendar
CREATE OR REPLACE FUNCTION jxlink.obligation_due_by(period jxlink.time_limit, started_at timestamp with time zone, jurisdiction text, OUT due_at timestamp with time zone, OUT due_date date, OUT provisional boolean, OUT calendar_version text) RETURNS record
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    unit text := jxlink.time_limit_unit(period);
    held timestamptz;
BEGIN
    provisional := false;
    IF unit = 'next_meeting' THEN
        SELECT min(m.held_at) INTO held FROM jxlink.joint_meeting m
        WHERE m.jurisdiction = obligation_due_by.jurisdiction AND m.held_at > obligation_due_by.started_at;
        -- while none is held: the last day of the quarter after the start's
        due_date := coalesce(jxlink.local_date(held),
                             ((jxlink.local_date(started_at) OPERATOR(jxlink.+) '1 季度'::jxlink.time_limit) + 1)
                                 OPERATOR(jxlink.+) '1 季度'::jxlink.time_limit);
        due_at := jxlink.local_midnight(due_date + 1);
    ELSE
        -- working days in the jurisdiction's calendar (less its closures and its city's)
        due_at := jxlink.time_limit_due(period, started_at, jurisdiction);
        due_date := CASE WHEN unit = 'hours' THEN jxlink.local_date(due_at)
                         ELSE jxlink.time_limit_last_day(period, jxlink.local_date(started_at), jurisdiction) END;
        IF unit = 'workdays' THEN
            provisional := jxlink.is_provisional(due_date);
            calendar_version := jxlink.calendar_version(jurisdiction);
        END IF;
    END IF;
END
$$;
COMMENT ON FUNCTION jxlink.obligation_due_by(period jxlink.time_limit, started_at timestamp with time zone, jurisdiction text, OUT due_at timestamp with time zone, OUT due_date date, OUT provisional boolean, OUT calendar_version text) IS '（内部）台账唯一的期限计算：某期限（jxlink.time_limit：工作日、小时、季度、下次联席会议、约定日）自某时刻起算的逾期起点、届满日、是否暂定、日历版本；计算即期限类型自身的运算（time_limit_due、time_limit_last_day：同 timestamptz + time_limit、date + time_limit，但工作日按该辖区的日历，跳过其停工日），下次会议另查所在辖区召开的联席会议。 (Internal) The ledger''s one computation of due times: the first late instant, last day, provisional flag and calendar version of a time limit (jxlink.time_limit: working days, hours, quarter, next joint meeting, agreed day) started at an instant; the counting is the type''s own (time_limit_due, time_limit_last_day: as timestamptz + time_limit and date + time_limit, with working days in the jurisdiction''s calendar, its closures skipped), and the next meeting looks up the joint meetings held in the jurisdiction.';
REVOKE ALL ON FUNCTION jxlink.obligation_due_by(period jxlink.time_limit, started_at timestamp with time zone, jurisdiction text, OUT due_at timestamp with time zone, OUT due_date date, OUT provisional boolean, OUT calendar_version text) FROM PUBLIC;

CREATE FUNCTION jxlink.obligation_recompute_closure() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    changed text[];
    places  text[];
    j       text;
BEGIN
    -- a dump being restored (its script turns check_function_bodies off) brings
    -- the ledger back as it was: the calendar tables come back one by one after
    -- it, and recomputing between them would record moves there and back
    IF current_setting('check_function_bodies') = 'off' THEN
        RETURN NULL;
    END IF;
    IF TG_TABLE_NAME = 'jurisdiction' THEN
        SELECT array_agg(format('%s now under %s', n.code, coalesce(n.parent, 'no city')) ORDER BY n.code),
               array_agg(n.code)
        INTO changed, places
        FROM changed_new n JOIN changed_old o ON o.code = n.code
        WHERE n.parent IS DISTINCT FROM o.parent;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(format('%s %s %s removed', c.jurisdiction, c.day, c.name_zh) ORDER BY c.jurisdiction, c.day),
               array_agg(c.jurisdiction)
        INTO changed, places FROM changed_old c;
    ELSE
        SELECT array_agg(format('%s %s %s', c.jurisdiction, c.day, c.name_zh) ORDER BY c.jurisdiction, c.day),
               array_agg(c.jurisdiction)
        INTO changed, places FROM changed_new c;
        IF TG_OP = 'UPDATE' THEN
            SELECT places || array_agg(c.jurisdiction) INTO places FROM changed_old c;
        END IF;
    END IF;
    -- a city's closure applies to every jurisdiction under it
    SELECT array_agg(u.code ORDER BY u.code) INTO places FROM jxlink.jurisdiction u
    WHERE u.code = ANY (places) OR u.parent = ANY (places);
    FOREACH j IN ARRAY coalesce(places, '{}') LOOP
        PERFORM jxlink.obligation_recompute_open('workdays', j,
            format('calendar closure, %s on %s: %s%s', lower(TG_OP), TG_TABLE_NAME,
                   array_to_string(changed[1:5], '; '),
                   CASE WHEN cardinality(changed) > 5 THEN format('; and %s more', cardinality(changed) - 5) ELSE '' END));
    END LOOP;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION jxlink.obligation_recompute_closure() IS '触发器：地方停工日增删改（或辖区改属另一市）后，其适用辖区（该辖区；为市时另含其下属全部辖区）的未结工作日义务按该辖区的新日历重算，每项变动记入 obligation_move 并注明停工日；其他辖区的义务不动；恢复转储时（转储脚本关闭 check_function_bodies）不动台账。 Trigger: after a local closure is added, changed or removed (or a jurisdiction moves under another city), the open working-day obligations of the jurisdictions it applies to (that one; for a city also every jurisdiction under it) are recomputed under their new calendar, each move recorded in obligation_move naming the closure; other jurisdictions'' obligations do not move; while a dump is restored (its script turns check_function_bodies off) the ledger is left as restored.';
REVOKE ALL ON FUNCTION jxlink.obligation_recompute_closure() FROM PUBLIC;

CREATE TRIGGER calendar_closure_recompute_insert AFTER INSERT ON jxlink.calendar_closure REFERENCING NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION jxlink.obligation_recompute_closure();

CREATE TRIGGER calendar_closure_recompute_update AFTER UPDATE ON jxlink.calendar_closure REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION jxlink.obligation_recompute_closure();

CREATE TRIGGER calendar_closure_recompute_delete AFTER DELETE ON jxlink.calendar_closure REFERENCING OLD TABLE AS changed_old FOR EACH STATEMENT EXECUTE FUNCTION jxlink.obligation_recompute_closure();

CREATE TRIGGER jurisdiction_calendar_recompute AFTER UPDATE ON jxlink.jurisdiction REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION jxlink.obligation_recompute_closure();
-- the readers count working days (left, late) in each row's jurisdiction's calendar

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
    FROM (SELECT jxlink.workdays_between_or_null(jxlink.local_date(as_of), o.due_date, o.jurisdiction) AS workdays_left,
                 jxlink.period_length(o.period, o.started_at, o.due_date) AS period_length,
                 pg_catalog.round(pg_catalog.date_part('epoch', o.due_at OPERATOR(pg_catalog.-) as_of)::numeric
                                  OPERATOR(pg_catalog./) 3600, 1) AS hours_left) w) x
CROSS JOIN (
    SELECT pg_catalog.max(t.value) FILTER (WHERE t.name OPERATOR(pg_catalog.=) 'due_soon_workdays') AS workdays,
           pg_catalog.max(t.value) FILTER (WHERE t.name OPERATOR(pg_catalog.=) 'due_soon_hours') AS hours,
           pg_catalog.max(t.value) FILTER (WHERE t.name OPERATOR(pg_catalog.=) 'due_soon_fraction') AS fraction
    FROM jxlink.setting t) s
WHERE o.due_at OPERATOR(pg_catalog.>) as_of
  AND jxlink.check_calendar_time(as_of, 'as_of') IS NOT DISTINCT FROM as_of
  AND o.started_at OPERATOR(pg_catalog.<=) as_of
  AND (o.status OPERATOR(pg_catalog.=) 'open' OR o.met_at OPERATOR(pg_catalog.>) as_of)
$$;

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
               THEN pg_catalog.int4larger(jxlink.workdays_between_or_null(o.due_date, jxlink.local_date(o.met_at), o.jurisdiction), 0)
           WHEN o.due_at OPERATOR(pg_catalog.<=) as_of
               THEN pg_catalog.int4larger(jxlink.workdays_between_or_null(o.due_date, jxlink.local_date(as_of), o.jurisdiction), 0)
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
    SELECT jxlink.workdays_between_or_null(jxlink.local_date(as_of), o.due_date, o.jurisdiction) AS workdays_left,
           pg_catalog.round(pg_catalog.date_part('epoch', o.due_at OPERATOR(pg_catalog.-) as_of)::numeric
                            OPERATOR(pg_catalog./) 3600, 1) AS hours_left,
           jxlink.period_length(o.period, o.started_at, o.due_date) AS period_length) x
CROSS JOIN (
    SELECT pg_catalog.max(t.value) FILTER (WHERE t.name OPERATOR(pg_catalog.=) 'due_soon_workdays') AS workdays,
           pg_catalog.max(t.value) FILTER (WHERE t.name OPERATOR(pg_catalog.=) 'due_soon_hours') AS hours,
           pg_catalog.max(t.value) FILTER (WHERE t.name OPERATOR(pg_catalog.=) 'due_soon_fraction') AS fraction
    FROM jxlink.setting t) s
WHERE o.started_at OPERATOR(pg_catalog.<=) as_of
  AND jxlink.check_calendar_time(as_of, 'as_of') IS NOT DISTINCT FROM as_of
$$;

CREATE OR REPLACE FUNCTION jxlink.overdue_as_of(as_of timestamp with time zone) RETURNS TABLE(obligation_id uuid, jurisdiction text, kind text, subject_type text, subject_id uuid, subject_ref text, subject_title text, owner_unit uuid, owner_code text, owner_name_zh text, owner_kind text, counterpart_unit uuid, counterpart_code text, counterpart_name_zh text, rule_code text, clause text, period jxlink.time_limit, started_at timestamp with time zone, due_at timestamp with time zone, due_date date, provisional boolean, late_workdays integer, late_hours numeric, warning text)
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
SELECT o.obligation_id, o.jurisdiction, o.kind, o.subject_type, o.subject_id, o.subject_ref, o.subject_title,
       o.owner_unit, ou.code, ou.name_zh, ou.kind, o.counterpart_unit, cu.code, cu.name_zh,
       o.rule_code, o.clause, o.period,
       o.started_at, o.due_at, o.due_date, o.provisional,
       pg_catalog.int4larger(jxlink.workdays_between_or_null(o.due_date, jxlink.local_date(as_of), o.jurisdiction), 0),
       pg_catalog.round(pg_catalog.date_part('epoch', as_of OPERATOR(pg_catalog.-) o.due_at)::numeric
                        OPERATOR(pg_catalog./) 3600, 1),
       'red'::pg_catalog.text
FROM jxlink.obligation o
JOIN jxlink.unit ou ON ou.unit_id OPERATOR(pg_catalog.=) o.owner_unit
LEFT JOIN jxlink.unit cu ON cu.unit_id OPERATOR(pg_catalog.=) o.counterpart_unit
WHERE o.due_at OPERATOR(pg_catalog.<=) as_of
  AND jxlink.check_calendar_time(as_of, 'as_of') IS NOT DISTINCT FROM as_of
  AND o.started_at OPERATOR(pg_catalog.<=) as_of
  AND (o.status OPERATOR(pg_catalog.=) 'open' OR o.met_at OPERATOR(pg_catalog.>) as_of)
$$;
-- explanations count in the jurisdiction's calendar (a closed day is a day skipped)

DROP FUNCTION jxlink.obligation_workday_lines(start_day date, last_day date, old_rows jxlink.calendar_day[], changed date[]);
CREATE FUNCTION jxlink.obligation_workday_lines(start_day date, last_day date, old_rows jxlink.calendar_day[] DEFAULT '{}'::jxlink.calendar_day[], changed date[] DEFAULT '{}'::date[], jurisdiction text DEFAULT NULL::text) RETURNS text[]
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
        format('%s %s (%s)', x.d, to_char(x.d, 'Dy'),
               CASE WHEN y.closed IS NOT NULL THEN format('local closure: %s', y.closed)
                    ELSE coalesce(y.name_zh || ' ' || y.name_en, 'weekend') END),
        ', ' ORDER BY x.d) FILTER (WHERE NOT y.w), '-')),
    format('last day %s, until 24:00 local time', last_day)]
FROM generate_series(start_day + 1, last_day, interval '1 day') AS g (t)
CROSS JOIN LATERAL (SELECT g.t::date AS d) x
LEFT JOIN jxlink.calendar_day c ON c.day = x.d
CROSS JOIN LATERAL (
    SELECT n.w AND k.name_zh IS NULL AS w,
           CASE WHEN n.w THEN k.name_zh || coalesce(' ' || k.name_en, '') END AS closed,
           CASE WHEN x.d = ANY (changed) THEN o.kind ELSE c.kind END AS kind,
           CASE WHEN x.d = ANY (changed) THEN o.name_zh ELSE c.name_zh END AS name_zh,
           CASE WHEN x.d = ANY (changed) THEN o.name_en ELSE c.name_en END AS name_en
    FROM (SELECT) AS one
    LEFT JOIN LATERAL (SELECT r.* FROM unnest(old_rows) r WHERE r.day = x.d LIMIT 1) o ON true
    CROSS JOIN LATERAL (SELECT CASE WHEN x.d = ANY (changed) THEN coalesce(o.kind = 'workday', extract(isodow FROM x.d) < 6)
                                    ELSE jxlink.is_workday(x.d) END AS w) n
    LEFT JOIN LATERAL (SELECT k.name_zh, k.name_en FROM jxlink.calendar_closure k
                       JOIN jxlink.jurisdiction j ON k.jurisdiction IN (j.code, j.parent)
                       WHERE j.code = obligation_workday_lines.jurisdiction AND k.day = x.d
                       ORDER BY k.jurisdiction = j.code DESC LIMIT 1) k ON true) y
$$;
COMMENT ON FUNCTION jxlink.obligation_workday_lines(start_day date, last_day date, old_rows jxlink.calendar_day[], changed date[], jurisdiction text) IS '（内部）起算日（不计入）至届满日之间计入的工作日与跳过的日期（附节日名称或停工事由），按现行日历或变更前的日历（changed 中的日期按 old_rows，无行者按周一至周五）；给出辖区时另按其停工日（含所属市的）跳过，为解释之用。 (Internal) The working days counted and the days skipped (with holiday names or the reason of a closure) between a start day (not counted) and a last day, under the calendar in force or as it was before a change (the days in changed follow old_rows, or the weekday rule where they had none); given a jurisdiction, its local closures (and its city''s) are skipped too, for an explanation.';

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
    -- a dump being restored (its script turns check_function_bodies off) brings
    -- the ledger back as it was, moves and derivations included
    IF current_setting('check_function_bodies') = 'off' THEN
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
        SET derivation = jxlink.obligation_workday_lines(jxlink.local_date(o.started_at), o.due_date, old_rows, days, o.jurisdiction)
        WHERE o.status <> 'open' AND jxlink.time_limit_unit(o.period) = 'workdays' AND o.derivation IS NULL
          AND o.due_date >= (SELECT min(d) FROM unnest(days) d)
          AND EXISTS (SELECT 1 FROM unnest(days) d
                      WHERE d > jxlink.local_date(o.started_at) AND d <= o.due_date)
          AND jxlink.time_limit_last_day(o.period, jxlink.local_date(o.started_at), o.jurisdiction) <> o.due_date;
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
COMMENT ON FUNCTION jxlink.obligation_recompute() IS '触发器：日历变更后，涉及变更日期的已履行、已免除工作日义务保存其判定所依据的日期推算（按变更前的日历），所有未结工作日义务按新日历重算期限并记录每项变动及引起变动的日历行；恢复转储时（转储脚本关闭 check_function_bodies）不动台账。 Trigger: after a calendar change, the met and waived working-day obligations over a changed day keep the derivation of the days they were judged with (under the calendar as it was), and every open working-day obligation is recomputed under the new one, each move recorded with the calendar rows that caused it; while a dump is restored (its script turns check_function_bodies off) the ledger is left as restored.';
REVOKE ALL ON FUNCTION jxlink.obligation_recompute() FROM PUBLIC;

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
        format('rule %s, clause %s (%s): %s - %s', o.rule_code, o.clause,
               CASE r.basis WHEN 'provision' THEN 'provision' ELSE 'local policy' END,
               jxlink.time_limit_en(o.period), r.description_zh),
        format('started %s %s (local date %s %s)', to_char(o.started_at AT TIME ZONE tz, 'YYYY-MM-DD HH24:MI'),
               tz, start, to_char(start, 'Dy'))];
    IF o.claimed_start_at = o.started_at THEN
        lines := lines || 'the start as claimed, confirmed by the owing unit''s own record of meeting it before the obligation was recorded'::text;
    ELSIF o.claimed_start_at IS NOT NULL THEN
        lines := lines || format('claimed start %s %s, recorded %s %s: owed by a unit other than the recorder''s, it starts when recorded',
                                 to_char(o.claimed_start_at AT TIME ZONE tz, 'YYYY-MM-DD HH24:MI'), tz,
                                 to_char(o.created_at AT TIME ZONE tz, 'YYYY-MM-DD HH24:MI'), tz);
    END IF;

    CASE jxlink.time_limit_unit(o.period)
    WHEN 'workdays' THEN
        IF cardinality(o.derivation) > 0 THEN
            lines := lines || o.derivation
                || format('(the days as counted under calendar version %s, with which it was judged)', o.calendar_version);
        ELSIF o.derivation IS NOT NULL THEN
            lines := lines || format('the days counted under calendar version %s were not kept (judged before jxlink 0.8.0); last day %s, until 24:00 local time',
                                     o.calendar_version, o.due_date);
        ELSIF jxlink.workdays_between_or_null(start, o.due_date) IS NULL THEN
            lines := lines || format('the working days cannot be counted: the start day %s or the last day %s lies outside the working-day calendar', start, o.due_date);
        ELSE
            lines := lines || jxlink.obligation_workday_lines(start, o.due_date, '{}', '{}', o.jurisdiction);
        END IF;
    WHEN 'hours' THEN
        lines := lines || format('counted on the clock: %s hours; holidays do not extend it', jxlink.time_limit_amount(o.period));
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
        lines := lines || format('the last day agreed when it was opened, %s days after the start day', jxlink.time_limit_amount(o.period))
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
           ELSE format('status: waived %s %s by %s (%s)%s', to_char(o.met_at AT TIME ZONE tz, 'YYYY-MM-DD HH24:MI'), tz,
                       o.met_by, coalesce(o.note, ''),
                       CASE WHEN o.met_late THEN ', after it was due: LATE (waived_late, 撤回时已逾期)' ELSE '' END)
           END;
    RETURN array_to_string(lines, E'\n');
END
$$;
COMMENT ON FUNCTION jxlink.explain_obligation(obligation_id uuid) IS '解释一项义务的期限，全部取自义务本身：起算时刻（及事件所称时刻，如期限自记录时起算）、期限与条款、计入的工作日与跳过的日期（按判定时的日历）、未结期间的期限变动（从何到何、因何、何时、何人）、逾期起点、日历版本、履行情况（逾期后免除的标明 waived_late）（按 jxlink.timezone 显示）。 Explain an obligation''s due time from the obligation itself: start (and the start claimed, when it starts when recorded), period and clause, the working days counted and the days skipped (under the calendar it was judged with), each move while it was open (from what, to what, why, when, by whom), the first late instant, the calendar version, and whether it was met (a waiver after the due time shown as waived_late) (shown in jxlink.timezone).';
REVOKE ALL ON FUNCTION jxlink.explain_obligation(obligation_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.explain_obligation(obligation_id uuid) TO jxlink_clerk, jxlink_supervisor, jxlink_admin, jxlink_bi;
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
    FROM (SELECT jxlink.workdays_between_or_null(jxlink.local_date(as_of), o.due_date, o.jurisdiction) AS workdays_left,
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
               THEN pg_catalog.int4larger(jxlink.workdays_between_or_null(o.due_date, jxlink.local_date(o.met_at), o.jurisdiction), 0)
           WHEN o.due_at OPERATOR(pg_catalog.<=) as_of
               THEN pg_catalog.int4larger(jxlink.workdays_between_or_null(o.due_date, jxlink.local_date(as_of), o.jurisdiction), 0)
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
    SELECT jxlink.workdays_between_or_null(jxlink.local_date(as_of), o.due_date, o.jurisdiction) AS workdays_left,
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
-- The city's read models (issue 13, step 5): towns ranked, a city department's
-- agencies side by side, open and overdue items per town; each live and as of an instant.

CREATE FUNCTION jxlink.period_judged_at(from_date date, to_date date) RETURNS timestamp with time zone
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    PERFORM jxlink.check_calendar_date(period_judged_at.from_date, 'from_date'), jxlink.check_calendar_date(period_judged_at.to_date, 'to_date');
    IF from_date IS NULL OR to_date IS NULL OR from_date > to_date THEN
        RAISE EXCEPTION 'invalid period: % to %', from_date, to_date
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Give the first and the last day, the first not after the last.';
    END IF;
    RETURN least(jxlink.local_midnight(to_date + 1), now());
END
$$;
COMMENT ON FUNCTION jxlink.period_judged_at(from_date date, to_date date) IS '（内部）某期间报表的评判时刻：to_date 次日 00:00（本地时间），期间未完则为当前；期间无效时报错（22023、22008）。 (Internal) The instant a period''s report is judged at: 00:00 local time after to_date, or now while the period runs; an invalid period is refused (22023, 22008).';
REVOKE ALL ON FUNCTION jxlink.period_judged_at(from_date date, to_date date) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.period_judged_at(from_date date, to_date date) TO jxlink_clerk, jxlink_supervisor, jxlink_admin, jxlink_bi;

CREATE FUNCTION jxlink.scorecard_rollup_at(from_date date, to_date date, as_of timestamp with time zone) RETURNS TABLE(jurisdiction text, owner_unit uuid, quarter_start date, total bigint, met_on_time bigint, met_late bigint, overdue bigint, not_yet_due bigint, waived bigint, refused bigint, waived_late bigint, late_workdays_sum bigint, late_count bigint, max_late_workdays integer)
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
SELECT s.jurisdiction, s.owner_unit,
       pg_catalog.date_trunc('quarter', s.due_date::timestamp without time zone)::pg_catalog.date,
       pg_catalog.count(*),
       pg_catalog.count(*) FILTER (WHERE s.status OPERATOR(pg_catalog.=) 'met_on_time'),
       pg_catalog.count(*) FILTER (WHERE s.status OPERATOR(pg_catalog.=) 'met_late'),
       pg_catalog.count(*) FILTER (WHERE s.status OPERATOR(pg_catalog.=) 'overdue'),
       pg_catalog.count(*) FILTER (WHERE s.status OPERATOR(pg_catalog.=) ANY ('{pending,due_soon}'::pg_catalog.text[])),
       pg_catalog.count(*) FILTER (WHERE s.status OPERATOR(pg_catalog.=) 'waived'),
       pg_catalog.count(*) FILTER (WHERE s.status OPERATOR(pg_catalog.=) 'refused'),
       pg_catalog.count(*) FILTER (WHERE s.status OPERATOR(pg_catalog.=) 'waived_late'),
       pg_catalog.sum(s.late_workdays) FILTER (WHERE s.status OPERATOR(pg_catalog.=) ANY ('{met_late,overdue,waived_late}'::pg_catalog.text[])),
       pg_catalog.count(s.late_workdays) FILTER (WHERE s.status OPERATOR(pg_catalog.=) ANY ('{met_late,overdue,waived_late}'::pg_catalog.text[])),
       pg_catalog.max(s.late_workdays) FILTER (WHERE s.status OPERATOR(pg_catalog.=) ANY ('{met_late,overdue,waived_late}'::pg_catalog.text[]))
FROM jxlink.obligation_status_at(as_of) s
WHERE s.due_date OPERATOR(pg_catalog.>=) from_date
  AND s.due_date OPERATOR(pg_catalog.<=) to_date
GROUP BY s.jurisdiction, s.owner_unit, pg_catalog.date_trunc('quarter', s.due_date::timestamp without time zone)::pg_catalog.date
$$;
COMMENT ON FUNCTION jxlink.scorecard_rollup_at(from_date date, to_date date, as_of timestamp with time zone) IS '（内部）期限届满日在 [from_date, to_date] 内的义务截至 as_of 的计数，按负担单位与季度（各种类合计）；逾期工作日以总和与个数给出，便于汇总。 (Internal) Counts of the obligations whose last day is in [from_date, to_date], as of an instant, per owner unit and quarter (every kind together); lateness as a sum and a count, so that it adds up.';
REVOKE ALL ON FUNCTION jxlink.scorecard_rollup_at(from_date date, to_date date, as_of timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.scorecard_rollup_at(from_date date, to_date date, as_of timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin, jxlink_bi;

CREATE FUNCTION jxlink.jurisdiction_scorecard_at(from_date date, to_date date, as_of timestamp with time zone) RETURNS TABLE(jurisdiction text, name_zh text, level text, parent text, quarter text, quarter_start date, total bigint, met_on_time bigint, met_late bigint, overdue bigint, not_yet_due bigint, waived bigint, refused bigint, waived_late bigint, on_time_rate numeric, avg_late_workdays numeric, max_late_workdays integer, rank_in_city bigint)
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
SELECT g.jurisdiction, j.name_zh, j.level, j.parent,
       pg_catalog.to_char(g.quarter_start::timestamp without time zone, 'YYYY-"Q"Q'), g.quarter_start,
       g.total, g.met_on_time, g.met_late, g.overdue, g.not_yet_due, g.waived, g.refused, g.waived_late, r.rate,
       CASE WHEN g.late_count OPERATOR(pg_catalog.>) 0
            THEN pg_catalog.round(g.late_workdays_sum::numeric OPERATOR(pg_catalog./) g.late_count, 2) END,
       g.max_late_workdays,
       pg_catalog.rank() OVER (PARTITION BY j.parent, g.quarter_start ORDER BY r.rate DESC NULLS LAST)
FROM (
    SELECT c.jurisdiction, c.quarter_start,
           pg_catalog.sum(c.total)::bigint AS total, pg_catalog.sum(c.met_on_time)::bigint AS met_on_time,
           pg_catalog.sum(c.met_late)::bigint AS met_late, pg_catalog.sum(c.overdue)::bigint AS overdue,
           pg_catalog.sum(c.not_yet_due)::bigint AS not_yet_due, pg_catalog.sum(c.waived)::bigint AS waived,
           pg_catalog.sum(c.refused)::bigint AS refused, pg_catalog.sum(c.waived_late)::bigint AS waived_late,
           pg_catalog.sum(c.late_workdays_sum)::bigint AS late_workdays_sum, pg_catalog.sum(c.late_count)::bigint AS late_count,
           pg_catalog.max(c.max_late_workdays) AS max_late_workdays
    FROM jxlink.scorecard_rollup_at(from_date, to_date, as_of) c
    GROUP BY c.jurisdiction, c.quarter_start) g
JOIN jxlink.jurisdiction j ON j.code OPERATOR(pg_catalog.=) g.jurisdiction
CROSS JOIN LATERAL (SELECT jxlink.on_time_rate(g.met_on_time, g.met_late, g.overdue, g.refused, g.waived_late) AS rate) r
$$;
COMMENT ON FUNCTION jxlink.jurisdiction_scorecard_at(from_date date, to_date date, as_of timestamp with time zone) IS '（供报表）各辖区每季度的履行情况（期限届满日在 [from_date, to_date] 内，截至 as_of）及在同一市内的按时率名次（市级通报对各镇街的排名）；只计读者可读的行。 (For reports) Per jurisdiction and quarter, the obligations whose last day is in [from_date, to_date] as of an instant, with the rank of its on-time rate among the towns and streets of its city (the ranking of a city bulletin); counts the rows the reader reads.';
REVOKE ALL ON FUNCTION jxlink.jurisdiction_scorecard_at(from_date date, to_date date, as_of timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.jurisdiction_scorecard_at(from_date date, to_date date, as_of timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin, jxlink_bi;

CREATE VIEW jxlink.jurisdiction_scorecard WITH (security_invoker = true) AS
SELECT * FROM jxlink.jurisdiction_scorecard_at('-infinity', 'infinity', pg_catalog.now());
COMMENT ON VIEW jxlink.jurisdiction_scorecard IS '各辖区（镇、街道、市本级）每季度的履行情况（按期限届满日所在季度，截至当前）及在市内的按时率名次：市级通报的镇街排名。 Per jurisdiction (town, street, the city itself) and quarter of the last day, as of now: the obligations'' outcomes and the rank of the on-time rate within the city, the ranking of towns in a city bulletin.';
COMMENT ON COLUMN jxlink.jurisdiction_scorecard.jurisdiction IS '辖区代码。 Jurisdiction code.';
COMMENT ON COLUMN jxlink.jurisdiction_scorecard.name_zh IS '辖区名称。 Jurisdiction name.';
COMMENT ON COLUMN jxlink.jurisdiction_scorecard.level IS '层级（city、town、street）。 Level (city, town, street).';
COMMENT ON COLUMN jxlink.jurisdiction_scorecard.parent IS '所属的市。 The city it belongs to.';
COMMENT ON COLUMN jxlink.jurisdiction_scorecard.quarter IS '季度（期限届满日所在，如 2024-Q4）。 Quarter of the last day (e.g. 2024-Q4).';
COMMENT ON COLUMN jxlink.jurisdiction_scorecard.quarter_start IS '季度首日。 First day of the quarter.';
COMMENT ON COLUMN jxlink.jurisdiction_scorecard.total IS '义务总数。 Number of obligations.';
COMMENT ON COLUMN jxlink.jurisdiction_scorecard.met_on_time IS '按时履行数。 Met on time.';
COMMENT ON COLUMN jxlink.jurisdiction_scorecard.met_late IS '逾期履行数。 Met late.';
COMMENT ON COLUMN jxlink.jurisdiction_scorecard.overdue IS '仍逾期未履行数。 Still overdue.';
COMMENT ON COLUMN jxlink.jurisdiction_scorecard.not_yet_due IS '未到期数。 Not yet due.';
COMMENT ON COLUMN jxlink.jurisdiction_scorecard.waived IS '到期前免除数（不计入按时率）。 Waived before it was due (outside the on-time rate).';
COMMENT ON COLUMN jxlink.jurisdiction_scorecard.refused IS '以拒绝作答数（计入按时率分母）。 Answered with a refusal (counted in the on-time rate''s denominator).';
COMMENT ON COLUMN jxlink.jurisdiction_scorecard.waived_late IS '逾期后免除数（计为逾期）。 Waived after it was due (counted late).';
COMMENT ON COLUMN jxlink.jurisdiction_scorecard.on_time_rate IS '按时率（定义同 unit_scorecard）。 On-time rate (as in unit_scorecard).';
COMMENT ON COLUMN jxlink.jurisdiction_scorecard.avg_late_workdays IS '平均逾期工作日。 Average working days late.';
COMMENT ON COLUMN jxlink.jurisdiction_scorecard.max_late_workdays IS '最长逾期工作日。 Worst lateness in working days.';
COMMENT ON COLUMN jxlink.jurisdiction_scorecard.rank_in_city IS '本季度在同一市各辖区中的按时率名次（1 为最高；无可评义务者居末）。 Rank of the on-time rate among the jurisdictions of the same city in the quarter (1 is best; those with nothing judged come last).';
GRANT SELECT ON TABLE jxlink.jurisdiction_scorecard TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;

CREATE FUNCTION jxlink.jurisdiction_scorecard_for(from_date date, to_date date) RETURNS SETOF jxlink.jurisdiction_scorecard
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
SELECT s.* FROM jxlink.period_judged_at(from_date, to_date) AS j(judged_at)
CROSS JOIN LATERAL jxlink.jurisdiction_scorecard_at(from_date, to_date, j.judged_at) s
$$;
COMMENT ON FUNCTION jxlink.jurisdiction_scorecard_for(from_date date, to_date date) IS '某一期间（期限届满日在 [from_date, to_date] 内）各辖区的履行情况与市内名次，按期末（to_date 次日 00:00 本地时间）状态：上季度的排名不随今天变化。 The jurisdictions'' scorecard and ranking within the city for a period (last day in [from_date, to_date]), judged as at its end (00:00 local time after to_date): last quarter''s ranking does not change with today.';
REVOKE ALL ON FUNCTION jxlink.jurisdiction_scorecard_for(from_date date, to_date date) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.jurisdiction_scorecard_for(from_date date, to_date date) TO jxlink_clerk, jxlink_supervisor, jxlink_admin, jxlink_bi;

CREATE FUNCTION jxlink.department_scorecard_at(from_date date, to_date date, as_of timestamp with time zone) RETURNS TABLE(department uuid, department_code text, department_name_zh text, jurisdiction text, jurisdiction_name_zh text, unit_id uuid, unit_code text, unit_name_zh text, quarter text, quarter_start date, total bigint, met_on_time bigint, met_late bigint, overdue bigint, not_yet_due bigint, waived bigint, refused bigint, waived_late bigint, on_time_rate numeric, avg_late_workdays numeric, max_late_workdays integer, rank_in_department bigint)
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
SELECT d.unit_id, d.code, d.name_zh, g.jurisdiction, j.name_zh, u.unit_id, u.code, u.name_zh,
       pg_catalog.to_char(g.quarter_start::timestamp without time zone, 'YYYY-"Q"Q'), g.quarter_start,
       g.total, g.met_on_time, g.met_late, g.overdue, g.not_yet_due, g.waived, g.refused, g.waived_late, r.rate,
       CASE WHEN g.late_count OPERATOR(pg_catalog.>) 0
            THEN pg_catalog.round(g.late_workdays_sum::numeric OPERATOR(pg_catalog./) g.late_count, 2) END,
       g.max_late_workdays,
       pg_catalog.rank() OVER (PARTITION BY d.unit_id, g.quarter_start ORDER BY r.rate DESC NULLS LAST)
FROM jxlink.scorecard_rollup_at(from_date, to_date, as_of) g
JOIN jxlink.unit u ON u.unit_id OPERATOR(pg_catalog.=) g.owner_unit
JOIN jxlink.unit d ON d.unit_id OPERATOR(pg_catalog.=) u.parent_department
JOIN jxlink.jurisdiction j ON j.code OPERATOR(pg_catalog.=) g.jurisdiction
CROSS JOIN LATERAL (SELECT jxlink.on_time_rate(g.met_on_time, g.met_late, g.overdue, g.refused, g.waived_late) AS rate) r
$$;
COMMENT ON FUNCTION jxlink.department_scorecard_at(from_date date, to_date date, as_of timestamp with time zone) IS '（供报表）各市直部门在各镇街的派驻机构每季度的履行情况（期限届满日在 [from_date, to_date] 内，截至 as_of），及在本部门各机构中的按时率名次；只计读者可读的行。 (For reports) Per city department, its agency in each town and quarter: the obligations whose last day is in [from_date, to_date] as of an instant, with the rank of the on-time rate among the department''s agencies; counts the rows the reader reads.';
REVOKE ALL ON FUNCTION jxlink.department_scorecard_at(from_date date, to_date date, as_of timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.department_scorecard_at(from_date date, to_date date, as_of timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin, jxlink_bi;

CREATE VIEW jxlink.department_scorecard WITH (security_invoker = true) AS
SELECT * FROM jxlink.department_scorecard_at('-infinity', 'infinity', pg_catalog.now());
COMMENT ON VIEW jxlink.department_scorecard IS '市直部门在各镇街的派驻机构（如市市场监管局的各市场监管所）每季度的履行情况（按期限届满日所在季度，截至当前）及在本部门中的名次。 Per city department, its agency in each town (e.g. the market regulation offices of the city bureau) and quarter of the last day, as of now: the obligations'' outcomes and the rank within the department.';
COMMENT ON COLUMN jxlink.department_scorecard.department IS '市直部门标识。 City department identifier.';
COMMENT ON COLUMN jxlink.department_scorecard.department_code IS '市直部门代码。 City department code.';
COMMENT ON COLUMN jxlink.department_scorecard.department_name_zh IS '市直部门名称。 City department name.';
COMMENT ON COLUMN jxlink.department_scorecard.jurisdiction IS '派驻机构所在辖区。 Jurisdiction of the agency.';
COMMENT ON COLUMN jxlink.department_scorecard.jurisdiction_name_zh IS '辖区名称。 Jurisdiction name.';
COMMENT ON COLUMN jxlink.department_scorecard.unit_id IS '派驻机构标识。 Agency identifier.';
COMMENT ON COLUMN jxlink.department_scorecard.unit_code IS '派驻机构代码。 Agency code.';
COMMENT ON COLUMN jxlink.department_scorecard.unit_name_zh IS '派驻机构名称。 Agency name.';
COMMENT ON COLUMN jxlink.department_scorecard.quarter IS '季度（期限届满日所在）。 Quarter of the last day.';
COMMENT ON COLUMN jxlink.department_scorecard.quarter_start IS '季度首日。 First day of the quarter.';
COMMENT ON COLUMN jxlink.department_scorecard.total IS '义务总数。 Number of obligations.';
COMMENT ON COLUMN jxlink.department_scorecard.met_on_time IS '按时履行数。 Met on time.';
COMMENT ON COLUMN jxlink.department_scorecard.met_late IS '逾期履行数。 Met late.';
COMMENT ON COLUMN jxlink.department_scorecard.overdue IS '仍逾期未履行数。 Still overdue.';
COMMENT ON COLUMN jxlink.department_scorecard.not_yet_due IS '未到期数。 Not yet due.';
COMMENT ON COLUMN jxlink.department_scorecard.waived IS '到期前免除数。 Waived before it was due.';
COMMENT ON COLUMN jxlink.department_scorecard.refused IS '以拒绝作答数。 Answered with a refusal.';
COMMENT ON COLUMN jxlink.department_scorecard.waived_late IS '逾期后免除数。 Waived after it was due.';
COMMENT ON COLUMN jxlink.department_scorecard.on_time_rate IS '按时率（定义同 unit_scorecard）。 On-time rate (as in unit_scorecard).';
COMMENT ON COLUMN jxlink.department_scorecard.avg_late_workdays IS '平均逾期工作日。 Average working days late.';
COMMENT ON COLUMN jxlink.department_scorecard.max_late_workdays IS '最长逾期工作日。 Worst lateness in working days.';
COMMENT ON COLUMN jxlink.department_scorecard.rank_in_department IS '本季度在本部门各派驻机构中的按时率名次。 Rank of the on-time rate among the department''s agencies in the quarter.';
GRANT SELECT ON TABLE jxlink.department_scorecard TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;

CREATE FUNCTION jxlink.department_scorecard_for(from_date date, to_date date) RETURNS SETOF jxlink.department_scorecard
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
SELECT s.* FROM jxlink.period_judged_at(from_date, to_date) AS j(judged_at)
CROSS JOIN LATERAL jxlink.department_scorecard_at(from_date, to_date, j.judged_at) s
$$;
COMMENT ON FUNCTION jxlink.department_scorecard_for(from_date date, to_date date) IS '某一期间各市直部门派驻机构的履行情况与部门内名次，按期末（to_date 次日 00:00 本地时间）状态。 The city departments'' agencies scorecard and ranking for a period (last day in [from_date, to_date]), judged as at its end (00:00 local time after to_date).';
REVOKE ALL ON FUNCTION jxlink.department_scorecard_for(from_date date, to_date date) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.department_scorecard_for(from_date date, to_date date) TO jxlink_clerk, jxlink_supervisor, jxlink_admin, jxlink_bi;

CREATE FUNCTION jxlink.jurisdiction_open_counts_at(as_of timestamp with time zone) RETURNS TABLE(jurisdiction text, name_zh text, level text, parent text, open bigint, due_soon bigint, overdue bigint, overdue_workdays_1_5 bigint, overdue_workdays_over_5 bigint, max_late_workdays integer, oldest_overdue_due_date date)
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
SELECT j.code, j.name_zh, j.level, j.parent,
       pg_catalog.count(s.obligation_id),
       pg_catalog.count(*) FILTER (WHERE s.status OPERATOR(pg_catalog.=) 'due_soon'),
       pg_catalog.count(*) FILTER (WHERE s.status OPERATOR(pg_catalog.=) 'overdue'),
       pg_catalog.count(*) FILTER (WHERE s.status OPERATOR(pg_catalog.=) 'overdue' AND s.late_workdays OPERATOR(pg_catalog.<=) 5),
       pg_catalog.count(*) FILTER (WHERE s.status OPERATOR(pg_catalog.=) 'overdue' AND s.late_workdays OPERATOR(pg_catalog.>) 5),
       pg_catalog.max(s.late_workdays) FILTER (WHERE s.status OPERATOR(pg_catalog.=) 'overdue'),
       pg_catalog.min(s.due_date) FILTER (WHERE s.status OPERATOR(pg_catalog.=) 'overdue')
FROM jxlink.jurisdiction j
LEFT JOIN jxlink.obligation_status_at(as_of) s
       ON s.jurisdiction OPERATOR(pg_catalog.=) j.code
      AND s.status OPERATOR(pg_catalog.=) ANY ('{pending,due_soon,overdue}'::pg_catalog.text[])
WHERE j.code OPERATOR(pg_catalog.=) ANY (jxlink.reads_jurisdictions() OPERATOR(pg_catalog.||) jxlink.my_jurisdictions())
GROUP BY j.code, j.name_zh, j.level, j.parent
$$;
COMMENT ON FUNCTION jxlink.jurisdiction_open_counts_at(as_of timestamp with time zone) IS '（供报表）截至某一时刻各辖区未履行的义务：总数、临期、逾期（1 至 5 个工作日、5 个以上）、最长逾期与最早逾期的届满日；列出读者可读的各辖区（无未履行义务者计 0），只计其可读的行。 (For reports) Per jurisdiction, the obligations not met as of an instant: open, due soon, overdue (by 1 to 5 working days, by more), the worst lateness and the oldest overdue last day; lists the jurisdictions the reader reads (0 where nothing is open), counting the rows it reads.';
REVOKE ALL ON FUNCTION jxlink.jurisdiction_open_counts_at(as_of timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.jurisdiction_open_counts_at(as_of timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin, jxlink_bi;

CREATE VIEW jxlink.jurisdiction_open_counts WITH (security_invoker = true) AS
SELECT * FROM jxlink.jurisdiction_open_counts_at(pg_catalog.now());
COMMENT ON VIEW jxlink.jurisdiction_open_counts IS '各辖区当前未履行与逾期的义务数（市级看板：各镇街的在办与逾期）。 Per jurisdiction, the obligations open and overdue now (the city dashboard: open and overdue items per town).';
COMMENT ON COLUMN jxlink.jurisdiction_open_counts.jurisdiction IS '辖区代码。 Jurisdiction code.';
COMMENT ON COLUMN jxlink.jurisdiction_open_counts.name_zh IS '辖区名称。 Jurisdiction name.';
COMMENT ON COLUMN jxlink.jurisdiction_open_counts.level IS '层级。 Level.';
COMMENT ON COLUMN jxlink.jurisdiction_open_counts.parent IS '所属的市。 The city it belongs to.';
COMMENT ON COLUMN jxlink.jurisdiction_open_counts.open IS '未履行总数（未到期、临期、逾期）。 Not met (pending, due soon, overdue).';
COMMENT ON COLUMN jxlink.jurisdiction_open_counts.due_soon IS '临期数。 Due soon.';
COMMENT ON COLUMN jxlink.jurisdiction_open_counts.overdue IS '逾期数。 Overdue.';
COMMENT ON COLUMN jxlink.jurisdiction_open_counts.overdue_workdays_1_5 IS '逾期不超过 5 个工作日者。 Overdue by at most 5 working days.';
COMMENT ON COLUMN jxlink.jurisdiction_open_counts.overdue_workdays_over_5 IS '逾期超过 5 个工作日者。 Overdue by more than 5 working days.';
COMMENT ON COLUMN jxlink.jurisdiction_open_counts.max_late_workdays IS '最长逾期工作日。 Worst lateness in working days.';
COMMENT ON COLUMN jxlink.jurisdiction_open_counts.oldest_overdue_due_date IS '最早逾期义务的届满日。 Last day of the oldest overdue obligation.';
GRANT SELECT ON TABLE jxlink.jurisdiction_open_counts TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;

-- unit_scorecard_for judges its period through period_judged_at()

CREATE OR REPLACE FUNCTION jxlink.unit_scorecard_for(from_date date, to_date date) RETURNS SETOF jxlink.unit_scorecard
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
SELECT s.* FROM jxlink.period_judged_at(from_date, to_date) AS j(judged_at)
CROSS JOIN LATERAL jxlink.unit_scorecard_at(from_date, to_date, j.judged_at) s
$$;
COMMENT ON FUNCTION jxlink.unit_scorecard_for(from_date date, to_date date) IS '某一期间（期限届满日在 [from_date, to_date] 内）的单位履行报表，按期末（to_date 次日 00:00 本地时间）状态计算：上季度的报表不随今天变化。 The unit scorecard of a period (last day in [from_date, to_date]) judged as at its end (00:00 local time after to_date): last quarter''s report does not change with today.';
REVOKE ALL ON FUNCTION jxlink.unit_scorecard_for(from_date date, to_date date) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.unit_scorecard_for(from_date date, to_date date) TO jxlink_clerk, jxlink_supervisor, jxlink_admin, jxlink_bi;
-- One town's reads (its overdue items, its quarter) through indexes led by the
-- jurisdiction (test/bench/city.sh: 20 towns, 10 million obligations).
CREATE INDEX obligation_jurisdiction_due_date ON jxlink.obligation USING btree (jurisdiction, due_date);
CREATE INDEX obligation_jurisdiction_open_due ON jxlink.obligation USING btree (jurisdiction, due_at) WHERE (status = 'open'::text);
-- ===== end E =====

-- ===== F. merging a street database into the municipal one =====
-- From one street to the city: the functions of sql/65_city.sql (new in 0.12.0).
-- The extension's tables that carry a jurisdiction, in the order their rows
-- are inserted: a table after the tables it references, ties by name.
CREATE FUNCTION jxlink.merge_tables() RETURNS TABLE(ord integer, rel regclass)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    todo  regclass[];
    done  regclass[] := '{}';
    nextr regclass;
BEGIN
    SELECT array_agg(c.oid::regclass ORDER BY c.relname) INTO todo
    FROM pg_class c
    JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'
                     AND d.refclassid = 'pg_extension'::regclass
    JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'jxlink'
    WHERE c.relkind IN ('r', 'p')
      AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'jurisdiction'
                  AND a.attnum > 0 AND NOT a.attisdropped);
    WHILE cardinality(todo) > 0 LOOP
        SELECT t INTO nextr FROM unnest(todo) WITH ORDINALITY AS u(t, o)
        WHERE NOT EXISTS (SELECT 1 FROM pg_constraint f
                          WHERE f.conrelid = u.t AND f.contype = 'f' AND f.confrelid <> u.t
                            AND f.confrelid = ANY (todo))
        ORDER BY u.o LIMIT 1;
        IF nextr IS NULL THEN
            RAISE EXCEPTION 'the foreign keys between % form a cycle', todo
                USING ERRCODE = 'internal_error';
        END IF;
        done := done || nextr;
        todo := array_remove(todo, nextr);
    END LOOP;
    RETURN QUERY SELECT u.o::integer, u.t FROM unnest(done) WITH ORDINALITY AS u(t, o);
END
$$;
COMMENT ON FUNCTION jxlink.merge_tables() IS '（内部）合并所涉各表：扩展中带 jurisdiction 列的全部表，按外键顺序（被引用者在前，同级按表名，同 pg_dump 输出数据的顺序）。 (Internal) The tables a merge carries: every table of the extension with a jurisdiction column, in foreign-key order (referenced tables first, ties by name, as pg_dump orders their data).';
REVOKE ALL ON FUNCTION jxlink.merge_tables() FROM PUBLIC;

-- The columns holding numbers drawn from a sequence, which a merge moves up:
-- the sequence's own columns (a nextval default or an identity), the columns
-- referencing them by a foreign key, and an anchor's last entry number.
CREATE FUNCTION jxlink.merge_numbered() RETURNS TABLE(rel regclass, col text, base_rel regclass, base_col text, seq regclass)
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
WITH t AS (SELECT m.rel FROM jxlink.merge_tables() m),
base AS (
    SELECT a.attrelid::regclass AS rel, a.attname::text AS col,
           coalesce(pg_get_serial_sequence(a.attrelid::regclass::text, a.attname),
                    (SELECT d.refobjid::regclass::text FROM pg_attrdef ad
                     JOIN pg_depend d ON d.classid = 'pg_attrdef'::regclass AND d.objid = ad.oid
                                     AND d.refclassid = 'pg_class'::regclass
                     JOIN pg_class s ON s.oid = d.refobjid AND s.relkind = 'S'
                     WHERE ad.adrelid = a.attrelid AND ad.adnum = a.attnum LIMIT 1))::regclass AS seq
    FROM pg_attribute a JOIN t ON t.rel = a.attrelid
    WHERE a.attnum > 0 AND NOT a.attisdropped
)
SELECT b.rel, b.col, b.rel, b.col, b.seq FROM base b WHERE b.seq IS NOT NULL
UNION ALL
SELECT f.conrelid::regclass, fa.attname::text, b.rel, b.col, b.seq
FROM pg_constraint f
JOIN t ON t.rel = f.conrelid
JOIN pg_attribute fa ON fa.attrelid = f.conrelid AND fa.attnum = f.conkey[1]
JOIN pg_attribute ra ON ra.attrelid = f.confrelid AND ra.attnum = f.confkey[1]
JOIN base b ON b.rel = f.confrelid AND b.col = ra.attname AND b.seq IS NOT NULL
WHERE f.contype = 'f' AND cardinality(f.conkey) = 1
UNION ALL
-- an anchor covers the history entries up to upto (no foreign key says so)
SELECT 'jxlink.referral_history_anchor'::regclass, 'upto', b.rel, b.col, b.seq
FROM base b WHERE b.rel = 'jxlink.referral_history'::regclass AND b.col = 'entry_no' AND b.seq IS NOT NULL
$$;
COMMENT ON FUNCTION jxlink.merge_numbered() IS '（内部）取自序列的编号列（历史记录序号、工作人员变更序号、联系方式查阅序号等）、以外键引用它们的列及锚点的 upto：合并时整体后移，保持先后。 (Internal) The columns numbered from a sequence (history entry numbers, staff change numbers, contact read numbers...), the columns referencing them by a foreign key, and an anchor''s upto: a merge moves them up together, keeping their order.';
REVOKE ALL ON FUNCTION jxlink.merge_numbered() FROM PUBLIC;

-- Per table, the rows of a jurisdiction and an order-independent checksum of
-- them: MD5 over the sorted MD5s of each row as jsonb (times in UTC), numbers
-- drawn from a sequence replaced by their rank, so a merge that moves them up
-- keeps the checksum.
CREATE FUNCTION jxlink.merge_manifest(jurisdiction text) RETURNS TABLE(table_name text, rows bigint, checksum text)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET "TimeZone" TO 'UTC'
    SET "IntervalStyle" TO 'postgres'
    SET extra_float_digits TO '1'
    AS $$
DECLARE
    t    record;
    norm text;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM jxlink.jurisdiction j WHERE j.code = merge_manifest.jurisdiction) THEN
        RAISE EXCEPTION 'unknown jurisdiction "%"', merge_manifest.jurisdiction USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- the jurisdiction's own row, but where it stands (home, parent)
    table_name := 'jxlink.jurisdiction';
    SELECT count(*), md5(string_agg(md5((to_jsonb(j) - '{is_local,parent,parent_level}'::text[])::text), ','))
    INTO rows, checksum
    FROM jxlink.jurisdiction j WHERE j.code = merge_manifest.jurisdiction;
    RETURN NEXT;
    FOR t IN SELECT m.rel FROM jxlink.merge_tables() m ORDER BY m.ord LOOP
        SELECT coalesce(string_agg(format(' || jsonb_build_object(%L, CASE WHEN x.%I IS NOT NULL THEN dense_rank() OVER (ORDER BY x.%I) END)',
                                          n.col, n.col, n.col), ''), '')
        INTO norm FROM jxlink.merge_numbered() n WHERE n.rel = t.rel;
        table_name := t.rel::text;
        EXECUTE format('SELECT count(*), md5(coalesce(string_agg(s.h, '','' ORDER BY s.h), '''')) '
                       'FROM (SELECT md5((to_jsonb(x)%s)::text) AS h FROM %s x WHERE x.jurisdiction = $1) s', norm, t.rel)
        INTO rows, checksum USING merge_manifest.jurisdiction;
        RETURN NEXT;
    END LOOP;
END
$$;
COMMENT ON FUNCTION jxlink.merge_manifest(jurisdiction text) IS '合并清单：某辖区在各表的行数及与行序无关的校验和（各行 jsonb 的 MD5 排序后再取 MD5，时间按 UTC，取自序列的编号按其次序），合并前在街道库、合并后在市级库各算一次，两者应相同。仅超级用户（DBA）。 The merge manifest: per table, the rows of a jurisdiction and an order-independent checksum (MD5 of the sorted MD5s of each row as jsonb, times in UTC, numbers drawn from a sequence by their rank); run on the street database before and on the municipal one after a merge, the two are equal. Superuser (the DBA) only.';
REVOKE ALL ON FUNCTION jxlink.merge_manifest(jurisdiction text) FROM PUBLIC;

-- The rows of a one-street database, for merge_import(): a header (version,
-- the jurisdiction's row, the manifest), then every row of every table in
-- insertion order.
CREATE FUNCTION jxlink.merge_export(jurisdiction text) RETURNS TABLE(row_no bigint, table_name text, row_data jsonb)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET "TimeZone" TO 'UTC'
    SET "IntervalStyle" TO 'postgres'
    SET extra_float_digits TO '1'
    AS $$
DECLARE
    j   jxlink.jurisdiction;
    n   integer;
    t   record;
BEGIN
    SELECT * INTO j FROM jxlink.jurisdiction x WHERE x.code = merge_export.jurisdiction;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unknown jurisdiction "%"', merge_export.jurisdiction USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT count(*) INTO n FROM jxlink.jurisdiction;
    IF n <> 1 OR j.level = 'city' OR j.parent IS NOT NULL THEN
        RAISE EXCEPTION 'this database is not one street''s'
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = format('It holds %s jurisdictions; %s is a %s%s.', n, j.code, j.level,
                                  CASE WHEN j.parent IS NOT NULL THEN ' of ' || j.parent ELSE '' END),
                  HINT = 'Merge the database of a single street or town (one jurisdiction, not a city and in no city).';
    END IF;
    row_no := 0;
    table_name := '#header';
    row_data := jsonb_build_object('format', 'jxlink-merge 1',
                                   'version', (SELECT e.extversion FROM pg_extension e WHERE e.extname = 'jxlink'),
                                   'database', current_database(),
                                   'exported_at', now(),
                                   'jurisdiction', to_jsonb(j) - 'parent_level',
                                   'manifest', (SELECT jsonb_agg(to_jsonb(m)) FROM jxlink.merge_manifest(j.code) m));
    RETURN NEXT;
    FOR t IN SELECT m.rel FROM jxlink.merge_tables() m ORDER BY m.ord LOOP
        RETURN QUERY EXECUTE format('SELECT $2 + row_number() OVER (ORDER BY x.r::text), $3, x.r '
                                    'FROM (SELECT to_jsonb(y) AS r FROM %s y WHERE y.jurisdiction = $1) x ORDER BY 1', t.rel)
            USING j.code, row_no, t.rel::text;
        EXECUTE format('SELECT $1 + count(*) FROM %s y WHERE y.jurisdiction = $2', t.rel) INTO row_no USING row_no, j.code;
    END LOOP;
END
$$;
COMMENT ON FUNCTION jxlink.merge_export(jurisdiction text) IS '导出单个街道（镇）数据库的全部行供合并：首行为表头（版本、辖区行、合并清单），其后各表按插入顺序逐行（jsonb）；以 \copy 写入文件后由市级库的 merge_import() 导入。数据库须只有该一个辖区（55000）。仅超级用户（DBA）。 Export every row of a one-street (or town) database for a merge: a header row first (version, the jurisdiction''s row, the merge manifest), then the rows of each table in insertion order (jsonb); written to a file with \copy and read by merge_import() in the municipal database. The database must hold that one jurisdiction only (55000). Superuser (the DBA) only.';
REVOKE ALL ON FUNCTION jxlink.merge_export(jurisdiction text) FROM PUBLIC;

-- Merge the rows exported from a street's database (loaded into a staging
-- table) into this municipal database, in one transaction: refused, nothing
-- changes; done, the manifest equals the street's and the history verifies.
CREATE FUNCTION jxlink.merge_import(staging regclass, city text DEFAULT NULL) RETURNS TABLE(table_name text, rows bigint, checksum text)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET "TimeZone" TO 'UTC'
    SET "IntervalStyle" TO 'postgres'
    SET extra_float_digits TO '1'
    AS $$
DECLARE
    hdr      jsonb;
    jcode     text;
    target   jxlink.jurisdiction;
    version  text := (SELECT e.extversion FROM pg_extension e WHERE e.extname = 'jxlink');
    jrow     jxlink.jurisdiction;
    cols     text;
    data     jsonb;
    bad      text;
    n        record;
    t        record;
    off      bigint;
    maxv     bigint;
    offsets  jsonb := '{}';
    before   text[];
    after    text[];
BEGIN
    EXECUTE format('SELECT s.row_data FROM %s s WHERE s.table_name = ''#header''', staging) INTO hdr;
    IF hdr IS NULL OR hdr->>'format' IS DISTINCT FROM 'jxlink-merge 1' THEN
        RAISE EXCEPTION '% holds no export of jxlink.merge_export()', staging
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'In the street''s database: \copy (SELECT * FROM jxlink.merge_export(''<code>'')) TO ''street.merge''; here: CREATE TEMP TABLE staging (row_no bigint, table_name text, row_data jsonb); \copy staging FROM ''street.merge''.';
    END IF;
    jcode := hdr->'jurisdiction'->>'code';
    -- the same version on both sides
    IF hdr->>'version' IS DISTINCT FROM version THEN
        RAISE EXCEPTION 'the street''s database is at jxlink %, this one at %', hdr->>'version', version
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'ALTER EXTENSION jxlink UPDATE in both databases, export again, then merge.';
    END IF;
    -- a street (or town), not a city or part of one
    IF hdr->'jurisdiction'->>'level' = 'city' OR hdr->'jurisdiction'->>'parent' IS NOT NULL THEN
        RAISE EXCEPTION 'the export is not one street''s' USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    IF EXISTS (SELECT 1 FROM jxlink.jurisdiction j WHERE j.code = jcode) THEN
        RAISE EXCEPTION 'jurisdiction "%" already exists in this database', jcode
            USING ERRCODE = 'duplicate_object',
                  DETAIL = 'A street is merged once; its code names it in every table.';
    END IF;
    -- into a city: the one given, else the home jurisdiction
    SELECT * INTO target FROM jxlink.jurisdiction j
    WHERE (merge_import.city IS NULL AND j.is_local) OR j.code = merge_import.city;
    IF target.code IS NULL OR target.level <> 'city' THEN
        RAISE EXCEPTION 'this database is not a municipal one'
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = format('%s is %s.', coalesce(merge_import.city, 'The home jurisdiction'),
                                  coalesce('a ' || target.level, 'not registered')),
                  HINT = 'Turn it into the municipal database first: SELECT jxlink.make_municipal(''<city code>'', ''<name>'').';
    END IF;
    -- the street's clerks: their roles exist here (roles are cluster-wide) and act nowhere else
    EXECUTE format('SELECT string_agg(DISTINCT s.row_data->>''role_name'', '', '') FROM %s s '
                   'WHERE s.table_name = ''jxlink.staff'' AND NOT EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = s.row_data->>''role_name'')',
                   staging) INTO bad;
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'the street''s staff roles do not exist in this cluster: %', bad
            USING ERRCODE = 'undefined_object',
                  HINT = 'Create them first (pg_dumpall --roles-only on the street''s cluster, or CREATE ROLE ... LOGIN IN ROLE jxlink_clerk).';
    END IF;
    EXECUTE format('SELECT string_agg(DISTINCT s.row_data->>''role_name'' || '' ('' || x.jurisdiction || '')'', '', '') FROM %s s '
                   'JOIN jxlink.staff x ON x.role_name = s.row_data->>''role_name'' AND x.active '
                   'WHERE s.table_name = ''jxlink.staff'' AND (s.row_data->>''active'')::boolean', staging) INTO bad;
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'the street''s staff roles are already staff here: %', bad
            USING ERRCODE = 'duplicate_object',
                  DETAIL = 'A role acts in one jurisdiction; a clerk staff in two could act in neither.',
                  HINT = 'Rename the role on one side (ALTER ROLE ... RENAME TO and UPDATE jxlink.staff) before merging.';
    END IF;
    -- nothing the export holds is unknown here, nor of another jurisdiction
    EXECUTE format('SELECT string_agg(DISTINCT s.table_name, '', '') FROM %s s WHERE s.table_name <> ''#header'' '
                   'AND s.table_name NOT IN (SELECT m.rel::text FROM jxlink.merge_tables() m)', staging) INTO bad;
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'the export holds rows of tables this database does not merge: %', bad USING ERRCODE = 'invalid_parameter_value';
    END IF;
    EXECUTE format('SELECT count(*)::text FROM %s s WHERE s.table_name <> ''#header'' '
                   'AND s.row_data->>''jurisdiction'' IS DISTINCT FROM $1', staging) INTO bad USING jcode;
    IF bad <> '0' THEN
        RAISE EXCEPTION 'the export holds % rows of another jurisdiction than %', bad, jcode USING ERRCODE = 'invalid_parameter_value';
    END IF;

    SELECT array_agg(v::text ORDER BY v::text) INTO before FROM jxlink.verify_history() v;
    -- the jurisdiction, not the home one; under the city once its rows are checked
    jrow := jsonb_populate_record(NULL::jxlink.jurisdiction,
                                  hdr->'jurisdiction' || jsonb_build_object('is_local', false, 'parent', NULL));
    SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) INTO cols
    FROM pg_attribute a WHERE a.attrelid = 'jxlink.jurisdiction'::regclass AND a.attnum > 0
      AND NOT a.attisdropped AND a.attgenerated = '';
    EXECUTE format('INSERT INTO jxlink.jurisdiction (%s) SELECT %s FROM (SELECT ($1).*) x', cols, cols) USING jrow;
    -- numbers from a sequence move up past this database's
    FOR n IN SELECT * FROM jxlink.merge_numbered() m WHERE m.rel = m.base_rel AND m.col = m.base_col LOOP
        EXECUTE format('SELECT greatest(coalesce(max(x.%I), 0), coalesce(pg_sequence_last_value(%L::regclass), 0)) FROM %s x',
                       n.col, n.seq, n.rel) INTO off;
        offsets := offsets || jsonb_build_object(n.rel::text || '.' || n.col, off);
    END LOOP;
    -- every table's rows, as a restore inserts them (triggers enabled)
    FOR t IN SELECT m.rel FROM jxlink.merge_tables() m ORDER BY m.ord LOOP
        EXECUTE format('SELECT jsonb_agg(s.row_data ORDER BY s.row_no) FROM %s s WHERE s.table_name = $1', staging)
            INTO data USING t.rel::text;
        CONTINUE WHEN data IS NULL;
        FOR n IN SELECT * FROM jxlink.merge_numbered() m WHERE m.rel = t.rel LOOP
            off := (offsets->>(n.base_rel::text || '.' || n.base_col))::bigint;
            SELECT jsonb_agg(CASE WHEN jsonb_typeof(e.r->n.col) = 'number'
                                  THEN jsonb_set(e.r, ARRAY[n.col], to_jsonb((e.r->>n.col)::bigint + off)) ELSE e.r END
                             ORDER BY e.o)
            INTO data FROM jsonb_array_elements(data) WITH ORDINALITY AS e(r, o);
        END LOOP;
        SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) INTO cols
        FROM pg_attribute a WHERE a.attrelid = t.rel AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '';
        EXECUTE format('INSERT INTO %s (%s) OVERRIDING SYSTEM VALUE SELECT %s FROM jsonb_populate_recordset(NULL::%s, $1)',
                       t.rel, cols, cols, t.rel) USING data;
    END LOOP;
    -- the check: the street's manifest, and no new problem in the history
    SELECT string_agg(coalesce(h.table_name, m.table_name) || format(' (%s rows there, %s here)', h.rows, m.rows), ', ')
    INTO bad
    FROM (SELECT x->>'table_name' AS table_name, (x->>'rows')::bigint AS rows, x->>'checksum' AS checksum
          FROM jsonb_array_elements(hdr->'manifest') x) h
    FULL JOIN jxlink.merge_manifest(jcode) m ON m.table_name = h.table_name
    WHERE h.rows IS DISTINCT FROM m.rows OR h.checksum IS DISTINCT FROM m.checksum;
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'the merged rows of % differ from the street''s', jcode
            USING ERRCODE = 'data_exception', DETAIL = 'Tables: ' || bad || '.';
    END IF;
    SELECT array_agg(v::text ORDER BY v::text) INTO after FROM jxlink.verify_history() v;
    SELECT string_agg(p, '; ') INTO bad FROM unnest(after) p WHERE p <> ALL (coalesce(before, '{}'));
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'the merged history of % does not verify', jcode
            USING ERRCODE = 'data_exception', DETAIL = bad;
    END IF;
    -- under the city: its closures now apply to the street's open obligations (recomputed, recorded in obligation_move)
    UPDATE jxlink.jurisdiction j SET parent = target.code WHERE j.code = jcode;
    -- the sequences go on after the numbers moved up (last: setval is not undone by a refusal)
    FOR n IN SELECT * FROM jxlink.merge_numbered() m WHERE m.rel = m.base_rel AND m.col = m.base_col LOOP
        EXECUTE format('SELECT max(x.%I) FROM %s x', n.col, n.rel) INTO maxv;
        IF maxv > coalesce(pg_sequence_last_value(n.seq), 0) THEN
            PERFORM setval(n.seq, maxv);
        END IF;
    END LOOP;
    RAISE NOTICE 'merged % into %; numbers moved up by %', jcode, target.code, offsets;
    RETURN QUERY SELECT * FROM jxlink.merge_manifest(jcode);
END
$$;
COMMENT ON FUNCTION jxlink.merge_import(staging regclass, city text) IS '将街道数据库经 merge_export() 导出的行（已 \copy 入暂存表）并入本市级数据库，一个事务内完成：登记该辖区（上级为本库的市，或指定的市），按外键顺序插入各表的行（触发器照常，如恢复备份），取自序列的编号整体后移；随后核对合并清单与街道库一致、移送历史无新问题，否则全部撤销（22000）；最后将该辖区置于市之下，市的停工日随即适用于其未结义务（由台账重算，记入 obligation_move）。版本不同、非单个街道、辖区代码已存在、工作人员角色不存在或已在他处任职、本库不是市级数据库时拒绝（55000、42710、42704），不作任何改动。返回合并后的清单。仅超级用户（DBA）。 Merge the rows a street''s database exported with merge_export() (loaded with \copy into a staging table) into this municipal database, in one transaction: registers the jurisdiction (under this database''s city, or the city given), inserts every table''s rows in foreign-key order (triggers enabled, as a restore), moves numbers drawn from a sequence up; then checks that the manifest equals the street''s and the referral history has no new problem, else undoes it all (22000); last, puts the street under the city, whose closures then apply to its open obligations (recomputed by the ledger, recorded in obligation_move). Refused, changing nothing, for another version, an export that is not one street''s, a jurisdiction code that exists, staff roles missing or staff elsewhere, a database that is not municipal (55000, 42710, 42704). Returns the manifest after the merge. Superuser (the DBA) only.';
REVOKE ALL ON FUNCTION jxlink.merge_import(staging regclass, city text) FROM PUBLIC;

-- A one-street database becomes the municipal one: the city is registered and
-- is the home jurisdiction, the street one of its streets.
CREATE FUNCTION jxlink.make_municipal(code text, name_zh text, name_en text DEFAULT NULL) RETURNS text
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    street jxlink.jurisdiction;
    n      integer;
BEGIN
    LOCK TABLE jxlink.jurisdiction IN SHARE ROW EXCLUSIVE MODE;
    SELECT count(*) INTO n FROM jxlink.jurisdiction;
    SELECT * INTO street FROM jxlink.jurisdiction j WHERE j.is_local;
    IF n <> 1 OR street.code IS NULL OR street.level = 'city' OR street.parent IS NOT NULL THEN
        RAISE EXCEPTION 'this database is not one street''s'
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = format('It holds %s jurisdictions; the home one is %s.', n, coalesce(street.code || ' (' || street.level || ')', 'not registered')),
                  HINT = 'make_municipal() is run once, in the database of the street that becomes the municipal one.';
    END IF;
    UPDATE jxlink.jurisdiction j SET is_local = false WHERE j.code = street.code;
    INSERT INTO jxlink.jurisdiction (code, name_zh, name_en, level, is_local)
    VALUES (make_municipal.code, make_municipal.name_zh, make_municipal.name_en, 'city', true);
    UPDATE jxlink.jurisdiction j SET parent = make_municipal.code WHERE j.code = street.code;
    -- who read the one street as a member of jxlink_bi or jxlink_supervisor reads it still, and no more
    INSERT INTO jxlink.reader_scope (role_name, jurisdiction)
    SELECT r.rolname, street.code FROM pg_roles r
    WHERE (pg_has_role(r.oid, 'jxlink_bi', 'MEMBER') OR pg_has_role(r.oid, 'jxlink_supervisor', 'MEMBER'))
      AND NOT r.rolsuper AND r.rolname NOT IN ('jxlink_bi', 'jxlink_supervisor')
      AND NOT EXISTS (SELECT 1 FROM jxlink.reader_scope x WHERE x.role_name = r.rolname AND x.jurisdiction = street.code);
    RETURN format('%s is the municipal database of %s; %s is one of its %ss', current_database(), make_municipal.code,
                  street.code, street.level);
END
$$;
COMMENT ON FUNCTION jxlink.make_municipal(code text, name_zh text, name_en text) IS '将单个街道（镇）的数据库转为市级数据库：登记市（level = city）并设为本库主辖区，原街道为其下级；街道的行与工作人员不变，原以 jxlink_bi 或 jxlink_supervisor 成员身份读取该街道的角色各得该街道的读取范围（reader_scope），所读不变。仅可在只有一个辖区的数据库中执行一次（55000）。 Turn a one-street (or town) database into the municipal one: registers the city (level city) as the home jurisdiction and the street under it; the street''s rows and staff stay as they are, and each role that read the street as a member of jxlink_bi or jxlink_supervisor gets a reader scope of the street (reader_scope), so that it reads what it read. Only in a database holding one jurisdiction, once (55000).';
REVOKE ALL ON FUNCTION jxlink.make_municipal(code text, name_zh text, name_en text) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.make_municipal(code text, name_zh text, name_en text) TO jxlink_admin;
-- ===== end F =====
