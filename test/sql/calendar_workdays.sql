-- The working-day calendar: known days of the official schedule, the
-- arithmetic for n < 0, n = 0 and long spans, provisional years, and a
-- day-by-day cross-check against a plain SQL count over calendar_day.
SET DateStyle = 'ISO, YMD';

-- Known days.
SELECT d, to_char(d, 'Dy') AS dow, jxlink.is_workday(d) AS workday,
       jxlink.is_provisional(d) AS provisional
FROM unnest(ARRAY[
    DATE '2024-02-03',  -- Saturday
    DATE '2024-02-04',  -- Sunday, make-up working day for the Spring Festival
    DATE '2024-02-10',  -- Spring Festival
    DATE '2024-09-29',  -- Sunday, make-up working day for National Day
    DATE '2024-09-30',
    DATE '2024-10-01', DATE '2024-10-04', DATE '2024-10-07',  -- National Day
    DATE '2024-10-08',
    DATE '2024-10-12',  -- Saturday, make-up working day for National Day
    DATE '2020-01-31',  -- Spring Festival, extended (Covid-19)
    DATE '2020-02-03',
    DATE '2026-01-02', DATE '2026-01-04',
    DATE '2026-02-14', DATE '2026-02-23', DATE '2026-02-28',
    DATE '2026-09-20', DATE '2026-10-07', DATE '2026-10-10',
    DATE '2027-01-01', DATE '2027-01-04'   -- no published schedule: weekday rule
]) AS d;

-- National Day 2024 in full: which days count.
SELECT d::date, to_char(d, 'Dy') AS dow, jxlink.is_workday(d::date) AS workday,
       c.name_en
FROM generate_series(DATE '2024-09-27', DATE '2024-10-15', '1 day') AS d
LEFT JOIN jxlink.calendar_day c ON c.day = d::date
ORDER BY d;

-- The provisions' limits for a case found on Friday 2024-09-27 (三（三）2):
-- transfer within 3 working days, 5 with advance notice; the written
-- acceptance within 5 working days of a transfer on 2024-10-08.
SELECT jxlink.add_workdays(DATE '2024-09-27', 3) AS transfer_by,
       jxlink.add_workdays(DATE '2024-09-27', 5) AS extended_by,
       jxlink.add_workdays(DATE '2024-10-08', 5) AS acceptance_by;

-- n < 0 and n = 0.
SELECT d, n, jxlink.add_workdays(d, n)
FROM (VALUES (DATE '2024-10-08', -1), (DATE '2024-10-08', -2),
             (DATE '2024-10-08', -3), (DATE '2024-10-07', -1),
             (DATE '2024-10-01', 0), (DATE '2024-10-08', 0),
             (DATE '2024-10-12', 0), (DATE '2024-10-13', 0),
             (DATE '2024-10-13', 1), (DATE '2024-10-12', 1)) AS t(d, n);

-- workdays_between: (a, b] and its negative.
SELECT a, b, jxlink.workdays_between(a, b)
FROM (VALUES (DATE '2024-09-27', DATE '2024-10-08'),
             (DATE '2024-10-08', DATE '2024-09-27'),
             (DATE '2024-10-01', DATE '2024-10-07'),
             (DATE '2024-10-08', DATE '2024-10-08'),
             (DATE '2024-09-30', DATE '2024-10-08')) AS t(a, b);

-- Long spans across years and into provisional years.
SELECT jxlink.workdays_between(DATE '2003-12-31', DATE '2026-12-31') AS schedule_2004_2026,
       jxlink.workdays_between(DATE '2023-12-31', DATE '2024-12-31') AS year_2024,
       jxlink.workdays_between(DATE '2024-12-31', DATE '2025-12-31') AS year_2025,
       jxlink.workdays_between(DATE '2025-12-31', DATE '2026-12-31') AS year_2026,
       jxlink.workdays_between(DATE '2026-12-31', DATE '2027-12-31') AS year_2027_weekday_rule;
