/*
 * sql/20_ledger.sql - The obligation ledger (时限台账, DESIGN §2): deadline rules,
 * obligations and the moves of their due times; the only place due times are
 * computed (obligation_due_by), opened, met or waived, recomputed and
 * explained.  Every reader takes an obligation's period, due time and
 * derivation from the obligation itself; the rule table gives labels.
 *
 * A concept file: the current definition of each object, once, with its
 * comments, grants, policies and triggers.  The build concatenates the concept
 * files (sql/NN_*.sql, in order) into the install script of the current version.
 */

------------------------------------------------------------------------------
-- Deadline rules
------------------------------------------------------------------------------

-- The provisions' own limits are not local policy.
CREATE FUNCTION jxlink.deadline_rule_fixed() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    IF OLD.basis = 'provision'
       AND ((NEW.obligation_kind, NEW.basis, NEW.rule_code) IS DISTINCT FROM (OLD.obligation_kind, OLD.basis, OLD.rule_code)
            OR NEW.period OPERATOR(jxlink.<>) OLD.period) THEN
        RAISE EXCEPTION 'the time limit of rule "%" is set by the provisions (%)', OLD.rule_code, OLD.clause
            USING ERRCODE = 'restrict_violation',
                  HINT = 'Only local-policy rules (basis = local_policy) can be changed.';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION jxlink.deadline_rule_fixed() IS '触发器：规定明文的时限不可修改。 Trigger: the provisions'' own time limits cannot be changed.';
REVOKE ALL ON FUNCTION jxlink.deadline_rule_fixed() FROM PUBLIC;

CREATE TABLE jxlink.deadline_rule (
    rule_code text NOT NULL,
    obligation_kind text NOT NULL,
    clause text NOT NULL,
    basis text NOT NULL,
    description_zh text NOT NULL,
    description_en text NOT NULL,
    origin text DEFAULT 'local' NOT NULL,
    period jxlink.time_limit NOT NULL,
    CONSTRAINT deadline_rule_basis_check CHECK (basis IN ('provision', 'local_policy')),
    CONSTRAINT deadline_rule_origin_check CHECK (origin IN ('shipped', 'edited', 'local')),
    CONSTRAINT deadline_rule_period_check CHECK (jxlink.time_limit_unit(period) IN ('workdays', 'hours', 'quarter', 'next_meeting') AND jxlink.time_limit_amount(period) > 0),
    CONSTRAINT deadline_rule_rule_code_check CHECK (rule_code ~ '^[a-z_]+$')
);
COMMENT ON TABLE jxlink.deadline_rule IS '期限规则：每种义务的时限（工作日或小时）及其依据条款。规定本身的时限（basis = provision）不可修改；本地政策默认值可由管理员修改，对此后新开的义务生效。 Deadline rules: the time limit of each kind of obligation (working days or hours) and the clause it rests on. The provisions'' own limits (basis = provision) cannot be changed; local-policy defaults can, for obligations opened afterwards.';
COMMENT ON COLUMN jxlink.deadline_rule.rule_code IS '规则代码。 Rule code.';
COMMENT ON COLUMN jxlink.deadline_rule.obligation_kind IS '适用的义务种类。 The kind of obligation the rule applies to.';
COMMENT ON COLUMN jxlink.deadline_rule.clause IS '依据条款。 The clause the limit rests on.';
COMMENT ON COLUMN jxlink.deadline_rule.basis IS 'provision：规定明文；local_policy：本地政策默认值。 provision: set by the provisions; local_policy: a local-policy default.';
COMMENT ON COLUMN jxlink.deadline_rule.description_zh IS '说明（中文）。 Description in Chinese.';
COMMENT ON COLUMN jxlink.deadline_rule.description_en IS '说明（英文）。 Description in English.';
COMMENT ON COLUMN jxlink.deadline_rule.period IS '期限（jxlink.time_limit）：如 3 工作日（起算日不计入，至第 n 个工作日 24:00）、24 小时（自然小时）、1 季度（至起算所在季度结束）、下次会议（至下次联席会议，未召开前暂以下一季度末为限）。本地政策规则可改为其他期限（UPDATE ... SET period = ''10 工作日''）。 The time limit (jxlink.time_limit): e.g. 3 工作日 (working days: the start day not counted, until 24:00 of the n-th), 24 小时 (clock hours), 1 季度 (until the end of the quarter it starts in), 下次会议 (until the next joint meeting; until one is held, the end of the following quarter). A local-policy rule can be given another (UPDATE ... SET period = ''10 工作日'').';
COMMENT ON COLUMN jxlink.deadline_rule.origin IS '来源：shipped＝随扩展发布未经修改（pg_dump 不导出，由 CREATE EXTENSION 重建）；edited＝管理员修改过的发布行；local＝管理员新增。 shipped: as shipped (left out of pg_dump, recreated by CREATE EXTENSION); edited: a shipped row an administrator changed; local: added by an administrator.';
ALTER TABLE ONLY jxlink.deadline_rule
    ADD CONSTRAINT deadline_rule_pkey PRIMARY KEY (rule_code);
CREATE TRIGGER deadline_rule_fixed BEFORE UPDATE ON jxlink.deadline_rule FOR EACH ROW EXECUTE FUNCTION jxlink.deadline_rule_fixed();
CREATE TRIGGER deadline_rule_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.deadline_rule FOR EACH ROW EXECUTE FUNCTION jxlink.shipped_row_guard('rule_code');

