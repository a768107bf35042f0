-- jxlink 0.8.0 -> 0.9.0: verdicts no one can game (issue 12).
-- Restates, with CREATE OR REPLACE or ALTER, every object whose definition in
-- the concept files sql/NN_*.sql changed; test/t/002_upgrade.pl compares the
-- result with a fresh install.
\echo Use "ALTER EXTENSION jxlink UPDATE TO '0.9.0'" to load this file. \quit

-- ===== A. the ledger: event times, late recording, lateness kept =====
-- (section A)

-- ===== end A =====


-- ===== B. referrals: advance notice, returns, actor first, drafts, personal fields =====
-- (section B)

-- ===== end B =====


-- ===== C. the joint meeting =====
-- (section C)

-- ===== end C =====


-- ===== D. confidentiality: staff record, contact reads, leaks =====
-- (section D)

-- ===== end D =====


-- ===== E. poison dates and the history anchor =====
-- (section E)

-- E1. Calendar bounds: every date and time an API accepts lies inside the calendar.
CREATE FUNCTION jxlink.check_calendar_date(value date, what text) RETURNS date
    LANGUAGE c IMMUTABLE PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_check_calendar_date';
COMMENT ON FUNCTION jxlink.check_calendar_date(value date, what text) IS '（内部）日期参数须在工作日历范围内（1950-01-01 至 2149-12-31），拒绝正负无穷（22008）；空值照传。 (Internal) A date argument must lie inside the working-day calendar (1950-01-01 to 2149-12-31); ±infinity is refused (22008); null passes.';

CREATE FUNCTION jxlink.check_calendar_time(value timestamp with time zone, what text) RETURNS timestamp with time zone
    LANGUAGE c STABLE PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_check_calendar_time';
COMMENT ON FUNCTION jxlink.check_calendar_time(value timestamp with time zone, what text) IS '（内部）时刻参数的本地日期须在工作日历范围内（1950-01-01 至 2149-12-31），拒绝正负无穷（22008）；空值照传。 (Internal) The local date of an instant argument must lie inside the working-day calendar (1950-01-01 to 2149-12-31); ±infinity is refused (22008); null passes.';

COMMENT ON FUNCTION jxlink.check_occurred_at(occurred_at timestamp with time zone, previous timestamp with time zone, what text) IS '（内部）事件时间不得晚于当前、不得早于前一事件、不得在工作日历之外（拒绝正负无穷）。 (Internal) An event time is never in the future, nor before the previous event, nor outside the working-day calendar (±infinity refused).';

-- ===== end E =====
