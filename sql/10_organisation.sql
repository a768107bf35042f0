/*
 * sql/10_organisation.sql - Organisation (二, 三（三）1): the jurisdiction, its units, liaison persons, staff mapped to units by login role; local-policy settings; who reads which rows.
 *
 * A concept file: the current definition of each object, once, with its
 * comments, grants, policies and triggers.  The build concatenates the concept
 * files (sql/NN_*.sql, in order) into the install script of the current version.
 */

CREATE TABLE jxlink.jurisdiction (
    code text NOT NULL,
    name_zh text NOT NULL,
    name_en text,
    is_local boolean DEFAULT false NOT NULL,
    provisions_from date DEFAULT '2022-11-21'::date NOT NULL,
    level text DEFAULT 'street' NOT NULL,
    parent text,
    parent_level text GENERATED ALWAYS AS (CASE WHEN parent IS NOT NULL THEN 'city' END) STORED,
    replicated_from text,
    CONSTRAINT jurisdiction_city_has_no_parent CHECK (level <> 'city' OR parent IS NULL),
    CONSTRAINT jurisdiction_level_check CHECK (level IN ('city', 'town', 'street')),
    CONSTRAINT jurisdiction_code_check CHECK (code ~ '^[A-Za-z0-9_.-]+$'),
    CONSTRAINT jurisdiction_name_zh_check CHECK (name_zh <> ''),
    CONSTRAINT jurisdiction_provisions_from_check CHECK (isfinite(provisions_from))
);
COMMENT ON TABLE jxlink.jurisdiction IS '辖区（街道、镇）。本库所属辖区 is_local 为真，且只有一个；市级汇总库汇入各街道的行。 Jurisdictions (streets, towns). Exactly one is this database''s own (is_local); a city fan-in database holds the rows of every street.';
COMMENT ON COLUMN jxlink.jurisdiction.code IS '辖区代码（如 350582-xintang）。 Jurisdiction code (e.g. 350582-xintang).';
COMMENT ON COLUMN jxlink.jurisdiction.name_zh IS '名称（中文）。 Name in Chinese.';
COMMENT ON COLUMN jxlink.jurisdiction.name_en IS '名称（英文）。 Name in English.';
COMMENT ON COLUMN jxlink.jurisdiction.is_local IS '是否本库的主辖区（最多一个）：单个街道的数据库即该街道，市级数据库即市；未登记为工作人员的角色（管理员）所写的行默认属于它。 Whether this is the database''s home jurisdiction (at most one): the street of a one-street database, the city of a municipal one; rows written by roles that are not staff (administrators) belong to it by default.';
COMMENT ON COLUMN jxlink.jurisdiction.level IS '层级：city 市（市直部门所在）、town 镇、street 街道。 Level: city (where the city departments sit), town or street.';
COMMENT ON COLUMN jxlink.jurisdiction.parent IS '上级辖区（所属的市，如晋江市）；市本身、单独一个街道的数据库为空。 The jurisdiction above (the city it belongs to, e.g. Jinjiang); null for the city itself and in a one-street database.';
COMMENT ON COLUMN jxlink.jurisdiction.parent_level IS '（派生）有上级辖区时为 city：上级辖区必须是市（外键 jurisdiction_parent_fkey）。 (Derived) city when a parent is set: the parent must be a city (foreign key jurisdiction_parent_fkey).';
COMMENT ON COLUMN jxlink.jurisdiction.provisions_from IS '规定在本辖区施行之日：自该日所在季度起，联席会议每季度至少召开一次（三（四））；默认 2022-11-21（新塘街道规定印发之日），其他辖区由管理员填写。 The day the provisions apply in the jurisdiction from: a joint meeting is owed every quarter from the quarter of that day on (三（四）); by default 2022-11-21, the day the Xintang provisions were issued; an administrator sets it for another jurisdiction.';
COMMENT ON COLUMN jxlink.jurisdiction.replicated_from IS '（汇总库）带来本辖区各行的逻辑复制订阅名：本辖区在本库只读，由来源库记录（sql/80_replication.sql）；本库自己的辖区为空。仅由复制写入。 (Aggregation database) The logical replication subscription that brings this jurisdiction''s rows: the jurisdiction is read-only here and recorded in its origin database (sql/80_replication.sql); null for the database''s own jurisdictions. Written by replication only.';
ALTER TABLE ONLY jxlink.jurisdiction
    ADD CONSTRAINT jurisdiction_pkey PRIMARY KEY (code);
