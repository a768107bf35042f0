/*
 * jxlink 0.1.0 -> 0.2.0: units, cases and the case-referral workflow.
 *
 * 新塘街道综合行政执法协调协作联动机制暂行规定 二、三（三）: a section or a
 * dispatched agency that finds a violation refers the case to the enforcement
 * team within 3 working days (5 after an advance notice, 24 hours when
 * urgent), with the transfer letter, the case-source material and the
 * preliminary evidence, approved by its leader in charge; the team answers in
 * writing within 5 working days, files, decides and copies the result back.
 *
 * Every time limit is a row of the obligation ledger jxlink.obligation, opened
 * and met by the referral's transitions (DESIGN §2).  The state machine lives
 * in C (src/referral_fsm.c).
 */

-- complain if script is sourced in psql, rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION jxlink UPDATE TO '0.2.0'" to load this file. \quit

------------------------------------------------------------------------------
-- Shipped configuration rows: one guard for the calendar and the rules
------------------------------------------------------------------------------

ALTER FUNCTION jxlink.calendar_row_guard() RENAME TO shipped_row_guard;
COMMENT ON FUNCTION jxlink.shipped_row_guard() IS
'触发器（日历、期限规则等随扩展发布的配置表）：修改过的发布行标为 edited（导出时保留，恢复时取代发布行）；发布行不可删除，表不可清空。 Trigger for configuration tables shipped with rows (calendar, deadline rules): a changed shipped row becomes edited (kept by pg_dump, replacing the shipped row on restore); shipped rows cannot be deleted nor the tables truncated.';

-- The guard must also run when a restore or a replica applies rows.
ALTER TABLE jxlink.calendar_day ENABLE ALWAYS TRIGGER calendar_day_guard;
ALTER TABLE jxlink.calendar_year ENABLE ALWAYS TRIGGER calendar_year_guard;

------------------------------------------------------------------------------
-- Identifiers and actors (C: src/ident.c)
------------------------------------------------------------------------------

CREATE FUNCTION jxlink.uuid_v7() RETURNS uuid
AS 'MODULE_PATHNAME', 'jxlink_uuid_v7'
LANGUAGE C VOLATILE PARALLEL SAFE;
COMMENT ON FUNCTION jxlink.uuid_v7() IS
'按时间排序的 UUID（第 7 版）：多个街道库合并到市级库时不冲突。 A time-ordered UUID (version 7): keys of several street databases merge into a city database without collisions.';

CREATE FUNCTION jxlink.local_timezone() RETURNS text
AS 'MODULE_PATHNAME', 'jxlink_local_timezone'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION jxlink.local_timezone() IS
'本街道的时区（jxlink.timezone 的值；会话尚未加载扩展库时亦可用）。 The street''s time zone (the value of jxlink.timezone; works before the session has loaded the library).';

CREATE FUNCTION jxlink.calling_role() RETURNS name
AS 'MODULE_PATHNAME', 'jxlink_calling_role'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION jxlink.calling_role() IS
'调用者的数据库角色（SET ROLE 之后的角色；在 SECURITY DEFINER 函数内也不是函数属主）。 The role the caller acts as (after SET ROLE; inside a SECURITY DEFINER function too, not the owner).';

------------------------------------------------------------------------------
-- Organisation (二, 三（三）1)
------------------------------------------------------------------------------

