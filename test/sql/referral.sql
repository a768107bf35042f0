-- The case-referral workflow (三（三）), run as clerk roles of two sections,
-- a section leader, a team clerk and a team leader — never as superuser
-- except to set up the organisation.  Every legal transition is walked;
-- every illegal one fails with a clear message and SQLSTATE and changes
-- nothing.
SET DateStyle = 'ISO, YMD';
SET TimeZone = 'Asia/Shanghai';
SET client_min_messages = warning;
\set SHOW_CONTEXT never
-- a fresh extension: earlier tests edited the calendar
DROP EXTENSION IF EXISTS jxlink CASCADE;
CREATE EXTENSION jxlink;

-- The organisation (an administrator's work).
INSERT INTO jxlink.jurisdiction (code, name_zh, name_en, is_local)
VALUES ('350582-xintang', '新塘街道', 'Xintang Street', true);
INSERT INTO jxlink.unit (code, kind, name_zh, name_en) VALUES
    ('SEC-MKT', 'functional_section', '经济发展办（市场监管）', 'Economic Development Office'),
    ('SEC-PLAN', 'functional_section', '规划建设办', 'Planning and Construction Office'),
    ('TEAM', 'enforcement_team', '综合执法队', 'Comprehensive Enforcement Team');
DO $$
DECLARE r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['regress_clerk_a', 'regress_lead_a', 'regress_clerk_b', 'regress_team_clerk',
                             'regress_team_lead', 'regress_stranger'] LOOP
        BEGIN
            EXECUTE format('CREATE ROLE %I', r);
        EXCEPTION WHEN duplicate_object THEN NULL;
        END;
        -- a clerk acts through the API granted to jxlink_clerk (0.6.0)
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'jxlink_clerk') THEN
            EXECUTE format('GRANT jxlink_clerk TO %I', r);
        END IF;
    END LOOP;
END $$;
INSERT INTO jxlink.staff (role_name, unit_id, full_name, is_leader)
SELECT s.role_name, u.unit_id, s.full_name, s.is_leader
FROM (VALUES ('regress_clerk_a', 'SEC-MKT', '张三', false),
             ('regress_lead_a', 'SEC-MKT', '李四', true),
             ('regress_clerk_b', 'SEC-PLAN', '赵六', false),
             ('regress_team_clerk', 'TEAM', '王五', false),
             ('regress_team_lead', 'TEAM', '陈七', true)) AS s(role_name, code, full_name, is_leader)
JOIN jxlink.unit u ON u.code = s.code;
INSERT INTO jxlink.liaison (unit_id, full_name, phone, duty)
SELECT unit_id, '张三', '0595-0000001', 'send' FROM jxlink.unit WHERE code = 'SEC-MKT';

-- Run a statement; report its SQLSTATE and message, or 'ok'.
CREATE FUNCTION pg_temp.outcome(stmt text) RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE stmt;
    RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ': ' || SQLERRM;
END $$;

-- Everything a transition could change, for one referral.
CREATE FUNCTION pg_temp.fingerprint(r uuid) RETURNS text
LANGUAGE sql SECURITY DEFINER AS $$
    SELECT md5(concat_ws('|',
        (SELECT x::text FROM jxlink.referral x WHERE x.referral_id = r),
        (SELECT string_agg(h.seq || h.event || h.to_state, ',' ORDER BY h.seq) FROM jxlink.referral_history h WHERE h.referral_id = r),
        (SELECT string_agg(o::text, ',' ORDER BY o.obligation_id) FROM jxlink.obligation o WHERE o.subject_id = r),
        (SELECT count(*) FROM jxlink.referral_material m WHERE m.referral_id = r)))
$$;

-- Try a statement that must fail: its SQLSTATE, and whether it changed the referral.
CREATE FUNCTION pg_temp.refused(stmt text, r uuid) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE before text := pg_temp.fingerprint(r); result text := pg_temp.outcome(stmt);
BEGIN
    RETURN result || CASE WHEN pg_temp.fingerprint(r) = before THEN ' [unchanged]' ELSE ' [CHANGED]' END;
END $$;

-- The obligations of a referral, in local time.
CREATE FUNCTION pg_temp.ledger(r uuid) RETURNS TABLE (kind text, rule_code text, owner text, started_at timestamptz,
                                                     due_at timestamptz, due_date date, status text, late boolean)
LANGUAGE sql AS $$
    SELECT o.kind, o.rule_code, u.code, o.started_at, o.due_at, o.due_date, o.status, o.met_late
    FROM jxlink.obligation o JOIN jxlink.unit u ON u.unit_id = o.owner_unit
    WHERE o.subject_id = r ORDER BY o.started_at, o.kind
$$;

------------------------------------------------------------------------------
-- The National Day example: a case found Friday 2024-09-27 10:00 (+08)
------------------------------------------------------------------------------
SET ROLE regress_clerk_a;
SELECT jxlink.open_case('licensed', 'inspection', '超出许可范围经营', '2024-09-27 10:00+08',
       '{"party": "某食品店", "place": "新塘街道某路 1 号", "violation_stopped": true, "evidence_preserved": true}') AS nd_case \gset
