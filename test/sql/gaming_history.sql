-- The history (issue 12): with superuser rights, each tampering that
-- verify_history() did not report in 0.8.0 is now found, and an anchor
-- (history_anchor(), a digest to print in the minutes) exposes even a
-- rewrite that recomputes every hash.  An untampered history verifies clean.
-- Each tampering runs in a transaction that is rolled back.
SET DateStyle = 'ISO, YMD';
SET TimeZone = 'Asia/Shanghai';
SET client_min_messages = warning;
\set SHOW_CONTEXT never
DROP EXTENSION IF EXISTS jxlink CASCADE;
CREATE EXTENSION jxlink;
\i test/fixture/street.sql
\i test/fixture/helpers.sql
\i test/fixture/referral_helpers.sql
GRANT jxlink_supervisor TO regress_disc_clerk;

-- Four referrals of SEC-ECON (created in this order): drafted, transferred,
-- accepted, closed.
SELECT pg_temp.walk('{}') AS r1 \gset
SELECT pg_temp.walk('{submit,approve,transfer}') AS r2 \gset
SELECT pg_temp.walk('{submit,approve,transfer,accept}') AS r3 \gset
SELECT pg_temp.walk('{submit,approve,transfer,accept,file,decide,copy_back}') AS r4 \gset
CREATE TEMP TABLE names AS SELECT * FROM (VALUES (:'r1'::uuid, 'r1'), (:'r2'::uuid, 'r2'), (:'r3'::uuid, 'r3'), (:'r4'::uuid, 'r4')) v(id, name);
GRANT SELECT ON names TO PUBLIC;

-- Each creation is chained in its jurisdiction, in order; the rows are numbered as written.
SELECT n.name, h.chain_no, h.chain_prev IS NOT DISTINCT FROM p.chain_hash AS linked,
       h.chain_hash = jxlink.history_link(h.chain_prev, h.chain_no, h.referral_id, h.row_hash) AS link_ok
FROM jxlink.referral_history h JOIN names n ON n.id = h.referral_id
LEFT JOIN jxlink.referral_history p ON p.jurisdiction = h.jurisdiction AND p.chain_no = h.chain_no - 1
WHERE h.seq = 1 ORDER BY h.chain_no;
SELECT count(*) AS rows, count(DISTINCT entry_no) AS entry_numbers,
       bool_and(chain_no IS NULL) FILTER (WHERE seq > 1) AS only_creations_chained
FROM jxlink.referral_history;

-- Untampered: clean, and clean against an anchor taken by a supervisor.
SELECT count(*) AS problems FROM jxlink.verify_history();
SET ROLE regress_disc_clerk;
SELECT jxlink.history_anchor() AS anchor \gset
SELECT count(*) AS problems FROM jxlink.verify_history(:'anchor');
RESET ROLE;
SELECT regexp_replace(:'anchor', 'sha256=[0-9a-f]{64} at=\S+$', 'sha256=<64 hex> at=<time>') AS anchor_form;
SELECT jurisdiction, upto, entries, referrals, taken_by,
       (SELECT array_agg(n.name || ':' || (heads -> k ->> 'seq') ORDER BY n.name) FROM jsonb_object_keys(heads) k JOIN names n ON n.id = k::uuid) AS heads
FROM jxlink.referral_history_anchor;

-- A clerk can neither take an anchor nor verify, and sees no anchor kept
-- (BI and supervisors do); a malformed anchor is refused.
SET ROLE regress_econ_clerk;
SELECT pg_temp.outcome('SELECT jxlink.history_anchor()') AS clerk_anchor,
       pg_temp.outcome('SELECT * FROM jxlink.verify_history()') AS clerk_verify,
       (SELECT count(*) FROM jxlink.referral_history_anchor) AS anchors_a_clerk_sees;
SET ROLE regress_bi;
SELECT count(*) AS anchors_bi_sees FROM jxlink.referral_history_anchor;
SET ROLE regress_disc_clerk;
SELECT pg_temp.outcome($$SELECT * FROM jxlink.verify_history('jxlink-anchor 1 x entry=1')$$) AS malformed,
       pg_temp.outcome($$SELECT jxlink.history_anchor('nowhere')$$) AS unknown_jurisdiction;
RESET ROLE;

-- The record of anchors is append-only, even for the superuser.
SELECT pg_temp.outcome('UPDATE jxlink.referral_history_anchor SET entries = 0') AS update_anchor,
       pg_temp.outcome('DELETE FROM jxlink.referral_history_anchor') AS delete_anchor,
       pg_temp.outcome('TRUNCATE jxlink.referral_history_anchor') AS truncate_anchor;
SELECT count(*) AS anchors_kept FROM jxlink.referral_history_anchor;

-- How a report reads: the referral by name, the row, the problem.
CREATE FUNCTION pg_temp.report(anchor text DEFAULT NULL) RETURNS TABLE (referral text, seq integer, problem text)
LANGUAGE sql AS $$
    SELECT coalesce(n.name, v.referral_id::text), v.seq,
           regexp_replace(regexp_replace(v.problem, '[0-9a-f]{64}', '<sha256>', 'g'),
                          '\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ', '<time>', 'g')
    FROM jxlink.verify_history(anchor) v LEFT JOIN names n ON n.id = v.referral_id
    ORDER BY 1 NULLS FIRST, 2, 3
