-- Complaints, the joint meeting, information sharing, assistance requests,
-- patrols and supervision (三（二）, 三（四）, 三（一）, 二（五）, 四（三）),
-- walked end to end as clerk roles, with every refused step.
SET DateStyle = 'ISO, YMD';
SET TimeZone = 'Asia/Shanghai';
SET client_min_messages = warning;
\set SHOW_CONTEXT never
DROP EXTENSION IF EXISTS jxlink CASCADE;
CREATE EXTENSION jxlink;

INSERT INTO jxlink.jurisdiction (code, name_zh, is_local) VALUES ('350582-xintang', '新塘街道', true);
INSERT INTO jxlink.unit (code, kind, name_zh) VALUES
    ('SEC-ECON', 'functional_section', '经济发展办'),
    ('AGY-MKT', 'dispatched_agency', '市场监督管理所'),
    ('TEAM', 'enforcement_team', '综合执法队'),
    ('COMM-1', 'community', '新塘社区'),
    ('CWG-1', 'community_work_group', '包新塘社区工作组'),
    ('JUD', 'judicial_office', '司法所'),
    ('DISC', 'discipline_commission', '纪工委');
DO $$
DECLARE r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['regress_l_econ', 'regress_l_mkt', 'regress_l_team', 'regress_l_comm', 'regress_l_comm_lead',
                             'regress_l_jud', 'regress_l_disc'] LOOP
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
SELECT s.r, u.unit_id, s.r, s.l
FROM (VALUES ('regress_l_econ', 'SEC-ECON', false), ('regress_l_mkt', 'AGY-MKT', false), ('regress_l_team', 'TEAM', false),
             ('regress_l_comm', 'COMM-1', false), ('regress_l_comm_lead', 'COMM-1', true),
             ('regress_l_jud', 'JUD', false), ('regress_l_disc', 'DISC', false)) AS s(r, code, l)