SELECT category, source, title, discovered_at, party, violation_stopped, evidence_preserved, created_by
FROM jxlink.case_file WHERE case_id = :'nd_case';
SELECT jxlink.create_referral(:'nd_case', false, '2024-09-27 11:00+08') AS nd \gset
-- transfer due at 2024-10-09 00:00 +08 (3 working days: 09-29 make-up Sunday, 09-30, 10-08)
SELECT * FROM pg_temp.ledger(:'nd');
-- an extension notice before the deadline: due at 2024-10-11 00:00 +08
SELECT jxlink.notify_extension(:'nd', '需调查核实经营范围', '2024-09-30 09:00+08');
SELECT * FROM pg_temp.ledger(:'nd');
SELECT regexp_replace(jxlink.explain_obligation(obligation_id), '[0-9a-f]{8}-[0-9a-f-]{27}', '<uuid>', 'g') AS explanation
FROM jxlink.obligation WHERE subject_id = :'nd' AND kind = 'transfer';

-- The same case found urgent: due at 2024-09-28 10:00 +08, 24 hours on the clock.
SELECT jxlink.open_case('prohibited', 'patrol', '占道经营', '2024-09-27 10:00+08') AS urgent_case \gset
SELECT jxlink.create_referral(:'urgent_case', true, '2024-09-27 10:30+08') AS urgent \gset
SELECT * FROM pg_temp.ledger(:'urgent');
SELECT regexp_replace(jxlink.explain_obligation(obligation_id), '[0-9a-f]{8}-[0-9a-f-]{27}', '<uuid>', 'g') AS explanation
FROM jxlink.obligation WHERE subject_id = :'urgent';

------------------------------------------------------------------------------
-- Every legal transition
------------------------------------------------------------------------------
-- National Day referral: materials, submit, send back, submit, approve, transfer
-- (returned once for material), accept, file, decide, copy back.
SELECT jxlink.add_material(:'nd', 'transfer_letter', '案件移送函', '新经发移〔2024〕12号') IS NOT NULL AS added;
SELECT jxlink.add_material(:'nd', 'case_source', '现场检查记录、现场照片 6 张') IS NOT NULL AS added;
SELECT jxlink.submit_referral(:'nd', '2024-10-08 08:30+08');
RESET ROLE; SET ROLE regress_lead_a;
SELECT jxlink.send_back_referral(:'nd', '补充当事人信息', '2024-10-08 08:45+08');
RESET ROLE; SET ROLE regress_clerk_a;
SELECT jxlink.submit_referral(:'nd', '2024-10-08 09:00+08');
RESET ROLE; SET ROLE regress_lead_a;
SELECT jxlink.approve_referral(:'nd', '2024-10-08 09:10+08');
RESET ROLE; SET ROLE regress_clerk_a;
SELECT pg_temp.refused($$SELECT jxlink.transfer_referral('$$ || :'nd' || $$', '新经发移〔2024〕12号', '2024-10-08 09:20+08')$$, :'nd');
SELECT jxlink.add_material(:'nd', 'preliminary_evidence', '询问笔录') IS NOT NULL AS added;
SELECT jxlink.transfer_referral(:'nd', '新经发移〔2024〕12号', '2024-10-08 09:30+08');
-- the transfer is on time; the written acceptance is due 2024-10-15 00:00 +08
-- (2024-10-12 is a make-up Saturday)
SELECT * FROM pg_temp.ledger(:'nd');
RESET ROLE; SET ROLE regress_team_clerk;
SELECT jxlink.return_referral(:'nd', '初步证据不足，请补充', '2024-10-09 15:00+08');
RESET ROLE; SET ROLE regress_clerk_a;
SELECT jxlink.add_material(:'nd', 'preliminary_evidence', '补充询问笔录、进货单据') IS NOT NULL AS added;
SELECT jxlink.transfer_referral(:'nd', '新经发移〔2024〕13号', '2024-10-10 10:00+08');
RESET ROLE; SET ROLE regress_team_lead;
SELECT jxlink.accept_referral(:'nd', '受理告知书 新综执受〔2024〕8号', '2024-10-14 16:00+08');
RESET ROLE; SET ROLE regress_team_clerk;
SELECT jxlink.file_referral(:'nd', '新综执立〔2024〕31号', '2024-10-16 09:00+08');
SELECT jxlink.decide_referral(:'nd', '新综执罚〔2024〕31号', 'penalty', '2024-11-05 10:00+08');
SELECT jxlink.copy_back_referral(:'nd', '抄告函 新综执抄〔2024〕31号', '2024-11-08 10:00+08');
RESET ROLE;
SELECT state, last_event, transition_seq, urgent, approved_by, extension_notified_at, letter_no, transfer_count,
       return_count, filed_case_no, decision_no, decision_outcome
