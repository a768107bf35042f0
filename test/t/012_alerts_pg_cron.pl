# Alerts scheduled with pg_cron (issue 19): a cluster with
# shared_preload_libraries = 'pg_cron' runs jxlink.sweep_alerts() every
# minute (the cron.schedule call of doc/alerts.md; jobs in background
# workers, the test's server listening on a socket only); the sweep writes the
# warning of an obligation near its deadline, and a client LISTENing on
# jxlink_notification receives the notification after the job commits; the
# README's minimal sender delivers and acknowledges it.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use IPC::Run;

my $node = PostgreSQL::Test::Cluster->new('cron');
$node->init;
$node->append_conf('postgresql.conf', qq{
shared_preload_libraries = 'pg_cron'
cron.database_name = 'postgres'
cron.use_background_workers = on
max_worker_processes = 16
});
$node->start;
$node->safe_psql('postgres', 'CREATE EXTENSION pg_cron');
$node->safe_psql('postgres', 'CREATE EXTENSION jxlink');
my $cron_version = $node->safe_psql('postgres', q{SELECT extversion FROM pg_extension WHERE extname = 'pg_cron'});
note("pg_cron $cron_version");

# A street with one section, and an obligation recorded two days ago (no event
# notifies of it now) whose 24 hours run out within the hour.
$node->safe_psql('postgres', q{
INSERT INTO jxlink.jurisdiction (code, name_zh, name_en, is_local) VALUES ('350582-xintang', '新塘街道', 'Xintang', true);
INSERT INTO jxlink.unit (code, kind, name_zh) VALUES ('SEC-ECON', 'functional_section', '经济发展办');
INSERT INTO jxlink.obligation (kind, subject_type, subject_id, owner_unit, rule_code, clause, started_at, due_at, due_date,
                               provisional, period, subject_ref, created_at)
SELECT 'transfer', 'referral', gen_random_uuid(), unit_id, 'transfer_urgent', '三（三）2③',
       now() - interval '23 hours', now() + interval '1 hour', jxlink.local_date(now() + interval '1 hour'), false,
       '24 小时', '新移〔2026〕1号', now() - interval '2 days'
FROM jxlink.unit;
});
is($node->safe_psql('postgres', 'SELECT count(*) FROM jxlink.notification'), '0', 'nothing is notified before the sweep');

# A client listens; the sweep is scheduled every minute.
my $listener = $node->background_psql('postgres', timeout => 900);
$listener->query_safe('LISTEN jxlink_notification');
$node->safe_psql('postgres', q{SELECT cron.schedule('jxlink-sweep', '* * * * *', 'SELECT jxlink.sweep_alerts()')});

# Wait (at most three minutes) for the job to run and the listener to hear it.
my ($heard, $warning) = (0, '');
for my $i (1 .. 180)
{
	my $out = $listener->query_safe('SELECT 1');
	$heard = 1 if $out =~ /Asynchronous notification "jxlink_notification" with payload "350582-xintang"/;
	$warning = $node->safe_psql('postgres', q{SELECT string_agg(threshold, ',') FROM jxlink.notification WHERE kind = 'warning'});
	last if $heard && $warning ne '';
	sleep 1;
}
is($warning, 'last_workday', 'the scheduled sweep wrote the warning of the obligation near its deadline');
ok($heard, 'the listening client received the notification after the job committed');
is( $node->safe_psql('postgres', q{SELECT status FROM cron.job_run_details ORDER BY runid LIMIT 1}),
	'succeeded', 'the job ran and succeeded');
is( $node->safe_psql('postgres', q{SELECT body FROM jxlink.notification WHERE kind = 'warning'}) =~ /即将到期/ ? 1 : 0,
	1, 'its text says the deadline is near');

# A second run writes nothing new (one warning per obligation and threshold).
my $runs = $node->safe_psql('postgres', q{SELECT count(*) FROM cron.job_run_details});
for my $i (1 .. 150)
{
	last if $node->safe_psql('postgres', q{SELECT count(*) FROM cron.job_run_details WHERE status = 'succeeded'}) > $runs;
	sleep 1;
}
is($node->safe_psql('postgres', q{SELECT count(*) FROM jxlink.notification WHERE kind = 'warning'}), '1',
	'a later run writes no second warning');
$listener->quit;

# The minimal sender of the README (section "Alerts"), run as written by a
# login role of jxlink_sender: it claims the warning, "delivers" it (echo) and
# acknowledges it; it loops until stopped.
my $srcdir = $ENV{JXLINK_SRCDIR} // '.';
my ($alerts) = slurp_file("$srcdir/README.md") =~ /^## Alerts[^\n]*\n(.*?)^## /ms;
my ($sender) = ($alerts // '') =~ /```bash\n(.*?)```/s;
ok(defined $sender, 'the README shows a minimal sender');
$node->safe_psql('postgres', 'CREATE ROLE sms_sender LOGIN; GRANT jxlink_sender TO sms_sender');
my $script = $node->basedir . '/sender.sh';
open(my $fh, '>', $script) or die "cannot write $script: $!";
print $fh $sender // '';
close $fh;
my ($out, $err) = ('', '');
{
	local $ENV{PGUSER} = 'sms_sender';
	local $ENV{PGDATABASE} = 'postgres';
	local $ENV{PGHOST} = $node->host;
	local $ENV{PGPORT} = $node->port;
	IPC::Run::run([ 'timeout', '15', 'bash', $script ], '>', \$out, '2>', \$err);
}
like($out, qr/^to [0-9a-f-]{36}: 【即将到期】/m, 'the sender delivered the warning');
is($err, '', 'the sender ran without an error');
is( $node->safe_psql('postgres', q{SELECT status || ' ' || claimed_by || ' ' || attempts FROM jxlink.notification WHERE kind = 'warning'}),
	'delivered sms_sender 1', 'the sender acknowledged it: delivered, claimed once by it');
$node->stop;
done_testing();
