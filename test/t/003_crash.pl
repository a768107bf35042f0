# Crash safety of the referral workflow: the server is stopped immediately
# (no shutdown checkpoint, as after a power cut or a kill -9 of the
# postmaster) while transitions are in flight.  After crash recovery:
#
# - every committed transition is there with its history row and its
#   obligations: state, transition_seq, history rows 1..transition_seq,
#   obligations opened and met as the workflow says;
# - the transitions of transactions that were open at the crash (including
#   one waiting for a row lock, and ones whose WAL had already been flushed
#   by a later commit) left no trace: no state change, no history row, no
#   obligation, no case;
# - a prepared (two-phase) transaction survives the crash still invisible, and
#   its transition appears, complete, once it is committed;
# - where the history is hash-chained (0.6.0 on), verify_history() finds no
#   break;
# - heap and indexes are consistent (amcheck, index scans against sequential
#   scans), and the database accepts new transitions.
#
# Every event time is an explicit instant in 2024: nothing depends on today.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $node = PostgreSQL::Test::Cluster->new('crash');
$node->init;
$node->append_conf('postgresql.conf', q{
max_prepared_transactions = 5
# no checkpoint of its own between the checkpoint below and the crash
checkpoint_timeout = 1h
max_wal_size = 1GB
log_line_prefix = '%m [%p] %e '
});
$node->start;

my $db = 'street';
$node->safe_psql('postgres', "CREATE DATABASE $db");

# The organisation: a jurisdiction, two sections, the enforcement team, and
# clerk and leader roles mapped to them (an administrator's work).
$node->safe_psql(
	$db, q{
CREATE EXTENSION jxlink;
CREATE EXTENSION amcheck;
INSERT INTO jxlink.jurisdiction (code, name_zh, name_en, is_local)
VALUES ('350582-xintang', '新塘街道', 'Xintang Street', true);
INSERT INTO jxlink.unit (code, kind, name_zh, name_en) VALUES
    ('SEC-MKT', 'functional_section', '经济发展办（市场监管）', 'Economic Development Office'),
    ('SEC-PLAN', 'functional_section', '规划建设办', 'Planning and Construction Office'),
    ('TEAM', 'enforcement_team', '综合执法队', 'Comprehensive Enforcement Team');
CREATE ROLE crash_clerk_a;
CREATE ROLE crash_lead_a;
CREATE ROLE crash_clerk_b;
CREATE ROLE crash_lead_b;
CREATE ROLE crash_team_clerk;
CREATE ROLE crash_team_lead;
INSERT INTO jxlink.staff (role_name, unit_id, full_name, is_leader)
SELECT s.role_name, u.unit_id, s.full_name, s.is_leader
FROM (VALUES ('crash_clerk_a', 'SEC-MKT', '张三', false),
             ('crash_lead_a', 'SEC-MKT', '李四', true),
             ('crash_clerk_b', 'SEC-PLAN', '赵六', false),
             ('crash_lead_b', 'SEC-PLAN', '钱八', true),
             ('crash_team_clerk', 'TEAM', '王五', false),
             ('crash_team_lead', 'TEAM', '陈七', true)) AS s(role_name, code, full_name, is_leader)
JOIN jxlink.unit u ON u.code = s.code;
-- from 0.6.0 on, clerks act through the group role jxlink_clerk
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'jxlink_clerk') THEN
        GRANT jxlink_clerk TO crash_clerk_a, crash_lead_a, crash_clerk_b, crash_lead_b, crash_team_clerk,
                              crash_team_lead;
    END IF;
END $$;
});

# Run statements as a clerk role, in a session of their own (each statement
# commits on its own): the value of the last one.
sub act
{
	my ($role, $sql) = @_;
	return $node->safe_psql($db, "SET ROLE $role;\n$sql");
}

# A case and its referral (a draft) with the three materials a transfer
# needs, found by the clerk's unit at the given instant.
sub new_referral
{
	my ($role, $category, $title, $found) = @_;
	my $case = act($role, qq{SELECT jxlink.open_case('$category', 'inspection', '$title', '$found')});
	my $referral = act($role, qq{SELECT jxlink.create_referral('$case', false, timestamptz '$found' + interval '1 hour')});
	act(
		$role, qq{
SELECT jxlink.add_material('$referral', 'transfer_letter', '案件移送函');
SELECT jxlink.add_material('$referral', 'case_source', '现场检查记录');
SELECT jxlink.add_material('$referral', 'preliminary_evidence', '现场照片');
});
	return $referral;
}