FROM jxlink.referral WHERE referral_id = :'nd';
SELECT seq, event, from_state, to_state, occurred_at, actor_role, actor_login = session_user AS login, u.code AS actor_unit, note
FROM jxlink.referral_history h JOIN jxlink.unit u ON u.unit_id = h.actor_unit
WHERE referral_id = :'nd' ORDER BY seq;
SELECT * FROM pg_temp.ledger(:'nd');

-- The urgent referral transferred within 24 hours; the team declines it.
SET ROLE regress_clerk_a;
SELECT jxlink.add_material(:'urgent', 'transfer_letter', '移送函') IS NOT NULL AS a,
       jxlink.add_material(:'urgent', 'case_source', '巡查照片') IS NOT NULL AS b,
       jxlink.add_material(:'urgent', 'preliminary_evidence', '现场笔录') IS NOT NULL AS c;
SELECT jxlink.submit_referral(:'urgent', '2024-09-27 11:00+08');
RESET ROLE; SET ROLE regress_lead_a;
SELECT jxlink.approve_referral(:'urgent', '2024-09-27 11:30+08');
RESET ROLE; SET ROLE regress_clerk_a;
SELECT jxlink.transfer_referral(:'urgent', '新经发移〔2024〕11号', '2024-09-27 14:00+08');
RESET ROLE; SET ROLE regress_team_clerk;
SELECT jxlink.decline_referral(:'urgent', '不属于综合执法队赋权事项', '2024-09-29 10:00+08');
RESET ROLE;
SELECT * FROM pg_temp.ledger(:'urgent');

-- Withdrawals from draft, awaiting_approval, approved and returned; extension
-- notices in awaiting_approval and approved.
SET ROLE regress_clerk_a;
SELECT jxlink.open_case('other', 'complaint', '未按期履行整改义务', '2024-10-09 09:00+08') AS c2 \gset
SELECT jxlink.create_referral(:'c2', false, '2024-10-09 10:00+08') AS w1 \gset
SELECT jxlink.withdraw_referral(:'w1', '当事人已改正，无需处罚', '2024-10-09 11:00+08');
SELECT jxlink.create_referral(:'c2', false, '2024-10-09 12:00+08') AS w2 \gset
SELECT jxlink.submit_referral(:'w2', '2024-10-09 12:10+08');
SELECT jxlink.notify_extension(:'w2', '等待检测报告', '2024-10-10 09:00+08');
SELECT jxlink.withdraw_referral(:'w2', '检测合格', '2024-10-11 09:00+08');
SELECT jxlink.create_referral(:'c2', false, '2024-10-11 10:00+08') AS w3 \gset
SELECT jxlink.submit_referral(:'w3', '2024-10-11 10:10+08');
RESET ROLE; SET ROLE regress_lead_a;
SELECT jxlink.approve_referral(:'w3', '2024-10-11 10:20+08');
RESET ROLE; SET ROLE regress_clerk_a;
SELECT jxlink.notify_extension(:'w3', '需补充调查', '2024-10-11 10:30+08');
SELECT jxlink.add_material(:'w3', 'transfer_letter', '移送函') IS NOT NULL AS a,
       jxlink.add_material(:'w3', 'case_source', '投诉材料') IS NOT NULL AS b,
       jxlink.add_material(:'w3', 'preliminary_evidence', '整改通知书') IS NOT NULL AS c;
SELECT jxlink.transfer_referral(:'w3', '新经发移〔2024〕14号', '2024-10-15 09:00+08');
RESET ROLE; SET ROLE regress_team_clerk;
SELECT jxlink.return_referral(:'w3', '请补充整改期限证明', '2024-10-16 09:00+08');
RESET ROLE; SET ROLE regress_clerk_a;
SELECT jxlink.withdraw_referral(:'w3', '当事人已履行', '2024-10-17 09:00+08');
RESET ROLE;
SELECT r.state, r.transition_seq, string_agg(h.event, ' → ' ORDER BY h.seq) AS events
FROM jxlink.referral r JOIN jxlink.referral_history h USING (referral_id)
WHERE r.referral_id IN (:'w1', :'w2', :'w3') GROUP BY r.referral_id, r.state, r.transition_seq ORDER BY r.transition_seq;
SELECT kind, rule_code, status, met_at FROM jxlink.obligation WHERE subject_id IN (:'w1', :'w2', :'w3') ORDER BY started_at, kind, created_at;

-- An unlicensed matter (二（二）): transferred late, then the licence follow-up.
SET ROLE regress_clerk_a;
SELECT jxlink.open_case('unlicensed', 'grid_report', '未取得许可擅自经营', '2024-10-14 09:00+08') AS c3 \gset
SELECT jxlink.create_referral(:'c3', false, '2024-10-14 09:30+08') AS lic \gset
SELECT jxlink.add_material(:'lic', 'transfer_letter', '移送函') IS NOT NULL AS a,
       jxlink.add_material(:'lic', 'case_source', '网格上报材料') IS NOT NULL AS b,
       jxlink.add_material(:'lic', 'preliminary_evidence', '责令改正通知书') IS NOT NULL AS c;
