# The ledger's periods across the upgrade to 0.8.0.
#
# Releases 0.5.0 to 0.7.0 forced due times into the ledger (period 'fixed'):
# a share request with an agreed last day, a resolution report at a meeting.
# For each of them: the street of test/fixture/street.sql acts under that
# version (a request with an agreed day, one without; a joint meeting adopting
# two resolutions, a next meeting where one owner reports and the other does
# not, its minutes issued), then the extension is upgraded.  Afterwards no
# obligation has the period 'fixed'; the agreed day is the period
# 'agreed_day' with the same due time; the report not made is owed at the next
# meeting, due at the end of that meeting's day, and the move is recorded;
# every explanation ends on its obligation's own last day and due time.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $srcdir = $ENV{JXLINK_SRCDIR} or die "JXLINK_SRCDIR is not set";
my $fixture = "$srcdir/test/fixture/street.sql";
plan skip_all => "cannot read $fixture" if !-r $fixture;

my $node = PostgreSQL::Test::Cluster->new('upgrade_ledger');
$node->init;
$node->start;

my $newest = $node->safe_psql('postgres', q{SELECT default_version FROM pg_available_extensions WHERE name = 'jxlink'});
my @versions = grep { $_ ne $newest } split /\n/, $node->safe_psql('postgres', q{
SELECT version FROM pg_available_extension_versions
WHERE name = 'jxlink' AND string_to_array(version, '.')::int[] >= '{0,5,0}' AND string_to_array(version, '.')::int[] < '{0,8,0}'
ORDER BY string_to_array(version, '.')::int[]});
ok(@versions >= 1, "releases with meetings and share requests before 0.8.0 (which forced due times): @versions");

# What the clerks do under the old version, as the street's roles.
my $workflow = q{
SET TimeZone = 'Asia/Shanghai';
INSERT INTO jxlink.joint_meeting_member (unit_id, role)
SELECT unit_id, CASE code WHEN 'TEAM' THEN 'office' ELSE 'member' END FROM jxlink.unit;
CREATE TEMP TABLE m (n int, id uuid);
GRANT ALL ON m TO PUBLIC;
SET ROLE regress_eco_clerk;
SELECT jxlink.request_share((SELECT unit_id FROM jxlink.unit WHERE code = 'SEC-PLAN'), 'permits_filings', '许可清单',
                            '2024-10-25', '2024-10-16 09:00+08');
SELECT jxlink.request_share((SELECT unit_id FROM jxlink.unit WHERE code = 'SEC-PLAN'), 'permits_filings', '备案清单',
                            NULL, '2024-10-16 09:00+08');
SET ROLE regress_team_clerk;
INSERT INTO m SELECT 1, jxlink.schedule_meeting('2024-10-11 09:00+08');
SELECT jxlink.hold_meeting((SELECT id FROM m WHERE n = 1), '2024-10-11 09:00+08', '党工委副书记',
                           ARRAY(SELECT unit_id FROM jxlink.unit WHERE code IN ('TEAM', 'SEC-PLAN', 'SEC-ECON')));
SELECT jxlink.adopt_resolution((SELECT id FROM m WHERE n = 1), '夜市占道经营联合整治',
                               ARRAY(SELECT unit_id FROM jxlink.unit WHERE code IN ('SEC-PLAN', 'SEC-ECON')));
INSERT INTO m SELECT 2, jxlink.schedule_meeting('2025-01-10 09:00+08');
SELECT jxlink.hold_meeting((SELECT id FROM m WHERE n = 2), '2025-01-10 15:00+08', '党工委副书记',
                           ARRAY(SELECT unit_id FROM jxlink.unit WHERE code IN ('TEAM', 'SEC-PLAN', 'SEC-ECON')));
SET ROLE regress_econ_clerk;
SELECT jxlink.report_resolution((SELECT resolution_id FROM jxlink.resolution), (SELECT id FROM m WHERE n = 2),
                                'done', '已完成');
SET ROLE regress_team_clerk;
SELECT jxlink.close_meeting((SELECT id FROM m WHERE n = 2), '新塘联席纪〔2025〕1号', '2025-01-13');
RESET ROLE;
};

