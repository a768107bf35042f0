-- One municipal database (issue 13), step 4: what each jurisdiction has of
-- its own.  The city (晋江市) with two towns, Xintang and Chidian, whose units
-- have the same codes: local-policy periods (the provisions' own limits are
-- the same everywhere), settings (a town's own, else its city's, else the
-- database's), document-number series, the joint meeting and its office
-- (三（四）), history anchors.  Every refusal has its SQLSTATE and changes
-- nothing.
SET DateStyle = 'ISO, YMD';
SET TimeZone = 'Asia/Shanghai';
SET client_min_messages = warning;
\set SHOW_CONTEXT never
DROP EXTENSION IF EXISTS jxlink CASCADE;
CREATE EXTENSION jxlink;
\i test/fixture/street.sql
\i test/fixture/helpers.sql

-- the city, Chidian with the same unit codes as Xintang, Xintang under the city
INSERT INTO jxlink.jurisdiction (code, name_zh, name_en, level) VALUES ('350582', '晋江市', 'Jinjiang City', 'city');
INSERT INTO jxlink.jurisdiction (code, name_zh, name_en, level, parent, provisions_from)
VALUES ('350582-chidian', '池店镇', 'Chidian Town', 'town', '350582', '2024-07-01');
UPDATE jxlink.jurisdiction SET parent = '350582' WHERE code = '350582-xintang';
INSERT INTO jxlink.unit (jurisdiction, code, kind, name_zh) VALUES
    ('350582-chidian', 'SEC-ECON', 'functional_section', '经济发展办'),
    ('350582-chidian', 'TEAM', 'enforcement_team', '池店综合执法队'),
    ('350582-chidian', 'DISC', 'discipline_commission', '池店纪工委');
DO $$
DECLARE
    r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['regress_cd_clerk', 'regress_cd_team', 'regress_cd_disc', 'regress_local_admin'] LOOP
        BEGIN
            EXECUTE format('CREATE ROLE %I', r);
        EXCEPTION WHEN duplicate_object THEN NULL;
        END;
    END LOOP;
END $$;
GRANT jxlink_clerk TO regress_cd_clerk, regress_cd_team, regress_cd_disc;
GRANT jxlink_supervisor TO regress_cd_disc, regress_disc_clerk;
GRANT jxlink_admin TO regress_local_admin;
INSERT INTO jxlink.staff (jurisdiction, role_name, unit_id, full_name)
SELECT '350582-chidian', s.role_name, u.unit_id, s.full_name
FROM (VALUES ('regress_cd_clerk', 'SEC-ECON', '池店经办人'), ('regress_cd_team', 'TEAM', '池店执法队员'),
             ('regress_cd_disc', 'DISC', '池店纪检员')) AS s(role_name, code, full_name)
JOIN jxlink.unit u ON u.jurisdiction = '350582-chidian' AND u.code = s.code;
SELECT code, level, parent, provisions_from FROM jxlink.jurisdiction ORDER BY level, code;

------------------------------------------------------------------------------
-- 1. Local-policy periods per jurisdiction
------------------------------------------------------------------------------

-- Xintang gives the complaint reply (a local-policy default, 15 working days)
-- 10 working days; an administrator records it.
SET ROLE regress_local_admin;
INSERT INTO jxlink.deadline_rule_local (jurisdiction, rule_code, period) VALUES ('350582-xintang', 'complaint_reply', '10 工作日');
-- refusals: a provision's limit (the same everywhere, 三（三）2①), an unknown
-- rule or jurisdiction, an empty period; a clerk may not write
SELECT what, pg_temp.outcome(stmt) FROM (VALUES
    ('the transfer limit of the provisions', $$INSERT INTO jxlink.deadline_rule_local VALUES ('350582-xintang', 'transfer', '5 工作日')$$),
    ('the quarterly meeting of the provisions', $$INSERT INTO jxlink.deadline_rule_local VALUES ('350582', 'quarterly_meeting', '1 季度')$$),
    ('a local row changed to a provision rule', $$UPDATE jxlink.deadline_rule_local SET rule_code = 'acknowledge'$$),
    ('an unknown rule', $$INSERT INTO jxlink.deadline_rule_local VALUES ('350582-xintang', 'no_such_rule', '5 工作日')$$),
    ('an unknown jurisdiction', $$INSERT INTO jxlink.deadline_rule_local VALUES ('350582-nowhere', 'copy_back', '5 工作日')$$),
    ('an agreed day as a period', $$INSERT INTO jxlink.deadline_rule_local VALUES ('350582-chidian', 'copy_back', jxlink.time_limit('agreed_day', 3))$$)
) AS v(what, stmt);
RESET ROLE;
SET ROLE regress_cd_clerk;
SELECT pg_temp.outcome($$INSERT INTO jxlink.deadline_rule_local VALUES ('350582-chidian', 'copy_back', '3 工作日')$$) AS clerk_writes_a_period;
RESET ROLE;
SELECT jurisdiction, rule_code, period FROM jxlink.deadline_rule_local ORDER BY 1, 2;

-- the same complaint received the same day in both towns: Xintang's reply is
-- owed in 10 working days, Chidian's in the shipped 15
SET ROLE regress_econ_clerk;
SELECT jxlink.receive_complaint('hotline', '2025-03-03 09:00+08', '新塘噪音扰民', NULL, 'other') AS xt_c1 \gset
RESET ROLE;
SET ROLE regress_cd_clerk;
SELECT jxlink.receive_complaint('hotline', '2025-03-03 09:00+08', '池店噪音扰民', NULL, 'other') AS cd_c1 \gset
RESET ROLE;
-- the city gives it 20 for all its towns: Chidian's next complaint takes the
-- city's, Xintang keeps its own; the obligations already open keep theirs
SET ROLE regress_local_admin;
INSERT INTO jxlink.deadline_rule_local (jurisdiction, rule_code, period) VALUES ('350582', 'complaint_reply', '20 工作日');
RESET ROLE;
SET ROLE regress_econ_clerk;
SELECT jxlink.receive_complaint('hotline', '2025-03-04 09:00+08', '新塘油烟', NULL, 'other') AS xt_c2 \gset
RESET ROLE;
SET ROLE regress_cd_clerk;
SELECT jxlink.receive_complaint('hotline', '2025-03-04 09:00+08', '池店油烟', NULL, 'other') AS cd_c2 \gset
RESET ROLE;
SELECT o.jurisdiction, o.subject_title, u.code AS owner, o.rule_code, o.period, o.due_date
FROM jxlink.obligation o JOIN jxlink.unit u ON u.unit_id = o.owner_unit
WHERE o.kind = 'complaint_reply' ORDER BY o.started_at, o.jurisdiction;
SELECT j.code, jxlink.rule_period('complaint_reply', j.code) AS complaint_reply,
       jxlink.rule_period('copy_back', j.code) AS copy_back, jxlink.rule_period('transfer', j.code) AS transfer
FROM jxlink.jurisdiction j ORDER BY j.code;

------------------------------------------------------------------------------
-- 2. Settings per jurisdiction
------------------------------------------------------------------------------

-- Chidian warns 3 working days ahead; the city flags recordings 5 working days late
SET ROLE regress_local_admin;
INSERT INTO jxlink.setting_local (jurisdiction, name, value) VALUES
    ('350582-chidian', 'due_soon_workdays', 3), ('350582', 'late_recording_workdays', 5);
RESET ROLE;
SELECT md5(string_agg(s::text, '|' ORDER BY s.jurisdiction, s.name)) AS before_s FROM jxlink.setting_local s \gset
SET ROLE regress_local_admin;
SELECT what, pg_temp.outcome(stmt) FROM (VALUES
    ('an unknown setting', $$INSERT INTO jxlink.setting_local VALUES ('350582-chidian', 'no_such_setting', 1)$$),
    ('a negative value', $$INSERT INTO jxlink.setting_local VALUES ('350582-xintang', 'due_soon_hours', -1)$$),
    ('made negative', $$UPDATE jxlink.setting_local SET value = -2 WHERE name = 'due_soon_workdays'$$),
    ('an unknown jurisdiction', $$INSERT INTO jxlink.setting_local VALUES ('350582-nowhere', 'due_soon_hours', 1)$$),
    ('the value of an unknown setting', $$SELECT jxlink.setting_value('no_such_setting', '350582-chidian')$$),
    ('the value in an unknown jurisdiction', $$SELECT jxlink.setting_value('due_soon_hours', '350582-nowhere')$$)
) AS v(what, stmt);
RESET ROLE;
SET ROLE regress_cd_clerk;
SELECT pg_temp.outcome($$UPDATE jxlink.setting_local SET value = 9$$) AS clerk_changes_a_setting;
RESET ROLE;
SELECT md5(string_agg(s::text, '|' ORDER BY s.jurisdiction, s.name)) = :'before_s' AS settings_unchanged FROM jxlink.setting_local s;
SELECT jurisdiction, name, value, source FROM jxlink.setting_effective
WHERE name IN ('due_soon_workdays', 'late_recording_workdays') ORDER BY name, jurisdiction;
SELECT jxlink.setting_value('due_soon_workdays', '350582-chidian') AS cd_workdays,
       jxlink.setting_value('due_soon_workdays', '350582-xintang') AS xt_workdays,
       jxlink.setting_value('late_recording_workdays', '350582-xintang') AS xt_late;

-- a referral sent on Monday in each town: the transfer is due on Thursday
-- (三（三）2①, 3 working days); on Tuesday, 2 working days are left, which is
-- due soon in Chidian (3) and not yet in Xintang (1)
SET ROLE regress_econ_clerk;
SELECT jxlink.create_referral(jxlink.open_case('licensed', 'patrol', '新塘违规搭建', '2025-03-03 09:00+08'), false, '2025-03-03 10:00+08') AS xt_ref \gset
RESET ROLE;
SET ROLE regress_cd_clerk;
SELECT jxlink.create_referral(jxlink.open_case('licensed', 'patrol', '池店违规搭建', '2025-03-03 09:00+08'), false, '2025-03-03 10:00+08') AS cd_ref \gset
RESET ROLE;
SET ROLE regress_local_admin;
SELECT jurisdiction, owner_code, kind, due_date, workdays_left, warning
FROM jxlink.due_soon_as_of('2025-03-04 12:00+08') WHERE kind = 'transfer' ORDER BY jurisdiction;
SELECT jurisdiction, owner_code, kind, status
FROM jxlink.obligation_status_at('2025-03-04 12:00+08') WHERE kind = 'transfer' ORDER BY jurisdiction;
RESET ROLE;

------------------------------------------------------------------------------
-- 3. Document-number series per jurisdiction
------------------------------------------------------------------------------

-- the same issuer code in both towns: two series, each from 1
SET ROLE regress_econ_clerk;
SELECT jxlink.next_docno('经发', 2025) AS xt_first, jxlink.next_docno('经发', 2025) AS xt_second;
RESET ROLE;
SET ROLE regress_cd_clerk;
SELECT jxlink.next_docno('经发', 2025) AS cd_first;
RESET ROLE;
SELECT jurisdiction, issuer, year, last_number, last_issued_by FROM jxlink.docno_counter ORDER BY jurisdiction;

------------------------------------------------------------------------------
-- 4. Each town's joint meeting and office (三（四）)
------------------------------------------------------------------------------

-- each office plans its own town's quarters (from the quarter the provisions apply in)
SET ROLE regress_team_clerk;
SELECT jxlink.plan_quarterly_meetings('2025-03-31') AS xt_planned;
SELECT pg_temp.outcome($$SELECT jxlink.plan_quarterly_meetings('2025-06-30', '350582-chidian')$$) AS xt_office_plans_chidian;
RESET ROLE;
SET ROLE regress_cd_team;
SELECT jxlink.plan_quarterly_meetings('2025-03-31', '350582-chidian') AS cd_planned;
RESET ROLE;
-- an administrator plans any jurisdiction's, named; an unknown one is refused
SET ROLE regress_local_admin;
SELECT jxlink.plan_quarterly_meetings('2025-06-30', '350582-chidian') AS admin_planned_chidian;
SELECT pg_temp.outcome($$SELECT jxlink.plan_quarterly_meetings('2025-06-30', '350582-nowhere')$$) AS unknown_jurisdiction;
RESET ROLE;
SELECT o.jurisdiction, u.code AS owner, count(*) AS quarters, min(o.subject_ref) AS first, max(o.subject_ref) AS last
FROM jxlink.obligation o JOIN jxlink.unit u ON u.unit_id = o.owner_unit
WHERE o.kind = 'quarterly_meeting' GROUP BY 1, 2 ORDER BY 1;

-- Chidian's office schedules its meeting; Xintang's cannot act on it
SET ROLE regress_cd_team;
SELECT jxlink.schedule_meeting('2025-03-20 09:00+08') AS cd_meeting \gset
RESET ROLE;
SELECT md5(string_agg(m::text, '|')) AS before_m FROM jxlink.joint_meeting m \gset
SET ROLE regress_team_clerk;
SELECT what, pg_temp.outcome(stmt) FROM (VALUES
    ('Xintang''s office holds it', format('SELECT jxlink.hold_meeting(%L, %L, %L, %L)', :'cd_meeting', '2025-03-20 09:00+08', '镇长',
        ARRAY[pg_temp.unit('TEAM'), pg_temp.unit('SEC-ECON')])),
    ('Xintang''s office holds it with Chidian''s units', format('SELECT jxlink.hold_meeting(%L, %L, %L, %L)', :'cd_meeting', '2025-03-20 09:00+08', '镇长',
        (SELECT array_agg(unit_id) FROM jxlink.unit WHERE jurisdiction = '350582-chidian' AND code IN ('TEAM', 'SEC-ECON'))))
) AS v(what, stmt);
RESET ROLE;
SET ROLE regress_econ_clerk;
SELECT pg_temp.outcome(format('SELECT jxlink.propose_agenda_item(%L, %L)', :'cd_meeting', '新塘的议题')) AS xintang_unit_proposes;
RESET ROLE;
SELECT md5(string_agg(m::text, '|')) = :'before_m' AS meetings_unchanged FROM jxlink.joint_meeting m;
SELECT count(*) AS agenda_items FROM jxlink.agenda_item;
-- Chidian's own units propose and hold it: Chidian's first quarter is met, Xintang's not
SET ROLE regress_cd_clerk;
SELECT jxlink.propose_agenda_item(:'cd_meeting', '池店的议题') IS NOT NULL AS chidian_unit_proposes;
RESET ROLE;
SET ROLE regress_cd_team;
SELECT jxlink.hold_meeting(:'cd_meeting', '2025-03-20 09:00+08', '镇长',
    (SELECT array_agg(unit_id) FROM jxlink.unit WHERE jurisdiction = '350582-chidian' AND code IN ('TEAM', 'SEC-ECON'))) AS attendees;
RESET ROLE;
SELECT m.jurisdiction, m.held_at IS NOT NULL AS held, count(a.unit_id) AS attending
FROM jxlink.joint_meeting m LEFT JOIN jxlink.joint_meeting_attendee a USING (meeting_id) GROUP BY 1, 2;
SELECT jurisdiction, subject_ref, status FROM jxlink.obligation
WHERE kind = 'quarterly_meeting' AND subject_ref = '2025-Q1' ORDER BY jurisdiction;

------------------------------------------------------------------------------
-- 5. History anchors per town
------------------------------------------------------------------------------

-- each town's supervisor anchors its own town's chain, not the other's; an
-- administrator anchors any
SET ROLE regress_disc_clerk;
SELECT split_part(jxlink.history_anchor(), ' ', 3) AS xt_anchors;
SELECT pg_temp.outcome($$SELECT jxlink.history_anchor('350582-chidian')$$) AS xt_anchors_chidian;
RESET ROLE;
SET ROLE regress_cd_disc;
SELECT split_part(jxlink.history_anchor(), ' ', 3) AS cd_anchors;
SELECT pg_temp.outcome($$SELECT jxlink.history_anchor('350582-xintang')$$) AS cd_anchors_xintang;
RESET ROLE;
SET ROLE regress_local_admin;
SELECT split_part(jxlink.history_anchor('350582-chidian'), ' ', 3) AS admin_anchors_chidian;
RESET ROLE;
SELECT jurisdiction, taken_by, entries, referrals FROM jxlink.referral_history_anchor ORDER BY taken_at;
SELECT jurisdiction, count(*) AS entries FROM jxlink.referral_history GROUP BY 1 ORDER BY 1;

\i test/fixture/street_drop.sql
DROP ROLE regress_cd_clerk, regress_cd_team, regress_cd_disc, regress_local_admin;
