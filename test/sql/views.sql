-- The BI views and report functions over a small known history, asserted at
-- fixed instants (the *_as_of functions), and the live views where their
-- answer does not depend on today.  Read as a read-only BI role.
SET DateStyle = 'ISO, YMD';
SET TimeZone = 'Asia/Shanghai';
SET client_min_messages = warning;
\set SHOW_CONTEXT never
DROP EXTENSION IF EXISTS jxlink CASCADE;
CREATE EXTENSION jxlink;

-- The organisation.
INSERT INTO jxlink.jurisdiction (code, name_zh, is_local) VALUES ('350582-xintang', '新塘街道', true);
INSERT INTO jxlink.unit (code, kind, name_zh) VALUES
    ('SEC-PLAN', 'functional_section', '规划建设办'),
    ('AGY-ECO', 'dispatched_agency', '生态环境站'),
    ('TEAM', 'enforcement_team', '综合执法队');
DO $$
DECLARE r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['regress_v_plan', 'regress_v_plan_lead', 'regress_v_eco', 'regress_v_eco_lead',
                             'regress_v_team', 'regress_v_bi'] LOOP
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
FROM (VALUES ('regress_v_plan', 'SEC-PLAN', false), ('regress_v_plan_lead', 'SEC-PLAN', true),
             ('regress_v_eco', 'AGY-ECO', false), ('regress_v_eco_lead', 'AGY-ECO', true),
             ('regress_v_team', 'TEAM', false)) AS s(r, code, l)
JOIN jxlink.unit u ON u.code = s.code;

-- A referral walked to a state, as the clerks and leaders would.
CREATE FUNCTION pg_temp.refer(clerk text, lead text, title text, found_at timestamptz, urgent boolean,
                              steps text[], times timestamptz[]) RETURNS uuid
LANGUAGE plpgsql AS $$
DECLARE c uuid; r uuid; i int;
BEGIN
    EXECUTE format('SET ROLE %I', clerk);
    c := jxlink.open_case('licensed', 'inspection', title, found_at);
    r := jxlink.create_referral(c, urgent, found_at);
    PERFORM jxlink.add_material(r, k, k) FROM unnest(ARRAY['transfer_letter', 'case_source', 'preliminary_evidence']) k;
    FOR i IN 1 .. coalesce(array_length(steps, 1), 0) LOOP
        EXECUTE format('SET ROLE %I', CASE WHEN steps[i] = 'approve' THEN lead
                                           WHEN steps[i] IN ('accept', 'file', 'decide', 'copy_back') THEN 'regress_v_team'
                                           ELSE clerk END);
        PERFORM CASE steps[i]
            WHEN 'notify' THEN jxlink.notify_extension(r, '调查核实', times[i])
            WHEN 'submit' THEN jxlink.submit_referral(r, times[i])
            WHEN 'approve' THEN jxlink.approve_referral(r, times[i])
            WHEN 'transfer' THEN jxlink.transfer_referral(r, '新移〔2024〕' || (10 + i) || '号', times[i])
            WHEN 'accept' THEN jxlink.accept_referral(r, '受理告知书', times[i])
            WHEN 'file' THEN jxlink.file_referral(r, '新综执立〔2024〕' || i || '号', times[i])
            WHEN 'decide' THEN jxlink.decide_referral(r, '新综执罚〔2024〕' || i || '号', 'penalty', times[i])
            WHEN 'copy_back' THEN jxlink.copy_back_referral(r, '抄告', times[i])
            WHEN 'withdraw' THEN jxlink.withdraw_referral(r, '已改正', times[i])
        END;
    END LOOP;
    RESET ROLE;
    RETURN r;
END $$;

-- (1) National Day: found Friday 09-27 10:00, extension notice, transferred
--     10-08 (on time), accepted 10-16 (late: due 10-15 00:00), filed, decided,
--     copied back.
SELECT pg_temp.refer('regress_v_plan', 'regress_v_plan_lead', '加建第五层', '2024-09-27 10:00+08', false,
    '{notify,submit,approve,transfer,accept,file,decide,copy_back}',
    '{2024-09-30 09:00+08,2024-10-08 08:00+08,2024-10-08 09:00+08,2024-10-08 09:30+08,2024-10-16 10:00+08,2024-10-18 10:00+08,2024-11-01 10:00+08,2024-11-08 10:00+08}') IS NOT NULL AS r1;
-- (2) urgent, found in the holiday 10-06 21:00, transferred an hour late, accepted in time.
SELECT pg_temp.refer('regress_v_eco', 'regress_v_eco_lead', '暗管排污', '2024-10-06 21:00+08', true,
    '{submit,approve,transfer,accept}',
    '{2024-10-07 08:00+08,2024-10-07 09:00+08,2024-10-07 22:00+08,2024-10-10 09:00+08}') IS NOT NULL AS r2;
-- (3) found Monday 10-14, never transferred: due 10-18 00:00.
SELECT pg_temp.refer('regress_v_plan', 'regress_v_plan_lead', '违规搭建', '2024-10-14 09:00+08', false,
    '{}', '{}') IS NOT NULL AS r3;
-- (4) withdrawn on 10-11.
SELECT pg_temp.refer('regress_v_eco', 'regress_v_eco_lead', '张贴广告', '2024-10-10 09:00+08', false,
    '{withdraw}', '{2024-10-11 09:00+08}') IS NOT NULL AS r4;

