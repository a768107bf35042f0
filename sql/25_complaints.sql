/*
 * sql/25_complaints.sql - Complaints under first-receiver responsibility (首问负责制, 三（二）).
 *
 * A concept file: the current definition of each object, once, with its
 * comments, grants, policies and triggers.  The build concatenates the concept
 * files (sql/NN_*.sql, in order) into the install script of the current version.
 */

-- 首问负责制: the first receiver is recorded once and never reassigned.
CREATE FUNCTION jxlink.complaint_first_receiver_fixed() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    IF NEW.first_receiver IS DISTINCT FROM OLD.first_receiver OR NEW.received_at IS DISTINCT FROM OLD.received_at THEN
        RAISE EXCEPTION 'the first receiver of a complaint is responsible for good'
            USING ERRCODE = 'restrict_violation',
                  DETAIL = '三（二）首问负责制: the unit that received it first stays responsible, whatever happens next.';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION jxlink.complaint_first_receiver_fixed() IS '触发器：首问负责单位与接收时间不可更改（表属主亦然）。 Trigger: the first receiver and the time received never change (even for the table owner).';
REVOKE ALL ON FUNCTION jxlink.complaint_first_receiver_fixed() FROM PUBLIC;

CREATE TABLE jxlink.complaint (
    complaint_id uuid DEFAULT jxlink.uuid_v7() NOT NULL,
    jurisdiction text DEFAULT jxlink.local_jurisdiction() NOT NULL,
    channel text NOT NULL,
    received_at timestamp with time zone NOT NULL,
    first_receiver uuid NOT NULL,
    subject text NOT NULL,
    place text,
    category text,
    outcome text,
    outcome_at timestamp with time zone,
    reply text,
    replied_at timestamp with time zone,
    referral_id uuid,
    created_by text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT complaint_category_check CHECK (category IN ('licensed', 'unlicensed', 'prohibited', 'other')),
    CONSTRAINT complaint_channel_check CHECK (channel IN ('report', 'complaint', 'petition', 'hotline', 'other')),
    CONSTRAINT complaint_check CHECK ((outcome IS NULL) = (outcome_at IS NULL)),
    CONSTRAINT complaint_outcome_check CHECK (outcome IN ('no_violation', 'penalty_due', 'handled_on_spot', 'outside_scope')),
    CONSTRAINT complaint_subject_check CHECK (subject <> '')
);

ALTER TABLE ONLY jxlink.complaint FORCE ROW LEVEL SECURITY;
COMMENT ON TABLE jxlink.complaint IS '举报、投诉、信访（三（二）），适用首问负责制：率先接到的单位为第一责任人，登记后不可更改。举报人联系方式另存于 complaint_contact。 Reports, complaints and petitions (三（二）) under first-receiver responsibility: the unit that receives one first is responsible for good. The complainant''s contact is kept apart, in complaint_contact.';
COMMENT ON COLUMN jxlink.complaint.complaint_id IS '举报投诉标识。 Complaint identifier.';
COMMENT ON COLUMN jxlink.complaint.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.complaint.channel IS 'report 举报、complaint 投诉、petition 信访、hotline 热线（如 12345）、other 其他。 report, complaint, petition, hotline (e.g. 12345), other.';
COMMENT ON COLUMN jxlink.complaint.received_at IS '接收时间。 When it was received.';
COMMENT ON COLUMN jxlink.complaint.first_receiver IS '首问负责单位（不可更改）。 The first receiving unit, responsible for good (never reassigned).';
COMMENT ON COLUMN jxlink.complaint.subject IS '事由。 Subject.';
COMMENT ON COLUMN jxlink.complaint.place IS '地点。 Place.';
COMMENT ON COLUMN jxlink.complaint.category IS '事项类别（二（一）至（四））。 Matter category (二（一）至（四）).';
COMMENT ON COLUMN jxlink.complaint.outcome IS 'no_violation 未发现违法、penalty_due 需处罚已移送、handled_on_spot 执法队当场处理、outside_scope 不属受理范围。 no_violation, penalty_due (referred), handled_on_spot (by the team, 二（三）), outside_scope.';
COMMENT ON COLUMN jxlink.complaint.outcome_at IS '核实结论时间。 When the outcome was determined.';
COMMENT ON COLUMN jxlink.complaint.reply IS '答复内容。 The reply.';
COMMENT ON COLUMN jxlink.complaint.replied_at IS '答复时间。 When the complainant was answered.';
COMMENT ON COLUMN jxlink.complaint.referral_id IS '由此产生的移送（与 referral.complaint_id 互相关联）。 The referral it led to (linked back by referral.complaint_id).';
COMMENT ON COLUMN jxlink.complaint.created_by IS '登记人（数据库角色）。 Role that recorded it.';
COMMENT ON COLUMN jxlink.complaint.created_at IS '登记时间。 When it was recorded.';
ALTER TABLE ONLY jxlink.complaint
    ADD CONSTRAINT complaint_pkey PRIMARY KEY (complaint_id);
