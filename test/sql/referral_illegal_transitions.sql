-- Every illegal transition of the referral state machine (三（三）): for a
-- referral in each of the eleven states, every event the state machine does
-- not allow fails with 55000, as the sender's leader and as the team's leader
-- (roles that could otherwise fire it), and changes nothing; the team's leader
-- gets 42501 instead for a referral never transferred to it (a draft, awaiting
-- approval, approved, or withdrawn before any transfer), whose state it does
-- not learn.
SET DateStyle = 'ISO, YMD';
SET TimeZone = 'Asia/Shanghai';
SET client_min_messages = warning;
\set SHOW_CONTEXT never
DROP EXTENSION IF EXISTS jxlink CASCADE;
CREATE EXTENSION jxlink;
\i test/fixture/street.sql
\i test/fixture/helpers.sql
\i test/fixture/referral_helpers.sql

CREATE TEMP TABLE at_state (state text, referral_id uuid);
GRANT ALL ON at_state TO PUBLIC;
-- one referral per state, each on its own case (pg_temp.walk)
INSERT INTO at_state VALUES
    ('draft', pg_temp.walk('{}')),
    ('awaiting_approval', pg_temp.walk('{submit}')),
    ('approved', pg_temp.walk('{submit,approve}')),
    ('transferred', pg_temp.walk('{submit,approve,transfer}')),
    ('returned', pg_temp.walk('{submit,approve,transfer,return}')),
    ('accepted', pg_temp.walk('{submit,approve,transfer,accept}')),
    ('filed', pg_temp.walk('{submit,approve,transfer,accept,file}')),
    ('decided', pg_temp.walk('{submit,approve,transfer,accept,file,decide}')),
    ('closed', pg_temp.walk('{submit,approve,transfer,accept,file,decide,copy_back}')),
    ('declined', pg_temp.walk('{submit,approve,transfer,decline}')),
    ('withdrawn', pg_temp.walk('{withdraw}'));
SELECT a.state, r.state::text = a.state AS in_state FROM at_state a JOIN jxlink.referral r USING (referral_id) ORDER BY a.state;

CREATE TEMP TABLE illegal AS
SELECT a.state, e.event,
       CASE e.event
           WHEN 'submit' THEN format('SELECT jxlink.submit_referral(%L, %L)', a.referral_id, '2024-12-01 10:00+08')
           WHEN 'approve' THEN format('SELECT jxlink.approve_referral(%L, %L)', a.referral_id, '2024-12-01 10:00+08')
           WHEN 'send_back' THEN format('SELECT jxlink.send_back_referral(%L, %L, %L)', a.referral_id, 'x', '2024-12-01 10:00+08')
           WHEN 'notify_extension' THEN format('SELECT jxlink.notify_extension(%L, %L, %L)', a.referral_id, 'x', '2024-12-01 10:00+08')
           WHEN 'transfer' THEN format('SELECT jxlink.transfer_referral(%L, %L, %L)', a.referral_id, 'L', '2024-12-01 10:00+08')
           WHEN 'accept' THEN format('SELECT jxlink.accept_referral(%L, %L, %L)', a.referral_id, 'n', '2024-12-01 10:00+08')
           WHEN 'decline' THEN format('SELECT jxlink.decline_referral(%L, %L, %L)', a.referral_id, 'x', '2024-12-01 10:00+08')
           WHEN 'return' THEN format('SELECT jxlink.return_referral(%L, %L, %L)', a.referral_id, 'x', '2024-12-01 10:00+08')
           WHEN 'file' THEN format('SELECT jxlink.file_referral(%L, %L, %L)', a.referral_id, 'C', '2024-12-01 10:00+08')
           WHEN 'decide' THEN format('SELECT jxlink.decide_referral(%L, %L, %L, %L)', a.referral_id, 'D', 'penalty', '2024-12-01 10:00+08')
           WHEN 'copy_back' THEN format('SELECT jxlink.copy_back_referral(%L, %L, %L)', a.referral_id, 'n', '2024-12-01 10:00+08')
           WHEN 'withdraw' THEN format('SELECT jxlink.withdraw_referral(%L, %L, %L)', a.referral_id, 'x', '2024-12-01 10:00+08')
       END AS stmt,
       a.referral_id
FROM at_state a
CROSS JOIN (SELECT DISTINCT t.event FROM jxlink.referral_transitions() t WHERE t.event <> 'create') e
WHERE NOT EXISTS (SELECT 1 FROM jxlink.referral_transitions() t WHERE t.from_state::text = a.state AND t.event = e.event);
GRANT ALL ON illegal TO PUBLIC;

-- As each role that could otherwise fire the event: the state machine refuses first.
SET ROLE regress_econ_lead;
CREATE TEMP TABLE illegal_sender AS SELECT state, event, pg_temp.refused(stmt, referral_id) AS result FROM illegal;
RESET ROLE; SET ROLE regress_team_lead;
CREATE TEMP TABLE illegal_team AS SELECT state, event, pg_temp.refused(stmt, referral_id) AS result FROM illegal;
RESET ROLE;
SELECT (SELECT count(*) FROM illegal) AS illegal_pairs,
       (SELECT count(*) FROM illegal_sender WHERE result LIKE '55000: %[unchanged]') AS refused_for_sender_leader,
       (SELECT count(*) FROM illegal_team WHERE result LIKE '55000: %[unchanged]') AS refused_for_team_leader,
       (SELECT count(*) FROM illegal_team WHERE result LIKE '42501: your unit is not party to this referral [unchanged]'
          AND state IN ('draft', 'awaiting_approval', 'approved', 'withdrawn')) AS not_party_for_team_leader;
SELECT state, string_agg(event, ', ' ORDER BY event) AS refused_events
FROM illegal_sender GROUP BY state ORDER BY state;
-- Two of them in full.
SET ROLE regress_team_clerk;
SELECT jxlink.accept_referral((SELECT referral_id FROM at_state WHERE state = 'closed'), 'again', '2024-12-01 10:00+08');
SELECT jxlink.file_referral((SELECT referral_id FROM at_state WHERE state = 'transferred'), 'C', '2024-12-01 10:00+08');
RESET ROLE;

-- the sender's leader and the team's leader own these
DROP TABLE illegal_sender, illegal_team;
\i test/fixture/street_drop.sql
