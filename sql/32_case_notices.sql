/*
 * sql/32_case_notices.sql - What a case's units tell each other outside the referral's transitions (三（三）, 三（三）1): the tip-off of a violation in progress, progress notes on a transferred case, and the team's periodic progress update.
 *
 * A concept file: the current definition of each object, once, with its
 * comments, grants, policies and triggers.  The build concatenates the concept
 * files (sql/NN_*.sql, in order) into the install script of the current version.
 *
 * 三（三）: a unit that finds a violation in progress stops it, preserves the
 * evidence "并及时告知综合执法队": tip_off() records that notice to the team,
 * before any formal transfer, as part of the case's record (the team reads
 * the case from then on), and the team is alerted at once (sql/70_alerts.sql).
 * 三（三）1: the liaisons "定期沟通案件进展和处理情况": note_progress() records a
 * note on a transferred case from either side to the other.  While the team
 * holds a case open (accepted or filed) it owes the sender a progress update
 * every progress_update period (a local-policy deadline rule): opened at the
 * acceptance, met by each of its notes (which opens the next), met for the
 * last time by the decision, which reaches the sender as a share.
 * Both tables are append-only: what was said stays said.
 */

CREATE TABLE jxlink.case_tipoff (
    tipoff_id uuid DEFAULT jxlink.uuid_v7() NOT NULL,
    jurisdiction text NOT NULL,
    case_id uuid NOT NULL,
    from_unit uuid NOT NULL,
    to_unit uuid NOT NULL,
    what text NOT NULL,
    place text,
    violation_stopped boolean NOT NULL,
    evidence_preserved boolean NOT NULL,
    occurred_at timestamp with time zone NOT NULL,
    created_by text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT case_tipoff_pkey PRIMARY KEY (tipoff_id),
    CONSTRAINT case_tipoff_check CHECK (from_unit <> to_unit),
    CONSTRAINT case_tipoff_what_check CHECK (what <> ''),
    CONSTRAINT case_tipoff_case_id_fkey FOREIGN KEY (case_id) REFERENCES jxlink.case_file(case_id),
    CONSTRAINT case_tipoff_from_unit_fkey FOREIGN KEY (from_unit) REFERENCES jxlink.unit(unit_id),
    CONSTRAINT case_tipoff_to_unit_fkey FOREIGN KEY (to_unit) REFERENCES jxlink.unit(unit_id),
    CONSTRAINT case_tipoff_jurisdiction_fkey FOREIGN KEY (jurisdiction) REFERENCES jxlink.jurisdiction(code)
);
ALTER TABLE ONLY jxlink.case_tipoff FORCE ROW LEVEL SECURITY;
COMMENT ON TABLE jxlink.case_tipoff IS '违法行为正在进行时的及时告知（三（三））：发现单位先行制止、保全证据后告知综合执法队（何事、何地、是否已制止、证据是否已保全），在正式移送之前；属案件记录，只增不改，综合执法队即时收到通知。 Tip-offs of a violation in progress (三（三）): the unit that found it, having stopped it and preserved the evidence, tells the enforcement team at once (what, where, stopped or not, evidence preserved or not), before any formal transfer; part of the case''s record, append-only; the team is notified at once.';
COMMENT ON COLUMN jxlink.case_tipoff.tipoff_id IS '告知标识。 Tip-off identifier.';
COMMENT ON COLUMN jxlink.case_tipoff.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.case_tipoff.case_id IS '所涉案件。 The case.';
COMMENT ON COLUMN jxlink.case_tipoff.from_unit IS '告知单位（发现单位）。 The unit telling (the one that found the violation).';
COMMENT ON COLUMN jxlink.case_tipoff.to_unit IS '被告知的综合执法队。 The enforcement team told.';
COMMENT ON COLUMN jxlink.case_tipoff.what IS '告知内容：何种违法行为、现场情况（个人信息：BI、管理员不可读）。 What is happening (personal data: not read by BI or administrators).';
COMMENT ON COLUMN jxlink.case_tipoff.place IS '地点（个人信息，同 what）。 Where (personal data, as what).';
COMMENT ON COLUMN jxlink.case_tipoff.violation_stopped IS '告知时违法行为是否已制止。 Whether the violation had been stopped when told.';
COMMENT ON COLUMN jxlink.case_tipoff.evidence_preserved IS '告知时现场证据是否已保全。 Whether the evidence had been preserved when told.';
COMMENT ON COLUMN jxlink.case_tipoff.occurred_at IS '告知时间。 When the team was told.';
COMMENT ON COLUMN jxlink.case_tipoff.created_by IS '登记人（数据库角色）。 Role that recorded it.';
COMMENT ON COLUMN jxlink.case_tipoff.created_at IS '登记时间。 When it was recorded.';
CREATE INDEX case_tipoff_case ON jxlink.case_tipoff USING btree (case_id);
CREATE INDEX case_tipoff_to ON jxlink.case_tipoff USING btree (to_unit, occurred_at);
ALTER TABLE jxlink.case_tipoff ENABLE ROW LEVEL SECURITY;
CREATE TRIGGER case_tipoff_append_only BEFORE DELETE OR UPDATE ON jxlink.case_tipoff FOR EACH ROW EXECUTE FUNCTION jxlink.refuse_change();
ALTER TABLE jxlink.case_tipoff ENABLE ALWAYS TRIGGER case_tipoff_append_only;
CREATE TRIGGER case_tipoff_no_truncate BEFORE TRUNCATE ON jxlink.case_tipoff FOR EACH STATEMENT EXECUTE FUNCTION jxlink.refuse_change();
ALTER TABLE jxlink.case_tipoff ENABLE ALWAYS TRIGGER case_tipoff_no_truncate;
-- what and place are personal data: not for BI or administrators.
GRANT SELECT ON TABLE jxlink.case_tipoff TO jxlink_clerk, jxlink_supervisor;
GRANT SELECT (tipoff_id, jurisdiction, case_id, from_unit, to_unit, violation_stopped, evidence_preserved, occurred_at, created_by, created_at) ON TABLE jxlink.case_tipoff TO jxlink_admin, jxlink_bi;
SELECT pg_catalog.pg_extension_config_dump('jxlink.case_tipoff', '');

