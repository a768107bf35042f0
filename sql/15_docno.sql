/*
 * sql/15_docno.sql - Official document numbers (发文字号): the C type jxlink.docno, its operators, opclasses, casts and aggregates; numbering of series.
 *
 * A concept file: the current definition of each object, once, with its
 * comments, grants, policies and triggers.  The build concatenates the concept
 * files (sql/NN_*.sql, in order) into the install script of the current version.
 */

CREATE TYPE jxlink.docno;

CREATE FUNCTION jxlink.docno_in(cstring) RETURNS jxlink.docno
    LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
    AS '$libdir/jxlink', 'jxlink_docno_in';
COMMENT ON FUNCTION jxlink.docno_in(cstring) IS '发文字号的文本输入：接受常见写法（〔〕、U+FE5D U+FE5E、[]［］【】（）()、全角数字、空格、序号前的“第”、前导零），其他一律报错（SQLSTATE 22P02，详情说明错误所在）。 Text input of a document number: accepts the common ways of writing it (〔〕, U+FE5D U+FE5E, []［］【】（）() brackets, full-width digits, spaces, 第 before the number, leading zeros) and refuses anything else (SQLSTATE 22P02, with a detail saying what is wrong).';

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
COMMENT ON FUNCTION jxlink.docno(issuer text, year integer, number integer) IS '由机关代字、年份、序号构成发文字号。机关代字不合规则报 SQLSTATE 22023，年份（1000-9999）或序号（1-2147483647）越界报 22003。 A document number from its issuer code, year and sequence number. A bad issuer code is SQLSTATE 22023; a year outside 1000-9999 or a number outside 1-2147483647 is 22003.';

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
-- varchar becomes docno implicitly (0.10.0): JDBC sends string parameters as
-- varchar and BI tools cast filter values to varchar, so letter_no = ? and
-- letter_no = '…'::varchar compare document numbers (a value that is not one
-- is refused, 22P02).  text stays explicit: docno = text is still an error.
CREATE CAST (character varying AS jxlink.docno) WITH FUNCTION jxlink.docno(text) AS IMPLICIT;
COMMENT ON CAST (character varying AS jxlink.docno) IS
'varchar 转为发文字号（隐式：BI 工具与 JDBC 以 varchar 传入的筛选值按发文字号比较）。 varchar to document number (implicit: filter values BI tools and JDBC send as varchar compare as document numbers).';