ALTER TABLE ONLY jxlink.complaint
    ADD CONSTRAINT complaint_first_receiver_fkey FOREIGN KEY (first_receiver) REFERENCES jxlink.unit(unit_id);
ALTER TABLE ONLY jxlink.complaint
    ADD CONSTRAINT complaint_jurisdiction_fkey FOREIGN KEY (jurisdiction) REFERENCES jxlink.jurisdiction(code);
CREATE INDEX complaint_receiver ON jxlink.complaint USING btree (first_receiver, received_at);
ALTER TABLE jxlink.complaint ENABLE ROW LEVEL SECURITY;
CREATE TRIGGER complaint_first_receiver_fixed BEFORE UPDATE ON jxlink.complaint FOR EACH ROW EXECUTE FUNCTION jxlink.complaint_first_receiver_fixed();

ALTER TABLE jxlink.complaint ENABLE ALWAYS TRIGGER complaint_first_receiver_fixed;
GRANT SELECT ON TABLE jxlink.complaint TO jxlink_admin, jxlink_clerk, jxlink_supervisor, jxlink_bi;
SELECT pg_catalog.pg_extension_config_dump('jxlink.complaint', '');

CREATE TABLE jxlink.complaint_contact (
    complaint_id uuid NOT NULL,
    jurisdiction text DEFAULT jxlink.local_jurisdiction() NOT NULL,
    anonymous boolean DEFAULT false NOT NULL,
    full_name text,
    phone text,
    address text,
    other text
);

ALTER TABLE ONLY jxlink.complaint_contact FORCE ROW LEVEL SECURITY;
COMMENT ON TABLE jxlink.complaint_contact IS '举报人、投诉人联系方式（个人信息，举报人保密）：仅首问负责单位、综合执法队及监督单位可经 jxlink.complainant_contact() 读取。 The complainant''s contact (personal data, kept confidential): readable only by the first receiver, the enforcement team and the supervisors, through jxlink.complainant_contact().';
COMMENT ON COLUMN jxlink.complaint_contact.complaint_id IS '所属举报投诉。 The complaint.';
COMMENT ON COLUMN jxlink.complaint_contact.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.complaint_contact.anonymous IS '是否匿名。 Anonymous.';
COMMENT ON COLUMN jxlink.complaint_contact.full_name IS '姓名。 Name.';
COMMENT ON COLUMN jxlink.complaint_contact.phone IS '电话。 Phone.';
COMMENT ON COLUMN jxlink.complaint_contact.address IS '地址。 Address.';
COMMENT ON COLUMN jxlink.complaint_contact.other IS '其他联系方式。 Other contact details.';
ALTER TABLE ONLY jxlink.complaint_contact
    ADD CONSTRAINT complaint_contact_pkey PRIMARY KEY (complaint_id);
ALTER TABLE ONLY jxlink.complaint_contact
    ADD CONSTRAINT complaint_contact_complaint_id_fkey FOREIGN KEY (complaint_id) REFERENCES jxlink.complaint(complaint_id);
ALTER TABLE ONLY jxlink.complaint_contact
    ADD CONSTRAINT complaint_contact_jurisdiction_fkey FOREIGN KEY (jurisdiction) REFERENCES jxlink.jurisdiction(code);
ALTER TABLE jxlink.complaint_contact ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON TABLE jxlink.complaint_contact FROM PUBLIC;
SELECT pg_catalog.pg_extension_config_dump('jxlink.complaint_contact', '');