ALTER TABLE jxlink.deadline_rule ENABLE ALWAYS TRIGGER deadline_rule_guard;
CREATE TRIGGER deadline_rule_no_truncate BEFORE TRUNCATE ON jxlink.deadline_rule FOR EACH STATEMENT EXECUTE FUNCTION jxlink.shipped_row_guard('rule_code');
GRANT SELECT ON TABLE jxlink.deadline_rule TO PUBLIC;
GRANT INSERT,DELETE,UPDATE ON TABLE jxlink.deadline_rule TO jxlink_admin;
SELECT pg_catalog.pg_extension_config_dump('jxlink.deadline_rule', 'WHERE origin <> ''shipped''');
-- Shipped rules: the provisions' limits and the local-policy defaults.
INSERT INTO jxlink.deadline_rule (rule_code, obligation_kind, period, clause, basis, description_zh, description_en, origin) VALUES ('transfer', 'transfer', '3 工作日', '三（三）2①', 'provision', '发现违法行为后 3 个工作日内完成移交', 'transfer the case within 3 working days of discovery', 'shipped');
INSERT INTO jxlink.deadline_rule (rule_code, obligation_kind, period, clause, basis, description_zh, description_en, origin) VALUES ('transfer_extended', 'transfer', '5 工作日', '三（三）2②', 'provision', '事先告知综合执法队的，移送期限最长不超过 5 个工作日', 'after an advance notice to the team, transfer within at most 5 working days', 'shipped');
INSERT INTO jxlink.deadline_rule (rule_code, obligation_kind, period, clause, basis, description_zh, description_en, origin) VALUES ('transfer_urgent', 'transfer', '24 小时', '三（三）2③', 'provision', '情况紧急的，24 小时内移交', 'urgent cases: transfer within 24 hours', 'shipped');
INSERT INTO jxlink.deadline_rule (rule_code, obligation_kind, period, clause, basis, description_zh, description_en, origin) VALUES ('acknowledge', 'acknowledge', '5 工作日', '三（三）2④', 'provision', '综合执法队收到移送后 5 个工作日内书面告知是否受理', 'the team notifies the sender in writing within 5 working days whether it accepts', 'shipped');
INSERT INTO jxlink.deadline_rule (rule_code, obligation_kind, period, clause, basis, description_zh, description_en, origin) VALUES ('file_case', 'file_case', '5 工作日', '三（二）、二（一）', 'local_policy', '受理后及时立案（本地默认 5 个工作日）', 'file the case promptly after accepting it (local default: 5 working days)', 'shipped');
INSERT INTO jxlink.deadline_rule (rule_code, obligation_kind, period, clause, basis, description_zh, description_en, origin) VALUES ('copy_back', 'copy_back', '5 工作日', '二（一）', 'local_policy', '作出决定后将结果抄告移送单位（本地默认 5 个工作日）', 'copy the decision back to the sending unit (local default: 5 working days)', 'shipped');
INSERT INTO jxlink.deadline_rule (rule_code, obligation_kind, period, clause, basis, description_zh, description_en, origin) VALUES ('licence_followup', 'licence_followup', '20 工作日', '二（二）', 'local_policy', '应批未批事项移交后，向综合执法队反馈后续办证情况（本地默认 20 个工作日）', 'after transferring an unlicensed matter, report the later licensing status to the team (local default: 20 working days)', 'shipped');
INSERT INTO jxlink.deadline_rule (rule_code, obligation_kind, period, clause, basis, description_zh, description_en, origin) VALUES ('resubmit', 'resubmit', '5 工作日', '三（三）2②、3', 'local_policy', '综合执法队退回补充材料后，移送单位补充材料、经分管领导重新批准后再次移交，或撤回移送（本地默认 5 个工作日，与延期移送的最长期限相同）', 'after the team returns a referral for more material, the sender supplements it and transfers it again with its leader''s new approval, or withdraws it (local default: 5 working days, the longest transfer period)', 'shipped');
INSERT INTO jxlink.deadline_rule (rule_code, obligation_kind, period, clause, basis, description_zh, description_en, origin) VALUES ('progress_update', 'progress_update', '10 工作日', '三（三）1', 'local_policy', '综合执法队受理案件后至作出决定前，定期向移送单位通报案件进展和处理情况（本地默认每 10 个工作日）', 'while it holds an accepted case, until its decision, the team tells the sending unit how the case is going, periodically (local default: every 10 working days)', 'shipped');
INSERT INTO jxlink.deadline_rule (rule_code, obligation_kind, period, clause, basis, description_zh, description_en, origin) VALUES ('complaint_reply', 'complaint_reply', '15 工作日', '三（二）', 'local_policy', '首问负责单位答复举报人、投诉人或信访人（本地默认 15 个工作日）', 'the first receiver replies to the complainant (local default: 15 working days)', 'shipped');
INSERT INTO jxlink.deadline_rule (rule_code, obligation_kind, period, clause, basis, description_zh, description_en, origin) VALUES ('quarterly_meeting', 'quarterly_meeting', '1 季度', '三（四）3', 'provision', '联席会议原则上每季度召开一次', 'the joint meeting is held at least once a quarter', 'shipped');
INSERT INTO jxlink.deadline_rule (rule_code, obligation_kind, period, clause, basis, description_zh, description_en, origin) VALUES ('resolution_report', 'resolution_report', '下次会议', '三（四）4', 'provision', '议定事项的落实情况在下次联席会议上通报', 'the status of a resolution is reported at the next joint meeting', 'shipped');
INSERT INTO jxlink.deadline_rule (rule_code, obligation_kind, period, clause, basis, description_zh, description_en, origin) VALUES ('share_request', 'share_request', '5 工作日', '三（一）4', 'local_policy', '按请求提供共享信息（未约定期限的本地默认 5 个工作日）', 'provide the information requested (local default when no date is agreed: 5 working days)', 'shipped');
INSERT INTO jxlink.deadline_rule (rule_code, obligation_kind, period, clause, basis, description_zh, description_en, origin) VALUES ('assistance_request', 'assistance_request', '2 工作日', '二、四（三）', 'local_policy', '答复执法协助请求（本地默认 2 个工作日）', 'answer a request for enforcement assistance (local default: 2 working days)', 'shipped');

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

