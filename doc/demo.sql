-- jxlink demo: the provisions' time limits around a holiday (part 1), then a
-- sample street whose referrals go through the workflow, with the obligation
-- ledger they leave (part 2), then every other domain: complaints, the joint
-- meeting, sharing, assistance, patrols and supervision (part 3, 0.10.0).
-- Run by doc/demo.sh in a throwaway cluster, or by a DBA as a superuser into
-- an existing database: psql -d street -f doc/demo.sql (jxlink installed or
-- not).  It loads once per database: run a second time, or in a database
-- that already has jurisdictions of its own (a street, a city), it stops before changing anything
-- (42710).  Roles are cluster-wide: the demo's login roles (xt_*) are created
-- when missing and reused when present.
\set ON_ERROR_STOP 1
\pset pager off
SET client_min_messages = warning;
SET TimeZone = 'Asia/Shanghai';
SET DateStyle = 'ISO, YMD';
CREATE EXTENSION IF NOT EXISTS jxlink;

-- Once per database: refuse clearly, before any change, when the demo street
-- (or any other local street: a database holds one) is already there.
DO $$
DECLARE
    street text;
BEGIN
    SELECT string_agg(code, ', ' ORDER BY code) INTO street FROM jxlink.jurisdiction;
    IF street IS NOT NULL THEN
        RAISE EXCEPTION 'doc/demo.sql loads once per database: database "%" already has jurisdictions (%)',
                        current_database(), street
            USING ERRCODE = 'duplicate_object',
                  HINT = 'Load the demo into a database of its own (createdb jxlink_demo; psql -d jxlink_demo -f doc/demo.sql).';
    END IF;
END
$$;

\echo
\echo '== 国庆节 2024 前后的工作日 (working days around National Day 2024)'
SELECT d::date AS day, to_char(d, 'Dy') AS dow,
       CASE WHEN jxlink.is_workday(d::date) THEN '工作日 working' ELSE '休息 rest' END AS status,
       c.name_zh || ' ' || c.name_en AS reason
FROM generate_series(DATE '2024-09-27', DATE '2024-10-15', '1 day') AS d
LEFT JOIN jxlink.calendar_day c ON c.day = d::date
ORDER BY d;

\echo
\echo '== 周五 2024-09-27 10:00 发现违法行为 (a violation found on Friday 2024-09-27 10:00)'
\echo '   三（三）2: 3 个工作日内移交；事先告知可延至 5 个工作日；紧急 24 小时；执法队 5 个工作日内书面告知是否受理'
WITH found AS (SELECT timestamptz '2024-09-27 10:00+08' AS at),
     transferred AS (SELECT timestamptz '2024-10-08 09:30+08' AS at),
     limits(clause, obligation, started_at, due_at, working_days) AS (
        SELECT '三（三）2①', '移交 transfer (3 working days)', f.at, jxlink.workday_deadline(f.at, 3), 3 FROM found f
        UNION ALL
        SELECT '三（三）2②', '延期移交 transfer after notice (5)', f.at, jxlink.workday_deadline(f.at, 5), 5 FROM found f
        UNION ALL
        SELECT '三（三）2③', '紧急移交 urgent (24 hours)', f.at, f.at + interval '24 hours', NULL FROM found f
        UNION ALL
        SELECT '三（三）2④', '书面告知受理 acceptance (5)', t.at, jxlink.workday_deadline(t.at, 5), 5 FROM transferred t)
SELECT clause, obligation, started_at, due_at AS late_from,
       jxlink.local_date(due_at - interval '1 microsecond') AS last_day,
       (SELECT string_agg(to_char(d, 'MM-DD') || coalesce(c.name_zh, '周末'), ' ' ORDER BY d)
          FROM generate_series(jxlink.local_date(started_at) + 1, jxlink.local_date(due_at) - 1, '1 day') AS d
          LEFT JOIN jxlink.calendar_day c ON c.day = d::date
         WHERE working_days IS NOT NULL AND NOT jxlink.is_workday(d::date)) AS days_skipped
FROM limits;

\echo
\echo '== 同一时刻，UTC 客户端得到同一期限 (a client in UTC gets the same instant)'
SET TimeZone = 'UTC';
SELECT jxlink.workday_deadline('2024-09-27 10:00+08', 3) AS transfer_late_from_utc_view;
SET TimeZone = 'Asia/Shanghai';

\echo
\echo '== 春节 2026: 2026-02-13 发现 (found on the Friday before the Spring Festival 2026)'
SELECT jxlink.add_workdays('2026-02-13', 3) AS transfer_last_day,
       jxlink.add_workdays('2026-02-13', 5) AS extended_last_day,
       jxlink.workdays_between('2026-02-13', '2026-02-28') AS working_days_to_feb_28;

\echo
\echo '== 尚未公布安排的年份为暂定 (years without a published schedule are provisional)'
SELECT d AS day, jxlink.add_workdays(d, 3) AS plus_3_working_days,
       jxlink.is_provisional(jxlink.add_workdays(d, 3)) AS provisional
FROM unnest(ARRAY[DATE '2026-12-29', DATE '2027-09-30']) AS d;

-- ===========================================================================
-- Part 2 (jxlink 0.2.0): a sample street, referrals and the obligation ledger.
-- Every event carries an explicit occurred_at in autumn 2024, so the output
-- does not depend on the day the demo runs.  Clerks act through the API with
-- SET ROLE, as a front end connected as them would.
-- ===========================================================================

\echo
\echo '######## 第二部分：新塘街道样例、案件移送与时限台账 (part 2: a sample street, referrals, the obligation ledger)'

-- ---------------------------------------------------------------------------
-- 1. The street (二) and its liaison persons (三（三）1)
-- ---------------------------------------------------------------------------
INSERT INTO jxlink.jurisdiction (code, name_zh, name_en, is_local)
VALUES ('350582-xintang', '新塘街道', 'Xintang Sub-district, Jinjiang', true);

