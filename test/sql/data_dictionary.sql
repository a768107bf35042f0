-- The data dictionary (issue 15): psqlODBC returns empty REMARKS, so the
-- comments reach a BI tool as rows of jxlink.data_dictionary.  Every comment
-- splits into Chinese and English; the dictionary lists what the reading role
-- may read, and only that (the personal columns of case_file are not listed
-- for BI, they are for a supervisor).
SET DateStyle = 'ISO, YMD';
SET client_min_messages = warning;
\set SHOW_CONTEXT never
DROP EXTENSION IF EXISTS jxlink CASCADE;
CREATE EXTENSION jxlink;
\i test/fixture/street.sql
CREATE ROLE regress_dict_supervisor;
GRANT jxlink_supervisor TO regress_dict_supervisor;
CREATE ROLE regress_dict_nobody;

------------------------------------------------------------------------------
-- The rule that splits a comment: every comment of the extension's objects
-- and of their columns is '中文。 English.', the Chinese part ending at the
-- first '。' followed by a space.  Listed: any comment without exactly one
-- such separator, with an empty side, a Chinese side without Chinese or an
-- English side not starting in ASCII.  (No rows: the rule holds.)
WITH c AS (
    SELECT DISTINCT d.classoid::regclass AS catalog, d.objoid, d.objsubid, d.description
    FROM pg_description d
    JOIN pg_depend e ON e.classid = d.classoid AND e.objid = d.objoid AND e.deptype = 'e'
    JOIN pg_extension x ON x.oid = e.refobjid AND x.extname = 'jxlink'
)
SELECT catalog, pg_describe_object(catalog, objoid, objsubid) AS object, description
FROM c
WHERE (length(description) - length(replace(description, '。 ', ''))) / 2 <> 1
   OR split_part(description, '。 ', 1) !~ '[一-鿿]'
   OR split_part(description, '。 ', 2) !~ '^[ -~]'
   OR btrim(split_part(description, '。 ', 2)) = ''
ORDER BY 1, 2;
-- ... over the whole schema: relations, columns, functions, types, operators.
SELECT count(*) > 700 AS every_comment_checked,
       count(DISTINCT d.classoid) >= 5 AS of_every_catalog
FROM pg_description d
JOIN pg_depend e ON e.classid = d.classoid AND e.objid = d.objoid AND e.deptype = 'e'
JOIN pg_extension x ON x.oid = e.refobjid AND x.extname = 'jxlink';

------------------------------------------------------------------------------
-- As BI.
SET ROLE regress_bi;

-- Every row has both meanings, and they are the comment as written.
SELECT count(*) > 500 AS rows_listed,
       count(*) FILTER (WHERE meaning_zh IS NULL OR meaning_en IS NULL OR btrim(meaning_zh) = '' OR btrim(meaning_en) = '') AS without_meaning,
       count(*) FILTER (WHERE meaning_zh || ' ' || meaning_en IS DISTINCT FROM comment) AS not_the_comment,
       count(*) FILTER (WHERE schema_name <> 'jxlink') AS other_schema,
       count(*) FILTER (WHERE column_name IS NOT NULL AND (ordinal IS NULL OR data_type IS NULL OR nullable IS NULL)) AS column_without_type
FROM jxlink.data_dictionary;

-- Every view is listed, BI reads every one of them.
SELECT c.relname AS view_missing
FROM pg_class c
WHERE c.relnamespace = 'jxlink'::regnamespace AND c.relkind = 'v'
  AND NOT EXISTS (SELECT 1 FROM jxlink.data_dictionary d
                  WHERE d.object_kind = 'view' AND d.object_name = c.relname AND d.column_name IS NULL);
SELECT count(*) FILTER (WHERE has_table_privilege(c.oid, 'SELECT')) = count(*) AS bi_reads_every_view
FROM pg_class c WHERE c.relnamespace = 'jxlink'::regnamespace AND c.relkind = 'v';

-- The columns are exactly those information_schema shows BI (the columns it
-- holds a privilege on), at the same position, nullability and type.
SELECT 'missing' AS side, table_name::text, column_name::text, ordinal_position::integer
FROM (SELECT table_name, column_name, ordinal_position FROM information_schema.columns WHERE table_schema = 'jxlink'
      EXCEPT
      SELECT object_name, column_name, ordinal FROM jxlink.data_dictionary WHERE column_name IS NOT NULL) m