------------------------------------------------------------------------------
-- Subjects: the reference and title an obligation shows
------------------------------------------------------------------------------

-- Copy a subject's reference and title into its obligations.
CREATE FUNCTION jxlink.obligation_refresh_subject(subject_id uuid) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    UPDATE jxlink.obligation o
    SET subject_ref = s.reference, subject_title = s.title
    FROM jxlink.subject s
    WHERE s.subject_id = obligation_refresh_subject.subject_id
      AND o.subject_id = s.subject_id AND o.subject_type = s.subject_type
      AND (o.subject_ref, o.subject_title) IS DISTINCT FROM (s.reference, s.title);
END
$$;
COMMENT ON FUNCTION jxlink.obligation_refresh_subject(subject_id uuid) IS '（内部）将事项的编号与标题复制到其义务。 (Internal) Copy a subject''s reference and title into its obligations.';
REVOKE ALL ON FUNCTION jxlink.obligation_refresh_subject(subject_id uuid) FROM PUBLIC;

-- New obligations take their subject's reference and title.
CREATE FUNCTION jxlink.obligation_take_subject() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    IF NEW.subject_ref IS NULL AND NEW.subject_title IS NULL THEN
        SELECT s.reference, s.title INTO NEW.subject_ref, NEW.subject_title
        FROM jxlink.subject s
        WHERE s.subject_id = NEW.subject_id AND s.subject_type = NEW.subject_type;
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION jxlink.obligation_take_subject() IS '触发器：新开立的义务取得其事项的编号与标题。 Trigger: a new obligation takes its subject''s reference and title.';
REVOKE ALL ON FUNCTION jxlink.obligation_take_subject() FROM PUBLIC;

------------------------------------------------------------------------------
-- Obligations and the moves of their due times
------------------------------------------------------------------------------

CREATE TABLE jxlink.obligation (
    obligation_id uuid DEFAULT jxlink.uuid_v7() NOT NULL,
    jurisdiction text DEFAULT jxlink.local_jurisdiction() NOT NULL,
    kind text NOT NULL,
    subject_type text NOT NULL,
    subject_id uuid NOT NULL,
    owner_unit uuid NOT NULL,
    counterpart_unit uuid,
    rule_code text NOT NULL,
    clause text NOT NULL,
    started_at timestamp with time zone NOT NULL,
    due_at timestamp with time zone NOT NULL,
    due_date date NOT NULL,
    provisional boolean NOT NULL,
    calendar_version text,
    status text DEFAULT 'open' NOT NULL,
    met_at timestamp with time zone,
    met_late boolean,
    met_by text,
    note text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    subject_ref text,
    subject_title text,
    refused boolean DEFAULT false NOT NULL,
    derivation text[],
    claimed_start_at timestamp with time zone,
    closed_recorded_at timestamp with time zone,
    period jxlink.time_limit NOT NULL,
    CONSTRAINT obligation_check CHECK ((status = 'open') = (met_at IS NULL)),
    CONSTRAINT obligation_check1 CHECK ((status IN ('met', 'waived')) = (met_late IS NOT NULL)),
    CONSTRAINT obligation_check2 CHECK (due_at > started_at),
    CONSTRAINT obligation_kind_check CHECK (kind IN ('transfer', 'acknowledge', 'file_case', 'copy_back', 'licence_followup', 'complaint_reply', 'quarterly_meeting', 'resolution_report', 'share_request', 'assistance_request', 'resubmit', 'progress_update')),
    CONSTRAINT obligation_status_check CHECK (status IN ('open', 'met', 'waived')),
    CONSTRAINT obligation_subject_type_check CHECK (subject_type IN ('referral', 'complaint', 'meeting_quarter', 'resolution', 'share_request', 'assistance_request'))
);

