-- jxlink.time_limit (期限): input variants, canonical and English output,
-- errors with their SQLSTATEs, binary round trip, ordering, and the
-- counting operators against workday_deadline (and the ledger) on the
-- National Day 2024 examples.
SET DateStyle = 'ISO, YMD';
SET TimeZone = 'Asia/Shanghai';
SET client_min_messages = warning;
\set SHOW_CONTEXT never
DROP EXTENSION IF EXISTS jxlink CASCADE;
CREATE EXTENSION jxlink;
SET search_path = public, jxlink;

------------------------------------------------------------------------------
-- Input variants, canonical output, English form, accessors
------------------------------------------------------------------------------
SELECT input, input::time_limit AS canonical, time_limit_en(input::time_limit) AS english,
       time_limit_unit(input::time_limit) AS unit, time_limit_amount(input::time_limit) AS amount
FROM unnest(ARRAY['3 工作日', '3个工作日', '3 个 工作日', '3 working days', '1 working day', '3 Working Days',
                  '3 workdays', '24 小时', '24个小时', '24 hours', '1 hour', '0 工作日', '+5 工作日',
                  '5 日', '5 天', '5 自然日', '5 calendar days', '1 calendar day',
                  '1 季度', '1个季度', '1 quarter', '下次会议', '下次联席会议', 'next meeting', 'Next Joint Meeting',
                  '  3 工作日  ', '　3　工作日　', '3650 工作日', '8760 hours', '73048 日']) WITH ORDINALITY AS v (input, i)
ORDER BY i;

-- canonical output reads back as the same value
SELECT bool_and(v::text::time_limit = v AND time_limit_en(v)::time_limit = v) AS round_trips
FROM (SELECT time_limit(u, a) AS v
      FROM unnest(ARRAY['workdays', 'hours', 'agreed_day']) AS u, generate_series(0, 3650, 7) AS a
      UNION ALL SELECT time_limit('quarter', 1) UNION ALL SELECT time_limit('next_meeting', 1)) s;

-- the constructor
SELECT time_limit('workdays', 3), time_limit('hours', 24), time_limit('agreed_day', 5),
       time_limit('quarter', 1), time_limit('next_meeting', 1);

------------------------------------------------------------------------------
-- Errors: SQLSTATE and message; never XX000
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

SELECT input, pg_temp.try(format('SELECT %L::jxlink.time_limit::text', input)) AS outcome
FROM unnest(ARRAY['', '   ', '3', '工作日', '3 工作', '3 工作日 内', '三 工作日', '3.5 工作日', '3 weeks', '3 days',
                  '-3 工作日', '-0 小时', '3651 工作日', '8761 小时', '73049 日', '99999999999999 工作日',
                  '2 季度', '0 quarter', '1 下次会议', '- 下次会议', '3个', '个工作日', '3 working  days',
                  E'3 \u5de5作日x']) WITH ORDINALITY AS v (input, i)
ORDER BY i;

SELECT what, pg_temp.try(sql) AS outcome
FROM (VALUES
    ('unknown unit', $$SELECT jxlink.time_limit('weeks', 3)::text$$),
    ('negative', $$SELECT jxlink.time_limit('workdays', -1)::text$$),
    ('too many hours', $$SELECT jxlink.time_limit('hours', 8761)::text$$),
    ('two quarters', $$SELECT jxlink.time_limit('quarter', 2)::text$$),
    ('next meeting as an instant', $$SELECT ('2024-09-27 10:00+08'::timestamptz + '下次会议'::jxlink.time_limit)::text$$),
    ('next meeting as a day', $$SELECT ('2024-09-27'::date + '下次会议'::jxlink.time_limit)::text$$),
    ('hours from a day', $$SELECT ('2024-09-27'::date + '24 小时'::jxlink.time_limit)::text$$),
    ('infinite instant', $$SELECT ('infinity'::timestamptz + '3 工作日'::jxlink.time_limit)::text$$),
    ('infinite instant, hours', $$SELECT ('infinity'::timestamptz + '3 小时'::jxlink.time_limit)::text$$),
    ('infinite day', $$SELECT ('-infinity'::date + '3 日'::jxlink.time_limit)::text$$),
    ('beyond the calendar', $$SELECT ('2149-12-20'::date + '30 工作日'::jxlink.time_limit)::text$$),
    ('last timestamp, hours', $$SELECT ('294276-12-31 23:00:00+00'::timestamptz + '8760 小时'::jxlink.time_limit)::text$$),
    ('last date', $$SELECT ('5874897-12-31'::date + '1 日'::jxlink.time_limit)::text$$))
    AS v (what, sql);