CREATE POLICY case_tipoff_read ON jxlink.case_tipoff FOR SELECT
USING (from_unit = ANY ((SELECT jxlink.my_units())::uuid[]) OR to_unit = ANY ((SELECT jxlink.my_units())::uuid[])
       OR jurisdiction = ANY ((SELECT jxlink.reads_jurisdictions())::text[]));
COMMENT ON POLICY case_tipoff_read ON jxlink.case_tipoff IS '告知单位与被告知的综合执法队读其告知；监督、BI、管理员读其可读辖区的全部。 The unit telling and the team told read the tip-off; supervisors, BI and administrators read every one of the jurisdictions they read.';

-- The case file's read policy (sql/30_referral.sql defines the table), here
-- because it consults the tip-offs: the team reads a case it was tipped off
-- about, before any transfer.
CREATE POLICY case_file_read ON jxlink.case_file FOR SELECT
USING (discovering_unit = ANY ((SELECT jxlink.my_units())::uuid[]) OR jurisdiction = ANY ((SELECT jxlink.reads_jurisdictions())::text[])
       OR EXISTS (SELECT 1 FROM jxlink.referral r WHERE r.case_id = case_file.case_id)
       OR EXISTS (SELECT 1 FROM jxlink.case_tipoff t WHERE t.case_id = case_file.case_id));
COMMENT ON POLICY case_file_read ON jxlink.case_file IS '发现单位读其案件；监督、BI、管理员读其可读辖区的全部；案件随其移送可读，被告知的综合执法队自告知起可读（三（三））。 The unit that found a case reads it; supervisors, BI and administrators every case of the jurisdictions they read; a case is read with its referrals, and by the team from the moment it was tipped off (三（三）).';

