-- Local calendar closures (issue 13, item 1): a typhoon closure declared for
-- one town moves the deadlines of that town and of no other; one declared
-- for the city moves those of every town under it; the national calendar is
-- shared.  Every refusal has its SQLSTATE and changes nothing.
SET DateStyle = 'ISO, YMD';
SET TimeZone = 'Asia/Shanghai';
SET client_min_messages = warning;
\set SHOW_CONTEXT never
DROP EXTENSION IF EXISTS jxlink CASCADE;
CREATE EXTENSION jxlink;
\i test/fixture/street.sql
\i test/fixture/helpers.sql

-- the city 晋江市, the town of the fixture (Xintang) and a second town (Chidian) under it
INSERT INTO jxlink.jurisdiction (code, name_zh, name_en, level) VALUES ('350582', '晋江市', 'Jinjiang City', 'city');
INSERT INTO jxlink.jurisdiction (code, name_zh, name_en, level, parent)
VALUES ('350582-chidian', '池店镇', 'Chidian Town', 'town', '350582');
UPDATE jxlink.jurisdiction SET parent = '350582' WHERE code = '350582-xintang';
INSERT INTO jxlink.unit (jurisdiction, code, kind, name_zh) VALUES
    ('350582-chidian', 'SEC-ECON', 'functional_section', '经济发展办'),
    ('350582-chidian', 'TEAM', 'enforcement_team', '池店综合执法队');
DO $$ BEGIN CREATE ROLE regress_cd_clerk; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE regress_cal_admin; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
GRANT jxlink_clerk TO regress_cd_clerk;
GRANT jxlink_admin TO regress_cal_admin;
INSERT INTO jxlink.staff (jurisdiction, role_name, unit_id, full_name)
SELECT '350582-chidian', 'regress_cd_clerk', unit_id, '池店经办人' FROM jxlink.unit
WHERE jurisdiction = '350582-chidian' AND code = 'SEC-ECON';

-- a referral in each town, the same morning (Wednesday 2024-10-09)
SET ROLE regress_econ_clerk;
SELECT jxlink.open_case('licensed', 'patrol', '新塘违规搭建', '2024-10-09 09:00+08') AS xt_case \gset
SELECT jxlink.create_referral(:'xt_case', false, '2024-10-09 10:00+08') AS xt_ref \gset
RESET ROLE;
SET ROLE regress_cd_clerk;
SELECT jxlink.open_case('licensed', 'patrol', '池店违规搭建', '2024-10-09 09:00+08') AS cd_case \gset
SELECT jxlink.create_referral(:'cd_case', false, '2024-10-09 10:00+08') AS cd_ref \gset
RESET ROLE;
CREATE TEMP VIEW transfer AS
SELECT o.jurisdiction, o.kind, o.due_date, o.due_at, o.calendar_version = jxlink.calendar_version() AS national_version,
       o.calendar_version = jxlink.calendar_version(o.jurisdiction) AS current_version
FROM jxlink.obligation o WHERE o.kind = 'transfer' AND o.status = 'open';
GRANT SELECT ON transfer TO PUBLIC;
SELECT * FROM transfer ORDER BY jurisdiction;

-- nothing closed: every jurisdiction counts as the nation does
SELECT j.code, jxlink.is_workday('2024-10-10', j.code) AS oct10,
       jxlink.add_workdays('2024-10-09', 3, j.code) AS plus3,
       jxlink.workdays_between('2024-10-09', '2024-10-16', j.code) AS between,
       jxlink.calendar_version(j.code) = jxlink.calendar_version() AS national_version
FROM jxlink.jurisdiction j ORDER BY j.code;

-- (1) a typhoon closes Xintang on Thursday 2024-10-10: Xintang's deadlines move, Chidian's do not
SET ROLE regress_cal_admin;
INSERT INTO jxlink.calendar_closure (jurisdiction, day, name_zh, name_en, document)
VALUES ('350582-xintang', '2024-10-10', '台风“山陀儿”停工', 'Typhoon Krathon closure', '新政〔2024〕88号')
RETURNING jurisdiction, day, declared_by;
RESET ROLE;
SELECT j.code, jxlink.is_workday('2024-10-10', j.code) AS oct10,
       jxlink.add_workdays('2024-10-09', 3, j.code) AS plus3,
       jxlink.add_workdays('2024-10-11', -1, j.code) AS minus1,
       jxlink.add_workdays('2024-10-10', 0, j.code) AS plus0,
       jxlink.workdays_between('2024-10-09', '2024-10-16', j.code) AS between,
       jxlink.workdays_between('2024-10-16', '2024-10-09', j.code) AS back,
       jxlink.workday_deadline('2024-10-09 10:00+08', 3, j.code) AS deadline,
       jxlink.calendar_version(j.code) = jxlink.calendar_version() AS national_version
