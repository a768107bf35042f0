/*
 * sql/30_referral.sql - Cases and their referral to the enforcement team (二（一）至（四）, 三（三）): the C state machine and event path, materials, the hash-chained history, the obligations each event meets or opens (and the share a decision makes).
 *
 * A concept file: the current definition of each object, once, with its
 * comments, grants, policies and triggers.  The build concatenates the concept
 * files (sql/NN_*.sql, in order) into the install script of the current version.
 */

CREATE TABLE jxlink.case_file (
    case_id uuid DEFAULT jxlink.uuid_v7() NOT NULL,
    jurisdiction text DEFAULT jxlink.local_jurisdiction() NOT NULL,
    category text NOT NULL,
    source text NOT NULL,
    title text NOT NULL,
    discovered_at timestamp with time zone NOT NULL,
    discovering_unit uuid NOT NULL,
    party text,
    place text,
    description text,
    violation_stopped boolean DEFAULT false NOT NULL,
    evidence_preserved boolean DEFAULT false NOT NULL,
    created_by text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT case_file_category_check CHECK (category IN ('licensed', 'unlicensed', 'prohibited', 'other')),
    CONSTRAINT case_file_source_check CHECK (source IN ('patrol', 'complaint', 'grid_report', 'monitoring_device', 'inspection', 'assignment', 'other')),
    CONSTRAINT case_file_title_check CHECK (title <> '')
);

ALTER TABLE ONLY jxlink.case_file FORCE ROW LEVEL SECURITY;
COMMENT ON TABLE jxlink.case_file IS '案件线索：发现的违法行为。类别见二（一）至（四）；发现违法行为正在进行的，应先行制止并保全证据（三（三））。 Cases: violations found. Categories per 二（一）至（四）; a unit that finds an ongoing violation stops it first and preserves evidence (三（三）).';
COMMENT ON COLUMN jxlink.case_file.case_id IS '案件标识。 Case identifier.';
COMMENT ON COLUMN jxlink.case_file.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.case_file.category IS 'licensed 应批已批；unlicensed 应批未批；prohibited 禁止类；other 其他。 licensed (应批已批), unlicensed (应批未批), prohibited (禁止类), other.';
COMMENT ON COLUMN jxlink.case_file.source IS '案源：patrol 巡查、complaint 举报投诉、grid_report 网格上报、monitoring_device 电子监控、inspection 检查、assignment 交办、other 其他。 Source: patrol, complaint, grid report, monitoring device, inspection, assignment, other.';
COMMENT ON COLUMN jxlink.case_file.title IS '案由。 Title of the case.';
COMMENT ON COLUMN jxlink.case_file.discovered_at IS '发现时间（移送期限自此起算）。 When the violation was found (the transfer period starts here).';
COMMENT ON COLUMN jxlink.case_file.discovering_unit IS '发现单位。 The unit that found it.';
COMMENT ON COLUMN jxlink.case_file.party IS '当事人（个人信息：仅案件当事单位与监督可读，BI、管理员不可读）。 The party (personal data: read by the units party to the case and supervisors, not by BI or administrators).';
COMMENT ON COLUMN jxlink.case_file.place IS '地点（个人信息，同 party）。 Place (personal data, as party).';
COMMENT ON COLUMN jxlink.case_file.description IS '基本违法事实（个人信息，同 party）。 Basic facts of the violation (personal data, as party).';
COMMENT ON COLUMN jxlink.case_file.violation_stopped IS '是否已先行制止违法行为（三（三））。 Whether the ongoing violation was stopped (三（三）).';
COMMENT ON COLUMN jxlink.case_file.evidence_preserved IS '是否已妥善保管现场证据（三（三））。 Whether the evidence on site was preserved (三（三）).';
COMMENT ON COLUMN jxlink.case_file.created_by IS '登记人（数据库角色）。 Role that recorded it.';
COMMENT ON COLUMN jxlink.case_file.created_at IS '登记时间。 When it was recorded.';
ALTER TABLE ONLY jxlink.case_file
    ADD CONSTRAINT case_file_pkey PRIMARY KEY (case_id);
ALTER TABLE ONLY jxlink.case_file
    ADD CONSTRAINT case_file_discovering_unit_fkey FOREIGN KEY (discovering_unit) REFERENCES jxlink.unit(unit_id);
ALTER TABLE ONLY jxlink.case_file
    ADD CONSTRAINT case_file_jurisdiction_fkey FOREIGN KEY (jurisdiction) REFERENCES jxlink.jurisdiction(code);
CREATE INDEX case_file_unit ON jxlink.case_file USING btree (discovering_unit, discovered_at);
ALTER TABLE jxlink.case_file ENABLE ROW LEVEL SECURITY;
-- party, place and description are personal data: BI and administrators read
-- the other columns only (jxlink.case_summary is the same without them).
GRANT SELECT ON TABLE jxlink.case_file TO jxlink_clerk, jxlink_supervisor;
GRANT SELECT (case_id, jurisdiction, category, source, title, discovered_at, discovering_unit, violation_stopped, evidence_preserved, created_by, created_at) ON TABLE jxlink.case_file TO jxlink_admin, jxlink_bi;
SELECT pg_catalog.pg_extension_config_dump('jxlink.case_file', '');

CREATE VIEW jxlink.case_summary WITH (security_invoker = true) AS
SELECT c.case_id, c.jurisdiction, c.category, c.source, c.title, c.discovered_at, c.discovering_unit,
       c.violation_stopped, c.evidence_preserved, c.created_by, c.created_at
FROM jxlink.case_file c;
COMMENT ON VIEW jxlink.case_summary IS '案件线索的非个人信息部分（不含当事人、地点、违法事实），供 BI 与管理员读取；行级安全同 case_file。 The non-personal part of the cases (without party, place and facts), for BI and administrators; the same rows as case_file.';
COMMENT ON COLUMN jxlink.case_summary.case_id IS '案件标识。 Case identifier.';
COMMENT ON COLUMN jxlink.case_summary.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.case_summary.category IS '事项类别（二（一）至（四））。 Category (二（一）至（四）).';
COMMENT ON COLUMN jxlink.case_summary.source IS '案源。 Source of the case.';
COMMENT ON COLUMN jxlink.case_summary.title IS '案由。 Title of the case.';
COMMENT ON COLUMN jxlink.case_summary.discovered_at IS '发现时间。 When the violation was found.';
COMMENT ON COLUMN jxlink.case_summary.discovering_unit IS '发现单位。 The unit that found it.';
COMMENT ON COLUMN jxlink.case_summary.violation_stopped IS '是否已先行制止违法行为（三（三））。 Whether the ongoing violation was stopped (三（三）).';
COMMENT ON COLUMN jxlink.case_summary.evidence_preserved IS '是否已妥善保管现场证据（三（三））。 Whether the evidence on site was preserved (三（三）).';
COMMENT ON COLUMN jxlink.case_summary.created_by IS '登记人（数据库角色）。 Role that recorded it.';
COMMENT ON COLUMN jxlink.case_summary.created_at IS '登记时间。 When it was recorded.';
GRANT SELECT ON TABLE jxlink.case_summary TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;

CREATE FUNCTION jxlink.accept_referral(referral uuid, notice text, occurred_at timestamp with time zone DEFAULT now()) RETURNS text
    LANGUAGE c SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS '$libdir/jxlink', 'jxlink_accept_referral';
