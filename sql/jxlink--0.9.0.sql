-- jxlink 0.9.0: built by make from the concept files sql/NN_*.sql; do not edit.
\echo Use "CREATE EXTENSION jxlink" to load this file. \quit
SET LOCAL check_function_bodies = false;

/*
 * sql/00_common.sql — Shared pieces: the schema, the group roles, keys (uuid_v7), the calling role, event-time and text checks, append-only tables.
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
    FOREACH r IN ARRAY ARRAY['jxlink_admin', 'jxlink_clerk', 'jxlink_supervisor', 'jxlink_bi'] LOOP
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

-- Refuse an event time in the future or before the previous event (src/event_check.c,
-- which the C referral path calls directly).
CREATE FUNCTION jxlink.check_occurred_at(occurred_at timestamp with time zone, previous timestamp with time zone, what text) RETURNS void
    LANGUAGE c PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_check_occurred_at';
COMMENT ON FUNCTION jxlink.check_occurred_at(occurred_at timestamp with time zone, previous timestamp with time zone, what text) IS '（内部）事件时间不得晚于当前、不得早于前一事件。 (Internal) An event time is never in the future nor before the previous event.';
REVOKE ALL ON FUNCTION jxlink.check_occurred_at(occurred_at timestamp with time zone, previous timestamp with time zone, what text) FROM PUBLIC;

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

-- Refuse a missing or empty text argument (src/event_check.c, which the C referral path
-- calls directly).
CREATE FUNCTION jxlink.require_text(value text, what text) RETURNS text
    LANGUAGE c IMMUTABLE PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_require_text';
COMMENT ON FUNCTION jxlink.require_text(value text, what text) IS '（内部）必填文字参数不得为空。 (Internal) A required text argument must not be empty.';
REVOKE ALL ON FUNCTION jxlink.require_text(value text, what text) FROM PUBLIC;

/*
 * sql/05_calendar.sql — The working-day calendar (DESIGN §3): official rest and make-up days, published years, local time; the C arithmetic over it; the guard of shipped rows.
 *
 * A concept file: the current definition of each object, once, with its
 * comments, grants, policies and triggers.  The build concatenates the concept
 * files (sql/NN_*.sql, in order) into the install script of the current version.
 */

CREATE FUNCTION jxlink.add_workdays(day date, n integer) RETURNS date
    LANGUAGE c STABLE STRICT PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_add_workdays';
COMMENT ON FUNCTION jxlink.add_workdays(day date, n integer) IS 'n>0：该日之后第 n 个工作日；n<0：该日之前第 |n| 个工作日；n=0：该日（若为工作日）或其后第一个工作日。起算日不计入。 n > 0: the n-th working day after the date; n < 0: the |n|-th working day before it; n = 0: the date itself if a working day, else the next one. The start day is not counted.';

CREATE FUNCTION jxlink.calendar_changed() RETURNS trigger
    LANGUAGE c
    AS '$libdir/jxlink', 'jxlink_calendar_changed';
COMMENT ON FUNCTION jxlink.calendar_changed() IS '语句级触发器：日历表变更后使各会话的内存日历失效（本事务下一条命令即生效，其他会话在提交后生效）。 Statement trigger: after a change to a calendar table, every session''s in-memory calendar is rebuilt (at once for the changing transaction, after commit for the others).';
REVOKE ALL ON FUNCTION jxlink.calendar_changed() FROM PUBLIC;

CREATE FUNCTION jxlink.calendar_version() RETURNS text
    LANGUAGE c STABLE STRICT PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_calendar_version';
COMMENT ON FUNCTION jxlink.calendar_version() IS '当前日历内容的散列（16 位十六进制）：用于记录某期限按哪一版日历计算。 A hash of the calendar rows in use (16 hex digits): records which calendar a deadline was computed with.';

CREATE FUNCTION jxlink.is_provisional(day date) RETURNS boolean
    LANGUAGE c STABLE STRICT PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_is_provisional';
COMMENT ON FUNCTION jxlink.is_provisional(day date) IS '该日所在年份尚未载入官方安排（calendar_year）时为真：按周一至周五计算，结果暂定。 True when the date''s year has no loaded official schedule (calendar_year): the weekday rule is used and the answer is provisional.';

CREATE FUNCTION jxlink.is_workday(day date) RETURNS boolean
    LANGUAGE c STABLE STRICT PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_is_workday';
COMMENT ON FUNCTION jxlink.is_workday(day date) IS '该日是否为工作日（法定休息日与调休上班日见 calendar_day，其余按周一至周五）。 Whether the date is a working day (exceptions in calendar_day, otherwise Monday to Friday).';

CREATE FUNCTION jxlink.local_date(at timestamp with time zone) RETURNS date
    LANGUAGE c STABLE STRICT PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_local_date';
COMMENT ON FUNCTION jxlink.local_date(at timestamp with time zone) IS '该时刻在 jxlink.timezone 中的本地日期。 The local date of the instant in jxlink.timezone.';

CREATE FUNCTION jxlink.local_midnight(day date) RETURNS timestamp with time zone
    LANGUAGE c STABLE STRICT PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_local_midnight';
COMMENT ON FUNCTION jxlink.local_midnight(day date) IS '该日 00:00（jxlink.timezone 本地时间）的时刻。 The instant of 00:00 on the date in local time (jxlink.timezone).';

CREATE FUNCTION jxlink.local_timezone() RETURNS text
    LANGUAGE c STABLE PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_local_timezone';
COMMENT ON FUNCTION jxlink.local_timezone() IS '本街道的时区（jxlink.timezone 的值；会话尚未加载扩展库时亦可用）。 The street''s time zone (the value of jxlink.timezone; works before the session has loaded the library).';

CREATE FUNCTION jxlink.shipped_row_guard() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $_$
DECLARE
    key_column text := TG_ARGV[0];
    replaced integer;
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        RAISE EXCEPTION 'cannot truncate %.%', TG_TABLE_SCHEMA, TG_TABLE_NAME
            USING ERRCODE = 'restrict_violation',
                  DETAIL = 'It holds rows shipped with jxlink, which would come back with the next restore.',
                  HINT = 'Delete the rows you added with DELETE ... WHERE origin = ''local''.';
    ELSIF TG_OP = 'UPDATE' THEN
        -- A changed shipped row is the administrator's now: pg_dump keeps it.
        IF NEW.origin OPERATOR(pg_catalog.<>) OLD.origin THEN
            RAISE EXCEPTION 'cannot change the origin of a row of %.%', TG_TABLE_SCHEMA, TG_TABLE_NAME
                USING ERRCODE = 'restrict_violation',
                      DETAIL = 'The origin records whether a row was shipped with jxlink, edited or added locally.';
        ELSIF OLD.origin OPERATOR(pg_catalog.=) 'shipped' THEN
            NEW.origin := 'edited';
        END IF;
        RETURN NEW;
    ELSIF TG_OP = 'INSERT' THEN
        -- An edited shipped row, as pg_restore brings it back, replaces the
        -- shipped row that CREATE EXTENSION has just recreated.
        IF NEW.origin OPERATOR(pg_catalog.=) 'edited' THEN
            EXECUTE pg_catalog.format(
                'DELETE FROM %I.%I t WHERE t.origin OPERATOR(pg_catalog.=) ''shipped'''
                ' AND t.%I OPERATOR(pg_catalog.=) ($1).%I',
                TG_TABLE_SCHEMA, TG_TABLE_NAME, key_column, key_column)
            USING NEW;
        END IF;
        RETURN NEW;
    END IF;
    -- DELETE: a shipped key would come back with the next restore.
    IF OLD.origin OPERATOR(pg_catalog.<>) 'local' AND pg_catalog.pg_trigger_depth() OPERATOR(pg_catalog.=) 1 THEN
        RAISE EXCEPTION 'cannot delete the shipped row % of %.%',
                pg_catalog.to_jsonb(OLD) OPERATOR(pg_catalog.->>) key_column, TG_TABLE_SCHEMA, TG_TABLE_NAME
            USING ERRCODE = 'restrict_violation',
                  DETAIL = 'Rows shipped with jxlink would come back with the next restore.',
                  HINT = 'Correct the row with UPDATE instead (for a date: set its kind).';
    END IF;
    RETURN OLD;
END
$_$;
COMMENT ON FUNCTION jxlink.shipped_row_guard() IS '触发器（日历、期限规则等随扩展发布的配置表）：修改过的发布行标为 edited（导出时保留，恢复时取代发布行）；发布行不可删除，表不可清空。 Trigger for configuration tables shipped with rows (calendar, deadline rules): a changed shipped row becomes edited (kept by pg_dump, replacing the shipped row on restore); shipped rows cannot be deleted nor the tables truncated.';
REVOKE ALL ON FUNCTION jxlink.shipped_row_guard() FROM PUBLIC;

CREATE TABLE jxlink.calendar_day (
    day date NOT NULL,
    kind text NOT NULL,
    name_zh text NOT NULL,
    name_en text NOT NULL,
    source text DEFAULT 'local administrator' NOT NULL,
    origin text DEFAULT 'local' NOT NULL,
    CONSTRAINT calendar_day_day_check CHECK ((day >= '1950-01-01'::date) AND (day <= '2149-12-31'::date)),
    CONSTRAINT calendar_day_kind_check CHECK (kind IN ('holiday', 'workday')),
    CONSTRAINT calendar_day_name_en_check CHECK (name_en <> ''),
    CONSTRAINT calendar_day_name_zh_check CHECK (name_zh <> ''),
    CONSTRAINT calendar_day_origin_check CHECK (origin IN ('shipped', 'edited', 'local'))
);
COMMENT ON TABLE jxlink.calendar_day IS '例外日期：法定休息日（holiday）与调休上班日（workday）；未列出的日期按周一至周五工作计算。管理员可直接用 SQL 增改。 Exception dates: official rest days (holiday) and make-up working days (workday); unlisted dates follow the weekday rule. Administrators add and correct rows with plain SQL.';
COMMENT ON COLUMN jxlink.calendar_day.day IS '日期（1950-01-01 至 2149-12-31）。 The date (1950-01-01 to 2149-12-31).';
COMMENT ON COLUMN jxlink.calendar_day.kind IS 'holiday：休息日；workday：调休上班日。 holiday: a rest day; workday: a working day (e.g. a make-up Saturday).';
COMMENT ON COLUMN jxlink.calendar_day.name_zh IS '节日或事由（中文）。 Name of the holiday or reason, in Chinese.';
COMMENT ON COLUMN jxlink.calendar_day.name_en IS '节日或事由（英文）。 Name of the holiday or reason, in English.';
COMMENT ON COLUMN jxlink.calendar_day.source IS '依据（国务院通知、地方决定等）。 Where the fact comes from (State Council notice, local decision...).';
COMMENT ON COLUMN jxlink.calendar_day.origin IS '来源：shipped＝随扩展发布未经修改（pg_dump 不导出，由 CREATE EXTENSION 重建）；edited＝管理员修改过的发布行（导出，恢复时取代发布行）；local＝管理员新增。 shipped: as shipped with the extension (left out of pg_dump, recreated by CREATE EXTENSION); edited: a shipped row an administrator changed (dumped; replaces the shipped row on restore); local: added by an administrator.';
ALTER TABLE ONLY jxlink.calendar_day
    ADD CONSTRAINT calendar_day_pkey PRIMARY KEY (day);
CREATE TRIGGER calendar_day_changed AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON jxlink.calendar_day FOR EACH STATEMENT EXECUTE FUNCTION jxlink.calendar_changed();
CREATE TRIGGER calendar_day_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.calendar_day FOR EACH ROW EXECUTE FUNCTION jxlink.shipped_row_guard('day');

ALTER TABLE jxlink.calendar_day ENABLE ALWAYS TRIGGER calendar_day_guard;
CREATE TRIGGER calendar_day_no_truncate BEFORE TRUNCATE ON jxlink.calendar_day FOR EACH STATEMENT EXECUTE FUNCTION jxlink.shipped_row_guard('day');
GRANT SELECT ON TABLE jxlink.calendar_day TO PUBLIC;
GRANT INSERT,DELETE,UPDATE ON TABLE jxlink.calendar_day TO jxlink_admin;
SELECT pg_catalog.pg_extension_config_dump('jxlink.calendar_day', 'WHERE origin <> ''shipped''');

CREATE TABLE jxlink.calendar_year (
    year integer NOT NULL,
    source text DEFAULT 'local administrator' NOT NULL,
    origin text DEFAULT 'local' NOT NULL,
    loaded_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT calendar_year_origin_check CHECK (origin IN ('shipped', 'edited', 'local')),
    CONSTRAINT calendar_year_year_check CHECK ((year >= 1950) AND (year <= 2149))
);
COMMENT ON TABLE jxlink.calendar_year IS '已载入官方节假日安排的年份；未列出的年份按周一至周五工作计算，结果为“暂定”。 Years whose official holiday schedule is loaded; other years follow the weekday rule and their answers are provisional.';
COMMENT ON COLUMN jxlink.calendar_year.year IS '年份（1950–2149）。 The year (1950–2149).';
COMMENT ON COLUMN jxlink.calendar_year.source IS '依据（如国务院办公厅通知文号）。 Where the schedule comes from (e.g. the State Council notice).';
COMMENT ON COLUMN jxlink.calendar_year.origin IS '来源：shipped＝随扩展发布未经修改（pg_dump 不导出，由 CREATE EXTENSION 重建）；edited＝管理员修改过的发布行（导出，恢复时取代发布行）；local＝管理员新增。 shipped: as shipped with the extension (left out of pg_dump, recreated by CREATE EXTENSION); edited: a shipped row an administrator changed (dumped; replaces the shipped row on restore); local: added by an administrator.';
COMMENT ON COLUMN jxlink.calendar_year.loaded_at IS '载入时间。 When the row was loaded.';
ALTER TABLE ONLY jxlink.calendar_year
    ADD CONSTRAINT calendar_year_pkey PRIMARY KEY (year);
CREATE TRIGGER calendar_year_changed AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON jxlink.calendar_year FOR EACH STATEMENT EXECUTE FUNCTION jxlink.calendar_changed();
CREATE TRIGGER calendar_year_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.calendar_year FOR EACH ROW EXECUTE FUNCTION jxlink.shipped_row_guard('year');

ALTER TABLE jxlink.calendar_year ENABLE ALWAYS TRIGGER calendar_year_guard;
CREATE TRIGGER calendar_year_no_truncate BEFORE TRUNCATE ON jxlink.calendar_year FOR EACH STATEMENT EXECUTE FUNCTION jxlink.shipped_row_guard('year');
GRANT SELECT ON TABLE jxlink.calendar_year TO PUBLIC;
GRANT INSERT,DELETE,UPDATE ON TABLE jxlink.calendar_year TO jxlink_admin;
SELECT pg_catalog.pg_extension_config_dump('jxlink.calendar_year', 'WHERE origin <> ''shipped''');

-- The shipped calendar (data/cn_calendar.tsv), inserted by the build.
INSERT INTO jxlink.calendar_day (day, kind, name_zh, name_en, source, origin) VALUES
    ('2004-01-01', 'holiday', '元旦', 'New Year''s Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2004-01-17', 'workday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2004-01-18', 'workday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2004-01-22', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2004-01-23', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2004-01-24', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2004-01-25', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2004-01-26', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2004-01-27', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2004-01-28', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2004-05-01', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2004-05-02', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2004-05-03', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2004-05-04', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2004-05-05', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2004-05-06', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2004-05-07', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2004-05-08', 'workday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2004-05-09', 'workday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2004-10-01', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2004-10-02', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2004-10-03', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2004-10-04', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2004-10-05', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2004-10-06', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2004-10-07', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2004-10-09', 'workday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2004-10-10', 'workday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2005-01-01', 'holiday', '元旦', 'New Year''s Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2005-01-02', 'holiday', '元旦', 'New Year''s Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2005-01-03', 'holiday', '元旦', 'New Year''s Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2005-02-05', 'workday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2005-02-06', 'workday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2005-02-09', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2005-02-10', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2005-02-11', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2005-02-12', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2005-02-13', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2005-02-14', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2005-02-15', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2005-04-30', 'workday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2005-05-01', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2005-05-02', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2005-05-03', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2005-05-04', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2005-05-05', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2005-05-06', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2005-05-07', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2005-05-08', 'workday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2005-10-01', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2005-10-02', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2005-10-03', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2005-10-04', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2005-10-05', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2005-10-06', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2005-10-07', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2005-10-08', 'workday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2005-10-09', 'workday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2006-01-01', 'holiday', '元旦', 'New Year''s Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2006-01-02', 'holiday', '元旦', 'New Year''s Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2006-01-03', 'holiday', '元旦', 'New Year''s Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2006-01-28', 'workday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2006-01-29', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2006-01-30', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2006-01-31', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2006-02-01', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2006-02-02', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2006-02-03', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2006-02-04', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2006-02-05', 'workday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2006-04-29', 'workday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2006-04-30', 'workday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2006-05-01', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2006-05-02', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2006-05-03', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2006-05-04', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2006-05-05', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2006-05-06', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2006-05-07', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2006-09-30', 'workday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2006-10-01', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2006-10-02', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2006-10-03', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2006-10-04', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2006-10-05', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2006-10-06', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2006-10-07', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2006-10-08', 'workday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2006-12-30', 'workday', '元旦', 'New Year''s Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2006-12-31', 'workday', '元旦', 'New Year''s Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2007-01-01', 'holiday', '元旦', 'New Year''s Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2007-01-02', 'holiday', '元旦', 'New Year''s Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2007-01-03', 'holiday', '元旦', 'New Year''s Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2007-02-17', 'workday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2007-02-18', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2007-02-19', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2007-02-20', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2007-02-21', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2007-02-22', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2007-02-23', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2007-02-24', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2007-02-25', 'workday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2007-04-28', 'workday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2007-04-29', 'workday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2007-05-01', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2007-05-02', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2007-05-03', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2007-05-04', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2007-05-05', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2007-05-06', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2007-05-07', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2007-09-29', 'workday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2007-09-30', 'workday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2007-10-01', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2007-10-02', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2007-10-03', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2007-10-04', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2007-10-05', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2007-10-06', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2007-10-07', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2007-12-29', 'workday', '元旦', 'New Year''s Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2007-12-30', 'holiday', '元旦', 'New Year''s Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2007-12-31', 'holiday', '元旦', 'New Year''s Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2008-01-01', 'holiday', '元旦', 'New Year''s Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2008-02-02', 'workday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2008-02-03', 'workday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2008-02-06', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2008-02-07', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2008-02-08', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2008-02-09', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2008-02-10', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2008-02-11', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2008-02-12', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2008-04-04', 'holiday', '清明', 'Tomb-sweeping Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2008-04-05', 'holiday', '清明', 'Tomb-sweeping Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2008-04-06', 'holiday', '清明', 'Tomb-sweeping Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2008-05-01', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2008-05-02', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2008-05-03', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2008-05-04', 'workday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2008-06-07', 'holiday', '端午', 'Dragon Boat Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2008-06-08', 'holiday', '端午', 'Dragon Boat Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2008-06-09', 'holiday', '端午', 'Dragon Boat Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2008-09-13', 'holiday', '中秋', 'Mid-autumn Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2008-09-14', 'holiday', '中秋', 'Mid-autumn Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2008-09-15', 'holiday', '中秋', 'Mid-autumn Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2008-09-27', 'workday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2008-09-28', 'workday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2008-09-29', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2008-09-30', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2008-10-01', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2008-10-02', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2008-10-03', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2008-10-04', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2008-10-05', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2009-01-01', 'holiday', '元旦', 'New Year''s Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2009-01-02', 'holiday', '元旦', 'New Year''s Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2009-01-03', 'holiday', '元旦', 'New Year''s Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2009-01-04', 'workday', '元旦', 'New Year''s Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2009-01-24', 'workday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2009-01-25', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2009-01-26', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2009-01-27', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2009-01-28', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2009-01-29', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2009-01-30', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2009-01-31', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2009-02-01', 'workday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2009-04-04', 'holiday', '清明', 'Tomb-sweeping Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2009-04-05', 'holiday', '清明', 'Tomb-sweeping Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2009-04-06', 'holiday', '清明', 'Tomb-sweeping Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2009-05-01', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2009-05-02', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2009-05-03', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2009-05-28', 'holiday', '端午', 'Dragon Boat Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2009-05-29', 'holiday', '端午', 'Dragon Boat Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2009-05-30', 'holiday', '端午', 'Dragon Boat Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2009-05-31', 'workday', '端午', 'Dragon Boat Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2009-09-27', 'workday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2009-10-01', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2009-10-02', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2009-10-03', 'holiday', '中秋', 'Mid-autumn Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2009-10-04', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2009-10-05', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2009-10-06', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2009-10-07', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2009-10-08', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2009-10-10', 'workday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2010-01-01', 'holiday', '元旦', 'New Year''s Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2010-01-02', 'holiday', '元旦', 'New Year''s Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2010-01-03', 'holiday', '元旦', 'New Year''s Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2010-02-13', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2010-02-14', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2010-02-15', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2010-02-16', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2010-02-17', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2010-02-18', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2010-02-19', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2010-02-20', 'workday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2010-02-21', 'workday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2010-04-03', 'holiday', '清明', 'Tomb-sweeping Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2010-04-04', 'holiday', '清明', 'Tomb-sweeping Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2010-04-05', 'holiday', '清明', 'Tomb-sweeping Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2010-05-01', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2010-05-02', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2010-05-03', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2010-06-12', 'workday', '端午', 'Dragon Boat Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2010-06-13', 'workday', '端午', 'Dragon Boat Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2010-06-14', 'holiday', '端午', 'Dragon Boat Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2010-06-15', 'holiday', '端午', 'Dragon Boat Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2010-06-16', 'holiday', '端午', 'Dragon Boat Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2010-09-19', 'workday', '中秋', 'Mid-autumn Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2010-09-22', 'holiday', '中秋', 'Mid-autumn Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2010-09-23', 'holiday', '中秋', 'Mid-autumn Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2010-09-24', 'holiday', '中秋', 'Mid-autumn Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2010-09-25', 'workday', '中秋', 'Mid-autumn Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2010-09-26', 'workday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2010-10-01', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2010-10-02', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2010-10-03', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2010-10-04', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2010-10-05', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2010-10-06', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2010-10-07', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2010-10-09', 'workday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2011-01-01', 'holiday', '元旦', 'New Year''s Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2011-01-02', 'holiday', '元旦', 'New Year''s Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2011-01-03', 'holiday', '元旦', 'New Year''s Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2011-01-30', 'workday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2011-02-02', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2011-02-03', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2011-02-04', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2011-02-05', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2011-02-06', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2011-02-07', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2011-02-08', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2011-02-12', 'workday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2011-04-02', 'workday', '清明', 'Tomb-sweeping Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2011-04-03', 'holiday', '清明', 'Tomb-sweeping Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2011-04-04', 'holiday', '清明', 'Tomb-sweeping Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2011-04-05', 'holiday', '清明', 'Tomb-sweeping Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2011-04-30', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2011-05-01', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2011-05-02', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2011-06-04', 'holiday', '端午', 'Dragon Boat Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2011-06-06', 'holiday', '端午', 'Dragon Boat Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2011-09-10', 'holiday', '中秋', 'Mid-autumn Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2011-09-11', 'holiday', '中秋', 'Mid-autumn Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2011-09-12', 'holiday', '中秋', 'Mid-autumn Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2011-10-01', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2011-10-02', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2011-10-03', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2011-10-04', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2011-10-05', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2011-10-06', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2011-10-07', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2011-10-08', 'workday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2011-10-09', 'workday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2011-12-31', 'workday', '元旦', 'New Year''s Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2012-01-01', 'holiday', '元旦', 'New Year''s Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2012-01-02', 'holiday', '元旦', 'New Year''s Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2012-01-03', 'holiday', '元旦', 'New Year''s Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2012-01-21', 'workday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2012-01-22', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2012-01-23', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2012-01-24', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2012-01-25', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2012-01-26', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2012-01-27', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2012-01-28', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2012-01-29', 'workday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2012-03-31', 'workday', '清明', 'Tomb-sweeping Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2012-04-01', 'workday', '清明', 'Tomb-sweeping Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2012-04-02', 'holiday', '清明', 'Tomb-sweeping Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2012-04-03', 'holiday', '清明', 'Tomb-sweeping Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2012-04-04', 'holiday', '清明', 'Tomb-sweeping Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2012-04-28', 'workday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2012-04-29', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2012-04-30', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2012-05-01', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2012-06-22', 'holiday', '端午', 'Dragon Boat Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2012-06-24', 'holiday', '端午', 'Dragon Boat Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2012-09-29', 'workday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2012-09-30', 'holiday', '中秋', 'Mid-autumn Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2012-10-01', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2012-10-02', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2012-10-03', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2012-10-04', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2012-10-05', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2012-10-06', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2012-10-07', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2013-01-01', 'holiday', '元旦', 'New Year''s Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2013-01-02', 'holiday', '元旦', 'New Year''s Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2013-01-03', 'holiday', '元旦', 'New Year''s Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2013-01-05', 'workday', '元旦', 'New Year''s Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2013-01-06', 'workday', '元旦', 'New Year''s Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2013-02-09', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2013-02-10', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2013-02-11', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2013-02-12', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2013-02-13', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2013-02-14', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2013-02-15', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2013-02-16', 'workday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2013-02-17', 'workday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2013-04-04', 'holiday', '清明', 'Tomb-sweeping Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2013-04-05', 'holiday', '清明', 'Tomb-sweeping Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2013-04-06', 'holiday', '清明', 'Tomb-sweeping Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2013-04-07', 'workday', '清明', 'Tomb-sweeping Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2013-04-27', 'workday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2013-04-28', 'workday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2013-04-29', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2013-04-30', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2013-05-01', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2013-06-08', 'workday', '端午', 'Dragon Boat Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2013-06-09', 'workday', '端午', 'Dragon Boat Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2013-06-10', 'holiday', '端午', 'Dragon Boat Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2013-06-11', 'holiday', '端午', 'Dragon Boat Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2013-06-12', 'holiday', '端午', 'Dragon Boat Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2013-09-19', 'holiday', '中秋', 'Mid-autumn Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2013-09-20', 'holiday', '中秋', 'Mid-autumn Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2013-09-21', 'holiday', '中秋', 'Mid-autumn Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2013-09-22', 'workday', '中秋', 'Mid-autumn Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2013-09-29', 'workday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2013-10-01', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2013-10-02', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2013-10-03', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2013-10-04', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2013-10-05', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2013-10-06', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2013-10-07', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2013-10-12', 'workday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2014-01-01', 'holiday', '元旦', 'New Year''s Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2014-01-26', 'workday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2014-01-31', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2014-02-01', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2014-02-02', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2014-02-03', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2014-02-04', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2014-02-05', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2014-02-06', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2014-02-08', 'workday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2014-04-05', 'holiday', '清明', 'Tomb-sweeping Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2014-04-06', 'holiday', '清明', 'Tomb-sweeping Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2014-04-07', 'holiday', '清明', 'Tomb-sweeping Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2014-05-01', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2014-05-02', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2014-05-03', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2014-05-04', 'workday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2014-06-02', 'holiday', '端午', 'Dragon Boat Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2014-09-08', 'holiday', '中秋', 'Mid-autumn Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2014-09-28', 'workday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2014-10-01', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2014-10-02', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2014-10-03', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2014-10-04', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2014-10-05', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2014-10-06', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2014-10-07', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2014-10-11', 'workday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2015-01-01', 'holiday', '元旦', 'New Year''s Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2015-01-02', 'holiday', '元旦', 'New Year''s Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2015-01-03', 'holiday', '元旦', 'New Year''s Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2015-01-04', 'workday', '元旦', 'New Year''s Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2015-02-15', 'workday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2015-02-18', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2015-02-19', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2015-02-20', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2015-02-21', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2015-02-22', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2015-02-23', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2015-02-24', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2015-02-28', 'workday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2015-04-05', 'holiday', '清明', 'Tomb-sweeping Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2015-04-06', 'holiday', '清明', 'Tomb-sweeping Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2015-05-01', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2015-06-20', 'holiday', '端午', 'Dragon Boat Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2015-06-22', 'holiday', '端午', 'Dragon Boat Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2015-09-03', 'holiday', '中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日', 'Anti-Fascist 70th Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2015-09-04', 'holiday', '中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日', 'Anti-Fascist 70th Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2015-09-06', 'workday', '中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日', 'Anti-Fascist 70th Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2015-09-27', 'holiday', '中秋', 'Mid-autumn Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2015-10-01', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2015-10-02', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2015-10-03', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2015-10-04', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2015-10-05', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2015-10-06', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2015-10-07', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2015-10-10', 'workday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2016-01-01', 'holiday', '元旦', 'New Year''s Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2016-02-06', 'workday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2016-02-07', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2016-02-08', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2016-02-09', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2016-02-10', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2016-02-11', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2016-02-12', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2016-02-13', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2016-02-14', 'workday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2016-04-04', 'holiday', '清明', 'Tomb-sweeping Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2016-05-01', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2016-05-02', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2016-06-09', 'holiday', '端午', 'Dragon Boat Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2016-06-10', 'holiday', '端午', 'Dragon Boat Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2016-06-11', 'holiday', '端午', 'Dragon Boat Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2016-06-12', 'workday', '端午', 'Dragon Boat Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2016-09-15', 'holiday', '中秋', 'Mid-autumn Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2016-09-16', 'holiday', '中秋', 'Mid-autumn Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2016-09-17', 'holiday', '中秋', 'Mid-autumn Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2016-09-18', 'workday', '中秋', 'Mid-autumn Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2016-10-01', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2016-10-02', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2016-10-03', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2016-10-04', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2016-10-05', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2016-10-06', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2016-10-07', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2016-10-08', 'workday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2016-10-09', 'workday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2017-01-01', 'holiday', '元旦', 'New Year''s Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2017-01-02', 'holiday', '元旦', 'New Year''s Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2017-01-22', 'workday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2017-01-27', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2017-01-28', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2017-01-29', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2017-01-30', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2017-01-31', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2017-02-01', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2017-02-02', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2017-02-04', 'workday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2017-04-01', 'workday', '清明', 'Tomb-sweeping Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2017-04-02', 'holiday', '清明', 'Tomb-sweeping Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2017-04-03', 'holiday', '清明', 'Tomb-sweeping Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2017-04-04', 'holiday', '清明', 'Tomb-sweeping Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2017-05-01', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2017-05-27', 'workday', '端午', 'Dragon Boat Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2017-05-28', 'holiday', '端午', 'Dragon Boat Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2017-05-29', 'holiday', '端午', 'Dragon Boat Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2017-05-30', 'holiday', '端午', 'Dragon Boat Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2017-09-30', 'workday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2017-10-01', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2017-10-02', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2017-10-03', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2017-10-04', 'holiday', '中秋', 'Mid-autumn Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2017-10-05', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2017-10-06', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2017-10-07', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2017-10-08', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2018-01-01', 'holiday', '元旦', 'New Year''s Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2018-02-11', 'workday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2018-02-15', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2018-02-16', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2018-02-17', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2018-02-18', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2018-02-19', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2018-02-20', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2018-02-21', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2018-02-24', 'workday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2018-04-05', 'holiday', '清明', 'Tomb-sweeping Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2018-04-06', 'holiday', '清明', 'Tomb-sweeping Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2018-04-07', 'holiday', '清明', 'Tomb-sweeping Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2018-04-08', 'workday', '清明', 'Tomb-sweeping Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2018-04-28', 'workday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2018-04-29', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2018-04-30', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2018-05-01', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2018-06-18', 'holiday', '端午', 'Dragon Boat Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2018-09-24', 'holiday', '中秋', 'Mid-autumn Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2018-09-29', 'workday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2018-09-30', 'workday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2018-10-01', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2018-10-02', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2018-10-03', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2018-10-04', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2018-10-05', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2018-10-06', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2018-10-07', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2018-12-29', 'workday', '元旦', 'New Year''s Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2018-12-30', 'holiday', '元旦', 'New Year''s Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2018-12-31', 'holiday', '元旦', 'New Year''s Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2019-01-01', 'holiday', '元旦', 'New Year''s Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2019-02-02', 'workday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2019-02-03', 'workday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2019-02-04', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2019-02-05', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2019-02-06', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2019-02-07', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2019-02-08', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2019-02-09', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2019-02-10', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2019-04-05', 'holiday', '清明', 'Tomb-sweeping Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2019-04-06', 'holiday', '清明', 'Tomb-sweeping Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2019-04-07', 'holiday', '清明', 'Tomb-sweeping Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2019-04-28', 'workday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2019-05-01', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2019-05-02', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2019-05-03', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2019-05-04', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2019-05-05', 'workday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2019-06-07', 'holiday', '端午', 'Dragon Boat Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2019-06-08', 'holiday', '端午', 'Dragon Boat Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2019-06-09', 'holiday', '端午', 'Dragon Boat Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2019-09-13', 'holiday', '中秋', 'Mid-autumn Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2019-09-14', 'holiday', '中秋', 'Mid-autumn Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2019-09-15', 'holiday', '中秋', 'Mid-autumn Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2019-09-29', 'workday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2019-10-01', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2019-10-02', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2019-10-03', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2019-10-04', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2019-10-05', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2019-10-06', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2019-10-07', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2019-10-12', 'workday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2020-01-01', 'holiday', '元旦', 'New Year''s Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2020-01-19', 'workday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2020-01-24', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2020-01-25', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2020-01-26', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2020-01-27', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2020-01-28', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2020-01-29', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2020-01-30', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2020-01-31', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2020-02-01', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2020-02-02', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2020-04-04', 'holiday', '清明', 'Tomb-sweeping Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2020-04-05', 'holiday', '清明', 'Tomb-sweeping Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2020-04-06', 'holiday', '清明', 'Tomb-sweeping Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2020-04-26', 'workday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2020-05-01', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2020-05-02', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2020-05-03', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2020-05-04', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2020-05-05', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2020-05-09', 'workday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2020-06-25', 'holiday', '端午', 'Dragon Boat Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2020-06-26', 'holiday', '端午', 'Dragon Boat Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2020-06-27', 'holiday', '端午', 'Dragon Boat Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2020-06-28', 'workday', '端午', 'Dragon Boat Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2020-09-27', 'workday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2020-10-01', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2020-10-02', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2020-10-03', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2020-10-04', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2020-10-05', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2020-10-06', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2020-10-07', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2020-10-08', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2020-10-10', 'workday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2021-01-01', 'holiday', '元旦', 'New Year''s Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2021-01-02', 'holiday', '元旦', 'New Year''s Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2021-01-03', 'holiday', '元旦', 'New Year''s Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2021-02-07', 'workday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2021-02-11', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2021-02-12', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2021-02-13', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2021-02-14', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2021-02-15', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2021-02-16', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2021-02-17', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2021-02-20', 'workday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2021-04-03', 'holiday', '清明', 'Tomb-sweeping Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2021-04-04', 'holiday', '清明', 'Tomb-sweeping Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2021-04-05', 'holiday', '清明', 'Tomb-sweeping Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2021-04-25', 'workday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2021-05-01', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2021-05-02', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2021-05-03', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2021-05-04', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2021-05-05', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2021-05-08', 'workday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2021-06-12', 'holiday', '端午', 'Dragon Boat Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2021-06-13', 'holiday', '端午', 'Dragon Boat Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2021-06-14', 'holiday', '端午', 'Dragon Boat Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2021-09-18', 'workday', '中秋', 'Mid-autumn Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2021-09-19', 'holiday', '中秋', 'Mid-autumn Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2021-09-20', 'holiday', '中秋', 'Mid-autumn Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2021-09-21', 'holiday', '中秋', 'Mid-autumn Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2021-09-26', 'workday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2021-10-01', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2021-10-02', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2021-10-03', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2021-10-04', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2021-10-05', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2021-10-06', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2021-10-07', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2021-10-09', 'workday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2022-01-01', 'holiday', '元旦', 'New Year''s Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2022-01-02', 'holiday', '元旦', 'New Year''s Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2022-01-03', 'holiday', '元旦', 'New Year''s Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2022-01-29', 'workday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2022-01-30', 'workday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2022-01-31', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2022-02-01', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2022-02-02', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2022-02-03', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2022-02-04', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2022-02-05', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2022-02-06', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2022-04-02', 'workday', '清明', 'Tomb-sweeping Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2022-04-03', 'holiday', '清明', 'Tomb-sweeping Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2022-04-04', 'holiday', '清明', 'Tomb-sweeping Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2022-04-05', 'holiday', '清明', 'Tomb-sweeping Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2022-04-24', 'workday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2022-04-30', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2022-05-01', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2022-05-02', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2022-05-03', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2022-05-04', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2022-05-07', 'workday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2022-06-03', 'holiday', '端午', 'Dragon Boat Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2022-06-04', 'holiday', '端午', 'Dragon Boat Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2022-06-05', 'holiday', '端午', 'Dragon Boat Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2022-09-10', 'holiday', '中秋', 'Mid-autumn Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2022-09-11', 'holiday', '中秋', 'Mid-autumn Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2022-09-12', 'holiday', '中秋', 'Mid-autumn Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2022-10-01', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2022-10-02', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2022-10-03', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2022-10-04', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2022-10-05', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2022-10-06', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2022-10-07', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2022-10-08', 'workday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2022-10-09', 'workday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2022-12-31', 'holiday', '元旦', 'New Year''s Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2023-01-01', 'holiday', '元旦', 'New Year''s Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2023-01-02', 'holiday', '元旦', 'New Year''s Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2023-01-21', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2023-01-22', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2023-01-23', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2023-01-24', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2023-01-25', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2023-01-26', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2023-01-27', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2023-01-28', 'workday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2023-01-29', 'workday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2023-04-05', 'holiday', '清明', 'Tomb-sweeping Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2023-04-23', 'workday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2023-04-29', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2023-04-30', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2023-05-01', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2023-05-02', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2023-05-03', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2023-05-06', 'workday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2023-06-22', 'holiday', '端午', 'Dragon Boat Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2023-06-23', 'holiday', '端午', 'Dragon Boat Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2023-06-24', 'holiday', '端午', 'Dragon Boat Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2023-06-25', 'workday', '端午', 'Dragon Boat Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2023-09-29', 'holiday', '中秋', 'Mid-autumn Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2023-09-30', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2023-10-01', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2023-10-02', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2023-10-03', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2023-10-04', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2023-10-05', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2023-10-06', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2023-10-07', 'workday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2023-10-08', 'workday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2023-12-30', 'holiday', '元旦', 'New Year''s Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2023-12-31', 'holiday', '元旦', 'New Year''s Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2024-01-01', 'holiday', '元旦', 'New Year''s Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2024-02-04', 'workday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2024-02-10', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2024-02-11', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2024-02-12', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2024-02-13', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2024-02-14', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2024-02-15', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2024-02-16', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2024-02-17', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2024-02-18', 'workday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2024-04-04', 'holiday', '清明', 'Tomb-sweeping Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2024-04-05', 'holiday', '清明', 'Tomb-sweeping Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2024-04-06', 'holiday', '清明', 'Tomb-sweeping Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2024-04-07', 'workday', '清明', 'Tomb-sweeping Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2024-04-28', 'workday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2024-05-01', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2024-05-02', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2024-05-03', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2024-05-04', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2024-05-05', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2024-05-11', 'workday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2024-06-10', 'holiday', '端午', 'Dragon Boat Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2024-09-14', 'workday', '中秋', 'Mid-autumn Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2024-09-15', 'holiday', '中秋', 'Mid-autumn Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2024-09-16', 'holiday', '中秋', 'Mid-autumn Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2024-09-17', 'holiday', '中秋', 'Mid-autumn Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2024-09-29', 'workday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2024-10-01', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2024-10-02', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2024-10-03', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2024-10-04', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2024-10-05', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2024-10-06', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2024-10-07', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2024-10-12', 'workday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2025-01-01', 'holiday', '元旦', 'New Year''s Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2025-01-26', 'workday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2025-01-28', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2025-01-29', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2025-01-30', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2025-01-31', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2025-02-01', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2025-02-02', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2025-02-03', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2025-02-04', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2025-02-08', 'workday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2025-04-04', 'holiday', '清明', 'Tomb-sweeping Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2025-04-05', 'holiday', '清明', 'Tomb-sweeping Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2025-04-06', 'holiday', '清明', 'Tomb-sweeping Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2025-04-27', 'workday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2025-05-01', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2025-05-02', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2025-05-03', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2025-05-04', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2025-05-05', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2025-05-31', 'holiday', '端午', 'Dragon Boat Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2025-06-01', 'holiday', '端午', 'Dragon Boat Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2025-06-02', 'holiday', '端午', 'Dragon Boat Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2025-09-28', 'workday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2025-10-01', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2025-10-02', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2025-10-03', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2025-10-04', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2025-10-05', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2025-10-06', 'holiday', '中秋', 'Mid-autumn Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2025-10-07', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2025-10-08', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2025-10-11', 'workday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2026-01-01', 'holiday', '元旦', 'New Year''s Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2026-01-02', 'holiday', '元旦', 'New Year''s Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2026-01-03', 'holiday', '元旦', 'New Year''s Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2026-01-04', 'workday', '元旦', 'New Year''s Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2026-02-14', 'workday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2026-02-15', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2026-02-16', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2026-02-17', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2026-02-18', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2026-02-19', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2026-02-20', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2026-02-21', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2026-02-22', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2026-02-23', 'holiday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2026-02-28', 'workday', '春节', 'Spring Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2026-04-04', 'holiday', '清明', 'Tomb-sweeping Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2026-04-05', 'holiday', '清明', 'Tomb-sweeping Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2026-04-06', 'holiday', '清明', 'Tomb-sweeping Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2026-05-01', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2026-05-02', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2026-05-03', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2026-05-04', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2026-05-05', 'holiday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2026-05-09', 'workday', '劳动节', 'Labour Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2026-06-19', 'holiday', '端午', 'Dragon Boat Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2026-06-20', 'holiday', '端午', 'Dragon Boat Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2026-06-21', 'holiday', '端午', 'Dragon Boat Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2026-09-20', 'workday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2026-09-25', 'holiday', '中秋', 'Mid-autumn Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2026-09-26', 'holiday', '中秋', 'Mid-autumn Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2026-09-27', 'holiday', '中秋', 'Mid-autumn Festival', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2026-10-01', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2026-10-02', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2026-10-03', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2026-10-04', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2026-10-05', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2026-10-06', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2026-10-07', 'holiday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    ('2026-10-10', 'workday', '国庆节', 'National Day', 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped');

INSERT INTO jxlink.calendar_year (year, source, origin) VALUES
    (2004, 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    (2005, 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    (2006, 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    (2007, 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    (2008, 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    (2009, 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    (2010, 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    (2011, 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    (2012, 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    (2013, 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    (2014, 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    (2015, 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    (2016, 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    (2017, 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    (2018, 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    (2019, 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    (2020, 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    (2021, 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    (2022, 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    (2023, 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    (2024, 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    (2025, 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped'),
    (2026, 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped');

CREATE FUNCTION jxlink.workday_deadline(started_at timestamp with time zone, workdays integer) RETURNS timestamp with time zone
    LANGUAGE c STABLE STRICT PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_workday_deadline';
COMMENT ON FUNCTION jxlink.workday_deadline(started_at timestamp with time zone, workdays integer) IS 'n 个工作日期限的逾期起点：起算日（按 jxlink.timezone 的本地日期）之后第 n 个工作日的次日 00:00（本地时间）。与会话时区无关。 The first late instant of an obligation of n working days: 00:00 local time (jxlink.timezone) after the n-th working day after the local start date. Independent of the session''s TimeZone.';

CREATE FUNCTION jxlink.workdays_between(start_day date, end_day date) RETURNS integer
    LANGUAGE c STABLE STRICT PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_workdays_between';
COMMENT ON FUNCTION jxlink.workdays_between(start_day date, end_day date) IS '区间 (start_day, end_day] 内的工作日数；end_day 早于 start_day 时为 (end_day, start_day] 内工作日数的相反数。 Working days in (start_day, end_day]; when end_day is earlier, minus the working days in (end_day, start_day].';

/*
 * sql/10_organisation.sql — Organisation (二, 三（三）1): the jurisdiction, its units, liaison persons, staff mapped to units by login role; local-policy settings; who reads which rows.
 *
 * A concept file: the current definition of each object, once, with its
 * comments, grants, policies and triggers.  The build concatenates the concept
 * files (sql/NN_*.sql, in order) into the install script of the current version.
 */

CREATE TABLE jxlink.jurisdiction (
    code text NOT NULL,
    name_zh text NOT NULL,
    name_en text,
    is_local boolean DEFAULT false NOT NULL,
    CONSTRAINT jurisdiction_code_check CHECK (code ~ '^[A-Za-z0-9_.-]+$'),
    CONSTRAINT jurisdiction_name_zh_check CHECK (name_zh <> '')
);
COMMENT ON TABLE jxlink.jurisdiction IS '辖区（街道、镇）。本库所属辖区 is_local 为真，且只有一个；市级汇总库汇入各街道的行。 Jurisdictions (streets, towns). Exactly one is this database''s own (is_local); a city fan-in database holds the rows of every street.';
COMMENT ON COLUMN jxlink.jurisdiction.code IS '辖区代码（如 350582-xintang）。 Jurisdiction code (e.g. 350582-xintang).';
COMMENT ON COLUMN jxlink.jurisdiction.name_zh IS '名称（中文）。 Name in Chinese.';
COMMENT ON COLUMN jxlink.jurisdiction.name_en IS '名称（英文）。 Name in English.';
COMMENT ON COLUMN jxlink.jurisdiction.is_local IS '是否本库所属辖区。 Whether this is the database''s own jurisdiction.';
ALTER TABLE ONLY jxlink.jurisdiction
    ADD CONSTRAINT jurisdiction_pkey PRIMARY KEY (code);
CREATE UNIQUE INDEX jurisdiction_one_local ON jxlink.jurisdiction USING btree (is_local) WHERE is_local;
GRANT SELECT ON TABLE jxlink.jurisdiction TO PUBLIC;
GRANT INSERT,DELETE,UPDATE ON TABLE jxlink.jurisdiction TO jxlink_admin;
SELECT pg_catalog.pg_extension_config_dump('jxlink.jurisdiction', '');

CREATE TABLE jxlink.setting (
    name text NOT NULL,
    value numeric NOT NULL,
    description_zh text NOT NULL,
    description_en text NOT NULL,
    origin text DEFAULT 'local' NOT NULL,
    CONSTRAINT setting_name_check CHECK (name ~ '^[a-z_]+$'),
    CONSTRAINT setting_origin_check CHECK (origin IN ('shipped', 'edited', 'local')),
    CONSTRAINT setting_value_check CHECK (value >= (0)::numeric)
);
COMMENT ON TABLE jxlink.setting IS '机构设置（如临期预警阈值），管理员可用 UPDATE 修改。 Organisation-wide settings (such as the due-soon thresholds); administrators change them with UPDATE.';
COMMENT ON COLUMN jxlink.setting.name IS '设置名。 Setting name.';
COMMENT ON COLUMN jxlink.setting.value IS '取值。 Value.';
COMMENT ON COLUMN jxlink.setting.description_zh IS '说明（中文）。 Description in Chinese.';
COMMENT ON COLUMN jxlink.setting.description_en IS '说明（英文）。 Description in English.';
COMMENT ON COLUMN jxlink.setting.origin IS '来源：shipped＝随扩展发布未经修改；edited＝管理员修改过的发布行；local＝管理员新增。 shipped: as shipped; edited: a shipped row an administrator changed; local: added by an administrator.';
ALTER TABLE ONLY jxlink.setting
    ADD CONSTRAINT setting_pkey PRIMARY KEY (name);
CREATE TRIGGER setting_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.setting FOR EACH ROW EXECUTE FUNCTION jxlink.shipped_row_guard('name');

ALTER TABLE jxlink.setting ENABLE ALWAYS TRIGGER setting_guard;
CREATE TRIGGER setting_no_truncate BEFORE TRUNCATE ON jxlink.setting FOR EACH STATEMENT EXECUTE FUNCTION jxlink.shipped_row_guard('name');
GRANT SELECT ON TABLE jxlink.setting TO PUBLIC;
GRANT INSERT,DELETE,UPDATE ON TABLE jxlink.setting TO jxlink_admin;
SELECT pg_catalog.pg_extension_config_dump('jxlink.setting', 'WHERE origin <> ''shipped''');
-- Shipped local-policy settings.
INSERT INTO jxlink.setting (name, value, description_zh, description_en, origin) VALUES ('due_soon_workdays', '1', '工作日期限剩余不超过该工作日数时预警（黄）', 'warn (yellow) when at most this many working days are left of a working-day period', 'shipped');
INSERT INTO jxlink.setting (name, value, description_zh, description_en, origin) VALUES ('due_soon_hours', '6', '小时期限剩余不超过该小时数时预警（黄）', 'warn (yellow) when at most this many hours are left of an hour period', 'shipped');
INSERT INTO jxlink.setting (name, value, description_zh, description_en, origin) VALUES ('due_soon_fraction', '0.25', '剩余不超过期限的该比例时预警（黄）', 'warn (yellow) when at most this fraction of the period is left', 'shipped');

CREATE FUNCTION jxlink.local_jurisdiction() RETURNS text
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    result text;
BEGIN
    SELECT j.code INTO result FROM jxlink.jurisdiction j WHERE j.is_local;
    IF result IS NULL THEN
        RAISE EXCEPTION 'this database has no local jurisdiction'
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'An administrator registers it: INSERT INTO jxlink.jurisdiction (code, name_zh, is_local) VALUES (''350582-xintang'', ''新塘街道'', true).';
    END IF;
    RETURN result;
END
$$;
COMMENT ON FUNCTION jxlink.local_jurisdiction() IS '本库所属辖区的代码（各表 jurisdiction 列的默认值）。 Code of this database''s own jurisdiction (the default of every jurisdiction column).';


SET default_tablespace = '';

SET default_table_access_method = heap;

CREATE TABLE jxlink.unit (
    unit_id uuid DEFAULT jxlink.uuid_v7() NOT NULL,
    jurisdiction text DEFAULT jxlink.local_jurisdiction() NOT NULL,
    code text NOT NULL,
    kind text NOT NULL,
    name_zh text NOT NULL,
    name_en text,
    active boolean DEFAULT true NOT NULL,
    CONSTRAINT unit_code_check CHECK (code <> ''),
    CONSTRAINT unit_kind_check CHECK (kind IN ('functional_section', 'dispatched_agency', 'enforcement_team', 'community_work_group', 'community', 'grid', 'judicial_office', 'discipline_commission', 'leadership')),
    CONSTRAINT unit_name_zh_check CHECK (name_zh <> '')
);
COMMENT ON TABLE jxlink.unit IS '单位（二）：职能科室、市直派驻机构、综合执法队（每个辖区一个）、包社区工作组、社区、网格、司法所、纪工委、领导。 Units (二): functional sections, city-level dispatched agencies, the enforcement team (one per jurisdiction), community work groups, communities, grids, the judicial office, the discipline commission, leadership.';
COMMENT ON COLUMN jxlink.unit.unit_id IS '单位标识。 Unit identifier.';
COMMENT ON COLUMN jxlink.unit.jurisdiction IS '所属辖区。 Jurisdiction of the unit.';
COMMENT ON COLUMN jxlink.unit.code IS '单位代码（辖区内唯一）。 Unit code, unique within the jurisdiction.';
COMMENT ON COLUMN jxlink.unit.kind IS '单位类别（见表注释）。 Kind of unit (see the table comment).';
COMMENT ON COLUMN jxlink.unit.name_zh IS '名称（中文）。 Name in Chinese.';
COMMENT ON COLUMN jxlink.unit.name_en IS '名称（英文）。 Name in English.';
COMMENT ON COLUMN jxlink.unit.active IS '是否在用。 Whether the unit is active.';
ALTER TABLE ONLY jxlink.unit
    ADD CONSTRAINT unit_jurisdiction_code_key UNIQUE (jurisdiction, code);
ALTER TABLE ONLY jxlink.unit
    ADD CONSTRAINT unit_pkey PRIMARY KEY (unit_id);
ALTER TABLE ONLY jxlink.unit
    ADD CONSTRAINT unit_jurisdiction_fkey FOREIGN KEY (jurisdiction) REFERENCES jxlink.jurisdiction(code);
CREATE UNIQUE INDEX unit_one_team ON jxlink.unit USING btree (jurisdiction) WHERE (kind = 'enforcement_team'::text);
GRANT SELECT ON TABLE jxlink.unit TO PUBLIC;
GRANT INSERT,DELETE,UPDATE ON TABLE jxlink.unit TO jxlink_admin;
SELECT pg_catalog.pg_extension_config_dump('jxlink.unit', '');

CREATE TABLE jxlink.staff (
    jurisdiction text DEFAULT jxlink.local_jurisdiction() NOT NULL,
    role_name text NOT NULL,
    unit_id uuid NOT NULL,
    full_name text NOT NULL,
    is_leader boolean DEFAULT false NOT NULL,
    active boolean DEFAULT true NOT NULL,
    CONSTRAINT staff_full_name_check CHECK (full_name <> ''),
    CONSTRAINT staff_role_name_check CHECK (role_name <> '')
);
COMMENT ON TABLE jxlink.staff IS '工作人员：数据库登录角色与所属单位的对应，及是否分管领导。API 函数据此代表调用者所在单位办理。 Staff: a database login role mapped to its unit, with the leader flag (分管领导). The API acts for the caller''s unit through this mapping.';
COMMENT ON COLUMN jxlink.staff.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.staff.role_name IS '数据库角色名（登录角色，或 SET ROLE 所用角色）。 Database role name (the login role, or the role set with SET ROLE).';
COMMENT ON COLUMN jxlink.staff.unit_id IS '所属单位。 The staff member''s unit.';
COMMENT ON COLUMN jxlink.staff.full_name IS '姓名。 Full name.';
COMMENT ON COLUMN jxlink.staff.is_leader IS '是否本单位分管领导（可审批移送）。 Whether the person is the unit''s leader in charge (approves referrals).';
COMMENT ON COLUMN jxlink.staff.active IS '是否在岗。 Whether the person is current.';
ALTER TABLE ONLY jxlink.staff
    ADD CONSTRAINT staff_pkey PRIMARY KEY (jurisdiction, role_name);
ALTER TABLE ONLY jxlink.staff
    ADD CONSTRAINT staff_jurisdiction_fkey FOREIGN KEY (jurisdiction) REFERENCES jxlink.jurisdiction(code);
ALTER TABLE ONLY jxlink.staff
    ADD CONSTRAINT staff_unit_id_fkey FOREIGN KEY (unit_id) REFERENCES jxlink.unit(unit_id);
CREATE INDEX staff_unit ON jxlink.staff USING btree (unit_id);
GRANT SELECT ON TABLE jxlink.staff TO PUBLIC;
GRANT INSERT,DELETE,UPDATE ON TABLE jxlink.staff TO jxlink_admin;
SELECT pg_catalog.pg_extension_config_dump('jxlink.staff', '');

CREATE TABLE jxlink.liaison (
    liaison_id uuid DEFAULT jxlink.uuid_v7() NOT NULL,
    jurisdiction text DEFAULT jxlink.local_jurisdiction() NOT NULL,
    unit_id uuid NOT NULL,
    full_name text NOT NULL,
    phone text,
    role_name text,
    duty text DEFAULT 'both' NOT NULL,
    active boolean DEFAULT true NOT NULL,
    CONSTRAINT liaison_duty_check CHECK (duty IN ('send', 'receive', 'both')),
    CONSTRAINT liaison_full_name_check CHECK (full_name <> '')
);
COMMENT ON TABLE jxlink.liaison IS '案件移送、受理联系人（三（三）1）。 Liaison persons for sending and receiving referrals (三（三）1).';
COMMENT ON COLUMN jxlink.liaison.liaison_id IS '联系人标识。 Liaison identifier.';
COMMENT ON COLUMN jxlink.liaison.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.liaison.unit_id IS '所属单位。 The liaison''s unit.';
COMMENT ON COLUMN jxlink.liaison.full_name IS '姓名。 Full name.';
COMMENT ON COLUMN jxlink.liaison.phone IS '工作电话。 Work phone.';
COMMENT ON COLUMN jxlink.liaison.role_name IS '对应的数据库登录角色（如有）。 The liaison''s database login role, if any.';
COMMENT ON COLUMN jxlink.liaison.duty IS 'send：负责移送；receive：负责受理；both：两者。 send: sends referrals; receive: receives them; both.';
COMMENT ON COLUMN jxlink.liaison.active IS '是否在岗。 Whether the liaison is current.';
ALTER TABLE ONLY jxlink.liaison
    ADD CONSTRAINT liaison_pkey PRIMARY KEY (liaison_id);
ALTER TABLE ONLY jxlink.liaison
    ADD CONSTRAINT liaison_jurisdiction_fkey FOREIGN KEY (jurisdiction) REFERENCES jxlink.jurisdiction(code);
ALTER TABLE ONLY jxlink.liaison
    ADD CONSTRAINT liaison_unit_id_fkey FOREIGN KEY (unit_id) REFERENCES jxlink.unit(unit_id);
CREATE INDEX liaison_unit ON jxlink.liaison USING btree (unit_id);
GRANT SELECT ON TABLE jxlink.liaison TO PUBLIC;
GRANT INSERT,DELETE,UPDATE ON TABLE jxlink.liaison TO jxlink_admin;
SELECT pg_catalog.pg_extension_config_dump('jxlink.liaison', '');

-- The staff row of the calling role, or an error.
CREATE FUNCTION jxlink.caller_staff() RETURNS jxlink.staff
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    me jxlink.staff;
BEGIN
    SELECT s.* INTO me FROM jxlink.staff s JOIN jxlink.jurisdiction j ON j.code = s.jurisdiction AND j.is_local
    WHERE s.role_name = jxlink.calling_role()::text AND s.active;
    IF NOT FOUND THEN
        PERFORM jxlink.local_jurisdiction();  -- says so if the street itself is not registered
        RAISE EXCEPTION 'role "%" is not registered as active staff of a unit', jxlink.calling_role()
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'An administrator maps login roles to units in jxlink.staff.';
    END IF;
    RETURN me;
END
$$;
COMMENT ON FUNCTION jxlink.caller_staff() IS '（内部）调用角色在 staff 表中的登记；未登记则报错（42501）。 (Internal) The calling role''s row in staff, or SQLSTATE 42501.';
REVOKE ALL ON FUNCTION jxlink.caller_staff() FROM PUBLIC;

-- The units the querying role is staff of.  These three run as the caller
-- (SECURITY INVOKER): current_user is the role the policy is checked for.
CREATE FUNCTION jxlink.my_units() RETURNS uuid[]
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    SELECT coalesce(array_agg(s.unit_id), '{}') FROM jxlink.staff s
    WHERE s.role_name = current_user::text AND s.active
$$;
COMMENT ON FUNCTION jxlink.my_units() IS '当前角色作为工作人员所属的单位（行级安全策略据此过滤）。 The units the current role is staff of (the row-level security policies filter on them).';
REVOKE ALL ON FUNCTION jxlink.my_units() FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.my_units() TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;

-- May the querying role read complainants' contacts (not BI, not administrators)?
CREATE FUNCTION jxlink.reads_complainants() RETURNS boolean
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    SELECT pg_has_role(current_user, 'jxlink_supervisor', 'MEMBER')
        OR EXISTS (SELECT 1 FROM jxlink.staff s JOIN jxlink.unit u ON u.unit_id = s.unit_id
                   WHERE s.role_name = current_user::text AND s.active
                     AND u.kind IN ('enforcement_team', 'judicial_office', 'discipline_commission'))
$$;
COMMENT ON FUNCTION jxlink.reads_complainants() IS '当前角色可否读取全部举报人联系方式：综合执法队、纪工委、司法所人员或 jxlink_supervisor（首问负责单位另按单位读取本单位接收者）。 Whether the current role reads every complainant''s contact: staff of the enforcement team, the discipline commission or the judicial office, or jxlink_supervisor (a first receiver reads those it received).';
REVOKE ALL ON FUNCTION jxlink.reads_complainants() FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.reads_complainants() TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;

-- Does the querying role read every row (supervisors, BI, administrators)?
CREATE FUNCTION jxlink.reads_everything() RETURNS boolean
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    SELECT pg_has_role(current_user, 'jxlink_supervisor', 'MEMBER')
        OR pg_has_role(current_user, 'jxlink_bi', 'MEMBER')
        OR pg_has_role(current_user, 'jxlink_admin', 'MEMBER')
        OR EXISTS (SELECT 1 FROM jxlink.staff s JOIN jxlink.unit u ON u.unit_id = s.unit_id
                   WHERE s.role_name = current_user::text AND s.active
                     AND u.kind IN ('judicial_office', 'discipline_commission'))
$$;
COMMENT ON FUNCTION jxlink.reads_everything() IS '当前角色是否可读全部（非个人信息）行：监督（jxlink_supervisor 或纪工委、司法所人员）、BI（jxlink_bi）、管理员（jxlink_admin）。 Whether the current role reads every (non-personal) row: supervisors (jxlink_supervisor, or staff of the discipline commission or judicial office), BI (jxlink_bi), administrators (jxlink_admin).';
REVOKE ALL ON FUNCTION jxlink.reads_everything() FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.reads_everything() TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;

/*
 * sql/15_docno.sql — Official document numbers (发文字号): the C type jxlink.docno, its operators, opclasses, casts and aggregates; numbering of series.
 *
 * A concept file: the current definition of each object, once, with its
 * comments, grants, policies and triggers.  The build concatenates the concept
 * files (sql/NN_*.sql, in order) into the install script of the current version.
 */

CREATE TYPE jxlink.docno;

CREATE FUNCTION jxlink.docno_in(cstring) RETURNS jxlink.docno
    LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_docno_in';
COMMENT ON FUNCTION jxlink.docno_in(cstring) IS '发文字号的文本输入：接受常见写法（〔〕﹝﹞[]［］【】（）()、全角数字、空格、序号前的“第”、前导零），其他一律报错（SQLSTATE 22P02，详情说明错误所在）。 Text input of a document number: accepts the common ways of writing it (〔〕﹝﹞[]［］【】（）() brackets, full-width digits, spaces, 第 before the number, leading zeros) and refuses anything else (SQLSTATE 22P02, with a detail saying what is wrong).';

CREATE FUNCTION jxlink.docno_out(jxlink.docno) RETURNS cstring
    LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_docno_out';
COMMENT ON FUNCTION jxlink.docno_out(jxlink.docno) IS '发文字号的规范文本：机关代字〔年份〕序号号，阿拉伯数字，无前导零、无“第”、无空格。 Canonical text of a document number: issuer〔year〕number号, ASCII digits, no leading zeros, no 第, no spaces.';

CREATE FUNCTION jxlink.docno_recv(internal) RETURNS jxlink.docno
    LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_docno_recv';
COMMENT ON FUNCTION jxlink.docno_recv(internal) IS '发文字号的二进制输入（版本字节 1、int16 年份、int32 序号、客户端编码的机关代字），与文本输入同样严格（错误为 SQLSTATE 22P03）。 Binary input of a document number (version byte 1, int16 year, int32 number, issuer code in the client encoding), as strict as text input (errors are SQLSTATE 22P03).';

CREATE FUNCTION jxlink.docno_send(jxlink.docno) RETURNS bytea
    LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_docno_send';
COMMENT ON FUNCTION jxlink.docno_send(jxlink.docno) IS '发文字号的二进制输出（格式见 docno_recv）。 Binary output of a document number (format as for docno_recv).';

CREATE TYPE jxlink.docno (
    INTERNALLENGTH = variable,
    INPUT = jxlink.docno_in,
    OUTPUT = jxlink.docno_out,
    RECEIVE = jxlink.docno_recv,
    SEND = jxlink.docno_send,
    ALIGNMENT = int4,
    STORAGE = main
);
COMMENT ON TYPE jxlink.docno IS '公文发文字号（GB/T 9704-2012 第 7.2.4 条）：机关代字、四位年份、序号，如 晋政办〔2021〕35号。按机关代字、年份、序号排序（4号 在 35号 之前）；不同写法（[2021]、（2021）、全角数字、第、前导零）视为同一文号。 An official document number (GB/T 9704-2012 §7.2.4): issuer code, four-digit year, sequence number, e.g. 晋政办〔2021〕35号. Ordered by issuer code, then year, then number (4号 before 35号); the ways of writing one ([2021], （2021）, full-width digits, 第, leading zeros) are the same number.';

CREATE FUNCTION jxlink.docno_to_text(jxlink.docno) RETURNS text
    LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_docno_to_text';
COMMENT ON FUNCTION jxlink.docno_to_text(jxlink.docno) IS '发文字号的规范文本（docno → text 的转换）。 The canonical text of a document number (the cast docno → text).';

CREATE FUNCTION jxlink.docno(text) RETURNS jxlink.docno
    LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_docno_from_text';
COMMENT ON FUNCTION jxlink.docno(text) IS '文本转为发文字号（text → docno 的转换，赋值时自动进行）；规则同文本输入。 A document number from text (the cast text → docno, applied on assignment); the rules of text input.';

CREATE FUNCTION jxlink.docno(issuer text, year integer, number integer) RETURNS jxlink.docno
    LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_docno_make';
COMMENT ON FUNCTION jxlink.docno(issuer text, year integer, number integer) IS '由机关代字、年份、序号构成发文字号。机关代字不合规则报 SQLSTATE 22023，年份（1000–9999）或序号（1–2147483647）越界报 22003。 A document number from its issuer code, year and sequence number. A bad issuer code is SQLSTATE 22023; a year outside 1000–9999 or a number outside 1–2147483647 is 22003.';

CREATE FUNCTION jxlink.docno_check(text) RETURNS text
    LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_docno_check';
COMMENT ON FUNCTION jxlink.docno_check(text) IS '检查文本是否为合法发文字号：合法返回 NULL，否则返回错误说明（即文本输入报错的详情），不报错。 Whether text is a document number: NULL if it is, else what is wrong (the detail text input would raise), without raising.';

CREATE FUNCTION jxlink.docno_cmp(jxlink.docno, jxlink.docno) RETURNS integer
    LANGUAGE c IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_docno_cmp';
COMMENT ON FUNCTION jxlink.docno_cmp(jxlink.docno, jxlink.docno) IS '比较两个发文字号：-1、0 或 1（B 树支持函数）。 Compare two document numbers: -1, 0 or 1 (btree support function).';

CREATE FUNCTION jxlink.docno_eq(jxlink.docno, jxlink.docno) RETURNS boolean
    LANGUAGE c IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_docno_eq';
COMMENT ON FUNCTION jxlink.docno_eq(jxlink.docno, jxlink.docno) IS '两个发文字号相同（运算符 =）。 Whether two document numbers are the same (operator =).';

CREATE OPERATOR jxlink.= (
    FUNCTION = jxlink.docno_eq,
    LEFTARG = jxlink.docno,
    RIGHTARG = jxlink.docno,
    COMMUTATOR = OPERATOR(jxlink.=),
    NEGATOR = OPERATOR(jxlink.<>),
    MERGES,
    HASHES,
    RESTRICT = eqsel,
    JOIN = eqjoinsel
);
COMMENT ON OPERATOR jxlink.= (jxlink.docno, jxlink.docno) IS '相同的发文字号（写法不同亦相同）。 Same document number (however it was written).';

CREATE FUNCTION jxlink.docno_ge(jxlink.docno, jxlink.docno) RETURNS boolean
    LANGUAGE c IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_docno_ge';
COMMENT ON FUNCTION jxlink.docno_ge(jxlink.docno, jxlink.docno) IS '大于或等于（运算符 >=）。 Greater than or equal (operator >=).';

CREATE OPERATOR jxlink.>= (
    FUNCTION = jxlink.docno_ge,
    LEFTARG = jxlink.docno,
    RIGHTARG = jxlink.docno,
    COMMUTATOR = OPERATOR(jxlink.<=),
    NEGATOR = OPERATOR(jxlink.<),
    RESTRICT = scalargesel,
    JOIN = scalargejoinsel
);
COMMENT ON OPERATOR jxlink.>= (jxlink.docno, jxlink.docno) IS '排在后面或相同。 Sorts after or is the same.';

CREATE FUNCTION jxlink.docno_gt(jxlink.docno, jxlink.docno) RETURNS boolean
    LANGUAGE c IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_docno_gt';
COMMENT ON FUNCTION jxlink.docno_gt(jxlink.docno, jxlink.docno) IS '大于（运算符 >）。 Greater than (operator >).';

CREATE OPERATOR jxlink.> (
    FUNCTION = jxlink.docno_gt,
    LEFTARG = jxlink.docno,
    RIGHTARG = jxlink.docno,
    COMMUTATOR = OPERATOR(jxlink.<),
    NEGATOR = OPERATOR(jxlink.<=),
    RESTRICT = scalargtsel,
    JOIN = scalargtjoinsel
);
COMMENT ON OPERATOR jxlink.> (jxlink.docno, jxlink.docno) IS '排在后面。 Sorts after.';

CREATE FUNCTION jxlink.docno_hash(jxlink.docno) RETURNS integer
    LANGUAGE c IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_docno_hash';
COMMENT ON FUNCTION jxlink.docno_hash(jxlink.docno) IS '发文字号的哈希值（哈希支持函数 1）：同一文号的不同写法哈希值相同。 Hash of a document number (hash support function 1): every way of writing a number hashes alike.';

CREATE FUNCTION jxlink.docno_hash_extended(jxlink.docno, bigint) RETURNS bigint
    LANGUAGE c IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_docno_hash_extended';
COMMENT ON FUNCTION jxlink.docno_hash_extended(jxlink.docno, bigint) IS '带种子的 64 位哈希值（哈希支持函数 2，用于哈希分区）。 Seeded 64-bit hash (hash support function 2, used by hash partitioning).';

CREATE OPERATOR FAMILY jxlink.docno_hash_ops USING hash;
ALTER OPERATOR FAMILY jxlink.docno_hash_ops USING hash ADD
    FUNCTION 2 (jxlink.docno, jxlink.docno) jxlink.docno_hash_extended(jxlink.docno,bigint);
CREATE OPERATOR CLASS jxlink.docno_hash_ops
    DEFAULT FOR TYPE jxlink.docno USING hash FAMILY jxlink.docno_hash_ops AS
    OPERATOR 1 jxlink.=(jxlink.docno,jxlink.docno) ,
    FUNCTION 1 (jxlink.docno, jxlink.docno) jxlink.docno_hash(jxlink.docno);
COMMENT ON OPERATOR FAMILY jxlink.docno_hash_ops USING hash IS '发文字号的哈希运算符族。 Hash operator family of document numbers.';
COMMENT ON OPERATOR CLASS jxlink.docno_hash_ops USING hash IS '发文字号的哈希索引（相等查询、哈希连接与分组）。 Hash index of document numbers (equality searches, hash joins and grouping).';

CREATE FUNCTION jxlink.docno_issuer(jxlink.docno) RETURNS text
    LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_docno_issuer';
COMMENT ON FUNCTION jxlink.docno_issuer(jxlink.docno) IS '发文字号的机关代字。 The issuer code (机关代字) of a document number.';

CREATE TABLE jxlink.docno_counter (
    jurisdiction text DEFAULT jxlink.local_jurisdiction() NOT NULL,
    issuer text NOT NULL,
    year integer NOT NULL,
    last_number integer NOT NULL,
    last_issued_at timestamp with time zone,
    last_issued_by text,
    CONSTRAINT docno_counter_issuer_canonical CHECK (jxlink.docno_issuer(jxlink.docno(issuer, 2000, 1)) = issuer),
    CONSTRAINT docno_counter_last_number_check CHECK (last_number >= 1),
    CONSTRAINT docno_counter_year_check CHECK ((year >= 1000) AND (year <= 9999))
);
COMMENT ON TABLE jxlink.docno_counter IS '发文字号计数器：每个辖区、机关代字、年份一行，记录 next_docno() 已发出的最大序号。管理员可插入或修改一行，使编号接续已在别处使用的序号。 Document number counters: one row per jurisdiction, issuer code and year, holding the last number next_docno() gave out. An administrator may insert or update a row to continue a series already used elsewhere.';
COMMENT ON COLUMN jxlink.docno_counter.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.docno_counter.issuer IS '机关代字（规范形式）。 Issuer code (canonical form).';
COMMENT ON COLUMN jxlink.docno_counter.year IS '年份。 Year.';
COMMENT ON COLUMN jxlink.docno_counter.last_number IS '已发出的最大序号；下一个为其加一。 The last number given out; the next is one more.';
COMMENT ON COLUMN jxlink.docno_counter.last_issued_at IS '最近一次取号的时间。 When a number was last drawn.';
COMMENT ON COLUMN jxlink.docno_counter.last_issued_by IS '最近一次取号的角色。 Role that last drew a number.';
ALTER TABLE ONLY jxlink.docno_counter
    ADD CONSTRAINT docno_counter_pkey PRIMARY KEY (jurisdiction, issuer, year);
ALTER TABLE ONLY jxlink.docno_counter
    ADD CONSTRAINT docno_counter_jurisdiction_fkey FOREIGN KEY (jurisdiction) REFERENCES jxlink.jurisdiction(code);
GRANT SELECT ON TABLE jxlink.docno_counter TO PUBLIC;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE jxlink.docno_counter TO jxlink_admin;
GRANT SELECT ON TABLE jxlink.docno_counter TO jxlink_clerk, jxlink_supervisor;
SELECT pg_catalog.pg_extension_config_dump('jxlink.docno_counter', '');

CREATE FUNCTION jxlink.docno_larger(jxlink.docno, jxlink.docno) RETURNS jxlink.docno
    LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_docno_larger';
COMMENT ON FUNCTION jxlink.docno_larger(jxlink.docno, jxlink.docno) IS '两者中较大的发文字号（聚合 max 的状态函数）。 The greater of two document numbers (state function of max).';

CREATE FUNCTION jxlink.docno_le(jxlink.docno, jxlink.docno) RETURNS boolean
    LANGUAGE c IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_docno_le';
COMMENT ON FUNCTION jxlink.docno_le(jxlink.docno, jxlink.docno) IS '小于或等于（运算符 <=）。 Less than or equal (operator <=).';

CREATE OPERATOR jxlink.<= (
    FUNCTION = jxlink.docno_le,
    LEFTARG = jxlink.docno,
    RIGHTARG = jxlink.docno,
    COMMUTATOR = OPERATOR(jxlink.>=),
    NEGATOR = OPERATOR(jxlink.>),
    RESTRICT = scalarlesel,
    JOIN = scalarlejoinsel
);
COMMENT ON OPERATOR jxlink.<= (jxlink.docno, jxlink.docno) IS '排在前面或相同。 Sorts before or is the same.';

CREATE FUNCTION jxlink.docno_lt(jxlink.docno, jxlink.docno) RETURNS boolean
    LANGUAGE c IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_docno_lt';
COMMENT ON FUNCTION jxlink.docno_lt(jxlink.docno, jxlink.docno) IS '小于（运算符 <）：先比机关代字，再比年份，再比序号。 Less than (operator <): issuer code, then year, then number.';

CREATE OPERATOR jxlink.< (
    FUNCTION = jxlink.docno_lt,
    LEFTARG = jxlink.docno,
    RIGHTARG = jxlink.docno,
    COMMUTATOR = OPERATOR(jxlink.>),
    NEGATOR = OPERATOR(jxlink.>=),
    RESTRICT = scalarltsel,
    JOIN = scalarltjoinsel
);
COMMENT ON OPERATOR jxlink.< (jxlink.docno, jxlink.docno) IS '排在前面：先比机关代字，再比年份，再比序号（4号 在 35号 之前）。 Sorts before: issuer code, then year, then number (4号 before 35号).';

CREATE FUNCTION jxlink.docno_ne(jxlink.docno, jxlink.docno) RETURNS boolean
    LANGUAGE c IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_docno_ne';
COMMENT ON FUNCTION jxlink.docno_ne(jxlink.docno, jxlink.docno) IS '两个发文字号不同（运算符 <>）。 Whether two document numbers differ (operator <>).';

CREATE OPERATOR jxlink.<> (
    FUNCTION = jxlink.docno_ne,
    LEFTARG = jxlink.docno,
    RIGHTARG = jxlink.docno,
    COMMUTATOR = OPERATOR(jxlink.<>),
    NEGATOR = OPERATOR(jxlink.=),
    RESTRICT = neqsel,
    JOIN = neqjoinsel
);
COMMENT ON OPERATOR jxlink.<> (jxlink.docno, jxlink.docno) IS '不同的发文字号。 Different document numbers.';

CREATE FUNCTION jxlink.docno_number(jxlink.docno) RETURNS integer
    LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_docno_number';
COMMENT ON FUNCTION jxlink.docno_number(jxlink.docno) IS '发文字号的序号。 The sequence number of a document number.';

CREATE FUNCTION jxlink.docno_smaller(jxlink.docno, jxlink.docno) RETURNS jxlink.docno
    LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_docno_smaller';
COMMENT ON FUNCTION jxlink.docno_smaller(jxlink.docno, jxlink.docno) IS '两者中较小的发文字号（聚合 min 的状态函数）。 The lesser of two document numbers (state function of min).';

CREATE FUNCTION jxlink.docno_sortsupport(internal) RETURNS void
    LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_docno_sortsupport';
COMMENT ON FUNCTION jxlink.docno_sortsupport(internal) IS '排序支持（B 树支持函数 2）：排序时直接比较，不经函数调用。 Sort support (btree support function 2): sorts compare without a function call.';

CREATE OPERATOR FAMILY jxlink.docno_ops USING btree;
ALTER OPERATOR FAMILY jxlink.docno_ops USING btree ADD
    FUNCTION 2 (jxlink.docno, jxlink.docno) jxlink.docno_sortsupport(internal) ,
    FUNCTION 4 (jxlink.docno, jxlink.docno) btequalimage(oid);
CREATE OPERATOR CLASS jxlink.docno_ops
    DEFAULT FOR TYPE jxlink.docno USING btree FAMILY jxlink.docno_ops AS
    OPERATOR 1 jxlink.<(jxlink.docno,jxlink.docno) ,
    OPERATOR 2 jxlink.<=(jxlink.docno,jxlink.docno) ,
    OPERATOR 3 jxlink.=(jxlink.docno,jxlink.docno) ,
    OPERATOR 4 jxlink.>=(jxlink.docno,jxlink.docno) ,
    OPERATOR 5 jxlink.>(jxlink.docno,jxlink.docno) ,
    FUNCTION 1 (jxlink.docno, jxlink.docno) jxlink.docno_cmp(jxlink.docno,jxlink.docno);
COMMENT ON OPERATOR FAMILY jxlink.docno_ops USING btree IS '发文字号的 B 树运算符族。 Btree operator family of document numbers.';
COMMENT ON OPERATOR CLASS jxlink.docno_ops USING btree IS '发文字号的 B 树索引（相等与范围查询、排序）。 Btree index of document numbers (equality and range searches, sorting).';

CREATE FUNCTION jxlink.docno_year(jxlink.docno) RETURNS integer
    LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_docno_year';
COMMENT ON FUNCTION jxlink.docno_year(jxlink.docno) IS '发文字号的年份。 The year of a document number.';

-- The row lock taken by ON CONFLICT DO UPDATE serialises two clerks drawing
-- from the same series: the second waits for the first to commit, then
-- increments the committed number.  A rolled-back draw leaves the counter as
-- it was, so its number is given out again.
CREATE FUNCTION jxlink.next_docno(issuer text, year integer) RETURNS jxlink.docno
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    me        jxlink.staff := jxlink.caller_staff();
    canonical text;
    issued    integer;
BEGIN
    IF next_docno.issuer IS NULL OR next_docno.year IS NULL THEN
        RAISE EXCEPTION 'the issuer code and the year must not be null' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    -- checked as the type checks them: a bad issuer code is 22023, a year out of range 22003
    canonical := jxlink.docno_issuer(jxlink.docno(next_docno.issuer, next_docno.year, 1));
    INSERT INTO jxlink.docno_counter AS c (jurisdiction, issuer, year, last_number, last_issued_at, last_issued_by)
    VALUES (me.jurisdiction, canonical, next_docno.year, 1, pg_catalog.now(), me.role_name)
    ON CONFLICT ON CONSTRAINT docno_counter_pkey DO UPDATE
    SET last_number = c.last_number + 1,
        last_issued_at = excluded.last_issued_at,
        last_issued_by = excluded.last_issued_by
    RETURNING c.last_number INTO issued;
    RETURN jxlink.docno(canonical, next_docno.year, issued);
END
$$;
COMMENT ON FUNCTION jxlink.next_docno(issuer text, year integer) IS '取某机关代字某年份的下一个发文字号（本辖区计数器加一）。并发安全：两人同时取号，后者等待前者提交，得到不同序号。事务回滚则该序号不算发出，会再次发出。仅在 staff 中登记的在岗人员可用。 The next document number of an issuer code and year (the jurisdiction''s counter plus one). Safe under concurrency: of two clerks drawing at once, the second waits for the first to commit and gets another number. A rolled-back transaction''s number is not given out and will be given again. Only active staff registered in jxlink.staff may draw.';
REVOKE ALL ON FUNCTION jxlink.next_docno(issuer text, year integer) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.next_docno(issuer text, year integer) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

CREATE AGGREGATE jxlink.max(jxlink.docno) (
    SFUNC = jxlink.docno_larger,
    STYPE = jxlink.docno,
    COMBINEFUNC = jxlink.docno_larger,
    SORTOP = OPERATOR(jxlink.>),
    PARALLEL = safe
);
COMMENT ON AGGREGATE jxlink.max(jxlink.docno) IS '最大（排在最后）的发文字号，如某机关某年已用的最大序号。 The greatest (last-sorting) document number, e.g. the highest number an issuer used in a year.';

CREATE AGGREGATE jxlink.min(jxlink.docno) (
    SFUNC = jxlink.docno_smaller,
    STYPE = jxlink.docno,
    COMBINEFUNC = jxlink.docno_smaller,
    SORTOP = OPERATOR(jxlink.<),
    PARALLEL = safe
);
COMMENT ON AGGREGATE jxlink.min(jxlink.docno) IS '最小（排在最前）的发文字号。 The least (first-sorting) document number.';

-- Text becomes docno on assignment (INSERT, UPDATE, PL/pgSQL :=), so code
-- that stores document numbers from text arguments keeps working and stores
-- them canonical.  Neither cast is implicit: docno = text is an error, not a
-- silent comparison of texts.
CREATE CAST (text AS jxlink.docno) WITH FUNCTION jxlink.docno(text) AS ASSIGNMENT;
COMMENT ON CAST (text AS jxlink.docno) IS
'文本转为发文字号（赋值时自动进行）。 Text to document number (applied on assignment).';
CREATE CAST (jxlink.docno AS text) WITH FUNCTION jxlink.docno_to_text(jxlink.docno) AS ASSIGNMENT;
COMMENT ON CAST (jxlink.docno AS text) IS
'发文字号转为规范文本（赋值时自动进行）。 Document number to its canonical text (applied on assignment).';

/*
 * sql/20_ledger.sql — The obligation ledger (时限台账, DESIGN §2): deadline rules,
 * obligations and the moves of their due times; the only place due times are
 * computed (obligation_due_by), opened, met or waived, recomputed and
 * explained.  Every reader takes an obligation's period, due time and
 * derivation from the obligation itself; the rule table gives labels.
 *
 * A concept file: the current definition of each object, once, with its
 * comments, grants, policies and triggers.  The build concatenates the concept
 * files (sql/NN_*.sql, in order) into the install script of the current version.
 */

------------------------------------------------------------------------------
-- Deadline rules
------------------------------------------------------------------------------

-- The provisions' own limits are not local policy.
CREATE FUNCTION jxlink.deadline_rule_fixed() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    IF OLD.basis = 'provision'
       AND (NEW.obligation_kind, NEW.period_unit, NEW.amount, NEW.basis, NEW.rule_code)
           IS DISTINCT FROM (OLD.obligation_kind, OLD.period_unit, OLD.amount, OLD.basis, OLD.rule_code) THEN
        RAISE EXCEPTION 'the time limit of rule "%" is set by the provisions (%)', OLD.rule_code, OLD.clause
            USING ERRCODE = 'restrict_violation',
                  HINT = 'Only local-policy rules (basis = local_policy) can be changed.';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION jxlink.deadline_rule_fixed() IS '触发器：规定明文的时限不可修改。 Trigger: the provisions'' own time limits cannot be changed.';
REVOKE ALL ON FUNCTION jxlink.deadline_rule_fixed() FROM PUBLIC;

CREATE TABLE jxlink.deadline_rule (
    rule_code text NOT NULL,
    obligation_kind text NOT NULL,
    period_unit text NOT NULL,
    amount integer NOT NULL,
    clause text NOT NULL,
    basis text NOT NULL,
    description_zh text NOT NULL,
    description_en text NOT NULL,
    origin text DEFAULT 'local' NOT NULL,
    CONSTRAINT deadline_rule_amount_check CHECK ((amount > 0) AND (amount <= 10000)),
    CONSTRAINT deadline_rule_basis_check CHECK (basis IN ('provision', 'local_policy')),
    CONSTRAINT deadline_rule_origin_check CHECK (origin IN ('shipped', 'edited', 'local')),
    CONSTRAINT deadline_rule_period_unit_check CHECK (period_unit IN ('workdays', 'hours', 'quarter', 'next_meeting')),
    CONSTRAINT deadline_rule_rule_code_check CHECK (rule_code ~ '^[a-z_]+$')
);
COMMENT ON TABLE jxlink.deadline_rule IS '期限规则：每种义务的时限（工作日或小时）及其依据条款。规定本身的时限（basis = provision）不可修改；本地政策默认值可由管理员修改，对此后新开的义务生效。 Deadline rules: the time limit of each kind of obligation (working days or hours) and the clause it rests on. The provisions'' own limits (basis = provision) cannot be changed; local-policy defaults can, for obligations opened afterwards.';
COMMENT ON COLUMN jxlink.deadline_rule.rule_code IS '规则代码。 Rule code.';
COMMENT ON COLUMN jxlink.deadline_rule.obligation_kind IS '适用的义务种类。 The kind of obligation the rule applies to.';
COMMENT ON COLUMN jxlink.deadline_rule.period_unit IS 'workdays：工作日（起算日不计入，至第 n 个工作日 24:00）；hours：自然小时；quarter：至起算所在季度结束；next_meeting：至下次联席会议（未召开前暂以下一季度末为限）。 workdays: working days (the start day not counted, until 24:00 of the n-th); hours: clock hours; quarter: until the end of the quarter it starts in; next_meeting: until the next joint meeting (until one is held, the end of the following quarter).';
COMMENT ON COLUMN jxlink.deadline_rule.amount IS '期限长度。 Length of the period.';
COMMENT ON COLUMN jxlink.deadline_rule.clause IS '依据条款。 The clause the limit rests on.';
COMMENT ON COLUMN jxlink.deadline_rule.basis IS 'provision：规定明文；local_policy：本地政策默认值。 provision: set by the provisions; local_policy: a local-policy default.';
COMMENT ON COLUMN jxlink.deadline_rule.description_zh IS '说明（中文）。 Description in Chinese.';
COMMENT ON COLUMN jxlink.deadline_rule.description_en IS '说明（英文）。 Description in English.';
COMMENT ON COLUMN jxlink.deadline_rule.origin IS '来源：shipped＝随扩展发布未经修改（pg_dump 不导出，由 CREATE EXTENSION 重建）；edited＝管理员修改过的发布行；local＝管理员新增。 shipped: as shipped (left out of pg_dump, recreated by CREATE EXTENSION); edited: a shipped row an administrator changed; local: added by an administrator.';
ALTER TABLE ONLY jxlink.deadline_rule
    ADD CONSTRAINT deadline_rule_pkey PRIMARY KEY (rule_code);
CREATE TRIGGER deadline_rule_fixed BEFORE UPDATE ON jxlink.deadline_rule FOR EACH ROW EXECUTE FUNCTION jxlink.deadline_rule_fixed();
CREATE TRIGGER deadline_rule_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.deadline_rule FOR EACH ROW EXECUTE FUNCTION jxlink.shipped_row_guard('rule_code');

ALTER TABLE jxlink.deadline_rule ENABLE ALWAYS TRIGGER deadline_rule_guard;
CREATE TRIGGER deadline_rule_no_truncate BEFORE TRUNCATE ON jxlink.deadline_rule FOR EACH STATEMENT EXECUTE FUNCTION jxlink.shipped_row_guard('rule_code');
GRANT SELECT ON TABLE jxlink.deadline_rule TO PUBLIC;
GRANT INSERT,DELETE,UPDATE ON TABLE jxlink.deadline_rule TO jxlink_admin;
SELECT pg_catalog.pg_extension_config_dump('jxlink.deadline_rule', 'WHERE origin <> ''shipped''');
-- Shipped rules: the provisions' limits and the local-policy defaults.
INSERT INTO jxlink.deadline_rule (rule_code, obligation_kind, period_unit, amount, clause, basis, description_zh, description_en, origin) VALUES ('transfer', 'transfer', 'workdays', 3, '三（三）2①', 'provision', '发现违法行为后 3 个工作日内完成移交', 'transfer the case within 3 working days of discovery', 'shipped');
INSERT INTO jxlink.deadline_rule (rule_code, obligation_kind, period_unit, amount, clause, basis, description_zh, description_en, origin) VALUES ('transfer_extended', 'transfer', 'workdays', 5, '三（三）2②', 'provision', '事先告知综合执法队的，移送期限最长不超过 5 个工作日', 'after an advance notice to the team, transfer within at most 5 working days', 'shipped');
INSERT INTO jxlink.deadline_rule (rule_code, obligation_kind, period_unit, amount, clause, basis, description_zh, description_en, origin) VALUES ('transfer_urgent', 'transfer', 'hours', 24, '三（三）2③', 'provision', '情况紧急的，24 小时内移交', 'urgent cases: transfer within 24 hours', 'shipped');
INSERT INTO jxlink.deadline_rule (rule_code, obligation_kind, period_unit, amount, clause, basis, description_zh, description_en, origin) VALUES ('acknowledge', 'acknowledge', 'workdays', 5, '三（三）2④', 'provision', '综合执法队收到移送后 5 个工作日内书面告知是否受理', 'the team notifies the sender in writing within 5 working days whether it accepts', 'shipped');
INSERT INTO jxlink.deadline_rule (rule_code, obligation_kind, period_unit, amount, clause, basis, description_zh, description_en, origin) VALUES ('file_case', 'file_case', 'workdays', 5, '三（二）、二（一）', 'local_policy', '受理后及时立案（本地默认 5 个工作日）', 'file the case promptly after accepting it (local default: 5 working days)', 'shipped');
INSERT INTO jxlink.deadline_rule (rule_code, obligation_kind, period_unit, amount, clause, basis, description_zh, description_en, origin) VALUES ('copy_back', 'copy_back', 'workdays', 5, '二（一）', 'local_policy', '作出决定后将结果抄告移送单位（本地默认 5 个工作日）', 'copy the decision back to the sending unit (local default: 5 working days)', 'shipped');
INSERT INTO jxlink.deadline_rule (rule_code, obligation_kind, period_unit, amount, clause, basis, description_zh, description_en, origin) VALUES ('licence_followup', 'licence_followup', 'workdays', 20, '二（二）', 'local_policy', '应批未批事项移交后，向综合执法队反馈后续办证情况（本地默认 20 个工作日）', 'after transferring an unlicensed matter, report the later licensing status to the team (local default: 20 working days)', 'shipped');
INSERT INTO jxlink.deadline_rule (rule_code, obligation_kind, period_unit, amount, clause, basis, description_zh, description_en, origin) VALUES ('complaint_reply', 'complaint_reply', 'workdays', 15, '三（二）', 'local_policy', '首问负责单位答复举报人、投诉人或信访人（本地默认 15 个工作日）', 'the first receiver replies to the complainant (local default: 15 working days)', 'shipped');
INSERT INTO jxlink.deadline_rule (rule_code, obligation_kind, period_unit, amount, clause, basis, description_zh, description_en, origin) VALUES ('quarterly_meeting', 'quarterly_meeting', 'quarter', 1, '三（四）3', 'provision', '联席会议原则上每季度召开一次', 'the joint meeting is held at least once a quarter', 'shipped');
INSERT INTO jxlink.deadline_rule (rule_code, obligation_kind, period_unit, amount, clause, basis, description_zh, description_en, origin) VALUES ('resolution_report', 'resolution_report', 'next_meeting', 1, '三（四）4', 'provision', '议定事项的落实情况在下次联席会议上通报', 'the status of a resolution is reported at the next joint meeting', 'shipped');
INSERT INTO jxlink.deadline_rule (rule_code, obligation_kind, period_unit, amount, clause, basis, description_zh, description_en, origin) VALUES ('share_request', 'share_request', 'workdays', 5, '三（一）4', 'local_policy', '按请求提供共享信息（未约定期限的本地默认 5 个工作日）', 'provide the information requested (local default when no date is agreed: 5 working days)', 'shipped');
INSERT INTO jxlink.deadline_rule (rule_code, obligation_kind, period_unit, amount, clause, basis, description_zh, description_en, origin) VALUES ('assistance_request', 'assistance_request', 'workdays', 2, '二、四（三）', 'local_policy', '答复执法协助请求（本地默认 2 个工作日）', 'answer a request for enforcement assistance (local default: 2 working days)', 'shipped');

------------------------------------------------------------------------------
-- Subjects: the reference and title an obligation shows
------------------------------------------------------------------------------

-- Copy a subject's reference and title into its obligations.
CREATE FUNCTION jxlink.obligation_refresh_subject(subject_id uuid) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    UPDATE jxlink.obligation o
    SET subject_ref = s.reference, subject_title = s.title
    FROM jxlink.subject s
    WHERE s.subject_id = obligation_refresh_subject.subject_id
      AND o.subject_id = s.subject_id AND o.subject_type = s.subject_type
      AND (o.subject_ref, o.subject_title) IS DISTINCT FROM (s.reference, s.title);
END
$$;
COMMENT ON FUNCTION jxlink.obligation_refresh_subject(subject_id uuid) IS '（内部）将事项的编号与标题复制到其义务。 (Internal) Copy a subject''s reference and title into its obligations.';
REVOKE ALL ON FUNCTION jxlink.obligation_refresh_subject(subject_id uuid) FROM PUBLIC;

-- New obligations take their subject's reference and title.
CREATE FUNCTION jxlink.obligation_take_subject() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    IF NEW.subject_ref IS NULL AND NEW.subject_title IS NULL THEN
        SELECT s.reference, s.title INTO NEW.subject_ref, NEW.subject_title
        FROM jxlink.subject s
        WHERE s.subject_id = NEW.subject_id AND s.subject_type = NEW.subject_type;
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION jxlink.obligation_take_subject() IS '触发器：新开立的义务取得其事项的编号与标题。 Trigger: a new obligation takes its subject''s reference and title.';
REVOKE ALL ON FUNCTION jxlink.obligation_take_subject() FROM PUBLIC;

------------------------------------------------------------------------------
-- Obligations and the moves of their due times
------------------------------------------------------------------------------

CREATE TABLE jxlink.obligation (
    obligation_id uuid DEFAULT jxlink.uuid_v7() NOT NULL,
    jurisdiction text DEFAULT jxlink.local_jurisdiction() NOT NULL,
    kind text NOT NULL,
    subject_type text NOT NULL,
    subject_id uuid NOT NULL,
    owner_unit uuid NOT NULL,
    counterpart_unit uuid,
    rule_code text NOT NULL,
    clause text NOT NULL,
    started_at timestamp with time zone NOT NULL,
    due_at timestamp with time zone NOT NULL,
    due_date date NOT NULL,
    provisional boolean NOT NULL,
    calendar_version text,
    status text DEFAULT 'open' NOT NULL,
    met_at timestamp with time zone,
    met_late boolean,
    met_by text,
    note text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    subject_ref text,
    subject_title text,
    refused boolean DEFAULT false NOT NULL,
    period_unit text NOT NULL,
    period_amount integer NOT NULL,
    derivation text[],
    CONSTRAINT obligation_check CHECK ((status = 'open') = (met_at IS NULL)),
    CONSTRAINT obligation_check1 CHECK ((status = 'met') = (met_late IS NOT NULL)),
    CONSTRAINT obligation_check2 CHECK (due_at > started_at),
    CONSTRAINT obligation_kind_check CHECK (kind IN ('transfer', 'acknowledge', 'file_case', 'copy_back', 'licence_followup', 'complaint_reply', 'quarterly_meeting', 'resolution_report', 'share_request', 'assistance_request')),
    CONSTRAINT obligation_period_unit_check CHECK (period_unit IN ('workdays', 'hours', 'quarter', 'next_meeting', 'agreed_day')),
    CONSTRAINT obligation_status_check CHECK (status IN ('open', 'met', 'waived')),
    CONSTRAINT obligation_subject_type_check CHECK (subject_type IN ('referral', 'complaint', 'meeting_quarter', 'resolution', 'share_request', 'assistance_request'))
);

ALTER TABLE ONLY jxlink.obligation FORCE ROW LEVEL SECURITY;
COMMENT ON TABLE jxlink.obligation IS '时限台账：规定中的每一个时限都是一行——谁欠谁什么、自何时、至何时、依哪条规则、何时履行。 The obligation ledger: every time limit of the provisions is one row — who owes what to whom, from when, by when, under which rule, and when it was met.';
COMMENT ON COLUMN jxlink.obligation.obligation_id IS '义务标识。 Obligation identifier.';
COMMENT ON COLUMN jxlink.obligation.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.obligation.kind IS '义务种类：transfer 移交、acknowledge 书面告知是否受理、file_case 立案、copy_back 抄告结果、licence_followup 反馈办证情况。 Kind: transfer, acknowledge (written notice of acceptance), file_case, copy_back (the result), licence_followup.';
COMMENT ON COLUMN jxlink.obligation.subject_type IS '事项类型（referral 案件移送）。 Type of the subject (referral).';
COMMENT ON COLUMN jxlink.obligation.subject_id IS '事项标识（如移送标识）。 Identifier of the subject (e.g. the referral).';
COMMENT ON COLUMN jxlink.obligation.owner_unit IS '负有义务的单位。 The unit that owes the obligation.';
COMMENT ON COLUMN jxlink.obligation.counterpart_unit IS '义务指向的单位。 The unit the obligation is owed to.';
COMMENT ON COLUMN jxlink.obligation.rule_code IS '适用的期限规则。 The deadline rule applied.';
COMMENT ON COLUMN jxlink.obligation.clause IS '依据条款。 The clause the limit rests on.';
COMMENT ON COLUMN jxlink.obligation.started_at IS '起算时刻。 When the period started.';
COMMENT ON COLUMN jxlink.obligation.due_at IS '逾期起点（首个逾期时刻）。 The first late instant.';
COMMENT ON COLUMN jxlink.obligation.due_date IS '期限届满日（本地日期）。 The last day of the period (local date).';
COMMENT ON COLUMN jxlink.obligation.provisional IS '届满日所在年份尚无官方安排（按周一至周五暂定）。 The last day falls in a year without a loaded official schedule (weekday rule, provisional).';
COMMENT ON COLUMN jxlink.obligation.calendar_version IS '计算所用日历版本（小时期限为空）。 Version of the calendar the due time was computed with (null for hour rules).';
COMMENT ON COLUMN jxlink.obligation.status IS 'open 未履行；met 已履行；waived 免除（如撤回移送）。 open; met; waived (e.g. the referral was withdrawn).';
COMMENT ON COLUMN jxlink.obligation.met_at IS '履行（或免除）时刻。 When it was met (or waived).';
COMMENT ON COLUMN jxlink.obligation.met_late IS '履行时是否已逾期（履行时判定，日历修改不再改变）。 Whether it was met late, judged when met (calendar changes do not alter it).';
COMMENT ON COLUMN jxlink.obligation.met_by IS '履行（或免除）的操作角色。 Role that met (or waived) it.';
COMMENT ON COLUMN jxlink.obligation.note IS '履行或免除说明。 Note on meeting or waiving it.';
COMMENT ON COLUMN jxlink.obligation.created_at IS '记录时间。 When the row was recorded.';
COMMENT ON COLUMN jxlink.obligation.subject_ref IS '事项编号（移送函文号、立案号等；随事项更新）。 Reference of the subject (letter or case number; follows the subject).';
COMMENT ON COLUMN jxlink.obligation.subject_title IS '事项标题（案由）。 Title of the subject.';
COMMENT ON COLUMN jxlink.obligation.refused IS '以拒绝作答（如拒绝提供信息或协助，四（三））：计入该单位的不配合情况。 Answered with a refusal (e.g. refused information or assistance, 四（三）): counts against the unit.';
COMMENT ON COLUMN jxlink.obligation.period_unit IS '义务自身的期限单位：workdays 工作日、hours 小时、quarter 所在季度、next_meeting 下次联席会议、agreed_day 双方约定的最后一日；期限一律由此计算，规则表日后修改不影响。 The obligation''s own period unit: workdays, hours, quarter (the quarter it starts in), next_meeting (the next joint meeting), agreed_day (a last day the units agreed); every due time is computed from it, whatever later becomes of the rule.';
COMMENT ON COLUMN jxlink.obligation.period_amount IS '义务自身的期限长度（工作日数、小时数；agreed_day 为起算日之后的自然日数；quarter、next_meeting 为 1）。 The obligation''s own period length (working days, hours; for agreed_day the calendar days after the start day; 1 for quarter and next_meeting).';
COMMENT ON COLUMN jxlink.obligation.derivation IS '已履行或免除的工作日义务，在日历变更涉及其日期时保存的日期推算（计入的工作日、跳过的日期，按其判定时的日历）；为空（NULL）时按现行日历推算，结果相同；空数组：0.8.0 之前按其后已变更的日历判定，推算未保存。 For a met or waived working-day obligation, the derivation of its days (working days counted, days skipped, under the calendar it was judged with) kept when a calendar change touched them; null while the calendar in force gives the same; an empty array: judged before 0.8.0 under a calendar changed since, the days not kept.';
ALTER TABLE ONLY jxlink.obligation
    ADD CONSTRAINT obligation_pkey PRIMARY KEY (obligation_id);
ALTER TABLE ONLY jxlink.obligation
    ADD CONSTRAINT obligation_counterpart_unit_fkey FOREIGN KEY (counterpart_unit) REFERENCES jxlink.unit(unit_id);
ALTER TABLE ONLY jxlink.obligation
    ADD CONSTRAINT obligation_jurisdiction_fkey FOREIGN KEY (jurisdiction) REFERENCES jxlink.jurisdiction(code);
ALTER TABLE ONLY jxlink.obligation
    ADD CONSTRAINT obligation_owner_unit_fkey FOREIGN KEY (owner_unit) REFERENCES jxlink.unit(unit_id);
ALTER TABLE ONLY jxlink.obligation
    ADD CONSTRAINT obligation_rule_code_fkey FOREIGN KEY (rule_code) REFERENCES jxlink.deadline_rule(rule_code);
CREATE INDEX obligation_due_date ON jxlink.obligation USING btree (due_date);
CREATE INDEX obligation_due_quarter ON jxlink.obligation USING btree (((date_trunc('quarter'::text, (due_date)::timestamp without time zone))::date));
CREATE INDEX obligation_met_at ON jxlink.obligation USING btree (met_at) WHERE (met_at IS NOT NULL);
CREATE INDEX obligation_open_due ON jxlink.obligation USING btree (due_at) WHERE (status = 'open'::text);
CREATE INDEX obligation_owner_started ON jxlink.obligation USING btree (owner_unit, started_at);
CREATE INDEX obligation_subject ON jxlink.obligation USING btree (subject_id, kind);
ALTER TABLE jxlink.obligation ENABLE ROW LEVEL SECURITY;
CREATE TRIGGER obligation_take_subject BEFORE INSERT ON jxlink.obligation FOR EACH ROW EXECUTE FUNCTION jxlink.obligation_take_subject();
GRANT SELECT ON TABLE jxlink.obligation TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;
SELECT pg_catalog.pg_extension_config_dump('jxlink.obligation', '');

CREATE POLICY obligation_read ON jxlink.obligation FOR SELECT
USING (owner_unit = ANY ((SELECT jxlink.my_units())::uuid[]) OR counterpart_unit = ANY ((SELECT jxlink.my_units())::uuid[])
       OR (SELECT jxlink.reads_everything()));

CREATE TABLE jxlink.obligation_move (
    move_id uuid DEFAULT jxlink.uuid_v7() NOT NULL,
    obligation_id uuid NOT NULL,
    jurisdiction text NOT NULL,
    moved_at timestamp with time zone NOT NULL,
    from_due_at timestamp with time zone NOT NULL,
    to_due_at timestamp with time zone NOT NULL,
    from_calendar_version text,
    to_calendar_version text,
    cause text NOT NULL,
    actor_role text NOT NULL
);

ALTER TABLE ONLY jxlink.obligation_move FORCE ROW LEVEL SECURITY;
COMMENT ON TABLE jxlink.obligation_move IS '未结义务的期限变动记录（只增不改）：日历变更、联席会议召开使期限从何时移至何时、何时、由何人引起。 The moves of open obligations'' due times (append-only): from what to what a calendar change or a joint meeting held moved them, when and by whom.';
COMMENT ON COLUMN jxlink.obligation_move.move_id IS '变动标识。 Move identifier.';
COMMENT ON COLUMN jxlink.obligation_move.obligation_id IS '被移动期限的义务。 The obligation whose due time moved.';
COMMENT ON COLUMN jxlink.obligation_move.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.obligation_move.moved_at IS '变动时刻（事务时间）。 When it moved (transaction time).';
COMMENT ON COLUMN jxlink.obligation_move.from_due_at IS '原逾期起点。 The first late instant before the move.';
COMMENT ON COLUMN jxlink.obligation_move.to_due_at IS '新逾期起点。 The first late instant after the move.';
COMMENT ON COLUMN jxlink.obligation_move.from_calendar_version IS '原日历版本。 Calendar version before the move.';
COMMENT ON COLUMN jxlink.obligation_move.to_calendar_version IS '新日历版本。 Calendar version after the move.';
COMMENT ON COLUMN jxlink.obligation_move.cause IS '原因（如 calendar change、joint meeting held）。 Cause (e.g. calendar change, joint meeting held).';
COMMENT ON COLUMN jxlink.obligation_move.actor_role IS '引起变动的数据库角色。 The database role whose change caused it.';
ALTER TABLE ONLY jxlink.obligation_move
    ADD CONSTRAINT obligation_move_pkey PRIMARY KEY (move_id);
ALTER TABLE ONLY jxlink.obligation_move
    ADD CONSTRAINT obligation_move_jurisdiction_fkey FOREIGN KEY (jurisdiction) REFERENCES jxlink.jurisdiction(code);
ALTER TABLE ONLY jxlink.obligation_move
    ADD CONSTRAINT obligation_move_obligation_id_fkey FOREIGN KEY (obligation_id) REFERENCES jxlink.obligation(obligation_id);
CREATE INDEX obligation_move_obligation ON jxlink.obligation_move USING btree (obligation_id);
ALTER TABLE jxlink.obligation_move ENABLE ROW LEVEL SECURITY;
CREATE TRIGGER obligation_move_append_only BEFORE DELETE OR UPDATE ON jxlink.obligation_move FOR EACH ROW EXECUTE FUNCTION jxlink.refuse_change();
CREATE TRIGGER obligation_move_no_truncate BEFORE TRUNCATE ON jxlink.obligation_move FOR EACH STATEMENT EXECUTE FUNCTION jxlink.refuse_change();
GRANT SELECT ON TABLE jxlink.obligation_move TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;
SELECT pg_catalog.pg_extension_config_dump('jxlink.obligation_move', '');
CREATE POLICY obligation_move_read ON jxlink.obligation_move FOR SELECT
USING (EXISTS (SELECT 1 FROM jxlink.obligation o WHERE o.obligation_id = obligation_move.obligation_id));
COMMENT ON POLICY obligation_move_read ON jxlink.obligation_move IS '能读到义务者可读其期限变动。 Whoever reads an obligation reads its moves.';

------------------------------------------------------------------------------
-- Due times: the only place they are computed
------------------------------------------------------------------------------

-- The due time of a period started at an instant, from the facts the
-- obligation itself holds (its period, its start, its jurisdiction):
--   workdays      n working days, the start day not counted, until 24:00 of
--                 the n-th (民法典 第二百零一条; 行政处罚法 第八十五条)
--   hours         n clock hours; holidays do not extend it (三（三）2③)
--   quarter       until the end of the quarter it starts in (三（四）3)
--   next_meeting  until the end of the day of the jurisdiction's first joint
--                 meeting held after the start; while none is held, until the
--                 end of the following quarter (三（四）4)
--   agreed_day    until the end of a day the units agreed, n calendar days
--                 after the start day (0: the same day) (三（一）4)
CREATE FUNCTION jxlink.obligation_due_by(period_unit text, amount integer, started_at timestamp with time zone, jurisdiction text, OUT due_at timestamp with time zone, OUT due_date date, OUT provisional boolean, OUT calendar_version text) RETURNS record
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    held timestamptz;
BEGIN
    provisional := false;
    IF period_unit = 'workdays' THEN
        due_at := jxlink.workday_deadline(started_at, amount);
        due_date := jxlink.add_workdays(jxlink.local_date(started_at), amount);
        provisional := jxlink.is_provisional(due_date);
        calendar_version := jxlink.calendar_version();
    ELSIF period_unit = 'hours' THEN
        due_at := started_at + make_interval(hours => amount);
        due_date := jxlink.local_date(due_at);
    ELSIF period_unit = 'agreed_day' AND amount >= 0 THEN
        due_date := jxlink.local_date(started_at) + amount;
        due_at := jxlink.local_midnight(due_date + 1);
    ELSIF period_unit IN ('quarter', 'next_meeting') THEN
        IF period_unit = 'next_meeting' THEN
            SELECT min(m.held_at) INTO held FROM jxlink.joint_meeting m
            WHERE m.jurisdiction = obligation_due_by.jurisdiction AND m.held_at > obligation_due_by.started_at;
        END IF;
        IF held IS NOT NULL THEN
            due_date := jxlink.local_date(held);
        ELSE
            due_date := (date_trunc('quarter', jxlink.local_date(started_at)::timestamp)
                         + make_interval(months => CASE period_unit WHEN 'quarter' THEN 3 ELSE 6 END))::date - 1;
        END IF;
        due_at := jxlink.local_midnight(due_date + 1);
    ELSE
        RAISE EXCEPTION 'a period of % %s has no due time', amount, period_unit
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
END
$$;
COMMENT ON FUNCTION jxlink.obligation_due_by(period_unit text, amount integer, started_at timestamp with time zone, jurisdiction text, OUT due_at timestamp with time zone, OUT due_date date, OUT provisional boolean, OUT calendar_version text) IS '（内部）台账唯一的期限计算：某期限（工作日、小时、季度、下次联席会议、约定日）自某时刻起算的逾期起点、届满日、是否暂定、日历版本。 (Internal) The ledger''s one computation of due times: the first late instant, last day, provisional flag and calendar version of a period (working days, hours, quarter, next joint meeting, agreed day) started at an instant.';
REVOKE ALL ON FUNCTION jxlink.obligation_due_by(period_unit text, amount integer, started_at timestamp with time zone, jurisdiction text, OUT due_at timestamp with time zone, OUT due_date date, OUT provisional boolean, OUT calendar_version text) FROM PUBLIC;

-- Open an obligation under a rule; the period is the rule's, or the last day
-- the units agreed.  The obligation keeps its period: a later change of the
-- rule does not alter it.
CREATE FUNCTION jxlink.obligation_open(kind text, rule_code text, subject_type text, subject_id uuid, owner_unit uuid, counterpart_unit uuid, started_at timestamp with time zone, agreed_last_day date DEFAULT NULL::date) RETURNS uuid
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    opened uuid;
BEGIN
    INSERT INTO jxlink.obligation (jurisdiction, kind, subject_type, subject_id, owner_unit, counterpart_unit,
                                   rule_code, clause, period_unit, period_amount, started_at, due_at, due_date,
                                   provisional, calendar_version)
    SELECT u.jurisdiction, obligation_open.kind, obligation_open.subject_type, obligation_open.subject_id,
           obligation_open.owner_unit, obligation_open.counterpart_unit, r.rule_code, r.clause, p.unit, p.amount,
           obligation_open.started_at, d.due_at, d.due_date, d.provisional, d.calendar_version
    FROM jxlink.deadline_rule r
    JOIN jxlink.unit u ON u.unit_id = obligation_open.owner_unit
    CROSS JOIN LATERAL (
        SELECT CASE WHEN agreed_last_day IS NULL THEN r.period_unit ELSE 'agreed_day' END AS unit,
               CASE WHEN agreed_last_day IS NULL THEN r.amount
                    ELSE agreed_last_day - jxlink.local_date(obligation_open.started_at) END AS amount) p
    CROSS JOIN jxlink.obligation_due_by(p.unit, p.amount, obligation_open.started_at, u.jurisdiction) d
    WHERE r.rule_code = obligation_open.rule_code
    RETURNING obligation_id INTO opened;
    RETURN opened;
END
$$;
COMMENT ON FUNCTION jxlink.obligation_open(kind text, rule_code text, subject_type text, subject_id uuid, owner_unit uuid, counterpart_unit uuid, started_at timestamp with time zone, agreed_last_day date) IS '（内部）按规则开立义务（或按双方约定的最后一日）；期限保存在义务上，此后修改规则不影响它。 (Internal) Open an obligation under a rule (or with the last day the units agreed); the period is kept on the obligation, and a later change of the rule does not alter it.';
REVOKE ALL ON FUNCTION jxlink.obligation_open(kind text, rule_code text, subject_type text, subject_id uuid, owner_unit uuid, counterpart_unit uuid, started_at timestamp with time zone, agreed_last_day date) FROM PUBLIC;

-- Meet (or waive) the open obligations of a subject of the given kinds (owed
-- by one unit, when given); returns how many.
CREATE FUNCTION jxlink.obligation_close(subject_id uuid, kinds text[], closed_at timestamp with time zone, closed_by text, new_status text, note text DEFAULT NULL::text, owner_unit uuid DEFAULT NULL::uuid) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    n integer;
BEGIN
    UPDATE jxlink.obligation o
    SET status = new_status,
        met_at = closed_at,
        met_late = CASE WHEN new_status = 'met' THEN closed_at >= o.due_at END,
        met_by = closed_by,
        note = obligation_close.note
    WHERE o.subject_id = obligation_close.subject_id
      AND o.kind = ANY (kinds)
      AND o.status = 'open'
      AND (obligation_close.owner_unit IS NULL OR o.owner_unit = obligation_close.owner_unit);
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$$;
COMMENT ON FUNCTION jxlink.obligation_close(subject_id uuid, kinds text[], closed_at timestamp with time zone, closed_by text, new_status text, note text, owner_unit uuid) IS '（内部）履行或免除某事项的未结义务（可限于某一单位所负）；履行时判定是否逾期。 (Internal) Meet or waive the open obligations of a subject (those of one owing unit, when given); a met one is judged late or on time then.';
REVOKE ALL ON FUNCTION jxlink.obligation_close(subject_id uuid, kinds text[], closed_at timestamp with time zone, closed_by text, new_status text, note text, owner_unit uuid) FROM PUBLIC;

-- Move an open obligation to another rule (the advance notice of 三（三）2②).
CREATE FUNCTION jxlink.obligation_reschedule(obligation_id uuid, rule_code text) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    UPDATE jxlink.obligation o
    SET (rule_code, clause, period_unit, period_amount, due_at, due_date, provisional, calendar_version) =
        (SELECT r.rule_code, r.clause, r.period_unit, r.amount, d.due_at, d.due_date, d.provisional, d.calendar_version
         FROM jxlink.deadline_rule r, jxlink.obligation_due_by(r.period_unit, r.amount, o.started_at, o.jurisdiction) d
         WHERE r.rule_code = obligation_reschedule.rule_code)
    WHERE o.obligation_id = obligation_reschedule.obligation_id
      AND o.status = 'open';
END
$$;
COMMENT ON FUNCTION jxlink.obligation_reschedule(obligation_id uuid, rule_code text) IS '（内部）将未结义务改按另一规则计算期限。 (Internal) Recompute an open obligation under another rule.';
REVOKE ALL ON FUNCTION jxlink.obligation_reschedule(obligation_id uuid, rule_code text) FROM PUBLIC;

-- Recompute the due time of the open obligations of one period unit (of one
-- jurisdiction, when given) after the facts it depends on changed: the
-- calendar, a joint meeting held.  Each obligation whose due time moved gets a
-- row in obligation_move saying from what, to what, why, when and by whom.
CREATE FUNCTION jxlink.obligation_recompute_open(period_unit text, jurisdiction text, cause text) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    n integer;
BEGIN
    WITH c AS (
        SELECT o.obligation_id, o.jurisdiction, o.due_at AS old_at, o.due_date AS old_date,
               o.calendar_version AS old_version, o.provisional AS old_provisional, d.*
        FROM jxlink.obligation o
        CROSS JOIN LATERAL jxlink.obligation_due_by(o.period_unit, o.period_amount, o.started_at, o.jurisdiction) d
        WHERE o.status = 'open' AND o.period_unit = obligation_recompute_open.period_unit
          AND (obligation_recompute_open.jurisdiction IS NULL OR o.jurisdiction = obligation_recompute_open.jurisdiction)
    ), changed AS (
        UPDATE jxlink.obligation o
        SET due_at = c.due_at, due_date = c.due_date, provisional = c.provisional, calendar_version = c.calendar_version
        FROM c
        WHERE o.obligation_id = c.obligation_id
          AND (c.old_at, c.old_date, c.old_provisional, c.old_version)
              IS DISTINCT FROM (c.due_at, c.due_date, c.provisional, c.calendar_version)
        RETURNING o.obligation_id
    )
    INSERT INTO jxlink.obligation_move (obligation_id, jurisdiction, moved_at, from_due_at, to_due_at,
                                        from_calendar_version, to_calendar_version, cause, actor_role)
    SELECT c.obligation_id, c.jurisdiction, now(), c.old_at, c.due_at, c.old_version, c.calendar_version,
           obligation_recompute_open.cause, jxlink.calling_role()
    FROM c JOIN changed USING (obligation_id)
    WHERE c.old_at <> c.due_at;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$$;
COMMENT ON FUNCTION jxlink.obligation_recompute_open(period_unit text, jurisdiction text, cause text) IS '（内部）事实（日历、召开的联席会议）变化后重算某类未结义务的期限；期限变动的逐项记入 obligation_move。 (Internal) Recompute the due time of the open obligations of one period unit after the facts changed (the calendar, a joint meeting held); each move is recorded in obligation_move.';
REVOKE ALL ON FUNCTION jxlink.obligation_recompute_open(period_unit text, jurisdiction text, cause text) FROM PUBLIC;

-- After a calendar change.  The met and waived working-day obligations whose
-- days include a changed one and whose last day the new calendar no longer
-- gives keep the days they were judged with (computed under the calendar as
-- it was: the changed rows as the statement's transition tables hold them),
-- so that their explanation still adds up to their verdict; every open
-- working-day obligation follows the new calendar, each move naming the
-- change.  A calendar statement run by a trigger
-- (pg_restore's edited row replacing its shipped original) leaves the work to
-- the statement that caused it, so that a restore records no moves there and
-- back.
CREATE FUNCTION jxlink.obligation_recompute() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    changed  text[];
    days     date[];
    old_rows jxlink.calendar_day[] := '{}';
BEGIN
    IF pg_trigger_depth() > 1 THEN
        RETURN NULL;
    END IF;
    IF TG_TABLE_NAME = 'calendar_day' THEN
        IF TG_OP = 'DELETE' THEN
            SELECT array_agg(format('%s %s %s removed', c.day, c.kind, c.name_zh) ORDER BY c.day),
                   array_agg(c.day), array_agg(c) INTO changed, days, old_rows
            FROM changed_old c;
        ELSIF TG_OP = 'UPDATE' THEN
            SELECT array_agg(format('%s %s %s', c.day, c.kind, c.name_zh) ORDER BY c.day), array_agg(c.day)
            INTO changed, days FROM changed_new c;
            SELECT days || array_agg(c.day), array_agg(c) INTO days, old_rows FROM changed_old c;
        ELSE
            SELECT array_agg(format('%s %s %s', c.day, c.kind, c.name_zh) ORDER BY c.day), array_agg(c.day)
            INTO changed, days FROM changed_new c;
        END IF;
        -- closed obligations over a changed day whose last day the new calendar
        -- no longer gives keep their days as judged (a restored calendar row
        -- gives the restored obligations their own last day: nothing to keep)
        UPDATE jxlink.obligation o
        SET derivation = jxlink.obligation_workday_lines(jxlink.local_date(o.started_at), o.due_date, old_rows, days)
        WHERE o.status <> 'open' AND o.period_unit = 'workdays' AND o.derivation IS NULL
          AND o.due_date >= (SELECT min(d) FROM unnest(days) d)
          AND EXISTS (SELECT 1 FROM unnest(days) d
                      WHERE d > jxlink.local_date(o.started_at) AND d <= o.due_date)
          AND jxlink.add_workdays(jxlink.local_date(o.started_at), o.period_amount) <> o.due_date;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(format('year %s removed', c.year) ORDER BY c.year) INTO changed FROM changed_old c;
    ELSE
        SELECT array_agg(format('year %s', c.year) ORDER BY c.year) INTO changed FROM changed_new c;
    END IF;
    PERFORM jxlink.obligation_recompute_open('workdays', NULL,
        format('calendar change, %s on %s: %s%s', lower(TG_OP), TG_TABLE_NAME,
               array_to_string(changed[1:5], '; '),
               CASE WHEN cardinality(changed) > 5 THEN format('; and %s more', cardinality(changed) - 5) ELSE '' END));
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION jxlink.obligation_recompute() IS '触发器：日历变更后，涉及变更日期的已履行、已免除工作日义务保存其判定所依据的日期推算（按变更前的日历），所有未结工作日义务按新日历重算期限并记录每项变动及引起变动的日历行。 Trigger: after a calendar change, the met and waived working-day obligations over a changed day keep the derivation of the days they were judged with (under the calendar as it was), and every open working-day obligation is recomputed under the new one, each move recorded with the calendar rows that caused it.';
REVOKE ALL ON FUNCTION jxlink.obligation_recompute() FROM PUBLIC;

------------------------------------------------------------------------------
-- Explanations: the derivation of a due time, adding up to the verdict
------------------------------------------------------------------------------

-- The working days counted and the days skipped between a start day (not
-- counted) and a last day: the lines of an explanation.  Under the calendar
-- in force, or as it was before a change: the changed days then follow the
-- rows they had (old_rows; a day without one, the weekday rule).
CREATE FUNCTION jxlink.obligation_workday_lines(start_day date, last_day date, old_rows jxlink.calendar_day[] DEFAULT '{}'::jxlink.calendar_day[], changed date[] DEFAULT '{}'::date[]) RETURNS text[]
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
SELECT ARRAY[
    'the start day is not counted (民法典 第二百零一条)',
    format('working days counted (%s): %s', count(*) FILTER (WHERE y.w), coalesce(string_agg(
        format('%s %s%s', x.d, to_char(x.d, 'Dy'),
               CASE WHEN y.kind = 'workday' THEN format(' (make-up day: %s %s)', y.name_zh, y.name_en) ELSE '' END),
        ', ' ORDER BY x.d) FILTER (WHERE y.w), '-')),
    format('days skipped (%s): %s', count(*) FILTER (WHERE NOT y.w), coalesce(string_agg(
        format('%s %s (%s)', x.d, to_char(x.d, 'Dy'), coalesce(y.name_zh || ' ' || y.name_en, 'weekend')),
        ', ' ORDER BY x.d) FILTER (WHERE NOT y.w), '-')),
    format('last day %s, until 24:00 local time', last_day)]
FROM generate_series(start_day + 1, last_day, interval '1 day') AS g (t)
CROSS JOIN LATERAL (SELECT g.t::date AS d) x
LEFT JOIN jxlink.calendar_day c ON c.day = x.d
CROSS JOIN LATERAL (
    SELECT CASE WHEN x.d = ANY (changed) THEN coalesce(o.kind = 'workday', extract(isodow FROM x.d) < 6)
                ELSE jxlink.is_workday(x.d) END AS w,
           CASE WHEN x.d = ANY (changed) THEN o.kind ELSE c.kind END AS kind,
           CASE WHEN x.d = ANY (changed) THEN o.name_zh ELSE c.name_zh END AS name_zh,
           CASE WHEN x.d = ANY (changed) THEN o.name_en ELSE c.name_en END AS name_en
    FROM (SELECT) AS one
    LEFT JOIN LATERAL (SELECT r.* FROM unnest(old_rows) r WHERE r.day = x.d LIMIT 1) o ON true) y
$$;
COMMENT ON FUNCTION jxlink.obligation_workday_lines(start_day date, last_day date, old_rows jxlink.calendar_day[], changed date[]) IS '（内部）起算日（不计入）至届满日之间计入的工作日与跳过的日期（附节日名称），按现行日历或变更前的日历（changed 中的日期按 old_rows，无行者按周一至周五），为解释之用。 (Internal) The working days counted and the days skipped (with holiday names) between a start day (not counted) and a last day, under the calendar in force or as it was before a change (the days in changed follow old_rows, or the weekday rule where they had none), for an explanation.';

-- The length of an obligation's own period, for the share of it left: its
-- hours or working days; for a quarter, the next meeting or an agreed day,
-- the working days from the start to the last day (at least 1).  Inlined
-- into the readers (no SET clause).
CREATE FUNCTION jxlink.period_length(period_unit text, amount integer, started_at timestamp with time zone, due_date date) RETURNS integer
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
SELECT CASE WHEN period_unit OPERATOR(pg_catalog.=) ANY ('{workdays,hours}') THEN amount
            ELSE pg_catalog.int4larger(jxlink.workdays_between(jxlink.local_date(started_at), due_date), 1) END
$$;
COMMENT ON FUNCTION jxlink.period_length(period_unit text, amount integer, started_at timestamp with time zone, due_date date) IS '义务自身期限的长度（小时数或工作日数；季度、下次会议、约定日为起算至届满日的工作日数，至少为 1），用于剩余比例。 The length of an obligation''s own period (hours or working days; for a quarter, the next meeting or an agreed day, the working days from the start to the last day, at least 1), for the share of it left.';

-- The period of an obligation in words.
CREATE FUNCTION jxlink.period_text(period_unit text, amount integer) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
SELECT CASE period_unit
    WHEN 'workdays' THEN format('%s working days', amount)
    WHEN 'hours' THEN format('%s hours', amount)
    WHEN 'quarter' THEN 'the quarter it starts in'
    WHEN 'next_meeting' THEN 'until the next joint meeting'
    WHEN 'agreed_day' THEN format('an agreed last day, %s days after the start day', amount)
    ELSE format('%s %s', amount, period_unit) END
$$;
COMMENT ON FUNCTION jxlink.period_text(period_unit text, amount integer) IS '期限的文字表述（如“5 working days”）。 A period in words (e.g. "5 working days").';

-- Explain an obligation's due time from the obligation itself: its period,
-- start and facts, the days counted (as they were when it was judged), each
-- move of an open one, and its status.  The rule table gives labels only.
CREATE FUNCTION jxlink.explain_obligation(obligation_id uuid) RETURNS text
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    o       jxlink.obligation;
    r       jxlink.deadline_rule;
    tz      text := jxlink.local_timezone();
    start   date;
    held    timestamptz;
    owner   text;
    other   text;
    lines   text[];
BEGIN
    SELECT * INTO o FROM jxlink.obligation x WHERE x.obligation_id = explain_obligation.obligation_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'obligation % does not exist', explain_obligation.obligation_id USING ERRCODE = 'no_data_found';
    END IF;
    SELECT * INTO r FROM jxlink.deadline_rule d WHERE d.rule_code = o.rule_code;
    SELECT u.code || ' ' || u.name_zh INTO owner FROM jxlink.unit u WHERE u.unit_id = o.owner_unit;
    SELECT u.code || ' ' || u.name_zh INTO other FROM jxlink.unit u WHERE u.unit_id = o.counterpart_unit;
    start := jxlink.local_date(o.started_at);

    lines := ARRAY[
        format('obligation %s: %s (%s %s)', o.obligation_id, o.kind, o.subject_type, o.subject_id),
        format('owed by %s to %s', owner, coalesce(other, '-')),
        format('rule %s, clause %s (%s): %s — %s', o.rule_code, o.clause,
               CASE r.basis WHEN 'provision' THEN 'provision' ELSE 'local policy' END,
               jxlink.period_text(o.period_unit, o.period_amount), r.description_zh),
        format('started %s %s (local date %s %s)', to_char(o.started_at AT TIME ZONE tz, 'YYYY-MM-DD HH24:MI'),
               tz, start, to_char(start, 'Dy'))];

    CASE o.period_unit
    WHEN 'workdays' THEN
        IF cardinality(o.derivation) > 0 THEN
            lines := lines || o.derivation
                || format('(the days as counted under calendar version %s, with which it was judged)', o.calendar_version);
        ELSIF o.derivation IS NOT NULL THEN
            lines := lines || format('the days counted under calendar version %s were not kept (judged before jxlink 0.8.0); last day %s, until 24:00 local time',
                                     o.calendar_version, o.due_date);
        ELSE
            lines := lines || jxlink.obligation_workday_lines(start, o.due_date);
        END IF;
    WHEN 'hours' THEN
        lines := lines || format('counted on the clock: %s hours; holidays do not extend it', o.period_amount);
    WHEN 'quarter' THEN
        lines := lines || 'until the end of the quarter it starts in'::text
            || format('last day %s, until 24:00 local time', o.due_date);
    WHEN 'next_meeting' THEN
        SELECT m.held_at INTO held FROM jxlink.joint_meeting m
        WHERE m.jurisdiction = o.jurisdiction AND m.held_at > o.started_at
          AND jxlink.local_date(m.held_at) = o.due_date
        ORDER BY m.held_at LIMIT 1;
        lines := lines || CASE WHEN held IS NOT NULL
            THEN format('the next joint meeting was held %s %s: until the end of that day',
                        to_char(held AT TIME ZONE tz, 'YYYY-MM-DD HH24:MI'), tz)
            ELSE 'no joint meeting held since the start: until the end of the following quarter' END
            || format('last day %s, until 24:00 local time', o.due_date);
    WHEN 'agreed_day' THEN
        lines := lines || format('the last day agreed when it was opened, %s days after the start day', o.period_amount)
            || format('last day %s, until 24:00 local time', o.due_date);
    ELSE
        lines := lines || format('last day %s', o.due_date);
    END CASE;

    -- what moved it while it was open
    lines := lines || ARRAY(
        SELECT format('moved %s %s by %s (%s): from %s to %s%s', to_char(v.moved_at AT TIME ZONE tz, 'YYYY-MM-DD HH24:MI'), tz,
                      v.actor_role, v.cause, to_char(v.from_due_at AT TIME ZONE tz, 'YYYY-MM-DD HH24:MI'),
                      to_char(v.to_due_at AT TIME ZONE tz, 'YYYY-MM-DD HH24:MI'),
                      CASE WHEN v.from_calendar_version IS DISTINCT FROM v.to_calendar_version
                           THEN format(', calendar version %s -> %s', v.from_calendar_version, v.to_calendar_version)
                           ELSE '' END)
        FROM jxlink.obligation_move v WHERE v.obligation_id = o.obligation_id ORDER BY v.moved_at, v.to_due_at);

    lines := lines
        || format('late from %s %s', to_char(o.due_at AT TIME ZONE tz, 'YYYY-MM-DD HH24:MI'), tz)
        || format('calendar version %s%s', coalesce(o.calendar_version, '-'),
                  CASE WHEN o.provisional THEN '; provisional: the last day falls in a year without an official schedule' ELSE '' END)
        || CASE o.status
           WHEN 'open' THEN 'status: open'::text
           WHEN 'met' THEN format('status: met %s %s by %s, %s', to_char(o.met_at AT TIME ZONE tz, 'YYYY-MM-DD HH24:MI'), tz,
                                  o.met_by, CASE WHEN o.met_late THEN 'LATE' ELSE 'on time' END)
           ELSE format('status: waived %s %s by %s (%s)', to_char(o.met_at AT TIME ZONE tz, 'YYYY-MM-DD HH24:MI'), tz,
                       o.met_by, coalesce(o.note, ''))
           END;
    RETURN array_to_string(lines, E'\n');
END
$$;
COMMENT ON FUNCTION jxlink.explain_obligation(obligation_id uuid) IS '解释一项义务的期限，全部取自义务本身：起算时刻、期限与条款、计入的工作日与跳过的日期（按判定时的日历）、未结期间的期限变动（从何到何、因何、何时、何人）、逾期起点、日历版本、履行情况（按 jxlink.timezone 显示）。 Explain an obligation''s due time from the obligation itself: start, period and clause, the working days counted and the days skipped (under the calendar it was judged with), each move while it was open (from what, to what, why, when, by whom), the first late instant, the calendar version, and whether it was met (shown in jxlink.timezone).';
REVOKE ALL ON FUNCTION jxlink.explain_obligation(obligation_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.explain_obligation(obligation_id uuid) TO jxlink_clerk, jxlink_supervisor, jxlink_admin, jxlink_bi;

------------------------------------------------------------------------------
-- The calendar keeps the ledger in step (DESIGN §2, §3)
------------------------------------------------------------------------------

CREATE TRIGGER calendar_day_recompute_insert AFTER INSERT ON jxlink.calendar_day REFERENCING NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION jxlink.obligation_recompute();

CREATE TRIGGER calendar_day_recompute_update AFTER UPDATE ON jxlink.calendar_day REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION jxlink.obligation_recompute();

CREATE TRIGGER calendar_day_recompute_delete AFTER DELETE ON jxlink.calendar_day REFERENCING OLD TABLE AS changed_old FOR EACH STATEMENT EXECUTE FUNCTION jxlink.obligation_recompute();

CREATE TRIGGER calendar_year_recompute_insert AFTER INSERT ON jxlink.calendar_year REFERENCING NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION jxlink.obligation_recompute();

CREATE TRIGGER calendar_year_recompute_update AFTER UPDATE ON jxlink.calendar_year REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION jxlink.obligation_recompute();

CREATE TRIGGER calendar_year_recompute_delete AFTER DELETE ON jxlink.calendar_year REFERENCING OLD TABLE AS changed_old FOR EACH STATEMENT EXECUTE FUNCTION jxlink.obligation_recompute();

/*
 * sql/25_complaints.sql — Complaints under first-receiver responsibility (首问负责制, 三（二）).
 *
 * A concept file: the current definition of each object, once, with its
 * comments, grants, policies and triggers.  The build concatenates the concept
 * files (sql/NN_*.sql, in order) into the install script of the current version.
 */

-- 首问负责制: the first receiver is recorded once and never reassigned.
CREATE FUNCTION jxlink.complaint_first_receiver_fixed() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    IF NEW.first_receiver IS DISTINCT FROM OLD.first_receiver OR NEW.received_at IS DISTINCT FROM OLD.received_at THEN
        RAISE EXCEPTION 'the first receiver of a complaint is responsible for good'
            USING ERRCODE = 'restrict_violation',
                  DETAIL = '三（二）首问负责制: the unit that received it first stays responsible, whatever happens next.';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION jxlink.complaint_first_receiver_fixed() IS '触发器：首问负责单位与接收时间不可更改（表属主亦然）。 Trigger: the first receiver and the time received never change (even for the table owner).';
REVOKE ALL ON FUNCTION jxlink.complaint_first_receiver_fixed() FROM PUBLIC;

CREATE TABLE jxlink.complaint (
    complaint_id uuid DEFAULT jxlink.uuid_v7() NOT NULL,
    jurisdiction text DEFAULT jxlink.local_jurisdiction() NOT NULL,
    channel text NOT NULL,
    received_at timestamp with time zone NOT NULL,
    first_receiver uuid NOT NULL,
    subject text NOT NULL,
    place text,
    category text,
    outcome text,
    outcome_at timestamp with time zone,
    reply text,
    replied_at timestamp with time zone,
    referral_id uuid,
    created_by text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT complaint_category_check CHECK (category IN ('licensed', 'unlicensed', 'prohibited', 'other')),
    CONSTRAINT complaint_channel_check CHECK (channel IN ('report', 'complaint', 'petition', 'hotline', 'other')),
    CONSTRAINT complaint_check CHECK ((outcome IS NULL) = (outcome_at IS NULL)),
    CONSTRAINT complaint_outcome_check CHECK (outcome IN ('no_violation', 'penalty_due', 'handled_on_spot', 'outside_scope')),
    CONSTRAINT complaint_subject_check CHECK (subject <> '')
);

ALTER TABLE ONLY jxlink.complaint FORCE ROW LEVEL SECURITY;
COMMENT ON TABLE jxlink.complaint IS '举报、投诉、信访（三（二）），适用首问负责制：率先接到的单位为第一责任人，登记后不可更改。举报人联系方式另存于 complaint_contact。 Reports, complaints and petitions (三（二）) under first-receiver responsibility: the unit that receives one first is responsible for good. The complainant''s contact is kept apart, in complaint_contact.';
COMMENT ON COLUMN jxlink.complaint.complaint_id IS '举报投诉标识。 Complaint identifier.';
COMMENT ON COLUMN jxlink.complaint.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.complaint.channel IS 'report 举报、complaint 投诉、petition 信访、hotline 热线（如 12345）、other 其他。 report, complaint, petition, hotline (e.g. 12345), other.';
COMMENT ON COLUMN jxlink.complaint.received_at IS '接收时间。 When it was received.';
COMMENT ON COLUMN jxlink.complaint.first_receiver IS '首问负责单位（不可更改）。 The first receiving unit, responsible for good (never reassigned).';
COMMENT ON COLUMN jxlink.complaint.subject IS '事由。 Subject.';
COMMENT ON COLUMN jxlink.complaint.place IS '地点。 Place.';
COMMENT ON COLUMN jxlink.complaint.category IS '事项类别（二（一）至（四））。 Matter category (二（一）–（四）).';
COMMENT ON COLUMN jxlink.complaint.outcome IS 'no_violation 未发现违法、penalty_due 需处罚已移送、handled_on_spot 执法队当场处理、outside_scope 不属受理范围。 no_violation, penalty_due (referred), handled_on_spot (by the team, 二（三）), outside_scope.';
COMMENT ON COLUMN jxlink.complaint.outcome_at IS '核实结论时间。 When the outcome was determined.';
COMMENT ON COLUMN jxlink.complaint.reply IS '答复内容。 The reply.';
COMMENT ON COLUMN jxlink.complaint.replied_at IS '答复时间。 When the complainant was answered.';
COMMENT ON COLUMN jxlink.complaint.referral_id IS '由此产生的移送（与 referral.complaint_id 互相关联）。 The referral it led to (linked back by referral.complaint_id).';
COMMENT ON COLUMN jxlink.complaint.created_by IS '登记人（数据库角色）。 Role that recorded it.';
COMMENT ON COLUMN jxlink.complaint.created_at IS '登记时间。 When it was recorded.';
ALTER TABLE ONLY jxlink.complaint
    ADD CONSTRAINT complaint_pkey PRIMARY KEY (complaint_id);
ALTER TABLE ONLY jxlink.complaint
    ADD CONSTRAINT complaint_first_receiver_fkey FOREIGN KEY (first_receiver) REFERENCES jxlink.unit(unit_id);
ALTER TABLE ONLY jxlink.complaint
    ADD CONSTRAINT complaint_jurisdiction_fkey FOREIGN KEY (jurisdiction) REFERENCES jxlink.jurisdiction(code);
CREATE INDEX complaint_receiver ON jxlink.complaint USING btree (first_receiver, received_at);
ALTER TABLE jxlink.complaint ENABLE ROW LEVEL SECURITY;
CREATE TRIGGER complaint_first_receiver_fixed BEFORE UPDATE ON jxlink.complaint FOR EACH ROW EXECUTE FUNCTION jxlink.complaint_first_receiver_fixed();

ALTER TABLE jxlink.complaint ENABLE ALWAYS TRIGGER complaint_first_receiver_fixed;
GRANT SELECT ON TABLE jxlink.complaint TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;
SELECT pg_catalog.pg_extension_config_dump('jxlink.complaint', '');

CREATE TABLE jxlink.complaint_contact (
    complaint_id uuid NOT NULL,
    jurisdiction text DEFAULT jxlink.local_jurisdiction() NOT NULL,
    anonymous boolean DEFAULT false NOT NULL,
    full_name text,
    phone text,
    address text,
    other text
);

ALTER TABLE ONLY jxlink.complaint_contact FORCE ROW LEVEL SECURITY;
COMMENT ON TABLE jxlink.complaint_contact IS '举报人、投诉人联系方式（个人信息，举报人保密）：仅首问负责单位、综合执法队及监督单位可经 jxlink.complainant_contact() 读取。 The complainant''s contact (personal data, kept confidential): readable only by the first receiver, the enforcement team and the supervisors, through jxlink.complainant_contact().';
COMMENT ON COLUMN jxlink.complaint_contact.complaint_id IS '所属举报投诉。 The complaint.';
COMMENT ON COLUMN jxlink.complaint_contact.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.complaint_contact.anonymous IS '是否匿名。 Anonymous.';
COMMENT ON COLUMN jxlink.complaint_contact.full_name IS '姓名。 Name.';
COMMENT ON COLUMN jxlink.complaint_contact.phone IS '电话。 Phone.';
COMMENT ON COLUMN jxlink.complaint_contact.address IS '地址。 Address.';
COMMENT ON COLUMN jxlink.complaint_contact.other IS '其他联系方式。 Other contact details.';
ALTER TABLE ONLY jxlink.complaint_contact
    ADD CONSTRAINT complaint_contact_pkey PRIMARY KEY (complaint_id);
ALTER TABLE ONLY jxlink.complaint_contact
    ADD CONSTRAINT complaint_contact_complaint_id_fkey FOREIGN KEY (complaint_id) REFERENCES jxlink.complaint(complaint_id);
ALTER TABLE ONLY jxlink.complaint_contact
    ADD CONSTRAINT complaint_contact_jurisdiction_fkey FOREIGN KEY (jurisdiction) REFERENCES jxlink.jurisdiction(code);
ALTER TABLE jxlink.complaint_contact ENABLE ROW LEVEL SECURITY;
GRANT SELECT ON TABLE jxlink.complaint_contact TO jxlink_clerk, jxlink_supervisor;
SELECT pg_catalog.pg_extension_config_dump('jxlink.complaint_contact', '');

CREATE POLICY complaint_contact_read ON jxlink.complaint_contact FOR SELECT
USING ((SELECT jxlink.reads_complainants())
       OR EXISTS (SELECT 1 FROM jxlink.complaint c WHERE c.complaint_id = complaint_contact.complaint_id
                  AND c.first_receiver = ANY ((SELECT jxlink.my_units())::uuid[])));

CREATE POLICY complaint_read ON jxlink.complaint FOR SELECT
USING (first_receiver = ANY ((SELECT jxlink.my_units())::uuid[]) OR (SELECT jxlink.reads_everything())
       OR (SELECT jxlink.reads_complainants()));

CREATE FUNCTION jxlink.complainant_contact(complaint uuid) RETURNS jxlink.complaint_contact
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    me jxlink.staff := jxlink.caller_staff();
    k  text;
    result jxlink.complaint_contact;
BEGIN
    SELECT u.kind INTO k FROM jxlink.unit u WHERE u.unit_id = me.unit_id;
    IF NOT EXISTS (SELECT 1 FROM jxlink.complaint c WHERE c.complaint_id = complainant_contact.complaint
                   AND (c.first_receiver = me.unit_id
                        OR k IN ('enforcement_team', 'judicial_office', 'discipline_commission'))) THEN
        RAISE EXCEPTION 'not entitled to the complainant''s contact'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = '举报人保密: only the first receiver, the enforcement team and the supervisors may read it.';
    END IF;
    SELECT * INTO result FROM jxlink.complaint_contact x WHERE x.complaint_id = complainant_contact.complaint;
    RETURN result;
END
$$;
COMMENT ON FUNCTION jxlink.complainant_contact(complaint uuid) IS '读取举报人联系方式（举报人保密）：仅首问负责单位、综合执法队与监督单位（司法所、纪工委）。 Read the complainant''s contact (kept confidential): only the first receiver, the enforcement team and the supervisors (judicial office, discipline commission).';
REVOKE ALL ON FUNCTION jxlink.complainant_contact(complaint uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.complainant_contact(complaint uuid) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

-- The complaint, locked, for an action of its first receiver.
CREATE FUNCTION jxlink.complaint_for_receiver(complaint_id uuid, me jxlink.staff, occurred_at timestamp with time zone) RETURNS jxlink.complaint
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    c jxlink.complaint;
BEGIN
    SELECT * INTO c FROM jxlink.complaint x WHERE x.complaint_id = complaint_for_receiver.complaint_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'complaint % does not exist', complaint_for_receiver.complaint_id USING ERRCODE = 'no_data_found';
    ELSIF c.first_receiver <> me.unit_id THEN
        RAISE EXCEPTION 'only the first receiver handles this complaint'
            USING ERRCODE = 'insufficient_privilege', DETAIL = '三（二）首问负责制.';
    END IF;
    PERFORM jxlink.check_occurred_at(occurred_at, coalesce(c.outcome_at, c.received_at), 'the previous step of this complaint');
    RETURN c;
END
$$;
COMMENT ON FUNCTION jxlink.complaint_for_receiver(complaint_id uuid, me jxlink.staff, occurred_at timestamp with time zone) IS '（内部）锁定举报投诉并核对调用者为首问负责单位、时间合理。 (Internal) Lock a complaint and check that the caller is its first receiver and the time is sound.';
REVOKE ALL ON FUNCTION jxlink.complaint_for_receiver(complaint_id uuid, me jxlink.staff, occurred_at timestamp with time zone) FROM PUBLIC;

CREATE FUNCTION jxlink.handle_complaint_on_spot(complaint uuid, note text, occurred_at timestamp with time zone DEFAULT now()) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    me jxlink.staff := jxlink.caller_staff();
    c  jxlink.complaint := jxlink.complaint_for_receiver(complaint, me, occurred_at);
BEGIN
    IF NOT EXISTS (SELECT 1 FROM jxlink.unit u WHERE u.unit_id = me.unit_id AND u.kind = 'enforcement_team') THEN
        RAISE EXCEPTION 'only the enforcement team handles a complaint on the spot'
            USING ERRCODE = 'insufficient_privilege', DETAIL = '二（三）: simple cases are handled on the spot by the team.';
    ELSIF c.outcome IS NOT NULL THEN
        RAISE EXCEPTION 'the complaint''s outcome is already %', c.outcome USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    UPDATE jxlink.complaint x
    SET outcome = 'handled_on_spot', outcome_at = occurred_at,
        reply = jxlink.require_text(note, 'the note of the handling'), replied_at = occurred_at
    WHERE x.complaint_id = c.complaint_id;
    PERFORM jxlink.obligation_close(c.complaint_id, '{complaint_reply}', occurred_at, me.role_name, 'met', note);
    RETURN 'handled_on_spot';
END
$$;
COMMENT ON FUNCTION jxlink.handle_complaint_on_spot(complaint uuid, note text, occurred_at timestamp with time zone) IS '综合执法队作为首问负责单位当场处理简易案件并答复（二（三））。 The enforcement team, as first receiver, handles a simple case on the spot and replies (二（三）).';
REVOKE ALL ON FUNCTION jxlink.handle_complaint_on_spot(complaint uuid, note text, occurred_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.handle_complaint_on_spot(complaint uuid, note text, occurred_at timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

CREATE FUNCTION jxlink.receive_complaint(channel text, received_at timestamp with time zone, subject text, place text DEFAULT NULL::text, category text DEFAULT NULL::text, contact jsonb DEFAULT '{}'::jsonb) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    me      jxlink.staff := jxlink.caller_staff();
    unknown text;
    result  uuid;
BEGIN
    IF channel IS NULL OR channel NOT IN ('report', 'complaint', 'petition', 'hotline', 'other') THEN
        RAISE EXCEPTION 'unknown complaint channel "%"', channel
            USING ERRCODE = 'invalid_parameter_value', DETAIL = 'Channels: report, complaint, petition, hotline, other.';
    ELSIF category IS NOT NULL AND category NOT IN ('licensed', 'unlicensed', 'prohibited', 'other') THEN
        RAISE EXCEPTION 'unknown case category "%"', category USING ERRCODE = 'invalid_parameter_value';
    ELSIF contact IS NULL OR jsonb_typeof(contact) <> 'object' THEN
        RAISE EXCEPTION 'contact must be a JSON object' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT string_agg(k, ', ') INTO unknown FROM jsonb_object_keys(contact) AS k
    WHERE k NOT IN ('anonymous', 'full_name', 'phone', 'address', 'other');
    IF unknown IS NOT NULL THEN
        RAISE EXCEPTION 'unknown keys in contact: %', unknown
            USING ERRCODE = 'invalid_parameter_value', DETAIL = 'Known keys: anonymous, full_name, phone, address, other.';
    END IF;
    PERFORM jxlink.require_text(subject, 'the subject');
    PERFORM jxlink.check_occurred_at(received_at, '-infinity', 'ever');
    INSERT INTO jxlink.complaint (jurisdiction, channel, received_at, first_receiver, subject, place, category, created_by)
    VALUES (me.jurisdiction, channel, received_at, me.unit_id, subject, place, category, me.role_name)
    RETURNING complaint_id INTO result;
    INSERT INTO jxlink.complaint_contact (complaint_id, jurisdiction, anonymous, full_name, phone, address, other)
    VALUES (result, me.jurisdiction, coalesce((contact->>'anonymous')::boolean, false), contact->>'full_name',
            contact->>'phone', contact->>'address', contact->>'other');
    PERFORM jxlink.obligation_open('complaint_reply', 'complaint_reply', 'complaint', result, me.unit_id, NULL, received_at);
    RETURN result;
END
$$;
COMMENT ON FUNCTION jxlink.receive_complaint(channel text, received_at timestamp with time zone, subject text, place text, category text, contact jsonb) IS '登记本单位率先接到的举报、投诉、信访：本单位成为首问负责单位（三（二）），开立答复义务。contact 可含 anonymous、full_name、phone、address、other（保密）。 Record a complaint received first by the caller''s unit, which becomes responsible for good (三（二）); opens the reply obligation. contact may hold anonymous, full_name, phone, address, other (kept confidential).';
REVOKE ALL ON FUNCTION jxlink.receive_complaint(channel text, received_at timestamp with time zone, subject text, place text, category text, contact jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.receive_complaint(channel text, received_at timestamp with time zone, subject text, place text, category text, contact jsonb) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

CREATE FUNCTION jxlink.refer_complaint(complaint uuid, title text, urgent boolean DEFAULT false, occurred_at timestamp with time zone DEFAULT now()) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    me       jxlink.staff := jxlink.caller_staff();
    c        jxlink.complaint := jxlink.complaint_for_receiver(complaint, me, occurred_at);
    case_id  uuid;
    referral uuid;
BEGIN
    IF c.outcome IS NOT NULL THEN
        RAISE EXCEPTION 'the complaint''s outcome is already %', c.outcome USING ERRCODE = 'object_not_in_prerequisite_state';
    ELSIF c.category IS NULL THEN
        RAISE EXCEPTION 'the complaint has no matter category' USING ERRCODE = 'object_not_in_prerequisite_state',
            HINT = 'Record the category (二（一）–（四）) when receiving it.';
    END IF;
    -- the case is found when the verification finds the violation
    case_id := jxlink.open_case(c.category, 'complaint', title, occurred_at,
                                jsonb_strip_nulls(jsonb_build_object('place', c.place, 'description', c.subject)));
    referral := jxlink.create_referral(case_id, urgent, occurred_at);
    UPDATE jxlink.referral r SET complaint_id = c.complaint_id WHERE r.referral_id = referral;
    UPDATE jxlink.complaint x SET outcome = 'penalty_due', outcome_at = occurred_at, referral_id = referral
    WHERE x.complaint_id = c.complaint_id;
    RETURN referral;
END
$$;
COMMENT ON FUNCTION jxlink.refer_complaint(complaint uuid, title text, urgent boolean, occurred_at timestamp with time zone) IS '核实需要处罚的，首问负责单位据此立案线索并向综合执法队移送（三（二））：返回移送标识，举报投诉与移送互相关联；首问负责单位不变，仍须答复。 When verification finds a penalty due, the first receiver opens the case and refers it to the team (三（二）): returns the referral, linked both ways; the first receiver stays responsible and still replies.';
REVOKE ALL ON FUNCTION jxlink.refer_complaint(complaint uuid, title text, urgent boolean, occurred_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.refer_complaint(complaint uuid, title text, urgent boolean, occurred_at timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

CREATE FUNCTION jxlink.reply_complaint(complaint uuid, outcome text, reply text, occurred_at timestamp with time zone DEFAULT now()) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    me jxlink.staff := jxlink.caller_staff();
    c  jxlink.complaint := jxlink.complaint_for_receiver(complaint, me, occurred_at);
BEGIN
    IF outcome IS NULL OR outcome NOT IN ('no_violation', 'outside_scope', 'penalty_due') THEN
        RAISE EXCEPTION 'the outcome of a reply must be no_violation, outside_scope or penalty_due, not %', coalesce(outcome, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    ELSIF c.replied_at IS NOT NULL THEN
        RAISE EXCEPTION 'the complainant was already answered on %', c.replied_at USING ERRCODE = 'object_not_in_prerequisite_state';
    ELSIF outcome = 'penalty_due' AND c.referral_id IS NULL THEN
        RAISE EXCEPTION 'a complaint found to need a penalty is referred first'
            USING ERRCODE = 'object_not_in_prerequisite_state', HINT = 'Use jxlink.refer_complaint().';
    ELSIF c.outcome IS NOT NULL AND c.outcome <> outcome THEN
        RAISE EXCEPTION 'the complaint''s outcome is already %', c.outcome USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    UPDATE jxlink.complaint x
    SET outcome = reply_complaint.outcome, outcome_at = coalesce(x.outcome_at, occurred_at),
        reply = jxlink.require_text(reply_complaint.reply, 'the reply'), replied_at = occurred_at
    WHERE x.complaint_id = c.complaint_id;
    PERFORM jxlink.obligation_close(c.complaint_id, '{complaint_reply}', occurred_at, me.role_name, 'met', reply);
    RETURN outcome;
END
$$;
COMMENT ON FUNCTION jxlink.reply_complaint(complaint uuid, outcome text, reply text, occurred_at timestamp with time zone) IS '首问负责单位答复举报人（三（二））：outcome 为 no_violation（未发现违法）、outside_scope（不属受理范围）或 penalty_due（已移送后告知处理情况）；履行答复义务。 The first receiver replies to the complainant (三（二）): outcome no_violation, outside_scope, or penalty_due (after the referral); meets the reply obligation.';
REVOKE ALL ON FUNCTION jxlink.reply_complaint(complaint uuid, outcome text, reply text, occurred_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.reply_complaint(complaint uuid, outcome text, reply text, occurred_at timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

/*
 * sql/30_referral.sql — Cases and their referral to the enforcement team (二（一）–（四）, 三（三）): the C state machine and event path, materials, the hash-chained history, the obligations each event meets or opens (and the share a decision makes).
 *
 * A concept file: the current definition of each object, once, with its
 * comments, grants, policies and triggers.  The build concatenates the concept
 * files (sql/NN_*.sql, in order) into the install script of the current version.
 */

CREATE TABLE jxlink.case_file (
    case_id uuid DEFAULT jxlink.uuid_v7() NOT NULL,
    jurisdiction text DEFAULT jxlink.local_jurisdiction() NOT NULL,
    category text NOT NULL,
    source text NOT NULL,
    title text NOT NULL,
    discovered_at timestamp with time zone NOT NULL,
    discovering_unit uuid NOT NULL,
    party text,
    place text,
    description text,
    violation_stopped boolean DEFAULT false NOT NULL,
    evidence_preserved boolean DEFAULT false NOT NULL,
    created_by text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT case_file_category_check CHECK (category IN ('licensed', 'unlicensed', 'prohibited', 'other')),
    CONSTRAINT case_file_source_check CHECK (source IN ('patrol', 'complaint', 'grid_report', 'monitoring_device', 'inspection', 'assignment', 'other')),
    CONSTRAINT case_file_title_check CHECK (title <> '')
);

ALTER TABLE ONLY jxlink.case_file FORCE ROW LEVEL SECURITY;
COMMENT ON TABLE jxlink.case_file IS '案件线索：发现的违法行为。类别见二（一）至（四）；发现违法行为正在进行的，应先行制止并保全证据（三（三））。 Cases: violations found. Categories per 二（一）–（四); a unit that finds an ongoing violation stops it first and preserves evidence (三（三）).';
COMMENT ON COLUMN jxlink.case_file.case_id IS '案件标识。 Case identifier.';
COMMENT ON COLUMN jxlink.case_file.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.case_file.category IS 'licensed 应批已批；unlicensed 应批未批；prohibited 禁止类；other 其他。 licensed (应批已批), unlicensed (应批未批), prohibited (禁止类), other.';
COMMENT ON COLUMN jxlink.case_file.source IS '案源：patrol 巡查、complaint 举报投诉、grid_report 网格上报、monitoring_device 电子监控、inspection 检查、assignment 交办、other 其他。 Source: patrol, complaint, grid report, monitoring device, inspection, assignment, other.';
COMMENT ON COLUMN jxlink.case_file.title IS '案由。 Title of the case.';
COMMENT ON COLUMN jxlink.case_file.discovered_at IS '发现时间（移送期限自此起算）。 When the violation was found (the transfer period starts here).';
COMMENT ON COLUMN jxlink.case_file.discovering_unit IS '发现单位。 The unit that found it.';
COMMENT ON COLUMN jxlink.case_file.party IS '当事人。 The party.';
COMMENT ON COLUMN jxlink.case_file.place IS '地点。 Place.';
COMMENT ON COLUMN jxlink.case_file.description IS '基本违法事实。 Basic facts of the violation.';
COMMENT ON COLUMN jxlink.case_file.violation_stopped IS '是否已先行制止违法行为（三（三））。 Whether the ongoing violation was stopped (三（三）).';
COMMENT ON COLUMN jxlink.case_file.evidence_preserved IS '是否已妥善保管现场证据（三（三））。 Whether the evidence on site was preserved (三（三）).';
COMMENT ON COLUMN jxlink.case_file.created_by IS '登记人（数据库角色）。 Role that recorded it.';
COMMENT ON COLUMN jxlink.case_file.created_at IS '登记时间。 When it was recorded.';
ALTER TABLE ONLY jxlink.case_file
    ADD CONSTRAINT case_file_pkey PRIMARY KEY (case_id);
ALTER TABLE ONLY jxlink.case_file
    ADD CONSTRAINT case_file_discovering_unit_fkey FOREIGN KEY (discovering_unit) REFERENCES jxlink.unit(unit_id);
ALTER TABLE ONLY jxlink.case_file
    ADD CONSTRAINT case_file_jurisdiction_fkey FOREIGN KEY (jurisdiction) REFERENCES jxlink.jurisdiction(code);
CREATE INDEX case_file_unit ON jxlink.case_file USING btree (discovering_unit, discovered_at);
ALTER TABLE jxlink.case_file ENABLE ROW LEVEL SECURITY;
GRANT SELECT ON TABLE jxlink.case_file TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;
SELECT pg_catalog.pg_extension_config_dump('jxlink.case_file', '');

CREATE FUNCTION jxlink.accept_referral(referral uuid, notice text, occurred_at timestamp with time zone DEFAULT now()) RETURNS text
    LANGUAGE c SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS '$libdir/jxlink', 'jxlink_accept_referral';
COMMENT ON FUNCTION jxlink.accept_referral(referral uuid, notice text, occurred_at timestamp with time zone) IS '综合执法队书面告知受理（履行告知义务，开立立案义务）。 The team notifies acceptance in writing (meets the notice obligation, opens the filing obligation).';
REVOKE ALL ON FUNCTION jxlink.accept_referral(referral uuid, notice text, occurred_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.accept_referral(referral uuid, notice text, occurred_at timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

CREATE FUNCTION jxlink.add_material(referral uuid, kind text, description text, ref text DEFAULT NULL::text) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    me     jxlink.staff := jxlink.caller_staff();
    r      jxlink.referral;
    result uuid;
BEGIN
    SELECT * INTO r FROM jxlink.referral x WHERE x.referral_id = add_material.referral FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'referral % does not exist', add_material.referral USING ERRCODE = 'no_data_found';
    ELSIF r.from_unit <> me.unit_id THEN
        RAISE EXCEPTION 'only the sending unit may add material to this referral' USING ERRCODE = 'insufficient_privilege';
    ELSIF r.state NOT IN ('draft', 'awaiting_approval', 'approved', 'returned') THEN
        RAISE EXCEPTION 'material cannot be added to a referral in state "%"', r.state
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'Material is added before the transfer, or after the team returned the referral.';
    ELSIF kind IS NULL OR kind NOT IN ('transfer_letter', 'case_source', 'preliminary_evidence', 'other') THEN
        RAISE EXCEPTION 'unknown material kind "%"', kind
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'Kinds (三（三）3): transfer_letter, case_source, preliminary_evidence, other.';
    END IF;
    INSERT INTO jxlink.referral_material (jurisdiction, referral_id, kind, description, ref, added_by)
    VALUES (r.jurisdiction, r.referral_id, kind, jxlink.require_text(description, 'the description'), ref, me.role_name)
    RETURNING material_id INTO result;
    RETURN result;
END
$$;
COMMENT ON FUNCTION jxlink.add_material(referral uuid, kind text, description text, ref text) IS '为移送添加材料（三（三）3）：transfer_letter、case_source、preliminary_evidence、other。 Add material to a referral (三（三）3): transfer_letter, case_source, preliminary_evidence, other.';
REVOKE ALL ON FUNCTION jxlink.add_material(referral uuid, kind text, description text, ref text) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.add_material(referral uuid, kind text, description text, ref text) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

CREATE FUNCTION jxlink.approve_referral(referral uuid, occurred_at timestamp with time zone DEFAULT now()) RETURNS text
    LANGUAGE c SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS '$libdir/jxlink', 'jxlink_approve_referral';
COMMENT ON FUNCTION jxlink.approve_referral(referral uuid, occurred_at timestamp with time zone) IS '移送单位分管领导批准移送（三（三）3）。 The sending unit''s leader in charge approves the referral (三（三）3).';
REVOKE ALL ON FUNCTION jxlink.approve_referral(referral uuid, occurred_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.approve_referral(referral uuid, occurred_at timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

CREATE FUNCTION jxlink.copy_back_referral(referral uuid, note text, occurred_at timestamp with time zone DEFAULT now()) RETURNS text
    LANGUAGE c SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS '$libdir/jxlink', 'jxlink_copy_back_referral';
COMMENT ON FUNCTION jxlink.copy_back_referral(referral uuid, note text, occurred_at timestamp with time zone) IS '综合执法队将处理结果抄告移送单位，办结（二（一））。 The team copies the result back to the sending unit; the referral is closed (二（一）).';
REVOKE ALL ON FUNCTION jxlink.copy_back_referral(referral uuid, note text, occurred_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.copy_back_referral(referral uuid, note text, occurred_at timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

CREATE FUNCTION jxlink.create_referral(case_id uuid, urgent boolean DEFAULT false, occurred_at timestamp with time zone DEFAULT now()) RETURNS uuid
    LANGUAGE c SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS '$libdir/jxlink', 'jxlink_create_referral';
COMMENT ON FUNCTION jxlink.create_referral(case_id uuid, urgent boolean, occurred_at timestamp with time zone) IS '为本单位发现的案件创建向综合执法队的移送（草稿），并自发现时起开立移交义务：3 个工作日，紧急为 24 小时（三（三）2）。 Create a referral of a case found by the caller''s unit to the enforcement team (a draft) and open the transfer obligation from the discovery: 3 working days, 24 hours if urgent (三（三）2).';
REVOKE ALL ON FUNCTION jxlink.create_referral(case_id uuid, urgent boolean, occurred_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.create_referral(case_id uuid, urgent boolean, occurred_at timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

CREATE FUNCTION jxlink.decide_referral(referral uuid, decision_no text, outcome text, occurred_at timestamp with time zone DEFAULT now()) RETURNS text
    LANGUAGE c SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS '$libdir/jxlink', 'jxlink_decide_referral';
COMMENT ON FUNCTION jxlink.decide_referral(referral uuid, decision_no text, outcome text, occurred_at timestamp with time zone) IS '综合执法队作出决定（outcome：penalty 处罚、no_penalty 不予处罚），开立抄告义务（二（一））。 The team decides (outcome: penalty or no_penalty) and owes the copy-back (二（一）).';
REVOKE ALL ON FUNCTION jxlink.decide_referral(referral uuid, decision_no text, outcome text, occurred_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.decide_referral(referral uuid, decision_no text, outcome text, occurred_at timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

CREATE FUNCTION jxlink.decline_referral(referral uuid, reason text, occurred_at timestamp with time zone DEFAULT now()) RETURNS text
    LANGUAGE c SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS '$libdir/jxlink', 'jxlink_decline_referral';
COMMENT ON FUNCTION jxlink.decline_referral(referral uuid, reason text, occurred_at timestamp with time zone) IS '综合执法队书面告知不予受理并说明理由（履行告知义务）。 The team declines in writing, with a reason (meets the notice obligation).';
REVOKE ALL ON FUNCTION jxlink.decline_referral(referral uuid, reason text, occurred_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.decline_referral(referral uuid, reason text, occurred_at timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

CREATE FUNCTION jxlink.file_referral(referral uuid, case_no text, occurred_at timestamp with time zone DEFAULT now()) RETURNS text
    LANGUAGE c SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS '$libdir/jxlink', 'jxlink_file_referral';
COMMENT ON FUNCTION jxlink.file_referral(referral uuid, case_no text, occurred_at timestamp with time zone) IS '综合执法队立案（履行立案义务）。 The team files the case (立案; meets the filing obligation).';
REVOKE ALL ON FUNCTION jxlink.file_referral(referral uuid, case_no text, occurred_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.file_referral(referral uuid, case_no text, occurred_at timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

-- Chain each new row to the previous one of its referral, in the same transaction.
CREATE FUNCTION jxlink.history_chain() RETURNS trigger
    LANGUAGE c
    AS '$libdir/jxlink', 'jxlink_history_chain';
COMMENT ON FUNCTION jxlink.history_chain() IS '触发器：新历史行与同一移送的前一行以散列相链（恢复的行保留其散列）。 Trigger: a new history row is chained to the previous row of its referral by hash (restored rows keep theirs).';
REVOKE ALL ON FUNCTION jxlink.history_chain() FROM PUBLIC;

CREATE FUNCTION jxlink.notify_extension(referral uuid, reason text, occurred_at timestamp with time zone DEFAULT now()) RETURNS text
    LANGUAGE c SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS '$libdir/jxlink', 'jxlink_notify_extension';
COMMENT ON FUNCTION jxlink.notify_extension(referral uuid, reason text, occurred_at timestamp with time zone) IS '事先告知综合执法队需延长移送期限（三（三）2②）：仅在原 3 个工作日期限届满前、非紧急移送可用；期限改为 5 个工作日。 Notify the team in advance that the transfer needs longer (三（三）2②): only before the original 3-day deadline and never for an urgent referral; the period becomes 5 working days.';
REVOKE ALL ON FUNCTION jxlink.notify_extension(referral uuid, reason text, occurred_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.notify_extension(referral uuid, reason text, occurred_at timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

CREATE FUNCTION jxlink.open_case(category text, source text, title text, discovered_at timestamp with time zone, details jsonb DEFAULT '{}'::jsonb) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    me      jxlink.staff := jxlink.caller_staff();
    unknown text;
    flag    text;
    result  uuid;
BEGIN
    IF category IS NULL OR category NOT IN ('licensed', 'unlicensed', 'prohibited', 'other') THEN
        RAISE EXCEPTION 'unknown case category "%"', category
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'Categories (二（一）–（四）): licensed, unlicensed, prohibited, other.';
    END IF;
    IF source IS NULL OR source NOT IN ('patrol', 'complaint', 'grid_report', 'monitoring_device',
                                        'inspection', 'assignment', 'other') THEN
        RAISE EXCEPTION 'unknown case source "%"', source
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'Sources: patrol, complaint, grid_report, monitoring_device, inspection, assignment, other.';
    END IF;
    PERFORM jxlink.require_text(title, 'the title');
    PERFORM jxlink.check_occurred_at(discovered_at, '-infinity', 'ever');
    IF details IS NULL OR jsonb_typeof(details) <> 'object' THEN
        RAISE EXCEPTION 'details must be a JSON object' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT string_agg(k, ', ') INTO unknown FROM jsonb_object_keys(details) AS k
    WHERE k NOT IN ('party', 'place', 'description', 'violation_stopped', 'evidence_preserved');
    IF unknown IS NOT NULL THEN
        RAISE EXCEPTION 'unknown keys in details: %', unknown
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'Known keys: party, place, description, violation_stopped, evidence_preserved.';
    END IF;
    FOREACH flag IN ARRAY ARRAY['violation_stopped', 'evidence_preserved'] LOOP
        IF details ? flag AND jsonb_typeof(details->flag) <> 'boolean' THEN
            RAISE EXCEPTION 'details.% must be true or false', flag USING ERRCODE = 'invalid_parameter_value';
        END IF;
    END LOOP;
    INSERT INTO jxlink.case_file (jurisdiction, category, source, title, discovered_at, discovering_unit,
                                  party, place, description, violation_stopped, evidence_preserved, created_by)
    VALUES (me.jurisdiction, category, source, title, discovered_at, me.unit_id,
            details->>'party', details->>'place', details->>'description',
            coalesce((details->>'violation_stopped')::boolean, false),
            coalesce((details->>'evidence_preserved')::boolean, false), me.role_name)
    RETURNING case_id INTO result;
    RETURN result;
END
$$;
COMMENT ON FUNCTION jxlink.open_case(category text, source text, title text, discovered_at timestamp with time zone, details jsonb) IS '登记本单位发现的案件。details 可含 party、place、description、violation_stopped、evidence_preserved。 Record a case found by the caller''s unit. details may hold party, place, description, violation_stopped, evidence_preserved.';
REVOKE ALL ON FUNCTION jxlink.open_case(category text, source text, title text, discovered_at timestamp with time zone, details jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.open_case(category text, source text, title text, discovered_at timestamp with time zone, details jsonb) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

CREATE FUNCTION jxlink.referral_event_actor(event text) RETURNS text
    LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_referral_event_actor';
COMMENT ON FUNCTION jxlink.referral_event_actor(event text) IS '谁可触发该事件：sender 移送单位、sender_leader 移送单位分管领导、team 综合执法队。 Who may fire the event: sender (the sending unit), sender_leader (its leader in charge), team (the enforcement team).';

CREATE FUNCTION jxlink.referral_ledger(referral_id uuid, case_id uuid, from_unit uuid, to_unit uuid, event text, occurred_at timestamp with time zone, note text, actor_role text, first_transfer boolean) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    transfer_ob uuid;
    team        jxlink.staff;
BEGIN
    CASE event
    WHEN 'create' THEN
        -- the transfer, from the discovery of the case: 3 working days, 24 hours if urgent (三（三）2)
        PERFORM jxlink.obligation_open('transfer', CASE WHEN x.urgent THEN 'transfer_urgent' ELSE 'transfer' END,
                                       'referral', x.referral_id, x.from_unit, x.to_unit, c.discovered_at)
        FROM jxlink.referral x JOIN jxlink.case_file c ON c.case_id = x.case_id
        WHERE x.referral_id = referral_ledger.referral_id;
    WHEN 'notify_extension' THEN
        SELECT o.obligation_id INTO transfer_ob FROM jxlink.obligation o
        WHERE o.subject_id = referral_ledger.referral_id AND o.kind = 'transfer' AND o.status = 'open';
        PERFORM jxlink.obligation_reschedule(transfer_ob, 'transfer_extended');
    WHEN 'transfer' THEN
        PERFORM jxlink.obligation_close(referral_ledger.referral_id, '{transfer}', occurred_at, actor_role, 'met');
        PERFORM jxlink.obligation_open('acknowledge', 'acknowledge', 'referral', referral_ledger.referral_id,
                                       to_unit, from_unit, occurred_at);
        IF first_transfer AND EXISTS (SELECT 1 FROM jxlink.case_file c
                                      WHERE c.case_id = referral_ledger.case_id AND c.category = 'unlicensed') THEN
            PERFORM jxlink.obligation_open('licence_followup', 'licence_followup', 'referral', referral_ledger.referral_id,
                                           from_unit, to_unit, occurred_at);
        END IF;
    WHEN 'accept' THEN
        PERFORM jxlink.obligation_close(referral_ledger.referral_id, '{acknowledge}', occurred_at, actor_role, 'met', note);
        PERFORM jxlink.obligation_open('file_case', 'file_case', 'referral', referral_ledger.referral_id,
                                       to_unit, from_unit, occurred_at);
    WHEN 'decline', 'return' THEN
        PERFORM jxlink.obligation_close(referral_ledger.referral_id, '{acknowledge}', occurred_at, actor_role, 'met', note);
    WHEN 'file' THEN
        PERFORM jxlink.obligation_close(referral_ledger.referral_id, '{file_case}', occurred_at, actor_role, 'met');
    WHEN 'decide' THEN
        -- the team's decision reaches the referring unit as a share (三（一）3), recorded by the team's clerk
        SELECT s.* INTO STRICT team FROM jxlink.staff s
        WHERE s.role_name = actor_role AND s.unit_id = referral_ledger.to_unit;
        PERFORM jxlink.share_insert(team, 'penalty_decisions',
                                    '行政处罚决定 ' || x.decision_no::text || ' (' || x.decision_outcome || ')',
                                    x.decision_no::text, jxlink.local_date(occurred_at), ARRAY[x.from_unit],
                                    occurred_at, x.referral_id)
        FROM jxlink.referral x WHERE x.referral_id = referral_ledger.referral_id;
        PERFORM jxlink.obligation_open('copy_back', 'copy_back', 'referral', referral_ledger.referral_id,
                                       to_unit, from_unit, occurred_at);
    WHEN 'copy_back' THEN
        PERFORM jxlink.obligation_close(referral_ledger.referral_id, '{copy_back}', occurred_at, actor_role, 'met', note);
    WHEN 'withdraw' THEN
        PERFORM jxlink.obligation_close(referral_ledger.referral_id, '{transfer,licence_followup}', occurred_at,
                                        actor_role, 'waived', note);
    ELSE
        NULL;  -- submit, approve, send_back: no obligation moves
    END CASE;
END
$$;
COMMENT ON FUNCTION jxlink.referral_ledger(referral_id uuid, case_id uuid, from_unit uuid, to_unit uuid, event text, occurred_at timestamp with time zone, note text, actor_role text, first_transfer boolean) IS '（内部）移送事件履行、开立或免除的义务及其共享：创建时自发现起开立移交义务（三（三）2）、移交后开立书面告知义务（三（三）2④）、受理后开立立案义务、决定后开立抄告义务（二（一））并将决定共享给移送单位（三（一）3）、无证经营首次移交开立许可跟进义务（二（二））等。由 C 事件路径在写入移送行及其历史行之后调用。 (Internal) The obligations a referral event meets, opens or waives, and its share: the transfer from the discovery when the referral is created (三（三）2), the written notice after a transfer (三（三）2④), filing after acceptance, the copy-back after a decision (二（一）) and the decision shared with the referring unit (三（一）3), the licence follow-up after the first transfer of an unlicensed case (二（二）), and so on. Called by the C event path after the referral row and its history row were written.';
REVOKE ALL ON FUNCTION jxlink.referral_ledger(referral_id uuid, case_id uuid, from_unit uuid, to_unit uuid, event text, occurred_at timestamp with time zone, note text, actor_role text, first_transfer boolean) FROM PUBLIC;

CREATE FUNCTION jxlink.referral_next_state(state text, event text) RETURNS text
    LANGUAGE c IMMUTABLE PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_referral_next_state';
COMMENT ON FUNCTION jxlink.referral_next_state(state text, event text) IS '状态机：某状态下发生某事件后的新状态；不允许的转换报错（SQLSTATE 55000，并列出该状态允许的事件）。state 为空表示尚未创建。 The state machine: the state after an event; a refused transition raises SQLSTATE 55000 listing the events allowed in that state. A null state means not yet created.';

CREATE FUNCTION jxlink.referral_state_guard() RETURNS trigger
    LANGUAGE c
    AS '$libdir/jxlink', 'jxlink_referral_state_guard';
COMMENT ON FUNCTION jxlink.referral_state_guard() IS '触发器：每一行都是某次转换的结果，状态的每次变化都是状态机允许的一次转换（transition_seq 加一）。 Trigger: every row is the result of a transition, and every change of state is one transition the state machine allows (transition_seq + 1).';
REVOKE ALL ON FUNCTION jxlink.referral_state_guard() FROM PUBLIC;

CREATE FUNCTION jxlink.referral_states(OUT state text, OUT terminal boolean, OUT name_zh text, OUT name_en text) RETURNS SETOF record
    LANGUAGE c IMMUTABLE ROWS 11 PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_referral_states';
COMMENT ON FUNCTION jxlink.referral_states(OUT state text, OUT terminal boolean, OUT name_zh text, OUT name_en text) IS '移送的全部状态及其中英文名称、是否终态。 Every referral state, whether it is final, and its Chinese and English names.';

-- A referral's new letter or case number reaches its obligations.
CREATE FUNCTION jxlink.referral_subject_changed() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    PERFORM jxlink.obligation_refresh_subject(NEW.referral_id);
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION jxlink.referral_subject_changed() IS '触发器：移送函文号或立案号变化后更新其义务的事项编号。 Trigger: a referral''s new letter or case number reaches its obligations.';
REVOKE ALL ON FUNCTION jxlink.referral_subject_changed() FROM PUBLIC;

CREATE TABLE jxlink.referral (
    referral_id uuid DEFAULT jxlink.uuid_v7() NOT NULL,
    jurisdiction text DEFAULT jxlink.local_jurisdiction() NOT NULL,
    case_id uuid NOT NULL,
    from_unit uuid NOT NULL,
    to_unit uuid NOT NULL,
    urgent boolean DEFAULT false NOT NULL,
    state text NOT NULL,
    last_event text NOT NULL,
    transition_seq integer NOT NULL,
    last_event_at timestamp with time zone NOT NULL,
    extension_notified_at timestamp with time zone,
    extension_reason text,
    approved_by text,
    approved_at timestamp with time zone,
    letter_no jxlink.docno,
    transfer_count integer DEFAULT 0 NOT NULL,
    return_count integer DEFAULT 0 NOT NULL,
    filed_case_no jxlink.docno,
    decision_no jxlink.docno,
    decision_outcome text,
    created_by text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    complaint_id uuid,
    CONSTRAINT referral_check CHECK (from_unit <> to_unit),
    CONSTRAINT referral_decision_outcome_check CHECK (decision_outcome IN ('penalty', 'no_penalty'))
);

ALTER TABLE ONLY jxlink.referral FORCE ROW LEVEL SECURITY;
COMMENT ON TABLE jxlink.referral IS '案件移送：移送单位将案件移交综合执法队，状态按状态机转换（见 referral_transitions()），只能通过 API 函数改变。 Referrals: a sending unit transfers a case to the enforcement team; the state follows the state machine (see referral_transitions()) and changes only through the API functions.';
COMMENT ON COLUMN jxlink.referral.referral_id IS '移送标识。 Referral identifier.';
COMMENT ON COLUMN jxlink.referral.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.referral.case_id IS '所移送的案件。 The case referred.';
COMMENT ON COLUMN jxlink.referral.from_unit IS '移送单位（职能科室或派驻机构）。 The sending unit (a section or agency).';
COMMENT ON COLUMN jxlink.referral.to_unit IS '接收单位（综合执法队）。 The receiving unit (the enforcement team).';
COMMENT ON COLUMN jxlink.referral.urgent IS '是否紧急（24 小时内移交，不可延期，三（三）2③）。 Urgent: transfer within 24 hours, no extension (三（三）2③).';
COMMENT ON COLUMN jxlink.referral.state IS '当前状态（见 referral_states()）。 Current state (see referral_states()).';
COMMENT ON COLUMN jxlink.referral.last_event IS '最近一次事件。 The last event.';
COMMENT ON COLUMN jxlink.referral.transition_seq IS '转换序号（每次转换加一）。 Transition counter (one more at each transition).';
COMMENT ON COLUMN jxlink.referral.last_event_at IS '最近一次事件的发生时间。 When the last event happened.';
COMMENT ON COLUMN jxlink.referral.extension_notified_at IS '事先告知延期移送的时间（三（三）2②）。 When the team was notified in advance of a longer transfer (三（三）2②).';
COMMENT ON COLUMN jxlink.referral.extension_reason IS '延期原因。 Reason for the extension.';
COMMENT ON COLUMN jxlink.referral.approved_by IS '审批的分管领导（数据库角色）。 The leader in charge who approved (role).';
COMMENT ON COLUMN jxlink.referral.approved_at IS '审批时间。 When it was approved.';
COMMENT ON COLUMN jxlink.referral.letter_no IS '案件移送函文号（发文字号，jxlink.docno）。 Number of the transfer letter (移送函), a document number (jxlink.docno).';
COMMENT ON COLUMN jxlink.referral.transfer_count IS '移交次数（退回补充后再次移交则增加）。 Number of transfers (a returned referral transferred again counts twice).';
COMMENT ON COLUMN jxlink.referral.return_count IS '被退回次数。 Number of times the team returned it.';
COMMENT ON COLUMN jxlink.referral.filed_case_no IS '立案号（发文字号，jxlink.docno）。 Case number given at filing (立案), a document number (jxlink.docno).';
COMMENT ON COLUMN jxlink.referral.decision_no IS '决定书文号（发文字号，jxlink.docno）。 Number of the decision, a document number (jxlink.docno).';
COMMENT ON COLUMN jxlink.referral.decision_outcome IS 'penalty 行政处罚决定；no_penalty 不予处罚决定。 penalty or no_penalty.';
COMMENT ON COLUMN jxlink.referral.created_by IS '创建人（数据库角色）。 Role that created it.';
COMMENT ON COLUMN jxlink.referral.created_at IS '创建时间。 When it was created.';
COMMENT ON COLUMN jxlink.referral.complaint_id IS '引起本移送的举报投诉（与 complaint.referral_id 互相关联）。 The complaint this referral came from (linked back by complaint.referral_id).';
ALTER TABLE ONLY jxlink.referral
    ADD CONSTRAINT referral_id_jurisdiction_key UNIQUE (referral_id, jurisdiction);
ALTER TABLE ONLY jxlink.referral
    ADD CONSTRAINT referral_pkey PRIMARY KEY (referral_id);
ALTER TABLE ONLY jxlink.referral
    ADD CONSTRAINT referral_case_id_fkey FOREIGN KEY (case_id) REFERENCES jxlink.case_file(case_id);
ALTER TABLE ONLY jxlink.referral
    ADD CONSTRAINT referral_complaint_id_fkey FOREIGN KEY (complaint_id) REFERENCES jxlink.complaint(complaint_id);
ALTER TABLE ONLY jxlink.referral
    ADD CONSTRAINT referral_from_unit_fkey FOREIGN KEY (from_unit) REFERENCES jxlink.unit(unit_id);
ALTER TABLE ONLY jxlink.referral
    ADD CONSTRAINT referral_jurisdiction_fkey FOREIGN KEY (jurisdiction) REFERENCES jxlink.jurisdiction(code);
ALTER TABLE ONLY jxlink.referral
    ADD CONSTRAINT referral_to_unit_fkey FOREIGN KEY (to_unit) REFERENCES jxlink.unit(unit_id);
CREATE INDEX referral_case ON jxlink.referral USING btree (case_id);
CREATE INDEX referral_complaint ON jxlink.referral USING btree (complaint_id) WHERE (complaint_id IS NOT NULL);
CREATE INDEX referral_decision_no ON jxlink.referral USING btree (decision_no);
CREATE INDEX referral_filed_case_no ON jxlink.referral USING btree (filed_case_no);
CREATE INDEX referral_from ON jxlink.referral USING btree (from_unit);
CREATE INDEX referral_letter_no ON jxlink.referral USING btree (letter_no);
CREATE INDEX referral_to ON jxlink.referral USING btree (to_unit);
ALTER TABLE jxlink.referral ENABLE ROW LEVEL SECURITY;
CREATE TRIGGER referral_state_guard BEFORE INSERT OR UPDATE ON jxlink.referral FOR EACH ROW EXECUTE FUNCTION jxlink.referral_state_guard();
CREATE TRIGGER referral_subject_changed AFTER UPDATE OF letter_no, filed_case_no ON jxlink.referral FOR EACH ROW WHEN (((old.letter_no IS DISTINCT FROM new.letter_no) OR (old.filed_case_no IS DISTINCT FROM new.filed_case_no))) EXECUTE FUNCTION jxlink.referral_subject_changed();
COMMENT ON CONSTRAINT referral_id_jurisdiction_key ON jxlink.referral IS '移送及其辖区（供历史行的复合外键引用）。 A referral with its jurisdiction (referenced by the history rows'' composite foreign key).';
GRANT SELECT ON TABLE jxlink.referral TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;
SELECT pg_catalog.pg_extension_config_dump('jxlink.referral', '');

CREATE TABLE jxlink.referral_history (
    history_id uuid DEFAULT jxlink.uuid_v7() NOT NULL,
    jurisdiction text DEFAULT jxlink.local_jurisdiction() NOT NULL,
    referral_id uuid NOT NULL,
    seq integer NOT NULL,
    event text NOT NULL,
    from_state text,
    to_state text NOT NULL,
    occurred_at timestamp with time zone NOT NULL,
    recorded_at timestamp with time zone DEFAULT now() NOT NULL,
    actor_role text NOT NULL,
    actor_login text NOT NULL,
    actor_unit uuid,
    note text,
    prev_hash bytea,
    row_hash bytea
);

ALTER TABLE ONLY jxlink.referral_history FORCE ROW LEVEL SECURITY;
COMMENT ON TABLE jxlink.referral_history IS '移送历史：每次转换一行，只增不改（UPDATE、DELETE、TRUNCATE 一律拒绝，表属主亦然）。 Referral history: one row per transition, append-only (UPDATE, DELETE and TRUNCATE are refused, even for the table owner).';
COMMENT ON COLUMN jxlink.referral_history.history_id IS '历史记录标识。 History row identifier.';
COMMENT ON COLUMN jxlink.referral_history.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.referral_history.referral_id IS '所属移送。 The referral.';
COMMENT ON COLUMN jxlink.referral_history.seq IS '转换序号（与 referral.transition_seq 对应）。 Transition number (referral.transition_seq).';
COMMENT ON COLUMN jxlink.referral_history.event IS '事件。 Event.';
COMMENT ON COLUMN jxlink.referral_history.from_state IS '原状态（创建时为空）。 State before (null at creation).';
COMMENT ON COLUMN jxlink.referral_history.to_state IS '新状态。 State after.';
COMMENT ON COLUMN jxlink.referral_history.occurred_at IS '事件发生时间（可补录，不得晚于记录时间、不得早于前一事件）。 When the event happened (may be recorded later; never in the future, never before the previous event).';
COMMENT ON COLUMN jxlink.referral_history.recorded_at IS '记录时间。 When it was recorded.';
COMMENT ON COLUMN jxlink.referral_history.actor_role IS '操作角色（SET ROLE 后的角色）。 The role that acted (after SET ROLE).';
COMMENT ON COLUMN jxlink.referral_history.actor_login IS '登录角色（session_user）。 The login role (session_user).';
COMMENT ON COLUMN jxlink.referral_history.actor_unit IS '操作人所在单位。 The actor''s unit.';
COMMENT ON COLUMN jxlink.referral_history.note IS '说明（理由、文号等）。 Note (reason, document number...).';
COMMENT ON COLUMN jxlink.referral_history.prev_hash IS '前一行的散列（首行为空）。 Hash of the previous row of the referral (null for the first).';
COMMENT ON COLUMN jxlink.referral_history.row_hash IS 'SHA-256(前一行散列 ‖ 本行规范内容)，写入时计算；jxlink.verify_history() 校验。 SHA-256 of the previous hash and this row''s canonical content, computed when written; checked by jxlink.verify_history().';
ALTER TABLE ONLY jxlink.referral_history
    ADD CONSTRAINT referral_history_pkey PRIMARY KEY (history_id);
ALTER TABLE ONLY jxlink.referral_history
    ADD CONSTRAINT referral_history_referral_id_seq_key UNIQUE (referral_id, seq);
ALTER TABLE ONLY jxlink.referral_history
    ADD CONSTRAINT referral_history_actor_unit_fkey FOREIGN KEY (actor_unit) REFERENCES jxlink.unit(unit_id);
ALTER TABLE ONLY jxlink.referral_history
    ADD CONSTRAINT referral_history_referral_fkey FOREIGN KEY (referral_id, jurisdiction) REFERENCES jxlink.referral(referral_id, jurisdiction);
ALTER TABLE jxlink.referral_history ENABLE ROW LEVEL SECURITY;
CREATE TRIGGER referral_history_append_only BEFORE DELETE OR UPDATE ON jxlink.referral_history FOR EACH ROW EXECUTE FUNCTION jxlink.refuse_change();

ALTER TABLE jxlink.referral_history ENABLE ALWAYS TRIGGER referral_history_append_only;
CREATE TRIGGER referral_history_chain BEFORE INSERT ON jxlink.referral_history FOR EACH ROW EXECUTE FUNCTION jxlink.history_chain();
CREATE TRIGGER referral_history_no_truncate BEFORE TRUNCATE ON jxlink.referral_history FOR EACH STATEMENT EXECUTE FUNCTION jxlink.refuse_change();

ALTER TABLE jxlink.referral_history ENABLE ALWAYS TRIGGER referral_history_no_truncate;
COMMENT ON CONSTRAINT referral_history_referral_fkey ON jxlink.referral_history IS '历史行属于其移送，且辖区与移送一致（经移送间接引用辖区表）。 A history row belongs to its referral, in the referral''s jurisdiction (and so, through the referral, to a registered jurisdiction).';
GRANT SELECT ON TABLE jxlink.referral_history TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;
SELECT pg_catalog.pg_extension_config_dump('jxlink.referral_history', '');

CREATE POLICY referral_history_read ON jxlink.referral_history FOR SELECT
USING (EXISTS (SELECT 1 FROM jxlink.referral r WHERE r.referral_id = referral_history.referral_id));

CREATE POLICY case_file_read ON jxlink.case_file FOR SELECT
USING (discovering_unit = ANY ((SELECT jxlink.my_units())::uuid[]) OR (SELECT jxlink.reads_everything())
       OR EXISTS (SELECT 1 FROM jxlink.referral r WHERE r.case_id = case_file.case_id));

CREATE POLICY referral_read ON jxlink.referral FOR SELECT
USING (from_unit = ANY ((SELECT jxlink.my_units())::uuid[]) OR to_unit = ANY ((SELECT jxlink.my_units())::uuid[])
       OR (SELECT jxlink.reads_everything()));

CREATE TABLE jxlink.referral_material (
    material_id uuid DEFAULT jxlink.uuid_v7() NOT NULL,
    jurisdiction text DEFAULT jxlink.local_jurisdiction() NOT NULL,
    referral_id uuid NOT NULL,
    kind text NOT NULL,
    description text NOT NULL,
    ref text,
    added_by text NOT NULL,
    added_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT referral_material_description_check CHECK (description <> ''),
    CONSTRAINT referral_material_kind_check CHECK (kind IN ('transfer_letter', 'case_source', 'preliminary_evidence', 'other'))
);

ALTER TABLE ONLY jxlink.referral_material FORCE ROW LEVEL SECURITY;
COMMENT ON TABLE jxlink.referral_material IS '移送材料（三（三）3）：案件移送函、案源材料（现场检查记录、照片、举报投诉材料等）、初步证据；三者齐备方可移交。 Referral materials (三（三）3): the transfer letter, case-source material (inspection record, photos, complaint material), preliminary evidence; all three are needed to transfer.';
COMMENT ON COLUMN jxlink.referral_material.material_id IS '材料标识。 Material identifier.';
COMMENT ON COLUMN jxlink.referral_material.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.referral_material.referral_id IS '所属移送。 The referral.';
COMMENT ON COLUMN jxlink.referral_material.kind IS 'transfer_letter 移送函；case_source 案源材料；preliminary_evidence 初步证据；other 其他。 transfer_letter, case_source, preliminary_evidence, other.';
COMMENT ON COLUMN jxlink.referral_material.description IS '材料说明。 Description.';
COMMENT ON COLUMN jxlink.referral_material.ref IS '文号或存档位置。 Document number or where it is filed.';
COMMENT ON COLUMN jxlink.referral_material.added_by IS '添加人（数据库角色）。 Role that added it.';
COMMENT ON COLUMN jxlink.referral_material.added_at IS '添加时间。 When it was added.';
ALTER TABLE ONLY jxlink.referral_material
    ADD CONSTRAINT referral_material_pkey PRIMARY KEY (material_id);
ALTER TABLE ONLY jxlink.referral_material
    ADD CONSTRAINT referral_material_jurisdiction_fkey FOREIGN KEY (jurisdiction) REFERENCES jxlink.jurisdiction(code);
ALTER TABLE ONLY jxlink.referral_material
    ADD CONSTRAINT referral_material_referral_id_fkey FOREIGN KEY (referral_id) REFERENCES jxlink.referral(referral_id);
CREATE INDEX referral_material_referral ON jxlink.referral_material USING btree (referral_id);
ALTER TABLE jxlink.referral_material ENABLE ROW LEVEL SECURITY;
GRANT SELECT ON TABLE jxlink.referral_material TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;
SELECT pg_catalog.pg_extension_config_dump('jxlink.referral_material', '');

CREATE POLICY referral_material_read ON jxlink.referral_material FOR SELECT
USING (EXISTS (SELECT 1 FROM jxlink.referral r WHERE r.referral_id = referral_material.referral_id));

-- The canonical content of a history row: every column, in a fixed text form
-- that no session setting changes.
CREATE FUNCTION jxlink.history_digest(h jxlink.referral_history, prev bytea) RETURNS bytea
    LANGUAGE c STABLE PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_history_digest';
COMMENT ON FUNCTION jxlink.history_digest(h jxlink.referral_history, prev bytea) IS '历史行的散列：SHA-256(前一散列 ‖ 全部列的规范文本，以 U+001F 分隔，时间为 UTC)；与 0.6.0 的 SQL 定义结果相同。 The hash of a history row: SHA-256 of the previous hash and the canonical text of every column (separated by U+001F, times in UTC); the same result as the SQL definition of 0.6.0.';
REVOKE ALL ON FUNCTION jxlink.history_digest(h jxlink.referral_history, prev bytea) FROM PUBLIC;

CREATE FUNCTION jxlink.referral_transitions(OUT from_state text, OUT event text, OUT to_state text, OUT actor text) RETURNS SETOF record
    LANGUAGE c IMMUTABLE ROWS 20 PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_referral_transitions';
COMMENT ON FUNCTION jxlink.referral_transitions(OUT from_state text, OUT event text, OUT to_state text, OUT actor text) IS '状态机的全部转换（定义于 C）：起始状态、事件、目标状态、触发者。 Every transition of the state machine (defined in C): from state, event, to state, actor.';

CREATE FUNCTION jxlink.report_licence_followup(referral uuid, note text, occurred_at timestamp with time zone DEFAULT now()) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    me jxlink.staff := jxlink.caller_staff();
    r  jxlink.referral;
    n  integer;
BEGIN
    SELECT * INTO r FROM jxlink.referral x WHERE x.referral_id = report_licence_followup.referral FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'referral % does not exist', report_licence_followup.referral USING ERRCODE = 'no_data_found';
    ELSIF r.from_unit <> me.unit_id THEN
        RAISE EXCEPTION 'only the sending unit reports the licensing status' USING ERRCODE = 'insufficient_privilege';
    END IF;
    PERFORM jxlink.check_occurred_at(occurred_at, r.last_event_at, 'the previous event of this referral');
    n := jxlink.obligation_close(r.referral_id, '{licence_followup}', occurred_at, me.role_name, 'met',
                                 jxlink.require_text(note, 'the licensing status'));
    IF n = 0 THEN
        RAISE EXCEPTION 'this referral owes no licence follow-up'
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = '二（二）: the follow-up is owed after transferring an unlicensed matter, once.';
    END IF;
    RETURN n;
END
$$;
COMMENT ON FUNCTION jxlink.report_licence_followup(referral uuid, note text, occurred_at timestamp with time zone) IS '应批未批事项移交后，移送单位向综合执法队反馈后续办证情况（二（二）），履行 licence_followup 义务。 After transferring an unlicensed matter, the sending unit reports the later licensing status to the team (二（二）); meets the licence_followup obligation.';
REVOKE ALL ON FUNCTION jxlink.report_licence_followup(referral uuid, note text, occurred_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.report_licence_followup(referral uuid, note text, occurred_at timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

CREATE FUNCTION jxlink.return_referral(referral uuid, reason text, occurred_at timestamp with time zone DEFAULT now()) RETURNS text
    LANGUAGE c SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS '$libdir/jxlink', 'jxlink_return_referral';
COMMENT ON FUNCTION jxlink.return_referral(referral uuid, reason text, occurred_at timestamp with time zone) IS '综合执法队因材料不全退回补充（履行告知义务）；移送单位补充后可再次移交。 The team returns the referral for more material (meets the notice obligation); the sender supplements it and transfers again.';
REVOKE ALL ON FUNCTION jxlink.return_referral(referral uuid, reason text, occurred_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.return_referral(referral uuid, reason text, occurred_at timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

CREATE FUNCTION jxlink.send_back_referral(referral uuid, reason text, occurred_at timestamp with time zone DEFAULT now()) RETURNS text
    LANGUAGE c SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS '$libdir/jxlink', 'jxlink_send_back_referral';
COMMENT ON FUNCTION jxlink.send_back_referral(referral uuid, reason text, occurred_at timestamp with time zone) IS '分管领导退回修改（回到草稿）。 The leader in charge sends the referral back to draft.';
REVOKE ALL ON FUNCTION jxlink.send_back_referral(referral uuid, reason text, occurred_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.send_back_referral(referral uuid, reason text, occurred_at timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

CREATE FUNCTION jxlink.submit_referral(referral uuid, occurred_at timestamp with time zone DEFAULT now()) RETURNS text
    LANGUAGE c SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS '$libdir/jxlink', 'jxlink_submit_referral';
COMMENT ON FUNCTION jxlink.submit_referral(referral uuid, occurred_at timestamp with time zone) IS '移送单位提交分管领导审批。返回新状态。 The sending unit submits the referral to its leader in charge. Returns the new state.';
REVOKE ALL ON FUNCTION jxlink.submit_referral(referral uuid, occurred_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.submit_referral(referral uuid, occurred_at timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

CREATE FUNCTION jxlink.transfer_referral(referral uuid, letter_no text, occurred_at timestamp with time zone DEFAULT now()) RETURNS text
    LANGUAGE c SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS '$libdir/jxlink', 'jxlink_transfer_referral';
COMMENT ON FUNCTION jxlink.transfer_referral(referral uuid, letter_no text, occurred_at timestamp with time zone) IS '以书面形式移交（需分管领导已批准、移送函、案源材料、初步证据齐备，三（三）3）：履行移交义务，开立执法队 5 个工作日书面告知义务（三（三）2④）。 Transfer in writing (approved by the leader, with the transfer letter, case-source material and preliminary evidence, 三（三）3): meets the transfer obligation and opens the team''s 5-working-day written notice (三（三）2④).';
REVOKE ALL ON FUNCTION jxlink.transfer_referral(referral uuid, letter_no text, occurred_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.transfer_referral(referral uuid, letter_no text, occurred_at timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

CREATE FUNCTION jxlink.verify_history() RETURNS TABLE(referral_id uuid, seq integer, history_id uuid, problem text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    h         jxlink.referral_history;
    prev      bytea;
    last      uuid;
    last_seq  integer;
    expected  bytea;
BEGIN
    FOR h IN SELECT * FROM jxlink.referral_history ORDER BY 3, 4 LOOP
        IF last IS DISTINCT FROM h.referral_id THEN
            prev := NULL;
            last := h.referral_id;
            last_seq := 0;
        END IF;
        IF h.seq <> last_seq + 1 THEN
            RETURN QUERY SELECT h.referral_id, h.seq, h.history_id,
                format('rows %s to %s are missing', last_seq + 1, h.seq - 1);
        END IF;
        IF h.prev_hash IS DISTINCT FROM prev THEN
            RETURN QUERY SELECT h.referral_id, h.seq, h.history_id, 'broken link: prev_hash is not the previous row''s hash'::text;
        END IF;
        expected := jxlink.history_digest(h, h.prev_hash);
        IF h.row_hash IS DISTINCT FROM expected THEN
            RETURN QUERY SELECT h.referral_id, h.seq, h.history_id, 'altered: the row does not match its hash'::text;
        END IF;
        prev := h.row_hash;
        last_seq := h.seq;
    END LOOP;
    -- a history shorter than the referral's transitions lost its last rows
    RETURN QUERY
        SELECT r.referral_id, r.transition_seq, NULL::uuid,
               format('history ends at row %s, the referral counts %s transitions', coalesce(m.seq, 0), r.transition_seq)
        FROM jxlink.referral r
        LEFT JOIN (SELECT x.referral_id, max(x.seq) AS seq FROM jxlink.referral_history x GROUP BY x.referral_id) m
               ON m.referral_id = r.referral_id
        WHERE coalesce(m.seq, 0) <> r.transition_seq;
END
$$;
COMMENT ON FUNCTION jxlink.verify_history() IS '校验移送历史的散列链，返回每一处断裂：被改动的行、断开的链接、缺失的行、短于转换次数的历史。空结果表示完好。 Check the hash chain of the referral history and return every break: an altered row, a broken link, missing rows, a history shorter than the referral''s transitions. No rows means intact.';
REVOKE ALL ON FUNCTION jxlink.verify_history() FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.verify_history() TO jxlink_supervisor, jxlink_admin;

CREATE FUNCTION jxlink.withdraw_referral(referral uuid, reason text, occurred_at timestamp with time zone DEFAULT now()) RETURNS text
    LANGUAGE c SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS '$libdir/jxlink', 'jxlink_withdraw_referral';
COMMENT ON FUNCTION jxlink.withdraw_referral(referral uuid, reason text, occurred_at timestamp with time zone) IS '移送单位撤回移送（如已改正、无需处罚），免除未结的移交义务。 The sending unit withdraws the referral (e.g. corrected, no penalty due); its open transfer obligation is waived.';
REVOKE ALL ON FUNCTION jxlink.withdraw_referral(referral uuid, reason text, occurred_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.withdraw_referral(referral uuid, reason text, occurred_at timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

/*
 * sql/35_meetings.sql — The quarterly joint meeting (联席会议, 三（四）): members, meetings, attendance, agenda, minutes, resolutions and their reports.
 *
 * A concept file: the current definition of each object, once, with its
 * comments, grants, policies and triggers.  The build concatenates the concept
 * files (sql/NN_*.sql, in order) into the install script of the current version.
 */

CREATE TABLE jxlink.joint_meeting (
    meeting_id uuid DEFAULT jxlink.uuid_v7() NOT NULL,
    jurisdiction text DEFAULT jxlink.local_jurisdiction() NOT NULL,
    kind text NOT NULL,
    planned_at timestamp with time zone NOT NULL,
    held_at timestamp with time zone,
    place text,
    convener text,
    minutes_no jxlink.docno,
    minutes_issued_on date,
    closed_at timestamp with time zone,
    created_by text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT joint_meeting_check CHECK ((closed_at IS NULL) OR (held_at IS NOT NULL)),
    CONSTRAINT joint_meeting_check1 CHECK ((minutes_no IS NULL) OR (closed_at IS NOT NULL)),
    CONSTRAINT joint_meeting_kind_check CHECK (kind IN ('regular', 'special'))
);

ALTER TABLE ONLY jxlink.joint_meeting FORCE ROW LEVEL SECURITY;
COMMENT ON TABLE jxlink.joint_meeting IS '联席会议：原则上每季度一次（regular），可临时召开（special）；会后印发纪要，纪要印发即会议结束。 Joint meetings: regular at least once a quarter, special when needed; the minutes (纪要) close the meeting.';
COMMENT ON COLUMN jxlink.joint_meeting.meeting_id IS '会议标识。 Meeting identifier.';
COMMENT ON COLUMN jxlink.joint_meeting.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.joint_meeting.kind IS 'regular 例会；special 专题会议。 regular or special.';
COMMENT ON COLUMN jxlink.joint_meeting.planned_at IS '计划召开时间。 When it is planned.';
COMMENT ON COLUMN jxlink.joint_meeting.held_at IS '召开时间。 When it was held.';
COMMENT ON COLUMN jxlink.joint_meeting.place IS '地点。 Place.';
COMMENT ON COLUMN jxlink.joint_meeting.convener IS '召集人。 Convener.';
COMMENT ON COLUMN jxlink.joint_meeting.minutes_no IS '会议纪要文号。 Number of the minutes (纪要).';
COMMENT ON COLUMN jxlink.joint_meeting.minutes_issued_on IS '纪要印发日期。 Date the minutes were issued.';
COMMENT ON COLUMN jxlink.joint_meeting.closed_at IS '会议结束（纪要印发）记录时间。 When the meeting was closed (minutes issued).';
COMMENT ON COLUMN jxlink.joint_meeting.created_by IS '登记人（数据库角色）。 Role that recorded it.';
COMMENT ON COLUMN jxlink.joint_meeting.created_at IS '登记时间。 When it was recorded.';
ALTER TABLE ONLY jxlink.joint_meeting
    ADD CONSTRAINT joint_meeting_pkey PRIMARY KEY (meeting_id);
ALTER TABLE ONLY jxlink.joint_meeting
    ADD CONSTRAINT joint_meeting_jurisdiction_fkey FOREIGN KEY (jurisdiction) REFERENCES jxlink.jurisdiction(code);
CREATE INDEX joint_meeting_held ON jxlink.joint_meeting USING btree (jurisdiction, held_at);
ALTER TABLE jxlink.joint_meeting ENABLE ROW LEVEL SECURITY;
GRANT SELECT ON TABLE jxlink.joint_meeting TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;
SELECT pg_catalog.pg_extension_config_dump('jxlink.joint_meeting', '');

CREATE POLICY joint_meeting_read ON jxlink.joint_meeting FOR SELECT
USING (cardinality((SELECT jxlink.my_units())) > 0 OR (SELECT jxlink.reads_everything()));

CREATE TABLE jxlink.agenda_item (
    item_id uuid DEFAULT jxlink.uuid_v7() NOT NULL,
    jurisdiction text DEFAULT jxlink.local_jurisdiction() NOT NULL,
    meeting_id uuid NOT NULL,
    proposed_by uuid NOT NULL,
    title text NOT NULL,
    description text,
    proposed_at timestamp with time zone NOT NULL,
    escalated_at timestamp with time zone,
    escalation_note text,
    CONSTRAINT agenda_item_title_check CHECK (title <> '')
);

ALTER TABLE ONLY jxlink.agenda_item FORCE ROW LEVEL SECURITY;
COMMENT ON TABLE jxlink.agenda_item IS '议题：成员单位提出，由联席会议办公室收集；重大疑难问题可提交党政联席会议研究（三（四）5）。 Agenda items proposed by member units and collected by the office; hard issues are escalated to the 党政联席会议 (三（四）5).';
COMMENT ON COLUMN jxlink.agenda_item.item_id IS '议题标识。 Item identifier.';
COMMENT ON COLUMN jxlink.agenda_item.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.agenda_item.meeting_id IS '拟提交的会议。 The meeting it is proposed for.';
COMMENT ON COLUMN jxlink.agenda_item.proposed_by IS '提出单位。 Proposing unit.';
COMMENT ON COLUMN jxlink.agenda_item.title IS '议题。 Title.';
COMMENT ON COLUMN jxlink.agenda_item.description IS '说明。 Description.';
COMMENT ON COLUMN jxlink.agenda_item.proposed_at IS '提出时间。 When it was proposed.';
COMMENT ON COLUMN jxlink.agenda_item.escalated_at IS '提交党政联席会议的时间。 When it was escalated to the 党政联席会议.';
COMMENT ON COLUMN jxlink.agenda_item.escalation_note IS '提交说明。 Note of the escalation.';
ALTER TABLE ONLY jxlink.agenda_item
    ADD CONSTRAINT agenda_item_pkey PRIMARY KEY (item_id);
ALTER TABLE ONLY jxlink.agenda_item
    ADD CONSTRAINT agenda_item_jurisdiction_fkey FOREIGN KEY (jurisdiction) REFERENCES jxlink.jurisdiction(code);
ALTER TABLE ONLY jxlink.agenda_item
    ADD CONSTRAINT agenda_item_meeting_id_fkey FOREIGN KEY (meeting_id) REFERENCES jxlink.joint_meeting(meeting_id);
ALTER TABLE ONLY jxlink.agenda_item
    ADD CONSTRAINT agenda_item_proposed_by_fkey FOREIGN KEY (proposed_by) REFERENCES jxlink.unit(unit_id);
CREATE INDEX agenda_item_meeting ON jxlink.agenda_item USING btree (meeting_id);
ALTER TABLE jxlink.agenda_item ENABLE ROW LEVEL SECURITY;
GRANT SELECT ON TABLE jxlink.agenda_item TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;
SELECT pg_catalog.pg_extension_config_dump('jxlink.agenda_item', '');

CREATE POLICY agenda_item_read ON jxlink.agenda_item FOR SELECT
USING (cardinality((SELECT jxlink.my_units())) > 0 OR (SELECT jxlink.reads_everything()));

CREATE TABLE jxlink.joint_meeting_attendee (
    meeting_id uuid NOT NULL,
    jurisdiction text DEFAULT jxlink.local_jurisdiction() NOT NULL,
    unit_id uuid NOT NULL,
    person text DEFAULT '' NOT NULL
);

ALTER TABLE ONLY jxlink.joint_meeting_attendee FORCE ROW LEVEL SECURITY;
COMMENT ON TABLE jxlink.joint_meeting_attendee IS '出席单位与人员。 Units and persons attending a meeting.';
COMMENT ON COLUMN jxlink.joint_meeting_attendee.meeting_id IS '会议。 Meeting.';
COMMENT ON COLUMN jxlink.joint_meeting_attendee.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.joint_meeting_attendee.unit_id IS '出席单位。 Attending unit.';
COMMENT ON COLUMN jxlink.joint_meeting_attendee.person IS '出席人（可空）。 Person attending (may be empty).';
ALTER TABLE ONLY jxlink.joint_meeting_attendee
    ADD CONSTRAINT joint_meeting_attendee_pkey PRIMARY KEY (meeting_id, unit_id, person);
ALTER TABLE ONLY jxlink.joint_meeting_attendee
    ADD CONSTRAINT joint_meeting_attendee_jurisdiction_fkey FOREIGN KEY (jurisdiction) REFERENCES jxlink.jurisdiction(code);
ALTER TABLE ONLY jxlink.joint_meeting_attendee
    ADD CONSTRAINT joint_meeting_attendee_meeting_id_fkey FOREIGN KEY (meeting_id) REFERENCES jxlink.joint_meeting(meeting_id);
ALTER TABLE ONLY jxlink.joint_meeting_attendee
    ADD CONSTRAINT joint_meeting_attendee_unit_id_fkey FOREIGN KEY (unit_id) REFERENCES jxlink.unit(unit_id);
ALTER TABLE jxlink.joint_meeting_attendee ENABLE ROW LEVEL SECURITY;
GRANT SELECT ON TABLE jxlink.joint_meeting_attendee TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;
SELECT pg_catalog.pg_extension_config_dump('jxlink.joint_meeting_attendee', '');

CREATE POLICY joint_meeting_attendee_read ON jxlink.joint_meeting_attendee FOR SELECT
USING (cardinality((SELECT jxlink.my_units())) > 0 OR (SELECT jxlink.reads_everything()));

CREATE TABLE jxlink.joint_meeting_member (
    jurisdiction text DEFAULT jxlink.local_jurisdiction() NOT NULL,
    unit_id uuid NOT NULL,
    role text DEFAULT 'member' NOT NULL,
    CONSTRAINT joint_meeting_member_role_check CHECK (role IN ('convener', 'member', 'office', 'supervisor'))
);
COMMENT ON TABLE jxlink.joint_meeting_member IS '联席会议成员单位（三（四））：召集人、成员、办公室（设在综合执法队）、监督（纪工委、司法所）。 Member units of the joint meeting (三（四）): convener, members, the office (at the enforcement team), supervisors (discipline commission, judicial office).';
COMMENT ON COLUMN jxlink.joint_meeting_member.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.joint_meeting_member.unit_id IS '成员单位。 Member unit.';
COMMENT ON COLUMN jxlink.joint_meeting_member.role IS 'convener 召集、member 成员、office 办公室、supervisor 监督。 convener, member, office, supervisor.';
ALTER TABLE ONLY jxlink.joint_meeting_member
    ADD CONSTRAINT joint_meeting_member_pkey PRIMARY KEY (jurisdiction, unit_id);
ALTER TABLE ONLY jxlink.joint_meeting_member
    ADD CONSTRAINT joint_meeting_member_jurisdiction_fkey FOREIGN KEY (jurisdiction) REFERENCES jxlink.jurisdiction(code);
ALTER TABLE ONLY jxlink.joint_meeting_member
    ADD CONSTRAINT joint_meeting_member_unit_id_fkey FOREIGN KEY (unit_id) REFERENCES jxlink.unit(unit_id);
GRANT SELECT ON TABLE jxlink.joint_meeting_member TO PUBLIC;
GRANT INSERT,DELETE,UPDATE ON TABLE jxlink.joint_meeting_member TO jxlink_admin;
SELECT pg_catalog.pg_extension_config_dump('jxlink.joint_meeting_member', '');

CREATE TABLE jxlink.resolution (
    resolution_id uuid DEFAULT jxlink.uuid_v7() NOT NULL,
    jurisdiction text DEFAULT jxlink.local_jurisdiction() NOT NULL,
    meeting_id uuid NOT NULL,
    number integer NOT NULL,
    title text NOT NULL,
    content text,
    status text DEFAULT 'open' NOT NULL,
    done_at timestamp with time zone,
    CONSTRAINT resolution_number_check CHECK (number > 0),
    CONSTRAINT resolution_status_check CHECK (status IN ('open', 'done')),
    CONSTRAINT resolution_title_check CHECK (title <> '')
);

ALTER TABLE ONLY jxlink.resolution FORCE ROW LEVEL SECURITY;
COMMENT ON TABLE jxlink.resolution IS '议定事项（决议）：在会议内编号，分配给一个或多个单位落实，在此后会议上通报落实情况，直至报告办结（三（四）4）。 Resolutions (议定事项), numbered within a meeting and assigned to one or more units, reported on at later meetings until reported done (三（四）4).';
COMMENT ON COLUMN jxlink.resolution.resolution_id IS '议定事项标识。 Resolution identifier.';
COMMENT ON COLUMN jxlink.resolution.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.resolution.meeting_id IS '议定的会议。 The meeting that adopted it.';
COMMENT ON COLUMN jxlink.resolution.number IS '会内编号。 Number within the meeting.';
COMMENT ON COLUMN jxlink.resolution.title IS '事项。 Title.';
COMMENT ON COLUMN jxlink.resolution.content IS '内容。 Content.';
COMMENT ON COLUMN jxlink.resolution.status IS 'open 落实中；done 已办结。 open or done.';
COMMENT ON COLUMN jxlink.resolution.done_at IS '报告办结的时间。 When it was reported done.';
ALTER TABLE ONLY jxlink.resolution
    ADD CONSTRAINT resolution_meeting_id_number_key UNIQUE (meeting_id, number);
ALTER TABLE ONLY jxlink.resolution
    ADD CONSTRAINT resolution_pkey PRIMARY KEY (resolution_id);
ALTER TABLE ONLY jxlink.resolution
    ADD CONSTRAINT resolution_jurisdiction_fkey FOREIGN KEY (jurisdiction) REFERENCES jxlink.jurisdiction(code);
ALTER TABLE ONLY jxlink.resolution
    ADD CONSTRAINT resolution_meeting_id_fkey FOREIGN KEY (meeting_id) REFERENCES jxlink.joint_meeting(meeting_id);
ALTER TABLE jxlink.resolution ENABLE ROW LEVEL SECURITY;
GRANT SELECT ON TABLE jxlink.resolution TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;
SELECT pg_catalog.pg_extension_config_dump('jxlink.resolution', '');

CREATE POLICY resolution_read ON jxlink.resolution FOR SELECT
USING (cardinality((SELECT jxlink.my_units())) > 0 OR (SELECT jxlink.reads_everything()));

CREATE TABLE jxlink.resolution_owner (
    resolution_id uuid NOT NULL,
    jurisdiction text DEFAULT jxlink.local_jurisdiction() NOT NULL,
    unit_id uuid NOT NULL
);

ALTER TABLE ONLY jxlink.resolution_owner FORCE ROW LEVEL SECURITY;
COMMENT ON TABLE jxlink.resolution_owner IS '议定事项的责任单位。 Units assigned to a resolution.';
COMMENT ON COLUMN jxlink.resolution_owner.resolution_id IS '议定事项。 Resolution.';
COMMENT ON COLUMN jxlink.resolution_owner.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.resolution_owner.unit_id IS '责任单位。 Assigned unit.';
ALTER TABLE ONLY jxlink.resolution_owner
    ADD CONSTRAINT resolution_owner_pkey PRIMARY KEY (resolution_id, unit_id);
ALTER TABLE ONLY jxlink.resolution_owner
    ADD CONSTRAINT resolution_owner_jurisdiction_fkey FOREIGN KEY (jurisdiction) REFERENCES jxlink.jurisdiction(code);
ALTER TABLE ONLY jxlink.resolution_owner
    ADD CONSTRAINT resolution_owner_resolution_id_fkey FOREIGN KEY (resolution_id) REFERENCES jxlink.resolution(resolution_id);
ALTER TABLE ONLY jxlink.resolution_owner
    ADD CONSTRAINT resolution_owner_unit_id_fkey FOREIGN KEY (unit_id) REFERENCES jxlink.unit(unit_id);
ALTER TABLE jxlink.resolution_owner ENABLE ROW LEVEL SECURITY;
GRANT SELECT ON TABLE jxlink.resolution_owner TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;
SELECT pg_catalog.pg_extension_config_dump('jxlink.resolution_owner', '');

CREATE POLICY resolution_owner_read ON jxlink.resolution_owner FOR SELECT
USING (cardinality((SELECT jxlink.my_units())) > 0 OR (SELECT jxlink.reads_everything()));

CREATE TABLE jxlink.resolution_report (
    report_id uuid DEFAULT jxlink.uuid_v7() NOT NULL,
    jurisdiction text DEFAULT jxlink.local_jurisdiction() NOT NULL,
    resolution_id uuid NOT NULL,
    meeting_id uuid NOT NULL,
    unit_id uuid NOT NULL,
    progress text NOT NULL,
    note text NOT NULL,
    reported_at timestamp with time zone NOT NULL,
    CONSTRAINT resolution_report_note_check CHECK (note <> ''),
    CONSTRAINT resolution_report_progress_check CHECK (progress IN ('in_progress', 'done'))
);

ALTER TABLE ONLY jxlink.resolution_report FORCE ROW LEVEL SECURITY;
COMMENT ON TABLE jxlink.resolution_report IS '责任单位在此后会议上通报的落实情况。 Progress reports of assigned units at later meetings.';
COMMENT ON COLUMN jxlink.resolution_report.report_id IS '通报标识。 Report identifier.';
COMMENT ON COLUMN jxlink.resolution_report.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.resolution_report.resolution_id IS '议定事项。 Resolution.';
COMMENT ON COLUMN jxlink.resolution_report.meeting_id IS '通报所在会议。 The meeting where it was reported.';
COMMENT ON COLUMN jxlink.resolution_report.unit_id IS '通报单位。 Reporting unit.';
COMMENT ON COLUMN jxlink.resolution_report.progress IS 'in_progress 落实中；done 已办结。 in_progress or done.';
COMMENT ON COLUMN jxlink.resolution_report.note IS '落实情况。 Progress.';
COMMENT ON COLUMN jxlink.resolution_report.reported_at IS '通报时间。 When it was reported.';
ALTER TABLE ONLY jxlink.resolution_report
    ADD CONSTRAINT resolution_report_pkey PRIMARY KEY (report_id);
ALTER TABLE ONLY jxlink.resolution_report
    ADD CONSTRAINT resolution_report_resolution_id_meeting_id_unit_id_key UNIQUE (resolution_id, meeting_id, unit_id);
ALTER TABLE ONLY jxlink.resolution_report
    ADD CONSTRAINT resolution_report_jurisdiction_fkey FOREIGN KEY (jurisdiction) REFERENCES jxlink.jurisdiction(code);
ALTER TABLE ONLY jxlink.resolution_report
    ADD CONSTRAINT resolution_report_meeting_id_fkey FOREIGN KEY (meeting_id) REFERENCES jxlink.joint_meeting(meeting_id);
ALTER TABLE ONLY jxlink.resolution_report
    ADD CONSTRAINT resolution_report_resolution_id_fkey FOREIGN KEY (resolution_id) REFERENCES jxlink.resolution(resolution_id);
ALTER TABLE ONLY jxlink.resolution_report
    ADD CONSTRAINT resolution_report_unit_id_fkey FOREIGN KEY (unit_id) REFERENCES jxlink.unit(unit_id);
ALTER TABLE jxlink.resolution_report ENABLE ROW LEVEL SECURITY;
GRANT SELECT ON TABLE jxlink.resolution_report TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;
SELECT pg_catalog.pg_extension_config_dump('jxlink.resolution_report', '');

CREATE POLICY resolution_report_read ON jxlink.resolution_report FOR SELECT
USING (cardinality((SELECT jxlink.my_units())) > 0 OR (SELECT jxlink.reads_everything()));

CREATE FUNCTION jxlink.adopt_resolution(meeting uuid, title text, owners uuid[], content text DEFAULT NULL::text) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    me     jxlink.staff := jxlink.caller_of_office();
    m      jxlink.joint_meeting := jxlink.meeting_for(meeting, true);
    result uuid;
    n      integer;
    owner  uuid;
BEGIN
    IF owners IS NULL OR cardinality(owners) = 0 THEN
        RAISE EXCEPTION 'a resolution is assigned to at least one unit' USING ERRCODE = 'invalid_parameter_value';
    ELSIF EXISTS (SELECT 1 FROM unnest(owners) o WHERE NOT EXISTS (
                      SELECT 1 FROM jxlink.unit u WHERE u.unit_id = o AND u.jurisdiction = m.jurisdiction)) THEN
        RAISE EXCEPTION 'a resolution is assigned to units of the jurisdiction' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT coalesce(max(r.number), 0) + 1 INTO n FROM jxlink.resolution r WHERE r.meeting_id = m.meeting_id;
    INSERT INTO jxlink.resolution (jurisdiction, meeting_id, number, title, content)
    VALUES (m.jurisdiction, m.meeting_id, n, jxlink.require_text(title, 'the title'), content)
    RETURNING resolution_id INTO result;
    FOR owner IN SELECT DISTINCT o FROM unnest(owners) o LOOP
        INSERT INTO jxlink.resolution_owner (resolution_id, jurisdiction, unit_id) VALUES (result, m.jurisdiction, owner);
        PERFORM jxlink.obligation_open('resolution_report', 'resolution_report', 'resolution', result, owner,
                                       jxlink.meeting_office(m.jurisdiction), m.held_at);
    END LOOP;
    RETURN result;
END
$$;
COMMENT ON FUNCTION jxlink.adopt_resolution(meeting uuid, title text, owners uuid[], content text) IS '会议形成议定事项（会内编号），分配给责任单位；每个责任单位须在下次会议上通报落实情况（三（四）4）。 A meeting adopts a resolution (numbered within it) assigned to units; each must report on it at the next meeting (三（四）4).';
REVOKE ALL ON FUNCTION jxlink.adopt_resolution(meeting uuid, title text, owners uuid[], content text) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.adopt_resolution(meeting uuid, title text, owners uuid[], content text) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

-- The staff of the caller, who must be of the meeting office.
CREATE FUNCTION jxlink.caller_of_office() RETURNS jxlink.staff
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    me jxlink.staff := jxlink.caller_staff();
BEGIN
    IF me.unit_id IS DISTINCT FROM jxlink.meeting_office(me.jurisdiction) THEN
        RAISE EXCEPTION 'only the office of the joint meeting may do this'
            USING ERRCODE = 'insufficient_privilege', DETAIL = '三（四）: the office is at the enforcement team.';
    END IF;
    RETURN me;
END
$$;
COMMENT ON FUNCTION jxlink.caller_of_office() IS '（内部）调用者须为联席会议办公室人员。 (Internal) The caller must be staff of the meeting office.';
REVOKE ALL ON FUNCTION jxlink.caller_of_office() FROM PUBLIC;

CREATE FUNCTION jxlink.close_meeting(meeting uuid, minutes_no text, minutes_issued_on date) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    me jxlink.staff := jxlink.caller_of_office();
    m  jxlink.joint_meeting := jxlink.meeting_for(meeting, true);
    n  integer;
BEGIN
    IF minutes_issued_on IS NULL OR minutes_issued_on < jxlink.local_date(m.held_at) THEN
        RAISE EXCEPTION 'the minutes are issued on or after the meeting day' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    UPDATE jxlink.joint_meeting x
    SET minutes_no = jxlink.require_text(close_meeting.minutes_no, 'the minutes number'),
        minutes_issued_on = close_meeting.minutes_issued_on, closed_at = pg_catalog.now()
    WHERE x.meeting_id = m.meeting_id;
    -- how many reports owed at this meeting were not made (the ledger has them
    -- due at the end of its day, and overdue from then)
    SELECT count(*)::integer INTO n FROM jxlink.obligation o
    WHERE o.kind = 'resolution_report' AND o.status = 'open' AND o.jurisdiction = m.jurisdiction
      AND o.started_at < m.held_at AND o.due_date = jxlink.local_date(m.held_at);
    RETURN n;
END
$$;
COMMENT ON FUNCTION jxlink.close_meeting(meeting uuid, minutes_no text, minutes_issued_on date) IS '印发会议纪要，会议结束。返回应在本次会议上通报而未通报的议定事项落实情况数（台账中它们自会议当日 24:00 起逾期，三（四）4）。 Issue the minutes and close the meeting. Returns how many resolution reports owed at it were not made (the ledger has them overdue from 24:00 of the meeting day, 三（四）4).';
REVOKE ALL ON FUNCTION jxlink.close_meeting(meeting uuid, minutes_no text, minutes_issued_on date) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.close_meeting(meeting uuid, minutes_no text, minutes_issued_on date) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

CREATE FUNCTION jxlink.escalate_agenda_item(item uuid, note text, occurred_at timestamp with time zone DEFAULT now()) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    me jxlink.staff := jxlink.caller_of_office();
    i  jxlink.agenda_item;
BEGIN
    SELECT * INTO i FROM jxlink.agenda_item x WHERE x.item_id = escalate_agenda_item.item FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'agenda item % does not exist', escalate_agenda_item.item USING ERRCODE = 'no_data_found';
    ELSIF i.escalated_at IS NOT NULL THEN
        RAISE EXCEPTION 'the item was already escalated on %', i.escalated_at USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    PERFORM jxlink.check_occurred_at(occurred_at, i.proposed_at, 'the proposal of the item');
    UPDATE jxlink.agenda_item x SET escalated_at = occurred_at, escalation_note = jxlink.require_text(note, 'the note')
    WHERE x.item_id = i.item_id;
END
$$;
COMMENT ON FUNCTION jxlink.escalate_agenda_item(item uuid, note text, occurred_at timestamp with time zone) IS '将重大疑难议题提交街道党政联席会议研究（三（四）5）。 Escalate a hard issue to the street''s 党政联席会议 (三（四）5).';
REVOKE ALL ON FUNCTION jxlink.escalate_agenda_item(item uuid, note text, occurred_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.escalate_agenda_item(item uuid, note text, occurred_at timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

CREATE FUNCTION jxlink.hold_meeting(meeting uuid, held_at timestamp with time zone, convener text, attendees uuid[], place text DEFAULT NULL::text) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    me jxlink.staff := jxlink.caller_of_office();
    m  jxlink.joint_meeting := jxlink.meeting_for(meeting, false);
    q  date;
BEGIN
    IF m.held_at IS NOT NULL THEN
        RAISE EXCEPTION 'the meeting was already held on %', m.held_at USING ERRCODE = 'object_not_in_prerequisite_state';
    ELSIF attendees IS NULL OR cardinality(attendees) = 0 THEN
        RAISE EXCEPTION 'a meeting needs its attending units' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM jxlink.check_occurred_at(held_at, '-infinity', 'ever');
    UPDATE jxlink.joint_meeting x SET held_at = hold_meeting.held_at, convener = jxlink.require_text(hold_meeting.convener, 'the convener'),
                                      place = hold_meeting.place
    WHERE x.meeting_id = m.meeting_id;
    INSERT INTO jxlink.joint_meeting_attendee (meeting_id, jurisdiction, unit_id)
    SELECT m.meeting_id, m.jurisdiction, u.unit_id FROM jxlink.unit u WHERE u.unit_id = ANY (attendees);
    -- (the reports owed "at the next meeting" follow from the trigger joint_meeting_held)
    -- the quarter's obligation is met (planning it, and the next one, first)
    q := date_trunc('quarter', jxlink.local_date(held_at)::timestamp)::date;
    PERFORM jxlink.plan_quarterly_meetings((q + interval '3 months')::date);
    PERFORM jxlink.obligation_close(md5(m.jurisdiction || '/' || q)::uuid, '{quarterly_meeting}', held_at, me.role_name, 'met');
    RETURN (SELECT count(*)::integer FROM jxlink.joint_meeting_attendee a WHERE a.meeting_id = m.meeting_id);
END
$$;
COMMENT ON FUNCTION jxlink.hold_meeting(meeting uuid, held_at timestamp with time zone, convener text, attendees uuid[], place text) IS '记录会议召开（时间、召集人、出席单位）：履行该季度“召开联席会议”义务并计划至下一季度（三（四）3）；此前议定事项的落实情况须在本次会议通报（至当日 24:00）。返回出席单位数。 Record that a meeting was held (time, convener, attending units): meets the quarter''s quarterly_meeting obligation and plans the next quarter (三（四）3); reports owed on earlier resolutions are due at this meeting (until 24:00 that day). Returns the number of attending units.';
REVOKE ALL ON FUNCTION jxlink.hold_meeting(meeting uuid, held_at timestamp with time zone, convener text, attendees uuid[], place text) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.hold_meeting(meeting uuid, held_at timestamp with time zone, convener text, attendees uuid[], place text) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

-- The meeting, locked, checked against the steps already taken.
CREATE FUNCTION jxlink.meeting_for(meeting_id uuid, must_be_held boolean) RETURNS jxlink.joint_meeting
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    m jxlink.joint_meeting;
BEGIN
    SELECT * INTO m FROM jxlink.joint_meeting x WHERE x.meeting_id = meeting_for.meeting_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'meeting % does not exist', meeting_for.meeting_id USING ERRCODE = 'no_data_found';
    ELSIF m.closed_at IS NOT NULL THEN
        RAISE EXCEPTION 'the meeting is closed: its minutes % were issued', coalesce(m.minutes_no::text, '')
            USING ERRCODE = 'object_not_in_prerequisite_state';
    ELSIF must_be_held AND m.held_at IS NULL THEN
        RAISE EXCEPTION 'the meeting has not been held yet' USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    RETURN m;
END
$$;
COMMENT ON FUNCTION jxlink.meeting_for(meeting_id uuid, must_be_held boolean) IS '（内部）锁定会议并核对其阶段。 (Internal) Lock a meeting and check its stage.';
REVOKE ALL ON FUNCTION jxlink.meeting_for(meeting_id uuid, must_be_held boolean) FROM PUBLIC;

-- The office of the joint meeting: its member with role office, else the team.
CREATE FUNCTION jxlink.meeting_office(jurisdiction text) RETURNS uuid
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    SELECT coalesce(
        (SELECT m.unit_id FROM jxlink.joint_meeting_member m
         WHERE m.jurisdiction = meeting_office.jurisdiction AND m.role = 'office' LIMIT 1),
        (SELECT u.unit_id FROM jxlink.unit u
         WHERE u.jurisdiction = meeting_office.jurisdiction AND u.kind = 'enforcement_team' AND u.active))
$$;
COMMENT ON FUNCTION jxlink.meeting_office(jurisdiction text) IS '联席会议办公室所在单位（成员表中 role = office 者，否则为综合执法队，三（四））。 The unit of the joint meeting''s office (the member with role office, else the enforcement team, 三（四）).';
REVOKE ALL ON FUNCTION jxlink.meeting_office(jurisdiction text) FROM PUBLIC;

CREATE FUNCTION jxlink.meeting_packet(meeting uuid) RETURNS text
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    m      jxlink.joint_meeting;
    tz     text := jxlink.local_timezone();
    at     timestamptz;
    q      date;
    lines  text[];
    r      record;
BEGIN
    SELECT * INTO m FROM jxlink.joint_meeting x WHERE x.meeting_id = meeting_packet.meeting;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'meeting % does not exist', meeting_packet.meeting USING ERRCODE = 'no_data_found';
    END IF;
    at := coalesce(m.held_at, m.planned_at);
    q := date_trunc('quarter', jxlink.local_date(at)::timestamp)::date;
    lines := ARRAY[format('联席会议材料 joint meeting packet — %s meeting, %s %s%s', m.kind,
                          to_char(at AT TIME ZONE tz, 'YYYY-MM-DD HH24:MI'), tz,
                          CASE WHEN m.held_at IS NULL THEN ' (planned)' ELSE '' END)];

    lines := lines || '一、议题 agenda'::text;
    FOR r IN SELECT i.title, u.code, i.escalated_at FROM jxlink.agenda_item i JOIN jxlink.unit u ON u.unit_id = i.proposed_by
             WHERE i.meeting_id = m.meeting_id ORDER BY i.proposed_at, i.title LOOP
        lines := lines || format('  - %s (proposed by %s)%s', r.title, r.code,
                                 CASE WHEN r.escalated_at IS NOT NULL THEN ' [escalated to 党政联席会议]' ELSE '' END);
    END LOOP;

    lines := lines || '二、前次议定事项落实情况 resolutions of earlier meetings and their reported status'::text;
    FOR r IN
        SELECT res.title, res.number, res.status, to_char(pm.held_at AT TIME ZONE tz, 'YYYY-MM-DD') AS adopted,
               string_agg(u.code || ': ' || coalesce(
                   (SELECT p.progress || ' — ' || p.note FROM jxlink.resolution_report p
                    WHERE p.resolution_id = res.resolution_id AND p.unit_id = o.unit_id
                    ORDER BY p.reported_at DESC LIMIT 1), 'no report yet')
                   || CASE WHEN EXISTS (SELECT 1 FROM jxlink.obligation ob WHERE ob.subject_id = res.resolution_id
                                        AND ob.owner_unit = o.unit_id AND ob.status = 'open' AND ob.due_at <= at)
                           THEN ' [OVERDUE]' ELSE '' END, '; ' ORDER BY u.code) AS owners
        FROM jxlink.resolution res
        JOIN jxlink.joint_meeting pm ON pm.meeting_id = res.meeting_id
        JOIN jxlink.resolution_owner o ON o.resolution_id = res.resolution_id
        JOIN jxlink.unit u ON u.unit_id = o.unit_id
        WHERE pm.jurisdiction = m.jurisdiction AND pm.held_at < at
          AND (res.status = 'open' OR res.done_at >= (SELECT max(x.held_at) FROM jxlink.joint_meeting x
                                                      WHERE x.jurisdiction = m.jurisdiction AND x.held_at < at))
        GROUP BY res.resolution_id, res.title, res.number, res.status, pm.held_at
        ORDER BY pm.held_at, res.number
    LOOP
        lines := lines || format('  - %s 第%s项 %s [%s]: %s', r.adopted, r.number, r.title, r.status, r.owners);
    END LOOP;

    lines := lines || format('三、本季度各单位履行情况 the quarter''s scorecard per unit (%s, as of the meeting)',
                             to_char(q, 'YYYY-"Q"Q'));
    FOR r IN
        SELECT s.unit_code, sum(s.total) AS total, sum(s.met_on_time) AS on_time, sum(s.met_late) AS late,
               sum(s.overdue) AS overdue, sum(s.refused) AS refused
        FROM jxlink.unit_scorecard_at(q, (q + interval '3 months - 1 day')::date, at) s
        WHERE s.jurisdiction = m.jurisdiction
        GROUP BY s.unit_code ORDER BY s.unit_code
    LOOP
        lines := lines || format('  - %s: %s obligations, %s on time, %s late, %s overdue, %s refused',
                                 r.unit_code, r.total, r.on_time, r.late, r.overdue, r.refused);
    END LOOP;
    RETURN array_to_string(lines, E'\n');
END
$$;
COMMENT ON FUNCTION jxlink.meeting_packet(meeting uuid) IS '联席会议办公室会前印发的材料：本次议题、此前议定事项及其通报的落实情况（逾期未通报者标注）、本季度各单位履行情况（截至会议时）。 What the office circulates before a meeting: its agenda, the earlier resolutions with their reported status (overdue reports marked), and the quarter''s scorecard per unit as of the meeting.';
REVOKE ALL ON FUNCTION jxlink.meeting_packet(meeting uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.meeting_packet(meeting uuid) TO jxlink_clerk, jxlink_supervisor, jxlink_admin, jxlink_bi;

-- Open the quarterly_meeting obligation of every quarter up to a date.
CREATE FUNCTION jxlink.plan_quarterly_meetings(through date) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    j      text := jxlink.local_jurisdiction();
    office uuid := jxlink.meeting_office(j);
    q      date;
    last_q date := date_trunc('quarter', through::timestamp)::date;
    n      integer := 0;
    ob     uuid;
BEGIN
    IF office IS NULL THEN
        RAISE EXCEPTION 'jurisdiction % has no enforcement team to hold the joint meeting office', j
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    -- from the quarter after the last one planned, or from the quarter asked for
    SELECT (date_trunc('quarter', jxlink.local_date(max(o.started_at))::timestamp) + interval '3 months')::date INTO q
    FROM jxlink.obligation o WHERE o.kind = 'quarterly_meeting' AND o.jurisdiction = j;
    -- none planned yet: from the first quarter with a meeting held, if earlier
    q := coalesce(q, least(last_q, (SELECT date_trunc('quarter', jxlink.local_date(min(m.held_at))::timestamp)::date
                                    FROM jxlink.joint_meeting m WHERE m.jurisdiction = j)));
    WHILE q <= last_q LOOP
        ob := jxlink.obligation_open('quarterly_meeting', 'quarterly_meeting', 'meeting_quarter',
                                     md5(j || '/' || q)::uuid, office, NULL, jxlink.local_midnight(q));
        UPDATE jxlink.obligation o SET subject_ref = to_char(q, 'YYYY-"Q"Q'), subject_title = '联席会议 joint meeting'
        WHERE o.obligation_id = ob;
        -- a meeting already held in that quarter meets it
        PERFORM jxlink.obligation_close(md5(j || '/' || q)::uuid, '{quarterly_meeting}', min(m.held_at), 'jxlink', 'met')
        FROM jxlink.joint_meeting m
        WHERE m.jurisdiction = j AND m.held_at >= jxlink.local_midnight(q)
          AND m.held_at < jxlink.local_midnight((q + interval '3 months')::date)
        HAVING count(*) > 0;
        q := (q + interval '3 months')::date;
        n := n + 1;
    END LOOP;
    RETURN n;
END
$$;
COMMENT ON FUNCTION jxlink.plan_quarterly_meetings(through date) IS '为截至某日所在季度的每个季度开立“每季度召开联席会议”义务（三（四）3），返回新开立数。召开会议时自动计划至下一季度；无会可开时由管理员或定时任务（如 pg_cron）调用。 Open the quarterly_meeting obligation (三（四）3) of every quarter up to the one of a date; returns how many were opened. Holding a meeting plans up to the next quarter; otherwise an administrator or a scheduled job (e.g. pg_cron) calls it.';
REVOKE ALL ON FUNCTION jxlink.plan_quarterly_meetings(through date) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.plan_quarterly_meetings(through date) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

CREATE FUNCTION jxlink.propose_agenda_item(meeting uuid, title text, description text DEFAULT NULL::text, occurred_at timestamp with time zone DEFAULT now()) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    me     jxlink.staff := jxlink.caller_staff();
    m      jxlink.joint_meeting := jxlink.meeting_for(meeting, false);
    result uuid;
BEGIN
    PERFORM jxlink.check_occurred_at(occurred_at, '-infinity', 'ever');
    INSERT INTO jxlink.agenda_item (jurisdiction, meeting_id, proposed_by, title, description, proposed_at)
    VALUES (m.jurisdiction, m.meeting_id, me.unit_id, jxlink.require_text(title, 'the title'), description, occurred_at)
    RETURNING item_id INTO result;
    RETURN result;
END
$$;
COMMENT ON FUNCTION jxlink.propose_agenda_item(meeting uuid, title text, description text, occurred_at timestamp with time zone) IS '成员单位提出议题，由联席会议办公室收集（三（四））。 A member unit proposes an agenda item, collected by the office (三（四）).';
REVOKE ALL ON FUNCTION jxlink.propose_agenda_item(meeting uuid, title text, description text, occurred_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.propose_agenda_item(meeting uuid, title text, description text, occurred_at timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

CREATE FUNCTION jxlink.report_resolution(resolution uuid, meeting uuid, progress text, note text) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    me jxlink.staff := jxlink.caller_staff();
    m  jxlink.joint_meeting := jxlink.meeting_for(meeting, true);
    r  jxlink.resolution;
    adopted timestamptz;
BEGIN
    SELECT * INTO r FROM jxlink.resolution x WHERE x.resolution_id = report_resolution.resolution FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'resolution % does not exist', report_resolution.resolution USING ERRCODE = 'no_data_found';
    END IF;
    SELECT x.held_at INTO adopted FROM jxlink.joint_meeting x WHERE x.meeting_id = r.meeting_id;
    IF NOT EXISTS (SELECT 1 FROM jxlink.resolution_owner o WHERE o.resolution_id = r.resolution_id AND o.unit_id = me.unit_id) THEN
        RAISE EXCEPTION 'only a unit assigned to the resolution reports on it' USING ERRCODE = 'insufficient_privilege';
    ELSIF m.held_at <= adopted THEN
        RAISE EXCEPTION 'a resolution is reported on at a later meeting than the one that adopted it'
            USING ERRCODE = 'object_not_in_prerequisite_state';
    ELSIF progress IS NULL OR progress NOT IN ('in_progress', 'done') THEN
        RAISE EXCEPTION 'progress is in_progress or done, not %', coalesce(progress, 'null') USING ERRCODE = 'invalid_parameter_value';
    ELSIF EXISTS (SELECT 1 FROM jxlink.resolution_report p WHERE p.resolution_id = r.resolution_id AND p.unit_id = me.unit_id
                  AND p.progress = 'done') THEN
        RAISE EXCEPTION 'the unit already reported this resolution done' USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    INSERT INTO jxlink.resolution_report (jurisdiction, resolution_id, meeting_id, unit_id, progress, note, reported_at)
    VALUES (r.jurisdiction, r.resolution_id, m.meeting_id, me.unit_id, progress, jxlink.require_text(note, 'the progress'), m.held_at);
    -- the report owed at this meeting is met; unless done, the next meeting is owed one
    PERFORM jxlink.obligation_close(r.resolution_id, '{resolution_report}', m.held_at, me.role_name, 'met',
                                    report_resolution.note, me.unit_id);
    IF progress = 'in_progress' THEN
        PERFORM jxlink.obligation_open('resolution_report', 'resolution_report', 'resolution', r.resolution_id, me.unit_id,
                                       jxlink.meeting_office(r.jurisdiction), m.held_at);
    ELSIF NOT EXISTS (SELECT 1 FROM jxlink.resolution_owner o WHERE o.resolution_id = r.resolution_id
                      AND NOT EXISTS (SELECT 1 FROM jxlink.resolution_report p WHERE p.resolution_id = r.resolution_id
                                      AND p.unit_id = o.unit_id AND p.progress = 'done')) THEN
        UPDATE jxlink.resolution x SET status = 'done', done_at = m.held_at WHERE x.resolution_id = r.resolution_id;
    END IF;
    RETURN progress;
END
$$;
COMMENT ON FUNCTION jxlink.report_resolution(resolution uuid, meeting uuid, progress text, note text) IS '责任单位在此后会议上通报议定事项落实情况（in_progress 落实中 / done 已办结）：履行本次通报义务；未办结的，下次会议须再通报；全部责任单位报告办结后事项办结（三（四）4）。 An assigned unit reports at a later meeting on a resolution (in_progress or done): meets the report owed there; unless done, the next meeting is owed another; the resolution is done once every assigned unit reported it done (三（四）4).';
REVOKE ALL ON FUNCTION jxlink.report_resolution(resolution uuid, meeting uuid, progress text, note text) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.report_resolution(resolution uuid, meeting uuid, progress text, note text) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

CREATE FUNCTION jxlink.schedule_meeting(planned_at timestamp with time zone, kind text DEFAULT 'regular'::text) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    me     jxlink.staff := jxlink.caller_of_office();
    result uuid;
BEGIN
    IF kind IS NULL OR kind NOT IN ('regular', 'special') THEN
        RAISE EXCEPTION 'a meeting is regular or special, not %', coalesce(kind, 'null') USING ERRCODE = 'invalid_parameter_value';
    ELSIF planned_at IS NULL THEN
        RAISE EXCEPTION 'planned_at must not be null' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    INSERT INTO jxlink.joint_meeting (jurisdiction, kind, planned_at, created_by)
    VALUES (me.jurisdiction, kind, planned_at, me.role_name) RETURNING meeting_id INTO result;
    RETURN result;
END
$$;
COMMENT ON FUNCTION jxlink.schedule_meeting(planned_at timestamp with time zone, kind text) IS '联席会议办公室安排一次会议（regular 例会或 special 专题），成员单位可向其提出议题。 The meeting office schedules a meeting (regular or special); member units then propose agenda items for it.';
REVOKE ALL ON FUNCTION jxlink.schedule_meeting(planned_at timestamp with time zone, kind text) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.schedule_meeting(planned_at timestamp with time zone, kind text) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

------------------------------------------------------------------------------
-- A meeting held is a fact the ledger follows
------------------------------------------------------------------------------

-- The reports owed "at the next meeting" (三（四）4) fall due at the meeting
-- held: the ledger recomputes them from this fact.
CREATE FUNCTION jxlink.joint_meeting_held() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    IF NEW.held_at IS NOT NULL THEN
        PERFORM jxlink.obligation_recompute_open('next_meeting', NEW.jurisdiction, 'joint meeting held');
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION jxlink.joint_meeting_held() IS '触发器：联席会议召开后，台账重算该辖区“下次联席会议”到期的义务。 Trigger: when a joint meeting is held, the ledger recomputes the jurisdiction''s obligations due at the next meeting.';
REVOKE ALL ON FUNCTION jxlink.joint_meeting_held() FROM PUBLIC;

CREATE TRIGGER joint_meeting_held AFTER INSERT OR UPDATE OF held_at ON jxlink.joint_meeting FOR EACH ROW EXECUTE FUNCTION jxlink.joint_meeting_held();

/*
 * sql/40_sharing.sql — Information sharing (三（一）): shares, recipients, requests for information (a decision reaches the referring unit as a share through jxlink.referral_ledger(), sql/30_referral.sql).
 *
 * A concept file: the current definition of each object, once, with its
 * comments, grants, policies and triggers.  The build concatenates the concept
 * files (sql/NN_*.sql, in order) into the install script of the current version.
 */

CREATE TYPE jxlink.share_category AS ENUM (
    'rules_standards',
    'permits_filings',
    'penalty_decisions',
    'statistics_ledgers',
    'monitoring_data',
    'complaint_handling',
    'other'
);
COMMENT ON TYPE jxlink.share_category IS '共享信息七类（三（一））：rules_standards 法规规章、技术规范、裁量基准、工作流程（调整须及时通报综合执法队）；permits_filings 行政许可、确认、备案；penalty_decisions 综合执法队的处罚、强制决定及执行情况；statistics_ledgers 统计数据、工作总结、内业台账；monitoring_data 电子监控设备及数据；complaint_handling 举报投诉申诉的受理与处理；other 其他。 The seven categories of shared information (三（一）): rules and standards (changes are notified to the team), permits and filings, the team''s penalty decisions, statistics and ledgers, monitoring devices and data, complaint handling, other.';

CREATE TABLE jxlink.share (
    share_id uuid DEFAULT jxlink.uuid_v7() NOT NULL,
    jurisdiction text DEFAULT jxlink.local_jurisdiction() NOT NULL,
    category jxlink.share_category NOT NULL,
    from_unit uuid NOT NULL,
    title text NOT NULL,
    reference text,
    effective_on date,
    shared_at timestamp with time zone NOT NULL,
    referral_id uuid,
    created_by text NOT NULL,
    CONSTRAINT share_title_check CHECK (title <> '')
);

ALTER TABLE ONLY jxlink.share FORCE ROW LEVEL SECURITY;
COMMENT ON TABLE jxlink.share IS '共享的执法信息（三（一））。 Shared enforcement information (三（一）).';
COMMENT ON COLUMN jxlink.share.share_id IS '共享标识。 Share identifier.';
COMMENT ON COLUMN jxlink.share.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.share.category IS '信息类别（七类之一）。 Category (one of seven).';
COMMENT ON COLUMN jxlink.share.from_unit IS '提供单位。 Sending unit.';
COMMENT ON COLUMN jxlink.share.title IS '标题。 Title.';
COMMENT ON COLUMN jxlink.share.reference IS '文号或存档位置。 Document number or where it is filed.';
COMMENT ON COLUMN jxlink.share.effective_on IS '生效日期。 Effective date.';
COMMENT ON COLUMN jxlink.share.shared_at IS '共享时间。 When it was shared.';
COMMENT ON COLUMN jxlink.share.referral_id IS '相关移送（处罚决定抄告移送单位时）。 The referral concerned (a penalty decision reaching the referring section).';
COMMENT ON COLUMN jxlink.share.created_by IS '登记人（数据库角色）。 Role that recorded it.';
ALTER TABLE ONLY jxlink.share
    ADD CONSTRAINT share_pkey PRIMARY KEY (share_id);
ALTER TABLE ONLY jxlink.share
    ADD CONSTRAINT share_from_unit_fkey FOREIGN KEY (from_unit) REFERENCES jxlink.unit(unit_id);
ALTER TABLE ONLY jxlink.share
    ADD CONSTRAINT share_jurisdiction_fkey FOREIGN KEY (jurisdiction) REFERENCES jxlink.jurisdiction(code);
ALTER TABLE ONLY jxlink.share
    ADD CONSTRAINT share_referral_id_fkey FOREIGN KEY (referral_id) REFERENCES jxlink.referral(referral_id);
CREATE INDEX share_from ON jxlink.share USING btree (from_unit, shared_at);
ALTER TABLE jxlink.share ENABLE ROW LEVEL SECURITY;
GRANT SELECT ON TABLE jxlink.share TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;
SELECT pg_catalog.pg_extension_config_dump('jxlink.share', '');

CREATE TABLE jxlink.share_recipient (
    share_id uuid NOT NULL,
    jurisdiction text DEFAULT jxlink.local_jurisdiction() NOT NULL,
    unit_id uuid NOT NULL,
    read_at timestamp with time zone,
    read_by text
);

ALTER TABLE ONLY jxlink.share_recipient FORCE ROW LEVEL SECURITY;
COMMENT ON TABLE jxlink.share_recipient IS '共享信息的接收单位及阅知回执。 Recipients of a share and their read receipts.';
COMMENT ON COLUMN jxlink.share_recipient.share_id IS '共享信息。 Share.';
COMMENT ON COLUMN jxlink.share_recipient.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.share_recipient.unit_id IS '接收单位。 Recipient unit.';
COMMENT ON COLUMN jxlink.share_recipient.read_at IS '阅知时间（回执）。 When it was read (receipt).';
COMMENT ON COLUMN jxlink.share_recipient.read_by IS '阅知人（数据库角色）。 Role that read it.';
ALTER TABLE ONLY jxlink.share_recipient
    ADD CONSTRAINT share_recipient_pkey PRIMARY KEY (share_id, unit_id);
ALTER TABLE ONLY jxlink.share_recipient
    ADD CONSTRAINT share_recipient_jurisdiction_fkey FOREIGN KEY (jurisdiction) REFERENCES jxlink.jurisdiction(code);
ALTER TABLE ONLY jxlink.share_recipient
    ADD CONSTRAINT share_recipient_share_id_fkey FOREIGN KEY (share_id) REFERENCES jxlink.share(share_id);
ALTER TABLE ONLY jxlink.share_recipient
    ADD CONSTRAINT share_recipient_unit_id_fkey FOREIGN KEY (unit_id) REFERENCES jxlink.unit(unit_id);
CREATE INDEX share_recipient_unit ON jxlink.share_recipient USING btree (unit_id);
ALTER TABLE jxlink.share_recipient ENABLE ROW LEVEL SECURITY;
GRANT SELECT ON TABLE jxlink.share_recipient TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;
SELECT pg_catalog.pg_extension_config_dump('jxlink.share_recipient', '');

CREATE POLICY share_read ON jxlink.share FOR SELECT
USING (from_unit = ANY ((SELECT jxlink.my_units())::uuid[]) OR (SELECT jxlink.reads_everything())
       OR EXISTS (SELECT 1 FROM jxlink.share_recipient x WHERE x.share_id = share.share_id
                  AND x.unit_id = ANY ((SELECT jxlink.my_units())::uuid[])));

CREATE TABLE jxlink.share_request (
    request_id uuid DEFAULT jxlink.uuid_v7() NOT NULL,
    jurisdiction text DEFAULT jxlink.local_jurisdiction() NOT NULL,
    from_unit uuid NOT NULL,
    to_unit uuid NOT NULL,
    category jxlink.share_category NOT NULL,
    title text NOT NULL,
    due_on date,
    requested_at timestamp with time zone NOT NULL,
    answer text,
    answered_at timestamp with time zone,
    share_id uuid,
    refusal_reason text,
    created_by text NOT NULL,
    CONSTRAINT share_request_answer_check CHECK (answer IN ('provided', 'refused')),
    CONSTRAINT share_request_check CHECK (from_unit <> to_unit),
    CONSTRAINT share_request_title_check CHECK (title <> '')
);

ALTER TABLE ONLY jxlink.share_request FORCE ROW LEVEL SECURITY;
COMMENT ON TABLE jxlink.share_request IS '单位之间的信息共享请求（如科室请执法队提供资料，三（一）4），带期限。 Requests for information between units (e.g. a section asking the team for material, 三（一）4), with a due date.';
COMMENT ON COLUMN jxlink.share_request.request_id IS '请求标识。 Request identifier.';
COMMENT ON COLUMN jxlink.share_request.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.share_request.from_unit IS '请求单位。 Requesting unit.';
COMMENT ON COLUMN jxlink.share_request.to_unit IS '被请求单位（负有提供义务）。 Requested unit (owes the answer).';
COMMENT ON COLUMN jxlink.share_request.category IS '信息类别。 Category.';
COMMENT ON COLUMN jxlink.share_request.title IS '所需信息。 What is requested.';
COMMENT ON COLUMN jxlink.share_request.due_on IS '约定的最后一日（为空则按本地默认期限）。 Agreed last day (empty: the local default period).';
COMMENT ON COLUMN jxlink.share_request.requested_at IS '请求时间。 When it was requested.';
COMMENT ON COLUMN jxlink.share_request.answer IS 'provided 已提供；refused 拒绝。 provided or refused.';
COMMENT ON COLUMN jxlink.share_request.answered_at IS '答复时间。 When it was answered.';
COMMENT ON COLUMN jxlink.share_request.share_id IS '提供的共享信息。 The share that answered it.';
COMMENT ON COLUMN jxlink.share_request.refusal_reason IS '拒绝理由。 Reason of a refusal.';
COMMENT ON COLUMN jxlink.share_request.created_by IS '登记人（数据库角色）。 Role that recorded it.';
ALTER TABLE ONLY jxlink.share_request
    ADD CONSTRAINT share_request_pkey PRIMARY KEY (request_id);
ALTER TABLE ONLY jxlink.share_request
    ADD CONSTRAINT share_request_from_unit_fkey FOREIGN KEY (from_unit) REFERENCES jxlink.unit(unit_id);
ALTER TABLE ONLY jxlink.share_request
    ADD CONSTRAINT share_request_jurisdiction_fkey FOREIGN KEY (jurisdiction) REFERENCES jxlink.jurisdiction(code);
ALTER TABLE ONLY jxlink.share_request
    ADD CONSTRAINT share_request_share_id_fkey FOREIGN KEY (share_id) REFERENCES jxlink.share(share_id);
ALTER TABLE ONLY jxlink.share_request
    ADD CONSTRAINT share_request_to_unit_fkey FOREIGN KEY (to_unit) REFERENCES jxlink.unit(unit_id);
ALTER TABLE jxlink.share_request ENABLE ROW LEVEL SECURITY;
GRANT SELECT ON TABLE jxlink.share_request TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;
SELECT pg_catalog.pg_extension_config_dump('jxlink.share_request', '');

CREATE POLICY share_request_read ON jxlink.share_request FOR SELECT
USING (from_unit = ANY ((SELECT jxlink.my_units())::uuid[]) OR to_unit = ANY ((SELECT jxlink.my_units())::uuid[])
       OR (SELECT jxlink.reads_everything()));

CREATE FUNCTION jxlink.acknowledge_share(share uuid, occurred_at timestamp with time zone DEFAULT now()) RETURNS timestamp with time zone
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    me jxlink.staff := jxlink.caller_staff();
    s  jxlink.share_recipient;
BEGIN
    SELECT * INTO s FROM jxlink.share_recipient x WHERE x.share_id = acknowledge_share.share AND x.unit_id = me.unit_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'the share was not sent to this unit' USING ERRCODE = 'insufficient_privilege';
    ELSIF s.read_at IS NOT NULL THEN
        RETURN s.read_at;
    END IF;
    PERFORM jxlink.check_occurred_at(occurred_at, (SELECT x.shared_at FROM jxlink.share x WHERE x.share_id = s.share_id), 'the share');
    UPDATE jxlink.share_recipient x SET read_at = occurred_at, read_by = me.role_name
    WHERE x.share_id = s.share_id AND x.unit_id = me.unit_id;
    RETURN occurred_at;
END
$$;
COMMENT ON FUNCTION jxlink.acknowledge_share(share uuid, occurred_at timestamp with time zone) IS '接收单位阅知回执（重复回执返回首次时间）。 The recipient unit''s read receipt (a second receipt returns the first time).';
REVOKE ALL ON FUNCTION jxlink.acknowledge_share(share uuid, occurred_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.acknowledge_share(share uuid, occurred_at timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

CREATE FUNCTION jxlink.answer_share_request(request uuid, title text, reference text DEFAULT NULL::text, occurred_at timestamp with time zone DEFAULT now()) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    me  jxlink.staff := jxlink.caller_staff();
    r   jxlink.share_request;
    sid uuid;
BEGIN
    SELECT * INTO r FROM jxlink.share_request x WHERE x.request_id = answer_share_request.request FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'share request % does not exist', answer_share_request.request USING ERRCODE = 'no_data_found';
    ELSIF r.to_unit <> me.unit_id THEN
        RAISE EXCEPTION 'only the requested unit answers this request' USING ERRCODE = 'insufficient_privilege';
    ELSIF r.answer IS NOT NULL THEN
        RAISE EXCEPTION 'the request was already answered (%)', r.answer USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    PERFORM jxlink.check_occurred_at(occurred_at, r.requested_at, 'the request');
    sid := jxlink.share_insert(me, r.category, title, reference, NULL, ARRAY[r.from_unit], occurred_at, NULL);
    UPDATE jxlink.share_request x SET answer = 'provided', answered_at = occurred_at, share_id = sid WHERE x.request_id = r.request_id;
    PERFORM jxlink.obligation_close(r.request_id, '{share_request}', occurred_at, me.role_name, 'met', title);
    RETURN sid;
END
$$;
COMMENT ON FUNCTION jxlink.answer_share_request(request uuid, title text, reference text, occurred_at timestamp with time zone) IS '被请求单位提供所请求的信息（履行 share_request 义务），返回共享标识。 The requested unit provides the information (meets the share_request obligation); returns the share.';
REVOKE ALL ON FUNCTION jxlink.answer_share_request(request uuid, title text, reference text, occurred_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.answer_share_request(request uuid, title text, reference text, occurred_at timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

CREATE FUNCTION jxlink.refuse_share_request(request uuid, reason text, occurred_at timestamp with time zone DEFAULT now()) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    me jxlink.staff := jxlink.caller_staff();
    r  jxlink.share_request;
BEGIN
    SELECT * INTO r FROM jxlink.share_request x WHERE x.request_id = refuse_share_request.request FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'share request % does not exist', refuse_share_request.request USING ERRCODE = 'no_data_found';
    ELSIF r.to_unit <> me.unit_id THEN
        RAISE EXCEPTION 'only the requested unit answers this request' USING ERRCODE = 'insufficient_privilege';
    ELSIF r.answer IS NOT NULL THEN
        RAISE EXCEPTION 'the request was already answered (%)', r.answer USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    PERFORM jxlink.check_occurred_at(occurred_at, r.requested_at, 'the request');
    UPDATE jxlink.share_request x SET answer = 'refused', answered_at = occurred_at,
                                      refusal_reason = jxlink.require_text(reason, 'the reason')
    WHERE x.request_id = r.request_id;
    PERFORM jxlink.obligation_close(r.request_id, '{share_request}', occurred_at, me.role_name, 'met', reason);
    UPDATE jxlink.obligation o SET refused = true WHERE o.subject_id = r.request_id AND o.kind = 'share_request';
    RETURN 'refused';
END
$$;
COMMENT ON FUNCTION jxlink.refuse_share_request(request uuid, reason text, occurred_at timestamp with time zone) IS '被请求单位拒绝提供信息并说明理由：义务记为以拒绝作答，计入不配合情况（四（三））。 The requested unit refuses, with a reason: the obligation is answered by a refusal and counts against the unit (四（三）).';
REVOKE ALL ON FUNCTION jxlink.refuse_share_request(request uuid, reason text, occurred_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.refuse_share_request(request uuid, reason text, occurred_at timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

CREATE FUNCTION jxlink.request_share(to_unit uuid, category jxlink.share_category, title text, due_on date DEFAULT NULL::date, occurred_at timestamp with time zone DEFAULT now()) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    me     jxlink.staff := jxlink.caller_staff();
    result uuid;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM jxlink.unit u WHERE u.unit_id = to_unit AND u.jurisdiction = me.jurisdiction) THEN
        RAISE EXCEPTION 'unit % is not a unit of the jurisdiction', to_unit USING ERRCODE = 'invalid_parameter_value';
    ELSIF to_unit = me.unit_id THEN
        RAISE EXCEPTION 'a unit does not request information from itself' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM jxlink.check_occurred_at(occurred_at, '-infinity', 'ever');
    IF due_on IS NOT NULL AND due_on < jxlink.local_date(occurred_at) THEN
        RAISE EXCEPTION 'the agreed last day % is before the request', due_on USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO jxlink.share_request (jurisdiction, from_unit, to_unit, category, title, due_on, requested_at, created_by)
    VALUES (me.jurisdiction, me.unit_id, to_unit, category, jxlink.require_text(title, 'the title'), due_on, occurred_at, me.role_name)
    RETURNING request_id INTO result;
    PERFORM jxlink.obligation_open('share_request', 'share_request', 'share_request', result, to_unit, me.unit_id,
                                   occurred_at, due_on);
    RETURN result;
END
$$;
COMMENT ON FUNCTION jxlink.request_share(to_unit uuid, category jxlink.share_category, title text, due_on date, occurred_at timestamp with time zone) IS '请求另一单位提供信息（三（一）4），开立其 share_request 义务：至约定的最后一日 24:00，未约定的按本地默认期限。 Ask another unit for information (三（一）4): opens its share_request obligation, due at 24:00 of the agreed last day or after the local default period.';
REVOKE ALL ON FUNCTION jxlink.request_share(to_unit uuid, category jxlink.share_category, title text, due_on date, occurred_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.request_share(to_unit uuid, category jxlink.share_category, title text, due_on date, occurred_at timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

CREATE FUNCTION jxlink.share_information(category jxlink.share_category, title text, recipients uuid[], reference text DEFAULT NULL::text, effective_on date DEFAULT NULL::date, occurred_at timestamp with time zone DEFAULT now()) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    me jxlink.staff := jxlink.caller_staff();
BEGIN
    PERFORM jxlink.check_occurred_at(occurred_at, '-infinity', 'ever');
    RETURN jxlink.share_insert(me, category, title, reference, effective_on, recipients, occurred_at, NULL);
END
$$;
COMMENT ON FUNCTION jxlink.share_information(category jxlink.share_category, title text, recipients uuid[], reference text, effective_on date, occurred_at timestamp with time zone) IS '本单位向其他单位共享执法信息（三（一））；法规、标准、裁量基准、流程调整类（rules_standards）总会通报综合执法队。 Share enforcement information with other units (三（一）); changes of rules, standards, discretion benchmarks and workflows always reach the enforcement team.';
REVOKE ALL ON FUNCTION jxlink.share_information(category jxlink.share_category, title text, recipients uuid[], reference text, effective_on date, occurred_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.share_information(category jxlink.share_category, title text, recipients uuid[], reference text, effective_on date, occurred_at timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

-- Record a share and its recipients; returns its identifier.
CREATE FUNCTION jxlink.share_insert(me jxlink.staff, category jxlink.share_category, title text, reference text, effective_on date, recipients uuid[], shared_at timestamp with time zone, referral uuid) RETURNS uuid
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    result uuid;
    team   uuid;
BEGIN
    SELECT u.unit_id INTO team FROM jxlink.unit u
    WHERE u.jurisdiction = me.jurisdiction AND u.kind = 'enforcement_team' AND u.active;
    -- changes of rules, standards and discretion benchmarks reach the team (三（一）1)
    IF category = 'rules_standards' AND team IS NOT NULL AND team <> me.unit_id THEN
        recipients := array_append(coalesce(recipients, '{}'), team);
    END IF;
    IF recipients IS NULL OR cardinality(array_remove(recipients, me.unit_id)) = 0 THEN
        RAISE EXCEPTION 'a share needs at least one recipient unit other than the sender' USING ERRCODE = 'invalid_parameter_value';
    ELSIF EXISTS (SELECT 1 FROM unnest(recipients) r WHERE NOT EXISTS (
                      SELECT 1 FROM jxlink.unit u WHERE u.unit_id = r AND u.jurisdiction = me.jurisdiction)) THEN
        RAISE EXCEPTION 'recipients are units of the jurisdiction' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO jxlink.share (jurisdiction, category, from_unit, title, reference, effective_on, shared_at, referral_id, created_by)
    VALUES (me.jurisdiction, category, me.unit_id, jxlink.require_text(title, 'the title'), reference, effective_on,
            shared_at, referral, me.role_name)
    RETURNING share_id INTO result;
    INSERT INTO jxlink.share_recipient (share_id, jurisdiction, unit_id)
    SELECT DISTINCT result, me.jurisdiction, r FROM unnest(recipients) r WHERE r <> me.unit_id;
    RETURN result;
END
$$;
COMMENT ON FUNCTION jxlink.share_insert(me jxlink.staff, category jxlink.share_category, title text, reference text, effective_on date, recipients uuid[], shared_at timestamp with time zone, referral uuid) IS '（内部）记录一次共享及其接收单位；法规标准类的调整自动通报综合执法队（三（一）1）。 (Internal) Record a share and its recipients; changes of rules and standards always reach the team (三（一）1).';
REVOKE ALL ON FUNCTION jxlink.share_insert(me jxlink.staff, category jxlink.share_category, title text, reference text, effective_on date, recipients uuid[], shared_at timestamp with time zone, referral uuid) FROM PUBLIC;

-- The sender of a share, and the leader of a patrol, whatever the caller sees
-- (for the policies of the tables that point at them, without recursion).
CREATE FUNCTION jxlink.share_sender(share_id uuid) RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$ SELECT s.from_unit FROM jxlink.share s WHERE s.share_id = share_sender.share_id $$;
COMMENT ON FUNCTION jxlink.share_sender(share_id uuid) IS '（供策略使用）共享信息的提供单位。 (For the policies) The sending unit of a share.';
REVOKE ALL ON FUNCTION jxlink.share_sender(share_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.share_sender(share_id uuid) TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;

CREATE POLICY share_recipient_read ON jxlink.share_recipient FOR SELECT
USING (unit_id = ANY ((SELECT jxlink.my_units())::uuid[]) OR (SELECT jxlink.reads_everything())
       OR jxlink.share_sender(share_id) = ANY ((SELECT jxlink.my_units())::uuid[]));

/*
 * sql/45_assistance.sql — Assistance requests between units (二, 四（三）: technical support, joint inspections).
 *
 * A concept file: the current definition of each object, once, with its
 * comments, grants, policies and triggers.  The build concatenates the concept
 * files (sql/NN_*.sql, in order) into the install script of the current version.
 */

CREATE TABLE jxlink.assistance_request (
    request_id uuid DEFAULT jxlink.uuid_v7() NOT NULL,
    jurisdiction text DEFAULT jxlink.local_jurisdiction() NOT NULL,
    requesting_unit uuid NOT NULL,
    requested_unit uuid NOT NULL,
    kind text NOT NULL,
    purpose text NOT NULL,
    place text,
    wanted_at timestamp with time zone,
    requested_at timestamp with time zone NOT NULL,
    answer text,
    people_sent text,
    refusal_reason text,
    answered_at timestamp with time zone,
    created_by text NOT NULL,
    CONSTRAINT assistance_request_answer_check CHECK (answer IN ('agreed', 'refused')),
    CONSTRAINT assistance_request_check CHECK (requesting_unit <> requested_unit),
    CONSTRAINT assistance_request_kind_check CHECK (kind IN ('joint_inspection', 'investigation', 'technical_support')),
    CONSTRAINT assistance_request_purpose_check CHECK (purpose <> '')
);

ALTER TABLE ONLY jxlink.assistance_request FORCE ROW LEVEL SECURITY;
COMMENT ON TABLE jxlink.assistance_request IS '执法协助请求：科室、派驻机构请综合执法队参与重点监管对象检查（joint_inspection）；综合执法队请科室、派驻机构协助调查（investigation）或提供技术支持（technical_support）。拒绝或不答复计入不配合（四（三））。 Assistance requests: a section or agency asks the team to join an inspection; the team asks a section or agency for help with an investigation or for technical support. A refusal or silence counts against the requested unit (四（三）).';
COMMENT ON COLUMN jxlink.assistance_request.request_id IS '请求标识。 Request identifier.';
COMMENT ON COLUMN jxlink.assistance_request.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.assistance_request.requesting_unit IS '请求单位。 Requesting unit.';
COMMENT ON COLUMN jxlink.assistance_request.requested_unit IS '被请求单位（负有答复义务）。 Requested unit (owes the answer).';
COMMENT ON COLUMN jxlink.assistance_request.kind IS 'joint_inspection 联合检查、investigation 协助调查、technical_support 技术支持。 joint_inspection, investigation, technical_support.';
COMMENT ON COLUMN jxlink.assistance_request.purpose IS '事由与对象。 Purpose and object.';
COMMENT ON COLUMN jxlink.assistance_request.place IS '地点。 Place.';
COMMENT ON COLUMN jxlink.assistance_request.wanted_at IS '希望协助的时间。 When the help is wanted.';
COMMENT ON COLUMN jxlink.assistance_request.requested_at IS '请求时间。 When it was requested.';
COMMENT ON COLUMN jxlink.assistance_request.answer IS 'agreed 同意；refused 拒绝。 agreed or refused.';
COMMENT ON COLUMN jxlink.assistance_request.people_sent IS '派出人员。 People sent.';
COMMENT ON COLUMN jxlink.assistance_request.refusal_reason IS '拒绝理由。 Reason of a refusal.';
COMMENT ON COLUMN jxlink.assistance_request.answered_at IS '答复时间。 When it was answered.';
COMMENT ON COLUMN jxlink.assistance_request.created_by IS '登记人（数据库角色）。 Role that recorded it.';
ALTER TABLE ONLY jxlink.assistance_request
    ADD CONSTRAINT assistance_request_pkey PRIMARY KEY (request_id);
ALTER TABLE ONLY jxlink.assistance_request
    ADD CONSTRAINT assistance_request_jurisdiction_fkey FOREIGN KEY (jurisdiction) REFERENCES jxlink.jurisdiction(code);
ALTER TABLE ONLY jxlink.assistance_request
    ADD CONSTRAINT assistance_request_requested_unit_fkey FOREIGN KEY (requested_unit) REFERENCES jxlink.unit(unit_id);
ALTER TABLE ONLY jxlink.assistance_request
    ADD CONSTRAINT assistance_request_requesting_unit_fkey FOREIGN KEY (requesting_unit) REFERENCES jxlink.unit(unit_id);
ALTER TABLE jxlink.assistance_request ENABLE ROW LEVEL SECURITY;
GRANT SELECT ON TABLE jxlink.assistance_request TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;
SELECT pg_catalog.pg_extension_config_dump('jxlink.assistance_request', '');

CREATE POLICY assistance_request_read ON jxlink.assistance_request FOR SELECT
USING (requesting_unit = ANY ((SELECT jxlink.my_units())::uuid[]) OR requested_unit = ANY ((SELECT jxlink.my_units())::uuid[])
       OR (SELECT jxlink.reads_everything()));

CREATE FUNCTION jxlink.answer_assistance(request uuid, agreed boolean, detail text, occurred_at timestamp with time zone DEFAULT now()) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    me jxlink.staff := jxlink.caller_staff();
    r  jxlink.assistance_request;
BEGIN
    SELECT * INTO r FROM jxlink.assistance_request x WHERE x.request_id = answer_assistance.request FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'assistance request % does not exist', answer_assistance.request USING ERRCODE = 'no_data_found';
    ELSIF r.requested_unit <> me.unit_id THEN
        RAISE EXCEPTION 'only the requested unit answers this request' USING ERRCODE = 'insufficient_privilege';
    ELSIF r.answer IS NOT NULL THEN
        RAISE EXCEPTION 'the request was already answered (%)', r.answer USING ERRCODE = 'object_not_in_prerequisite_state';
    ELSIF agreed IS NULL THEN
        RAISE EXCEPTION 'agreed must be true or false' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    PERFORM jxlink.check_occurred_at(occurred_at, r.requested_at, 'the request');
    PERFORM jxlink.require_text(detail, CASE WHEN agreed THEN 'the people sent' ELSE 'the reason' END);
    UPDATE jxlink.assistance_request x
    SET answer = CASE WHEN agreed THEN 'agreed' ELSE 'refused' END, answered_at = occurred_at,
        people_sent = CASE WHEN agreed THEN detail END, refusal_reason = CASE WHEN NOT agreed THEN detail END
    WHERE x.request_id = r.request_id;
    PERFORM jxlink.obligation_close(r.request_id, '{assistance_request}', occurred_at, me.role_name, 'met', detail);
    IF NOT agreed THEN
        UPDATE jxlink.obligation o SET refused = true WHERE o.subject_id = r.request_id AND o.kind = 'assistance_request';
    END IF;
    RETURN CASE WHEN agreed THEN 'agreed' ELSE 'refused' END;
END
$$;
COMMENT ON FUNCTION jxlink.answer_assistance(request uuid, agreed boolean, detail text, occurred_at timestamp with time zone) IS '答复执法协助请求：同意（说明派出人员）或拒绝（说明理由，计入不配合，四（三））。 Answer an assistance request: agreed (with the people sent) or refused (with a reason; counts against the unit, 四（三）).';
REVOKE ALL ON FUNCTION jxlink.answer_assistance(request uuid, agreed boolean, detail text, occurred_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.answer_assistance(request uuid, agreed boolean, detail text, occurred_at timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

CREATE FUNCTION jxlink.request_assistance(requested_unit uuid, kind text, purpose text, place text DEFAULT NULL::text, wanted_at timestamp with time zone DEFAULT NULL::timestamp with time zone, occurred_at timestamp with time zone DEFAULT now()) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    me        jxlink.staff := jxlink.caller_staff();
    my_kind   text;
    its_kind  text;
    result    uuid;
BEGIN
    SELECT u.kind INTO my_kind FROM jxlink.unit u WHERE u.unit_id = me.unit_id;
    SELECT u.kind INTO its_kind FROM jxlink.unit u WHERE u.unit_id = requested_unit AND u.jurisdiction = me.jurisdiction;
    IF its_kind IS NULL THEN
        RAISE EXCEPTION 'unit % is not a unit of the jurisdiction', requested_unit USING ERRCODE = 'invalid_parameter_value';
    ELSIF kind IS NULL OR kind NOT IN ('joint_inspection', 'investigation', 'technical_support') THEN
        RAISE EXCEPTION 'unknown kind of assistance "%"', kind
            USING ERRCODE = 'invalid_parameter_value', DETAIL = 'Kinds: joint_inspection, investigation, technical_support.';
    ELSIF kind = 'joint_inspection' AND NOT (my_kind IN ('functional_section', 'dispatched_agency') AND its_kind = 'enforcement_team') THEN
        RAISE EXCEPTION 'a joint inspection is asked of the enforcement team by a section or agency'
            USING ERRCODE = 'object_not_in_prerequisite_state';
    ELSIF kind <> 'joint_inspection' AND NOT (my_kind = 'enforcement_team' AND its_kind IN ('functional_section', 'dispatched_agency')) THEN
        RAISE EXCEPTION 'help with an investigation or technical support is asked by the team of a section or agency'
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    PERFORM jxlink.check_occurred_at(occurred_at, '-infinity', 'ever');
    INSERT INTO jxlink.assistance_request (jurisdiction, requesting_unit, requested_unit, kind, purpose, place, wanted_at,
                                           requested_at, created_by)
    VALUES (me.jurisdiction, me.unit_id, requested_unit, kind, jxlink.require_text(purpose, 'the purpose'), place, wanted_at,
            occurred_at, me.role_name)
    RETURNING request_id INTO result;
    PERFORM jxlink.obligation_open('assistance_request', 'assistance_request', 'assistance_request', result,
                                   requested_unit, me.unit_id, occurred_at);
    RETURN result;
END
$$;
COMMENT ON FUNCTION jxlink.request_assistance(requested_unit uuid, kind text, purpose text, place text, wanted_at timestamp with time zone, occurred_at timestamp with time zone) IS '请求执法协助（二、四（三））：开立被请求单位的 assistance_request 答复义务（本地默认 2 个工作日）。 Ask for enforcement assistance (二, 四（三）): opens the requested unit''s assistance_request obligation to answer (local default: 2 working days).';
REVOKE ALL ON FUNCTION jxlink.request_assistance(requested_unit uuid, kind text, purpose text, place text, wanted_at timestamp with time zone, occurred_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.request_assistance(requested_unit uuid, kind text, purpose text, place text, wanted_at timestamp with time zone, occurred_at timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

/*
 * sql/50_patrols.sql — Grid patrols (二（五）): patrols, participants, findings, cases opened from findings.
 *
 * A concept file: the current definition of each object, once, with its
 * comments, grants, policies and triggers.  The build concatenates the concept
 * files (sql/NN_*.sql, in order) into the install script of the current version.
 */

CREATE TABLE jxlink.patrol (
    patrol_id uuid DEFAULT jxlink.uuid_v7() NOT NULL,
    jurisdiction text DEFAULT jxlink.local_jurisdiction() NOT NULL,
    patrolled_at timestamp with time zone NOT NULL,
    area text NOT NULL,
    led_by uuid NOT NULL,
    created_by text NOT NULL,
    CONSTRAINT patrol_area_check CHECK (area <> '')
);

ALTER TABLE ONLY jxlink.patrol FORCE ROW LEVEL SECURITY;
COMMENT ON TABLE jxlink.patrol IS '网格化联合巡查（二（五））：职能科室、派驻机构与包社区工作组、社区网格共同开展。 Grid patrols (二（五）) by sections and agencies with community work groups and grids.';
COMMENT ON COLUMN jxlink.patrol.patrol_id IS '巡查标识。 Patrol identifier.';
COMMENT ON COLUMN jxlink.patrol.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.patrol.patrolled_at IS '巡查时间。 When.';
COMMENT ON COLUMN jxlink.patrol.area IS '巡查区域。 Area.';
COMMENT ON COLUMN jxlink.patrol.led_by IS '牵头单位。 Leading unit.';
COMMENT ON COLUMN jxlink.patrol.created_by IS '登记人（数据库角色）。 Role that recorded it.';
ALTER TABLE ONLY jxlink.patrol
    ADD CONSTRAINT patrol_pkey PRIMARY KEY (patrol_id);
ALTER TABLE ONLY jxlink.patrol
    ADD CONSTRAINT patrol_jurisdiction_fkey FOREIGN KEY (jurisdiction) REFERENCES jxlink.jurisdiction(code);
ALTER TABLE ONLY jxlink.patrol
    ADD CONSTRAINT patrol_led_by_fkey FOREIGN KEY (led_by) REFERENCES jxlink.unit(unit_id);
ALTER TABLE jxlink.patrol ENABLE ROW LEVEL SECURITY;
GRANT SELECT ON TABLE jxlink.patrol TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;
SELECT pg_catalog.pg_extension_config_dump('jxlink.patrol', '');

CREATE TABLE jxlink.patrol_finding (
    finding_id uuid DEFAULT jxlink.uuid_v7() NOT NULL,
    jurisdiction text DEFAULT jxlink.local_jurisdiction() NOT NULL,
    patrol_id uuid NOT NULL,
    description text NOT NULL,
    place text,
    case_id uuid,
    CONSTRAINT patrol_finding_description_check CHECK (description <> '')
);

ALTER TABLE ONLY jxlink.patrol_finding FORCE ROW LEVEL SECURITY;
COMMENT ON TABLE jxlink.patrol_finding IS '巡查发现的问题；可据此登记案件（来源 patrol 或 grid_report）。 Problems found on a patrol; a finding can open a case (source patrol or grid_report).';
COMMENT ON COLUMN jxlink.patrol_finding.finding_id IS '发现标识。 Finding identifier.';
COMMENT ON COLUMN jxlink.patrol_finding.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.patrol_finding.patrol_id IS '巡查。 Patrol.';
COMMENT ON COLUMN jxlink.patrol_finding.description IS '问题描述。 Description.';
COMMENT ON COLUMN jxlink.patrol_finding.place IS '地点。 Place.';
COMMENT ON COLUMN jxlink.patrol_finding.case_id IS '据此登记的案件。 The case opened from it.';
ALTER TABLE ONLY jxlink.patrol_finding
    ADD CONSTRAINT patrol_finding_pkey PRIMARY KEY (finding_id);
ALTER TABLE ONLY jxlink.patrol_finding
    ADD CONSTRAINT patrol_finding_case_id_fkey FOREIGN KEY (case_id) REFERENCES jxlink.case_file(case_id);
ALTER TABLE ONLY jxlink.patrol_finding
    ADD CONSTRAINT patrol_finding_jurisdiction_fkey FOREIGN KEY (jurisdiction) REFERENCES jxlink.jurisdiction(code);
ALTER TABLE ONLY jxlink.patrol_finding
    ADD CONSTRAINT patrol_finding_patrol_id_fkey FOREIGN KEY (patrol_id) REFERENCES jxlink.patrol(patrol_id);
ALTER TABLE jxlink.patrol_finding ENABLE ROW LEVEL SECURITY;
GRANT SELECT ON TABLE jxlink.patrol_finding TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;
SELECT pg_catalog.pg_extension_config_dump('jxlink.patrol_finding', '');

CREATE POLICY patrol_finding_read ON jxlink.patrol_finding FOR SELECT
USING (EXISTS (SELECT 1 FROM jxlink.patrol p WHERE p.patrol_id = patrol_finding.patrol_id));

CREATE TABLE jxlink.patrol_participant (
    patrol_id uuid NOT NULL,
    jurisdiction text DEFAULT jxlink.local_jurisdiction() NOT NULL,
    unit_id uuid NOT NULL
);

ALTER TABLE ONLY jxlink.patrol_participant FORCE ROW LEVEL SECURITY;
COMMENT ON TABLE jxlink.patrol_participant IS '参加巡查的单位与社区组。 Units and community groups taking part in a patrol.';
COMMENT ON COLUMN jxlink.patrol_participant.patrol_id IS '巡查。 Patrol.';
COMMENT ON COLUMN jxlink.patrol_participant.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.patrol_participant.unit_id IS '参加单位。 Participating unit.';
ALTER TABLE ONLY jxlink.patrol_participant
    ADD CONSTRAINT patrol_participant_pkey PRIMARY KEY (patrol_id, unit_id);
ALTER TABLE ONLY jxlink.patrol_participant
    ADD CONSTRAINT patrol_participant_jurisdiction_fkey FOREIGN KEY (jurisdiction) REFERENCES jxlink.jurisdiction(code);
ALTER TABLE ONLY jxlink.patrol_participant
    ADD CONSTRAINT patrol_participant_patrol_id_fkey FOREIGN KEY (patrol_id) REFERENCES jxlink.patrol(patrol_id);
ALTER TABLE ONLY jxlink.patrol_participant
    ADD CONSTRAINT patrol_participant_unit_id_fkey FOREIGN KEY (unit_id) REFERENCES jxlink.unit(unit_id);
ALTER TABLE jxlink.patrol_participant ENABLE ROW LEVEL SECURITY;
GRANT SELECT ON TABLE jxlink.patrol_participant TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;
SELECT pg_catalog.pg_extension_config_dump('jxlink.patrol_participant', '');

CREATE POLICY patrol_read ON jxlink.patrol FOR SELECT
USING (led_by = ANY ((SELECT jxlink.my_units())::uuid[]) OR (SELECT jxlink.reads_everything())
       OR EXISTS (SELECT 1 FROM jxlink.patrol_participant p WHERE p.patrol_id = patrol.patrol_id
                  AND p.unit_id = ANY ((SELECT jxlink.my_units())::uuid[])));

CREATE FUNCTION jxlink.open_case_from_finding(finding uuid, category text, title text, source text DEFAULT 'patrol'::text) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    me     jxlink.staff := jxlink.caller_staff();
    f      jxlink.patrol_finding;
    p      jxlink.patrol;
    result uuid;
BEGIN
    SELECT * INTO f FROM jxlink.patrol_finding x WHERE x.finding_id = open_case_from_finding.finding FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'finding % does not exist', open_case_from_finding.finding USING ERRCODE = 'no_data_found';
    ELSIF f.case_id IS NOT NULL THEN
        RAISE EXCEPTION 'a case was already opened from this finding' USING ERRCODE = 'object_not_in_prerequisite_state';
    ELSIF source IS NULL OR source NOT IN ('patrol', 'grid_report') THEN
        RAISE EXCEPTION 'a finding opens a case of source patrol or grid_report, not %', coalesce(source, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT * INTO p FROM jxlink.patrol x WHERE x.patrol_id = f.patrol_id;
    IF NOT EXISTS (SELECT 1 FROM jxlink.patrol_participant x WHERE x.patrol_id = p.patrol_id AND x.unit_id = me.unit_id) THEN
        RAISE EXCEPTION 'only a unit that took part in the patrol opens a case from its finding' USING ERRCODE = 'insufficient_privilege';
    END IF;
    result := jxlink.open_case(category, source, title, p.patrolled_at,
                               jsonb_strip_nulls(jsonb_build_object('place', f.place, 'description', f.description)));
    UPDATE jxlink.patrol_finding x SET case_id = result WHERE x.finding_id = f.finding_id;
    RETURN result;
END
$$;
COMMENT ON FUNCTION jxlink.open_case_from_finding(finding uuid, category text, title text, source text) IS '据巡查发现登记案件（来源 patrol 或 grid_report，发现时间为巡查时间）。 Open a case from a patrol finding (source patrol or grid_report, found at the patrol time).';
REVOKE ALL ON FUNCTION jxlink.open_case_from_finding(finding uuid, category text, title text, source text) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.open_case_from_finding(finding uuid, category text, title text, source text) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

CREATE FUNCTION jxlink.patrol_leader(patrol_id uuid) RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$ SELECT p.led_by FROM jxlink.patrol p WHERE p.patrol_id = patrol_leader.patrol_id $$;
COMMENT ON FUNCTION jxlink.patrol_leader(patrol_id uuid) IS '（供策略使用）巡查的牵头单位。 (For the policies) The leading unit of a patrol.';
REVOKE ALL ON FUNCTION jxlink.patrol_leader(patrol_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.patrol_leader(patrol_id uuid) TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;

CREATE POLICY patrol_participant_read ON jxlink.patrol_participant FOR SELECT
USING (unit_id = ANY ((SELECT jxlink.my_units())::uuid[]) OR (SELECT jxlink.reads_everything())
       OR jxlink.patrol_leader(patrol_id) = ANY ((SELECT jxlink.my_units())::uuid[]));

CREATE FUNCTION jxlink.record_patrol(patrolled_at timestamp with time zone, area text, participants uuid[], findings text[] DEFAULT '{}'::text[]) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    me     jxlink.staff := jxlink.caller_staff();
    result uuid;
BEGIN
    PERFORM jxlink.check_occurred_at(patrolled_at, '-infinity', 'ever');
    IF EXISTS (SELECT 1 FROM unnest(coalesce(participants, '{}')) p WHERE NOT EXISTS (
                   SELECT 1 FROM jxlink.unit u WHERE u.unit_id = p AND u.jurisdiction = me.jurisdiction)) THEN
        RAISE EXCEPTION 'participants are units of the jurisdiction' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO jxlink.patrol (jurisdiction, patrolled_at, area, led_by, created_by)
    VALUES (me.jurisdiction, patrolled_at, jxlink.require_text(area, 'the area'), me.unit_id, me.role_name)
    RETURNING patrol_id INTO result;
    INSERT INTO jxlink.patrol_participant (patrol_id, jurisdiction, unit_id)
    SELECT DISTINCT result, me.jurisdiction, p FROM unnest(array_append(coalesce(participants, '{}'), me.unit_id)) p;
    INSERT INTO jxlink.patrol_finding (jurisdiction, patrol_id, description)
    SELECT me.jurisdiction, result, jxlink.require_text(f, 'a finding') FROM unnest(coalesce(findings, '{}')) f;
    RETURN result;
END
$$;
COMMENT ON FUNCTION jxlink.record_patrol(patrolled_at timestamp with time zone, area text, participants uuid[], findings text[]) IS '记录一次联合巡查（牵头单位为调用者所在单位）及其发现。 Record a patrol led by the caller''s unit, its participants and findings.';
REVOKE ALL ON FUNCTION jxlink.record_patrol(patrolled_at timestamp with time zone, area text, participants uuid[], findings text[]) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.record_patrol(patrolled_at timestamp with time zone, area text, participants uuid[], findings text[]) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

/*
 * sql/55_reading.sql — Reading the ledger (BI contract): the subject of an obligation, the as-of functions and the live views (overdue, due soon, scorecard).
 *
 * A concept file: the current definition of each object, once, with its
 * comments, grants, policies and triggers.  The build concatenates the concept
 * files (sql/NN_*.sql, in order) into the install script of the current version.
 */

CREATE FUNCTION jxlink.due_soon_as_of(as_of timestamp with time zone) RETURNS TABLE(obligation_id uuid, jurisdiction text, kind text, subject_type text, subject_id uuid, subject_ref text, subject_title text, owner_unit uuid, owner_code text, owner_name_zh text, owner_kind text, counterpart_unit uuid, counterpart_code text, counterpart_name_zh text, rule_code text, clause text, period_unit text, period_amount integer, started_at timestamp with time zone, due_at timestamp with time zone, due_date date, provisional boolean, workdays_left integer, hours_left numeric, fraction_left numeric, warning text)
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
SELECT o.obligation_id, o.jurisdiction, o.kind, o.subject_type, o.subject_id, o.subject_ref, o.subject_title,
       o.owner_unit, ou.code, ou.name_zh, ou.kind, o.counterpart_unit, cu.code, cu.name_zh,
       o.rule_code, o.clause, o.period_unit, o.period_amount,
       o.started_at, o.due_at, o.due_date, o.provisional,
       x.workdays_left, x.hours_left, x.fraction_left,
       CASE WHEN CASE WHEN o.period_unit OPERATOR(pg_catalog.=) 'hours'
                      THEN x.hours_left OPERATOR(pg_catalog.<=) s.hours
                      ELSE x.workdays_left OPERATOR(pg_catalog.<=) s.workdays END
                 OR x.fraction_left OPERATOR(pg_catalog.<=) s.fraction
            THEN 'yellow' ELSE 'green' END::pg_catalog.text
FROM jxlink.obligation o
JOIN jxlink.unit ou ON ou.unit_id OPERATOR(pg_catalog.=) o.owner_unit
LEFT JOIN jxlink.unit cu ON cu.unit_id OPERATOR(pg_catalog.=) o.counterpart_unit
CROSS JOIN LATERAL (
    SELECT w.workdays_left, w.hours_left,
           pg_catalog.round(CASE WHEN o.period_unit OPERATOR(pg_catalog.=) 'hours' THEN w.hours_left
                                 ELSE w.workdays_left::numeric END
                            OPERATOR(pg_catalog./) w.period_length, 3) AS fraction_left
    FROM (SELECT jxlink.workdays_between(jxlink.local_date(as_of), o.due_date) AS workdays_left,
                 jxlink.period_length(o.period_unit, o.period_amount, o.started_at, o.due_date) AS period_length,
                 pg_catalog.round(pg_catalog.date_part('epoch', o.due_at OPERATOR(pg_catalog.-) as_of)::numeric
                                  OPERATOR(pg_catalog./) 3600, 1) AS hours_left) w) x
CROSS JOIN (
    SELECT pg_catalog.max(t.value) FILTER (WHERE t.name OPERATOR(pg_catalog.=) 'due_soon_workdays') AS workdays,
           pg_catalog.max(t.value) FILTER (WHERE t.name OPERATOR(pg_catalog.=) 'due_soon_hours') AS hours,
           pg_catalog.max(t.value) FILTER (WHERE t.name OPERATOR(pg_catalog.=) 'due_soon_fraction') AS fraction
    FROM jxlink.setting t) s
WHERE o.due_at OPERATOR(pg_catalog.>) as_of
  AND o.started_at OPERATOR(pg_catalog.<=) as_of
  AND (o.status OPERATOR(pg_catalog.=) 'open' OR o.met_at OPERATOR(pg_catalog.>) as_of)
$$;
COMMENT ON FUNCTION jxlink.due_soon_as_of(as_of timestamp with time zone) IS '截至某一时刻未履行且未到期的义务，及剩余工作日、小时、剩余比例与预警级别（yellow 临期 / green 正常；阈值见 jxlink.setting）。 Obligations open and not yet due as of an instant, with the working days, hours and fraction of the period left and the warning level (yellow when due soon, green otherwise; thresholds in jxlink.setting).';
REVOKE ALL ON FUNCTION jxlink.due_soon_as_of(as_of timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.due_soon_as_of(as_of timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin, jxlink_bi;

CREATE FUNCTION jxlink.obligation_status_at(as_of timestamp with time zone) RETURNS TABLE(obligation_id uuid, jurisdiction text, kind text, subject_type text, subject_id uuid, subject_ref text, subject_title text, owner_unit uuid, owner_code text, owner_name_zh text, owner_kind text, counterpart_unit uuid, counterpart_code text, counterpart_name_zh text, rule_code text, clause text, period_unit text, period_amount integer, started_at timestamp with time zone, due_at timestamp with time zone, due_date date, provisional boolean, met_at timestamp with time zone, status text, late_workdays integer, workdays_left integer, hours_left numeric)
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
SELECT o.obligation_id, o.jurisdiction, o.kind, o.subject_type, o.subject_id, o.subject_ref, o.subject_title,
       o.owner_unit, ou.code, ou.name_zh, ou.kind, o.counterpart_unit, cu.code, cu.name_zh,
       o.rule_code, o.clause, o.period_unit, o.period_amount,
       o.started_at, o.due_at, o.due_date, o.provisional,
       CASE WHEN o.met_at OPERATOR(pg_catalog.<=) as_of THEN o.met_at END,
       CASE
           WHEN o.met_at OPERATOR(pg_catalog.<=) as_of AND o.status OPERATOR(pg_catalog.=) 'waived' THEN 'waived'
           WHEN o.met_at OPERATOR(pg_catalog.<=) as_of AND o.refused THEN 'refused'
           WHEN o.met_at OPERATOR(pg_catalog.<=) as_of AND o.met_late THEN 'met_late'
           WHEN o.met_at OPERATOR(pg_catalog.<=) as_of THEN 'met_on_time'
           WHEN o.due_at OPERATOR(pg_catalog.<=) as_of THEN 'overdue'
           WHEN CASE WHEN o.period_unit OPERATOR(pg_catalog.=) 'hours'
                     THEN x.hours_left OPERATOR(pg_catalog.<=) s.hours
                          OR x.hours_left OPERATOR(pg_catalog.<=) (s.fraction OPERATOR(pg_catalog.*) x.period_length)
                     ELSE x.workdays_left OPERATOR(pg_catalog.<=) s.workdays
                          OR x.workdays_left OPERATOR(pg_catalog.<=) (s.fraction OPERATOR(pg_catalog.*) x.period_length)
                END THEN 'due_soon'
           ELSE 'pending'
       END::pg_catalog.text,
       CASE
           WHEN o.met_at OPERATOR(pg_catalog.<=) as_of AND o.status OPERATOR(pg_catalog.=) 'waived' THEN NULL
           WHEN o.met_at OPERATOR(pg_catalog.<=) as_of
               THEN pg_catalog.int4larger(jxlink.workdays_between(o.due_date, jxlink.local_date(o.met_at)), 0)
           WHEN o.due_at OPERATOR(pg_catalog.<=) as_of
               THEN pg_catalog.int4larger(jxlink.workdays_between(o.due_date, jxlink.local_date(as_of)), 0)
           ELSE 0
       END,
       CASE WHEN o.due_at OPERATOR(pg_catalog.>) as_of AND NOT coalesce(o.met_at OPERATOR(pg_catalog.<=) as_of, false)
            THEN x.workdays_left END,
       CASE WHEN o.due_at OPERATOR(pg_catalog.>) as_of AND NOT coalesce(o.met_at OPERATOR(pg_catalog.<=) as_of, false)
            THEN x.hours_left END
FROM jxlink.obligation o
JOIN jxlink.unit ou ON ou.unit_id OPERATOR(pg_catalog.=) o.owner_unit
LEFT JOIN jxlink.unit cu ON cu.unit_id OPERATOR(pg_catalog.=) o.counterpart_unit
CROSS JOIN LATERAL (
    SELECT jxlink.workdays_between(jxlink.local_date(as_of), o.due_date) AS workdays_left,
           pg_catalog.round(pg_catalog.date_part('epoch', o.due_at OPERATOR(pg_catalog.-) as_of)::numeric
                            OPERATOR(pg_catalog./) 3600, 1) AS hours_left,
           jxlink.period_length(o.period_unit, o.period_amount, o.started_at, o.due_date) AS period_length) x
CROSS JOIN (
    SELECT pg_catalog.max(t.value) FILTER (WHERE t.name OPERATOR(pg_catalog.=) 'due_soon_workdays') AS workdays,
           pg_catalog.max(t.value) FILTER (WHERE t.name OPERATOR(pg_catalog.=) 'due_soon_hours') AS hours,
           pg_catalog.max(t.value) FILTER (WHERE t.name OPERATOR(pg_catalog.=) 'due_soon_fraction') AS fraction
    FROM jxlink.setting t) s
WHERE o.started_at OPERATOR(pg_catalog.<=) as_of
$$;
COMMENT ON FUNCTION jxlink.obligation_status_at(as_of timestamp with time zone) IS '截至某一时刻的每项义务及其唯一状态：pending 未到期、due_soon 临期、overdue 逾期、met_on_time 按时履行、met_late 逾期履行、waived 免除；用于趋势图与历史报表（结果不随今天变化）。 Every obligation as of an instant with one status — pending, due_soon, overdue, met_on_time, met_late, waived — for trend charts and past reports (the answer does not change with today).';
REVOKE ALL ON FUNCTION jxlink.obligation_status_at(as_of timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.obligation_status_at(as_of timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin, jxlink_bi;

CREATE FUNCTION jxlink.overdue_as_of(as_of timestamp with time zone) RETURNS TABLE(obligation_id uuid, jurisdiction text, kind text, subject_type text, subject_id uuid, subject_ref text, subject_title text, owner_unit uuid, owner_code text, owner_name_zh text, owner_kind text, counterpart_unit uuid, counterpart_code text, counterpart_name_zh text, rule_code text, clause text, period_unit text, period_amount integer, started_at timestamp with time zone, due_at timestamp with time zone, due_date date, provisional boolean, late_workdays integer, late_hours numeric, warning text)
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
SELECT o.obligation_id, o.jurisdiction, o.kind, o.subject_type, o.subject_id, o.subject_ref, o.subject_title,
       o.owner_unit, ou.code, ou.name_zh, ou.kind, o.counterpart_unit, cu.code, cu.name_zh,
       o.rule_code, o.clause, o.period_unit, o.period_amount,
       o.started_at, o.due_at, o.due_date, o.provisional,
       pg_catalog.int4larger(jxlink.workdays_between(o.due_date, jxlink.local_date(as_of)), 0),
       pg_catalog.round(pg_catalog.date_part('epoch', as_of OPERATOR(pg_catalog.-) o.due_at)::numeric
                        OPERATOR(pg_catalog./) 3600, 1),
       'red'::pg_catalog.text
FROM jxlink.obligation o
JOIN jxlink.unit ou ON ou.unit_id OPERATOR(pg_catalog.=) o.owner_unit
LEFT JOIN jxlink.unit cu ON cu.unit_id OPERATOR(pg_catalog.=) o.counterpart_unit
WHERE o.due_at OPERATOR(pg_catalog.<=) as_of
  AND o.started_at OPERATOR(pg_catalog.<=) as_of
  AND (o.status OPERATOR(pg_catalog.=) 'open' OR o.met_at OPERATOR(pg_catalog.>) as_of)
$$;
COMMENT ON FUNCTION jxlink.overdue_as_of(as_of timestamp with time zone) IS '截至某一时刻已逾期未履行的义务（含之后才履行或免除的），及逾期工作日数与小时数。 The obligations overdue and not met as of an instant (including those met or waived later), with how late in working days and in hours.';
REVOKE ALL ON FUNCTION jxlink.overdue_as_of(as_of timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.overdue_as_of(as_of timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin, jxlink_bi;

CREATE FUNCTION jxlink.unit_scorecard_at(from_date date, to_date date, as_of timestamp with time zone) RETURNS TABLE(jurisdiction text, unit_id uuid, unit_code text, unit_name_zh text, unit_kind text, quarter text, quarter_start date, kind text, total bigint, met_on_time bigint, met_late bigint, overdue bigint, not_yet_due bigint, waived bigint, refused bigint, on_time_rate numeric, avg_late_workdays numeric, max_late_workdays integer)
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
SELECT g.jurisdiction, g.owner_unit, u.code, u.name_zh, u.kind,
       pg_catalog.to_char(g.quarter_start::timestamp without time zone, 'YYYY-"Q"Q'), g.quarter_start, g.kind,
       g.total, g.met_on_time, g.met_late, g.overdue, g.not_yet_due, g.waived, g.refused,
       CASE WHEN g.judged OPERATOR(pg_catalog.>) 0
            THEN pg_catalog.round(g.met_on_time::numeric OPERATOR(pg_catalog./) g.judged, 4) END,
       pg_catalog.round(g.avg_late, 2), g.max_late
FROM (
    SELECT s.jurisdiction, s.owner_unit,
           pg_catalog.date_trunc('quarter', s.due_date::timestamp without time zone)::pg_catalog.date AS quarter_start,
           s.kind,
           pg_catalog.count(*) AS total,
           pg_catalog.count(*) FILTER (WHERE s.status OPERATOR(pg_catalog.=) 'met_on_time') AS met_on_time,
           pg_catalog.count(*) FILTER (WHERE s.status OPERATOR(pg_catalog.=) 'met_late') AS met_late,
           pg_catalog.count(*) FILTER (WHERE s.status OPERATOR(pg_catalog.=) 'overdue') AS overdue,
           pg_catalog.count(*) FILTER (WHERE s.status OPERATOR(pg_catalog.=) ANY ('{pending,due_soon}'::pg_catalog.text[])) AS not_yet_due,
           pg_catalog.count(*) FILTER (WHERE s.status OPERATOR(pg_catalog.=) 'waived') AS waived,
           pg_catalog.count(*) FILTER (WHERE s.status OPERATOR(pg_catalog.=) 'refused') AS refused,
           pg_catalog.count(*) FILTER (WHERE s.status OPERATOR(pg_catalog.=) ANY ('{met_on_time,met_late,overdue,refused}'::pg_catalog.text[])) AS judged,
           pg_catalog.avg(s.late_workdays) FILTER (WHERE s.status OPERATOR(pg_catalog.=) ANY ('{met_late,overdue}'::pg_catalog.text[])) AS avg_late,
           pg_catalog.max(s.late_workdays) FILTER (WHERE s.status OPERATOR(pg_catalog.=) ANY ('{met_late,overdue}'::pg_catalog.text[])) AS max_late
    FROM jxlink.obligation_status_at(as_of) s
    WHERE s.due_date OPERATOR(pg_catalog.>=) from_date
      AND s.due_date OPERATOR(pg_catalog.<=) to_date
    GROUP BY s.jurisdiction, s.owner_unit,
             pg_catalog.date_trunc('quarter', s.due_date::timestamp without time zone)::pg_catalog.date, s.kind) g
JOIN jxlink.unit u ON u.unit_id OPERATOR(pg_catalog.=) g.owner_unit
$$;
COMMENT ON FUNCTION jxlink.unit_scorecard_at(from_date date, to_date date, as_of timestamp with time zone) IS '（供报表）期限届满日在 [from_date, to_date] 内的义务，按单位、季度、种类统计截至 as_of 的结果。 (For reports) Obligations whose last day falls in [from_date, to_date], counted per unit, quarter and kind as of an instant.';
REVOKE ALL ON FUNCTION jxlink.unit_scorecard_at(from_date date, to_date date, as_of timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.unit_scorecard_at(from_date date, to_date date, as_of timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin, jxlink_bi;

CREATE VIEW jxlink.unit_scorecard WITH (security_invoker = true) AS
SELECT * FROM jxlink.unit_scorecard_at('-infinity', 'infinity', pg_catalog.now());
COMMENT ON VIEW jxlink.unit_scorecard IS '各单位每季度、每种义务的履行情况（按期限届满日所在季度，截至当前）：总数、按时、逾期履行、仍逾期、未到期、免除、按时率、平均与最长逾期工作日。 Per unit, quarter (of the last day) and kind, as of now: total, met on time, met late, still overdue, not yet due, waived, on-time rate, average and worst lateness in working days.';
COMMENT ON COLUMN jxlink.unit_scorecard.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.unit_scorecard.unit_id IS '单位标识。 Unit identifier.';
COMMENT ON COLUMN jxlink.unit_scorecard.unit_code IS '单位代码。 Unit code.';
COMMENT ON COLUMN jxlink.unit_scorecard.unit_name_zh IS '单位名称。 Unit name.';
COMMENT ON COLUMN jxlink.unit_scorecard.unit_kind IS '单位类别。 Unit kind.';
COMMENT ON COLUMN jxlink.unit_scorecard.quarter IS '季度（期限届满日所在，如 2024-Q4）。 Quarter of the last day (e.g. 2024-Q4).';
COMMENT ON COLUMN jxlink.unit_scorecard.quarter_start IS '季度首日。 First day of the quarter.';
COMMENT ON COLUMN jxlink.unit_scorecard.kind IS '义务种类（transfer、acknowledge、file_case、copy_back、licence_followup 等）。 Kind of obligation (transfer, acknowledge, file_case, copy_back, licence_followup...).';
COMMENT ON COLUMN jxlink.unit_scorecard.total IS '义务总数。 Number of obligations.';
COMMENT ON COLUMN jxlink.unit_scorecard.met_on_time IS '按时履行数。 Met on time.';
COMMENT ON COLUMN jxlink.unit_scorecard.met_late IS '逾期履行数。 Met late.';
COMMENT ON COLUMN jxlink.unit_scorecard.overdue IS '仍逾期未履行数。 Still overdue.';
COMMENT ON COLUMN jxlink.unit_scorecard.not_yet_due IS '未到期数。 Not yet due.';
COMMENT ON COLUMN jxlink.unit_scorecard.waived IS '免除数。 Waived.';
COMMENT ON COLUMN jxlink.unit_scorecard.refused IS '以拒绝作答数（计入按时率分母）。 Answered with a refusal (counted in the on-time rate''s denominator).';
COMMENT ON COLUMN jxlink.unit_scorecard.on_time_rate IS '按时率＝按时履行 ÷（按时＋逾期履行＋仍逾期＋拒绝）。 On-time rate = met on time / (met on time + met late + still overdue + refused).';
COMMENT ON COLUMN jxlink.unit_scorecard.avg_late_workdays IS '平均逾期工作日（逾期履行及仍逾期者）。 Average working days late (met late and still overdue).';
COMMENT ON COLUMN jxlink.unit_scorecard.max_late_workdays IS '最长逾期工作日。 Worst lateness in working days.';
GRANT SELECT ON TABLE jxlink.unit_scorecard TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;

CREATE FUNCTION jxlink.unit_scorecard_for(from_date date, to_date date) RETURNS SETOF jxlink.unit_scorecard
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    period_end timestamptz := jxlink.local_midnight(to_date + 1);
BEGIN
    IF from_date IS NULL OR to_date IS NULL OR from_date > to_date THEN
        RAISE EXCEPTION 'invalid period: % to %', from_date, to_date
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Give the first and the last day, the first not after the last.';
    END IF;
    RETURN QUERY SELECT * FROM jxlink.unit_scorecard_at(from_date, to_date, least(period_end, now()));
END
$$;
COMMENT ON FUNCTION jxlink.unit_scorecard_for(from_date date, to_date date) IS '某一期间（期限届满日在 [from_date, to_date] 内）的单位履行报表，按期末（to_date 次日 00:00 本地时间）状态计算：上季度的报表不随今天变化。 The unit scorecard of a period (last day in [from_date, to_date]) judged as at its end (00:00 local time after to_date): last quarter''s report does not change with today.';
REVOKE ALL ON FUNCTION jxlink.unit_scorecard_for(from_date date, to_date date) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.unit_scorecard_for(from_date date, to_date date) TO jxlink_clerk, jxlink_supervisor, jxlink_admin, jxlink_bi;

CREATE VIEW jxlink.due_soon WITH (security_invoker = true) AS
SELECT * FROM jxlink.due_soon_as_of(pg_catalog.now());
COMMENT ON VIEW jxlink.due_soon IS '当前未履行且未到期的义务及剩余时间与预警级别（yellow：剩余不超过 1 个工作日或期限的 25%，可在 jxlink.setting 中调整；逾期者见 overdue，为 red）。 Open obligations not yet due, with the time left and a warning level (yellow: at most 1 working day or 25% of the period left, adjustable in jxlink.setting; overdue ones are red, in overdue).';
COMMENT ON COLUMN jxlink.due_soon.obligation_id IS '义务标识。 Obligation identifier.';
COMMENT ON COLUMN jxlink.due_soon.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.due_soon.kind IS '义务种类（transfer、acknowledge、file_case、copy_back、licence_followup 等）。 Kind of obligation (transfer, acknowledge, file_case, copy_back, licence_followup...).';
COMMENT ON COLUMN jxlink.due_soon.subject_type IS '事项类型。 Type of the subject.';
COMMENT ON COLUMN jxlink.due_soon.subject_id IS '事项标识。 Subject identifier.';
COMMENT ON COLUMN jxlink.due_soon.subject_ref IS '事项编号（移送函文号、立案号）。 Reference of the subject (letter or case number).';
COMMENT ON COLUMN jxlink.due_soon.subject_title IS '事项标题（案由）。 Title of the subject.';
COMMENT ON COLUMN jxlink.due_soon.owner_unit IS '负有义务的单位。 The unit that owes it.';
COMMENT ON COLUMN jxlink.due_soon.owner_code IS '负有义务单位的代码。 Code of the owing unit.';
COMMENT ON COLUMN jxlink.due_soon.owner_name_zh IS '负有义务单位的名称。 Name of the owing unit.';
COMMENT ON COLUMN jxlink.due_soon.owner_kind IS '负有义务单位的类别。 Kind of the owing unit.';
COMMENT ON COLUMN jxlink.due_soon.counterpart_unit IS '义务指向的单位。 The unit it is owed to.';
COMMENT ON COLUMN jxlink.due_soon.counterpart_code IS '义务指向单位的代码。 Code of the unit it is owed to.';
COMMENT ON COLUMN jxlink.due_soon.counterpart_name_zh IS '义务指向单位的名称。 Name of the unit it is owed to.';
COMMENT ON COLUMN jxlink.due_soon.rule_code IS '期限规则。 Deadline rule.';
COMMENT ON COLUMN jxlink.due_soon.clause IS '依据条款。 Clause.';
COMMENT ON COLUMN jxlink.due_soon.period_unit IS 'workdays 工作日 / hours 小时。 workdays or hours.';
COMMENT ON COLUMN jxlink.due_soon.period_amount IS '期限长度。 Length of the period.';
COMMENT ON COLUMN jxlink.due_soon.started_at IS '起算时刻。 When the period started.';
COMMENT ON COLUMN jxlink.due_soon.due_at IS '逾期起点。 First late instant.';
COMMENT ON COLUMN jxlink.due_soon.due_date IS '期限届满日（本地）。 Last day (local).';
COMMENT ON COLUMN jxlink.due_soon.provisional IS '届满日所在年份尚无官方安排（暂定）。 The last day falls in a year without an official schedule (provisional).';
COMMENT ON COLUMN jxlink.due_soon.workdays_left IS '剩余工作日（不含当日；0 表示今日为最后一日）。 Working days left after today (0: today is the last day).';
COMMENT ON COLUMN jxlink.due_soon.hours_left IS '剩余小时数。 Hours left.';
COMMENT ON COLUMN jxlink.due_soon.fraction_left IS '剩余时间占期限的比例。 Fraction of the period left.';
COMMENT ON COLUMN jxlink.due_soon.warning IS '预警级别：red 逾期、yellow 临期、green 正常。 Warning level: red overdue, yellow due soon, green.';
GRANT SELECT ON TABLE jxlink.due_soon TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;

CREATE VIEW jxlink.obligation_status WITH (security_invoker = true) AS
SELECT * FROM jxlink.obligation_status_at(pg_catalog.now());
COMMENT ON VIEW jxlink.obligation_status IS '每项义务的当前状态（pending、due_soon、overdue、met_on_time、met_late、waived）。 Every obligation with its current status (pending, due_soon, overdue, met_on_time, met_late, waived).';
COMMENT ON COLUMN jxlink.obligation_status.obligation_id IS '义务标识。 Obligation identifier.';
COMMENT ON COLUMN jxlink.obligation_status.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.obligation_status.kind IS '义务种类（transfer、acknowledge、file_case、copy_back、licence_followup 等）。 Kind of obligation (transfer, acknowledge, file_case, copy_back, licence_followup...).';
COMMENT ON COLUMN jxlink.obligation_status.subject_type IS '事项类型。 Type of the subject.';
COMMENT ON COLUMN jxlink.obligation_status.subject_id IS '事项标识。 Subject identifier.';
COMMENT ON COLUMN jxlink.obligation_status.subject_ref IS '事项编号（移送函文号、立案号）。 Reference of the subject (letter or case number).';
COMMENT ON COLUMN jxlink.obligation_status.subject_title IS '事项标题（案由）。 Title of the subject.';
COMMENT ON COLUMN jxlink.obligation_status.owner_unit IS '负有义务的单位。 The unit that owes it.';
COMMENT ON COLUMN jxlink.obligation_status.owner_code IS '负有义务单位的代码。 Code of the owing unit.';
COMMENT ON COLUMN jxlink.obligation_status.owner_name_zh IS '负有义务单位的名称。 Name of the owing unit.';
COMMENT ON COLUMN jxlink.obligation_status.owner_kind IS '负有义务单位的类别。 Kind of the owing unit.';
COMMENT ON COLUMN jxlink.obligation_status.counterpart_unit IS '义务指向的单位。 The unit it is owed to.';
COMMENT ON COLUMN jxlink.obligation_status.counterpart_code IS '义务指向单位的代码。 Code of the unit it is owed to.';
COMMENT ON COLUMN jxlink.obligation_status.counterpart_name_zh IS '义务指向单位的名称。 Name of the unit it is owed to.';
COMMENT ON COLUMN jxlink.obligation_status.rule_code IS '期限规则。 Deadline rule.';
COMMENT ON COLUMN jxlink.obligation_status.clause IS '依据条款。 Clause.';
COMMENT ON COLUMN jxlink.obligation_status.period_unit IS 'workdays 工作日 / hours 小时。 workdays or hours.';
COMMENT ON COLUMN jxlink.obligation_status.period_amount IS '期限长度。 Length of the period.';
COMMENT ON COLUMN jxlink.obligation_status.started_at IS '起算时刻。 When the period started.';
COMMENT ON COLUMN jxlink.obligation_status.due_at IS '逾期起点。 First late instant.';
COMMENT ON COLUMN jxlink.obligation_status.due_date IS '期限届满日（本地）。 Last day (local).';
COMMENT ON COLUMN jxlink.obligation_status.provisional IS '届满日所在年份尚无官方安排（暂定）。 The last day falls in a year without an official schedule (provisional).';
COMMENT ON COLUMN jxlink.obligation_status.met_at IS '履行或免除时刻。 When it was met or waived.';
COMMENT ON COLUMN jxlink.obligation_status.status IS '状态：pending 未到期、due_soon 临期、overdue 逾期、met_on_time 按时履行、met_late 逾期履行、refused 以拒绝作答、waived 免除。 pending, due_soon, overdue, met_on_time, met_late, refused, waived.';
COMMENT ON COLUMN jxlink.obligation_status.late_workdays IS '逾期工作日数（逾期履行者算至履行日，未履行者算至当日）。 Working days late (to the day met, or to the day of the answer if still open).';
COMMENT ON COLUMN jxlink.obligation_status.workdays_left IS '剩余工作日（不含当日；0 表示今日为最后一日）。 Working days left after today (0: today is the last day).';
COMMENT ON COLUMN jxlink.obligation_status.hours_left IS '剩余小时数。 Hours left.';
GRANT SELECT ON TABLE jxlink.obligation_status TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;

CREATE VIEW jxlink.overdue WITH (security_invoker = true) AS
SELECT * FROM jxlink.overdue_as_of(pg_catalog.now());
COMMENT ON VIEW jxlink.overdue IS '当前已逾期未履行的义务（红色预警）：谁欠谁、何事、依何条款、何时逾期、逾期多久。 Open obligations past due (red): who owes what to whom, under which clause, late since when and by how much.';
COMMENT ON COLUMN jxlink.overdue.obligation_id IS '义务标识。 Obligation identifier.';
COMMENT ON COLUMN jxlink.overdue.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.overdue.kind IS '义务种类（transfer、acknowledge、file_case、copy_back、licence_followup 等）。 Kind of obligation (transfer, acknowledge, file_case, copy_back, licence_followup...).';
COMMENT ON COLUMN jxlink.overdue.subject_type IS '事项类型。 Type of the subject.';
COMMENT ON COLUMN jxlink.overdue.subject_id IS '事项标识。 Subject identifier.';
COMMENT ON COLUMN jxlink.overdue.subject_ref IS '事项编号（移送函文号、立案号）。 Reference of the subject (letter or case number).';
COMMENT ON COLUMN jxlink.overdue.subject_title IS '事项标题（案由）。 Title of the subject.';
COMMENT ON COLUMN jxlink.overdue.owner_unit IS '负有义务的单位。 The unit that owes it.';
COMMENT ON COLUMN jxlink.overdue.owner_code IS '负有义务单位的代码。 Code of the owing unit.';
COMMENT ON COLUMN jxlink.overdue.owner_name_zh IS '负有义务单位的名称。 Name of the owing unit.';
COMMENT ON COLUMN jxlink.overdue.owner_kind IS '负有义务单位的类别。 Kind of the owing unit.';
COMMENT ON COLUMN jxlink.overdue.counterpart_unit IS '义务指向的单位。 The unit it is owed to.';
COMMENT ON COLUMN jxlink.overdue.counterpart_code IS '义务指向单位的代码。 Code of the unit it is owed to.';
COMMENT ON COLUMN jxlink.overdue.counterpart_name_zh IS '义务指向单位的名称。 Name of the unit it is owed to.';
COMMENT ON COLUMN jxlink.overdue.rule_code IS '期限规则。 Deadline rule.';
COMMENT ON COLUMN jxlink.overdue.clause IS '依据条款。 Clause.';
COMMENT ON COLUMN jxlink.overdue.period_unit IS 'workdays 工作日 / hours 小时。 workdays or hours.';
COMMENT ON COLUMN jxlink.overdue.period_amount IS '期限长度。 Length of the period.';
COMMENT ON COLUMN jxlink.overdue.started_at IS '起算时刻。 When the period started.';
COMMENT ON COLUMN jxlink.overdue.due_at IS '逾期起点。 First late instant.';
COMMENT ON COLUMN jxlink.overdue.due_date IS '期限届满日（本地）。 Last day (local).';
COMMENT ON COLUMN jxlink.overdue.provisional IS '届满日所在年份尚无官方安排（暂定）。 The last day falls in a year without an official schedule (provisional).';
COMMENT ON COLUMN jxlink.overdue.late_workdays IS '逾期工作日数（逾期履行者算至履行日，未履行者算至当日）。 Working days late (to the day met, or to the day of the answer if still open).';
COMMENT ON COLUMN jxlink.overdue.late_hours IS '逾期小时数。 Hours late.';
COMMENT ON COLUMN jxlink.overdue.warning IS '预警级别：red 逾期、yellow 临期、green 正常。 Warning level: red overdue, yellow due soon, green.';
GRANT SELECT ON TABLE jxlink.overdue TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;

CREATE VIEW jxlink.referral_overview WITH (security_invoker = true) AS
SELECT r.referral_id, r.jurisdiction, r.case_id, c.title, c.category, c.source, c.discovered_at, r.urgent,
       fu.code AS from_code, fu.name_zh AS from_name_zh, tu.code AS to_code, tu.name_zh AS to_name_zh,
       r.state, st.name_zh AS state_name_zh, st.name_en AS state_name_en, st.terminal,
       r.letter_no::text AS letter_no, r.filed_case_no::text AS filed_case_no,
       r.decision_no::text AS decision_no, r.decision_outcome, r.transfer_count, r.return_count,
       tr.rule_code AS transfer_rule, tr.due_at AS transfer_due_at, tr.met_at AS transfer_met_at, tr.status AS transfer_status,
       ak.due_at AS acknowledge_due_at, ak.met_at AS acknowledge_met_at, ak.status AS acknowledge_status,
       fc.due_at AS file_case_due_at, fc.met_at AS file_case_met_at, fc.status AS file_case_status,
       dh.occurred_at AS decided_at,
       cb.due_at AS copy_back_due_at, cb.met_at AS copy_back_met_at, cb.status AS copy_back_status,
       r.last_event, r.last_event_at
FROM jxlink.referral r
JOIN jxlink.case_file c ON c.case_id = r.case_id
JOIN jxlink.unit fu ON fu.unit_id = r.from_unit
JOIN jxlink.unit tu ON tu.unit_id = r.to_unit
JOIN jxlink.referral_states() st ON st.state = r.state
LEFT JOIN LATERAL (SELECT s.rule_code, s.due_at, s.met_at, s.status FROM jxlink.obligation_status s
                   WHERE s.subject_id = r.referral_id AND s.kind = 'transfer'
                   ORDER BY s.started_at DESC LIMIT 1) tr ON true
LEFT JOIN LATERAL (SELECT s.due_at, s.met_at, s.status FROM jxlink.obligation_status s
                   WHERE s.subject_id = r.referral_id AND s.kind = 'acknowledge'
                   ORDER BY s.started_at DESC LIMIT 1) ak ON true
LEFT JOIN LATERAL (SELECT s.due_at, s.met_at, s.status FROM jxlink.obligation_status s
                   WHERE s.subject_id = r.referral_id AND s.kind = 'file_case'
                   ORDER BY s.started_at DESC LIMIT 1) fc ON true
LEFT JOIN LATERAL (SELECT h.occurred_at FROM jxlink.referral_history h
                   WHERE h.referral_id = r.referral_id AND h.event = 'decide'
                   ORDER BY h.seq DESC LIMIT 1) dh ON true
LEFT JOIN LATERAL (SELECT s.due_at, s.met_at, s.status FROM jxlink.obligation_status s
                   WHERE s.subject_id = r.referral_id AND s.kind = 'copy_back'
                   ORDER BY s.started_at DESC LIMIT 1) cb ON true;
COMMENT ON VIEW jxlink.referral_overview IS '每个移送一行：状态及各环节（移交、书面告知、立案、决定、抄告）的期限、履行时间与状态（后一次告知覆盖前一次）。 One row per referral: its state and each leg (transfer, written notice, filing, decision, copy-back) with due time, time met and status (the latest notice when there were several).';
COMMENT ON COLUMN jxlink.referral_overview.referral_id IS '移送标识。 Referral identifier.';
COMMENT ON COLUMN jxlink.referral_overview.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.referral_overview.case_id IS '案件标识。 Case identifier.';
COMMENT ON COLUMN jxlink.referral_overview.title IS '案由。 Case title.';
COMMENT ON COLUMN jxlink.referral_overview.category IS '事项类别（二（一）至（四））。 Category (二（一）–（四）).';
COMMENT ON COLUMN jxlink.referral_overview.source IS '案源。 Source of the case.';
COMMENT ON COLUMN jxlink.referral_overview.discovered_at IS '发现时间。 When the violation was found.';
COMMENT ON COLUMN jxlink.referral_overview.urgent IS '是否紧急。 Urgent.';
COMMENT ON COLUMN jxlink.referral_overview.from_code IS '移送单位代码。 Code of the sending unit.';
COMMENT ON COLUMN jxlink.referral_overview.from_name_zh IS '移送单位名称。 Name of the sending unit.';
COMMENT ON COLUMN jxlink.referral_overview.to_code IS '接收单位代码。 Code of the receiving unit.';
COMMENT ON COLUMN jxlink.referral_overview.to_name_zh IS '接收单位名称。 Name of the receiving unit.';
COMMENT ON COLUMN jxlink.referral_overview.state IS '移送状态。 Referral state.';
COMMENT ON COLUMN jxlink.referral_overview.state_name_zh IS '状态名称（中文）。 State name in Chinese.';
COMMENT ON COLUMN jxlink.referral_overview.state_name_en IS '状态名称（英文）。 State name in English.';
COMMENT ON COLUMN jxlink.referral_overview.terminal IS '是否终态。 Whether the state is final.';
COMMENT ON COLUMN jxlink.referral_overview.letter_no IS '移送函文号。 Transfer letter number.';
COMMENT ON COLUMN jxlink.referral_overview.filed_case_no IS '立案号。 Case number.';
COMMENT ON COLUMN jxlink.referral_overview.decision_no IS '决定书文号。 Decision number.';
COMMENT ON COLUMN jxlink.referral_overview.decision_outcome IS '决定结果（penalty 处罚 / no_penalty 不予处罚）。 Outcome (penalty / no_penalty).';
COMMENT ON COLUMN jxlink.referral_overview.transfer_count IS '移交次数。 Number of transfers.';
COMMENT ON COLUMN jxlink.referral_overview.return_count IS '退回次数。 Number of returns.';
COMMENT ON COLUMN jxlink.referral_overview.transfer_rule IS '移交所用规则（transfer、transfer_extended、transfer_urgent）。 Rule of the transfer (transfer, transfer_extended, transfer_urgent).';
COMMENT ON COLUMN jxlink.referral_overview.transfer_due_at IS '移交逾期起点。 Transfer: first late instant.';
COMMENT ON COLUMN jxlink.referral_overview.transfer_met_at IS '移交时间。 Transfer: when met.';
COMMENT ON COLUMN jxlink.referral_overview.transfer_status IS '移交义务状态。 Transfer: status.';
COMMENT ON COLUMN jxlink.referral_overview.acknowledge_due_at IS '书面告知逾期起点（最近一次移交）。 Written notice: first late instant (latest transfer).';
COMMENT ON COLUMN jxlink.referral_overview.acknowledge_met_at IS '书面告知时间。 Written notice: when met.';
COMMENT ON COLUMN jxlink.referral_overview.acknowledge_status IS '书面告知义务状态。 Written notice: status.';
COMMENT ON COLUMN jxlink.referral_overview.file_case_due_at IS '立案逾期起点。 Filing: first late instant.';
COMMENT ON COLUMN jxlink.referral_overview.file_case_met_at IS '立案时间。 Filing: when met.';
COMMENT ON COLUMN jxlink.referral_overview.file_case_status IS '立案义务状态。 Filing: status.';
COMMENT ON COLUMN jxlink.referral_overview.decided_at IS '作出决定时间。 When the decision was made.';
COMMENT ON COLUMN jxlink.referral_overview.copy_back_due_at IS '抄告逾期起点。 Copy-back: first late instant.';
COMMENT ON COLUMN jxlink.referral_overview.copy_back_met_at IS '抄告时间。 Copy-back: when met.';
COMMENT ON COLUMN jxlink.referral_overview.copy_back_status IS '抄告义务状态。 Copy-back: status.';
COMMENT ON COLUMN jxlink.referral_overview.last_event IS '最近一次事件。 Last event.';
COMMENT ON COLUMN jxlink.referral_overview.last_event_at IS '最近一次事件时间。 When the last event happened.';
GRANT SELECT ON TABLE jxlink.referral_overview TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;

-- One row per subject of an obligation, whatever its domain.  Later
-- releases add their domains here; the ledger copies the reference and the
-- title when an obligation is opened, so the views need no join per domain.
CREATE VIEW jxlink.subject WITH (security_invoker = true) AS
SELECT r.referral_id AS subject_id, 'referral'::text AS subject_type,
       coalesce(r.filed_case_no::text, r.letter_no::text) AS reference, c.title
FROM jxlink.referral r JOIN jxlink.case_file c ON c.case_id = r.case_id
UNION ALL
SELECT x.complaint_id, 'complaint', x.channel || ' ' || to_char(x.received_at AT TIME ZONE jxlink.local_timezone(), 'YYYY-MM-DD HH24:MI'),
       x.subject
FROM jxlink.complaint x
UNION ALL
SELECT r.resolution_id, 'resolution', coalesce(m.minutes_no::text, to_char(m.held_at AT TIME ZONE jxlink.local_timezone(), 'YYYY-MM-DD'))
                                      || ' 第' || r.number || '项', r.title
FROM jxlink.resolution r JOIN jxlink.joint_meeting m ON m.meeting_id = r.meeting_id
UNION ALL
SELECT s.request_id, 'share_request', s.category::text, s.title FROM jxlink.share_request s
UNION ALL
SELECT a.request_id, 'assistance_request', a.kind, a.purpose FROM jxlink.assistance_request a;
COMMENT ON VIEW jxlink.subject IS '义务所涉事项的编号与标题（各业务域一行一事项）：移送的立案号或移送函文号、案由。 Reference and title of every subject of an obligation, whatever its domain: for a referral, the case number or the transfer letter number, and the case title.';
COMMENT ON COLUMN jxlink.subject.subject_id IS '事项标识。 Subject identifier.';
COMMENT ON COLUMN jxlink.subject.subject_type IS '事项类型。 Subject type.';
COMMENT ON COLUMN jxlink.subject.reference IS '编号（文号、立案号）。 Reference (document or case number).';
COMMENT ON COLUMN jxlink.subject.title IS '标题（案由）。 Title.';
GRANT SELECT ON TABLE jxlink.subject TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;

/*
 * sql/60_supervision.sql — Supervision (四（三）): accountability findings and the supervision views (应立不立, 推诿扯皮, refused cooperation).
 *
 * A concept file: the current definition of each object, once, with its
 * comments, grants, policies and triggers.  The build concatenates the concept
 * files (sql/NN_*.sql, in order) into the install script of the current version.
 */

CREATE TABLE jxlink.accountability_finding (
    finding_id uuid DEFAULT jxlink.uuid_v7() NOT NULL,
    jurisdiction text DEFAULT jxlink.local_jurisdiction() NOT NULL,
    unit_id uuid NOT NULL,
    kind text NOT NULL,
    finding text NOT NULL,
    found_by_unit uuid NOT NULL,
    found_by text NOT NULL,
    found_at timestamp with time zone NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT accountability_finding_finding_check CHECK (finding <> ''),
    CONSTRAINT accountability_finding_kind_check CHECK (kind IN ('not_performing', 'refused_support', 'refused_sharing', 'refused_assistance', 'unfiled_case', 'arbitrary_filing', 'buck_passing', 'favour_case', 'other'))
);

ALTER TABLE ONLY jxlink.accountability_finding FORCE ROW LEVEL SECURITY;
COMMENT ON TABLE jxlink.accountability_finding IS '问责认定（四（三））：纪工委、司法所对不履行职责、拒绝技术支持、信息共享或协助、应立不立、乱立滥立、推诿扯皮、人情案等作出的认定。 Accountability findings (四（三）) by the discipline commission or the judicial office: not performing duties, refusing support, sharing or assistance, cases not filed, arbitrary filing, buck-passing, favour cases.';
COMMENT ON COLUMN jxlink.accountability_finding.finding_id IS '认定标识。 Finding identifier.';
COMMENT ON COLUMN jxlink.accountability_finding.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.accountability_finding.unit_id IS '被认定单位。 The unit concerned.';
COMMENT ON COLUMN jxlink.accountability_finding.kind IS '问责情形。 Kind of failing.';
COMMENT ON COLUMN jxlink.accountability_finding.finding IS '认定内容。 The finding.';
COMMENT ON COLUMN jxlink.accountability_finding.found_by_unit IS '认定单位（纪工委或司法所）。 The supervising unit.';
COMMENT ON COLUMN jxlink.accountability_finding.found_by IS '认定人（数据库角色）。 Role that recorded it.';
COMMENT ON COLUMN jxlink.accountability_finding.found_at IS '认定时间。 When it was found.';
COMMENT ON COLUMN jxlink.accountability_finding.created_at IS '记录时间。 When it was recorded.';
ALTER TABLE ONLY jxlink.accountability_finding
    ADD CONSTRAINT accountability_finding_pkey PRIMARY KEY (finding_id);
ALTER TABLE ONLY jxlink.accountability_finding
    ADD CONSTRAINT accountability_finding_found_by_unit_fkey FOREIGN KEY (found_by_unit) REFERENCES jxlink.unit(unit_id);
ALTER TABLE ONLY jxlink.accountability_finding
    ADD CONSTRAINT accountability_finding_jurisdiction_fkey FOREIGN KEY (jurisdiction) REFERENCES jxlink.jurisdiction(code);
ALTER TABLE ONLY jxlink.accountability_finding
    ADD CONSTRAINT accountability_finding_unit_id_fkey FOREIGN KEY (unit_id) REFERENCES jxlink.unit(unit_id);
ALTER TABLE jxlink.accountability_finding ENABLE ROW LEVEL SECURITY;
GRANT SELECT ON TABLE jxlink.accountability_finding TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;
SELECT pg_catalog.pg_extension_config_dump('jxlink.accountability_finding', '');

CREATE POLICY accountability_finding_read ON jxlink.accountability_finding FOR SELECT
USING (unit_id = ANY ((SELECT jxlink.my_units())::uuid[]) OR (SELECT jxlink.reads_everything()));

CREATE TABLE jxlink.accountability_finding_obligation (
    finding_id uuid NOT NULL,
    jurisdiction text DEFAULT jxlink.local_jurisdiction() NOT NULL,
    obligation_id uuid NOT NULL
);

ALTER TABLE ONLY jxlink.accountability_finding_obligation FORCE ROW LEVEL SECURITY;
COMMENT ON TABLE jxlink.accountability_finding_obligation IS '问责认定所涉的义务。 The obligations a finding concerns.';
COMMENT ON COLUMN jxlink.accountability_finding_obligation.finding_id IS '认定。 Finding.';
COMMENT ON COLUMN jxlink.accountability_finding_obligation.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.accountability_finding_obligation.obligation_id IS '所涉义务。 Obligation concerned.';
ALTER TABLE ONLY jxlink.accountability_finding_obligation
    ADD CONSTRAINT accountability_finding_obligation_pkey PRIMARY KEY (finding_id, obligation_id);
ALTER TABLE ONLY jxlink.accountability_finding_obligation
    ADD CONSTRAINT accountability_finding_obligation_finding_id_fkey FOREIGN KEY (finding_id) REFERENCES jxlink.accountability_finding(finding_id);
ALTER TABLE ONLY jxlink.accountability_finding_obligation
    ADD CONSTRAINT accountability_finding_obligation_jurisdiction_fkey FOREIGN KEY (jurisdiction) REFERENCES jxlink.jurisdiction(code);
ALTER TABLE ONLY jxlink.accountability_finding_obligation
    ADD CONSTRAINT accountability_finding_obligation_obligation_id_fkey FOREIGN KEY (obligation_id) REFERENCES jxlink.obligation(obligation_id);
ALTER TABLE jxlink.accountability_finding_obligation ENABLE ROW LEVEL SECURITY;
GRANT SELECT ON TABLE jxlink.accountability_finding_obligation TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;
SELECT pg_catalog.pg_extension_config_dump('jxlink.accountability_finding_obligation', '');

CREATE POLICY accountability_finding_obligation_read ON jxlink.accountability_finding_obligation FOR SELECT
USING (EXISTS (SELECT 1 FROM jxlink.accountability_finding f WHERE f.finding_id = accountability_finding_obligation.finding_id));

CREATE FUNCTION jxlink.record_accountability_finding(unit uuid, kind text, finding text, obligations uuid[] DEFAULT '{}'::uuid[], occurred_at timestamp with time zone DEFAULT now()) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    me     jxlink.staff := jxlink.caller_staff();
    result uuid;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM jxlink.unit u WHERE u.unit_id = me.unit_id
                   AND u.kind IN ('discipline_commission', 'judicial_office')) THEN
        RAISE EXCEPTION 'only the discipline commission and the judicial office record accountability findings'
            USING ERRCODE = 'insufficient_privilege', DETAIL = '三（四）、四（三）: 纪工委、司法所 supervise.';
    ELSIF NOT EXISTS (SELECT 1 FROM jxlink.unit u WHERE u.unit_id = unit AND u.jurisdiction = me.jurisdiction) THEN
        RAISE EXCEPTION 'unit % is not a unit of the jurisdiction', unit USING ERRCODE = 'invalid_parameter_value';
    ELSIF kind IS NULL OR kind NOT IN ('not_performing', 'refused_support', 'refused_sharing', 'refused_assistance',
                                       'unfiled_case', 'arbitrary_filing', 'buck_passing', 'favour_case', 'other') THEN
        RAISE EXCEPTION 'unknown kind of finding "%"', kind USING ERRCODE = 'invalid_parameter_value';
    ELSIF EXISTS (SELECT 1 FROM unnest(coalesce(obligations, '{}')) o WHERE NOT EXISTS (
                      SELECT 1 FROM jxlink.obligation x WHERE x.obligation_id = o AND x.owner_unit = unit)) THEN
        RAISE EXCEPTION 'a finding concerns obligations owed by the unit found' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM jxlink.check_occurred_at(occurred_at, '-infinity', 'ever');
    INSERT INTO jxlink.accountability_finding (jurisdiction, unit_id, kind, finding, found_by_unit, found_by, found_at)
    VALUES (me.jurisdiction, unit, kind, jxlink.require_text(finding, 'the finding'), me.unit_id, me.role_name, occurred_at)
    RETURNING finding_id INTO result;
    INSERT INTO jxlink.accountability_finding_obligation (finding_id, jurisdiction, obligation_id)
    SELECT DISTINCT result, me.jurisdiction, o FROM unnest(coalesce(obligations, '{}')) o;
    RETURN result;
END
$$;
COMMENT ON FUNCTION jxlink.record_accountability_finding(unit uuid, kind text, finding text, obligations uuid[], occurred_at timestamp with time zone) IS '纪工委、司法所记录问责认定，并关联所涉义务（四（三））。 The discipline commission or the judicial office records an accountability finding, linked to the obligations it concerns (四（三）).';
REVOKE ALL ON FUNCTION jxlink.record_accountability_finding(unit uuid, kind text, finding text, obligations uuid[], occurred_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.record_accountability_finding(unit uuid, kind text, finding text, obligations uuid[], occurred_at timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

CREATE VIEW jxlink.supervision_bounced WITH (security_invoker = true) AS
SELECT c.case_id, c.jurisdiction, c.title, u.code AS discovering_code,
       count(*) FILTER (WHERE h.event = 'decline') AS declines,
       count(*) FILTER (WHERE h.event = 'return') AS returns,
       count(DISTINCT r.referral_id) AS referrals,
       max(h.occurred_at) AS last_bounce_at
FROM jxlink.case_file c
JOIN jxlink.unit u ON u.unit_id = c.discovering_unit
JOIN jxlink.referral r ON r.case_id = c.case_id
JOIN jxlink.referral_history h ON h.referral_id = r.referral_id AND h.event IN ('decline', 'return')
GROUP BY c.case_id, c.jurisdiction, c.title, u.code
HAVING count(*) >= 2;
COMMENT ON VIEW jxlink.supervision_bounced IS '推诿扯皮（四（三））：同一案件被不予受理或退回两次以上。 Buck-passing (四（三）): cases declined or returned two or more times.';
COMMENT ON COLUMN jxlink.supervision_bounced.case_id IS '案件标识。 Case identifier.';
COMMENT ON COLUMN jxlink.supervision_bounced.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.supervision_bounced.title IS '案由。 Case title.';
COMMENT ON COLUMN jxlink.supervision_bounced.discovering_code IS '发现单位代码。 Code of the unit that found the case.';
COMMENT ON COLUMN jxlink.supervision_bounced.declines IS '不予受理次数。 Times declined.';
COMMENT ON COLUMN jxlink.supervision_bounced.returns IS '退回次数。 Times returned.';
COMMENT ON COLUMN jxlink.supervision_bounced.referrals IS '移送次数。 Number of referrals.';
COMMENT ON COLUMN jxlink.supervision_bounced.last_bounce_at IS '最近一次不予受理或退回的时间。 Last decline or return.';
GRANT SELECT ON TABLE jxlink.supervision_bounced TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;

CREATE VIEW jxlink.supervision_cooperation WITH (security_invoker = true) AS
SELECT u.jurisdiction, u.unit_id, u.code AS unit_code, u.name_zh AS unit_name_zh, u.kind AS unit_kind,
       count(*) FILTER (WHERE s.kind = 'share_request' AND s.status = 'overdue') AS share_requests_overdue,
       count(*) FILTER (WHERE s.kind = 'share_request' AND s.status = 'refused') AS share_requests_refused,
       count(*) FILTER (WHERE s.kind = 'assistance_request' AND s.status = 'overdue') AS assistance_unanswered,
       count(*) FILTER (WHERE s.kind = 'assistance_request' AND s.status = 'refused') AS assistance_refused,
       count(*) FILTER (WHERE s.kind = 'acknowledge' AND s.status = 'overdue') AS acknowledgements_overdue,
       count(*) FILTER (WHERE s.kind = 'acknowledge' AND s.status = 'met_late') AS acknowledgements_late,
       count(*) FILTER (WHERE s.status IN ('overdue', 'refused')
                          AND s.kind IN ('share_request', 'assistance_request', 'acknowledge')) AS signals
FROM jxlink.unit u
JOIN jxlink.obligation_status s ON s.owner_unit = u.unit_id
GROUP BY u.jurisdiction, u.unit_id, u.code, u.name_zh, u.kind
HAVING count(*) FILTER (WHERE s.kind IN ('share_request', 'assistance_request', 'acknowledge')
                          AND s.status IN ('overdue', 'refused', 'met_late')) > 0;
COMMENT ON VIEW jxlink.supervision_cooperation IS '拒绝或拖延配合（四（三））：各单位逾期或拒绝的信息共享请求、未答复或拒绝的协助请求、逾期或迟延的书面告知。 Refused or delayed cooperation (四（三）) per unit: share requests overdue or refused, assistance requests unanswered or refused, written notices overdue or late.';
COMMENT ON COLUMN jxlink.supervision_cooperation.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.supervision_cooperation.unit_id IS '单位标识。 Unit identifier.';
COMMENT ON COLUMN jxlink.supervision_cooperation.unit_code IS '单位代码。 Unit code.';
COMMENT ON COLUMN jxlink.supervision_cooperation.unit_name_zh IS '单位名称。 Unit name.';
COMMENT ON COLUMN jxlink.supervision_cooperation.unit_kind IS '单位类别。 Unit kind.';
COMMENT ON COLUMN jxlink.supervision_cooperation.share_requests_overdue IS '逾期未提供的信息共享请求。 Share requests overdue.';
COMMENT ON COLUMN jxlink.supervision_cooperation.share_requests_refused IS '拒绝的信息共享请求。 Share requests refused.';
COMMENT ON COLUMN jxlink.supervision_cooperation.assistance_unanswered IS '逾期未答复的协助请求。 Assistance requests left unanswered past due.';
COMMENT ON COLUMN jxlink.supervision_cooperation.assistance_refused IS '拒绝的协助请求。 Assistance requests refused.';
COMMENT ON COLUMN jxlink.supervision_cooperation.acknowledgements_overdue IS '逾期未书面告知是否受理。 Written notices of acceptance overdue.';
COMMENT ON COLUMN jxlink.supervision_cooperation.acknowledgements_late IS '迟延的书面告知。 Written notices given late.';
COMMENT ON COLUMN jxlink.supervision_cooperation.signals IS '逾期或拒绝的合计。 Overdue or refused, in all.';
GRANT SELECT ON TABLE jxlink.supervision_cooperation TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;

CREATE VIEW jxlink.supervision_unfiled WITH (security_invoker = true) AS
SELECT r.referral_id, r.jurisdiction, c.title, fu.code AS from_code, r.filed_case_no::text AS filed_case_no,
       o.obligation_id, o.due_at AS file_case_due_at, o.late_workdays, o.late_hours
FROM jxlink.overdue o
JOIN jxlink.referral r ON r.referral_id = o.subject_id
JOIN jxlink.case_file c ON c.case_id = r.case_id
JOIN jxlink.unit fu ON fu.unit_id = r.from_unit
WHERE o.kind = 'file_case' AND r.state = 'accepted';
COMMENT ON VIEW jxlink.supervision_unfiled IS '应立不立（四（三））：已受理而立案义务逾期的移送。 Cases that should be filed and are not (四（三）): accepted referrals whose filing is overdue.';
COMMENT ON COLUMN jxlink.supervision_unfiled.referral_id IS '移送标识。 Referral identifier.';
COMMENT ON COLUMN jxlink.supervision_unfiled.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.supervision_unfiled.title IS '案由。 Case title.';
COMMENT ON COLUMN jxlink.supervision_unfiled.from_code IS '移送单位代码。 Code of the sending unit.';
COMMENT ON COLUMN jxlink.supervision_unfiled.filed_case_no IS '立案号（应为空）。 Case number (should be empty).';
COMMENT ON COLUMN jxlink.supervision_unfiled.obligation_id IS '立案义务标识。 The filing obligation.';
COMMENT ON COLUMN jxlink.supervision_unfiled.file_case_due_at IS '立案逾期起点。 Filing: first late instant.';
COMMENT ON COLUMN jxlink.supervision_unfiled.late_workdays IS '逾期工作日数。 Working days late.';
COMMENT ON COLUMN jxlink.supervision_unfiled.late_hours IS '逾期小时数。 Hours late.';
GRANT SELECT ON TABLE jxlink.supervision_unfiled TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;

