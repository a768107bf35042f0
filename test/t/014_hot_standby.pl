# Dashboards on a hot standby (issue 14, part 1): a streaming standby of a
# populated street serves the BI readers (the views, the as-of functions, the
# scorecards, explain_obligation, the calendar and docno functions, the
# bulletin) with the primary's answers; a calendar change on the primary is
# used by standby sessions already open once it is replayed (no stale cache);
# a function that must write refuses on the standby with a clear error.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $srcdir = $ENV{JXLINK_SRCDIR} // '.';

my $primary = PostgreSQL::Test::Cluster->new('primary');
$primary->init(allows_streaming => 1);
$primary->start;
$primary->safe_psql('postgres', 'CREATE EXTENSION jxlink');
my ($rc, $out, $err) = $primary->psql('postgres', slurp_file("$srcdir/doc/demo.sql"), extra_params => [ '-v', 'ON_ERROR_STOP=1' ]);
is($rc, 0, 'the demo street is loaded on the primary') or diag($err);

$primary->backup('base');
my $standby = PostgreSQL::Test::Cluster->new('standby');
$standby->init_from_backup($primary, 'base', has_streaming => 1);
$standby->start;
$primary->wait_for_catchup($standby, 'replay');
is($standby->safe_psql('postgres', 'SELECT pg_is_in_recovery()'), 't', 'the standby is in recovery');

# The readers BI uses, answered on both: each result digested.
my %reads = (
	'overdue view' => q{SELECT md5(string_agg(o::text, ',' ORDER BY o.obligation_id)) FROM jxlink.overdue o},
	'overdue_as_of' => q{SELECT md5(string_agg(o::text, ',' ORDER BY o.obligation_id)) FROM jxlink.overdue_as_of('2024-10-31 18:00+08') o},
	'due_soon_as_of' => q{SELECT md5(string_agg(o::text, ',' ORDER BY o.obligation_id)) FROM jxlink.due_soon_as_of('2024-10-31 18:00+08') o},
	'unit_scorecard_for' => q{SELECT md5(string_agg(s::text, ',' ORDER BY s.unit_code, s.kind)) FROM jxlink.unit_scorecard_for('2024-10-01', '2024-12-31') s},
	'jurisdiction_scorecard_for' => q{SELECT md5(string_agg(s::text, ',' ORDER BY s.jurisdiction)) FROM jxlink.jurisdiction_scorecard_for('2024-10-01', '2024-12-31') s},
	'referral_overview_at' => q{SELECT md5(string_agg(r::text, ',' ORDER BY r.referral_id)) FROM jxlink.referral_overview_at('2024-10-31 18:00+08') r},
	'explain_obligation' => q{SELECT md5(string_agg(jxlink.explain_obligation(obligation_id), ',' ORDER BY obligation_id)) FROM jxlink.obligation},
	'calendar functions' => q{SELECT jxlink.workdays_between('2024-09-27', '2024-10-31') || ' ' || jxlink.workday_deadline('2024-09-27 10:00+08', 3) || ' ' || jxlink.is_workday('2024-10-01')},
	'docno functions' => q{SELECT string_agg(x::text, ',' ORDER BY x) FROM (SELECT letter_no AS x FROM jxlink.referral WHERE letter_no IS NOT NULL) d},
	'bulletin' => q{SELECT md5(jxlink.bulletin('350582-xintang', '2024-10-01', '2024-12-31'))},
	'meeting packet' => q{SELECT md5(jxlink.meeting_packet_html(meeting_id)) FROM jxlink.joint_meeting ORDER BY held_at DESC NULLS LAST LIMIT 1});
foreach my $what (sort keys %reads)
{
	my $on_primary = $primary->safe_psql('postgres', $reads{$what});
	my ($src, $stdout, $stderr) = $standby->psql('postgres', $reads{$what});
	is($stdout, $on_primary, "the standby answers as the primary: $what") or diag($stderr);
}

# A standby session already open, with the calendar loaded; the primary
# declares 2024-10-08 a rest day; once replayed, the open session counts with it.
my $session = $standby->background_psql('postgres');
my $before = $session->query_safe(q{SELECT jxlink.workday_deadline('2024-10-07 10:00+08', 1)});
$primary->safe_psql('postgres', q{INSERT INTO jxlink.calendar_day (day, kind, name_zh, name_en, source)
VALUES ('2024-10-08', 'holiday', '台风停工', 'Typhoon closure', 'street office notice')});
$primary->wait_for_catchup($standby, 'replay');
my $after = $session->query_safe(q{SELECT jxlink.workday_deadline('2024-10-07 10:00+08', 1)});
isnt($after, $before, "an open standby session uses the replayed calendar ($before, then $after)");
is($after, $primary->safe_psql('postgres', q{SELECT jxlink.workday_deadline('2024-10-07 10:00+08', 1)}),
	'the same deadline as on the primary');
$session->quit;

# Functions that must write: refused on the standby with a clear error
# (25006, saying it is a standby): a referral event (the C path), an API
# function of plpgsql (through caller_staff), the sweep, a recorded read of a
# complainant's contact.
my @writes = (
	[ 'a referral event', q{SET ROLE xt_team_clerk; SELECT jxlink.file_referral(referral_id, '新综执立〔2024〕999号') FROM jxlink.referral WHERE state OPERATOR(jxlink.=) 'accepted' LIMIT 1} ],
	[ 'opening a case', q{SET ROLE xt_plan_clerk; SELECT jxlink.open_case('other', 'patrol', '备库上的案件', now())} ],
	[ 'the deadline sweep', q{SELECT * FROM jxlink.sweep_alerts('2024-10-31 18:00+08')} ],
	[ 'a recorded read of a contact', q{SET ROLE xt_judicial_clerk; SELECT complaint_id AS c FROM jxlink.complaint LIMIT 1 \gset
CALL jxlink.read_complainant_contact(:'c')} ]);
foreach my $w (@writes)
{
	my ($rc3, $o3, $e3) = $standby->psql('postgres', "\\set VERBOSITY verbose\n$w->[1]");
	like($e3, qr/25006: jxlink records are written on the primary, and this server is a hot standby/,
		"on the standby, $w->[0] is refused: it is a standby (25006)") or diag($e3);
}
$standby->stop;
$primary->stop;
done_testing();
