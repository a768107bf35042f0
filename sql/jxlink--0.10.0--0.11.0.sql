-- jxlink 0.10.0 -> 0.11.0: custom types for what the provisions count in (issue 18): the time limit
-- (jxlink.time_limit) and the referral state (jxlink.referral_state).
\echo Use "ALTER EXTENSION jxlink UPDATE TO '0.11.0'" to load this file. \quit

-- jxlink.time_limit (issue 18, item 1): the type, its operators and opclasses,
-- as defined in sql/07_time_limit.sql.  The ledger's columns are converted
-- to it in section A.
CREATE TYPE jxlink.time_limit;

CREATE FUNCTION jxlink.time_limit_in(cstring) RETURNS jxlink.time_limit
    LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_time_limit_in';
COMMENT ON FUNCTION jxlink.time_limit_in(cstring) IS '期限的文本输入：3 工作日、3个工作日、3 working days、24 小时、24 hours、5 日、5 calendar days、1 季度、1 quarter、下次会议、next meeting；格式错误报 SQLSTATE 22P02（详情列出可接受的单位），数量超出范围（负数、超过 3650 工作日、8760 小时或 73048 日（日历支持的 1950-2149 年），季度不为 1）报 22023。 Text input of a time limit: 3 工作日, 3个工作日, 3 working days, 24 小时, 24 hours, 5 日, 5 calendar days, 1 季度, 1 quarter, 下次会议, next meeting; a malformed value is SQLSTATE 22P02 (the detail lists the units accepted), an amount out of range (negative, over 3650 working days, 8760 hours or 73048 days (the span of the calendar, 1950-2149), a quarter other than 1) is 22023.';

CREATE FUNCTION jxlink.time_limit_out(jxlink.time_limit) RETURNS cstring
    LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_time_limit_out';
COMMENT ON FUNCTION jxlink.time_limit_out(jxlink.time_limit) IS '期限的规范文本（中文）：3 工作日、24 小时、5 日、1 季度、下次会议。 Canonical text of a time limit (Chinese): 3 工作日, 24 小时, 5 日, 1 季度, 下次会议.';

CREATE FUNCTION jxlink.time_limit_recv(internal) RETURNS jxlink.time_limit
    LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_time_limit_recv';
COMMENT ON FUNCTION jxlink.time_limit_recv(internal) IS '期限的二进制输入（版本字节 1、int32 单位、int32 数量），与文本输入同样检查（格式错误 22P03，数量超出范围 22023）。 Binary input of a time limit (version byte 1, int32 unit, int32 amount), checked like text input (malformed: 22P03; amount out of range: 22023).';

CREATE FUNCTION jxlink.time_limit_send(jxlink.time_limit) RETURNS bytea
    LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_time_limit_send';
COMMENT ON FUNCTION jxlink.time_limit_send(jxlink.time_limit) IS '期限的二进制输出（格式见 time_limit_recv；单位 0 工作日、1 小时、2 季度、3 下次会议、4 约定自然日）。 Binary output of a time limit (format as for time_limit_recv; unit 0 workdays, 1 hours, 2 quarter, 3 next_meeting, 4 agreed_day).';

CREATE TYPE jxlink.time_limit (
    INTERNALLENGTH = 8,
    INPUT = jxlink.time_limit_in,
    OUTPUT = jxlink.time_limit_out,
    RECEIVE = jxlink.time_limit_recv,
    SEND = jxlink.time_limit_send,
    ALIGNMENT = int4,
    STORAGE = plain
);
COMMENT ON TYPE jxlink.time_limit IS '期限（如 3 工作日、24 小时、5 日、1 季度、下次会议），按条款的计算方法计算（起算日不计入，工作日至第 n 个工作日 24:00）。排序先按单位（工作日、小时、季度、下次会议、日），同一单位内再按数量；不同单位之间的先后只是单位的次序，不表示长短。 A time limit (e.g. 3 工作日, 24 小时, 5 日, 1 季度, 下次会议), counted as the provisions count (the start day not counted; working days until 24:00 of the n-th). Sorted by unit (workdays, hours, quarter, next_meeting, agreed_day), then by amount within a unit; the order across units is the order of the units only and says nothing about which is longer.';

CREATE FUNCTION jxlink.time_limit(unit text, amount integer) RETURNS jxlink.time_limit
    LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_time_limit_make';
COMMENT ON FUNCTION jxlink.time_limit(unit text, amount integer) IS '由单位（workdays、hours、quarter、next_meeting、agreed_day）和数量构造期限；未知单位或数量超出范围报 22023。 A time limit from its unit (workdays, hours, quarter, next_meeting, agreed_day) and amount; an unknown unit or an amount out of range is 22023.';

CREATE FUNCTION jxlink.time_limit_unit(jxlink.time_limit) RETURNS text
    LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_time_limit_unit';
COMMENT ON FUNCTION jxlink.time_limit_unit(jxlink.time_limit) IS '期限的单位：workdays、hours、quarter、next_meeting 或 agreed_day。 The unit of a time limit: workdays, hours, quarter, next_meeting or agreed_day.';

CREATE FUNCTION jxlink.time_limit_amount(jxlink.time_limit) RETURNS integer
    LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_time_limit_amount';
COMMENT ON FUNCTION jxlink.time_limit_amount(jxlink.time_limit) IS '期限的数量（工作日数、小时数、自然日数；季度和下次会议为 1）。 The amount of a time limit (working days, hours, calendar days; 1 for quarter and next_meeting).';

CREATE FUNCTION jxlink.time_limit_en(jxlink.time_limit) RETURNS text
    LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_time_limit_en';
COMMENT ON FUNCTION jxlink.time_limit_en(jxlink.time_limit) IS '期限的英文写法：3 working days、1 working day、24 hours、5 calendar days、1 quarter、next meeting。 The English form of a time limit: 3 working days, 1 working day, 24 hours, 5 calendar days, 1 quarter, next meeting.';

CREATE FUNCTION jxlink.time_limit_cmp(jxlink.time_limit, jxlink.time_limit) RETURNS integer
    LANGUAGE c IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_time_limit_cmp';
COMMENT ON FUNCTION jxlink.time_limit_cmp(jxlink.time_limit, jxlink.time_limit) IS '比较两个期限：先比单位，再比数量；-1、0 或 1（B 树支持函数）。 Compare two time limits, by unit, then amount: -1, 0 or 1 (btree support function).';

CREATE FUNCTION jxlink.time_limit_eq(jxlink.time_limit, jxlink.time_limit) RETURNS boolean
    LANGUAGE c IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_time_limit_eq';
COMMENT ON FUNCTION jxlink.time_limit_eq(jxlink.time_limit, jxlink.time_limit) IS '两个期限相同（运算符 =）。 Whether two time limits are the same (operator =).';

CREATE FUNCTION jxlink.time_limit_ne(jxlink.time_limit, jxlink.time_limit) RETURNS boolean
    LANGUAGE c IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_time_limit_ne';
COMMENT ON FUNCTION jxlink.time_limit_ne(jxlink.time_limit, jxlink.time_limit) IS '两个期限不同（运算符 <>）。 Whether two time limits differ (operator <>).';

CREATE FUNCTION jxlink.time_limit_lt(jxlink.time_limit, jxlink.time_limit) RETURNS boolean
    LANGUAGE c IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_time_limit_lt';
COMMENT ON FUNCTION jxlink.time_limit_lt(jxlink.time_limit, jxlink.time_limit) IS '排在前面（运算符 <）。 Sorts before (operator <).';

CREATE FUNCTION jxlink.time_limit_le(jxlink.time_limit, jxlink.time_limit) RETURNS boolean
    LANGUAGE c IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_time_limit_le';
COMMENT ON FUNCTION jxlink.time_limit_le(jxlink.time_limit, jxlink.time_limit) IS '排在前面或相同（运算符 <=）。 Sorts before or is the same (operator <=).';

CREATE FUNCTION jxlink.time_limit_gt(jxlink.time_limit, jxlink.time_limit) RETURNS boolean
    LANGUAGE c IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_time_limit_gt';
COMMENT ON FUNCTION jxlink.time_limit_gt(jxlink.time_limit, jxlink.time_limit) IS '排在后面（运算符 >）。 Sorts after (operator >).';

CREATE FUNCTION jxlink.time_limit_ge(jxlink.time_limit, jxlink.time_limit) RETURNS boolean
    LANGUAGE c IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_time_limit_ge';
COMMENT ON FUNCTION jxlink.time_limit_ge(jxlink.time_limit, jxlink.time_limit) IS '排在后面或相同（运算符 >=）。 Sorts after or is the same (operator >=).';

CREATE OPERATOR jxlink.= (
    FUNCTION = jxlink.time_limit_eq,
    LEFTARG = jxlink.time_limit,
    RIGHTARG = jxlink.time_limit,
    COMMUTATOR = OPERATOR(jxlink.=),
    NEGATOR = OPERATOR(jxlink.<>),
    MERGES,
    HASHES,
    RESTRICT = eqsel,
    JOIN = eqjoinsel
);
COMMENT ON OPERATOR jxlink.= (jxlink.time_limit, jxlink.time_limit) IS '相同的期限（单位和数量都相同；3 工作日 与 3个工作日 相同）。 The same time limit (same unit and amount; 3 工作日 and 3个工作日 are the same).';

CREATE OPERATOR jxlink.<> (
    FUNCTION = jxlink.time_limit_ne,
    LEFTARG = jxlink.time_limit,
    RIGHTARG = jxlink.time_limit,
    COMMUTATOR = OPERATOR(jxlink.<>),
    NEGATOR = OPERATOR(jxlink.=),
    RESTRICT = neqsel,
    JOIN = neqjoinsel
);
COMMENT ON OPERATOR jxlink.<> (jxlink.time_limit, jxlink.time_limit) IS '不同的期限。 Different time limits.';

CREATE OPERATOR jxlink.< (
    FUNCTION = jxlink.time_limit_lt,
    LEFTARG = jxlink.time_limit,
    RIGHTARG = jxlink.time_limit,
    COMMUTATOR = OPERATOR(jxlink.>),
    NEGATOR = OPERATOR(jxlink.>=),
    RESTRICT = scalarltsel,
    JOIN = scalarltjoinsel
);
COMMENT ON OPERATOR jxlink.< (jxlink.time_limit, jxlink.time_limit) IS '排在前面：先比单位，同一单位再比数量（不同单位之间不表示长短）。 Sorts before: by unit, then by amount within a unit (across units it says nothing about length).';

CREATE OPERATOR jxlink.<= (
    FUNCTION = jxlink.time_limit_le,
    LEFTARG = jxlink.time_limit,
    RIGHTARG = jxlink.time_limit,
    COMMUTATOR = OPERATOR(jxlink.>=),
    NEGATOR = OPERATOR(jxlink.>),
    RESTRICT = scalarlesel,
    JOIN = scalarlejoinsel
);
COMMENT ON OPERATOR jxlink.<= (jxlink.time_limit, jxlink.time_limit) IS '排在前面或相同。 Sorts before or is the same.';

CREATE OPERATOR jxlink.> (
    FUNCTION = jxlink.time_limit_gt,
    LEFTARG = jxlink.time_limit,
    RIGHTARG = jxlink.time_limit,
    COMMUTATOR = OPERATOR(jxlink.<),
    NEGATOR = OPERATOR(jxlink.<=),
    RESTRICT = scalargtsel,
    JOIN = scalargtjoinsel
);
COMMENT ON OPERATOR jxlink.> (jxlink.time_limit, jxlink.time_limit) IS '排在后面。 Sorts after.';

CREATE OPERATOR jxlink.>= (
    FUNCTION = jxlink.time_limit_ge,
    LEFTARG = jxlink.time_limit,
    RIGHTARG = jxlink.time_limit,
    COMMUTATOR = OPERATOR(jxlink.<=),
    NEGATOR = OPERATOR(jxlink.<),
    RESTRICT = scalargesel,
    JOIN = scalargejoinsel
);
COMMENT ON OPERATOR jxlink.>= (jxlink.time_limit, jxlink.time_limit) IS '排在后面或相同。 Sorts after or is the same.';

CREATE OPERATOR FAMILY jxlink.time_limit_ops USING btree;
ALTER OPERATOR FAMILY jxlink.time_limit_ops USING btree ADD
    FUNCTION 4 (jxlink.time_limit, jxlink.time_limit) btequalimage(oid);
CREATE OPERATOR CLASS jxlink.time_limit_ops
    DEFAULT FOR TYPE jxlink.time_limit USING btree FAMILY jxlink.time_limit_ops AS
    OPERATOR 1 jxlink.<(jxlink.time_limit,jxlink.time_limit) ,
    OPERATOR 2 jxlink.<=(jxlink.time_limit,jxlink.time_limit) ,
    OPERATOR 3 jxlink.=(jxlink.time_limit,jxlink.time_limit) ,
    OPERATOR 4 jxlink.>=(jxlink.time_limit,jxlink.time_limit) ,
    OPERATOR 5 jxlink.>(jxlink.time_limit,jxlink.time_limit) ,
    FUNCTION 1 (jxlink.time_limit, jxlink.time_limit) jxlink.time_limit_cmp(jxlink.time_limit,jxlink.time_limit);