CREATE TABLE jxlink.jurisdiction (
    code        text PRIMARY KEY CHECK (code ~ '^[A-Za-z0-9_.-]+$'),
    name_zh     text NOT NULL CHECK (name_zh <> ''),
    name_en     text,
    is_local    boolean NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX jurisdiction_one_local ON jxlink.jurisdiction (is_local) WHERE is_local;
COMMENT ON TABLE jxlink.jurisdiction IS
'辖区（街道、镇）。本库所属辖区 is_local 为真，且只有一个；市级汇总库汇入各街道的行。 Jurisdictions (streets, towns). Exactly one is this database''s own (is_local); a city fan-in database holds the rows of every street.';
COMMENT ON COLUMN jxlink.jurisdiction.code IS '辖区代码（如 350582-xintang）。 Jurisdiction code (e.g. 350582-xintang).';
COMMENT ON COLUMN jxlink.jurisdiction.name_zh IS '名称（中文）。 Name in Chinese.';
COMMENT ON COLUMN jxlink.jurisdiction.name_en IS '名称（英文）。 Name in English.';
COMMENT ON COLUMN jxlink.jurisdiction.is_local IS '是否本库所属辖区。 Whether this is the database''s own jurisdiction.';

CREATE FUNCTION jxlink.local_jurisdiction() RETURNS text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    result text;
BEGIN
    SELECT j.code INTO result FROM jxlink.jurisdiction j WHERE j.is_local;
    IF result IS NULL THEN
        RAISE EXCEPTION 'this database has no local jurisdiction'
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'An administrator registers it: INSERT INTO jxlink.jurisdiction (code, name_zh, is_local) VALUES (''350582-xintang'', ''新塘街道'', true).';
    END IF;
    RETURN result;
END
$$;
COMMENT ON FUNCTION jxlink.local_jurisdiction() IS
'本库所属辖区的代码（各表 jurisdiction 列的默认值）。 Code of this database''s own jurisdiction (the default of every jurisdiction column).';

CREATE TABLE jxlink.unit (
    unit_id      uuid PRIMARY KEY DEFAULT jxlink.uuid_v7(),
    jurisdiction text NOT NULL DEFAULT jxlink.local_jurisdiction() REFERENCES jxlink.jurisdiction,
    code         text NOT NULL CHECK (code <> ''),
    kind         text NOT NULL CHECK (kind IN ('functional_section', 'dispatched_agency', 'enforcement_team',
                                               'community_work_group', 'community', 'grid',
                                               'judicial_office', 'discipline_commission', 'leadership')),
    name_zh      text NOT NULL CHECK (name_zh <> ''),
    name_en      text,
    active       boolean NOT NULL DEFAULT true,
    UNIQUE (jurisdiction, code)
);
CREATE UNIQUE INDEX unit_one_team ON jxlink.unit (jurisdiction) WHERE kind = 'enforcement_team';
COMMENT ON TABLE jxlink.unit IS
'单位（二）：职能科室、市直派驻机构、综合执法队（每个辖区一个）、包社区工作组、社区、网格、司法所、纪工委、领导。 Units (二): functional sections, city-level dispatched agencies, the enforcement team (one per jurisdiction), community work groups, communities, grids, the judicial office, the discipline commission, leadership.';
COMMENT ON COLUMN jxlink.unit.unit_id IS '单位标识。 Unit identifier.';
COMMENT ON COLUMN jxlink.unit.jurisdiction IS '所属辖区。 Jurisdiction of the unit.';
COMMENT ON COLUMN jxlink.unit.code IS '单位代码（辖区内唯一）。 Unit code, unique within the jurisdiction.';
COMMENT ON COLUMN jxlink.unit.kind IS '单位类别（见表注释）。 Kind of unit (see the table comment).';
COMMENT ON COLUMN jxlink.unit.name_zh IS '名称（中文）。 Name in Chinese.';
COMMENT ON COLUMN jxlink.unit.name_en IS '名称（英文）。 Name in English.';
COMMENT ON COLUMN jxlink.unit.active IS '是否在用。 Whether the unit is active.';

CREATE TABLE jxlink.liaison (
    liaison_id   uuid PRIMARY KEY DEFAULT jxlink.uuid_v7(),
    jurisdiction text NOT NULL DEFAULT jxlink.local_jurisdiction() REFERENCES jxlink.jurisdiction,
    unit_id      uuid NOT NULL REFERENCES jxlink.unit,
    full_name    text NOT NULL CHECK (full_name <> ''),
    phone        text,
    role_name    text,
    duty         text NOT NULL DEFAULT 'both' CHECK (duty IN ('send', 'receive', 'both')),
    active       boolean NOT NULL DEFAULT true
);
CREATE INDEX liaison_unit ON jxlink.liaison (unit_id);
COMMENT ON TABLE jxlink.liaison IS
'案件移送、受理联系人（三（三）1）。 Liaison persons for sending and receiving referrals (三（三）1).';
COMMENT ON COLUMN jxlink.liaison.liaison_id IS '联系人标识。 Liaison identifier.';
COMMENT ON COLUMN jxlink.liaison.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.liaison.unit_id IS '所属单位。 The liaison''s unit.';
COMMENT ON COLUMN jxlink.liaison.full_name IS '姓名。 Full name.';
COMMENT ON COLUMN jxlink.liaison.phone IS '工作电话。 Work phone.';
COMMENT ON COLUMN jxlink.liaison.role_name IS '对应的数据库登录角色（如有）。 The liaison''s database login role, if any.';
COMMENT ON COLUMN jxlink.liaison.duty IS 'send：负责移送；receive：负责受理；both：两者。 send: sends referrals; receive: receives them; both.';
COMMENT ON COLUMN jxlink.liaison.active IS '是否在岗。 Whether the liaison is current.';

CREATE TABLE jxlink.staff (
    jurisdiction text NOT NULL DEFAULT jxlink.local_jurisdiction() REFERENCES jxlink.jurisdiction,
    role_name    text NOT NULL CHECK (role_name <> ''),
    unit_id      uuid NOT NULL REFERENCES jxlink.unit,
    full_name    text NOT NULL CHECK (full_name <> ''),
    is_leader    boolean NOT NULL DEFAULT false,
    active       boolean NOT NULL DEFAULT true,
    PRIMARY KEY (jurisdiction, role_name)
);
CREATE INDEX staff_unit ON jxlink.staff (unit_id);
COMMENT ON TABLE jxlink.staff IS
'工作人员：数据库登录角色与所属单位的对应，及是否分管领导。API 函数据此代表调用者所在单位办理。 Staff: a database login role mapped to its unit, with the leader flag (分管领导). The API acts for the caller''s unit through this mapping.';
COMMENT ON COLUMN jxlink.staff.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.staff.role_name IS '数据库角色名（登录角色，或 SET ROLE 所用角色）。 Database role name (the login role, or the role set with SET ROLE).';
COMMENT ON COLUMN jxlink.staff.unit_id IS '所属单位。 The staff member''s unit.';
COMMENT ON COLUMN jxlink.staff.full_name IS '姓名。 Full name.';
COMMENT ON COLUMN jxlink.staff.is_leader IS '是否本单位分管领导（可审批移送）。 Whether the person is the unit''s leader in charge (approves referrals).';
COMMENT ON COLUMN jxlink.staff.active IS '是否在岗。 Whether the person is current.';

------------------------------------------------------------------------------
-- Deadline rules and the obligation ledger (DESIGN §2)
------------------------------------------------------------------------------

CREATE TABLE jxlink.deadline_rule (
    rule_code       text PRIMARY KEY CHECK (rule_code ~ '^[a-z_]+$'),
    obligation_kind text NOT NULL,
    period_unit     text NOT NULL CHECK (period_unit IN ('workdays', 'hours')),
    amount          integer NOT NULL CHECK (amount > 0 AND amount <= 10000),
    clause          text NOT NULL,
    basis           text NOT NULL CHECK (basis IN ('provision', 'local_policy')),
    description_zh  text NOT NULL,
    description_en  text NOT NULL,
    origin          text NOT NULL DEFAULT 'local' CHECK (origin IN ('shipped', 'edited', 'local'))
);
COMMENT ON TABLE jxlink.deadline_rule IS
'期限规则：每种义务的时限（工作日或小时）及其依据条款。规定本身的时限（basis = provision）不可修改；本地政策默认值可由管理员修改，对此后新开的义务生效。 Deadline rules: the time limit of each kind of obligation (working days or hours) and the clause it rests on. The provisions'' own limits (basis = provision) cannot be changed; local-policy defaults can, for obligations opened afterwards.';
COMMENT ON COLUMN jxlink.deadline_rule.rule_code IS '规则代码。 Rule code.';
COMMENT ON COLUMN jxlink.deadline_rule.obligation_kind IS '适用的义务种类。 The kind of obligation the rule applies to.';
COMMENT ON COLUMN jxlink.deadline_rule.period_unit IS 'workdays：工作日（起算日不计入，至第 n 个工作日 24:00）；hours：自然小时（节假日不顺延）。 workdays: working days (the start day not counted, until 24:00 of the n-th); hours: clock hours (holidays not skipped).';
COMMENT ON COLUMN jxlink.deadline_rule.amount IS '期限长度。 Length of the period.';
COMMENT ON COLUMN jxlink.deadline_rule.clause IS '依据条款。 The clause the limit rests on.';
COMMENT ON COLUMN jxlink.deadline_rule.basis IS 'provision：规定明文；local_policy：本地政策默认值。 provision: set by the provisions; local_policy: a local-policy default.';
COMMENT ON COLUMN jxlink.deadline_rule.description_zh IS '说明（中文）。 Description in Chinese.';
COMMENT ON COLUMN jxlink.deadline_rule.description_en IS '说明（英文）。 Description in English.';
COMMENT ON COLUMN jxlink.deadline_rule.origin IS
'来源：shipped＝随扩展发布未经修改（pg_dump 不导出，由 CREATE EXTENSION 重建）；edited＝管理员修改过的发布行；local＝管理员新增。 shipped: as shipped (left out of pg_dump, recreated by CREATE EXTENSION); edited: a shipped row an administrator changed; local: added by an administrator.';

INSERT INTO jxlink.deadline_rule
    (rule_code, obligation_kind, period_unit, amount, clause, basis, description_zh, description_en, origin)
VALUES
    ('transfer', 'transfer', 'workdays', 3, '三（三）2①', 'provision',
     '发现违法行为后 3 个工作日内完成移交', 'transfer the case within 3 working days of discovery', 'shipped'),
    ('transfer_extended', 'transfer', 'workdays', 5, '三（三）2②', 'provision',
     '事先告知综合执法队的，移送期限最长不超过 5 个工作日', 'after an advance notice to the team, transfer within at most 5 working days', 'shipped'),
    ('transfer_urgent', 'transfer', 'hours', 24, '三（三）2③', 'provision',
     '情况紧急的，24 小时内移交', 'urgent cases: transfer within 24 hours', 'shipped'),
    ('acknowledge', 'acknowledge', 'workdays', 5, '三（三）2④', 'provision',
     '综合执法队收到移送后 5 个工作日内书面告知是否受理', 'the team notifies the sender in writing within 5 working days whether it accepts', 'shipped'),
    ('file_case', 'file_case', 'workdays', 5, '三（二）、二（一）', 'local_policy',
     '受理后及时立案（本地默认 5 个工作日）', 'file the case promptly after accepting it (local default: 5 working days)', 'shipped'),
    ('copy_back', 'copy_back', 'workdays', 5, '二（一）', 'local_policy',
     '作出决定后将结果抄告移送单位（本地默认 5 个工作日）', 'copy the decision back to the sending unit (local default: 5 working days)', 'shipped'),
    ('licence_followup', 'licence_followup', 'workdays', 20, '二（二）', 'local_policy',
     '应批未批事项移交后，向综合执法队反馈后续办证情况（本地默认 20 个工作日）', 'after transferring an unlicensed matter, report the later licensing status to the team (local default: 20 working days)', 'shipped');

CREATE TRIGGER deadline_rule_guard
    BEFORE INSERT OR UPDATE OR DELETE ON jxlink.deadline_rule
    FOR EACH ROW EXECUTE FUNCTION jxlink.shipped_row_guard('rule_code');
CREATE TRIGGER deadline_rule_no_truncate
    BEFORE TRUNCATE ON jxlink.deadline_rule
    FOR EACH STATEMENT EXECUTE FUNCTION jxlink.shipped_row_guard('rule_code');
ALTER TABLE jxlink.deadline_rule ENABLE ALWAYS TRIGGER deadline_rule_guard;

-- The provisions' own limits are not local policy.
CREATE FUNCTION jxlink.deadline_rule_fixed() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF OLD.basis = 'provision'
       AND (NEW.obligation_kind, NEW.period_unit, NEW.amount, NEW.basis, NEW.rule_code)
           IS DISTINCT FROM (OLD.obligation_kind, OLD.period_unit, OLD.amount, OLD.basis, OLD.rule_code) THEN
        RAISE EXCEPTION 'the time limit of rule "%" is set by the provisions (%)', OLD.rule_code, OLD.clause
            USING ERRCODE = 'restrict_violation',
                  HINT = 'Only local-policy rules (basis = local_policy) can be changed.';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION jxlink.deadline_rule_fixed() IS
'触发器：规定明文的时限不可修改。 Trigger: the provisions'' own time limits cannot be changed.';
REVOKE ALL ON FUNCTION jxlink.deadline_rule_fixed() FROM PUBLIC;
CREATE TRIGGER deadline_rule_fixed
    BEFORE UPDATE ON jxlink.deadline_rule
    FOR EACH ROW EXECUTE FUNCTION jxlink.deadline_rule_fixed();

CREATE TABLE jxlink.obligation (
    obligation_id    uuid PRIMARY KEY DEFAULT jxlink.uuid_v7(),
    jurisdiction     text NOT NULL DEFAULT jxlink.local_jurisdiction() REFERENCES jxlink.jurisdiction,
    kind             text NOT NULL CHECK (kind IN ('transfer', 'acknowledge', 'file_case', 'copy_back', 'licence_followup')),
    subject_type     text NOT NULL CHECK (subject_type IN ('referral')),
    subject_id       uuid NOT NULL,
    owner_unit       uuid NOT NULL REFERENCES jxlink.unit,
    counterpart_unit uuid REFERENCES jxlink.unit,
    rule_code        text NOT NULL REFERENCES jxlink.deadline_rule,
    clause           text NOT NULL,
    started_at       timestamptz NOT NULL,
    due_at           timestamptz NOT NULL,
    due_date         date NOT NULL,
    provisional      boolean NOT NULL,
    calendar_version text,
    status           text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'met', 'waived')),
    met_at           timestamptz,
    met_late         boolean,
    met_by           text,
    note             text,
    created_at       timestamptz NOT NULL DEFAULT pg_catalog.now(),
    CHECK ((status = 'open') = (met_at IS NULL)),
    CHECK ((status = 'met') = (met_late IS NOT NULL)),
    CHECK (due_at > started_at)
);
CREATE INDEX obligation_open_due ON jxlink.obligation (due_at) WHERE status = 'open';
CREATE INDEX obligation_subject ON jxlink.obligation (subject_id, kind);
CREATE INDEX obligation_owner_started ON jxlink.obligation (owner_unit, started_at);
COMMENT ON TABLE jxlink.obligation IS
'时限台账：规定中的每一个时限都是一行——谁欠谁什么、自何时、至何时、依哪条规则、何时履行。 The obligation ledger: every time limit of the provisions is one row — who owes what to whom, from when, by when, under which rule, and when it was met.';
COMMENT ON COLUMN jxlink.obligation.obligation_id IS '义务标识。 Obligation identifier.';
COMMENT ON COLUMN jxlink.obligation.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.obligation.kind IS '义务种类：transfer 移交、acknowledge 书面告知是否受理、file_case 立案、copy_back 抄告结果、licence_followup 反馈办证情况。 Kind: transfer, acknowledge (written notice of acceptance), file_case, copy_back (the result), licence_followup.';
COMMENT ON COLUMN jxlink.obligation.subject_type IS '事项类型（referral 案件移送）。 Type of the subject (referral).';
COMMENT ON COLUMN jxlink.obligation.subject_id IS '事项标识（如移送标识）。 Identifier of the subject (e.g. the referral).';
COMMENT ON COLUMN jxlink.obligation.owner_unit IS '负有义务的单位。 The unit that owes the obligation.';
COMMENT ON COLUMN jxlink.obligation.counterpart_unit IS '义务指向的单位。 The unit the obligation is owed to.';
COMMENT ON COLUMN jxlink.obligation.rule_code IS '适用的期限规则。 The deadline rule applied.';
COMMENT ON COLUMN jxlink.obligation.clause IS '依据条款。 The clause the limit rests on.';
COMMENT ON COLUMN jxlink.obligation.started_at IS '起算时刻。 When the period started.';
COMMENT ON COLUMN jxlink.obligation.due_at IS '逾期起点（首个逾期时刻）。 The first late instant.';
COMMENT ON COLUMN jxlink.obligation.due_date IS '期限届满日（本地日期）。 The last day of the period (local date).';
COMMENT ON COLUMN jxlink.obligation.provisional IS '届满日所在年份尚无官方安排（按周一至周五暂定）。 The last day falls in a year without a loaded official schedule (weekday rule, provisional).';
COMMENT ON COLUMN jxlink.obligation.calendar_version IS '计算所用日历版本（小时期限为空）。 Version of the calendar the due time was computed with (null for hour rules).';
COMMENT ON COLUMN jxlink.obligation.status IS 'open 未履行；met 已履行；waived 免除（如撤回移送）。 open; met; waived (e.g. the referral was withdrawn).';
COMMENT ON COLUMN jxlink.obligation.met_at IS '履行（或免除）时刻。 When it was met (or waived).';
COMMENT ON COLUMN jxlink.obligation.met_late IS '履行时是否已逾期（履行时判定，日历修改不再改变）。 Whether it was met late, judged when met (calendar changes do not alter it).';
COMMENT ON COLUMN jxlink.obligation.met_by IS '履行（或免除）的操作角色。 Role that met (or waived) it.';
COMMENT ON COLUMN jxlink.obligation.note IS '履行或免除说明。 Note on meeting or waiving it.';
COMMENT ON COLUMN jxlink.obligation.created_at IS '记录时间。 When the row was recorded.';

