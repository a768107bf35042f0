-- Poison dates (issue 12): every date and time an API function accepts lies
-- inside the working-day calendar (1950-01-01 to 2149-12-31), ±infinity
-- refused, with 22008 naming the argument, and a refused call changes
-- nothing; and no single row with a date outside the calendar (a row written
-- before 0.9.0, here inserted as superuser) makes a reader fail for the
-- clerks or BI: its working-day counts read as unknown (null).
SET DateStyle = 'ISO, YMD';
SET TimeZone = 'Asia/Shanghai';
SET client_min_messages = warning;
\set SHOW_CONTEXT never
DROP EXTENSION IF EXISTS jxlink CASCADE;
CREATE EXTENSION jxlink;
\i test/fixture/street.sql
\i test/fixture/helpers.sql
\i test/fixture/referral_helpers.sql

-- Every row of every table of the extension, as one digest (as superuser).
CREATE FUNCTION pg_temp.everything() RETURNS text
LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE t text; d text; acc text := '';
BEGIN
    FOR t IN SELECT c.relname FROM pg_class c WHERE c.relnamespace = 'jxlink'::regnamespace AND c.relkind = 'r' ORDER BY 1 LOOP
        EXECUTE format('SELECT md5(coalesce(string_agg(x::text, %L ORDER BY x::text), %L)) FROM jxlink.%I x', ',', '', t) INTO d;
        acc := acc || t || ':' || d || ';';
    END LOOP;
    RETURN md5(acc);
END $$;

-- The bounds themselves.
SELECT v, pg_temp.outcome(format('SELECT jxlink.check_calendar_date(%L, %L)', v, 'due_on')) AS date_check
FROM unnest(ARRAY['1949-12-31', '1950-01-01', '2149-12-31', '2150-01-01', 'infinity', '-infinity', NULL]) v;
SELECT v, pg_temp.outcome(format('SELECT jxlink.check_calendar_time(%L, %L)', v, 'occurred_at')) AS time_check
FROM unnest(ARRAY['1949-12-31 23:59:59+08', '1950-01-01 00:00+08', '2149-12-31 23:59:59+08', '2150-01-01 00:00+08',
                  'infinity', '-infinity', NULL]) v;
SELECT jxlink.check_calendar_date(NULL, 'x') IS NULL AS null_date_passes,
       jxlink.check_calendar_time(NULL, 'x') IS NULL AS null_time_passes;
-- check_occurred_at refuses ±infinity and times before the calendar too
SELECT v, pg_temp.outcome(format('SELECT jxlink.check_occurred_at(%L, NULL, %L)', v, 'x')) AS occurred_check
FROM unnest(ARRAY['-infinity', 'infinity', '1949-12-31 10:00+08', '2024-10-01 00:00+08']) v;

-- Things to act on: a draft referral of SEC-ECON, a share request and an
-- assistance request to TEAM, a complaint received by TEAM, a meeting.
SELECT pg_temp.walk('{}') AS draft_r \gset
SELECT pg_temp.walk('{submit,approve,transfer}') AS transferred_r \gset
SET ROLE regress_econ_clerk;
SELECT jxlink.request_share(pg_temp.unit('TEAM'), 'other', '补交材料', '2099-12-18', '2024-12-02 09:00+08') AS share_req \gset
SELECT jxlink.request_assistance(pg_temp.unit('TEAM'), 'joint_inspection', '联合检查', NULL, NULL, '2024-12-02 09:00+08') AS assist_req \gset
SELECT jxlink.open_case('licensed', 'patrol', '未移送的案件', '2024-12-01 09:00+08') AS econ_case \gset
SET ROLE regress_team_clerk;
SELECT jxlink.receive_complaint('hotline', '2024-12-02 09:00+08', '噪音扰民') AS complaint \gset
SELECT jxlink.schedule_meeting('2024-12-20 09:00+08') AS meeting \gset
SELECT jxlink.schedule_meeting('2024-12-10 09:00+08') AS held_meeting \gset
RESET ROLE;
UPDATE jxlink.joint_meeting SET held_at = '2024-12-10 09:00+08', convener = 'c' WHERE meeting_id = :'held_meeting';
SELECT pg_temp.everything() AS before \gset

