-- pgTAP: roles, the privilege matrix, row-level security for two sections,
-- the team, a supervisor and BI, complainant confidentiality (administrators,
-- BI and the team on complainants' contacts; the contact-read log and the
-- staff record: who reads them, append-only even to the owner), the
-- tamper-evident history, and names in public that cannot capture jxlink.
\set ON_ERROR_STOP 1
\pset format unaligned
\pset tuples_only on
\pset pager off
SET client_min_messages = warning;
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION jxlink;
SET TimeZone = 'Asia/Shanghai';

SELECT plan(83);

------------------------------------------------------------------------------
-- Roles
------------------------------------------------------------------------------
SELECT has_role(r) FROM unnest(ARRAY['jxlink_admin', 'jxlink_clerk', 'jxlink_supervisor', 'jxlink_bi']) AS r;

------------------------------------------------------------------------------
-- The privilege matrix: every role against every table, view and function
------------------------------------------------------------------------------
CREATE TEMP TABLE object_class (name text PRIMARY KEY, class text);
INSERT INTO object_class
SELECT t, 'config' FROM unnest(ARRAY['calendar_day', 'calendar_year', 'calendar_closure', 'deadline_rule', 'setting', 'jurisdiction', 'unit',
                                     'liaison', 'staff', 'joint_meeting_member', 'docno_counter', 'reader_scope',
                                     'setting_local', 'deadline_rule_local']) t
UNION ALL SELECT 'complaint_contact', 'personal'
-- the notification outbox: staff read their units' (by policy), senders claim through the functions
UNION ALL SELECT 'notification', 'outbox'
-- tables with personal columns: BI and administrators hold only the others (test/pgtap/personal_data.sql)
UNION ALL SELECT t, 'personal_columns' FROM unnest(ARRAY['case_file', 'referral_material', 'case_tipoff', 'referral_progress']) t
UNION ALL SELECT 'staff_change', 'staff record'
UNION ALL SELECT 'contact_read', 'read log'
UNION ALL SELECT c.relname, CASE c.relkind WHEN 'v' THEN 'view' ELSE 'domain' END
FROM pg_class c WHERE c.relnamespace = 'jxlink'::regnamespace AND c.relkind IN ('r', 'v')
  AND c.relname NOT IN ('calendar_day', 'calendar_year', 'calendar_closure', 'deadline_rule', 'setting', 'jurisdiction', 'unit', 'liaison',
                        'staff', 'joint_meeting_member', 'docno_counter', 'reader_scope', 'complaint_contact', 'case_file', 'referral_material',
                        'case_tipoff', 'referral_progress', 'staff_change', 'contact_read', 'setting_local', 'deadline_rule_local', 'notification');
