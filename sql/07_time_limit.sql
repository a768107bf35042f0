/*
 * sql/07_time_limit.sql - Time limits (期限, DESIGN §3): the C type jxlink.time_limit, its comparison operators and opclasses, and the operators that count a time limit from an instant or a day with the working-day calendar.
 *
 * A concept file: the current definition of each object, once, with its
 * comments, grants, policies and triggers.  The build concatenates the concept
 * files (sql/NN_*.sql, in order) into the install script of the current version.
 */

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

CREATE FUNCTION jxlink.time_limit_due(period jxlink.time_limit, started_at timestamp with time zone, jurisdiction text) RETURNS timestamp with time zone
    LANGUAGE c STABLE STRICT PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_time_limit_due';
COMMENT ON FUNCTION jxlink.time_limit_due(period jxlink.time_limit, started_at timestamp with time zone, jurisdiction text) IS '同 started_at + period，但工作日按该辖区的日历计算（跳过该辖区及其所属市的停工日）；小时、自然日、季度不受停工影响；辖区不存在报 22023。 As started_at + period, with working days counted in the jurisdiction''s calendar (its closures and its city''s skipped); hours, calendar days and quarters are not moved by closures; an unknown jurisdiction is 22023.';

CREATE FUNCTION jxlink.time_limit_last_day(period jxlink.time_limit, start_day date, jurisdiction text) RETURNS date
    LANGUAGE c STABLE STRICT PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_time_limit_last_day';
COMMENT ON FUNCTION jxlink.time_limit_last_day(period jxlink.time_limit, start_day date, jurisdiction text) IS '同 start_day + period（期限的最后一日），但工作日按该辖区的日历计算（跳过停工日）；辖区不存在报 22023。 As start_day + period (the last day), with working days counted in the jurisdiction''s calendar (closures skipped); an unknown jurisdiction is 22023.';
