/*
 * sql/80_replication.sql - Replication (DESIGN §7): a city's (or town's) records carried by logical replication into an aggregation database, where they are read-only.
 *
 * A concept file: the current definition of each object, once, with its
 * comments, grants, policies and triggers.  The build concatenates the concept
 * files (sql/NN_*.sql, in order) into the install script of the current version.
 *
 * PostgreSQL's engines carry the records; jxlink makes them correct on them.
 * An origin database publishes its jurisdictions' rows (publish(): the tables
 * of publication_tables(), without complainants' contacts, the outbox and the
 * role mappings); an aggregation database subscribes to several origins.
 * The apply worker runs with session_replication_role = replica, so only
 * triggers enabled for replica (or always) fire for the rows it brings:
 *   - jurisdiction_applied marks an arriving jurisdiction with the
 *     subscription's name (replicated_from) and never as the database's own;
 *   - the *_calendar_applied row triggers invalidate the in-memory calendar of
 *     open sessions, as the statement triggers do for local changes;
 *   - shipped_row_guard (always enabled, sql/05_calendar.sql) takes shipped
 *     rows (calendar, rules, settings) as the origin has them, so the initial
 *     copy does not stop on the twins both sides created at CREATE EXTENSION.
 * Every other trigger stays silent under apply: nothing is recomputed,
 * re-chained or notified for rows owned by another database.  In every
 * other session the *_replicated_guard row triggers (src/replicated.c)
 * refuse any change of a replicated jurisdiction's rows (25006).
 */

CREATE FUNCTION jxlink.replicated_row_guard() RETURNS trigger
    LANGUAGE c
    AS 'MODULE_PATHNAME', 'jxlink_replicated_row_guard';
COMMENT ON FUNCTION jxlink.replicated_row_guard() IS '触发器（每张带辖区的表及 jurisdiction 表）：汇总库中，经逻辑复制汇入的辖区只读，本库会话对其各行的增删改一律拒绝（25006），须在来源库记录；jurisdiction.replicated_from 只由复制写入。复制应用进程（session_replication_role = replica）不触发。 Trigger (every table holding a jurisdiction''s rows, and jurisdiction itself): in an aggregation database a jurisdiction brought by logical replication is read-only, and any INSERT, UPDATE or DELETE of its rows by a session of this database is refused (25006): record it in the origin database. jurisdiction.replicated_from is written by replication only. The apply worker (session_replication_role = replica) does not fire it.';
REVOKE ALL ON FUNCTION jxlink.replicated_row_guard() FROM PUBLIC;

CREATE TRIGGER jurisdiction_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.jurisdiction FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER calendar_closure_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.calendar_closure FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER setting_local_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.setting_local FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER unit_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.unit FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER staff_change_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.staff_change FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER staff_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.staff FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER liaison_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.liaison FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER docno_counter_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.docno_counter FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER deadline_rule_local_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.deadline_rule_local FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER obligation_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.obligation FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER obligation_move_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.obligation_move FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER complaint_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.complaint FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER complaint_contact_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.complaint_contact FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER contact_read_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.contact_read FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER case_file_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.case_file FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER referral_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.referral FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER referral_history_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.referral_history FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER referral_material_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.referral_material FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER referral_history_anchor_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.referral_history_anchor FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER case_tipoff_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.case_tipoff FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER referral_progress_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.referral_progress FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER joint_meeting_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.joint_meeting FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER agenda_item_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.agenda_item FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER joint_meeting_attendee_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.joint_meeting_attendee FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER joint_meeting_member_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.joint_meeting_member FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER resolution_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.resolution FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER resolution_owner_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.resolution_owner FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER resolution_report_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.resolution_report FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER share_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.share FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER share_recipient_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.share_recipient FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER share_request_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.share_request FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER assistance_request_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.assistance_request FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER patrol_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.patrol FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER patrol_finding_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.patrol_finding FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER patrol_participant_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.patrol_participant FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER quarter_sealed_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.quarter_sealed FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER quarter_tally_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.quarter_tally FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER accountability_finding_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.accountability_finding FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER accountability_finding_obligation_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.accountability_finding_obligation FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER notification_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.notification FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();
CREATE TRIGGER bulletin_issue_replicated_guard BEFORE INSERT OR DELETE OR UPDATE ON jxlink.bulletin_issue FOR EACH ROW EXECUTE FUNCTION jxlink.replicated_row_guard();