ALTER TABLE ONLY jxlink.obligation FORCE ROW LEVEL SECURITY;
COMMENT ON TABLE jxlink.obligation IS '时限台账：规定中的每一个时限都是一行――谁欠谁什么、自何时、至何时、依哪条规则、何时履行。 The obligation ledger: every time limit of the provisions is one row - who owes what to whom, from when, by when, under which rule, and when it was met.';
COMMENT ON COLUMN jxlink.obligation.obligation_id IS '义务标识。 Obligation identifier.';
COMMENT ON COLUMN jxlink.obligation.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.obligation.kind IS '义务种类：transfer 移交、acknowledge 书面告知是否受理、file_case 立案、copy_back 抄告结果、licence_followup 反馈办证情况、resubmit 退回后补充再移交或撤回、progress_update 定期通报案件进展等。 Kind: transfer, acknowledge (written notice of acceptance), file_case, copy_back (the result), licence_followup, resubmit (after a return: supplement and transfer again, or withdraw), progress_update (the team''s periodic progress update), and so on.';
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
COMMENT ON COLUMN jxlink.obligation.met_late IS '履行或免除时是否已逾期（届时判定，日历修改不再改变）；逾期后免除（如期限已过才撤回移送）仍计为逾期（三（三）、四（三））。 Whether it was met or waived late, judged then (calendar changes do not alter it); a waiver after the due time (e.g. a referral withdrawn after its transfer deadline) keeps the lateness (三（三）, 四（三）).';
COMMENT ON COLUMN jxlink.obligation.met_by IS '履行（或免除）的操作角色。 Role that met (or waived) it.';
COMMENT ON COLUMN jxlink.obligation.note IS '履行或免除说明。 Note on meeting or waiving it.';
COMMENT ON COLUMN jxlink.obligation.created_at IS '记录时间。 When the row was recorded.';
COMMENT ON COLUMN jxlink.obligation.subject_ref IS '事项编号（移送函文号、立案号等；随事项更新）。 Reference of the subject (letter or case number; follows the subject).';
COMMENT ON COLUMN jxlink.obligation.subject_title IS '事项标题（案由）。 Title of the subject.';
COMMENT ON COLUMN jxlink.obligation.refused IS '以拒绝作答（如拒绝提供信息或协助，四（三））：计入该单位的不配合情况。 Answered with a refusal (e.g. refused information or assistance, 四（三）): counts against the unit.';
COMMENT ON COLUMN jxlink.obligation.period IS '义务自身的期限（jxlink.time_limit）：如 3 工作日、24 小时、1 季度（所在季度）、下次会议（下次联席会议）、30 日（双方约定的最后一日，起算日之后的自然日数）；期限一律由此计算，规则表日后修改不影响。 The obligation''s own time limit (jxlink.time_limit): e.g. 3 工作日 (working days), 24 小时 (hours), 1 季度 (the quarter it starts in), 下次会议 (the next joint meeting), 30 日 (a last day the units agreed, in calendar days after the start day); every due time is computed from it, whatever later becomes of the rule.';
COMMENT ON COLUMN jxlink.obligation.claimed_start_at IS '事件所称的起算时刻，晚于此才记录、且义务由记录者以外的单位负担时保存：该单位在记录之前无从得知，期限自记录时起算（started_at）；负担单位自己记录在此之前已履行的，确认所称时刻（started_at 与之相同）；为空表示按所称时刻起算。 The start the event claimed, kept when the obligation is owed by a unit other than the recorder''s and was recorded later: that unit could not know of it before, so the period starts when it was recorded (started_at); when the owing unit itself records meeting it before then, the claimed start is confirmed (started_at equals it); null: it starts as claimed.';
COMMENT ON COLUMN jxlink.obligation.closed_recorded_at IS '履行或免除的记录时刻（事务时间；met_at 为所称时刻）；0.9.0 之前的记录为空（移送的义务取自其历史记录）。 When the meeting or waiving was recorded (transaction time; met_at is the time claimed); null for closures recorded before 0.9.0 (for referrals, taken from their history).';
COMMENT ON COLUMN jxlink.obligation.derivation IS '已履行或免除的工作日义务，在日历变更涉及其日期时保存的日期推算（计入的工作日、跳过的日期，按其判定时的日历）；为空（NULL）时按现行日历推算，结果相同；空数组：0.8.0 之前按其后已变更的日历判定，推算未保存。 For a met or waived working-day obligation, the derivation of its days (working days counted, days skipped, under the calendar it was judged with) kept when a calendar change touched them; null while the calendar in force gives the same; an empty array: judged before 0.8.0 under a calendar changed since, the days not kept.';
ALTER TABLE ONLY jxlink.obligation
    ADD CONSTRAINT obligation_pkey PRIMARY KEY (obligation_id);
ALTER TABLE ONLY jxlink.obligation
    ADD CONSTRAINT obligation_counterpart_unit_fkey FOREIGN KEY (counterpart_unit) REFERENCES jxlink.unit(unit_id);
ALTER TABLE ONLY jxlink.obligation
    ADD CONSTRAINT obligation_jurisdiction_fkey FOREIGN KEY (jurisdiction) REFERENCES jxlink.jurisdiction(code);
ALTER TABLE ONLY jxlink.obligation
    ADD CONSTRAINT obligation_owner_unit_fkey FOREIGN KEY (owner_unit) REFERENCES jxlink.unit(unit_id);
ALTER TABLE ONLY jxlink.obligation
    ADD CONSTRAINT obligation_rule_code_fkey FOREIGN KEY (rule_code) REFERENCES jxlink.deadline_rule(rule_code);
CREATE INDEX obligation_due_date ON jxlink.obligation USING btree (due_date);
CREATE INDEX obligation_jurisdiction_due_date ON jxlink.obligation USING btree (jurisdiction, due_date);
CREATE INDEX obligation_due_quarter ON jxlink.obligation USING btree (((date_trunc('quarter'::text, (due_date)::timestamp without time zone))::date));
CREATE INDEX obligation_met_at ON jxlink.obligation USING btree (met_at) WHERE (met_at IS NOT NULL);
CREATE INDEX obligation_jurisdiction_open_due ON jxlink.obligation USING btree (jurisdiction, due_at) WHERE (status = 'open'::text);
CREATE INDEX obligation_open_due ON jxlink.obligation USING btree (due_at) WHERE (status = 'open'::text);
CREATE INDEX obligation_owner_started ON jxlink.obligation USING btree (owner_unit, started_at);
CREATE INDEX obligation_subject ON jxlink.obligation USING btree (subject_id, kind);
ALTER TABLE jxlink.obligation ENABLE ROW LEVEL SECURITY;
CREATE TRIGGER obligation_take_subject BEFORE INSERT ON jxlink.obligation FOR EACH ROW EXECUTE FUNCTION jxlink.obligation_take_subject();
GRANT SELECT ON TABLE jxlink.obligation TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;
SELECT pg_catalog.pg_extension_config_dump('jxlink.obligation', '');

-- The read policy obligation_read is created in sql/30_referral.sql, after the
-- referral table it consults.

CREATE TABLE jxlink.obligation_move (
    move_id uuid DEFAULT jxlink.uuid_v7() NOT NULL,
    obligation_id uuid NOT NULL,
    jurisdiction text NOT NULL,
    moved_at timestamp with time zone NOT NULL,
    from_due_at timestamp with time zone NOT NULL,
    to_due_at timestamp with time zone NOT NULL,
    from_calendar_version text,
    to_calendar_version text,
    cause text NOT NULL,
    actor_role text NOT NULL
);