JOIN jxlink.unit u ON u.code = s.code;
CREATE TEMP TABLE ids (name text PRIMARY KEY, id uuid);
GRANT ALL ON ids TO PUBLIC;
CREATE FUNCTION pg_temp.unit(code text) RETURNS uuid LANGUAGE sql AS $$ SELECT unit_id FROM jxlink.unit WHERE unit.code = $1 $$;
CREATE FUNCTION pg_temp.id(name text) RETURNS uuid LANGUAGE sql AS $$ SELECT id FROM ids WHERE ids.name = $1 $$;
-- Run a statement; report its SQLSTATE and message, or 'ok'.
CREATE FUNCTION pg_temp.outcome(stmt text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE stmt;
    RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ': ' || SQLERRM;
END $$;
CREATE FUNCTION pg_temp.ledger(subject uuid) RETURNS TABLE (kind text, owner text, due_at timestamptz, status text, met_late boolean, refused boolean)
LANGUAGE sql AS $$
    SELECT o.kind, u.code, o.due_at, o.status, o.met_late, o.refused FROM jxlink.obligation o JOIN jxlink.unit u ON u.unit_id = o.owner_unit
    WHERE o.subject_id = subject ORDER BY o.started_at, u.code
$$;

------------------------------------------------------------------------------
-- 1. Complaints: first-receiver responsibility (三（二）)
------------------------------------------------------------------------------
SET ROLE regress_l_comm;
INSERT INTO ids SELECT 'c1', jxlink.receive_complaint('hotline', '2024-09-27 10:00+08', '某餐馆油烟扰民、无证经营', '新塘社区某路 8 号',
    'unlicensed', '{"full_name": "李某", "phone": "13800000000"}');
SELECT * FROM pg_temp.ledger(pg_temp.id('c1'));
-- verification finds a penalty due: referred to the team; the community stays responsible
INSERT INTO ids SELECT 'r1', jxlink.refer_complaint(pg_temp.id('c1'), '无证经营餐饮', false, '2024-09-30 09:00+08');
SELECT u.code AS first_receiver, c.outcome, c.referral_id = pg_temp.id('r1') AS linked_to_referral,
       r.complaint_id = c.complaint_id AS linked_back, cf.source, fu.code AS referral_from
FROM jxlink.complaint c JOIN jxlink.unit u ON u.unit_id = c.first_receiver
JOIN jxlink.referral r ON r.referral_id = c.referral_id JOIN jxlink.case_file cf ON cf.case_id = r.case_id
JOIN jxlink.unit fu ON fu.unit_id = r.from_unit
WHERE c.complaint_id = pg_temp.id('c1');
-- the referral goes on as any other; the complainant is answered by the community
SELECT jxlink.add_material(pg_temp.id('r1'), k, k) IS NOT NULL FROM unnest(ARRAY['transfer_letter', 'case_source', 'preliminary_evidence']) k;
SELECT jxlink.submit_referral(pg_temp.id('r1'), '2024-09-30 10:00+08');
RESET ROLE; SET ROLE regress_l_comm_lead;
SELECT jxlink.approve_referral(pg_temp.id('r1'), '2024-09-30 11:00+08');
RESET ROLE; SET ROLE regress_l_comm;
SELECT jxlink.transfer_referral(pg_temp.id('r1'), '新塘社移〔2024〕1号', '2024-09-30 15:00+08');
RESET ROLE; SET ROLE regress_l_team;
-- the team cannot take the complaint over, nor read more than it is entitled to
SELECT pg_temp.outcome(format('SELECT jxlink.reply_complaint(%L, %L, %L, %L)', pg_temp.id('c1'), 'penalty_due', '已处理', '2024-10-08 10:00+08'));
SELECT full_name, phone FROM jxlink.complainant_contact(pg_temp.id('c1'));
RESET ROLE; SET ROLE regress_l_comm;
SELECT jxlink.reply_complaint(pg_temp.id('c1'), 'penalty_due', '已移送综合执法队查处', '2024-10-08 10:00+08');
SELECT u.code AS first_receiver, c.outcome, c.replied_at FROM jxlink.complaint c JOIN jxlink.unit u ON u.unit_id = c.first_receiver
WHERE c.complaint_id = pg_temp.id('c1');
SELECT * FROM pg_temp.ledger(pg_temp.id('c1'));
-- even the owner cannot reassign it
RESET ROLE;
SELECT pg_temp.outcome(format('UPDATE jxlink.complaint SET first_receiver = %L WHERE complaint_id = %L', pg_temp.unit('TEAM'), pg_temp.id('c1')));

-- No violation found: a direct reply.  Outside scope.  On the spot by the team.
SET ROLE regress_l_econ;
INSERT INTO ids SELECT 'c2', jxlink.receive_complaint('complaint', '2024-10-09 09:00+08', '噪音', NULL, 'other', '{"anonymous": true}');
SELECT jxlink.reply_complaint(pg_temp.id('c2'), 'no_violation', '经现场核查未发现违法行为', '2024-10-10 09:00+08');
INSERT INTO ids SELECT 'c3', jxlink.receive_complaint('petition', '2024-10-09 09:00+08', '邻里纠纷');
SELECT jxlink.reply_complaint(pg_temp.id('c3'), 'outside_scope', '不属于综合执法事项，已告知向司法所申请调解', '2024-10-09 16:00+08');
RESET ROLE; SET ROLE regress_l_team;
INSERT INTO ids SELECT 'c4', jxlink.receive_complaint('report', '2024-10-09 09:00+08', '占道经营', '某路口', 'prohibited');
SELECT jxlink.handle_complaint_on_spot(pg_temp.id('c4'), '当场责令改正，已清理', '2024-10-09 11:00+08');
RESET ROLE;
SELECT c.subject, u.code, c.outcome, c.replied_at IS NOT NULL AS replied, o.status AS reply_obligation
FROM jxlink.complaint c JOIN jxlink.unit u ON u.unit_id = c.first_receiver
JOIN jxlink.obligation o ON o.subject_id = c.complaint_id ORDER BY c.received_at, c.subject;

-- Refused steps.
SET ROLE regress_l_econ;
SELECT what, pg_temp.outcome(stmt) FROM (VALUES
    ('another unit replies', format('SELECT jxlink.reply_complaint(%L, %L, %L, %L)', pg_temp.id('c1'), 'no_violation', 'x', '2024-10-20 10:00+08')),
    ('another unit refers', format('SELECT jxlink.refer_complaint(%L, %L, false, %L)', pg_temp.id('c1'), 't', '2024-10-20 10:00+08')),
    ('reply twice', format('SELECT jxlink.reply_complaint(%L, %L, %L, %L)', pg_temp.id('c2'), 'no_violation', 'x', '2024-10-20 10:00+08')),
    ('penalty reply before referring', format('SELECT jxlink.reply_complaint(jxlink.receive_complaint(%L, %L, %L), %L, %L, %L)', 'report', '2024-10-20 09:00+08', 's', 'penalty_due', 'x', '2024-10-20 10:00+08')),
    ('unknown outcome', format('SELECT jxlink.reply_complaint(%L, %L, %L, %L)', pg_temp.id('c3'), 'maybe', 'x', '2024-10-20 10:00+08')),
    ('refer without a category', format('SELECT jxlink.refer_complaint(jxlink.receive_complaint(%L, %L, %L), %L, false, %L)', 'report', '2024-10-20 09:00+08', 's', 't', '2024-10-20 10:00+08')),
    ('on the spot by a section', format('SELECT jxlink.handle_complaint_on_spot(jxlink.receive_complaint(%L, %L, %L), %L, %L)', 'report', '2024-10-20 09:00+08', 's', 'x', '2024-10-20 10:00+08')),
    ('unknown channel', $$SELECT jxlink.receive_complaint('email', '2024-10-20 09:00+08', 's')$$),
    ('unknown contact key', $$SELECT jxlink.receive_complaint('report', '2024-10-20 09:00+08', 's', NULL, NULL, '{"id_card": "x"}')$$),
    ('received in the future', $$SELECT jxlink.receive_complaint('report', '2999-10-20 09:00+08', 's')$$),
    ('read a contact not entitled to', format('SELECT jxlink.complainant_contact(%L)', pg_temp.id('c1')))
) AS t(what, stmt);
-- the section sees the contacts of the complaints it received, not the community's
SELECT c.subject, cc.anonymous, cc.phone IS NOT NULL AS has_phone
FROM jxlink.complaint_contact cc JOIN jxlink.complaint c USING (complaint_id) ORDER BY c.subject;
RESET ROLE; SET ROLE regress_l_jud;
SELECT full_name, phone FROM jxlink.complainant_contact(pg_temp.id('c1'));
RESET ROLE;

------------------------------------------------------------------------------
-- 2. The joint meeting (三（四）)
------------------------------------------------------------------------------
INSERT INTO jxlink.joint_meeting_member (unit_id, role)
SELECT unit_id, CASE code WHEN 'TEAM' THEN 'office' WHEN 'JUD' THEN 'supervisor' WHEN 'DISC' THEN 'supervisor' ELSE 'member' END
FROM jxlink.unit;
SET ROLE regress_l_team;
INSERT INTO ids SELECT 'm1', jxlink.schedule_meeting('2024-09-20 09:00+08');
RESET ROLE; SET ROLE regress_l_econ;
INSERT INTO ids SELECT 'a1', jxlink.propose_agenda_item(pg_temp.id('m1'), '夜市占道经营整治分工', NULL, '2024-09-10 09:00+08');
RESET ROLE; SET ROLE regress_l_team;
SELECT jxlink.hold_meeting(pg_temp.id('m1'), '2024-09-20 09:00+08', '党工委副书记', ARRAY[pg_temp.unit('TEAM'), pg_temp.unit('SEC-ECON'), pg_temp.unit('AGY-MKT')]);
INSERT INTO ids SELECT 'res1', jxlink.adopt_resolution(pg_temp.id('m1'), '夜市占道经营联合整治', ARRAY[pg_temp.unit('SEC-ECON'), pg_temp.unit('AGY-MKT')]);
INSERT INTO ids SELECT 'res2', jxlink.adopt_resolution(pg_temp.id('m1'), '建立电子监控数据共享', ARRAY[pg_temp.unit('AGY-MKT')]);
SELECT jxlink.escalate_agenda_item(pg_temp.id('a1'), '涉及多部门职责，提请党政联席会议研究', '2024-09-20 12:00+08');
SELECT jxlink.close_meeting(pg_temp.id('m1'), '新塘联席纪〔2024〕3号', '2024-09-23');
RESET ROLE;
-- Q3 met by the meeting; Q4 planned; Q4 passes without a meeting
SELECT kind, subject_ref, started_at, due_at, status FROM jxlink.obligation WHERE kind = 'quarterly_meeting' ORDER BY started_at;
SELECT kind, subject_ref, due_at, late_workdays FROM jxlink.overdue_as_of('2025-01-06 09:00+08') WHERE kind = 'quarterly_meeting';
-- the next meeting, in Q1 2025: one unit reports, the other does not
SET ROLE regress_l_team;
INSERT INTO ids SELECT 'm2', jxlink.schedule_meeting('2025-01-10 09:00+08');
SELECT jxlink.hold_meeting(pg_temp.id('m2'), '2025-01-10 09:00+08', '党工委副书记', ARRAY[pg_temp.unit('TEAM'), pg_temp.unit('SEC-ECON')]);
RESET ROLE; SET ROLE regress_l_econ;
SELECT jxlink.report_resolution(pg_temp.id('res1'), pg_temp.id('m2'), 'done', '已完成夜市整治，设置临时摊点区');
RESET ROLE; SET ROLE regress_l_team;
SELECT jxlink.close_meeting(pg_temp.id('m2'), '新塘联席纪〔2025〕1号', '2025-01-13');
RESET ROLE;
SELECT r.title, u.code, o.status, o.due_at, o.met_late FROM jxlink.obligation o
JOIN jxlink.resolution r ON r.resolution_id = o.subject_id JOIN jxlink.unit u ON u.unit_id = o.owner_unit
WHERE o.kind = 'resolution_report' ORDER BY r.number, u.code, o.started_at;
SELECT subject_ref, subject_title, owner_code, due_at FROM jxlink.overdue_as_of('2025-01-20 09:00+08') WHERE kind = 'resolution_report' ORDER BY subject_ref, owner_code;
-- the packet of the next meeting shows it
SET ROLE regress_l_team;
INSERT INTO ids SELECT 'm3', jxlink.schedule_meeting('2025-04-10 09:00+08');
RESET ROLE; SET ROLE regress_l_mkt;
SELECT jxlink.propose_agenda_item(pg_temp.id('m3'), '电子监控数据接口', NULL, '2025-03-01 09:00+08') IS NOT NULL AS proposed;
RESET ROLE;
SELECT jxlink.meeting_packet(pg_temp.id('m3'));
-- refused steps
SET ROLE regress_l_econ;
SELECT what, pg_temp.outcome(stmt) FROM (VALUES
    ('a member schedules', $$SELECT jxlink.schedule_meeting('2025-04-10 09:00+08')$$),
    ('a member holds', format('SELECT jxlink.hold_meeting(%L, %L, %L, %L)', pg_temp.id('m3'), '2025-04-10 09:00+08', 'x', ARRAY[pg_temp.unit('TEAM')])),
    ('report at the adopting meeting', format('SELECT jxlink.report_resolution(%L, %L, %L, %L)', pg_temp.id('res1'), pg_temp.id('m1'), 'done', 'x')),
    ('report on another unit''s resolution', format('SELECT jxlink.report_resolution(%L, %L, %L, %L)', pg_temp.id('res2'), pg_temp.id('m2'), 'done', 'x')),
    ('report at a meeting not held', format('SELECT jxlink.report_resolution(%L, %L, %L, %L)', pg_temp.id('res1'), pg_temp.id('m3'), 'done', 'x')),
    ('propose to a closed meeting', format('SELECT jxlink.propose_agenda_item(%L, %L)', pg_temp.id('m1'), 'x'))
) AS t(what, stmt);
RESET ROLE; SET ROLE regress_l_team;
INSERT INTO ids SELECT 'm4', jxlink.schedule_meeting('2025-02-01 09:00+08', 'special');
SELECT jxlink.hold_meeting(pg_temp.id('m4'), '2025-02-01 09:00+08', '党工委副书记', ARRAY[pg_temp.unit('TEAM')]);
SELECT what, pg_temp.outcome(stmt) FROM (VALUES
    ('a resolution without units', format('SELECT jxlink.adopt_resolution(%L, %L, %L)', pg_temp.id('m4'), 't', '{}')),
    ('a resolution for another street''s unit', format('SELECT jxlink.adopt_resolution(%L, %L, %L)', pg_temp.id('m4'), 't', ARRAY['00000000-0000-7000-8000-000000000000'::uuid])),
    ('hold a held meeting', format('SELECT jxlink.hold_meeting(%L, %L, %L, %L)', pg_temp.id('m4'), '2025-02-01 09:00+08', 'x', ARRAY[pg_temp.unit('TEAM')])),
    ('adopt at a closed meeting', format('SELECT jxlink.adopt_resolution(%L, %L, %L)', pg_temp.id('m2'), 't', ARRAY[pg_temp.unit('TEAM')])),
    ('hold twice', format('SELECT jxlink.hold_meeting(%L, %L, %L, %L)', pg_temp.id('m2'), '2025-01-10 09:00+08', 'x', ARRAY[pg_temp.unit('TEAM')])),
    ('minutes before the meeting', format('SELECT jxlink.close_meeting(jxlink.schedule_meeting(%L), %L, %L)', '2025-04-20 09:00+08', 'x', '2025-04-01')),
    ('a meeting of no kind', $$SELECT jxlink.schedule_meeting('2025-04-10 09:00+08', 'informal')$$)
) AS t(what, stmt);
RESET ROLE;

------------------------------------------------------------------------------
-- 3. Information sharing (三（一）) and 4. assistance requests (二, 四（三）)
------------------------------------------------------------------------------
SET ROLE regress_l_mkt;
-- a change of a discretion benchmark reaches the team even if not addressed to it
INSERT INTO ids SELECT 's1', jxlink.share_information('rules_standards', '食品经营行政处罚裁量基准（修订）', ARRAY[pg_temp.unit('SEC-ECON')],
                                                      '晋市监规〔2024〕2号', '2024-10-01', '2024-09-25 09:00+08');
SELECT s.category, string_agg(u.code, ', ' ORDER BY u.code) AS recipients FROM jxlink.share s
JOIN jxlink.share_recipient r USING (share_id) JOIN jxlink.unit u ON u.unit_id = r.unit_id
WHERE s.share_id = pg_temp.id('s1') GROUP BY s.category;
-- a request to the team, answered in time; a request the team lets pass
INSERT INTO ids SELECT 'q1', jxlink.request_share(pg_temp.unit('TEAM'), 'statistics_ledgers', '三季度处罚案件统计', '2024-10-15', '2024-10-08 09:00+08');
INSERT INTO ids SELECT 'q2', jxlink.request_share(pg_temp.unit('TEAM'), 'monitoring_data', '夜市监控录像', NULL, '2024-10-08 09:00+08');
RESET ROLE; SET ROLE regress_l_team;
SELECT jxlink.answer_share_request(pg_temp.id('q1'), '三季度处罚案件统计表', '新综执统〔2024〕3号', '2024-10-14 16:00+08') IS NOT NULL AS answered;
SELECT jxlink.acknowledge_share(pg_temp.id('s1'), '2024-09-26 09:00+08');
-- the team asks the agency for technical support: refused; and the section: never answered
INSERT INTO ids SELECT 'h1', jxlink.request_assistance(pg_temp.unit('AGY-MKT'), 'technical_support', '食品抽样检测', '某餐馆', '2024-10-12 09:00+08', '2024-10-09 09:00+08');
INSERT INTO ids SELECT 'h2', jxlink.request_assistance(pg_temp.unit('SEC-ECON'), 'investigation', '核实营业执照', NULL, NULL, '2024-10-09 09:00+08');
RESET ROLE; SET ROLE regress_l_mkt;
SELECT jxlink.answer_assistance(pg_temp.id('h1'), false, '检测设备送检中，无法派员', '2024-10-10 09:00+08');
RESET ROLE; SET ROLE regress_l_econ;
-- a section asks the team to join an inspection: agreed
INSERT INTO ids SELECT 'h3', jxlink.request_assistance(pg_temp.unit('TEAM'), 'joint_inspection', '重点监管企业联合检查', '某工业区', '2024-10-16 09:00+08', '2024-10-10 09:00+08');
RESET ROLE; SET ROLE regress_l_team;
SELECT jxlink.answer_assistance(pg_temp.id('h3'), true, '派出执法队员 2 名', '2024-10-11 09:00+08');
RESET ROLE;
SELECT subject_title, kind, owner_code, status FROM jxlink.obligation_status_at('2024-10-31 18:00+08')
WHERE kind IN ('share_request', 'assistance_request') ORDER BY started_at, subject_title;
-- the decision of a referral reaches the referring unit as a share (三（一）3)
SET ROLE regress_l_team;
SELECT jxlink.accept_referral(pg_temp.id('r1'), '受理', '2024-10-10 09:00+08');
SELECT jxlink.file_referral(pg_temp.id('r1'), '新综执立〔2024〕20号', '2024-10-11 09:00+08');
SELECT jxlink.decide_referral(pg_temp.id('r1'), '新综执罚〔2024〕20号', 'penalty', '2024-10-25 09:00+08');
RESET ROLE;
SELECT s.category, s.title, fu.code AS from_code, ru.code AS to_code, s.referral_id = pg_temp.id('r1') AS linked
FROM jxlink.share s JOIN jxlink.unit fu ON fu.unit_id = s.from_unit
JOIN jxlink.share_recipient r USING (share_id) JOIN jxlink.unit ru ON ru.unit_id = r.unit_id
WHERE s.category = 'penalty_decisions';
-- refused steps
SET ROLE regress_l_econ;
SELECT what, pg_temp.outcome(stmt) FROM (VALUES
    ('share with nobody', $$SELECT jxlink.share_information('other', 't', '{}')$$),
    ('unknown category', $$SELECT jxlink.share_information('gossip', 't', '{}')$$),
    ('request from itself', format('SELECT jxlink.request_share(%L, %L, %L)', pg_temp.unit('SEC-ECON'), 'other', 't')),
    ('answer another unit''s request', format('SELECT jxlink.answer_share_request(%L, %L)', pg_temp.id('q2'), 't')),
    ('acknowledge a share not received', format('SELECT jxlink.acknowledge_share(%L)', (SELECT share_id FROM jxlink.share WHERE category = 'penalty_decisions'))),
    ('a section asks a section', format('SELECT jxlink.request_assistance(%L, %L, %L)', pg_temp.unit('AGY-MKT'), 'joint_inspection', 'p')),
    ('a section asks for technical support', format('SELECT jxlink.request_assistance(%L, %L, %L)', pg_temp.unit('TEAM'), 'technical_support', 'p')),
    ('answer twice', format('SELECT jxlink.answer_assistance(%L, true, %L)', pg_temp.id('h1'), 'x')),
    ('refuse without a reason', format('SELECT jxlink.answer_assistance(%L, false, NULL, %L)', pg_temp.id('h2'), '2024-10-10 09:00+08'))
) AS t(what, stmt);
RESET ROLE;

------------------------------------------------------------------------------
-- 5. Patrols (二（五）)
------------------------------------------------------------------------------
SET ROLE regress_l_econ;
INSERT INTO ids SELECT 'p1', jxlink.record_patrol('2024-10-16 15:00+08', '新塘社区沿街店铺', ARRAY[pg_temp.unit('CWG-1'), pg_temp.unit('COMM-1')],
                                                  ARRAY['店外占道堆放', '无证废品收购点']);
SELECT jxlink.open_case_from_finding(f.finding_id, 'unlicensed', '无证废品收购', 'grid_report') IS NOT NULL AS opened
FROM jxlink.patrol_finding f WHERE f.description = '无证废品收购点';
SELECT f.description, c.source, c.category, c.discovered_at FROM jxlink.patrol_finding f LEFT JOIN jxlink.case_file c USING (case_id)
WHERE f.patrol_id = pg_temp.id('p1') ORDER BY f.description;
SELECT u.code FROM jxlink.patrol_participant p JOIN jxlink.unit u USING (unit_id) WHERE p.patrol_id = pg_temp.id('p1') ORDER BY 1;
SELECT pg_temp.outcome(format('SELECT jxlink.open_case_from_finding(%L, %L, %L)', f.finding_id, 'other', 't')) FROM jxlink.patrol_finding f WHERE f.description = '无证废品收购点';
RESET ROLE;
INSERT INTO ids SELECT 'f2', finding_id FROM jxlink.patrol_finding WHERE description = '店外占道堆放';
SET ROLE regress_l_mkt;
-- the agency did not take part: it neither sees the patrol nor opens a case from it
SELECT count(*) AS patrols_visible FROM jxlink.patrol;
SELECT pg_temp.outcome(format('SELECT jxlink.open_case_from_finding(%L, %L, %L)', pg_temp.id('f2'), 'other', 't'));
RESET ROLE;

------------------------------------------------------------------------------
-- 6. The views cover the new kinds; supervision
------------------------------------------------------------------------------
-- one view, no special case: the scorecard of Q4 2024 judged at its end
SELECT unit_code, kind, total, met_on_time, met_late, overdue, refused, waived, on_time_rate
FROM jxlink.unit_scorecard_for('2024-10-01', '2024-12-31') ORDER BY unit_code, kind;
SELECT kind, owner_code, subject_ref, subject_title FROM jxlink.overdue_as_of('2024-10-31 18:00+08') ORDER BY due_at, kind;
SELECT unit_code, share_requests_overdue, share_requests_refused, assistance_unanswered, assistance_refused,
       acknowledgements_overdue, acknowledgements_late, signals
FROM jxlink.supervision_cooperation ORDER BY unit_code;
-- a community's case returned and then declined (bounced twice); another accepted and never filed
CREATE FUNCTION pg_temp.walk_to_team(title text, found_at timestamptz) RETURNS uuid LANGUAGE plpgsql AS $$
DECLARE r uuid;
BEGIN
    SET ROLE regress_l_comm;
    r := jxlink.create_referral(jxlink.open_case('prohibited', 'grid_report', title, found_at), false, found_at);
    PERFORM jxlink.add_material(r, k, k) FROM unnest(ARRAY['transfer_letter', 'case_source', 'preliminary_evidence']) k;
    PERFORM jxlink.submit_referral(r, found_at + interval '1 hour');
    SET ROLE regress_l_comm_lead;
    PERFORM jxlink.approve_referral(r, found_at + interval '2 hours');
    SET ROLE regress_l_comm;
    PERFORM jxlink.transfer_referral(r, '新塘社移〔2024〕9号', found_at + interval '3 hours');
    RESET ROLE;
    RETURN r;
END $$;
INSERT INTO ids SELECT 'b1', pg_temp.walk_to_team('违规搭建雨棚', '2024-10-21 09:00+08');
INSERT INTO ids SELECT 'u1', pg_temp.walk_to_team('违规设置广告牌', '2024-10-21 09:00+08');
SET ROLE regress_l_team;
SELECT jxlink.return_referral(pg_temp.id('b1'), '材料不全', '2024-10-22 09:00+08');
RESET ROLE; SET ROLE regress_l_comm;
SELECT jxlink.transfer_referral(pg_temp.id('b1'), '新塘社移〔2024〕10号', '2024-10-23 09:00+08');
RESET ROLE; SET ROLE regress_l_team;
SELECT jxlink.decline_referral(pg_temp.id('b1'), '不属赋权事项', '2024-10-24 09:00+08');
SELECT jxlink.accept_referral(pg_temp.id('u1'), '受理', '2024-10-22 09:00+08');
RESET ROLE;
SELECT title, from_code, file_case_due_at FROM jxlink.supervision_unfiled;
SELECT title, discovering_code, declines, returns, referrals FROM jxlink.supervision_bounced;
-- a supervisor records a finding linked to the obligations
SET ROLE regress_l_disc;
SELECT jxlink.record_accountability_finding(pg_temp.unit('AGY-MKT'), 'refused_assistance', '无正当理由拒绝提供技术支持',
    ARRAY(SELECT obligation_id FROM jxlink.obligation WHERE subject_id = pg_temp.id('h1')), '2024-11-05 10:00+08') IS NOT NULL AS recorded;
RESET ROLE; SET ROLE regress_l_econ;
SELECT pg_temp.outcome(format('SELECT jxlink.record_accountability_finding(%L, %L, %L)', pg_temp.unit('AGY-MKT'), 'other', 'x'));
RESET ROLE;
SELECT u.code, f.kind, f.finding, fb.code AS found_by, count(l.obligation_id) AS obligations
FROM jxlink.accountability_finding f JOIN jxlink.unit u ON u.unit_id = f.unit_id JOIN jxlink.unit fb ON fb.unit_id = f.found_by_unit
LEFT JOIN jxlink.accountability_finding_obligation l USING (finding_id) GROUP BY 1, 2, 3, 4;

DROP EXTENSION IF EXISTS jxlink CASCADE;
CREATE EXTENSION jxlink;
DROP ROLE regress_l_econ, regress_l_mkt, regress_l_team, regress_l_comm, regress_l_comm_lead, regress_l_jud, regress_l_disc;
