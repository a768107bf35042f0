/*
 * jxlink 0.5.0 -> 0.6.0: roles, row-level security, complainant
 * confidentiality and the tamper-evident history.
 *
 * A municipal case file is evidence: units see only what is theirs, a
 * complainant's identity stays with those entitled to it (举报人保密), and no
 * one — not even the table owner — can quietly rewrite the history.
 *
 * Group roles (cluster-wide, created here when missing; DROP EXTENSION leaves
 * them):
 *   jxlink_admin      keeps the organisation, the calendar, the rules and settings
 *   jxlink_clerk      clerks of the units: the API, and the rows of their units
 *   jxlink_supervisor 纪工委 and 司法所: read everything, record findings
 *   jxlink_bi         read-only dashboards: the views and non-personal rows
 * Rows are filtered by the staff → unit mapping of the querying role, never by
 * a setting a clerk could change.
 */

-- complain if script is sourced in psql, rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION jxlink UPDATE TO '0.6.0'" to load this file. \quit

------------------------------------------------------------------------------
-- Group roles
------------------------------------------------------------------------------

DO $$
DECLARE
    r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['jxlink_admin', 'jxlink_clerk', 'jxlink_supervisor', 'jxlink_bi'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname OPERATOR(pg_catalog.=) r) THEN
            EXECUTE pg_catalog.format('CREATE ROLE %I NOLOGIN', r);
        END IF;
    END LOOP;
END
$$;

------------------------------------------------------------------------------
-- Who sees what: functions the policies call once per statement
------------------------------------------------------------------------------

-- The units the querying role is staff of.  These three run as the caller
-- (SECURITY INVOKER): current_user is the role the policy is checked for.
CREATE FUNCTION jxlink.my_units() RETURNS uuid[]
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT coalesce(array_agg(s.unit_id), '{}') FROM jxlink.staff s
    WHERE s.role_name = current_user::text AND s.active
$$;
COMMENT ON FUNCTION jxlink.my_units() IS
'当前角色作为工作人员所属的单位（行级安全策略据此过滤）。 The units the current role is staff of (the row-level security policies filter on them).';

-- Does the querying role read every row (supervisors, BI, administrators)?
CREATE FUNCTION jxlink.reads_everything() RETURNS boolean
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT pg_has_role(current_user, 'jxlink_supervisor', 'MEMBER')
        OR pg_has_role(current_user, 'jxlink_bi', 'MEMBER')
        OR pg_has_role(current_user, 'jxlink_admin', 'MEMBER')
        OR EXISTS (SELECT 1 FROM jxlink.staff s JOIN jxlink.unit u ON u.unit_id = s.unit_id
                   WHERE s.role_name = current_user::text AND s.active
                     AND u.kind IN ('judicial_office', 'discipline_commission'))
$$;
COMMENT ON FUNCTION jxlink.reads_everything() IS
'当前角色是否可读全部（非个人信息）行：监督（jxlink_supervisor 或纪工委、司法所人员）、BI（jxlink_bi）、管理员（jxlink_admin）。 Whether the current role reads every (non-personal) row: supervisors (jxlink_supervisor, or staff of the discipline commission or judicial office), BI (jxlink_bi), administrators (jxlink_admin).';

-- May the querying role read complainants' contacts (not BI, not administrators)?
CREATE FUNCTION jxlink.reads_complainants() RETURNS boolean
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT pg_has_role(current_user, 'jxlink_supervisor', 'MEMBER')
        OR EXISTS (SELECT 1 FROM jxlink.staff s JOIN jxlink.unit u ON u.unit_id = s.unit_id
                   WHERE s.role_name = current_user::text AND s.active
                     AND u.kind IN ('enforcement_team', 'judicial_office', 'discipline_commission'))
$$;
COMMENT ON FUNCTION jxlink.reads_complainants() IS
'当前角色可否读取全部举报人联系方式：综合执法队、纪工委、司法所人员或 jxlink_supervisor（首问负责单位另按单位读取本单位接收者）。 Whether the current role reads every complainant''s contact: staff of the enforcement team, the discipline commission or the judicial office, or jxlink_supervisor (a first receiver reads those it received).';