CREATE FUNCTION jxlink.tip_off(case_id uuid, what text, violation_stopped boolean, evidence_preserved boolean, place text DEFAULT NULL::text, occurred_at timestamp with time zone DEFAULT now()) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    me     jxlink.staff := jxlink.caller_staff();
    c      jxlink.case_file;
    team   uuid;
    result uuid;
BEGIN
    PERFORM jxlink.check_calendar_time(tip_off.occurred_at, 'occurred_at');
    SELECT * INTO c FROM jxlink.case_file x WHERE x.case_id = tip_off.case_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'case % does not exist', tip_off.case_id USING ERRCODE = 'no_data_found';
    ELSIF c.discovering_unit <> me.unit_id THEN
        RAISE EXCEPTION 'only the unit that found the case tips the team off' USING ERRCODE = 'insufficient_privilege';
    ELSIF tip_off.violation_stopped IS NULL OR tip_off.evidence_preserved IS NULL THEN
        RAISE EXCEPTION 'a tip-off says whether the violation was stopped and the evidence preserved'
            USING ERRCODE = 'null_value_not_allowed', DETAIL = '三（三）: stop the violation, preserve the evidence, tell the team.';
    END IF;
    SELECT u.unit_id INTO team FROM jxlink.unit u
    WHERE u.jurisdiction = c.jurisdiction AND u.kind = 'enforcement_team' AND u.active;
    IF team IS NULL THEN
        RAISE EXCEPTION 'jurisdiction "%" has no active enforcement team to tip off', c.jurisdiction
            USING ERRCODE = 'object_not_in_prerequisite_state';
    ELSIF team = me.unit_id THEN
        RAISE EXCEPTION 'the enforcement team does not tip itself off' USING ERRCODE = 'object_not_in_prerequisite_state',
            HINT = 'The team acts on what it finds itself (二（三）).';
    END IF;
    PERFORM jxlink.check_occurred_at(occurred_at, c.discovered_at, 'the discovery of the case');
    INSERT INTO jxlink.case_tipoff (jurisdiction, case_id, from_unit, to_unit, what, place, violation_stopped,
                                    evidence_preserved, occurred_at, created_by)
    VALUES (c.jurisdiction, c.case_id, me.unit_id, team, jxlink.require_text(what, 'what is happening'), place,
            tip_off.violation_stopped, tip_off.evidence_preserved, occurred_at, me.role_name)
    RETURNING tipoff_id INTO result;
    -- what the case records as done only grows: a later tip-off may say it is stopped now
    UPDATE jxlink.case_file x
    SET violation_stopped = x.violation_stopped OR tip_off.violation_stopped,
        evidence_preserved = x.evidence_preserved OR tip_off.evidence_preserved
    WHERE x.case_id = c.case_id
      AND (tip_off.violation_stopped > x.violation_stopped OR tip_off.evidence_preserved > x.evidence_preserved);
    RETURN result;
