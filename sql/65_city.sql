/*
 * sql/65_city.sql - From one street to the city (issue 13, item 4): a one-street database becomes the municipal one; a street's separate database is merged into it.
 *
 * A concept file: the current definition of each object, once, with its
 * comments, grants, policies and triggers.  The build concatenates the concept
 * files (sql/NN_*.sql, in order) into the install script of the current version.
 *
 * The merge is generic over the catalog: every table of the extension with a
 * jurisdiction column comes along, in foreign-key order (ties by name, as
 * pg_dump orders the data of the extension's tables), inserted with the
 * triggers enabled as a restore inserts them (the history keeps its hashes and
 * chains, the staff record is not written twice).  Keys are time-ordered UUIDs
 * and do not collide; numbers drawn from a sequence (history entry numbers,
 * staff change numbers, contact read numbers) would, so the street's are moved
 * up past the municipal database's, keeping their order.  The procedure is
 * doc/municipal.md.
 */

-- The extension's tables that carry a jurisdiction, in the order their rows
-- are inserted: a table after the tables it references, ties by name.
CREATE FUNCTION jxlink.merge_tables() RETURNS TABLE(ord integer, rel regclass)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    todo  regclass[];
    done  regclass[] := '{}';
    nextr regclass;
BEGIN
    SELECT array_agg(c.oid::regclass ORDER BY c.relname) INTO todo
    FROM pg_class c
    JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'
                     AND d.refclassid = 'pg_extension'::regclass
    JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'jxlink'
    WHERE c.relkind IN ('r', 'p')
      -- sealed quarters are derived: the municipal database seals the street's afresh
      AND c.relname NOT IN ('quarter_sealed', 'quarter_tally')
      AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'jurisdiction'
                  AND a.attnum > 0 AND NOT a.attisdropped);
    WHILE cardinality(todo) > 0 LOOP
        SELECT t INTO nextr FROM unnest(todo) WITH ORDINALITY AS u(t, o)
        WHERE NOT EXISTS (SELECT 1 FROM pg_constraint f
                          WHERE f.conrelid = u.t AND f.contype = 'f' AND f.confrelid <> u.t
                            AND f.confrelid = ANY (todo))
        ORDER BY u.o LIMIT 1;
        IF nextr IS NULL THEN
            RAISE EXCEPTION 'the foreign keys between % form a cycle', todo
                USING ERRCODE = 'internal_error';
        END IF;
        done := done || nextr;
        todo := array_remove(todo, nextr);
    END LOOP;
    RETURN QUERY SELECT u.o::integer, u.t FROM unnest(done) WITH ORDINALITY AS u(t, o);
END
$$;
COMMENT ON FUNCTION jxlink.merge_tables() IS '（内部）合并所涉各表：扩展中带 jurisdiction 列的全部表，按外键顺序（被引用者在前，同级按表名，同 pg_dump 输出数据的顺序）。 (Internal) The tables a merge carries: every table of the extension with a jurisdiction column, in foreign-key order (referenced tables first, ties by name, as pg_dump orders their data).';
REVOKE ALL ON FUNCTION jxlink.merge_tables() FROM PUBLIC;