UNION ALL
SELECT 'extra', object_name, column_name, ordinal
FROM (SELECT object_name, column_name, ordinal FROM jxlink.data_dictionary WHERE column_name IS NOT NULL
      EXCEPT
      SELECT table_name, column_name, ordinal_position FROM information_schema.columns WHERE table_schema = 'jxlink') e
ORDER BY 1, 2, 4;
SELECT count(*) AS columns_compared,
       count(*) FILTER (WHERE (i.is_nullable = 'YES') <> d.nullable) AS nullable_differs,
       count(*) FILTER (WHERE CASE WHEN i.data_type = 'USER-DEFINED' THEN i.udt_schema || '.' || i.udt_name
                                   ELSE i.data_type END <> d.data_type) AS type_differs
FROM information_schema.columns i
JOIN jxlink.data_dictionary d ON d.object_name = i.table_name AND d.column_name = i.column_name
WHERE i.table_schema = 'jxlink' AND i.data_type <> 'ARRAY' AND i.data_type !~ '\(';

-- The report functions BI may call are listed with their arguments and result.
SELECT p.proname AS function_missing
FROM pg_proc p
WHERE p.pronamespace = 'jxlink'::regnamespace AND p.proretset AND has_function_privilege(p.oid, 'EXECUTE')
  AND NOT EXISTS (SELECT 1 FROM jxlink.data_dictionary d
                  WHERE d.object_kind = 'function' AND d.object_name = p.proname
                    AND d.arguments = pg_get_function_arguments(p.oid));
SELECT object_name, arguments, left(data_type, 60) AS data_type, meaning_en
FROM jxlink.data_dictionary
WHERE object_kind = 'function' AND object_name IN ('unit_scorecard_for', 'overdue_as_of')
ORDER BY object_name, arguments;

-- The personal columns are not listed for BI, nor the tables it cannot read.
SELECT object_name, column_name
FROM jxlink.data_dictionary
WHERE (object_name, column_name) IN (('case_file', 'party'), ('case_file', 'place'), ('case_file', 'description'),
                                     ('referral_material', 'description'))
   OR object_name IN ('complaint_contact', 'contact_read', 'staff_change');
-- Sample rows: the case table as BI sees it (position as in SELECT *: the gap
-- is the personal columns), and the first columns of the overdue view.
SELECT object_kind, column_name, ordinal, data_type, nullable, meaning_zh, meaning_en
FROM jxlink.data_dictionary
WHERE object_name = 'case_file'
ORDER BY ordinal NULLS FIRST;
SELECT object_kind, column_name, ordinal, data_type, meaning_zh, meaning_en
FROM jxlink.data_dictionary
WHERE object_name = 'overdue' AND coalesce(ordinal, 0) <= 6
ORDER BY ordinal NULLS FIRST;
RESET ROLE;

------------------------------------------------------------------------------
-- As a supervisor: the personal columns and the records BI cannot read are
-- listed.
SET ROLE regress_dict_supervisor;
SELECT object_name, column_name, ordinal, data_type, meaning_en
FROM jxlink.data_dictionary
WHERE (object_name, column_name) IN (('case_file', 'party'), ('case_file', 'place'), ('case_file', 'description'),
                                     ('referral_material', 'description'))
ORDER BY object_name, ordinal;
SELECT object_name, count(column_name) AS columns
FROM jxlink.data_dictionary
WHERE object_name IN ('case_file', 'staff_change', 'complaint_contact')
GROUP BY object_name ORDER BY object_name;
RESET ROLE;

-- A clerk reads the case's personal columns too (its unit's rows only, by
-- row-level security); the dictionary follows the column privileges.
SET ROLE regress_econ_clerk;
SELECT count(column_name) AS case_file_columns FROM jxlink.data_dictionary WHERE object_name = 'case_file';
RESET ROLE;

-- A role without any jxlink role cannot read the dictionary (42501).
\set VERBOSITY sqlstate
SET ROLE regress_dict_nobody;
SELECT count(*) FROM jxlink.data_dictionary;
RESET ROLE;
\set VERBOSITY default

DROP ROLE regress_dict_supervisor, regress_dict_nobody;
\i test/fixture/street_drop.sql