SELECT jxlink.submit_referral(:'lic', '2024-10-18 09:00+08');
RESET ROLE; SET ROLE regress_lead_a;
SELECT jxlink.approve_referral(:'lic', '2024-10-18 10:00+08');
RESET ROLE; SET ROLE regress_clerk_a;
SELECT jxlink.transfer_referral(:'lic', '新经发移〔2024〕15号', '2024-10-18 11:00+08');
SELECT jxlink.report_licence_followup(:'lic', '当事人已于 2024-11-01 取得许可', '2024-11-04 09:00+08');
RESET ROLE;
SELECT * FROM pg_temp.ledger(:'lic');

------------------------------------------------------------------------------
-- Every illegal transition: for a referral in each state, every event the
-- state machine does not allow fails with 55000 and changes nothing.
------------------------------------------------------------------------------
SET ROLE regress_clerk_a;
SELECT jxlink.open_case('licensed', 'inspection', '矩阵测试', '2024-10-20 09:00+08') AS mcase \gset
RESET ROLE;
CREATE TEMP TABLE at_state (state text, referral_id uuid);
GRANT ALL ON at_state TO PUBLIC;
-- one referral per non-final state, each on its own case
CREATE FUNCTION pg_temp.walk(steps text[]) RETURNS uuid
LANGUAGE plpgsql AS $$
DECLARE c uuid; r uuid; s text; t timestamptz := '2024-10-21 09:00+08';
BEGIN
    EXECUTE 'SET ROLE regress_clerk_a';
    c := jxlink.open_case('licensed', 'inspection', '矩阵测试', '2024-10-20 09:00+08');
    r := jxlink.create_referral(c, false, t);
    PERFORM jxlink.add_material(r, 'transfer_letter', '移送函');
    PERFORM jxlink.add_material(r, 'case_source', '检查记录');
    PERFORM jxlink.add_material(r, 'preliminary_evidence', '照片');
    FOREACH s IN ARRAY steps LOOP
        t := t + interval '10 minutes';
        EXECUTE 'SET ROLE ' || CASE WHEN s = 'approve' THEN 'regress_lead_a'
                                    WHEN s IN ('accept', 'return', 'file', 'decide') THEN 'regress_team_clerk'
                                    ELSE 'regress_clerk_a' END;
        PERFORM CASE s
            WHEN 'submit' THEN jxlink.submit_referral(r, t)
            WHEN 'approve' THEN jxlink.approve_referral(r, t)
            WHEN 'transfer' THEN jxlink.transfer_referral(r, '移〔2024〕99号', t)
            WHEN 'accept' THEN jxlink.accept_referral(r, '受理', t)
            WHEN 'return' THEN jxlink.return_referral(r, '补充', t)
            WHEN 'file' THEN jxlink.file_referral(r, '立〔2024〕99号', t)
            WHEN 'decide' THEN jxlink.decide_referral(r, '罚〔2024〕99号', 'no_penalty', t)
        END;
    END LOOP;
    RESET ROLE;
    RETURN r;
END $$;
INSERT INTO at_state VALUES
    ('draft', pg_temp.walk('{}')),
    ('awaiting_approval', pg_temp.walk('{submit}')),
    ('approved', pg_temp.walk('{submit,approve}')),
    ('transferred', pg_temp.walk('{submit,approve,transfer}')),
    ('returned', pg_temp.walk('{submit,approve,transfer,return}')),
    ('accepted', pg_temp.walk('{submit,approve,transfer,accept}')),
    ('filed', pg_temp.walk('{submit,approve,transfer,accept,file}')),
    ('decided', pg_temp.walk('{submit,approve,transfer,accept,file,decide}')),
    ('closed', :'nd'), ('declined', :'urgent'), ('withdrawn', :'w1');
SELECT a.state, r.state = a.state AS in_state FROM at_state a JOIN jxlink.referral r USING (referral_id) ORDER BY a.state;

CREATE TEMP TABLE illegal AS
SELECT a.state, e.event,
       CASE e.event
           WHEN 'submit' THEN format('SELECT jxlink.submit_referral(%L, %L)', a.referral_id, '2024-12-01 10:00+08')
           WHEN 'approve' THEN format('SELECT jxlink.approve_referral(%L, %L)', a.referral_id, '2024-12-01 10:00+08')
           WHEN 'send_back' THEN format('SELECT jxlink.send_back_referral(%L, %L, %L)', a.referral_id, 'x', '2024-12-01 10:00+08')
           WHEN 'notify_extension' THEN format('SELECT jxlink.notify_extension(%L, %L, %L)', a.referral_id, 'x', '2024-12-01 10:00+08')
           WHEN 'transfer' THEN format('SELECT jxlink.transfer_referral(%L, %L, %L)', a.referral_id, 'L', '2024-12-01 10:00+08')
           WHEN 'accept' THEN format('SELECT jxlink.accept_referral(%L, %L, %L)', a.referral_id, 'n', '2024-12-01 10:00+08')
           WHEN 'decline' THEN format('SELECT jxlink.decline_referral(%L, %L, %L)', a.referral_id, 'x', '2024-12-01 10:00+08')
           WHEN 'return' THEN format('SELECT jxlink.return_referral(%L, %L, %L)', a.referral_id, 'x', '2024-12-01 10:00+08')
           WHEN 'file' THEN format('SELECT jxlink.file_referral(%L, %L, %L)', a.referral_id, 'C', '2024-12-01 10:00+08')
           WHEN 'decide' THEN format('SELECT jxlink.decide_referral(%L, %L, %L, %L)', a.referral_id, 'D', 'penalty', '2024-12-01 10:00+08')
           WHEN 'copy_back' THEN format('SELECT jxlink.copy_back_referral(%L, %L, %L)', a.referral_id, 'n', '2024-12-01 10:00+08')
           WHEN 'withdraw' THEN format('SELECT jxlink.withdraw_referral(%L, %L, %L)', a.referral_id, 'x', '2024-12-01 10:00+08')
       END AS stmt,
       a.referral_id
