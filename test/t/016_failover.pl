# Promotion mid-stream loses nothing (issue 14, part 3).  A primary with a
# synchronous streaming standby takes streams of transitions from clerks, each
# statement its own transaction, through the SQL API: submit and send back
# referrals over and over, walk others through their whole life (submit,
# approve, transfer, accept, file, decide, copy back; the transfer letter,
# case and decision numbers drawn from their series in the same statement),
# and draw document numbers.  Each line a stream prints is a commit
# acknowledged to its clerk.  After some hundreds of them the primary is
# stopped with 'immediate' in the middle of the streams and the standby is
# promoted.  On the promoted node:
#
# - every acknowledged transition is there: the referral at that transition
#   (or at most at the one statement its stream had in flight), its history
#   row of that seq, the obligations its state implies, the share a decision
#   makes, the document numbers it drew;
# - nothing is half-applied: each referral has history rows 1..transition_seq
#   and the state and event of its last one, and the history holds exactly
#   the transitions acknowledged plus those in flight that made it;
# - every acknowledged document number is in its series, none twice, and the
#   next number drawn on the promoted node comes after all of them;
# - verify_history() finds no break;
# - clerks go on working on the promoted node.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use IPC::Run;
use Test::More;

my $year = 2026;             # the year of every document number drawn
my $streams = 3;             # concurrent clerk sessions
my $per_stream = 2500;       # statements generated per stream (far more than run)
my $cycling = 8;             # per stream: referrals submitted and sent back over and over
my $walking = 40;            # per stream: referrals walked through their life
my $window = 3;              # of which this many at once, in turn, staggered
my $kill_after = 450;        # stop the primary once this many transitions are committed

my $primary = PostgreSQL::Test::Cluster->new('primary');
$primary->init(allows_streaming => 1);
$primary->append_conf('postgresql.conf', q{
max_connections = 20
shared_buffers = 16MB
log_statement = none
});
$primary->start;

# The street: a section whose leader both submits and approves (it logs in),
# and the enforcement team, whose clerk the leader may act as.
$primary->safe_psql(
	'postgres', q{
CREATE EXTENSION jxlink;
INSERT INTO jxlink.jurisdiction (code, name_zh, name_en, is_local)
VALUES ('350582-xintang', '新塘街道', 'Xintang Street', true);
INSERT INTO jxlink.unit (code, kind, name_zh, name_en) VALUES
    ('planning', 'functional_section', '规划建设办', 'Planning and construction office'),
    ('team', 'enforcement_team', '综合行政执法队', 'Comprehensive enforcement team');
CREATE ROLE fo_leader LOGIN;
CREATE ROLE fo_team;
GRANT jxlink_clerk TO fo_leader, fo_team;
GRANT fo_team TO fo_leader;
INSERT INTO jxlink.staff (role_name, unit_id, full_name, is_leader)
SELECT r.role_name, u.unit_id, r.full_name, r.is_leader
FROM (VALUES ('fo_leader', 'planning', '分管领导', true),
             ('fo_team', 'team', '执法队经办人', false)) AS r(role_name, code, full_name, is_leader)
JOIN jxlink.unit u ON u.code = r.code;
});

# Statements as the leader, on a node.
sub as_leader
{
	my ($node, $sql) = @_;
	return $node->safe_psql('postgres', $sql, extra_params => [ '-U', 'fo_leader' ]);
}