COMMENT ON OPERATOR FAMILY jxlink.time_limit_ops USING btree IS '期限的 B 树运算符族。 Btree operator family of time limits.';
COMMENT ON OPERATOR CLASS jxlink.time_limit_ops USING btree IS '期限的 B 树索引（相等与范围查询、排序）：先按单位，再按数量。 Btree index of time limits (equality and range searches, sorting): by unit, then amount.';

CREATE FUNCTION jxlink.time_limit_hash(jxlink.time_limit) RETURNS integer
    LANGUAGE c IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_time_limit_hash';
COMMENT ON FUNCTION jxlink.time_limit_hash(jxlink.time_limit) IS '期限的哈希值（哈希支持函数 1）。 Hash of a time limit (hash support function 1).';

CREATE FUNCTION jxlink.time_limit_hash_extended(jxlink.time_limit, bigint) RETURNS bigint
    LANGUAGE c IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_time_limit_hash_extended';
COMMENT ON FUNCTION jxlink.time_limit_hash_extended(jxlink.time_limit, bigint) IS '带种子的 64 位哈希值（哈希支持函数 2，用于哈希分区）。 Seeded 64-bit hash (hash support function 2, used by hash partitioning).';

CREATE OPERATOR FAMILY jxlink.time_limit_hash_ops USING hash;
ALTER OPERATOR FAMILY jxlink.time_limit_hash_ops USING hash ADD
    FUNCTION 2 (jxlink.time_limit, jxlink.time_limit) jxlink.time_limit_hash_extended(jxlink.time_limit,bigint);
CREATE OPERATOR CLASS jxlink.time_limit_hash_ops
    DEFAULT FOR TYPE jxlink.time_limit USING hash FAMILY jxlink.time_limit_hash_ops AS
    OPERATOR 1 jxlink.=(jxlink.time_limit,jxlink.time_limit) ,
    FUNCTION 1 (jxlink.time_limit, jxlink.time_limit) jxlink.time_limit_hash(jxlink.time_limit);
COMMENT ON OPERATOR FAMILY jxlink.time_limit_hash_ops USING hash IS '期限的哈希运算符族。 Hash operator family of time limits.';
COMMENT ON OPERATOR CLASS jxlink.time_limit_hash_ops USING hash IS '期限的哈希索引（相等查询、哈希连接与分组）。 Hash index of time limits (equality searches, hash joins and grouping).';

CREATE FUNCTION jxlink.timestamptz_pl_time_limit(timestamp with time zone, jxlink.time_limit) RETURNS timestamp with time zone
    LANGUAGE c STABLE STRICT PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_timestamptz_pl_time_limit';
COMMENT ON FUNCTION jxlink.timestamptz_pl_time_limit(timestamp with time zone, jxlink.time_limit) IS '自某时刻起算的期限的逾期起点（运算符 +）：工作日、自然日为最后一日次日 0 时（当地时间，起算日不计入），小时为钟表时间，季度为所在季度结束；下次会议取决于联席会议，报 22023（用 obligation_due_by）。 The first late instant of a time limit started at an instant (operator +): for working and calendar days 00:00 local after the last day (the start day not counted), for hours the clock time, for a quarter the end of the quarter; next_meeting depends on the joint meetings and is refused with 22023 (use obligation_due_by).';

CREATE OPERATOR jxlink.+ (
    FUNCTION = jxlink.timestamptz_pl_time_limit,
    LEFTARG = timestamp with time zone,
    RIGHTARG = jxlink.time_limit
);
COMMENT ON OPERATOR jxlink.+ (timestamp with time zone, jxlink.time_limit) IS '逾期起点：起算时刻加期限（与 workday_deadline、obligation_due_by 相同）。 The first late instant: the start plus the time limit (as workday_deadline and obligation_due_by).';

CREATE FUNCTION jxlink.date_pl_time_limit(date, jxlink.time_limit) RETURNS date
    LANGUAGE c STABLE STRICT PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_date_pl_time_limit';
COMMENT ON FUNCTION jxlink.date_pl_time_limit(date, jxlink.time_limit) IS '自某日起算的期限的最后一日（运算符 +；起算日不计入）：工作日、自然日、季度末；小时需从时刻起算、下次会议取决于联席会议，均报 22023。 The last day of a time limit started on a day (operator +; the start day not counted): working days, calendar days, the quarter''s last day; hours (counted from an instant) and next_meeting (depends on the joint meetings) are refused with 22023.';

CREATE OPERATOR jxlink.+ (
    FUNCTION = jxlink.date_pl_time_limit,
    LEFTARG = date,
    RIGHTARG = jxlink.time_limit
);
COMMENT ON OPERATOR jxlink.+ (date, jxlink.time_limit) IS '期限的最后一日：起算日加期限（起算日不计入）。 The last day: the start day plus the time limit (the start day not counted).';

-- ===== A. time limits in the ledger (deadline_rule.period, obligation.period) =====
-- Each period is one jxlink.time_limit value: deadline_rule (period_unit,
-- amount) and obligation (period_unit, period_amount) are converted in place
-- (ALTER COLUMN ... TYPE ... USING rewrites the rows without firing their
-- guard triggers), and every reader takes the period from it.  The readers
-- whose result columns change are dropped first and created again.
DROP VIEW jxlink.referral_overview;
DROP VIEW jxlink.resolution_followup;
DROP VIEW jxlink.due_soon;
DROP VIEW jxlink.obligation_status;
DROP VIEW jxlink.overdue;
DROP FUNCTION jxlink.due_soon_as_of(timestamp with time zone);
DROP FUNCTION jxlink.obligation_status_at(timestamp with time zone);
DROP FUNCTION jxlink.overdue_as_of(timestamp with time zone);
DROP FUNCTION jxlink.period_text(text, integer);
DROP FUNCTION jxlink.period_length(text, integer, timestamp with time zone, date);
DROP FUNCTION jxlink.obligation_due_by(text, integer, timestamp with time zone, text);

ALTER TABLE jxlink.deadline_rule ADD COLUMN period jxlink.time_limit;
ALTER TABLE jxlink.deadline_rule ALTER COLUMN period TYPE jxlink.time_limit
    USING jxlink.time_limit(period_unit, amount);
ALTER TABLE jxlink.deadline_rule ALTER COLUMN period SET NOT NULL;
ALTER TABLE jxlink.deadline_rule DROP COLUMN period_unit, DROP COLUMN amount;
ALTER TABLE jxlink.deadline_rule ADD CONSTRAINT deadline_rule_period_check CHECK (jxlink.time_limit_unit(period) IN ('workdays', 'hours', 'quarter', 'next_meeting') AND jxlink.time_limit_amount(period) > 0);
COMMENT ON COLUMN jxlink.deadline_rule.period IS '期限（jxlink.time_limit）：如 3 工作日（起算日不计入，至第 n 个工作日 24:00）、24 小时（自然小时）、1 季度（至起算所在季度结束）、下次会议（至下次联席会议，未召开前暂以下一季度末为限）。本地政策规则可改为其他期限（UPDATE ... SET period = ''10 工作日''）。 The time limit (jxlink.time_limit): e.g. 3 工作日 (working days: the start day not counted, until 24:00 of the n-th), 24 小时 (clock hours), 1 季度 (until the end of the quarter it starts in), 下次会议 (until the next joint meeting; until one is held, the end of the following quarter). A local-policy rule can be given another (UPDATE ... SET period = ''10 工作日'').';

ALTER TABLE jxlink.obligation ADD COLUMN period jxlink.time_limit;
ALTER TABLE jxlink.obligation ALTER COLUMN period TYPE jxlink.time_limit
    USING jxlink.time_limit(period_unit, period_amount);
ALTER TABLE jxlink.obligation ALTER COLUMN period SET NOT NULL;
ALTER TABLE jxlink.obligation DROP COLUMN period_unit, DROP COLUMN period_amount;
COMMENT ON COLUMN jxlink.obligation.period IS '义务自身的期限（jxlink.time_limit）：如 3 工作日、24 小时、1 季度（所在季度）、下次会议（下次联席会议）、30 日（双方约定的最后一日，起算日之后的自然日数）；期限一律由此计算，规则表日后修改不影响。 The obligation''s own time limit (jxlink.time_limit): e.g. 3 工作日 (working days), 24 小时 (hours), 1 季度 (the quarter it starts in), 下次会议 (the next joint meeting), 30 日 (a last day the units agreed, in calendar days after the start day); every due time is computed from it, whatever later becomes of the rule.';

CREATE FUNCTION jxlink.obligation_due_by(period jxlink.time_limit, started_at timestamp with time zone, jurisdiction text, OUT due_at timestamp with time zone, OUT due_date date, OUT provisional boolean, OUT calendar_version text) RETURNS record
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    unit text := jxlink.time_limit_unit(period);
    held timestamptz;
BEGIN
    provisional := false;
    IF unit = 'next_meeting' THEN
        SELECT min(m.held_at) INTO held FROM jxlink.joint_meeting m
        WHERE m.jurisdiction = obligation_due_by.jurisdiction AND m.held_at > obligation_due_by.started_at;
        -- while none is held: the last day of the quarter after the start's
        due_date := coalesce(jxlink.local_date(held),
                             ((jxlink.local_date(started_at) OPERATOR(jxlink.+) '1 季度'::jxlink.time_limit) + 1)
                                 OPERATOR(jxlink.+) '1 季度'::jxlink.time_limit);
        due_at := jxlink.local_midnight(due_date + 1);
    ELSE
        due_at := started_at OPERATOR(jxlink.+) period;
        due_date := CASE WHEN unit = 'hours' THEN jxlink.local_date(due_at)
                         ELSE jxlink.local_date(started_at) OPERATOR(jxlink.+) period END;
        IF unit = 'workdays' THEN
            provisional := jxlink.is_provisional(due_date);
            calendar_version := jxlink.calendar_version();
        END IF;
    END IF;
END
$$;
COMMENT ON FUNCTION jxlink.obligation_due_by(period jxlink.time_limit, started_at timestamp with time zone, jurisdiction text, OUT due_at timestamp with time zone, OUT due_date date, OUT provisional boolean, OUT calendar_version text) IS '（内部）台账唯一的期限计算：某期限（jxlink.time_limit：工作日、小时、季度、下次联席会议、约定日）自某时刻起算的逾期起点、届满日、是否暂定、日历版本；计算即期限类型自身的运算（timestamptz + time_limit、date + time_limit），下次会议另查所在辖区召开的联席会议。 (Internal) The ledger''s one computation of due times: the first late instant, last day, provisional flag and calendar version of a time limit (jxlink.time_limit: working days, hours, quarter, next joint meeting, agreed day) started at an instant; the counting is the type''s own (timestamptz + time_limit, date + time_limit), and the next meeting looks up the joint meetings held in the jurisdiction.';
REVOKE ALL ON FUNCTION jxlink.obligation_due_by(period jxlink.time_limit, started_at timestamp with time zone, jurisdiction text, OUT due_at timestamp with time zone, OUT due_date date, OUT provisional boolean, OUT calendar_version text) FROM PUBLIC;

CREATE FUNCTION jxlink.period_length(period jxlink.time_limit, started_at timestamp with time zone, due_date date) RETURNS integer
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
SELECT CASE WHEN jxlink.time_limit_unit(period) OPERATOR(pg_catalog.=) ANY ('{workdays,hours}') THEN jxlink.time_limit_amount(period)
            ELSE pg_catalog.int4larger(jxlink.workdays_between_or_null(jxlink.local_date(started_at), due_date), 1) END
$$;
COMMENT ON FUNCTION jxlink.period_length(period jxlink.time_limit, started_at timestamp with time zone, due_date date) IS '义务自身期限的长度（小时数或工作日数；季度、下次会议、约定日为起算至届满日的工作日数，至少为 1），用于剩余比例。 The length of an obligation''s own time limit (hours or working days; for a quarter, the next meeting or an agreed day, the working days from the start to the last day, at least 1), for the share of it left.';

CREATE OR REPLACE FUNCTION jxlink.deadline_rule_fixed() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    IF OLD.basis = 'provision'
       AND ((NEW.obligation_kind, NEW.basis, NEW.rule_code) IS DISTINCT FROM (OLD.obligation_kind, OLD.basis, OLD.rule_code)
            OR NEW.period OPERATOR(jxlink.<>) OLD.period) THEN
        RAISE EXCEPTION 'the time limit of rule "%" is set by the provisions (%)', OLD.rule_code, OLD.clause
            USING ERRCODE = 'restrict_violation',
                  HINT = 'Only local-policy rules (basis = local_policy) can be changed.';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION jxlink.deadline_rule_fixed() IS '触发器：规定明文的时限不可修改。 Trigger: the provisions'' own time limits cannot be changed.';
REVOKE ALL ON FUNCTION jxlink.deadline_rule_fixed() FROM PUBLIC;