INSERT INTO jxlink.unit (code, kind, name_zh, name_en) VALUES
    ('sec-econ',   'functional_section',    '经济发展办（市场监管）', 'Economic Development Office (market regulation)'),
    ('sec-plan',   'functional_section',    '规划建设办',             'Planning and Construction Office'),
    ('sec-agri',   'functional_section',    '农业农村办',             'Agriculture and Rural Affairs Office'),
    ('sec-social', 'functional_section',    '社会事务办',             'Social Affairs Office'),
    ('agy-amr',    'dispatched_agency',     '新塘市场监督管理所',     'Xintang Market Supervision Station'),
    ('agy-nr',     'dispatched_agency',     '新塘自然资源所',         'Xintang Natural Resources Station'),
    ('agy-eco',    'dispatched_agency',     '新塘生态环境站',         'Xintang Ecology and Environment Station'),
    ('team',       'enforcement_team',      '新塘街道综合执法队',     'Xintang Comprehensive Enforcement Team'),
    ('wg-1',       'community_work_group',  '第一包社区工作组',       'Community Work Group 1'),
    ('wg-2',       'community_work_group',  '第二包社区工作组',       'Community Work Group 2'),
    ('comm-hg',    'community',             '湖格社区',               'Hu''ge Community'),
    ('comm-dp',    'community',             '大埔社区',               'Dapu Community'),
    ('grid-hg-01', 'grid',                  '湖格社区第1网格',        'Hu''ge Community, grid 1'),
    ('grid-dp-03', 'grid',                  '大埔社区第3网格',        'Dapu Community, grid 3'),
    ('judicial',   'judicial_office',       '新塘司法所',             'Xintang Judicial Office'),
    ('discipline', 'discipline_commission', '新塘街道纪工委',         'Xintang Discipline Inspection Working Committee'),
    ('leaders',    'leadership',            '街道领导',               'Sub-district leadership');

-- Login roles are cluster-wide: create them unless they exist.
DO $$
DECLARE
    r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['xt_econ_clerk', 'xt_econ_lead', 'xt_plan_clerk', 'xt_plan_lead',
                             'xt_agri_clerk', 'xt_agri_lead', 'xt_social_clerk', 'xt_social_lead',
                             'xt_amr_clerk', 'xt_amr_lead', 'xt_nr_clerk', 'xt_nr_lead',
                             'xt_eco_clerk', 'xt_eco_lead', 'xt_team_clerk', 'xt_team_lead',
                             'xt_grid_hg01', 'xt_judicial_clerk'] LOOP
        BEGIN
            EXECUTE format('CREATE ROLE %I LOGIN', r);
        EXCEPTION WHEN duplicate_object THEN
            NULL;
        END;
        -- a clerk acts through the API granted to jxlink_clerk (0.6.0)
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'jxlink_clerk') THEN
            EXECUTE format('GRANT jxlink_clerk TO %I', r);
        END IF;
    END LOOP;
END
$$;

INSERT INTO jxlink.staff (role_name, unit_id, full_name, is_leader)
SELECT s.role_name, u.unit_id, s.full_name, s.is_leader
FROM (VALUES
    ('xt_econ_clerk',     'sec-econ',   '陈志明', false),
    ('xt_econ_lead',      'sec-econ',   '林建华', true),
    ('xt_plan_clerk',     'sec-plan',   '黄晓燕', false),
    ('xt_plan_lead',      'sec-plan',   '许文斌', true),
    ('xt_agri_clerk',     'sec-agri',   '吴俊杰', false),
    ('xt_agri_lead',      'sec-agri',   '蔡国平', true),
    ('xt_social_clerk',   'sec-social', '王丽娟', false),
    ('xt_social_lead',    'sec-social', '郑海涛', true),
    ('xt_amr_clerk',      'agy-amr',    '施雅琴', false),
    ('xt_amr_lead',       'agy-amr',    '洪永辉', true),
    ('xt_nr_clerk',       'agy-nr',     '李振宇', false),
    ('xt_nr_lead',        'agy-nr',     '庄惠玲', true),
    ('xt_eco_clerk',      'agy-eco',    '张伟强', false),
    ('xt_eco_lead',       'agy-eco',    '苏明辉', true),
    ('xt_team_clerk',     'team',       '杨思远', false),
    ('xt_team_lead',      'team',       '曾德福', true),
    ('xt_grid_hg01',      'grid-hg-01', '刘秀英', false),
    ('xt_judicial_clerk', 'judicial',   '周慧敏', false)
) AS s (role_name, unit_code, full_name, is_leader)
JOIN jxlink.unit u ON u.code = s.unit_code;

-- 三（三）1: each section, agency and the team names its referral liaison.
INSERT INTO jxlink.liaison (unit_id, full_name, phone, role_name, duty)
SELECT u.unit_id, l.full_name, l.phone, l.role_name, l.duty
FROM (VALUES
    ('sec-econ',   '陈志明', '0595-8500 0101', 'xt_econ_clerk',   'send'),
    ('sec-plan',   '黄晓燕', '0595-8500 0102', 'xt_plan_clerk',   'send'),
    ('sec-agri',   '吴俊杰', '0595-8500 0103', 'xt_agri_clerk',   'send'),
    ('sec-social', '王丽娟', '0595-8500 0104', 'xt_social_clerk', 'send'),
    ('agy-amr',    '施雅琴', '0595-8500 0201', 'xt_amr_clerk',    'send'),
    ('agy-nr',     '李振宇', '0595-8500 0202', 'xt_nr_clerk',     'send'),
    ('agy-eco',    '张伟强', '0595-8500 0203', 'xt_eco_clerk',    'send'),
    ('team',       '杨思远', '0595-8500 0300', 'xt_team_clerk',   'receive')
) AS l (unit_code, full_name, phone, role_name, duty)
JOIN jxlink.unit u ON u.code = l.unit_code;

\echo
\echo '== 单位（按二所列类别） (units, by the kinds of clause 二)'
WITH kinds (kind, ord, kind_zh) AS (VALUES
    ('functional_section', 1, '职能科室'), ('dispatched_agency', 2, '市直派驻机构'),
    ('enforcement_team', 3, '综合执法队'), ('community_work_group', 4, '包社区工作组'),
    ('community', 5, '社区'), ('grid', 6, '网格'), ('judicial_office', 7, '司法所'),
    ('discipline_commission', 8, '纪工委'), ('leadership', 9, '街道领导'))
SELECT k.kind_zh || ' ' || u.kind AS kind, u.code, u.name_zh, u.name_en
FROM jxlink.unit u JOIN kinds k USING (kind)
ORDER BY k.ord, u.code;

\echo
\echo '== 工作人员与移送联系人（三（三）1） (staff login roles and referral liaisons)'
SELECT u.code AS unit, s.role_name, s.full_name,
       CASE WHEN s.is_leader THEN '分管领导 leader' ELSE '' END AS leader,
       coalesce(l.duty || ' ' || l.phone, '') AS liaison
