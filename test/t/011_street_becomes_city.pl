# A populated one-street database upgraded in place becomes the municipal one
# (issue 13, item 4: "its jurisdiction becomes one of many, nothing else
# changes for its users").
#
# For every released version under which doc/demo.sql runs (0.6.0 and later,
# other than the newest): the sample street is populated under that version,
# upgraded with ALTER EXTENSION jxlink UPDATE, then turned into the municipal
# database with jxlink.make_municipal() (doc/municipal.md, step 2) and given a
# second town with the same unit codes.  What each of the street's clerks and
# its BI role read (their rows of the views) is the same before and after;
# the team's clerk still acts in the street; the history verifies.
#
# Run as the postgres user with JXLINK_SRCDIR pointing at the checkout.
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

my $node = PostgreSQL::Test::Cluster->new('street_becomes_city');
$node->init;
$node->start;
my $newest = $node->safe_psql('postgres', q{SELECT default_version FROM pg_available_extensions WHERE name = 'jxlink'});
my @versions = split /\n/, $node->safe_psql('postgres', qq{
SELECT version FROM pg_available_extension_versions
WHERE name = 'jxlink' AND version <> '$newest' AND string_to_array(version, '.')::int[] >= '{0,6,0}'
ORDER BY string_to_array(version, '.')::int[]});
(my $demo_body = slurp_file($demo)) =~ s/^CREATE EXTENSION (?:IF NOT EXISTS )?jxlink;$/-- created before/m;
my %seen;
my @clerks = grep { !$seen{$_}++ } ($demo_body =~ /^\s*SET ROLE\s+(\w+)/mg);
$node->safe_psql('postgres', q{CREATE ROLE street_bi LOGIN});

# What the street's users read: per role, its rows of the views, as one digest
# (SQL, run in the transaction that makes the database municipal: now() is the same).
sub reads_sql
{
	my ($label) = @_;
	return join('', map { qq{SET ROLE "$_";
SELECT '$label $_ ' || md5(string_agg(v, E'\\n' ORDER BY v)) || ' ' || count(*) FROM (
  SELECT 'o ' || x::text FROM jxlink.obligation_status x UNION ALL
  SELECT 'r ' || x::text FROM jxlink.referral_overview x UNION ALL
  SELECT 'u ' || x::text FROM jxlink.unit_scorecard x) s(v);
RESET ROLE;
} } (@clerks, 'street_bi'));
}

my $checked = 0;
foreach my $version (@versions)
{
	my $db = 'v' . ($version =~ s/\./_/gr);
	$node->safe_psql('postgres', "CREATE DATABASE $db");
	$node->safe_psql($db, "CREATE EXTENSION jxlink VERSION '$version'");
	my ($rc, $out, $err) = $node->psql($db, $demo_body, extra_params => [ '-v', 'ON_ERROR_STOP=1' ]);
	if ($rc != 0)
	{
		note("doc/demo.sql does not run under jxlink $version: skipped");
		next;
	}
	$checked++;
	$node->safe_psql($db, 'GRANT jxlink_bi TO street_bi');
	$node->safe_psql($db, 'ALTER EXTENSION jxlink UPDATE');
	my @out = split /\n/, $node->safe_psql($db, 'BEGIN;' . reads_sql('before') . q{
SELECT jxlink.make_municipal('350582', '晋江市', 'Jinjiang');
-- a second town with the same unit codes, its own rows
INSERT INTO jxlink.jurisdiction (code, name_zh, level, parent) VALUES ('350582-cidi', '池店镇', 'town', '350582');
INSERT INTO jxlink.unit (jurisdiction, code, kind, name_zh)
SELECT '350582-cidi', code, kind, name_zh || '（池店）' FROM jxlink.unit WHERE jurisdiction = '350582-xintang';
} . reads_sql('after') . 'COMMIT;');
	my @before = map { s/^before //r } grep { /^before / } @out;
	my @after = map { s/^after //r } grep { /^after / } @out;
	is((grep { /municipal database/ } @out)[0],
		"$db is the municipal database of 350582; 350582-xintang is one of its streets", "$version: the street becomes the city's");
	is(scalar(@before), scalar(@clerks) + 1, "$version: the reads of every clerk and the BI");
	is_deeply(\@after, \@before, "$version: every clerk and the street's BI read the same rows as before ("
		  . scalar(@clerks) . ' clerks)');
	is($node->safe_psql($db, q{SET ROLE xt_team_clerk; SELECT jxlink.local_jurisdiction()}), '350582-xintang',
		"$version: the team's clerk acts in its street");
	my $filed = $node->safe_psql($db, q{SELECT referral_id FROM jxlink.referral WHERE state OPERATOR(jxlink.=) 'filed' ORDER BY referral_id LIMIT 1});
	is( $node->safe_psql($db, qq{SET ROLE xt_team_clerk;
SELECT jxlink.decide_referral('$filed', '晋新综执罚决〔2024〕099号', 'no_penalty');
SELECT jxlink.copy_back_referral('$filed', '抄告移送单位')}),
		"decided\nclosed", "$version: the team's clerk decides and copies back");
	is($node->safe_psql($db, 'SELECT count(*) FROM jxlink.verify_history()'), '0', "$version: the history verifies");
}
ok($checked > 0, "populated streets checked from $checked version(s)");

$node->stop;
done_testing();
