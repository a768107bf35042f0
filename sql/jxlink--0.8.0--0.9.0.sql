-- jxlink 0.8.0 -> 0.9.0: verdicts no one can game (issue 12).
-- Restates, with CREATE OR REPLACE or ALTER, every object whose definition in
-- the concept files sql/NN_*.sql changed; test/t/002_upgrade.pl compares the
-- result with a fresh install.
\echo Use "ALTER EXTENSION jxlink UPDATE TO '0.9.0'" to load this file. \quit

-- ===== A. the ledger: event times, late recording, lateness kept =====
-- (section A)

-- ===== end A =====


-- ===== B. referrals: advance notice, returns, actor first, drafts, personal fields =====
-- (section B)

-- ===== end B =====


-- ===== C. the joint meeting =====
-- (section C)

-- ===== end C =====


-- ===== D. confidentiality: staff record, contact reads, leaks =====
-- D1. The record of every change of jxlink.staff (jxlink.staff_change); the
-- rows present now are recorded as 'baseline' (their earlier changes are not
-- known); each staff row names its latest change.
CREATE TABLE jxlink.staff_change (
    change_no bigint GENERATED ALWAYS AS IDENTITY,
    jurisdiction text NOT NULL,
    op text NOT NULL,
    role_name text NOT NULL,
    unit_id uuid NOT NULL,
    old_values jsonb,
    new_values jsonb,
    changed_at timestamp with time zone DEFAULT now() NOT NULL,
    changed_by_role text NOT NULL,
    changed_by_login text NOT NULL,
    CONSTRAINT staff_change_op_check CHECK (op IN ('insert', 'update', 'delete', 'baseline')),
    CONSTRAINT staff_change_values_check CHECK ((old_values IS NULL) = (op IN ('insert', 'baseline'))
                                                AND (new_values IS NULL) = (op = 'delete'))
);

ALTER TABLE ONLY jxlink.staff_change FORCE ROW LEVEL SECURITY;
COMMENT ON TABLE jxlink.staff_change IS '工作人员对应关系变更记录（只增不改，UPDATE、DELETE、TRUNCATE 一律拒绝，表属主亦然）：jxlink.staff 的每次新增、修改、删除，谁在何时以何角色所为。管理员与监督人员可读。 The record of every change of jxlink.staff (append-only: UPDATE, DELETE and TRUNCATE are refused, even to the owner): each insert, update and delete of a mapping, when, and by which login and role. Administrators and supervisors read it.';
COMMENT ON COLUMN jxlink.staff_change.change_no IS '变更序号（递增）。 Change number (increasing).';
COMMENT ON COLUMN jxlink.staff_change.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.staff_change.op IS 'insert 新增、update 修改、delete 删除；baseline＝升级到 0.9.0 时已有的行（此前的变更无记录）。 insert, update, delete; baseline: a row present when the extension was upgraded to 0.9.0 (earlier changes were not recorded).';
COMMENT ON COLUMN jxlink.staff_change.role_name IS '被对应的数据库角色（修改后的角色名）。 The role mapped (its name after the change).';
COMMENT ON COLUMN jxlink.staff_change.unit_id IS '对应到的单位（删除时为原单位）。 The unit it is mapped to (for a delete, the unit it was mapped to).';
COMMENT ON COLUMN jxlink.staff_change.old_values IS '变更前的行（新增时为空）。 The row before the change (null for an insert).';
COMMENT ON COLUMN jxlink.staff_change.new_values IS '变更后的行（删除时为空）。 The row after the change (null for a delete).';
COMMENT ON COLUMN jxlink.staff_change.changed_at IS '变更时间（事务时间）。 When (transaction time).';
COMMENT ON COLUMN jxlink.staff_change.changed_by_role IS '执行变更的角色（SET ROLE 之后）。 The role that made the change (after SET ROLE).';
COMMENT ON COLUMN jxlink.staff_change.changed_by_login IS '登录角色（session_user）。 The login role (session_user).';
ALTER TABLE ONLY jxlink.staff_change
    ADD CONSTRAINT staff_change_pkey PRIMARY KEY (change_no);
ALTER TABLE ONLY jxlink.staff_change
    ADD CONSTRAINT staff_change_jurisdiction_fkey FOREIGN KEY (jurisdiction) REFERENCES jxlink.jurisdiction(code);
