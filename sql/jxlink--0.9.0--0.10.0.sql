-- jxlink 0.9.0 -> 0.10.0: BI tools and DBAs as they really work (issue 15, in progress).
-- Restates, with CREATE OR REPLACE or ALTER, every object whose definition in
-- the concept files sql/NN_*.sql changed; test/t/002_upgrade.pl compares the
-- result with a fresh install.
\echo Use "ALTER EXTENSION jxlink UPDATE TO '0.10.0'" to load this file. \quit

-- ===== F. the guarded DROP =====
-- (section F) The event trigger and its function, as in sql/90_guard.sql.
-- Refuse DROP EXTENSION jxlink, DROP SCHEMA jxlink CASCADE and DROP OWNED BY the
-- extension's owner while records exist, unless the session that drops set
-- jxlink.drop_records to the database's name (src/drop_guard.c).
CREATE FUNCTION jxlink.guard_drop() RETURNS event_trigger
    LANGUAGE c
    AS '$libdir/jxlink', 'jxlink_guard_drop';
COMMENT ON FUNCTION jxlink.guard_drop() IS '（内部）事件触发器函数：记录表中有数据时拒绝删除扩展（DROP EXTENSION jxlink、DROP SCHEMA jxlink CASCADE、DROP OWNED BY 扩展属主），除非删除的会话已 SET jxlink.drop_records = ''库名''（2BP01）。 (Internal) Event trigger function: refuses to drop the extension (DROP EXTENSION jxlink, DROP SCHEMA jxlink CASCADE, DROP OWNED BY its owner) while the record tables hold rows, unless the session that drops SET jxlink.drop_records = ''<database name>'' (2BP01).';
REVOKE ALL ON FUNCTION jxlink.guard_drop() FROM PUBLIC;

CREATE EVENT TRIGGER jxlink_guard_drop ON ddl_command_start
    WHEN TAG IN ('DROP EXTENSION', 'DROP SCHEMA', 'DROP OWNED')
    EXECUTE FUNCTION jxlink.guard_drop();
COMMENT ON EVENT TRIGGER jxlink_guard_drop IS '删除扩展的保护：记录表中有数据时拒绝 DROP EXTENSION jxlink，除非删除的会话已 SET jxlink.drop_records = ''库名''。 The guarded DROP: refuses DROP EXTENSION jxlink while the record tables hold rows, unless the session that drops SET jxlink.drop_records = ''<database name>''.';

-- ===== end F =====


-- ===== G. the data dictionary =====
-- (section G)

-- ===== end G =====


-- ===== H. reporting over SQL (三（四）) =====
-- (section H)

-- ===== end H =====