# Found on Monday 2024-03-04 or later; events follow on the next days.
my %r;
$r{draft} = new_referral('crash_clerk_a', 'licensed', '草稿', '2024-03-04 09:00+08');
$r{submitted} = new_referral('crash_clerk_a', 'licensed', '已提交', '2024-03-04 09:10+08');
$r{approved} = new_referral('crash_clerk_a', 'licensed', '已批准', '2024-03-04 09:20+08');
$r{transferred} = new_referral('crash_clerk_a', 'prohibited', '已移交', '2024-03-04 09:30+08');
$r{accepted} = new_referral('crash_clerk_a', 'licensed', '已受理', '2024-03-04 09:40+08');
$r{unlicensed} = new_referral('crash_clerk_a', 'unlicensed', '无证经营', '2024-03-04 09:50+08');
$r{planning} = new_referral('crash_clerk_b', 'other', '违章搭建', '2024-03-04 10:00+08');
$r{prepared} = new_referral('crash_clerk_b', 'other', '两阶段提交', '2024-03-04 10:10+08');
$r{late} = new_referral('crash_clerk_a', 'licensed', '崩溃前最后提交', '2024-03-04 10:20+08');

# Committed transitions, each its own transaction.
act('crash_clerk_a', qq{SELECT jxlink.submit_referral('$r{submitted}', '2024-03-05 09:00+08')});
foreach my $k (qw(approved transferred accepted unlicensed))
{
	act('crash_clerk_a', qq{SELECT jxlink.submit_referral('$r{$k}', '2024-03-05 09:00+08')});
	act('crash_lead_a', qq{SELECT jxlink.approve_referral('$r{$k}', '2024-03-05 10:00+08')});
}
act('crash_clerk_b', qq{SELECT jxlink.submit_referral('$r{planning}', '2024-03-05 09:00+08')});
act('crash_clerk_b', qq{SELECT jxlink.withdraw_referral('$r{planning}', '当事人已自行拆除', '2024-03-05 11:00+08')});

# A checkpoint in the middle: recovery starts from it and replays the rest.
$node->safe_psql($db, 'CHECKPOINT');

my $letter = 10;
foreach my $k (qw(transferred accepted unlicensed))
{
	$letter++;
	act('crash_clerk_a', qq{SELECT jxlink.transfer_referral('$r{$k}', '新经发移〔2024〕${letter}号', '2024-03-07 09:00+08')});
}
act('crash_team_clerk', qq{SELECT jxlink.accept_referral('$r{accepted}', '受理告知书', '2024-03-08 09:00+08')});
act('crash_clerk_b', qq{SELECT jxlink.submit_referral('$r{prepared}', '2024-03-05 09:00+08')});

# What every referral must look like after the crash: state, sequence and
# obligations (kind:rule:status, in order of kind).
my %want = (
	draft => [ 'draft', 1, 'transfer:transfer:open' ],
	submitted => [ 'awaiting_approval', 2, 'transfer:transfer:open' ],
	approved => [ 'approved', 3, 'transfer:transfer:open' ],
	transferred => [ 'transferred', 4, 'acknowledge:acknowledge:open transfer:transfer:met' ],
	accepted => [ 'accepted', 5, 'acknowledge:acknowledge:met file_case:file_case:open progress_update:progress_update:open transfer:transfer:met' ],
	unlicensed => [
		'transferred', 4, 'acknowledge:acknowledge:open licence_followup:licence_followup:open transfer:transfer:met'
	],
	planning => [ 'withdrawn', 3, 'transfer:transfer:waived' ],
	prepared => [ 'awaiting_approval', 2, 'transfer:transfer:open' ],
	late => [ 'awaiting_approval', 2, 'transfer:transfer:open' ]);

my $referral_sql = q{
SELECT concat_ws(' ', r.state, r.transition_seq,
       (SELECT count(*) FROM jxlink.referral_history h WHERE h.referral_id = r.referral_id),
       (SELECT coalesce(string_agg(h.seq::text, ',' ORDER BY h.seq), '')
        FROM jxlink.referral_history h WHERE h.referral_id = r.referral_id),
       (SELECT h.to_state FROM jxlink.referral_history h
        WHERE h.referral_id = r.referral_id ORDER BY h.seq DESC LIMIT 1))
FROM jxlink.referral r WHERE r.referral_id = '%s'};
my $obligations_sql = q{
SELECT coalesce(string_agg(concat_ws(':', kind, rule_code, status), ' ' ORDER BY kind, started_at), '')
FROM jxlink.obligation WHERE subject_id = '%s'};