CREATE INDEX staff_change_role ON jxlink.staff_change USING btree (jurisdiction, role_name, change_no);
ALTER TABLE jxlink.staff_change ENABLE ROW LEVEL SECURITY;
CREATE TRIGGER staff_change_append_only BEFORE DELETE OR UPDATE ON jxlink.staff_change FOR EACH ROW EXECUTE FUNCTION jxlink.refuse_change();
ALTER TABLE jxlink.staff_change ENABLE ALWAYS TRIGGER staff_change_append_only;
CREATE TRIGGER staff_change_no_truncate BEFORE TRUNCATE ON jxlink.staff_change FOR EACH STATEMENT EXECUTE FUNCTION jxlink.refuse_change();
ALTER TABLE jxlink.staff_change ENABLE ALWAYS TRIGGER staff_change_no_truncate;
GRANT SELECT ON TABLE jxlink.staff_change TO jxlink_admin, jxlink_clerk, jxlink_supervisor;
SELECT pg_catalog.pg_extension_config_dump('jxlink.staff_change', '');
SELECT pg_catalog.pg_extension_config_dump('jxlink.staff_change_change_no_seq', '');

INSERT INTO jxlink.staff_change (jurisdiction, op, role_name, unit_id, new_values, changed_by_role, changed_by_login)
SELECT s.jurisdiction, 'baseline', s.role_name, s.unit_id, to_jsonb(s), jxlink.calling_role()::text, session_user::text
FROM jxlink.staff s ORDER BY s.jurisdiction, s.role_name;
ALTER TABLE jxlink.staff ADD COLUMN last_change bigint;
UPDATE jxlink.staff s SET last_change = c.change_no
FROM jxlink.staff_change c WHERE c.op = 'baseline' AND c.jurisdiction = s.jurisdiction AND c.role_name = s.role_name;
ALTER TABLE jxlink.staff ALTER COLUMN last_change SET NOT NULL;
COMMENT ON COLUMN jxlink.staff.last_change IS '使本行成为现值的变更记录（jxlink.staff_change，由触发器填写）。 The change that gave this row its values (jxlink.staff_change; set by the trigger).';
ALTER TABLE ONLY jxlink.staff
    ADD CONSTRAINT staff_last_change_fkey FOREIGN KEY (last_change) REFERENCES jxlink.staff_change(change_no);
COMMENT ON CONSTRAINT staff_last_change_fkey ON jxlink.staff IS '每行指向使其成为现值的变更记录；pg_dump 因此先恢复变更记录、后恢复工作人员。 Each row names the change that gave it its values; pg_dump therefore restores the record before the staff rows.';

