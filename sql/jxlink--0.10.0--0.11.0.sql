-- jxlink 0.10.0 -> 0.11.0: custom types for what the provisions count in (issue 18, in progress).
\echo Use "ALTER EXTENSION jxlink UPDATE TO '0.11.0'" to load this file. \quit

-- jxlink.time_limit (issue 18, item 1): the type, its operators and opclasses,
-- as defined in sql/07_time_limit.sql.  The ledger columns still hold their
-- period as period_unit/amount (converted in a later step).
CREATE TYPE jxlink.time_limit;

CREATE FUNCTION jxlink.time_limit_in(cstring) RETURNS jxlink.time_limit
    LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_time_limit_in';
COMMENT ON FUNCTION jxlink.time_limit_in(cstring) IS '期限的文本输入：3 工作日、3个工作日、3 working days、24 小时、24 hours、5 日、5 calendar days、1 季度、1 quarter、下次会议、next meeting；格式错误报 SQLSTATE 22P02（详情列出可接受的单位），数量超出范围（负数、超过 3650 工作日、8760 小时、3650 日，季度不为 1）报 22023。 Text input of a time limit: 3 工作日, 3个工作日, 3 working days, 24 小时, 24 hours, 5 日, 5 calendar days, 1 季度, 1 quarter, 下次会议, next meeting; a malformed value is SQLSTATE 22P02 (the detail lists the units accepted), an amount out of range (negative, over 3650 working days, 8760 hours or 3650 days, a quarter other than 1) is 22023.';

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
COMMENT ON FUNCTION jxlink.time_limit_unit(jxlink.time_limit) IS '期限的单位：workdays、hours、quarter、next_meeting 或 agreed_day（与台账的 period_unit 相同）。 The unit of a time limit: workdays, hours, quarter, next_meeting or agreed_day (as the ledger''s period_unit).';

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