CREATE FUNCTION jxlink.jurisdiction_applied() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    subscription name;
BEGIN
    -- the apply (or initial copy) worker of a subscription: its name marks the row
    SELECT s.subname INTO subscription FROM pg_catalog.pg_stat_subscription s
    WHERE s.pid OPERATOR(pg_catalog.=) pg_catalog.pg_backend_pid() LIMIT 1;
    IF FOUND THEN
        NEW.is_local := false;
        NEW.replicated_from := subscription;
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION jxlink.jurisdiction_applied() IS '触发器（jurisdiction，仅复制时触发）：逻辑复制带来的辖区记下订阅名（replicated_from，此后本库只读），且不作本库主辖区（is_local 为假，汇总库可汇入多个来源库的主辖区）。 Trigger (jurisdiction, fired under replication only): a jurisdiction brought by logical replication records the subscription''s name (replicated_from: read-only here from then on) and is never this database''s home one (is_local false, so an aggregation database takes the home jurisdictions of several origins).';
REVOKE ALL ON FUNCTION jxlink.jurisdiction_applied() FROM PUBLIC;
CREATE TRIGGER jurisdiction_applied BEFORE INSERT OR UPDATE ON jxlink.jurisdiction FOR EACH ROW EXECUTE FUNCTION jxlink.jurisdiction_applied();
ALTER TABLE jxlink.jurisdiction ENABLE REPLICA TRIGGER jurisdiction_applied;

-- logical replication fires row triggers only: the calendar of open sessions
-- is invalidated per applied row (src/calendar_sql.c, calendar_changed)
CREATE TRIGGER calendar_day_applied AFTER INSERT OR DELETE OR UPDATE ON jxlink.calendar_day FOR EACH ROW EXECUTE FUNCTION jxlink.calendar_changed();
ALTER TABLE jxlink.calendar_day ENABLE REPLICA TRIGGER calendar_day_applied;
CREATE TRIGGER calendar_year_applied AFTER INSERT OR DELETE OR UPDATE ON jxlink.calendar_year FOR EACH ROW EXECUTE FUNCTION jxlink.calendar_changed();
ALTER TABLE jxlink.calendar_year ENABLE REPLICA TRIGGER calendar_year_applied;
CREATE TRIGGER calendar_closure_applied AFTER INSERT OR DELETE OR UPDATE ON jxlink.calendar_closure FOR EACH ROW EXECUTE FUNCTION jxlink.calendar_changed();
ALTER TABLE jxlink.calendar_closure ENABLE REPLICA TRIGGER calendar_closure_applied;
CREATE TRIGGER jurisdiction_calendar_applied AFTER INSERT OR DELETE OR UPDATE ON jxlink.jurisdiction FOR EACH ROW EXECUTE FUNCTION jxlink.calendar_changed();
ALTER TABLE jxlink.jurisdiction ENABLE REPLICA TRIGGER jurisdiction_calendar_applied;

CREATE FUNCTION jxlink.publication_tables() RETURNS TABLE(ord integer, table_name regclass, published boolean, reason text)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    WITH member AS (
        SELECT c.oid::regclass AS rel, c.relname
        FROM pg_class c
        JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'
                         AND d.refclassid = 'pg_extension'::regclass
        JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'jxlink'
        WHERE c.relkind IN ('r', 'p')
    ), placed AS (
        -- the jurisdictions and the national tables first, then the records in
        -- foreign-key order (merge_tables), the sealed quarters last
        SELECT m.rel, m.relname,
               CASE m.relname WHEN 'jurisdiction' THEN 1 WHEN 'calendar_day' THEN 2 WHEN 'calendar_year' THEN 3
                              WHEN 'deadline_rule' THEN 4 WHEN 'setting' THEN 5
                              WHEN 'quarter_sealed' THEN 1000 WHEN 'quarter_tally' THEN 1001
                              ELSE 10 + (SELECT t.ord FROM jxlink.merge_tables() t WHERE t.rel = m.rel) END AS pos
        FROM member m
    )
    SELECT row_number() OVER (ORDER BY p.pos NULLS LAST, p.relname)::integer, p.rel,
           p.pos IS NOT NULL AND p.relname NOT IN ('complaint_contact', 'contact_read', 'notification',
                                                   'staff', 'staff_change', 'liaison', 'reader_scope'),
           CASE
               WHEN p.relname IN ('complaint_contact', 'contact_read')
                   THEN 'personal data: a complainant''s contact, and its reads, stay in the origin database'
               WHEN p.relname = 'liaison'
                   THEN 'personal data: liaison persons'' names and telephones, and roles of the origin''s cluster'
               WHEN p.relname = 'notification'
                   THEN 'the outbox is delivered by the origin''s senders; a copy would be delivered twice'
               WHEN p.relname IN ('staff', 'staff_change', 'reader_scope')
                   THEN 'maps login roles of the origin''s cluster: the aggregation database grants its own readers'
               WHEN p.relname = 'jurisdiction'
                   THEN 'the jurisdictions: marked replicated_from the subscription on arrival, read-only from then on'
               WHEN p.relname IN ('calendar_day', 'calendar_year', 'deadline_rule', 'setting')
                   THEN 'national, shipped with jxlink: a row equal to the subscriber''s is skipped, another replaces it'
               WHEN p.relname IN ('quarter_sealed', 'quarter_tally')
                   THEN 'sealed quarters as the origin counted them (triggers do not count applied rows again)'
               WHEN p.pos IS NULL
                   THEN 'not classified: a table new to this version; decide in sql/80_replication.sql'
               ELSE 'records of the origin''s jurisdictions, read-only here'
           END
    FROM placed p
