/*
 * jxlink 0.7.0 -> 0.8.0
 */

-- complain if script is sourced in psql, rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION jxlink UPDATE TO '0.8.0'" to load this file. \quit

------------------------------------------------------------------------------
-- One event path (create and the decision's share through the C path)
--
-- create_referral() is a C function over the path every other referral event
-- takes (src/referral_apply.c: staff row, the case locked, the checks, the
-- referral and its first history row hashed in one statement, then
-- referral_ledger()), with the same signature, privileges, comment, checks,
-- messages and SQLSTATEs.  referral_ledger() opens the transfer obligation of
-- "create" and makes the share of "decide" (三（一）3), which the trigger
-- referral_decision_shared made until now.  The event-time and required-text
-- checks are written once, in C (src/event_check.c): the C path calls them
-- directly, the PL/pgSQL API functions as before by name.
------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION jxlink.check_occurred_at(occurred_at timestamptz, previous timestamptz, what text) RETURNS void
AS 'MODULE_PATHNAME', 'jxlink_check_occurred_at'
LANGUAGE C PARALLEL SAFE;

CREATE OR REPLACE FUNCTION jxlink.require_text(value text, what text) RETURNS text
AS 'MODULE_PATHNAME', 'jxlink_require_text'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE OR REPLACE FUNCTION jxlink.referral_ledger(referral_id uuid, case_id uuid, from_unit uuid, to_unit uuid,
                                                  event text, occurred_at timestamptz, note text, actor_role text,
                                                  first_transfer boolean) RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    transfer_ob uuid;
    team        jxlink.staff;
BEGIN
    CASE event
    WHEN 'create' THEN
        -- the transfer, from the discovery of the case: 3 working days, 24 hours if urgent (三（三）2)
        PERFORM jxlink.obligation_open('transfer', CASE WHEN x.urgent THEN 'transfer_urgent' ELSE 'transfer' END,
                                       'referral', x.referral_id, x.from_unit, x.to_unit, c.discovered_at)
        FROM jxlink.referral x JOIN jxlink.case_file c ON c.case_id = x.case_id
        WHERE x.referral_id = referral_ledger.referral_id;
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
        -- the team's decision reaches the referring unit as a share (三（一）3), recorded by the team's clerk
        SELECT s.* INTO STRICT team FROM jxlink.staff s
        WHERE s.role_name = actor_role AND s.unit_id = referral_ledger.to_unit;
        PERFORM jxlink.share_insert(team, 'penalty_decisions',
                                    '行政处罚决定 ' || x.decision_no::text || ' (' || x.decision_outcome || ')',
                                    x.decision_no::text, jxlink.local_date(occurred_at), ARRAY[x.from_unit],
                                    occurred_at, x.referral_id)
        FROM jxlink.referral x WHERE x.referral_id = referral_ledger.referral_id;
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
'（内部）移送事件履行、开立或免除的义务及其共享：创建时自发现起开立移交义务（三（三）2）、移交后开立书面告知义务（三（三）2④）、受理后开立立案义务、决定后开立抄告义务（二（一））并将决定共享给移送单位（三（一）3）、无证经营首次移交开立许可跟进义务（二（二））等。由 C 事件路径在写入移送行及其历史行之后调用。 (Internal) The obligations a referral event meets, opens or waives, and its share: the transfer from the discovery when the referral is created (三（三）2), the written notice after a transfer (三（三）2④), filing after acceptance, the copy-back after a decision (二（一）) and the decision shared with the referring unit (三（一）3), the licence follow-up after the first transfer of an unlicensed case (二（二）), and so on. Called by the C event path after the referral row and its history row were written.';

CREATE OR REPLACE FUNCTION jxlink.create_referral(case_id uuid, urgent boolean DEFAULT false,
                                                  occurred_at timestamptz DEFAULT pg_catalog.now()) RETURNS uuid
AS 'MODULE_PATHNAME', 'jxlink_create_referral'
LANGUAGE C SECURITY DEFINER SET search_path = pg_catalog, pg_temp;

-- The decision's share is made by referral_ledger() now.
DROP TRIGGER referral_decision_shared ON jxlink.referral;
DROP FUNCTION jxlink.referral_decision_shared();