# The referrals, drafts (transition 1, "create"); those walked through their
# life get the three materials a transfer needs.
my $n_cycling = $streams * $cycling;
my $n_walking = $streams * $walking;
my @ids = split /\n/, as_leader($primary, qq{
SELECT jxlink.create_referral(jxlink.open_case('licensed', 'patrol', 'failover case ' || g, now() - interval '1 hour'))
FROM generate_series(1, @{[ $n_cycling + $n_walking ]}) AS g});
is(scalar(@ids), $n_cycling + $n_walking, 'the street holds its draft referrals');
my @cycling_ids = @ids[ 0 .. $n_cycling - 1 ];
my @walking_ids = @ids[ $n_cycling .. $#ids ];
as_leader($primary, sprintf(q{
SELECT count(jxlink.add_material(r, k, 'failover test'))
FROM unnest('{%s}'::uuid[]) AS r, unnest(ARRAY['transfer_letter', 'case_source', 'preliminary_evidence']) AS k},
	join(',', @walking_ids)));

# The synchronous standby: its walreceiver's application_name is its node
# name (PostgreSQL::Test::Cluster starts every node with cluster_name = name).
$primary->backup('base');
my $standby = PostgreSQL::Test::Cluster->new('standby');
$standby->init_from_backup($primary, 'base', has_streaming => 1);
$standby->start;
$primary->append_conf('postgresql.conf', q{
synchronous_standby_names = 'standby'
synchronous_commit = on
});
$primary->reload;
ok( $primary->poll_query_until(
		'postgres', q{SELECT sync_state = 'sync' FROM pg_stat_replication WHERE application_name = 'standby'}),
	'the standby streams and is the synchronous standby');
$primary->wait_for_catchup($standby, 'replay');
is($standby->safe_psql('postgres', 'SELECT count(*) FROM jxlink.referral'),
	$n_cycling + $n_walking, 'the standby has the street');

# ---- the streams: generated statements and what each does ----

# referral id -> [ [ seq, event, state ], ... ] for every transition the
# streams would make, in order (the setup's "create" is seq 1)
my %model;
$model{$_} = [ [ 1, 'create', 'draft' ] ] foreach @ids;
# the life of a walked referral: event, new state, role, the statement
my @life = (
	[ 'submit', 'awaiting_approval', 'fo_leader', q{jxlink.submit_referral('%s')} ],
	[ 'approve', 'approved', 'fo_leader', q{jxlink.approve_referral('%s')} ],
	[ 'transfer', 'transferred', 'fo_leader', q{jxlink.transfer_referral('%s', n::text)}, '新塘规移' ],
	[ 'accept', 'accepted', 'fo_team', q{jxlink.accept_referral('%s', '受理告知书')} ],
	[ 'file', 'filed', 'fo_team', q{jxlink.file_referral('%s', n::text)}, '新综执立' ],
	[ 'decide', 'decided', 'fo_team', q{jxlink.decide_referral('%s', n::text, 'penalty')}, '新综执罚' ],
	[ 'copy_back', 'closed', 'fo_team', q{jxlink.copy_back_referral('%s', '抄告移送单位')} ]);

my @stream;    # per stream: { script, stmts => [ { tag, referral, seq, state, event, series } ] }
foreach my $s (0 .. $streams - 1)
{
	my @mine_c = @cycling_ids[ $s * $cycling .. ($s + 1) * $cycling - 1 ];
	my @mine_w = @walking_ids[ $s * $walking .. ($s + 1) * $walking - 1 ];
	my (%step, @active, @stmts);
	my $script = '';
	my $role = 'fo_leader';
	my ($nc, $nw) = (0, 0);
	for (my $i = 0; $i < $per_stream; $i++)
	{
		my $tag = "$s:$i";
		my %st = (tag => $tag);
		my ($sql, $want_role);
		# a referral joins those in play once the newest made a few steps, so
		# that those in play are at different points of their life
		push @active, shift @mine_w
		  if @mine_w && (!@active || (@active < $window && $step{ $active[-1] } >= int(@life / $window)));
		if ($i % 5 == 4)
		{
			# a document number drawn on its own
			%st = (%st, series => '新综执');
			$sql = qq{SELECT '$tag', jxlink.next_docno('新综执', $year)::text;};
			$want_role = 'fo_leader';
		}
		elsif ($i % 2 == 0 || !@active)
		{
			# submit or send back a cycling referral
			my $r = $mine_c[ $nc++ % $cycling ];
			my $last = $model{$r}[-1];
			my ($event, $state, $f) =
			  $last->[2] eq 'draft'
			  ? ('submit', 'awaiting_approval', qq{jxlink.submit_referral('$r')})
			  : ('send_back', 'draft', qq{jxlink.send_back_referral('$r', '退回修改')});
			push @{ $model{$r} }, [ $last->[0] + 1, $event, $state ];
			%st = (%st, referral => $r, seq => $last->[0] + 1, event => $event, state => $state);
			$sql = qq{SELECT '$tag', $f;};
			$want_role = 'fo_leader';
		}
		else
		{
			# the next step of one of the walked referrals in play, in turn
			my $k = $nw++ % @active;
			my $r = $active[$k];
			my $step = $life[ $step{$r}++ ];
			my ($event, $state, $as, $f, $series) = @$step;
			my $last = $model{$r}[-1];
			push @{ $model{$r} }, [ $last->[0] + 1, $event, $state ];
			%st = (%st, referral => $r, seq => $last->[0] + 1, event => $event, state => $state);
			$f = sprintf($f, $r);
			if ($series)
			{
				# the number is drawn and used in one statement, one transaction
				$st{series} = $series;
				$sql = qq{WITH d AS MATERIALIZED (SELECT jxlink.next_docno('$series', $year) AS n)
SELECT '$tag', n::text, $f FROM d;};
			}
			else
			{
				$sql = qq{SELECT '$tag', $f;};
			}
			$want_role = $as;
			splice(@active, $k, 1) if $step{$r} == @life;
		}
		if ($want_role ne $role)
		{
			$script .= $want_role eq 'fo_leader' ? "RESET ROLE;\n" : "SET ROLE $want_role;\n";
			$role = $want_role;
		}
		$script .= "$sql\n";
		push @stmts, \%st;
	}
	push @stream, { script => $script, stmts => \@stmts };
}

my $history_before = $primary->safe_psql('postgres', 'SELECT count(*) FROM jxlink.referral_history');
my $log_offset = -s $primary->logfile;

# Start the streams: psql as the leader, each statement in autocommit, its
# output line printed once the commit (waiting for the standby) returned.
# Scripts and outputs are files: nothing to pump while the streams run.
my $dir = $PostgreSQL::Test::Utils::tmp_check;
my @run;
foreach my $s (0 .. $streams - 1)
{
	my %f = map { $_ => "$dir/stream_$s.$_" } qw(sql out err);
	open my $fh, '>', $f{sql} or die "$f{sql}: $!";
	print $fh $stream[$s]{script};
	close $fh;
	my $h = IPC::Run::start(
		[
			'psql', '-XAtq', '-v', 'ON_ERROR_STOP=1', '-d', $primary->connstr('postgres'),
			'-U', 'fo_leader', '-f', $f{sql}
		],
		'<', '/dev/null', '>', $f{out}, '2>', $f{err});
	push @run, { h => $h, %f };
}

# Once enough transitions are committed, the primary goes down in mid-stream.
ok( $primary->poll_query_until(
		'postgres', "SELECT count(*) >= $history_before + $kill_after FROM jxlink.referral_history"),
	"the streams committed $kill_after transitions");
$primary->stop('immediate');

# What each clerk was told: the statements acknowledged, a prefix of its stream.
my (@acked, @inflight);
foreach my $s (0 .. $streams - 1)
{
	my $r = $run[$s];
	eval { $r->{h}->finish; };
	my @lines = split /\n/, slurp_file($r->{out});
	my $err = slurp_file($r->{err});
	my $rc = $r->{h}->result(0);
	isnt($rc, 0, "stream $s: psql lost its server in mid-stream (exit $rc)");
	like($err, qr/connection|terminat|server closed/i, "stream $s: it says the connection went away")
	  or diag($err);
	my $stmts = $stream[$s]{stmts};
	my $bad = 0;
	for my $i (0 .. $#lines)
	{
		my ($tag, @cols) = split /\|/, $lines[$i], -1;
		my $st = $stmts->[$i];
		my $got_state = $st->{event} ? $cols[-1] : undef;
		if ($tag ne $st->{tag} || ($st->{event} && $got_state ne $st->{state}))
		{
			diag("stream $s line $i: '$lines[$i]', expected tag $st->{tag} state " . ($st->{state} // '-'));
			$bad++;
		}
		$st->{number} = $cols[0] if $st->{series};
		push @acked, $st;
	}
	is($bad, 0, "stream $s: each acknowledged statement answered as its clerk expected");
	cmp_ok(scalar(@lines), '<', scalar(@$stmts), "stream $s: stopped with statements still to run");
	# the statement sent when the server went down: it may or may not have committed
	push @inflight, $stmts->[ scalar(@lines) ];
}
my @acked_transitions = grep { $_->{event} } @acked;
cmp_ok(scalar(@acked), '>=', 300, scalar(@acked) . ' statements acknowledged, '
	  . scalar(@acked_transitions) . ' of them transitions');

my $log = slurp_file($primary->logfile, $log_offset);
unlike($log, qr/ERROR:/, 'no statement of the streams failed on the primary') or diag(join "\n", grep /ERROR/, split /\n/, $log);

# ---- the promotion ----
$standby->promote;
ok($standby->poll_query_until('postgres', 'SELECT NOT pg_is_in_recovery()'), 'the standby is promoted');
my $node = $standby;

# Each referral as the promoted node has it: transition_seq, history rows,
# their seqs, the last row's event and state, the referral's state and event,
# its obligations (kind:rule:status by kind), its shares, its numbers.
my %got;
foreach my $line (
	split /\n/,
	$node->safe_psql(
		'postgres', q{
SELECT r.referral_id, r.transition_seq, r.state, r.last_event,
       (SELECT count(*) FROM jxlink.referral_history h WHERE h.referral_id = r.referral_id),
       (SELECT string_agg(h.seq::text, ',' ORDER BY h.seq) FROM jxlink.referral_history h WHERE h.referral_id = r.referral_id),
       (SELECT h.event || ' ' || h.to_state FROM jxlink.referral_history h
        WHERE h.referral_id = r.referral_id ORDER BY h.seq DESC LIMIT 1),
       (SELECT coalesce(string_agg(concat_ws(':', o.kind, o.rule_code, o.status), ' ' ORDER BY o.kind), '')
        FROM jxlink.obligation o WHERE o.subject_id = r.referral_id),
       (SELECT count(*) || ':' || coalesce(string_agg(s.reference, ','), '') FROM jxlink.share s WHERE s.referral_id = r.referral_id),
       coalesce(r.letter_no::text, ''), coalesce(r.filed_case_no::text, ''), coalesce(r.decision_no::text, '')
FROM jxlink.referral r}))
{
	my @f = split /\|/, $line, -1;
	$got{ $f[0] } = {
		seq => $f[1], state => $f[2], event => $f[3], rows => $f[4], seqs => $f[5], last => $f[6],
		obligations => $f[7], shares => $f[8], letter => $f[9], case_no => $f[10], decision => $f[11]
	};
}
is(scalar(keys %got), scalar(@ids), 'after the promotion: every referral is there');

# The obligations a referral's state implies (licensed, not urgent).
my %obligations = (
	draft => 'transfer:transfer:open',
	awaiting_approval => 'transfer:transfer:open',
	approved => 'transfer:transfer:open',
	transferred => 'acknowledge:acknowledge:open transfer:transfer:met',
	accepted => 'acknowledge:acknowledge:met file_case:file_case:open progress_update:progress_update:open transfer:transfer:met',
	filed => 'acknowledge:acknowledge:met file_case:file_case:met progress_update:progress_update:open transfer:transfer:met',
	decided => 'acknowledge:acknowledge:met copy_back:copy_back:open file_case:file_case:met progress_update:progress_update:met transfer:transfer:met',
	closed => 'acknowledge:acknowledge:met copy_back:copy_back:met file_case:file_case:met progress_update:progress_update:met transfer:transfer:met');

# The last acknowledged transition of each referral, and the one in flight.
my (%acked_seq, %inflight_seq);
$acked_seq{$_} = 1 foreach @ids;
$acked_seq{ $_->{referral} } = $_->{seq} foreach @acked_transitions;
$inflight_seq{ $_->{referral} } = $_->{seq} foreach grep { $_ && $_->{event} } @inflight;

my (@lost, @beyond, @half, @wrong_obligations, @wrong_numbers, %by_state);
my $inflight_made = 0;
foreach my $r (@ids)
{
	my $g = $got{$r} or do { push @lost, "$r: missing"; next };
	my $want = $acked_seq{$r};
	if ($g->{seq} < $want)
	{
		push @lost, "$r: at transition $g->{seq}, $want acknowledged";
		next;
	}
	if ($g->{seq} > $want)
	{
		if (($inflight_seq{$r} // -1) == $g->{seq}) { $inflight_made++; }
		else { push @beyond, "$r: at transition $g->{seq}, $want acknowledged, none in flight"; }
	}
	# the model's transition g->{seq}: its event and state
	my ($m) = grep { $_->[0] == $g->{seq} } @{ $model{$r} };
	my $last_row = $m ? "$m->[1] $m->[2]" : '?';
	if (   $g->{rows} != $g->{seq}
		|| $g->{seqs} ne join(',', 1 .. $g->{seq})
		|| $g->{last} ne $last_row
		|| "$g->{event} $g->{state}" ne $last_row)
	{
		push @half, "$r: seq $g->{seq}, $g->{rows} rows ($g->{seqs}), last row '$g->{last}', referral '$g->{event} $g->{state}', expected '$last_row'";
	}
	$by_state{ $g->{state} }++;
	push @wrong_obligations, "$r ($g->{state}): $g->{obligations}"
	  unless $g->{obligations} eq ($obligations{ $g->{state} } // '?');
	my $decided = $g->{state} eq 'decided' || $g->{state} eq 'closed';
	push @wrong_obligations, "$r ($g->{state}): shares $g->{shares}"
	  unless $g->{shares} eq ($decided ? "1:$g->{decision}" : '0:');
}
is(join("\n", @lost), '', 'every acknowledged transition is on the promoted node');
is(join("\n", @beyond), '', 'no referral is beyond its acknowledged transition but by the statement in flight');
is(join("\n", @half), '',
	'nothing half-applied: each referral has history rows 1..transition_seq and the state and event of the last');
is(join("\n", @wrong_obligations), '', 'each referral has the obligations (and the share) its state implies');
diag('states after the promotion: ' . join(', ', map { "$_ $by_state{$_}" } sort keys %by_state));
cmp_ok(scalar(keys %by_state), '>=', 5, 'the streams left referrals in ' . scalar(keys %by_state) . ' states');

# Every acknowledged transition has its history row (event and state).
my $values = join(",\n", map { "('$_->{referral}'::uuid, $_->{seq}, '$_->{event}', '$_->{state}')" } @acked_transitions);
is( $node->safe_psql(
		'postgres', qq{
SELECT count(h.history_id) FROM (VALUES $values) AS a(referral_id, seq, event, state)
LEFT JOIN jxlink.referral_history h
       ON h.referral_id = a.referral_id AND h.seq = a.seq AND h.event = a.event AND h.to_state::text = a.state}),
	scalar(@acked_transitions),
	'every acknowledged transition has its history row of that seq');
is($node->safe_psql('postgres', 'SELECT count(*) FROM jxlink.referral_history'),
	$history_before + @acked_transitions + $inflight_made,
	'the history holds exactly the acknowledged transitions (and ' . $inflight_made . ' in flight that made it)');

# Document numbers: every acknowledged one in its series, none twice, and the
# numbers on the referrals are the ones their clerks were given.
my %series;
foreach my $st (grep { $_->{series} } @acked)
{
	my ($num) = $st->{number} =~ /〔$year〕(\d+)号$/;
	push @{ $series{ $st->{series} } }, $num // 'unreadable';
	if ($st->{event})
	{
		my $g = $got{ $st->{referral} };
		my $on = { transfer => 'letter', file => 'case_no', decide => 'decision' }->{ $st->{event} };
		push @wrong_numbers, "$st->{referral} $st->{event}: $st->{number} acknowledged, $g->{$on} recorded"
		  unless $g->{$on} eq $st->{number};
	}
}
is(join("\n", @wrong_numbers), '', 'each acknowledged letter, case and decision number is the one on its referral');
my %inflight_draws;
$inflight_draws{ $_->{series} }++ foreach grep { $_ && $_->{series} } @inflight;
foreach my $issuer (sort keys %series)
{
	my @nums = @{ $series{$issuer} };
	my %seen;
	my @dup = grep { $seen{$_}++ } @nums;
	is(join(',', @dup), '', "$issuer: no number acknowledged twice (" . scalar(@nums) . ' acknowledged)');
	my $max = (sort { $b <=> $a } @nums)[0];
	my $last = $node->safe_psql('postgres',
		"SELECT last_number FROM jxlink.docno_counter WHERE issuer = '$issuer' AND year = $year");
	cmp_ok($last, '>=', $max, "$issuer: the series on the promoted node reaches $last, at least the last acknowledged ($max)");
	# numbers are given out in order and never rolled back here: every one up to the
	# counter was acknowledged, but for those drawn by statements in flight
	my @missing = grep { !$seen{$_} } 1 .. $last;
	cmp_ok(scalar(@missing), '<=', $inflight_draws{$issuer} // 0,
		"$issuer: numbers 1..$last not acknowledged (@missing) only by statements in flight");
	my $next = as_leader($node, "SELECT jxlink.docno_number(jxlink.next_docno('$issuer', $year))");
	cmp_ok($next, '>', $max, "$issuer: the next number drawn on the promoted node ($next) follows every acknowledged one");
}
ok(exists $series{'新综执'} && exists $series{'新塘规移'} && exists $series{'新综执罚'},
	'numbers of the plain series, letters and decisions were acknowledged');

my $breaks = $node->safe_psql('postgres',
	q{SELECT string_agg(concat_ws(' ', referral_id, seq, history_id, problem), E'\n') FROM jxlink.verify_history()});
is($breaks, '', 'verify_history() finds no break on the promoted node');

# Clerks work on: a cycling referral moves on, a walked one in mid-life
# moves on, a new case is referred.
my $c = $cycling_ids[0];
my $cnext = $got{$c}{state} eq 'draft' ? 'submit_referral' : 'send_back_referral';
my $cwant = $got{$c}{state} eq 'draft' ? 'awaiting_approval' : 'draft';
is(as_leader($node, "SELECT jxlink.$cnext('$c'" . ($cnext eq 'send_back_referral' ? ", '升级后退回'" : '') . ')'),
	$cwant, "on the promoted node: the leader's $cnext");
my ($w) = grep { $got{$_}{state} eq 'draft' } @walking_ids;
is(as_leader($node, "SELECT jxlink.submit_referral('$w')"), 'awaiting_approval', 'a draft never walked is submitted');
is(as_leader($node, "SELECT jxlink.approve_referral('$w')"), 'approved', 'and approved');
is(as_leader($node, qq{SELECT jxlink.transfer_referral('$w', jxlink.next_docno('新塘规移', $year)::text)}),
	'transferred', 'and transferred with the next letter number');
is(as_leader($node, "SET ROLE fo_team; SELECT jxlink.accept_referral('$w', '受理告知书')"),
	'accepted', "and accepted by the team's clerk");
like(as_leader($node, q{SELECT jxlink.create_referral(jxlink.open_case('other', 'patrol', '升级后的案件', now() - interval '1 hour'))}),
	qr/^[0-9a-f-]{36}$/, 'a new case is referred');
is( $node->safe_psql(
		'postgres', qq{
SELECT r.state || ' ' || r.transition_seq || ' ' || (SELECT count(*) FROM jxlink.referral_history h WHERE h.referral_id = r.referral_id)
       || ' ' || (SELECT string_agg(concat_ws(':', o.kind, o.status), ' ' ORDER BY o.kind) FROM jxlink.obligation o WHERE o.subject_id = r.referral_id)
FROM jxlink.referral r WHERE r.referral_id = '$w'}),
	'accepted 5 5 acknowledge:met file_case:open progress_update:open transfer:met',
	'the new transitions have their history rows and obligations');
is($node->safe_psql('postgres', 'SELECT count(*) FROM jxlink.verify_history()'),
	'0', 'verify_history() still finds no break');

$node->stop;
done_testing();
