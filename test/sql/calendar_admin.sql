-- Administrators keep the calendar with plain SQL; the C cache follows at once
-- in the changing transaction and rolls back with it.
SET DateStyle = 'ISO, YMD';
SET TimeZone = 'Asia/Shanghai';
\set SHOW_CONTEXT never

SELECT jxlink.add_workdays('2024-09-27', 3) AS transfer_by, jxlink.calendar_version() AS v0 \gset

-- A local closure on 2024-10-08 (e.g. a typhoon day), seen by the next command.
BEGIN;
INSERT INTO jxlink.calendar_day (day, kind, name_zh, name_en, source)
VALUES ('2024-10-08', 'holiday', '台风停工', 'Typhoon closure', 'street office notice');
SELECT jxlink.is_workday('2024-10-08') AS workday, jxlink.add_workdays('2024-09-27', 3) AS transfer_by,
       jxlink.calendar_version() <> :'v0' AS version_changed;
ROLLBACK;
SELECT jxlink.is_workday('2024-10-08') AS workday, jxlink.add_workdays('2024-09-27', 3) AS transfer_by,
       jxlink.calendar_version() = :'v0' AS version_restored;

-- The same inside a subtransaction rolled back.
BEGIN;
SAVEPOINT closure;
INSERT INTO jxlink.calendar_day (day, kind, name_zh, name_en)
VALUES ('2024-10-08', 'holiday', '台风停工', 'Typhoon closure');
SELECT jxlink.add_workdays('2024-09-27', 3) AS inside_savepoint;
ROLLBACK TO SAVEPOINT closure;
SELECT jxlink.add_workdays('2024-09-27', 3) AS after_rollback_to_savepoint;
COMMIT;

-- Committed changes: an added closure, two edited shipped rows, the next
-- year's schedule.  A shipped date cannot be inserted twice: it is updated.
INSERT INTO jxlink.calendar_day (day, kind, name_zh, name_en, source)
VALUES ('2024-10-08', 'holiday', '台风停工', 'Typhoon closure', 'street office notice');
UPDATE jxlink.calendar_day SET name_en = 'National Day (PRC)' WHERE day = '2024-10-02';
INSERT INTO jxlink.calendar_day (day, kind, name_zh, name_en, source)
VALUES ('2024-10-07', 'workday', '补班', 'Local make-up day', 'street office notice');
UPDATE jxlink.calendar_day
SET kind = 'workday', name_zh = '补班', name_en = 'Local make-up day', source = 'street office notice'
WHERE day = '2024-10-07';
INSERT INTO jxlink.calendar_year (year, source) VALUES (2027, 'State Council notice for 2027');
INSERT INTO jxlink.calendar_day (day, kind, name_zh, name_en, source)
VALUES ('2027-01-01', 'holiday', '元旦', 'New Year''s Day', 'State Council notice for 2027');

SELECT day, kind, name_en, source, origin FROM jxlink.calendar_day
WHERE day IN ('2024-10-02', '2024-10-03', '2024-10-07', '2024-10-08', '2027-01-01') ORDER BY day;
SELECT jxlink.is_workday('2024-10-07') AS oct7, jxlink.is_workday('2024-10-08') AS oct8,
       jxlink.add_workdays('2024-09-27', 3) AS transfer_by,
       jxlink.is_provisional('2027-03-01') AS provisional_2027,
       jxlink.is_workday('2027-01-01') AS new_year_2027;

-- Rows an administrator added can be deleted again; shipped ones, edited
-- or not, cannot: they are set back with UPDATE.
DELETE FROM jxlink.calendar_day WHERE origin = 'local';
DELETE FROM jxlink.calendar_year WHERE origin = 'local';
DELETE FROM jxlink.calendar_day WHERE day = '2024-10-07';
UPDATE jxlink.calendar_day
SET kind = 'holiday', name_zh = '国庆节', name_en = 'National Day',
    source = 'State Council holiday notice (data/cn_calendar.tsv)'
WHERE day = '2024-10-07';
SELECT jxlink.is_workday('2024-10-07') AS oct7, jxlink.is_workday('2024-10-08') AS oct8,
       jxlink.add_workdays('2024-09-27', 3) AS transfer_by,
       jxlink.is_provisional('2027-03-01') AS provisional_2027;

-- Edited shipped rows stay the administrator's (pg_dump keeps them).
SELECT day, kind, name_en, origin FROM jxlink.calendar_day WHERE origin <> 'shipped' ORDER BY day;

-- A statement that changes several rows invalidates once and is seen at once.
UPDATE jxlink.calendar_day SET kind = 'workday' WHERE day BETWEEN '2024-10-04' AND '2024-10-07';
SELECT jxlink.add_workdays('2024-09-27', 3) AS after_bulk_update;
UPDATE jxlink.calendar_day SET kind = 'holiday' WHERE day BETWEEN '2024-10-04' AND '2024-10-07';
SELECT jxlink.add_workdays('2024-09-27', 3) AS restored, jxlink.calendar_version() = :'v0' AS same_version;
SELECT count(*) FILTER (WHERE origin = 'edited') AS edited FROM jxlink.calendar_day;