-- Due time of an obligation started at an instant under a rule.
CREATE FUNCTION jxlink.obligation_due(rule_code text, started_at timestamptz,
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
    IF r.period_unit = 'hours' THEN
        due_at := started_at + make_interval(hours => r.amount);
        due_date := jxlink.local_date(due_at);
        provisional := false;
        calendar_version := NULL;
    ELSE
        due_at := jxlink.workday_deadline(started_at, r.amount);
        due_date := jxlink.add_workdays(jxlink.local_date(started_at), r.amount);
        provisional := jxlink.is_provisional(due_date);
        calendar_version := jxlink.calendar_version();
    END IF;
END
$$;
COMMENT ON FUNCTION jxlink.obligation_due(text, timestamptz) IS
'按规则计算期限：逾期起点、届满日、是否暂定、日历版本。台账之外不计算期限。 The due time under a rule: first late instant, last day, provisional flag, calendar version. Nothing outside the ledger computes deadlines.';

-- Open an obligation; returns its identifier.
CREATE FUNCTION jxlink.obligation_open(kind text, rule_code text, subject_type text, subject_id uuid,
    owner_unit uuid, counterpart_unit uuid, started_at timestamptz) RETURNS uuid
LANGUAGE sql
SET search_path = pg_catalog, pg_temp
AS $$
    INSERT INTO jxlink.obligation (jurisdiction, kind, subject_type, subject_id, owner_unit, counterpart_unit,
                                   rule_code, clause, started_at, due_at, due_date, provisional, calendar_version)
    SELECT u.jurisdiction, obligation_open.kind, obligation_open.subject_type, obligation_open.subject_id,
           obligation_open.owner_unit, obligation_open.counterpart_unit, r.rule_code, r.clause,
           obligation_open.started_at, d.due_at, d.due_date, d.provisional, d.calendar_version
    FROM jxlink.deadline_rule r
    JOIN jxlink.unit u ON u.unit_id = obligation_open.owner_unit
    CROSS JOIN jxlink.obligation_due(r.rule_code, obligation_open.started_at) d
    WHERE r.rule_code = obligation_open.rule_code
    RETURNING obligation_id
$$;
COMMENT ON FUNCTION jxlink.obligation_open(text, text, text, uuid, uuid, uuid, timestamptz) IS
'（内部）开立一项义务并计算其期限。 (Internal) Open an obligation and compute its due time.';

-- Meet (or waive) the open obligations of a subject of the given kinds; returns how many.
CREATE FUNCTION jxlink.obligation_close(subject_id uuid, kinds text[], closed_at timestamptz,
    closed_by text, new_status text, note text DEFAULT NULL) RETURNS integer
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    n integer;
BEGIN
    UPDATE jxlink.obligation o
    SET status = new_status,
        met_at = closed_at,
        met_late = CASE WHEN new_status = 'met' THEN closed_at >= o.due_at END,
        met_by = closed_by,
        note = obligation_close.note
    WHERE o.subject_id = obligation_close.subject_id
      AND o.kind = ANY (kinds)
      AND o.status = 'open';
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$$;
COMMENT ON FUNCTION jxlink.obligation_close(uuid, text[], timestamptz, text, text, text) IS
'（内部）履行或免除某事项的未结义务；履行时判定是否逾期。 (Internal) Meet or waive the open obligations of a subject; a met one is judged late or on time then.';

-- Move an open obligation to another rule (e.g. transfer -> transfer_extended).
CREATE FUNCTION jxlink.obligation_reschedule(obligation_id uuid, rule_code text) RETURNS void
LANGUAGE sql
SET search_path = pg_catalog, pg_temp
AS $$
    UPDATE jxlink.obligation o
    SET (rule_code, clause, due_at, due_date, provisional, calendar_version) =
        (SELECT r.rule_code, r.clause, d.due_at, d.due_date, d.provisional, d.calendar_version
         FROM jxlink.deadline_rule r, jxlink.obligation_due(r.rule_code, o.started_at) d
         WHERE r.rule_code = obligation_reschedule.rule_code)
    WHERE o.obligation_id = obligation_reschedule.obligation_id
      AND o.status = 'open'
$$;
COMMENT ON FUNCTION jxlink.obligation_reschedule(uuid, text) IS
'（内部）将未结义务改按另一规则计算期限。 (Internal) Recompute an open obligation under another rule.';

-- After a calendar change: recompute every open working-day obligation.
CREATE FUNCTION jxlink.obligation_recompute() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    UPDATE jxlink.obligation o
    SET (due_at, due_date, provisional, calendar_version) =
        (SELECT d.due_at, d.due_date, d.provisional, d.calendar_version
         FROM jxlink.obligation_due(o.rule_code, o.started_at) d)
    WHERE o.status = 'open'
      AND o.rule_code IN (SELECT r.rule_code FROM jxlink.deadline_rule r WHERE r.period_unit = 'workdays');
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION jxlink.obligation_recompute() IS
'触发器：日历变更后重算所有未结工作日义务的期限；已履行的义务保留其判定。 Trigger: after a calendar change, recompute the due time of every open working-day obligation; met ones keep their verdict.';
REVOKE ALL ON FUNCTION jxlink.obligation_due(text, timestamptz),
    jxlink.obligation_open(text, text, text, uuid, uuid, uuid, timestamptz),
    jxlink.obligation_close(uuid, text[], timestamptz, text, text, text),
    jxlink.obligation_reschedule(uuid, text),
    jxlink.obligation_recompute() FROM PUBLIC;

-- Named to fire after calendar_*_changed (triggers fire in name order), so
-- the calendar cache is already invalidated.
CREATE TRIGGER calendar_day_recompute
    AFTER INSERT OR UPDATE OR DELETE ON jxlink.calendar_day
    FOR EACH STATEMENT EXECUTE FUNCTION jxlink.obligation_recompute();
CREATE TRIGGER calendar_year_recompute
    AFTER INSERT OR UPDATE OR DELETE ON jxlink.calendar_year
    FOR EACH STATEMENT EXECUTE FUNCTION jxlink.obligation_recompute();

------------------------------------------------------------------------------
-- The referral state machine (C: src/referral_fsm.c)
------------------------------------------------------------------------------

CREATE FUNCTION jxlink.referral_next_state(state text, event text) RETURNS text
AS 'MODULE_PATHNAME', 'jxlink_referral_next_state'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION jxlink.referral_next_state(text, text) IS
'状态机：某状态下发生某事件后的新状态；不允许的转换报错（SQLSTATE 55000，并列出该状态允许的事件）。state 为空表示尚未创建。 The state machine: the state after an event; a refused transition raises SQLSTATE 55000 listing the events allowed in that state. A null state means not yet created.';

CREATE FUNCTION jxlink.referral_event_actor(event text) RETURNS text
AS 'MODULE_PATHNAME', 'jxlink_referral_event_actor'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION jxlink.referral_event_actor(text) IS
'谁可触发该事件：sender 移送单位、sender_leader 移送单位分管领导、team 综合执法队。 Who may fire the event: sender (the sending unit), sender_leader (its leader in charge), team (the enforcement team).';

CREATE FUNCTION jxlink.referral_transitions(OUT from_state text, OUT event text, OUT to_state text, OUT actor text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'jxlink_referral_transitions'
LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 20;
COMMENT ON FUNCTION jxlink.referral_transitions() IS
'状态机的全部转换（定义于 C）：起始状态、事件、目标状态、触发者。 Every transition of the state machine (defined in C): from state, event, to state, actor.';

CREATE FUNCTION jxlink.referral_states(OUT state text, OUT terminal boolean, OUT name_zh text, OUT name_en text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'jxlink_referral_states'
LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 11;
COMMENT ON FUNCTION jxlink.referral_states() IS
'移送的全部状态及其中英文名称、是否终态。 Every referral state, whether it is final, and its Chinese and English names.';

CREATE FUNCTION jxlink.referral_state_guard() RETURNS trigger
AS 'MODULE_PATHNAME', 'jxlink_referral_state_guard'
LANGUAGE C;
COMMENT ON FUNCTION jxlink.referral_state_guard() IS
'触发器：每一行都是某次转换的结果，状态的每次变化都是状态机允许的一次转换（transition_seq 加一）。 Trigger: every row is the result of a transition, and every change of state is one transition the state machine allows (transition_seq + 1).';
REVOKE ALL ON FUNCTION jxlink.referral_state_guard() FROM PUBLIC;

------------------------------------------------------------------------------
-- Cases (二（一）–（五）, 三（三）)
------------------------------------------------------------------------------

CREATE TABLE jxlink.case_file (
    case_id            uuid PRIMARY KEY DEFAULT jxlink.uuid_v7(),
    jurisdiction       text NOT NULL DEFAULT jxlink.local_jurisdiction() REFERENCES jxlink.jurisdiction,
    category           text NOT NULL CHECK (category IN ('licensed', 'unlicensed', 'prohibited', 'other')),
    source             text NOT NULL CHECK (source IN ('patrol', 'complaint', 'grid_report', 'monitoring_device',
                                                       'inspection', 'assignment', 'other')),
    title              text NOT NULL CHECK (title <> ''),
    discovered_at      timestamptz NOT NULL,
    discovering_unit   uuid NOT NULL REFERENCES jxlink.unit,
    party              text,
    place              text,
    description        text,
    violation_stopped  boolean NOT NULL DEFAULT false,
    evidence_preserved boolean NOT NULL DEFAULT false,
    created_by         text NOT NULL,
    created_at         timestamptz NOT NULL DEFAULT pg_catalog.now()
);
CREATE INDEX case_file_unit ON jxlink.case_file (discovering_unit, discovered_at);
COMMENT ON TABLE jxlink.case_file IS
'案件线索：发现的违法行为。类别见二（一）至（四）；发现违法行为正在进行的，应先行制止并保全证据（三（三））。 Cases: violations found. Categories per 二（一）–（四); a unit that finds an ongoing violation stops it first and preserves evidence (三（三）).';
COMMENT ON COLUMN jxlink.case_file.case_id IS '案件标识。 Case identifier.';
COMMENT ON COLUMN jxlink.case_file.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.case_file.category IS 'licensed 应批已批；unlicensed 应批未批；prohibited 禁止类；other 其他。 licensed (应批已批), unlicensed (应批未批), prohibited (禁止类), other.';
COMMENT ON COLUMN jxlink.case_file.source IS '案源：patrol 巡查、complaint 举报投诉、grid_report 网格上报、monitoring_device 电子监控、inspection 检查、assignment 交办、other 其他。 Source: patrol, complaint, grid report, monitoring device, inspection, assignment, other.';
COMMENT ON COLUMN jxlink.case_file.title IS '案由。 Title of the case.';
COMMENT ON COLUMN jxlink.case_file.discovered_at IS '发现时间（移送期限自此起算）。 When the violation was found (the transfer period starts here).';
COMMENT ON COLUMN jxlink.case_file.discovering_unit IS '发现单位。 The unit that found it.';
COMMENT ON COLUMN jxlink.case_file.party IS '当事人。 The party.';
COMMENT ON COLUMN jxlink.case_file.place IS '地点。 Place.';
COMMENT ON COLUMN jxlink.case_file.description IS '基本违法事实。 Basic facts of the violation.';
COMMENT ON COLUMN jxlink.case_file.violation_stopped IS '是否已先行制止违法行为（三（三））。 Whether the ongoing violation was stopped (三（三）).';
COMMENT ON COLUMN jxlink.case_file.evidence_preserved IS '是否已妥善保管现场证据（三（三））。 Whether the evidence on site was preserved (三（三）).';
COMMENT ON COLUMN jxlink.case_file.created_by IS '登记人（数据库角色）。 Role that recorded it.';
COMMENT ON COLUMN jxlink.case_file.created_at IS '登记时间。 When it was recorded.';

------------------------------------------------------------------------------
-- Referrals (三（三）2–3), materials, history
------------------------------------------------------------------------------

CREATE TABLE jxlink.referral (
    referral_id      uuid PRIMARY KEY DEFAULT jxlink.uuid_v7(),
    jurisdiction     text NOT NULL DEFAULT jxlink.local_jurisdiction() REFERENCES jxlink.jurisdiction,
    case_id          uuid NOT NULL REFERENCES jxlink.case_file,
    from_unit        uuid NOT NULL REFERENCES jxlink.unit,
    to_unit          uuid NOT NULL REFERENCES jxlink.unit,
    urgent           boolean NOT NULL DEFAULT false,
    state            text NOT NULL,
    last_event       text NOT NULL,
    transition_seq   integer NOT NULL,
    last_event_at    timestamptz NOT NULL,
    extension_notified_at timestamptz,
    extension_reason text,
    approved_by      text,
    approved_at      timestamptz,
    letter_no        text,
    transfer_count   integer NOT NULL DEFAULT 0,
    return_count     integer NOT NULL DEFAULT 0,
    filed_case_no    text,
    decision_no      text,
    decision_outcome text CHECK (decision_outcome IN ('penalty', 'no_penalty')),
    created_by       text NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT pg_catalog.now(),
    CHECK (from_unit <> to_unit)
);
CREATE INDEX referral_case ON jxlink.referral (case_id);
CREATE INDEX referral_from ON jxlink.referral (from_unit, state);
CREATE INDEX referral_to ON jxlink.referral (to_unit, state);
CREATE TRIGGER referral_state_guard
    BEFORE INSERT OR UPDATE ON jxlink.referral
    FOR EACH ROW EXECUTE FUNCTION jxlink.referral_state_guard();
COMMENT ON TABLE jxlink.referral IS
'案件移送：移送单位将案件移交综合执法队，状态按状态机转换（见 referral_transitions()），只能通过 API 函数改变。 Referrals: a sending unit transfers a case to the enforcement team; the state follows the state machine (see referral_transitions()) and changes only through the API functions.';
COMMENT ON COLUMN jxlink.referral.referral_id IS '移送标识。 Referral identifier.';
COMMENT ON COLUMN jxlink.referral.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.referral.case_id IS '所移送的案件。 The case referred.';
COMMENT ON COLUMN jxlink.referral.from_unit IS '移送单位（职能科室或派驻机构）。 The sending unit (a section or agency).';
COMMENT ON COLUMN jxlink.referral.to_unit IS '接收单位（综合执法队）。 The receiving unit (the enforcement team).';
COMMENT ON COLUMN jxlink.referral.urgent IS '是否紧急（24 小时内移交，不可延期，三（三）2③）。 Urgent: transfer within 24 hours, no extension (三（三）2③).';
COMMENT ON COLUMN jxlink.referral.state IS '当前状态（见 referral_states()）。 Current state (see referral_states()).';
COMMENT ON COLUMN jxlink.referral.last_event IS '最近一次事件。 The last event.';
COMMENT ON COLUMN jxlink.referral.transition_seq IS '转换序号（每次转换加一）。 Transition counter (one more at each transition).';
COMMENT ON COLUMN jxlink.referral.last_event_at IS '最近一次事件的发生时间。 When the last event happened.';
COMMENT ON COLUMN jxlink.referral.extension_notified_at IS '事先告知延期移送的时间（三（三）2②）。 When the team was notified in advance of a longer transfer (三（三）2②).';
COMMENT ON COLUMN jxlink.referral.extension_reason IS '延期原因。 Reason for the extension.';
COMMENT ON COLUMN jxlink.referral.approved_by IS '审批的分管领导（数据库角色）。 The leader in charge who approved (role).';
COMMENT ON COLUMN jxlink.referral.approved_at IS '审批时间。 When it was approved.';
COMMENT ON COLUMN jxlink.referral.letter_no IS '案件移送函文号。 Number of the transfer letter (移送函).';
COMMENT ON COLUMN jxlink.referral.transfer_count IS '移交次数（退回补充后再次移交则增加）。 Number of transfers (a returned referral transferred again counts twice).';
COMMENT ON COLUMN jxlink.referral.return_count IS '被退回次数。 Number of times the team returned it.';
COMMENT ON COLUMN jxlink.referral.filed_case_no IS '立案号。 Case number given at filing (立案).';
COMMENT ON COLUMN jxlink.referral.decision_no IS '决定书文号。 Number of the decision.';
COMMENT ON COLUMN jxlink.referral.decision_outcome IS 'penalty 行政处罚决定；no_penalty 不予处罚决定。 penalty or no_penalty.';
COMMENT ON COLUMN jxlink.referral.created_by IS '创建人（数据库角色）。 Role that created it.';
COMMENT ON COLUMN jxlink.referral.created_at IS '创建时间。 When it was created.';

CREATE TABLE jxlink.referral_material (
    material_id  uuid PRIMARY KEY DEFAULT jxlink.uuid_v7(),
    jurisdiction text NOT NULL DEFAULT jxlink.local_jurisdiction() REFERENCES jxlink.jurisdiction,
    referral_id  uuid NOT NULL REFERENCES jxlink.referral,
    kind         text NOT NULL CHECK (kind IN ('transfer_letter', 'case_source', 'preliminary_evidence', 'other')),
    description  text NOT NULL CHECK (description <> ''),
    ref          text,
    added_by     text NOT NULL,
    added_at     timestamptz NOT NULL DEFAULT pg_catalog.now()
);
CREATE INDEX referral_material_referral ON jxlink.referral_material (referral_id);
COMMENT ON TABLE jxlink.referral_material IS
'移送材料（三（三）3）：案件移送函、案源材料（现场检查记录、照片、举报投诉材料等）、初步证据；三者齐备方可移交。 Referral materials (三（三）3): the transfer letter, case-source material (inspection record, photos, complaint material), preliminary evidence; all three are needed to transfer.';
COMMENT ON COLUMN jxlink.referral_material.material_id IS '材料标识。 Material identifier.';
COMMENT ON COLUMN jxlink.referral_material.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.referral_material.referral_id IS '所属移送。 The referral.';
COMMENT ON COLUMN jxlink.referral_material.kind IS 'transfer_letter 移送函；case_source 案源材料；preliminary_evidence 初步证据；other 其他。 transfer_letter, case_source, preliminary_evidence, other.';
COMMENT ON COLUMN jxlink.referral_material.description IS '材料说明。 Description.';
COMMENT ON COLUMN jxlink.referral_material.ref IS '文号或存档位置。 Document number or where it is filed.';
COMMENT ON COLUMN jxlink.referral_material.added_by IS '添加人（数据库角色）。 Role that added it.';
COMMENT ON COLUMN jxlink.referral_material.added_at IS '添加时间。 When it was added.';

CREATE TABLE jxlink.referral_history (
    history_id   uuid PRIMARY KEY DEFAULT jxlink.uuid_v7(),
    jurisdiction text NOT NULL DEFAULT jxlink.local_jurisdiction() REFERENCES jxlink.jurisdiction,
    referral_id  uuid NOT NULL REFERENCES jxlink.referral,
    seq          integer NOT NULL,
    event        text NOT NULL,
    from_state   text,
    to_state     text NOT NULL,
    occurred_at  timestamptz NOT NULL,
    recorded_at  timestamptz NOT NULL DEFAULT pg_catalog.now(),
    actor_role   text NOT NULL,
    actor_login  text NOT NULL,
    actor_unit   uuid REFERENCES jxlink.unit,
    note         text,
    UNIQUE (referral_id, seq)
);
COMMENT ON TABLE jxlink.referral_history IS
'移送历史：每次转换一行，只增不改（UPDATE、DELETE、TRUNCATE 一律拒绝，表属主亦然）。 Referral history: one row per transition, append-only (UPDATE, DELETE and TRUNCATE are refused, even for the table owner).';
COMMENT ON COLUMN jxlink.referral_history.history_id IS '历史记录标识。 History row identifier.';
COMMENT ON COLUMN jxlink.referral_history.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.referral_history.referral_id IS '所属移送。 The referral.';
COMMENT ON COLUMN jxlink.referral_history.seq IS '转换序号（与 referral.transition_seq 对应）。 Transition number (referral.transition_seq).';
COMMENT ON COLUMN jxlink.referral_history.event IS '事件。 Event.';
COMMENT ON COLUMN jxlink.referral_history.from_state IS '原状态（创建时为空）。 State before (null at creation).';
COMMENT ON COLUMN jxlink.referral_history.to_state IS '新状态。 State after.';
COMMENT ON COLUMN jxlink.referral_history.occurred_at IS '事件发生时间（可补录，不得晚于记录时间、不得早于前一事件）。 When the event happened (may be recorded later; never in the future, never before the previous event).';
COMMENT ON COLUMN jxlink.referral_history.recorded_at IS '记录时间。 When it was recorded.';
COMMENT ON COLUMN jxlink.referral_history.actor_role IS '操作角色（SET ROLE 后的角色）。 The role that acted (after SET ROLE).';
COMMENT ON COLUMN jxlink.referral_history.actor_login IS '登录角色（session_user）。 The login role (session_user).';
COMMENT ON COLUMN jxlink.referral_history.actor_unit IS '操作人所在单位。 The actor''s unit.';
COMMENT ON COLUMN jxlink.referral_history.note IS '说明（理由、文号等）。 Note (reason, document number...).';

CREATE FUNCTION jxlink.refuse_change() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION '%.% is append-only: % is not allowed', TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'restrict_violation',
              DETAIL = 'History rows are evidence; they are written once, by the transition they record.';
END
$$;
COMMENT ON FUNCTION jxlink.refuse_change() IS
'触发器：只增表拒绝 UPDATE、DELETE、TRUNCATE。 Trigger: an append-only table refuses UPDATE, DELETE and TRUNCATE.';
REVOKE ALL ON FUNCTION jxlink.refuse_change() FROM PUBLIC;
CREATE TRIGGER referral_history_append_only
    BEFORE UPDATE OR DELETE ON jxlink.referral_history
    FOR EACH ROW EXECUTE FUNCTION jxlink.refuse_change();
CREATE TRIGGER referral_history_no_truncate
    BEFORE TRUNCATE ON jxlink.referral_history
    FOR EACH STATEMENT EXECUTE FUNCTION jxlink.refuse_change();
ALTER TABLE jxlink.referral_history ENABLE ALWAYS TRIGGER referral_history_append_only;
ALTER TABLE jxlink.referral_history ENABLE ALWAYS TRIGGER referral_history_no_truncate;

------------------------------------------------------------------------------
-- Acting for the caller's unit
------------------------------------------------------------------------------

-- The staff row of the calling role, or an error.
CREATE FUNCTION jxlink.caller_staff() RETURNS jxlink.staff
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me jxlink.staff;
BEGIN
    SELECT s.* INTO me FROM jxlink.staff s JOIN jxlink.jurisdiction j ON j.code = s.jurisdiction AND j.is_local
    WHERE s.role_name = jxlink.calling_role()::text AND s.active;
    IF NOT FOUND THEN
        PERFORM jxlink.local_jurisdiction();  -- says so if the street itself is not registered
        RAISE EXCEPTION 'role "%" is not registered as active staff of a unit', jxlink.calling_role()
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'An administrator maps login roles to units in jxlink.staff.';
    END IF;
    RETURN me;
END
$$;
COMMENT ON FUNCTION jxlink.caller_staff() IS
'（内部）调用角色在 staff 表中的登记；未登记则报错（42501）。 (Internal) The calling role''s row in staff, or SQLSTATE 42501.';

-- Refuse an event time in the future or before the previous event.
CREATE FUNCTION jxlink.check_occurred_at(occurred_at timestamptz, previous timestamptz, what text)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF occurred_at IS NULL THEN
        RAISE EXCEPTION 'occurred_at must not be null' USING ERRCODE = 'null_value_not_allowed';
    ELSIF occurred_at > clock_timestamp() THEN
        RAISE EXCEPTION 'occurred_at % is in the future', occurred_at
            USING ERRCODE = 'invalid_parameter_value';
    ELSIF occurred_at < previous THEN
        RAISE EXCEPTION 'occurred_at % is before %', occurred_at, what
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('The previous time is %s.', previous);
    END IF;
END
$$;
COMMENT ON FUNCTION jxlink.check_occurred_at(timestamptz, timestamptz, text) IS
'（内部）事件时间不得晚于当前、不得早于前一事件。 (Internal) An event time is never in the future nor before the previous event.';

-- Refuse a missing or empty text argument.
CREATE FUNCTION jxlink.require_text(value text, what text) RETURNS text
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF value IS NULL OR btrim(value) = '' THEN
        RAISE EXCEPTION '% must not be empty', what USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN value;
END
$$;
COMMENT ON FUNCTION jxlink.require_text(text, text) IS
'（内部）必填文字参数不得为空。 (Internal) A required text argument must not be empty.';

------------------------------------------------------------------------------
-- The one path of every referral event
------------------------------------------------------------------------------

CREATE FUNCTION jxlink.referral_apply(p_referral uuid, p_event text, p_occurred_at timestamptz,
                                      p_note text, p_args jsonb DEFAULT '{}') RETURNS text
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me          jxlink.staff := jxlink.caller_staff();
    r           jxlink.referral;
    next_state  text;
    actor       text;
    due         timestamptz;
    transfer_ob uuid;
    missing     text;
BEGIN
    SELECT * INTO r FROM jxlink.referral x WHERE x.referral_id = p_referral FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'referral % does not exist', p_referral USING ERRCODE = 'no_data_found';
    END IF;

    -- 1. the state machine (C) and who may fire the event
    next_state := jxlink.referral_next_state(r.state, p_event);
    actor := jxlink.referral_event_actor(p_event);
    IF actor IN ('sender', 'sender_leader') AND me.unit_id <> r.from_unit THEN
        RAISE EXCEPTION 'only the sending unit may % this referral', replace(p_event, '_', ' ')
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = pg_catalog.format('Role %s belongs to another unit.', me.role_name);
    ELSIF actor = 'sender_leader' AND NOT me.is_leader THEN
        RAISE EXCEPTION 'only a leader in charge of the sending unit may % this referral', replace(p_event, '_', ' ')
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = '三（三）3: the transfer is approved by the leader in charge.';
    ELSIF actor = 'team' AND me.unit_id <> r.to_unit THEN
        RAISE EXCEPTION 'only the enforcement team may % this referral', replace(p_event, '_', ' ')
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    PERFORM jxlink.check_occurred_at(p_occurred_at, r.last_event_at, 'the previous event of this referral');

    -- 2. the event's own preconditions
    IF p_event IN ('send_back', 'notify_extension', 'decline', 'return', 'withdraw') THEN
        PERFORM jxlink.require_text(p_note, 'the reason');
    ELSIF p_event = 'accept' THEN
        PERFORM jxlink.require_text(p_note, 'the written notice');
    ELSIF p_event = 'transfer' THEN
        PERFORM jxlink.require_text(p_args->>'letter_no', 'the transfer letter number');
        SELECT string_agg(k, ', ' ORDER BY k) INTO missing
        FROM unnest(ARRAY['case_source', 'preliminary_evidence', 'transfer_letter']) AS k
        WHERE NOT EXISTS (SELECT 1 FROM jxlink.referral_material m
                          WHERE m.referral_id = r.referral_id AND m.kind = k);
        IF missing IS NOT NULL THEN
            RAISE EXCEPTION 'referral cannot be transferred without its materials'
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = pg_catalog.format('Missing: %s (三（三）3).', missing),
                      HINT = 'Add them with jxlink.add_material().';
        END IF;
    ELSIF p_event = 'file' THEN
        PERFORM jxlink.require_text(p_args->>'case_no', 'the case number');
    ELSIF p_event = 'decide' THEN
        PERFORM jxlink.require_text(p_args->>'decision_no', 'the decision number');
        IF (p_args->>'outcome') IS NULL OR (p_args->>'outcome') NOT IN ('penalty', 'no_penalty') THEN
            RAISE EXCEPTION 'the outcome must be penalty or no_penalty, not %', coalesce(p_args->>'outcome', 'null')
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
    ELSIF p_event = 'notify_extension' THEN
        NULL;  -- checked below, with the transfer obligation
    END IF;
    IF p_event = 'notify_extension' THEN
        IF r.urgent THEN
            RAISE EXCEPTION 'an urgent referral cannot be extended'
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = '三（三）2③: urgent cases are transferred within 24 hours.';
        ELSIF r.extension_notified_at IS NOT NULL THEN
            RAISE EXCEPTION 'the team was already notified of an extension on %', r.extension_notified_at
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = '三（三）2②: the transfer period is at most 5 working days.';
        END IF;
        SELECT o.obligation_id, o.due_at INTO transfer_ob, due FROM jxlink.obligation o
        WHERE o.subject_id = r.referral_id AND o.kind = 'transfer' AND o.status = 'open';
        IF transfer_ob IS NULL OR p_occurred_at >= due THEN
            RAISE EXCEPTION 'the extension notice must come before the original transfer deadline'
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = pg_catalog.format('三（三）2②: notify the team in advance; the deadline was %s.', due);
        END IF;
    END IF;

    -- 3. the transition itself, checked once more by referral_state_guard (the
    --    numbers go through text, so they keep working as document numbers)
    WITH moved AS (
    UPDATE jxlink.referral x
    SET state = next_state,
        last_event = p_event,
        transition_seq = r.transition_seq + 1,
        last_event_at = p_occurred_at,
        approved_by = CASE WHEN p_event = 'approve' THEN me.role_name ELSE x.approved_by END,
        approved_at = CASE WHEN p_event = 'approve' THEN p_occurred_at ELSE x.approved_at END,
        extension_notified_at = CASE WHEN p_event = 'notify_extension' THEN p_occurred_at ELSE x.extension_notified_at END,
        extension_reason = CASE WHEN p_event = 'notify_extension' THEN p_note ELSE x.extension_reason END,
        letter_no = CASE WHEN p_event = 'transfer' THEN p_args->>'letter_no' ELSE x.letter_no::text END,
        transfer_count = x.transfer_count + (p_event = 'transfer')::int,
        return_count = x.return_count + (p_event = 'return')::int,
        filed_case_no = CASE WHEN p_event = 'file' THEN p_args->>'case_no' ELSE x.filed_case_no::text END,
        decision_no = CASE WHEN p_event = 'decide' THEN p_args->>'decision_no' ELSE x.decision_no::text END,
        decision_outcome = CASE WHEN p_event = 'decide' THEN p_args->>'outcome' ELSE x.decision_outcome END
    WHERE x.referral_id = r.referral_id
    RETURNING x.referral_id)
    -- and its history row, in the same statement
    INSERT INTO jxlink.referral_history (jurisdiction, referral_id, seq, event, from_state, to_state,
                                         occurred_at, actor_role, actor_login, actor_unit, note)
    SELECT r.jurisdiction, moved.referral_id, r.transition_seq + 1, p_event, r.state, next_state,
           p_occurred_at, me.role_name, session_user, me.unit_id, p_note
    FROM moved;

    -- 4. the obligations it opens and meets
    CASE p_event
    WHEN 'notify_extension' THEN
        PERFORM jxlink.obligation_reschedule(transfer_ob, 'transfer_extended');
    WHEN 'transfer' THEN
        PERFORM jxlink.obligation_close(r.referral_id, '{transfer}', p_occurred_at, me.role_name, 'met');
        PERFORM jxlink.obligation_open('acknowledge', 'acknowledge', 'referral', r.referral_id,
                                       r.to_unit, r.from_unit, p_occurred_at);
        IF r.transfer_count = 0 AND EXISTS (SELECT 1 FROM jxlink.case_file c
                                            WHERE c.case_id = r.case_id AND c.category = 'unlicensed') THEN
            PERFORM jxlink.obligation_open('licence_followup', 'licence_followup', 'referral', r.referral_id,
                                           r.from_unit, r.to_unit, p_occurred_at);
        END IF;
    WHEN 'accept' THEN
        PERFORM jxlink.obligation_close(r.referral_id, '{acknowledge}', p_occurred_at, me.role_name, 'met', p_note);
        PERFORM jxlink.obligation_open('file_case', 'file_case', 'referral', r.referral_id,
                                       r.to_unit, r.from_unit, p_occurred_at);
    WHEN 'decline', 'return' THEN
        PERFORM jxlink.obligation_close(r.referral_id, '{acknowledge}', p_occurred_at, me.role_name, 'met', p_note);
    WHEN 'file' THEN
        PERFORM jxlink.obligation_close(r.referral_id, '{file_case}', p_occurred_at, me.role_name, 'met');
    WHEN 'decide' THEN
        PERFORM jxlink.obligation_open('copy_back', 'copy_back', 'referral', r.referral_id,
                                       r.to_unit, r.from_unit, p_occurred_at);
    WHEN 'copy_back' THEN
        PERFORM jxlink.obligation_close(r.referral_id, '{copy_back}', p_occurred_at, me.role_name, 'met', p_note);
    WHEN 'withdraw' THEN
        PERFORM jxlink.obligation_close(r.referral_id, '{transfer,licence_followup}', p_occurred_at,
                                        me.role_name, 'waived', p_note);
    ELSE
        NULL;
    END CASE;
    RETURN next_state;
END
$$;
COMMENT ON FUNCTION jxlink.referral_apply(uuid, text, timestamptz, text, jsonb) IS
'（内部）每个移送事件的唯一路径：行锁、状态机校验（C）、操作单位与权限、时间、更新、历史、义务。失败则不改变任何数据。 (Internal) The one path of every referral event: row lock, state machine check (C), acting unit and authority, time, update, history row, obligations. A failure changes nothing.';
REVOKE ALL ON FUNCTION jxlink.caller_staff(), jxlink.check_occurred_at(timestamptz, timestamptz, text),
    jxlink.require_text(text, text), jxlink.referral_apply(uuid, text, timestamptz, text, jsonb) FROM PUBLIC;

------------------------------------------------------------------------------
-- The SQL API: acting for the caller's unit (EXECUTE is granted to PUBLIC on
-- purpose: a role not registered in jxlink.staff can do nothing with them)
------------------------------------------------------------------------------

CREATE FUNCTION jxlink.open_case(category text, source text, title text, discovered_at timestamptz,
                                 details jsonb DEFAULT '{}') RETURNS uuid
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me      jxlink.staff := jxlink.caller_staff();
    unknown text;
    flag    text;
    result  uuid;
BEGIN
    IF category IS NULL OR category NOT IN ('licensed', 'unlicensed', 'prohibited', 'other') THEN
        RAISE EXCEPTION 'unknown case category "%"', category
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'Categories (二（一）–（四）): licensed, unlicensed, prohibited, other.';
    END IF;
    IF source IS NULL OR source NOT IN ('patrol', 'complaint', 'grid_report', 'monitoring_device',
                                        'inspection', 'assignment', 'other') THEN
        RAISE EXCEPTION 'unknown case source "%"', source
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'Sources: patrol, complaint, grid_report, monitoring_device, inspection, assignment, other.';
    END IF;
    PERFORM jxlink.require_text(title, 'the title');
    PERFORM jxlink.check_occurred_at(discovered_at, '-infinity', 'ever');
    IF details IS NULL OR jsonb_typeof(details) <> 'object' THEN
        RAISE EXCEPTION 'details must be a JSON object' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT string_agg(k, ', ') INTO unknown FROM jsonb_object_keys(details) AS k
    WHERE k NOT IN ('party', 'place', 'description', 'violation_stopped', 'evidence_preserved');
    IF unknown IS NOT NULL THEN
        RAISE EXCEPTION 'unknown keys in details: %', unknown
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'Known keys: party, place, description, violation_stopped, evidence_preserved.';
    END IF;
    FOREACH flag IN ARRAY ARRAY['violation_stopped', 'evidence_preserved'] LOOP
        IF details ? flag AND jsonb_typeof(details->flag) <> 'boolean' THEN
            RAISE EXCEPTION 'details.% must be true or false', flag USING ERRCODE = 'invalid_parameter_value';
        END IF;
    END LOOP;
    INSERT INTO jxlink.case_file (jurisdiction, category, source, title, discovered_at, discovering_unit,
                                  party, place, description, violation_stopped, evidence_preserved, created_by)
    VALUES (me.jurisdiction, category, source, title, discovered_at, me.unit_id,
            details->>'party', details->>'place', details->>'description',
            coalesce((details->>'violation_stopped')::boolean, false),
            coalesce((details->>'evidence_preserved')::boolean, false), me.role_name)
    RETURNING case_id INTO result;
    RETURN result;
END
$$;
COMMENT ON FUNCTION jxlink.open_case(text, text, text, timestamptz, jsonb) IS
'登记本单位发现的案件。details 可含 party、place、description、violation_stopped、evidence_preserved。 Record a case found by the caller''s unit. details may hold party, place, description, violation_stopped, evidence_preserved.';

CREATE FUNCTION jxlink.create_referral(case_id uuid, urgent boolean DEFAULT false,
                                       occurred_at timestamptz DEFAULT pg_catalog.now()) RETURNS uuid
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me     jxlink.staff := jxlink.caller_staff();
    c      jxlink.case_file;
    team   uuid;
    result uuid;
BEGIN
    SELECT * INTO c FROM jxlink.case_file x WHERE x.case_id = create_referral.case_id FOR NO KEY UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'case % does not exist', create_referral.case_id USING ERRCODE = 'no_data_found';
    END IF;
    IF c.discovering_unit <> me.unit_id THEN
        RAISE EXCEPTION 'only the unit that found a case may refer it' USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT u.unit_id INTO team FROM jxlink.unit u
    WHERE u.jurisdiction = c.jurisdiction AND u.kind = 'enforcement_team' AND u.active;
    IF team IS NULL THEN
        RAISE EXCEPTION 'jurisdiction % has no enforcement team', c.jurisdiction
            USING ERRCODE = 'object_not_in_prerequisite_state';
    ELSIF team = me.unit_id THEN
        RAISE EXCEPTION 'the enforcement team files its own cases directly'
            USING ERRCODE = 'object_not_in_prerequisite_state', DETAIL = '二（三）: the team files, investigates and decides.';
    END IF;
    IF urgent IS NULL THEN
        RAISE EXCEPTION 'urgent must not be null' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF EXISTS (SELECT 1 FROM jxlink.referral r JOIN jxlink.referral_states() s ON s.state = r.state
               WHERE r.case_id = c.case_id AND NOT s.terminal) THEN
        RAISE EXCEPTION 'the case already has a referral in progress'
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    PERFORM jxlink.check_occurred_at(occurred_at, c.discovered_at, 'the discovery of the case');

    INSERT INTO jxlink.referral (jurisdiction, case_id, from_unit, to_unit, urgent, state, last_event,
                                 transition_seq, last_event_at, created_by)
    VALUES (c.jurisdiction, c.case_id, me.unit_id, team, urgent, jxlink.referral_next_state(NULL, 'create'),
            'create', 1, occurred_at, me.role_name)
    RETURNING referral_id INTO result;
    INSERT INTO jxlink.referral_history (jurisdiction, referral_id, seq, event, from_state, to_state,
                                         occurred_at, actor_role, actor_login, actor_unit, note)
    VALUES (c.jurisdiction, result, 1, 'create', NULL, 'draft', occurred_at, me.role_name, session_user,
            me.unit_id, CASE WHEN urgent THEN 'urgent' END);
    PERFORM jxlink.obligation_open('transfer', CASE WHEN urgent THEN 'transfer_urgent' ELSE 'transfer' END,
                                   'referral', result, me.unit_id, team, c.discovered_at);
    RETURN result;
END
$$;
COMMENT ON FUNCTION jxlink.create_referral(uuid, boolean, timestamptz) IS
'为本单位发现的案件创建向综合执法队的移送（草稿），并自发现时起开立移交义务：3 个工作日，紧急为 24 小时（三（三）2）。 Create a referral of a case found by the caller''s unit to the enforcement team (a draft) and open the transfer obligation from the discovery: 3 working days, 24 hours if urgent (三（三）2).';

CREATE FUNCTION jxlink.add_material(referral uuid, kind text, description text, ref text DEFAULT NULL) RETURNS uuid
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me     jxlink.staff := jxlink.caller_staff();
    r      jxlink.referral;
    result uuid;
BEGIN
    SELECT * INTO r FROM jxlink.referral x WHERE x.referral_id = add_material.referral FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'referral % does not exist', add_material.referral USING ERRCODE = 'no_data_found';
    ELSIF r.from_unit <> me.unit_id THEN
        RAISE EXCEPTION 'only the sending unit may add material to this referral' USING ERRCODE = 'insufficient_privilege';
    ELSIF r.state NOT IN ('draft', 'awaiting_approval', 'approved', 'returned') THEN
        RAISE EXCEPTION 'material cannot be added to a referral in state "%"', r.state
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'Material is added before the transfer, or after the team returned the referral.';
    ELSIF kind IS NULL OR kind NOT IN ('transfer_letter', 'case_source', 'preliminary_evidence', 'other') THEN
        RAISE EXCEPTION 'unknown material kind "%"', kind
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'Kinds (三（三）3): transfer_letter, case_source, preliminary_evidence, other.';
    END IF;
    INSERT INTO jxlink.referral_material (jurisdiction, referral_id, kind, description, ref, added_by)
    VALUES (r.jurisdiction, r.referral_id, kind, jxlink.require_text(description, 'the description'), ref, me.role_name)
    RETURNING material_id INTO result;
    RETURN result;
END
$$;
COMMENT ON FUNCTION jxlink.add_material(uuid, text, text, text) IS
'为移送添加材料（三（三）3）：transfer_letter、case_source、preliminary_evidence、other。 Add material to a referral (三（三）3): transfer_letter, case_source, preliminary_evidence, other.';

CREATE FUNCTION jxlink.submit_referral(referral uuid, occurred_at timestamptz DEFAULT pg_catalog.now()) RETURNS text
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$ SELECT jxlink.referral_apply(submit_referral.referral, 'submit', submit_referral.occurred_at, NULL) $$;
COMMENT ON FUNCTION jxlink.submit_referral(uuid, timestamptz) IS
'移送单位提交分管领导审批。返回新状态。 The sending unit submits the referral to its leader in charge. Returns the new state.';

CREATE FUNCTION jxlink.approve_referral(referral uuid, occurred_at timestamptz DEFAULT pg_catalog.now()) RETURNS text
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$ SELECT jxlink.referral_apply(approve_referral.referral, 'approve', approve_referral.occurred_at, NULL) $$;
COMMENT ON FUNCTION jxlink.approve_referral(uuid, timestamptz) IS
'移送单位分管领导批准移送（三（三）3）。 The sending unit''s leader in charge approves the referral (三（三）3).';

CREATE FUNCTION jxlink.send_back_referral(referral uuid, reason text, occurred_at timestamptz DEFAULT pg_catalog.now()) RETURNS text
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$ SELECT jxlink.referral_apply(send_back_referral.referral, 'send_back', send_back_referral.occurred_at, send_back_referral.reason) $$;
COMMENT ON FUNCTION jxlink.send_back_referral(uuid, text, timestamptz) IS
'分管领导退回修改（回到草稿）。 The leader in charge sends the referral back to draft.';

CREATE FUNCTION jxlink.notify_extension(referral uuid, reason text, occurred_at timestamptz DEFAULT pg_catalog.now()) RETURNS text
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$ SELECT jxlink.referral_apply(notify_extension.referral, 'notify_extension', notify_extension.occurred_at, notify_extension.reason) $$;
COMMENT ON FUNCTION jxlink.notify_extension(uuid, text, timestamptz) IS
'事先告知综合执法队需延长移送期限（三（三）2②）：仅在原 3 个工作日期限届满前、非紧急移送可用；期限改为 5 个工作日。 Notify the team in advance that the transfer needs longer (三（三）2②): only before the original 3-day deadline and never for an urgent referral; the period becomes 5 working days.';

CREATE FUNCTION jxlink.transfer_referral(referral uuid, letter_no text, occurred_at timestamptz DEFAULT pg_catalog.now()) RETURNS text
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$ SELECT jxlink.referral_apply(transfer_referral.referral, 'transfer', transfer_referral.occurred_at,
                                   transfer_referral.letter_no, pg_catalog.jsonb_build_object('letter_no', transfer_referral.letter_no)) $$;
COMMENT ON FUNCTION jxlink.transfer_referral(uuid, text, timestamptz) IS
'以书面形式移交（需分管领导已批准、移送函、案源材料、初步证据齐备，三（三）3）：履行移交义务，开立执法队 5 个工作日书面告知义务（三（三）2④）。 Transfer in writing (approved by the leader, with the transfer letter, case-source material and preliminary evidence, 三（三）3): meets the transfer obligation and opens the team''s 5-working-day written notice (三（三）2④).';

CREATE FUNCTION jxlink.accept_referral(referral uuid, notice text, occurred_at timestamptz DEFAULT pg_catalog.now()) RETURNS text
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$ SELECT jxlink.referral_apply(accept_referral.referral, 'accept', accept_referral.occurred_at, accept_referral.notice) $$;
COMMENT ON FUNCTION jxlink.accept_referral(uuid, text, timestamptz) IS
'综合执法队书面告知受理（履行告知义务，开立立案义务）。 The team notifies acceptance in writing (meets the notice obligation, opens the filing obligation).';

CREATE FUNCTION jxlink.decline_referral(referral uuid, reason text, occurred_at timestamptz DEFAULT pg_catalog.now()) RETURNS text
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$ SELECT jxlink.referral_apply(decline_referral.referral, 'decline', decline_referral.occurred_at, decline_referral.reason) $$;
COMMENT ON FUNCTION jxlink.decline_referral(uuid, text, timestamptz) IS
'综合执法队书面告知不予受理并说明理由（履行告知义务）。 The team declines in writing, with a reason (meets the notice obligation).';

CREATE FUNCTION jxlink.return_referral(referral uuid, reason text, occurred_at timestamptz DEFAULT pg_catalog.now()) RETURNS text
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$ SELECT jxlink.referral_apply(return_referral.referral, 'return', return_referral.occurred_at, return_referral.reason) $$;
COMMENT ON FUNCTION jxlink.return_referral(uuid, text, timestamptz) IS
'综合执法队因材料不全退回补充（履行告知义务）；移送单位补充后可再次移交。 The team returns the referral for more material (meets the notice obligation); the sender supplements it and transfers again.';

CREATE FUNCTION jxlink.file_referral(referral uuid, case_no text, occurred_at timestamptz DEFAULT pg_catalog.now()) RETURNS text
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$ SELECT jxlink.referral_apply(file_referral.referral, 'file', file_referral.occurred_at, file_referral.case_no,
                                   pg_catalog.jsonb_build_object('case_no', file_referral.case_no)) $$;
COMMENT ON FUNCTION jxlink.file_referral(uuid, text, timestamptz) IS
'综合执法队立案（履行立案义务）。 The team files the case (立案; meets the filing obligation).';

CREATE FUNCTION jxlink.decide_referral(referral uuid, decision_no text, outcome text, occurred_at timestamptz DEFAULT pg_catalog.now()) RETURNS text
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$ SELECT jxlink.referral_apply(decide_referral.referral, 'decide', decide_referral.occurred_at,
                                   decide_referral.decision_no || ' ' || coalesce(decide_referral.outcome, ''),
                                   pg_catalog.jsonb_build_object('decision_no', decide_referral.decision_no,
                                                                 'outcome', decide_referral.outcome)) $$;
COMMENT ON FUNCTION jxlink.decide_referral(uuid, text, text, timestamptz) IS
'综合执法队作出决定（outcome：penalty 处罚、no_penalty 不予处罚），开立抄告义务（二（一））。 The team decides (outcome: penalty or no_penalty) and owes the copy-back (二（一）).';

CREATE FUNCTION jxlink.copy_back_referral(referral uuid, note text, occurred_at timestamptz DEFAULT pg_catalog.now()) RETURNS text
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$ SELECT jxlink.referral_apply(copy_back_referral.referral, 'copy_back', copy_back_referral.occurred_at, copy_back_referral.note) $$;
COMMENT ON FUNCTION jxlink.copy_back_referral(uuid, text, timestamptz) IS
'综合执法队将处理结果抄告移送单位，办结（二（一））。 The team copies the result back to the sending unit; the referral is closed (二（一）).';

CREATE FUNCTION jxlink.withdraw_referral(referral uuid, reason text, occurred_at timestamptz DEFAULT pg_catalog.now()) RETURNS text
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$ SELECT jxlink.referral_apply(withdraw_referral.referral, 'withdraw', withdraw_referral.occurred_at, withdraw_referral.reason) $$;
COMMENT ON FUNCTION jxlink.withdraw_referral(uuid, text, timestamptz) IS
'移送单位撤回移送（如已改正、无需处罚），免除未结的移交义务。 The sending unit withdraws the referral (e.g. corrected, no penalty due); its open transfer obligation is waived.';

CREATE FUNCTION jxlink.report_licence_followup(referral uuid, note text, occurred_at timestamptz DEFAULT pg_catalog.now()) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me jxlink.staff := jxlink.caller_staff();
    r  jxlink.referral;
    n  integer;
BEGIN
    SELECT * INTO r FROM jxlink.referral x WHERE x.referral_id = report_licence_followup.referral FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'referral % does not exist', report_licence_followup.referral USING ERRCODE = 'no_data_found';
    ELSIF r.from_unit <> me.unit_id THEN
        RAISE EXCEPTION 'only the sending unit reports the licensing status' USING ERRCODE = 'insufficient_privilege';
    END IF;
    PERFORM jxlink.check_occurred_at(occurred_at, r.last_event_at, 'the previous event of this referral');
    n := jxlink.obligation_close(r.referral_id, '{licence_followup}', occurred_at, me.role_name, 'met',
                                 jxlink.require_text(note, 'the licensing status'));
    IF n = 0 THEN
        RAISE EXCEPTION 'this referral owes no licence follow-up'
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = '二（二）: the follow-up is owed after transferring an unlicensed matter, once.';
    END IF;
    RETURN n;
END
$$;
COMMENT ON FUNCTION jxlink.report_licence_followup(uuid, text, timestamptz) IS
'应批未批事项移交后，移送单位向综合执法队反馈后续办证情况（二（二）），履行 licence_followup 义务。 After transferring an unlicensed matter, the sending unit reports the later licensing status to the team (二（二）); meets the licence_followup obligation.';

------------------------------------------------------------------------------
-- Why is it due then? (DESIGN §2: every obligation explains its deadline)
------------------------------------------------------------------------------

CREATE FUNCTION jxlink.explain_obligation(obligation_id uuid) RETURNS text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    o        jxlink.obligation;
    r        jxlink.deadline_rule;
    tz       text := jxlink.local_timezone();
    start    date;
    counted  text;
    skipped  text;
    ncounted integer;
    nskipped integer;
    owner    text;
    other    text;
    lines    text[];
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
        format('rule %s, clause %s (%s): %s %s — %s', r.rule_code, o.clause,
               CASE r.basis WHEN 'provision' THEN 'provision' ELSE 'local policy' END,
               r.amount, CASE r.period_unit WHEN 'hours' THEN 'hours' ELSE 'working days' END, r.description_zh),
        format('started %s %s (local date %s %s)', to_char(o.started_at AT TIME ZONE tz, 'YYYY-MM-DD HH24:MI'),
               tz, start, to_char(start, 'Dy'))];

    IF r.period_unit = 'hours' THEN
        lines := lines || format('counted on the clock: %s hours; holidays do not extend it', r.amount);
    ELSE
        SELECT string_agg(format('%s %s%s', d::date, to_char(d, 'Dy'),
                                 CASE WHEN c.kind = 'workday' THEN format(' (make-up day: %s %s)', c.name_zh, c.name_en) ELSE '' END),
                          ', ' ORDER BY d),
               count(*)
          INTO counted, ncounted
          FROM generate_series(start + 1, o.due_date, interval '1 day') AS d
          LEFT JOIN jxlink.calendar_day c ON c.day = d::date
         WHERE jxlink.is_workday(d::date);
        SELECT string_agg(format('%s %s (%s)', d::date, to_char(d, 'Dy'),
                                 coalesce(c.name_zh || ' ' || c.name_en, 'weekend')), ', ' ORDER BY d),
               count(*)
          INTO skipped, nskipped
          FROM generate_series(start + 1, o.due_date, interval '1 day') AS d
          LEFT JOIN jxlink.calendar_day c ON c.day = d::date
         WHERE NOT jxlink.is_workday(d::date);
        lines := lines
            || 'the start day is not counted (民法典 第二百零一条)'::text
            || format('working days counted (%s): %s', ncounted, coalesce(counted, '-'))
            || format('days skipped (%s): %s', nskipped, coalesce(skipped, '-'))
            || format('last day %s, until 24:00 local time', o.due_date);
    END IF;
    lines := lines
        || format('late from %s %s', to_char(o.due_at AT TIME ZONE tz, 'YYYY-MM-DD HH24:MI'), tz)
        || format('calendar version %s%s', coalesce(o.calendar_version, '-'),
                  CASE WHEN o.provisional THEN '; provisional: the last day falls in a year without an official schedule' ELSE '' END)
        || CASE o.status
           WHEN 'open' THEN 'status: open'::text
           WHEN 'met' THEN format('status: met %s %s by %s, %s', to_char(o.met_at AT TIME ZONE tz, 'YYYY-MM-DD HH24:MI'), tz,
                                  o.met_by, CASE WHEN o.met_late THEN 'LATE' ELSE 'on time' END)
           ELSE format('status: waived %s %s by %s (%s)', to_char(o.met_at AT TIME ZONE tz, 'YYYY-MM-DD HH24:MI'), tz,
                       o.met_by, coalesce(o.note, ''))
           END;
    RETURN array_to_string(lines, E'\n');
END
$$;
COMMENT ON FUNCTION jxlink.explain_obligation(uuid) IS
'解释一项义务的期限：起算时刻、规则与条款、计入的工作日、跳过的日期及节日名称、逾期起点、日历版本、履行情况（按 jxlink.timezone 显示，与会话时区无关）。 Explain an obligation''s deadline: start, rule and clause, the working days counted, the days skipped with their holiday names, the first late instant, the calendar version, and whether it was met (shown in jxlink.timezone, whatever the session''s TimeZone).';

------------------------------------------------------------------------------
-- pg_dump, privileges
------------------------------------------------------------------------------

SELECT pg_catalog.pg_extension_config_dump('jxlink.jurisdiction', '');
SELECT pg_catalog.pg_extension_config_dump('jxlink.unit', '');
SELECT pg_catalog.pg_extension_config_dump('jxlink.liaison', '');
SELECT pg_catalog.pg_extension_config_dump('jxlink.staff', '');
SELECT pg_catalog.pg_extension_config_dump('jxlink.deadline_rule', 'WHERE origin <> ''shipped''');
SELECT pg_catalog.pg_extension_config_dump('jxlink.obligation', '');
SELECT pg_catalog.pg_extension_config_dump('jxlink.case_file', '');
SELECT pg_catalog.pg_extension_config_dump('jxlink.referral', '');
SELECT pg_catalog.pg_extension_config_dump('jxlink.referral_material', '');
SELECT pg_catalog.pg_extension_config_dump('jxlink.referral_history', '');

-- Everyone may read the organisation, the rules, cases, referrals and the
-- ledger (no personal data so far); only the owner writes them, clerks act
-- through the API functions above.
GRANT SELECT ON jxlink.jurisdiction, jxlink.unit, jxlink.liaison, jxlink.staff, jxlink.deadline_rule,
    jxlink.obligation, jxlink.case_file, jxlink.referral, jxlink.referral_material, jxlink.referral_history
    TO PUBLIC;
