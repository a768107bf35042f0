/*
 * sql/90_guard.sql - The guarded DROP: DROP EXTENSION jxlink is refused while the record tables hold rows.
 *
 * A concept file: the current definition of each object, once, with its
 * comments, grants, policies and triggers.  The build concatenates the concept
 * files (sql/NN_*.sql, in order) into the install script of the current version.
 *
 * Its own concept, last: it guards the tables of all the others (every table
 * of the extension except the set-up tables listed in src/drop_guard.c) and
 * refers to none of them by name.  The event trigger is a member of the
 * extension: pg_dump does not dump it separately, and DROP EXTENSION removes
 * it with the rest.
 */

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
