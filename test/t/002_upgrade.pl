# Every released version of jxlink, upgraded to the newest (the control
# file's default_version) with ALTER EXTENSION jxlink UPDATE, equals a fresh
# install of the newest: same schema dump, same extension members, same
# config registrations and configuration table contents (the shipped
# calendar), same functions, comments, table definitions, row-level policies and
# privileges.
#
# The versions come from pg_available_extension_versions and the newest from
# pg_available_extensions, so a new sql/jxlink--A--B.sql is tested as soon as
# it is installed.  Two fresh installs are always compared too (with a single
# release there is nothing to upgrade), and a deliberately altered install
# checks that the comparison sees differences.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $node = PostgreSQL::Test::Cluster->new('upgrade');
$node->init;
$node->start;

my $tmp = PostgreSQL::Test::Utils::tempdir;

# What is compared, as queries returning one line per fact.  Text that may
# span lines (definitions, comments) is hashed or quoted.
my @catalog_aspects = (
	[
		'extension members', q{
SELECT pg_describe_object(classid, objid, objsubid)
FROM pg_depend
WHERE refclassid = 'pg_extension'::regclass
  AND refobjid = (SELECT oid FROM pg_extension WHERE extname = 'jxlink')
  AND deptype = 'e'
ORDER BY 1}
	],
	[
		'config registrations', q{
SELECT format('%s %s', c.tab::regclass, quote_literal(c.cond))
FROM pg_extension e, unnest(e.extconfig, e.extcondition) AS c (tab, cond)
WHERE e.extname = 'jxlink'
ORDER BY 1}
	],
	[
		'function definitions', q{
SELECT p.oid::regprocedure::text, md5(pg_get_functiondef(p.oid)), p.provolatile, p.proisstrict,
       p.prosecdef, p.proconfig
FROM pg_proc p
WHERE p.pronamespace = 'jxlink'::regnamespace AND p.prokind <> 'a'
ORDER BY 1}
	],
	[
		# every comment on an object made after initdb: in these databases,
		# jxlink's schema, tables, columns, functions, triggers, constraints
		'comments', q{
SELECT pg_describe_object(d.classoid, d.objoid, d.objsubid) || ' = ' || quote_literal(d.description)
FROM pg_description d
WHERE d.objoid >= 16384
ORDER BY 1}
	],
	[
		# columns are compared by name: ADD COLUMN in a migration appends
		'relations and columns', q{
SELECT format('%s %s %s rls=%s forced=%s', c.oid::regclass, c.relkind, c.relpersistence, c.relrowsecurity,
              c.relforcerowsecurity)
FROM pg_class c
WHERE c.relnamespace = 'jxlink'::regnamespace
UNION ALL
SELECT format('%s.%I %s %s collate=%s default=%s identity=%s generated=%s',
              c.oid::regclass, a.attname, format_type(a.atttypid, a.atttypmod),
              CASE WHEN a.attnotnull THEN 'NOT NULL' ELSE 'NULL' END,
              a.attcollation::regcollation, pg_get_expr(ad.adbin, ad.adrelid),
              a.attidentity, a.attgenerated)
FROM pg_class c
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
LEFT JOIN pg_attrdef ad ON ad.adrelid = c.oid AND ad.adnum = a.attnum
WHERE c.relnamespace = 'jxlink'::regnamespace
ORDER BY 1}
	],
	[
		'constraints, indexes, triggers, views', q{
SELECT format('constraint %s on %s: %s', conname,
              coalesce(conrelid::regclass::text, contypid::regtype::text), pg_get_constraintdef(oid))
FROM pg_constraint
WHERE connamespace = 'jxlink'::regnamespace
UNION ALL
SELECT 'index ' || pg_get_indexdef(i.indexrelid)
FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
WHERE c.relnamespace = 'jxlink'::regnamespace
UNION ALL
SELECT format('trigger %s: %s', t.tgenabled, pg_get_triggerdef(t.oid))
FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
WHERE c.relnamespace = 'jxlink'::regnamespace AND NOT t.tgisinternal
UNION ALL
SELECT format('view %s: %s', c.oid::regclass, md5(pg_get_viewdef(c.oid)))
FROM pg_class c
WHERE c.relnamespace = 'jxlink'::regnamespace AND c.relkind IN ('v', 'm')
UNION ALL
SELECT format('policy %s on %s: %s %s to %s using %s check %s', p.polname, p.polrelid::regclass, p.polcmd,
              CASE WHEN p.polpermissive THEN 'permissive' ELSE 'restrictive' END, p.polroles::regrole[],
              pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid))
FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
WHERE c.relnamespace = 'jxlink'::regnamespace
ORDER BY 1}
	],
	[
		# event triggers are database-wide: all of them (jxlink's guarded DROP)
		'event triggers', q{
SELECT format('event trigger %s on %s tags %s function %s enabled %s', evtname, evtevent, evttags,
              evtfoid::regprocedure, evtenabled)
FROM pg_event_trigger
ORDER BY 1}
	],
	[
		'types', q{
SELECT format('%s %s base=%s labels=%s', t.oid::regtype, t.typtype,
              nullif(t.typbasetype, 0)::regtype,
              (SELECT string_agg(quote_literal(e.enumlabel), ',' ORDER BY e.enumsortorder)
               FROM pg_enum e WHERE e.enumtypid = t.oid))
FROM pg_type t
WHERE t.typnamespace = 'jxlink'::regnamespace
ORDER BY 1}
	],
	[
		'privileges', q{
SELECT format('schema %s %s', nspname, nspacl) FROM pg_namespace WHERE nspname = 'jxlink'
UNION ALL
SELECT format('relation %s %s', c.oid::regclass, c.relacl)
FROM pg_class c WHERE c.relnamespace = 'jxlink'::regnamespace
UNION ALL
SELECT format('function %s %s', p.oid::regprocedure, p.proacl)
FROM pg_proc p WHERE p.pronamespace = 'jxlink'::regnamespace
UNION ALL
SELECT format('initial %s %s %s', pg_describe_object(classoid, objoid, objsubid), privtype, initprivs)
FROM pg_init_privs WHERE objoid >= 16384
ORDER BY 1}
	]);