ALTER TABLE ONLY jxlink.jurisdiction
    ADD CONSTRAINT jurisdiction_code_level_key UNIQUE (code, level);
ALTER TABLE ONLY jxlink.jurisdiction
    ADD CONSTRAINT jurisdiction_parent_fkey FOREIGN KEY (parent, parent_level) REFERENCES jxlink.jurisdiction(code, level);
CREATE UNIQUE INDEX jurisdiction_one_local ON jxlink.jurisdiction USING btree (is_local) WHERE is_local;
GRANT SELECT ON TABLE jxlink.jurisdiction TO PUBLIC;
GRANT INSERT,DELETE,UPDATE ON TABLE jxlink.jurisdiction TO jxlink_admin;
SELECT pg_catalog.pg_extension_config_dump('jxlink.jurisdiction', '');
-- the calendar of a jurisdiction depends on its parent (a city's closures apply to it): see sql/05_calendar.sql
CREATE TRIGGER jurisdiction_calendar_changed AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON jxlink.jurisdiction FOR EACH STATEMENT EXECUTE FUNCTION jxlink.calendar_changed();
ALTER TABLE ONLY jxlink.calendar_closure
    ADD CONSTRAINT calendar_closure_jurisdiction_fkey FOREIGN KEY (jurisdiction) REFERENCES jxlink.jurisdiction(code);

CREATE TABLE jxlink.setting (
    name text NOT NULL,
    value numeric NOT NULL,
    description_zh text NOT NULL,
    description_en text NOT NULL,
    origin text DEFAULT 'local' NOT NULL,
    CONSTRAINT setting_name_check CHECK (name ~ '^[a-z_]+$'),
    CONSTRAINT setting_origin_check CHECK (origin IN ('shipped', 'edited', 'local')),
    CONSTRAINT setting_value_check CHECK (value >= (0)::numeric)
);
COMMENT ON TABLE jxlink.setting IS '机构设置（如临期预警阈值），管理员可用 UPDATE 修改。 Organisation-wide settings (such as the due-soon thresholds); administrators change them with UPDATE.';
COMMENT ON COLUMN jxlink.setting.name IS '设置名。 Setting name.';
COMMENT ON COLUMN jxlink.setting.value IS '取值。 Value.';
COMMENT ON COLUMN jxlink.setting.description_zh IS '说明（中文）。 Description in Chinese.';
COMMENT ON COLUMN jxlink.setting.description_en IS '说明（英文）。 Description in English.';
COMMENT ON COLUMN jxlink.setting.origin IS '来源：shipped＝随扩展发布未经修改；edited＝管理员修改过的发布行；local＝管理员新增。 shipped: as shipped; edited: a shipped row an administrator changed; local: added by an administrator.';
ALTER TABLE ONLY jxlink.setting
    ADD CONSTRAINT setting_pkey PRIMARY KEY (name);
CREATE TRIGGER setting_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.setting FOR EACH ROW EXECUTE FUNCTION jxlink.shipped_row_guard('name');

ALTER TABLE jxlink.setting ENABLE ALWAYS TRIGGER setting_guard;
CREATE TRIGGER setting_no_truncate BEFORE TRUNCATE ON jxlink.setting FOR EACH STATEMENT EXECUTE FUNCTION jxlink.shipped_row_guard('name');
GRANT SELECT ON TABLE jxlink.setting TO PUBLIC;
GRANT INSERT,DELETE,UPDATE ON TABLE jxlink.setting TO jxlink_admin;
SELECT pg_catalog.pg_extension_config_dump('jxlink.setting', 'WHERE origin <> ''shipped''');
-- Shipped local-policy settings.
INSERT INTO jxlink.setting (name, value, description_zh, description_en, origin) VALUES ('due_soon_workdays', '1', '工作日期限剩余不超过该工作日数时预警（黄）', 'warn (yellow) when at most this many working days are left of a working-day period', 'shipped');
INSERT INTO jxlink.setting (name, value, description_zh, description_en, origin) VALUES ('due_soon_hours', '6', '小时期限剩余不超过该小时数时预警（黄）', 'warn (yellow) when at most this many hours are left of an hour period', 'shipped');
INSERT INTO jxlink.setting (name, value, description_zh, description_en, origin) VALUES ('due_soon_fraction', '0.25', '剩余不超过期限的该比例时预警（黄）', 'warn (yellow) when at most this fraction of the period is left', 'shipped');
INSERT INTO jxlink.setting (name, value, description_zh, description_en, origin) VALUES ('alert_fraction', '0.5', '剩余不超过期限的该比例时发出期限过半预警', 'alert (half) when at most this fraction of the period is left', 'shipped');
INSERT INTO jxlink.setting (name, value, description_zh, description_en, origin) VALUES ('alert_workdays_left', '1', '工作日期限剩余不超过该工作日数时发出即将到期预警', 'alert (last working day) when at most this many working days are left of a working-day period', 'shipped');
INSERT INTO jxlink.setting (name, value, description_zh, description_en, origin) VALUES ('alert_hours_left', '4', '小时期限剩余不超过该小时数时发出即将到期预警', 'alert (last hours) when at most this many hours are left of an hour period', 'shipped');
INSERT INTO jxlink.setting (name, value, description_zh, description_en, origin) VALUES ('alert_overdue_workdays', '3', '逾期达该工作日数时发出逾期未办结预警', 'alert (overdue) when late by this many working days', 'shipped');
INSERT INTO jxlink.setting (name, value, description_zh, description_en, origin) VALUES ('alert_max_attempts', '5', '通知投递失败达该次数后停发', 'give a notification up after this many failed deliveries', 'shipped');
INSERT INTO jxlink.setting (name, value, description_zh, description_en, origin) VALUES ('digest_workdays', '3', '每日提醒列出未来该工作日数内到期的事项', 'the daily digest lists what falls due within this many working days', 'shipped');

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

CREATE FUNCTION jxlink.local_jurisdiction() RETURNS text
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


SET default_tablespace = '';

SET default_table_access_method = heap;

-- A unit's parent department is a city department of the city its
-- jurisdiction belongs to.
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

-- What a parent department rests on stays: a town keeps its city while its
-- units belong to the city's departments, and a city department stays one
-- (in its city) while units belong to it.
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

CREATE TABLE jxlink.unit (
    unit_id uuid DEFAULT jxlink.uuid_v7() NOT NULL,
    jurisdiction text DEFAULT jxlink.local_jurisdiction() NOT NULL,
    code text NOT NULL,
    kind text NOT NULL,
    name_zh text NOT NULL,
    name_en text,
    active boolean DEFAULT true NOT NULL,
    parent_department uuid,
    CONSTRAINT unit_code_check CHECK (code <> ''),
    CONSTRAINT unit_kind_check CHECK (kind IN ('functional_section', 'dispatched_agency', 'enforcement_team', 'community_work_group', 'community', 'grid', 'judicial_office', 'discipline_commission', 'leadership', 'city_department')),
    CONSTRAINT unit_name_zh_check CHECK (name_zh <> '')
);
COMMENT ON TABLE jxlink.unit IS '单位（二）：职能科室、市直派驻机构、综合执法队（每个辖区一个）、包社区工作组、社区、网格、司法所、纪工委、领导；市级辖区中的市直部门（派驻机构所属的部门，如市市场监督管理局）。 Units (二): functional sections, city-level dispatched agencies, the enforcement team (one per jurisdiction), community work groups, communities, grids, the judicial office, the discipline commission, leadership; in the city''s jurisdiction, the city departments the dispatched agencies belong to (e.g. the city market regulation bureau).';
COMMENT ON COLUMN jxlink.unit.unit_id IS '单位标识。 Unit identifier.';
COMMENT ON COLUMN jxlink.unit.jurisdiction IS '所属辖区。 Jurisdiction of the unit.';
COMMENT ON COLUMN jxlink.unit.code IS '单位代码（辖区内唯一）。 Unit code, unique within the jurisdiction.';
COMMENT ON COLUMN jxlink.unit.kind IS '单位类别（见表注释）。 Kind of unit (see the table comment).';
COMMENT ON COLUMN jxlink.unit.name_zh IS '名称（中文）。 Name in Chinese.';
COMMENT ON COLUMN jxlink.unit.name_en IS '名称（英文）。 Name in English.';
COMMENT ON COLUMN jxlink.unit.active IS '是否在用。 Whether the unit is active.';
COMMENT ON COLUMN jxlink.unit.parent_department IS '所属的市直部门（如各镇市场监督管理所所属的市市场监督管理局）：上级市辖区中类别为 city_department 的单位；其他单位为空。 The city department the unit belongs to (e.g. the city market regulation bureau of each town''s market regulation office): a unit of kind city_department in the city above the unit''s jurisdiction; null for other units.';
ALTER TABLE ONLY jxlink.unit
    ADD CONSTRAINT unit_jurisdiction_code_key UNIQUE (jurisdiction, code);
ALTER TABLE ONLY jxlink.unit
    ADD CONSTRAINT unit_pkey PRIMARY KEY (unit_id);
ALTER TABLE ONLY jxlink.unit
    ADD CONSTRAINT unit_jurisdiction_fkey FOREIGN KEY (jurisdiction) REFERENCES jxlink.jurisdiction(code);
ALTER TABLE ONLY jxlink.unit
    ADD CONSTRAINT unit_parent_department_fkey FOREIGN KEY (parent_department) REFERENCES jxlink.unit(unit_id);
CREATE TRIGGER unit_department_check BEFORE INSERT OR UPDATE OF parent_department, jurisdiction ON jxlink.unit FOR EACH ROW WHEN (NEW.parent_department IS NOT NULL) EXECUTE FUNCTION jxlink.unit_department_check();
CREATE TRIGGER unit_department_kept BEFORE UPDATE OF kind, jurisdiction ON jxlink.unit FOR EACH ROW WHEN (OLD.kind = 'city_department') EXECUTE FUNCTION jxlink.unit_department_kept();
CREATE UNIQUE INDEX unit_one_team ON jxlink.unit USING btree (jurisdiction) WHERE (kind = 'enforcement_team'::text);
GRANT SELECT ON TABLE jxlink.unit TO PUBLIC;
GRANT INSERT,DELETE,UPDATE ON TABLE jxlink.unit TO jxlink_admin;
SELECT pg_catalog.pg_extension_config_dump('jxlink.unit', '');

-- Every change of jxlink.staff, kept for good (issue 12): written by the
-- trigger staff_record, never changed.  Defined before staff, whose rows name
-- the change that gave them their values (staff.last_change): that foreign
-- key makes pg_dump restore this record before the staff rows.
CREATE TABLE jxlink.staff_change (
    change_no bigint GENERATED ALWAYS AS IDENTITY,
    jurisdiction text NOT NULL,
    op text NOT NULL,
    role_name text NOT NULL,
    unit_id uuid NOT NULL,
    old_values jsonb,
    new_values jsonb,
    changed_at timestamp with time zone DEFAULT now() NOT NULL,
    changed_by_role text NOT NULL,
    changed_by_login text NOT NULL,
    CONSTRAINT staff_change_op_check CHECK (op IN ('insert', 'update', 'delete', 'baseline')),
    CONSTRAINT staff_change_values_check CHECK ((old_values IS NULL) = (op IN ('insert', 'baseline'))
                                                AND (new_values IS NULL) = (op = 'delete'))
);

ALTER TABLE ONLY jxlink.staff_change FORCE ROW LEVEL SECURITY;
COMMENT ON TABLE jxlink.staff_change IS '工作人员对应关系变更记录（只增不改，UPDATE、DELETE、TRUNCATE 一律拒绝，表属主亦然）：jxlink.staff 的每次新增、修改、删除，谁在何时以何角色所为。管理员与监督人员可读。 The record of every change of jxlink.staff (append-only: UPDATE, DELETE and TRUNCATE are refused, even to the owner): each insert, update and delete of a mapping, when, and by which login and role. Administrators and supervisors read it.';
COMMENT ON COLUMN jxlink.staff_change.change_no IS '变更序号（递增）。 Change number (increasing).';
COMMENT ON COLUMN jxlink.staff_change.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.staff_change.op IS 'insert 新增、update 修改、delete 删除；baseline＝升级到 0.9.0 时已有的行（此前的变更无记录）。 insert, update, delete; baseline: a row present when the extension was upgraded to 0.9.0 (earlier changes were not recorded).';
COMMENT ON COLUMN jxlink.staff_change.role_name IS '被对应的数据库角色（修改后的角色名）。 The role mapped (its name after the change).';
COMMENT ON COLUMN jxlink.staff_change.unit_id IS '对应到的单位（删除时为原单位）。 The unit it is mapped to (for a delete, the unit it was mapped to).';
COMMENT ON COLUMN jxlink.staff_change.old_values IS '变更前的行（新增时为空）。 The row before the change (null for an insert).';
COMMENT ON COLUMN jxlink.staff_change.new_values IS '变更后的行（删除时为空）。 The row after the change (null for a delete).';
COMMENT ON COLUMN jxlink.staff_change.changed_at IS '变更时间（事务时间）。 When (transaction time).';
COMMENT ON COLUMN jxlink.staff_change.changed_by_role IS '执行变更的角色（SET ROLE 之后）。 The role that made the change (after SET ROLE).';
COMMENT ON COLUMN jxlink.staff_change.changed_by_login IS '登录角色（session_user）。 The login role (session_user).';
ALTER TABLE ONLY jxlink.staff_change
    ADD CONSTRAINT staff_change_pkey PRIMARY KEY (change_no);
ALTER TABLE ONLY jxlink.staff_change
    ADD CONSTRAINT staff_change_jurisdiction_fkey FOREIGN KEY (jurisdiction) REFERENCES jxlink.jurisdiction(code);
CREATE INDEX staff_change_role ON jxlink.staff_change USING btree (jurisdiction, role_name, change_no);
ALTER TABLE jxlink.staff_change ENABLE ROW LEVEL SECURITY;
CREATE TRIGGER staff_change_append_only BEFORE DELETE OR UPDATE ON jxlink.staff_change FOR EACH ROW EXECUTE FUNCTION jxlink.refuse_change();
ALTER TABLE jxlink.staff_change ENABLE ALWAYS TRIGGER staff_change_append_only;
CREATE TRIGGER staff_change_no_truncate BEFORE TRUNCATE ON jxlink.staff_change FOR EACH STATEMENT EXECUTE FUNCTION jxlink.refuse_change();
ALTER TABLE jxlink.staff_change ENABLE ALWAYS TRIGGER staff_change_no_truncate;
GRANT SELECT ON TABLE jxlink.staff_change TO jxlink_admin, jxlink_clerk, jxlink_supervisor;
SELECT pg_catalog.pg_extension_config_dump('jxlink.staff_change', '');
SELECT pg_catalog.pg_extension_config_dump('jxlink.staff_change_change_no_seq', '');

CREATE TABLE jxlink.staff (
    jurisdiction text DEFAULT jxlink.local_jurisdiction() NOT NULL,
    role_name text NOT NULL,
    unit_id uuid NOT NULL,
    full_name text NOT NULL,
    is_leader boolean DEFAULT false NOT NULL,
    active boolean DEFAULT true NOT NULL,
    last_change bigint NOT NULL,
    CONSTRAINT staff_full_name_check CHECK (full_name <> ''),
    CONSTRAINT staff_role_name_check CHECK (role_name <> '')
);
COMMENT ON TABLE jxlink.staff IS '工作人员：数据库登录角色与所属单位的对应，及是否分管领导。API 函数据此代表调用者所在单位办理。 Staff: a database login role mapped to its unit, with the leader flag (分管领导). The API acts for the caller''s unit through this mapping.';
COMMENT ON COLUMN jxlink.staff.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.staff.role_name IS '数据库角色名（登录角色，或 SET ROLE 所用角色）。 Database role name (the login role, or the role set with SET ROLE).';
COMMENT ON COLUMN jxlink.staff.unit_id IS '所属单位。 The staff member''s unit.';
COMMENT ON COLUMN jxlink.staff.full_name IS '姓名。 Full name.';
COMMENT ON COLUMN jxlink.staff.is_leader IS '是否本单位分管领导（可审批移送）。 Whether the person is the unit''s leader in charge (approves referrals).';
COMMENT ON COLUMN jxlink.staff.active IS '是否在岗。 Whether the person is current.';
COMMENT ON COLUMN jxlink.staff.last_change IS '使本行成为现值的变更记录（jxlink.staff_change，由触发器填写）。 The change that gave this row its values (jxlink.staff_change; set by the trigger).';
ALTER TABLE ONLY jxlink.staff
    ADD CONSTRAINT staff_pkey PRIMARY KEY (jurisdiction, role_name);
ALTER TABLE ONLY jxlink.staff
    ADD CONSTRAINT staff_jurisdiction_fkey FOREIGN KEY (jurisdiction) REFERENCES jxlink.jurisdiction(code);
ALTER TABLE ONLY jxlink.staff
    ADD CONSTRAINT staff_unit_id_fkey FOREIGN KEY (unit_id) REFERENCES jxlink.unit(unit_id);
CREATE INDEX staff_unit ON jxlink.staff USING btree (unit_id);
GRANT SELECT ON TABLE jxlink.staff TO PUBLIC;
GRANT INSERT,DELETE,UPDATE ON TABLE jxlink.staff TO jxlink_admin;
SELECT pg_catalog.pg_extension_config_dump('jxlink.staff', '');
ALTER TABLE ONLY jxlink.staff
    ADD CONSTRAINT staff_last_change_fkey FOREIGN KEY (last_change) REFERENCES jxlink.staff_change(change_no);
COMMENT ON CONSTRAINT staff_last_change_fkey ON jxlink.staff IS '每行指向使其成为现值的变更记录；pg_dump 因此先恢复变更记录、后恢复工作人员。 Each row names the change that gave it its values; pg_dump therefore restores the record before the staff rows.';

-- Record a change of jxlink.staff in jxlink.staff_change (BEFORE each row;
-- TRUNCATE is refused).  An INSERT of a row that names the latest change of
-- its role and has that change's values is the state the record already
-- holds: a restore, which brings back the record first (staff_last_change_fkey
-- orders pg_dump's data so); it is not recorded again.  An UPDATE that changes
-- nothing is not recorded.
CREATE FUNCTION jxlink.staff_record() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    old_v      jsonb;
    new_v      jsonb;
    latest     jxlink.staff_change;
    change     bigint;
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        RAISE EXCEPTION 'jxlink.staff is not truncated: every change of a mapping is recorded'
            USING ERRCODE = 'restrict_violation',
                  HINT = 'Delete the rows: each removal is recorded in jxlink.staff_change.';
    END IF;
    IF TG_OP <> 'INSERT' THEN
        old_v := to_jsonb(OLD) - 'last_change';
    END IF;
    IF TG_OP <> 'DELETE' THEN
        new_v := to_jsonb(NEW) - 'last_change';
    END IF;
    IF TG_OP = 'INSERT' THEN
        SELECT c.* INTO latest FROM jxlink.staff_change c
        WHERE (c.jurisdiction = NEW.jurisdiction AND c.role_name = NEW.role_name)
           OR (c.old_values->>'jurisdiction' = NEW.jurisdiction AND c.old_values->>'role_name' = NEW.role_name)
        ORDER BY c.change_no DESC LIMIT 1;
        IF FOUND AND latest.change_no = NEW.last_change AND latest.op <> 'delete'
           AND latest.role_name = NEW.role_name AND latest.new_values = new_v THEN
            RETURN NEW;  -- restored: the record already holds this row
        END IF;
    ELSIF TG_OP = 'UPDATE' AND old_v = new_v THEN
        NEW.last_change := OLD.last_change;
        RETURN NEW;
    END IF;
    -- a new mapping names a role that exists (a restored one was mapped when recorded)
    IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.role_name IS DISTINCT FROM OLD.role_name)
       AND NOT EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = NEW.role_name) THEN
        RAISE EXCEPTION 'role "%" does not exist', NEW.role_name
            USING ERRCODE = 'undefined_object',
                  DETAIL = 'jxlink.staff maps database roles to units; the role must exist before its mapping.',
                  HINT = 'CREATE ROLE it first (roles are cluster-wide: before a restore, restore them with pg_dumpall --roles-only).';
    END IF;
    INSERT INTO jxlink.staff_change (jurisdiction, op, role_name, unit_id, old_values, new_values,
                                     changed_by_role, changed_by_login)
    VALUES (coalesce(NEW.jurisdiction, OLD.jurisdiction), lower(TG_OP), coalesce(NEW.role_name, OLD.role_name),
            coalesce(NEW.unit_id, OLD.unit_id), old_v, new_v, jxlink.calling_role()::text, session_user::text)
    RETURNING change_no INTO change;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    NEW.last_change := change;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION jxlink.staff_record() IS '触发器：jxlink.staff 的每次新增、修改、删除写入 staff_change（恢复备份时记录中已有的行不重复记录）；新的对应须指向已存在的数据库角色（42704）；拒绝 TRUNCATE。 Trigger: record every insert, update and delete of jxlink.staff in staff_change (a restored row the record already holds is not recorded twice); a new mapping must name an existing database role (42704); refuse TRUNCATE.';
