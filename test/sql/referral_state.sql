-- jxlink.referral_state (移送状态): input of every state and of values that
-- are none (22P02 listing the states), a typo in a filter is an error, the
-- lifecycle order (ORDER BY state on referrals walked by the clerks, and the
-- comparison operators), the labels, the binary round trip, the opclasses,
-- and the state machine's functions typed with it.
SET DateStyle = 'ISO, YMD';
SET TimeZone = 'Asia/Shanghai';
SET client_min_messages = warning;
\set SHOW_CONTEXT never
DROP EXTENSION IF EXISTS jxlink CASCADE;
CREATE EXTENSION jxlink;
\i test/fixture/street.sql
\i test/fixture/helpers.sql
\i test/fixture/referral_helpers.sql
-- as a prepared BI login or a report would (the operators are in jxlink)
SET search_path = public, jxlink;

------------------------------------------------------------------------------
-- Input and output: every state reads back as itself, in lifecycle order
------------------------------------------------------------------------------
SELECT s.n, s.state, s.state::text::referral_state = s.state AS reads_back,
       pg_typeof(s.state) AS type, s.terminal
FROM referral_states() WITH ORDINALITY AS s(state, terminal, name_zh, name_en, n)
ORDER BY s.n;

------------------------------------------------------------------------------
-- Values that are no state: 22P02 naming the value, the detail listing every
-- state in lifecycle order; never XX000
------------------------------------------------------------------------------
CREATE FUNCTION pg_temp.try(sql text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    state  text;
    msg    text;
    detail text;
    got    text;
BEGIN
    EXECUTE sql INTO got;
    RETURN 'accepted: ' || got;
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, detail = PG_EXCEPTION_DETAIL;
    RETURN state || ': ' || msg || coalesce(' | ' || detail, '');
END $$;

SELECT input, pg_temp.try(format('SELECT %L::jxlink.referral_state::text', input)) AS outcome
FROM unnest(ARRAY['transfered', 'Draft', ' draft', 'draft ', '', '已受理', 'accepted, filed', 'closed;', 'awaiting approval'])
     WITH ORDINALITY AS v (input, i)
ORDER BY i;

-- The typo of the issue: a filter on a state that does not exist is an
-- error, not an empty result; the right spelling finds the referral.
CREATE TEMP TABLE at_state (state referral_state, referral_id uuid);
GRANT ALL ON at_state TO PUBLIC;
-- one referral per state, walked through the API by the roles that may take
-- each step, inserted in alphabetical order of the states' names
INSERT INTO at_state VALUES
    ('accepted', pg_temp.walk('{submit,approve,transfer,accept}')),
    ('approved', pg_temp.walk('{submit,approve}')),
    ('awaiting_approval', pg_temp.walk('{submit}')),
    ('closed', pg_temp.walk('{submit,approve,transfer,accept,file,decide,copy_back}')),
    ('decided', pg_temp.walk('{submit,approve,transfer,accept,file,decide}')),
    ('declined', pg_temp.walk('{submit,approve,transfer,decline}')),
    ('draft', pg_temp.walk('{}')),
    ('filed', pg_temp.walk('{submit,approve,transfer,accept,file}')),
    ('returned', pg_temp.walk('{submit,approve,transfer,return}')),
    ('transferred', pg_temp.walk('{submit,approve,transfer}')),
    ('withdrawn', pg_temp.walk('{withdraw}'));
SELECT count(*) FILTER (WHERE r.state = a.state) AS in_state, count(*) AS referrals
FROM at_state a JOIN jxlink.referral r USING (referral_id);

SET ROLE regress_team_clerk;
SELECT pg_temp.try($$SELECT count(*) FROM jxlink.referral WHERE state = 'transfered'$$) AS typo;
SELECT pg_temp.try($$SELECT count(*) FROM jxlink.referral_overview WHERE state IN ('accepted', 'filled')$$) AS typo_in_list;
SELECT count(*) AS transferred FROM jxlink.referral WHERE state = 'transferred';
-- a filter value sent as varchar (JDBC, BI tools) compares as a state
SELECT count(*) AS transferred_varchar FROM jxlink.referral WHERE state = 'transferred'::varchar;
SELECT pg_temp.try($$SELECT count(*) FROM jxlink.referral WHERE state = 'transfered'::varchar$$) AS typo_varchar;
-- text stays text: a state is not compared with a text as text
SELECT pg_temp.try($$SELECT count(*) FROM jxlink.referral WHERE state = 'transferred'::text$$) AS state_eq_text;
RESET ROLE;

------------------------------------------------------------------------------
-- Lifecycle order: ORDER BY state on the referrals, as the BI login reads
-- them, not alphabetical
------------------------------------------------------------------------------
SET ROLE regress_bi;
SELECT r.state, referral_state_zh(r.state) AS name_zh, referral_state_en(r.state) AS name_en
FROM jxlink.referral r JOIN at_state a USING (referral_id)
ORDER BY r.state;
SELECT string_agg(state::text, ' > ' ORDER BY state DESC) AS descending,
       min(state::text) AS min_as_text,
       (SELECT state FROM jxlink.referral_overview ORDER BY state LIMIT 1) AS first_in_overview,
       (SELECT state FROM jxlink.referral_overview ORDER BY state DESC LIMIT 1) AS last_in_overview
FROM (SELECT DISTINCT state FROM jxlink.referral) s;
-- the states still in progress are the ones before the final states
SELECT state, count(*) FROM jxlink.referral WHERE state < 'closed' GROUP BY state ORDER BY state;
RESET ROLE;

-- The order is the C table's: referral_states() lists the states in the
-- order the type sorts them, with the final states last.
SELECT bool_and(s.state = o.state) AS same_order, bool_and(s.terminal = (s.n >= 9)) AS final_last
FROM referral_states() WITH ORDINALITY AS s(state, terminal, name_zh, name_en, n)
JOIN (SELECT state, row_number() OVER (ORDER BY state) AS n FROM referral_states()) o USING (n);

-- The operators, on every pair of states: each agrees with the lifecycle
-- positions (and with referral_state_cmp), and = is the identity.
SELECT count(*) AS pairs,
       count(*) FILTER (WHERE (a.state = b.state) = (a.n = b.n) AND (a.state <> b.state) = (a.n <> b.n)
                          AND (a.state < b.state) = (a.n < b.n) AND (a.state <= b.state) = (a.n <= b.n)
                          AND (a.state > b.state) = (a.n > b.n) AND (a.state >= b.state) = (a.n >= b.n)
                          AND referral_state_cmp(a.state, b.state) = sign(a.n - b.n)) AS agree
FROM referral_states() WITH ORDINALITY AS a(state, terminal, name_zh, name_en, n),
     referral_states() WITH ORDINALITY AS b(state, terminal, name_zh, name_en, n);

------------------------------------------------------------------------------
-- Labels: the C table's, as referral_states() gives them
------------------------------------------------------------------------------
SELECT bool_and(referral_state_zh(state) = name_zh AND referral_state_en(state) = name_en) AS labels_match
FROM referral_states();
SELECT referral_state_zh('awaiting_approval'), referral_state_en('awaiting_approval'),
       referral_state_zh('filed'), referral_state_en('filed');

------------------------------------------------------------------------------
-- Binary: send and receive round trip (version byte 1, int16 code); an
-- unknown code or a malformed message is 22P03
------------------------------------------------------------------------------
SELECT s.state, referral_state_send(s.state) AS sent
FROM referral_states() s ORDER BY s.state;
-- (through a file of this backend's own, as the superuser)
CREATE FUNCTION pg_temp.copy_file() RETURNS text
LANGUAGE sql AS $$ SELECT '/tmp/jxlink_referral_state_' || pg_backend_pid() || '.bin' $$;
CREATE TEMP TABLE copied (state referral_state);
DO $$
BEGIN
    EXECUTE format('COPY (SELECT state FROM jxlink.referral_states()) TO %L WITH (FORMAT binary)', pg_temp.copy_file());
    EXECUTE format('COPY copied FROM %L WITH (FORMAT binary)', pg_temp.copy_file());
END $$;
SELECT count(*) AS copied, bool_and(c.state = s.state) AS same
FROM (SELECT state, row_number() OVER () AS n FROM copied) c
JOIN (SELECT state, row_number() OVER () AS n FROM referral_states()) s USING (n);
-- a binary file with an unknown code (11), a negative one, a wrong version, a short value
CREATE FUNCTION pg_temp.copy_binary(value bytea) RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('COPY (SELECT %L::bytea) TO %L WITH (FORMAT binary)', value, pg_temp.copy_file());
    RETURN pg_temp.try(format('COPY copied FROM %L WITH (FORMAT binary)', pg_temp.copy_file()));
END $$;
SELECT input, pg_temp.copy_binary(input) AS outcome
FROM unnest(ARRAY['\x01000b'::bytea, '\x01ffff', '\x020001', '\x0100', '\x01000100']) WITH ORDINALITY AS v (input, i)
ORDER BY i;
SELECT count(*) AS still_copied FROM copied;

------------------------------------------------------------------------------
-- Opclasses: a btree index serves equality and ranges, a hash index
-- equality; both are the type's defaults and validate
------------------------------------------------------------------------------
SELECT opc.opcname, am.amname, opc.opcdefault, amvalidate(opc.oid)
FROM pg_opclass opc JOIN pg_am am ON am.oid = opc.opcmethod
WHERE opc.opcintype = 'jxlink.referral_state'::regtype ORDER BY 1;
CREATE TEMP TABLE many AS
SELECT (SELECT state FROM referral_states() OFFSET i % 11 LIMIT 1) AS state, i FROM generate_series(1, 11000) i;
CREATE INDEX many_state ON many (state);
CREATE INDEX many_state_hash ON many USING hash (state);
ANALYZE many;
SET enable_seqscan = off;
SELECT count(*) AS filed FROM many WHERE state = 'filed';
SELECT count(*) AS before_accepted FROM many WHERE state < 'accepted';
SELECT count(*) AS final FROM many WHERE state BETWEEN 'closed' AND 'withdrawn';
RESET enable_seqscan;
SELECT state, count(*) FROM many GROUP BY state ORDER BY state;

------------------------------------------------------------------------------
-- The state machine's functions take and return the type
------------------------------------------------------------------------------
SELECT referral_next_state('transferred', 'accept') AS next, pg_typeof(referral_next_state('transferred', 'accept')) AS type,
       referral_next_state(NULL, 'create') AS created,
       referral_next_state('returned', 'submit') > 'returned' AS submit_goes_back;
SELECT pg_temp.try($$SELECT referral_next_state('closed', 'accept')$$) AS refused,
       pg_temp.try($$SELECT referral_next_state('transfered', 'accept')$$) AS typo;
SELECT format_type(a.atttypid, NULL) AS type, string_agg(c.relname || '.' || a.attname, ', ' ORDER BY c.relname, a.attnum) AS columns
FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
WHERE c.relnamespace = 'jxlink'::regnamespace AND a.attnum > 0 AND NOT a.attisdropped
  AND (a.attname LIKE '%state' OR a.attname LIKE '%\_state')
GROUP BY 1 ORDER BY 1;
SELECT p.proname, pg_get_function_result(p.oid) AS result, pg_get_function_arguments(p.oid) AS arguments
FROM pg_proc p
WHERE p.pronamespace = 'jxlink'::regnamespace
  AND p.proname IN ('referral_next_state', 'referral_states', 'referral_transitions')
ORDER BY 1;
-- the transitions read the type: from and to of each transition, in the order of the table
SELECT t.from_state, t.event, t.to_state, t.from_state < t.to_state AS forward
FROM referral_transitions() t WHERE t.from_state IS NOT NULL AND t.from_state <> t.to_state
ORDER BY t.from_state, t.to_state, t.event;

RESET search_path;
\i test/fixture/street_drop.sql
