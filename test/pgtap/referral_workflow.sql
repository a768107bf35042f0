-- pgTAP: the referral workflow's objects, privileges and a walk through it
-- as clerk roles (two sections, a section leader, the team).
\set ON_ERROR_STOP 1
\pset format unaligned
\pset tuples_only on
\pset pager off
SET client_min_messages = warning;
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION jxlink;

SELECT plan(86);

-- Objects.
SELECT tables_are('jxlink', ARRAY['calendar_day', 'calendar_year', 'calendar_closure', 'jurisdiction', 'unit', 'liaison', 'staff',
    'deadline_rule', 'obligation', 'obligation_move', 'case_file', 'referral', 'referral_material', 'referral_history', 'referral_history_anchor', 'docno_counter',
    'setting', 'complaint', 'complaint_contact', 'joint_meeting_member', 'joint_meeting', 'joint_meeting_attendee',
    'agenda_item', 'resolution', 'resolution_owner', 'resolution_report', 'share', 'share_recipient', 'share_request',
    'assistance_request', 'patrol', 'patrol_participant', 'patrol_finding', 'accountability_finding',
    'accountability_finding_obligation', 'staff_change', 'contact_read', 'reader_scope', 'setting_local', 'deadline_rule_local',
    'quarter_sealed', 'quarter_tally', 'notification', 'case_tipoff', 'referral_progress', 'bulletin_issue']);
SELECT has_pk('jxlink', t, 'table ' || t || ' has a primary key')
FROM unnest(ARRAY['jurisdiction', 'unit', 'liaison', 'staff', 'deadline_rule', 'obligation', 'case_file',
                  'referral', 'referral_material', 'referral_history']) AS t;
SELECT col_type_is('jxlink', t, c, 'uuid', t || '.' || c || ' is a uuid')
FROM (VALUES ('unit', 'unit_id'), ('obligation', 'obligation_id'), ('case_file', 'case_id'),
             ('referral', 'referral_id'), ('referral_history', 'history_id')) AS x(t, c);
SELECT col_not_null('jxlink', t, 'jurisdiction', t || ' carries the jurisdiction')
FROM unnest(ARRAY['unit', 'liaison', 'staff', 'obligation', 'case_file', 'referral', 'referral_material',
                  'referral_history']) AS t;
SELECT has_index('jxlink', 'obligation', 'obligation_open_due', 'open obligations are indexed by due time');
SELECT trigger_is('jxlink', 'referral', 'referral_state_guard', 'jxlink', 'referral_state_guard');
SELECT trigger_is('jxlink', 'referral_history', 'referral_history_append_only', 'jxlink', 'refuse_change');

-- The API: SECURITY DEFINER, executable by PUBLIC; internal functions are not.
SELECT is_definer('jxlink', f, f || ' is SECURITY DEFINER')
FROM unnest(ARRAY['open_case', 'create_referral', 'add_material', 'submit_referral', 'approve_referral',
                  'send_back_referral', 'notify_extension', 'transfer_referral', 'accept_referral',
                  'decline_referral', 'return_referral', 'file_referral', 'decide_referral',
                  'copy_back_referral', 'withdraw_referral', 'report_licence_followup', 'tip_off', 'note_progress']) AS f;
SELECT ok(has_function_privilege('public', p.oid, 'EXECUTE') = false, p.proname || ' is not executable by PUBLIC')
FROM pg_proc p
WHERE p.pronamespace = 'jxlink'::regnamespace
  AND p.proname IN ('referral_ledger', 'obligation_open', 'obligation_close', 'obligation_reschedule', 'caller_staff');
SELECT function_returns('jxlink', 'create_referral', ARRAY['uuid', 'boolean', 'timestamp with time zone'], 'uuid');
SELECT function_returns('jxlink', 'explain_obligation', ARRAY['uuid'], 'text');
SELECT volatility_is('jxlink', 'referral_next_state', ARRAY['jxlink.referral_state', 'text'], 'immutable');

