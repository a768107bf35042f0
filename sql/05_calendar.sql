/*
 * sql/05_calendar.sql - The working-day calendar (DESIGN §3): official rest and make-up days, published years, local time; the C arithmetic over it; the guard of shipped rows.
 *
 * A concept file: the current definition of each object, once, with its
 * comments, grants, policies and triggers.  The build concatenates the concept
 * files (sql/NN_*.sql, in order) into the install script of the current version.
 */

CREATE FUNCTION jxlink.add_workdays(day date, n integer) RETURNS date
    LANGUAGE c STABLE STRICT PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_add_workdays';
COMMENT ON FUNCTION jxlink.add_workdays(day date, n integer) IS 'n>0：该日之后第 n 个工作日；n<0：该日之前第 |n| 个工作日；n=0：该日（若为工作日）或其后第一个工作日。起算日不计入。 n > 0: the n-th working day after the date; n < 0: the |n|-th working day before it; n = 0: the date itself if a working day, else the next one. The start day is not counted.';

CREATE FUNCTION jxlink.add_workdays(day date, n integer, jurisdiction text) RETURNS date
    LANGUAGE c STABLE STRICT PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_add_workdays_in';
COMMENT ON FUNCTION jxlink.add_workdays(day date, n integer, jurisdiction text) IS '同 add_workdays(day, n)，按该辖区的日历计算：全国日历减去该辖区及其所属市宣布的停工日（calendar_closure）；辖区不存在报 22023。 As add_workdays(day, n), in the jurisdiction''s calendar: the national one less the closures declared for it or for its city (calendar_closure); an unknown jurisdiction is 22023.';

CREATE FUNCTION jxlink.calendar_changed() RETURNS trigger
    LANGUAGE c
    AS '$libdir/jxlink', 'jxlink_calendar_changed';
COMMENT ON FUNCTION jxlink.calendar_changed() IS '语句级触发器：日历表变更后使各会话的内存日历失效（本事务下一条命令即生效，其他会话在提交后生效）。 Statement trigger: after a change to a calendar table, every session''s in-memory calendar is rebuilt (at once for the changing transaction, after commit for the others).';
REVOKE ALL ON FUNCTION jxlink.calendar_changed() FROM PUBLIC;

CREATE FUNCTION jxlink.calendar_version() RETURNS text
    LANGUAGE c STABLE STRICT PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_calendar_version';
COMMENT ON FUNCTION jxlink.calendar_version() IS '当前日历内容的散列（16 位十六进制）：用于记录某期限按哪一版日历计算。 A hash of the calendar rows in use (16 hex digits): records which calendar a deadline was computed with.';

CREATE FUNCTION jxlink.calendar_version(jurisdiction text) RETURNS text
    LANGUAGE c STABLE STRICT PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_calendar_version_in';
COMMENT ON FUNCTION jxlink.calendar_version(jurisdiction text) IS '该辖区所用日历的散列（16 位十六进制）：无停工日时即全国日历版本，否则另含辖区代码与适用的停工日；台账记录工作日期限按哪一版计算。 A hash of the calendar the jurisdiction uses (16 hex digits): the national version when nothing is closed for it, else also its code and the days closed for it; the ledger records it with each working-day due time.';

CREATE FUNCTION jxlink.is_provisional(day date) RETURNS boolean
    LANGUAGE c STABLE STRICT PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_is_provisional';
COMMENT ON FUNCTION jxlink.is_provisional(day date) IS '该日所在年份尚未载入官方安排（calendar_year）时为真：按周一至周五计算，结果暂定。 True when the date''s year has no loaded official schedule (calendar_year): the weekday rule is used and the answer is provisional.';

CREATE FUNCTION jxlink.is_workday(day date) RETURNS boolean
    LANGUAGE c STABLE STRICT PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_is_workday';
COMMENT ON FUNCTION jxlink.is_workday(day date) IS '该日是否为工作日（法定休息日与调休上班日见 calendar_day，其余按周一至周五）。 Whether the date is a working day (exceptions in calendar_day, otherwise Monday to Friday).';

CREATE FUNCTION jxlink.is_workday(day date, jurisdiction text) RETURNS boolean
    LANGUAGE c STABLE STRICT PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_is_workday_in';
COMMENT ON FUNCTION jxlink.is_workday(day date, jurisdiction text) IS '该日是否为该辖区的工作日：全国工作日，且该辖区及其所属市未宣布停工（calendar_closure）；辖区不存在报 22023。 Whether the date is a working day in the jurisdiction: a national working day not closed for it or for its city (calendar_closure); an unknown jurisdiction is 22023.';

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
    replaced_equal boolean;
