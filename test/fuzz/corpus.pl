#!/usr/bin/perl
# Generate the input corpus of the type fuzzer: random and mutated strings,
# deterministic for a given seed.  Prints one line per string for
# COPY fuzz_corpus (id, payload) FROM STDIN: the id, a tab, and the raw bytes
# as bytea hex (\\x...), since some strings are deliberately not valid UTF-8.
#
# Usage: perl corpus.pl COUNT SEED [SEEDFILE]
#   SEEDFILE: more valid seeds, one per line (UTF-8), e.g. values of the
#   type found in the database.
#
# Mix (by share of COUNT): the seeds as they are; character mutations of
# seeds (delete, insert, replace, duplicate, swap, splice, case and width
# changes, bracket swaps); numeric edge values put in place of digit runs;
# structured random document numbers (issuer, bracket pair, year, 第, number,
# 号, spaces); random strings over an alphabet of interesting characters;
# byte mutations of UTF-8 (bit flips, truncated sequences, stray
# continuation bytes, overlong forms, surrogates, NUL); long inputs.
use strict;
use warnings;
use utf8;

my ($count, $seed, $seedfile) = @ARGV;
$count //= 100000;
$seed //= 42;
srand($seed);
binmode STDOUT;

my @seeds = (
	'晋政办〔2021〕35号', '新经发移[2024]12号', '新经发移〔2024〕12号', '新综执立〔2024〕31号',
	'新综执罚〔2024〕31号', '国办发明电〔2026〕1号', '晋政办〔2021〕第0035号', '晋政办〔2021〕第35号',
	'晋政办(2021)35号', '晋政办（2021）35号', '晋政办【2021】35号', '晋政办［2021］35号',
	'晋政办﹝2021﹞35号', '晋政办〔２０２１〕３５号', ' 晋政办 〔2021〕 35 号 ', "晋政办\x{3000}〔2021〕\x{3000}35号",
	"晋政办\x{a0}〔2021〕35号", 'ＡＢＣ〔2021〕1号', 'ABC〔2021〕1号', 'abc[1000]2147483647号',
	'〇〔9999〕1号', '閩〔2024〕7号', '新〔2024〕0001号', '新经发移〔2024〕第０００１２号',
	'晋政办〔2021〕35', '晋政办2021 35号', '〔2021〕35号', '晋政办〔21〕35号',
	'晋政办〔2021〕0号', '晋政办〔2021〕-1号', '晋政办〔2021〕2147483648号', '晋政办〔20210〕35号',
	'一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二〔2024〕1号',
	'一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三〔2024〕1号',
	'', ' ', '号', '第', '〔〕', '[]', '〔2021〕', '35号', 'NULL', 'null', '\\N', "'", '"', '\\',
	# time limits (jxlink.time_limit)
	'3 工作日', '3个工作日', '3 working days', '1 working day', '24 小时', '24 hours', '1 hour', '5 日', '5 天',
	'5 自然日', '5 calendar days', '1 季度', '1 quarter', '下次会议', '下次联席会议', 'next meeting',
	'0 工作日', '3650 工作日', '3651 工作日', '8760 小时', '8761 hours', '73048 日', '73049 日', '-3 工作日', '2 季度', '1 下次会议',
	"\x{3000}3\x{3000}工作日\x{3000}", '3 个 工作日', '+5 Working Days', '3 工作', '3 days',
	# referral states (jxlink.referral_state), and near misses
	'draft', 'awaiting_approval', 'approved', 'transferred', 'returned', 'accepted', 'filed', 'decided', 'closed',
	'declined', 'withdrawn', 'transfered', 'Draft', 'DRAFT', 'awaiting approval', 'draft ', ' closed', "draft\0",
	'已受理', '草稿', 'accepted,filed', 'withdrawn2',
);
if (defined $seedfile && open(my $fh, '<:encoding(UTF-8)', $seedfile))
{
	while (my $line = <$fh>)
	{
		chomp $line;
		push @seeds, $line if length $line;
	}
	close $fh;
}

# Characters that matter to a document number parser, and some that should not.
my @brackets = split //, '〔〕﹝﹞[]［］【】（）()《》〈〉「」<>{}｛｝';
my @digits = ('0' .. '9', map { chr(0xFF10 + $_) } 0 .. 9);
my @other_digits = map { chr } (0x0660 .. 0x0669, 0x06F0, 0x0966, 0x2460, 0x2474, 0x3007, 0x3021, 0x1D7CE, 0x00B2, 0x00B9);
my @spaces = (' ', "\t", "\n", "\r", "\x{3000}", "\x{a0}", "\x{2002}", "\x{200b}", "\x{feff}", "\x{0b}", "\x{0c}");
my @cjk = split //, '晋政办新经发移综执立罚国明电闽閩号第年字〇零一二三四五六七八九十百千万亿';
my @latin = ('A' .. 'Z', 'a' .. 'z', map { chr(0xFF21 + $_) } 0 .. 25);
my @weird = map { chr } (
	0x01, 0x1F, 0x7F, 0x80, 0x9F, 0xAD, 0x300, 0x301, 0x34F, 0x200D, 0x202E, 0x2028, 0x2029, 0xFFFD, 0xFFFE,
	0xFFFF, 0x10FFFF, 0x1F600, 0x20000, 0x2A6D6, 0xF900, 0xFA6D, 0x2F800, 0x3400, 0x4DBF, 0x9FFF, 0xE000,
	0x1F1E8, 0x1F1F3, 0xFE0F, 0x0301, 0x3005, 0x30FC, 0xAC00, 0x0410, 0x03B1);
