-- jxlink 0.6.0 -> 0.7.0: the referral transition path in C.
--
-- Every referral event used to go through the PL/pgSQL function
-- referral_apply(), called by SQL wrappers.  The API functions are now C
-- (src/referral_apply.c), SECURITY DEFINER as before, with the same
-- signatures, checks, messages and SQLSTATEs: staff row, row lock, the C state
-- machine, actor, event time, the event's argument and preconditions, then
-- the move and its history row in one statement.  The obligations an event
-- meets or opens stay in SQL, in jxlink.referral_ledger().  The history hash
-- (history_digest, history_chain) is C too (src/history_chain.c) and gives
-- the same hashes as the SQL definition of 0.6.0.

\echo Use "ALTER EXTENSION jxlink UPDATE TO '0.7.0'" to load this file. \quit

------------------------------------------------------------------------------
-- The tamper-evident history, in C
------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION jxlink.history_digest(h jxlink.referral_history, prev bytea) RETURNS bytea
AS 'MODULE_PATHNAME', 'jxlink_history_digest'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION jxlink.history_digest(jxlink.referral_history, bytea) IS
'历史行的散列：SHA-256(前一散列 ‖ 全部列的规范文本，以 U+001F 分隔，时间为 UTC)；与 0.6.0 的 SQL 定义结果相同。 The hash of a history row: SHA-256 of the previous hash and the canonical text of every column (separated by U+001F, times in UTC); the same result as the SQL definition of 0.6.0.';

CREATE OR REPLACE FUNCTION jxlink.history_chain() RETURNS trigger
AS 'MODULE_PATHNAME', 'jxlink_history_chain'
LANGUAGE C;
COMMENT ON FUNCTION jxlink.history_chain() IS
'触发器：新历史行与同一移送的前一行以散列相链（恢复的行保留其散列）。 Trigger: a new history row is chained to the previous row of its referral by hash (restored rows keep theirs).';

------------------------------------------------------------------------------
-- A history row belongs to its referral in its referral's jurisdiction: one
-- composite foreign key instead of two (one check per transition, not two)
------------------------------------------------------------------------------

ALTER TABLE jxlink.referral ADD CONSTRAINT referral_id_jurisdiction_key UNIQUE (referral_id, jurisdiction);
COMMENT ON CONSTRAINT referral_id_jurisdiction_key ON jxlink.referral IS
'移送及其辖区（供历史行的复合外键引用）。 A referral with its jurisdiction (referenced by the history rows'' composite foreign key).';
ALTER TABLE jxlink.referral_history
    DROP CONSTRAINT referral_history_referral_id_fkey,
    DROP CONSTRAINT referral_history_jurisdiction_fkey,
    ADD CONSTRAINT referral_history_referral_fkey FOREIGN KEY (referral_id, jurisdiction)
        REFERENCES jxlink.referral (referral_id, jurisdiction);
COMMENT ON CONSTRAINT referral_history_referral_fkey ON jxlink.referral_history IS
'历史行属于其移送，且辖区与移送一致（经移送间接引用辖区表）。 A history row belongs to its referral, in the referral''s jurisdiction (and so, through the referral, to a registered jurisdiction).';

------------------------------------------------------------------------------
-- The obligations of a referral event (called by the C transition path)
------------------------------------------------------------------------------

CREATE FUNCTION jxlink.referral_ledger(referral_id uuid, case_id uuid, from_unit uuid, to_unit uuid,
                                       event text, occurred_at timestamptz, note text, actor_role text,
                                       first_transfer boolean) RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    transfer_ob uuid;
