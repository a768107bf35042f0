-- As-of forms of the referral overview and of the supervision of unfiled
-- cases (四（三）), so that last quarter's report can be reproduced: a
-- referral walked through its states at known times, one returned and
-- transferred again under a new letter, one found later; as of each instant
-- the functions show the state, the numbers and the legs of that time; at
-- now() they equal the live views; an instant outside the calendar is
-- refused (22008) and a refused reading changes nothing.
SET DateStyle = 'ISO, YMD';
SET TimeZone = 'Asia/Shanghai';
SET client_min_messages = warning;
\set SHOW_CONTEXT never
DROP EXTENSION IF EXISTS jxlink CASCADE;
CREATE EXTENSION jxlink;
\i test/fixture/street.sql
\i test/fixture/helpers.sql
\i test/fixture/refer.sql

-- (1) found Monday 09-02 10:00, transferred 09-03, accepted 09-05, filed
--     10-14, decided 10-21, copied back 10-25.
INSERT INTO ids SELECT 'r1', pg_temp.refer('regress_plan_clerk', 'regress_plan_lead', '加建第五层', '2024-09-02 10:00+08', false,
    '{submit,approve,transfer,accept,file,decide,copy_back}',
    '{2024-09-02 11:00+08,2024-09-02 14:00+08,2024-09-03 09:00+08,2024-09-05 10:00+08,2024-10-14 10:00+08,2024-10-21 10:00+08,2024-10-25 10:00+08}');
-- (2) found 09-09, transferred 09-10 under one letter, returned 09-11,
--     transferred again 09-13 under another.
INSERT INTO ids SELECT 'r2', pg_temp.refer('regress_eco_clerk', 'regress_eco_lead', '暗管排污', '2024-09-09 10:00+08', false,
    '{submit,approve,transfer}', '{2024-09-09 11:00+08,2024-09-09 14:00+08,2024-09-10 09:00+08}');
SET ROLE regress_team_clerk;
SELECT jxlink.return_referral(pg_temp.id('r2'), '缺现场照片', '2024-09-11 09:00+08');
SET ROLE regress_eco_clerk;
SELECT jxlink.submit_referral(pg_temp.id('r2'), '2024-09-12 09:00+08');
SET ROLE regress_eco_lead;
SELECT jxlink.approve_referral(pg_temp.id('r2'), '2024-09-12 10:00+08');
SET ROLE regress_eco_clerk;
SELECT jxlink.transfer_referral(pg_temp.id('r2'), '新环移 〔2024〕 7 号', '2024-09-13 09:00+08');
RESET ROLE;
-- (3) found 10-28, after every instant below but the last.
INSERT INTO ids SELECT 'r3', pg_temp.refer('regress_plan_clerk', 'regress_plan_lead', '违规搭建', '2024-10-28 09:00+08', false,
    '{}', '{}');

-- The history, for reference.
SELECT c.title, h.seq, h.event, h.to_state, h.occurred_at, h.note
FROM jxlink.referral_history h JOIN jxlink.referral r USING (referral_id) JOIN jxlink.case_file c USING (case_id)
ORDER BY h.occurred_at, h.seq;

SET ROLE regress_bi;
\echo '-- each instant: the state, numbers and legs of that time'
SELECT a.as_of, o.title, o.state, o.state_name_zh, o.terminal, o.letter_no, o.filed_case_no, o.decision_no,
       o.decision_outcome, o.transfer_count, o.return_count, o.last_event, o.last_event_at
FROM unnest('{2024-09-02 12:00+08,2024-09-04 12:00+08,2024-09-10 12:00+08,2024-09-11 12:00+08,2024-09-30 12:00+08,2024-10-18 12:00+08,2024-10-22 12:00+08,2024-11-01 12:00+08}'::timestamptz[]) a(as_of)
CROSS JOIN LATERAL jxlink.referral_overview_at(a.as_of) o
ORDER BY a.as_of, o.discovered_at;
SELECT a.as_of, o.title, o.transfer_rule, o.transfer_due_at, o.transfer_met_at, o.transfer_status,
       o.acknowledge_due_at, o.acknowledge_met_at, o.acknowledge_status,
       o.file_case_due_at, o.file_case_met_at, o.file_case_status, o.decided_at,
       o.copy_back_due_at, o.copy_back_met_at, o.copy_back_status
FROM unnest('{2024-09-02 12:00+08,2024-09-04 12:00+08,2024-09-30 12:00+08,2024-10-22 12:00+08,2024-11-01 12:00+08}'::timestamptz[]) a(as_of)
CROSS JOIN LATERAL jxlink.referral_overview_at(a.as_of) o
WHERE o.title = '加建第五层'
ORDER BY a.as_of;
-- the legs agree with obligation_status_at at the same instant
SELECT count(*) AS legs_differing
FROM jxlink.referral_overview_at('2024-09-30 12:00+08') o
JOIN jxlink.obligation_status_at('2024-09-30 12:00+08') s ON s.subject_id = o.referral_id AND s.kind = 'file_case'
WHERE (s.due_at, s.met_at, s.status) IS DISTINCT FROM (o.file_case_due_at, o.file_case_met_at, o.file_case_status);