CREATE TEMP TABLE attempts (who text, what text, stmt text);
GRANT ALL ON attempts TO PUBLIC;
INSERT INTO attempts VALUES
 ('regress_econ_clerk', 'share request due in 2150 (the finding)', format('SELECT jxlink.request_share(%L, %L, %L, %L)', pg_temp.unit('TEAM'), 'other', 'x', '2150-01-01')),
 ('regress_econ_clerk', 'share request due at infinity', format('SELECT jxlink.request_share(%L, %L, %L, %L)', pg_temp.unit('TEAM'), 'other', 'x', 'infinity')),
 ('regress_econ_clerk', 'share request at -infinity', format('SELECT jxlink.request_share(%L, %L, %L, NULL, %L)', pg_temp.unit('TEAM'), 'other', 'x', '-infinity')),
 ('regress_econ_clerk', 'information effective in 2150', format('SELECT jxlink.share_information(%L, %L, %L, NULL, %L)', 'other', 'x', ARRAY[pg_temp.unit('TEAM')], '2150-01-01')),
 ('regress_econ_clerk', 'information shared in 1949', format('SELECT jxlink.share_information(%L, %L, %L, NULL, NULL, %L)', 'other', 'x', ARRAY[pg_temp.unit('TEAM')], '1949-01-01 10:00+08')),
 ('regress_econ_clerk', 'assistance wanted at infinity', format('SELECT jxlink.request_assistance(%L, %L, %L, NULL, %L)', pg_temp.unit('TEAM'), 'joint_inspection', 'p', 'infinity')),
 ('regress_econ_clerk', 'assistance asked in 1949', format('SELECT jxlink.request_assistance(%L, %L, %L, NULL, NULL, %L)', pg_temp.unit('TEAM'), 'joint_inspection', 'p', '1949-12-31 12:00+08')),
 ('regress_team_clerk', 'assistance answered at -infinity', format('SELECT jxlink.answer_assistance(%L, true, %L, %L)', :'assist_req', 'ok', '-infinity')),
 ('regress_team_clerk', 'share answered at infinity', format('SELECT jxlink.answer_share_request(%L, %L, NULL, %L)', :'share_req', 't', 'infinity')),
 ('regress_team_clerk', 'share refused at -infinity', format('SELECT jxlink.refuse_share_request(%L, %L, %L)', :'share_req', 'no', '-infinity')),
 ('regress_team_clerk', 'share acknowledged at -infinity', format('SELECT jxlink.acknowledge_share(%L, %L)', :'share_req', '-infinity')),
 ('regress_econ_clerk', 'a case found at -infinity (accepted before)', format('SELECT jxlink.open_case(%L, %L, %L, %L)', 'licensed', 'patrol', 't', '-infinity')),
 ('regress_econ_clerk', 'a case found in 1949', format('SELECT jxlink.open_case(%L, %L, %L, %L)', 'licensed', 'patrol', 't', '1949-01-01 10:00+08')),
 ('regress_econ_clerk', 'a referral created at -infinity', format('SELECT jxlink.create_referral(%L, false, %L)', :'econ_case', '-infinity')),
 ('regress_econ_clerk', 'a referral submitted at -infinity', format('SELECT jxlink.submit_referral(%L, %L)', :'draft_r', '-infinity')),
 ('regress_econ_clerk', 'a referral submitted at infinity', format('SELECT jxlink.submit_referral(%L, %L)', :'draft_r', 'infinity')),
 ('regress_team_clerk', 'a referral accepted in 1949', format('SELECT jxlink.accept_referral(%L, %L, %L)', :'transferred_r', 'n', '1949-06-01 10:00+08')),
 ('regress_econ_clerk', 'licence follow-up at -infinity', format('SELECT jxlink.report_licence_followup(%L, %L, %L)', :'transferred_r', 'n', '-infinity')),
 ('regress_team_clerk', 'a meeting planned at infinity (accepted before)', format('SELECT jxlink.schedule_meeting(%L)', 'infinity')),
 ('regress_team_clerk', 'a meeting planned in 2150', format('SELECT jxlink.schedule_meeting(%L)', '2150-03-01 09:00+08')),
 ('regress_team_clerk', 'a meeting held at -infinity', format('SELECT jxlink.hold_meeting(%L, %L, %L, %L)', :'meeting', '-infinity', 'c', ARRAY[pg_temp.unit('TEAM')])),
 ('regress_team_clerk', 'minutes issued on infinity', format('SELECT jxlink.close_meeting(%L, %L, %L)', :'held_meeting', 'm', 'infinity')),
 ('regress_team_clerk', 'quarters planned through 1949', format('SELECT jxlink.plan_quarterly_meetings(%L)', '1949-03-31')),
 ('regress_team_clerk', 'quarters planned through infinity', format('SELECT jxlink.plan_quarterly_meetings(%L)', 'infinity')),
 ('regress_econ_clerk', 'an agenda item at -infinity', format('SELECT jxlink.propose_agenda_item(%L, %L, NULL, %L)', :'meeting', 't', '-infinity')),
 ('regress_team_clerk', 'an escalation at infinity', format('SELECT jxlink.escalate_agenda_item(%L, %L, %L)', '00000000-0000-7000-8000-000000000000', 'n', 'infinity')),
 ('regress_team_clerk', 'a complaint received at -infinity', format('SELECT jxlink.receive_complaint(%L, %L, %L)', 'hotline', '-infinity', 's')),
 ('regress_team_clerk', 'a complaint replied at infinity', format('SELECT jxlink.reply_complaint(%L, %L, %L, %L)', :'complaint', 'resolved', 'r', 'infinity')),
 ('regress_team_clerk', 'a complaint referred at -infinity', format('SELECT jxlink.refer_complaint(%L, %L, false, %L)', :'complaint', 't', '-infinity')),
 ('regress_team_clerk', 'a complaint handled at -infinity', format('SELECT jxlink.handle_complaint_on_spot(%L, %L, %L)', :'complaint', 'n', '-infinity')),
 ('regress_team_clerk', 'a patrol at infinity', format('SELECT jxlink.record_patrol(%L, %L, %L)', 'infinity', 'a', ARRAY[pg_temp.unit('TEAM')])),
 ('regress_disc_clerk', 'a finding at -infinity', format('SELECT jxlink.record_accountability_finding(%L, %L, %L, %L, %L)', pg_temp.unit('TEAM'), 'delay', 'f', '{}', '-infinity')),
 ('regress_bi', 'status as of infinity', $$SELECT count(*) FROM jxlink.obligation_status_at('infinity')$$),
 ('regress_bi', 'due soon as of -infinity', $$SELECT count(*) FROM jxlink.due_soon_as_of('-infinity')$$),
 ('regress_bi', 'overdue as of 2200', $$SELECT count(*) FROM jxlink.overdue_as_of('2200-01-01 00:00+08')$$),
 ('regress_bi', 'scorecard as of infinity', $$SELECT count(*) FROM jxlink.unit_scorecard_at('2024-01-01', '2024-12-31', 'infinity')$$),
 ('regress_bi', 'scorecard from 1949', $$SELECT count(*) FROM jxlink.unit_scorecard_for('1949-12-31', '2024-12-31')$$),
 ('regress_bi', 'scorecard to infinity', $$SELECT count(*) FROM jxlink.unit_scorecard_for('2024-01-01', 'infinity')$$);