FROM at_state a
CROSS JOIN (SELECT DISTINCT t.event FROM jxlink.referral_transitions() t WHERE t.event <> 'create') e
WHERE NOT EXISTS (SELECT 1 FROM jxlink.referral_transitions() t WHERE t.from_state = a.state AND t.event = e.event);
GRANT ALL ON illegal TO PUBLIC;

-- As each role that could otherwise fire the event: the state machine refuses first.
SET ROLE regress_lead_a;
CREATE TEMP TABLE illegal_sender AS SELECT state, event, pg_temp.refused(stmt, referral_id) AS result FROM illegal;
RESET ROLE; SET ROLE regress_team_lead;
CREATE TEMP TABLE illegal_team AS SELECT state, event, pg_temp.refused(stmt, referral_id) AS result FROM illegal;
RESET ROLE;
SELECT (SELECT count(*) FROM illegal) AS illegal_pairs,
       (SELECT count(*) FROM illegal_sender WHERE result LIKE '55000: %[unchanged]') AS refused_for_sender_leader,
       (SELECT count(*) FROM illegal_team WHERE result LIKE '55000: %[unchanged]') AS refused_for_team_leader;
SELECT state, string_agg(event, ', ' ORDER BY event) AS refused_events
FROM illegal_sender GROUP BY state ORDER BY state;
-- Two of them in full.
SET ROLE regress_team_clerk;
SELECT jxlink.accept_referral(:'nd', 'again', '2024-12-01 10:00+08');
SELECT jxlink.file_referral((SELECT referral_id FROM at_state WHERE state = 'transferred'), 'C', '2024-12-01 10:00+08');
RESET ROLE;

------------------------------------------------------------------------------
-- Every other refusal: who may act, what is required, when
------------------------------------------------------------------------------
SELECT referral_id AS draft_r FROM at_state WHERE state = 'draft' \gset
SELECT referral_id AS awaiting_r FROM at_state WHERE state = 'awaiting_approval' \gset
SELECT referral_id AS approved_r FROM at_state WHERE state = 'approved' \gset
SELECT referral_id AS transferred_r FROM at_state WHERE state = 'transferred' \gset
SELECT referral_id AS filed_r FROM at_state WHERE state = 'filed' \gset
SET ROLE regress_clerk_a;
SELECT jxlink.create_referral(:'urgent_case', true, '2024-09-29 16:00+08') AS urgent2 \gset
SELECT jxlink.notify_extension(:'approved_r', '等待检测结果', '2024-10-21 10:00+08');
RESET ROLE;

