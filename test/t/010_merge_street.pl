# From one street to the city (issue 13, item 4), by the procedure of
# doc/municipal.md.
#
# Node 1: street A (the sample street of doc/demo.sql, 350582-xintang) is
# populated under 0.11.0, upgraded in place to the current version and keeps
# working (a clerk's transitions, the views, verify_history()); it is turned
# into the municipal database of the city 350582 (jxlink.make_municipal()).
# Node 2: street B (350582-chendai), a separate cluster, populated by the same
# demo with the same unit codes and the same document issuer, its own login
# roles (cd_*).  B is exported there (jxlink.merge_export()) and merged into
# node 1 (jxlink.merge_import()): each refusal first, with its SQLSTATE and
# nothing changed; then the merge, after which B's manifest (rows and
# checksums per table) is the same on both sides, A's is unchanged, the
# history verifies, B's document series goes on after B's last number, and
# B's clerks act on B's rows and not on A's.
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

my $A = '350582-xintang';
my $B = '350582-chendai';
my $tmp = PostgreSQL::Test::Utils::tempdir;

(my $demo_body = slurp_file($demo)) =~ s/^CREATE EXTENSION (?:IF NOT EXISTS )?jxlink;$/-- created before/m;
# Street B: the same demo, its own code and roles (the unit codes and issuers stay the same).
(my $demo_b = $demo_body) =~ s/350582-xintang/$B/g;
$demo_b =~ s/\bxt_/cd_/g;
my %seen;
my @roles_b = grep { !$seen{$_}++ } ($demo_b =~ /\b(cd_\w+)/g);

my $node1 = PostgreSQL::Test::Cluster->new('city');
$node1->init;
$node1->start;
my $node2 = PostgreSQL::Test::Cluster->new('street_b');
$node2->init;
$node2->start;
my $newest = $node1->safe_psql('postgres', q{SELECT default_version FROM pg_available_extensions WHERE name = 'jxlink'});

# The SQLSTATE of a statement that fails, or 'ok'.
sub sqlstate
{
	my ($node, $db, $sql) = @_;
	my ($rc, $out, $err) = $node->psql($db, "\\set VERBOSITY sqlstate\n$sql", on_error_stop => 1);
	return 'ok' if $rc == 0;
	return $err =~ /ERROR:\s+([0-9A-Z]{5})/ ? $1 : "rc=$rc: $err";
}