# One referral as its state, sequence, history and obligations say.
sub check_referral
{
	my ($k, $state, $seq, $obligations, $when) = @_;
	local $Test::Builder::Level = $Test::Builder::Level + 1;
	my $want = join(' ', $state, $seq, $seq, join(',', 1 .. $seq), $state);
	is($node->safe_psql($db, sprintf($referral_sql, $r{$k})),
		$want, "$when: $k is $state with $seq transitions and history rows 1..$seq");
	is($node->safe_psql($db, sprintf($obligations_sql, $r{$k})),
		$obligations, "$when: $k has obligations $obligations");
	return;
}

# From 0.6.0 on the history is hash-chained: jxlink.verify_history() lists
# every break.  Checked when the installed version has it.
my $has_chain = $node->safe_psql($db, q{SELECT to_regproc('jxlink.verify_history') IS NOT NULL}) eq 't';
sub history_intact
{
	my ($when) = @_;
	local $Test::Builder::Level = $Test::Builder::Level + 1;
	return unless $has_chain;
	is($node->safe_psql($db, q{SELECT count(*) FROM jxlink.verify_history()}),
		'0', "$when: verify_history() finds no break in the hash chain");
	return;
}

foreach my $k (sort keys %want)
{
	# 'late' is submitted after the transactions below are left open
	my @want = $k eq 'late' ? ('draft', 1, 'transfer:transfer:open') : @{ $want{$k} };
	check_referral($k, @want, 'before the crash');
}

# Transitions in flight: transactions left open in their sessions.
my %session;
foreach my $name (qw(submit transfer accept create waiter prepared))
{
	$session{$name} = $node->background_psql($db, on_error_stop => 0);
}

# draft -> awaiting_approval, not committed
$session{submit}->query_safe(
	qq{BEGIN; SET LOCAL ROLE crash_clerk_a; SELECT jxlink.submit_referral('$r{draft}', '2024-03-11 09:00+08');});
# approved -> transferred: would meet the transfer and open the acknowledgement
$session{transfer}->query_safe(
	qq{BEGIN; SET LOCAL ROLE crash_clerk_a;
SELECT jxlink.transfer_referral('$r{approved}', '新经发移〔2024〕99号', '2024-03-11 09:00+08');});
# transferred -> accepted: would meet the acknowledgement and open file_case
$session{accept}->query_safe(
	qq{BEGIN; SET LOCAL ROLE crash_team_lead; SELECT jxlink.accept_referral('$r{transferred}', '受理', '2024-03-11 09:00+08');});
# a new case and referral with its transfer obligation, and a withdrawal
$session{create}->query_safe(
	qq{BEGIN; SET LOCAL ROLE crash_clerk_a;
SELECT jxlink.create_referral(jxlink.open_case('other', 'patrol', '未提交的案件', '2024-03-11 08:00+08'),
                              false, '2024-03-11 08:30+08');
SELECT jxlink.withdraw_referral('$r{submitted}', '未提交的撤回', '2024-03-11 09:00+08');});
# a two-phase transaction, prepared: it must survive the crash
$session{prepared}->query_safe(
	qq{BEGIN; SET LOCAL ROLE crash_lead_b;
SELECT jxlink.approve_referral('$r{prepared}', '2024-03-11 09:00+08');
RESET ROLE;
PREPARE TRANSACTION 'crash_prepared_approve';});

# An autocommit transition waiting for the row lock the transfer holds.
$session{waiter}->query_until(
	qr/waiting/, qq{\\echo waiting
SET ROLE crash_clerk_a;
SELECT jxlink.withdraw_referral('$r{approved}', '等待行锁的撤回', '2024-03-11 10:00+08');
});
ok( $node->poll_query_until(
		$db, q{
SELECT count(*) > 0 FROM pg_stat_activity
WHERE wait_event_type = 'Lock' AND query LIKE '%withdraw_referral%'}),
	'a withdrawal waits for the row lock of the uncommitted transfer');

# The uncommitted work is visible to its own session only.
is( $session{submit}->query_safe(qq{SELECT state FROM jxlink.referral WHERE referral_id = '$r{draft}'}),
	'awaiting_approval', 'the open transaction sees its own transition');
is($node->safe_psql($db, qq{SELECT state FROM jxlink.referral WHERE referral_id = '$r{draft}'}),
	'draft', 'other sessions do not');

# A commit after the uncommitted work flushes the WAL that holds it, so
# recovery replays the uncommitted rows and must leave them invisible.
act('crash_clerk_a', qq{SELECT jxlink.submit_referral('$r{late}', '2024-03-11 11:00+08')});