FROM jxlink.jurisdiction j ORDER BY j.code;
-- the national forms are unchanged
SELECT jxlink.is_workday('2024-10-10') AS oct10, jxlink.add_workdays('2024-10-09', 3) AS plus3;
-- the open transfer of Xintang moved by a working day, and says why; Chidian's did not move
SELECT * FROM transfer ORDER BY jurisdiction;
SELECT m.jurisdiction, o.kind, m.from_due_at, m.to_due_at, m.cause, m.actor_role,
       m.to_calendar_version = jxlink.calendar_version(m.jurisdiction) AS to_current
FROM jxlink.obligation_move m JOIN jxlink.obligation o USING (obligation_id) ORDER BY m.moved_at, o.kind;

-- the explanation of Xintang's transfer skips the closed day and adds up to its last day
SELECT line FROM regexp_split_to_table(jxlink.explain_obligation(
    (SELECT obligation_id FROM jxlink.obligation WHERE kind = 'transfer' AND jurisdiction = '350582-xintang')), E'\n') AS line
WHERE line ~ '^(working days|days skipped|last day)';

-- (2) the city closes on Friday 2024-10-11: both towns move
SET ROLE regress_cal_admin;
INSERT INTO jxlink.calendar_closure (jurisdiction, day, name_zh)
VALUES ('350582', '2024-10-11', '台风“山陀儿”全市停工');
RESET ROLE;
SELECT j.code, jxlink.is_workday('2024-10-11', j.code) AS oct11,
       jxlink.add_workdays('2024-10-09', 3, j.code) AS plus3
FROM jxlink.jurisdiction j ORDER BY j.code;
SELECT * FROM transfer ORDER BY jurisdiction;
SELECT m.jurisdiction, count(*) AS moves FROM jxlink.obligation_move m GROUP BY 1 ORDER BY 1;

-- (3) a town closed on the city's day too counts the day once
SET ROLE regress_cal_admin;
INSERT INTO jxlink.calendar_closure (jurisdiction, day, name_zh) VALUES ('350582-chidian', '2024-10-11', '池店停工');
RESET ROLE;
SELECT jxlink.add_workdays('2024-10-09', 3, '350582-chidian') AS cd_plus3,
       jxlink.workdays_between('2024-10-09', '2024-10-16', '350582-chidian') AS cd_between;

-- (4) removing the closures moves them back
SET ROLE regress_cal_admin;
DELETE FROM jxlink.calendar_closure WHERE day = '2024-10-11';
DELETE FROM jxlink.calendar_closure WHERE jurisdiction = '350582-xintang';
RESET ROLE;
SELECT * FROM transfer ORDER BY jurisdiction;
SELECT m.jurisdiction, m.from_due_at, m.to_due_at, m.cause
FROM jxlink.obligation_move m ORDER BY m.moved_at, m.jurisdiction, m.to_due_at;

-- (5) a town moved under another city leaves its city's closures behind
INSERT INTO jxlink.jurisdiction (code, name_zh, level) VALUES ('350581', '石狮市', 'city');
INSERT INTO jxlink.jurisdiction (code, name_zh, level) VALUES ('350500-lone', '独立镇', 'town');
INSERT INTO jxlink.calendar_closure (jurisdiction, day, name_zh) VALUES ('350581', '2024-10-14', '石狮停工');
SELECT jxlink.is_workday('2024-10-14', '350500-lone') AS before_move;
UPDATE jxlink.jurisdiction SET parent = '350581' WHERE code = '350500-lone';
SELECT jxlink.is_workday('2024-10-14', '350500-lone') AS after_move,
       jxlink.is_workday('2024-10-14', '350582-xintang') AS xintang;

