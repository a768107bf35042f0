-- Alerts (issue 19): the outbox written with the event that causes it, the
-- deadline warnings of the sweep around the National Day 2024 holiday, the
-- catch-up after a week without sweeps, delivery by senders, the digest.
SET DateStyle = 'ISO, YMD';
SET TimeZone = 'Asia/Shanghai';
SET client_min_messages = warning;
\set SHOW_CONTEXT never
DROP EXTENSION IF EXISTS jxlink CASCADE;
CREATE EXTENSION jxlink;
\i test/fixture/street.sql
\i test/fixture/helpers.sql
\i test/fixture/refer.sql
DO $$ BEGIN CREATE ROLE regress_sender; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE regress_sender2; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
GRANT jxlink_sender TO regress_sender, regress_sender2;

-- A case found on Friday 2024-09-27 09:00: its transfer is owed by the section in
-- 3 working days (三（三）2①): Sunday 29 (a make-up working day), Monday 30, then
-- Tuesday 8 October after the holiday.  The draft's obligation is news to the
-- section: a notification "新的待办", written in the same transaction.
SELECT pg_temp.refer('regress_econ_clerk', 'regress_econ_lead', '占道经营', '2024-09-27 09:00+08', false,
                     '{}', '{}') AS early \gset
SELECT n.kind, u.code AS recipient, n.threshold, n.body
FROM jxlink.notification n JOIN jxlink.unit u ON u.unit_id = n.recipient_unit
WHERE n.subject_id = :'early' ORDER BY n.created_at, n.kind;
SELECT jxlink.local_date(due_at) - 1 AS last_day, period FROM jxlink.obligation WHERE subject_id = :'early' AND kind = 'transfer';

-- Recorded today, the draft is long overdue: the event warned at once.  The
-- days of 2024 are replayed below, so that warning goes (as superuser).
DELETE FROM jxlink.notification WHERE kind = 'warning';

-- A sweep every morning at 09:00 from 27 September to 14 October: the
-- last-day warning comes on Monday 30 September, the last working day before
-- the holiday, not during it; "due" on the 9th; "overdue" (3 working days late:
-- the 9th, 10th and 11th) on the 11th.  The sweep is run as an administrator
-- role would, and returns what it wrote.
CREATE TEMP TABLE sweeps (day date, threshold text, written bigint);
DO $$
DECLARE d date;
BEGIN
    FOR d IN SELECT generate_series('2024-09-27'::date, '2024-10-14', '1 day')::date LOOP
        INSERT INTO sweeps SELECT d, s.threshold, s.written FROM jxlink.sweep_alerts(jxlink.local_midnight(d) + interval '9 hours') s;
    END LOOP;
END $$;
SELECT day, to_char(day, 'Dy') AS weekday, jxlink.is_workday(day) AS workday, threshold, written FROM sweeps ORDER BY day;
SELECT n.threshold, n.body
FROM jxlink.notification n WHERE n.kind = 'warning' AND n.subject_id = :'early'
ORDER BY array_position(ARRAY['half', 'last_workday', 'due', 'overdue'], n.threshold);

-- Running a sweep again writes nothing
SELECT count(*) AS written_again FROM jxlink.sweep_alerts('2024-10-14 09:00+08');

-- Catch-up after a week without sweeps: a case found on 8 October (due after
-- the 11th); the first sweep on the 18th writes one warning, the most severe
-- (overdue), not one per missed morning or threshold.
SELECT pg_temp.refer('regress_econ_clerk', 'regress_econ_lead', '乱堆物料', '2024-10-08 09:00+08', false,
                     '{}', '{}') AS late \gset
DELETE FROM jxlink.notification WHERE kind = 'warning' AND subject_id = :'late';
SELECT * FROM jxlink.sweep_alerts('2024-10-18 09:00+08');
SELECT threshold, count(*) FROM jxlink.notification WHERE kind = 'warning' AND subject_id = :'late' GROUP BY 1;

-- The half-way warning: a complaint reply (15 working days) received on
-- 9 October; half the period is gone on the 18th (7 of 15 working days left)
SET ROLE regress_econ_clerk;
SELECT jxlink.receive_complaint('hotline', '2024-10-09 10:00+08', '夜间施工噪声', '某路', 'licensed', '{"phone": "13800000000"}') AS complaint \gset
RESET ROLE;
DELETE FROM jxlink.notification WHERE kind = 'warning' AND subject_id = :'complaint';
SELECT d::date AS day, (SELECT string_agg(threshold || ' ' || written, ', ') FROM jxlink.sweep_alerts(jxlink.local_midnight(d::date) + interval '9 hours', ARRAY(SELECT obligation_id FROM jxlink.obligation WHERE subject_id = :'complaint'))) AS written
FROM generate_series('2024-10-15'::date, '2024-10-21', '1 day') d;

