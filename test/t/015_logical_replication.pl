# Logical replication into an aggregation database (issue 14, part 2): two
# origin databases (two streets, each the demo's workflow under its own
# jurisdiction code) publish with jxlink.publish(); a prefecture's database
# subscribes to both.  The initial copy finishes (no duplicate shipped rows),
# the jurisdictions arrive read-only and none becomes the aggregator's own,
# complainants' contacts and the outbox stay home, and the aggregator gives
# the origins' answers for the same rows: views, as-of functions, scorecards
# by jurisdiction, explain_obligation, the bulletin, verify_history().  Later
# events, a calendar change (used by open sessions) and a shipped row edited
# at an origin arrive too.  A write of a replicated jurisdiction's rows on the
# aggregator is refused (25006) and the origin's next event still applies.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $srcdir = $ENV{JXLINK_SRCDIR} // '.';
my $demo = slurp_file("$srcdir/doc/demo.sql");

# Two origins: the demo street, and the same workflow as a second street.
my %origin = (
	a => { code => '350582-xintang', sub => 'from_xintang' },
	b => { code => '350582-yinglin', sub => 'from_yinglin' });
foreach my $k (sort keys %origin)
{
	my $node = PostgreSQL::Test::Cluster->new("origin_$k");
	$node->init(allows_streaming => 'logical');
	$node->start;
	my $sql = $demo;
	$sql =~ s/350582-xintang/$origin{$k}{code}/g if $k eq 'b';
	$sql =~ s/新塘街道/英林镇/g if $k eq 'b';
	my ($rc, $out, $err) = $node->psql('postgres', $sql, extra_params => [ '-v', 'ON_ERROR_STOP=1' ]);
	is($rc, 0, "origin $k: the street $origin{$k}{code} is loaded") or diag($err);
	is($node->safe_psql('postgres', q{SELECT jxlink.publish('jxlink') > 30}), 't', "origin $k publishes its records");
	# the role the aggregator connects as (README): it bypasses row-level
	# security (the initial copy would otherwise copy no rows) and reads only
	# the published tables
	$node->safe_psql('postgres', q{CREATE ROLE jxlink_replicator LOGIN REPLICATION BYPASSRLS;
GRANT USAGE ON SCHEMA jxlink TO jxlink_replicator;
SELECT format('GRANT SELECT ON %s TO jxlink_replicator', string_agg(table_name::text, ', '))
FROM jxlink.publication_tables() WHERE published \gexec});
	is($node->safe_psql('postgres', q{SET ROLE jxlink_replicator; SELECT has_table_privilege('jxlink.complaint_contact', 'SELECT')}),
		'f', "origin $k: the replication role cannot read complainants' contacts");
	$origin{$k}{node} = $node;
}

my $agg = PostgreSQL::Test::Cluster->new('aggregator');
$agg->init;
$agg->start;
$agg->safe_psql('postgres', 'CREATE EXTENSION jxlink');
foreach my $k (sort keys %origin)
{
	my $conn = $origin{$k}{node}->connstr . ' dbname=postgres user=jxlink_replicator';
	$agg->safe_psql('postgres', "CREATE SUBSCRIPTION $origin{$k}{sub} CONNECTION '$conn' PUBLICATION jxlink WITH (disable_on_error = true)");
}

# The initial copy of every table ends (it used to retry forever on the
# shipped rows both sides create at CREATE EXTENSION).
sub wait_applied
{
	$agg->poll_query_until('postgres',
		q{SELECT count(*) = 0 FROM pg_subscription_rel WHERE srsubstate NOT IN ('r', 's')})
	  or die 'initial copy did not finish';
	foreach my $k (sort keys %origin)
	{
		$origin{$k}{node}->wait_for_catchup($origin{$k}{sub});
	}
}
wait_applied();
pass('the initial copy of every published table finishes');
is($agg->safe_psql('postgres', q{SELECT count(*) FROM jxlink.calendar_day}),
	$origin{a}{node}->safe_psql('postgres', q{SELECT count(*) FROM jxlink.calendar_day}),
	'the shipped calendar is neither duplicated nor lost');