-- The sender of a share, and the leader of a patrol, whatever the caller sees
-- (for the policies of the tables that point at them, without recursion).
CREATE FUNCTION jxlink.share_sender(share_id uuid) RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$ SELECT s.from_unit FROM jxlink.share s WHERE s.share_id = share_sender.share_id $$;
COMMENT ON FUNCTION jxlink.share_sender(uuid) IS '（供策略使用）共享信息的提供单位。 (For the policies) The sending unit of a share.';
CREATE FUNCTION jxlink.patrol_leader(patrol_id uuid) RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$ SELECT p.led_by FROM jxlink.patrol p WHERE p.patrol_id = patrol_leader.patrol_id $$;
COMMENT ON FUNCTION jxlink.patrol_leader(uuid) IS '（供策略使用）巡查的牵头单位。 (For the policies) The leading unit of a patrol.';

------------------------------------------------------------------------------
-- Row-level security on every domain table, forced
------------------------------------------------------------------------------

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['case_file', 'referral', 'referral_material', 'referral_history', 'obligation',
                             'complaint', 'complaint_contact', 'joint_meeting', 'joint_meeting_attendee', 'agenda_item',
                             'resolution', 'resolution_owner', 'resolution_report', 'share', 'share_recipient',
                             'share_request', 'assistance_request', 'patrol', 'patrol_participant', 'patrol_finding',
                             'accountability_finding', 'accountability_finding_obligation'] LOOP
        EXECUTE pg_catalog.format('ALTER TABLE jxlink.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE pg_catalog.format('ALTER TABLE jxlink.%I FORCE ROW LEVEL SECURITY', t);
    END LOOP;
END
$$;

CREATE POLICY referral_read ON jxlink.referral FOR SELECT
USING (from_unit = ANY ((SELECT jxlink.my_units())::uuid[]) OR to_unit = ANY ((SELECT jxlink.my_units())::uuid[])
       OR (SELECT jxlink.reads_everything()));
CREATE POLICY case_file_read ON jxlink.case_file FOR SELECT
USING (discovering_unit = ANY ((SELECT jxlink.my_units())::uuid[]) OR (SELECT jxlink.reads_everything())
       OR EXISTS (SELECT 1 FROM jxlink.referral r WHERE r.case_id = case_file.case_id));
CREATE POLICY referral_material_read ON jxlink.referral_material FOR SELECT
USING (EXISTS (SELECT 1 FROM jxlink.referral r WHERE r.referral_id = referral_material.referral_id));
CREATE POLICY referral_history_read ON jxlink.referral_history FOR SELECT
USING (EXISTS (SELECT 1 FROM jxlink.referral r WHERE r.referral_id = referral_history.referral_id));
CREATE POLICY obligation_read ON jxlink.obligation FOR SELECT
USING (owner_unit = ANY ((SELECT jxlink.my_units())::uuid[]) OR counterpart_unit = ANY ((SELECT jxlink.my_units())::uuid[])
       OR (SELECT jxlink.reads_everything()));
CREATE POLICY complaint_read ON jxlink.complaint FOR SELECT
USING (first_receiver = ANY ((SELECT jxlink.my_units())::uuid[]) OR (SELECT jxlink.reads_everything())
       OR (SELECT jxlink.reads_complainants()));
CREATE POLICY complaint_contact_read ON jxlink.complaint_contact FOR SELECT
USING ((SELECT jxlink.reads_complainants())
       OR EXISTS (SELECT 1 FROM jxlink.complaint c WHERE c.complaint_id = complaint_contact.complaint_id
                  AND c.first_receiver = ANY ((SELECT jxlink.my_units())::uuid[])));
-- the joint meeting's papers are for every unit
CREATE POLICY joint_meeting_read ON jxlink.joint_meeting FOR SELECT
USING (cardinality((SELECT jxlink.my_units())) > 0 OR (SELECT jxlink.reads_everything()));
CREATE POLICY joint_meeting_attendee_read ON jxlink.joint_meeting_attendee FOR SELECT
USING (cardinality((SELECT jxlink.my_units())) > 0 OR (SELECT jxlink.reads_everything()));
CREATE POLICY agenda_item_read ON jxlink.agenda_item FOR SELECT
USING (cardinality((SELECT jxlink.my_units())) > 0 OR (SELECT jxlink.reads_everything()));
CREATE POLICY resolution_read ON jxlink.resolution FOR SELECT
USING (cardinality((SELECT jxlink.my_units())) > 0 OR (SELECT jxlink.reads_everything()));
CREATE POLICY resolution_owner_read ON jxlink.resolution_owner FOR SELECT
USING (cardinality((SELECT jxlink.my_units())) > 0 OR (SELECT jxlink.reads_everything()));
CREATE POLICY resolution_report_read ON jxlink.resolution_report FOR SELECT
USING (cardinality((SELECT jxlink.my_units())) > 0 OR (SELECT jxlink.reads_everything()));
CREATE POLICY share_read ON jxlink.share FOR SELECT
USING (from_unit = ANY ((SELECT jxlink.my_units())::uuid[]) OR (SELECT jxlink.reads_everything())
       OR EXISTS (SELECT 1 FROM jxlink.share_recipient x WHERE x.share_id = share.share_id
                  AND x.unit_id = ANY ((SELECT jxlink.my_units())::uuid[])));
CREATE POLICY share_recipient_read ON jxlink.share_recipient FOR SELECT
USING (unit_id = ANY ((SELECT jxlink.my_units())::uuid[]) OR (SELECT jxlink.reads_everything())
       OR jxlink.share_sender(share_id) = ANY ((SELECT jxlink.my_units())::uuid[]));
CREATE POLICY share_request_read ON jxlink.share_request FOR SELECT
USING (from_unit = ANY ((SELECT jxlink.my_units())::uuid[]) OR to_unit = ANY ((SELECT jxlink.my_units())::uuid[])
       OR (SELECT jxlink.reads_everything()));
CREATE POLICY assistance_request_read ON jxlink.assistance_request FOR SELECT
USING (requesting_unit = ANY ((SELECT jxlink.my_units())::uuid[]) OR requested_unit = ANY ((SELECT jxlink.my_units())::uuid[])
       OR (SELECT jxlink.reads_everything()));
CREATE POLICY patrol_read ON jxlink.patrol FOR SELECT
USING (led_by = ANY ((SELECT jxlink.my_units())::uuid[]) OR (SELECT jxlink.reads_everything())
       OR EXISTS (SELECT 1 FROM jxlink.patrol_participant p WHERE p.patrol_id = patrol.patrol_id
                  AND p.unit_id = ANY ((SELECT jxlink.my_units())::uuid[])));
CREATE POLICY patrol_participant_read ON jxlink.patrol_participant FOR SELECT
USING (unit_id = ANY ((SELECT jxlink.my_units())::uuid[]) OR (SELECT jxlink.reads_everything())
       OR jxlink.patrol_leader(patrol_id) = ANY ((SELECT jxlink.my_units())::uuid[]));
CREATE POLICY patrol_finding_read ON jxlink.patrol_finding FOR SELECT
USING (EXISTS (SELECT 1 FROM jxlink.patrol p WHERE p.patrol_id = patrol_finding.patrol_id));
CREATE POLICY accountability_finding_read ON jxlink.accountability_finding FOR SELECT
USING (unit_id = ANY ((SELECT jxlink.my_units())::uuid[]) OR (SELECT jxlink.reads_everything()));
CREATE POLICY accountability_finding_obligation_read ON jxlink.accountability_finding_obligation FOR SELECT
USING (EXISTS (SELECT 1 FROM jxlink.accountability_finding f WHERE f.finding_id = accountability_finding_obligation.finding_id));

------------------------------------------------------------------------------
-- Tamper-evident history: each referral's rows chained by SHA-256
------------------------------------------------------------------------------

ALTER TABLE jxlink.referral_history
    ADD COLUMN prev_hash bytea,
    ADD COLUMN row_hash bytea;
COMMENT ON COLUMN jxlink.referral_history.prev_hash IS '前一行的散列（首行为空）。 Hash of the previous row of the referral (null for the first).';
COMMENT ON COLUMN jxlink.referral_history.row_hash IS 'SHA-256(前一行散列 ‖ 本行规范内容)，写入时计算；jxlink.verify_history() 校验。 SHA-256 of the previous hash and this row''s canonical content, computed when written; checked by jxlink.verify_history().';

-- The canonical content of a history row: every column, in a fixed text form
-- that no session setting changes.
CREATE FUNCTION jxlink.history_digest(h jxlink.referral_history, prev bytea) RETURNS bytea
LANGUAGE sql STABLE
-- no SET clause and STABLE like to_char, so that it is inlined: every name in
-- it is schema-qualified
AS $$
    SELECT pg_catalog.sha256(coalesce(prev, '\x'::pg_catalog.bytea) OPERATOR(pg_catalog.||) pg_catalog.convert_to(pg_catalog.concat_ws(E'\x1f',
        h.history_id::pg_catalog.text, h.jurisdiction, h.referral_id::pg_catalog.text, h.seq::pg_catalog.text, h.event,
        coalesce(h.from_state, ''), h.to_state,
        pg_catalog.to_char(pg_catalog.timezone('UTC', h.occurred_at), 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        pg_catalog.to_char(pg_catalog.timezone('UTC', h.recorded_at), 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        h.actor_role, h.actor_login, coalesce(h.actor_unit::pg_catalog.text, ''), coalesce(h.note, '')), 'UTF8'))
$$;
COMMENT ON FUNCTION jxlink.history_digest(jxlink.referral_history, bytea) IS
'历史行的散列：SHA-256(前一散列 ‖ 全部列的规范文本)。 The hash of a history row: SHA-256 of the previous hash and the canonical text of every column.';

-- Chain each new row to the previous one of its referral, in the same transaction.
CREATE FUNCTION jxlink.history_chain() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NEW.row_hash IS NULL THEN
        SELECT h.row_hash INTO NEW.prev_hash FROM jxlink.referral_history h
        WHERE h.referral_id = NEW.referral_id AND h.seq = NEW.seq - 1;
        NEW.row_hash := jxlink.history_digest(NEW, NEW.prev_hash);
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION jxlink.history_chain() IS
'触发器：新历史行与同一移送的前一行以散列相链（恢复的行保留其散列）。 Trigger: a new history row is chained to the previous row of its referral by hash (restored rows keep theirs).';
CREATE TRIGGER referral_history_chain
    BEFORE INSERT ON jxlink.referral_history
    FOR EACH ROW EXECUTE FUNCTION jxlink.history_chain();

-- Chain the rows written before this release.
ALTER TABLE jxlink.referral_history DISABLE TRIGGER referral_history_append_only;
DO $$
DECLARE
    h jxlink.referral_history;
    prev bytea;
    last_referral uuid;
BEGIN
    FOR h IN SELECT * FROM jxlink.referral_history ORDER BY referral_id, seq LOOP
        IF last_referral IS DISTINCT FROM h.referral_id THEN
            prev := NULL;
            last_referral := h.referral_id;
        END IF;
        UPDATE jxlink.referral_history x SET prev_hash = prev, row_hash = jxlink.history_digest(h, prev)
        WHERE x.history_id = h.history_id;
        prev := jxlink.history_digest(h, prev);
    END LOOP;
END
$$;
ALTER TABLE jxlink.referral_history ENABLE ALWAYS TRIGGER referral_history_append_only;

CREATE FUNCTION jxlink.verify_history()
RETURNS TABLE (referral_id uuid, seq integer, history_id uuid, problem text)
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    h         jxlink.referral_history;
    prev      bytea;
    last      uuid;
    last_seq  integer;
    expected  bytea;
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
END
$$;
COMMENT ON FUNCTION jxlink.verify_history() IS
'校验移送历史的散列链，返回每一处断裂：被改动的行、断开的链接、缺失的行、短于转换次数的历史。空结果表示完好。 Check the hash chain of the referral history and return every break: an altered row, a broken link, missing rows, a history shorter than the referral''s transitions. No rows means intact.';

------------------------------------------------------------------------------
-- A transition changes no indexed column of referral any more (the indexes on
-- the units no longer hold the state), so it can be a heap-only update.
------------------------------------------------------------------------------

DROP INDEX jxlink.referral_from;
DROP INDEX jxlink.referral_to;
CREATE INDEX referral_from ON jxlink.referral (from_unit);
CREATE INDEX referral_to ON jxlink.referral (to_unit);

------------------------------------------------------------------------------
-- Privileges
------------------------------------------------------------------------------

-- Domain tables and views: no longer PUBLIC; the group roles read them,
-- filtered by the policies above.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['case_file', 'referral', 'referral_material', 'referral_history', 'obligation',
                             'complaint', 'joint_meeting', 'joint_meeting_attendee', 'agenda_item',
                             'resolution', 'resolution_owner', 'resolution_report', 'share', 'share_recipient',
                             'share_request', 'assistance_request', 'patrol', 'patrol_participant', 'patrol_finding',
                             'accountability_finding', 'accountability_finding_obligation',
                             'subject', 'obligation_status', 'overdue', 'due_soon', 'referral_overview', 'unit_scorecard',
                             'supervision_unfiled', 'supervision_bounced', 'supervision_cooperation'] LOOP
        EXECUTE pg_catalog.format('REVOKE ALL ON jxlink.%I FROM PUBLIC', t);
        EXECUTE pg_catalog.format('GRANT SELECT ON jxlink.%I TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi', t);
    END LOOP;
END
$$;
-- complainants' contacts: never BI, never an administrator as such
GRANT SELECT ON jxlink.complaint_contact TO jxlink_clerk, jxlink_supervisor;

-- The organisation and the configuration: everyone reads, administrators write.
GRANT INSERT, UPDATE, DELETE ON jxlink.calendar_day, jxlink.calendar_year, jxlink.deadline_rule, jxlink.setting,
    jxlink.jurisdiction, jxlink.unit, jxlink.liaison, jxlink.staff, jxlink.joint_meeting_member, jxlink.docno_counter
    TO jxlink_admin;
GRANT SELECT ON jxlink.docno_counter TO jxlink_admin, jxlink_clerk, jxlink_supervisor;

-- Functions: the API for clerks, supervisors and administrators; the report
-- functions for every group; supervision for supervisors; internals for none.
DO $$
DECLARE
    f regprocedure;
    name text;
BEGIN
    FOR f, name IN
        SELECT p.oid::regprocedure, p.proname::text FROM pg_catalog.pg_proc p
        WHERE p.pronamespace OPERATOR(pg_catalog.=) 'jxlink'::regnamespace
          AND p.proname OPERATOR(pg_catalog.=) ANY (ARRAY[
              'open_case', 'create_referral', 'add_material', 'submit_referral', 'approve_referral', 'send_back_referral',
              'notify_extension', 'transfer_referral', 'accept_referral', 'decline_referral', 'return_referral',
              'file_referral', 'decide_referral', 'copy_back_referral', 'withdraw_referral', 'report_licence_followup',
              'next_docno', 'receive_complaint', 'reply_complaint', 'refer_complaint', 'handle_complaint_on_spot',
              'complainant_contact', 'schedule_meeting', 'propose_agenda_item', 'hold_meeting', 'adopt_resolution',
              'report_resolution', 'escalate_agenda_item', 'close_meeting', 'plan_quarterly_meetings',
              'share_information', 'acknowledge_share', 'request_share', 'answer_share_request', 'refuse_share_request',
              'request_assistance', 'answer_assistance', 'record_patrol', 'open_case_from_finding',
              'record_accountability_finding'])
    LOOP
        EXECUTE pg_catalog.format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
        EXECUTE pg_catalog.format('GRANT EXECUTE ON FUNCTION %s TO jxlink_clerk, jxlink_supervisor, jxlink_admin', f);
    END LOOP;
    FOR f IN
        SELECT p.oid::regprocedure FROM pg_catalog.pg_proc p
        WHERE p.pronamespace OPERATOR(pg_catalog.=) 'jxlink'::regnamespace
          AND p.proname OPERATOR(pg_catalog.=) ANY (ARRAY[
              'obligation_status_at', 'overdue_as_of', 'due_soon_as_of', 'unit_scorecard_at', 'unit_scorecard_for',
              'explain_obligation', 'meeting_packet'])
    LOOP
        EXECUTE pg_catalog.format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
        EXECUTE pg_catalog.format('GRANT EXECUTE ON FUNCTION %s TO jxlink_clerk, jxlink_supervisor, jxlink_admin, jxlink_bi', f);
    END LOOP;
END
$$;
REVOKE ALL ON FUNCTION jxlink.verify_history() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION jxlink.verify_history() TO jxlink_supervisor, jxlink_admin;
REVOKE ALL ON FUNCTION jxlink.history_chain(), jxlink.history_digest(jxlink.referral_history, bytea),
    jxlink.share_sender(uuid), jxlink.patrol_leader(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION jxlink.share_sender(uuid), jxlink.patrol_leader(uuid), jxlink.my_units(),
    jxlink.reads_everything(), jxlink.reads_complainants() TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;
REVOKE ALL ON FUNCTION jxlink.my_units(), jxlink.reads_everything(), jxlink.reads_complainants() FROM PUBLIC;