# Every row of every table of the extension and every sequence, as one fingerprint.
sub fingerprint
{
	my ($node, $db) = @_;
	my ($rc, $out, $err) = $node->psql($db, q{
DO $$ DECLARE t regclass; k "char"; acc text; BEGIN
  FOR t, k IN SELECT c.oid::regclass, c.relkind FROM pg_class c WHERE c.relnamespace = 'jxlink'::regnamespace AND c.relkind IN ('r', 'S') ORDER BY c.relname LOOP
    EXECUTE CASE k WHEN 'S' THEN format('SELECT x.last_value || '' '' || x.is_called FROM %s x', t)
                   ELSE format('SELECT md5(coalesce(string_agg(x::text, '','' ORDER BY x::text), '''')) FROM %s x', t) END INTO acc;
    RAISE NOTICE '% %', t, acc;
  END LOOP; END $$});
	die "fingerprint: $err" if $rc != 0;
	return $err;
}

# A refusal: its SQLSTATE, and the database as it was.
sub refused
{
	my ($node, $db, $sql, $state, $name) = @_;
	my $before = fingerprint($node, $db);
	is(sqlstate($node, $db, $sql), $state, "$name: refused ($state)");
	is(fingerprint($node, $db), $before, "$name: nothing changed");
}

# ---------------------------------------------------------------------------
# 1. Street A, populated under 0.11.0, upgraded in place.
$node1->safe_psql('postgres', 'CREATE DATABASE city');
$node1->safe_psql('city', q{CREATE EXTENSION jxlink VERSION '0.11.0'});
$node1->safe_psql('city', $demo_body);
$node1->safe_psql('city', q{SET ROLE xt_team_clerk; SELECT jxlink.next_docno('晋新综执立', 2025); SELECT jxlink.next_docno('晋新综执立', 2025)});
is($node1->safe_psql('city', 'SELECT count(*) FROM jxlink.verify_history()'), '0', 'A at 0.11.0: the history verifies');
my $history_a = $node1->safe_psql('city', 'SELECT count(*) FROM jxlink.referral_history');

$node1->safe_psql('city', 'ALTER EXTENSION jxlink UPDATE');
is($node1->safe_psql('city', q{SELECT extversion FROM pg_extension WHERE extname = 'jxlink'}), $newest, "A upgraded in place to $newest");
is($node1->safe_psql('city', q{SELECT code || ' ' || level || ' ' || is_local || ' ' || coalesce(parent, '-') FROM jxlink.jurisdiction}),
	"$A street true -", 'A is the one street of its database, at home');
is($node1->safe_psql('city', 'SELECT count(*) FROM jxlink.verify_history()'), '0', 'A upgraded: the history verifies');

# It keeps working: the team's clerk decides a filed referral and copies it back; the views read.
my $filed_a = $node1->safe_psql('city', q{SELECT referral_id FROM jxlink.referral WHERE state OPERATOR(jxlink.=) 'filed' ORDER BY referral_id LIMIT 1});
isnt($filed_a, '', 'A: the demo leaves a filed referral');
is( $node1->safe_psql('city', qq{SET ROLE xt_team_clerk;
SELECT jxlink.decide_referral('$filed_a', '晋新综执罚决〔2024〕099号', 'no_penalty');
SELECT jxlink.copy_back_referral('$filed_a', '抄告移送单位');
SELECT jxlink.local_jurisdiction()}),
	"decided\nclosed\n$A", 'A upgraded: the clerk acts as before, in A');
is($node1->safe_psql('city', 'SELECT count(*) FROM jxlink.referral_history'), $history_a + 2, 'A upgraded: one history row per transition');
is( $node1->safe_psql('city', q{SET ROLE xt_team_clerk;
SELECT (SELECT count(*) FROM jxlink.obligation_status) > 0 AND (SELECT count(*) FROM jxlink.referral_overview) > 0}),
	't', 'A upgraded: the clerk reads the views');
is($node1->safe_psql('city', 'SELECT count(*) FROM jxlink.verify_history()'), '0', 'A upgraded: the chain goes on intact');
# Street A's document series: two numbers so far this year.
is($node1->safe_psql('city', q{SELECT last_number FROM jxlink.docno_counter WHERE issuer = '晋新综执立' AND year = 2025}), '2',
	'A: its series is at 2');

# ---------------------------------------------------------------------------
# 2. A becomes the municipal database.
is(sqlstate($node1, 'city', q{SET ROLE xt_team_clerk; SELECT jxlink.make_municipal('350582', '晋江市')}), '42501',
	'a clerk does not make the database municipal');
is($node1->safe_psql('city', q{SELECT jxlink.make_municipal('350582', '晋江市', 'Jinjiang')}),
	"city is the municipal database of 350582; $A is one of its streets", 'make_municipal(): the city registered');
is( $node1->safe_psql('city', q{SELECT string_agg(code || ' ' || level || ' ' || is_local || ' ' || coalesce(parent, '-'), ', ' ORDER BY code) FROM jxlink.jurisdiction}),
	"350582 city true -, $A street false 350582", 'the city is at home; A is its street');
refused($node1, 'city', q{SELECT jxlink.make_municipal('350582x', '晋江市')}, '55000', 'make_municipal() a second time');
is($node1->safe_psql('city', q{SET ROLE xt_team_clerk; SELECT jxlink.local_jurisdiction()}), $A, "A's clerk still acts in A");
my $manifest_a = $node1->safe_psql('city', qq{SELECT * FROM jxlink.merge_manifest('$A')});
refused($node1, 'city', qq{SELECT * FROM jxlink.merge_export('$A')}, '55000', 'merge_export() from a database that is not one street\'s');

# ---------------------------------------------------------------------------
# 3. Street B, its own cluster, the same units and issuer.
$node2->safe_psql('postgres', 'CREATE DATABASE street');
$node2->safe_psql('street', 'CREATE EXTENSION jxlink');
$node2->safe_psql('street', $demo_b);
$node2->safe_psql('street', q{SET ROLE cd_team_clerk; SELECT jxlink.next_docno('晋新综执立', 2025) FROM generate_series(1, 3)});
my $anchor_b = $node2->safe_psql('street', 'SELECT jxlink.history_anchor()');
# a closure of B's own (a typhoon), which comes along with B's rows
$node2->safe_psql('street', qq{INSERT INTO jxlink.calendar_closure (jurisdiction, day, name_zh) VALUES ('$B', '2025-03-05', '台风停工')});
is($node2->safe_psql('street', 'SELECT count(*) FROM jxlink.verify_history()'), '0', 'B: the history verifies');
is( $node2->safe_psql('street', q{SELECT count(*) FROM jxlink.unit u WHERE u.code IN ('team', 'sec-econ', 'agy-amr')}), '3',
	'B has the same unit codes as A');
refused($node2, 'street', q{SELECT * FROM jxlink.merge_export('nowhere')}, '22023', 'merge_export() of an unknown jurisdiction');
my $manifest_b = $node2->safe_psql('street', qq{SELECT * FROM jxlink.merge_manifest('$B')});
my $rows_b = $node2->safe_psql('street', qq{SELECT sum(rows) FROM jxlink.merge_manifest('$B')});
cmp_ok($rows_b, '>', 100, "B's manifest counts its rows ($rows_b)");
my $file = "$tmp/street_b.merge";
$node2->safe_psql('street', qq{COPY (SELECT * FROM jxlink.merge_export('$B')) TO '$file'});

# ---------------------------------------------------------------------------
# 4. The merge: the refusals first, then the merge.
my $staging = q{CREATE TABLE public.street_merge (row_no bigint, table_name text, row_data jsonb)};
$node1->safe_psql('city', $staging);
$node1->safe_psql('city', qq{COPY public.street_merge FROM '$file'});

refused($node1, 'city', q{SELECT * FROM jxlink.merge_import('public.street_merge')}, '42704', "B's roles do not exist in the city's cluster");
foreach my $role (@roles_b)
{
	$node1->safe_psql('postgres', qq{CREATE ROLE "$role" LOGIN IN ROLE jxlink_clerk});
}
# an altered copy of the export, for each refusal of its content
sub variant
{
	my ($name, $update) = @_;
	$node1->safe_psql('city', qq{CREATE TABLE public.$name AS TABLE public.street_merge; $update});
	return "public.$name";
}
my $v = variant('v_version', q{UPDATE public.v_version SET row_data = jsonb_set(row_data, '{version}', '"0.11.0"') WHERE table_name = '#header'});
refused($node1, 'city', qq{SELECT * FROM jxlink.merge_import('$v')}, '55000', 'a version mismatch');
$v = variant('v_city', q{UPDATE public.v_city SET row_data = jsonb_set(row_data, '{jurisdiction,level}', '"city"') WHERE table_name = '#header'});
refused($node1, 'city', qq{SELECT * FROM jxlink.merge_import('$v')}, '55000', 'an export that is not one street\'s');
$v = variant('v_code', qq{UPDATE public.v_code SET row_data = jsonb_set(row_data, '{jurisdiction,code}', '"$A"') WHERE table_name = '#header'});
refused($node1, 'city', qq{SELECT * FROM jxlink.merge_import('$v')}, '42710', 'a jurisdiction code that exists');
$v = variant('v_staff', q{UPDATE public.v_staff SET row_data = jsonb_set(row_data, '{role_name}', '"xt_team_clerk"') WHERE table_name = 'jxlink.staff' AND row_data->>'role_name' = 'cd_team_clerk'});
refused($node1, 'city', qq{SELECT * FROM jxlink.merge_import('$v')}, '42710', 'a role already staff in A');
$v = variant('v_tamper', q{UPDATE public.v_tamper SET row_data = jsonb_set(row_data, '{name_zh}', '"改过的名称"') WHERE table_name = 'jxlink.unit' AND row_data->>'code' = 'team'});
refused($node1, 'city', qq{SELECT * FROM jxlink.merge_import('$v')}, '22000', 'rows that differ from the manifest');
$v = variant('v_other', qq{UPDATE public.v_other SET row_data = jsonb_set(row_data, '{jurisdiction}', '"$A"') WHERE table_name = 'jxlink.liaison'});
refused($node1, 'city', qq{SELECT * FROM jxlink.merge_import('$v')}, '22023', 'rows of another jurisdiction');
refused($node1, 'city', qq{SELECT * FROM jxlink.merge_import('public.street_merge', '$A')}, '55000', 'into a street, not a city');
refused($node1, 'city', q{SELECT * FROM jxlink.merge_import('pg_catalog.pg_class')}, '42703', 'a table that is no export');
is(sqlstate($node1, 'city', q{SET ROLE xt_team_clerk; SELECT * FROM jxlink.merge_import('public.street_merge')}), '42501',
	'a clerk does not merge');

# the city seals its finished quarters (0.13.0): the merge then seals the street's too
cmp_ok($node1->safe_psql('city', 'SELECT jxlink.seal_quarters()'), '>', 0, 'A: its finished quarters sealed');
my $merged = $node1->safe_psql('city', q{SELECT * FROM jxlink.merge_import('public.street_merge')});
is($merged, $manifest_b, 'merged: merge_import() returns the manifest of B as it was in its own database');
is($node1->safe_psql('city', qq{SELECT * FROM jxlink.merge_manifest('$B')}), $manifest_b, "merged: B's rows and checksums equal on both sides");
is($node1->safe_psql('city', qq{SELECT * FROM jxlink.merge_manifest('$A')}), $manifest_a, "merged: A's rows untouched");
is( $node1->safe_psql('city', q{SELECT string_agg(code || ' ' || level || ' ' || is_local || ' ' || coalesce(parent, '-'), ', ' ORDER BY code) FROM jxlink.jurisdiction}),
	"350582 city true -, $B street false 350582, $A street false 350582", 'merged: B is a street of the city');
is($node1->safe_psql('city', 'SELECT count(*) FROM jxlink.verify_history()'), '0', 'merged: the history verifies');
is( $node1->safe_psql('city', qq{SELECT count(*) > 0 AND bool_and(s.judged_at = jxlink.quarter_judged_at(s.quarter_start))
                                FROM jxlink.quarter_sealed s WHERE s.jurisdiction = '$B'}), 't', "merged: B's finished quarters sealed");
is( $node1->safe_psql('city', qq{
SELECT bool_and(a.x IS NOT DISTINCT FROM b.x) FROM jxlink.quarter_sealed s
CROSS JOIN LATERAL (SELECT array_agg(t::text ORDER BY t::text) AS x
                    FROM jxlink.scorecard_tally_at(s.quarter_start, (s.quarter_start + interval '3 months - 1 day')::date, s.judged_at) t
                    WHERE t.jurisdiction = s.jurisdiction) a
CROSS JOIN LATERAL (SELECT array_agg(t::text ORDER BY t::text) AS x
                    FROM jxlink.obligation_tally_at(s.judged_at, s.quarter_start, (s.quarter_start + interval '3 months - 1 day')::date) t
                    WHERE t.jurisdiction = s.jurisdiction) b
WHERE s.jurisdiction IN ('$A', '$B')}), 't', "merged: the sealed counts of A and B equal the ledger's");
is( $node1->safe_psql('city', q{SELECT count(DISTINCT jurisdiction) FROM jxlink.referral_history}),
	'2', 'merged: both streets have history');
is($node1->safe_psql('city', q{SELECT string_agg(jurisdiction || ' ' || day, ', ') FROM jxlink.calendar_closure}), "$B 2025-03-05",
	"merged: B's closure came along, for B only");
refused($node1, 'city', q{SELECT * FROM jxlink.merge_import('public.street_merge')}, '42710', 'merging B a second time');
# B's anchor, taken in its own database: its rows and digest, at the entry moved up with the history.
is( $node1->safe_psql('city', qq{
SELECT (s).entries = a.entries AND (s).digest = a.digest AND a.upto > (SELECT max(entry_no) FROM jxlink.referral_history WHERE jurisdiction = '$A')
FROM jxlink.referral_history_anchor a, jxlink.history_anchor_state(a.jurisdiction, a.upto) s WHERE a.jurisdiction = '$B'}),
	't', "merged: B's anchor covers the same history rows");
unlike($anchor_b, qr/rows=0 /, 'B\'s anchor covers rows');

# ---------------------------------------------------------------------------
# 5. B's clerks work in the city's database, in B only; A's go on in A.
is($node1->safe_psql('city', q{SET ROLE cd_team_clerk; SELECT jxlink.local_jurisdiction() || ' ' || jxlink.next_docno('晋新综执立', 2025)::text}),
	"$B 晋新综执立〔2025〕4号", "B's series goes on after B's last number");
is($node1->safe_psql('city', q{SET ROLE xt_team_clerk; SELECT jxlink.local_jurisdiction() || ' ' || jxlink.next_docno('晋新综执立', 2025)::text}),
	"$A 晋新综执立〔2025〕3号", "A's series goes on after A's last number");
is( $node1->safe_psql('city', qq{SET ROLE cd_team_clerk;
SELECT count(*) FILTER (WHERE jurisdiction = '$B') > 0 AND count(*) FILTER (WHERE jurisdiction <> '$B') = 0 FROM jxlink.referral}),
	't', "B's clerk reads B's referrals and none of A's");
my $filed_b = $node1->safe_psql('city', qq{SELECT referral_id FROM jxlink.referral WHERE jurisdiction = '$B' AND state OPERATOR(jxlink.=) 'filed' ORDER BY referral_id LIMIT 1});
isnt($filed_b, '', 'B has a filed referral');
refused($node1, 'city', qq{SET ROLE cd_team_clerk; SELECT jxlink.decide_referral('$filed_a', '晋新综执罚决〔2024〕100号', 'no_penalty')},
	'42501', "B's clerk on A's referral");
is( $node1->safe_psql('city', qq{SET ROLE cd_team_clerk;
SELECT jxlink.decide_referral('$filed_b', '晋新综执罚决〔2024〕099号', 'no_penalty');
SELECT jxlink.copy_back_referral('$filed_b', '抄告移送单位')}),
	"decided\nclosed", "B's clerk acts on B's referral in the city's database");
is( $node1->safe_psql('city', qq{SELECT min(jurisdiction) || ' ' || count(*) FROM jxlink.referral_history WHERE referral_id = '$filed_b'}),
	"$B " . $node2->safe_psql('street', qq{SELECT count(*) + 2 FROM jxlink.referral_history WHERE referral_id = '$filed_b'}),
	"B's referral: its history goes on in B");
is($node1->safe_psql('city', 'SELECT count(*) FROM jxlink.verify_history()'), '0', 'after new transitions in both streets the history verifies');
is( $node1->safe_psql('city', qq{SELECT count(*) FROM jxlink.referral_history h WHERE h.jurisdiction = '$B' AND h.seq = 1 AND h.chain_no IS NULL}),
	'0', "B's creations keep their chain numbers");

$node1->stop;
$node2->stop;
done_testing();