REVOKE ALL ON FUNCTION jxlink.staff_record() FROM PUBLIC;
CREATE TRIGGER staff_record BEFORE INSERT OR DELETE OR UPDATE ON jxlink.staff FOR EACH ROW EXECUTE FUNCTION jxlink.staff_record();
ALTER TABLE jxlink.staff ENABLE ALWAYS TRIGGER staff_record;
CREATE TRIGGER staff_no_truncate BEFORE TRUNCATE ON jxlink.staff FOR EACH STATEMENT EXECUTE FUNCTION jxlink.staff_record();
ALTER TABLE jxlink.staff ENABLE ALWAYS TRIGGER staff_no_truncate;

CREATE TABLE jxlink.liaison (
    liaison_id uuid DEFAULT jxlink.uuid_v7() NOT NULL,
    jurisdiction text DEFAULT jxlink.local_jurisdiction() NOT NULL,
    unit_id uuid NOT NULL,
    full_name text NOT NULL,
    phone text,
    role_name text,
    duty text DEFAULT 'both' NOT NULL,
    active boolean DEFAULT true NOT NULL,
    CONSTRAINT liaison_duty_check CHECK (duty IN ('send', 'receive', 'both')),
    CONSTRAINT liaison_full_name_check CHECK (full_name <> '')
);
COMMENT ON TABLE jxlink.liaison IS '案件移送、受理联系人（三（三）1）。 Liaison persons for sending and receiving referrals (三（三）1).';
COMMENT ON COLUMN jxlink.liaison.liaison_id IS '联系人标识。 Liaison identifier.';
COMMENT ON COLUMN jxlink.liaison.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.liaison.unit_id IS '所属单位。 The liaison''s unit.';
COMMENT ON COLUMN jxlink.liaison.full_name IS '姓名。 Full name.';
COMMENT ON COLUMN jxlink.liaison.phone IS '工作电话。 Work phone.';
COMMENT ON COLUMN jxlink.liaison.role_name IS '对应的数据库登录角色（如有）。 The liaison''s database login role, if any.';
COMMENT ON COLUMN jxlink.liaison.duty IS 'send：负责移送；receive：负责受理；both：两者。 send: sends referrals; receive: receives them; both.';
COMMENT ON COLUMN jxlink.liaison.active IS '是否在岗。 Whether the liaison is current.';
ALTER TABLE ONLY jxlink.liaison
    ADD CONSTRAINT liaison_pkey PRIMARY KEY (liaison_id);
