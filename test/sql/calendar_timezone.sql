-- Deadlines are computed in the street's local time (jxlink.timezone), never
-- in the session's TimeZone: a client in UTC and one in Asia/Shanghai get
-- the same instant.
SET DateStyle = 'ISO, YMD';
SHOW jxlink.timezone;

CREATE TEMP TABLE started (label text, at timestamptz);
INSERT INTO started VALUES
    ('found Friday 10:00 +08',          '2024-09-27 10:00:00+08'),
    ('found Friday 23:30 +08',          '2024-09-27 23:30:00+08'),
    ('found Saturday 00:30 +08',        '2024-09-28 00:30:00+08'),
    ('transferred Tuesday 01:00 +08',   '2024-10-08 01:00:00+08'),  -- still 7 October in UTC
    ('transferred Tuesday 07:00 +08',   '2024-10-07 23:00:00+00');  -- Monday 23:00 in UTC

SET TimeZone = 'UTC';
CREATE TEMP TABLE from_utc AS
SELECT label, at, jxlink.local_date(at) AS local_start,
       jxlink.workday_deadline(at, 3) AS due3, jxlink.workday_deadline(at, 5) AS due5
FROM started;
SELECT * FROM from_utc ORDER BY at;

SET TimeZone = 'Asia/Shanghai';
CREATE TEMP TABLE from_shanghai AS
SELECT label, at, jxlink.local_date(at) AS local_start,
       jxlink.workday_deadline(at, 3) AS due3, jxlink.workday_deadline(at, 5) AS due5
FROM started;
SELECT * FROM from_shanghai ORDER BY at;

-- The same instants, whatever the client's zone.
SELECT count(*) AS compared,
       count(*) FILTER (WHERE (u.local_start, u.due3, u.due5)
                        IS DISTINCT FROM (s.local_start, s.due3, s.due5)) AS different
FROM from_utc u JOIN from_shanghai s USING (label);

SET TimeZone = 'America/Los_Angeles';
SELECT label, jxlink.workday_deadline(at, 5) = s.due5 AS same_from_los_angeles
FROM started JOIN from_shanghai s USING (label, at) ORDER BY at;

-- Another street's time zone (a superuser's setting) moves the local day.
SET TimeZone = 'UTC';
SET jxlink.timezone = 'UTC';
SELECT label, jxlink.local_date(at) AS local_start, jxlink.workday_deadline(at, 5) AS due5
FROM started ORDER BY at;

-- A zone with daylight saving time: the deadline is local midnight on both
-- sides of the change (2024-03-10 and 2024-11-03 in New York).
SET jxlink.timezone = 'America/New_York';
SELECT jxlink.workday_deadline('2024-03-08 12:00-05', 1) AS across_spring_forward,
       jxlink.workday_deadline('2024-11-01 12:00-04', 1) AS across_fall_back;
RESET jxlink.timezone;
SHOW jxlink.timezone;
