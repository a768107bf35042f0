# Set-up as written (issue 15).
#
# 1. The README's set-up sections, as written: every ```sql block marked
#    "<!-- setup-as-written: NAME -->" (the calendar, next year's calendar
#    loaded from a file with \copy, the organisation, roles and staff) is run
#    in the README's order, each with psql -v ON_ERROR_STOP=1, in a fresh
#    database where CREATE EXTENSION jxlink was run; each must succeed, and the
#    clerk the README creates (zhang_san) then logs in and opens a case for its
#    unit; next year is loaded, not provisional.
# 2. doc/demo.sql loads into a DBA's existing database that already has
#    jxlink installed, covers every domain, and refuses a second load (42710)
#    without changing anything; it also refuses a database that has a street
#    of its own (the one set up from the README).
#
# Run as the postgres user with JXLINK_SRCDIR pointing at the checkout (the
# test reads README.md and doc/demo.sql from it); the extension must be
# installed.
use strict;
use warnings;
use File::Basename qw(dirname);
use File::Spec;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $srcdir = $ENV{JXLINK_SRCDIR}
  // File::Spec->catdir(dirname(File::Spec->rel2abs(__FILE__)), File::Spec->updir, File::Spec->updir);
my $readme = "$srcdir/README.md";
my $demo = "$srcdir/doc/demo.sql";
plan skip_all => "cannot read $readme and $demo: set JXLINK_SRCDIR to a checkout of jxlink"
  if !-r $readme || !-r $demo;

my $node = PostgreSQL::Test::Cluster->new('setup_as_written');
$node->init;
$node->start;
my $tmp = PostgreSQL::Test::Utils::tempdir;

# ---------------------------------------------------------------------------
# 1. The README's set-up sections, in order.
# ---------------------------------------------------------------------------
my $text = slurp_file($readme);
my @blocks;
while ($text =~ /^<!-- setup-as-written: ([^>]+?) -->\n```sql\n(.*?)^```$/msg)
{
	push @blocks, [ $1, $2 ];
}
is(join(', ', map { $_->[0] } @blocks), 'calendar, next year, organisation, roles, municipal',
	'the README marks its set-up blocks, in this order');

# Next year's file, as the README's \copy reads it (relative to psql's
# working directory).  A sample of a notice: New Year's Day and a make-up day.
open(my $csv, '>:encoding(UTF-8)', "$tmp/calendar-2027.csv") or die "$tmp/calendar-2027.csv: $!";
print $csv "day,kind,name_zh,name_en,source\n";
print $csv "2027-01-01,holiday,元旦,New Year's Day,国办发明电〔2026〕N号\n";
print $csv "2027-02-06,holiday,春节,Spring Festival,国办发明电〔2026〕N号\n";
print $csv "2027-02-07,workday,春节,Spring Festival,国办发明电〔2026〕N号\n";
close $csv;

$node->safe_psql('postgres', 'CREATE DATABASE street');
$node->safe_psql('street', 'CREATE EXTENSION jxlink');
chdir $tmp or die "chdir $tmp: $!";
my $n = 0;
foreach my $block (@blocks)
{
	my ($name, $sql) = @$block;
	my $file = sprintf('%s/block-%d.sql', $tmp, ++$n);
	open(my $fh, '>', $file) or die "$file: $!";
	print $fh $sql;
	close $fh;
	$node->command_ok([ 'psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', $node->connstr('street'), '-f', $file ],
		"README block \"$name\" runs as written");
}

# The calendar: next year is loaded (local rows, not provisional).
is($node->safe_psql('street', q{
SELECT (SELECT origin FROM jxlink.calendar_year WHERE year = 2027) || ' '
    || (SELECT count(*) FROM jxlink.calendar_day WHERE day BETWEEN '2027-01-01' AND '2027-12-31' AND origin = 'local') || ' '
    || jxlink.is_provisional('2027-06-01') || ' ' || jxlink.is_workday('2027-02-07') || ' ' || jxlink.is_workday('2027-01-01')}),
	'local 3 false true false', 'next year is loaded from the file in one transaction with its year row');

# The clerk logs in and acts for its unit; the leader flag and the meeting members are set.
my $case = $node->safe_psql('street',
	q{SELECT jxlink.open_case('licensed', 'inspection', '按 README 设置后的第一个案件', now())},
	extra_params => [ '-U', 'zhang_san' ]);
like($case, qr/^[0-9a-f-]{36}$/, 'zhang_san, set up as the README says, opens a case');
is($node->safe_psql('street', qq{SELECT u.code FROM jxlink.case_file c JOIN jxlink.unit u ON u.unit_id = c.discovering_unit
                                  WHERE c.case_id = '$case'}),
	'SEC-ECON', 'the case is found by zhang_san\'s unit');
is($node->safe_psql('street', q{SELECT string_agg(role_name || ':' || is_leader, ' ' ORDER BY role_name) FROM jxlink.staff}),
	'li_si:false wang_wu:true zhang_san:false zhao_liu:false', 'the staff the README maps');
