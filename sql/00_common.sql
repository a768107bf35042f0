/*
 * sql/00_common.sql - Shared pieces: the schema, the group roles, keys (uuid_v7), the calling role, event-time and text checks, append-only tables.
 *
 * A concept file: the current definition of each object, once, with its
 * comments, grants, policies and triggers.  The build concatenates the concept
 * files (sql/NN_*.sql, in order) into the install script of the current version.
 */

-- The group roles DBAs grant to login roles (cluster-wide: created when
-- missing, left in place by DROP EXTENSION).
DO $$
DECLARE
    r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['jxlink_admin', 'jxlink_clerk', 'jxlink_supervisor', 'jxlink_bi', 'jxlink_sender'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname OPERATOR(pg_catalog.=) r) THEN
            EXECUTE pg_catalog.format('CREATE ROLE %I NOLOGIN', r);
        END IF;
    END LOOP;
END
$$;

COMMENT ON SCHEMA jxlink IS 'jxlink：综合行政执法协调协作联动机制（工作日期限、案件移送、时限台账）。 jxlink: law-enforcement coordination and linkage (working-day deadlines, referrals, the obligation ledger).';
GRANT USAGE ON SCHEMA jxlink TO PUBLIC;

CREATE FUNCTION jxlink.calling_role() RETURNS name
    LANGUAGE c STABLE PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_calling_role';
COMMENT ON FUNCTION jxlink.calling_role() IS '调用者的数据库角色（SET ROLE 之后的角色；在 SECURITY DEFINER 函数内也不是函数属主）。 The role the caller acts as (after SET ROLE; inside a SECURITY DEFINER function too, not the owner).';

-- Refuse an event time in the future, before the previous event or outside the calendar (src/event_check.c,
-- which the C referral path calls directly).
CREATE FUNCTION jxlink.check_occurred_at(occurred_at timestamp with time zone, previous timestamp with time zone, what text) RETURNS void
    LANGUAGE c PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_check_occurred_at';
COMMENT ON FUNCTION jxlink.check_occurred_at(occurred_at timestamp with time zone, previous timestamp with time zone, what text) IS '（内部）事件时间不得晚于当前、不得早于前一事件、不得在工作日历之外（拒绝正负无穷）。 (Internal) An event time is never in the future, nor before the previous event, nor outside the working-day calendar (±infinity refused).';
REVOKE ALL ON FUNCTION jxlink.check_occurred_at(occurred_at timestamp with time zone, previous timestamp with time zone, what text) FROM PUBLIC;

-- Refuse a date or an instant outside the working-day calendar (src/event_check.c):
-- every date and time an API function accepts passes through one of these.
CREATE FUNCTION jxlink.check_calendar_date(value date, what text) RETURNS date
    LANGUAGE c IMMUTABLE PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_check_calendar_date';
COMMENT ON FUNCTION jxlink.check_calendar_date(value date, what text) IS '（内部）日期参数须在工作日历范围内（1950-01-01 至 2149-12-31），拒绝正负无穷（22008）；空值照传。 (Internal) A date argument must lie inside the working-day calendar (1950-01-01 to 2149-12-31); ±infinity is refused (22008); null passes.';

CREATE FUNCTION jxlink.check_calendar_time(value timestamp with time zone, what text) RETURNS timestamp with time zone
    LANGUAGE c STABLE PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_check_calendar_time';
COMMENT ON FUNCTION jxlink.check_calendar_time(value timestamp with time zone, what text) IS '（内部）时刻参数的本地日期须在工作日历范围内（1950-01-01 至 2149-12-31），拒绝正负无穷（22008）；空值照传。 (Internal) The local date of an instant argument must lie inside the working-day calendar (1950-01-01 to 2149-12-31); ±infinity is refused (22008); null passes.';

CREATE FUNCTION jxlink.uuid_v7() RETURNS uuid
    LANGUAGE c PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_uuid_v7';
COMMENT ON FUNCTION jxlink.uuid_v7() IS '按时间排序的 UUID（第 7 版）：多个街道库合并到市级库时不冲突。 A time-ordered UUID (version 7): keys of several street databases merge into a city database without collisions.';

CREATE FUNCTION jxlink.refuse_change() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    RAISE EXCEPTION '%.% is append-only: % is not allowed', TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'restrict_violation',
              DETAIL = 'History rows are evidence; they are written once, by the transition they record.';
END
$$;
COMMENT ON FUNCTION jxlink.refuse_change() IS '触发器：只增表拒绝 UPDATE、DELETE、TRUNCATE。 Trigger: an append-only table refuses UPDATE, DELETE and TRUNCATE.';
REVOKE ALL ON FUNCTION jxlink.refuse_change() FROM PUBLIC;

-- Refuse to record anything on a hot standby, saying so (src/event_check.c,
-- which the C referral path calls directly): every function that writes the
-- record calls it first, through caller_staff() or itself.
CREATE FUNCTION jxlink.require_primary() RETURNS void
    LANGUAGE c STABLE PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_require_primary';
COMMENT ON FUNCTION jxlink.require_primary() IS '（内部）在热备服务器上拒绝写入记录并说明原因（25006：记录在主服务器写入，备用服务器只供读取）。 (Internal) Refuses to record anything on a hot standby, saying so (25006: records are written on the primary; a standby serves the readers).';
REVOKE ALL ON FUNCTION jxlink.require_primary() FROM PUBLIC;

-- Refuse a missing or empty text argument (src/event_check.c, which the C referral path
-- calls directly).
CREATE FUNCTION jxlink.require_text(value text, what text) RETURNS text
    LANGUAGE c IMMUTABLE PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_require_text';
COMMENT ON FUNCTION jxlink.require_text(value text, what text) IS '（内部）必填文字参数不得为空。 (Internal) A required text argument must not be empty.';
REVOKE ALL ON FUNCTION jxlink.require_text(value text, what text) FROM PUBLIC;