-- The columns holding numbers drawn from a sequence, which a merge moves up:
-- the sequence's own columns (a nextval default or an identity), the columns
-- referencing them by a foreign key, and an anchor's last entry number.
CREATE FUNCTION jxlink.merge_numbered() RETURNS TABLE(rel regclass, col text, base_rel regclass, base_col text, seq regclass)
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
WITH t AS (SELECT m.rel FROM jxlink.merge_tables() m),
base AS (
    SELECT a.attrelid::regclass AS rel, a.attname::text AS col,
           coalesce(pg_get_serial_sequence(a.attrelid::regclass::text, a.attname),
                    (SELECT d.refobjid::regclass::text FROM pg_attrdef ad
                     JOIN pg_depend d ON d.classid = 'pg_attrdef'::regclass AND d.objid = ad.oid
                                     AND d.refclassid = 'pg_class'::regclass
                     JOIN pg_class s ON s.oid = d.refobjid AND s.relkind = 'S'
                     WHERE ad.adrelid = a.attrelid AND ad.adnum = a.attnum LIMIT 1))::regclass AS seq
    FROM pg_attribute a JOIN t ON t.rel = a.attrelid
    WHERE a.attnum > 0 AND NOT a.attisdropped
)
SELECT b.rel, b.col, b.rel, b.col, b.seq FROM base b WHERE b.seq IS NOT NULL
UNION ALL
SELECT f.conrelid::regclass, fa.attname::text, b.rel, b.col, b.seq
FROM pg_constraint f
JOIN t ON t.rel = f.conrelid
JOIN pg_attribute fa ON fa.attrelid = f.conrelid AND fa.attnum = f.conkey[1]
JOIN pg_attribute ra ON ra.attrelid = f.confrelid AND ra.attnum = f.confkey[1]
JOIN base b ON b.rel = f.confrelid AND b.col = ra.attname AND b.seq IS NOT NULL
WHERE f.contype = 'f' AND cardinality(f.conkey) = 1
UNION ALL
-- an anchor covers the history entries up to upto (no foreign key says so)
SELECT 'jxlink.referral_history_anchor'::regclass, 'upto', b.rel, b.col, b.seq
FROM base b WHERE b.rel = 'jxlink.referral_history'::regclass AND b.col = 'entry_no' AND b.seq IS NOT NULL
$$;
COMMENT ON FUNCTION jxlink.merge_numbered() IS '（内部）取自序列的编号列（历史记录序号、工作人员变更序号、联系方式查阅序号等）、以外键引用它们的列及锚点的 upto：合并时整体后移，保持先后。 (Internal) The columns numbered from a sequence (history entry numbers, staff change numbers, contact read numbers...), the columns referencing them by a foreign key, and an anchor''s upto: a merge moves them up together, keeping their order.';
REVOKE ALL ON FUNCTION jxlink.merge_numbered() FROM PUBLIC;

-- Per table, the rows of a jurisdiction and an order-independent checksum of
-- them: MD5 over the sorted MD5s of each row as jsonb (times in UTC), numbers
-- drawn from a sequence replaced by their rank, so a merge that moves them up
-- keeps the checksum.
CREATE FUNCTION jxlink.merge_manifest(jurisdiction text) RETURNS TABLE(table_name text, rows bigint, checksum text)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET "TimeZone" TO 'UTC'
    SET "IntervalStyle" TO 'postgres'
    SET extra_float_digits TO '1'
    AS $$
