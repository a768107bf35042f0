-- jxlink 0.8.0 -> 0.9.0: verdicts no one can game (issue 12).
-- Restates, with CREATE OR REPLACE or ALTER, every object whose definition in
-- the concept files sql/NN_*.sql changed; test/t/002_upgrade.pl compares the
-- result with a fresh install.
\echo Use "ALTER EXTENSION jxlink UPDATE TO '0.9.0'" to load this file. \quit

-- ===== A. the ledger: event times, late recording, lateness kept =====
-- (section A)

-- ===== end A =====


-- ===== B. referrals: advance notice, returns, actor first, drafts, personal fields =====
-- A return opens the sender's resubmission (kind resubmit, a shipped
-- local-policy rule); a re-transfer goes back through the leader's approval
-- (the state machine, in C); the C event path checks the caller's unit is
-- party to the referral before its state, and refuses an extension notice
-- recorded after the deadline (C, nothing to restate here).
ALTER TABLE jxlink.obligation DROP CONSTRAINT obligation_kind_check;
ALTER TABLE jxlink.obligation ADD CONSTRAINT obligation_kind_check CHECK (kind IN ('transfer', 'acknowledge', 'file_case', 'copy_back', 'licence_followup', 'complaint_reply', 'quarterly_meeting', 'resolution_report', 'share_request', 'assistance_request', 'resubmit'));
COMMENT ON COLUMN jxlink.obligation.kind IS '义务种类：transfer 移交、acknowledge 书面告知是否受理、file_case 立案、copy_back 抄告结果、licence_followup 反馈办证情况、resubmit 退回后补充再移交或撤回。 Kind: transfer, acknowledge (written notice of acceptance), file_case, copy_back (the result), licence_followup, resubmit (after a return: supplement and transfer again, or withdraw).';
INSERT INTO jxlink.deadline_rule (rule_code, obligation_kind, period_unit, amount, clause, basis, description_zh, description_en, origin) VALUES ('resubmit', 'resubmit', 'workdays', 5, '三（三）2②、3', 'local_policy', '综合执法队退回补充材料后，移送单位补充材料、经分管领导重新批准后再次移交，或撤回移送（本地默认 5 个工作日，与延期移送的最长期限相同）', 'after the team returns a referral for more material, the sender supplements it and transfers it again with its leader''s new approval, or withdraws it (local default: 5 working days, the longest transfer period)', 'shipped')
ON CONFLICT (rule_code) DO NOTHING;

CREATE OR REPLACE FUNCTION jxlink.referral_ledger(referral_id uuid, case_id uuid, from_unit uuid, to_unit uuid, event text, occurred_at timestamp with time zone, note text, actor_role text, first_transfer boolean) RETURNS void
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

COMMENT ON FUNCTION jxlink.referral_ledger(referral_id uuid, case_id uuid, from_unit uuid, to_unit uuid, event text, occurred_at timestamp with time zone, note text, actor_role text, first_transfer boolean) IS '（内部）移送事件履行、开立或免除的义务及其共享：创建时自发现起开立移交义务（三（三）2）、移交后开立书面告知义务（三（三）2④）、受理后开立立案义务、决定后开立抄告义务（二（一））并将决定共享给移送单位（三（一）3）、无证经营首次移交开立许可跟进义务（二（二））、退回后开立移送单位补充再移交或撤回的义务（三（三）3）等。由 C 事件路径在写入移送行及其历史行之后调用。 (Internal) The obligations a referral event meets, opens or waives, and its share: the transfer from the discovery when the referral is created (三（三）2), the written notice after a transfer (三（三）2④), filing after acceptance, the copy-back after a decision (二（一）) and the decision shared with the referring unit (三（一）3), the licence follow-up after the first transfer of an unlicensed case (二（二）), the sender''s resubmission or withdrawal after a return (三（三）3), and so on. Called by the C event path after the referral row and its history row were written.';
COMMENT ON FUNCTION jxlink.return_referral(referral uuid, reason text, occurred_at timestamp with time zone) IS '综合执法队因材料不全退回补充（履行告知义务），并为移送单位开立补充再移交义务（resubmit，本地默认 5 个工作日）：移送单位补充材料、重新提交分管领导批准（三（三）3）后再次移交，或撤回。 The team returns the referral for more material (meets the notice obligation) and opens the sender''s resubmission (resubmit, local default 5 working days): the sender supplements it, submits it to its leader for approval again (三（三）3) and transfers it again, or withdraws it.';
COMMENT ON FUNCTION jxlink.notify_extension(referral uuid, reason text, occurred_at timestamp with time zone) IS '事先告知综合执法队需延长移送期限（三（三）2②）：告知时间与记录时间均须在原 3 个工作日期限届满前，紧急移送不可用；期限改为 5 个工作日。 Notify the team in advance that the transfer needs longer (三（三）2②): both the notice''s time and the moment it is recorded must come before the original 3-day deadline, never for an urgent referral; the period becomes 5 working days.';
COMMENT ON FUNCTION jxlink.transfer_referral(referral uuid, letter_no text, occurred_at timestamp with time zone) IS '以书面形式移交（需分管领导已批准、移送函、案源材料、初步证据齐备，三（三）3；退回后再次移交亦须重新批准）：履行移交义务（退回后的再次移交履行补充再移交义务），开立执法队 5 个工作日书面告知义务（三（三）2④）。 Transfer in writing (approved by the leader, with the transfer letter, case-source material and preliminary evidence, 三（三）3; a re-transfer after a return is approved again): meets the transfer obligation (a re-transfer after a return meets the resubmission) and opens the team''s 5-working-day written notice (三（三）2④).';
COMMENT ON FUNCTION jxlink.withdraw_referral(referral uuid, reason text, occurred_at timestamp with time zone) IS '移送单位撤回移送（如已改正、无需处罚），免除未结的移交义务；退回后的撤回履行补充再移交义务。 The sending unit withdraws the referral (e.g. corrected, no penalty due); its open transfer obligation is waived; a withdrawal after a return meets the resubmission.';
COMMENT ON FUNCTION jxlink.submit_referral(referral uuid, occurred_at timestamp with time zone) IS '移送单位提交分管领导审批（草稿，或被退回补充后再次提交，三（三）3）。返回新状态。 The sending unit submits the referral to its leader in charge (a draft, or a returned referral supplemented for a new transfer, 三（三）3). Returns the new state.';