------------------------------------------------------------------------------
-- Binary send/receive: COPY (FORMAT binary) round trip, malformed input
------------------------------------------------------------------------------
SELECT time_limit_send('3 工作日'), time_limit_send('24 小时'), time_limit_send('下次会议');
SELECT '/tmp/jxlink_time_limit_regress_' || pg_backend_pid() || '.bin' AS binfile \gset
CREATE TEMP TABLE sent AS
SELECT time_limit(u, a) AS t FROM unnest(ARRAY['workdays', 'hours', 'agreed_day']) AS u, generate_series(0, 3650, 13) AS a
UNION ALL SELECT '1 季度' UNION ALL SELECT '下次会议';
COPY sent TO :'binfile' WITH (FORMAT binary);
CREATE TEMP TABLE received (t time_limit);
COPY received FROM :'binfile' WITH (FORMAT binary);
SELECT (SELECT count(*) FROM sent) AS sent, (SELECT count(*) FROM received) AS received,
       NOT EXISTS (SELECT t FROM sent EXCEPT ALL SELECT t FROM received)
       AND NOT EXISTS (SELECT t FROM received EXCEPT ALL SELECT t FROM sent) AS same;

CREATE TEMP TABLE recv_target (t time_limit);
CREATE FUNCTION pg_temp.recv(bytes bytea, file text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    state  text;
    msg    text;
    detail text;
    got    text;
BEGIN
    EXECUTE format('COPY (SELECT %L::bytea) TO %L WITH (FORMAT binary)', bytes, file);
    TRUNCATE recv_target;
    EXECUTE format('COPY recv_target FROM %L WITH (FORMAT binary)', file);
    SELECT t::text INTO got FROM recv_target;
    RETURN 'accepted: ' || got;
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, detail = PG_EXCEPTION_DETAIL;
    RETURN state || ': ' || msg || ' | ' || detail;
END $$;
SELECT what, pg_temp.recv(bytes, :'binfile') AS received
FROM (VALUES
    ('valid', '\x010000000000000003'::bytea),
    ('empty', '\x'::bytea),
    ('truncated', '\x0100000000000000'::bytea),
    ('too long', '\x01000000000000000300'::bytea),
    ('version 2', '\x020000000000000003'::bytea),
    ('unit 5', '\x010000000500000003'::bytea),
    ('unit -1', '\x01ffffffff00000003'::bytea),
    ('amount -1', '\x0100000000ffffffff'::bytea),
    ('quarter 2', '\x010000000200000002'::bytea),
    ('next meeting 0', '\x010000000300000000'::bytea))
    AS v (what, bytes);

------------------------------------------------------------------------------
-- Equality, ordering (by unit, then amount), btree and hash indexes
------------------------------------------------------------------------------
SELECT '3 工作日'::time_limit = '3 working days' AS same, '3 工作日'::time_limit <> '3 小时' AS differ,
       '3 工作日'::time_limit < '5 工作日' AS lt, '24 小时'::time_limit > '3 小时' AS gt;
SELECT string_agg(t::text, ', ' ORDER BY t) AS sorted
FROM unnest(ARRAY['5 日', '下次会议', '24 小时', '1 季度', '5 工作日', '1 小时', '3 工作日', '20 工作日', '0 日']::time_limit[]) AS t;
CREATE TEMP TABLE limits AS SELECT time_limit(u, a) AS t
FROM unnest(ARRAY['workdays', 'hours', 'agreed_day']) AS u, generate_series(0, 3650) AS a;
CREATE INDEX ON limits USING btree (t);
CREATE INDEX ON limits USING hash (t);
ANALYZE limits;
SET enable_seqscan = off;
SELECT count(*) AS in_range FROM limits WHERE t BETWEEN '3 工作日' AND '20 工作日';
SET enable_bitmapscan = off;
SELECT count(*) AS equal FROM limits WHERE t = '24 hours';
RESET enable_seqscan;
RESET enable_bitmapscan;
SELECT count(DISTINCT t) AS distinct_values, count(*) AS n FROM (SELECT t FROM limits UNION ALL SELECT t FROM limits) s;

------------------------------------------------------------------------------
-- The counting operators against workday_deadline and the ledger
-- (National Day 2024: holidays 10-01..10-07, make-up working days 09-29 and
-- 10-12)
------------------------------------------------------------------------------
SELECT what, started + tl AS by_operator, workday_deadline(started, time_limit_amount(tl)) AS by_workday_deadline,
       started::date + tl AS last_day_by_operator,
       (started + tl) = workday_deadline(started, time_limit_amount(tl)) AS same
FROM (VALUES
    ('transfer: 3 working days from Friday before National Day', '2024-09-27 10:00+08'::timestamptz, '3 工作日'::time_limit),
    ('extended transfer: 5 working days', '2024-09-27 10:00+08', '5 个工作日'),
    ('written acceptance: 5 working days from the first day back', '2024-10-08 09:00+08', '5 working days'))
    AS v (what, started, tl);

SELECT '2024-09-27 10:00+08'::timestamptz + '24 小时'::time_limit AS urgent_transfer,
       ('2024-09-27 10:00+08'::timestamptz + '24 小时'::time_limit)
           = '2024-09-27 10:00+08'::timestamptz + interval '24 hours' AS on_the_clock;

-- the ledger counts in a jurisdiction's calendar: one with no closures and no meetings
INSERT INTO jurisdiction (code, name_zh) VALUES ('none', '无停工无会议的辖区');
-- every unit and many starts: the operators agree with the counting they
-- replaced (workday_deadline and add_workdays, clock hours, calendar days, the
-- end of the quarter), and so does the ledger's obligation_due_by, which now
-- counts with them
SELECT u, count(*) AS compared,
       count(*) FILTER (WHERE s + tl IS DISTINCT FROM due_at) AS instant_differs,
       count(*) FILTER (WHERE u <> 'hours' AND local_date(s) + tl IS DISTINCT FROM due_date) AS day_differs,
       count(*) FILTER (WHERE (obligation_due_by(tl, s, 'none')).due_at IS DISTINCT FROM due_at
                           OR (obligation_due_by(tl, s, 'none')).due_date IS DISTINCT FROM due_date) AS ledger_differs
FROM (SELECT u, s, time_limit(u, a) AS tl,
             CASE u WHEN 'workdays' THEN workday_deadline(s, a)
                    WHEN 'hours' THEN s + make_interval(hours => a)
                    WHEN 'agreed_day' THEN local_midnight(local_date(s) + a + 1)
                    ELSE local_midnight((date_trunc('quarter', local_date(s)::timestamp) + interval '3 months')::date) END AS due_at,
             CASE u WHEN 'workdays' THEN add_workdays(local_date(s), a)
                    WHEN 'hours' THEN local_date(s + make_interval(hours => a))
                    WHEN 'agreed_day' THEN local_date(s) + a
                    ELSE (date_trunc('quarter', local_date(s)::timestamp) + interval '3 months')::date - 1 END AS due_date
      FROM unnest(ARRAY['workdays', 'hours', 'agreed_day', 'quarter']) AS u,
           generate_series('2024-09-20 00:00+08'::timestamptz, '2025-01-05 00:00+08', '17 hours 13 minutes') AS s,
           generate_series(0, 25, 4) AS a0,
           LATERAL (SELECT CASE WHEN u = 'quarter' THEN 1 ELSE a0 END AS a) x) c
GROUP BY u ORDER BY u;

-- the next meeting: no operator (it depends on the meetings held); while none
-- is held in the jurisdiction, the ledger gives the end of the following quarter
SELECT s AS started, (obligation_due_by('下次会议', s, 'none')).due_date AS none_held_last_day
FROM unnest(ARRAY['2024-09-27 10:00+08', '2024-10-08 09:00+08', '2024-12-31 23:59+08']::timestamptz[]) AS s;

-- quarter: the end of the start's quarter, midnight local
SELECT '2024-09-30 23:59+08'::timestamptz + '1 季度'::time_limit AS q3_end, '2024-10-01 00:00+08'::timestamptz + '1 quarter'::time_limit AS q4_end,
       '2024-12-31'::date + '1 季度'::time_limit AS last_day_q4, '2024-10-08'::date + '5 日'::time_limit AS agreed;

-- Leave no jxlink behind (each test creates it afresh).
RESET search_path;
DROP EXTENSION jxlink CASCADE;