BEGIN
    -- Rows logical replication brings from an origin database (an aggregation
    -- database's subscription, sql/80_replication.sql) are the origin's as they
    -- are: a row both sides ship replaces its twin, or is skipped when equal.
    IF TG_OP <> 'TRUNCATE' AND current_setting('session_replication_role') = 'replica' THEN
        IF TG_OP = 'INSERT' THEN
            EXECUTE pg_catalog.format(
                'SELECT (t.*)::text OPERATOR(pg_catalog.=) ($1)::text FROM %I.%I t'
                ' WHERE t.%I OPERATOR(pg_catalog.=) ($1).%I', TG_TABLE_SCHEMA, TG_TABLE_NAME, key_column, key_column)
            INTO replaced_equal USING NEW;
            IF replaced_equal THEN
                RETURN NULL;
            ELSIF replaced_equal IS NOT NULL THEN
                EXECUTE pg_catalog.format('DELETE FROM %I.%I t WHERE t.%I OPERATOR(pg_catalog.=) ($1).%I',
                                          TG_TABLE_SCHEMA, TG_TABLE_NAME, key_column, key_column)
                USING NEW;
            END IF;
            RETURN NEW;
        END IF;
        RETURN CASE WHEN TG_OP = 'UPDATE' THEN NEW ELSE OLD END;
    END IF;
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
COMMENT ON FUNCTION jxlink.shipped_row_guard() IS '触发器（日历、期限规则等随扩展发布的配置表）：修改过的发布行标为 edited（导出时保留，恢复时取代发布行）；发布行不可删除，表不可清空；逻辑复制带来的行（session_replication_role = replica）照来源库原样接受：与本库同键的行相同则跳过，不同则取代之。 Trigger for configuration tables shipped with rows (calendar, deadline rules): a changed shipped row becomes edited (kept by pg_dump, replacing the shipped row on restore); shipped rows cannot be deleted nor the tables truncated. Rows logical replication brings (session_replication_role = replica) are taken as the origin has them: a row equal to this database''s row of the same key is skipped, a different one replaces it.';
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
COMMENT ON COLUMN jxlink.calendar_year.year IS '年份（1950-2149）。 The year (1950-2149).';
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

-- Local closures (issue 13): a jurisdiction, or a whole city, closed on some of
-- its working days (a typhoon).  The national calendar stays shared; the C
-- calendar keeps an overlay per jurisdiction (src/calendar_closure.c).
CREATE FUNCTION jxlink.calendar_closure_check() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    -- a day outside the calendar is left to the CHECK constraint (23514)
    IF NEW.day BETWEEN '1950-01-01' AND '2149-12-31' AND NOT jxlink.is_workday(NEW.day) THEN
        RAISE EXCEPTION 'cannot close % in %: it is not a national working day', NEW.day, NEW.jurisdiction
            USING ERRCODE = 'check_violation', CONSTRAINT = 'calendar_closure_day_is_workday',
                  TABLE = TG_TABLE_NAME, SCHEMA = TG_TABLE_SCHEMA,
                  DETAIL = 'A closure moves deadlines only on a day that would otherwise count (jxlink.calendar_day holds the national rest days).',
                  HINT = 'Close working days only; a change of the national calendar goes into jxlink.calendar_day.';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION jxlink.calendar_closure_check() IS '触发器：停工日必须是全国工作日（否则报 23514，约束名 calendar_closure_day_is_workday）。 Trigger: a closure must fall on a national working day (else 23514, constraint calendar_closure_day_is_workday).';
REVOKE ALL ON FUNCTION jxlink.calendar_closure_check() FROM PUBLIC;

CREATE TABLE jxlink.calendar_closure (
    jurisdiction text NOT NULL,
    day date NOT NULL,
    name_zh text NOT NULL,
    name_en text,
    document text,
    declared_by text DEFAULT jxlink.calling_role() NOT NULL,
    declared_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT calendar_closure_day_check CHECK ((day >= '1950-01-01'::date) AND (day <= '2149-12-31'::date)),
    CONSTRAINT calendar_closure_name_zh_check CHECK (name_zh <> '')
);
COMMENT ON TABLE jxlink.calendar_closure IS '地方停工日（如台风停工）：某辖区在某个全国工作日停止办公，该日不计入该辖区的工作日期限；为市宣布的，适用于该市及其下属各镇、街道。全国日历（calendar_day）仍为各辖区共用。增删后，适用辖区的未结工作日义务即按新日历重算（记入 obligation_move）。管理员用 SQL 增改。 Local closures (e.g. a typhoon): a jurisdiction closed on a national working day, which then does not count in its working-day time limits; one declared for a city applies to the city and every town and street under it. The national calendar (calendar_day) stays shared. When one is added or removed, the open working-day obligations of the jurisdictions it applies to are recomputed (recorded in obligation_move). Administrators add and correct rows with plain SQL.';
COMMENT ON COLUMN jxlink.calendar_closure.jurisdiction IS '宣布停工的辖区（为市时适用于其下属全部辖区）。 The jurisdiction closed (a city: also every jurisdiction under it).';
COMMENT ON COLUMN jxlink.calendar_closure.day IS '停工日：必须是全国工作日（1950-01-01 至 2149-12-31）。 The day closed: a national working day (1950-01-01 to 2149-12-31).';
COMMENT ON COLUMN jxlink.calendar_closure.name_zh IS '事由（中文，如 台风“杜苏芮”停工）。 The reason, in Chinese (e.g. 台风“杜苏芮”停工).';
COMMENT ON COLUMN jxlink.calendar_closure.name_en IS '事由（英文）。 The reason, in English.';
COMMENT ON COLUMN jxlink.calendar_closure.document IS '宣布停工的文件（文号）。 The document declaring the closure (its number).';
COMMENT ON COLUMN jxlink.calendar_closure.declared_by IS '登记的角色。 The role that recorded it.';
COMMENT ON COLUMN jxlink.calendar_closure.declared_at IS '登记时间。 When it was recorded.';
ALTER TABLE ONLY jxlink.calendar_closure
    ADD CONSTRAINT calendar_closure_pkey PRIMARY KEY (jurisdiction, day);
CREATE TRIGGER calendar_closure_changed AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON jxlink.calendar_closure FOR EACH STATEMENT EXECUTE FUNCTION jxlink.calendar_changed();
CREATE TRIGGER calendar_closure_check BEFORE INSERT OR UPDATE ON jxlink.calendar_closure FOR EACH ROW EXECUTE FUNCTION jxlink.calendar_closure_check();
GRANT SELECT ON TABLE jxlink.calendar_closure TO PUBLIC;
GRANT INSERT,DELETE,UPDATE ON TABLE jxlink.calendar_closure TO jxlink_admin;
SELECT pg_catalog.pg_extension_config_dump('jxlink.calendar_closure', '');

-- The shipped calendar (data/cn_calendar.tsv), inserted by the build.
-- @CALENDAR_ROWS@

CREATE FUNCTION jxlink.workday_deadline(started_at timestamp with time zone, workdays integer) RETURNS timestamp with time zone
    LANGUAGE c STABLE STRICT PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_workday_deadline';
COMMENT ON FUNCTION jxlink.workday_deadline(started_at timestamp with time zone, workdays integer) IS 'n 个工作日期限的逾期起点：起算日（按 jxlink.timezone 的本地日期）之后第 n 个工作日的次日 00:00（本地时间）。与会话时区无关。 The first late instant of an obligation of n working days: 00:00 local time (jxlink.timezone) after the n-th working day after the local start date. Independent of the session''s TimeZone.';

CREATE FUNCTION jxlink.workday_deadline(started_at timestamp with time zone, workdays integer, jurisdiction text) RETURNS timestamp with time zone
    LANGUAGE c STABLE STRICT PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_workday_deadline_in';
COMMENT ON FUNCTION jxlink.workday_deadline(started_at timestamp with time zone, workdays integer, jurisdiction text) IS '同 workday_deadline(started_at, workdays)，按该辖区的日历（减去停工日）计算；辖区不存在报 22023。 As workday_deadline(started_at, workdays), in the jurisdiction''s calendar (less its closures); an unknown jurisdiction is 22023.';

CREATE FUNCTION jxlink.workdays_between(start_day date, end_day date) RETURNS integer
    LANGUAGE c STABLE STRICT PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_workdays_between';
COMMENT ON FUNCTION jxlink.workdays_between(start_day date, end_day date) IS '区间 (start_day, end_day] 内的工作日数；end_day 早于 start_day 时为 (end_day, start_day] 内工作日数的相反数。 Working days in (start_day, end_day]; when end_day is earlier, minus the working days in (end_day, start_day].';

CREATE FUNCTION jxlink.workdays_between(start_day date, end_day date, jurisdiction text) RETURNS integer
    LANGUAGE c STABLE STRICT PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_workdays_between_in';
COMMENT ON FUNCTION jxlink.workdays_between(start_day date, end_day date, jurisdiction text) IS '同 workdays_between(start_day, end_day)，按该辖区的日历（减去停工日）计算；辖区不存在报 22023。 As workdays_between(start_day, end_day), in the jurisdiction''s calendar (less its closures); an unknown jurisdiction is 22023.';

CREATE FUNCTION jxlink.workdays_between_or_null(start_day date, end_day date) RETURNS integer
    LANGUAGE c STABLE STRICT PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_workdays_between_or_null';
COMMENT ON FUNCTION jxlink.workdays_between_or_null(start_day date, end_day date) IS '同 workdays_between，但任一日期为无穷或在工作日历之外时为空（供读取视图使用：一行日期越界不致整个视图报错）。 As workdays_between, but null when either day is infinite or outside the working-day calendar (for the readers: one row with such a day does not make a whole view fail).';

CREATE FUNCTION jxlink.workdays_between_or_null(start_day date, end_day date, jurisdiction text) RETURNS integer
    LANGUAGE c STABLE STRICT PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_workdays_between_or_null_in';
COMMENT ON FUNCTION jxlink.workdays_between_or_null(start_day date, end_day date, jurisdiction text) IS '同 workdays_between_or_null(start_day, end_day)，按该辖区的日历（减去停工日）计算；辖区不存在报 22023。 As workdays_between_or_null(start_day, end_day), in the jurisdiction''s calendar (less its closures); an unknown jurisdiction is 22023.';