ALTER TABLE ONLY jxlink.liaison
    ADD CONSTRAINT liaison_jurisdiction_fkey FOREIGN KEY (jurisdiction) REFERENCES jxlink.jurisdiction(code);
ALTER TABLE ONLY jxlink.liaison
    ADD CONSTRAINT liaison_unit_id_fkey FOREIGN KEY (unit_id) REFERENCES jxlink.unit(unit_id);
CREATE INDEX liaison_unit ON jxlink.liaison USING btree (unit_id);
GRANT SELECT ON TABLE jxlink.liaison TO PUBLIC;
GRANT INSERT,DELETE,UPDATE ON TABLE jxlink.liaison TO jxlink_admin;
SELECT pg_catalog.pg_extension_config_dump('jxlink.liaison', '');

-- The staff row of the calling role, or an error.
CREATE FUNCTION jxlink.caller_staff() RETURNS jxlink.staff
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    me jxlink.staff;
BEGIN
    PERFORM jxlink.require_primary();
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

-- Who reads which jurisdictions beyond their own units (issue 13): a town's
-- BI dashboard or supervisors, the city's, a city department's readers.  A
-- row names a role (a login or group role: its members read) and either a
-- jurisdiction (a city stands for itself and its towns and streets) or a city
-- department (the rows of the agencies that belong to it, in every town).
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