BEGIN
    CASE event
    WHEN 'notify_extension' THEN
        SELECT o.obligation_id INTO transfer_ob FROM jxlink.obligation o
        WHERE o.subject_id = referral_ledger.referral_id AND o.kind = 'transfer' AND o.status = 'open';
        PERFORM jxlink.obligation_reschedule(transfer_ob, 'transfer_extended');
    WHEN 'transfer' THEN
        PERFORM jxlink.obligation_close(referral_ledger.referral_id, '{transfer}', occurred_at, actor_role, 'met');
        PERFORM jxlink.obligation_open('acknowledge', 'acknowledge', 'referral', referral_ledger.referral_id,
                                       to_unit, from_unit, occurred_at);
        IF first_transfer AND EXISTS (SELECT 1 FROM jxlink.case_file c
                                      WHERE c.case_id = referral_ledger.case_id AND c.category = 'unlicensed') THEN
            PERFORM jxlink.obligation_open('licence_followup', 'licence_followup', 'referral', referral_ledger.referral_id,
                                           from_unit, to_unit, occurred_at);
        END IF;
    WHEN 'accept' THEN
        PERFORM jxlink.obligation_close(referral_ledger.referral_id, '{acknowledge}', occurred_at, actor_role, 'met', note);
        PERFORM jxlink.obligation_open('file_case', 'file_case', 'referral', referral_ledger.referral_id,
                                       to_unit, from_unit, occurred_at);
    WHEN 'decline', 'return' THEN
        PERFORM jxlink.obligation_close(referral_ledger.referral_id, '{acknowledge}', occurred_at, actor_role, 'met', note);
    WHEN 'file' THEN
        PERFORM jxlink.obligation_close(referral_ledger.referral_id, '{file_case}', occurred_at, actor_role, 'met');
    WHEN 'decide' THEN
        PERFORM jxlink.obligation_open('copy_back', 'copy_back', 'referral', referral_ledger.referral_id,
                                       to_unit, from_unit, occurred_at);
    WHEN 'copy_back' THEN
        PERFORM jxlink.obligation_close(referral_ledger.referral_id, '{copy_back}', occurred_at, actor_role, 'met', note);
    WHEN 'withdraw' THEN
        PERFORM jxlink.obligation_close(referral_ledger.referral_id, '{transfer,licence_followup}', occurred_at,
                                        actor_role, 'waived', note);
    ELSE
        NULL;  -- submit, approve, send_back: no obligation moves
    END CASE;
END
$$;
COMMENT ON FUNCTION jxlink.referral_ledger(uuid, uuid, uuid, uuid, text, timestamptz, text, text, boolean) IS
'（内部）移送事件履行、开立或免除的义务：移交后开立书面告知义务（三（三）2④）、受理后开立立案义务、决定后开立抄告义务（二（一））、无证经营首次移交开立许可跟进义务（二（二））等。由 C 转换路径在移送行更新之后调用。 (Internal) The obligations a referral event meets, opens or waives: the written notice after a transfer (三（三）2④), filing after acceptance, the copy-back after a decision (二（一）), the licence follow-up after the first transfer of an unlicensed case (二（二））, and so on. Called by the C transition path after the referral row moved.';
REVOKE ALL ON FUNCTION jxlink.referral_ledger(uuid, uuid, uuid, uuid, text, timestamptz, text, text, boolean) FROM PUBLIC;

------------------------------------------------------------------------------
-- The ledger's functions in PL/pgSQL: a SQL function with a SET clause is
-- parsed and planned at every call, a PL/pgSQL one keeps its plans for the
-- session (same statements, same results)
------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION jxlink.obligation_open(kind text, rule_code text, subject_type text, subject_id uuid,
    owner_unit uuid, counterpart_unit uuid, started_at timestamptz) RETURNS uuid
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    opened uuid;
BEGIN
    INSERT INTO jxlink.obligation (jurisdiction, kind, subject_type, subject_id, owner_unit, counterpart_unit,
                                   rule_code, clause, period_unit, period_amount, started_at, due_at, due_date,
                                   provisional, calendar_version)
    SELECT u.jurisdiction, obligation_open.kind, obligation_open.subject_type, obligation_open.subject_id,
           obligation_open.owner_unit, obligation_open.counterpart_unit, r.rule_code, r.clause, r.period_unit, r.amount,
           obligation_open.started_at, d.due_at, d.due_date, d.provisional, d.calendar_version
    FROM jxlink.deadline_rule r
    JOIN jxlink.unit u ON u.unit_id = obligation_open.owner_unit
    CROSS JOIN jxlink.obligation_due_by(r.period_unit, r.amount, obligation_open.started_at) d
    WHERE r.rule_code = obligation_open.rule_code
    RETURNING obligation_id INTO opened;
    RETURN opened;
END
$$;

CREATE OR REPLACE FUNCTION jxlink.obligation_reschedule(obligation_id uuid, rule_code text) RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    UPDATE jxlink.obligation o
    SET (rule_code, clause, period_unit, period_amount, due_at, due_date, provisional, calendar_version) =
        (SELECT r.rule_code, r.clause, r.period_unit, r.amount, d.due_at, d.due_date, d.provisional, d.calendar_version
         FROM jxlink.deadline_rule r, jxlink.obligation_due_by(r.period_unit, r.amount, o.started_at) d
         WHERE r.rule_code = obligation_reschedule.rule_code)
    WHERE o.obligation_id = obligation_reschedule.obligation_id
      AND o.status = 'open';
END
$$;