SELECT who, what, pg_temp.attempt(who, stmt, NULL) AS result FROM attempts;
SELECT pg_temp.everything() = :'before' AS nothing_changed;

-- Inside the calendar the checks let through what they always did: the last
-- day of the calendar as an agreed day is accepted (and read), an event
-- tomorrow is still refused as in the future (22023).
BEGIN;
SET ROLE regress_econ_clerk;
SELECT jxlink.request_share(pg_temp.unit('TEAM'), 'other', '年度清单', '2149-12-31', '2024-12-02 09:00+08') IS NOT NULL AS last_day_accepted;
SELECT status, due_date, workdays_left > 0 AS days_counted FROM jxlink.obligation_status WHERE subject_title = '年度清单';
SELECT split_part(pg_temp.outcome(format('SELECT jxlink.submit_referral(%L, %L)', :'draft_r', now() + interval '1 day')), ':', 1) AS tomorrow;
RESET ROLE;
ROLLBACK;

------------------------------------------------------------------------------
-- Legacy rows (written before 0.9.0 bounded the dates; inserted here as
-- superuser): a share request due 2150-01-01, one due in 1949, and a
-- referral's transfer (a working-day period) due 2150-01-01 with no days kept.
------------------------------------------------------------------------------
SET ROLE regress_econ_clerk;
SELECT jxlink.request_share(pg_temp.unit('TEAM'), 'other', '遗留·2150', '2099-12-18', '2024-12-02 10:00+08') AS late_req \gset
SELECT jxlink.request_share(pg_temp.unit('TEAM'), 'other', '遗留·1949', '2099-12-18', '2024-12-02 11:00+08') AS early_req \gset
RESET ROLE;
UPDATE jxlink.obligation SET due_date = '2150-01-01', due_at = '2150-01-02 00:00+08' WHERE subject_id = :'late_req';
UPDATE jxlink.obligation SET started_at = '1949-12-01 10:00+08', due_date = '1949-12-30', due_at = '1949-12-31 00:00+08'
WHERE subject_id = :'early_req';
UPDATE jxlink.obligation SET due_date = '2150-01-01', due_at = '2150-01-02 00:00+08', derivation = NULL
WHERE subject_id = :'draft_r' AND kind = 'transfer';
CREATE TEMP TABLE legacy AS
SELECT obligation_id, CASE subject_id WHEN :'late_req' THEN 'share due 2150' WHEN :'early_req' THEN 'share due 1949'
                      ELSE 'transfer due 2150' END AS what
