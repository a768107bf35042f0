# Upgrade of a populated street database.
#
# For every released version that hash-chains the referral history (0.6.0
# and later, where jxlink.verify_history() exists) other than the newest: the
# sample street of doc/demo.sql is populated under that version, then the
# extension is upgraded with ALTER EXTENSION jxlink UPDATE.  Every table keeps
# its rows (count and checksum over the columns it had before), the history
# chain written by the old version verifies, and transitions made by the new
# version, as the team's clerk, continue the chain (one history row each).
#
# Run as the postgres user with JXLINK_SRCDIR pointing at the checkout (the
# test reads doc/demo.sql from it); every version's scripts must be installed.
use strict;
use warnings;
use File::Basename qw(dirname);
use File::Spec;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $srcdir = $ENV{JXLINK_SRCDIR}
  // File::Spec->catdir(dirname(File::Spec->rel2abs(__FILE__)), File::Spec->updir, File::Spec->updir);
my $demo = "$srcdir/doc/demo.sql";
plan skip_all => "cannot read $demo: set JXLINK_SRCDIR to a checkout of jxlink" if !-r $demo;

my $node = PostgreSQL::Test::Cluster->new('upgrade_populated');
$node->init;
$node->start;

my $newest = $node->safe_psql('postgres', q{SELECT default_version FROM pg_available_extensions WHERE name = 'jxlink'});
my @versions = split /\n/, $node->safe_psql('postgres', qq{
SELECT version FROM pg_available_extension_versions
WHERE name = 'jxlink' AND version <> '$newest'
ORDER BY string_to_array(version, '.')::int[]});

# The demo's roles, members of the group roles (created by a first install).
my $demo_sql = slurp_file($demo);
my %seen;
my @demo_roles = grep { !$seen{$_}++ } ($demo_sql =~ /^\s*SET ROLE\s+(\w+)/mg);
$node->safe_psql('postgres', 'CREATE DATABASE prep');
$node->safe_psql('prep', 'CREATE EXTENSION jxlink');
$node->safe_psql('postgres', 'DROP DATABASE prep');
foreach my $role (@demo_roles)
{
	$node->safe_psql('postgres', qq{CREATE ROLE "$role" LOGIN; GRANT jxlink_clerk TO "$role"});
}
# demo.sql creates the extension itself; here the old version is created first
(my $demo_body = $demo_sql) =~ s/^CREATE EXTENSION (?:IF NOT EXISTS )?jxlink;$/-- created at the version under test/m;

# What the upgrade changes on purpose, left out of the comparison and
# checked on its own below: the shipped settings and rules it adds; the
# resubmission it opens for every referral left in state "returned"; the
# progress update (0.14.0) it opens for every case the team holds; the
# verdict of a waived obligation (met_late, kept since 0.9.0).
my %added_rows = (
	setting => q{WHERE name NOT IN ('late_recording_workdays') AND name NOT LIKE 'alert\\_%' AND name <> 'digest_workdays'},
	deadline_rule => q{WHERE rule_code NOT IN ('resubmit', 'progress_update')},
	obligation => q{WHERE kind NOT IN ('resubmit', 'progress_update')});
my %changed_columns =
  (obligation => { met_late => q{CASE WHEN status = 'waived' THEN NULL ELSE met_late END} });
# Columns the upgrade converts into another (0.11.0: each period becomes one
# jxlink.time_limit): read after the upgrade through the new column, so the
# checksum shows every period converted to the same unit and amount.
my %converted_columns = (
	deadline_rule =>
	  { period_unit => q{jxlink.time_limit_unit(period)}, amount => q{jxlink.time_limit_amount(period)} },
	obligation =>
	  { period_unit => q{jxlink.time_limit_unit(period)}, period_amount => q{jxlink.time_limit_amount(period)} });

