-- Referral refusals: what an event requires (三（三）).  A letter number, a
-- written notice, a reason, a case or decision number, a known outcome, a
-- known referral, case or material kind, a case's category, source, title
-- and details: each refusal has its SQLSTATE and changes nothing.  A null in
-- any argument of any event function is a clean error, never an internal one.
SET DateStyle = 'ISO, YMD';
SET TimeZone = 'Asia/Shanghai';
SET client_min_messages = warning;
\set SHOW_CONTEXT never
DROP EXTENSION IF EXISTS jxlink CASCADE;
CREATE EXTENSION jxlink;
\i test/fixture/street.sql
\i test/fixture/helpers.sql
\i test/fixture/referral_helpers.sql

-- Referrals of SEC-ECON in the states the attempts need (pg_temp.walk).
SELECT pg_temp.walk('{}') AS draft_r \gset
SELECT pg_temp.walk('{submit}') AS awaiting_r \gset
SELECT pg_temp.walk('{submit,approve}') AS approved_r \gset
SELECT pg_temp.walk('{submit,approve,transfer}') AS transferred_r \gset
SELECT pg_temp.walk('{submit,approve,transfer,accept}') AS accepted_r \gset
SELECT pg_temp.walk('{submit,approve,transfer,accept,file}') AS filed_r \gset

CREATE TEMP TABLE attempts (who text, what text, stmt text, r uuid);
INSERT INTO attempts VALUES
 ('regress_econ_clerk', 'transfer without a letter number', format('SELECT jxlink.transfer_referral(%L, %L, %L)', :'approved_r', ' ', '2024-12-01 10:00+08'), :'approved_r'),
 ('regress_team_clerk', 'accept without a written notice', format('SELECT jxlink.accept_referral(%L, NULL, %L)', :'transferred_r', '2024-12-01 10:00+08'), :'transferred_r'),
 ('regress_team_clerk', 'decline without a reason', format('SELECT jxlink.decline_referral(%L, %L, %L)', :'transferred_r', '', '2024-12-01 10:00+08'), :'transferred_r'),
 ('regress_team_clerk', 'return without a reason', format('SELECT jxlink.return_referral(%L, NULL, %L)', :'transferred_r', '2024-12-01 10:00+08'), :'transferred_r'),
 ('regress_econ_lead', 'send back without a reason', format('SELECT jxlink.send_back_referral(%L, NULL, %L)', :'awaiting_r', '2024-12-01 10:00+08'), :'awaiting_r'),
 ('regress_team_clerk', 'file without a case number', format('SELECT jxlink.file_referral(%L, NULL, %L)', :'accepted_r', '2024-12-01 10:00+08'), :'accepted_r'),
 ('regress_team_clerk', 'decide with an unknown outcome', format('SELECT jxlink.decide_referral(%L, %L, %L, %L)', :'filed_r', 'D', 'warning', '2024-12-01 10:00+08'), :'filed_r'),
 ('regress_team_clerk', 'decide without a decision number', format('SELECT jxlink.decide_referral(%L, NULL, %L, %L)', :'filed_r', 'penalty', '2024-12-01 10:00+08'), :'filed_r'),
 ('regress_econ_clerk', 'extension without a reason', format('SELECT jxlink.notify_extension(%L, NULL, %L)', :'draft_r', '2024-10-21 10:00+08'), :'draft_r'),
 ('regress_econ_clerk', 'an unknown referral', format('SELECT jxlink.submit_referral(%L, %L)', '00000000-0000-7000-8000-000000000000', '2024-12-01 10:00+08'), NULL),
 ('regress_econ_clerk', 'no referral at all', format('SELECT jxlink.submit_referral(NULL, %L)', '2024-12-01 10:00+08'), NULL),
 ('regress_econ_clerk', 'material of an unknown kind', format('SELECT jxlink.add_material(%L, %L, %L)', :'draft_r', 'video', '视频'), :'draft_r'),
 ('regress_econ_clerk', 'a referral of an unknown case', format('SELECT jxlink.create_referral(%L)', '00000000-0000-7000-8000-000000000000'), NULL),
 ('regress_econ_clerk', 'a case of an unknown category', $$SELECT jxlink.open_case('permit', 'patrol', 't', '2024-10-01 10:00+08')$$, NULL),
 ('regress_econ_clerk', 'a case of an unknown source', $$SELECT jxlink.open_case('licensed', 'rumour', 't', '2024-10-01 10:00+08')$$, NULL),
 ('regress_econ_clerk', 'a case without a title', $$SELECT jxlink.open_case('licensed', 'patrol', '', '2024-10-01 10:00+08')$$, NULL),
 ('regress_econ_clerk', 'a case found in the future', $$SELECT jxlink.open_case('licensed', 'patrol', 't', '2999-10-01 10:00+08')$$, NULL),
 ('regress_econ_clerk', 'a case with unknown details', $$SELECT jxlink.open_case('licensed', 'patrol', 't', '2024-10-01 10:00+08', '{"phone": "138"}')$$, NULL),
 ('regress_econ_clerk', 'a case with a non-boolean flag', $$SELECT jxlink.open_case('licensed', 'patrol', 't', '2024-10-01 10:00+08', '{"violation_stopped": "yes"}')$$, NULL);