# Everything committed, as a new session sees it just before the crash: the
# database must be exactly this after recovery.
my $everything_sql = q{
SELECT concat_ws(' ',
  (SELECT count(*) || ':' || md5(string_agg(x::text, ',' ORDER BY x.case_id)) FROM jxlink.case_file x),
  (SELECT count(*) || ':' || md5(string_agg(x::text, ',' ORDER BY x.referral_id)) FROM jxlink.referral x),
  (SELECT count(*) || ':' || md5(string_agg(x::text, ',' ORDER BY x.material_id)) FROM jxlink.referral_material x),
  (SELECT count(*) || ':' || md5(string_agg(x::text, ',' ORDER BY x.history_id)) FROM jxlink.referral_history x),
  (SELECT count(*) || ':' || md5(string_agg(x::text, ',' ORDER BY x.obligation_id)) FROM jxlink.obligation x))};
my $committed = $node->safe_psql($db, $everything_sql);
my $history_rows = $node->safe_psql($db, 'SELECT count(*) FROM jxlink.referral_history');
history_intact('before the crash');
my $want_rows = 0;
$want_rows += $_->[1] foreach values %want;
is($history_rows, $want_rows, "$want_rows history rows committed before the crash, one per transition");

# The crash.
my $log_offset = -s $node->logfile;
$node->stop('immediate');
foreach my $name (sort keys %session)
{
	# psql lost its server; quitting it may complain about a broken pipe
	eval { $session{$name}->quit; };
}
$node->start;

my $log = slurp_file($node->logfile, $log_offset);
like($log, qr/database system was interrupted|was not properly shut down/, 'the restart went through crash recovery');
like($log, qr/redo starts at/, 'WAL was replayed');
unlike($log, qr/PANIC|terminated by signal/, 'no PANIC nor crashed backend during recovery');

# Nothing committed was lost, nothing uncommitted appeared.
is($node->safe_psql($db, $everything_sql), $committed,
	'after the crash: every table of the workflow is exactly what was committed');
foreach my $k (sort keys %want)
{
	check_referral($k, @{ $want{$k} }, 'after the crash');
}
history_intact('after the crash');
is( $node->safe_psql(
		$db, q{SELECT count(*) FROM jxlink.case_file WHERE title = '未提交的案件'}),
	'0',
	'the uncommitted case left no row');
is( $node->safe_psql(
		$db, q{
SELECT count(*) FROM jxlink.referral_history
WHERE note IN ('受理', '未提交的撤回', '等待行锁的撤回') OR note LIKE '%〔2024〕99号'}),
	'0',
	'the uncommitted transitions left no history row');
is( $node->safe_psql(
		$db, q{SELECT count(*) FROM jxlink.obligation WHERE coalesce(claimed_start_at, started_at) >= '2024-03-11 00:00+08'}),
	'0',
	'the uncommitted transitions opened no obligation');
is( $node->safe_psql(
		$db, q{SELECT count(*) FROM jxlink.obligation WHERE met_at >= '2024-03-11 00:00+08'}),
	'0',
	'the uncommitted transitions met or waived no obligation');

# The prepared transaction survived, still invisible; once committed its
# transition is complete.
is($node->safe_psql($db, q{SELECT gid FROM pg_prepared_xacts}),
	'crash_prepared_approve', 'the prepared transaction survived the crash');
check_referral('prepared', 'awaiting_approval', 2, 'transfer:transfer:open', 'prepared, not committed');
$node->safe_psql($db, q{COMMIT PREPARED 'crash_prepared_approve'});
check_referral('prepared', 'approved', 3, 'transfer:transfer:open', 'after COMMIT PREPARED');
is( $node->safe_psql(
		$db,
		qq{SELECT actor_role || ' ' || event FROM jxlink.referral_history WHERE referral_id = '$r{prepared}' AND seq = 3}),
	'crash_lead_b approve',
	'the prepared approval has its history row');

# Heap and indexes agree: amcheck on every table and B-tree index of the
# schema, and index scans count what sequential scans count.
is( $node->safe_psql(
		$db, q{
SELECT count(*)
FROM pg_class c, LATERAL verify_heapam(c.oid, check_toast => true) v
WHERE c.relnamespace = 'jxlink'::regnamespace AND c.relkind = 'r'}),
	'0',
	'verify_heapam finds no corruption in jxlink tables');