is($agg->safe_psql('postgres', q{SELECT string_agg(code || ':' || is_local || ':' || replicated_from, ',' ORDER BY code) FROM jxlink.jurisdiction}),
	"350582-xintang:false:from_xintang,350582-yinglin:false:from_yinglin",
	'both home jurisdictions arrive, marked with their subscription, neither the aggregator\'s own');
is($agg->safe_psql('postgres', q{SELECT count(*) FROM jxlink.verify_references()}), '0',
	'no row references a missing row (verify_references)');
is($origin{a}{node}->safe_psql('postgres', q{SELECT count(*) > 0 FROM jxlink.complaint_contact}), 't', 'the origin holds complainants\' contacts');
is($agg->safe_psql('postgres', q{SELECT count(*) FROM jxlink.complaint_contact}) . '/'
	  . $agg->safe_psql('postgres', q{SELECT count(*) FROM jxlink.notification}),
	'0/0', 'complainants\' contacts and the outbox stay in their origin');

# The readers, per jurisdiction: each result digested.
my %reads = (
	'overdue view' => q{SELECT md5(string_agg(o::text, ',' ORDER BY o.obligation_id)) FROM jxlink.overdue o WHERE o.jurisdiction = :'j'},
	'overdue_as_of' => q{SELECT md5(string_agg(o::text, ',' ORDER BY o.obligation_id)) FROM jxlink.overdue_as_of('2024-10-31 18:00+08') o WHERE o.jurisdiction = :'j'},
	'due_soon_as_of' => q{SELECT md5(string_agg(o::text, ',' ORDER BY o.obligation_id)) FROM jxlink.due_soon_as_of('2024-10-31 18:00+08') o WHERE o.jurisdiction = :'j'},
	'unit_scorecard_for' => q{SELECT md5(string_agg(s::text, ',' ORDER BY s.unit_code, s.kind)) FROM jxlink.unit_scorecard_for('2024-10-01', '2024-12-31') s WHERE s.jurisdiction = :'j'},
	'jurisdiction_scorecard_for' => q{SELECT md5(string_agg(s::text, ',')) FROM jxlink.jurisdiction_scorecard_for('2024-10-01', '2024-12-31') s WHERE s.jurisdiction = :'j'},
	'referral_overview_at' => q{SELECT md5(string_agg(r::text, ',' ORDER BY r.referral_id)) FROM jxlink.referral_overview_at('2024-10-31 18:00+08') r WHERE r.jurisdiction = :'j'},
	'explain_obligation' => q{SELECT md5(string_agg(jxlink.explain_obligation(obligation_id), ',' ORDER BY obligation_id)) FROM jxlink.obligation WHERE jurisdiction = :'j'},
	'history rows' => q{SELECT md5(string_agg(h.row_hash::text, ',' ORDER BY h.entry_no)) FROM jxlink.referral_history h WHERE h.jurisdiction = :'j'},
	'verify_history' => q{SELECT count(*) || ' problems' FROM jxlink.verify_history() v JOIN jxlink.referral r USING (referral_id) WHERE r.jurisdiction = :'j'},
	'history anchor state' => q{SELECT s::text FROM jxlink.history_anchor_state(:'j', (SELECT max(entry_no) FROM jxlink.referral_history WHERE jurisdiction = :'j')) s},
	'bulletin' => q{SELECT md5(jxlink.bulletin(:'j', '2024-10-01', '2024-12-31', '2025-01-01 00:00+08'))});

# Compare every reader of every origin with the aggregator.
sub same_answers
{
	my ($when) = @_;
	foreach my $k (sort keys %origin)
	{
		foreach my $what (sort keys %reads)
		{
			my $q = "\\set j '$origin{$k}{code}'\n$reads{$what}";
			my $there = $origin{$k}{node}->safe_psql('postgres', $q);
			my ($rc, $here, $err) = $agg->psql('postgres', $q);
			is($here, $there, "$when: the aggregator answers as origin $k: $what") or diag($err);
		}
	}
}
same_answers('after the initial copy');

