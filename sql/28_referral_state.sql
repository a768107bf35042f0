/*
 * sql/28_referral_state.sql - The referral state (移送状态): the C type jxlink.referral_state, defined by the state machine's table of states (src/referral_fsm.c), in lifecycle order, with its labels, comparison operators and opclasses.
 *
 * A concept file: the current definition of each object, once, with its
 * comments, grants, policies and triggers.  The build concatenates the concept
 * files (sql/NN_*.sql, in order) into the install script of the current version.
 */

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