-- Record a change of jxlink.staff in jxlink.staff_change (BEFORE each row;
-- TRUNCATE is refused).  An INSERT of a row that names the latest change of
-- its role and has that change's values is the state the record already
-- holds: a restore, which brings back the record first (staff_last_change_fkey
-- orders pg_dump's data so); it is not recorded again.  An UPDATE that changes
-- nothing is not recorded.
CREATE FUNCTION jxlink.staff_record() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    old_v      jsonb;
    new_v      jsonb;
    latest     jxlink.staff_change;
    change     bigint;
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        RAISE EXCEPTION 'jxlink.staff is not truncated: every change of a mapping is recorded'
            USING ERRCODE = 'restrict_violation',
                  HINT = 'Delete the rows: each removal is recorded in jxlink.staff_change.';
    END IF;
    IF TG_OP <> 'INSERT' THEN
        old_v := to_jsonb(OLD) - 'last_change';
    END IF;
    IF TG_OP <> 'DELETE' THEN
        new_v := to_jsonb(NEW) - 'last_change';
    END IF;
    IF TG_OP = 'INSERT' THEN
        SELECT c.* INTO latest FROM jxlink.staff_change c
        WHERE (c.jurisdiction = NEW.jurisdiction AND c.role_name = NEW.role_name)
           OR (c.old_values->>'jurisdiction' = NEW.jurisdiction AND c.old_values->>'role_name' = NEW.role_name)
        ORDER BY c.change_no DESC LIMIT 1;
        IF FOUND AND latest.change_no = NEW.last_change AND latest.op <> 'delete'
           AND latest.role_name = NEW.role_name AND latest.new_values = new_v THEN
            RETURN NEW;  -- restored: the record already holds this row
        END IF;
    ELSIF TG_OP = 'UPDATE' AND old_v = new_v THEN
        NEW.last_change := OLD.last_change;
        RETURN NEW;
    END IF;
    INSERT INTO jxlink.staff_change (jurisdiction, op, role_name, unit_id, old_values, new_values,
                                     changed_by_role, changed_by_login)
    VALUES (coalesce(NEW.jurisdiction, OLD.jurisdiction), lower(TG_OP), coalesce(NEW.role_name, OLD.role_name),
            coalesce(NEW.unit_id, OLD.unit_id), old_v, new_v, jxlink.calling_role()::text, session_user::text)
    RETURNING change_no INTO change;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    NEW.last_change := change;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION jxlink.staff_record() IS '触发器：jxlink.staff 的每次新增、修改、删除写入 staff_change（恢复备份时记录中已有的行不重复记录）；拒绝 TRUNCATE。 Trigger: record every insert, update and delete of jxlink.staff in staff_change (a restored row the record already holds is not recorded twice); refuse TRUNCATE.';
REVOKE ALL ON FUNCTION jxlink.staff_record() FROM PUBLIC;
CREATE TRIGGER staff_record BEFORE INSERT OR DELETE OR UPDATE ON jxlink.staff FOR EACH ROW EXECUTE FUNCTION jxlink.staff_record();
ALTER TABLE jxlink.staff ENABLE ALWAYS TRIGGER staff_record;
CREATE TRIGGER staff_no_truncate BEFORE TRUNCATE ON jxlink.staff FOR EACH STATEMENT EXECUTE FUNCTION jxlink.staff_record();
ALTER TABLE jxlink.staff ENABLE ALWAYS TRIGGER staff_no_truncate;

-- Does the querying role supervise (jxlink_supervisor, or staff of the
-- judicial office or the discipline commission)?  Runs as the caller.
CREATE FUNCTION jxlink.reads_as_supervisor() RETURNS boolean
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    SELECT pg_has_role(current_user, 'jxlink_supervisor', 'MEMBER')
        OR EXISTS (SELECT 1 FROM jxlink.staff s JOIN jxlink.unit u ON u.unit_id = s.unit_id
                   WHERE s.role_name = current_user::text AND s.active
                     AND u.kind IN ('judicial_office', 'discipline_commission'))
$$;
COMMENT ON FUNCTION jxlink.reads_as_supervisor() IS '当前角色是否为监督人员：jxlink_supervisor，或司法所、纪工委的在岗人员（读取对应关系变更记录与联系方式读取记录）。 Whether the current role supervises: jxlink_supervisor, or active staff of the judicial office or the discipline commission (they read the staff record and the contact-read log).';
REVOKE ALL ON FUNCTION jxlink.reads_as_supervisor() FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.reads_as_supervisor() TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;

CREATE POLICY staff_change_read ON jxlink.staff_change FOR SELECT
USING (pg_has_role(current_user, 'jxlink_admin', 'MEMBER') OR (SELECT jxlink.reads_as_supervisor()));
COMMENT ON POLICY staff_change_read ON jxlink.staff_change IS '管理员与监督人员读取对应关系变更记录；其他办事人员不读。 Administrators and supervisors read the staff record; other clerks do not.';

-- Where jxlink.staff and its record disagree: a row that is not the latest
-- recorded state of its role, or a role the record says is mapped and is not.
CREATE FUNCTION jxlink.verify_staff_record() RETURNS TABLE(jurisdiction text, role_name text, problem text)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    WITH latest AS (
        SELECT DISTINCT ON (k.j, k.r) k.j, k.r, c.change_no, c.op, c.role_name AS changed_role, c.new_values
        FROM jxlink.staff_change c
        CROSS JOIN LATERAL (VALUES (c.jurisdiction, c.role_name),
                                   (c.old_values->>'jurisdiction', c.old_values->>'role_name')) AS k(j, r)
        WHERE k.r IS NOT NULL
        ORDER BY k.j, k.r, c.change_no DESC)
    SELECT s.jurisdiction, s.role_name,
           CASE WHEN l.change_no IS NULL THEN 'mapped without a record'
                ELSE 'the row differs from its latest recorded change ' || l.change_no END
    FROM jxlink.staff s LEFT JOIN latest l ON l.j = s.jurisdiction AND l.r = s.role_name
    WHERE l.change_no IS NULL OR l.change_no <> s.last_change OR l.op = 'delete' OR l.changed_role <> s.role_name
       OR l.new_values IS DISTINCT FROM to_jsonb(s) - 'last_change'
    UNION ALL
    SELECT l.j, l.r, 'recorded as mapped by change ' || l.change_no || ', but not in jxlink.staff'
    FROM latest l
    WHERE l.op <> 'delete' AND l.changed_role = l.r
      AND NOT EXISTS (SELECT 1 FROM jxlink.staff s WHERE s.jurisdiction = l.j AND s.role_name = l.r)
    ORDER BY 1, 2, 3
$$;
COMMENT ON FUNCTION jxlink.verify_staff_record() IS '核对 jxlink.staff 与其变更记录：返回每一处不符（无记录的对应、与最近记录不同的行、记录为在册却不在表中的角色）。空结果表示一致。 Check jxlink.staff against its record: every disagreement (a mapping without a record, a row unlike its latest recorded change, a role recorded as mapped and missing from the table). No rows means they agree.';
REVOKE ALL ON FUNCTION jxlink.verify_staff_record() FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.verify_staff_record() TO jxlink_admin, jxlink_supervisor;

-- D2. Complainants' contacts: read only through read_complainant_contact(),
-- never by administrators or BI, each read recorded (jxlink.contact_read).
COMMENT ON FUNCTION jxlink.reads_complainants() IS '当前角色可否读取全部举报投诉（不含举报人联系方式，后者只经 read_complainant_contact() 读取并记录）：综合执法队、纪工委、司法所人员或 jxlink_supervisor。 Whether the current role reads every complaint (not the complainant''s contact, which is read only through read_complainant_contact(), on record): staff of the enforcement team, the discipline commission or the judicial office, or jxlink_supervisor.';
REVOKE SELECT ON TABLE jxlink.complaint_contact FROM jxlink_clerk, jxlink_supervisor;
DROP POLICY complaint_contact_read ON jxlink.complaint_contact;
CREATE POLICY complaint_contact_read ON jxlink.complaint_contact FOR SELECT
USING (false);
COMMENT ON POLICY complaint_contact_read ON jxlink.complaint_contact IS '不直接读取：联系方式只经 jxlink.read_complainant_contact() 读取，每次读取先行记录。 No direct reads: a contact is read only through jxlink.read_complainant_contact(), which records each read first.';

CREATE TABLE jxlink.contact_read (
    read_no bigint GENERATED ALWAYS AS IDENTITY,
    jurisdiction text NOT NULL,
    complaint_id uuid NOT NULL,
    reader_role text NOT NULL,
    reader_login text NOT NULL,
    reader_unit uuid NOT NULL,
    read_at timestamp with time zone DEFAULT clock_timestamp() NOT NULL
);

ALTER TABLE ONLY jxlink.contact_read FORCE ROW LEVEL SECURITY;
COMMENT ON TABLE jxlink.contact_read IS '举报人联系方式读取记录（只增不改，UPDATE、DELETE、TRUNCATE 一律拒绝，表属主亦然）：谁（角色、登录、单位）何时读取了哪件举报投诉的联系方式。监督人员可读；办事人员只读本人的读取。 The log of reads of complainants'' contacts (append-only: UPDATE, DELETE and TRUNCATE are refused, even to the owner): who (role, login, unit) read the contact of which complaint, and when. Supervisors read it; a clerk reads only its own reads.';
COMMENT ON COLUMN jxlink.contact_read.read_no IS '读取序号（递增）。 Read number (increasing).';
COMMENT ON COLUMN jxlink.contact_read.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.contact_read.complaint_id IS '被读取联系方式的举报投诉。 The complaint whose contact was read.';
COMMENT ON COLUMN jxlink.contact_read.reader_role IS '读取者角色（SET ROLE 之后）。 The reading role (after SET ROLE).';
COMMENT ON COLUMN jxlink.contact_read.reader_login IS '读取者登录角色（session_user）。 The reader''s login role (session_user).';
COMMENT ON COLUMN jxlink.contact_read.reader_unit IS '读取者据以读取的单位。 The unit through which the reader was entitled.';
COMMENT ON COLUMN jxlink.contact_read.read_at IS '读取时间（在读取之前提交）。 When it was read (committed before the contact is shown).';
ALTER TABLE ONLY jxlink.contact_read
    ADD CONSTRAINT contact_read_pkey PRIMARY KEY (read_no);
ALTER TABLE ONLY jxlink.contact_read
    ADD CONSTRAINT contact_read_complaint_id_fkey FOREIGN KEY (complaint_id) REFERENCES jxlink.complaint(complaint_id);
ALTER TABLE ONLY jxlink.contact_read
    ADD CONSTRAINT contact_read_jurisdiction_fkey FOREIGN KEY (jurisdiction) REFERENCES jxlink.jurisdiction(code);
CREATE INDEX contact_read_complaint ON jxlink.contact_read USING btree (complaint_id, reader_role, read_no);
ALTER TABLE jxlink.contact_read ENABLE ROW LEVEL SECURITY;
CREATE TRIGGER contact_read_append_only BEFORE DELETE OR UPDATE ON jxlink.contact_read FOR EACH ROW EXECUTE FUNCTION jxlink.refuse_change();
ALTER TABLE jxlink.contact_read ENABLE ALWAYS TRIGGER contact_read_append_only;
CREATE TRIGGER contact_read_no_truncate BEFORE TRUNCATE ON jxlink.contact_read FOR EACH STATEMENT EXECUTE FUNCTION jxlink.refuse_change();
ALTER TABLE jxlink.contact_read ENABLE ALWAYS TRIGGER contact_read_no_truncate;
GRANT SELECT ON TABLE jxlink.contact_read TO jxlink_clerk, jxlink_supervisor;
SELECT pg_catalog.pg_extension_config_dump('jxlink.contact_read', '');
SELECT pg_catalog.pg_extension_config_dump('jxlink.contact_read_read_no_seq', '');

CREATE POLICY contact_read_read ON jxlink.contact_read FOR SELECT
USING ((SELECT jxlink.reads_as_supervisor()) OR reader_role = current_user::text);
COMMENT ON POLICY contact_read_read ON jxlink.contact_read IS '监督人员读取全部读取记录；办事人员只读本人的读取。 Supervisors read every read; a clerk reads only its own.';

-- The unit through which a role may read a complaint's contact, or null:
-- active staff of the first receiver, of the team the complaint was referred
-- to, or of a supervising unit; never a member of jxlink_admin or jxlink_bi.
CREATE FUNCTION jxlink.contact_reader_unit(reader name, complaint uuid) RETURNS uuid
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    SELECT s.unit_id
    FROM jxlink.complaint c
    JOIN jxlink.staff s ON s.jurisdiction = c.jurisdiction AND s.role_name = reader::text AND s.active
    JOIN jxlink.unit u ON u.unit_id = s.unit_id
    WHERE c.complaint_id = complaint
      AND NOT pg_has_role(reader, 'jxlink_admin', 'MEMBER') AND NOT pg_has_role(reader, 'jxlink_bi', 'MEMBER')
      AND (c.first_receiver = s.unit_id
           OR EXISTS (SELECT 1 FROM jxlink.referral r WHERE r.referral_id = c.referral_id AND r.to_unit = s.unit_id)
           OR u.kind IN ('judicial_office', 'discipline_commission'))
    ORDER BY c.first_receiver = s.unit_id DESC
    LIMIT 1
$$;
COMMENT ON FUNCTION jxlink.contact_reader_unit(reader name, complaint uuid) IS '（内部）某角色据以读取某举报投诉联系方式的单位，无权则为空：首问负责单位、受移送的综合执法队、监督单位（司法所、纪工委）的在岗人员；jxlink_admin、jxlink_bi 成员一律无权。 (Internal) The unit through which a role may read a complaint''s contact, or null: active staff of the first receiver, of the team it was referred to, or of a supervising unit (judicial office, discipline commission); never a member of jxlink_admin or jxlink_bi.';
REVOKE ALL ON FUNCTION jxlink.contact_reader_unit(reader name, complaint uuid) FROM PUBLIC;

-- Record that the calling role reads a complaint's contact; 42501 if it may not.
CREATE FUNCTION jxlink.record_contact_read(complaint uuid) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    reader name := jxlink.calling_role();
    unit   uuid;
    result bigint;
BEGIN
    IF pg_has_role(reader, 'jxlink_admin', 'MEMBER') OR pg_has_role(reader, 'jxlink_bi', 'MEMBER')
       OR (pg_has_role(session_user, 'jxlink_admin', 'MEMBER')
           AND NOT (SELECT r.rolsuper FROM pg_roles r WHERE r.rolname = session_user)) THEN
        RAISE EXCEPTION 'administrators and BI do not read complainants'' contacts'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = '举报人保密: administrators map staff to units; they do not read contacts, whatever their staff rows.';
    END IF;
    unit := jxlink.contact_reader_unit(reader, complaint);
    IF unit IS NULL THEN
        RAISE EXCEPTION 'not entitled to the complainant''s contact'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = '举报人保密: only the first receiver, the team it was referred to and the supervisors may read it.';
    END IF;
    INSERT INTO jxlink.contact_read (jurisdiction, complaint_id, reader_role, reader_login, reader_unit)
    SELECT c.jurisdiction, c.complaint_id, reader::text, session_user::text, unit
    FROM jxlink.complaint c WHERE c.complaint_id = complaint
    RETURNING read_no INTO result;
    RETURN result;
END
$$;
COMMENT ON FUNCTION jxlink.record_contact_read(complaint uuid) IS '（由 read_complainant_contact 调用）记录调用角色读取某举报投诉的联系方式；无权则报错（42501），不记录。 (Called by read_complainant_contact) Record that the calling role reads a complaint''s contact; SQLSTATE 42501 and nothing recorded if it may not.';
REVOKE ALL ON FUNCTION jxlink.record_contact_read(complaint uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.record_contact_read(complaint uuid) TO jxlink_clerk, jxlink_supervisor;

-- The contact, to a reader entitled to it whose read of it was recorded and
-- committed in an earlier transaction during the last minute.
CREATE OR REPLACE FUNCTION jxlink.complainant_contact(complaint uuid) RETURNS jxlink.complaint_contact
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    reader name := jxlink.calling_role();
    result jxlink.complaint_contact;
BEGIN
    IF pg_has_role(reader, 'jxlink_admin', 'MEMBER') OR pg_has_role(reader, 'jxlink_bi', 'MEMBER')
       OR jxlink.contact_reader_unit(reader, complaint) IS NULL THEN
        RAISE EXCEPTION 'not entitled to the complainant''s contact'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = '举报人保密: only the first receiver, the team it was referred to and the supervisors may read it.';
    END IF;
    -- read_at < now(): written by a transaction that committed before this one began
    IF NOT EXISTS (SELECT 1 FROM jxlink.contact_read x
                   WHERE x.complaint_id = complainant_contact.complaint AND x.reader_role = reader::text
                     AND x.reader_login = session_user::text
                     AND x.read_at < now() AND x.read_at >= now() - interval '1 minute') THEN
        RAISE EXCEPTION 'this read of the complainant''s contact is not on record'
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'CALL jxlink.read_complainant_contact(complaint): it records the read, commits, then returns the contact.';
    END IF;
    SELECT * INTO result FROM jxlink.complaint_contact x WHERE x.complaint_id = complainant_contact.complaint;
    RETURN result;
END
$$;
COMMENT ON FUNCTION jxlink.complainant_contact(complaint uuid) IS '（由 read_complainant_contact 调用）举报人联系方式（举报人保密）：仅返回给有权读取、且其读取已在一分钟内先前提交的事务中记录的角色。 (Called by read_complainant_contact) The complainant''s contact (kept confidential): returned only to a role entitled to it whose read was recorded by an earlier, committed transaction within the last minute.';
REVOKE ALL ON FUNCTION jxlink.complainant_contact(complaint uuid) FROM PUBLIC, jxlink_admin;
GRANT ALL ON FUNCTION jxlink.complainant_contact(complaint uuid) TO jxlink_clerk, jxlink_supervisor;

-- Read a complainant's contact: record the read, commit it, then return the
-- contact.  A procedure that commits cannot run inside a transaction block, so
-- no read can be rolled back off the record (SQLSTATE 2D000 there).  Runs as
-- the caller (a procedure with SECURITY DEFINER or SET cannot commit); every
-- name it uses is schema-qualified.
CREATE PROCEDURE jxlink.read_complainant_contact(complaint uuid, INOUT anonymous boolean DEFAULT NULL,
    INOUT full_name text DEFAULT NULL, INOUT phone text DEFAULT NULL, INOUT address text DEFAULT NULL,
    INOUT other text DEFAULT NULL)
    LANGUAGE plpgsql
    AS $$
DECLARE
    c jxlink.complaint_contact;
BEGIN
    PERFORM jxlink.record_contact_read(complaint);
    COMMIT;
    c := jxlink.complainant_contact(complaint);
    anonymous := c.anonymous;
    full_name := c.full_name;
    phone := c.phone;
    address := c.address;
    other := c.other;
END
$$;
COMMENT ON PROCEDURE jxlink.read_complainant_contact(complaint uuid, INOUT anonymous boolean, INOUT full_name text, INOUT phone text, INOUT address text, INOUT other text) IS '读取举报人联系方式（举报人保密）：先记录并提交本次读取（contact_read），再返回联系方式；须在事务块之外 CALL。仅首问负责单位、受移送的综合执法队与监督单位（司法所、纪工委）的在岗人员；管理员、BI 一律不可。 Read a complainant''s contact (kept confidential): records and commits the read (contact_read), then returns the contact; CALL it outside a transaction block. Only active staff of the first receiver, of the team it was referred to and of the supervisors (judicial office, discipline commission); never administrators or BI.';
REVOKE ALL ON PROCEDURE jxlink.read_complainant_contact(complaint uuid, INOUT anonymous boolean, INOUT full_name text, INOUT phone text, INOUT address text, INOUT other text) FROM PUBLIC;
GRANT ALL ON PROCEDURE jxlink.read_complainant_contact(complaint uuid, INOUT anonymous boolean, INOUT full_name text, INOUT phone text, INOUT address text, INOUT other text) TO jxlink_clerk, jxlink_supervisor;

-- D3. share_sender() and patrol_leader() answer only their own unit's staff.
-- The sender of a share, for the policy of the table that points at it
-- (without recursion): only to the sender's own staff, null to anyone else --
-- the policy compares it with the caller's units and needs no more.
CREATE OR REPLACE FUNCTION jxlink.share_sender(share_id uuid) RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    SELECT s.from_unit FROM jxlink.share s
    WHERE s.share_id = share_sender.share_id
      AND EXISTS (SELECT 1 FROM jxlink.staff st
                  WHERE st.role_name = jxlink.calling_role()::text AND st.active AND st.unit_id = s.from_unit)
$$;
COMMENT ON FUNCTION jxlink.share_sender(share_id uuid) IS '（供策略使用）共享信息的提供单位：仅对提供单位本身的在岗人员返回，对其他人返回空。 (For the policies) The sending unit of a share: returned only to the sending unit''s own active staff, null to anyone else.';
-- The leader of a patrol, for the policy of the table that points at it
-- (without recursion): only to the leading unit's own staff, null to anyone
-- else -- the policy compares it with the caller's units and needs no more.
CREATE OR REPLACE FUNCTION jxlink.patrol_leader(patrol_id uuid) RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    SELECT p.led_by FROM jxlink.patrol p
    WHERE p.patrol_id = patrol_leader.patrol_id
      AND EXISTS (SELECT 1 FROM jxlink.staff st
                  WHERE st.role_name = jxlink.calling_role()::text AND st.active AND st.unit_id = p.led_by)
$$;
COMMENT ON FUNCTION jxlink.patrol_leader(patrol_id uuid) IS '（供策略使用）巡查的牵头单位：仅对牵头单位本身的在岗人员返回，对其他人返回空。 (For the policies) The leading unit of a patrol: returned only to the leading unit''s own active staff, null to anyone else.';

-- ===== end D =====


-- ===== E. poison dates and the history anchor =====
-- (section E)

-- ===== end E =====
