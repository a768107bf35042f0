# A real ODBC client (issue 15, "Time", "Search path and docno", "Types over
# ODBC", "Documentation a BI tool can show").
#
# unixODBC with Debian's psqlODBC (odbc-postgresql), connecting over TCP with
# a password as login roles granted jxlink_bi, on a cluster whose TimeZone is
# Etc/UTC: one login prepared by the DBA with jxlink.prepare_bi_login(role),
# one left as created.  The driver and the DSNs are in files of this test's
# directory (ODBCSYSINI, ODBCINI): nothing is written to /etc.  Reads through
# isql (as a DBA tries it) and DBD::ODBC (which reports the SQL types a BI
# tool sees):
# - every view and set-returning report function jxlink_bi may read, and the
#   data dictionary;
# - local times: a working-day deadline shows as 00:00:00 of the day after its
#   last day for the prepared login (16:00:00 the day before without);
# - booleans as SQL_BIT and text as SQL_VARCHAR with BoolsAsChar=0 and
#   TextAsLongVarchar=0 (as '0'/'1' strings and memo fields with psqlODBC's
#   defaults), numbers as numeric types;
# - Chinese text intact;
# - document numbers: = with a literal, a bound parameter and varchar, and
#   max(), with the prepared login's search path; what fails without it;
# - isql's column listing of a view (SQLColumns) for the prepared login.
#
# Needs unixodbc, odbc-postgresql and libdbd-odbc-perl (test/setup.sh
# installs them).  Run as the postgres user with JXLINK_SRCDIR pointing at
# the checkout (the fixture street is test/fixture/street.sql).
use strict;
use warnings;
use File::Basename qw(dirname);
use File::Spec;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $srcdir = $ENV{JXLINK_SRCDIR}
  // File::Spec->catdir(dirname(File::Spec->rel2abs(__FILE__)), File::Spec->updir, File::Spec->updir);
my $fixture = "$srcdir/test/fixture/street.sql";
plan skip_all => "cannot read $fixture: set JXLINK_SRCDIR" unless -r $fixture;

my ($driver) = grep { -r $_ } (glob('/usr/lib/*/odbc/psqlodbcw.so'), '/usr/lib/odbc/psqlodbcw.so');
my ($isql) = grep { -x $_ } map { "$_/isql" } split(/:/, $ENV{PATH} . ':/usr/bin');
plan skip_all => 'psqlODBC (odbc-postgresql) is not installed: run test/setup.sh' unless $driver;
plan skip_all => 'isql (unixodbc) is not installed: run test/setup.sh' unless $isql;
my $have_dbd = eval { require DBI; require DBD::ODBC; 1 };

# The cluster: TCP on 127.0.0.1 with password authentication, TimeZone UTC
# (the default of a cluster created by pg_createcluster in a UTC container).
my $node = PostgreSQL::Test::Cluster->new('odbc');
$node->init;
$node->append_conf('postgresql.conf', "listen_addresses = '127.0.0.1'\ntimezone = 'Etc/UTC'\n");
$node->append_conf('pg_hba.conf', "host all all 127.0.0.1/32 scram-sha-256\n");
$node->start;
$node->safe_psql('postgres', q{CREATE DATABASE street ENCODING 'UTF8' LOCALE 'C' TEMPLATE template0});
$node->safe_psql('street', 'CREATE EXTENSION jxlink');
$node->command_ok([ 'psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', $node->connstr('street'), '-f', $fixture ],
	'the fixture street loads');

