-- Information sharing (三（一）) and assistance requests (二, 四（三）): shares
-- and their recipients, share requests answered or let pass, assistance
-- refused, unanswered or agreed; a referral's decision shared back with the
-- referring unit (三（一）3).  Every refused step.
SET DateStyle = 'ISO, YMD';
SET TimeZone = 'Asia/Shanghai';
SET client_min_messages = warning;
\set SHOW_CONTEXT never
DROP EXTENSION IF EXISTS jxlink CASCADE;
CREATE EXTENSION jxlink;
\i test/fixture/street.sql
\i test/fixture/helpers.sql

-- A complaint received by the community and referred to the team, as in
-- complaints_first_receiver: the referral whose decision is shared below.
SET ROLE regress_comm_clerk;
INSERT INTO ids SELECT 'c1', jxlink.receive_complaint('hotline', '2024-09-27 10:00+08', '某餐馆油烟扰民、无证经营', '新塘社区某路 8 号',
    'unlicensed', '{"full_name": "李某", "phone": "13800000000"}');
-- verification finds a penalty due: referred to the team; the community stays responsible
INSERT INTO ids SELECT 'r1', jxlink.refer_complaint(pg_temp.id('c1'), '无证经营餐饮', false, '2024-09-30 09:00+08');
SELECT jxlink.add_material(pg_temp.id('r1'), k, k) IS NOT NULL FROM unnest(ARRAY['transfer_letter', 'case_source', 'preliminary_evidence']) k;
SELECT jxlink.submit_referral(pg_temp.id('r1'), '2024-09-30 10:00+08');
RESET ROLE; SET ROLE regress_comm_lead;
SELECT jxlink.approve_referral(pg_temp.id('r1'), '2024-09-30 11:00+08');
RESET ROLE; SET ROLE regress_comm_clerk;
SELECT jxlink.transfer_referral(pg_temp.id('r1'), '新塘社移〔2024〕1号', '2024-09-30 15:00+08');
RESET ROLE;

------------------------------------------------------------------------------
-- Information sharing (三（一）) and assistance requests (二, 四（三）)
------------------------------------------------------------------------------
SET ROLE regress_mkt_clerk;
-- a change of a discretion benchmark reaches the team even if not addressed to it
INSERT INTO ids SELECT 's1', jxlink.share_information('rules_standards', '食品经营行政处罚裁量基准（修订）', ARRAY[pg_temp.unit('SEC-ECON')],
                                                      '晋市监规〔2024〕2号', '2024-10-01', '2024-09-25 09:00+08');
SELECT s.category, string_agg(u.code, ', ' ORDER BY u.code) AS recipients FROM jxlink.share s
JOIN jxlink.share_recipient r USING (share_id) JOIN jxlink.unit u ON u.unit_id = r.unit_id
WHERE s.share_id = pg_temp.id('s1') GROUP BY s.category;
-- a request to the team, answered in time; a request the team lets pass
-- (recorded today: an agreed last day already past would be refused, 0.9.0)
INSERT INTO ids SELECT 'q1', jxlink.request_share(pg_temp.unit('TEAM'), 'statistics_ledgers', '三季度处罚案件统计', NULL, '2024-10-08 09:00+08');
INSERT INTO ids SELECT 'q2', jxlink.request_share(pg_temp.unit('TEAM'), 'monitoring_data', '夜市监控录像', NULL, '2024-10-08 09:00+08');
RESET ROLE; SET ROLE regress_team_clerk;
SELECT jxlink.answer_share_request(pg_temp.id('q1'), '三季度处罚案件统计表', '新综执统〔2024〕3号', '2024-10-14 16:00+08') IS NOT NULL AS answered;
SELECT jxlink.acknowledge_share(pg_temp.id('s1'), '2024-09-26 09:00+08');
-- the team asks the agency for technical support: refused; and the section: never answered
INSERT INTO ids SELECT 'h1', jxlink.request_assistance(pg_temp.unit('AGY-MKT'), 'technical_support', '食品抽样检测', '某餐馆', '2024-10-12 09:00+08', '2024-10-09 09:00+08');
INSERT INTO ids SELECT 'h2', jxlink.request_assistance(pg_temp.unit('SEC-ECON'), 'investigation', '核实营业执照', NULL, NULL, '2024-10-09 09:00+08');
RESET ROLE; SET ROLE regress_mkt_clerk;
SELECT jxlink.answer_assistance(pg_temp.id('h1'), false, '检测设备送检中，无法派员', '2024-10-10 09:00+08');
RESET ROLE; SET ROLE regress_econ_clerk;
-- a section asks the team to join an inspection: agreed
INSERT INTO ids SELECT 'h3', jxlink.request_assistance(pg_temp.unit('TEAM'), 'joint_inspection', '重点监管企业联合检查', '某工业区', '2024-10-16 09:00+08', '2024-10-10 09:00+08');
RESET ROLE; SET ROLE regress_team_clerk;
SELECT jxlink.answer_assistance(pg_temp.id('h3'), true, '派出执法队员 2 名', '2024-10-11 09:00+08');
RESET ROLE;
SELECT subject_title, kind, owner_code, status FROM jxlink.obligation_status_at('2024-10-31 18:00+08')
WHERE kind IN ('share_request', 'assistance_request') ORDER BY started_at, subject_title;
-- the decision of a referral reaches the referring unit as a share (三（一）3)
SET ROLE regress_team_clerk;
SELECT jxlink.accept_referral(pg_temp.id('r1'), '受理', '2024-10-10 09:00+08');
SELECT jxlink.file_referral(pg_temp.id('r1'), '新综执立〔2024〕20号', '2024-10-11 09:00+08');
SELECT jxlink.decide_referral(pg_temp.id('r1'), '新综执罚〔2024〕20号', 'penalty', '2024-10-25 09:00+08');
RESET ROLE;
SELECT s.category, s.title, fu.code AS from_code, ru.code AS to_code, s.referral_id = pg_temp.id('r1') AS linked
FROM jxlink.share s JOIN jxlink.unit fu ON fu.unit_id = s.from_unit
JOIN jxlink.share_recipient r USING (share_id) JOIN jxlink.unit ru ON ru.unit_id = r.unit_id
WHERE s.category = 'penalty_decisions';
-- refused steps
SET ROLE regress_econ_clerk;
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

\i test/fixture/street_drop.sql