-- Warned at once: an obligation that starts already close to a threshold is
-- warned of by the event that opens it, in its transaction.  With the
-- shipped thresholds a 24-hour limit starting now is not (24 hours left; the
-- last hours are 4); in a street that warns 30 hours ahead, it is.
CREATE FUNCTION pg_temp.owe_now(ref text) RETURNS uuid LANGUAGE sql AS $$
    INSERT INTO jxlink.obligation (kind, subject_type, subject_id, owner_unit, rule_code, clause, started_at, due_at,
                                   due_date, provisional, period, subject_ref)
    SELECT 'transfer', 'referral', gen_random_uuid(), pg_temp.unit('SEC-ECON'), 'transfer_urgent', '三（三）2③', now(),
           now() + interval '24 hours', jxlink.local_date(now() + interval '24 hours'), false, '24 小时', ref
    RETURNING subject_id $$;
SELECT pg_temp.owe_now('急〔2026〕1号') AS urgent1 \gset
SELECT kind, threshold FROM jxlink.notification WHERE subject_id = :'urgent1' ORDER BY kind;
INSERT INTO jxlink.setting_local (jurisdiction, name, value) VALUES (jxlink.local_jurisdiction(), 'alert_hours_left', 30);
SELECT pg_temp.owe_now('急〔2026〕2号') AS urgent2 \gset
SELECT kind, threshold, body ~ '^【即将到期】' AS says_near FROM jxlink.notification WHERE subject_id = :'urgent2' ORDER BY kind;
DELETE FROM jxlink.setting_local WHERE name = 'alert_hours_left';
DELETE FROM jxlink.notification WHERE subject_id IN (:'urgent1', :'urgent2');
DELETE FROM jxlink.obligation WHERE subject_id IN (:'urgent1', :'urgent2');

-- Met and refused obligations are news to the unit they were owed to: the
-- early case transferred (late) to the team: the team is owed its
-- acknowledgement; the section's transfer met
SELECT pg_temp.refer('regress_econ_clerk', 'regress_econ_lead', '跨门经营', '2024-10-10 09:00+08', false,
                     ARRAY['submit', 'approve', 'transfer'],
                     ARRAY['2024-10-10 10:00+08', '2024-10-10 11:00+08', '2024-10-10 14:00+08']::timestamptz[]) AS moved \gset
SELECT n.kind, u.code AS recipient, left(n.body, 12) AS heading
FROM jxlink.notification n JOIN jxlink.unit u ON u.unit_id = n.recipient_unit
WHERE n.subject_id = :'moved' AND n.kind <> 'warning' ORDER BY n.kind, u.code;

-- A rolled-back event leaves no notification
SELECT count(*) AS before_rollback FROM jxlink.notification \gset
BEGIN;
SELECT pg_temp.refer('regress_econ_clerk', 'regress_econ_lead', '回滚的案件', '2024-10-10 09:00+08', false, '{}', '{}') IS NOT NULL AS drafted;
SELECT count(*) > :before_rollback AS written_in_transaction FROM jxlink.notification;
ROLLBACK;
SELECT count(*) = :before_rollback AS none_after_rollback FROM jxlink.notification;

-- Who reads the outbox: a clerk its own unit's notifications, the team its
-- own; BI none (no privilege); a sender only through the functions
SELECT r AS reader, pg_temp.outcome(format($q$SET ROLE %I; SELECT string_agg(DISTINCT u.code, ' ') FROM jxlink.notification n JOIN jxlink.unit u ON u.unit_id = n.recipient_unit$q$, r)) AS reads,
       (SELECT string_agg(DISTINCT u.code, ' ') FROM jxlink.notification n JOIN jxlink.unit u ON u.unit_id = n.recipient_unit
        WHERE n.recipient_unit IN (SELECT unit_id FROM jxlink.staff WHERE role_name = r)) AS its_units
FROM unnest(ARRAY['regress_econ_clerk', 'regress_team_clerk', 'regress_bi', 'regress_sender']) r;
RESET ROLE;
SET ROLE regress_econ_clerk;
SELECT count(DISTINCT recipient_unit) AS econ_clerk_units FROM jxlink.notification;
SELECT pg_temp.outcome($$SELECT * FROM jxlink.claim_notifications()$$) AS clerk_claims,
       pg_temp.outcome($$SELECT * FROM jxlink.sweep_alerts()$$) AS clerk_sweeps;