-- The state machine is total: every (state, event) either moves or is refused with 55000.
SELECT is((SELECT count(*)::int FROM jxlink.referral_transitions()), 19, '19 transitions');
SELECT is(jxlink.referral_next_state(NULL, 'create')::text, 'draft', 'create gives a draft');
SELECT is(jxlink.referral_next_state('returned', 'submit')::text, 'awaiting_approval', 'a returned referral goes back to the leader''s approval (三（三）3)');
SELECT throws_ok($$SELECT jxlink.referral_next_state('closed', 'accept')$$, '55000', NULL, 'a closed referral takes no event');
SELECT throws_ok($$SELECT jxlink.referral_next_state('lost', 'accept')$$, '22P02', NULL, 'unknown state (no jxlink.referral_state)');
SELECT throws_ok($$SELECT jxlink.referral_next_state('draft', 'burn')$$, '22023', NULL, 'unknown event');
SELECT throws_ok($$SELECT jxlink.referral_next_state('draft', NULL)$$, '22004', NULL, 'null event');

-- The organisation and the roles: the street of test/fixture/street.sql
-- (SEC-ECON's clerk and leader, AGY-MKT's clerk, the team's clerk).
\ir ../fixture/street.sql
SELECT throws_ok($$INSERT INTO jxlink.unit (code, kind, name_zh) VALUES ('TEAM2', 'enforcement_team', '第二执法队')$$,
                 '23505', NULL, 'one enforcement team per jurisdiction');

-- The walk, as clerks.
CREATE TEMP TABLE ids (name text PRIMARY KEY, id uuid);
GRANT ALL ON ids TO PUBLIC;
SET ROLE regress_econ_clerk;
INSERT INTO ids SELECT 'case', jxlink.open_case('licensed', 'inspection', '超范围经营', '2024-09-27 10:00+08');
INSERT INTO ids SELECT 'r', jxlink.create_referral((SELECT id FROM ids WHERE name = 'case'), false, '2024-09-27 10:30+08');
SELECT is((SELECT due_at FROM jxlink.obligation WHERE subject_id = (SELECT id FROM ids WHERE name = 'r')),
          '2024-10-09 00:00+08'::timestamptz, 'transfer due 2024-10-09 00:00 +08');
SELECT throws_ok($$SELECT jxlink.notify_extension((SELECT id FROM ids WHERE name = 'r'), '调查核实', '2024-09-30 10:00+08')$$,
                 '55000', NULL,
                 'an extension notice recorded after the deadline is refused (三（三）2②)');
SELECT is((SELECT due_at FROM jxlink.obligation WHERE subject_id = (SELECT id FROM ids WHERE name = 'r')),
          '2024-10-09 00:00+08'::timestamptz, 'transfer still due 2024-10-09 00:00 +08');
SELECT lives_ok($$SELECT jxlink.add_material(id, k, k) FROM ids, unnest(ARRAY['transfer_letter', 'case_source', 'preliminary_evidence']) k WHERE name = 'r'$$, 'materials added');
SELECT is(jxlink.submit_referral((SELECT id FROM ids WHERE name = 'r'), '2024-10-08 09:00+08'), 'awaiting_approval', 'submitted');
SELECT throws_ok($$SELECT jxlink.approve_referral((SELECT id FROM ids WHERE name = 'r'), '2024-10-08 09:10+08')$$,
                 '42501', 'only a leader in charge of the sending unit may approve this referral', 'a clerk cannot approve');
RESET ROLE; SET ROLE regress_mkt_clerk;
SELECT throws_ok($$SELECT jxlink.withdraw_referral((SELECT id FROM ids WHERE name = 'r'), 'x', '2024-10-08 09:10+08')$$,
                 '42501', NULL, 'another unit cannot act on it');
SELECT throws_ok($$SELECT jxlink.create_referral((SELECT id FROM ids WHERE name = 'case'))$$,
                 '42501', NULL, 'another unit cannot refer the case');
RESET ROLE; SET ROLE regress_econ_lead;
SELECT is(jxlink.approve_referral((SELECT id FROM ids WHERE name = 'r'), '2024-10-08 09:10+08'), 'approved', 'the leader approves');
RESET ROLE; SET ROLE regress_team_clerk;
SELECT throws_ok($$SELECT jxlink.accept_referral((SELECT id FROM ids WHERE name = 'r'), 'n', '2024-10-08 09:20+08')$$,
                 '42501', 'your unit is not party to this referral', 'the team cannot act on it before the transfer');
RESET ROLE; SET ROLE regress_econ_clerk;
SELECT is(jxlink.transfer_referral((SELECT id FROM ids WHERE name = 'r'), '移〔2024〕1号', '2024-10-08 09:30+08'), 'transferred', 'transferred');
SELECT is((SELECT met_late FROM jxlink.obligation WHERE subject_id = (SELECT id FROM ids WHERE name = 'r') AND kind = 'transfer'),
          false, 'the transfer was on time');
SELECT is((SELECT (claimed_start_at, started_at) FROM jxlink.obligation WHERE subject_id = (SELECT id FROM ids WHERE name = 'r') AND kind = 'acknowledge'),
          ('2024-10-08 09:30+08'::timestamptz, now()), 'the team owes the written acceptance from the recording of the transfer, not from the time claimed');
SELECT throws_ok($$SELECT jxlink.accept_referral((SELECT id FROM ids WHERE name = 'r'), 'n', '2024-10-09 09:00+08')$$,
                 '42501', NULL, 'the sender cannot accept');
RESET ROLE; SET ROLE regress_team_clerk;
SELECT throws_ok($$SELECT jxlink.accept_referral((SELECT id FROM ids WHERE name = 'r'), 'n', '2024-10-08 09:00+08')$$,
                 '22023', NULL, 'no event before the previous one');
SELECT is(jxlink.accept_referral((SELECT id FROM ids WHERE name = 'r'), '受理告知书', '2024-10-16 09:00+08'), 'accepted', 'accepted');
SELECT is((SELECT met_late FROM jxlink.obligation WHERE subject_id = (SELECT id FROM ids WHERE name = 'r') AND kind = 'acknowledge'),
          true, 'its own record of accepting on 2024-10-16 confirms the start claimed: the written acceptance came late');
SELECT is(jxlink.file_referral((SELECT id FROM ids WHERE name = 'r'), '立〔2024〕1号', '2024-10-17 09:00+08'), 'filed', 'filed');
SELECT is(jxlink.decide_referral((SELECT id FROM ids WHERE name = 'r'), '罚〔2024〕1号', 'penalty', '2024-11-01 09:00+08'), 'decided', 'decided');
SELECT is(jxlink.copy_back_referral((SELECT id FROM ids WHERE name = 'r'), '抄告', '2024-11-04 09:00+08'), 'closed', 'closed');
SELECT throws_ok($$SELECT jxlink.copy_back_referral((SELECT id FROM ids WHERE name = 'r'), '抄告', '2024-11-05 09:00+08')$$,
                 '55000', NULL, 'a closed referral takes no event');
RESET ROLE;

SELECT results_eq(
    $$SELECT event FROM jxlink.referral_history WHERE referral_id = (SELECT id FROM ids WHERE name = 'r') ORDER BY seq$$,
    ARRAY['create', 'submit', 'approve', 'transfer', 'accept', 'file', 'decide', 'copy_back'],
    'one history row per transition, in order');
SELECT results_eq(
    $$SELECT kind || ':' || status FROM jxlink.obligation WHERE subject_id = (SELECT id FROM ids WHERE name = 'r') ORDER BY started_at, kind$$,
    ARRAY['transfer:met', 'acknowledge:met', 'file_case:met', 'progress_update:met', 'copy_back:met'],
    'every obligation of the closed referral is met');
SELECT is((SELECT count(DISTINCT actor_role)::int FROM jxlink.referral_history WHERE referral_id = (SELECT id FROM ids WHERE name = 'r')),
          3, 'history names the clerk, the leader and the team');
SELECT matches(jxlink.explain_obligation((SELECT obligation_id FROM jxlink.obligation
                                          WHERE subject_id = (SELECT id FROM ids WHERE name = 'r') AND kind = 'transfer')),
               'days skipped \(8\): 2024-09-28 Sat \(weekend\), 2024-10-01 Tue \(国庆节 National Day\)',
               'explain_obligation names the skipped days');

SELECT * FROM finish();
ROLLBACK;
