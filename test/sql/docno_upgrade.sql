-- jxlink.docno: document numbers (发文字号, GB/T 9704-2012 §7.2.4), the
-- 0.3.0 update of a 0.2.0 database whose referrals hold document numbers as
-- text: it refuses values that are not document numbers, listing them and
-- why, and changes nothing; corrected, the update goes through and the values
-- become canonical.  The referral API (of 0.3.0) then stores the numbers
-- clerks type, canonical, and refuses one that does not parse.
SET DateStyle = 'ISO, YMD';
SET TimeZone = 'Asia/Shanghai';
SET client_min_messages = warning;
\set SHOW_CONTEXT never
DROP EXTENSION IF EXISTS jxlink CASCADE;
CREATE EXTENSION jxlink VERSION '0.2.0';
-- the street (the fixture writes only tables of 0.2.0): SEC-ECON's clerk, the team's clerk
\i test/fixture/street.sql
\i test/fixture/docno_helpers.sql
------------------------------------------------------------------------------
-- The update from 0.2.0: document numbers stored as text become docno
------------------------------------------------------------------------------
INSERT INTO jxlink.case_file (case_id, category, source, title, discovered_at, discovering_unit, created_by)
SELECT ('00000000-0000-7000-8000-00000000000' || n)::uuid, 'licensed', 'patrol', '案件 ' || n,
       '2024-10-08 09:00+08', (SELECT unit_id FROM jxlink.unit WHERE code = 'SEC-ECON'), 'regress'
FROM generate_series(1, 6) AS n;
-- Referrals as a 0.2.0 database holds them (the state guard accepts a row in
-- any state a transition reaches, as for a restore): numbers typed in
-- several ways, and two that are not document numbers at all.
INSERT INTO jxlink.referral (referral_id, case_id, from_unit, to_unit, state, last_event, transition_seq,
                             last_event_at, letter_no, transfer_count, filed_case_no, decision_no,
                             decision_outcome, created_by)
SELECT ('00000000-0000-7000-8000-0000000000b' || n)::uuid, ('00000000-0000-7000-8000-00000000000' || n)::uuid,
       (SELECT unit_id FROM jxlink.unit WHERE code = 'SEC-ECON'), (SELECT unit_id FROM jxlink.unit WHERE code = 'TEAM'),
       state, event, seq, '2024-10-09 09:00+08', letter_no, CASE WHEN letter_no IS NULL THEN 0 ELSE 1 END,
       filed_case_no, decision_no, outcome, 'regress'
FROM (VALUES
    (1, 'decided', 'decide', 8, '新经发移〔2024〕12号', '新综执立〔2024〕31号', '新综执罚〔2024〕31号', 'penalty'),
    (2, 'filed', 'file', 7, '新经发移 [2024] 第013号', '新综执立（２０２４）32号', NULL, NULL),
    (3, 'transferred', 'transfer', 5, '新塘农移〔2024〕5号（补充）', NULL, NULL, NULL),
    (4, 'filed', 'file', 7, '新经发移〔2024〕14号', '立案 2024-15', NULL, NULL),
    (5, 'approved', 'approve', 3, NULL, NULL, NULL, NULL),
    (6, 'approved', 'approve', 3, NULL, NULL, NULL, NULL))
    AS v (n, state, event, seq, letter_no, filed_case_no, decision_no, outcome);
INSERT INTO jxlink.referral_material (referral_id, kind, description, added_by)
SELECT r.referral_id, k, k, 'regress'
FROM jxlink.referral r, unnest(ARRAY['transfer_letter', 'case_source', 'preliminary_evidence']) AS k
WHERE r.state = 'approved';

-- The update refuses, listing every value that does not parse and why; it
-- changes nothing.
\set VERBOSITY default
ALTER EXTENSION jxlink UPDATE TO '0.3.0';
SELECT extversion FROM pg_extension WHERE extname = 'jxlink';
SELECT attname, atttypid::regtype FROM pg_attribute
WHERE attrelid = 'jxlink.referral'::regclass AND attname IN ('letter_no', 'filed_case_no', 'decision_no')
ORDER BY attnum;

-- Corrected (the state guard lets these columns change without a transition),
-- the update goes through.
UPDATE jxlink.referral SET letter_no = '新塘农移〔2024〕5号'
WHERE referral_id = '00000000-0000-7000-8000-0000000000b3';
UPDATE jxlink.referral SET filed_case_no = '新综执立〔2024〕15号'
WHERE referral_id = '00000000-0000-7000-8000-0000000000b4';
ALTER EXTENSION jxlink UPDATE TO '0.3.0';
SELECT extversion FROM pg_extension WHERE extname = 'jxlink';
SELECT attname, atttypid::regtype, col_description(attrelid, attnum) FROM pg_attribute
WHERE attrelid = 'jxlink.referral'::regclass AND attname IN ('letter_no', 'filed_case_no', 'decision_no')
ORDER BY attnum;
-- the values, canonical, in document-number order
SELECT referral_id, state, letter_no, filed_case_no, decision_no
FROM jxlink.referral WHERE letter_no IS NOT NULL ORDER BY letter_no;

-- The referral API stores the numbers clerks type, canonical; a number that
-- does not parse is refused (22P02) and changes nothing.
SET ROLE regress_econ_clerk;
SELECT jxlink.transfer_referral('00000000-0000-7000-8000-0000000000b5', '新经发移［２０２４］第０１６号', '2024-10-09 10:00+08');
SELECT pg_temp.outcome($$SELECT jxlink.transfer_referral('00000000-0000-7000-8000-0000000000b6', '新经发移〔2024〕17号（补）', '2024-10-09 10:00+08')$$);
RESET ROLE;
SET ROLE regress_team_clerk;
SELECT jxlink.accept_referral('00000000-0000-7000-8000-0000000000b5', '受理告知书', '2024-10-10 09:00+08');
SELECT jxlink.file_referral('00000000-0000-7000-8000-0000000000b5', '新综执立 〔2024〕 33 号', '2024-10-11 09:00+08');
SELECT pg_temp.outcome($$SELECT jxlink.decide_referral('00000000-0000-7000-8000-0000000000b5', '决定书 33', 'penalty', '2024-10-12 09:00+08')$$);
SELECT jxlink.decide_referral('00000000-0000-7000-8000-0000000000b5', '新综执罚(2024)033号', 'penalty', '2024-10-12 09:00+08');
RESET ROLE;
SELECT referral_id, state, letter_no, filed_case_no, decision_no
FROM jxlink.referral WHERE referral_id IN ('00000000-0000-7000-8000-0000000000b5', '00000000-0000-7000-8000-0000000000b6')
ORDER BY referral_id;
-- the history keeps the number as the clerk typed it
SELECT seq, event, note FROM jxlink.referral_history
WHERE referral_id = '00000000-0000-7000-8000-0000000000b5' ORDER BY seq;


\i test/fixture/street_drop.sql