RESET ROLE;

-- Delivery: a sender claims a batch in the order written, acknowledges one,
-- releases one (retried after a back-off), and a second sender claims the rest
UPDATE jxlink.setting SET value = 2 WHERE name = 'alert_max_attempts';
CREATE TEMP TABLE batch1 (notification_id uuid, kind text, attempts integer, claimed_by text);
GRANT ALL ON batch1 TO PUBLIC;
SET ROLE regress_sender;
INSERT INTO batch1 SELECT notification_id, kind, attempts, claimed_by FROM jxlink.claim_notifications(3);
SELECT kind, attempts, claimed_by FROM batch1 ORDER BY notification_id;
SELECT jxlink.ack_notification((SELECT notification_id FROM batch1 ORDER BY notification_id LIMIT 1)) AS first;
SELECT jxlink.release_notification((SELECT notification_id FROM batch1 ORDER BY notification_id DESC LIMIT 1), 'SMS gateway timeout') AS last;
SELECT regexp_replace(pg_temp.outcome($$SELECT jxlink.release_notification((SELECT notification_id FROM batch1 ORDER BY notification_id DESC LIMIT 1), 'again')$$), '[0-9a-f-]{36}', '<id>') AS released_twice,
       pg_temp.outcome($$SELECT jxlink.release_notification((SELECT notification_id FROM batch1 ORDER BY notification_id LIMIT 1), NULL)$$) AS without_reason,
       pg_temp.outcome($$SELECT jxlink.ack_notification('00000000-0000-0000-0000-000000000000')$$) AS unknown,
       pg_temp.outcome($$SELECT * FROM jxlink.claim_notifications(0)$$) AS empty_batch;
RESET ROLE;
SET ROLE regress_sender2;
SELECT regexp_replace(pg_temp.outcome(format($q$SELECT jxlink.ack_notification(%L)$q$, (SELECT notification_id FROM batch1 ORDER BY notification_id OFFSET 1 LIMIT 1))), '[0-9a-f-]{36}', '<id>') AS other_senders;
SELECT count(*) AS second_batch, bool_and(notification_id NOT IN (SELECT notification_id FROM batch1)) AS disjoint
FROM jxlink.claim_notifications(1000);
RESET ROLE;
SELECT status, attempts, last_error, next_attempt_at > now() + interval '1 minute' AS backed_off
FROM jxlink.notification WHERE notification_id = (SELECT notification_id FROM batch1 ORDER BY notification_id DESC LIMIT 1);
-- after the back-off the released one is claimed again, and dead after its last failure
UPDATE jxlink.notification SET next_attempt_at = now() - interval '1 second' WHERE notification_id = (SELECT notification_id FROM batch1 ORDER BY notification_id DESC LIMIT 1);
SET ROLE regress_sender;
SELECT count(*) AS reclaimed FROM jxlink.claim_notifications(10) c WHERE c.notification_id = (SELECT notification_id FROM batch1 ORDER BY notification_id DESC LIMIT 1);
SELECT jxlink.release_notification((SELECT notification_id FROM batch1 ORDER BY notification_id DESC LIMIT 1), 'SMS gateway timeout') AS finally;
RESET ROLE;
SELECT status, count(*) FROM jxlink.notification GROUP BY 1 ORDER BY 1;
UPDATE jxlink.setting SET value = 5 WHERE name = 'alert_max_attempts';

-- The daily digest of the section on the morning of 8 October: due today,
-- within 3 working days, overdue; text for SMS, HTML for mail
SET ROLE regress_econ_clerk;
SELECT items, text_body FROM jxlink.daily_digest(pg_temp.unit('SEC-ECON'), '2024-10-08 08:00+08');
SELECT html_body FROM jxlink.daily_digest(pg_temp.unit('SEC-ECON'), '2024-10-08 08:00+08');
-- a unit with nothing due
SELECT items, text_body FROM jxlink.daily_digest(pg_temp.unit('JUD'), '2024-10-08 08:00+08');
RESET ROLE;
-- into the outbox, once per unit and day
SELECT jxlink.enqueue_digests('2024-10-08 08:00+08') > 0 AS enqueued, jxlink.enqueue_digests('2024-10-08 08:00+08') AS again;

DROP TABLE sweeps, batch1;
DROP ROLE regress_sender, regress_sender2;
\i test/fixture/street_drop.sql