CREATE OR REPLACE FUNCTION jxlink.obligation_set_due(obligation_id uuid, due_at timestamptz) RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    UPDATE jxlink.obligation o
    SET due_at = obligation_set_due.due_at,
        due_date = jxlink.local_date(obligation_set_due.due_at - interval '1 microsecond'),
        provisional = false, calendar_version = NULL, period_unit = 'fixed'
    WHERE o.obligation_id = obligation_set_due.obligation_id AND o.status = 'open';
END
$$;

CREATE OR REPLACE FUNCTION jxlink.obligation_refresh_subject(subject_id uuid) RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    UPDATE jxlink.obligation o
    SET subject_ref = s.reference, subject_title = s.title
    FROM jxlink.subject s
    WHERE s.subject_id = obligation_refresh_subject.subject_id
      AND o.subject_id = s.subject_id AND o.subject_type = s.subject_type
      AND (o.subject_ref, o.subject_title) IS DISTINCT FROM (s.reference, s.title);
END
$$;

------------------------------------------------------------------------------
-- The referral API, in C (same signatures, privileges and comments)
------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION jxlink.submit_referral(referral uuid, occurred_at timestamptz DEFAULT pg_catalog.now()) RETURNS text
AS 'MODULE_PATHNAME', 'jxlink_submit_referral'
LANGUAGE C SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
CREATE OR REPLACE FUNCTION jxlink.approve_referral(referral uuid, occurred_at timestamptz DEFAULT pg_catalog.now()) RETURNS text
AS 'MODULE_PATHNAME', 'jxlink_approve_referral'
LANGUAGE C SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
CREATE OR REPLACE FUNCTION jxlink.send_back_referral(referral uuid, reason text, occurred_at timestamptz DEFAULT pg_catalog.now()) RETURNS text
AS 'MODULE_PATHNAME', 'jxlink_send_back_referral'
LANGUAGE C SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
CREATE OR REPLACE FUNCTION jxlink.notify_extension(referral uuid, reason text, occurred_at timestamptz DEFAULT pg_catalog.now()) RETURNS text
AS 'MODULE_PATHNAME', 'jxlink_notify_extension'
LANGUAGE C SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
CREATE OR REPLACE FUNCTION jxlink.transfer_referral(referral uuid, letter_no text, occurred_at timestamptz DEFAULT pg_catalog.now()) RETURNS text
AS 'MODULE_PATHNAME', 'jxlink_transfer_referral'
LANGUAGE C SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
CREATE OR REPLACE FUNCTION jxlink.accept_referral(referral uuid, notice text, occurred_at timestamptz DEFAULT pg_catalog.now()) RETURNS text
AS 'MODULE_PATHNAME', 'jxlink_accept_referral'
LANGUAGE C SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
CREATE OR REPLACE FUNCTION jxlink.decline_referral(referral uuid, reason text, occurred_at timestamptz DEFAULT pg_catalog.now()) RETURNS text
AS 'MODULE_PATHNAME', 'jxlink_decline_referral'
LANGUAGE C SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
CREATE OR REPLACE FUNCTION jxlink.return_referral(referral uuid, reason text, occurred_at timestamptz DEFAULT pg_catalog.now()) RETURNS text
AS 'MODULE_PATHNAME', 'jxlink_return_referral'
LANGUAGE C SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
CREATE OR REPLACE FUNCTION jxlink.file_referral(referral uuid, case_no text, occurred_at timestamptz DEFAULT pg_catalog.now()) RETURNS text
AS 'MODULE_PATHNAME', 'jxlink_file_referral'
LANGUAGE C SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
CREATE OR REPLACE FUNCTION jxlink.decide_referral(referral uuid, decision_no text, outcome text, occurred_at timestamptz DEFAULT pg_catalog.now()) RETURNS text
AS 'MODULE_PATHNAME', 'jxlink_decide_referral'
LANGUAGE C SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
CREATE OR REPLACE FUNCTION jxlink.copy_back_referral(referral uuid, note text, occurred_at timestamptz DEFAULT pg_catalog.now()) RETURNS text
AS 'MODULE_PATHNAME', 'jxlink_copy_back_referral'
LANGUAGE C SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
CREATE OR REPLACE FUNCTION jxlink.withdraw_referral(referral uuid, reason text, occurred_at timestamptz DEFAULT pg_catalog.now()) RETURNS text
AS 'MODULE_PATHNAME', 'jxlink_withdraw_referral'
LANGUAGE C SECURITY DEFINER SET search_path = pg_catalog, pg_temp;

-- The PL/pgSQL path is gone: nothing calls it any more.
DROP FUNCTION jxlink.referral_apply(uuid, text, timestamptz, text, jsonb);