\echo '-- unfiled: accepted and the filing overdue, as of each instant'
SELECT a.as_of, u.title, u.from_code, u.filed_case_no, u.file_case_due_at, u.late_workdays, u.late_hours
FROM unnest('{2024-09-10 12:00+08,2024-09-30 12:00+08,2024-10-11 12:00+08,2024-10-18 12:00+08}'::timestamptz[]) a(as_of)
CROSS JOIN LATERAL jxlink.supervision_unfiled_at(a.as_of) u
ORDER BY a.as_of, u.title;
-- the obligation named is the filing obligation of the referral
SELECT count(*) AS unfiled_not_file_case
FROM jxlink.supervision_unfiled_at('2024-10-11 12:00+08') u
JOIN jxlink.obligation o ON o.obligation_id = u.obligation_id
WHERE o.kind <> 'file_case' OR o.subject_id <> u.referral_id;

\echo '-- at now() the functions equal the live views'
SELECT (SELECT count(*) FROM jxlink.referral_overview) AS overview_rows,
       (SELECT count(*) FROM (SELECT * FROM jxlink.referral_overview
                              EXCEPT ALL SELECT * FROM jxlink.referral_overview_at(now())) d) AS view_not_function,
       (SELECT count(*) FROM (SELECT * FROM jxlink.referral_overview_at(now())
                              EXCEPT ALL SELECT * FROM jxlink.referral_overview) d) AS function_not_view;
SELECT (SELECT count(*) FROM jxlink.supervision_unfiled_at('2024-10-11 12:00+08')) AS unfiled_then,
       (SELECT count(*) FROM (SELECT * FROM jxlink.supervision_unfiled
                              EXCEPT ALL SELECT * FROM jxlink.supervision_unfiled_at(now())) d) AS view_not_function,
       (SELECT count(*) FROM (SELECT * FROM jxlink.supervision_unfiled_at(now())
                              EXCEPT ALL SELECT * FROM jxlink.supervision_unfiled) d) AS function_not_view;
RESET ROLE;
-- an accepted referral left unfiled until now appears in both alike
SET ROLE regress_plan_clerk;
SELECT jxlink.submit_referral(pg_temp.id('r3'), '2024-10-28 10:00+08');
SET ROLE regress_plan_lead;
SELECT jxlink.approve_referral(pg_temp.id('r3'), '2024-10-28 11:00+08');
SET ROLE regress_plan_clerk;
SELECT jxlink.transfer_referral(pg_temp.id('r3'), '新规移〔2024〕3号', '2024-10-29 09:00+08');
SET ROLE regress_team_clerk;
SELECT jxlink.accept_referral(pg_temp.id('r3'), '受理告知书', '2024-10-30 09:00+08');
SET ROLE regress_bi;
SELECT title, from_code, filed_case_no FROM jxlink.supervision_unfiled ORDER BY title;
SELECT (SELECT count(*) FROM (SELECT * FROM jxlink.supervision_unfiled
                              EXCEPT ALL SELECT * FROM jxlink.supervision_unfiled_at(now())) d) AS view_not_function,
       (SELECT count(*) FROM (SELECT * FROM jxlink.supervision_unfiled_at(now())
                              EXCEPT ALL SELECT * FROM jxlink.supervision_unfiled) d) AS function_not_view;
RESET ROLE;

\echo '-- a unit sees only its own referrals; a role with no unit sees none'
SET ROLE regress_eco_clerk;
SELECT title FROM jxlink.referral_overview_at('2024-10-22 12:00+08') ORDER BY title;
SET ROLE regress_stranger;
SELECT count(*) AS stranger_rows FROM jxlink.referral_overview_at('2024-10-22 12:00+08');
RESET ROLE;

\echo '-- an instant outside the calendar is refused (22008) and changes nothing'
CREATE TEMP TABLE before AS SELECT (SELECT count(*) FROM jxlink.referral_history) AS history,
                                   (SELECT count(*) FROM jxlink.obligation) AS obligations;
SET ROLE regress_bi;
SELECT pg_temp.outcome($$SELECT * FROM jxlink.referral_overview_at('infinity')$$);
SELECT pg_temp.outcome($$SELECT * FROM jxlink.referral_overview_at('-infinity')$$);
SELECT pg_temp.outcome($$SELECT * FROM jxlink.supervision_unfiled_at('infinity')$$);
SELECT pg_temp.outcome($$SELECT * FROM jxlink.referral_overview_at('1949-12-31 12:00+08')$$);
RESET ROLE;
SELECT (SELECT count(*) FROM jxlink.referral_history) = b.history AND (SELECT count(*) FROM jxlink.obligation) = b.obligations
       AS nothing_changed FROM before b;
\i test/fixture/street_drop.sql
