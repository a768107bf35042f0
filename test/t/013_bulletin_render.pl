# The bulletin printed as a reader gets it (issue 16): doc/render.sh, as
# documented, renders the demo street's bulletin of 2024-Q4 and a two-town
# city's, and the demo's last meeting packet, to HTML and PDF with headless
# Chromium; the PDF is read back as a
# reader would: its page count and paper, its text (pdftotext) carrying the
# figures the views give, the charts' bars and points drawn at the values they
# plot, and Chinese set in a CJK font - the first page, rasterised (pdftoppm),
# against the reference rendering of doc/ (no tofu boxes: a page printed
# without a CJK font differs from it many times more than the tolerance).
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use IPC::Run;
use File::Temp qw(tempdir);
use FindBin;

my $srcdir = $ENV{JXLINK_SRCDIR} // '.';
plan skip_all => 'headless Chromium and poppler are needed (apt-get install chromium fonts-noto-cjk poppler-utils)'
  if system('command -v chromium >/dev/null && command -v pdftotext >/dev/null && command -v pdftoppm >/dev/null') != 0;

my $node = PostgreSQL::Test::Cluster->new('bulletin');
$node->init;
$node->start;
$node->safe_psql('postgres', 'CREATE EXTENSION jxlink');
my ($rc, $out, $err) = $node->psql('postgres', slurp_file("$srcdir/doc/demo.sql"), extra_params => [ '-v', 'ON_ERROR_STOP=1' ]);
is($rc, 0, 'the demo street is loaded') or diag($err);

my $tmp = tempdir(CLEANUP => 1);
# Run doc/render.sh as documented; returns the paths it printed.
sub render
{
	my ($db, @args) = @_;
	my ($stdout, $stderr) = ('', '');
	local $ENV{PGHOST} = $node->host;
	local $ENV{PGPORT} = $node->port;
	local $ENV{PGDATABASE} = $db;
	local $ENV{OUT_DIR} = $tmp;
	local $ENV{HOME} = $tmp;
	my $ok = IPC::Run::run([ 'bash', "$srcdir/doc/render.sh", 'bulletin', @args ], '>', \$stdout, '2>', \$stderr);
	ok($ok, "doc/render.sh bulletin @args") or diag($stderr);
	return split /\n/, $stdout;
}
sub run_out
{
	my @cmd = @_;
	my ($stdout, $stderr) = ('', '');
	IPC::Run::run(\@cmd, '>', \$stdout, '2>', \$stderr) or die "@cmd: $stderr";
	return $stdout;
}