-- No group role reads the table: a contact is read through
-- jxlink.read_complainant_contact(), which records the read first.
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
USING (jurisdiction = ANY ((SELECT jxlink.supervises_jurisdictions())::text[]) OR reader_role = current_user::text);
COMMENT ON POLICY contact_read_read ON jxlink.contact_read IS '监督人员读取其监督辖区的全部读取记录；办事人员只读本人的读取。 Supervisors read every read in the jurisdictions they supervise; a clerk reads only its own.';

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
    PERFORM jxlink.require_primary();
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

CREATE POLICY complaint_read ON jxlink.complaint FOR SELECT
USING (first_receiver = ANY ((SELECT jxlink.my_units())::uuid[]) OR jurisdiction = ANY ((SELECT jxlink.reads_jurisdictions())::text[])
       OR jurisdiction = ANY ((SELECT jxlink.reads_complainants())::text[]));

-- The contact, to a reader entitled to it whose read of it was recorded and
-- committed in an earlier transaction during the last minute.
CREATE FUNCTION jxlink.complainant_contact(complaint uuid) RETURNS jxlink.complaint_contact
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
REVOKE ALL ON FUNCTION jxlink.complainant_contact(complaint uuid) FROM PUBLIC;
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

-- The complaint, locked, for an action of its first receiver.
CREATE FUNCTION jxlink.complaint_for_receiver(complaint_id uuid, me jxlink.staff, occurred_at timestamp with time zone) RETURNS jxlink.complaint
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    c jxlink.complaint;
BEGIN
    SELECT * INTO c FROM jxlink.complaint x WHERE x.complaint_id = complaint_for_receiver.complaint_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'complaint % does not exist', complaint_for_receiver.complaint_id USING ERRCODE = 'no_data_found';
    ELSIF c.first_receiver <> me.unit_id THEN
        RAISE EXCEPTION 'only the first receiver handles this complaint'
            USING ERRCODE = 'insufficient_privilege', DETAIL = '三（二）首问负责制.';
    END IF;
    PERFORM jxlink.check_occurred_at(occurred_at, coalesce(c.outcome_at, c.received_at), 'the previous step of this complaint');
    RETURN c;
END
$$;
COMMENT ON FUNCTION jxlink.complaint_for_receiver(complaint_id uuid, me jxlink.staff, occurred_at timestamp with time zone) IS '（内部）锁定举报投诉并核对调用者为首问负责单位、时间合理。 (Internal) Lock a complaint and check that the caller is its first receiver and the time is sound.';
REVOKE ALL ON FUNCTION jxlink.complaint_for_receiver(complaint_id uuid, me jxlink.staff, occurred_at timestamp with time zone) FROM PUBLIC;

CREATE FUNCTION jxlink.handle_complaint_on_spot(complaint uuid, note text, occurred_at timestamp with time zone DEFAULT now()) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    me jxlink.staff := jxlink.caller_staff();
    c  jxlink.complaint := jxlink.complaint_for_receiver(complaint, me, occurred_at);
BEGIN
    PERFORM jxlink.check_calendar_time(handle_complaint_on_spot.occurred_at, 'occurred_at');
    IF NOT EXISTS (SELECT 1 FROM jxlink.unit u WHERE u.unit_id = me.unit_id AND u.kind = 'enforcement_team') THEN
        RAISE EXCEPTION 'only the enforcement team handles a complaint on the spot'
            USING ERRCODE = 'insufficient_privilege', DETAIL = '二（三）: simple cases are handled on the spot by the team.';
    ELSIF c.outcome IS NOT NULL THEN
        RAISE EXCEPTION 'the complaint''s outcome is already %', c.outcome USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    UPDATE jxlink.complaint x
    SET outcome = 'handled_on_spot', outcome_at = occurred_at,
        reply = jxlink.require_text(note, 'the note of the handling'), replied_at = occurred_at
    WHERE x.complaint_id = c.complaint_id;
    PERFORM jxlink.obligation_close(c.complaint_id, '{complaint_reply}', occurred_at, me.role_name, 'met', note);
    RETURN 'handled_on_spot';