FROM jxlink.staff s
JOIN jxlink.unit u USING (unit_id)
LEFT JOIN jxlink.liaison l ON l.role_name = s.role_name AND l.active
ORDER BY u.code, s.is_leader, s.role_name;

-- ---------------------------------------------------------------------------
-- 2. Referrals.  Each case is found, referred and handled by the clerks
--    themselves (SET ROLE); ids travel in psql variables, never printed.
-- ---------------------------------------------------------------------------

-- (a) The National Day example: found Friday 2024-09-27 10:00 by the planning
--     office; the transfer on Thursday 10-10 is after the deadline (10-09
--     00:00): late.  An advance notice (三（三）2②) would have extended it to
--     10-11 00:00, but a notice is refused once the deadline has passed, and
--     this demo records everything today, long after it.
SET ROLE xt_plan_clerk;
SELECT jxlink.open_case('licensed', 'patrol', '超出建设工程规划许可范围加建第五层', '2024-09-27 10:00+08',
       '{"party": "晋江市某纺织有限公司", "place": "新塘街道湖格社区工业路 8 号",
         "description": "规划许可四层厂房，现场已加建第五层钢结构约 300 平方米",
         "violation_stopped": true, "evidence_preserved": true}') AS case_a \gset
SELECT jxlink.create_referral(:'case_a', false, '2024-09-27 11:00+08') AS ref_a \gset
SELECT jxlink.add_material(:'ref_a', 'case_source', '现场检查记录及照片 12 张', '规建检〔2024〕0927-01') \g /dev/null
SELECT jxlink.add_material(:'ref_a', 'preliminary_evidence', '建设工程规划许可证复印件、测绘报告', '测绘〔2024〕第 318 号') \g /dev/null
SELECT jxlink.add_material(:'ref_a', 'transfer_letter', '案件移送函', '新塘规建移〔2024〕12号') \g /dev/null
SELECT jxlink.submit_referral(:'ref_a', '2024-10-09 15:00+08') \g /dev/null
SET ROLE xt_plan_lead;
SELECT jxlink.approve_referral(:'ref_a', '2024-10-09 17:30+08') \g /dev/null
SET ROLE xt_plan_clerk;
SELECT jxlink.transfer_referral(:'ref_a', '新塘规建移〔2024〕12号', '2024-10-10 09:30+08') \g /dev/null
SET ROLE xt_team_clerk;
SELECT jxlink.accept_referral(:'ref_a', '受理告知书 新塘综执受〔2024〕41号', '2024-10-12 10:00+08') \g /dev/null
SELECT jxlink.file_referral(:'ref_a', '晋新综执立〔2024〕088号', '2024-10-14 09:00+08') \g /dev/null
SELECT jxlink.decide_referral(:'ref_a', '晋新综执罚决〔2024〕061号', 'penalty', '2024-10-25 16:00+08') \g /dev/null
SELECT jxlink.copy_back_referral(:'ref_a', '处罚决定书抄告规划建设办', '2024-10-28 10:00+08') \g /dev/null
RESET ROLE;

-- The notices of 三（三） and 三（三）1 (tip-offs, progress notes) came in
-- 0.14.0; older versions (test/t/005 runs this file under each) skip them.
SELECT string_to_array(extversion, '.')::int[] >= '{0,14,0}' AS demo_notices
FROM pg_extension WHERE extname = 'jxlink' \gset

-- (b) Urgent (24 hours on the clock, holidays do not extend it): waste water
--     discharged into a creek, found on Sunday 10-06, during the holiday.
SET ROLE xt_eco_clerk;
SELECT jxlink.open_case('prohibited', 'complaint', '夜间通过暗管向内沟河直排生产废水', '2024-10-06 21:00+08',
       '{"party": "某漂染作坊", "place": "新塘街道大埔社区内沟河东岸",
         "violation_stopped": true, "evidence_preserved": true}') AS case_b \gset
\if :demo_notices
-- 三（三）: the violation is in progress: the section stops it, preserves the
-- evidence and tells the team at once, before any formal transfer.
SELECT jxlink.tip_off(:'case_b', '暗管向内沟河直排生产废水，水体发黑有异味；已责令停止排放并封堵排口', true, true,
                      '新塘街道大埔社区内沟河东岸', '2024-10-06 21:20+08') \g /dev/null
\endif
SELECT jxlink.create_referral(:'case_b', true, '2024-10-06 21:40+08') AS ref_b \gset
SELECT jxlink.add_material(:'ref_b', 'case_source', '群众举报记录、夜间现场照片及视频', '生态举〔2024〕1006') \g /dev/null
SELECT jxlink.add_material(:'ref_b', 'preliminary_evidence', '水样采样记录及快速检测结果', '采样〔2024〕A-77') \g /dev/null
SELECT jxlink.add_material(:'ref_b', 'transfer_letter', '案件移送函（紧急）', '新塘环移〔2024〕9号') \g /dev/null
SELECT jxlink.submit_referral(:'ref_b', '2024-10-07 08:30+08') \g /dev/null
SET ROLE xt_eco_lead;
SELECT jxlink.approve_referral(:'ref_b', '2024-10-07 09:00+08') \g /dev/null
SET ROLE xt_eco_clerk;
SELECT jxlink.transfer_referral(:'ref_b', '新塘环移〔2024〕9号', '2024-10-07 10:00+08') \g /dev/null
SET ROLE xt_team_clerk;
SELECT jxlink.accept_referral(:'ref_b', '受理告知书 新塘综执受〔2024〕42号', '2024-10-08 09:00+08') \g /dev/null
SELECT jxlink.file_referral(:'ref_b', '晋新综执立〔2024〕089号', '2024-10-08 14:00+08') \g /dev/null
SELECT jxlink.decide_referral(:'ref_b', '晋新综执罚决〔2024〕070号', 'penalty', '2024-10-29 16:00+08') \g /dev/null
RESET ROLE;

-- (c) Returned for missing material: the sender owes the supplemented
--     referral, approved again by its leader (三（三）3) and transferred, or a
--     withdrawal, within 5 working days (local policy); it has added the
--     material but not yet resubmitted it.
SET ROLE xt_agri_clerk;
SELECT jxlink.open_case('other', 'inspection', '逾期未拆除违法搭建的养殖棚', '2024-10-14 09:00+08',
       '{"party": "村民黄某", "place": "新塘街道湖格社区后山片",
         "description": "责令限期拆除通知书限期届满，当事人未自行拆除（二（四））"}') AS case_c \gset
