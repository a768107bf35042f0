-- A populated street for the fuzzers (run as superuser in a fresh database):
-- the organisation, login roles mapped to units (fuzz_clerk is the one
-- sqlsmith connects as, NOT a superuser), and referrals walked into most
-- states through the API as those roles.  Every event time is in 2024.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE EXTENSION jxlink;

INSERT INTO jxlink.jurisdiction (code, name_zh, name_en, is_local)
VALUES ('350582-xintang', '新塘街道', 'Xintang Street', true);
INSERT INTO jxlink.unit (code, kind, name_zh, name_en) VALUES
    ('SEC-MKT', 'functional_section', '经济发展办（市场监管）', 'Economic Development Office'),
    ('SEC-PLAN', 'functional_section', '规划建设办', 'Planning and Construction Office'),
    ('AGY-MKT', 'dispatched_agency', '市场监督管理所', 'Market Regulation Office'),
    ('TEAM', 'enforcement_team', '综合执法队', 'Comprehensive Enforcement Team'),
    ('JUD', 'judicial_office', '司法所', 'Judicial Office');
DO $$
DECLARE r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['fuzz_clerk', 'fuzz_lead', 'fuzz_clerk_b', 'fuzz_team_clerk', 'fuzz_team_lead'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
            EXECUTE format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE', r);
        END IF;
    END LOOP;
END $$;
INSERT INTO jxlink.staff (role_name, unit_id, full_name, is_leader)
SELECT s.role_name, u.unit_id, s.full_name, s.is_leader
FROM (VALUES ('fuzz_clerk', 'SEC-MKT', '张三', false),
             ('fuzz_lead', 'SEC-MKT', '李四', true),
             ('fuzz_clerk_b', 'SEC-PLAN', '赵六', false),
             ('fuzz_team_clerk', 'TEAM', '王五', false),
             ('fuzz_team_lead', 'TEAM', '陈七', true)) AS s(role_name, code, full_name, is_leader)
JOIN jxlink.unit u ON u.code = s.code;
-- from 0.6.0 on, clerks act through the group role jxlink_clerk
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'jxlink_clerk') THEN
        GRANT jxlink_clerk TO fuzz_clerk, fuzz_lead, fuzz_clerk_b, fuzz_team_clerk, fuzz_team_lead;
    END IF;
END $$;
INSERT INTO jxlink.liaison (unit_id, full_name, phone, duty)
SELECT unit_id, '张三', '0595-0000001', 'send' FROM jxlink.unit WHERE code = 'SEC-MKT';

-- Referrals in most states: step i of a walk happens 10 minutes after step
-- i-1, from a discovery on a 2024 working day.
CREATE FUNCTION pg_temp.walk(n integer, steps text[], found_at timestamptz, category text DEFAULT 'licensed')
RETURNS uuid LANGUAGE plpgsql AS $$
DECLARE c uuid; r uuid; s text; t timestamptz := found_at + interval '30 minutes';
BEGIN
    EXECUTE 'SET ROLE fuzz_clerk';
    c := jxlink.open_case(category, 'inspection', format('样例案件 %s', n), found_at,
                          jsonb_build_object('party', format('当事人 %s', n), 'place', '新塘街道某路',
                                             'violation_stopped', n % 2 = 0));
    r := jxlink.create_referral(c, n % 7 = 3, t);
    PERFORM jxlink.add_material(r, 'transfer_letter', '案件移送函');
    PERFORM jxlink.add_material(r, 'case_source', '现场检查记录');
    PERFORM jxlink.add_material(r, 'preliminary_evidence', '现场照片');
    FOREACH s IN ARRAY steps LOOP
        t := t + interval '10 minutes';
        EXECUTE 'SET ROLE ' || CASE WHEN s IN ('approve', 'send_back') THEN 'fuzz_lead'
                                    WHEN s IN ('accept', 'decline', 'return', 'file', 'decide', 'copy_back')
                                        THEN 'fuzz_team_clerk'
                                    ELSE 'fuzz_clerk' END;
        PERFORM CASE s
            WHEN 'submit' THEN jxlink.submit_referral(r, t)
            WHEN 'send_back' THEN jxlink.send_back_referral(r, '补充材料', t)
            WHEN 'approve' THEN jxlink.approve_referral(r, t)
            WHEN 'notify_extension' THEN jxlink.notify_extension(r, '需补充调查', t)
            WHEN 'transfer' THEN jxlink.transfer_referral(r, format('新经发移〔2024〕%s号', n), t)
            WHEN 'accept' THEN jxlink.accept_referral(r, '受理告知书', t)
            WHEN 'decline' THEN jxlink.decline_referral(r, '不属于赋权事项', t)
            WHEN 'return' THEN jxlink.return_referral(r, '证据不足', t)
            WHEN 'file' THEN jxlink.file_referral(r, format('新综执立〔2024〕%s号', n), t)
            WHEN 'decide' THEN jxlink.decide_referral(r, format('新综执罚〔2024〕%s号', n), 'penalty', t)
            WHEN 'copy_back' THEN jxlink.copy_back_referral(r, '抄告函', t)
            WHEN 'withdraw' THEN jxlink.withdraw_referral(r, '已改正', t)
        END;
    END LOOP;
    RESET ROLE;
    RETURN r;
END $$;

SELECT count(pg_temp.walk(n, steps, timestamptz '2024-03-04 09:00+08' + (n || ' days')::interval * 7,
                          CASE WHEN n % 5 = 4 THEN 'unlicensed' ELSE 'licensed' END))
FROM (VALUES (1, '{}'::text[]),
             (2, '{submit}'),
             (3, '{submit,send_back}'),
             (4, '{submit,approve}'),
             (5, '{submit,approve,transfer,return,submit}'),
             (6, '{submit,approve,transfer,accept}'),
             (7, '{submit,approve,transfer,decline}'),
             (8, '{submit,approve,transfer,return}'),
             (9, '{submit,approve,transfer,accept,file}'),
             (10, '{submit,approve,transfer,accept,file,decide}'),
             (11, '{submit,approve,transfer,accept,file,decide,copy_back}'),
             (12, '{submit,withdraw}'),
             (13, '{submit,approve,transfer,return,withdraw}'),
             (14, '{submit,approve,transfer,accept,file,decide,copy_back}'),
             (15, '{submit,approve}'),
             (16, '{}')) AS w(n, steps) \gset

ANALYZE;
SELECT format('sample: %s cases, %s referrals, %s history rows, %s obligations, %s staff',
              (SELECT count(*) FROM jxlink.case_file), (SELECT count(*) FROM jxlink.referral),
              (SELECT count(*) FROM jxlink.referral_history), (SELECT count(*) FROM jxlink.obligation),
              (SELECT count(*) FROM jxlink.staff)) AS sample \gset
\echo :sample