# Check one rendered bulletin against the database it came from.
sub check_bulletin
{
	my ($db, $code, $what, $pages_min, $pages_max) = @_;
	my ($html, $pdf) = render($db, $code, '2024-10-01', '2024-12-31');
	like($pdf // '', qr/\.pdf$/, "$what: the command prints where the HTML and the PDF were written");
	my $info = run_out('pdfinfo', $pdf);
	my ($pages) = $info =~ /^Pages:\s+(\d+)/m;
	ok($pages >= $pages_min && $pages <= $pages_max, "$what: $pages pages ($pages_min to $pages_max expected)");
	like($info, qr/^Page size:.*\(A4\)/m, "$what: printed on A4");

	# the text as a reader reads it, the figures as the views give them
	my $text = run_out('pdftotext', '-layout', $pdf, '-');
	(my $flat = $text) =~ s/\s+//g;
	my $judged = q{jxlink.period_judged_at('2024-10-01', '2024-12-31')};
	my ($total, $on_time, $late, $overdue, $rate) = split /\|/, $node->safe_psql($db, qq{
SELECT sum(total), sum(met_on_time), sum(met_late), sum(overdue),
       round(100 * jxlink.on_time_rate(sum(met_on_time)::bigint, sum(met_late)::bigint, sum(overdue)::bigint,
                                       sum(refused)::bigint, sum(waived_late)::bigint), 1)
FROM jxlink.unit_scorecard_at('2024-10-01', '2024-12-31', $judged)
WHERE jurisdiction = ANY (jxlink.jurisdictions_under(ARRAY['$code']))});
	like($flat, qr/共${total}项，按时办结${on_time}项，逾期办结${late}项，到期未办结${overdue}项/,
		"$what: the PDF's headline carries the scorecard's figures ($total, $on_time, $late, $overdue)");
	like($flat, qr/按时办结率\Q$rate\E%/, "$what: and its on-time rate ($rate%)");
	my $n_over = $node->safe_psql($db, qq{SELECT count(*) FROM jxlink.overdue_as_of($judged)
WHERE jurisdiction = ANY (jxlink.jurisdictions_under(ARRAY['$code']))});
	like($flat, qr/逾期未办结${n_over}项/, "$what: the overdue count of overdue_as_of ($n_over)");
	like($flat, qr/综合行政执法协作配合情况通报/, "$what: the title is text, in Chinese");

	# the charts: each bar as wide as its value, each point as high as its count
	my $doc = slurp_file($html);
	my @bars = $doc =~ /<rect x="170" y="[\d.]+" width="([\d.]+)" height="16" class="bar[^"]*" data-label="[^"]*" data-value="([\d.]+)"/g;
	my $bad = 0;
	for (my $i = 0; $i < @bars; $i += 2) { $bad++ if abs($bars[$i] - 440 * $bars[ $i + 1 ]) > 0.06; }
	ok(@bars >= 2 && $bad == 0, "$what: " . (@bars / 2) . ' bars, each drawn at its value');
	my ($ymax) = $doc =~ /class="chart line"[^>]*data-ymax="(\d+)"/;
	my @points = $doc =~ /<circle cx="[\d.]+" cy="([\d.]+)" r="2" class="point s\d" data-series="[^"]*" data-x="[^"]*" data-value="(\d+)"/g;
	$bad = 0;
	for (my $i = 0; $i < @points; $i += 2) { $bad++ if abs($points[$i] - (210 - 180 * $points[ $i + 1 ] / $ymax)) > 0.06; }
	is(scalar(@points) / 2, 106, "$what: the trend has 53 weekly points in each of its two series");
	is($bad, 0, "$what: each point drawn at its count (scale 0 to $ymax)");
	my ($open_now, $overdue_now) = split /\|/, $node->safe_psql($db, qq{SELECT sum(open), sum(overdue)
FROM jxlink.jurisdiction_open_counts_at($judged) WHERE jurisdiction = ANY (jxlink.jurisdictions_under(ARRAY['$code']))});
	is("$points[-1]", "$overdue_now", "$what: the last point of the overdue series is the count at the instant ($overdue_now)");
	return $pdf;
}

my $street_pdf = check_bulletin('postgres', '350582-xintang', 'the demo street', 3, 5);

# The CJK text is set in a CJK font: the first page against the reference
# rendering (doc/bulletin-demo-1.png's source, kept as a grey map) within a
# tolerance; the same page printed with no CJK font at all is far from it.
sub grey_page
{
	my ($pdf, $prefix, %env) = @_;
	local @ENV{ keys %env } = values %env;
	run_out('pdftoppm', '-r', '30', '-gray', '-f', '1', '-l', '1', '-singlefile', $pdf, $prefix);
	return slurp_file("$prefix.pgm");
}
sub pixels
{
	my ($pgm) = @_;
	my ($w, $h, $max, $data) = $pgm =~ /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s(.*)$/s or die 'not a PGM';
	return ($w, $h, [ unpack('C*', $data) ]);
}
sub mean_difference
{
	my ($a, $b) = @_;
	my ($wa, $ha, $pa) = pixels($a);
	my ($wb, $hb, $pb) = pixels($b);
	return 255 if $wa != $wb || $ha != $hb;
	my $sum = 0;
	$sum += abs($pa->[$_] - $pb->[$_]) for 0 .. $#$pa;
	return $sum / @$pa;
}
my $reference = slurp_file("$FindBin::Bin/013_bulletin_page1.pgm");
my $page = grey_page($street_pdf, "$tmp/page");
my $difference = mean_difference($page, $reference);
note(sprintf('first page against the reference: mean difference %.2f of 255', $difference));
ok($difference < 2.5, sprintf('the first page matches the reference rendering (mean difference %.2f < 2.5)', $difference));

# the same HTML printed where no CJK font can be found: tofu, far from the reference
my $empty_fonts = "$tmp/fonts.conf";
open(my $fh, '>', $empty_fonts) or die;
print $fh qq{<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig><dir>/usr/share/fonts/truetype/dejavu</dir><cachedir>$tmp/fc</cachedir></fontconfig>\n};
close $fh;
{
	local $ENV{FONTCONFIG_FILE} = $empty_fonts;
	my $html = "$tmp/bulletin-350582-xintang-2024-10-01-2024-12-31.html";
	run_out('chromium', '--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run',
		"--user-data-dir=$tmp/profile-tofu", '--no-pdf-header-footer', "--print-to-pdf=$tmp/tofu.pdf", "file://$html");
}
my $tofu = mean_difference(grey_page("$tmp/tofu.pdf", "$tmp/tofu"), $reference);
note(sprintf('the page without a CJK font against the reference: mean difference %.2f', $tofu));
ok($tofu > 4 * $difference && $tofu > 2.5, sprintf('without a CJK font the page differs far more (%.2f): the check sees tofu', $tofu));

# The demo's last joint meeting's packet, in the same form: names, not codes.
my $meeting = $node->safe_psql('postgres', q{SELECT meeting_id FROM jxlink.joint_meeting WHERE held_at IS NOT NULL ORDER BY held_at DESC LIMIT 1});
{
	my ($stdout, $stderr) = ('', '');
	local $ENV{PGHOST} = $node->host;
	local $ENV{PGPORT} = $node->port;
	local $ENV{PGDATABASE} = 'postgres';
	local $ENV{OUT_DIR} = $tmp;
	local $ENV{HOME} = $tmp;
	ok(IPC::Run::run([ 'bash', "$srcdir/doc/render.sh", 'packet', $meeting ], '>', \$stdout, '2>', \$stderr),
		'doc/render.sh packet MEETING_ID') or diag($stderr);
	my ($html, $pdf) = split /\n/, $stdout;
	my ($pages) = run_out('pdfinfo', $pdf) =~ /^Pages:\s+(\d+)/m;
	ok($pages >= 1 && $pages <= 3, "the packet: $pages pages");
	(my $flat = run_out('pdftotext', $pdf, '-')) =~ s/\s+//g;
	my ($held, $convener, $minutes) = split /\|/, $node->safe_psql('postgres', qq{
SELECT jxlink.doc_date(jxlink.local_date(held_at)), convener, minutes_no FROM jxlink.joint_meeting WHERE meeting_id = '$meeting'});
	like($flat, qr/\Q$held\E/, "the packet: the meeting's day ($held)");
	like($flat, qr/\Q$convener\E/, "the packet: its convener ($convener)");
	like($flat, qr/\Q$minutes\E/, "the packet: its minutes number ($minutes)");
	like($flat, qr/前次议定事项落实情况/, 'the packet: the earlier resolutions and their reports');
	my $office = $node->safe_psql('postgres', q{SELECT name_zh FROM jxlink.unit WHERE kind = 'enforcement_team'});
	like($flat, qr/\Q$office\E/, "the packet: units by name ($office)");
	unlike($flat, qr/\b(?:sec|agy|team)-[a-z]+/, 'the packet: no unit code');
}

# A two-town city: the city with its towns, ranked.
$node->safe_psql('postgres', 'CREATE DATABASE city');
$node->safe_psql('city', 'CREATE EXTENSION jxlink');
($rc, $out, $err) = $node->psql('city', join("\n", map { "\\i $srcdir/test/fixture/$_.sql" } qw(street helpers refer city city_records)),
	extra_params => [ '-v', 'ON_ERROR_STOP=1' ]);
is($rc, 0, 'a two-town city is loaded') or diag($err);
my $city_pdf = check_bulletin('city', '350582', 'the two-town city', 2, 5);
my $city_text = run_out('pdftotext', '-layout', $city_pdf, '-');
like($city_text, qr/各镇街按时办结率排名/, 'the city: the towns ranked in the annex');
like($city_text, qr/池店镇/, 'the city: both towns named');

$node->stop;
done_testing();