# The configuration tables registered in a database, by name.
sub config_tables
{
	my ($db) = @_;
	my $list = $node->safe_psql(
		$db, q{
SELECT c.tab::regclass::text
FROM pg_extension e, unnest(e.extconfig) AS c (tab)
WHERE e.extname = 'jxlink'
ORDER BY 1});
	return split /\n/, $list;
}

# A query listing a configuration table's rows, one JSON array a row, every
# column but the timestamps (when a row was loaded differs between installs),
# ordered by all of them.
sub config_contents_sql
{
	my ($db, $table) = @_;
	my $columns = $node->safe_psql(
		$db, qq{
SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum)
FROM pg_attribute
WHERE attrelid = '$table'::regclass AND attnum > 0 AND NOT attisdropped
  AND atttypid NOT IN ('timestamp'::regtype, 'timestamptz'::regtype)});
	return "SELECT json_build_array($columns)::text FROM $table ORDER BY $columns";
}

# The schema-only dump of a database, without what legitimately differs
# between two databases: comments naming the database, and the random key
# of \restrict / \unrestrict (pg_dump 15.14 and later).
sub schema_dump
{
	my ($db) = @_;
	my $file = "$tmp/$db.schema.sql";
	$node->command_ok([ 'pg_dump', '--schema-only', '-f', $file, '-d', $db ],
		"$db: pg_dump --schema-only");
	my @lines = grep {
		!/^\\(?:un)?restrict\b/
		  && !/^--.*\b\Q$db\E\b/
	} split /\n/, slurp_file($file);
	return join("\n", @lines);
}

# Everything compared, for one database: a list of [aspect, text].
sub snapshot
{
	my ($db) = @_;
	my @snap = ([ 'pg_dump --schema-only', schema_dump($db) ]);
	push @snap, [ $_->[0], $node->safe_psql($db, $_->[1]) ] foreach @catalog_aspects;
	push @snap, [ "contents of $_", $node->safe_psql($db, config_contents_sql($db, $_)) ]
	  foreach config_tables($db);
	return \@snap;
}

# The lines of one text missing from the other (as multisets), for diag().
sub missing_lines
{
	my ($from, $in) = @_;
	my %count;
	$count{$_}++ foreach split /\n/, $in;
	my @missing;
	foreach (split /\n/, $from)
	{
		if ($count{$_}) { $count{$_}--; }
		else            { push @missing, $_; }
	}
	return @missing;
}

# At most 20 lines of a list, for diag().
sub first_lines
{
	my @lines = @_;
	return @lines <= 20 ? @lines : (@lines[ 0 .. 19 ], '  ...');
}

# The aspects whose text differs between two snapshots, as
# [aspect, [lines saying what differs]].
sub differences
{
	my ($got, $want) = @_;
	my %got = map { $_->[0] => $_->[1] } @$got;
	my %want = map { $_->[0] => $_->[1] } @$want;
	my %seen;
	my @aspects = grep { !$seen{$_}++ } map { $_->[0] } @$want, @$got;
	my @diffs;
	foreach my $aspect (@aspects)
	{
		my $g = $got{$aspect};
		my $w = $want{$aspect};
		next if defined $g && defined $w && $g eq $w;
		my @detail;
		if (!defined $g || !defined $w)
		{
			@detail = (defined $g ? '  only in the compared database' : '  missing from the compared database');
		}
		else
		{
			my @extra = missing_lines($g, $w);
			my @lost = missing_lines($w, $g);
			@detail = (first_lines(map { "  + $_" } @extra), first_lines(map { "  - $_" } @lost));
			@detail = ('  (same lines, different order)') unless @detail;
		}
		push @diffs, [ $aspect, \@detail ];
	}
	return @diffs;
}

