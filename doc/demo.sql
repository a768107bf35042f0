-- jxlink demo: the provisions' time limits around a holiday.
-- Run by doc/demo.sh in a throwaway cluster.
\set ON_ERROR_STOP 1
\pset pager off
SET client_min_messages = warning;
SET TimeZone = 'Asia/Shanghai';
SET DateStyle = 'ISO, YMD';
CREATE EXTENSION jxlink;

\echo
\echo '== 国庆节 2024 前后的工作日 (working days around National Day 2024)'
SELECT d::date AS day, to_char(d, 'Dy') AS dow,
       CASE WHEN jxlink.is_workday(d::date) THEN '工作日 working' ELSE '休息 rest' END AS status,
       c.name_zh || ' ' || c.name_en AS reason
FROM generate_series(DATE '2024-09-27', DATE '2024-10-15', '1 day') AS d
LEFT JOIN jxlink.calendar_day c ON c.day = d::date
ORDER BY d;

\echo
\echo '== 周五 2024-09-27 10:00 发现违法行为 (a violation found on Friday 2024-09-27 10:00)'
\echo '   三（三）2: 3 个工作日内移交；事先告知可延至 5 个工作日；紧急 24 小时；执法队 5 个工作日内书面告知是否受理'
WITH found AS (SELECT timestamptz '2024-09-27 10:00+08' AS at),
     transferred AS (SELECT timestamptz '2024-10-08 09:30+08' AS at),
     limits(clause, obligation, started_at, due_at, working_days) AS (
        SELECT '三（三）2①', '移交 transfer (3 working days)', f.at, jxlink.workday_deadline(f.at, 3), 3 FROM found f
        UNION ALL
        SELECT '三（三）2②', '延期移交 transfer after notice (5)', f.at, jxlink.workday_deadline(f.at, 5), 5 FROM found f
        UNION ALL
        SELECT '三（三）2③', '紧急移交 urgent (24 hours)', f.at, f.at + interval '24 hours', NULL FROM found f
        UNION ALL
        SELECT '三（三）2④', '书面告知受理 acceptance (5)', t.at, jxlink.workday_deadline(t.at, 5), 5 FROM transferred t)
SELECT clause, obligation, started_at, due_at AS late_from,
       jxlink.local_date(due_at - interval '1 microsecond') AS last_day,
       (SELECT string_agg(to_char(d, 'MM-DD') || coalesce(c.name_zh, '周末'), ' ' ORDER BY d)
          FROM generate_series(jxlink.local_date(started_at) + 1, jxlink.local_date(due_at) - 1, '1 day') AS d
          LEFT JOIN jxlink.calendar_day c ON c.day = d::date
         WHERE working_days IS NOT NULL AND NOT jxlink.is_workday(d::date)) AS days_skipped
FROM limits;

\echo
\echo '== 同一时刻，UTC 客户端得到同一期限 (a client in UTC gets the same instant)'
SET TimeZone = 'UTC';
SELECT jxlink.workday_deadline('2024-09-27 10:00+08', 3) AS transfer_late_from_utc_view;
SET TimeZone = 'Asia/Shanghai';

\echo
\echo '== 春节 2026: 2026-02-13 发现 (found on the Friday before the Spring Festival 2026)'
SELECT jxlink.add_workdays('2026-02-13', 3) AS transfer_last_day,
       jxlink.add_workdays('2026-02-13', 5) AS extended_last_day,
       jxlink.workdays_between('2026-02-13', '2026-02-28') AS working_days_to_feb_28;

\echo
\echo '== 尚未公布安排的年份为暂定 (years without a published schedule are provisional)'
SELECT d AS day, jxlink.add_workdays(d, 3) AS plus_3_working_days,
       jxlink.is_provisional(jxlink.add_workdays(d, 3)) AS provisional
FROM unnest(ARRAY[DATE '2026-12-29', DATE '2027-09-30']) AS d;
