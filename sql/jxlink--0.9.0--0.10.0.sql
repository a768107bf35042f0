-- jxlink 0.9.0 -> 0.10.0: BI tools and DBAs as they really work (issue 15, in progress).
-- Restates, with CREATE OR REPLACE or ALTER, every object whose definition in
-- the concept files sql/NN_*.sql changed; test/t/002_upgrade.pl compares the
-- result with a fresh install.
\echo Use "ALTER EXTENSION jxlink UPDATE TO '0.10.0'" to load this file. \quit

-- ===== F. the guarded DROP =====
-- (section F)

-- ===== end F =====


-- ===== G. the data dictionary =====
-- The data dictionary (0.10.0): psqlODBC returns empty REMARKS, so the
-- comments reach a BI tool as rows of a view.  One row per relation and per
-- set-returning function of the schema the reading role may read, and one per
-- column it may read (has_column_privilege: the personal columns of case_file
-- are not listed for jxlink_bi).  Every comment of jxlink is written
-- '中文。 English.': the Chinese part ends at the first '。' followed by a
-- space (test/sql/data_dictionary.sql checks every comment of the schema).
CREATE VIEW jxlink.data_dictionary WITH (security_invoker = true) AS
WITH rel AS (
    SELECT c.oid, c.relname,
           CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view'
                          WHEN 'f' THEN 'foreign table' ELSE 'table' END AS kind
    FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'jxlink' AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
      AND pg_catalog.has_any_column_privilege(c.oid, 'SELECT')
), col AS (
    SELECT a.attrelid, a.attnum, a.attname, a.atttypid, a.atttypmod, a.attnotnull,
           row_number() OVER (PARTITION BY a.attrelid ORDER BY a.attnum)::integer AS ordinal
    FROM pg_catalog.pg_attribute a JOIN rel ON rel.oid = a.attrelid
    WHERE a.attnum > 0 AND NOT a.attisdropped
), entry AS (
    SELECT rel.relname AS object_name, rel.kind AS object_kind, NULL::text AS arguments,
           NULL::name AS column_name, NULL::integer AS ordinal, NULL::text AS data_type, NULL::boolean AS nullable,
           pg_catalog.obj_description(rel.oid, 'pg_class') AS comment
    FROM rel
    UNION ALL
    SELECT rel.relname, rel.kind, NULL, col.attname, col.ordinal, pg_catalog.format_type(col.atttypid, col.atttypmod),
           NOT col.attnotnull, pg_catalog.col_description(rel.oid, col.attnum)
    FROM rel JOIN col ON col.attrelid = rel.oid
    WHERE pg_catalog.has_column_privilege(rel.oid, col.attnum, 'SELECT')
    UNION ALL
    SELECT p.proname, 'function', pg_catalog.pg_get_function_arguments(p.oid), NULL, NULL,
           pg_catalog.pg_get_function_result(p.oid), NULL, pg_catalog.obj_description(p.oid, 'pg_proc')
    FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname = 'jxlink' AND p.prokind = 'f' AND p.proretset
      AND pg_catalog.has_function_privilege(p.oid, 'EXECUTE')
)
SELECT 'jxlink'::name AS schema_name, e.object_name, e.object_kind, e.arguments, e.column_name, e.ordinal,
       e.data_type, e.nullable,
       CASE WHEN strpos(e.comment, '。 ') > 0 THEN left(e.comment, strpos(e.comment, '。 ')) END AS meaning_zh,
       CASE WHEN strpos(e.comment, '。 ') > 0 THEN substr(e.comment, strpos(e.comment, '。 ') + 2) END AS meaning_en,
       e.comment
FROM entry e;
COMMENT ON VIEW jxlink.data_dictionary IS '数据字典：调用角色可读的每个表、视图、报表函数（返回行集者）及其每一列，附类型与中英文含义（取自 COMMENT ON；ODBC 不返回注释，BI 工具可直接读本视图）。无权读取的列（如 BI 不可读的案件个人信息列）不列出。 The data dictionary: every table, view and report function (set-returning) the calling role may read, and each of their columns it may read, with the type and the meaning in Chinese and English (from COMMENT ON; ODBC returns no comments, so a BI tool reads this view). Columns the role may not read (e.g. the personal columns of cases for BI) are not listed.';
COMMENT ON COLUMN jxlink.data_dictionary.schema_name IS '模式（jxlink）。 Schema (jxlink).';
COMMENT ON COLUMN jxlink.data_dictionary.object_name IS '对象名称（表、视图或函数）。 Object name (table, view or function).';
COMMENT ON COLUMN jxlink.data_dictionary.object_kind IS '对象类别：table 表、view 视图、function 报表函数（返回行集）。 Object kind: table, view, or function (a set-returning report function).';
COMMENT ON COLUMN jxlink.data_dictionary.arguments IS '函数的参数（含默认值）；表、视图为空。 The function''s arguments (with defaults); null for a table or view.';
COMMENT ON COLUMN jxlink.data_dictionary.column_name IS '列名；对象本身一行为空。 Column name; null on the row of the object itself.';
COMMENT ON COLUMN jxlink.data_dictionary.ordinal IS '列在对象中的位置（自 1 起，同 SELECT * 的次序）；对象本身一行为空。 Position of the column in the object (from 1, the order of SELECT *); null on the row of the object itself.';
COMMENT ON COLUMN jxlink.data_dictionary.data_type IS '数据类型（format_type，如 timestamp with time zone、jxlink.docno）；函数一行为其返回类型。 Data type as a tool shows it (format_type, e.g. timestamp with time zone, jxlink.docno); for a function, what it returns.';
COMMENT ON COLUMN jxlink.data_dictionary.nullable IS '列可否为空（视图的列一律为真）；对象本身一行为空。 Whether the column may be null (always true for a view''s columns); null on the row of the object itself.';
COMMENT ON COLUMN jxlink.data_dictionary.meaning_zh IS '中文含义（注释中第一个“。”及其后空格之前的部分）。 Meaning in Chinese (the comment up to its first ''。'' followed by a space).';
COMMENT ON COLUMN jxlink.data_dictionary.meaning_en IS '英文含义（注释中该空格之后的部分）。 Meaning in English (the comment after that space).';
COMMENT ON COLUMN jxlink.data_dictionary.comment IS '注释原文（COMMENT ON）。 The comment as written (COMMENT ON).';
GRANT SELECT ON TABLE jxlink.data_dictionary TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;

-- ===== end G =====


-- ===== H. reporting over SQL (三（四）) =====
-- (section H)

-- ===== end H =====