my $indexes = $node->safe_psql(
	$db, q{
SELECT count(bt_index_parent_check(i.indexrelid, true, true))
FROM pg_index i
JOIN pg_class c ON c.oid = i.indexrelid
JOIN pg_am a ON a.oid = c.relam AND a.amname = 'btree'
WHERE c.relnamespace = 'jxlink'::regnamespace});
cmp_ok($indexes, '>=', 20, "bt_index_parent_check (heapallindexed, rootdescend) passes on $indexes jxlink indexes");
foreach my $check (
	[ 'jxlink.referral_history', 'history_id', 'referral_history_pkey' ],
	[ 'jxlink.referral_history', 'referral_id', 'referral_history_referral_id_seq_key' ],
	# from 0.7.0 the unique (referral_id, jurisdiction) index serves too
	[ 'jxlink.referral', 'referral_id', 'referral_pkey|referral_id_jurisdiction_key' ],
	[ 'jxlink.obligation', 'subject_id', 'obligation_subject' ])
{
	my ($table, $column, $index) = @$check;
	my $seq = $node->safe_psql($db,
		"SET enable_indexscan = off; SET enable_bitmapscan = off; SET enable_indexonlyscan = off;
		 SELECT count(*), count(DISTINCT $column) FROM $table WHERE $column IS NOT NULL");
	my $plan = $node->safe_psql($db,
		"SET enable_seqscan = off; SET enable_bitmapscan = off;
		 EXPLAIN (COSTS OFF) SELECT count(*), count(DISTINCT $column) FROM $table WHERE $column IS NOT NULL");
	my $idx = $node->safe_psql($db,
		"SET enable_seqscan = off; SET enable_bitmapscan = off;
		 SELECT count(*), count(DISTINCT $column) FROM $table WHERE $column IS NOT NULL");
	like($plan, qr/$index/, "$table: the index scan uses $index");
	is($idx, $seq, "$table: index and sequential scans agree on rows|distinct $column ($seq)");
}

# The database goes on: the transitions lost in the crash can be made now.
is(act('crash_clerk_a', qq{SELECT jxlink.submit_referral('$r{draft}', '2024-03-12 09:00+08')}),
	'awaiting_approval', 'after the crash: submit');
is( act('crash_clerk_a', qq{SELECT jxlink.transfer_referral('$r{approved}', '新经发移〔2024〕100号', '2024-03-12 09:00+08')}),
	'transferred',
	'after the crash: transfer');
is(act('crash_team_lead', qq{SELECT jxlink.accept_referral('$r{transferred}', '受理告知书', '2024-03-12 09:00+08')}),
	'accepted', 'after the crash: accept');
is(act('crash_team_clerk', qq{SELECT jxlink.file_referral('$r{accepted}', '新综执立〔2024〕1号', '2024-03-12 10:00+08')}),
	'filed', 'after the crash: file');
my $new_case = act('crash_clerk_b', q{SELECT jxlink.open_case('other', 'patrol', '崩溃后的案件', '2024-03-12 08:00+08')});
my $new_referral = act('crash_clerk_b', qq{SELECT jxlink.create_referral('$new_case', true, '2024-03-12 08:30+08')});
like($new_referral, qr/^[0-9a-f-]{36}$/, 'after the crash: a new case and an urgent referral');
$r{new} = $new_referral;
check_referral('draft', 'awaiting_approval', 2, 'transfer:transfer:open', 'after the new transitions');
check_referral('approved', 'transferred', 4, 'acknowledge:acknowledge:open transfer:transfer:met',
	'after the new transitions');
check_referral('transferred', 'accepted', 5,
	'acknowledge:acknowledge:met file_case:file_case:open progress_update:progress_update:open transfer:transfer:met',
	'after the new transitions');
check_referral('accepted', 'filed', 6, 'acknowledge:acknowledge:met file_case:file_case:met progress_update:progress_update:open transfer:transfer:met',
	'after the new transitions');
check_referral('new', 'draft', 1, 'transfer:transfer_urgent:open', 'after the new transitions');
is($node->safe_psql($db, 'SELECT count(*) FROM jxlink.referral_history'),
	$history_rows + 1 + 5, 'history grew by exactly the prepared approval and the five new transitions');

history_intact('after the new transitions');

# A second crash right after, with nothing in flight: still the same.
my $after = $node->safe_psql($db, $everything_sql);
$node->stop('immediate');
$node->start;
is($node->safe_psql($db, $everything_sql), $after, 'a second immediate stop loses nothing either');
history_intact('after the second crash');

$node->stop;
done_testing();