CREATE TEMP TABLE attempts (who text, what text, stmt text, r uuid);
INSERT INTO attempts VALUES
 ('regress_clerk_b', 'another section submits', format('SELECT jxlink.submit_referral(%L, %L)', :'draft_r', '2024-12-01 10:00+08'), :'draft_r'),
 ('regress_clerk_a', 'a clerk approves', format('SELECT jxlink.approve_referral(%L, %L)', :'awaiting_r', '2024-12-01 10:00+08'), :'awaiting_r'),
 ('regress_clerk_b', 'another section approves', format('SELECT jxlink.approve_referral(%L, %L)', :'awaiting_r', '2024-12-01 10:00+08'), :'awaiting_r'),
 ('regress_team_lead', 'the team leader approves', format('SELECT jxlink.approve_referral(%L, %L)', :'awaiting_r', '2024-12-01 10:00+08'), :'awaiting_r'),
 ('regress_team_clerk', 'the team transfers', format('SELECT jxlink.transfer_referral(%L, %L, %L)', :'approved_r', 'L', '2024-12-01 10:00+08'), :'approved_r'),
 ('regress_clerk_a', 'the sender accepts', format('SELECT jxlink.accept_referral(%L, %L, %L)', :'transferred_r', 'n', '2024-12-01 10:00+08'), :'transferred_r'),
 ('regress_clerk_b', 'another section declines', format('SELECT jxlink.decline_referral(%L, %L, %L)', :'transferred_r', 'x', '2024-12-01 10:00+08'), :'transferred_r'),
 ('regress_stranger', 'a role that is not staff', format('SELECT jxlink.submit_referral(%L, %L)', :'draft_r', '2024-12-01 10:00+08'), :'draft_r'),
 ('regress_clerk_a', 'transfer without a letter number', format('SELECT jxlink.transfer_referral(%L, %L, %L)', :'approved_r', ' ', '2024-12-01 10:00+08'), :'approved_r'),
 ('regress_team_clerk', 'accept without a written notice', format('SELECT jxlink.accept_referral(%L, NULL, %L)', :'transferred_r', '2024-12-01 10:00+08'), :'transferred_r'),
 ('regress_team_clerk', 'decline without a reason', format('SELECT jxlink.decline_referral(%L, %L, %L)', :'transferred_r', '', '2024-12-01 10:00+08'), :'transferred_r'),
 ('regress_team_clerk', 'return without a reason', format('SELECT jxlink.return_referral(%L, NULL, %L)', :'transferred_r', '2024-12-01 10:00+08'), :'transferred_r'),
 ('regress_lead_a', 'send back without a reason', format('SELECT jxlink.send_back_referral(%L, NULL, %L)', :'awaiting_r', '2024-12-01 10:00+08'), :'awaiting_r'),
 ('regress_team_clerk', 'file without a case number', format('SELECT jxlink.file_referral(%L, NULL, %L)', (SELECT referral_id FROM at_state WHERE state = 'accepted'), '2024-12-01 10:00+08'), (SELECT referral_id FROM at_state WHERE state = 'accepted')),
 ('regress_team_clerk', 'decide with an unknown outcome', format('SELECT jxlink.decide_referral(%L, %L, %L, %L)', :'filed_r', 'D', 'warning', '2024-12-01 10:00+08'), :'filed_r'),
 ('regress_team_clerk', 'decide without a decision number', format('SELECT jxlink.decide_referral(%L, NULL, %L, %L)', :'filed_r', 'penalty', '2024-12-01 10:00+08'), :'filed_r'),
 ('regress_clerk_a', 'extension after the original deadline', format('SELECT jxlink.notify_extension(%L, %L, %L)', :'draft_r', 'x', '2024-10-25 00:00+08'), :'draft_r'),
 ('regress_clerk_a', 'extension on an urgent referral', format('SELECT jxlink.notify_extension(%L, %L, %L)', :'urgent2', 'x', '2024-09-29 17:00+08'), :'urgent2'),
 ('regress_clerk_a', 'a second extension', format('SELECT jxlink.notify_extension(%L, %L, %L)', :'approved_r', 'x', '2024-10-21 11:00+08'), :'approved_r'),
 ('regress_clerk_a', 'extension without a reason', format('SELECT jxlink.notify_extension(%L, NULL, %L)', :'draft_r', '2024-10-21 10:00+08'), :'draft_r'),
 ('regress_clerk_a', 'an event in the future', format('SELECT jxlink.submit_referral(%L, %L)', :'draft_r', '2999-01-01 00:00+08'), :'draft_r'),
 ('regress_clerk_a', 'an event before the previous one', format('SELECT jxlink.submit_referral(%L, %L)', :'draft_r', '2024-10-21 08:00+08'), :'draft_r'),
 ('regress_clerk_a', 'an event at no time', format('SELECT jxlink.submit_referral(%L, NULL)', :'draft_r'), :'draft_r'),
 ('regress_clerk_a', 'an unknown referral', format('SELECT jxlink.submit_referral(%L, %L)', '00000000-0000-7000-8000-000000000000', '2024-12-01 10:00+08'), NULL),
 ('regress_clerk_a', 'no referral at all', format('SELECT jxlink.submit_referral(NULL, %L)', '2024-12-01 10:00+08'), NULL),
 ('regress_stranger', 'an unknown referral, not staff', format('SELECT jxlink.submit_referral(%L, %L)', '00000000-0000-7000-8000-000000000000', '2024-12-01 10:00+08'), NULL),
 ('regress_clerk_a', 'material after the transfer', format('SELECT jxlink.add_material(%L, %L, %L)', :'transferred_r', 'other', '补充'), :'transferred_r'),
 ('regress_clerk_a', 'material of an unknown kind', format('SELECT jxlink.add_material(%L, %L, %L)', :'draft_r', 'video', '视频'), :'draft_r'),
 ('regress_clerk_b', 'material from another section', format('SELECT jxlink.add_material(%L, %L, %L)', :'draft_r', 'other', '补充'), :'draft_r'),
 ('regress_clerk_a', 'licence follow-up not owed', format('SELECT jxlink.report_licence_followup(%L, %L, %L)', :'transferred_r', '已办证', '2024-12-01 10:00+08'), :'transferred_r'),
 ('regress_clerk_a', 'licence follow-up reported twice', format('SELECT jxlink.report_licence_followup(%L, %L, %L)', :'lic', '已办证', '2024-12-01 10:00+08'), :'lic'),
 ('regress_clerk_b', 'a case of another section referred', format('SELECT jxlink.create_referral(%L, false, %L)', :'mcase', '2024-12-01 10:00+08'), NULL),
 ('regress_clerk_a', 'a second referral in progress', format('SELECT jxlink.create_referral(%L, false, %L)', :'c3', '2024-12-01 10:00+08'), :'lic'),
 ('regress_clerk_a', 'a referral before the discovery', format('SELECT jxlink.create_referral(%L, false, %L)', :'mcase', '2024-10-19 10:00+08'), NULL),
 ('regress_clerk_a', 'a referral of an unknown case', format('SELECT jxlink.create_referral(%L)', '00000000-0000-7000-8000-000000000000'), NULL),
 ('regress_clerk_a', 'a case of an unknown category', $$SELECT jxlink.open_case('permit', 'patrol', 't', '2024-10-01 10:00+08')$$, NULL),
 ('regress_clerk_a', 'a case of an unknown source', $$SELECT jxlink.open_case('licensed', 'rumour', 't', '2024-10-01 10:00+08')$$, NULL),
 ('regress_clerk_a', 'a case without a title', $$SELECT jxlink.open_case('licensed', 'patrol', '', '2024-10-01 10:00+08')$$, NULL),
 ('regress_clerk_a', 'a case found in the future', $$SELECT jxlink.open_case('licensed', 'patrol', 't', '2999-10-01 10:00+08')$$, NULL),
 ('regress_clerk_a', 'a case with unknown details', $$SELECT jxlink.open_case('licensed', 'patrol', 't', '2024-10-01 10:00+08', '{"phone": "138"}')$$, NULL),
 ('regress_clerk_a', 'a case with a non-boolean flag', $$SELECT jxlink.open_case('licensed', 'patrol', 't', '2024-10-01 10:00+08', '{"violation_stopped": "yes"}')$$, NULL),
 ('regress_team_clerk', 'the team refers its own case', $$SELECT jxlink.create_referral(jxlink.open_case('prohibited', 'patrol', '占道', '2024-10-01 10:00+08'))$$, NULL),
 ('regress_stranger', 'a stranger opens a case', $$SELECT jxlink.open_case('licensed', 'patrol', 't', '2024-10-01 10:00+08')$$, NULL),
 ('regress_clerk_a', 'a clerk writes the state directly', format('UPDATE jxlink.referral SET state = %L WHERE referral_id = %L', 'closed', :'draft_r'), :'draft_r'),
 ('regress_clerk_a', 'a clerk writes the history', format('INSERT INTO jxlink.referral_history (referral_id, seq, event, to_state, occurred_at, actor_role, actor_login) VALUES (%L, 99, %L, %L, now(), %L, %L)', :'draft_r', 'transfer', 'transferred', 'x', 'x'), :'draft_r'),
 ('regress_clerk_a', 'a clerk writes the ledger', format('UPDATE jxlink.obligation SET status = %L', 'waived'), :'draft_r');