END
$$;
COMMENT ON FUNCTION jxlink.handle_complaint_on_spot(complaint uuid, note text, occurred_at timestamp with time zone) IS '综合执法队作为首问负责单位当场处理简易案件并答复（二（三））。 The enforcement team, as first receiver, handles a simple case on the spot and replies (二（三）).';
REVOKE ALL ON FUNCTION jxlink.handle_complaint_on_spot(complaint uuid, note text, occurred_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.handle_complaint_on_spot(complaint uuid, note text, occurred_at timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

CREATE FUNCTION jxlink.receive_complaint(channel text, received_at timestamp with time zone, subject text, place text DEFAULT NULL::text, category text DEFAULT NULL::text, contact jsonb DEFAULT '{}'::jsonb) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    me      jxlink.staff := jxlink.caller_staff();
    unknown text;
    result  uuid;
BEGIN
    PERFORM jxlink.check_calendar_time(receive_complaint.received_at, 'received_at');
    IF channel IS NULL OR channel NOT IN ('report', 'complaint', 'petition', 'hotline', 'other') THEN
        RAISE EXCEPTION 'unknown complaint channel "%"', channel
            USING ERRCODE = 'invalid_parameter_value', DETAIL = 'Channels: report, complaint, petition, hotline, other.';
    ELSIF category IS NOT NULL AND category NOT IN ('licensed', 'unlicensed', 'prohibited', 'other') THEN
        RAISE EXCEPTION 'unknown case category "%"', category USING ERRCODE = 'invalid_parameter_value';
    ELSIF contact IS NULL OR jsonb_typeof(contact) <> 'object' THEN
        RAISE EXCEPTION 'contact must be a JSON object' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT string_agg(k, ', ') INTO unknown FROM jsonb_object_keys(contact) AS k
    WHERE k NOT IN ('anonymous', 'full_name', 'phone', 'address', 'other');
    IF unknown IS NOT NULL THEN
        RAISE EXCEPTION 'unknown keys in contact: %', unknown
            USING ERRCODE = 'invalid_parameter_value', DETAIL = 'Known keys: anonymous, full_name, phone, address, other.';
    END IF;
    PERFORM jxlink.require_text(subject, 'the subject');
    PERFORM jxlink.check_occurred_at(received_at, '-infinity', 'ever');
    INSERT INTO jxlink.complaint (jurisdiction, channel, received_at, first_receiver, subject, place, category, created_by)
    VALUES (me.jurisdiction, channel, received_at, me.unit_id, subject, place, category, me.role_name)
    RETURNING complaint_id INTO result;
    INSERT INTO jxlink.complaint_contact (complaint_id, jurisdiction, anonymous, full_name, phone, address, other)
    VALUES (result, me.jurisdiction, coalesce((contact->>'anonymous')::boolean, false), contact->>'full_name',
            contact->>'phone', contact->>'address', contact->>'other');
    PERFORM jxlink.obligation_open('complaint_reply', 'complaint_reply', 'complaint', result, me.unit_id, NULL, received_at);
    RETURN result;
END
$$;
COMMENT ON FUNCTION jxlink.receive_complaint(channel text, received_at timestamp with time zone, subject text, place text, category text, contact jsonb) IS '登记本单位率先接到的举报、投诉、信访：本单位成为首问负责单位（三（二）），开立答复义务。contact 可含 anonymous、full_name、phone、address、other（保密）。 Record a complaint received first by the caller''s unit, which becomes responsible for good (三（二）); opens the reply obligation. contact may hold anonymous, full_name, phone, address, other (kept confidential).';
REVOKE ALL ON FUNCTION jxlink.receive_complaint(channel text, received_at timestamp with time zone, subject text, place text, category text, contact jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.receive_complaint(channel text, received_at timestamp with time zone, subject text, place text, category text, contact jsonb) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

CREATE FUNCTION jxlink.refer_complaint(complaint uuid, title text, urgent boolean DEFAULT false, occurred_at timestamp with time zone DEFAULT now()) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    me       jxlink.staff := jxlink.caller_staff();
    c        jxlink.complaint := jxlink.complaint_for_receiver(complaint, me, occurred_at);
    case_id  uuid;
    referral uuid;
BEGIN
    PERFORM jxlink.check_calendar_time(refer_complaint.occurred_at, 'occurred_at');
    IF c.outcome IS NOT NULL THEN
        RAISE EXCEPTION 'the complaint''s outcome is already %', c.outcome USING ERRCODE = 'object_not_in_prerequisite_state';
    ELSIF c.category IS NULL THEN
        RAISE EXCEPTION 'the complaint has no matter category' USING ERRCODE = 'object_not_in_prerequisite_state',
            HINT = 'Record the category (二（一）至（四）) when receiving it.';
    END IF;
    -- the case is found when the verification finds the violation
    case_id := jxlink.open_case(c.category, 'complaint', title, occurred_at,
                                jsonb_strip_nulls(jsonb_build_object('place', c.place, 'description', c.subject)));
    referral := jxlink.create_referral(case_id, urgent, occurred_at);
    UPDATE jxlink.referral r SET complaint_id = c.complaint_id WHERE r.referral_id = referral;
    UPDATE jxlink.complaint x SET outcome = 'penalty_due', outcome_at = occurred_at, referral_id = referral
    WHERE x.complaint_id = c.complaint_id;
    RETURN referral;
END
$$;
COMMENT ON FUNCTION jxlink.refer_complaint(complaint uuid, title text, urgent boolean, occurred_at timestamp with time zone) IS '核实需要处罚的，首问负责单位据此立案线索并向综合执法队移送（三（二））：返回移送标识，举报投诉与移送互相关联；首问负责单位不变，仍须答复。 When verification finds a penalty due, the first receiver opens the case and refers it to the team (三（二）): returns the referral, linked both ways; the first receiver stays responsible and still replies.';
REVOKE ALL ON FUNCTION jxlink.refer_complaint(complaint uuid, title text, urgent boolean, occurred_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.refer_complaint(complaint uuid, title text, urgent boolean, occurred_at timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

CREATE FUNCTION jxlink.reply_complaint(complaint uuid, outcome text, reply text, occurred_at timestamp with time zone DEFAULT now()) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    me jxlink.staff := jxlink.caller_staff();
    c  jxlink.complaint := jxlink.complaint_for_receiver(complaint, me, occurred_at);
BEGIN
    PERFORM jxlink.check_calendar_time(reply_complaint.occurred_at, 'occurred_at');
    IF outcome IS NULL OR outcome NOT IN ('no_violation', 'outside_scope', 'penalty_due') THEN
        RAISE EXCEPTION 'the outcome of a reply must be no_violation, outside_scope or penalty_due, not %', coalesce(outcome, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    ELSIF c.replied_at IS NOT NULL THEN
        RAISE EXCEPTION 'the complainant was already answered on %', c.replied_at USING ERRCODE = 'object_not_in_prerequisite_state';
    ELSIF outcome = 'penalty_due' AND c.referral_id IS NULL THEN
        RAISE EXCEPTION 'a complaint found to need a penalty is referred first'
            USING ERRCODE = 'object_not_in_prerequisite_state', HINT = 'Use jxlink.refer_complaint().';
    ELSIF c.outcome IS NOT NULL AND c.outcome <> outcome THEN
        RAISE EXCEPTION 'the complaint''s outcome is already %', c.outcome USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    UPDATE jxlink.complaint x
    SET outcome = reply_complaint.outcome, outcome_at = coalesce(x.outcome_at, occurred_at),
        reply = jxlink.require_text(reply_complaint.reply, 'the reply'), replied_at = occurred_at
    WHERE x.complaint_id = c.complaint_id;
    PERFORM jxlink.obligation_close(c.complaint_id, '{complaint_reply}', occurred_at, me.role_name, 'met', reply);
    RETURN outcome;
END
$$;
COMMENT ON FUNCTION jxlink.reply_complaint(complaint uuid, outcome text, reply text, occurred_at timestamp with time zone) IS '首问负责单位答复举报人（三（二））：outcome 为 no_violation（未发现违法）、outside_scope（不属受理范围）或 penalty_due（已移送后告知处理情况）；履行答复义务。 The first receiver replies to the complainant (三（二）): outcome no_violation, outside_scope, or penalty_due (after the referral); meets the reply obligation.';
REVOKE ALL ON FUNCTION jxlink.reply_complaint(complaint uuid, outcome text, reply text, occurred_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.reply_complaint(complaint uuid, outcome text, reply text, occurred_at timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;