SELECT jxlink.create_referral(:'case_c', false, '2024-10-14 10:00+08') AS ref_c \gset
SELECT jxlink.add_material(:'ref_c', 'case_source', '复查记录及照片', '农复〔2024〕1014') \g /dev/null
SELECT jxlink.add_material(:'ref_c', 'preliminary_evidence', '责令限期拆除通知书', '新塘农责〔2024〕3号') \g /dev/null
SELECT jxlink.add_material(:'ref_c', 'transfer_letter', '案件移送函', '新塘农移〔2024〕5号') \g /dev/null
SELECT jxlink.submit_referral(:'ref_c', '2024-10-15 09:00+08') \g /dev/null
SET ROLE xt_agri_lead;
SELECT jxlink.approve_referral(:'ref_c', '2024-10-15 11:00+08') \g /dev/null
SET ROLE xt_agri_clerk;
SELECT jxlink.transfer_referral(:'ref_c', '新塘农移〔2024〕5号', '2024-10-16 10:00+08') \g /dev/null
SET ROLE xt_team_clerk;
SELECT jxlink.return_referral(:'ref_c', '缺少限期拆除通知书的送达回证及当事人询问笔录，请补充后再移送', '2024-10-18 16:00+08') \g /dev/null
SET ROLE xt_agri_clerk;
SELECT jxlink.add_material(:'ref_c', 'preliminary_evidence', '送达回证、当事人询问笔录', '农询〔2024〕1021') \g /dev/null
RESET ROLE;

-- (d) Declined: not one of the penalty powers given to the street.
SET ROLE xt_econ_clerk;
SELECT jxlink.open_case('licensed', 'complaint', '商铺未按规定明码标价', '2024-10-10 14:00+08',
       '{"party": "某服装店", "place": "新塘街道大埔社区世纪大道"}') AS case_d \gset
SELECT jxlink.create_referral(:'case_d', false, '2024-10-10 15:00+08') AS ref_d \gset
SELECT jxlink.add_material(:'ref_d', 'case_source', '投诉登记表及现场照片', '12345-20241010-0388') \g /dev/null
SELECT jxlink.add_material(:'ref_d', 'preliminary_evidence', '现场检查笔录', '经检〔2024〕1010') \g /dev/null
SELECT jxlink.add_material(:'ref_d', 'transfer_letter', '案件移送函', '新塘经移〔2024〕21号') \g /dev/null
SELECT jxlink.submit_referral(:'ref_d', '2024-10-11 09:00+08') \g /dev/null
SET ROLE xt_econ_lead;
SELECT jxlink.approve_referral(:'ref_d', '2024-10-11 10:00+08') \g /dev/null
SET ROLE xt_econ_clerk;
SELECT jxlink.transfer_referral(:'ref_d', '新塘经移〔2024〕21号', '2024-10-11 15:00+08') \g /dev/null
SET ROLE xt_team_clerk;
SELECT jxlink.decline_referral(:'ref_d', '价格违法行为不在赋予街道的行政处罚事项目录内（晋政文规〔2022〕1号），请移送市场监督管理部门', '2024-10-16 10:00+08') \g /dev/null
RESET ROLE;

-- (e) Withdrawn: the party put it right before the transfer.
SET ROLE xt_social_clerk;
SELECT jxlink.open_case('prohibited', 'grid_report', '沿街墙面擅自张贴小广告', '2024-10-17 09:30+08',
       '{"party": "某培训机构", "place": "新塘街道湖格社区湖中路"}') AS case_e \gset
SELECT jxlink.create_referral(:'case_e', false, '2024-10-17 10:00+08') AS ref_e \gset
SELECT jxlink.add_material(:'ref_e', 'case_source', '网格员上报记录及照片', '网格〔2024〕HG01-1017') \g /dev/null
SELECT jxlink.submit_referral(:'ref_e', '2024-10-17 16:00+08') \g /dev/null
SELECT jxlink.withdraw_referral(:'ref_e', '当事人已自行清除并书面承诺不再张贴，经核实无需处罚', '2024-10-18 11:00+08') \g /dev/null
RESET ROLE;

-- (f) Transferred late: found Tuesday 10-15, so the last day is Friday 10-18
--     (late from 10-19 00:00); transferred Monday 10-21.  The team accepts but
--     has not filed by the reporting instant (2024-10-31 18:00).
SET ROLE xt_nr_clerk;
SELECT jxlink.open_case('prohibited', 'patrol', '非法占用耕地堆放建筑材料', '2024-10-15 10:00+08',
       '{"party": "某建材经营部", "place": "新塘街道大埔社区南片农田"}') AS case_f \gset
SELECT jxlink.create_referral(:'case_f', false, '2024-10-15 11:00+08') AS ref_f \gset
SELECT jxlink.add_material(:'ref_f', 'case_source', '巡查记录及无人机航拍照片', '资巡〔2024〕1015') \g /dev/null
SELECT jxlink.add_material(:'ref_f', 'preliminary_evidence', '地类认定意见、占地面积测量记录', '资测〔2024〕0412') \g /dev/null
SELECT jxlink.add_material(:'ref_f', 'transfer_letter', '案件移送函', '新塘资移〔2024〕7号') \g /dev/null
SELECT jxlink.submit_referral(:'ref_f', '2024-10-18 15:00+08') \g /dev/null
SET ROLE xt_nr_lead;
SELECT jxlink.approve_referral(:'ref_f', '2024-10-21 09:00+08') \g /dev/null
SET ROLE xt_nr_clerk;
SELECT jxlink.transfer_referral(:'ref_f', '新塘资移〔2024〕7号', '2024-10-21 10:00+08') \g /dev/null
SET ROLE xt_team_clerk;
SELECT jxlink.accept_referral(:'ref_f', '受理告知书 新塘综执受〔2024〕45号', '2024-10-23 11:00+08') \g /dev/null
\if :demo_notices
-- 三（三）1: the liaisons keep each other informed; the team's note is its
-- periodic progress update (every 10 working days while it holds the case).
SET ROLE xt_nr_clerk;
SELECT jxlink.note_progress(:'ref_f', '当事人已清运部分建筑材料，耕地复垦方案待镇自然资源所审核', '2024-10-28 09:00+08') \g /dev/null
SET ROLE xt_team_clerk;
SELECT jxlink.note_progress(:'ref_f', '已约谈当事人并现场勘验，正在核实占地面积，拟于 11 月上旬立案', '2024-10-30 10:00+08') \g /dev/null
\endif
RESET ROLE;