ALTER TABLE ONLY jxlink.obligation_move FORCE ROW LEVEL SECURITY;
COMMENT ON TABLE jxlink.obligation_move IS '未结义务的期限变动记录（只增不改）：日历变更、联席会议召开使期限从何时移至何时、何时、由何人引起。 The moves of open obligations'' due times (append-only): from what to what a calendar change or a joint meeting held moved them, when and by whom.';
COMMENT ON COLUMN jxlink.obligation_move.move_id IS '变动标识。 Move identifier.';
COMMENT ON COLUMN jxlink.obligation_move.obligation_id IS '被移动期限的义务。 The obligation whose due time moved.';
COMMENT ON COLUMN jxlink.obligation_move.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.obligation_move.moved_at IS '变动时刻（事务时间）。 When it moved (transaction time).';
COMMENT ON COLUMN jxlink.obligation_move.from_due_at IS '原逾期起点。 The first late instant before the move.';
COMMENT ON COLUMN jxlink.obligation_move.to_due_at IS '新逾期起点。 The first late instant after the move.';
COMMENT ON COLUMN jxlink.obligation_move.from_calendar_version IS '原日历版本。 Calendar version before the move.';
COMMENT ON COLUMN jxlink.obligation_move.to_calendar_version IS '新日历版本。 Calendar version after the move.';
COMMENT ON COLUMN jxlink.obligation_move.cause IS '原因（如 calendar change、joint meeting held）。 Cause (e.g. calendar change, joint meeting held).';
COMMENT ON COLUMN jxlink.obligation_move.actor_role IS '引起变动的数据库角色。 The database role whose change caused it.';
ALTER TABLE ONLY jxlink.obligation_move
    ADD CONSTRAINT obligation_move_pkey PRIMARY KEY (move_id);
ALTER TABLE ONLY jxlink.obligation_move
    ADD CONSTRAINT obligation_move_jurisdiction_fkey FOREIGN KEY (jurisdiction) REFERENCES jxlink.jurisdiction(code);
ALTER TABLE ONLY jxlink.obligation_move
    ADD CONSTRAINT obligation_move_obligation_id_fkey FOREIGN KEY (obligation_id) REFERENCES jxlink.obligation(obligation_id);
CREATE INDEX obligation_move_obligation ON jxlink.obligation_move USING btree (obligation_id);
ALTER TABLE jxlink.obligation_move ENABLE ROW LEVEL SECURITY;
CREATE TRIGGER obligation_move_append_only BEFORE DELETE OR UPDATE ON jxlink.obligation_move FOR EACH ROW EXECUTE FUNCTION jxlink.refuse_change();
CREATE TRIGGER obligation_move_no_truncate BEFORE TRUNCATE ON jxlink.obligation_move FOR EACH STATEMENT EXECUTE FUNCTION jxlink.refuse_change();
GRANT SELECT ON TABLE jxlink.obligation_move TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;
SELECT pg_catalog.pg_extension_config_dump('jxlink.obligation_move', '');
CREATE POLICY obligation_move_read ON jxlink.obligation_move FOR SELECT
USING (EXISTS (SELECT 1 FROM jxlink.obligation o WHERE o.obligation_id = obligation_move.obligation_id));
COMMENT ON POLICY obligation_move_read ON jxlink.obligation_move IS '能读到义务者可读其期限变动。 Whoever reads an obligation reads its moves.';

------------------------------------------------------------------------------
-- Due times: the only place they are computed
------------------------------------------------------------------------------

-- The due time of a time limit started at an instant, from the facts the
-- obligation itself holds (its period, its start, its jurisdiction).  The
-- counting is the time limit's own (timestamptz + time_limit, date +
-- time_limit, in C):
--   工作日 workdays     n working days, the start day not counted, until 24:00
--                      of the n-th (民法典 第二百零一条; 行政处罚法 第八十五条)
--   小时 hours          n clock hours; holidays do not extend it (三（三）2③)
--   季度 quarter        until the end of the quarter it starts in (三（四）3)
--   日 agreed_day       until the end of a day the units agreed, n calendar
--                      days after the start day (0: the same day) (三（一）4)
-- Only the next joint meeting needs the facts of the jurisdiction: until the
-- end of the day of its first joint meeting held after the start; while none
-- is held, until the end of the following quarter (三（四）4).
CREATE FUNCTION jxlink.obligation_due_by(period jxlink.time_limit, started_at timestamp with time zone, jurisdiction text, OUT due_at timestamp with time zone, OUT due_date date, OUT provisional boolean, OUT calendar_version text) RETURNS record
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

-- When an obligation starts: as the event claims, unless it is owed by a unit
-- other than the recorder's (the calling role's units): that unit cannot know
-- of it before it is recorded, so it starts no earlier than now().  Quarterly
-- periods are owed by the calendar, not by an event: as claimed.
CREATE FUNCTION jxlink.obligation_start(owner_unit uuid, rule_code text, claimed timestamp with time zone, owner_present boolean DEFAULT false) RETURNS timestamp with time zone
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
SELECT CASE WHEN claimed >= now()
                 OR owner_present
                 OR EXISTS (SELECT 1 FROM jxlink.deadline_rule r
                            WHERE r.rule_code = obligation_start.rule_code AND jxlink.time_limit_unit(r.period) = 'quarter')
                 OR EXISTS (SELECT 1 FROM jxlink.staff s
                            WHERE s.role_name = jxlink.calling_role()::text AND s.active
                              AND s.unit_id = obligation_start.owner_unit)
            THEN claimed ELSE now() END