GRANT ALL ON attempts TO PUBLIC;
CREATE FUNCTION pg_temp.attempt(who text, stmt text, r uuid) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE result text;
BEGIN
    EXECUTE format('SET ROLE %I', who);
    result := CASE WHEN r IS NULL THEN pg_temp.outcome(stmt) ELSE pg_temp.refused(stmt, r) END;
    RESET ROLE;
    RETURN result;
END $$;
SELECT who, what, pg_temp.attempt(who, stmt, r) AS result FROM attempts;

-- The full report of two of them.
SET ROLE regress_clerk_a;
SELECT jxlink.approve_referral(:'awaiting_r', '2024-12-01 10:00+08');
SELECT jxlink.notify_extension(:'draft_r', 'x', '2024-10-25 00:00+08');
RESET ROLE;

-- Even the owner cannot move a state outside a transition, nor rewrite history.
SELECT pg_temp.refused(format('UPDATE jxlink.referral SET state = %L WHERE referral_id = %L', 'closed', :'draft_r'), :'draft_r');
SELECT pg_temp.refused(format('UPDATE jxlink.referral SET state = %L, last_event = %L, transition_seq = transition_seq + 1 WHERE referral_id = %L', 'closed', 'submit', :'draft_r'), :'draft_r');
SELECT pg_temp.refused(format('UPDATE jxlink.referral SET state = %L, last_event = %L, transition_seq = transition_seq + 2 WHERE referral_id = %L', 'awaiting_approval', 'submit', :'draft_r'), :'draft_r');
SELECT pg_temp.refused(format('INSERT INTO jxlink.referral (case_id, from_unit, to_unit, state, last_event, transition_seq, last_event_at, created_by) SELECT case_id, from_unit, to_unit, %L, %L, 1, now(), %L FROM jxlink.referral WHERE referral_id = %L', 'closed', 'create', 'x', :'draft_r'), :'draft_r');
SELECT pg_temp.outcome(format('UPDATE jxlink.referral_history SET note = %L WHERE referral_id = %L', 'rewritten', :'nd'));
SELECT pg_temp.outcome(format('DELETE FROM jxlink.referral_history WHERE referral_id = %L', :'nd'));
SELECT pg_temp.outcome('TRUNCATE jxlink.referral_history CASCADE');
SELECT count(*) AS nd_history_rows FROM jxlink.referral_history WHERE referral_id = :'nd';

