-- The tamper-evident referral history (0.6.0) as written by the C
-- transition path (0.7.0): the hash computed in C equals the SQL definition
-- of 0.6.0, row by row and on edge values, the chain verifies after a whole
-- workflow, and a row inserted without a hash is chained by the trigger.
SET DateStyle = 'ISO, YMD';
SET TimeZone = 'Asia/Shanghai';
SET client_min_messages = warning;
\set SHOW_CONTEXT never
DROP EXTENSION IF EXISTS jxlink CASCADE;
CREATE EXTENSION jxlink;
\i test/fixture/street.sql

-- The hash as 0.6.0 defined it in SQL: the reference the C code must match.
CREATE FUNCTION pg_temp.digest_060(h jxlink.referral_history, prev bytea) RETURNS bytea
LANGUAGE sql STABLE AS $$
    SELECT pg_catalog.sha256(coalesce(prev, '\x'::pg_catalog.bytea) OPERATOR(pg_catalog.||) pg_catalog.convert_to(pg_catalog.concat_ws(E'\x1f',
        h.history_id::pg_catalog.text, h.jurisdiction, h.referral_id::pg_catalog.text, h.seq::pg_catalog.text, h.event,
        coalesce(h.from_state::pg_catalog.text, ''), h.to_state::pg_catalog.text,
        pg_catalog.to_char(pg_catalog.timezone('UTC', h.occurred_at), 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        pg_catalog.to_char(pg_catalog.timezone('UTC', h.recorded_at), 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        h.actor_role, h.actor_login, coalesce(h.actor_unit::pg_catalog.text, ''), coalesce(h.note, '')), 'UTF8'))
$$;

-- A whole workflow (SEC-ECON's clerk and leader, the team's clerk), with a
-- return and a second approval and transfer, and notes in Chinese, with the separator
-- character and with trailing spaces.
SET ROLE regress_econ_clerk;
SELECT jxlink.create_referral(jxlink.open_case('unlicensed', 'patrol', '无证经营', '2024-09-27 10:00+08'),
                              false, '2024-09-27 11:00+08') AS r \gset
SELECT jxlink.add_material(:'r', k, k) IS NOT NULL AS added
FROM unnest(ARRAY['transfer_letter', 'case_source', 'preliminary_evidence']) AS k;
SELECT jxlink.submit_referral(:'r', '2024-10-08 08:30+08');
SET ROLE regress_econ_lead;
SELECT jxlink.approve_referral(:'r', '2024-10-08 09:00+08');
SET ROLE regress_econ_clerk;
SELECT jxlink.transfer_referral(:'r', '新经发移〔2024〕12号', '2024-10-08 09:30+08');
SET ROLE regress_team_clerk;
SELECT jxlink.return_referral(:'r', E'初步证据不足\x1f请补充  ', '2024-10-09 15:00+08');
SET ROLE regress_econ_clerk;
SELECT jxlink.submit_referral(:'r', '2024-10-10 08:00+08');
SET ROLE regress_econ_lead;
SELECT jxlink.approve_referral(:'r', '2024-10-10 08:30+08');
SET ROLE regress_econ_clerk;
SELECT jxlink.transfer_referral(:'r', '新经发移〔2024〕13号', '2024-10-10 09:00+08');
SET ROLE regress_team_clerk;
SELECT jxlink.accept_referral(:'r', '同意受理', '2024-10-11 09:00+08');
SELECT jxlink.file_referral(:'r', '新综执立〔2024〕7号', '2024-10-12 09:00+08');
SELECT jxlink.decide_referral(:'r', '新综执罚〔2024〕7号', 'penalty', '2024-10-20 09:00+08');
SELECT jxlink.copy_back_referral(:'r', NULL, '2024-10-21 09:00+08');
RESET ROLE;

-- Every row: chained to the previous, and its hash is the 0.6.0 definition.
SELECT h.seq, h.event, h.from_state, h.to_state, h.actor_role, h.note,
       h.prev_hash IS NOT DISTINCT FROM lag(h.row_hash) OVER (ORDER BY h.seq) AS linked,
       h.row_hash = pg_temp.digest_060(h, h.prev_hash) AS hash_060,
       h.row_hash = jxlink.history_digest(h, h.prev_hash) AS hash_c
FROM jxlink.referral_history h WHERE h.referral_id = :'r' ORDER BY h.seq;
SELECT count(*) AS breaks FROM jxlink.verify_history();

-- Edge values: the C hash and the 0.6.0 SQL hash agree on every one
-- (nulls where the SQL coalesced and where it left the column out, years BC
-- and beyond 9999, infinite times, microseconds, text in other scripts).
WITH edge(name, h) AS (
    SELECT name, jsonb_populate_record(NULL::jxlink.referral_history, base || change)
    FROM (VALUES (jsonb_build_object(
              'history_id', '01920000-0000-7000-8000-000000000001', 'jurisdiction', '350582-xintang',
              'referral_id', '01920000-0000-7000-8000-000000000002', 'seq', 2, 'event', 'submit',
              'from_state', 'draft', 'to_state', 'awaiting_approval',
              'occurred_at', '2024-10-08 08:30:00.123456+08', 'recorded_at', '2024-10-08 08:31:00+08',
              'actor_role', 'regress_econ_clerk', 'actor_login', 'regress_econ_clerk',
              'actor_unit', '01920000-0000-7000-8000-000000000003', 'note', '说明'))) AS b(base),
         (VALUES ('as written', '{}'::jsonb),
                 ('null from_state, actor_unit, note', '{"from_state": null, "actor_unit": null, "note": null}'),
                 ('null jurisdiction (left out)', '{"jurisdiction": null}'),
                 ('null seq and event (left out)', '{"seq": null, "event": null}'),
                 ('null first column', '{"history_id": null}'),
                 ('all null', '{"history_id": null, "jurisdiction": null, "referral_id": null, "seq": null,
                   "event": null, "from_state": null, "to_state": null, "occurred_at": null, "recorded_at": null,
                   "actor_role": null, "actor_login": null, "actor_unit": null, "note": null}'),
                 ('a year BC', '{"occurred_at": "0044-03-15 12:00:00+00 BC"}'),
                 ('the first instant', '{"occurred_at": "4714-11-24 00:00:00+00 BC"}'),
                 ('a year beyond 9999', '{"occurred_at": "12345-06-07 08:09:10.000001+00"}'),
                 ('infinity', '{"occurred_at": "infinity", "recorded_at": "-infinity"}'),
                 ('empty texts', '{"note": "", "actor_role": ""}'),  -- (an empty state is no referral_state since 0.11.0)
                 ('separators and scripts', '{"note": "a\u001fb 東京 ✓ 𠀀"}'),
                 ('negative seq', '{"seq": -2147483648}')) AS c(name, change)
)
SELECT name,
       jxlink.history_digest(h, NULL) = pg_temp.digest_060(h, NULL) AS same_unchained,
       jxlink.history_digest(h, '\x0102'::bytea) = pg_temp.digest_060(h, '\x0102'::bytea) AS same_chained,
       jxlink.history_digest(h, '\x'::bytea) = pg_temp.digest_060(h, '\x'::bytea) AS same_empty_prev
FROM edge ORDER BY name;
SELECT jxlink.history_digest(NULL, NULL) IS NULL AS null_row_null_hash;

-- A row written without a hash (by hand: every API function hashes the rows
-- it writes, the first one too) is chained by the trigger; a row that brings
-- its hash keeps it (a restore).
BEGIN;
ALTER TABLE jxlink.referral DISABLE TRIGGER referral_state_guard;
UPDATE jxlink.referral SET transition_seq = transition_seq + 2 WHERE referral_id = :'r';
ALTER TABLE jxlink.referral ENABLE TRIGGER referral_state_guard;
INSERT INTO jxlink.referral_history (referral_id, jurisdiction, seq, event, from_state, to_state, occurred_at,
                                     actor_role, actor_login)
SELECT :'r', '350582-xintang', max(seq) + 1, 'copy_back', 'closed', 'closed', '2024-10-22 09:00+08', 'x', 'y'
FROM jxlink.referral_history WHERE referral_id = :'r';
INSERT INTO jxlink.referral_history (referral_id, jurisdiction, seq, event, from_state, to_state, occurred_at,
                                     actor_role, actor_login, prev_hash, row_hash)
SELECT :'r', '350582-xintang', max(seq) + 1, 'copy_back', 'closed', 'closed', '2024-10-22 10:00+08', 'x', 'y',
       '\x00'::bytea, '\x01'::bytea
FROM jxlink.referral_history WHERE referral_id = :'r';
SELECT seq, prev_hash IS NOT DISTINCT FROM lag(row_hash) OVER (ORDER BY seq) AS linked,
       row_hash = jxlink.history_digest(h, prev_hash) AS hashed, row_hash = '\x01'::bytea AS kept
FROM jxlink.referral_history h WHERE referral_id = :'r' ORDER BY seq DESC LIMIT 2;
SELECT seq, problem FROM jxlink.verify_history();
ROLLBACK;

\i test/fixture/street_drop.sql