foreach my $version (@versions)
{
	(my $db = "ledger_$version") =~ s/\W/_/g;
	$node->safe_psql('postgres', "CREATE DATABASE $db");
	$node->safe_psql($db, "CREATE EXTENSION jxlink VERSION '$version'");
	my ($rc, $out, $err) = $node->psql($db, slurp_file($fixture) . $workflow, on_error_stop => 1);
	is($rc, 0, "$db: the street acts under $version") or diag($err), next;

	my $before = $node->safe_psql($db, q{
SELECT string_agg(format('%s %s %s %s', o.kind, o.subject_title, o.period_unit, o.due_at), E'\n'
                  ORDER BY o.kind, o.subject_title, o.status)
FROM jxlink.obligation o
WHERE o.kind IN ('share_request', 'resolution_report')});
	like($before, qr/fixed/, "$db: $version forced due times ('fixed')");

	$node->safe_psql($db, 'ALTER EXTENSION jxlink UPDATE');
	is($node->safe_psql($db, q{SELECT extversion FROM pg_extension WHERE extname = 'jxlink'}), $newest,
		"$db: upgraded to $newest");

	is( $node->safe_psql($db, q{
SELECT count(*) FROM jxlink.obligation o
WHERE jxlink.time_limit_unit(o.period) <> 'next_meeting' AND o.derivation IS NULL
  AND NOT EXISTS (SELECT 1 FROM jxlink.obligation_move m WHERE m.obligation_id = o.obligation_id)
  AND o.started_at OPERATOR(jxlink.+) o.period <> o.due_at}), '0',
		"$db: every period is one time limit (no 'fixed' left): start + period is the due time");
	is( $node->safe_psql($db, q{
SELECT format('%s %s %s', period, due_date, due_at AT TIME ZONE 'Asia/Shanghai')
FROM jxlink.obligation WHERE kind = 'share_request' AND subject_title = '许可清单'}),
		'9 日 2024-10-25 2024-10-26 00:00:00',
		"$db: the agreed last day is the period 9 日 (agreed_day), its due time unchanged");
	is( $node->safe_psql($db, q{
SELECT string_agg(format('%s %s %s %s %s', u.code, o.status, o.period, o.due_date,
                         o.due_at AT TIME ZONE 'Asia/Shanghai'), E'\n' ORDER BY u.code)
FROM jxlink.obligation o JOIN jxlink.unit u ON u.unit_id = o.owner_unit WHERE o.kind = 'resolution_report'}),
		"SEC-ECON met 下次会议 2025-01-10 2025-01-11 00:00:00\n"
		  . "SEC-PLAN open 下次会议 2025-01-10 2025-01-11 00:00:00",
		"$db: the reports are owed at the next meeting, due at the end of its day");
	is( $node->safe_psql($db, q{
SELECT string_agg(m.cause, ', ') FROM jxlink.obligation_move m JOIN jxlink.obligation o USING (obligation_id)
WHERE o.kind = 'resolution_report'}),
		'upgrade to jxlink 0.8.0',
		"$db: the open report's move by the upgrade is recorded");
	is( $node->safe_psql($db, q{
SELECT string_agg(format('%s %s', o.kind, o.subject_title), ', ')
FROM jxlink.obligation o
CROSS JOIN LATERAL (SELECT jxlink.explain_obligation(o.obligation_id) AS e) x
WHERE jxlink.time_limit_unit(o.period) <> 'hours'
  AND (x.e NOT LIKE '%last day ' || o.due_date || ', until 24:00 local time%'
       OR x.e NOT LIKE '%late from ' || to_char(o.due_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') || '%')}),
		'', "$db: every explanation ends on its obligation's own last day and due time");
}

$node->stop;
done_testing();