------------------------------------------------------------------------------
-- Deadline rules: the provisions' limits are fixed, local policy is not
------------------------------------------------------------------------------
SELECT pg_temp.outcome($$UPDATE jxlink.deadline_rule SET amount = 10 WHERE rule_code = 'transfer'$$);
SELECT pg_temp.outcome($$DELETE FROM jxlink.deadline_rule WHERE rule_code = 'file_case'$$);
UPDATE jxlink.deadline_rule SET amount = 7, description_zh = '受理后 7 个工作日内立案' WHERE rule_code = 'file_case';
SELECT rule_code, amount, origin FROM jxlink.deadline_rule WHERE rule_code IN ('file_case', 'transfer') ORDER BY 1;

------------------------------------------------------------------------------
-- A calendar change recomputes open working-day obligations; met ones keep
-- their verdict.
------------------------------------------------------------------------------
SELECT o.kind, o.due_at, o.status FROM jxlink.obligation o
WHERE o.subject_id IN (:'draft_r', :'nd') AND o.kind IN ('transfer', 'acknowledge') ORDER BY o.started_at, o.kind;
INSERT INTO jxlink.calendar_day (day, kind, name_zh, name_en, source)
VALUES ('2024-10-22', 'holiday', '台风停工', 'Typhoon closure', 'street office notice'),
       ('2024-10-09', 'holiday', '台风停工', 'Typhoon closure', 'street office notice');
SELECT o.kind, o.due_at, o.status, o.calendar_version = jxlink.calendar_version() AS current_calendar
FROM jxlink.obligation o
WHERE o.subject_id IN (:'draft_r', :'nd') AND o.kind IN ('transfer', 'acknowledge') ORDER BY o.started_at, o.kind;
DELETE FROM jxlink.calendar_day WHERE origin = 'local';
SELECT o.kind, o.due_at FROM jxlink.obligation o WHERE o.subject_id = :'draft_r' AND o.kind = 'transfer';

------------------------------------------------------------------------------
-- A null in any argument of any event function, the others valid, is a
-- clean error (22004 for the referral and the time, else the refusal the
-- state or the argument calls for), never an internal one, and changes nothing.
------------------------------------------------------------------------------
SELECT pg_temp.fingerprint(:'draft_r') AS before \gset
SET ROLE regress_clerk_a;
SELECT f.proname, n.arg AS null_argument,
       split_part(pg_temp.outcome(format('SELECT jxlink.%I(%s)', f.proname,
           (SELECT string_agg(CASE WHEN a = n.arg THEN 'NULL'
                                   WHEN a = 0 THEN quote_literal(:'draft_r') || '::uuid'
                                   WHEN a = f.pronargs - 1 THEN quote_literal('2024-12-01 10:00+08') || '::timestamptz'
                                   ELSE quote_literal('x') END, ', ' ORDER BY a)
            FROM generate_series(0, f.pronargs - 1) AS a))), ':', 1) AS sqlstate
FROM pg_proc f
CROSS JOIN generate_series(0, 3) AS n(arg)
WHERE f.pronamespace = 'jxlink'::regnamespace AND n.arg < f.pronargs
  AND f.proname IN ('submit_referral', 'approve_referral', 'send_back_referral', 'notify_extension',
                    'transfer_referral', 'accept_referral', 'decline_referral', 'return_referral', 'file_referral',
                    'decide_referral', 'copy_back_referral', 'withdraw_referral')
ORDER BY 1, 2;
RESET ROLE;
SELECT pg_temp.fingerprint(:'draft_r') = :'before' AS unchanged;

-- create_referral goes through the same C path: a null case is an unknown
-- case (P0002), a null urgency or time 22004, and a refusal writes nothing.
SELECT (SELECT count(*) FROM jxlink.referral) AS referrals, (SELECT count(*) FROM jxlink.referral_history) AS history,
       (SELECT count(*) FROM jxlink.obligation) AS obligations \gset before_
SET ROLE regress_clerk_a;
SELECT what, pg_temp.outcome(stmt) FROM (VALUES
    ('no case', $$SELECT jxlink.create_referral(NULL)$$),
    ('no urgency', format('SELECT jxlink.create_referral(%L, NULL)', :'mcase')),
    ('no time', format('SELECT jxlink.create_referral(%L, false, NULL)', :'mcase'))) AS t(what, stmt);
RESET ROLE;
SELECT (SELECT count(*) FROM jxlink.referral) = :before_referrals
   AND (SELECT count(*) FROM jxlink.referral_history) = :before_history
   AND (SELECT count(*) FROM jxlink.obligation) = :before_obligations AS nothing_written;

-- Clean up the roles (they are cluster-wide).
DROP TABLE illegal_sender, illegal_team;
DROP EXTENSION IF EXISTS jxlink CASCADE;
CREATE EXTENSION jxlink;
DROP ROLE regress_clerk_a, regress_lead_a, regress_clerk_b, regress_team_clerk, regress_team_lead, regress_stranger;