-- (g) An unlicensed matter (二（二）): the transfer opens the sender's
--     licence follow-up, which it reports once the party is licensed.
SET ROLE xt_amr_clerk;
SELECT jxlink.open_case('unlicensed', 'grid_report', '未取得食品经营许可从事餐饮服务', '2024-10-16 15:00+08',
       '{"party": "某小吃店", "place": "新塘街道湖格社区湖格路 22 号",
         "violation_stopped": true, "evidence_preserved": true}') AS case_g \gset
SELECT jxlink.create_referral(:'case_g', false, '2024-10-16 16:00+08') AS ref_g \gset
SELECT jxlink.add_material(:'ref_g', 'case_source', '网格员上报记录、现场检查笔录及照片', '市监检〔2024〕1016') \g /dev/null
SELECT jxlink.add_material(:'ref_g', 'preliminary_evidence', '责令改正通知书、当事人询问笔录', '市监责〔2024〕33号') \g /dev/null
SELECT jxlink.add_material(:'ref_g', 'transfer_letter', '案件移送函', '新塘市监移〔2024〕15号') \g /dev/null
SELECT jxlink.submit_referral(:'ref_g', '2024-10-17 09:00+08') \g /dev/null
SET ROLE xt_amr_lead;
SELECT jxlink.approve_referral(:'ref_g', '2024-10-17 11:00+08') \g /dev/null
SET ROLE xt_amr_clerk;
SELECT jxlink.transfer_referral(:'ref_g', '新塘市监移〔2024〕15号', '2024-10-17 16:00+08') \g /dev/null
SET ROLE xt_team_clerk;
SELECT jxlink.accept_referral(:'ref_g', '受理告知书 新塘综执受〔2024〕44号', '2024-10-21 09:30+08') \g /dev/null
SELECT jxlink.file_referral(:'ref_g', '晋新综执立〔2024〕092号', '2024-10-22 10:00+08') \g /dev/null
SET ROLE xt_amr_clerk;
SELECT jxlink.report_licence_followup(:'ref_g', '当事人已于 2024-10-25 取得食品经营许可证（JY2350582XXXXXXX）', '2024-10-28 10:00+08') \g /dev/null
RESET ROLE;

-- (h) Still waiting for the leader's approval after the transfer deadline.
SET ROLE xt_econ_clerk;
SELECT jxlink.open_case('licensed', 'inspection', '超出营业执照核准范围从事经营', '2024-10-24 16:00+08',
       '{"party": "某五金商行", "place": "新塘街道大埔社区大埔路"}') AS case_h \gset
SELECT jxlink.create_referral(:'case_h', false, '2024-10-25 09:00+08') AS ref_h \gset
SELECT jxlink.add_material(:'ref_h', 'case_source', '现场检查记录', '经检〔2024〕1024') \g /dev/null
SELECT jxlink.submit_referral(:'ref_h', '2024-10-28 10:00+08') \g /dev/null
RESET ROLE;

-- Tags (a)..(h) for the reports below.
CREATE TEMP VIEW demo_tag (tag, referral_id) AS VALUES
    ('(a)', :'ref_a'::uuid), ('(b)', :'ref_b'::uuid), ('(c)', :'ref_c'::uuid), ('(d)', :'ref_d'::uuid),
    ('(e)', :'ref_e'::uuid), ('(f)', :'ref_f'::uuid), ('(g)', :'ref_g'::uuid), ('(h)', :'ref_h'::uuid);