CREATE OR REPLACE FUNCTION jxlink.obligation_start(owner_unit uuid, rule_code text, claimed timestamp with time zone, owner_present boolean DEFAULT false) RETURNS timestamp with time zone
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
SELECT CASE WHEN claimed >= now()
                 OR owner_present
                 OR EXISTS (SELECT 1 FROM jxlink.deadline_rule r
                            WHERE r.rule_code = obligation_start.rule_code AND jxlink.time_limit_unit(r.period) = 'quarter')
                 OR EXISTS (SELECT 1 FROM jxlink.staff s
                            WHERE s.role_name = jxlink.calling_role()::text AND s.active
                              AND s.unit_id = obligation_start.owner_unit)
            THEN claimed ELSE now() END
$$;
COMMENT ON FUNCTION jxlink.obligation_start(owner_unit uuid, rule_code text, claimed timestamp with time zone, owner_present boolean) IS '（内部）义务的起算时刻：按事件所称时刻；但由记录者（调用角色所属单位）以外的单位负担的义务，不早于记录时刻（now()）起算――该单位此前无从得知；按季度的义务（由日历而非事件产生）及负担单位亲历其事者（如出席作出决议的会议）按所称时刻。 (Internal) When an obligation starts: as the event claims; but one owed by a unit other than the recorder''s (the calling role''s units) starts no earlier than it is recorded (now()), as that unit could not know of it before; quarterly obligations (owed by the calendar, not by an event) and those of a unit present at the event (e.g. attending the meeting that assigned it) start as claimed.';
REVOKE ALL ON FUNCTION jxlink.obligation_start(owner_unit uuid, rule_code text, claimed timestamp with time zone, owner_present boolean) FROM PUBLIC;

CREATE OR REPLACE FUNCTION jxlink.obligation_open(kind text, rule_code text, subject_type text, subject_id uuid, owner_unit uuid, counterpart_unit uuid, started_at timestamp with time zone, agreed_last_day date DEFAULT NULL::date, owner_present boolean DEFAULT false) RETURNS uuid
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    opened uuid;
    start  timestamptz := jxlink.obligation_start(owner_unit, rule_code, started_at, owner_present);
BEGIN
    PERFORM jxlink.check_calendar_time(obligation_open.started_at, 'started_at'), jxlink.check_calendar_date(obligation_open.agreed_last_day, 'agreed_last_day');
    IF agreed_last_day IS NOT NULL AND agreed_last_day < jxlink.local_date(start) THEN
        RAISE EXCEPTION 'the agreed last day % has passed when the obligation is recorded', agreed_last_day
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('Recorded on %s: the owing unit could not know of the obligation before.', jxlink.local_date(start)),
                  HINT = 'Agree a last day that has not passed, or none (the local-policy period applies).';
    END IF;
    INSERT INTO jxlink.obligation (jurisdiction, kind, subject_type, subject_id, owner_unit, counterpart_unit,
                                   rule_code, clause, period, started_at, due_at, due_date,
                                   provisional, calendar_version, claimed_start_at)
    SELECT u.jurisdiction, obligation_open.kind, obligation_open.subject_type, obligation_open.subject_id,
           obligation_open.owner_unit, obligation_open.counterpart_unit, r.rule_code, r.clause, p.period,
           start, d.due_at, d.due_date, d.provisional, d.calendar_version,
           CASE WHEN start <> obligation_open.started_at THEN obligation_open.started_at END
    FROM jxlink.deadline_rule r
    JOIN jxlink.unit u ON u.unit_id = obligation_open.owner_unit
    CROSS JOIN LATERAL (
        SELECT CASE WHEN agreed_last_day IS NULL THEN r.period
                    ELSE jxlink.time_limit('agreed_day', agreed_last_day - jxlink.local_date(start)) END AS period) p
    CROSS JOIN jxlink.obligation_due_by(p.period, start, u.jurisdiction) d
    WHERE r.rule_code = obligation_open.rule_code
    RETURNING obligation_id INTO opened;
    RETURN opened;
END
$$;
COMMENT ON FUNCTION jxlink.obligation_open(kind text, rule_code text, subject_type text, subject_id uuid, owner_unit uuid, counterpart_unit uuid, started_at timestamp with time zone, agreed_last_day date, owner_present boolean) IS '（内部）按规则开立义务（或按双方约定的最后一日）；期限保存在义务上，此后修改规则不影响它。由记录者以外的单位负担的义务不早于记录时起算（见 obligation_start）；约定的最后一日在记录时已过者拒绝（22023）。 (Internal) Open an obligation under a rule (or with the last day the units agreed); the period is kept on the obligation, and a later change of the rule does not alter it. One owed by a unit other than the recorder''s starts no earlier than it is recorded (see obligation_start); an agreed last day already past then is refused (22023).';
REVOKE ALL ON FUNCTION jxlink.obligation_open(kind text, rule_code text, subject_type text, subject_id uuid, owner_unit uuid, counterpart_unit uuid, started_at timestamp with time zone, agreed_last_day date, owner_present boolean) FROM PUBLIC;

CREATE OR REPLACE FUNCTION jxlink.obligation_close(subject_id uuid, kinds text[], closed_at timestamp with time zone, closed_by text, new_status text, note text DEFAULT NULL::text, owner_unit uuid DEFAULT NULL::uuid) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    n integer;
BEGIN
    -- the owing unit's own record of meeting it before the obligation was
    -- recorded confirms the start claimed: it is judged from that start
    UPDATE jxlink.obligation o
    SET (started_at, period, due_at, due_date, provisional, calendar_version) =
        (SELECT o.claimed_start_at, p.period, d.due_at, d.due_date, d.provisional, d.calendar_version
         FROM (SELECT CASE WHEN jxlink.time_limit_unit(o.period) = 'agreed_day'
                           THEN jxlink.time_limit('agreed_day', o.due_date - jxlink.local_date(o.claimed_start_at))
                           ELSE o.period END AS period) p
         CROSS JOIN jxlink.obligation_due_by(p.period, o.claimed_start_at, o.jurisdiction) d)
    WHERE o.subject_id = obligation_close.subject_id
      AND o.kind = ANY (kinds)
      AND o.status = 'open'
      AND (obligation_close.owner_unit IS NULL OR o.owner_unit = obligation_close.owner_unit)
      AND closed_at < o.started_at AND closed_at >= o.claimed_start_at
      AND o.owner_unit IN (SELECT s.unit_id FROM jxlink.staff s
                           WHERE s.role_name = jxlink.calling_role()::text AND s.active);
    UPDATE jxlink.obligation o
    SET status = new_status,
        met_at = closed_at,
        met_late = closed_at >= o.due_at,
        met_by = closed_by,
        note = obligation_close.note,
        closed_recorded_at = now()
    WHERE o.subject_id = obligation_close.subject_id
      AND o.kind = ANY (kinds)
      AND o.status = 'open'
      AND (obligation_close.owner_unit IS NULL OR o.owner_unit = obligation_close.owner_unit);
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$$;
COMMENT ON FUNCTION jxlink.obligation_close(subject_id uuid, kinds text[], closed_at timestamp with time zone, closed_by text, new_status text, note text, owner_unit uuid) IS '（内部）履行或免除某事项的未结义务（可限于某一单位所负）；届时判定是否逾期（逾期后免除的仍为逾期），并记下记录时刻。负担单位自己记录在义务记录之前已履行的，即确认了所称的起算时刻，按该时刻判定。 (Internal) Meet or waive the open obligations of a subject (those of one owing unit, when given); each is judged late or on time then (a waiver after the due time stays late), and the time it was recorded is kept. When the owing unit itself records meeting it before the obligation was recorded, it confirms the start claimed, and is judged from that start.';
REVOKE ALL ON FUNCTION jxlink.obligation_close(subject_id uuid, kinds text[], closed_at timestamp with time zone, closed_by text, new_status text, note text, owner_unit uuid) FROM PUBLIC;

CREATE OR REPLACE FUNCTION jxlink.obligation_reschedule(obligation_id uuid, rule_code text) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    UPDATE jxlink.obligation o
    SET (rule_code, clause, period, due_at, due_date, provisional, calendar_version) =
        (SELECT r.rule_code, r.clause, r.period, d.due_at, d.due_date, d.provisional, d.calendar_version
         FROM jxlink.deadline_rule r, jxlink.obligation_due_by(r.period, o.started_at, o.jurisdiction) d
         WHERE r.rule_code = obligation_reschedule.rule_code)
    WHERE o.obligation_id = obligation_reschedule.obligation_id
      AND o.status = 'open';
END
$$;
COMMENT ON FUNCTION jxlink.obligation_reschedule(obligation_id uuid, rule_code text) IS '（内部）将未结义务改按另一规则计算期限。 (Internal) Recompute an open obligation under another rule.';
REVOKE ALL ON FUNCTION jxlink.obligation_reschedule(obligation_id uuid, rule_code text) FROM PUBLIC;

CREATE OR REPLACE FUNCTION jxlink.obligation_recompute_open(period_unit text, jurisdiction text, cause text) RETURNS integer
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
        CROSS JOIN LATERAL jxlink.obligation_due_by(o.period, o.started_at, o.jurisdiction) d
        WHERE o.status = 'open' AND jxlink.time_limit_unit(o.period) = obligation_recompute_open.period_unit
          AND (obligation_recompute_open.jurisdiction IS NULL OR o.jurisdiction = obligation_recompute_open.jurisdiction)
          -- what was late stays late: a report owed "at the next meeting" whose due time (the end of the following
          -- quarter) had passed before the meeting was held is not put off to it (due times are midnights: later
          -- means overdue by the meeting's day)
          AND NOT (obligation_recompute_open.period_unit = 'next_meeting' AND d.due_at > o.due_at)
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
COMMENT ON FUNCTION jxlink.obligation_recompute_open(period_unit text, jurisdiction text, cause text) IS '（内部）事实（日历、召开的联席会议）变化后重算某类未结义务的期限；期限变动的逐项记入 obligation_move。召开会议时已逾期的“下次会议通报”义务不顺延至该会议（逾期的仍为逾期）。 (Internal) Recompute the due time of the open obligations of one period unit after the facts changed (the calendar, a joint meeting held); each move is recorded in obligation_move. A report owed at the next meeting that was already overdue when the meeting was held is not put off to it (what was late stays late).';
REVOKE ALL ON FUNCTION jxlink.obligation_recompute_open(period_unit text, jurisdiction text, cause text) FROM PUBLIC;

CREATE OR REPLACE FUNCTION jxlink.obligation_recompute() RETURNS trigger
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
        WHERE o.status <> 'open' AND jxlink.time_limit_unit(o.period) = 'workdays' AND o.derivation IS NULL
          AND o.due_date >= (SELECT min(d) FROM unnest(days) d)
          AND EXISTS (SELECT 1 FROM unnest(days) d
                      WHERE d > jxlink.local_date(o.started_at) AND d <= o.due_date)
          AND jxlink.local_date(o.started_at) OPERATOR(jxlink.+) o.period <> o.due_date;
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

CREATE OR REPLACE FUNCTION jxlink.explain_obligation(obligation_id uuid) RETURNS text
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
        format('rule %s, clause %s (%s): %s - %s', o.rule_code, o.clause,
               CASE r.basis WHEN 'provision' THEN 'provision' ELSE 'local policy' END,
               jxlink.time_limit_en(o.period), r.description_zh),
        format('started %s %s (local date %s %s)', to_char(o.started_at AT TIME ZONE tz, 'YYYY-MM-DD HH24:MI'),
               tz, start, to_char(start, 'Dy'))];
    IF o.claimed_start_at = o.started_at THEN
        lines := lines || 'the start as claimed, confirmed by the owing unit''s own record of meeting it before the obligation was recorded'::text;
    ELSIF o.claimed_start_at IS NOT NULL THEN
        lines := lines || format('claimed start %s %s, recorded %s %s: owed by a unit other than the recorder''s, it starts when recorded',
                                 to_char(o.claimed_start_at AT TIME ZONE tz, 'YYYY-MM-DD HH24:MI'), tz,
                                 to_char(o.created_at AT TIME ZONE tz, 'YYYY-MM-DD HH24:MI'), tz);
    END IF;

    CASE jxlink.time_limit_unit(o.period)
    WHEN 'workdays' THEN
        IF cardinality(o.derivation) > 0 THEN
            lines := lines || o.derivation
                || format('(the days as counted under calendar version %s, with which it was judged)', o.calendar_version);
        ELSIF o.derivation IS NOT NULL THEN
            lines := lines || format('the days counted under calendar version %s were not kept (judged before jxlink 0.8.0); last day %s, until 24:00 local time',
                                     o.calendar_version, o.due_date);
        ELSIF jxlink.workdays_between_or_null(start, o.due_date) IS NULL THEN
            lines := lines || format('the working days cannot be counted: the start day %s or the last day %s lies outside the working-day calendar', start, o.due_date);
        ELSE
            lines := lines || jxlink.obligation_workday_lines(start, o.due_date);
        END IF;
    WHEN 'hours' THEN
        lines := lines || format('counted on the clock: %s hours; holidays do not extend it', jxlink.time_limit_amount(o.period));
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
        lines := lines || format('the last day agreed when it was opened, %s days after the start day', jxlink.time_limit_amount(o.period))
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
           ELSE format('status: waived %s %s by %s (%s)%s', to_char(o.met_at AT TIME ZONE tz, 'YYYY-MM-DD HH24:MI'), tz,
                       o.met_by, coalesce(o.note, ''),
                       CASE WHEN o.met_late THEN ', after it was due: LATE (waived_late, 撤回时已逾期)' ELSE '' END)
           END;
    RETURN array_to_string(lines, E'\n');