$$;
COMMENT ON FUNCTION jxlink.publication_tables() IS '逻辑复制的发布范围：扩展的每张表、是否发布、理由；按次序（辖区与全国共用表在前，记录按外键顺序，封存季度在后）。不发布：投诉人联系方式及其查阅记录、联络员（个人信息），通知发件箱（由来源库投递），工作人员与读者映射（来源库集群的登录角色）。 What logical replication carries: each table of the extension, whether it is published, and why, in order (the jurisdictions and national tables first, the records in foreign-key order, the sealed quarters last). Not published: complainants'' contacts and their reads, liaison persons (personal data); the notification outbox (delivered by the origin); staff and reader mappings (login roles of the origin''s cluster). For administrators.';
REVOKE ALL ON FUNCTION jxlink.publication_tables() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION jxlink.publication_tables() TO jxlink_admin;

CREATE FUNCTION jxlink.publish(publication name DEFAULT 'jxlink') RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    tables text;
    n      integer;
BEGIN
    PERFORM jxlink.require_primary();
    IF EXISTS (SELECT 1 FROM jxlink.publication_tables() t WHERE NOT t.published AND t.reason LIKE 'not classified%') THEN
        RAISE EXCEPTION 'jxlink cannot publish a table it has not classified'
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = (SELECT string_agg(t.table_name::text, ', ') FROM jxlink.publication_tables() t
                            WHERE t.reason LIKE 'not classified%');
    END IF;
    SELECT string_agg(t.table_name::text, ', ' ORDER BY t.ord), count(*) INTO tables, n
    FROM jxlink.publication_tables() t WHERE t.published;
    IF EXISTS (SELECT 1 FROM pg_publication p WHERE p.pubname = publish.publication) THEN
        EXECUTE format('ALTER PUBLICATION %I SET TABLE %s', publication, tables);
        EXECUTE format('ALTER PUBLICATION %I SET (publish = %L)', publication, 'insert, update, delete');
    ELSE
        EXECUTE format('CREATE PUBLICATION %I FOR TABLE %s WITH (publish = %L)', publication, tables, 'insert, update, delete');
    END IF;
    RETURN n;
END
$$;
COMMENT ON FUNCTION jxlink.publish(publication name) IS '来源库（市、镇）：创建或更新逻辑复制发布，含 publication_tables() 中发布的各表（插入、更新、删除；不含清空），返回表数。升级 jxlink 后再运行一次，使新表加入。须由超级用户（表的属主）在主库运行；wal_level 须为 logical。 In an origin database (a city or town): creates or updates the logical replication publication with the tables publication_tables() publishes (inserts, updates and deletes; no truncate); returns how many. Run it again after upgrading jxlink so that new tables join. By a superuser (the tables'' owner) on the primary; wal_level must be logical.';
REVOKE ALL ON FUNCTION jxlink.publish(publication name) FROM PUBLIC;

CREATE FUNCTION jxlink.verify_references() RETURNS TABLE(table_name regclass, constraint_name name, orphans bigint)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    fk record;
BEGIN
    -- logical replication's apply does not check foreign keys: look for rows
    -- whose referenced row is missing (rows of a jurisdiction not subscribed,
    -- a table left out of the publication, an initial copy still running)
    FOR fk IN
        SELECT c.conrelid::regclass AS child, c.confrelid::regclass AS parent, c.conname,
               (SELECT string_agg(format('c.%I', a.attname), ', ' ORDER BY k.i)
                FROM unnest(c.conkey) WITH ORDINALITY k(n, i)
                JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n) AS child_cols,
               (SELECT string_agg(format('p.%I', a.attname), ', ' ORDER BY k.i)
                FROM unnest(c.confkey) WITH ORDINALITY k(n, i)
                JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n) AS parent_cols
        FROM pg_constraint c
        WHERE c.contype = 'f' AND c.connamespace = 'jxlink'::regnamespace
        ORDER BY c.conrelid::regclass::text, c.conname
    LOOP
        table_name := fk.child;
        constraint_name := fk.conname;
        -- MATCH SIMPLE: a row with a null referencing column references nothing
        EXECUTE format('SELECT count(*) FROM %s c WHERE ROW(%s) IS NOT NULL'
                       ' AND NOT EXISTS (SELECT 1 FROM %s p WHERE ROW(%s) OPERATOR(pg_catalog.=) ROW(%s))',
                       fk.child, fk.child_cols, fk.parent, fk.parent_cols, fk.child_cols)
        INTO orphans;
        IF orphans > 0 THEN
            RETURN NEXT;
        END IF;
    END LOOP;
END
$$;
COMMENT ON FUNCTION jxlink.verify_references() IS '核对外键：列出引用行缺失的行所在的表、约束与行数（无缺失则无结果）。逻辑复制应用时不检查外键，汇总库在初次复制后、增减订阅后运行之；缺失说明有来源辖区未订阅、表未发布或初次复制未完成。 Checks the foreign keys: each table, constraint and count of rows whose referenced row is missing (no rows when none is). Logical replication does not check foreign keys when it applies rows: run it in an aggregation database after the initial copy and after adding or dropping a subscription; a missing row means a jurisdiction not subscribed, a table not published, or an initial copy still running.';
REVOKE ALL ON FUNCTION jxlink.verify_references() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION jxlink.verify_references() TO jxlink_admin, jxlink_supervisor;