# One test per aspect of the reference: the database equals it.  Differences
# are reported as "+ line" (only in $db) and "- line" (only in $ref_name).
sub same_as
{
	my ($db, $snap, $ref_name, $ref) = @_;
	local $Test::Builder::Level = $Test::Builder::Level + 1;
	my %diff = map { $_->[0] => $_ } differences($snap, $ref);
	my %seen;
	foreach my $aspect (grep { !$seen{$_}++ } map { $_->[0] } @$ref, @$snap)
	{
		ok(!$diff{$aspect}, "$db equals $ref_name: $aspect")
		  or diag(join("\n", "$aspect of $db differs from $ref_name:", @{ $diff{$aspect}[1] }));
	}
	return;
}

sub extversion
{
	my ($db) = @_;
	return $node->safe_psql($db, q{SELECT extversion FROM pg_extension WHERE extname = 'jxlink'});
}

# The versions on offer.
my $default = $node->safe_psql('postgres',
	q{SELECT default_version FROM pg_available_extensions WHERE name = 'jxlink'});
my @versions = split /\n/,
  $node->safe_psql('postgres',
	q{SELECT version FROM pg_available_extension_versions WHERE name = 'jxlink' ORDER BY version});
note("jxlink versions available: @versions; default $default");
isnt($default, '', 'jxlink is available with a default version');
ok((grep { $_ eq $default } @versions), "default version $default is among the available versions");

# The reference: a fresh install of the default version.
$node->safe_psql('postgres', 'CREATE DATABASE fresh');
$node->safe_psql('fresh', 'CREATE EXTENSION jxlink');
is(extversion('fresh'), $default, "fresh install has the default version $default");
my $fresh = snapshot('fresh');
my @must_have = ('pg_dump --schema-only', 'extension members', 'config registrations', 'function definitions',
	'comments', 'relations and columns', 'constraints, indexes, triggers, views', 'types', 'privileges');
my %fresh = map { $_->[0] => $_->[1] } @$fresh;
ok(length($fresh{$_} // ''), "fresh install: $_ is not empty") foreach @must_have;
my @fresh_config = grep { /^contents of / } map { $_->[0] } @$fresh;
ok(@fresh_config, 'fresh install registers configuration tables: ' . join(', ', @fresh_config));

# A second fresh install equals the first: nothing compared depends on the
# database or on when it was made.
$node->safe_psql('postgres', 'CREATE DATABASE fresh_again');
$node->safe_psql('fresh_again', 'CREATE EXTENSION jxlink');
same_as('fresh_again', snapshot('fresh_again'), 'fresh', $fresh);

# The comparison sees a changed comment, a changed privilege (which pg_dump
# also dumps, as it differs from the initial one) and a changed shipped row,
# and nothing else.
$node->safe_psql('postgres', 'CREATE DATABASE altered');
$node->safe_psql(
	'altered', q{
CREATE EXTENSION jxlink;
COMMENT ON FUNCTION jxlink.is_workday(date) IS 'altered';
GRANT EXECUTE ON FUNCTION jxlink.calendar_changed() TO PUBLIC;
UPDATE jxlink.calendar_day SET name_en = 'altered' WHERE day = (SELECT min(day) FROM jxlink.calendar_day);
});
my @altered = differences(snapshot('altered'), $fresh);
is_deeply(
	[ map { $_->[0] } @altered ],
	[ 'pg_dump --schema-only', 'comments', 'privileges', 'contents of jxlink.calendar_day' ],
	'comparison detects exactly the altered aspects')
  or diag(join("\n", map { ($_->[0], @{ $_->[1] }) } @altered));

# Every other version, installed then updated to the default.
foreach my $version (grep { $_ ne $default } @versions)
{
	(my $db = lc "from_$version") =~ s/\W/_/g;
	$node->safe_psql('postgres', "CREATE DATABASE $db");

	my $path = $node->safe_psql('postgres', qq{
SELECT path FROM pg_extension_update_paths('jxlink') WHERE source = '$version' AND target = '$default'});
	ok($path ne '', "an update path leads from $version to $default") or next;
	note("update path $path");

	my ($rc, $out, $err) = $node->psql($db, "CREATE EXTENSION jxlink VERSION '$version'");
	is($rc, 0, "$db: CREATE EXTENSION jxlink VERSION '$version'") or diag($err), next;
	is(extversion($db), $version, "$db: installed version is $version");

	($rc, $out, $err) = $node->psql($db, 'ALTER EXTENSION jxlink UPDATE');
	is($rc, 0, "$db: ALTER EXTENSION jxlink UPDATE") or diag($err), next;
	is(extversion($db), $default, "$db: updated to the default version $default");

	same_as($db, snapshot($db), 'fresh', $fresh);
}
note('only one version available: no upgrade to test yet') if @versions == 1;

$node->stop;
done_testing();