GRANT ALL ON attempts TO PUBLIC;
SELECT who, what, pg_temp.attempt(who, stmt, r) AS result FROM attempts;

------------------------------------------------------------------------------
-- A null in any argument of any event function, the others valid, is a
-- clean error (22004 for the referral and the time, else the refusal the
-- state or the argument calls for), never an internal one, and changes nothing.
------------------------------------------------------------------------------
SELECT pg_temp.fingerprint(:'draft_r') AS before \gset
SET ROLE regress_econ_clerk;
SELECT f.proname, n.arg AS null_argument,
       split_part(pg_temp.outcome(format('SELECT jxlink.%I(%s)', f.proname,
           (SELECT string_agg(CASE WHEN a = n.arg THEN 'NULL'
                                   WHEN a = 0 THEN quote_literal(:'draft_r') || '::uuid'
                                   WHEN a = f.pronargs - 1 THEN quote_literal('2024-12-01 10:00+08') || '::timestamptz'
                                   ELSE quote_literal('x') END, ', ' ORDER BY a)
            FROM generate_series(0, f.pronargs - 1) AS a))), ':', 1) AS sqlstate
FROM pg_proc f
CROSS JOIN generate_series(0, 3) AS n(arg)
WHERE f.pronamespace = 'jxlink'::regnamespace AND n.arg < f.pronargs
  AND f.proname IN ('submit_referral', 'approve_referral', 'send_back_referral', 'notify_extension',
                    'transfer_referral', 'accept_referral', 'decline_referral', 'return_referral', 'file_referral',
                    'decide_referral', 'copy_back_referral', 'withdraw_referral')
ORDER BY 1, 2;
RESET ROLE;
SELECT pg_temp.fingerprint(:'draft_r') = :'before' AS unchanged;

-- create_referral goes through the same C path: a null case is an unknown
-- case (P0002), a null urgency or time 22004, and a refusal writes nothing.
SET ROLE regress_econ_clerk;
SELECT jxlink.open_case('licensed', 'inspection', '无证经营', '2024-11-04 09:00+08') AS mcase \gset
RESET ROLE;
SELECT (SELECT count(*) FROM jxlink.referral) AS referrals, (SELECT count(*) FROM jxlink.referral_history) AS history,
       (SELECT count(*) FROM jxlink.obligation) AS obligations \gset before_
SET ROLE regress_econ_clerk;
SELECT what, pg_temp.outcome(stmt) FROM (VALUES
    ('no case', $$SELECT jxlink.create_referral(NULL)$$),
    ('no urgency', format('SELECT jxlink.create_referral(%L, NULL)', :'mcase')),
    ('no time', format('SELECT jxlink.create_referral(%L, false, NULL)', :'mcase'))) AS t(what, stmt);
RESET ROLE;
SELECT (SELECT count(*) FROM jxlink.referral) = :before_referrals
   AND (SELECT count(*) FROM jxlink.referral_history) = :before_history
   AND (SELECT count(*) FROM jxlink.obligation) = :before_obligations AS nothing_written;

\i test/fixture/street_drop.sql