-- The whole ledger, for reference.
SELECT subject_title, kind, rule_code, subject_ref, started_at, due_at, due_date, status, met_at, met_late
FROM jxlink.obligation ORDER BY started_at, kind;

-- Read the rest as a read-only BI role.
REVOKE jxlink_clerk FROM regress_v_bi;
GRANT jxlink_bi TO regress_v_bi;
SET ROLE regress_v_bi;

\echo '-- as of Tuesday 2024-10-08 12:00: the urgent transfer was met an hour late; the rest pending'
SELECT subject_title, kind, status, met_at, late_workdays, workdays_left, hours_left
FROM jxlink.obligation_status_at('2024-10-08 12:00+08') ORDER BY started_at, kind;
SELECT subject_title, kind, workdays_left, hours_left, fraction_left, warning
FROM jxlink.due_soon_as_of('2024-10-08 12:00+08') ORDER BY due_at;
SELECT count(*) AS overdue FROM jxlink.overdue_as_of('2024-10-08 12:00+08');

\echo '-- as of Tuesday 2024-10-15 10:00: the written acceptance of (1) is overdue by 1 working day (10 hours)'
SELECT subject_title, kind, subject_ref, owner_code, owner_kind, counterpart_code, rule_code, clause, period_unit,
       period_amount, due_at, due_date, provisional, late_workdays, late_hours, warning
FROM jxlink.overdue_as_of('2024-10-15 10:00+08') ORDER BY due_at;
SELECT subject_title, kind, owner_code, due_at, workdays_left, hours_left, fraction_left, warning
FROM jxlink.due_soon_as_of('2024-10-15 10:00+08') ORDER BY due_at;

\echo '-- as of Thursday 2024-10-17 10:00: the transfer of (3) is due today: yellow'
SELECT subject_title, kind, workdays_left, hours_left, fraction_left, warning
FROM jxlink.due_soon_as_of('2024-10-17 10:00+08') ORDER BY due_at;
SELECT status, count(*) FROM jxlink.obligation_status_at('2024-10-17 10:00+08') GROUP BY status ORDER BY status;

\echo '-- as of Friday 2024-10-18 10:00: (3) is overdue from 00:00'
SELECT subject_title, kind, due_at, late_workdays, late_hours FROM jxlink.overdue_as_of('2024-10-18 10:00+08');

\echo '-- the quarter''s report, judged at its end (2025-01-01 00:00): does not change with today'
SELECT unit_code, unit_kind, quarter, quarter_start, kind, total, met_on_time, met_late, overdue, not_yet_due, waived,
       on_time_rate, avg_late_workdays, max_late_workdays
FROM jxlink.unit_scorecard_for('2024-10-01', '2024-12-31') ORDER BY unit_code, kind;
SELECT count(*) AS rows_in_q3 FROM jxlink.unit_scorecard_for('2024-07-01', '2024-09-30');

\echo '-- the live views, where the answer does not depend on today'
SELECT subject_title, kind, owner_code, due_at, warning FROM jxlink.overdue ORDER BY due_at;
SELECT count(*) AS due_soon_now FROM jxlink.due_soon;
SELECT subject_title, kind, status FROM jxlink.obligation_status ORDER BY started_at, kind;
SELECT title, from_code, to_code, state, state_name_zh, letter_no, filed_case_no, decision_no, transfer_rule,
       transfer_due_at, transfer_status, acknowledge_due_at, acknowledge_status, file_case_status, decided_at,
       copy_back_status
FROM jxlink.referral_overview ORDER BY discovered_at;
SELECT unit_code, quarter, kind, total, met_on_time, met_late, overdue, waived, on_time_rate
FROM jxlink.unit_scorecard ORDER BY unit_code, quarter, kind;

\echo '-- errors'
SELECT * FROM jxlink.unit_scorecard_for('2024-12-31', '2024-10-01');
SELECT * FROM jxlink.unit_scorecard_for(NULL, '2024-10-01');
RESET ROLE;

-- A changed threshold changes the warning: yellow from 2 working days left.
UPDATE jxlink.setting SET value = 2 WHERE name = 'due_soon_workdays';
SELECT subject_title, kind, workdays_left, warning FROM jxlink.due_soon_as_of('2024-10-15 10:00+08') ORDER BY due_at;
SELECT name, value, origin FROM jxlink.setting ORDER BY name;

-- The views carry no personal data, and every column is commented.
SELECT c.relname, a.attname
FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0
WHERE c.relnamespace = 'jxlink'::regnamespace AND c.relkind = 'v'
  AND (a.attname ~ '(phone|contact|complainant|id_card|address)' OR col_description(c.oid, a.attnum) IS NULL);
SELECT c.relname, (SELECT option_value FROM pg_options_to_table(c.reloptions) WHERE option_name = 'security_invoker') AS security_invoker
FROM pg_class c WHERE c.relnamespace = 'jxlink'::regnamespace AND c.relkind = 'v' ORDER BY 1;

-- The open-item views read the ledger through its indexes.
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT * FROM jxlink.overdue;
EXPLAIN (COSTS OFF) SELECT * FROM jxlink.due_soon;
RESET enable_seqscan;

DROP EXTENSION IF EXISTS jxlink CASCADE;
CREATE EXTENSION jxlink;
DROP ROLE regress_v_plan, regress_v_plan_lead, regress_v_eco, regress_v_eco_lead, regress_v_team, regress_v_bi;