SELECT jxlink.add_workdays(DATE '2004-01-01', 5000) AS plus_5000,
       jxlink.add_workdays(DATE '2026-12-31', 250) AS into_2027,
       jxlink.is_provisional(jxlink.add_workdays(DATE '2026-12-31', 250)) AS provisional,
       jxlink.add_workdays(DATE '2026-12-31', -5000) AS minus_5000,
       jxlink.add_workdays(DATE '1950-01-02', 0) AS first_day,
       jxlink.add_workdays(DATE '2149-12-31', -1) AS before_last_day;

-- Provisional years: those not in calendar_year.
SELECT y, jxlink.is_provisional(make_date(y, 6, 1)) AS provisional
FROM unnest(ARRAY[1950, 2003, 2004, 2024, 2026, 2027, 2149]) AS y;

-- Cross-check, day by day from 2003-12-01 to 2028-01-31, against the
-- straightforward SQL over calendar_day: is_workday, workdays_between and
-- add_workdays for n in -5..5 all agree with a running count.
CREATE TEMP TABLE oracle AS
WITH days AS (
    SELECT d::date AS d,
           coalesce(c.kind = 'workday', extract(isodow FROM d) < 6) AS work
    FROM generate_series(DATE '2003-12-01', DATE '2028-01-31', '1 day') AS d
    LEFT JOIN jxlink.calendar_day c ON c.day = d::date
)
SELECT d, work, (count(*) FILTER (WHERE work) OVER (ORDER BY d))::int AS k
FROM days;

SELECT count(*) AS days,
       count(*) FILTER (WHERE jxlink.is_workday(d) <> work) AS is_workday_wrong,
       count(*) FILTER (WHERE jxlink.workdays_between(DATE '2003-11-30', d) <> k) AS between_wrong
FROM oracle;

SELECT count(*) AS checked,
       count(*) FILTER (WHERE jxlink.add_workdays(o.d, n) IS DISTINCT FROM w.d) AS add_workdays_wrong
FROM oracle o
CROSS JOIN generate_series(-5, 5) AS n
LEFT JOIN oracle w
  ON w.work
 AND w.k = CASE WHEN n > 0 THEN o.k + n ELSE o.k - o.work::int + n + 1 END
WHERE o.d BETWEEN DATE '2004-01-01' AND DATE '2027-12-31';

-- The round trip promised by the contract, for every n in 1..30 and every
-- day of 2004–2026.
SELECT count(*) AS checked,
       count(*) FILTER (WHERE jxlink.workdays_between(d, jxlink.add_workdays(d, n)) <> n) AS wrong
FROM generate_series(DATE '2004-01-01', DATE '2026-12-31', '1 day') AS g(dd),
     LATERAL (SELECT dd::date AS d) AS x,
     generate_series(1, 30) AS n;

-- Deadlines (first late instant), in local time.
SET TimeZone = 'Asia/Shanghai';
SELECT jxlink.workday_deadline('2024-09-27 10:00+08', 3) AS transfer_due,
       jxlink.workday_deadline('2024-09-27 10:00+08', 5) AS extended_due,
       timestamptz '2024-09-27 10:00+08' + interval '24 hours' AS urgent_due,
       jxlink.workday_deadline('2024-10-08 09:00+08', 5) AS acceptance_due,
       jxlink.workday_deadline('2024-10-01 09:00+08', 0) AS zero_on_holiday,
       jxlink.workday_deadline('2024-10-08 23:59:59+08', 1) AS one_day_late_evening;

-- The version of the calendar in use is stable while nothing changes.
SELECT length(jxlink.calendar_version()) AS version_length,
       jxlink.calendar_version() = jxlink.calendar_version() AS stable;

-- NULL in, NULL out (every function is STRICT).
SELECT jxlink.is_workday(NULL) IS NULL AS a, jxlink.add_workdays(NULL, 1) IS NULL AS b,
       jxlink.add_workdays(DATE '2024-01-01', NULL) IS NULL AS c,
       jxlink.workdays_between(NULL, DATE '2024-01-01') IS NULL AS d,
       jxlink.is_provisional(NULL) IS NULL AS e,
       jxlink.workday_deadline(NULL, 3) IS NULL AS f,
       jxlink.workday_deadline(now(), NULL) IS NULL AS g,
       jxlink.local_date(NULL) IS NULL AS h;