-- The team reads a referral (and through it its case file, materials and
-- history) once it was first transferred to it.
ALTER POLICY referral_read ON jxlink.referral
USING (from_unit = ANY ((SELECT jxlink.my_units())::uuid[])
       OR (to_unit = ANY ((SELECT jxlink.my_units())::uuid[]) AND transfer_count > 0)
       OR (SELECT jxlink.reads_everything()));
COMMENT ON POLICY referral_read ON jxlink.referral IS '移送单位读其移送（含草稿）；综合执法队自首次移交起读移送给它的移送（草稿、待批、已批未移交的不读，三（三）3）；监督、BI、管理员读全部。案件、材料、历史随移送可读。 The sending unit reads its referrals (drafts included); the team reads a referral to it once it was first transferred (not while a draft, awaiting approval or approved, 三（三）3); supervisors, BI and administrators read all. The case file, materials and history follow the referral.';

-- Personal data: party, place and description of a case, a material's
-- description; BI and administrators read the other columns only.
REVOKE SELECT ON TABLE jxlink.case_file FROM jxlink_admin, jxlink_bi;
GRANT SELECT (case_id, jurisdiction, category, source, title, discovered_at, discovering_unit, violation_stopped, evidence_preserved, created_by, created_at) ON TABLE jxlink.case_file TO jxlink_admin, jxlink_bi;
REVOKE SELECT ON TABLE jxlink.referral_material FROM jxlink_admin, jxlink_bi;
GRANT SELECT (material_id, jurisdiction, referral_id, kind, ref, added_by, added_at) ON TABLE jxlink.referral_material TO jxlink_admin, jxlink_bi;
COMMENT ON COLUMN jxlink.case_file.party IS '当事人（个人信息：仅案件当事单位与监督可读，BI、管理员不可读）。 The party (personal data: read by the units party to the case and supervisors, not by BI or administrators).';
COMMENT ON COLUMN jxlink.case_file.place IS '地点（个人信息，同 party）。 Place (personal data, as party).';
COMMENT ON COLUMN jxlink.case_file.description IS '基本违法事实（个人信息，同 party）。 Basic facts of the violation (personal data, as party).';
COMMENT ON COLUMN jxlink.referral_material.description IS '材料说明（个人信息：可能写明当事人，BI、管理员不可读）。 Description (personal data: it may name the party; not read by BI or administrators).';

CREATE VIEW jxlink.case_summary WITH (security_invoker = true) AS
SELECT c.case_id, c.jurisdiction, c.category, c.source, c.title, c.discovered_at, c.discovering_unit,
       c.violation_stopped, c.evidence_preserved, c.created_by, c.created_at
FROM jxlink.case_file c;
COMMENT ON VIEW jxlink.case_summary IS '案件线索的非个人信息部分（不含当事人、地点、违法事实），供 BI 与管理员读取；行级安全同 case_file。 The non-personal part of the cases (without party, place and facts), for BI and administrators; the same rows as case_file.';
COMMENT ON COLUMN jxlink.case_summary.case_id IS '案件标识。 Case identifier.';
COMMENT ON COLUMN jxlink.case_summary.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.case_summary.category IS '事项类别（二（一）至（四））。 Category (二（一）–（四）).';
COMMENT ON COLUMN jxlink.case_summary.source IS '案源。 Source of the case.';
COMMENT ON COLUMN jxlink.case_summary.title IS '案由。 Title of the case.';
COMMENT ON COLUMN jxlink.case_summary.discovered_at IS '发现时间。 When the violation was found.';
COMMENT ON COLUMN jxlink.case_summary.discovering_unit IS '发现单位。 The unit that found it.';
COMMENT ON COLUMN jxlink.case_summary.violation_stopped IS '是否已先行制止违法行为（三（三））。 Whether the ongoing violation was stopped (三（三）).';
COMMENT ON COLUMN jxlink.case_summary.evidence_preserved IS '是否已妥善保管现场证据（三（三））。 Whether the evidence on site was preserved (三（三）).';
COMMENT ON COLUMN jxlink.case_summary.created_by IS '登记人（数据库角色）。 Role that recorded it.';
COMMENT ON COLUMN jxlink.case_summary.created_at IS '登记时间。 When it was recorded.';
GRANT SELECT ON TABLE jxlink.case_summary TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;

-- Referrals returned before 0.9.0 owe their resubmission from the return
-- (the last return event's time, as return_referral opens it): one returned
-- long ago is overdue at once.
SELECT jxlink.obligation_open('resubmit', 'resubmit', 'referral', r.referral_id, r.from_unit, r.to_unit, h.occurred_at)
FROM jxlink.referral r
JOIN jxlink.referral_history h ON h.referral_id = r.referral_id AND h.seq = r.transition_seq
WHERE r.state = 'returned' AND h.event = 'return'
ORDER BY r.referral_id;

-- ===== end B =====


-- ===== C. the joint meeting =====
-- (section C)

-- ===== end C =====


-- ===== D. confidentiality: staff record, contact reads, leaks =====
-- (section D)

-- ===== end D =====


-- ===== E. poison dates and the history anchor =====
-- (section E)

-- ===== end E =====