$$;
COMMENT ON FUNCTION jxlink.obligation_start(owner_unit uuid, rule_code text, claimed timestamp with time zone, owner_present boolean) IS '（内部）义务的起算时刻：按事件所称时刻；但由记录者（调用角色所属单位）以外的单位负担的义务，不早于记录时刻（now()）起算――该单位此前无从得知；按季度的义务（由日历而非事件产生）及负担单位亲历其事者（如出席作出决议的会议）按所称时刻。 (Internal) When an obligation starts: as the event claims; but one owed by a unit other than the recorder''s (the calling role''s units) starts no earlier than it is recorded (now()), as that unit could not know of it before; quarterly obligations (owed by the calendar, not by an event) and those of a unit present at the event (e.g. attending the meeting that assigned it) start as claimed.';
REVOKE ALL ON FUNCTION jxlink.obligation_start(owner_unit uuid, rule_code text, claimed timestamp with time zone, owner_present boolean) FROM PUBLIC;

-- Open an obligation under a rule; the period is the rule's, or the last day
-- the units agreed.  The obligation keeps its period: a later change of the
-- rule does not alter it.
CREATE FUNCTION jxlink.obligation_open(kind text, rule_code text, subject_type text, subject_id uuid, owner_unit uuid, counterpart_unit uuid, started_at timestamp with time zone, agreed_last_day date DEFAULT NULL::date, owner_present boolean DEFAULT false) RETURNS uuid
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
REVOKE ALL ON FUNCTION jxlink.obligation_open(kind text, rule_code text, subject_type text, subject_id uuid, owner_unit uuid, counterpart_unit uuid, started_at timestamp with time zone, agreed_last_day date, owner_present boolean) FROM PUBLIC;

-- Meet (or waive) the open obligations of a subject of the given kinds (owed
-- by one unit, when given); returns how many.
CREATE FUNCTION jxlink.obligation_close(subject_id uuid, kinds text[], closed_at timestamp with time zone, closed_by text, new_status text, note text DEFAULT NULL::text, owner_unit uuid DEFAULT NULL::uuid) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    n integer;
BEGIN
    -- the owing unit's own record of meeting it before the obligation was
    -- recorded confirms the start claimed: it is judged from that start
    UPDATE jxlink.obligation o
    SET (started_at, period, due_at, due_date, provisional, calendar_version) =
        (SELECT o.claimed_start_at, p.period, d.due_at, d.due_date, d.provisional, d.calendar_version
         FROM (SELECT CASE WHEN jxlink.time_limit_unit(o.period) = 'agreed_day'
                           THEN jxlink.time_limit('agreed_day', o.due_date - jxlink.local_date(o.claimed_start_at))
                           ELSE o.period END AS period) p
         CROSS JOIN jxlink.obligation_due_by(p.period, o.claimed_start_at, o.jurisdiction) d)
    WHERE o.subject_id = obligation_close.subject_id
      AND o.kind = ANY (kinds)
      AND o.status = 'open'
      AND (obligation_close.owner_unit IS NULL OR o.owner_unit = obligation_close.owner_unit)
      AND closed_at < o.started_at AND closed_at >= o.claimed_start_at
      AND o.owner_unit IN (SELECT s.unit_id FROM jxlink.staff s
                           WHERE s.role_name = jxlink.calling_role()::text AND s.active);
    UPDATE jxlink.obligation o
    SET status = new_status,
        met_at = closed_at,
        met_late = closed_at >= o.due_at,
        met_by = closed_by,
        note = obligation_close.note,
        closed_recorded_at = now()
    WHERE o.subject_id = obligation_close.subject_id
      AND o.kind = ANY (kinds)
      AND o.status = 'open'
      AND (obligation_close.owner_unit IS NULL OR o.owner_unit = obligation_close.owner_unit);
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$$;
COMMENT ON FUNCTION jxlink.obligation_close(subject_id uuid, kinds text[], closed_at timestamp with time zone, closed_by text, new_status text, note text, owner_unit uuid) IS '（内部）履行或免除某事项的未结义务（可限于某一单位所负）；届时判定是否逾期（逾期后免除的仍为逾期），并记下记录时刻。负担单位自己记录在义务记录之前已履行的，即确认了所称的起算时刻，按该时刻判定。 (Internal) Meet or waive the open obligations of a subject (those of one owing unit, when given); each is judged late or on time then (a waiver after the due time stays late), and the time it was recorded is kept. When the owing unit itself records meeting it before the obligation was recorded, it confirms the start claimed, and is judged from that start.';
REVOKE ALL ON FUNCTION jxlink.obligation_close(subject_id uuid, kinds text[], closed_at timestamp with time zone, closed_by text, new_status text, note text, owner_unit uuid) FROM PUBLIC;

-- Move an open obligation to another rule (the advance notice of 三（三）2②).
CREATE FUNCTION jxlink.obligation_reschedule(obligation_id uuid, rule_code text) RETURNS void
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
REVOKE ALL ON FUNCTION jxlink.obligation_reschedule(obligation_id uuid, rule_code text) FROM PUBLIC;