DECLARE
    t    record;
    norm text;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM jxlink.jurisdiction j WHERE j.code = merge_manifest.jurisdiction) THEN
        RAISE EXCEPTION 'unknown jurisdiction "%"', merge_manifest.jurisdiction USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- the jurisdiction's own row, but where it stands (home, parent)
    table_name := 'jxlink.jurisdiction';
    SELECT count(*), md5(string_agg(md5((to_jsonb(j) - '{is_local,parent,parent_level,replicated_from}'::text[])::text), ','))
    INTO rows, checksum
    FROM jxlink.jurisdiction j WHERE j.code = merge_manifest.jurisdiction;
    RETURN NEXT;
    FOR t IN SELECT m.rel FROM jxlink.merge_tables() m ORDER BY m.ord LOOP
        SELECT coalesce(string_agg(format(' || jsonb_build_object(%L, CASE WHEN x.%I IS NOT NULL THEN dense_rank() OVER (ORDER BY x.%I) END)',
                                          n.col, n.col, n.col), ''), '')
        INTO norm FROM jxlink.merge_numbered() n WHERE n.rel = t.rel;
        table_name := t.rel::text;
        EXECUTE format('SELECT count(*), md5(coalesce(string_agg(s.h, '','' ORDER BY s.h), '''')) '
                       'FROM (SELECT md5((to_jsonb(x)%s)::text) AS h FROM %s x WHERE x.jurisdiction = $1) s', norm, t.rel)
        INTO rows, checksum USING merge_manifest.jurisdiction;
        RETURN NEXT;
    END LOOP;
END
$$;
COMMENT ON FUNCTION jxlink.merge_manifest(jurisdiction text) IS '合并清单：某辖区在各表的行数及与行序无关的校验和（各行 jsonb 的 MD5 排序后再取 MD5，时间按 UTC，取自序列的编号按其次序），合并前在街道库、合并后在市级库各算一次，两者应相同。仅超级用户（DBA）。 The merge manifest: per table, the rows of a jurisdiction and an order-independent checksum (MD5 of the sorted MD5s of each row as jsonb, times in UTC, numbers drawn from a sequence by their rank); run on the street database before and on the municipal one after a merge, the two are equal. Superuser (the DBA) only.';
REVOKE ALL ON FUNCTION jxlink.merge_manifest(jurisdiction text) FROM PUBLIC;

-- The rows of a one-street database, for merge_import(): a header (version,
-- the jurisdiction's row, the manifest), then every row of every table in
-- insertion order.
CREATE FUNCTION jxlink.merge_export(jurisdiction text) RETURNS TABLE(row_no bigint, table_name text, row_data jsonb)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET "TimeZone" TO 'UTC'
    SET "IntervalStyle" TO 'postgres'
    SET extra_float_digits TO '1'
    AS $$
DECLARE
    j   jxlink.jurisdiction;
    n   integer;
    t   record;
BEGIN
    SELECT * INTO j FROM jxlink.jurisdiction x WHERE x.code = merge_export.jurisdiction;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unknown jurisdiction "%"', merge_export.jurisdiction USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT count(*) INTO n FROM jxlink.jurisdiction;
    IF n <> 1 OR j.level = 'city' OR j.parent IS NOT NULL THEN
        RAISE EXCEPTION 'this database is not one street''s'
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = format('It holds %s jurisdictions; %s is a %s%s.', n, j.code, j.level,
                                  CASE WHEN j.parent IS NOT NULL THEN ' of ' || j.parent ELSE '' END),
                  HINT = 'Merge the database of a single street or town (one jurisdiction, not a city and in no city).';
    END IF;
    row_no := 0;
    table_name := '#header';
    row_data := jsonb_build_object('format', 'jxlink-merge 1',
                                   'version', (SELECT e.extversion FROM pg_extension e WHERE e.extname = 'jxlink'),
                                   'database', current_database(),
                                   'exported_at', now(),
                                   'jurisdiction', to_jsonb(j) - 'parent_level',
                                   'manifest', (SELECT jsonb_agg(to_jsonb(m)) FROM jxlink.merge_manifest(j.code) m));
    RETURN NEXT;
    FOR t IN SELECT m.rel FROM jxlink.merge_tables() m ORDER BY m.ord LOOP
        RETURN QUERY EXECUTE format('SELECT $2 + row_number() OVER (ORDER BY x.r::text), $3, x.r '
                                    'FROM (SELECT to_jsonb(y) AS r FROM %s y WHERE y.jurisdiction = $1) x ORDER BY 1', t.rel)
            USING j.code, row_no, t.rel::text;
        EXECUTE format('SELECT $1 + count(*) FROM %s y WHERE y.jurisdiction = $2', t.rel) INTO row_no USING row_no, j.code;
    END LOOP;
END
$$;
COMMENT ON FUNCTION jxlink.merge_export(jurisdiction text) IS '导出单个街道（镇）数据库的全部行供合并：首行为表头（版本、辖区行、合并清单），其后各表按插入顺序逐行（jsonb）；以 \copy 写入文件后由市级库的 merge_import() 导入。数据库须只有该一个辖区（55000）。仅超级用户（DBA）。 Export every row of a one-street (or town) database for a merge: a header row first (version, the jurisdiction''s row, the merge manifest), then the rows of each table in insertion order (jsonb); written to a file with \copy and read by merge_import() in the municipal database. The database must hold that one jurisdiction only (55000). Superuser (the DBA) only.';
REVOKE ALL ON FUNCTION jxlink.merge_export(jurisdiction text) FROM PUBLIC;

-- Merge the rows exported from a street's database (loaded into a staging
-- table) into this municipal database, in one transaction: refused, nothing
-- changes; done, the manifest equals the street's and the history verifies.
CREATE FUNCTION jxlink.merge_import(staging regclass, city text DEFAULT NULL) RETURNS TABLE(table_name text, rows bigint, checksum text)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET "TimeZone" TO 'UTC'
    SET "IntervalStyle" TO 'postgres'
    SET extra_float_digits TO '1'
    AS $$
DECLARE
    hdr      jsonb;
    jcode     text;
    target   jxlink.jurisdiction;
    version  text := (SELECT e.extversion FROM pg_extension e WHERE e.extname = 'jxlink');
    jrow     jxlink.jurisdiction;
    cols     text;
    data     jsonb;
    bad      text;
    n        record;
    t        record;
    off      bigint;
    maxv     bigint;
    offsets  jsonb := '{}';
    before   text[];
    after    text[];
BEGIN
    EXECUTE format('SELECT s.row_data FROM %s s WHERE s.table_name = ''#header''', staging) INTO hdr;
    IF hdr IS NULL OR hdr->>'format' IS DISTINCT FROM 'jxlink-merge 1' THEN
        RAISE EXCEPTION '% holds no export of jxlink.merge_export()', staging
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'In the street''s database: \copy (SELECT * FROM jxlink.merge_export(''<code>'')) TO ''street.merge''; here: CREATE TEMP TABLE staging (row_no bigint, table_name text, row_data jsonb); \copy staging FROM ''street.merge''.';
    END IF;
    jcode := hdr->'jurisdiction'->>'code';
    -- the same version on both sides
    IF hdr->>'version' IS DISTINCT FROM version THEN
        RAISE EXCEPTION 'the street''s database is at jxlink %, this one at %', hdr->>'version', version
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'ALTER EXTENSION jxlink UPDATE in both databases, export again, then merge.';
    END IF;
    -- a street (or town), not a city or part of one
    IF hdr->'jurisdiction'->>'level' = 'city' OR hdr->'jurisdiction'->>'parent' IS NOT NULL THEN
        RAISE EXCEPTION 'the export is not one street''s' USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    IF EXISTS (SELECT 1 FROM jxlink.jurisdiction j WHERE j.code = jcode) THEN
        RAISE EXCEPTION 'jurisdiction "%" already exists in this database', jcode
            USING ERRCODE = 'duplicate_object',
                  DETAIL = 'A street is merged once; its code names it in every table.';
    END IF;
    -- into a city: the one given, else the home jurisdiction
    SELECT * INTO target FROM jxlink.jurisdiction j
    WHERE (merge_import.city IS NULL AND j.is_local) OR j.code = merge_import.city;
    IF target.code IS NULL OR target.level <> 'city' THEN
        RAISE EXCEPTION 'this database is not a municipal one'
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = format('%s is %s.', coalesce(merge_import.city, 'The home jurisdiction'),
                                  coalesce('a ' || target.level, 'not registered')),
                  HINT = 'Turn it into the municipal database first: SELECT jxlink.make_municipal(''<city code>'', ''<name>'').';
    END IF;
    -- the street's clerks: their roles exist here (roles are cluster-wide) and act nowhere else
    EXECUTE format('SELECT string_agg(DISTINCT s.row_data->>''role_name'', '', '') FROM %s s '
                   'WHERE s.table_name = ''jxlink.staff'' AND NOT EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = s.row_data->>''role_name'')',
                   staging) INTO bad;
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'the street''s staff roles do not exist in this cluster: %', bad
            USING ERRCODE = 'undefined_object',
                  HINT = 'Create them first (pg_dumpall --roles-only on the street''s cluster, or CREATE ROLE ... LOGIN IN ROLE jxlink_clerk).';
    END IF;
    EXECUTE format('SELECT string_agg(DISTINCT s.row_data->>''role_name'' || '' ('' || x.jurisdiction || '')'', '', '') FROM %s s '
                   'JOIN jxlink.staff x ON x.role_name = s.row_data->>''role_name'' AND x.active '
                   'WHERE s.table_name = ''jxlink.staff'' AND (s.row_data->>''active'')::boolean', staging) INTO bad;
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'the street''s staff roles are already staff here: %', bad
            USING ERRCODE = 'duplicate_object',
                  DETAIL = 'A role acts in one jurisdiction; a clerk staff in two could act in neither.',
                  HINT = 'Rename the role on one side (ALTER ROLE ... RENAME TO and UPDATE jxlink.staff) before merging.';
    END IF;
    -- nothing the export holds is unknown here, nor of another jurisdiction
    EXECUTE format('SELECT string_agg(DISTINCT s.table_name, '', '') FROM %s s WHERE s.table_name <> ''#header'' '
                   'AND s.table_name NOT IN (SELECT m.rel::text FROM jxlink.merge_tables() m)', staging) INTO bad;
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'the export holds rows of tables this database does not merge: %', bad USING ERRCODE = 'invalid_parameter_value';
    END IF;
    EXECUTE format('SELECT count(*)::text FROM %s s WHERE s.table_name <> ''#header'' '
                   'AND s.row_data->>''jurisdiction'' IS DISTINCT FROM $1', staging) INTO bad USING jcode;
    IF bad <> '0' THEN
        RAISE EXCEPTION 'the export holds % rows of another jurisdiction than %', bad, jcode USING ERRCODE = 'invalid_parameter_value';
    END IF;

    SELECT array_agg(v::text ORDER BY v::text) INTO before FROM jxlink.verify_history() v;
    -- the jurisdiction, not the home one; under the city once its rows are checked
    jrow := jsonb_populate_record(NULL::jxlink.jurisdiction,
                                  hdr->'jurisdiction' || jsonb_build_object('is_local', false, 'parent', NULL, 'replicated_from', NULL));
    SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) INTO cols
    FROM pg_attribute a WHERE a.attrelid = 'jxlink.jurisdiction'::regclass AND a.attnum > 0
      AND NOT a.attisdropped AND a.attgenerated = '';
    EXECUTE format('INSERT INTO jxlink.jurisdiction (%s) SELECT %s FROM (SELECT ($1).*) x', cols, cols) USING jrow;
    -- numbers from a sequence move up past this database's
    FOR n IN SELECT * FROM jxlink.merge_numbered() m WHERE m.rel = m.base_rel AND m.col = m.base_col LOOP
        EXECUTE format('SELECT greatest(coalesce(max(x.%I), 0), coalesce(pg_sequence_last_value(%L::regclass), 0)) FROM %s x',
                       n.col, n.seq, n.rel) INTO off;
        offsets := offsets || jsonb_build_object(n.rel::text || '.' || n.col, off);
    END LOOP;
    -- every table's rows, as a restore inserts them (triggers enabled)
    FOR t IN SELECT m.rel FROM jxlink.merge_tables() m ORDER BY m.ord LOOP
        EXECUTE format('SELECT jsonb_agg(s.row_data ORDER BY s.row_no) FROM %s s WHERE s.table_name = $1', staging)
            INTO data USING t.rel::text;
        CONTINUE WHEN data IS NULL;
        FOR n IN SELECT * FROM jxlink.merge_numbered() m WHERE m.rel = t.rel LOOP
            off := (offsets->>(n.base_rel::text || '.' || n.base_col))::bigint;
            SELECT jsonb_agg(CASE WHEN jsonb_typeof(e.r->n.col) = 'number'
                                  THEN jsonb_set(e.r, ARRAY[n.col], to_jsonb((e.r->>n.col)::bigint + off)) ELSE e.r END
                             ORDER BY e.o)
            INTO data FROM jsonb_array_elements(data) WITH ORDINALITY AS e(r, o);
        END LOOP;
        SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) INTO cols
        FROM pg_attribute a WHERE a.attrelid = t.rel AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '';
        EXECUTE format('INSERT INTO %s (%s) OVERRIDING SYSTEM VALUE SELECT %s FROM jsonb_populate_recordset(NULL::%s, $1)',
                       t.rel, cols, cols, t.rel) USING data;
    END LOOP;
    -- the check: the street's manifest, and no new problem in the history
    SELECT string_agg(coalesce(h.table_name, m.table_name) || format(' (%s rows there, %s here)', h.rows, m.rows), ', ')
    INTO bad
    FROM (SELECT x->>'table_name' AS table_name, (x->>'rows')::bigint AS rows, x->>'checksum' AS checksum
          FROM jsonb_array_elements(hdr->'manifest') x) h
    FULL JOIN jxlink.merge_manifest(jcode) m ON m.table_name = h.table_name
    WHERE h.rows IS DISTINCT FROM m.rows OR h.checksum IS DISTINCT FROM m.checksum;
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'the merged rows of % differ from the street''s', jcode
            USING ERRCODE = 'data_exception', DETAIL = 'Tables: ' || bad || '.';
    END IF;
    SELECT array_agg(v::text ORDER BY v::text) INTO after FROM jxlink.verify_history() v;
    SELECT string_agg(p, '; ') INTO bad FROM unnest(after) p WHERE p <> ALL (coalesce(before, '{}'));
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'the merged history of % does not verify', jcode
            USING ERRCODE = 'data_exception', DETAIL = bad;
    END IF;
    -- under the city: its closures now apply to the street's open obligations (recomputed, recorded in obligation_move)
    UPDATE jxlink.jurisdiction j SET parent = target.code WHERE j.code = jcode;
    -- where the city's quarters are sealed, the street's finished quarters are sealed too (under the city's calendar)
    IF EXISTS (SELECT 1 FROM jxlink.quarter_sealed) THEN
        PERFORM jxlink.seal_quarters(ARRAY[jcode]);
    END IF;
    -- the sequences go on after the numbers moved up (last: setval is not undone by a refusal)
    FOR n IN SELECT * FROM jxlink.merge_numbered() m WHERE m.rel = m.base_rel AND m.col = m.base_col LOOP
        EXECUTE format('SELECT max(x.%I) FROM %s x', n.col, n.rel) INTO maxv;
        IF maxv > coalesce(pg_sequence_last_value(n.seq), 0) THEN
            PERFORM setval(n.seq, maxv);
        END IF;
    END LOOP;
    RAISE NOTICE 'merged % into %; numbers moved up by %', jcode, target.code, offsets;
    RETURN QUERY SELECT * FROM jxlink.merge_manifest(jcode);
END
$$;
COMMENT ON FUNCTION jxlink.merge_import(staging regclass, city text) IS '将街道数据库经 merge_export() 导出的行（已 \copy 入暂存表）并入本市级数据库，一个事务内完成：登记该辖区（上级为本库的市，或指定的市），按外键顺序插入各表的行（触发器照常，如恢复备份），取自序列的编号整体后移；随后核对合并清单与街道库一致、移送历史无新问题，否则全部撤销（22000）；最后将该辖区置于市之下，市的停工日随即适用于其未结义务（由台账重算，记入 obligation_move）；本库已封存季度时，该辖区已结束的季度随即封存。版本不同、非单个街道、辖区代码已存在、工作人员角色不存在或已在他处任职、本库不是市级数据库时拒绝（55000、42710、42704），不作任何改动。返回合并后的清单。仅超级用户（DBA）。 Merge the rows a street''s database exported with merge_export() (loaded with \copy into a staging table) into this municipal database, in one transaction: registers the jurisdiction (under this database''s city, or the city given), inserts every table''s rows in foreign-key order (triggers enabled, as a restore), moves numbers drawn from a sequence up; then checks that the manifest equals the street''s and the referral history has no new problem, else undoes it all (22000); last, puts the street under the city, whose closures then apply to its open obligations (recomputed by the ledger, recorded in obligation_move); where this database seals its quarters, the street''s finished quarters are sealed. Refused, changing nothing, for another version, an export that is not one street''s, a jurisdiction code that exists, staff roles missing or staff elsewhere, a database that is not municipal (55000, 42710, 42704). Returns the manifest after the merge. Superuser (the DBA) only.';
REVOKE ALL ON FUNCTION jxlink.merge_import(staging regclass, city text) FROM PUBLIC;

-- A one-street database becomes the municipal one: the city is registered and
-- is the home jurisdiction, the street one of its streets.
CREATE FUNCTION jxlink.make_municipal(code text, name_zh text, name_en text DEFAULT NULL) RETURNS text
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    street jxlink.jurisdiction;
    n      integer;
BEGIN
    LOCK TABLE jxlink.jurisdiction IN SHARE ROW EXCLUSIVE MODE;
    SELECT count(*) INTO n FROM jxlink.jurisdiction;
    SELECT * INTO street FROM jxlink.jurisdiction j WHERE j.is_local;
    IF n <> 1 OR street.code IS NULL OR street.level = 'city' OR street.parent IS NOT NULL THEN
        RAISE EXCEPTION 'this database is not one street''s'
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = format('It holds %s jurisdictions; the home one is %s.', n, coalesce(street.code || ' (' || street.level || ')', 'not registered')),
                  HINT = 'make_municipal() is run once, in the database of the street that becomes the municipal one.';
    END IF;
    UPDATE jxlink.jurisdiction j SET is_local = false WHERE j.code = street.code;
    INSERT INTO jxlink.jurisdiction (code, name_zh, name_en, level, is_local)
    VALUES (make_municipal.code, make_municipal.name_zh, make_municipal.name_en, 'city', true);
    UPDATE jxlink.jurisdiction j SET parent = make_municipal.code WHERE j.code = street.code;
    -- who read the one street as a member of jxlink_bi or jxlink_supervisor reads it still, and no more
    INSERT INTO jxlink.reader_scope (role_name, jurisdiction)
    SELECT r.rolname, street.code FROM pg_roles r
    WHERE (pg_has_role(r.oid, 'jxlink_bi', 'MEMBER') OR pg_has_role(r.oid, 'jxlink_supervisor', 'MEMBER'))
      AND NOT r.rolsuper AND r.rolname NOT IN ('jxlink_bi', 'jxlink_supervisor')
      AND NOT EXISTS (SELECT 1 FROM jxlink.reader_scope x WHERE x.role_name = r.rolname AND x.jurisdiction = street.code);
    RETURN format('%s is the municipal database of %s; %s is one of its %ss', current_database(), make_municipal.code,
                  street.code, street.level);
END
$$;
COMMENT ON FUNCTION jxlink.make_municipal(code text, name_zh text, name_en text) IS '将单个街道（镇）的数据库转为市级数据库：登记市（level = city）并设为本库主辖区，原街道为其下级；街道的行与工作人员不变，原以 jxlink_bi 或 jxlink_supervisor 成员身份读取该街道的角色各得该街道的读取范围（reader_scope），所读不变。仅可在只有一个辖区的数据库中执行一次（55000）。 Turn a one-street (or town) database into the municipal one: registers the city (level city) as the home jurisdiction and the street under it; the street''s rows and staff stay as they are, and each role that read the street as a member of jxlink_bi or jxlink_supervisor gets a reader scope of the street (reader_scope), so that it reads what it read. Only in a database holding one jurisdiction, once (55000).';
REVOKE ALL ON FUNCTION jxlink.make_municipal(code text, name_zh text, name_en text) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.make_municipal(code text, name_zh text, name_en text) TO jxlink_admin;