COMMENT ON FUNCTION jxlink.accept_referral(referral uuid, notice text, occurred_at timestamp with time zone) IS '综合执法队书面告知受理（履行告知义务，开立立案义务）。 The team notifies acceptance in writing (meets the notice obligation, opens the filing obligation).';
REVOKE ALL ON FUNCTION jxlink.accept_referral(referral uuid, notice text, occurred_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.accept_referral(referral uuid, notice text, occurred_at timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

CREATE FUNCTION jxlink.add_material(referral uuid, kind text, description text, ref text DEFAULT NULL::text) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
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
    ELSIF NOT r.state OPERATOR(jxlink.=) ANY ('{draft,awaiting_approval,approved,returned}'::jxlink.referral_state[]) THEN
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
COMMENT ON FUNCTION jxlink.add_material(referral uuid, kind text, description text, ref text) IS '为移送添加材料（三（三）3）：transfer_letter、case_source、preliminary_evidence、other。 Add material to a referral (三（三）3): transfer_letter, case_source, preliminary_evidence, other.';
REVOKE ALL ON FUNCTION jxlink.add_material(referral uuid, kind text, description text, ref text) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.add_material(referral uuid, kind text, description text, ref text) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

CREATE FUNCTION jxlink.approve_referral(referral uuid, occurred_at timestamp with time zone DEFAULT now()) RETURNS text
    LANGUAGE c SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS '$libdir/jxlink', 'jxlink_approve_referral';
COMMENT ON FUNCTION jxlink.approve_referral(referral uuid, occurred_at timestamp with time zone) IS '移送单位分管领导批准移送（三（三）3）。 The sending unit''s leader in charge approves the referral (三（三）3).';
REVOKE ALL ON FUNCTION jxlink.approve_referral(referral uuid, occurred_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.approve_referral(referral uuid, occurred_at timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

CREATE FUNCTION jxlink.copy_back_referral(referral uuid, note text, occurred_at timestamp with time zone DEFAULT now()) RETURNS text
    LANGUAGE c SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS '$libdir/jxlink', 'jxlink_copy_back_referral';
COMMENT ON FUNCTION jxlink.copy_back_referral(referral uuid, note text, occurred_at timestamp with time zone) IS '综合执法队将处理结果抄告移送单位，办结（二（一））。 The team copies the result back to the sending unit; the referral is closed (二（一）).';
REVOKE ALL ON FUNCTION jxlink.copy_back_referral(referral uuid, note text, occurred_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.copy_back_referral(referral uuid, note text, occurred_at timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

CREATE FUNCTION jxlink.create_referral(case_id uuid, urgent boolean DEFAULT false, occurred_at timestamp with time zone DEFAULT now()) RETURNS uuid
    LANGUAGE c SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS '$libdir/jxlink', 'jxlink_create_referral';
COMMENT ON FUNCTION jxlink.create_referral(case_id uuid, urgent boolean, occurred_at timestamp with time zone) IS '为本单位发现的案件创建向综合执法队的移送（草稿），并自发现时起开立移交义务：3 个工作日，紧急为 24 小时（三（三）2）。 Create a referral of a case found by the caller''s unit to the enforcement team (a draft) and open the transfer obligation from the discovery: 3 working days, 24 hours if urgent (三（三）2).';
REVOKE ALL ON FUNCTION jxlink.create_referral(case_id uuid, urgent boolean, occurred_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.create_referral(case_id uuid, urgent boolean, occurred_at timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

CREATE FUNCTION jxlink.decide_referral(referral uuid, decision_no text, outcome text, occurred_at timestamp with time zone DEFAULT now()) RETURNS text
    LANGUAGE c SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS '$libdir/jxlink', 'jxlink_decide_referral';
COMMENT ON FUNCTION jxlink.decide_referral(referral uuid, decision_no text, outcome text, occurred_at timestamp with time zone) IS '综合执法队作出决定（outcome：penalty 处罚、no_penalty 不予处罚），开立抄告义务（二（一））。 The team decides (outcome: penalty or no_penalty) and owes the copy-back (二（一）).';
REVOKE ALL ON FUNCTION jxlink.decide_referral(referral uuid, decision_no text, outcome text, occurred_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.decide_referral(referral uuid, decision_no text, outcome text, occurred_at timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

CREATE FUNCTION jxlink.decline_referral(referral uuid, reason text, occurred_at timestamp with time zone DEFAULT now()) RETURNS text
    LANGUAGE c SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS '$libdir/jxlink', 'jxlink_decline_referral';
COMMENT ON FUNCTION jxlink.decline_referral(referral uuid, reason text, occurred_at timestamp with time zone) IS '综合执法队书面告知不予受理并说明理由（履行告知义务）。 The team declines in writing, with a reason (meets the notice obligation).';
REVOKE ALL ON FUNCTION jxlink.decline_referral(referral uuid, reason text, occurred_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.decline_referral(referral uuid, reason text, occurred_at timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

CREATE FUNCTION jxlink.file_referral(referral uuid, case_no text, occurred_at timestamp with time zone DEFAULT now()) RETURNS text
    LANGUAGE c SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS '$libdir/jxlink', 'jxlink_file_referral';
COMMENT ON FUNCTION jxlink.file_referral(referral uuid, case_no text, occurred_at timestamp with time zone) IS '综合执法队立案（履行立案义务）。 The team files the case (立案; meets the filing obligation).';
REVOKE ALL ON FUNCTION jxlink.file_referral(referral uuid, case_no text, occurred_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.file_referral(referral uuid, case_no text, occurred_at timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

-- Chain each new row to the previous one of its referral, in the same transaction.
CREATE FUNCTION jxlink.history_chain() RETURNS trigger
    LANGUAGE c
    AS '$libdir/jxlink', 'jxlink_history_chain';
COMMENT ON FUNCTION jxlink.history_chain() IS '触发器：新历史行与同一移送的前一行以散列相链；创建行另与本辖区上一创建行相链（创建链）；恢复的行保留其散列与链。 Trigger: a new history row is chained to the previous row of its referral by hash, and a creation row to the previous creation of its jurisdiction (the chain of creations); restored rows keep theirs.';
REVOKE ALL ON FUNCTION jxlink.history_chain() FROM PUBLIC;

CREATE FUNCTION jxlink.notify_extension(referral uuid, reason text, occurred_at timestamp with time zone DEFAULT now()) RETURNS text
    LANGUAGE c SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS '$libdir/jxlink', 'jxlink_notify_extension';
COMMENT ON FUNCTION jxlink.notify_extension(referral uuid, reason text, occurred_at timestamp with time zone) IS '事先告知综合执法队需延长移送期限（三（三）2②）：告知时间与记录时间均须在原 3 个工作日期限届满前，紧急移送不可用；期限改为 5 个工作日。 Notify the team in advance that the transfer needs longer (三（三）2②): both the notice''s time and the moment it is recorded must come before the original 3-day deadline, never for an urgent referral; the period becomes 5 working days.';
REVOKE ALL ON FUNCTION jxlink.notify_extension(referral uuid, reason text, occurred_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.notify_extension(referral uuid, reason text, occurred_at timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

CREATE FUNCTION jxlink.open_case(category text, source text, title text, discovered_at timestamp with time zone, details jsonb DEFAULT '{}'::jsonb) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    me      jxlink.staff := jxlink.caller_staff();
    unknown text;
    flag    text;
    result  uuid;
BEGIN
    PERFORM jxlink.check_calendar_time(open_case.discovered_at, 'discovered_at');
    IF category IS NULL OR category NOT IN ('licensed', 'unlicensed', 'prohibited', 'other') THEN
        RAISE EXCEPTION 'unknown case category "%"', category
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'Categories (二（一）至（四）): licensed, unlicensed, prohibited, other.';
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
COMMENT ON FUNCTION jxlink.open_case(category text, source text, title text, discovered_at timestamp with time zone, details jsonb) IS '登记本单位发现的案件。details 可含 party、place、description、violation_stopped、evidence_preserved。 Record a case found by the caller''s unit. details may hold party, place, description, violation_stopped, evidence_preserved.';
REVOKE ALL ON FUNCTION jxlink.open_case(category text, source text, title text, discovered_at timestamp with time zone, details jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.open_case(category text, source text, title text, discovered_at timestamp with time zone, details jsonb) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

CREATE FUNCTION jxlink.referral_event_actor(event text) RETURNS text
    LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_referral_event_actor';
COMMENT ON FUNCTION jxlink.referral_event_actor(event text) IS '谁可触发该事件：sender 移送单位、sender_leader 移送单位分管领导、team 综合执法队。 Who may fire the event: sender (the sending unit), sender_leader (its leader in charge), team (the enforcement team).';

CREATE FUNCTION jxlink.referral_ledger(referral_id uuid, case_id uuid, from_unit uuid, to_unit uuid, event text, occurred_at timestamp with time zone, note text, actor_role text, first_transfer boolean) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    transfer_ob uuid;
    team        jxlink.staff;
BEGIN
    CASE event
    WHEN 'create' THEN
        -- the transfer, from the discovery of the case: 3 working days, 24 hours if urgent (三（三）2)
        PERFORM jxlink.obligation_open('transfer', CASE WHEN x.urgent THEN 'transfer_urgent' ELSE 'transfer' END,
                                       'referral', x.referral_id, x.from_unit, x.to_unit, c.discovered_at)
        FROM jxlink.referral x JOIN jxlink.case_file c ON c.case_id = x.case_id
        WHERE x.referral_id = referral_ledger.referral_id;
    WHEN 'notify_extension' THEN
        SELECT o.obligation_id INTO transfer_ob FROM jxlink.obligation o
        WHERE o.subject_id = referral_ledger.referral_id AND o.kind = 'transfer' AND o.status = 'open';
        PERFORM jxlink.obligation_reschedule(transfer_ob, 'transfer_extended');
    WHEN 'transfer' THEN
        PERFORM jxlink.obligation_close(referral_ledger.referral_id, '{transfer}', occurred_at, actor_role, 'met');
        -- a re-transfer after a return meets the resubmission (late if after its due time)
        PERFORM jxlink.obligation_close(referral_ledger.referral_id, '{resubmit}', occurred_at, actor_role, 'met');
        PERFORM jxlink.obligation_open('acknowledge', 'acknowledge', 'referral', referral_ledger.referral_id,
                                       to_unit, from_unit, occurred_at);
        IF first_transfer AND EXISTS (SELECT 1 FROM jxlink.case_file c
                                      WHERE c.case_id = referral_ledger.case_id AND c.category = 'unlicensed') THEN
            PERFORM jxlink.obligation_open('licence_followup', 'licence_followup', 'referral', referral_ledger.referral_id,
                                           from_unit, to_unit, occurred_at);
        END IF;
    WHEN 'accept' THEN
        PERFORM jxlink.obligation_close(referral_ledger.referral_id, '{acknowledge}', occurred_at, actor_role, 'met', note);
        PERFORM jxlink.obligation_open('file_case', 'file_case', 'referral', referral_ledger.referral_id,
                                       to_unit, from_unit, occurred_at);
        -- while it holds the case, the team updates the sender periodically (三（三）1; sql/32_case_notices.sql)
        PERFORM jxlink.obligation_open('progress_update', 'progress_update', 'referral', referral_ledger.referral_id,
                                       to_unit, from_unit, occurred_at);
    WHEN 'decline' THEN
        PERFORM jxlink.obligation_close(referral_ledger.referral_id, '{acknowledge}', occurred_at, actor_role, 'met', note);
    WHEN 'return' THEN
        PERFORM jxlink.obligation_close(referral_ledger.referral_id, '{acknowledge}', occurred_at, actor_role, 'met', note);
        -- the sender owes the supplemented material, approved and transferred again, or a withdrawal (三（三）3)
        PERFORM jxlink.obligation_open('resubmit', 'resubmit', 'referral', referral_ledger.referral_id,
                                       from_unit, to_unit, occurred_at);
    WHEN 'file' THEN
        PERFORM jxlink.obligation_close(referral_ledger.referral_id, '{file_case}', occurred_at, actor_role, 'met');
    WHEN 'decide' THEN
        -- the decision is the last progress update the team owes (三（三）1)
        PERFORM jxlink.obligation_close(referral_ledger.referral_id, '{progress_update}', occurred_at, actor_role, 'met', note);
        -- the team's decision reaches the referring unit as a share (三（一）3), recorded by the team's clerk
        SELECT s.* INTO STRICT team FROM jxlink.staff s
        WHERE s.role_name = actor_role AND s.unit_id = referral_ledger.to_unit;
        PERFORM jxlink.share_insert(team, 'penalty_decisions',
                                    '行政处罚决定 ' || x.decision_no::text || ' (' || x.decision_outcome || ')',
                                    x.decision_no::text, jxlink.local_date(occurred_at), ARRAY[x.from_unit],
                                    occurred_at, x.referral_id)
        FROM jxlink.referral x WHERE x.referral_id = referral_ledger.referral_id;
        PERFORM jxlink.obligation_open('copy_back', 'copy_back', 'referral', referral_ledger.referral_id,
                                       to_unit, from_unit, occurred_at);
    WHEN 'copy_back' THEN
        PERFORM jxlink.obligation_close(referral_ledger.referral_id, '{copy_back}', occurred_at, actor_role, 'met', note);
    WHEN 'withdraw' THEN
        -- a withdrawal after a return answers it too (late if after its due time)
        PERFORM jxlink.obligation_close(referral_ledger.referral_id, '{resubmit}', occurred_at, actor_role, 'met', note);
        PERFORM jxlink.obligation_close(referral_ledger.referral_id, '{transfer,licence_followup}', occurred_at,
                                        actor_role, 'waived', note);
    ELSE
        NULL;  -- submit, approve, send_back: no obligation moves
    END CASE;
END
$$;
COMMENT ON FUNCTION jxlink.referral_ledger(referral_id uuid, case_id uuid, from_unit uuid, to_unit uuid, event text, occurred_at timestamp with time zone, note text, actor_role text, first_transfer boolean) IS '（内部）移送事件履行、开立或免除的义务及其共享：创建时自发现起开立移交义务（三（三）2）、移交后开立书面告知义务（三（三）2④）、受理后开立立案义务与定期通报进展义务（三（三）1，决定时履行最后一期）、决定后开立抄告义务（二（一））并将决定共享给移送单位（三（一）3）、无证经营首次移交开立许可跟进义务（二（二））、退回后开立移送单位补充再移交或撤回的义务（三（三）3）等。由 C 事件路径在写入移送行及其历史行之后调用。 (Internal) The obligations a referral event meets, opens or waives, and its share: the transfer from the discovery when the referral is created (三（三）2), the written notice after a transfer (三（三）2④), filing and the periodic progress update after acceptance (三（三）1; the decision meets the last one), the copy-back after a decision (二（一）) and the decision shared with the referring unit (三（一）3), the licence follow-up after the first transfer of an unlicensed case (二（二）), the sender''s resubmission or withdrawal after a return (三（三）3), and so on. Called by the C event path after the referral row and its history row were written.';
REVOKE ALL ON FUNCTION jxlink.referral_ledger(referral_id uuid, case_id uuid, from_unit uuid, to_unit uuid, event text, occurred_at timestamp with time zone, note text, actor_role text, first_transfer boolean) FROM PUBLIC;

CREATE FUNCTION jxlink.referral_next_state(state jxlink.referral_state, event text) RETURNS jxlink.referral_state
    LANGUAGE c IMMUTABLE PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_referral_next_state';
COMMENT ON FUNCTION jxlink.referral_next_state(state jxlink.referral_state, event text) IS '状态机：某状态下发生某事件后的新状态；不允许的转换报错（SQLSTATE 55000，并列出该状态允许的事件）。state 为空表示尚未创建。 The state machine: the state after an event; a refused transition raises SQLSTATE 55000 listing the events allowed in that state. A null state means not yet created.';

CREATE FUNCTION jxlink.referral_state_guard() RETURNS trigger
    LANGUAGE c
    AS '$libdir/jxlink', 'jxlink_referral_state_guard';
COMMENT ON FUNCTION jxlink.referral_state_guard() IS '触发器：每一行都是某次转换的结果，状态的每次变化都是状态机允许的一次转换（transition_seq 加一）。 Trigger: every row is the result of a transition, and every change of state is one transition the state machine allows (transition_seq + 1).';
REVOKE ALL ON FUNCTION jxlink.referral_state_guard() FROM PUBLIC;

CREATE FUNCTION jxlink.referral_states(OUT state jxlink.referral_state, OUT terminal boolean, OUT name_zh text, OUT name_en text) RETURNS SETOF record
    LANGUAGE c IMMUTABLE ROWS 11 PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_referral_states';
COMMENT ON FUNCTION jxlink.referral_states(OUT state jxlink.referral_state, OUT terminal boolean, OUT name_zh text, OUT name_en text) IS '移送的全部状态，按生命周期顺序，及其中英文名称、是否终态。 Every referral state, in lifecycle order, whether it is final, and its Chinese and English names.';

-- A referral's new letter or case number reaches its obligations.
CREATE FUNCTION jxlink.referral_subject_changed() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    PERFORM jxlink.obligation_refresh_subject(NEW.referral_id);
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION jxlink.referral_subject_changed() IS '触发器：移送函文号或立案号变化后更新其义务的事项编号。 Trigger: a referral''s new letter or case number reaches its obligations.';
REVOKE ALL ON FUNCTION jxlink.referral_subject_changed() FROM PUBLIC;

CREATE TABLE jxlink.referral (
    referral_id uuid DEFAULT jxlink.uuid_v7() NOT NULL,
    jurisdiction text DEFAULT jxlink.local_jurisdiction() NOT NULL,
    case_id uuid NOT NULL,
    from_unit uuid NOT NULL,
    to_unit uuid NOT NULL,
    urgent boolean DEFAULT false NOT NULL,
    state jxlink.referral_state NOT NULL,
    last_event text NOT NULL,
    transition_seq integer NOT NULL,
    last_event_at timestamp with time zone NOT NULL,
    extension_notified_at timestamp with time zone,
    extension_reason text,
    approved_by text,
    approved_at timestamp with time zone,
    letter_no jxlink.docno,
    transfer_count integer DEFAULT 0 NOT NULL,
    return_count integer DEFAULT 0 NOT NULL,
    filed_case_no jxlink.docno,
    decision_no jxlink.docno,
    decision_outcome text,
    created_by text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    complaint_id uuid,
    CONSTRAINT referral_check CHECK (from_unit <> to_unit),
    CONSTRAINT referral_decision_outcome_check CHECK (decision_outcome IN ('penalty', 'no_penalty'))
);

ALTER TABLE ONLY jxlink.referral FORCE ROW LEVEL SECURITY;
COMMENT ON TABLE jxlink.referral IS '案件移送：移送单位将案件移交综合执法队，状态按状态机转换（见 referral_transitions()），只能通过 API 函数改变。 Referrals: a sending unit transfers a case to the enforcement team; the state follows the state machine (see referral_transitions()) and changes only through the API functions.';
COMMENT ON COLUMN jxlink.referral.referral_id IS '移送标识。 Referral identifier.';
COMMENT ON COLUMN jxlink.referral.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.referral.case_id IS '所移送的案件。 The case referred.';
COMMENT ON COLUMN jxlink.referral.from_unit IS '移送单位（职能科室或派驻机构）。 The sending unit (a section or agency).';
COMMENT ON COLUMN jxlink.referral.to_unit IS '接收单位（综合执法队）。 The receiving unit (the enforcement team).';
COMMENT ON COLUMN jxlink.referral.urgent IS '是否紧急（24 小时内移交，不可延期，三（三）2③）。 Urgent: transfer within 24 hours, no extension (三（三）2③).';
COMMENT ON COLUMN jxlink.referral.state IS '当前状态（jxlink.referral_state，按生命周期顺序排序；见 referral_states()）。 Current state (jxlink.referral_state, sorting in lifecycle order; see referral_states()).';
COMMENT ON COLUMN jxlink.referral.last_event IS '最近一次事件。 The last event.';
COMMENT ON COLUMN jxlink.referral.transition_seq IS '转换序号（每次转换加一）。 Transition counter (one more at each transition).';
COMMENT ON COLUMN jxlink.referral.last_event_at IS '最近一次事件的发生时间。 When the last event happened.';
COMMENT ON COLUMN jxlink.referral.extension_notified_at IS '事先告知延期移送的时间（三（三）2②）。 When the team was notified in advance of a longer transfer (三（三）2②).';
COMMENT ON COLUMN jxlink.referral.extension_reason IS '延期原因。 Reason for the extension.';
COMMENT ON COLUMN jxlink.referral.approved_by IS '审批的分管领导（数据库角色）。 The leader in charge who approved (role).';
COMMENT ON COLUMN jxlink.referral.approved_at IS '审批时间。 When it was approved.';
COMMENT ON COLUMN jxlink.referral.letter_no IS '案件移送函文号（发文字号，jxlink.docno）。 Number of the transfer letter (移送函), a document number (jxlink.docno).';
COMMENT ON COLUMN jxlink.referral.transfer_count IS '移交次数（退回补充后再次移交则增加）。 Number of transfers (a returned referral transferred again counts twice).';
COMMENT ON COLUMN jxlink.referral.return_count IS '被退回次数。 Number of times the team returned it.';
COMMENT ON COLUMN jxlink.referral.filed_case_no IS '立案号（发文字号，jxlink.docno）。 Case number given at filing (立案), a document number (jxlink.docno).';
COMMENT ON COLUMN jxlink.referral.decision_no IS '决定书文号（发文字号，jxlink.docno）。 Number of the decision, a document number (jxlink.docno).';
COMMENT ON COLUMN jxlink.referral.decision_outcome IS 'penalty 行政处罚决定；no_penalty 不予处罚决定。 penalty or no_penalty.';
COMMENT ON COLUMN jxlink.referral.created_by IS '创建人（数据库角色）。 Role that created it.';
COMMENT ON COLUMN jxlink.referral.created_at IS '创建时间。 When it was created.';
COMMENT ON COLUMN jxlink.referral.complaint_id IS '引起本移送的举报投诉（与 complaint.referral_id 互相关联）。 The complaint this referral came from (linked back by complaint.referral_id).';
ALTER TABLE ONLY jxlink.referral
    ADD CONSTRAINT referral_id_jurisdiction_key UNIQUE (referral_id, jurisdiction);
ALTER TABLE ONLY jxlink.referral
    ADD CONSTRAINT referral_pkey PRIMARY KEY (referral_id);
ALTER TABLE ONLY jxlink.referral
    ADD CONSTRAINT referral_case_id_fkey FOREIGN KEY (case_id) REFERENCES jxlink.case_file(case_id);
ALTER TABLE ONLY jxlink.referral
    ADD CONSTRAINT referral_complaint_id_fkey FOREIGN KEY (complaint_id) REFERENCES jxlink.complaint(complaint_id);
ALTER TABLE ONLY jxlink.referral
    ADD CONSTRAINT referral_from_unit_fkey FOREIGN KEY (from_unit) REFERENCES jxlink.unit(unit_id);
ALTER TABLE ONLY jxlink.referral
    ADD CONSTRAINT referral_jurisdiction_fkey FOREIGN KEY (jurisdiction) REFERENCES jxlink.jurisdiction(code);
ALTER TABLE ONLY jxlink.referral
    ADD CONSTRAINT referral_to_unit_fkey FOREIGN KEY (to_unit) REFERENCES jxlink.unit(unit_id);
CREATE INDEX referral_case ON jxlink.referral USING btree (case_id);
CREATE INDEX referral_complaint ON jxlink.referral USING btree (complaint_id) WHERE (complaint_id IS NOT NULL);
CREATE INDEX referral_decision_no ON jxlink.referral USING btree (decision_no);
CREATE INDEX referral_filed_case_no ON jxlink.referral USING btree (filed_case_no);
CREATE INDEX referral_from ON jxlink.referral USING btree (from_unit);
CREATE INDEX referral_letter_no ON jxlink.referral USING btree (letter_no);
CREATE INDEX referral_to ON jxlink.referral USING btree (to_unit);
ALTER TABLE jxlink.referral ENABLE ROW LEVEL SECURITY;
CREATE TRIGGER referral_state_guard BEFORE INSERT OR UPDATE ON jxlink.referral FOR EACH ROW EXECUTE FUNCTION jxlink.referral_state_guard();
CREATE TRIGGER referral_subject_changed AFTER UPDATE OF letter_no, filed_case_no ON jxlink.referral FOR EACH ROW WHEN (((old.letter_no IS DISTINCT FROM new.letter_no) OR (old.filed_case_no IS DISTINCT FROM new.filed_case_no))) EXECUTE FUNCTION jxlink.referral_subject_changed();
COMMENT ON CONSTRAINT referral_id_jurisdiction_key ON jxlink.referral IS '移送及其辖区（供历史行的复合外键引用）。 A referral with its jurisdiction (referenced by the history rows'' composite foreign key).';
GRANT SELECT ON TABLE jxlink.referral TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;
SELECT pg_catalog.pg_extension_config_dump('jxlink.referral', '');

CREATE SEQUENCE jxlink.referral_history_entry_no_seq;
COMMENT ON SEQUENCE jxlink.referral_history_entry_no_seq IS '移送历史的记录序号（按写入先后）。 The entry numbers of the referral history (in the order rows are written).';
SELECT pg_catalog.pg_extension_config_dump('jxlink.referral_history_entry_no_seq', '');

CREATE TABLE jxlink.referral_history (
    history_id uuid DEFAULT jxlink.uuid_v7() NOT NULL,
    jurisdiction text DEFAULT jxlink.local_jurisdiction() NOT NULL,
    referral_id uuid NOT NULL,
    seq integer NOT NULL,
    event text NOT NULL,
    from_state jxlink.referral_state,
    to_state jxlink.referral_state NOT NULL,
    occurred_at timestamp with time zone NOT NULL,
    recorded_at timestamp with time zone DEFAULT now() NOT NULL,
    actor_role text NOT NULL,
    actor_login text NOT NULL,
    actor_unit uuid,
    note text,
    prev_hash bytea,
    row_hash bytea,
    entry_no bigint DEFAULT nextval('jxlink.referral_history_entry_no_seq'::regclass) NOT NULL,
    chain_no integer,
    chain_prev bytea,
    chain_hash bytea
);

ALTER TABLE ONLY jxlink.referral_history FORCE ROW LEVEL SECURITY;
COMMENT ON TABLE jxlink.referral_history IS '移送历史：每次转换一行，只增不改（UPDATE、DELETE、TRUNCATE 一律拒绝，表属主亦然）。 Referral history: one row per transition, append-only (UPDATE, DELETE and TRUNCATE are refused, even for the table owner).';
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
COMMENT ON COLUMN jxlink.referral_history.prev_hash IS '前一行的散列（首行为空）。 Hash of the previous row of the referral (null for the first).';
COMMENT ON COLUMN jxlink.referral_history.entry_no IS '记录序号：各行写入的先后（锚点以此为界），辖区内唯一。 Entry number: the order rows were written in (an anchor covers the entries up to one); unique within the jurisdiction.';
COMMENT ON COLUMN jxlink.referral_history.chain_no IS '创建行在本辖区创建链中的序号（其余行为空）。 For a creation row, its number in the jurisdiction''s chain of creations (null for the other rows).';
COMMENT ON COLUMN jxlink.referral_history.chain_prev IS '本辖区上一个创建行的链散列（第一个为空）。 For a creation row, the link of the jurisdiction''s previous creation (null for the first).';
COMMENT ON COLUMN jxlink.referral_history.chain_hash IS '创建链散列：SHA-256(上一链散列 ‖ 序号、移送标识 ‖ 本行散列)，写入时计算；删除整个移送亦可查出。 For a creation row, SHA-256 of the previous link, its number and referral and its row_hash, computed when written: a referral deleted with its whole history is found.';
COMMENT ON COLUMN jxlink.referral_history.row_hash IS 'SHA-256(前一行散列 ‖ 本行规范内容)，写入时计算；jxlink.verify_history() 校验。 SHA-256 of the previous hash and this row''s canonical content, computed when written; checked by jxlink.verify_history().';
ALTER TABLE ONLY jxlink.referral_history
    ADD CONSTRAINT referral_history_pkey PRIMARY KEY (history_id);
ALTER TABLE ONLY jxlink.referral_history
    ADD CONSTRAINT referral_history_referral_id_seq_key UNIQUE (referral_id, seq);
ALTER TABLE ONLY jxlink.referral_history
    ADD CONSTRAINT referral_history_actor_unit_fkey FOREIGN KEY (actor_unit) REFERENCES jxlink.unit(unit_id);
ALTER TABLE ONLY jxlink.referral_history
    ADD CONSTRAINT referral_history_referral_fkey FOREIGN KEY (referral_id, jurisdiction) REFERENCES jxlink.referral(referral_id, jurisdiction);
ALTER TABLE jxlink.referral_history ENABLE ROW LEVEL SECURITY;
CREATE UNIQUE INDEX referral_history_chain ON jxlink.referral_history USING btree (jurisdiction, chain_no) WHERE (chain_no IS NOT NULL);
-- unique within a jurisdiction: an aggregation database holds the entries of
-- several origins, each numbered by its own sequence (sql/80_replication.sql)
CREATE UNIQUE INDEX referral_history_entry_no ON jxlink.referral_history USING btree (jurisdiction, entry_no);
CREATE TRIGGER referral_history_append_only BEFORE DELETE OR UPDATE ON jxlink.referral_history FOR EACH ROW EXECUTE FUNCTION jxlink.refuse_change();

ALTER TABLE jxlink.referral_history ENABLE ALWAYS TRIGGER referral_history_append_only;
CREATE TRIGGER referral_history_chain BEFORE INSERT ON jxlink.referral_history FOR EACH ROW EXECUTE FUNCTION jxlink.history_chain();
CREATE TRIGGER referral_history_no_truncate BEFORE TRUNCATE ON jxlink.referral_history FOR EACH STATEMENT EXECUTE FUNCTION jxlink.refuse_change();

ALTER TABLE jxlink.referral_history ENABLE ALWAYS TRIGGER referral_history_no_truncate;
COMMENT ON CONSTRAINT referral_history_referral_fkey ON jxlink.referral_history IS '历史行属于其移送，且辖区与移送一致（经移送间接引用辖区表）。 A history row belongs to its referral, in the referral''s jurisdiction (and so, through the referral, to a registered jurisdiction).';
GRANT SELECT ON TABLE jxlink.referral_history TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;
SELECT pg_catalog.pg_extension_config_dump('jxlink.referral_history', '');

CREATE POLICY referral_history_read ON jxlink.referral_history FOR SELECT
USING (EXISTS (SELECT 1 FROM jxlink.referral r WHERE r.referral_id = referral_history.referral_id));

CREATE POLICY referral_read ON jxlink.referral FOR SELECT
USING (from_unit = ANY ((SELECT jxlink.my_units())::uuid[])
       OR (to_unit = ANY ((SELECT jxlink.my_units())::uuid[]) AND transfer_count > 0)
       OR jurisdiction = ANY ((SELECT jxlink.reads_jurisdictions())::text[]));
COMMENT ON POLICY referral_read ON jxlink.referral IS '移送单位读其移送（含草稿）；综合执法队自首次移交起读移送给它的移送（草稿、待批、已批未移交的不读，三（三）3）；监督、BI、管理员读其可读辖区（reads_jurisdictions()）的全部。案件、材料、历史随移送可读。 The sending unit reads its referrals (drafts included); the team reads a referral to it once it was first transferred (not while a draft, awaiting approval or approved, 三（三）3); supervisors, BI and administrators read every referral of the jurisdictions they read (reads_jurisdictions()). The case file, materials and history follow the referral.';

-- The ledger's read policy (sql/20_ledger.sql), here because it consults the
-- referral: the unit owed an obligation reads it; for a referral, only once the
-- referral is visible to it (the team: from the first transfer, not a section's draft).
CREATE POLICY obligation_read ON jxlink.obligation FOR SELECT
USING (owner_unit = ANY ((SELECT jxlink.my_units())::uuid[])
       OR (counterpart_unit = ANY ((SELECT jxlink.my_units())::uuid[])
           AND (subject_type <> 'referral'
                OR EXISTS (SELECT 1 FROM jxlink.referral r WHERE r.referral_id = obligation.subject_id)))
       OR jurisdiction = ANY ((SELECT jxlink.reads_jurisdictions())::text[]));

CREATE TABLE jxlink.referral_material (
    material_id uuid DEFAULT jxlink.uuid_v7() NOT NULL,
    jurisdiction text DEFAULT jxlink.local_jurisdiction() NOT NULL,
    referral_id uuid NOT NULL,
    kind text NOT NULL,
    description text NOT NULL,
    ref text,
    added_by text NOT NULL,
    added_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT referral_material_description_check CHECK (description <> ''),
    CONSTRAINT referral_material_kind_check CHECK (kind IN ('transfer_letter', 'case_source', 'preliminary_evidence', 'other'))
);

ALTER TABLE ONLY jxlink.referral_material FORCE ROW LEVEL SECURITY;
COMMENT ON TABLE jxlink.referral_material IS '移送材料（三（三）3）：案件移送函、案源材料（现场检查记录、照片、举报投诉材料等）、初步证据；三者齐备方可移交。 Referral materials (三（三）3): the transfer letter, case-source material (inspection record, photos, complaint material), preliminary evidence; all three are needed to transfer.';
COMMENT ON COLUMN jxlink.referral_material.material_id IS '材料标识。 Material identifier.';
COMMENT ON COLUMN jxlink.referral_material.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.referral_material.referral_id IS '所属移送。 The referral.';
COMMENT ON COLUMN jxlink.referral_material.kind IS 'transfer_letter 移送函；case_source 案源材料；preliminary_evidence 初步证据；other 其他。 transfer_letter, case_source, preliminary_evidence, other.';
COMMENT ON COLUMN jxlink.referral_material.description IS '材料说明（个人信息：可能写明当事人，BI、管理员不可读）。 Description (personal data: it may name the party; not read by BI or administrators).';
COMMENT ON COLUMN jxlink.referral_material.ref IS '文号或存档位置。 Document number or where it is filed.';
COMMENT ON COLUMN jxlink.referral_material.added_by IS '添加人（数据库角色）。 Role that added it.';
COMMENT ON COLUMN jxlink.referral_material.added_at IS '添加时间。 When it was added.';
ALTER TABLE ONLY jxlink.referral_material
    ADD CONSTRAINT referral_material_pkey PRIMARY KEY (material_id);
ALTER TABLE ONLY jxlink.referral_material
    ADD CONSTRAINT referral_material_jurisdiction_fkey FOREIGN KEY (jurisdiction) REFERENCES jxlink.jurisdiction(code);
ALTER TABLE ONLY jxlink.referral_material
    ADD CONSTRAINT referral_material_referral_id_fkey FOREIGN KEY (referral_id) REFERENCES jxlink.referral(referral_id);
CREATE INDEX referral_material_referral ON jxlink.referral_material USING btree (referral_id);
ALTER TABLE jxlink.referral_material ENABLE ROW LEVEL SECURITY;
-- description is personal data (it may name or describe people): not for BI or administrators.
GRANT SELECT ON TABLE jxlink.referral_material TO jxlink_clerk, jxlink_supervisor;
GRANT SELECT (material_id, jurisdiction, referral_id, kind, ref, added_by, added_at) ON TABLE jxlink.referral_material TO jxlink_admin, jxlink_bi;
SELECT pg_catalog.pg_extension_config_dump('jxlink.referral_material', '');

CREATE POLICY referral_material_read ON jxlink.referral_material FOR SELECT
USING (EXISTS (SELECT 1 FROM jxlink.referral r WHERE r.referral_id = referral_material.referral_id));

-- The canonical content of a history row: every column, in a fixed text form
-- that no session setting changes.
CREATE FUNCTION jxlink.history_digest(h jxlink.referral_history, prev bytea) RETURNS bytea
    LANGUAGE c STABLE PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_history_digest';
COMMENT ON FUNCTION jxlink.history_digest(h jxlink.referral_history, prev bytea) IS '历史行的散列：SHA-256(前一散列 ‖ 全部列的规范文本，以 U+001F 分隔，时间为 UTC)；与 0.6.0 的 SQL 定义结果相同。 The hash of a history row: SHA-256 of the previous hash and the canonical text of every column (separated by U+001F, times in UTC); the same result as the SQL definition of 0.6.0.';
REVOKE ALL ON FUNCTION jxlink.history_digest(h jxlink.referral_history, prev bytea) FROM PUBLIC;

-- The link of a creation in its jurisdiction's chain (src/history_chain.c).
CREATE FUNCTION jxlink.history_link(prev bytea, chain_no integer, referral_id uuid, row_hash bytea) RETURNS bytea
    LANGUAGE c IMMUTABLE PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_history_link';
COMMENT ON FUNCTION jxlink.history_link(prev bytea, chain_no integer, referral_id uuid, row_hash bytea) IS '创建链的一环：SHA-256(上一链散列 ‖ “序号 U+001F 移送标识 U+001F” ‖ 创建行散列)。 A link of the chain of creations: SHA-256 of the previous link, "number U+001F referral U+001F" and the creation row''s hash.';
REVOKE ALL ON FUNCTION jxlink.history_link(prev bytea, chain_no integer, referral_id uuid, row_hash bytea) FROM PUBLIC;

-- What an anchor digests: the history rows of a jurisdiction up to an entry,
-- their number, the referrals they belong to, and SHA-256 of their hashes in
-- the order they were written.
CREATE FUNCTION jxlink.history_anchor_state(jurisdiction text, upto bigint, OUT entries bigint, OUT referrals bigint, OUT digest bytea) RETURNS record
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
SELECT count(*), count(DISTINCT h.referral_id),
       sha256(coalesce(string_agg(coalesce(h.row_hash, '\x'::bytea), '\x'::bytea ORDER BY h.entry_no), '\x'::bytea))
FROM jxlink.referral_history h
WHERE h.jurisdiction = history_anchor_state.jurisdiction AND h.entry_no <= upto
$$;
COMMENT ON FUNCTION jxlink.history_anchor_state(jurisdiction text, upto bigint, OUT entries bigint, OUT referrals bigint, OUT digest bytea) IS '（内部）锚点所摘要的内容：某辖区至某记录序号的历史行数、所属移送数、按写入顺序的行散列之 SHA-256。 (Internal) What an anchor digests: the number of history rows of a jurisdiction up to an entry, of their referrals, and SHA-256 of their hashes in the order written.';
REVOKE ALL ON FUNCTION jxlink.history_anchor_state(jurisdiction text, upto bigint, OUT entries bigint, OUT referrals bigint, OUT digest bytea) FROM PUBLIC;

CREATE TABLE jxlink.referral_history_anchor (
    anchor_id uuid DEFAULT jxlink.uuid_v7() NOT NULL,
    jurisdiction text NOT NULL,
    upto bigint NOT NULL,
    entries bigint NOT NULL,
    referrals bigint NOT NULL,
    digest bytea NOT NULL,
    taken_at timestamp with time zone DEFAULT now() NOT NULL,
    taken_by text NOT NULL,
    heads jsonb NOT NULL
);
COMMENT ON TABLE jxlink.referral_history_anchor IS '已取的历史锚点（只增不改）：锚点文本应另行打印于会议纪要或保存于库外；此表仅用于在校验不符时指出是哪些移送被改动。 Anchors taken (append-only): the anchor text is meant to be printed in the minutes or kept outside the database; this table only lets a failed verification name the referrals that differ.';
COMMENT ON COLUMN jxlink.referral_history_anchor.anchor_id IS '锚点标识。 Anchor identifier.';
COMMENT ON COLUMN jxlink.referral_history_anchor.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.referral_history_anchor.upto IS '所覆盖的最后记录序号。 The last entry number covered.';
COMMENT ON COLUMN jxlink.referral_history_anchor.entries IS '覆盖的历史行数。 Number of history rows covered.';
COMMENT ON COLUMN jxlink.referral_history_anchor.referrals IS '覆盖的移送数。 Number of referrals covered.';
COMMENT ON COLUMN jxlink.referral_history_anchor.digest IS '摘要（SHA-256）。 The digest (SHA-256).';
COMMENT ON COLUMN jxlink.referral_history_anchor.taken_at IS '取锚时间。 When it was taken.';
COMMENT ON COLUMN jxlink.referral_history_anchor.taken_by IS '取锚角色。 The role that took it.';
COMMENT ON COLUMN jxlink.referral_history_anchor.heads IS '各移送截至锚点的最后一行：{移送标识: {seq, hash}}。 Each referral''s last row up to the anchor: {referral: {seq, hash}}.';
ALTER TABLE ONLY jxlink.referral_history_anchor
    ADD CONSTRAINT referral_history_anchor_pkey PRIMARY KEY (anchor_id);
CREATE TRIGGER referral_history_anchor_append_only BEFORE DELETE OR UPDATE ON jxlink.referral_history_anchor FOR EACH ROW EXECUTE FUNCTION jxlink.refuse_change();
ALTER TABLE jxlink.referral_history_anchor ENABLE ALWAYS TRIGGER referral_history_anchor_append_only;
CREATE TRIGGER referral_history_anchor_no_truncate BEFORE TRUNCATE ON jxlink.referral_history_anchor FOR EACH STATEMENT EXECUTE FUNCTION jxlink.refuse_change();
ALTER TABLE jxlink.referral_history_anchor ENABLE ALWAYS TRIGGER referral_history_anchor_no_truncate;
ALTER TABLE ONLY jxlink.referral_history_anchor FORCE ROW LEVEL SECURITY;
ALTER TABLE jxlink.referral_history_anchor ENABLE ROW LEVEL SECURITY;
GRANT SELECT ON TABLE jxlink.referral_history_anchor TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;
SELECT pg_catalog.pg_extension_config_dump('jxlink.referral_history_anchor', '');

CREATE POLICY referral_history_anchor_read ON jxlink.referral_history_anchor FOR SELECT
USING (jurisdiction = ANY ((SELECT jxlink.reads_jurisdictions())::text[]));

-- An anchor: a printable digest of the history of a jurisdiction recorded up
-- to now.  Writers are held off (SHARE lock) while it is taken, so every entry
-- up to the last one it covers is committed and no later one can come before.
CREATE FUNCTION jxlink.history_anchor(jurisdiction text DEFAULT NULL::text) RETURNS text
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
REVOKE ALL ON FUNCTION jxlink.history_anchor(jurisdiction text) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.history_anchor(jurisdiction text) TO jxlink_supervisor, jxlink_admin;

CREATE FUNCTION jxlink.referral_transitions(OUT from_state jxlink.referral_state, OUT event text, OUT to_state jxlink.referral_state, OUT actor text) RETURNS SETOF record
    LANGUAGE c IMMUTABLE ROWS 20 PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_referral_transitions';
COMMENT ON FUNCTION jxlink.referral_transitions(OUT from_state jxlink.referral_state, OUT event text, OUT to_state jxlink.referral_state, OUT actor text) IS '状态机的全部转换（定义于 C）：起始状态、事件、目标状态、触发者。 Every transition of the state machine (defined in C): from state, event, to state, actor.';

CREATE FUNCTION jxlink.report_licence_followup(referral uuid, note text, occurred_at timestamp with time zone DEFAULT now()) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    me jxlink.staff := jxlink.caller_staff();
    r  jxlink.referral;
    n  integer;
BEGIN
    PERFORM jxlink.check_calendar_time(report_licence_followup.occurred_at, 'occurred_at');
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
COMMENT ON FUNCTION jxlink.report_licence_followup(referral uuid, note text, occurred_at timestamp with time zone) IS '应批未批事项移交后，移送单位向综合执法队反馈后续办证情况（二（二）），履行 licence_followup 义务。 After transferring an unlicensed matter, the sending unit reports the later licensing status to the team (二（二）); meets the licence_followup obligation.';
REVOKE ALL ON FUNCTION jxlink.report_licence_followup(referral uuid, note text, occurred_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.report_licence_followup(referral uuid, note text, occurred_at timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

CREATE FUNCTION jxlink.return_referral(referral uuid, reason text, occurred_at timestamp with time zone DEFAULT now()) RETURNS text
    LANGUAGE c SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS '$libdir/jxlink', 'jxlink_return_referral';
COMMENT ON FUNCTION jxlink.return_referral(referral uuid, reason text, occurred_at timestamp with time zone) IS '综合执法队因材料不全退回补充（履行告知义务），并为移送单位开立补充再移交义务（resubmit，本地默认 5 个工作日）：移送单位补充材料、重新提交分管领导批准（三（三）3）后再次移交，或撤回。 The team returns the referral for more material (meets the notice obligation) and opens the sender''s resubmission (resubmit, local default 5 working days): the sender supplements it, submits it to its leader for approval again (三（三）3) and transfers it again, or withdraws it.';
REVOKE ALL ON FUNCTION jxlink.return_referral(referral uuid, reason text, occurred_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.return_referral(referral uuid, reason text, occurred_at timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

CREATE FUNCTION jxlink.send_back_referral(referral uuid, reason text, occurred_at timestamp with time zone DEFAULT now()) RETURNS text
    LANGUAGE c SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS '$libdir/jxlink', 'jxlink_send_back_referral';
COMMENT ON FUNCTION jxlink.send_back_referral(referral uuid, reason text, occurred_at timestamp with time zone) IS '分管领导退回修改（回到草稿）。 The leader in charge sends the referral back to draft.';
REVOKE ALL ON FUNCTION jxlink.send_back_referral(referral uuid, reason text, occurred_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.send_back_referral(referral uuid, reason text, occurred_at timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

CREATE FUNCTION jxlink.submit_referral(referral uuid, occurred_at timestamp with time zone DEFAULT now()) RETURNS text
    LANGUAGE c SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS '$libdir/jxlink', 'jxlink_submit_referral';
COMMENT ON FUNCTION jxlink.submit_referral(referral uuid, occurred_at timestamp with time zone) IS '移送单位提交分管领导审批（草稿，或被退回补充后再次提交，三（三）3）。返回新状态。 The sending unit submits the referral to its leader in charge (a draft, or a returned referral supplemented for a new transfer, 三（三）3). Returns the new state.';
REVOKE ALL ON FUNCTION jxlink.submit_referral(referral uuid, occurred_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.submit_referral(referral uuid, occurred_at timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

CREATE FUNCTION jxlink.transfer_referral(referral uuid, letter_no text, occurred_at timestamp with time zone DEFAULT now()) RETURNS text
    LANGUAGE c SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS '$libdir/jxlink', 'jxlink_transfer_referral';
COMMENT ON FUNCTION jxlink.transfer_referral(referral uuid, letter_no text, occurred_at timestamp with time zone) IS '以书面形式移交（需分管领导已批准、移送函、案源材料、初步证据齐备，三（三）3；退回后再次移交亦须重新批准）：履行移交义务（退回后的再次移交履行补充再移交义务），开立执法队 5 个工作日书面告知义务（三（三）2④）。 Transfer in writing (approved by the leader, with the transfer letter, case-source material and preliminary evidence, 三（三）3; a re-transfer after a return is approved again): meets the transfer obligation (a re-transfer after a return meets the resubmission) and opens the team''s 5-working-day written notice (三（三）2④).';
REVOKE ALL ON FUNCTION jxlink.transfer_referral(referral uuid, letter_no text, occurred_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.transfer_referral(referral uuid, letter_no text, occurred_at timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

CREATE FUNCTION jxlink.verify_history() RETURNS TABLE(referral_id uuid, seq integer, history_id uuid, problem text)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
SELECT * FROM jxlink.verify_history(NULL::text)
$$;
COMMENT ON FUNCTION jxlink.verify_history() IS '校验移送历史，返回每一处问题：被改动的行、断开的链接、缺失的行、短于转换次数的历史、与最后一行不符的移送、本辖区创建链的断裂或缺失的移送。空结果表示完好。 Check the referral history and return every problem: an altered row, a broken link, missing rows, a history shorter than the referral''s transitions, a referral that does not match its last history row, a break in the jurisdiction''s chain of creations or a missing referral. No rows means intact.';
REVOKE ALL ON FUNCTION jxlink.verify_history() FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.verify_history() TO jxlink_supervisor, jxlink_admin;

CREATE FUNCTION jxlink.verify_history(anchor text) RETURNS TABLE(referral_id uuid, seq integer, history_id uuid, problem text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    h         jxlink.referral_history;
    prev      bytea;
    last      uuid;
    last_seq  integer;
    expected  bytea;
    lastj     text;
    a         text[];
    st        record;
    rec       jxlink.referral_history_anchor;
BEGIN
    FOR h IN SELECT * FROM jxlink.referral_history ORDER BY 3, 4 LOOP
        IF last IS DISTINCT FROM h.referral_id THEN
            prev := NULL;
            last := h.referral_id;
            last_seq := 0;
        END IF;
        IF h.seq <> last_seq + 1 THEN
            RETURN QUERY SELECT h.referral_id, h.seq, h.history_id,
                format('rows %s to %s are missing', last_seq + 1, h.seq - 1);
        END IF;
        IF h.prev_hash IS DISTINCT FROM prev THEN
            RETURN QUERY SELECT h.referral_id, h.seq, h.history_id, 'broken link: prev_hash is not the previous row''s hash'::text;
        END IF;
        expected := jxlink.history_digest(h, h.prev_hash);
        IF h.row_hash IS DISTINCT FROM expected THEN
            RETURN QUERY SELECT h.referral_id, h.seq, h.history_id, 'altered: the row does not match its hash'::text;
        END IF;
        prev := h.row_hash;
        last_seq := h.seq;
    END LOOP;
    -- a history shorter than the referral's transitions lost its last rows
    RETURN QUERY
        SELECT r.referral_id, r.transition_seq, NULL::uuid,
               format('history ends at row %s, the referral counts %s transitions', coalesce(m.seq, 0), r.transition_seq)
        FROM jxlink.referral r
        LEFT JOIN (SELECT x.referral_id, max(x.seq) AS seq FROM jxlink.referral_history x GROUP BY x.referral_id) m
               ON m.referral_id = r.referral_id
        WHERE coalesce(m.seq, 0) <> r.transition_seq;
    -- a referral says what its last history row says
    RETURN QUERY
        SELECT r.referral_id, l.seq, l.history_id,
               'the referral does not match its last history row: '
               || concat_ws('; ',
                    CASE WHEN r.state OPERATOR(jxlink.<>) l.to_state THEN format('state %s, the history %s', r.state, l.to_state) END,
                    CASE WHEN r.last_event IS DISTINCT FROM l.event THEN format('last event %s, the history %s', r.last_event, l.event) END,
                    CASE WHEN r.last_event_at IS DISTINCT FROM l.occurred_at THEN format('last event at %s, the history %s', r.last_event_at, l.occurred_at) END)
        FROM jxlink.referral r
        JOIN LATERAL (SELECT x.* FROM jxlink.referral_history x WHERE x.referral_id = r.referral_id
                      ORDER BY x.seq DESC LIMIT 1) l ON true
        WHERE r.state OPERATOR(jxlink.<>) l.to_state OR r.last_event IS DISTINCT FROM l.event
           OR r.last_event_at IS DISTINCT FROM l.occurred_at;
    -- the chain of creations of each jurisdiction: a referral deleted with its history leaves a gap
    prev := NULL;
    FOR h IN SELECT * FROM jxlink.referral_history x WHERE x.seq = 1 ORDER BY x.jurisdiction, x.chain_no NULLS LAST LOOP
        IF lastj IS DISTINCT FROM h.jurisdiction THEN
            prev := NULL;
            lastj := h.jurisdiction;
            last_seq := 0;
        END IF;
        IF h.chain_no IS NULL THEN
            RETURN QUERY SELECT h.referral_id, h.seq, h.history_id,
                format('the creation is not in the chain of creations of %s', h.jurisdiction);
            CONTINUE;
        END IF;
        IF h.chain_no <> last_seq + 1 THEN
            RETURN QUERY SELECT h.referral_id, h.seq, h.history_id,
                CASE WHEN h.chain_no = last_seq + 2
                     THEN format('referral %s of the chain of creations of %s, created just before this one, is missing', last_seq + 1, h.jurisdiction)
                     ELSE format('referrals %s to %s of the chain of creations of %s, created before this one, are missing', last_seq + 1, h.chain_no - 1, h.jurisdiction) END;
        ELSIF h.chain_prev IS DISTINCT FROM prev THEN
            RETURN QUERY SELECT h.referral_id, h.seq, h.history_id,
                format('broken chain of creations of %s: chain_prev is not the previous creation''s link', h.jurisdiction);
        END IF;
        IF h.chain_hash IS DISTINCT FROM jxlink.history_link(h.chain_prev, h.chain_no, h.referral_id, h.row_hash) THEN
            RETURN QUERY SELECT h.referral_id, h.seq, h.history_id, 'altered: the creation does not match its link in the chain'::text;
        END IF;
        prev := h.chain_hash;
        last_seq := h.chain_no;
    END LOOP;
    IF anchor IS NULL THEN
        RETURN;
    END IF;
    -- the anchor: the history recorded up to it is still what it digested
    a := regexp_match(anchor, '^\s*jxlink-anchor 1 (\S+) entry=(\d+) rows=(\d+) referrals=(\d+) sha256=([0-9a-f]{64}) at=(\S+)\s*$');
    IF a IS NULL THEN
        RAISE EXCEPTION 'not a history anchor: "%"', anchor
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Give the text jxlink.history_anchor() returned, e.g. jxlink-anchor 1 <jurisdiction> entry=... rows=... referrals=... sha256=... at=...';
    END IF;
    st := jxlink.history_anchor_state(a[1], a[2]::bigint);
    IF st.entries = a[3]::bigint AND st.referrals = a[4]::bigint AND encode(st.digest, 'hex') = a[5] THEN
        RETURN;
    END IF;
    RETURN QUERY SELECT NULL::uuid, NULL::integer, NULL::uuid,
        format('the history of %s recorded up to entry %s no longer matches the anchor of %s: %s rows of %s referrals then, %s rows of %s referrals now; sha256 %s then, %s now',
               a[1], a[2], a[6], a[3], a[4], st.entries, st.referrals, a[5], encode(st.digest, 'hex'));
    -- name the referrals that differ, from the record of the anchor (if it is intact)
    SELECT * INTO rec FROM jxlink.referral_history_anchor x
    WHERE x.jurisdiction = a[1] AND x.upto = a[2]::bigint AND encode(x.digest, 'hex') = a[5]
      AND x.entries = a[3]::bigint AND x.referrals = a[4]::bigint
    ORDER BY x.taken_at LIMIT 1;
    IF NOT FOUND THEN
        RETURN QUERY SELECT NULL::uuid, NULL::integer, NULL::uuid,
            'no intact record of this anchor is kept in jxlink.referral_history_anchor: the referrals that differ cannot be named'::text;
        RETURN;
    END IF;
    RETURN QUERY
        SELECT coalesce(t.referral_id, n.referral_id), coalesce(n.seq, t.seq), n.history_id,
               CASE WHEN n.referral_id IS NULL THEN format('the referral and its %s history rows recorded before the anchor are gone', t.seq)
                    WHEN t.referral_id IS NULL THEN format('%s rows recorded before the anchor were not in it', n.seq)
                    WHEN n.seq = t.seq - 1 THEN format('row %s, recorded before the anchor, is gone', t.seq)
                    WHEN n.seq < t.seq THEN format('rows %s to %s, recorded before the anchor, are gone', n.seq + 1, t.seq)
                    WHEN n.seq > t.seq THEN format('rows %s to %s were added before the anchor', t.seq + 1, n.seq)
                    ELSE format('its history up to row %s no longer matches the anchor: rewritten since', n.seq) END
        FROM (SELECT k::uuid AS referral_id, (v ->> 'seq')::integer AS seq, v ->> 'hash' AS hash
              FROM jsonb_each(rec.heads) AS e(k, v)) t
        FULL JOIN (SELECT DISTINCT ON (x.referral_id) x.referral_id, x.seq, x.history_id, encode(x.row_hash, 'hex') AS hash
                   FROM jxlink.referral_history x WHERE x.jurisdiction = a[1] AND x.entry_no <= a[2]::bigint
                   ORDER BY x.referral_id, x.seq DESC) n ON n.referral_id = t.referral_id
        WHERE t.referral_id IS NULL OR n.referral_id IS NULL OR n.seq <> t.seq OR n.hash IS DISTINCT FROM t.hash;
END
$$;
COMMENT ON FUNCTION jxlink.verify_history(anchor text) IS '同 verify_history()，并以 history_anchor() 所取的锚点校验：锚点之前记录的历史若被改写（增删改行、删除移送、重算散列），报告锚点时与现在的行数、移送数和摘要，并据锚点记录指出是哪些移送。 As verify_history(), and against an anchor taken with history_anchor(): if the history recorded before it was rewritten (rows added, deleted or changed, a referral deleted, hashes recomputed), reports the rows, referrals and digest then and now, and, from the record of the anchor, which referrals differ.';
REVOKE ALL ON FUNCTION jxlink.verify_history(anchor text) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.verify_history(anchor text) TO jxlink_supervisor, jxlink_admin;

CREATE FUNCTION jxlink.withdraw_referral(referral uuid, reason text, occurred_at timestamp with time zone DEFAULT now()) RETURNS text
    LANGUAGE c SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS '$libdir/jxlink', 'jxlink_withdraw_referral';
COMMENT ON FUNCTION jxlink.withdraw_referral(referral uuid, reason text, occurred_at timestamp with time zone) IS '移送单位撤回移送（如已改正、无需处罚），免除未结的移交义务；退回后的撤回履行补充再移交义务。 The sending unit withdraws the referral (e.g. corrected, no penalty due); its open transfer obligation is waived; a withdrawal after a return meets the resubmission.';
REVOKE ALL ON FUNCTION jxlink.withdraw_referral(referral uuid, reason text, occurred_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.withdraw_referral(referral uuid, reason text, occurred_at timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;