# A referral transferred with letter 新经发移〔2024〕13号 (typed with
# full-width digits, square brackets and 第: stored canonical), its urgent flag set.
$node->safe_psql('street', q{
SET ROLE regress_econ_clerk;
SELECT jxlink.open_case('licensed', 'inspection', '无证经营餐饮（紧急）', '2024-10-21 09:00+08') AS c \gset
SELECT jxlink.create_referral(:'c', true, '2024-10-21 09:00+08') AS r \gset
SELECT jxlink.add_material(:'r', k, k) FROM unnest(ARRAY['transfer_letter', 'case_source', 'preliminary_evidence']) k;
SELECT jxlink.submit_referral(:'r', '2024-10-21 10:00+08');
SET ROLE regress_econ_lead;
SELECT jxlink.approve_referral(:'r', '2024-10-21 11:00+08');
SET ROLE regress_econ_clerk;
SELECT jxlink.transfer_referral(:'r', '新经发移［２０２４］第０１３号', '2024-10-21 14:00+08');
RESET ROLE;
CREATE ROLE odbc_bi LOGIN PASSWORD 'odbc-pw' IN ROLE jxlink_bi;
CREATE ROLE odbc_plain LOGIN PASSWORD 'odbc-pw' IN ROLE jxlink_bi;
CREATE ROLE odbc_nobody LOGIN;
});

# The DBA prepares one login; a role that is no jxlink member is refused and changes nothing.
my $settings = $node->safe_psql('street', q{SELECT jxlink.prepare_bi_login('odbc_bi')});
is($settings, q[{TimeZone=Asia/Shanghai,"search_path=jxlink, \"$user\", public"}],
	'prepare_bi_login sets TimeZone and search_path of the login in this database');
my ($rc, $out, $err) = $node->psql('street', q{SELECT jxlink.prepare_bi_login('odbc_nobody')}, on_error_stop => 1,
	extra_params => [ '-v', 'VERBOSITY=verbose' ]);
like($err, qr/22023.*not a member of a jxlink group role/, 'prepare_bi_login refuses a role outside jxlink (22023)');
is($node->safe_psql('street', q{SELECT count(*) FROM pg_db_role_setting WHERE setrole IN ('odbc_nobody'::regrole, 'odbc_plain'::regrole)}),
	'0', 'the refused and the unprepared role have no settings');

# unixODBC configuration in this test's directory only.
my $dir = PostgreSQL::Test::Utils::tempdir;
my $port = $node->port;
open(my $fh, '>', "$dir/odbcinst.ini") or die;
print $fh "[jxlink-psqlodbc]\nDriver = $driver\n";
close $fh;
my $common = "Driver = jxlink-psqlodbc\nServername = 127.0.0.1\nPort = $port\nDatabase = street\nSSLmode = disable\n";
open($fh, '>', "$dir/odbc.ini") or die;
# [jx_default]: psqlODBC's defaults; [jx_bi]: the settings of doc/bi.md
print $fh "[jx_default]\n$common\n";
print $fh "[jx_bi]\n${common}BoolsAsChar = 0\nTextAsLongVarchar = 0\nMaxVarcharSize = 4000\nUnknownsAsLongVarchar = 0\n";
close $fh;
$ENV{ODBCSYSINI} = $dir;
$ENV{ODBCINI} = "$dir/odbc.ini";

# A value from DBD::ODBC as UTF-8 bytes (the literals of this file are bytes).
sub bytes
{
	my $s = shift;
	utf8::encode($s) if defined $s && utf8::is_utf8($s);
	return $s;
}

# A value as characters, for \p{Han}.
sub chars
{
	my $s = shift // '';
	utf8::decode($s) unless utf8::is_utf8($s);
	return $s;
}

