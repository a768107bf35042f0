-- Supervision (四（三）) and the views over every kind of obligation: the
-- scorecard of Q4 2024, the overdue items and the cooperation signals of a
-- street that received complaints, held the joint meeting, shared
-- information and asked for assistance; cases accepted and never filed, and
-- bounced; a supervisor's accountability finding, refused to a section.
SET DateStyle = 'ISO, YMD';
SET TimeZone = 'Asia/Shanghai';
SET client_min_messages = warning;
\set SHOW_CONTEXT never
DROP EXTENSION IF EXISTS jxlink CASCADE;
CREATE EXTENSION jxlink;
\i test/fixture/street.sql
\i test/fixture/helpers.sql

-- The street's work of complaints_first_receiver, joint_meeting and
-- sharing_assistance, replayed without their checks and refused steps (which
-- change nothing): every step that opens, meets or reschedules an obligation
-- of 2024, by the same roles at the same times.  (The agenda items, the
-- meetings of 2025 after the first, and patrol_findings open none.)
-- complaints (三（二）)
DO $$
BEGIN
    SET ROLE regress_comm_clerk;
    INSERT INTO ids SELECT 'c1', jxlink.receive_complaint('hotline', '2024-09-27 10:00+08', '某餐馆油烟扰民、无证经营',
        '新塘社区某路 8 号', 'unlicensed', '{"full_name": "李某", "phone": "13800000000"}');
    INSERT INTO ids SELECT 'r1', jxlink.refer_complaint(pg_temp.id('c1'), '无证经营餐饮', false, '2024-09-30 09:00+08');
    PERFORM jxlink.add_material(pg_temp.id('r1'), k, k) FROM unnest(ARRAY['transfer_letter', 'case_source', 'preliminary_evidence']) k;
    PERFORM jxlink.submit_referral(pg_temp.id('r1'), '2024-09-30 10:00+08');
    SET ROLE regress_comm_lead;
    PERFORM jxlink.approve_referral(pg_temp.id('r1'), '2024-09-30 11:00+08');
    SET ROLE regress_comm_clerk;
    PERFORM jxlink.transfer_referral(pg_temp.id('r1'), '新塘社移〔2024〕1号', '2024-09-30 15:00+08');
    PERFORM jxlink.reply_complaint(pg_temp.id('c1'), 'penalty_due', '已移送综合执法队查处', '2024-10-08 10:00+08');
    SET ROLE regress_econ_clerk;
    INSERT INTO ids SELECT 'c2', jxlink.receive_complaint('complaint', '2024-10-09 09:00+08', '噪音', NULL, 'other', '{"anonymous": true}');
    PERFORM jxlink.reply_complaint(pg_temp.id('c2'), 'no_violation', '经现场核查未发现违法行为', '2024-10-10 09:00+08');
    INSERT INTO ids SELECT 'c3', jxlink.receive_complaint('petition', '2024-10-09 09:00+08', '邻里纠纷');
    PERFORM jxlink.reply_complaint(pg_temp.id('c3'), 'outside_scope', '不属于综合执法事项，已告知向司法所申请调解', '2024-10-09 16:00+08');
    SET ROLE regress_team_clerk;
    INSERT INTO ids SELECT 'c4', jxlink.receive_complaint('report', '2024-10-09 09:00+08', '占道经营', '某路口', 'prohibited');
    PERFORM jxlink.handle_complaint_on_spot(pg_temp.id('c4'), '当场责令改正，已清理', '2024-10-09 11:00+08');
    RESET ROLE;