my @punct = split //, q{-+.,;:!?'"\\/%_*#&|~^`$@=。，、；：？！―—－‐·・％＃＆＊};
my @alphabet = (@brackets, @digits, @other_digits, @spaces, @cjk, @cjk, @latin, @weird, @punct, '第', '号', '号');
my @edge_numbers = (
	'0', '00', '1', '9', '10', '999', '1000', '1001', '9999', '10000', '32767', '32768', '65535', '65536',
	'2147483646', '2147483647', '2147483648', '4294967295', '4294967296', '9223372036854775807',
	'9223372036854775808', '18446744073709551616', '99999999999999999999999999999', '0000000000000000000035',
	'-1', '-0', '+1', '1e3', '0x10', '1.5', '١٢', '２１４７４８３６４７', '２１４７４８３６４８');

sub pick { return $_[ int(rand(@_)) ]; }

sub random_text
{
	my ($n, @from) = @_;
	@from = @alphabet unless @from;
	return join('', map { pick(@from) } 1 .. $n);
}

# One character mutation of a string.
sub mutate_chars
{
	my ($s) = @_;
	my @c = split //, $s;
	my $op = int(rand(12));
	my $i = @c ? int(rand(@c)) : 0;
	if ($op == 0 && @c) { splice(@c, $i, 1 + int(rand(3))); }
	elsif ($op == 1) { splice(@c, $i, 0, pick(@alphabet)); }
	elsif ($op == 2 && @c) { $c[$i] = pick(@alphabet); }
	elsif ($op == 3 && @c) { my $len = 1 + int(rand(@c - $i)); splice(@c, $i, 0, @c[ $i .. $i + $len - 1 ]); }
	elsif ($op == 4 && @c > 1) { my $j = int(rand(@c)); @c[ $i, $j ] = @c[ $j, $i ]; }
	elsif ($op == 5) { my $o = pick(@seeds); my @d = split //, $o; my $k = int(rand(@d + 1)); @c = (@c[ 0 .. $i - 1 ], @d[ $k .. $#d ]); }
	elsif ($op == 6 && @c) { $c[$i] = pick(@brackets); }
	elsif ($op == 7 && @c) { $c[$i] = pick(@digits, @other_digits); }
	elsif ($op == 8) { splice(@c, $i, 0, pick(@spaces)); }
	elsif ($op == 9 && @c) { @c = map { /[0-9]/ ? chr(ord($_) - 48 + 0xFF10) : /[\x{FF10}-\x{FF19}]/ ? chr(ord($_) - 0xFF10 + 48) : $_ } @c; }
	elsif ($op == 10 && @c) { @c = map { /[A-Za-z]/ && rand() < 0.5 ? ($_ =~ /[a-z]/ ? uc $_ : lc $_) : $_ } @c; }
	else { splice(@c, $i, 0, pick('第', '号', '〔', '〕', '0')); }
	return join('', @c);
}

# Put an edge value in place of a run of digits.
sub mutate_number
{
	my ($s) = @_;
	my @runs;
	while ($s =~ /([0-9\x{FF10}-\x{FF19}]+)/g) { push @runs, [ $-[1], $+[1] - $-[1] ]; }
	my $edge = pick(@edge_numbers);
	return $s . $edge unless @runs;
	my ($at, $len) = @{ pick(@runs) };
	substr($s, $at, $len) = $edge;
	return $s;
}

# A time limit built from random parts, mostly well-formed.
sub structured_time_limit
{
	my @units = ('工作日', '小时', '日', '天', '自然日', '季度', 'working days', 'working day', 'workdays', 'hours',
		'hour', 'calendar days', 'quarter', 'Quarters', '下次会议', 'next meeting', '周', 'days', '工作', '');
	my $amount = rand() < 0.7 ? int(rand(rand() < 0.2 ? 10000 : 30)) : pick(@edge_numbers);
	$amount = pick('-', '+') . $amount if rand() < 0.1;
	$amount = '' if rand() < 0.05;
	my $sp = sub { rand() < 0.6 ? (rand() < 0.8 ? ' ' : pick(@spaces) x (1 + int(rand(3)))) : '' };
	my $ge = rand() < 0.3 ? '个' : '';
	my $s = join('', $sp->(), $amount, $sp->(), $ge, $sp->(), pick(@units), $sp->());
	$s =~ s/([0-9])/rand() < 0.5 ? chr(ord($1) - 48 + 0xFF10) : $1/ge if rand() < 0.05;
	return $s;
}

# A document number built from random parts, mostly well-formed (three
# times in ten a time limit instead).
sub structured
{
	return structured_time_limit() if rand() < 0.3;
	my $issuer = rand() < 0.8 ? random_text(1 + int(rand(rand() < 0.1 ? 40 : 8)), @cjk, @latin) : random_text(int(rand(6)));
	my @pairs = ([ '〔', '〕' ], [ '﹝', '﹞' ], [ '[', ']' ], [ '［', '］' ], [ '【', '】' ], [ '（', '）' ], [ '(', ')' ]);
	my ($open, $close) = @{ pick(@pairs) };
	$close = pick(@brackets) if rand() < 0.1;
	$open = '' if rand() < 0.03;
	$close = '' if rand() < 0.03;
	my $year = rand() < 0.8 ? 1000 + int(rand(9000)) : pick(@edge_numbers);
	my $number = rand() < 0.7 ? 1 + int(rand(1000)) : pick(@edge_numbers);
	$number = ('0' x int(rand(12))) . $number if rand() < 0.2;
	my $di = rand() < 0.2 ? '第' : '';
	my $hao = rand() < 0.95 ? '号' : pick('', '號', 'hao', '#');
	my $sp = sub { rand() < 0.15 ? pick(@spaces) x (1 + int(rand(3))) : '' };
	my $s = join('', $sp->(), $issuer, $sp->(), $open, $sp->(), $year, $sp->(), $close, $sp->(), $di, $number, $sp->(), $hao, $sp->());
	$s =~ s/([0-9])/rand() < 0.5 ? chr(ord($1) - 48 + 0xFF10) : $1/ge if rand() < 0.2;
	return $s;
}

# Byte mutations of the UTF-8 form (the result is often not valid UTF-8).
sub mutate_bytes
{
	my ($b) = @_;
	my $op = int(rand(9));
	my $i = length($b) ? int(rand(length $b)) : 0;
	if ($op == 0 && length $b) { substr($b, $i, 1) = chr(ord(substr($b, $i, 1)) ^ (1 << int(rand(8)))); }
	elsif ($op == 1 && length $b) { $b = substr($b, 0, $i); }    # may cut a character
	elsif ($op == 2) { substr($b, $i, 0) = chr(0x80 + int(rand(64))); }    # stray continuation byte
	elsif ($op == 3) { substr($b, $i, 0) = pick("\xC0\xAF", "\xE0\x80\xAF", "\xF0\x80\x80\xAF", "\xC1\xBF"); }    # overlong
	elsif ($op == 4) { substr($b, $i, 0) = pick("\xED\xA0\x80", "\xED\xBF\xBF", "\xF4\x90\x80\x80", "\xF8\x88\x80\x80\x80", "\xFF", "\xFE"); }
	elsif ($op == 5) { substr($b, $i, 0) = pick("\xE3\x80", "\xE5\x8F", "\xEF\xBC", "\xF0\x9F\x98"); }    # truncated sequences
	elsif ($op == 6) { substr($b, $i, 0) = "\x00"; }
	elsif ($op == 7) { substr($b, $i, 0) = join('', map { chr(int(rand(256))) } 1 .. 1 + int(rand(8))); }
	else { $b = join('', map { chr(int(rand(256))) } 1 .. int(rand(24))); }
	return $b;
}

sub utf8_bytes
{
	my ($s) = @_;
	utf8::encode($s);
	return $s;
}

my $id = 0;

sub emit
{
	my ($bytes) = @_;
	$id++;
	print $id, "\t\\\\x", unpack('H*', $bytes), "\n";
}

# The seeds themselves, then the mix.
emit(utf8_bytes($_)) foreach @seeds;
# a few long inputs: longest legal issuer and beyond, and very long strings
foreach my $n (31, 32, 33, 64, 100, 1000)
{
	emit(utf8_bytes(random_text($n, @cjk) . '〔2024〕1号'));
}
emit(utf8_bytes('晋' x 100000 . '〔2024〕1号'));
emit(utf8_bytes('〔2024〕' . ('1' x 100000) . '号'));
emit(utf8_bytes(' ' x 200000));
emit(utf8_bytes('晋政办〔2021〕' . ('0' x 300000) . '35号'));

while ($id < $count)
{
	my $r = rand();
	my $s;
	if ($r < 0.30)
	{
		$s = pick(@seeds);
		$s = mutate_chars($s) for 1 .. 1 + int(rand(rand() < 0.2 ? 8 : 3));
	}
	elsif ($r < 0.40) { $s = mutate_number(pick(@seeds)); }
	elsif ($r < 0.65)
	{
		$s = structured();
		$s = mutate_chars($s) if rand() < 0.3;
	}
	elsif ($r < 0.75) { $s = random_text(int(rand(rand() < 0.1 ? 200 : 24))); }
	elsif ($r < 0.78) { $s = random_text(20 + int(rand(400)), @cjk, @brackets, @digits); }
	if (defined $s)
	{
		emit(utf8_bytes($s));
		next;
	}
	my $b = utf8_bytes(rand() < 0.5 ? pick(@seeds) : structured());
	$b = mutate_bytes($b) for 1 .. 1 + int(rand(3));
	emit($b);
}
