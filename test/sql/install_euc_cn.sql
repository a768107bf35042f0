-- jxlink installs into a database in EUC_CN (GB2312), an encoding Chinese
-- municipal databases still use: the install script is converted to the
-- database's encoding as a whole, so it holds only characters GB2312 has.
-- Text crosses the encodings both ways: Chinese time limits, document
-- numbers, unit names typed in UTF-8 reach the types and tables converted;
-- labels and messages written in C (state names, clause numbers) reach the
-- client converted back.
SET client_min_messages = warning;
DROP DATABASE IF EXISTS jxlink_euc_cn;
CREATE DATABASE jxlink_euc_cn ENCODING 'EUC_CN' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0;
\c jxlink_euc_cn
SET client_encoding = 'UTF8';
SET DateStyle = 'ISO, YMD';
SET TimeZone = 'Asia/Shanghai';
SET client_min_messages = warning;
\set SHOW_CONTEXT never
CREATE EXTENSION jxlink;
SELECT extversion, pg_encoding_to_char(d.encoding) AS encoding
FROM pg_extension, pg_database d WHERE extname = 'jxlink' AND d.datname = current_database();

-- the types: input converted to UTF-8 for the parsers, output converted back
SET search_path = public, jxlink;
SELECT '3个工作日'::time_limit AS canonical, time_limit_en('24 小时') AS english,
       '2024-09-27 10:00+08'::timestamptz + '3 工作日'::time_limit AS first_late_instant;
SELECT '新经发移［2024］12号'::docno AS docno, 'transferred'::referral_state AS state,
       referral_state_zh('transferred') AS state_zh, referral_state_en('filed') AS state_en;
SELECT state, name_zh FROM referral_states() ORDER BY state;
SELECT rule_code, period, clause FROM deadline_rule WHERE rule_code LIKE 'transfer%' ORDER BY rule_code;
SELECT '3 工作'::time_limit;
SELECT 'transfered'::referral_state;
SELECT '新经发移〔2024〕12'::docno;
RESET search_path;

-- a street's referral through the API as its clerks: the history verifies,
-- and a refusal's detail (a clause number, from C) arrives readable
\i test/fixture/street.sql
\i test/fixture/helpers.sql
\i test/fixture/referral_helpers.sql
SELECT pg_temp.walk('{submit,approve,transfer,accept}') AS accepted_r \gset
SELECT state, state_name_zh, from_name_zh, letter_no, last_event FROM jxlink.referral_overview WHERE referral_id = :'accepted_r';
SET ROLE regress_econ_clerk;
SELECT jxlink.open_case('prohibited', 'patrol', '占道经营', '2024-09-27 10:00+08') AS urgent_case \gset
SELECT jxlink.create_referral(:'urgent_case', true, '2024-09-29 16:00+08') AS urgent \gset
\set VERBOSITY default
SELECT jxlink.notify_extension(:'urgent', '材料较多', '2024-09-29 17:00+08');
RESET ROLE;
SELECT count(*) AS chain_breaks FROM jxlink.verify_history();
SELECT o.kind, o.period, o.clause,
       jxlink.explain_obligation(o.obligation_id)
           LIKE format('%%rule %s, clause %s (%%): %s - %%', o.rule_code, o.clause, jxlink.time_limit_en(o.period)) AS explained
FROM jxlink.obligation o WHERE o.subject_id = :'accepted_r' ORDER BY o.kind;

\c contrib_regression
DROP DATABASE jxlink_euc_cn;
