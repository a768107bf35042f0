# One definition per object: every function, aggregate, view, table, type,
# operator, operator class and cast of a fresh install is created exactly
# once across the concept files sql/NN_*.sql (the source of the current
# install script), with CREATE (never CREATE OR REPLACE or IF NOT EXISTS),
# and every object those files create is a member of the extension.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $srcdir = $ENV{JXLINK_SRCDIR} or die "JXLINK_SRCDIR is not set";
my @files = sort glob("$srcdir/sql/[0-9][0-9]_*.sql");
ok(@files >= 10, 'the concept files are there: ' . scalar(@files));

# What the concept files create, by kind and name (a function by its name:
# overloads are counted against the catalog below).
my (%created, @replace);
foreach my $file (@files)
{
	my $text = slurp_file($file);
	(my $short = $file) =~ s{.*/}{};
	# strip dollar-quoted bodies: a CREATE inside a body (EXECUTE) is not a definition
	$text =~ s/\$\$.*?\$\$/\$\$\$\$/sg;
	while ($text =~ /^CREATE\s+(OR\s+REPLACE\s+)?(FUNCTION|PROCEDURE|AGGREGATE|VIEW|TABLE|TYPE|OPERATOR CLASS|OPERATOR FAMILY|OPERATOR)\s+(IF\s+NOT\s+EXISTS\s+)?(\S+?)\s*(?:\(|\n| )/mg)
	{
		my ($replace, $kind, $ifne, $name) = ($1, $2, $3, $4);
		$kind = 'FUNCTION' if $kind eq 'PROCEDURE';    # a procedure is a pg_proc row like a function
		push @replace, "$short: CREATE OR REPLACE $kind $name" if $replace;
		push @replace, "$short: CREATE $kind IF NOT EXISTS $name" if $ifne;
		# "CREATE TYPE x;" declares the shell of a base type defined below it
		next if $kind eq 'TYPE' && $name =~ s/;$//;
		$name =~ s/^jxlink\.//;
		push @{ $created{"$kind $name"} }, $short;
	}
	while ($text =~ /^CREATE\s+CAST\s+\((\S.*?)\s+AS\s+(\S+)\)/mg)
	{
		push @{ $created{"CAST ($1 AS $2)"} }, $short;
	}
}
is_deeply(\@replace, [], 'no CREATE OR REPLACE or IF NOT EXISTS in the concept files');

my $node = PostgreSQL::Test::Cluster->new('onedef');
$node->init;
$node->start;
$node->safe_psql('postgres', 'CREATE EXTENSION jxlink');

# The members of the extension, as the same keys, with how many objects
# share a key (function overloads).
my %members;
foreach my $line (split /\n/, $node->safe_psql('postgres', q{
SELECT CASE WHEN p.prokind = 'a' THEN 'AGGREGATE ' ELSE 'FUNCTION ' END || p.proname
FROM pg_proc p WHERE p.pronamespace = 'jxlink'::regnamespace
UNION ALL
SELECT CASE c.relkind WHEN 'v' THEN 'VIEW ' ELSE 'TABLE ' END || c.relname
FROM pg_class c WHERE c.relnamespace = 'jxlink'::regnamespace AND c.relkind IN ('r', 'v', 'p', 'm')
UNION ALL
SELECT 'TYPE ' || t.typname FROM pg_type t
WHERE t.typnamespace = 'jxlink'::regnamespace AND t.typtype IN ('b', 'e', 'd', 'r') AND t.typname NOT LIKE '\_%'
UNION ALL
SELECT 'OPERATOR ' || o.oprname FROM pg_operator o WHERE o.oprnamespace = 'jxlink'::regnamespace
UNION ALL
SELECT 'OPERATOR CLASS ' || o.opcname FROM pg_opclass o WHERE o.opcnamespace = 'jxlink'::regnamespace
UNION ALL
SELECT 'OPERATOR FAMILY ' || o.opfname FROM pg_opfamily o WHERE o.opfnamespace = 'jxlink'::regnamespace
UNION ALL
SELECT format('CAST (%s AS %s)', c.castsource::regtype, c.casttarget::regtype)
FROM pg_cast c JOIN pg_depend d ON d.classid = 'pg_cast'::regclass AND d.objid = c.oid AND d.deptype = 'e'
}))
{
	$members{$line}++;
}
ok(keys %members > 100, 'the extension has members: ' . scalar(keys %members));

# An operator class needs its family: CREATE OPERATOR CLASS makes one of the
# same name when none is given, so a family without CREATE OPERATOR FAMILY is
# fine if its class is created.
foreach my $key (sort keys %members)
{
	my $n = scalar @{ $created{$key} // [] };
	if ($key =~ /^OPERATOR FAMILY (.*)/ && $n == 0 && $created{"OPERATOR CLASS $1"})
	{
		pass("$key: made by its operator class");
		next;
	}
	is($n, $members{$key}, "$key: created $members{$key} time(s) across the concept files")
	  or diag("$key is created in: " . join(', ', @{ $created{$key} // [] }));
}
foreach my $key (sort keys %created)
{
	ok($members{$key}, "$key, created in @{ $created{$key} }, is an object of the extension");
}

$node->stop;
done_testing();