# Each table's row count and checksum, over the given columns (table => [columns]).
sub table_sums
{
	my ($db, $columns) = @_;
	my %sums;
	foreach my $table (sort keys %$columns)
	{
		my %present = map { $_ => 1 } split /\n/, $node->safe_psql($db, qq{
SELECT attname FROM pg_attribute WHERE attrelid = 'jxlink."$table"'::regclass AND attnum > 0 AND NOT attisdropped});
		my %changed = (%{ $changed_columns{$table} // {} },
			map { ($_ => $converted_columns{$table}{$_}) }
			  grep { !$present{$_} } keys %{ $converted_columns{$table} // {} });
		my $list = join(', ',
			map { exists $changed{$_} ? qq{$changed{$_} AS "$_"} : qq{"$_"} } @{ $columns->{$table} });
		my $where = $added_rows{$table} // '';
		$sums{$table} = $node->safe_psql($db,
			qq{SELECT count(*) || ' ' || coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '-')
			   FROM (SELECT $list FROM jxlink."$table" $where) t});
	}
	return \%sums;
}

my $checked = 0;
# Each referral's state and each history row's states, as text (the same
# before the upgrade, when they are text, and after, as jxlink.referral_state).
my $states_sql = q{
SELECT string_agg(format('%s %s: %s', r.referral_id, r.state, h.states), E'\n' ORDER BY r.referral_id)
FROM jxlink.referral r
JOIN (SELECT referral_id, string_agg(format('%s>%s', from_state, to_state), ' ' ORDER BY seq) AS states
      FROM jxlink.referral_history GROUP BY referral_id) h USING (referral_id)};

foreach my $version (@versions)
{
	my $db = 'v' . ($version =~ s/\./_/gr);
	$node->safe_psql('postgres', "CREATE DATABASE $db");
	$node->safe_psql($db, "CREATE EXTENSION jxlink VERSION '$version'");
	if ($node->safe_psql($db, q{SELECT to_regprocedure('jxlink.verify_history()') IS NULL}) eq 't')
	{
		note("jxlink $version has no hash-chained history: skipped");
		next;
	}
	my ($rc, $out, $err) = $node->psql($db, $demo_body, extra_params => [ '-v', 'ON_ERROR_STOP=1' ]);
	if ($rc != 0)
	{
		note("doc/demo.sql does not run under jxlink $version (it uses later functions): skipped\n$err");
		next;
	}
	$checked++;

	my %columns;
	foreach my $line (split /\n/, $node->safe_psql($db, q{
SELECT c.relname || ' ' || string_agg(a.attname, ' ' ORDER BY a.attnum)
FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE c.relnamespace = 'jxlink'::regnamespace AND c.relkind = 'r'
GROUP BY c.relname}))
	{
		my ($table, @cols) = split / /, $line;
		$columns{$table} = \@cols;
	}
	my $before = table_sums($db, \%columns);
	my $states_before = $node->safe_psql($db, $states_sql);
	is($node->safe_psql($db, 'SELECT count(*) FROM jxlink.verify_history()'), '0',
		"$version: the demo's history verifies before the upgrade");

	$node->safe_psql($db, 'ALTER EXTENSION jxlink UPDATE');
	is($node->safe_psql($db, q{SELECT extversion FROM pg_extension WHERE extname = 'jxlink'}),
		$newest, "$version: upgraded to $newest");
	is_deeply(table_sums($db, \%columns), $before,
		"$version: every table keeps its rows (" . scalar(keys %columns) . ' tables)');
	is( $node->safe_psql($db, q{
SELECT count(*) FILTER (WHERE status = 'waived' AND met_late IS DISTINCT FROM (met_at >= due_at)) || ' '
       || count(*) FILTER (WHERE status <> 'open' AND subject_type = 'referral' AND closed_recorded_at IS NULL
                             AND EXISTS (SELECT 1 FROM jxlink.referral_history h
                                         WHERE h.referral_id = subject_id AND h.occurred_at = met_at))
FROM jxlink.obligation}),
		'0 0',
		"$version: every waiver is judged late or not, and closures by a referral event have the time they were recorded");
	is($node->safe_psql($db, 'SELECT count(*) FROM jxlink.verify_history()'), '0',
		"$version: the history written by $version verifies under $newest");
	is( $node->safe_psql($db, q{
SELECT string_agg(DISTINCT format_type(a.atttypid, NULL), ' ')
FROM pg_attribute a
WHERE (a.attrelid, a.attname) IN (('jxlink.referral'::regclass, 'state'), ('jxlink.referral_history'::regclass, 'from_state'),
                                  ('jxlink.referral_history'::regclass, 'to_state'))}),
		'jxlink.referral_state', "$version: the states of referrals and of their history are jxlink.referral_state");
	is($node->safe_psql($db, $states_sql), $states_before,
		"$version: every state converted, to the same state (" . scalar(split /\n/, $states_before) . ' referrals)');
	is( $node->safe_psql($db, q{
SELECT string_agg(s::text, ' ' ORDER BY s) = (SELECT string_agg(x.state::text, ' ' ORDER BY x.n)
                                              FROM jxlink.referral_states() WITH ORDINALITY x(state, terminal, name_zh, name_en, n)
                                              WHERE x.state OPERATOR(jxlink.=) ANY (array_agg(s)))
FROM (SELECT DISTINCT state FROM jxlink.referral UNION SELECT to_state FROM jxlink.referral_history) d(s)}),
		't', "$version: the converted states sort in lifecycle order");
	is( $node->safe_psql(
			$db, q{
SELECT count(*) || ' ' || count(*) FILTER (WHERE coalesce(o.claimed_start_at, o.started_at) = h.occurred_at AND o.started_at >= h.occurred_at
                                     AND o.owner_unit = r.from_unit)
FROM jxlink.referral r
JOIN jxlink.referral_history h ON h.referral_id = r.referral_id AND h.seq = r.transition_seq
LEFT JOIN jxlink.obligation o ON o.subject_id = r.referral_id AND o.kind = 'resubmit'
WHERE r.state OPERATOR(jxlink.=) 'returned'}),
		'1 1',
		"$version: the returned referral owes its resubmission, claimed from its return, from the upgrade");
	is( $node->safe_psql(
			$db, q{
SELECT count(*) > 0 AND count(*) = count(o.obligation_id)
FROM jxlink.referral r
LEFT JOIN jxlink.obligation o ON o.subject_id = r.referral_id AND o.kind = 'progress_update' AND o.status = 'open'
                             AND o.owner_unit = r.to_unit AND o.counterpart_unit = r.from_unit
WHERE r.state OPERATOR(jxlink.=) ANY ('{accepted,filed}'::jxlink.referral_state[])}),
		't',
		"$version: every case the team holds owes its progress update from the upgrade (三（三）1)");

	# New transitions by the team's clerk: decide a filed referral, copy it back.
	my $clerk = $node->safe_psql($db, q{
SELECT s.role_name FROM jxlink.staff s JOIN jxlink.unit u ON u.unit_id = s.unit_id
WHERE u.kind = 'enforcement_team' AND NOT s.is_leader AND s.active ORDER BY 1 LIMIT 1});
	my $referral = $node->safe_psql($db,
		q{SELECT referral_id FROM jxlink.referral WHERE state OPERATOR(jxlink.=) 'filed' ORDER BY referral_id LIMIT 1});
	isnt($referral, '', "$version: the demo leaves a filed referral");
	my $rows = $node->safe_psql($db, 'SELECT count(*) FROM jxlink.referral_history');
	is( $node->safe_psql(
			$db, qq{
SET ROLE "$clerk";
SELECT jxlink.decide_referral('$referral', '新综执罚〔2024〕99号', 'no_penalty');
SELECT jxlink.copy_back_referral('$referral', '抄告移送单位')}),
		"decided\nclosed",
		"$version: the new version decides and copies back as $clerk");
	is($node->safe_psql($db, 'SELECT count(*) FROM jxlink.referral_history'), $rows + 2,
		"$version: one history row per new transition");
	is($node->safe_psql($db, 'SELECT count(*) FROM jxlink.verify_history()'), '0',
		"$version: the chain goes on intact across the upgrade");
}
ok($checked > 0 || !grep({ $_ ge '0.6.0' } @versions),
	"populated upgrades checked from $checked version(s) to $newest");

$node->stop;
done_testing();