END
$$;
COMMENT ON FUNCTION jxlink.explain_obligation(obligation_id uuid) IS '解释一项义务的期限，全部取自义务本身：起算时刻（及事件所称时刻，如期限自记录时起算）、期限与条款、计入的工作日与跳过的日期（按判定时的日历）、未结期间的期限变动（从何到何、因何、何时、何人）、逾期起点、日历版本、履行情况（逾期后免除的标明 waived_late）（按 jxlink.timezone 显示）。 Explain an obligation''s due time from the obligation itself: start (and the start claimed, when it starts when recorded), period and clause, the working days counted and the days skipped (under the calendar it was judged with), each move while it was open (from what, to what, why, when, by whom), the first late instant, the calendar version, and whether it was met (a waiver after the due time shown as waived_late) (shown in jxlink.timezone).';
REVOKE ALL ON FUNCTION jxlink.explain_obligation(obligation_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.explain_obligation(obligation_id uuid) TO jxlink_clerk, jxlink_supervisor, jxlink_admin, jxlink_bi;

CREATE FUNCTION jxlink.due_soon_as_of(as_of timestamp with time zone) RETURNS TABLE(obligation_id uuid, jurisdiction text, kind text, subject_type text, subject_id uuid, subject_ref text, subject_title text, owner_unit uuid, owner_code text, owner_name_zh text, owner_kind text, counterpart_unit uuid, counterpart_code text, counterpart_name_zh text, rule_code text, clause text, period jxlink.time_limit, started_at timestamp with time zone, due_at timestamp with time zone, due_date date, provisional boolean, workdays_left integer, hours_left numeric, fraction_left numeric, warning text)
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
SELECT o.obligation_id, o.jurisdiction, o.kind, o.subject_type, o.subject_id, o.subject_ref, o.subject_title,
       o.owner_unit, ou.code, ou.name_zh, ou.kind, o.counterpart_unit, cu.code, cu.name_zh,
       o.rule_code, o.clause, o.period,
       o.started_at, o.due_at, o.due_date, o.provisional,
       x.workdays_left, x.hours_left, x.fraction_left,
       CASE WHEN CASE WHEN jxlink.time_limit_unit(o.period) OPERATOR(pg_catalog.=) 'hours'
                      THEN x.hours_left OPERATOR(pg_catalog.<=) s.hours
                      ELSE x.workdays_left OPERATOR(pg_catalog.<=) s.workdays END
                 OR x.fraction_left OPERATOR(pg_catalog.<=) s.fraction
            THEN 'yellow' ELSE 'green' END::pg_catalog.text
FROM jxlink.obligation o
JOIN jxlink.unit ou ON ou.unit_id OPERATOR(pg_catalog.=) o.owner_unit
LEFT JOIN jxlink.unit cu ON cu.unit_id OPERATOR(pg_catalog.=) o.counterpart_unit
CROSS JOIN LATERAL (
    SELECT w.workdays_left, w.hours_left,
           pg_catalog.round(CASE WHEN jxlink.time_limit_unit(o.period) OPERATOR(pg_catalog.=) 'hours' THEN w.hours_left
                                 ELSE w.workdays_left::numeric END
                            OPERATOR(pg_catalog./) w.period_length, 3) AS fraction_left
    FROM (SELECT jxlink.workdays_between_or_null(jxlink.local_date(as_of), o.due_date) AS workdays_left,
                 jxlink.period_length(o.period, o.started_at, o.due_date) AS period_length,
                 pg_catalog.round(pg_catalog.date_part('epoch', o.due_at OPERATOR(pg_catalog.-) as_of)::numeric
                                  OPERATOR(pg_catalog./) 3600, 1) AS hours_left) w) x
CROSS JOIN (
    SELECT pg_catalog.max(t.value) FILTER (WHERE t.name OPERATOR(pg_catalog.=) 'due_soon_workdays') AS workdays,
           pg_catalog.max(t.value) FILTER (WHERE t.name OPERATOR(pg_catalog.=) 'due_soon_hours') AS hours,
           pg_catalog.max(t.value) FILTER (WHERE t.name OPERATOR(pg_catalog.=) 'due_soon_fraction') AS fraction
    FROM jxlink.setting t) s
WHERE o.due_at OPERATOR(pg_catalog.>) as_of
  AND jxlink.check_calendar_time(as_of, 'as_of') IS NOT DISTINCT FROM as_of
  AND o.started_at OPERATOR(pg_catalog.<=) as_of
  AND (o.status OPERATOR(pg_catalog.=) 'open' OR o.met_at OPERATOR(pg_catalog.>) as_of)
$$;
COMMENT ON FUNCTION jxlink.due_soon_as_of(as_of timestamp with time zone) IS '截至某一时刻未履行且未到期的义务，及剩余工作日、小时、剩余比例与预警级别（yellow 临期 / green 正常；阈值见 jxlink.setting）。 Obligations open and not yet due as of an instant, with the working days, hours and fraction of the period left and the warning level (yellow when due soon, green otherwise; thresholds in jxlink.setting).';
REVOKE ALL ON FUNCTION jxlink.due_soon_as_of(as_of timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.due_soon_as_of(as_of timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin, jxlink_bi;

CREATE FUNCTION jxlink.obligation_status_at(as_of timestamp with time zone) RETURNS TABLE(obligation_id uuid, jurisdiction text, kind text, subject_type text, subject_id uuid, subject_ref text, subject_title text, owner_unit uuid, owner_code text, owner_name_zh text, owner_kind text, counterpart_unit uuid, counterpart_code text, counterpart_name_zh text, rule_code text, clause text, period jxlink.time_limit, started_at timestamp with time zone, due_at timestamp with time zone, due_date date, provisional boolean, met_at timestamp with time zone, status text, late_workdays integer, workdays_left integer, hours_left numeric)
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
SELECT o.obligation_id, o.jurisdiction, o.kind, o.subject_type, o.subject_id, o.subject_ref, o.subject_title,
       o.owner_unit, ou.code, ou.name_zh, ou.kind, o.counterpart_unit, cu.code, cu.name_zh,
       o.rule_code, o.clause, o.period,
       o.started_at, o.due_at, o.due_date, o.provisional,
       CASE WHEN o.met_at OPERATOR(pg_catalog.<=) as_of THEN o.met_at END,
       CASE
           WHEN o.met_at OPERATOR(pg_catalog.<=) as_of AND o.status OPERATOR(pg_catalog.=) 'waived' AND o.met_late THEN 'waived_late'
           WHEN o.met_at OPERATOR(pg_catalog.<=) as_of AND o.status OPERATOR(pg_catalog.=) 'waived' THEN 'waived'
           WHEN o.met_at OPERATOR(pg_catalog.<=) as_of AND o.refused THEN 'refused'
           WHEN o.met_at OPERATOR(pg_catalog.<=) as_of AND o.met_late THEN 'met_late'
           WHEN o.met_at OPERATOR(pg_catalog.<=) as_of THEN 'met_on_time'
           WHEN o.due_at OPERATOR(pg_catalog.<=) as_of THEN 'overdue'
           WHEN CASE WHEN jxlink.time_limit_unit(o.period) OPERATOR(pg_catalog.=) 'hours'
                     THEN x.hours_left OPERATOR(pg_catalog.<=) s.hours
                          OR x.hours_left OPERATOR(pg_catalog.<=) (s.fraction OPERATOR(pg_catalog.*) x.period_length)
                     ELSE x.workdays_left OPERATOR(pg_catalog.<=) s.workdays
                          OR x.workdays_left OPERATOR(pg_catalog.<=) (s.fraction OPERATOR(pg_catalog.*) x.period_length)
                END THEN 'due_soon'
           ELSE 'pending'
       END::pg_catalog.text,
       CASE
           WHEN o.met_at OPERATOR(pg_catalog.<=) as_of AND o.status OPERATOR(pg_catalog.=) 'waived' AND NOT o.met_late THEN NULL
           WHEN o.met_at OPERATOR(pg_catalog.<=) as_of
               THEN pg_catalog.int4larger(jxlink.workdays_between_or_null(o.due_date, jxlink.local_date(o.met_at)), 0)
           WHEN o.due_at OPERATOR(pg_catalog.<=) as_of
               THEN pg_catalog.int4larger(jxlink.workdays_between_or_null(o.due_date, jxlink.local_date(as_of)), 0)
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
    SELECT jxlink.workdays_between_or_null(jxlink.local_date(as_of), o.due_date) AS workdays_left,
           pg_catalog.round(pg_catalog.date_part('epoch', o.due_at OPERATOR(pg_catalog.-) as_of)::numeric
                            OPERATOR(pg_catalog./) 3600, 1) AS hours_left,
           jxlink.period_length(o.period, o.started_at, o.due_date) AS period_length) x
CROSS JOIN (
    SELECT pg_catalog.max(t.value) FILTER (WHERE t.name OPERATOR(pg_catalog.=) 'due_soon_workdays') AS workdays,
           pg_catalog.max(t.value) FILTER (WHERE t.name OPERATOR(pg_catalog.=) 'due_soon_hours') AS hours,
           pg_catalog.max(t.value) FILTER (WHERE t.name OPERATOR(pg_catalog.=) 'due_soon_fraction') AS fraction
    FROM jxlink.setting t) s
WHERE o.started_at OPERATOR(pg_catalog.<=) as_of
  AND jxlink.check_calendar_time(as_of, 'as_of') IS NOT DISTINCT FROM as_of
$$;
COMMENT ON FUNCTION jxlink.obligation_status_at(as_of timestamp with time zone) IS '截至某一时刻的每项义务及其唯一状态：pending 未到期、due_soon 临期、overdue 逾期、met_on_time 按时履行、met_late 逾期履行、refused 以拒绝作答、waived 到期前免除、waived_late 逾期后免除（撤回时已逾期，仍计为逾期）；用于趋势图与历史报表（结果不随今天变化）。 Every obligation as of an instant with one status - pending, due_soon, overdue, met_on_time, met_late, refused, waived (before it was due), waived_late (withdrawn after it was due: still late) - for trend charts and past reports (the answer does not change with today).';
REVOKE ALL ON FUNCTION jxlink.obligation_status_at(as_of timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.obligation_status_at(as_of timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin, jxlink_bi;

CREATE FUNCTION jxlink.overdue_as_of(as_of timestamp with time zone) RETURNS TABLE(obligation_id uuid, jurisdiction text, kind text, subject_type text, subject_id uuid, subject_ref text, subject_title text, owner_unit uuid, owner_code text, owner_name_zh text, owner_kind text, counterpart_unit uuid, counterpart_code text, counterpart_name_zh text, rule_code text, clause text, period jxlink.time_limit, started_at timestamp with time zone, due_at timestamp with time zone, due_date date, provisional boolean, late_workdays integer, late_hours numeric, warning text)
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
SELECT o.obligation_id, o.jurisdiction, o.kind, o.subject_type, o.subject_id, o.subject_ref, o.subject_title,
       o.owner_unit, ou.code, ou.name_zh, ou.kind, o.counterpart_unit, cu.code, cu.name_zh,
       o.rule_code, o.clause, o.period,
       o.started_at, o.due_at, o.due_date, o.provisional,
       pg_catalog.int4larger(jxlink.workdays_between_or_null(o.due_date, jxlink.local_date(as_of)), 0),
       pg_catalog.round(pg_catalog.date_part('epoch', as_of OPERATOR(pg_catalog.-) o.due_at)::numeric
                        OPERATOR(pg_catalog./) 3600, 1),
       'red'::pg_catalog.text
FROM jxlink.obligation o
JOIN jxlink.unit ou ON ou.unit_id OPERATOR(pg_catalog.=) o.owner_unit
LEFT JOIN jxlink.unit cu ON cu.unit_id OPERATOR(pg_catalog.=) o.counterpart_unit
WHERE o.due_at OPERATOR(pg_catalog.<=) as_of
  AND jxlink.check_calendar_time(as_of, 'as_of') IS NOT DISTINCT FROM as_of
  AND o.started_at OPERATOR(pg_catalog.<=) as_of
  AND (o.status OPERATOR(pg_catalog.=) 'open' OR o.met_at OPERATOR(pg_catalog.>) as_of)
$$;
COMMENT ON FUNCTION jxlink.overdue_as_of(as_of timestamp with time zone) IS '截至某一时刻已逾期未履行的义务（含之后才履行或免除的），及逾期工作日数与小时数。 The obligations overdue and not met as of an instant (including those met or waived later), with how late in working days and in hours.';
REVOKE ALL ON FUNCTION jxlink.overdue_as_of(as_of timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.overdue_as_of(as_of timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin, jxlink_bi;

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
COMMENT ON COLUMN jxlink.due_soon.period IS '义务自身的期限（jxlink.time_limit，文本如 3 工作日、24 小时、1 季度、下次会议、30 日；单位与数量见 time_limit_unit()、time_limit_amount()）。 The obligation''s own time limit (jxlink.time_limit, text such as 3 工作日, 24 小时, 1 季度, 下次会议, 30 日; its unit and amount through time_limit_unit(), time_limit_amount()).';
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
COMMENT ON VIEW jxlink.obligation_status IS '每项义务的当前状态（pending、due_soon、overdue、met_on_time、met_late、refused、waived、waived_late）。 Every obligation with its current status (pending, due_soon, overdue, met_on_time, met_late, refused, waived, waived_late).';
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
COMMENT ON COLUMN jxlink.obligation_status.period IS '义务自身的期限（jxlink.time_limit，文本如 3 工作日、24 小时、1 季度、下次会议、30 日；单位与数量见 time_limit_unit()、time_limit_amount()）。 The obligation''s own time limit (jxlink.time_limit, text such as 3 工作日, 24 小时, 1 季度, 下次会议, 30 日; its unit and amount through time_limit_unit(), time_limit_amount()).';
COMMENT ON COLUMN jxlink.obligation_status.started_at IS '起算时刻。 When the period started.';
COMMENT ON COLUMN jxlink.obligation_status.due_at IS '逾期起点。 First late instant.';
COMMENT ON COLUMN jxlink.obligation_status.due_date IS '期限届满日（本地）。 Last day (local).';
COMMENT ON COLUMN jxlink.obligation_status.provisional IS '届满日所在年份尚无官方安排（暂定）。 The last day falls in a year without an official schedule (provisional).';
COMMENT ON COLUMN jxlink.obligation_status.met_at IS '履行或免除时刻。 When it was met or waived.';
COMMENT ON COLUMN jxlink.obligation_status.status IS '状态：pending 未到期、due_soon 临期、overdue 逾期、met_on_time 按时履行、met_late 逾期履行、refused 以拒绝作答、waived 到期前免除、waived_late 逾期后免除（撤回时已逾期，计为逾期）。 pending, due_soon, overdue, met_on_time, met_late, refused, waived (before it was due), waived_late (withdrawn after it was due: counted late).';
COMMENT ON COLUMN jxlink.obligation_status.late_workdays IS '逾期工作日数（逾期履行或逾期后免除者算至履行或免除日，未履行者算至当日）。 Working days late (to the day met or waived, or to the day of the answer if still open).';
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
COMMENT ON COLUMN jxlink.overdue.period IS '义务自身的期限（jxlink.time_limit，文本如 3 工作日、24 小时、1 季度、下次会议、30 日；单位与数量见 time_limit_unit()、time_limit_amount()）。 The obligation''s own time limit (jxlink.time_limit, text such as 3 工作日, 24 小时, 1 季度, 下次会议, 30 日; its unit and amount through time_limit_unit(), time_limit_amount()).';
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
COMMENT ON COLUMN jxlink.referral_overview.category IS '事项类别（二（一）至（四））。 Category (二（一）至（四）).';
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

CREATE VIEW jxlink.resolution_followup WITH (security_invoker = true) AS
SELECT r.resolution_id, r.jurisdiction, m.meeting_id, m.kind AS meeting_kind, m.held_at AS meeting_held_at,
       m.minutes_no::text AS minutes_no, r.number AS resolution_number, r.title AS resolution_title,
       r.status AS resolution_status, u.unit_id, u.code AS unit_code, u.name_zh AS unit_name_zh,
       ob.report_due_at, ob.report_status, rp.reported_at IS NOT NULL AS reported, rp.reported_at, rp.progress,
       ob.last_report_on_time, coalesce(ob.reports_owed, 0) AS reports_owed,
       coalesce(ob.reports_on_time, 0) AS reports_on_time, coalesce(ob.reports_late, 0) AS reports_late,
       coalesce(ob.overdue_now, false) AS overdue_now
FROM jxlink.resolution r
JOIN jxlink.joint_meeting m ON m.meeting_id = r.meeting_id
JOIN jxlink.resolution_owner o ON o.resolution_id = r.resolution_id
JOIN jxlink.unit u ON u.unit_id = o.unit_id
LEFT JOIN LATERAL (
    SELECT (array_agg(s.due_at ORDER BY s.started_at DESC))[1] AS report_due_at,
           (array_agg(s.status ORDER BY s.started_at DESC))[1] AS report_status,
           (array_agg(s.status = 'met_on_time' ORDER BY s.met_at DESC)
                FILTER (WHERE s.status IN ('met_on_time', 'met_late')))[1] AS last_report_on_time,
           count(*) AS reports_owed,
           count(*) FILTER (WHERE s.status = 'met_on_time') AS reports_on_time,
           count(*) FILTER (WHERE s.status IN ('met_late', 'overdue', 'waived_late')) AS reports_late,
           bool_or(s.status = 'overdue') AS overdue_now
    FROM jxlink.obligation_status s
    WHERE s.subject_id = r.resolution_id AND s.kind = 'resolution_report' AND s.owner_unit = o.unit_id) ob ON true
LEFT JOIN LATERAL (
    SELECT p.reported_at, p.progress FROM jxlink.resolution_report p
    WHERE p.resolution_id = r.resolution_id AND p.unit_id = o.unit_id
    ORDER BY p.reported_at DESC LIMIT 1) rp ON true;
COMMENT ON VIEW jxlink.resolution_followup IS '议定事项落实情况（三（四）4）：每个议定事项的每个责任单位一行――议定会议（时间、类型、纪要文号）、事项编号与标题、责任单位、当前应通报的期限与状态、是否已通报、最近通报时间与进度（in_progress 落实中 / done 已办结），最近一次通报是否按时、逾期次数、当前是否逾期（均取自台账）。 Follow-up of resolutions (决议落实, 三（四）4): one row per resolution and assigned unit - the adopting meeting (time, kind, minutes number), the resolution''s number and title, the unit, the due time and status of its latest report obligation, whether it reported, its latest report (time and progress: in_progress or done), whether that report was on time, how many reports were late, and whether one is overdue now (all from the ledger).';
COMMENT ON COLUMN jxlink.resolution_followup.resolution_id IS '议定事项标识。 Resolution identifier.';
COMMENT ON COLUMN jxlink.resolution_followup.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.resolution_followup.meeting_id IS '议定的会议。 The meeting that adopted it.';
COMMENT ON COLUMN jxlink.resolution_followup.meeting_kind IS '会议类型：regular 例会、special 专题会议。 Kind of the meeting: regular or special.';
COMMENT ON COLUMN jxlink.resolution_followup.meeting_held_at IS '会议召开时间。 When the meeting was held.';
COMMENT ON COLUMN jxlink.resolution_followup.minutes_no IS '会议纪要文号（纪要印发前为空）。 Number of the minutes (null until issued).';
COMMENT ON COLUMN jxlink.resolution_followup.resolution_number IS '会内编号（第N项）。 Number within the meeting.';
COMMENT ON COLUMN jxlink.resolution_followup.resolution_title IS '事项。 Title.';
COMMENT ON COLUMN jxlink.resolution_followup.resolution_status IS '事项状态：open 落实中、done 已办结。 open or done.';
COMMENT ON COLUMN jxlink.resolution_followup.unit_id IS '责任单位标识。 Assigned unit.';
COMMENT ON COLUMN jxlink.resolution_followup.unit_code IS '责任单位代码。 Code of the assigned unit.';
COMMENT ON COLUMN jxlink.resolution_followup.unit_name_zh IS '责任单位名称。 Name of the assigned unit.';
COMMENT ON COLUMN jxlink.resolution_followup.report_due_at IS '最近一项通报义务的逾期起点（下次会议当日 24:00）。 First late instant of the latest report obligation (24:00 of the next meeting''s day).';
COMMENT ON COLUMN jxlink.resolution_followup.report_status IS '最近一项通报义务的状态（pending、due_soon、overdue、met_on_time、met_late 等，同 obligation_status）。 Status of the latest report obligation (pending, due_soon, overdue, met_on_time, met_late..., as in obligation_status).';
COMMENT ON COLUMN jxlink.resolution_followup.reported IS '是否已通报过。 Whether the unit has reported at all.';
COMMENT ON COLUMN jxlink.resolution_followup.reported_at IS '最近一次通报时间（通报所在会议的时间）。 When it last reported (the time of that meeting).';
COMMENT ON COLUMN jxlink.resolution_followup.progress IS '最近一次通报的进度：in_progress 落实中、done 已办结。 Progress of the latest report: in_progress or done.';
COMMENT ON COLUMN jxlink.resolution_followup.last_report_on_time IS '最近一次通报是否按时（台账判定；未通报为空）。 Whether the latest report was on time (judged by the ledger; null when none).';
COMMENT ON COLUMN jxlink.resolution_followup.reports_owed IS '已开立的通报义务数。 Report obligations opened.';
COMMENT ON COLUMN jxlink.resolution_followup.reports_on_time IS '按时通报数。 Reports made on time.';
COMMENT ON COLUMN jxlink.resolution_followup.reports_late IS '逾期的通报义务数（逾期通报、仍逾期、逾期后免除）。 Report obligations late (met late, still overdue, waived after due).';
COMMENT ON COLUMN jxlink.resolution_followup.overdue_now IS '当前是否有逾期未通报。 Whether a report is overdue now.';
GRANT SELECT ON TABLE jxlink.resolution_followup TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;
-- ===== end A =====

-- ===== B. the typed referral state (jxlink.referral_state) =====
-- jxlink.referral_state (issue 18, item 2): the type, its operators,
-- opclasses and casts, as defined in sql/28_referral_state.sql.
CREATE TYPE jxlink.referral_state;

CREATE FUNCTION jxlink.referral_state_in(cstring) RETURNS jxlink.referral_state
    LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_referral_state_in';
COMMENT ON FUNCTION jxlink.referral_state_in(cstring) IS '移送状态的文本输入：状态的英文代码（draft、awaiting_approval、approved、transferred、returned、accepted、filed、decided、closed、declined、withdrawn），须完全一致；其他值报 SQLSTATE 22P02，详情按生命周期顺序列出全部有效状态。 Text input of a referral state: the state''s English code (draft, awaiting_approval, approved, transferred, returned, accepted, filed, decided, closed, declined, withdrawn), exactly; any other value is SQLSTATE 22P02, the detail listing every valid state in lifecycle order.';

CREATE FUNCTION jxlink.referral_state_out(jxlink.referral_state) RETURNS cstring
    LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_referral_state_out';
COMMENT ON FUNCTION jxlink.referral_state_out(jxlink.referral_state) IS '移送状态的文本输出：状态的英文代码（如 draft、awaiting_approval），与 0.11.0 以前的 text 值相同。 Text output of a referral state: its English code (e.g. draft, awaiting_approval), the same text as before 0.11.0.';

CREATE FUNCTION jxlink.referral_state_recv(internal) RETURNS jxlink.referral_state
    LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_referral_state_recv';
COMMENT ON FUNCTION jxlink.referral_state_recv(internal) IS '移送状态的二进制输入（版本字节 1、int16 代码即生命周期序号，0 为 draft）；未知代码报 22P03。 Binary input of a referral state (version byte 1, the int16 code, its position in the lifecycle, 0 for draft); an unknown code is 22P03.';

CREATE FUNCTION jxlink.referral_state_send(jxlink.referral_state) RETURNS bytea
    LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_referral_state_send';
COMMENT ON FUNCTION jxlink.referral_state_send(jxlink.referral_state) IS '移送状态的二进制输出（格式见 referral_state_recv）。 Binary output of a referral state (format as for referral_state_recv).';

CREATE TYPE jxlink.referral_state (
    INTERNALLENGTH = 2,
    INPUT = jxlink.referral_state_in,
    OUTPUT = jxlink.referral_state_out,
    RECEIVE = jxlink.referral_state_recv,
    SEND = jxlink.referral_state_send,
    PASSEDBYVALUE,
    ALIGNMENT = int2,
    STORAGE = plain
);
COMMENT ON TYPE jxlink.referral_state IS '移送状态，由 C 状态机的状态表定义（见 referral_states()、referral_transitions()）。文本为英文代码；排序按生命周期顺序，即移送经过各状态的先后：draft 草稿、awaiting_approval 待审批、approved 已审批、transferred 已移送、returned 退回补充、accepted 已受理、filed 已立案、decided 已决定，其后为终态 closed 办结、declined 不予受理、withdrawn 已撤回；未知值报 22P02。 A referral state, defined by the C state machine''s table of states (see referral_states(), referral_transitions()). Its text is the English code; it sorts in lifecycle order, the order a referral passes the states: draft, awaiting_approval, approved, transferred, returned, accepted, filed, decided, then the final states closed, declined, withdrawn; an unknown value is 22P02.';

CREATE FUNCTION jxlink.referral_state_zh(jxlink.referral_state) RETURNS text
    LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_referral_state_zh';
COMMENT ON FUNCTION jxlink.referral_state_zh(jxlink.referral_state) IS '移送状态的中文名称（如 待分管领导审批），与 referral_states() 的 name_zh 相同。 The Chinese label of a referral state (e.g. 待分管领导审批), as name_zh of referral_states().';

CREATE FUNCTION jxlink.referral_state_en(jxlink.referral_state) RETURNS text
    LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_referral_state_en';
COMMENT ON FUNCTION jxlink.referral_state_en(jxlink.referral_state) IS '移送状态的英文名称（如 awaiting the leader''s approval），与 referral_states() 的 name_en 相同。 The English label of a referral state (e.g. awaiting the leader''s approval), as name_en of referral_states().';

CREATE FUNCTION jxlink.referral_state_cmp(jxlink.referral_state, jxlink.referral_state) RETURNS integer
    LANGUAGE c IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_referral_state_cmp';
COMMENT ON FUNCTION jxlink.referral_state_cmp(jxlink.referral_state, jxlink.referral_state) IS '按生命周期顺序比较两个移送状态：-1、0 或 1（B 树支持函数）。 Compare two referral states in lifecycle order: -1, 0 or 1 (btree support function).';

CREATE FUNCTION jxlink.referral_state_eq(jxlink.referral_state, jxlink.referral_state) RETURNS boolean
    LANGUAGE c IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_referral_state_eq';
COMMENT ON FUNCTION jxlink.referral_state_eq(jxlink.referral_state, jxlink.referral_state) IS '两个移送状态相同（运算符 =）。 Whether two referral states are the same (operator =).';

CREATE FUNCTION jxlink.referral_state_ne(jxlink.referral_state, jxlink.referral_state) RETURNS boolean
    LANGUAGE c IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_referral_state_ne';
COMMENT ON FUNCTION jxlink.referral_state_ne(jxlink.referral_state, jxlink.referral_state) IS '两个移送状态不同（运算符 <>）。 Whether two referral states differ (operator <>).';

CREATE FUNCTION jxlink.referral_state_lt(jxlink.referral_state, jxlink.referral_state) RETURNS boolean
    LANGUAGE c IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_referral_state_lt';
COMMENT ON FUNCTION jxlink.referral_state_lt(jxlink.referral_state, jxlink.referral_state) IS '在生命周期中较早（运算符 <）。 Earlier in the lifecycle (operator <).';

CREATE FUNCTION jxlink.referral_state_le(jxlink.referral_state, jxlink.referral_state) RETURNS boolean
    LANGUAGE c IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_referral_state_le';
COMMENT ON FUNCTION jxlink.referral_state_le(jxlink.referral_state, jxlink.referral_state) IS '在生命周期中较早或相同（运算符 <=）。 Earlier in the lifecycle or the same (operator <=).';

CREATE FUNCTION jxlink.referral_state_gt(jxlink.referral_state, jxlink.referral_state) RETURNS boolean
    LANGUAGE c IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_referral_state_gt';
COMMENT ON FUNCTION jxlink.referral_state_gt(jxlink.referral_state, jxlink.referral_state) IS '在生命周期中较晚（运算符 >）。 Later in the lifecycle (operator >).';

CREATE FUNCTION jxlink.referral_state_ge(jxlink.referral_state, jxlink.referral_state) RETURNS boolean
    LANGUAGE c IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_referral_state_ge';
COMMENT ON FUNCTION jxlink.referral_state_ge(jxlink.referral_state, jxlink.referral_state) IS '在生命周期中较晚或相同（运算符 >=）。 Later in the lifecycle or the same (operator >=).';

CREATE OPERATOR jxlink.= (
    FUNCTION = jxlink.referral_state_eq,
    LEFTARG = jxlink.referral_state,
    RIGHTARG = jxlink.referral_state,
    COMMUTATOR = OPERATOR(jxlink.=),
    NEGATOR = OPERATOR(jxlink.<>),
    MERGES,
    HASHES,
    RESTRICT = eqsel,
    JOIN = eqjoinsel
);
COMMENT ON OPERATOR jxlink.= (jxlink.referral_state, jxlink.referral_state) IS '相同的移送状态。 The same referral state.';

CREATE OPERATOR jxlink.<> (
    FUNCTION = jxlink.referral_state_ne,
    LEFTARG = jxlink.referral_state,
    RIGHTARG = jxlink.referral_state,
    COMMUTATOR = OPERATOR(jxlink.<>),
    NEGATOR = OPERATOR(jxlink.=),
    RESTRICT = neqsel,
    JOIN = neqjoinsel
);
COMMENT ON OPERATOR jxlink.<> (jxlink.referral_state, jxlink.referral_state) IS '不同的移送状态。 Different referral states.';

CREATE OPERATOR jxlink.< (
    FUNCTION = jxlink.referral_state_lt,
    LEFTARG = jxlink.referral_state,
    RIGHTARG = jxlink.referral_state,
    COMMUTATOR = OPERATOR(jxlink.>),
    NEGATOR = OPERATOR(jxlink.>=),
    RESTRICT = scalarltsel,
    JOIN = scalarltjoinsel
);
COMMENT ON OPERATOR jxlink.< (jxlink.referral_state, jxlink.referral_state) IS '在生命周期中较早（draft 最早，终态 closed、declined、withdrawn 最晚）。 Earlier in the lifecycle (draft first, the final states closed, declined, withdrawn last).';

CREATE OPERATOR jxlink.<= (
    FUNCTION = jxlink.referral_state_le,
    LEFTARG = jxlink.referral_state,
    RIGHTARG = jxlink.referral_state,
    COMMUTATOR = OPERATOR(jxlink.>=),
    NEGATOR = OPERATOR(jxlink.>),
    RESTRICT = scalarlesel,
    JOIN = scalarlejoinsel
);
COMMENT ON OPERATOR jxlink.<= (jxlink.referral_state, jxlink.referral_state) IS '在生命周期中较早或相同。 Earlier in the lifecycle or the same.';

CREATE OPERATOR jxlink.> (
    FUNCTION = jxlink.referral_state_gt,
    LEFTARG = jxlink.referral_state,
    RIGHTARG = jxlink.referral_state,
    COMMUTATOR = OPERATOR(jxlink.<),
    NEGATOR = OPERATOR(jxlink.<=),
    RESTRICT = scalargtsel,
    JOIN = scalargtjoinsel
);
COMMENT ON OPERATOR jxlink.> (jxlink.referral_state, jxlink.referral_state) IS '在生命周期中较晚。 Later in the lifecycle.';

CREATE OPERATOR jxlink.>= (
    FUNCTION = jxlink.referral_state_ge,
    LEFTARG = jxlink.referral_state,
    RIGHTARG = jxlink.referral_state,
    COMMUTATOR = OPERATOR(jxlink.<=),
    NEGATOR = OPERATOR(jxlink.<),
    RESTRICT = scalargesel,
    JOIN = scalargejoinsel
);
COMMENT ON OPERATOR jxlink.>= (jxlink.referral_state, jxlink.referral_state) IS '在生命周期中较晚或相同。 Later in the lifecycle or the same.';

CREATE OPERATOR FAMILY jxlink.referral_state_ops USING btree;
ALTER OPERATOR FAMILY jxlink.referral_state_ops USING btree ADD
    FUNCTION 4 (jxlink.referral_state, jxlink.referral_state) btequalimage(oid);
CREATE OPERATOR CLASS jxlink.referral_state_ops
    DEFAULT FOR TYPE jxlink.referral_state USING btree FAMILY jxlink.referral_state_ops AS
    OPERATOR 1 jxlink.<(jxlink.referral_state,jxlink.referral_state) ,
    OPERATOR 2 jxlink.<=(jxlink.referral_state,jxlink.referral_state) ,
    OPERATOR 3 jxlink.=(jxlink.referral_state,jxlink.referral_state) ,
    OPERATOR 4 jxlink.>=(jxlink.referral_state,jxlink.referral_state) ,
    OPERATOR 5 jxlink.>(jxlink.referral_state,jxlink.referral_state) ,
    FUNCTION 1 (jxlink.referral_state, jxlink.referral_state) jxlink.referral_state_cmp(jxlink.referral_state,jxlink.referral_state);
COMMENT ON OPERATOR FAMILY jxlink.referral_state_ops USING btree IS '移送状态的 B 树运算符族。 Btree operator family of referral states.';
COMMENT ON OPERATOR CLASS jxlink.referral_state_ops USING btree IS '移送状态的 B 树索引（相等与范围查询、排序），按生命周期顺序。 Btree index of referral states (equality and range searches, sorting), in lifecycle order.';

CREATE FUNCTION jxlink.referral_state_hash(jxlink.referral_state) RETURNS integer
    LANGUAGE c IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_referral_state_hash';
COMMENT ON FUNCTION jxlink.referral_state_hash(jxlink.referral_state) IS '移送状态的哈希值（哈希支持函数 1）。 Hash of a referral state (hash support function 1).';

CREATE FUNCTION jxlink.referral_state_hash_extended(jxlink.referral_state, bigint) RETURNS bigint
    LANGUAGE c IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_referral_state_hash_extended';
COMMENT ON FUNCTION jxlink.referral_state_hash_extended(jxlink.referral_state, bigint) IS '带种子的 64 位哈希值（哈希支持函数 2，用于哈希分区）。 Seeded 64-bit hash (hash support function 2, used by hash partitioning).';

CREATE OPERATOR FAMILY jxlink.referral_state_hash_ops USING hash;
ALTER OPERATOR FAMILY jxlink.referral_state_hash_ops USING hash ADD
    FUNCTION 2 (jxlink.referral_state, jxlink.referral_state) jxlink.referral_state_hash_extended(jxlink.referral_state,bigint);
CREATE OPERATOR CLASS jxlink.referral_state_hash_ops
    DEFAULT FOR TYPE jxlink.referral_state USING hash FAMILY jxlink.referral_state_hash_ops AS
    OPERATOR 1 jxlink.=(jxlink.referral_state,jxlink.referral_state) ,
    FUNCTION 1 (jxlink.referral_state, jxlink.referral_state) jxlink.referral_state_hash(jxlink.referral_state);
COMMENT ON OPERATOR FAMILY jxlink.referral_state_hash_ops USING hash IS '移送状态的哈希运算符族。 Hash operator family of referral states.';
COMMENT ON OPERATOR CLASS jxlink.referral_state_hash_ops USING hash IS '移送状态的哈希索引（相等查询、哈希连接与分组）。 Hash index of referral states (equality searches, hash joins and grouping).';

-- The C event path writes states given as text (the same statement serves a
-- database still at an older version, where the columns are text): the cast
-- goes through the input function, so a non-state is still 22P02.
CREATE CAST (text AS jxlink.referral_state) WITH INOUT AS ASSIGNMENT;
COMMENT ON CAST (text AS jxlink.referral_state) IS '文本赋值为移送状态（经文本输入检查，非状态报 22P02）：供 C 事件路径以文本写入状态；比较时不隐式转换。 Text assigned to a referral state (checked by the text input, a non-state is 22P02): the C event path writes states as text; never implicit in comparisons.';
-- varchar becomes a referral state implicitly, as for docno: JDBC sends
-- string parameters as varchar and BI tools cast filter values to varchar, so
-- state = ? compares states (a value that is not one is 22P02).  text stays
-- explicit: referral_state = text is an error, not a comparison of texts.
CREATE CAST (character varying AS jxlink.referral_state) WITH INOUT AS IMPLICIT;
COMMENT ON CAST (character varying AS jxlink.referral_state) IS 'varchar 转为移送状态（隐式：BI 工具与 JDBC 以 varchar 传入的筛选值按移送状态比较，非状态报 22P02）。 varchar to referral state (implicit: filter values BI tools and JDBC send as varchar compare as referral states; a non-state is 22P02).';

-- The columns become jxlink.referral_state (every value goes through the
-- type's input: a value that is not a state would stop the upgrade with
-- 22P02; the state guard allows none).  The view and the functions that
-- expose a state are dropped first and recreated below with the type.
-- ALTER COLUMN ... TYPE rewrites the tables without firing row triggers:
-- the history's append-only trigger does not see it, and the hashes, over
-- the states' text, stay valid (the output of the type is the same text).
DROP VIEW jxlink.referral_overview;
DROP FUNCTION jxlink.referral_overview_at(timestamp with time zone);
DROP FUNCTION jxlink.referral_states();
DROP FUNCTION jxlink.referral_transitions();
DROP FUNCTION jxlink.referral_next_state(text, text);

ALTER TABLE jxlink.referral
    ALTER COLUMN state TYPE jxlink.referral_state USING state::jxlink.referral_state;
ALTER TABLE jxlink.referral_history
    ALTER COLUMN from_state TYPE jxlink.referral_state USING from_state::jxlink.referral_state,
    ALTER COLUMN to_state TYPE jxlink.referral_state USING to_state::jxlink.referral_state;
COMMENT ON COLUMN jxlink.referral.state IS '当前状态（jxlink.referral_state，按生命周期顺序排序；见 referral_states()）。 Current state (jxlink.referral_state, sorting in lifecycle order; see referral_states()).';

-- The state machine's functions, of the type (sql/30_referral.sql).
CREATE FUNCTION jxlink.referral_next_state(state jxlink.referral_state, event text) RETURNS jxlink.referral_state
    LANGUAGE c IMMUTABLE PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_referral_next_state';
COMMENT ON FUNCTION jxlink.referral_next_state(state jxlink.referral_state, event text) IS '状态机：某状态下发生某事件后的新状态；不允许的转换报错（SQLSTATE 55000，并列出该状态允许的事件）。state 为空表示尚未创建。 The state machine: the state after an event; a refused transition raises SQLSTATE 55000 listing the events allowed in that state. A null state means not yet created.';

CREATE FUNCTION jxlink.referral_states(OUT state jxlink.referral_state, OUT terminal boolean, OUT name_zh text, OUT name_en text) RETURNS SETOF record
    LANGUAGE c IMMUTABLE ROWS 11 PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_referral_states';
COMMENT ON FUNCTION jxlink.referral_states(OUT state jxlink.referral_state, OUT terminal boolean, OUT name_zh text, OUT name_en text) IS '移送的全部状态，按生命周期顺序，及其中英文名称、是否终态。 Every referral state, in lifecycle order, whether it is final, and its Chinese and English names.';

CREATE FUNCTION jxlink.referral_transitions(OUT from_state jxlink.referral_state, OUT event text, OUT to_state jxlink.referral_state, OUT actor text) RETURNS SETOF record
    LANGUAGE c IMMUTABLE ROWS 20 PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_referral_transitions';
COMMENT ON FUNCTION jxlink.referral_transitions(OUT from_state jxlink.referral_state, OUT event text, OUT to_state jxlink.referral_state, OUT actor text) IS '状态机的全部转换（定义于 C）：起始状态、事件、目标状态、触发者。 Every transition of the state machine (defined in C): from state, event, to state, actor.';

-- The view and the as-of function (sql/55_reading.sql).
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
COMMENT ON COLUMN jxlink.referral_overview.category IS '事项类别（二（一）至（四））。 Category (二（一）至（四）).';
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

CREATE FUNCTION jxlink.referral_overview_at(as_of timestamp with time zone) RETURNS TABLE(referral_id uuid, jurisdiction text, case_id uuid, title text, category text, source text, discovered_at timestamp with time zone, urgent boolean, from_code text, from_name_zh text, to_code text, to_name_zh text, state jxlink.referral_state, state_name_zh text, state_name_en text, terminal boolean, letter_no text, filed_case_no text, decision_no text, decision_outcome text, transfer_count integer, return_count integer, transfer_rule text, transfer_due_at timestamp with time zone, transfer_met_at timestamp with time zone, transfer_status text, acknowledge_due_at timestamp with time zone, acknowledge_met_at timestamp with time zone, acknowledge_status text, file_case_due_at timestamp with time zone, file_case_met_at timestamp with time zone, file_case_status text, decided_at timestamp with time zone, copy_back_due_at timestamp with time zone, copy_back_met_at timestamp with time zone, copy_back_status text, last_event text, last_event_at timestamp with time zone)
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
WITH s AS MATERIALIZED (
    SELECT s.subject_id, s.kind, s.rule_code, s.started_at, s.due_at, s.met_at, s.status
    FROM jxlink.obligation_status_at(as_of) s
    WHERE s.kind IN ('transfer', 'acknowledge', 'file_case', 'copy_back'))
SELECT r.referral_id, r.jurisdiction, r.case_id, c.title, c.category, c.source, c.discovered_at, r.urgent,
       fu.code, fu.name_zh, tu.code, tu.name_zh,
       h.to_state, st.name_zh, st.name_en, st.terminal,
       CASE WHEN ev.letter IS NULL THEN NULL
            WHEN jxlink.docno_check(ev.letter) IS NULL THEN ev.letter::jxlink.docno::text
            ELSE r.letter_no::text END,
       CASE WHEN ev.case_no IS NULL THEN NULL
            WHEN jxlink.docno_check(ev.case_no) IS NULL THEN ev.case_no::jxlink.docno::text
            ELSE r.filed_case_no::text END,
       CASE WHEN ev.decided_at IS NULL THEN NULL
            WHEN jxlink.docno_check(dn.m[1]) IS NULL THEN dn.m[1]::jxlink.docno::text
            ELSE r.decision_no::text END,
       CASE WHEN ev.decided_at IS NULL THEN NULL ELSE coalesce(dn.m[2], r.decision_outcome) END,
       ev.transfers::integer, ev.returns::integer,
       tr.rule_code, tr.due_at, tr.met_at, tr.status,
       ak.due_at, ak.met_at, ak.status,
       fc.due_at, fc.met_at, fc.status,
       ev.decided_at,
       cb.due_at, cb.met_at, cb.status,
       h.event, h.occurred_at
FROM jxlink.referral r
JOIN LATERAL (SELECT h.to_state, h.event, h.occurred_at FROM jxlink.referral_history h
              WHERE h.referral_id = r.referral_id AND h.occurred_at <= as_of
              ORDER BY h.seq DESC LIMIT 1) h ON true
JOIN jxlink.case_file c ON c.case_id = r.case_id
JOIN jxlink.unit fu ON fu.unit_id = r.from_unit
JOIN jxlink.unit tu ON tu.unit_id = r.to_unit
JOIN jxlink.referral_states() st ON st.state OPERATOR(jxlink.=) h.to_state
CROSS JOIN LATERAL (
    SELECT count(*) FILTER (WHERE e.event = 'transfer') AS transfers,
           count(*) FILTER (WHERE e.event = 'return') AS returns,
           (array_agg(coalesce(e.note, r.letter_no::text) ORDER BY e.seq DESC) FILTER (WHERE e.event = 'transfer'))[1] AS letter,
           (array_agg(coalesce(e.note, r.filed_case_no::text) ORDER BY e.seq DESC) FILTER (WHERE e.event = 'file'))[1] AS case_no,
           (array_agg(e.note ORDER BY e.seq DESC) FILTER (WHERE e.event = 'decide'))[1] AS decision,
           max(e.occurred_at) FILTER (WHERE e.event = 'decide') AS decided_at
    FROM jxlink.referral_history e
    WHERE e.referral_id = r.referral_id AND e.occurred_at <= as_of) ev
CROSS JOIN LATERAL (SELECT regexp_match(ev.decision, '^(.*\S)\s+(penalty|no_penalty)\s*$') AS m) dn
LEFT JOIN LATERAL (SELECT s.rule_code, s.due_at, s.met_at, s.status FROM s
                   WHERE s.subject_id = r.referral_id AND s.kind = 'transfer'
                   ORDER BY s.started_at DESC LIMIT 1) tr ON true
LEFT JOIN LATERAL (SELECT s.due_at, s.met_at, s.status FROM s
                   WHERE s.subject_id = r.referral_id AND s.kind = 'acknowledge'
                   ORDER BY s.started_at DESC LIMIT 1) ak ON true
LEFT JOIN LATERAL (SELECT s.due_at, s.met_at, s.status FROM s
                   WHERE s.subject_id = r.referral_id AND s.kind = 'file_case'
                   ORDER BY s.started_at DESC LIMIT 1) fc ON true
LEFT JOIN LATERAL (SELECT s.due_at, s.met_at, s.status FROM s
                   WHERE s.subject_id = r.referral_id AND s.kind = 'copy_back'
                   ORDER BY s.started_at DESC LIMIT 1) cb ON true
WHERE jxlink.check_calendar_time(as_of, 'as_of') IS NOT DISTINCT FROM as_of
$$;
COMMENT ON FUNCTION jxlink.referral_overview_at(as_of timestamp with time zone) IS '截至某一时刻的移送一览（列同 referral_overview）：状态、最近事件、移交与退回次数由移送历史中该时刻（按事件所称时间）以前的最后一行重建，该时刻以后才创建的移送不列出；各环节的期限、履行时间与状态同 obligation_status_at；移送函、立案号、决定书文号取届时历史所记，历史未记（早期数据）时取当前值；用于重现以往的报表。 The referral overview as of an instant (columns as in referral_overview): the state, last event and transfer and return counts rebuilt from the referral history up to that instant (by the time each event claims), referrals created later absent; each leg''s due time, time met and status as in obligation_status_at; letter, case and decision numbers as the history recorded them by then, the current ones where the history holds none (early data); reproduces a past report.';
REVOKE ALL ON FUNCTION jxlink.referral_overview_at(as_of timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.referral_overview_at(as_of timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin, jxlink_bi;

-- Functions that compare states: the operators of the type are in schema
-- jxlink, named as OPERATOR(jxlink.=) under search_path pg_catalog.
CREATE OR REPLACE FUNCTION jxlink.add_material(referral uuid, kind text, description text, ref text DEFAULT NULL::text) RETURNS uuid
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
    ELSIF NOT r.state OPERATOR(jxlink.=) ANY ('{draft,awaiting_approval,approved,returned}'::jxlink.referral_state[]) THEN
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

CREATE OR REPLACE FUNCTION jxlink.verify_history(anchor text) RETURNS TABLE(referral_id uuid, seq integer, history_id uuid, problem text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    h         jxlink.referral_history;
    prev      bytea;
    last      uuid;
    last_seq  integer;
    expected  bytea;
    lastj     text;
    a         text[];
    st        record;
    rec       jxlink.referral_history_anchor;
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
    -- a referral says what its last history row says
    RETURN QUERY
        SELECT r.referral_id, l.seq, l.history_id,
               'the referral does not match its last history row: '
               || concat_ws('; ',
                    CASE WHEN r.state OPERATOR(jxlink.<>) l.to_state THEN format('state %s, the history %s', r.state, l.to_state) END,
                    CASE WHEN r.last_event IS DISTINCT FROM l.event THEN format('last event %s, the history %s', r.last_event, l.event) END,
                    CASE WHEN r.last_event_at IS DISTINCT FROM l.occurred_at THEN format('last event at %s, the history %s', r.last_event_at, l.occurred_at) END)
        FROM jxlink.referral r
        JOIN LATERAL (SELECT x.* FROM jxlink.referral_history x WHERE x.referral_id = r.referral_id
                      ORDER BY x.seq DESC LIMIT 1) l ON true
        WHERE r.state OPERATOR(jxlink.<>) l.to_state OR r.last_event IS DISTINCT FROM l.event
           OR r.last_event_at IS DISTINCT FROM l.occurred_at;
    -- the chain of creations of each jurisdiction: a referral deleted with its history leaves a gap
    prev := NULL;
    FOR h IN SELECT * FROM jxlink.referral_history x WHERE x.seq = 1 ORDER BY x.jurisdiction, x.chain_no NULLS LAST LOOP
        IF lastj IS DISTINCT FROM h.jurisdiction THEN
            prev := NULL;
            lastj := h.jurisdiction;
            last_seq := 0;
        END IF;
        IF h.chain_no IS NULL THEN
            RETURN QUERY SELECT h.referral_id, h.seq, h.history_id,
                format('the creation is not in the chain of creations of %s', h.jurisdiction);
            CONTINUE;
        END IF;
        IF h.chain_no <> last_seq + 1 THEN
            RETURN QUERY SELECT h.referral_id, h.seq, h.history_id,
                CASE WHEN h.chain_no = last_seq + 2
                     THEN format('referral %s of the chain of creations of %s, created just before this one, is missing', last_seq + 1, h.jurisdiction)
                     ELSE format('referrals %s to %s of the chain of creations of %s, created before this one, are missing', last_seq + 1, h.chain_no - 1, h.jurisdiction) END;
        ELSIF h.chain_prev IS DISTINCT FROM prev THEN
            RETURN QUERY SELECT h.referral_id, h.seq, h.history_id,
                format('broken chain of creations of %s: chain_prev is not the previous creation''s link', h.jurisdiction);
        END IF;
        IF h.chain_hash IS DISTINCT FROM jxlink.history_link(h.chain_prev, h.chain_no, h.referral_id, h.row_hash) THEN
            RETURN QUERY SELECT h.referral_id, h.seq, h.history_id, 'altered: the creation does not match its link in the chain'::text;
        END IF;
        prev := h.chain_hash;
        last_seq := h.chain_no;
    END LOOP;
    IF anchor IS NULL THEN
        RETURN;
    END IF;
    -- the anchor: the history recorded up to it is still what it digested
    a := regexp_match(anchor, '^\s*jxlink-anchor 1 (\S+) entry=(\d+) rows=(\d+) referrals=(\d+) sha256=([0-9a-f]{64}) at=(\S+)\s*$');
    IF a IS NULL THEN
        RAISE EXCEPTION 'not a history anchor: "%"', anchor
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Give the text jxlink.history_anchor() returned, e.g. jxlink-anchor 1 <jurisdiction> entry=... rows=... referrals=... sha256=... at=...';
    END IF;
    st := jxlink.history_anchor_state(a[1], a[2]::bigint);
    IF st.entries = a[3]::bigint AND st.referrals = a[4]::bigint AND encode(st.digest, 'hex') = a[5] THEN
        RETURN;
    END IF;
    RETURN QUERY SELECT NULL::uuid, NULL::integer, NULL::uuid,
        format('the history of %s recorded up to entry %s no longer matches the anchor of %s: %s rows of %s referrals then, %s rows of %s referrals now; sha256 %s then, %s now',
               a[1], a[2], a[6], a[3], a[4], st.entries, st.referrals, a[5], encode(st.digest, 'hex'));
    -- name the referrals that differ, from the record of the anchor (if it is intact)
    SELECT * INTO rec FROM jxlink.referral_history_anchor x
    WHERE x.jurisdiction = a[1] AND x.upto = a[2]::bigint AND encode(x.digest, 'hex') = a[5]
      AND x.entries = a[3]::bigint AND x.referrals = a[4]::bigint
    ORDER BY x.taken_at LIMIT 1;
    IF NOT FOUND THEN
        RETURN QUERY SELECT NULL::uuid, NULL::integer, NULL::uuid,
            'no intact record of this anchor is kept in jxlink.referral_history_anchor: the referrals that differ cannot be named'::text;
        RETURN;
    END IF;
    RETURN QUERY
        SELECT coalesce(t.referral_id, n.referral_id), coalesce(n.seq, t.seq), n.history_id,
               CASE WHEN n.referral_id IS NULL THEN format('the referral and its %s history rows recorded before the anchor are gone', t.seq)
                    WHEN t.referral_id IS NULL THEN format('%s rows recorded before the anchor were not in it', n.seq)
                    WHEN n.seq = t.seq - 1 THEN format('row %s, recorded before the anchor, is gone', t.seq)
                    WHEN n.seq < t.seq THEN format('rows %s to %s, recorded before the anchor, are gone', n.seq + 1, t.seq)
                    WHEN n.seq > t.seq THEN format('rows %s to %s were added before the anchor', t.seq + 1, n.seq)
                    ELSE format('its history up to row %s no longer matches the anchor: rewritten since', n.seq) END
        FROM (SELECT k::uuid AS referral_id, (v ->> 'seq')::integer AS seq, v ->> 'hash' AS hash
              FROM jsonb_each(rec.heads) AS e(k, v)) t
        FULL JOIN (SELECT DISTINCT ON (x.referral_id) x.referral_id, x.seq, x.history_id, encode(x.row_hash, 'hex') AS hash
                   FROM jxlink.referral_history x WHERE x.jurisdiction = a[1] AND x.entry_no <= a[2]::bigint
                   ORDER BY x.referral_id, x.seq DESC) n ON n.referral_id = t.referral_id
        WHERE t.referral_id IS NULL OR n.referral_id IS NULL OR n.seq <> t.seq OR n.hash IS DISTINCT FROM t.hash;
END
$$;
COMMENT ON FUNCTION jxlink.verify_history(anchor text) IS '同 verify_history()，并以 history_anchor() 所取的锚点校验：锚点之前记录的历史若被改写（增删改行、删除移送、重算散列），报告锚点时与现在的行数、移送数和摘要，并据锚点记录指出是哪些移送。 As verify_history(), and against an anchor taken with history_anchor(): if the history recorded before it was rewritten (rows added, deleted or changed, a referral deleted, hashes recomputed), reports the rows, referrals and digest then and now, and, from the record of the anchor, which referrals differ.';
REVOKE ALL ON FUNCTION jxlink.verify_history(anchor text) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.verify_history(anchor text) TO jxlink_supervisor, jxlink_admin;

CREATE OR REPLACE FUNCTION jxlink.supervision_unfiled_at(as_of timestamp with time zone) RETURNS TABLE(referral_id uuid, jurisdiction text, title text, from_code text, filed_case_no text, obligation_id uuid, file_case_due_at timestamp with time zone, late_workdays integer, late_hours numeric)
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
SELECT r.referral_id, r.jurisdiction, c.title, fu.code,
       (SELECT CASE WHEN jxlink.docno_check(e.note) IS NULL THEN e.note::jxlink.docno::text ELSE r.filed_case_no::text END
        FROM jxlink.referral_history e
        WHERE e.referral_id = r.referral_id AND e.event = 'file' AND e.occurred_at <= as_of
        ORDER BY e.seq DESC LIMIT 1),
       o.obligation_id, o.due_at, o.late_workdays, o.late_hours
FROM jxlink.overdue_as_of(as_of) o
JOIN jxlink.referral r ON r.referral_id = o.subject_id
JOIN LATERAL (SELECT h.to_state FROM jxlink.referral_history h
              WHERE h.referral_id = r.referral_id AND h.occurred_at <= as_of
              ORDER BY h.seq DESC LIMIT 1) h ON h.to_state OPERATOR(jxlink.=) 'accepted'
JOIN jxlink.case_file c ON c.case_id = r.case_id
JOIN jxlink.unit fu ON fu.unit_id = r.from_unit
WHERE o.kind = 'file_case'
  AND jxlink.check_calendar_time(as_of, 'as_of') IS NOT DISTINCT FROM as_of
$$;
COMMENT ON FUNCTION jxlink.supervision_unfiled_at(as_of timestamp with time zone) IS '截至某一时刻的应立不立（四（三））：届时（按事件所称时间）已受理而立案义务逾期的移送（列同 supervision_unfiled，逾期同 overdue_as_of）；用于重现以往的报表。 Cases that should be filed and were not (四（三）) as of an instant: referrals accepted by then (by the time each event claims) whose filing was overdue (columns as in supervision_unfiled, lateness as in overdue_as_of); reproduces a past report.';
REVOKE ALL ON FUNCTION jxlink.supervision_unfiled_at(as_of timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.supervision_unfiled_at(as_of timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin, jxlink_bi;
-- ===== end B =====

-- ===== C. text every database encoding can hold =====
-- The install script is converted to the database's encoding as a whole:
-- characters EUC_CN (GB2312) cannot hold (U+2014 em dash, U+2013 en dash,
-- U+FE5D/U+FE5E small tortoise-shell brackets) made CREATE EXTENSION fail in
-- such a database.  The comments and messages that held them are restated.
COMMENT ON COLUMN jxlink.calendar_year.year IS '年份（1950-2149）。 The year (1950-2149).';

COMMENT ON FUNCTION jxlink.docno_in(cstring) IS '发文字号的文本输入：接受常见写法（〔〕、U+FE5D U+FE5E、[]［］【】（）()、全角数字、空格、序号前的“第”、前导零），其他一律报错（SQLSTATE 22P02，详情说明错误所在）。 Text input of a document number: accepts the common ways of writing it (〔〕, U+FE5D U+FE5E, []［］【】（）() brackets, full-width digits, spaces, 第 before the number, leading zeros) and refuses anything else (SQLSTATE 22P02, with a detail saying what is wrong).';

COMMENT ON FUNCTION jxlink.docno(issuer text, year integer, number integer) IS '由机关代字、年份、序号构成发文字号。机关代字不合规则报 SQLSTATE 22023，年份（1000-9999）或序号（1-2147483647）越界报 22003。 A document number from its issuer code, year and sequence number. A bad issuer code is SQLSTATE 22023; a year outside 1000-9999 or a number outside 1-2147483647 is 22003.';

COMMENT ON TABLE jxlink.obligation IS '时限台账：规定中的每一个时限都是一行――谁欠谁什么、自何时、至何时、依哪条规则、何时履行。 The obligation ledger: every time limit of the provisions is one row - who owes what to whom, from when, by when, under which rule, and when it was met.';

COMMENT ON COLUMN jxlink.complaint.category IS '事项类别（二（一）至（四））。 Matter category (二（一）至（四）).';

CREATE OR REPLACE FUNCTION jxlink.refer_complaint(complaint uuid, title text, urgent boolean DEFAULT false, occurred_at timestamp with time zone DEFAULT now()) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    me       jxlink.staff := jxlink.caller_staff();
    c        jxlink.complaint := jxlink.complaint_for_receiver(complaint, me, occurred_at);
    case_id  uuid;
    referral uuid;
BEGIN
    PERFORM jxlink.check_calendar_time(refer_complaint.occurred_at, 'occurred_at');
    IF c.outcome IS NOT NULL THEN
        RAISE EXCEPTION 'the complaint''s outcome is already %', c.outcome USING ERRCODE = 'object_not_in_prerequisite_state';
    ELSIF c.category IS NULL THEN
        RAISE EXCEPTION 'the complaint has no matter category' USING ERRCODE = 'object_not_in_prerequisite_state',
            HINT = 'Record the category (二（一）至（四）) when receiving it.';
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

COMMENT ON TABLE jxlink.case_file IS '案件线索：发现的违法行为。类别见二（一）至（四）；发现违法行为正在进行的，应先行制止并保全证据（三（三））。 Cases: violations found. Categories per 二（一）至（四）; a unit that finds an ongoing violation stops it first and preserves evidence (三（三）).';

COMMENT ON COLUMN jxlink.case_summary.category IS '事项类别（二（一）至（四））。 Category (二（一）至（四）).';

CREATE OR REPLACE FUNCTION jxlink.open_case(category text, source text, title text, discovered_at timestamp with time zone, details jsonb DEFAULT '{}'::jsonb) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    me      jxlink.staff := jxlink.caller_staff();
    unknown text;
    flag    text;
    result  uuid;
BEGIN
    PERFORM jxlink.check_calendar_time(open_case.discovered_at, 'discovered_at');
    IF category IS NULL OR category NOT IN ('licensed', 'unlicensed', 'prohibited', 'other') THEN
        RAISE EXCEPTION 'unknown case category "%"', category
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'Categories (二（一）至（四）): licensed, unlicensed, prohibited, other.';
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

CREATE OR REPLACE FUNCTION jxlink.meeting_packet(meeting uuid) RETURNS text
    LANGUAGE plpgsql STABLE SECURITY DEFINER
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
    -- printed by the meeting's own (its office, member and attending units' staff), supervisors and administrators,
    -- whose row-level security does not filter it: it runs as its owner, the same text for each
    IF NOT (pg_has_role(jxlink.calling_role(), 'jxlink_admin', 'MEMBER')
            OR pg_has_role(jxlink.calling_role(), 'jxlink_supervisor', 'MEMBER')) THEN
        SELECT * INTO m FROM jxlink.joint_meeting x WHERE x.meeting_id = meeting_packet.meeting;
        IF NOT EXISTS (SELECT 1 FROM jxlink.staff s
                       WHERE s.role_name = jxlink.calling_role()::text AND s.active AND s.jurisdiction = m.jurisdiction
                         AND (s.unit_id = jxlink.meeting_office(m.jurisdiction)
                              OR s.unit_id IN (SELECT x.unit_id FROM jxlink.joint_meeting_member x WHERE x.jurisdiction = m.jurisdiction)
                              OR s.unit_id IN (SELECT a.unit_id FROM jxlink.joint_meeting_attendee a WHERE a.meeting_id = m.meeting_id))) THEN
            RAISE EXCEPTION 'only the joint meeting''s office and members, supervisors and administrators print its packet'
                USING ERRCODE = 'insufficient_privilege';
        END IF;
    END IF;
    SELECT * INTO m FROM jxlink.joint_meeting x WHERE x.meeting_id = meeting_packet.meeting;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'meeting % does not exist', meeting_packet.meeting USING ERRCODE = 'no_data_found';
    END IF;
    at := coalesce(m.held_at, m.planned_at);
    q := date_trunc('quarter', jxlink.local_date(at)::timestamp)::date;
    lines := ARRAY[format('联席会议材料 joint meeting packet - %s meeting, %s %s%s', m.kind,
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
                   (SELECT p.progress || ' - ' || p.note FROM jxlink.resolution_report p
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

COMMENT ON FUNCTION jxlink.meeting_packet(meeting uuid) IS '联席会议办公室会前印发的材料：本次议题、此前议定事项及其通报的落实情况（逾期未通报者标注）、本季度各单位履行情况（截至会议时）。办公室、成员单位、出席单位人员，监督（jxlink_supervisor）与管理员打印的内容相同，不受打印者行级安全过滤；其他人被拒绝（42501）。 What the office circulates before a meeting: its agenda, the earlier resolutions with their reported status (overdue reports marked), and the quarter''s scorecard per unit as of the meeting. The same text whoever prints it - staff of the office, of a member or attending unit, a supervisor (jxlink_supervisor), an administrator - not filtered by the printer''s row-level security; anyone else is refused (42501).';

COMMENT ON VIEW jxlink.supervision_late_recording IS '补录监督（四（三）刚性约束）：记录时间晚于所称发生时间超过 late_recording_workdays 个工作日（jxlink.setting，默认 3）的事件――移送历史事件、各业务域义务的履行或免除――列出两个时间、单位、所涉义务，及所称时间对判定的影响（按所称按时、按记录已逾期：verdict_changed）。 Late recording (四（三）: 刚性约束): events recorded more than late_recording_workdays working days (jxlink.setting, default 3) after the time they claim - referral history events, and the meeting or waiving of obligations of every domain - with both times, the unit, the obligation closed, and the effect of the claimed time on the verdict (on time as claimed, late as recorded: verdict_changed).';
-- ===== end C =====