# The prefecture's own dashboard login reads a replicated street through its
# reader scope, under row-level security, as the street's supervisor would at
# the origin; the other street stays hidden from it.
$agg->safe_psql('postgres', q{CREATE ROLE agg_dashboard LOGIN; GRANT jxlink_bi TO agg_dashboard;
INSERT INTO jxlink.reader_scope (role_name, jurisdiction) VALUES ('agg_dashboard', '350582-xintang')});
my $bi_read = q{SELECT count(*) || ' ' || md5(string_agg(o.obligation_id::text || o.late_workdays, ',' ORDER BY o.obligation_id)) FROM jxlink.overdue_as_of('2024-10-31 18:00+08') o};
is($agg->safe_psql('postgres', "SET ROLE agg_dashboard; $bi_read"),
	$origin{a}{node}->safe_psql('postgres', "$bi_read WHERE o.jurisdiction = '350582-xintang'"),
	'a BI login of the aggregator with a reader scope reads the replicated street as at its origin');
is($agg->safe_psql('postgres', q{SET ROLE agg_dashboard; SELECT count(*) FROM jxlink.overdue WHERE jurisdiction = '350582-yinglin'}), '0',
	'and nothing of the street outside its scope');
is($agg->safe_psql('postgres', q{SELECT count(*) FROM jxlink.verify_history()}), '0', 'verify_history() is clean on the aggregator');

# Later: an event at each origin; a typhoon closes a day in street a only
# (a local closure, recomputed there); the national calendar and a shipped
# setting change at both origins, as every database of the province applies
# them (the second arrival of an equal row is skipped).  An aggregator session
# already open, with the calendar loaded, uses the applied calendar.
my $session = $agg->background_psql('postgres');
my $deadlines = q{SELECT jxlink.workday_deadline('2024-10-07 10:00+08', 1, '350582-xintang') || ' '
    || jxlink.workday_deadline('2024-10-07 10:00+08', 1, '350582-yinglin') || ' '
    || jxlink.workday_deadline('2024-11-04 10:00+08', 1, '350582-yinglin')};
my $before = $session->query_safe($deadlines);
foreach my $k (sort keys %origin)
{
	$origin{$k}{node}->safe_psql('postgres', q{SET ROLE xt_team_clerk;
SELECT jxlink.file_referral(referral_id, '新综执立〔2024〕' || (900 + row_number() OVER ())::text || '号')
FROM (SELECT referral_id FROM jxlink.referral WHERE state OPERATOR(jxlink.=) 'accepted' ORDER BY referral_id LIMIT 1) r});
	$origin{$k}{node}->safe_psql('postgres', q{INSERT INTO jxlink.calendar_day (day, kind, name_zh, name_en, source)
VALUES ('2024-11-05', 'holiday', '国务院调整', 'State Council adjustment', 'State Council notice');
UPDATE jxlink.setting SET value = 0.6 WHERE name = 'alert_fraction'});
}
$origin{a}{node}->safe_psql('postgres', q{INSERT INTO jxlink.calendar_closure (jurisdiction, day, name_zh, name_en)
VALUES ('350582-xintang', '2024-10-08', '台风停工', 'Typhoon closure')});
wait_applied();
my $after = $session->query_safe($deadlines);
isnt($after, $before, "an open aggregator session uses the applied calendar ($before, then $after)");
is($after, join(' ', $origin{a}{node}->safe_psql('postgres', q{SELECT jxlink.workday_deadline('2024-10-07 10:00+08', 1, '350582-xintang')}),
		map { $origin{b}{node}->safe_psql('postgres', "SELECT jxlink.workday_deadline('$_ 10:00+08', 1, '350582-yinglin')") } ('2024-10-07', '2024-11-04')),
	'the same deadlines as at the origins (the closure in street a only, the national change in both)');
$session->quit;
is($agg->safe_psql('postgres', q{SELECT value || ' ' || origin FROM jxlink.setting WHERE name = 'alert_fraction'}),
	'0.6 edited', 'a shipped setting edited at the origins arrives');