-- ---------------------------------------------------------------------------
-- 3. Reports
-- ---------------------------------------------------------------------------
\echo
\echo '== 案件移送及其状态 (referrals and their states)'
\echo '   (a) 国庆节例 National Day  (b) 紧急 urgent  (c) 退回补充 returned  (d) 不予受理 declined'
\echo '   (e) 撤回 withdrawn  (f) 逾期移送 late  (g) 应批未批 unlicensed  (h) 未移送 not yet transferred'
SELECT t.tag, fu.code AS from_unit, c.category, CASE WHEN r.urgent THEN '紧急' ELSE '' END AS urgent,
       c.title, to_char(c.discovered_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS found,
       r.state || ' ' || s.name_zh AS state
FROM jxlink.referral r
JOIN demo_tag t USING (referral_id)
JOIN jxlink.case_file c USING (case_id)
JOIN jxlink.unit fu ON fu.unit_id = r.from_unit
JOIN jxlink.referral_states() s ON s.state::text = r.state::text  -- (text before 0.11.0, jxlink.referral_state since)
ORDER BY t.tag;

\echo
\echo '== 移送函、立案号、决定书 (letters, case numbers, decisions)'
SELECT t.tag, coalesce(r.letter_no::text, '') AS letter_no, r.transfer_count AS transfers, r.return_count AS returns,
       coalesce(r.filed_case_no::text, '') AS case_no,
       coalesce(r.decision_no || ' ' || r.decision_outcome, '') AS decision
FROM jxlink.referral r
JOIN demo_tag t USING (referral_id)
ORDER BY t.tag;

\echo
\echo '== 时限台账，截至 2024-10-31 18:00 (the obligation ledger as of Thursday 2024-10-31 18:00, Asia/Shanghai)'
\echo '   due = 首个逾期时刻 the first late instant; verdict: 按时 on time / 逾期 LATE / 免除 waived / 未到期 open / 已逾期 OVERDUE'
WITH as_of AS (SELECT timestamptz '2024-10-31 18:00+08' AS at)
SELECT t.tag, o.kind, ou.code AS owner, o.rule_code AS rule, o.clause,
       to_char(o.started_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS started,
       to_char(o.due_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS due,
       o.status,
       to_char(o.met_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS met,
       CASE
           WHEN o.status = 'met' AND o.met_late THEN '逾期 LATE'
           WHEN o.status = 'met' THEN '按时 on time'
           WHEN o.status = 'waived' THEN '免除 waived'
           WHEN o.due_at <= a.at THEN '已逾期 OVERDUE'
           ELSE '未到期 open'
       END AS verdict
FROM jxlink.obligation o
JOIN demo_tag t ON t.referral_id = o.subject_id
JOIN jxlink.unit ou ON ou.unit_id = o.owner_unit
CROSS JOIN as_of a
ORDER BY t.tag, o.started_at, o.kind;

\echo
\echo '== 逾期视图：截至 2024-10-31 18:00 已逾期未履行 (jxlink.overdue_as_of: overdue as of 2024-10-31 18:00)'
SELECT t.tag, o.kind, o.owner_code, o.owner_name_zh, o.clause,
       to_char(o.due_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS late_from,
       o.late_workdays, o.late_hours, o.warning
FROM jxlink.overdue_as_of('2024-10-31 18:00+08') o
JOIN demo_tag t ON t.referral_id = o.subject_id
ORDER BY o.due_at, t.tag;

\echo
\echo '== 临期视图：截至 2024-10-31 18:00 未到期 (jxlink.due_soon_as_of: open, not yet due)'
SELECT t.tag, o.kind, o.owner_code, to_char(o.due_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS late_from,
       o.workdays_left, o.hours_left, o.fraction_left, o.warning
FROM jxlink.due_soon_as_of('2024-10-31 18:00+08') o
JOIN demo_tag t ON t.referral_id = o.subject_id
ORDER BY o.due_at, t.tag;

\echo
\echo '== 2024 年第四季度各单位履行情况（季末判定）(jxlink.unit_scorecard_for: the Q4 2024 scorecard, judged at the quarter''s end)'
SELECT unit_code, kind, total, met_on_time, met_late, overdue, waived, refused, on_time_rate, avg_late_workdays, max_late_workdays
FROM jxlink.unit_scorecard_for('2024-10-01', '2024-12-31')
ORDER BY unit_code, kind;

\echo
\echo '== 国庆节例 (a) 的移送历史 (history of the National Day referral (a))'
SELECT h.seq, h.event, coalesce(h.from_state::text, '-') || ' → ' || h.to_state AS transition,
       to_char(h.occurred_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI Dy') AS occurred,
       h.actor_role, u.code AS actor_unit, coalesce(h.note, '') AS note
FROM jxlink.referral_history h
JOIN jxlink.unit u ON u.unit_id = h.actor_unit
WHERE h.referral_id = :'ref_a'
ORDER BY h.seq;

\if :demo_notices
\echo
\echo '== 及时告知与进展沟通（三（三）、三（三）1）及其通知 (tip-offs and progress notes, and the notifications they put in the outbox)'
SELECT 'tip-off' AS notice, fu.code AS from_unit, tu.code AS to_unit, c.title,
       to_char(t.occurred_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS told,
       CASE WHEN t.violation_stopped THEN '已制止' ELSE '未制止' END || '，'
       || CASE WHEN t.evidence_preserved THEN '证据已保全' ELSE '证据未保全' END AS said
FROM jxlink.case_tipoff t
JOIN jxlink.case_file c USING (case_id)
JOIN jxlink.unit fu ON fu.unit_id = t.from_unit
JOIN jxlink.unit tu ON tu.unit_id = t.to_unit
UNION ALL
SELECT 'progress ' || d.tag, fu.code, tu.code, c.title,
       to_char(p.occurred_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'), p.note
FROM jxlink.referral_progress p
JOIN demo_tag d USING (referral_id)
JOIN jxlink.referral r USING (referral_id)
JOIN jxlink.case_file c ON c.case_id = r.case_id
JOIN jxlink.unit fu ON fu.unit_id = p.from_unit
JOIN jxlink.unit tu ON tu.unit_id = p.to_unit
ORDER BY told;
SELECT n.kind, u.code AS recipient, n.body
FROM jxlink.notification n JOIN jxlink.unit u ON u.unit_id = n.recipient_unit
WHERE n.kind IN ('tipoff', 'progress')
ORDER BY n.body;
\endif

\echo
\echo '== 为何此时到期？(a) 的移交义务 (why is it due then? jxlink.explain_obligation() of (a)''s transfer obligation)'
\pset format unaligned
\pset tuples_only on
SELECT replace(replace(jxlink.explain_obligation(o.obligation_id),
                       'obligation ' || o.obligation_id || ': ', 'obligation: '),
               'referral ' || o.subject_id, 'referral (a) ' || r.letter_no)
FROM jxlink.obligation o
JOIN jxlink.referral r ON r.referral_id = o.subject_id
WHERE o.subject_id = :'ref_a' AND o.kind = 'transfer';
\pset tuples_only off
\pset format aligned

-- ===========================================================================
-- Part 3 (jxlink 0.10.0): every other domain of the provisions, in the same
-- street and autumn: complaints (三（二）), the joint meeting (三（四）),
-- sharing (三（一）), assistance (二, 四（三）), patrols (二（五）) and
-- supervision (四（三）).  Older versions (test/t/005 runs this file under
-- each) stop after part 2.
-- ===========================================================================
SELECT string_to_array(extversion, '.')::int[] >= '{0,10,0}' AS demo_all_domains
FROM pg_extension WHERE extname = 'jxlink' \gset
\if :demo_all_domains

\echo
\echo '######## 第三部分：投诉举报、联席会议、信息共享、协助、巡查、监督 (part 3: complaints, the joint meeting, sharing, assistance, patrols, supervision)'

-- The sample street's records start in autumn 2024: the administrator records
-- that the provisions apply from 2024-07-01, so a joint meeting is owed from
-- 2024-Q3 on (by default from 2022-11-21, when Xintang issued them).
UPDATE jxlink.jurisdiction SET provisions_from = '2024-07-01' WHERE code = '350582-xintang';

-- The joint meeting's members (三（四）1): the administrator lists them; the
-- office (办公室) sits at the enforcement team.
INSERT INTO jxlink.joint_meeting_member (unit_id, role)
SELECT unit_id, CASE kind WHEN 'enforcement_team' THEN 'office' WHEN 'leadership' THEN 'convener'
                          WHEN 'judicial_office' THEN 'supervisor' WHEN 'discipline_commission' THEN 'supervisor'
                          ELSE 'member' END
FROM jxlink.unit
WHERE jurisdiction = '350582-xintang'
  AND kind IN ('functional_section', 'dispatched_agency', 'enforcement_team', 'leadership', 'judicial_office',
               'discipline_commission');

SELECT unit_id AS u_econ FROM jxlink.unit WHERE code = 'sec-econ' \gset
SELECT unit_id AS u_plan FROM jxlink.unit WHERE code = 'sec-plan' \gset
SELECT unit_id AS u_amr FROM jxlink.unit WHERE code = 'agy-amr' \gset
SELECT unit_id AS u_nr FROM jxlink.unit WHERE code = 'agy-nr' \gset
SELECT unit_id AS u_eco FROM jxlink.unit WHERE code = 'agy-eco' \gset
SELECT unit_id AS u_team FROM jxlink.unit WHERE code = 'team' \gset
SELECT unit_id AS u_wg1 FROM jxlink.unit WHERE code = 'wg-1' \gset
SELECT unit_id AS u_commhg FROM jxlink.unit WHERE code = 'comm-hg' \gset
SELECT unit_id AS u_judicial FROM jxlink.unit WHERE code = 'judicial' \gset

-- (i) Complaints (三（二）): the first receiver replies within 15 working days
--     (local policy) and stays responsible.  One referred to the team and
--     replied to; one handled on the spot; one never replied to (overdue).
SET ROLE xt_econ_clerk;
SELECT jxlink.receive_complaint('hotline', '2024-10-08 09:10+08', '餐馆超出许可范围经营并油烟扰民',
       '新塘街道湖格社区湖中路 15 号', 'licensed', '{"full_name": "李某", "phone": "13800000000"}') AS cmp_i1 \gset
SELECT jxlink.refer_complaint(:'cmp_i1', '超出许可范围经营餐饮', false, '2024-10-09 10:00+08') AS ref_i1 \gset
SELECT jxlink.add_material(:'ref_i1', 'case_source', '12345 热线工单及现场照片', '12345-20241008-0112') \g /dev/null
SELECT jxlink.add_material(:'ref_i1', 'preliminary_evidence', '现场检查笔录', '经检〔2024〕1009') \g /dev/null
SELECT jxlink.add_material(:'ref_i1', 'transfer_letter', '案件移送函', '新塘经移〔2024〕30号') \g /dev/null
SELECT jxlink.submit_referral(:'ref_i1', '2024-10-09 11:00+08') \g /dev/null
SET ROLE xt_econ_lead;
SELECT jxlink.approve_referral(:'ref_i1', '2024-10-09 15:00+08') \g /dev/null
SET ROLE xt_econ_clerk;
SELECT jxlink.transfer_referral(:'ref_i1', '新塘经移〔2024〕30号', '2024-10-10 09:00+08') \g /dev/null
SELECT jxlink.reply_complaint(:'cmp_i1', 'penalty_due', '已移送综合执法队查处', '2024-10-11 10:00+08') \g /dev/null
SET ROLE xt_team_clerk;
SELECT jxlink.accept_referral(:'ref_i1', '受理告知书 新塘综执受〔2024〕43号', '2024-10-14 09:00+08') \g /dev/null
SELECT jxlink.receive_complaint('report', '2024-10-21 09:00+08', '占道经营', '大埔路口', 'prohibited',
       '{"anonymous": true}') AS cmp_i2 \gset
SELECT jxlink.handle_complaint_on_spot(:'cmp_i2', '当场责令改正，已清理', '2024-10-21 11:00+08') \g /dev/null
SET ROLE xt_plan_clerk;
SELECT jxlink.receive_complaint('complaint', '2024-10-08 15:00+08', '小区内违规搭建阳光房',
       '新塘街道大埔社区某小区 3 幢', 'prohibited', '{"full_name": "王某", "phone": "13900000000"}') \g /dev/null
RESET ROLE;

-- (j) The joint meeting (三（四）): the Q3 meeting adopts two resolutions and
--     its minutes are issued; at the Q4 meeting the market station reports its
--     resolution done, the economic office has not reported (overdue).
SET ROLE xt_team_clerk;
SELECT jxlink.schedule_meeting('2024-09-24 09:00+08') AS mtg_1 \gset
SET ROLE xt_econ_clerk;
SELECT jxlink.propose_agenda_item(:'mtg_1', '夜市占道经营整治分工', '涉及经发办、市监所、执法队', '2024-09-18 09:00+08') AS item_1 \gset
SET ROLE xt_team_clerk;
SELECT jxlink.hold_meeting(:'mtg_1', '2024-09-24 09:00+08', '党工委副书记',
       ARRAY[:'u_team', :'u_econ', :'u_amr', :'u_judicial']::uuid[], '街道三楼会议室') \g /dev/null
SELECT jxlink.adopt_resolution(:'mtg_1', '夜市占道经营联合整治', ARRAY[:'u_econ']::uuid[]) AS res_1 \gset
SELECT jxlink.adopt_resolution(:'mtg_1', '建立电子监控数据共享', ARRAY[:'u_amr']::uuid[]) AS res_2 \gset
SELECT jxlink.escalate_agenda_item(:'item_1', '涉及多部门职责，提请党政联席会议研究', '2024-09-24 12:00+08') \g /dev/null
SELECT jxlink.close_meeting(:'mtg_1', '新塘联席纪〔2024〕3号', '2024-09-26', '2024-09-26 10:00+08') \g /dev/null
SELECT jxlink.schedule_meeting('2024-10-22 09:00+08') AS mtg_2 \gset
SELECT jxlink.hold_meeting(:'mtg_2', '2024-10-22 09:00+08', '党工委副书记',
       ARRAY[:'u_team', :'u_econ', :'u_amr']::uuid[]) \g /dev/null
SET ROLE xt_amr_clerk;
SELECT jxlink.report_resolution(:'res_2', :'mtg_2', 'done', '监控数据已接入执法队平台') \g /dev/null
SET ROLE xt_team_clerk;
SELECT jxlink.close_meeting(:'mtg_2', '新塘联席纪〔2024〕4号', '2024-10-24', '2024-10-24 10:00+08') \g /dev/null
RESET ROLE;

-- (k) Sharing (三（一）): a share acknowledged; a request answered with a
--     share, another refused.
SET ROLE xt_amr_clerk;
SELECT jxlink.share_information('rules_standards', '食品经营行政处罚裁量基准（修订）', ARRAY[:'u_econ']::uuid[],
       '晋市监规〔2024〕2号', '2024-11-01', '2024-10-14 09:00+08') AS share_1 \gset
SET ROLE xt_team_clerk;
SELECT jxlink.request_share(:'u_nr', 'statistics_ledgers', '九月耕地巡查台账', NULL, '2024-10-15 09:00+08') AS req_1 \gset
SELECT jxlink.request_share(:'u_eco', 'statistics_ledgers', '排污许可登记名单', NULL, '2024-10-15 09:30+08') AS req_2 \gset
SET ROLE xt_econ_clerk;
SELECT jxlink.acknowledge_share(:'share_1', '2024-10-15 10:00+08') \g /dev/null
SET ROLE xt_nr_clerk;
SELECT jxlink.answer_share_request(:'req_1', '九月耕地巡查台账', '资台〔2024〕09号', '2024-10-17 16:00+08') \g /dev/null
SET ROLE xt_eco_clerk;
SELECT jxlink.refuse_share_request(:'req_2', '名单由市生态环境局统一管理，请向市局申请', '2024-10-18 10:00+08') \g /dev/null
RESET ROLE;

-- (l) Assistance (二, 四（三）): the economic office asks the team to join an
--     inspection (agreed); the team asks the natural resources station for
--     a survey (technical support: refused, which counts against the station).
SET ROLE xt_econ_clerk;
SELECT jxlink.request_assistance(:'u_team', 'joint_inspection', '重点监管企业联合检查', '湖格工业区',
       '2024-10-25 09:00+08', '2024-10-21 09:00+08') AS help_1 \gset
SET ROLE xt_team_clerk;
SELECT jxlink.request_assistance(:'u_nr', 'technical_support', '违法用地现场测量', '大埔社区南片',
       '2024-10-28 09:00+08', '2024-10-22 09:00+08') AS help_2 \gset
SET ROLE xt_team_clerk;
SELECT jxlink.answer_assistance(:'help_1', true, '派出执法队员 2 名', '2024-10-22 09:00+08') \g /dev/null
SET ROLE xt_nr_clerk;
SELECT jxlink.answer_assistance(:'help_2', false, '本周人员已全部安排巡查', '2024-10-23 09:00+08') \g /dev/null
RESET ROLE;

-- (m) A patrol (二（五）) with two findings; one opens a case.
SET ROLE xt_econ_clerk;
SELECT jxlink.record_patrol('2024-10-23 15:00+08', '湖格社区沿街店铺', ARRAY[:'u_wg1', :'u_commhg']::uuid[],
       ARRAY['店外占道堆放', '无证废品收购点']) AS patrol_1 \gset
SELECT finding_id AS finding_1 FROM jxlink.patrol_finding WHERE patrol_id = :'patrol_1' AND description = '无证废品收购点' \gset
SELECT jxlink.open_case_from_finding(:'finding_1', 'unlicensed', '无证废品收购', 'grid_report') \g /dev/null
RESET ROLE;

-- (n) Supervision (四（三）): the judicial office records an accountability
--     finding on the team's open file_case obligations (case (f) accepted on
--     10-23, not filed).
SET ROLE xt_judicial_clerk;
SELECT jxlink.record_accountability_finding(:'u_team', 'unfiled_case', '受理后逾期未立案',
       ARRAY(SELECT obligation_id FROM jxlink.obligation
             WHERE owner_unit = :'u_team' AND kind = 'file_case' AND status = 'open'),
       '2024-10-31 10:00+08') \g /dev/null
RESET ROLE;

\echo
\echo '== 投诉举报（三（二）） (complaints: received, replied, referred)'
SELECT u.code AS first_receiver, c.channel, c.subject,
       to_char(c.received_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS received,
       coalesce(c.outcome, '') AS outcome,
       coalesce(to_char(c.replied_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD'), '') AS replied,
       CASE WHEN c.referral_id IS NOT NULL THEN '已移送 referred' ELSE '' END AS referred
FROM jxlink.complaint c JOIN jxlink.unit u ON u.unit_id = c.first_receiver
ORDER BY c.received_at;

\echo
\echo '== 联席会议议定事项落实（三（四）4） (jxlink.resolution_followup: resolutions and their reports)'
SELECT minutes_no, resolution_number AS no, resolution_title, unit_code, reported, coalesce(progress, '') AS progress,
       report_status, reports_late
FROM jxlink.resolution_followup
ORDER BY minutes_no, resolution_number, unit_code;

\echo
\echo '== 信息共享、共享请求、协助请求、巡查发现 (shares, share requests, assistance, patrol findings)'
SELECT '共享 share' AS what, s.title, fu.code AS from_unit, tu.code AS to_unit,
       CASE WHEN r.read_at IS NOT NULL THEN '已阅知 acknowledged' ELSE '' END AS outcome
FROM jxlink.share s JOIN jxlink.share_recipient r USING (share_id)
JOIN jxlink.unit fu ON fu.unit_id = s.from_unit JOIN jxlink.unit tu ON tu.unit_id = r.unit_id
UNION ALL
SELECT '请求 request', q.title, fu.code, tu.code, coalesce(q.answer, '')
FROM jxlink.share_request q JOIN jxlink.unit fu ON fu.unit_id = q.from_unit JOIN jxlink.unit tu ON tu.unit_id = q.to_unit
UNION ALL
SELECT '协助 assistance', a.purpose, fu.code, tu.code, coalesce(a.answer, '')
FROM jxlink.assistance_request a JOIN jxlink.unit fu ON fu.unit_id = a.requesting_unit JOIN jxlink.unit tu ON tu.unit_id = a.requested_unit
UNION ALL
SELECT '巡查 patrol', f.description, u.code, p.area, CASE WHEN f.case_id IS NOT NULL THEN '已立线索 case opened' ELSE '' END
FROM jxlink.patrol_finding f JOIN jxlink.patrol p USING (patrol_id) JOIN jxlink.unit u ON u.unit_id = p.led_by
ORDER BY 1, 2;

\echo
\echo '== 监督发现（四（三）） (accountability findings of the judicial office)'
SELECT u.code AS unit, f.kind, f.finding, fb.code AS found_by,
       to_char(f.found_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS found_at,
       (SELECT count(*) FROM jxlink.accountability_finding_obligation o WHERE o.finding_id = f.finding_id) AS obligations
FROM jxlink.accountability_finding f
JOIN jxlink.unit u ON u.unit_id = f.unit_id JOIN jxlink.unit fb ON fb.unit_id = f.found_by_unit;

\echo
\echo '== 逾期视图，各领域：截至 2024-10-31 18:00 (jxlink.overdue_as_of, every kind but the referrals above)'
SELECT o.kind, l.label_zh AS kind_zh, o.owner_code, o.subject_title, o.clause,
       to_char(o.due_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS late_from, o.late_workdays
FROM jxlink.overdue_as_of('2024-10-31 18:00+08') o
LEFT JOIN jxlink.obligation_kind_label l ON l.kind = o.kind
WHERE o.subject_id NOT IN (SELECT referral_id FROM demo_tag)
ORDER BY o.due_at, o.kind, o.owner_code;
\endif