END $$;
-- the joint meeting (三（四）)
INSERT INTO jxlink.joint_meeting_member (unit_id, role)
SELECT unit_id, CASE code WHEN 'TEAM' THEN 'office' WHEN 'JUD' THEN 'supervisor' WHEN 'DISC' THEN 'supervisor' ELSE 'member' END
FROM jxlink.unit;
DO $$
BEGIN
    SET ROLE regress_team_clerk;
    INSERT INTO ids SELECT 'm1', jxlink.schedule_meeting('2024-09-20 09:00+08');
    PERFORM jxlink.hold_meeting(pg_temp.id('m1'), '2024-09-20 09:00+08', '党工委副书记', ARRAY[pg_temp.unit('TEAM'), pg_temp.unit('SEC-ECON'), pg_temp.unit('AGY-MKT')]);
    INSERT INTO ids SELECT 'res1', jxlink.adopt_resolution(pg_temp.id('m1'), '夜市占道经营联合整治', ARRAY[pg_temp.unit('SEC-ECON'), pg_temp.unit('AGY-MKT')]);
    INSERT INTO ids SELECT 'res2', jxlink.adopt_resolution(pg_temp.id('m1'), '建立电子监控数据共享', ARRAY[pg_temp.unit('AGY-MKT')]);
    PERFORM jxlink.close_meeting(pg_temp.id('m1'), '新塘联席纪〔2024〕3号', '2024-09-23');
    INSERT INTO ids SELECT 'm2', jxlink.schedule_meeting('2025-01-10 09:00+08');
    PERFORM jxlink.hold_meeting(pg_temp.id('m2'), '2025-01-10 09:00+08', '党工委副书记', ARRAY[pg_temp.unit('TEAM'), pg_temp.unit('SEC-ECON')]);
    SET ROLE regress_econ_clerk;
    PERFORM jxlink.report_resolution(pg_temp.id('res1'), pg_temp.id('m2'), 'done', '已完成夜市整治，设置临时摊点区');
    SET ROLE regress_team_clerk;
    PERFORM jxlink.close_meeting(pg_temp.id('m2'), '新塘联席纪〔2025〕1号', '2025-01-13');
    RESET ROLE;
END $$;
-- information sharing (三（一）) and assistance requests (二, 四（三）)
DO $$
BEGIN
    SET ROLE regress_mkt_clerk;
    INSERT INTO ids SELECT 's1', jxlink.share_information('rules_standards', '食品经营行政处罚裁量基准（修订）', ARRAY[pg_temp.unit('SEC-ECON')],
                                                          '晋市监规〔2024〕2号', '2024-10-01', '2024-09-25 09:00+08');
    -- (recorded today: an agreed last day already past would be refused, 0.9.0)
    INSERT INTO ids SELECT 'q1', jxlink.request_share(pg_temp.unit('TEAM'), 'statistics_ledgers', '三季度处罚案件统计', NULL, '2024-10-08 09:00+08');
    INSERT INTO ids SELECT 'q2', jxlink.request_share(pg_temp.unit('TEAM'), 'monitoring_data', '夜市监控录像', NULL, '2024-10-08 09:00+08');
    SET ROLE regress_team_clerk;
    PERFORM jxlink.answer_share_request(pg_temp.id('q1'), '三季度处罚案件统计表', '新综执统〔2024〕3号', '2024-10-14 16:00+08');
    PERFORM jxlink.acknowledge_share(pg_temp.id('s1'), '2024-09-26 09:00+08');
    INSERT INTO ids SELECT 'h1', jxlink.request_assistance(pg_temp.unit('AGY-MKT'), 'technical_support', '食品抽样检测', '某餐馆', '2024-10-12 09:00+08', '2024-10-09 09:00+08');
    INSERT INTO ids SELECT 'h2', jxlink.request_assistance(pg_temp.unit('SEC-ECON'), 'investigation', '核实营业执照', NULL, NULL, '2024-10-09 09:00+08');
    SET ROLE regress_mkt_clerk;
    PERFORM jxlink.answer_assistance(pg_temp.id('h1'), false, '检测设备送检中，无法派员', '2024-10-10 09:00+08');
    SET ROLE regress_econ_clerk;
    INSERT INTO ids SELECT 'h3', jxlink.request_assistance(pg_temp.unit('TEAM'), 'joint_inspection', '重点监管企业联合检查', '某工业区', '2024-10-16 09:00+08', '2024-10-10 09:00+08');
    SET ROLE regress_team_clerk;
    PERFORM jxlink.answer_assistance(pg_temp.id('h3'), true, '派出执法队员 2 名', '2024-10-11 09:00+08');
    PERFORM jxlink.accept_referral(pg_temp.id('r1'), '受理', '2024-10-10 09:00+08');
    PERFORM jxlink.file_referral(pg_temp.id('r1'), '新综执立〔2024〕20号', '2024-10-11 09:00+08');
    PERFORM jxlink.decide_referral(pg_temp.id('r1'), '新综执罚〔2024〕20号', 'penalty', '2024-10-25 09:00+08');
    RESET ROLE;