-- The codes given, with the towns and streets of those that are cities.
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

-- The reader scopes the querying role holds through membership.  The functions
-- below run as the caller (SECURITY INVOKER): current_user is the role the
-- policy is checked for.
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

-- The jurisdictions a database with a single one lets jxlink_bi and
-- jxlink_supervisor read without a scope: that one, as before 0.12.0.
CREATE FUNCTION jxlink.sole_jurisdiction() RETURNS text[]
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    SELECT CASE WHEN count(*) = 1 THEN array_agg(j.code) ELSE '{}' END FROM jxlink.jurisdiction j
$$;
COMMENT ON FUNCTION jxlink.sole_jurisdiction() IS '（内部）库中只有一个辖区时为该辖区（jxlink_bi、jxlink_supervisor 成员无需读取范围即可读它），否则为空。 (Internal) The jurisdiction of a database that has only one (members of jxlink_bi and jxlink_supervisor read it without a scope), else empty.';
REVOKE ALL ON FUNCTION jxlink.sole_jurisdiction() FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.sole_jurisdiction() TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;

-- The units whose rows the querying role reads as its own: those it is staff
-- of, and the agencies of the city departments it is staff of or holds a
-- department scope for.
CREATE FUNCTION jxlink.my_units() RETURNS uuid[]
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

