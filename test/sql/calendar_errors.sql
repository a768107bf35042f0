-- Every error path of the calendar, each with its SQLSTATE.
SET DateStyle = 'ISO, YMD';
SET TimeZone = 'Asia/Shanghai';

-- Run a statement and report its SQLSTATE and message (or that it worked).
CREATE FUNCTION pg_temp.outcome(stmt text) RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE stmt;
    RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ': ' || SQLERRM;
END
$$;

-- Dates outside 1950-01-01 .. 2149-12-31, infinities, results out of range.
SELECT stmt, pg_temp.outcome(stmt) FROM unnest(ARRAY[
    $q$SELECT jxlink.is_workday('1949-12-31')$q$,
    $q$SELECT jxlink.is_workday('2150-01-01')$q$,
    $q$SELECT jxlink.is_workday('infinity')$q$,
    $q$SELECT jxlink.is_workday('-infinity')$q$,
    $q$SELECT jxlink.is_provisional('4713-01-01 BC')$q$,
    $q$SELECT jxlink.is_provisional('infinity')$q$,
    $q$SELECT jxlink.add_workdays('1949-12-31', 1)$q$,
    $q$SELECT jxlink.add_workdays('infinity', 1)$q$,
    $q$SELECT jxlink.add_workdays('2149-12-31', 1)$q$,
    $q$SELECT jxlink.add_workdays('2149-12-31', 0)$q$,
    $q$SELECT jxlink.add_workdays('1950-01-02', -1)$q$,
    $q$SELECT jxlink.add_workdays('2024-01-01', 2147483647)$q$,
    $q$SELECT jxlink.add_workdays('2024-01-01', -2147483648)$q$,
    $q$SELECT jxlink.workdays_between('2024-01-01', 'infinity')$q$,
    $q$SELECT jxlink.workdays_between('-infinity', '2024-01-01')$q$,
    $q$SELECT jxlink.workdays_between('1900-01-01', '2024-01-01')$q$,
    $q$SELECT jxlink.workday_deadline('2024-09-27 10:00+08', -1)$q$,
    $q$SELECT jxlink.workday_deadline('infinity', 3)$q$,
    $q$SELECT jxlink.workday_deadline('-infinity', 3)$q$,
    $q$SELECT jxlink.workday_deadline('2149-12-30 10:00+08', 5)$q$,
    $q$SELECT jxlink.workday_deadline('1900-01-01 10:00+08', 5)$q$,
    $q$SELECT jxlink.local_date('infinity')$q$,
    $q$SELECT jxlink.local_date('294276-12-31 23:59:59+00')$q$
]) AS stmt;

-- The full report of one of them: message and detail.
SELECT jxlink.add_workdays('2149-12-31', 1);
SELECT jxlink.is_workday('1949-12-31');

-- The time-zone setting is checked when set.
SELECT stmt, pg_temp.outcome(stmt) FROM unnest(ARRAY[
    $q$SET jxlink.timezone = 'Mars/Olympus_Mons'$q$,
    $q$SET jxlink.timezone = ''$q$,
    $q$SET jxlink.timezone = 'right/Asia/Shanghai'$q$,
    $q$SET jxlink.no_such_setting = 'x'$q$
]) AS stmt;
SET jxlink.timezone = 'Mars/Olympus_Mons';
SHOW jxlink.timezone;

-- Calendar rows are checked.
SELECT stmt, pg_temp.outcome(stmt) FROM unnest(ARRAY[
    $q$INSERT INTO jxlink.calendar_day (day, kind, name_zh, name_en) VALUES ('1949-10-01', 'holiday', '国庆节', 'National Day')$q$,
    $q$INSERT INTO jxlink.calendar_day (day, kind, name_zh, name_en) VALUES ('2150-10-01', 'holiday', '国庆节', 'National Day')$q$,
    $q$INSERT INTO jxlink.calendar_day (day, kind, name_zh, name_en) VALUES ('2027-10-01', 'weekend', '国庆节', 'National Day')$q$,
    $q$INSERT INTO jxlink.calendar_day (day, kind, name_zh, name_en) VALUES ('2027-10-01', 'holiday', '', 'National Day')$q$,
    $q$INSERT INTO jxlink.calendar_day (day, kind, name_zh, name_en) VALUES ('2027-10-01', 'holiday', '国庆节', NULL)$q$,
    $q$INSERT INTO jxlink.calendar_day (day, kind, name_zh, name_en) VALUES (NULL, 'holiday', '国庆节', 'National Day')$q$,
    $q$INSERT INTO jxlink.calendar_year (year) VALUES (1949)$q$,
    $q$INSERT INTO jxlink.calendar_year (year) VALUES (2150)$q$,
    $q$INSERT INTO jxlink.calendar_year (year) VALUES (2024)$q$,
    $q$INSERT INTO jxlink.calendar_day (day, kind, name_zh, name_en) VALUES ('2024-10-01', 'workday', '补班', 'Make-up day')$q$,
    $q$INSERT INTO jxlink.calendar_day (day, kind, name_zh, name_en, origin) VALUES ('2027-10-01', 'holiday', '国庆节', 'National Day', 'other')$q$,
    $q$UPDATE jxlink.calendar_day SET origin = 'local' WHERE day = '2024-10-01'$q$,
    $q$DELETE FROM jxlink.calendar_day WHERE day = '2024-10-01'$q$,
    $q$DELETE FROM jxlink.calendar_year WHERE year = 2024$q$,
    $q$TRUNCATE jxlink.calendar_day$q$,
    $q$TRUNCATE jxlink.calendar_year$q$
]) AS stmt;

-- The full report of a refused deletion: message, detail and hint.
\set SHOW_CONTEXT never
DELETE FROM jxlink.calendar_day WHERE day = '2024-10-01';

-- Nothing above changed the calendar.
SELECT count(*) AS days, bool_and(origin = 'shipped') AS all_shipped FROM jxlink.calendar_day;
SELECT count(*) AS years FROM jxlink.calendar_year;

-- The invalidation trigger refuses to be used as anything but a statement trigger.
CREATE TABLE misuse (x int);
CREATE TRIGGER misuse BEFORE INSERT ON misuse
    FOR EACH ROW EXECUTE FUNCTION jxlink.calendar_changed();
INSERT INTO misuse VALUES (1);
DROP TABLE misuse;

-- An edited shipped row cannot be deleted either, nor its origin changed.
BEGIN;
UPDATE jxlink.calendar_day SET name_en = 'National Day (PRC)' WHERE day = '2024-10-01';
SELECT day, name_en, origin FROM jxlink.calendar_day WHERE day = '2024-10-01';
SELECT pg_temp.outcome($q$DELETE FROM jxlink.calendar_day WHERE day = '2024-10-01'$q$);
SELECT pg_temp.outcome($q$UPDATE jxlink.calendar_day SET origin = 'local' WHERE day = '2024-10-01'$q$);
ROLLBACK;

-- A role that is not a superuser can neither set the street's time zone
-- nor write the calendar, but can read it and use the functions.
CREATE ROLE regress_jx_clerk;
SET ROLE regress_jx_clerk;
SET jxlink.timezone = 'UTC';
INSERT INTO jxlink.calendar_day (day, kind, name_zh, name_en) VALUES ('2027-10-01', 'holiday', '国庆节', 'National Day');
SELECT jxlink.is_workday('2024-10-08'), jxlink.add_workdays('2024-09-27', 3),
       (SELECT count(*) FROM jxlink.calendar_year) AS years;
RESET ROLE;
DROP ROLE regress_jx_clerk;
