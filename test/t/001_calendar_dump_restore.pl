# Dump and restore of a database with jxlink and an administrator's calendar
# changes: the restored database has the same calendar (no shipped row
# duplicated, every added or edited row kept) and gives the same answers.
# The procedure is the one the README documents: pg_dump, then pg_restore
# (or psql for a plain dump) into a new empty database, triggers enabled.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $node = PostgreSQL::Test::Cluster->new('calendar_dump');
$node->init;
$node->start;

$node->safe_psql('postgres', 'CREATE DATABASE src');
$node->safe_psql('src', q{
CREATE EXTENSION jxlink;
-- a local closure added by an administrator
INSERT INTO jxlink.calendar_day (day, kind, name_zh, name_en, source)
VALUES ('2024-10-08', 'holiday', '台风停工', 'Typhoon closure', 'street office notice');
-- shipped rows corrected by an administrator
UPDATE jxlink.calendar_day SET name_en = 'National Day (PRC)' WHERE day = '2024-10-02';
UPDATE jxlink.calendar_day SET kind = 'workday', name_zh = '补班', name_en = 'Local make-up day'
WHERE day = '2026-10-07';
-- next year's schedule, published after the release
INSERT INTO jxlink.calendar_year (year, source) VALUES (2027, 'State Council notice for 2027');
INSERT INTO jxlink.calendar_day (day, kind, name_zh, name_en, source)
VALUES ('2027-01-01', 'holiday', '元旦', 'New Year''s Day', 'State Council notice for 2027');
-- local closures of a municipal database: one for the city, one for a town under it
INSERT INTO jxlink.jurisdiction (code, name_zh, level) VALUES ('350582', '晋江市', 'city');
INSERT INTO jxlink.jurisdiction (code, name_zh, level, parent) VALUES ('350582-chidian', '池店镇', 'town', '350582');
INSERT INTO jxlink.calendar_closure (jurisdiction, day, name_zh, document, declared_by, declared_at) VALUES
    ('350582', '2024-10-11', '台风全市停工', '晋政〔2024〕1号', 'city admin', '2024-10-10 18:00+08'),
    ('350582-chidian', '2024-10-14', '池店停电', NULL, 'town admin', '2024-10-13 18:00+08');
});

# The whole calendar as text, the answers over five years, one deadline.
my $calendar_sql = q{
SELECT string_agg(concat_ws('|', day, kind, name_zh, name_en, source, origin), E'\n' ORDER BY day)
FROM jxlink.calendar_day};
my $years_sql = q{
SELECT string_agg(concat_ws('|', year, source, origin), E'\n' ORDER BY year) FROM jxlink.calendar_year};
my $answers_sql = q{
SELECT md5(string_agg(concat_ws(' ', d, jxlink.is_workday(d::date), jxlink.add_workdays(d::date, 3),
                                 jxlink.add_workdays(d::date, -2), jxlink.is_provisional(d::date),
                                 jxlink.workdays_between('2023-01-01', d::date)), ',' ORDER BY d))
FROM generate_series(DATE '2023-01-01', DATE '2027-12-31', '1 day') AS d};
my $deadline_sql = q{
SELECT jxlink.workday_deadline('2024-09-27 10:00+08', 3) AT TIME ZONE 'Asia/Shanghai',
       jxlink.is_workday('2026-10-07'), jxlink.is_provisional('2027-06-01'), jxlink.calendar_version()};

my $closure_sql = q{
SELECT string_agg(concat_ws('|', jurisdiction, day, name_zh, name_en, document, declared_by, declared_at), E'\n'
                  ORDER BY jurisdiction, day) FROM jxlink.calendar_closure};
my $local_sql = q{
SELECT jxlink.add_workdays('2024-10-09', 3, '350582-chidian'), jxlink.workdays_between('2024-10-01', '2024-10-31', '350582'),
       jxlink.calendar_version('350582-chidian') <> jxlink.calendar_version()};

my %want = (
	closures => $node->safe_psql('src', $closure_sql),
	local => $node->safe_psql('src', $local_sql),
	calendar => $node->safe_psql('src', $calendar_sql),
	years => $node->safe_psql('src', $years_sql),
	answers => $node->safe_psql('src', $answers_sql),
	deadline => $node->safe_psql('src', $deadline_sql));

is($want{deadline} =~ /^2024-10-10 00:00:00\|t\|f\|/ ? 1 : 0, 1,
	'source database uses the closure, the edited row and the 2027 schedule')
  or diag($want{deadline});
is($want{local}, '2024-10-15|17|t', 'source database uses the city and town closures') or diag($want{local});

# Compare one database with the source.
sub same_as_source
{
	my ($db, $how) = @_;
	is($node->safe_psql($db, $calendar_sql), $want{calendar}, "$how: calendar_day identical");
	is($node->safe_psql($db, $years_sql), $want{years}, "$how: calendar_year identical");
	is($node->safe_psql($db, $answers_sql), $want{answers}, "$how: same answers 2023-2027");
	is($node->safe_psql($db, $deadline_sql), $want{deadline}, "$how: same deadline and calendar version");
	is($node->safe_psql($db, $closure_sql), $want{closures}, "$how: calendar_closure identical");
	is($node->safe_psql($db, $local_sql), $want{local}, "$how: same answers in the jurisdictions' calendars");
	is($node->safe_psql($db, q{SELECT count(*) FROM jxlink.calendar_day WHERE origin = 'shipped'}),
		$node->safe_psql('src', q{SELECT count(*) FROM jxlink.calendar_day WHERE origin = 'shipped'}),
		"$how: shipped rows neither duplicated nor lost");
}

my $tmp = PostgreSQL::Test::Utils::tempdir;

# Custom format through pg_restore.
$node->command_ok([ 'pg_dump', '-Fc', '-f', "$tmp/src.dump", '-d', 'src' ], 'pg_dump -Fc');
$node->safe_psql('postgres', 'CREATE DATABASE restored');
$node->command_ok([ 'pg_restore', '--exit-on-error', '-d', 'restored', "$tmp/src.dump" ],
	'pg_restore into an empty database');
same_as_source('restored', 'pg_restore');

# Plain format through psql.
$node->command_ok([ 'pg_dump', '-f', "$tmp/src.sql", '-d', 'src' ], 'pg_dump plain');
$node->safe_psql('postgres', 'CREATE DATABASE replayed');
$node->command_ok([ 'psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', 'replayed', '-f', "$tmp/src.sql" ],
	'plain dump replayed with psql');
same_as_source('replayed', 'plain dump');

# A second round trip, from the restored database: nothing accumulates.
$node->command_ok([ 'pg_dump', '-Fc', '-f', "$tmp/again.dump", '-d', 'restored' ], 'pg_dump of the restored database');
$node->safe_psql('postgres', 'CREATE DATABASE again');
$node->command_ok([ 'pg_restore', '--exit-on-error', '-d', 'again', "$tmp/again.dump" ], 'second pg_restore');
same_as_source('again', 'second round trip');

$node->stop;
done_testing();