-- The jurisdictions of those units: where the role reads the joint meetings.
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

-- Where the querying role supervises: staff of a judicial office or discipline
-- commission in their jurisdiction (a city's in the city and its towns);
-- members of jxlink_supervisor in the jurisdictions of their scopes.
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

-- Where the querying role reads every complaint (not its contact: see
-- read_complainant_contact): where it supervises, and the team's own.
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

-- The jurisdictions whose every (non-personal) row the querying role reads:
-- all for administrators; where it supervises; its reader scopes (a city with
-- its towns); in a database with one jurisdiction, that one for jxlink_bi.
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

CREATE POLICY staff_change_read ON jxlink.staff_change FOR SELECT
USING (pg_has_role(current_user, 'jxlink_admin', 'MEMBER') OR jurisdiction = ANY ((SELECT jxlink.supervises_jurisdictions())::text[]));
COMMENT ON POLICY staff_change_read ON jxlink.staff_change IS '管理员读取全部对应关系变更记录，监督人员读取其监督辖区的记录；其他办事人员不读。 Administrators read the whole staff record, supervisors the record of the jurisdictions they supervise; other clerks do not.';

-- Where jxlink.staff and its record disagree: a row that is not the latest
-- recorded state of its role, or a role the record says is mapped and is not.
CREATE FUNCTION jxlink.verify_staff_record() RETURNS TABLE(jurisdiction text, role_name text, problem text)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    WITH latest AS (
        SELECT DISTINCT ON (k.j, k.r) k.j, k.r, c.change_no, c.op, c.role_name AS changed_role, c.new_values
        FROM jxlink.staff_change c
        CROSS JOIN LATERAL (VALUES (c.jurisdiction, c.role_name),
                                   (c.old_values->>'jurisdiction', c.old_values->>'role_name')) AS k(j, r)
        WHERE k.r IS NOT NULL
        ORDER BY k.j, k.r, c.change_no DESC)
    SELECT s.jurisdiction, s.role_name,
           CASE WHEN l.change_no IS NULL THEN 'mapped without a record'
                ELSE 'the row differs from its latest recorded change ' || l.change_no END
    FROM jxlink.staff s LEFT JOIN latest l ON l.j = s.jurisdiction AND l.r = s.role_name
    WHERE l.change_no IS NULL OR l.change_no <> s.last_change OR l.op = 'delete' OR l.changed_role <> s.role_name
       OR l.new_values IS DISTINCT FROM to_jsonb(s) - 'last_change'
    UNION ALL
    SELECT l.j, l.r, 'recorded as mapped by change ' || l.change_no || ', but not in jxlink.staff'
    FROM latest l
    WHERE l.op <> 'delete' AND l.changed_role = l.r
      AND NOT EXISTS (SELECT 1 FROM jxlink.staff s WHERE s.jurisdiction = l.j AND s.role_name = l.r)
    ORDER BY 1, 2, 3
$$;
COMMENT ON FUNCTION jxlink.verify_staff_record() IS '核对 jxlink.staff 与其变更记录：返回每一处不符（无记录的对应、与最近记录不同的行、记录为在册却不在表中的角色）。空结果表示一致。 Check jxlink.staff against its record: every disagreement (a mapping without a record, a row unlike its latest recorded change, a role recorded as mapped and missing from the table). No rows means they agree.';
REVOKE ALL ON FUNCTION jxlink.verify_staff_record() FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.verify_staff_record() TO jxlink_admin, jxlink_supervisor;