-- expected privileges per class and role (S select, I insert, U update, D delete)
CREATE TEMP TABLE expected_rel (class text, role text, privs text);
INSERT INTO expected_rel VALUES
    ('config', 'public', 'S'), ('config', 'jxlink_admin', 'SIUD'), ('config', 'jxlink_clerk', 'S'),
    ('config', 'jxlink_supervisor', 'S'), ('config', 'jxlink_bi', 'S'),
    ('domain', 'public', ''), ('domain', 'jxlink_admin', 'S'), ('domain', 'jxlink_clerk', 'S'),
    ('domain', 'jxlink_supervisor', 'S'), ('domain', 'jxlink_bi', 'S'),
    ('view', 'public', ''), ('view', 'jxlink_admin', 'S'), ('view', 'jxlink_clerk', 'S'),
    ('view', 'jxlink_supervisor', 'S'), ('view', 'jxlink_bi', 'S'),
    -- complainants' contacts: nobody reads the table; read_complainant_contact() records each read first
    ('personal', 'public', ''), ('personal', 'jxlink_admin', ''), ('personal', 'jxlink_clerk', ''),
    ('personal', 'jxlink_supervisor', ''), ('personal', 'jxlink_bi', ''),
    -- the staff record: administrators and supervisors (clerks: only supervising units' staff, by policy)
    ('staff record', 'public', ''), ('staff record', 'jxlink_admin', 'S'), ('staff record', 'jxlink_clerk', 'S'),
    ('staff record', 'jxlink_supervisor', 'S'), ('staff record', 'jxlink_bi', ''),
    -- the contact-read log: supervisors (a clerk its own reads, by policy); not administrators, not BI
    ('read log', 'public', ''), ('read log', 'jxlink_admin', ''), ('read log', 'jxlink_clerk', 'S'),
    ('read log', 'jxlink_supervisor', 'S'), ('read log', 'jxlink_bi', ''),
    ('outbox', 'public', ''), ('outbox', 'jxlink_admin', 'S'), ('outbox', 'jxlink_clerk', 'S'),
    ('outbox', 'jxlink_supervisor', 'S'), ('outbox', 'jxlink_bi', ''),
    ('personal_columns', 'public', ''), ('personal_columns', 'jxlink_admin', ''), ('personal_columns', 'jxlink_clerk', 'S'),
    ('personal_columns', 'jxlink_supervisor', 'S'), ('personal_columns', 'jxlink_bi', '');
CREATE TEMP VIEW rel_matrix AS
SELECT o.name, e.role, e.privs AS expected,
       concat_ws('', CASE WHEN has_table_privilege(e.role, 'jxlink.' || o.name, 'SELECT') THEN 'S' END,
                     CASE WHEN o.class <> 'view' AND has_table_privilege(e.role, 'jxlink.' || o.name, 'INSERT') THEN 'I' END,
                     CASE WHEN o.class <> 'view' AND has_table_privilege(e.role, 'jxlink.' || o.name, 'UPDATE') THEN 'U' END,
                     CASE WHEN o.class <> 'view' AND has_table_privilege(e.role, 'jxlink.' || o.name, 'DELETE') THEN 'D' END) AS actual
FROM object_class o JOIN expected_rel e USING (class);
SELECT is((SELECT count(*)::int FROM object_class), (SELECT count(*)::int FROM pg_class
           WHERE relnamespace = 'jxlink'::regnamespace AND relkind IN ('r', 'v')), 'every table and view is classified');
SELECT is((SELECT string_agg(name || ' ' || actual, ', ' ORDER BY name) FROM rel_matrix m WHERE m.role = r AND actual <> expected),
          NULL, 'tables and views: privileges of ' || r)
FROM unnest(ARRAY['public', 'jxlink_admin', 'jxlink_clerk', 'jxlink_supervisor', 'jxlink_bi']) AS r;

CREATE TEMP TABLE function_class (name text, class text);
INSERT INTO function_class
SELECT f, 'api' FROM unnest(ARRAY[
    'open_case', 'create_referral', 'add_material', 'submit_referral', 'approve_referral', 'send_back_referral',
    'notify_extension', 'transfer_referral', 'accept_referral', 'decline_referral', 'return_referral', 'file_referral',
    'decide_referral', 'copy_back_referral', 'withdraw_referral', 'report_licence_followup', 'next_docno',
    'receive_complaint', 'reply_complaint', 'refer_complaint', 'handle_complaint_on_spot',
    'schedule_meeting', 'propose_agenda_item', 'hold_meeting', 'adopt_resolution', 'report_resolution',
    'escalate_agenda_item', 'close_meeting', 'plan_quarterly_meetings', 'share_information', 'acknowledge_share',
    'request_share', 'answer_share_request', 'refuse_share_request', 'request_assistance', 'answer_assistance',
    'record_patrol', 'open_case_from_finding', 'record_accountability_finding', 'tip_off', 'note_progress', 'issue_bulletin',
    'bulletin_issue_record']) f
UNION ALL SELECT f, 'report' FROM unnest(ARRAY['obligation_status_at', 'overdue_as_of', 'due_soon_as_of', 'unit_scorecard_at',
    'unit_scorecard_for', 'explain_obligation', 'meeting_packet', 'unit_totals_for', 'supervision_bounced_at', 'supervision_cooperation_at',
    'referral_overview_at', 'supervision_unfiled_at', 'jurisdiction_scorecard_at', 'jurisdiction_scorecard_for', 'department_scorecard_at',
    'department_scorecard_for', 'jurisdiction_open_counts_at', 'scorecard_rollup_at', 'period_judged_at', 'setting_value',
    'obligation_tally_at', 'scorecard_tally_at', 'sealed_cut', 'quarter_judged_at', 'bulletin',
    'doc_number', 'doc_date', 'doc_period', 'doc_style', 'doc_table', 'reprint_bulletin', 'meeting_packet_html',
    'doc_unit_rates', 'bulletin_place']) f
UNION ALL SELECT f, 'policy' FROM unnest(ARRAY['my_units', 'my_jurisdictions', 'my_reader_scopes', 'reads_jurisdictions',
    'supervises_jurisdictions', 'reads_complainants', 'jurisdictions_under', 'sole_jurisdiction',
    'share_sender', 'patrol_leader']) f
UNION ALL SELECT f, 'contact' FROM unnest(ARRAY['read_complainant_contact', 'record_contact_read', 'complainant_contact']) f
UNION ALL SELECT f, 'audit' FROM unnest(ARRAY['verify_history', 'history_anchor', 'verify_staff_record', 'verify_references']) f
UNION ALL SELECT 'guard_drop', 'internal'  -- the event trigger function of the guarded DROP
UNION ALL SELECT f, 'dba' FROM unnest(ARRAY['prepare_bi_login', 'make_municipal', 'seal_quarters', 'publication_tables']) f
-- the alerts' sweep and delivery: administrators and senders (jxlink_sender, not in this matrix)
UNION ALL SELECT f, 'dba' FROM unnest(ARRAY['sweep_alerts', 'claim_notifications', 'ack_notification', 'release_notification', 'enqueue_digests']) f
UNION ALL SELECT 'daily_digest', 'digest'
-- the merge of a street's database (doc/municipal.md): the database superuser only, like pg_dump and pg_restore
UNION ALL SELECT f, 'superuser' FROM unnest(ARRAY['merge_manifest', 'merge_export', 'merge_import', 'merge_tables', 'merge_numbered']) f
-- the publication of an origin database (doc/replication.md): the tables' owner, a superuser
UNION ALL SELECT 'publish', 'superuser'
UNION ALL SELECT f, 'internal' FROM unnest(ARRAY['calendar_changed', 'shipped_row_guard', 'deadline_rule_fixed', 'obligation_due_by',
    'obligation_start', 'obligation_open', 'obligation_close', 'obligation_reschedule', 'obligation_recompute', 'obligation_recompute_open',
    'obligation_refresh_subject', 'obligation_take_subject', 'referral_subject_changed', 'referral_state_guard',
    'refuse_change', 'caller_staff', 'check_occurred_at', 'require_text', 'referral_ledger', 'complaint_for_receiver',
    'complaint_first_receiver_fixed', 'meeting_office', 'caller_of_office', 'meeting_for', 'share_insert',
    'history_chain', 'history_digest', 'history_link', 'history_anchor_state', 'contact_reader_unit',
    'quarter_tally_fill', 'quarter_reseal', 'notification_text', 'notification_answer', 'alert_crossings',
    'meeting_packet_for', 'require_primary']) f;
-- everything else (calendar arithmetic, the docno type, the state machine, identifiers) is for everyone
CREATE TEMP VIEW function_matrix AS
SELECT p.oid::regprocedure::text AS fn, r.role,
       CASE WHEN p.prokind = 'a' OR p.proname LIKE 'docno%' OR p.proname LIKE 'referral_%' AND coalesce(fc.class, '') = ''
                 OR fc.class IS NULL THEN r.role = 'public' OR true
            WHEN fc.class = 'api' THEN r.role IN ('jxlink_admin', 'jxlink_clerk', 'jxlink_supervisor')
            WHEN fc.class = 'report' THEN r.role <> 'public'
            WHEN fc.class = 'policy' THEN r.role <> 'public'
            WHEN fc.class = 'audit' THEN r.role IN ('jxlink_admin', 'jxlink_supervisor')
            WHEN fc.class = 'dba' THEN r.role = 'jxlink_admin'
            WHEN fc.class = 'contact' THEN r.role IN ('jxlink_clerk', 'jxlink_supervisor')
            WHEN fc.class = 'digest' THEN r.role IN ('jxlink_admin', 'jxlink_clerk', 'jxlink_supervisor')
            ELSE false END AS expected,
       has_function_privilege(r.role, p.oid, 'EXECUTE') AS actual
FROM pg_proc p
LEFT JOIN function_class fc ON fc.name = p.proname
CROSS JOIN (VALUES ('public'), ('jxlink_admin'), ('jxlink_clerk'), ('jxlink_supervisor'), ('jxlink_bi')) AS r(role)
WHERE p.pronamespace = 'jxlink'::regnamespace AND p.prorettype <> 'trigger'::regtype;
SELECT is((SELECT string_agg(fn || CASE WHEN actual THEN ' executable' ELSE ' not executable' END, ', ' ORDER BY fn)
           FROM function_matrix m WHERE m.role = r AND actual <> expected),
          NULL, 'functions: privileges of ' || r)
FROM unnest(ARRAY['public', 'jxlink_admin', 'jxlink_clerk', 'jxlink_supervisor', 'jxlink_bi']) AS r;
SELECT is((SELECT string_agg(p.proname, ', ') FROM pg_proc p
           WHERE p.pronamespace = 'jxlink'::regnamespace AND p.prorettype = 'trigger'::regtype
             AND has_function_privilege('public', p.oid, 'EXECUTE')), NULL, 'no trigger function is executable by PUBLIC');
SELECT is((SELECT string_agg(proname, ', ') FROM pg_proc WHERE pronamespace = 'jxlink'::regnamespace AND prosecdef
             AND NOT coalesce(proconfig @> ARRAY['search_path=pg_catalog, pg_temp'], false)),
          NULL, 'every SECURITY DEFINER function pins search_path = pg_catalog, pg_temp');
SELECT is((SELECT string_agg(c.relname, ', ') FROM pg_class c WHERE c.relnamespace = 'jxlink'::regnamespace AND c.relkind = 'r'
             AND c.relname IN (SELECT name FROM object_class WHERE class IN ('domain', 'personal', 'personal_columns', 'staff record', 'read log'))
             AND NOT (c.relrowsecurity AND c.relforcerowsecurity)), NULL, 'row-level security is enabled and forced on every domain table');
SELECT is((SELECT string_agg(c.relname, ', ') FROM pg_class c WHERE c.relnamespace = 'jxlink'::regnamespace AND c.relkind = 'v'
             AND NOT coalesce(c.reloptions @> ARRAY['security_invoker=true'], false)), NULL, 'every view is security_invoker');

------------------------------------------------------------------------------
-- Row-level security: two sections, the team, a supervisor, BI
------------------------------------------------------------------------------
-- The street of test/fixture/street.sql: SEC-ECON's clerk and leader (section A),
-- SEC-PLAN's clerk and leader (section B), the team's clerk, the judicial
-- office's clerk (a supervisor), regress_bi (jxlink_bi); and a role outside
-- jxlink's groups.
\ir ../fixture/street.sql
DO $$
BEGIN
    CREATE ROLE regress_nobody;
EXCEPTION WHEN duplicate_object THEN NULL;
END $$;
CREATE TEMP TABLE ids (name text PRIMARY KEY, id uuid);
GRANT ALL ON ids TO PUBLIC;
CREATE FUNCTION pg_temp.refer(clerk text, lead text, title text) RETURNS uuid LANGUAGE plpgsql AS $$
DECLARE r uuid;
BEGIN
    EXECUTE format('SET ROLE %I', clerk);
    r := jxlink.create_referral(jxlink.open_case('licensed', 'inspection', title, '2024-09-27 10:00+08'), false, '2024-09-27 11:00+08');
    PERFORM jxlink.add_material(r, k, k) FROM unnest(ARRAY['transfer_letter', 'case_source', 'preliminary_evidence']) k;
    PERFORM jxlink.submit_referral(r, '2024-09-30 09:00+08');
    EXECUTE format('SET ROLE %I', lead);
    PERFORM jxlink.approve_referral(r, '2024-09-30 10:00+08');
    EXECUTE format('SET ROLE %I', clerk);
    PERFORM jxlink.transfer_referral(r, '移〔2024〕1号', '2024-10-08 09:00+08');
    RESET ROLE;
    RETURN r;
END $$;
INSERT INTO ids SELECT 'ra', pg_temp.refer('regress_econ_clerk', 'regress_econ_lead', '甲科室的案件');
INSERT INTO ids SELECT 'rb', pg_temp.refer('regress_plan_clerk', 'regress_plan_lead', '乙科室的案件');
SET ROLE regress_econ_clerk;
INSERT INTO ids SELECT 'c1', jxlink.receive_complaint('hotline', '2024-10-09 09:00+08', '噪音', NULL, 'other',
                                                      '{"full_name": "王某", "phone": "13900000000"}');
RESET ROLE;

CREATE FUNCTION pg_temp.visible(who text, q text) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE n bigint;
BEGIN
    EXECUTE format('SET ROLE %I', who);
    EXECUTE 'SELECT count(*) FROM (' || q || ') x' INTO n;
    RESET ROLE;
    RETURN n;
END $$;

SELECT is(pg_temp.visible('regress_econ_clerk', 'SELECT * FROM jxlink.referral'), 1::bigint, 'section A sees its own referral only');
SELECT is(pg_temp.visible('regress_econ_clerk', format('SELECT * FROM jxlink.referral WHERE referral_id = %L', (SELECT id FROM ids WHERE name = 'rb'))),
          0::bigint, 'section A cannot read section B''s referral by its id');
SELECT is(pg_temp.visible('regress_plan_clerk', 'SELECT * FROM jxlink.case_file'), 1::bigint, 'section B sees its own case only');
SELECT is(pg_temp.visible('regress_plan_clerk', 'SELECT * FROM jxlink.obligation'), 2::bigint, 'section B sees the obligations of its referral (transfer, acknowledge)');
SELECT is(pg_temp.visible('regress_plan_clerk', 'SELECT * FROM jxlink.referral_history'), 4::bigint, 'section B sees its referral''s history only');
SELECT is(pg_temp.visible('regress_plan_clerk', 'SELECT * FROM jxlink.referral_overview'), 1::bigint, 'and one row of referral_overview');
SELECT is(pg_temp.visible('regress_plan_clerk', format('SELECT * FROM jxlink.referral_overview WHERE referral_id = %L', (SELECT id FROM ids WHERE name = 'ra'))),
          0::bigint, 'section B cannot read section A''s history through a view');
-- (the written notices were recorded today, by the sections: they start now,
-- and are overdue in 60 days)
SELECT is(pg_temp.visible('regress_plan_clerk', 'SELECT * FROM jxlink.overdue_as_of(now() + interval ''60 days'')'), 1::bigint,
          'section B sees the overdue notice owed to it, not the one owed to section A');
SELECT is(pg_temp.visible('regress_team_clerk', 'SELECT * FROM jxlink.referral'), 2::bigint, 'the team sees what is referred to it');
SELECT is(pg_temp.visible('regress_team_clerk', 'SELECT * FROM jxlink.overdue_as_of(now() + interval ''60 days'')'), 2::bigint,
          'the team sees its own two overdue written notices');
SELECT is(pg_temp.visible('regress_jud_clerk', 'SELECT * FROM jxlink.referral'), 2::bigint, 'a supervisor reads everything');
SELECT is(pg_temp.visible('regress_bi', 'SELECT * FROM jxlink.referral_overview'), 2::bigint, 'BI reads every referral in the views');
SELECT is(pg_temp.visible('regress_bi', 'SELECT * FROM jxlink.unit_scorecard'), 4::bigint, 'BI reads the whole scorecard');
SELECT is(pg_temp.visible('regress_nobody', 'SELECT * FROM jxlink.calendar_day WHERE day = ''2024-10-01'''), 1::bigint,
          'anyone reads the calendar');

-- complainant confidentiality (举报人保密): nobody reads the table, whatever its role
CREATE FUNCTION pg_temp.sqlstate_as(who text, q text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('SET ROLE %I', who);
    BEGIN
        EXECUTE q;
    EXCEPTION WHEN OTHERS THEN
        RESET ROLE;
        RETURN SQLSTATE;
    END;
    RESET ROLE;
    RETURN 'ok';
END $$;
SELECT is(pg_temp.sqlstate_as(r, 'SELECT * FROM jxlink.complaint_contact'), '42501',
          r || ' cannot read the complainants'' contacts table')
FROM unnest(ARRAY['regress_econ_clerk', 'regress_team_clerk', 'regress_jud_clerk', 'regress_bi']) AS r;
-- an administrator who is also a clerk maps itself as team staff: refused, and on record
DO $$
BEGIN
    CREATE ROLE regress_tap_admin;
EXCEPTION WHEN duplicate_object THEN NULL;
END $$;
GRANT jxlink_admin, jxlink_clerk TO regress_tap_admin;
SET ROLE regress_tap_admin;
INSERT INTO jxlink.staff (role_name, unit_id, full_name) SELECT 'regress_tap_admin', unit_id, '管理员' FROM jxlink.unit WHERE code = 'TEAM';
SELECT throws_ok(format('CALL jxlink.read_complainant_contact(%L)', (SELECT id FROM ids WHERE name = 'c1')), '42501',
                 'administrators and BI do not read complainants'' contacts', 'an administrator mapped as team staff cannot read a contact');
SELECT throws_ok(format('SELECT jxlink.complainant_contact(%L)', (SELECT id FROM ids WHERE name = 'c1')), '42501', NULL,
                 'nor fetch it through complainant_contact()');
DELETE FROM jxlink.staff WHERE role_name = 'regress_tap_admin';
SELECT is((SELECT string_agg(op || ' by ' || changed_by_role, ', ' ORDER BY change_no) FROM jxlink.staff_change
           WHERE role_name = 'regress_tap_admin'), 'insert by regress_tap_admin, delete by regress_tap_admin',
          'the administrator reads its mapping and unmapping on record');
SELECT is((SELECT count(*)::int FROM jxlink.contact_read), 0, 'an administrator (here also a clerk) reads none of the contact-read log');
RESET ROLE;
SET ROLE regress_bi;
SELECT throws_ok(format('SELECT jxlink.record_contact_read(%L)', (SELECT id FROM ids WHERE name = 'c1')), '42501', NULL,
                 'BI cannot read a contact');
SELECT throws_ok(format('SELECT jxlink.complainant_contact(%L)', (SELECT id FROM ids WHERE name = 'c1')), '42501', NULL,
                 'BI cannot call complainant_contact()');
SELECT throws_ok('SELECT count(*) FROM jxlink.staff_change', '42501', NULL, 'BI does not read the staff record');
SELECT throws_ok('SELECT count(*) FROM jxlink.contact_read', '42501', NULL, 'BI does not read the contact-read log');
RESET ROLE;
SET ROLE regress_team_clerk;
SELECT throws_ok(format('SELECT jxlink.record_contact_read(%L)', (SELECT id FROM ids WHERE name = 'c1')), '42501',
                 'not entitled to the complainant''s contact', 'the team cannot read the contact of a complaint not referred to it');
SELECT is((SELECT count(*)::int FROM jxlink.staff_change), 0, 'the team does not read the staff record');
RESET ROLE;
SET ROLE regress_plan_clerk;
SELECT throws_ok(format('SELECT jxlink.complainant_contact(%L)', (SELECT id FROM ids WHERE name = 'c1')), '42501',
                 'not entitled to the complainant''s contact', 'another section cannot read it through the function');
SELECT is((SELECT count(*)::int FROM jxlink.complaint), 0, 'another section does not even see the complaint');
RESET ROLE;
-- the first receiver: not inside a transaction block (the read could be rolled
-- back off the record), not without a committed record of the read
SET ROLE regress_econ_clerk;
SELECT throws_ok(format('CALL jxlink.read_complainant_contact(%L)', (SELECT id FROM ids WHERE name = 'c1')), '2D000', NULL,
                 'the first receiver cannot read a contact inside a transaction block');
SELECT throws_ok(format('SELECT jxlink.complainant_contact(%L)', (SELECT id FROM ids WHERE name = 'c1')), '55000', NULL,
                 'nor fetch it without a committed record of the read');
SELECT is((SELECT count(*)::int FROM jxlink.contact_read), 0, 'nothing was read, nothing is recorded');
RESET ROLE;
SET ROLE regress_jud_clerk;
SELECT ok((SELECT count(*) FROM jxlink.staff_change WHERE role_name = 'regress_tap_admin') = 2, 'a supervisor reads the staff record');
RESET ROLE;
-- the staff record and the contact-read log are append-only, even to the owner (a superuser here)
INSERT INTO jxlink.contact_read (jurisdiction, complaint_id, reader_role, reader_login, reader_unit)
SELECT c.jurisdiction, c.complaint_id, 'regress_econ_clerk', 'regress_econ_clerk', c.first_receiver
FROM jxlink.complaint c WHERE c.complaint_id = (SELECT id FROM ids WHERE name = 'c1');
SELECT throws_ok(format('%s jxlink.%s %s', op, t, CASE op WHEN 'UPDATE' THEN 'SET jurisdiction = jurisdiction'
                                                      WHEN 'TRUNCATE' THEN 'CASCADE' ELSE '' END),
                 '23001', NULL, op || ' of jxlink.' || t || ' is refused to the owner')
FROM unnest(ARRAY['staff_change', 'contact_read']) AS t, unnest(ARRAY['UPDATE', 'DELETE FROM', 'TRUNCATE']) AS op;
SELECT throws_ok('TRUNCATE jxlink.staff', '23001', NULL, 'staff is not truncated (each removal is recorded)');
SELECT is((SELECT count(*)::int FROM jxlink.verify_staff_record()), 0, 'the staff record agrees with the table');
SELECT is((SELECT count(*)::int FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
           WHERE c.relnamespace = 'jxlink'::regnamespace AND c.relkind = 'v' AND a.attnum > 0
             AND a.attname ~ '(phone|full_name|address|contact)'), 0, 'no view has a column of the complainant''s contact');
SELECT is((SELECT count(*)::int FROM jxlink.referral_history WHERE note LIKE '%1390000%'), 0, 'no history row carries the phone');
SET ROLE regress_nobody;
SELECT throws_ok('SELECT * FROM jxlink.referral', '42501', NULL, 'a role outside the groups reads no domain table');
SELECT throws_ok(format('SELECT jxlink.submit_referral(%L)', (SELECT id FROM ids WHERE name = 'ra')), '42501', NULL,
                 'and calls no API function');
RESET ROLE;
-- a clerk cannot write around the API
SET ROLE regress_econ_clerk;
SELECT throws_ok(format('UPDATE jxlink.referral SET urgent = true WHERE referral_id = %L', (SELECT id FROM ids WHERE name = 'ra')),
                 '42501', NULL, 'a clerk cannot update a referral directly');
SELECT throws_ok('INSERT INTO jxlink.staff (role_name, unit_id, full_name) SELECT ''x'', unit_id, ''x'' FROM jxlink.unit LIMIT 1',
                 '42501', NULL, 'a clerk cannot map roles to units');
RESET ROLE;

------------------------------------------------------------------------------
-- The tamper-evident history
------------------------------------------------------------------------------
SELECT is((SELECT count(*)::int FROM jxlink.verify_history()), 0, 'the history verifies');
SELECT is((SELECT count(*)::int FROM jxlink.referral_history WHERE row_hash IS NULL OR (seq > 1 AND prev_hash IS NULL)), 0,
          'every row is chained');
SELECT throws_ok(format('UPDATE jxlink.referral_history SET note = %L WHERE referral_id = %L AND seq = 2', 'x', (SELECT id FROM ids WHERE name = 'ra')),
                 '23001', NULL, 'the owner cannot update the history');
-- a superuser disables the triggers and rewrites a row
ALTER TABLE jxlink.referral_history DISABLE TRIGGER ALL;
UPDATE jxlink.referral_history SET note = '改过的说明' WHERE referral_id = (SELECT id FROM ids WHERE name = 'ra') AND seq = 2;
ALTER TABLE jxlink.referral_history ENABLE TRIGGER ALL;
ALTER TABLE jxlink.referral_history ENABLE ALWAYS TRIGGER referral_history_append_only;
SELECT results_eq($$SELECT seq, problem FROM jxlink.verify_history()$$,
                  $$VALUES (2, 'altered: the row does not match its hash'::text)$$, 'verify_history() reports the altered row');
-- and deletes the last row of the other referral
ALTER TABLE jxlink.referral_history DISABLE TRIGGER ALL;
DELETE FROM jxlink.referral_history WHERE referral_id = (SELECT id FROM ids WHERE name = 'rb') AND seq = 4;
ALTER TABLE jxlink.referral_history ENABLE TRIGGER ALL;
ALTER TABLE jxlink.referral_history ENABLE ALWAYS TRIGGER referral_history_append_only;
SELECT is((SELECT string_agg(problem, '; ') FROM jxlink.verify_history() WHERE referral_id = (SELECT id FROM ids WHERE name = 'rb')),
          'history ends at row 3, the referral counts 4 transitions; the referral does not match its last history row: state transferred, the history approved; last event transfer, the history approve; last event at 2024-10-08 09:00:00+08, the history 2024-09-30 10:00:00+08',
          'verify_history() reports the missing last row');
SET ROLE regress_econ_clerk;
SELECT throws_ok('SELECT * FROM jxlink.verify_history()', '42501', NULL, 'a clerk cannot run verify_history()');
RESET ROLE;

------------------------------------------------------------------------------
-- Names in public cannot capture what jxlink runs
------------------------------------------------------------------------------
CREATE FUNCTION public.captured_text_eq(text, text) RETURNS boolean LANGUAGE plpgsql AS
$$ BEGIN RAISE EXCEPTION 'captured: public.= (text, text) was called'; END $$;
CREATE OPERATOR public.= (LEFTARG = text, RIGHTARG = text, PROCEDURE = public.captured_text_eq);
CREATE FUNCTION public.captured_uuid_eq(uuid, uuid) RETURNS boolean LANGUAGE plpgsql AS
$$ BEGIN RAISE EXCEPTION 'captured: public.= (uuid, uuid) was called'; END $$;
CREATE OPERATOR public.= (LEFTARG = uuid, RIGHTARG = uuid, PROCEDURE = public.captured_uuid_eq);
CREATE FUNCTION public.btrim(text) RETURNS text LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'captured: public.btrim'; END $$;
CREATE FUNCTION public.now() RETURNS timestamptz LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'captured: public.now'; END $$;
GRANT EXECUTE ON FUNCTION public.captured_text_eq(text, text), public.captured_uuid_eq(uuid, uuid) TO PUBLIC;
-- Run a statement with public searched before pg_catalog; 'ok' or the error.
CREATE FUNCTION pg_temp.under_trap(stmt text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE saved text := current_setting('search_path');
BEGIN
    PERFORM set_config('search_path', 'public, pg_catalog', true);
    BEGIN
        EXECUTE stmt;
    EXCEPTION WHEN OTHERS THEN
        PERFORM set_config('search_path', saved, true);
        RETURN SQLERRM;
    END;
    PERFORM set_config('search_path', saved, true);
    RETURN 'ok';
END $$;
SELECT is(pg_temp.under_trap($$SELECT 'a'::text = 'a'::text$$), 'captured: public.= (text, text) was called',
          'the trap works: with public first, an unqualified = is public''s');
SET ROLE regress_team_clerk;
SELECT is(pg_temp.under_trap(format($$SELECT jxlink.accept_referral(%L, '受理告知书', '2024-10-10 09:00+08')$$, (SELECT id FROM ids WHERE name = 'ra'))),
          'ok', 'an API function runs none of them');
SELECT is(pg_temp.under_trap($$SELECT count(*) FROM jxlink.overdue_as_of('2024-10-20 00:00+08')$$), 'ok', 'overdue_as_of runs none of them');
SELECT is(pg_temp.under_trap($$SELECT count(*) FROM jxlink.due_soon$$), 'ok', 'due_soon runs none of them');
SELECT is(pg_temp.under_trap($$SELECT count(*) FROM jxlink.referral_overview$$), 'ok', 'referral_overview runs none of them');
SELECT is(pg_temp.under_trap($$SELECT count(*) FROM jxlink.unit_scorecard_for('2024-10-01', '2024-12-31')$$), 'ok', 'unit_scorecard_for runs none of them');
SELECT is(pg_temp.under_trap($$SELECT jxlink.explain_obligation(obligation_id) FROM jxlink.obligation LIMIT 1$$), 'ok', 'explain_obligation runs none of them');
SELECT is(pg_temp.under_trap($$SELECT jxlink.add_workdays('2024-09-27', 3), jxlink.workday_deadline('2024-09-27 10:00+08', 3)$$), 'ok',
          'the calendar runs none of them');
RESET ROLE;
SELECT is(pg_temp.under_trap($$SELECT count(*) FROM jxlink.verify_history()$$), 'ok', 'verify_history runs none of them');
SELECT is(pg_temp.under_trap($$INSERT INTO jxlink.calendar_day (day, kind, name_zh, name_en) VALUES ('2024-10-09', 'holiday', '台风', 'Typhoon')$$),
          'ok', 'a calendar change (guard, invalidation, recompute) runs none of them');

SELECT * FROM finish();
ROLLBACK;