is($node->safe_psql('street', q{SELECT string_agg(u.code || ':' || m.role, ' ' ORDER BY u.code)
                                 FROM jxlink.joint_meeting_member m JOIN jxlink.unit u USING (unit_id)}),
	'AGY-MKT:member JUD:supervisor LEAD:convener SEC-ECON:member TEAM:office', 'the joint meeting\'s members');
# The municipal database (0.12.0): Chidian's clerk acts in Chidian; each
# dashboard reads exactly the jurisdictions of its scope.
my $cd_case = $node->safe_psql('street',
	q{SELECT jxlink.open_case('licensed', 'inspection', '池店的第一个案件', now())},
	extra_params => [ '-U', 'zhao_liu' ]);
is($node->safe_psql('street', qq{SELECT c.jurisdiction || ' ' || u.jurisdiction || ' ' || u.code FROM jxlink.case_file c
                                  JOIN jxlink.unit u ON u.unit_id = c.discovering_unit WHERE c.case_id = '$cd_case'}),
	'350582-chidian 350582-chidian SEC-ECON', 'zhao_liu, set up as the README says, opens a case in Chidian');
foreach my $reader ([ 'dashboard', '350582-xintang' ], [ 'chidian_dashboard', '350582-chidian' ],
	[ 'city_dashboard', '350582-chidian 350582-xintang' ], [ 'zhang_san', '350582-xintang' ], [ 'zhao_liu', '350582-chidian' ])
{
	is($node->safe_psql('street', q{SELECT string_agg(DISTINCT jurisdiction, ' ' ORDER BY jurisdiction) FROM jxlink.case_summary},
			extra_params => [ '-U', $reader->[0] ]),
		$reader->[1], "$reader->[0] reads the cases of $reader->[1]");
}
is($node->safe_psql('street', q{SELECT count(*) FROM jxlink.case_summary}, extra_params => [ '-U', 'mkt_bureau' ]),
	'0', 'the market bureau reads no section\'s case');
is($node->safe_psql('street', q{SELECT string_agg(jurisdiction || ':' || open, ' ' ORDER BY jurisdiction) FROM jxlink.jurisdiction_open_counts},
		extra_params => [ '-U', 'city_dashboard' ]),
	'350582:0 350582-chidian:0 350582-xintang:0', 'the city dashboard lists every jurisdiction\'s open items');
my ($rc, $out, $err) = $node->psql('street', q{SELECT jxlink.open_case('licensed', 'inspection', 'x', now())},
	extra_params => [ '-U', 'dashboard' ]);
like($err, qr/permission denied|not staff|42501/i, 'the BI login opens no case');

# ---------------------------------------------------------------------------
# 2. The demo in a DBA's existing database, jxlink already installed.
# ---------------------------------------------------------------------------
$node->safe_psql('postgres', 'CREATE DATABASE dba');
$node->safe_psql('dba', 'CREATE EXTENSION jxlink');
$node->command_ok([ 'psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', $node->connstr('dba'), '-f', $demo ],
	'doc/demo.sql loads into an existing database that has jxlink');

my @tables = qw(referral complaint joint_meeting resolution resolution_report share share_recipient share_request
  assistance_request patrol patrol_finding accountability_finding obligation staff unit);
my $counts = join(" || ' ' || ", map { "(SELECT count(*) FROM jxlink.$_)" } @tables);
my $loaded = $node->safe_psql('dba', "SELECT $counts");
my %count;
@count{@tables} = split / /, $loaded;
foreach my $table (@tables)
{
	cmp_ok($count{$table}, '>', 0, "the demo fills jxlink.$table ($count{$table} rows)");
}
is($node->safe_psql('dba', q{SELECT string_agg(DISTINCT outcome, ',' ORDER BY outcome) FROM jxlink.complaint}),
	'handled_on_spot,penalty_due', 'complaints replied to and handled on the spot');
is($node->safe_psql('dba', q{SELECT count(*) FROM jxlink.complaint WHERE referral_id IS NOT NULL}), '1', 'a complaint referred');
is($node->safe_psql('dba', q{SELECT count(*) FROM jxlink.verify_history()}), '0', 'the demo\'s history verifies');

# A second load is refused before any change.
($rc, $out, $err) = $node->psql('dba', '', extra_params => [ '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-f', $demo ]);
isnt($rc, 0, 'a second load of the demo fails');
like($err, qr/demo\.sql loads once per database: database "dba" already has jurisdictions \(350582-xintang\)/,
	'... saying why');
is($node->safe_psql('dba', "SELECT $counts"), $loaded, '... and changes nothing');

# A database with a street of its own (set up from the README) is refused too.
my $street_before = $node->safe_psql('street', q{SELECT count(*) || ' ' || (SELECT count(*) FROM jxlink.staff) FROM jxlink.unit});
($rc, $out, $err) = $node->psql('street', '', extra_params => [ '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-f', $demo ]);
isnt($rc, 0, 'the demo does not load into a database with another street');
like($err, qr/already has jurisdictions \(350582, 350582-chidian, 350582-xintang\)/, '... saying why');
is($node->safe_psql('street', q{SELECT count(*) || ' ' || (SELECT count(*) FROM jxlink.staff) FROM jxlink.unit}),
	$street_before, '... and changes nothing');

$node->stop;
done_testing();