is($agg->safe_psql('postgres', q{SELECT count(*) FROM jxlink.calendar_day WHERE day = '2024-11-05'}), '1',
	'a national calendar row added at both origins arrives once');
same_answers('after later events and a calendar change');

# A replicated jurisdiction is read-only on the aggregator: refused with
# 25006, whoever tries (a superuser's UPDATE, an administrator mapping staff,
# removing the jurisdiction), and nothing changes.
$agg->safe_psql('postgres', q{CREATE ROLE agg_admin LOGIN; GRANT jxlink_admin TO agg_admin; CREATE ROLE agg_clerk LOGIN; GRANT jxlink_clerk TO agg_clerk});
my $digest = q{SELECT md5(string_agg(r::text, ',' ORDER BY referral_id)) FROM jxlink.referral r};
my $kept = $agg->safe_psql('postgres', $digest);
my @writes = (
	[ 'a superuser withdrawing a referral by UPDATE', q{UPDATE jxlink.referral SET state = 'withdrawn' WHERE jurisdiction = '350582-xintang'} ],
	[ 'a superuser deleting an obligation', q{DELETE FROM jxlink.obligation WHERE jurisdiction = '350582-yinglin'} ],
	[ 'an administrator mapping a clerk to a replicated unit', q{SET ROLE agg_admin; INSERT INTO jxlink.staff (jurisdiction, role_name, unit_id, full_name)
SELECT u.jurisdiction, 'agg_clerk', u.unit_id, '汇总库经办人' FROM jxlink.unit u WHERE u.jurisdiction = '350582-xintang' LIMIT 1} ],
	[ 'an administrator removing a replicated jurisdiction', q{SET ROLE agg_admin; DELETE FROM jxlink.jurisdiction WHERE code = '350582-yinglin'} ],
	[ 'an administrator closing a replicated jurisdiction\'s day', q{SET ROLE agg_admin; INSERT INTO jxlink.calendar_closure (jurisdiction, day, name_zh) VALUES ('350582-xintang', '2024-11-04', '台风')} ]);
foreach my $w (@writes)
{
	my ($rc, $o, $e) = $agg->psql('postgres', "\\set VERBOSITY verbose\n$w->[1]");
	like($e, qr/25006: jurisdiction "350582-\w+" is replicated into this database and is read-only here/,
		"on the aggregator, $w->[0] is refused (25006)") or diag($e);
}
is($agg->safe_psql('postgres', $digest), $kept, 'no replicated referral changed');
my $draft = $agg->safe_psql('postgres', q{SELECT referral_id FROM jxlink.referral WHERE state OPERATOR(jxlink.=) 'draft' ORDER BY referral_id LIMIT 1});
my ($rc2, $o2, $e2) = $agg->psql('postgres', "SET ROLE agg_clerk; SELECT jxlink.withdraw_referral('$draft', 'from the aggregator')");
like($e2, qr/ERROR/, 'a clerk of the aggregator cannot withdraw a replicated referral');

# The origin's next event still applies (the apply worker is not stopped).
$origin{a}{node}->safe_psql('postgres', q{SET ROLE xt_team_clerk;
SELECT jxlink.file_referral(referral_id, '新综执立〔2024〕950号')
FROM (SELECT referral_id FROM jxlink.referral WHERE state OPERATOR(jxlink.=) 'accepted' ORDER BY referral_id LIMIT 1) r});
wait_applied();
same_answers('after refused writes on the aggregator');
is($agg->safe_psql('postgres', q{SELECT string_agg(s.subname || ':' || s.subenabled || ':' || coalesce(t.apply_error_count + t.sync_error_count, 0), ',' ORDER BY s.subname)
FROM pg_subscription s LEFT JOIN pg_stat_subscription_stats t ON t.subid = s.oid}),
	'from_xintang:true:0,from_yinglin:true:0', 'both subscriptions are enabled, with no apply or copy error counted');
unlike(slurp_file($agg->logfile), qr/duplicate key|logical replication worker.*exited|ERROR:.*apply/,
	'the aggregator\'s log shows no apply failure');

$agg->stop;
$origin{$_}{node}->stop foreach sort keys %origin;
done_testing();