-- refusals: nothing changes
SET ROLE regress_cal_admin;
INSERT INTO jxlink.calendar_closure (jurisdiction, day, name_zh) VALUES ('350582-xintang', '2024-10-15', '停电'), ('350500-lone', '2024-10-15', '停电');
RESET ROLE;
SELECT md5(string_agg(c::text, '|' ORDER BY c.jurisdiction, c.day)) AS before_c FROM jxlink.calendar_closure c \gset
SELECT md5(string_agg(o::text, '|' ORDER BY o.obligation_id)) AS before_o FROM jxlink.obligation o \gset
SELECT count(*) AS before_m FROM jxlink.obligation_move \gset
SELECT what, pg_temp.outcome(stmt) FROM (VALUES
    ('a national rest day', $$SET ROLE regress_cal_admin; INSERT INTO jxlink.calendar_closure (jurisdiction, day, name_zh) VALUES ('350582-xintang', '2024-10-13', '周日')$$),
    ('a national holiday', $$SET ROLE regress_cal_admin; INSERT INTO jxlink.calendar_closure (jurisdiction, day, name_zh) VALUES ('350582-xintang', '2024-10-01', '国庆')$$),
    ('moved onto a rest day', $$SET ROLE regress_cal_admin; UPDATE jxlink.calendar_closure SET day = '2024-10-13' WHERE day = '2024-10-15'$$),
    ('outside the calendar', $$SET ROLE regress_cal_admin; INSERT INTO jxlink.calendar_closure (jurisdiction, day, name_zh) VALUES ('350582-xintang', '2150-01-06', '远')$$),
    ('twice the same day', $$SET ROLE regress_cal_admin; INSERT INTO jxlink.calendar_closure (jurisdiction, day, name_zh) VALUES ('350582-xintang', '2024-10-15', '重复')$$),
    ('an unknown jurisdiction', $$SET ROLE regress_cal_admin; INSERT INTO jxlink.calendar_closure (jurisdiction, day, name_zh) VALUES ('nowhere', '2024-10-15', '无')$$),
    ('no reason', $$SET ROLE regress_cal_admin; INSERT INTO jxlink.calendar_closure (jurisdiction, day, name_zh) VALUES ('350582-chidian', '2024-10-15', '')$$),
    ('a clerk closes his town', $$SET ROLE regress_econ_clerk; INSERT INTO jxlink.calendar_closure (jurisdiction, day, name_zh) VALUES ('350582-xintang', '2024-10-16', '台风')$$),
    ('a clerk removes a closure', $$SET ROLE regress_econ_clerk; DELETE FROM jxlink.calendar_closure$$),
    ('a jurisdiction with closures removed', $$DELETE FROM jxlink.jurisdiction WHERE code = '350500-lone'$$)
) AS v(what, stmt);
RESET ROLE;
SELECT md5(string_agg(c::text, '|' ORDER BY c.jurisdiction, c.day)) = :'before_c' AS closures_unchanged FROM jxlink.calendar_closure c;
SELECT md5(string_agg(o::text, '|' ORDER BY o.obligation_id)) = :'before_o' AS obligations_unchanged FROM jxlink.obligation o;
SELECT count(*) = :before_m AS no_moves FROM jxlink.obligation_move;
-- a clerk reads the closures and counts in his town's calendar
SET ROLE regress_econ_clerk;
SELECT jurisdiction, day, name_zh FROM jxlink.calendar_closure ORDER BY jurisdiction, day;
SELECT jxlink.is_workday('2024-10-15', '350582-xintang') AS xt_oct15, jxlink.is_workday('2024-10-15', '350582-chidian') AS cd_oct15;
RESET ROLE;
-- unknown jurisdictions and bad arguments of the functions
SELECT pg_temp.outcome($$SELECT jxlink.is_workday('2024-10-15', 'nowhere')$$) AS unknown_is_workday,
       pg_temp.outcome($$SELECT jxlink.add_workdays('2024-10-15', 1, 'nowhere')$$) AS unknown_add,
       pg_temp.outcome($$SELECT jxlink.time_limit_due('3 工作日', '2024-10-15', 'nowhere')$$) AS unknown_due,
       pg_temp.outcome($$SELECT jxlink.workday_deadline('2024-10-15', -1, '350582-xintang')$$) AS negative,
       pg_temp.outcome($$SELECT jxlink.add_workdays('2149-12-30', 5, '350582-xintang')$$) AS past_the_end;
SELECT jxlink.workdays_between_or_null('2024-10-09', 'infinity', '350582-xintang') AS or_null,
       jxlink.workdays_between_or_null('2024-10-09', '2024-10-16', '350582-xintang') AS xt_week,
       jxlink.time_limit_due('24 小时', '2024-10-14 10:00+08', '350582-xintang') AS hours_not_moved,
       jxlink.time_limit_last_day('5 日', '2024-10-14', '350582-xintang') AS days_not_moved,
       jxlink.time_limit_last_day('3 工作日', '2024-10-14', '350582-xintang') AS workdays_moved,
       '2024-10-14'::date OPERATOR(jxlink.+) '3 工作日'::jxlink.time_limit AS national;
-- a closure on a day later made a national rest day closes nothing more
INSERT INTO jxlink.calendar_day (day, kind, name_zh, name_en) VALUES ('2024-10-15', 'holiday', '临时调休', 'Extra rest day');
SELECT jxlink.workdays_between('2024-10-14', '2024-10-16', '350582-xintang') AS xt, jxlink.workdays_between('2024-10-14', '2024-10-16') AS national;
DELETE FROM jxlink.calendar_day WHERE day = '2024-10-15';

\i test/fixture/street_drop.sql
DROP ROLE regress_cd_clerk, regress_cal_admin;