-- Recompute the due time of the open obligations of one period unit (of one
-- jurisdiction, when given) after the facts it depends on changed: the
-- calendar, a joint meeting held.  Each obligation whose due time moved gets a
-- row in obligation_move saying from what, to what, why, when and by whom.
CREATE FUNCTION jxlink.obligation_recompute_open(period_unit text, jurisdiction text, cause text) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    n integer;
BEGIN
    WITH c AS (
        SELECT o.obligation_id, o.jurisdiction, o.due_at AS old_at, o.due_date AS old_date,
               o.calendar_version AS old_version, o.provisional AS old_provisional, d.*
        FROM jxlink.obligation o
        CROSS JOIN LATERAL jxlink.obligation_due_by(o.period, o.started_at, o.jurisdiction) d
        WHERE o.status = 'open' AND jxlink.time_limit_unit(o.period) = obligation_recompute_open.period_unit
          AND (obligation_recompute_open.jurisdiction IS NULL OR o.jurisdiction = obligation_recompute_open.jurisdiction)
          -- what was late stays late: a report owed "at the next meeting" whose due time (the end of the following
          -- quarter) had passed before the meeting was held is not put off to it (due times are midnights: later
          -- means overdue by the meeting's day)
          AND NOT (obligation_recompute_open.period_unit = 'next_meeting' AND d.due_at > o.due_at)
    ), changed AS (
        UPDATE jxlink.obligation o
        SET due_at = c.due_at, due_date = c.due_date, provisional = c.provisional, calendar_version = c.calendar_version
        FROM c
        WHERE o.obligation_id = c.obligation_id
          AND (c.old_at, c.old_date, c.old_provisional, c.old_version)
              IS DISTINCT FROM (c.due_at, c.due_date, c.provisional, c.calendar_version)
        RETURNING o.obligation_id
    )
    INSERT INTO jxlink.obligation_move (obligation_id, jurisdiction, moved_at, from_due_at, to_due_at,
                                        from_calendar_version, to_calendar_version, cause, actor_role)
    SELECT c.obligation_id, c.jurisdiction, now(), c.old_at, c.due_at, c.old_version, c.calendar_version,
           obligation_recompute_open.cause, jxlink.calling_role()
    FROM c JOIN changed USING (obligation_id)
    WHERE c.old_at <> c.due_at;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$$;
COMMENT ON FUNCTION jxlink.obligation_recompute_open(period_unit text, jurisdiction text, cause text) IS '（内部）事实（日历、召开的联席会议）变化后重算某类未结义务的期限；期限变动的逐项记入 obligation_move。召开会议时已逾期的“下次会议通报”义务不顺延至该会议（逾期的仍为逾期）。 (Internal) Recompute the due time of the open obligations of one period unit after the facts changed (the calendar, a joint meeting held); each move is recorded in obligation_move. A report owed at the next meeting that was already overdue when the meeting was held is not put off to it (what was late stays late).';
REVOKE ALL ON FUNCTION jxlink.obligation_recompute_open(period_unit text, jurisdiction text, cause text) FROM PUBLIC;

-- After a calendar change.  The met and waived working-day obligations whose
-- days include a changed one and whose last day the new calendar no longer
-- gives keep the days they were judged with (computed under the calendar as
-- it was: the changed rows as the statement's transition tables hold them),
-- so that their explanation still adds up to their verdict; every open
-- working-day obligation follows the new calendar, each move naming the
-- change.  A calendar statement run by a trigger
-- (pg_restore's edited row replacing its shipped original) leaves the work to
-- the statement that caused it, so that a restore records no moves there and
-- back; so does a whole restore (pg_dump's script sets check_function_bodies
-- off): the ledger comes back as it was.
CREATE FUNCTION jxlink.obligation_recompute() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    changed  text[];
    days     date[];
    years    integer[];
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
        SELECT array_agg(format('year %s removed', c.year) ORDER BY c.year), array_agg(c.year) INTO changed, years FROM changed_old c;
    ELSE
        SELECT array_agg(format('year %s', c.year) ORDER BY c.year), array_agg(c.year) INTO changed, years FROM changed_new c;
    END IF;
    PERFORM jxlink.obligation_recompute_open('workdays', NULL,
        format('calendar change, %s on %s: %s%s', lower(TG_OP), TG_TABLE_NAME,
               array_to_string(changed[1:5], '; '),
               CASE WHEN cardinality(changed) > 5 THEN format('; and %s more', cardinality(changed) - 5) ELSE '' END));
    -- the sealed quarters over the changed days (a year's: all its days) are
    -- counted again (sql/56_sealed_quarters.sql)
    PERFORM jxlink.quarter_reseal(NULL, coalesce(min(d), make_date(min(y), 1, 1)), coalesce(max(d), make_date(max(y), 12, 31)))
    FROM unnest(coalesce(days, '{}'), coalesce(years, '{}')) AS x(d, y);
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION jxlink.obligation_recompute() IS '触发器：日历变更后，涉及变更日期的已履行、已免除工作日义务保存其判定所依据的日期推算（按变更前的日历），所有未结工作日义务按新日历重算期限并记录每项变动及引起变动的日历行，涉及变更日期的已封存季度重新计数；恢复转储时（转储脚本关闭 check_function_bodies）不动台账。 Trigger: after a calendar change, the met and waived working-day obligations over a changed day keep the derivation of the days they were judged with (under the calendar as it was), and every open working-day obligation is recomputed under the new one, each move recorded with the calendar rows that caused it, and the sealed quarters over the changed days are counted again; while a dump is restored (its script turns check_function_bodies off) the ledger is left as restored.';
REVOKE ALL ON FUNCTION jxlink.obligation_recompute() FROM PUBLIC;

-- After a local closure is declared, corrected or removed (or a jurisdiction
-- moves under another city): the open working-day obligations of the
-- jurisdictions it applies to -- the closed one, and for a city every
-- jurisdiction under it -- follow their calendar, each move naming the
-- closure.  Other jurisdictions' obligations do not move.
CREATE FUNCTION jxlink.obligation_recompute_closure() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    changed text[];
    places  text[];
    days    date[];
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
               array_agg(c.jurisdiction), array_agg(c.day)
        INTO changed, places, days FROM changed_old c;
    ELSE
        SELECT array_agg(format('%s %s %s', c.jurisdiction, c.day, c.name_zh) ORDER BY c.jurisdiction, c.day),
               array_agg(c.jurisdiction), array_agg(c.day)
        INTO changed, places, days FROM changed_new c;
        IF TG_OP = 'UPDATE' THEN
            SELECT places || array_agg(c.jurisdiction), days || array_agg(c.day) INTO places, days FROM changed_old c;
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
    -- their sealed quarters over the closed days (every quarter, for a
    -- jurisdiction now under another city: no days) are counted again
    IF cardinality(places) > 0 THEN
        PERFORM jxlink.quarter_reseal(places, coalesce(min(d), '-infinity'), coalesce(max(d), 'infinity'))
        FROM unnest(coalesce(days, '{}')) AS d;
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION jxlink.obligation_recompute_closure() IS '触发器：地方停工日增删改（或辖区改属另一市）后，其适用辖区（该辖区；为市时另含其下属全部辖区）的未结工作日义务按该辖区的新日历重算，每项变动记入 obligation_move 并注明停工日；其他辖区的义务不动；这些辖区涉及停工日的已封存季度重新计数；恢复转储时（转储脚本关闭 check_function_bodies）不动台账。 Trigger: after a local closure is added, changed or removed (or a jurisdiction moves under another city), the open working-day obligations of the jurisdictions it applies to (that one; for a city also every jurisdiction under it) are recomputed under their new calendar, each move recorded in obligation_move naming the closure; other jurisdictions'' obligations do not move; the sealed quarters of those jurisdictions over the closed days are counted again; while a dump is restored (its script turns check_function_bodies off) the ledger is left as restored.';
REVOKE ALL ON FUNCTION jxlink.obligation_recompute_closure() FROM PUBLIC;

------------------------------------------------------------------------------
-- Explanations: the derivation of a due time, adding up to the verdict
------------------------------------------------------------------------------

-- The working days counted and the days skipped between a start day (not
-- counted) and a last day: the lines of an explanation.  Under the calendar
-- in force, or as it was before a change: the changed days then follow the
-- rows they had (old_rows; a day without one, the weekday rule).  In a
-- jurisdiction's calendar when one is given: its local closures (and its
-- city's) are skipped days too.
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

-- The length of an obligation's own period, for the share of it left: its
-- hours or working days; for a quarter, the next meeting or an agreed day,
-- the working days from the start to the last day (at least 1).  Inlined
-- into the readers (no SET clause).
CREATE FUNCTION jxlink.period_length(period jxlink.time_limit, started_at timestamp with time zone, due_date date) RETURNS integer
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
SELECT CASE WHEN jxlink.time_limit_unit(period) OPERATOR(pg_catalog.=) ANY ('{workdays,hours}') THEN jxlink.time_limit_amount(period)
            ELSE pg_catalog.int4larger(jxlink.workdays_between_or_null(jxlink.local_date(started_at), due_date), 1) END
$$;
COMMENT ON FUNCTION jxlink.period_length(period jxlink.time_limit, started_at timestamp with time zone, due_date date) IS '义务自身期限的长度（小时数或工作日数；季度、下次会议、约定日为起算至届满日的工作日数，至少为 1），用于剩余比例。 The length of an obligation''s own time limit (hours or working days; for a quarter, the next meeting or an agreed day, the working days from the start to the last day, at least 1), for the share of it left.';

-- Explain an obligation's due time from the obligation itself: its period,
-- start and facts, the days counted (as they were when it was judged), each
-- move of an open one, and its status.  The rule table gives labels only.
CREATE FUNCTION jxlink.explain_obligation(obligation_id uuid) RETURNS text
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

------------------------------------------------------------------------------
-- The calendar keeps the ledger in step (DESIGN §2, §3)
------------------------------------------------------------------------------

CREATE TRIGGER calendar_day_recompute_insert AFTER INSERT ON jxlink.calendar_day REFERENCING NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION jxlink.obligation_recompute();

CREATE TRIGGER calendar_day_recompute_update AFTER UPDATE ON jxlink.calendar_day REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION jxlink.obligation_recompute();

CREATE TRIGGER calendar_day_recompute_delete AFTER DELETE ON jxlink.calendar_day REFERENCING OLD TABLE AS changed_old FOR EACH STATEMENT EXECUTE FUNCTION jxlink.obligation_recompute();

CREATE TRIGGER calendar_year_recompute_insert AFTER INSERT ON jxlink.calendar_year REFERENCING NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION jxlink.obligation_recompute();

CREATE TRIGGER calendar_year_recompute_update AFTER UPDATE ON jxlink.calendar_year REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION jxlink.obligation_recompute();

CREATE TRIGGER calendar_year_recompute_delete AFTER DELETE ON jxlink.calendar_year REFERENCING OLD TABLE AS changed_old FOR EACH STATEMENT EXECUTE FUNCTION jxlink.obligation_recompute();

CREATE TRIGGER calendar_closure_recompute_insert AFTER INSERT ON jxlink.calendar_closure REFERENCING NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION jxlink.obligation_recompute_closure();

CREATE TRIGGER calendar_closure_recompute_update AFTER UPDATE ON jxlink.calendar_closure REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION jxlink.obligation_recompute_closure();

CREATE TRIGGER calendar_closure_recompute_delete AFTER DELETE ON jxlink.calendar_closure REFERENCING OLD TABLE AS changed_old FOR EACH STATEMENT EXECUTE FUNCTION jxlink.obligation_recompute_closure();

CREATE TRIGGER jurisdiction_calendar_recompute AFTER UPDATE ON jxlink.jurisdiction REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION jxlink.obligation_recompute_closure();