# isql with SQL on stdin, fields separated by |; returns (exit code, stdout, stderr).
sub isql
{
	my ($dsn, $user, $sql) = @_;
	my ($stdout, $stderr);
	my $ok = IPC::Run::run([ $isql, '-b', '-v', '-d|', '-c', $dsn, $user, 'odbc-pw' ], '<', \"$sql\n", '>', \$stdout, '2>', \$stderr);
	return ($ok ? 0 : 1, $stdout // '', $stderr // '');
}

# ---------------------------------------------------------------------------
# isql: local times, Chinese text, document numbers, column listing
# ---------------------------------------------------------------------------
my $q_due = q{SELECT kind, due_at FROM jxlink.obligation WHERE status = 'open' AND jxlink.time_limit_unit(period) = 'workdays' ORDER BY kind};
my $expect_local = $node->safe_psql('street',
	q{SELECT kind || '|' || to_char(due_at AT TIME ZONE jxlink.local_timezone(), 'YYYY-MM-DD HH24:MI:SS')
	  FROM jxlink.obligation WHERE status = 'open' AND jxlink.time_limit_unit(period) = 'workdays' ORDER BY kind});
ok($expect_local =~ /^acknowledge\|\d{4}-\d\d-\d\d 00:00:00$/m, "an open working-day deadline is a local midnight: $expect_local");
my ($r, $o, $e) = isql('jx_bi', 'odbc_bi', $q_due);
like($o, qr/^kind\|due_at\n\Q$expect_local\E\n/, 'the prepared login sees the deadline in local time (00:00:00)');
($r, $o, $e) = isql('jx_bi', 'odbc_plain', $q_due);
like($o, qr/^acknowledge\|\d{4}-\d\d-\d\d 16:00:00$/m, 'without preparation ODBC drops the offset: 16:00:00 UTC the day before');

# a time limit (jxlink.time_limit) arrives as its canonical text, and a literal compares with it
($r, $o, $e) = isql('jx_bi', 'odbc_bi', q{SELECT rule_code, period FROM jxlink.deadline_rule WHERE rule_code LIKE 'transfer%' ORDER BY rule_code});
like($o, qr/^rule_code\|period\ntransfer\|3 工作日\ntransfer_extended\|5 工作日\ntransfer_urgent\|24 小时\n/,
	'isql: time limits arrive as text (3 工作日, 24 小时)');
($r, $o, $e) = isql('jx_bi', 'odbc_bi', q{SELECT count(*) AS n FROM overdue WHERE period = '3 working days' OR period >= '5 工作日'});
like($o, qr/^n\n\d+\n/, 'isql: a time limit compares with a literal in either language (prepared search path)');

($r, $o, $e) = isql('jx_bi', 'odbc_bi', q{SELECT r.letter_no, o.title FROM jxlink.referral r JOIN jxlink.referral_overview o USING (referral_id) WHERE r.letter_no = '新经发移〔2024〕13号'});
like($o, qr/^新经发移〔2024〕13号\|无证经营餐饮（紧急）$/m, 'isql: Chinese text intact, docno = literal with the prepared search path');
($r, $o, $e) = isql('jx_bi', 'odbc_bi', q{SELECT max(letter_no) AS m FROM referral});
like($o, qr/^新经发移〔2024〕13号$/m, 'isql: max(letter_no) with the prepared search path');
($r, $o, $e) = isql('jx_bi', 'odbc_plain', q{SELECT letter_no FROM jxlink.referral WHERE letter_no = '新经发移〔2024〕13号'});
like($o . $e, qr/operator does not exist: jxlink\.docno = unknown/, 'isql: without the prepared search path = is not found (what prepare_bi_login fixes)');
($r, $o, $e) = isql('jx_bi', 'odbc_bi', 'help overdue');
like($o, qr/^street\|jxlink\|overdue\|due_at\|(?:93|11)\|timestamptz\|/m, 'isql: help lists the columns of a view (jxlink first on the search path)');
($r, $o, $e) = isql('jx_bi', 'odbc_plain', 'help overdue');
unlike($o, qr/\|overdue\|/, 'isql: without it the listing is empty (psqlODBC lists the first schema of the path)');

# ---------------------------------------------------------------------------
# DBD::ODBC: SQL types, every view and report function, the data dictionary
# ---------------------------------------------------------------------------
SKIP:
{
	skip 'DBD::ODBC (libdbd-odbc-perl) is not installed: run test/setup.sh', 1 unless $have_dbd;
	my %attr = (RaiseError => 0, PrintError => 0, odbc_ignore_named_placeholders => 1);
	my $bi = DBI->connect('dbi:ODBC:DSN=jx_bi', 'odbc_bi', 'odbc-pw', \%attr)
	  or BAIL_OUT('cannot connect through ODBC: ' . $DBI::errstr);
	my $def = DBI->connect('dbi:ODBC:DSN=jx_default', 'odbc_bi', 'odbc-pw', \%attr)
	  or BAIL_OUT('cannot connect through ODBC: ' . $DBI::errstr);
	is($bi->selectrow_array('SHOW TimeZone'), 'Asia/Shanghai', 'the prepared login runs in jxlink\'s time zone');

	# types (SQL_BIT -7, SQL_VARCHAR 12, SQL_LONGVARCHAR -1, SQL_NUMERIC 2, SQL_BIGINT -5, SQL_INTEGER 4, SQL_TYPE_TIMESTAMP 93, SQL_TYPE_DATE 91)
	my $q = q{SELECT urgent, title, transfer_count, letter_no FROM jxlink.referral_overview WHERE letter_no = '新经发移〔2024〕13号'};
	my $sth = $def->prepare($q);
	$sth->execute;
	my $row = $sth->fetchrow_arrayref;
	is_deeply([ @{ $sth->{TYPE} }[ 0, 1 ] ], [ 12, -1 ], 'psqlODBC defaults: boolean as a character type, text as a memo (SQL_LONGVARCHAR)');
	$sth->finish;
	$sth = $bi->prepare($q);
	$sth->execute;
	$row = $sth->fetchrow_arrayref;
	is_deeply([ @{ $sth->{TYPE} }[ 0, 1 ] ], [ -7, 12 ], 'BoolsAsChar=0, TextAsLongVarchar=0: boolean as SQL_BIT, text as SQL_VARCHAR');
	ok(grep({ $_ == $sth->{TYPE}[2] } (4, -5, 5, 2)), "a count is a number (SQL type $sth->{TYPE}[2])");
	is($row->[0], 1, 'urgent arrives as the number 1 (true)');
	is(bytes($row->[1]), '无证经营餐饮（紧急）', 'Chinese text intact (DBD::ODBC)');
	$sth->finish;
	my $rates = $bi->prepare(q{SELECT * FROM jxlink.unit_totals_for('2024-10-01', '2024-12-31')});
	$rates->execute;
	my %type_of;
	@type_of{ @{ $rates->{NAME_lc} } } = @{ $rates->{TYPE} };
	$rates->finish;
	ok(!grep({ $type_of{$_} == 12 || $type_of{$_} == -1 } grep { /^(total|met_on_time|met_late|.*rate.*)$/ } keys %type_of),
		'unit_totals_for: totals and rates are numeric types, not text: '
		  . join(' ', map { "$_=$type_of{$_}" } sort grep { /^(total|met_on_time|met_late|.*rate.*)$/ } keys %type_of));

	# document numbers: literal, bound parameter (psqlODBC sends it untyped), varchar, max()
	is($bi->selectrow_array(q{SELECT count(*) FROM referral WHERE letter_no = '新经发移〔2024〕13号'}), 1, 'docno = literal');
	is($bi->selectrow_array(q{SELECT count(*) FROM referral WHERE letter_no = ?}, undef, '新经发移[2024]13号'), 1,
		'docno = bound parameter (compares document numbers: [2024] is 〔2024〕)');
	is($bi->selectrow_array(q{SELECT count(*) FROM referral WHERE letter_no = CAST('新经发移〔2024〕13号' AS varchar)}), 1,
		'docno = varchar');
	is($bi->selectrow_array(q{SELECT count(*) FROM referral WHERE letter_no = CAST('新经发移〔2024〕13号' AS varchar(40)) AND letter_no <> CAST('新经发移〔2024〕14号' AS varchar)}), 1,
		'docno = varchar(n) and <>');
	is(bytes(scalar $bi->selectrow_array(q{SELECT max(letter_no) FROM referral})), '新经发移〔2024〕13号', 'max(letter_no)');
	ok(!defined $bi->selectrow_array(q{SELECT count(*) FROM referral WHERE letter_no = CAST('not a number' AS varchar)}),
		'a varchar that is not a document number is refused');
	is($bi->state, '22P02', 'refused with 22P02');

	# referral states (0.11.0): text over ODBC, sorted in lifecycle order; a literal, a bound parameter and a
	# varchar compare as states; a misspelt state is refused
	$sth = $bi->prepare(q{SELECT state, count(*) FROM jxlink.referral_overview GROUP BY state ORDER BY state});
	$sth->execute;
	my $by_state = $sth->fetchall_arrayref;
	is($sth->{TYPE}[0], 12, 'a referral state arrives as text (SQL_VARCHAR)');
	my $sorted = $bi->selectcol_arrayref(q{SELECT state FROM jxlink.referral_states() ORDER BY state DESC});
	is(join(' ', reverse @$sorted),
		'draft awaiting_approval approved transferred returned accepted filed decided closed declined withdrawn',
		'ORDER BY state: lifecycle order, not alphabetical');
	my ($first, $count) = @{ $by_state->[0] };
	is($bi->selectrow_array(q{SELECT count(*) FROM referral WHERE state = ?}, undef, $first), $count, "state = bound parameter ($first)");
	is($bi->selectrow_array(qq{SELECT count(*) FROM referral WHERE state = CAST('$first' AS varchar)}), $count, 'state = varchar');
	ok(!defined $bi->selectrow_array(q{SELECT count(*) FROM referral WHERE state = 'transfered'}),
		'a misspelt state is refused, not an empty result');
	is($bi->state, '22P02', 'refused with 22P02');
	ok(!defined $bi->selectrow_array(q{SELECT count(*) FROM referral WHERE state = ?}, undef, 'transfered'),
		'a misspelt state as a bound parameter is refused');
	is($bi->state, '22P02', 'refused with 22P02');

	# every view and report function jxlink_bi may read
	my @views = split / /, $node->safe_psql('street', q{SELECT string_agg(relname, ' ' ORDER BY relname) FROM pg_class
		WHERE relnamespace = 'jxlink'::regnamespace AND relkind = 'v' AND has_table_privilege('jxlink_bi', oid, 'SELECT')});
	ok(@views >= 15, 'jxlink_bi reads ' . scalar(@views) . ' views');
	foreach my $v (@views)
	{
		my $s = $bi->prepare("SELECT * FROM jxlink.$v");
		ok($s && $s->execute && defined($s->fetchall_arrayref) && !$s->err, "view $v reads over ODBC")
		  or diag($bi->errstr);
	}
	my %arg = ('timestamp with time zone' => q{'2024-12-31 00:00+08'}, 'date' => undef, 'text[]' => q{ARRAY['350582-xintang']});
	my @functions = split /\n/, $node->safe_psql('street', q{SELECT p.proname || '|' || coalesce(array_to_string(array(
		SELECT format_type(t, NULL) FROM unnest(p.proargtypes) t), ','), '') FROM pg_proc p
		WHERE p.pronamespace = 'jxlink'::regnamespace AND p.proretset AND has_function_privilege('jxlink_bi', p.oid, 'EXECUTE')
		ORDER BY 1});
	ok(@functions >= 8, 'jxlink_bi may call ' . scalar(@functions) . ' report functions');
	foreach my $f (@functions)
	{
		my ($name, $types) = split /\|/, $f, 2;
		my @dates = (q{'2024-10-01'}, q{'2024-12-31'});
		my @args = map { $_ eq 'date' ? shift(@dates) : $arg{$_} // die "no argument for $_ of $name" } grep { length } split /,/, $types;
		my $s = $bi->prepare("SELECT * FROM jxlink.$name(" . join(', ', @args) . ')');
		ok($s && $s->execute && defined($s->fetchall_arrayref) && !$s->err, "function $name reads over ODBC")
		  or diag($bi->errstr);
	}

	# the data dictionary: the meaning of a view's column, in Chinese and English
	my $dd = $bi->selectrow_arrayref(q{SELECT data_type, meaning_zh, meaning_en FROM jxlink.data_dictionary
		WHERE object_name = 'referral' AND column_name = 'letter_no'});
	ok($dd && $dd->[0] =~ /^(?:jxlink\.)?docno$/ && chars($dd->[1]) =~ /\p{Han}/ && $dd->[2] =~ /[a-z]/,
		'the data dictionary gives type and meaning of referral.letter_no: ' . join(' / ', map { bytes($_ // 'NULL') } @{ $dd || [] }));
	my $n = $bi->selectrow_array(q{SELECT count(*) FROM jxlink.data_dictionary WHERE object_kind = 'view' AND column_name IS NULL});
	is($n, scalar(@views), 'the data dictionary lists every view jxlink_bi reads');
	$bi->disconnect;
	$def->disconnect;
}

$node->stop;
done_testing();