FROM jxlink.obligation WHERE subject_id IN (:'late_req', :'early_req') OR (subject_id = :'draft_r' AND kind = 'transfer');
GRANT SELECT ON legacy TO PUBLIC;

-- Every reader, as the clerk of the unit that asked (and sent the referral) and as BI.
CREATE FUNCTION pg_temp.readers(who text) RETURNS TABLE (reader text, outcome text)
LANGUAGE plpgsql AS $$
DECLARE r record;
BEGIN
    EXECUTE format('SET ROLE %I', who);
    FOR r IN SELECT * FROM (VALUES
        ('obligation_status', 'SELECT count(*) FROM jxlink.obligation_status'),
        ('due_soon', 'SELECT count(*) FROM jxlink.due_soon'),
        ('overdue', 'SELECT count(*) FROM jxlink.overdue'),
        ('unit_scorecard', 'SELECT count(*) FROM jxlink.unit_scorecard'),
        ('supervision_cooperation', 'SELECT count(*) FROM jxlink.supervision_cooperation'),
        ('supervision_unfiled', 'SELECT count(*) FROM jxlink.supervision_unfiled'),
        ('referral_overview', 'SELECT count(*) FROM jxlink.referral_overview'),
        ('obligation_status_at', 'SELECT count(*) FROM jxlink.obligation_status_at(now())'),
        ('due_soon_as_of', 'SELECT count(*) FROM jxlink.due_soon_as_of(now())'),
        ('overdue_as_of', 'SELECT count(*) FROM jxlink.overdue_as_of(now())'),
        ('unit_scorecard_at', 'SELECT count(*) FROM jxlink.unit_scorecard_at(''-infinity'', ''infinity'', now())'),
        ('unit_scorecard_for', 'SELECT count(*) FROM jxlink.unit_scorecard_for(''1950-01-01'', ''2149-12-31'')'),
        ('explain_obligation', 'SELECT count(jxlink.explain_obligation(l.obligation_id)) FROM legacy l JOIN jxlink.obligation o USING (obligation_id)')) AS v(n, q) LOOP
        reader := r.n;
        outcome := pg_temp.outcome(r.q);
        RETURN NEXT;
    END LOOP;
    RESET ROLE;
END $$;
SELECT * FROM pg_temp.readers('regress_econ_clerk');
SELECT * FROM pg_temp.readers('regress_team_clerk');
SELECT * FROM pg_temp.readers('regress_bi');

-- What they read: the status is judged on the clock; the working-day counts are unknown.
SET ROLE regress_bi;
SELECT l.what, s.status, s.due_date, s.late_workdays, s.workdays_left
FROM jxlink.obligation_status s JOIN legacy l USING (obligation_id) ORDER BY l.what;
SELECT l.what, d.workdays_left, d.fraction_left, d.warning
FROM jxlink.due_soon d JOIN legacy l USING (obligation_id) ORDER BY l.what;
SELECT l.what, o.late_workdays, o.warning FROM jxlink.overdue o JOIN legacy l USING (obligation_id) ORDER BY l.what;
SELECT quarter, kind, total, overdue, not_yet_due, avg_late_workdays, max_late_workdays
FROM jxlink.unit_scorecard WHERE quarter_start < '1950-01-01' OR quarter_start > '2149-01-01' ORDER BY quarter, kind;
SELECT unit_code, share_requests_overdue, signals FROM jxlink.supervision_cooperation WHERE unit_code = 'TEAM';
SELECT l.what, line FROM legacy l, regexp_split_to_table(jxlink.explain_obligation(l.obligation_id), E'\n') AS line
WHERE line ~ 'cannot be counted|^last day|^late from|^status' ORDER BY l.what, line;
RESET ROLE;

\i test/fixture/street_drop.sql
