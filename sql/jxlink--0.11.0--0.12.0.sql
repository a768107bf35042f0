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
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    judged_at timestamptz := jxlink.period_judged_at(from_date, to_date);
BEGIN
    RETURN QUERY SELECT * FROM jxlink.jurisdiction_scorecard_at(from_date, to_date, judged_at);
END
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
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    judged_at timestamptz := jxlink.period_judged_at(from_date, to_date);
BEGIN
    RETURN QUERY SELECT * FROM jxlink.department_scorecard_at(from_date, to_date, judged_at);
END
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
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    judged_at timestamptz := jxlink.period_judged_at(from_date, to_date);
BEGIN
    RETURN QUERY SELECT * FROM jxlink.unit_scorecard_at(from_date, to_date, judged_at);
END
$$;
COMMENT ON FUNCTION jxlink.unit_scorecard_for(from_date date, to_date date) IS '某一期间（期限届满日在 [from_date, to_date] 内）的单位履行报表，按期末（to_date 次日 00:00 本地时间）状态计算：上季度的报表不随今天变化。 The unit scorecard of a period (last day in [from_date, to_date]) judged as at its end (00:00 local time after to_date): last quarter''s report does not change with today.';
REVOKE ALL ON FUNCTION jxlink.unit_scorecard_for(from_date date, to_date date) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.unit_scorecard_for(from_date date, to_date date) TO jxlink_clerk, jxlink_supervisor, jxlink_admin, jxlink_bi;
-- ===== end E =====

-- ===== F. merging a street database into the municipal one =====
-- ===== end F =====