END
$$;
COMMENT ON FUNCTION jxlink.tip_off(case_id uuid, what text, violation_stopped boolean, evidence_preserved boolean, place text, occurred_at timestamp with time zone) IS '发现违法行为正在进行的，发现单位先行制止、保全证据后及时告知综合执法队（三（三））：记录何事、何地、是否已制止、证据是否已保全，在正式移送之前；综合执法队即时收到通知并可读该案件；案件的已制止、已保全标记随之更新（只增不减）。仅发现单位可告知（42501）；辖区无综合执法队或告知者即综合执法队为 55000。返回告知标识。 A unit that finds a violation in progress, having stopped it and preserved the evidence, tells the enforcement team at once (三（三））: what, where, stopped or not, evidence preserved or not, before any formal transfer; the team is notified at once and reads the case from then on; the case''s stopped and preserved flags are raised accordingly (never lowered). Only the unit that found the case tips off (42501); no team in the jurisdiction, or the team itself telling, is 55000. Returns the tip-off''s identifier.';
REVOKE ALL ON FUNCTION jxlink.tip_off(case_id uuid, what text, violation_stopped boolean, evidence_preserved boolean, place text, occurred_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.tip_off(case_id uuid, what text, violation_stopped boolean, evidence_preserved boolean, place text, occurred_at timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;

CREATE TABLE jxlink.referral_progress (
    note_id uuid DEFAULT jxlink.uuid_v7() NOT NULL,
    jurisdiction text NOT NULL,
    referral_id uuid NOT NULL,
    from_unit uuid NOT NULL,
    to_unit uuid NOT NULL,
    note text NOT NULL,
    occurred_at timestamp with time zone NOT NULL,
    created_by text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT referral_progress_pkey PRIMARY KEY (note_id),
    CONSTRAINT referral_progress_check CHECK (from_unit <> to_unit),
    CONSTRAINT referral_progress_note_check CHECK (note <> ''),
    CONSTRAINT referral_progress_referral_id_fkey FOREIGN KEY (referral_id) REFERENCES jxlink.referral(referral_id),
    CONSTRAINT referral_progress_from_unit_fkey FOREIGN KEY (from_unit) REFERENCES jxlink.unit(unit_id),
    CONSTRAINT referral_progress_to_unit_fkey FOREIGN KEY (to_unit) REFERENCES jxlink.unit(unit_id),
    CONSTRAINT referral_progress_jurisdiction_fkey FOREIGN KEY (jurisdiction) REFERENCES jxlink.jurisdiction(code)
);
ALTER TABLE ONLY jxlink.referral_progress FORCE ROW LEVEL SECURITY;
COMMENT ON TABLE jxlink.referral_progress IS '案件进展沟通（三（三）1）：移送单位与综合执法队的联系人就已移交案件的进展和处理情况互相通报；综合执法队的通报履行其定期通报义务（progress_update）。只增不改。 Progress notes (三（三）1): the sending unit''s and the team''s liaisons tell each other how a transferred case is going; the team''s notes meet its periodic progress update (progress_update). Append-only.';
COMMENT ON COLUMN jxlink.referral_progress.note_id IS '通报标识。 Note identifier.';
COMMENT ON COLUMN jxlink.referral_progress.jurisdiction IS '所属辖区。 Jurisdiction.';
COMMENT ON COLUMN jxlink.referral_progress.referral_id IS '所涉移送。 The referral.';
COMMENT ON COLUMN jxlink.referral_progress.from_unit IS '通报单位。 The unit writing.';
COMMENT ON COLUMN jxlink.referral_progress.to_unit IS '被通报单位（移送的另一方）。 The unit told (the referral''s other side).';
COMMENT ON COLUMN jxlink.referral_progress.note IS '进展和处理情况（个人信息：BI、管理员不可读）。 How the case is going (personal data: not read by BI or administrators).';
COMMENT ON COLUMN jxlink.referral_progress.occurred_at IS '通报时间。 When it was told.';
COMMENT ON COLUMN jxlink.referral_progress.created_by IS '登记人（数据库角色）。 Role that recorded it.';
COMMENT ON COLUMN jxlink.referral_progress.created_at IS '登记时间。 When it was recorded.';
CREATE INDEX referral_progress_referral ON jxlink.referral_progress USING btree (referral_id, occurred_at);
ALTER TABLE jxlink.referral_progress ENABLE ROW LEVEL SECURITY;
CREATE TRIGGER referral_progress_append_only BEFORE DELETE OR UPDATE ON jxlink.referral_progress FOR EACH ROW EXECUTE FUNCTION jxlink.refuse_change();
ALTER TABLE jxlink.referral_progress ENABLE ALWAYS TRIGGER referral_progress_append_only;
CREATE TRIGGER referral_progress_no_truncate BEFORE TRUNCATE ON jxlink.referral_progress FOR EACH STATEMENT EXECUTE FUNCTION jxlink.refuse_change();
ALTER TABLE jxlink.referral_progress ENABLE ALWAYS TRIGGER referral_progress_no_truncate;
-- note is personal data (it may name the party): not for BI or administrators.
GRANT SELECT ON TABLE jxlink.referral_progress TO jxlink_clerk, jxlink_supervisor;
GRANT SELECT (note_id, jurisdiction, referral_id, from_unit, to_unit, occurred_at, created_by, created_at) ON TABLE jxlink.referral_progress TO jxlink_admin, jxlink_bi;
SELECT pg_catalog.pg_extension_config_dump('jxlink.referral_progress', '');

CREATE POLICY referral_progress_read ON jxlink.referral_progress FOR SELECT
USING (EXISTS (SELECT 1 FROM jxlink.referral r WHERE r.referral_id = referral_progress.referral_id));
COMMENT ON POLICY referral_progress_read ON jxlink.referral_progress IS '能读到移送者可读其进展通报。 Whoever reads a referral reads its progress notes.';

CREATE FUNCTION jxlink.note_progress(referral uuid, note text, occurred_at timestamp with time zone DEFAULT now()) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    me       jxlink.staff := jxlink.caller_staff();
    r        jxlink.referral;
    previous timestamp with time zone;
    result   uuid;
BEGIN
    PERFORM jxlink.check_calendar_time(note_progress.occurred_at, 'occurred_at');
    SELECT * INTO r FROM jxlink.referral x WHERE x.referral_id = note_progress.referral FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'referral % does not exist', note_progress.referral USING ERRCODE = 'no_data_found';
    ELSIF me.unit_id NOT IN (r.from_unit, r.to_unit) THEN
        RAISE EXCEPTION 'only the sending unit and the team note the progress of this referral' USING ERRCODE = 'insufficient_privilege';
    ELSIF NOT r.state OPERATOR(jxlink.=) ANY ('{transferred,accepted,filed,decided}'::jxlink.referral_state[]) THEN
        RAISE EXCEPTION 'progress is not noted on a referral in state "%"', r.state
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = '三（三）1: the liaisons keep each other informed of a case the team holds (transferred, accepted, filed or decided).';
    END IF;
    SELECT greatest(r.last_event_at, max(p.occurred_at)) INTO previous
    FROM jxlink.referral_progress p WHERE p.referral_id = r.referral_id;
    PERFORM jxlink.check_occurred_at(occurred_at, coalesce(previous, r.last_event_at), 'the previous event or note of this referral');
    INSERT INTO jxlink.referral_progress (jurisdiction, referral_id, from_unit, to_unit, note, occurred_at, created_by)
    VALUES (r.jurisdiction, r.referral_id, me.unit_id,
            CASE WHEN me.unit_id = r.from_unit THEN r.to_unit ELSE r.from_unit END,
            jxlink.require_text(note, 'the note'), occurred_at, me.role_name)
    RETURNING note_id INTO result;
    -- the team's note is its progress update: met now, the next one owed from now
    IF me.unit_id = r.to_unit
       AND jxlink.obligation_close(r.referral_id, '{progress_update}', occurred_at, me.role_name, 'met', note) > 0
       AND r.state OPERATOR(jxlink.=) ANY ('{accepted,filed}'::jxlink.referral_state[]) THEN
        PERFORM jxlink.obligation_open('progress_update', 'progress_update', 'referral', r.referral_id,
                                       r.to_unit, r.from_unit, occurred_at);
    END IF;
    RETURN result;
END
$$;
COMMENT ON FUNCTION jxlink.note_progress(referral uuid, note text, occurred_at timestamp with time zone) IS '移送单位或综合执法队就已移交案件通报进展和处理情况（三（三）1），通知另一方；综合执法队的通报履行其到期前的定期通报义务（progress_update），并自通报时起开立下一期（案件仍在受理或立案状态时）。仅移送双方可通报（42501）；移交前或已结束的移送为 55000。返回通报标识。 The sending unit or the team notes how a transferred case is going (三（三）1); the other side is notified. The team''s note meets its periodic progress update (progress_update) and, while the case is accepted or filed, opens the next one from the note. Only the referral''s two sides note (42501); a referral not transferred yet, or finished, is 55000. Returns the note''s identifier.';
REVOKE ALL ON FUNCTION jxlink.note_progress(referral uuid, note text, occurred_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION jxlink.note_progress(referral uuid, note text, occurred_at timestamp with time zone) TO jxlink_clerk, jxlink_supervisor, jxlink_admin;