$$;

-- 1. Delete the last history row of r3 and decrement its transition_seq.
BEGIN;
ALTER TABLE jxlink.referral_history DISABLE TRIGGER referral_history_append_only;
ALTER TABLE jxlink.referral DISABLE TRIGGER referral_state_guard;
DELETE FROM jxlink.referral_history WHERE referral_id = :'r3' AND seq = (SELECT transition_seq FROM jxlink.referral WHERE referral_id = :'r3');
UPDATE jxlink.referral SET transition_seq = transition_seq - 1 WHERE referral_id = :'r3';
SELECT * FROM pg_temp.report();
SELECT * FROM pg_temp.report(:'anchor');
ROLLBACK;

-- 2. Close the transferred r2 by hand: state closed, last event copy_back.
BEGIN;
ALTER TABLE jxlink.referral DISABLE TRIGGER referral_state_guard;
UPDATE jxlink.referral SET state = 'closed', last_event = 'copy_back' WHERE referral_id = :'r2';
SELECT * FROM pg_temp.report();
ROLLBACK;

-- 3. Delete a whole referral with its history: r2 (a gap in the chain of
-- creations), then r4, the last one created (no gap: only the anchor sees it).
BEGIN;
ALTER TABLE jxlink.referral_history DISABLE TRIGGER referral_history_append_only;
DELETE FROM jxlink.obligation WHERE subject_id = :'r2';
DELETE FROM jxlink.referral_material WHERE referral_id = :'r2';
DELETE FROM jxlink.referral_history WHERE referral_id = :'r2';
DELETE FROM jxlink.referral WHERE referral_id = :'r2';
SELECT * FROM pg_temp.report();
SELECT * FROM pg_temp.report(:'anchor');
ROLLBACK;
BEGIN;
ALTER TABLE jxlink.referral_history DISABLE TRIGGER referral_history_append_only;
DELETE FROM jxlink.obligation WHERE subject_id = :'r4';
DELETE FROM jxlink.share_recipient WHERE share_id IN (SELECT share_id FROM jxlink.share WHERE referral_id = :'r4');
DELETE FROM jxlink.share WHERE referral_id = :'r4';
DELETE FROM jxlink.referral_material WHERE referral_id = :'r4';
DELETE FROM jxlink.referral_history WHERE referral_id = :'r4';
DELETE FROM jxlink.referral WHERE referral_id = :'r4';
SELECT * FROM pg_temp.report();
SELECT * FROM pg_temp.report(:'anchor');
ROLLBACK;

-- 4. Rewrite r2's history and recompute every hash (and its link in the
-- chain of creations, and the links after it): the chains verify clean,
-- only the anchor exposes the rewrite, and names r2.
BEGIN;
ALTER TABLE jxlink.referral_history DISABLE TRIGGER referral_history_append_only;
UPDATE jxlink.referral_history SET note = '改写的文号' WHERE referral_id = :'r2' AND event = 'transfer';
DO $$
DECLARE h jxlink.referral_history; prev bytea; last uuid; link bytea;
BEGIN
    FOR h IN SELECT * FROM jxlink.referral_history ORDER BY referral_id, seq LOOP
        IF last IS DISTINCT FROM h.referral_id THEN prev := NULL; last := h.referral_id; END IF;
        UPDATE jxlink.referral_history x SET prev_hash = prev, row_hash = jxlink.history_digest(h, prev)
        WHERE x.history_id = h.history_id RETURNING x.row_hash INTO prev;
    END LOOP;
    FOR h IN SELECT * FROM jxlink.referral_history WHERE seq = 1 ORDER BY jurisdiction, chain_no LOOP
        UPDATE jxlink.referral_history x SET chain_prev = link, chain_hash = jxlink.history_link(link, h.chain_no, h.referral_id, h.row_hash)
        WHERE x.history_id = h.history_id RETURNING x.chain_hash INTO link;
    END LOOP;
END $$;
SELECT * FROM pg_temp.report();
SELECT * FROM pg_temp.report(:'anchor');
-- with the record of the anchor gone as well, the anchor still exposes it
ALTER TABLE jxlink.referral_history_anchor DISABLE TRIGGER referral_history_anchor_append_only;
DELETE FROM jxlink.referral_history_anchor;
SELECT * FROM pg_temp.report(:'anchor');
ROLLBACK;

-- Events after the anchor do not disturb it; a new anchor covers them.
SET ROLE regress_team_clerk;
SELECT jxlink.file_referral(:'r3', '新综执立〔2024〕9号', '2024-10-21 10:00+08');
SET ROLE regress_disc_clerk;
SELECT count(*) AS problems FROM jxlink.verify_history(:'anchor');
SELECT jxlink.history_anchor() AS anchor2 \gset
SELECT count(*) AS problems FROM jxlink.verify_history(:'anchor2');
RESET ROLE;
SELECT (regexp_match(:'anchor2', 'rows=(\d+)'))[1]::int - (regexp_match(:'anchor', 'rows=(\d+)'))[1]::int AS rows_since;

\i test/fixture/street_drop.sql