END $$;

------------------------------------------------------------------------------
-- The views cover the new kinds; supervision
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
    SET ROLE regress_comm_clerk;
    r := jxlink.create_referral(jxlink.open_case('prohibited', 'grid_report', title, found_at), false, found_at);
    PERFORM jxlink.add_material(r, k, k) FROM unnest(ARRAY['transfer_letter', 'case_source', 'preliminary_evidence']) k;
    PERFORM jxlink.submit_referral(r, found_at + interval '1 hour');
    SET ROLE regress_comm_lead;
    PERFORM jxlink.approve_referral(r, found_at + interval '2 hours');
    SET ROLE regress_comm_clerk;
    PERFORM jxlink.transfer_referral(r, '新塘社移〔2024〕9号', found_at + interval '3 hours');
    RESET ROLE;
    RETURN r;
END $$;
INSERT INTO ids SELECT 'b1', pg_temp.walk_to_team('违规搭建雨棚', '2024-10-21 09:00+08');
INSERT INTO ids SELECT 'u1', pg_temp.walk_to_team('违规设置广告牌', '2024-10-21 09:00+08');
SET ROLE regress_team_clerk;
SELECT jxlink.return_referral(pg_temp.id('b1'), '材料不全', '2024-10-22 09:00+08');
RESET ROLE; SET ROLE regress_comm_clerk;
SELECT jxlink.submit_referral(pg_temp.id('b1'), '2024-10-23 08:00+08');
RESET ROLE; SET ROLE regress_comm_lead;
SELECT jxlink.approve_referral(pg_temp.id('b1'), '2024-10-23 08:30+08');
RESET ROLE; SET ROLE regress_comm_clerk;
SELECT jxlink.transfer_referral(pg_temp.id('b1'), '新塘社移〔2024〕10号', '2024-10-23 09:00+08');
RESET ROLE; SET ROLE regress_team_clerk;
SELECT jxlink.decline_referral(pg_temp.id('b1'), '不属赋权事项', '2024-10-24 09:00+08');
SELECT jxlink.accept_referral(pg_temp.id('u1'), '受理', '2024-10-22 09:00+08');
RESET ROLE;
SELECT title, from_code, file_case_due_at FROM jxlink.supervision_unfiled;
SELECT title, discovering_code, declines, returns, referrals FROM jxlink.supervision_bounced;
-- a supervisor records a finding linked to the obligations
SET ROLE regress_disc_clerk;
SELECT jxlink.record_accountability_finding(pg_temp.unit('AGY-MKT'), 'refused_assistance', '无正当理由拒绝提供技术支持',
    ARRAY(SELECT obligation_id FROM jxlink.obligation WHERE subject_id = pg_temp.id('h1')), '2024-11-05 10:00+08') IS NOT NULL AS recorded;
RESET ROLE; SET ROLE regress_econ_clerk;
SELECT pg_temp.outcome(format('SELECT jxlink.record_accountability_finding(%L, %L, %L)', pg_temp.unit('AGY-MKT'), 'other', 'x'));
RESET ROLE;
SELECT u.code, f.kind, f.finding, fb.code AS found_by, count(l.obligation_id) AS obligations
FROM jxlink.accountability_finding f JOIN jxlink.unit u ON u.unit_id = f.unit_id JOIN jxlink.unit fb ON fb.unit_id = f.found_by_unit
LEFT JOIN jxlink.accountability_finding_obligation l USING (finding_id) GROUP BY 1, 2, 3, 4;


\i test/fixture/street_drop.sql
