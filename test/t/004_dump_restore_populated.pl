# Dump and restore of a populated street database (issue 6, "Dump/restore").
#
# The sample street of doc/demo.sql (units, staff, eight referrals walked
# through the workflow, the obligation ledger), plus what the demo does not
# cover — a complaint with the complainant's contact, two joint meetings with
# resolutions and a report, shares and a share request, an assistance
# request, a patrol with findings, an accountability finding, document
# numbers drawn from a counter, an administrator's calendar, rule and setting
# changes, an administrator's changes of staff mappings (0.9.0: the staff
# record, jxlink.staff_change) and a read of the complainant's contact (0.9.0:
# the contact-read log, jxlink.contact_read) — so that every table of schema
# jxlink has rows.  The database is
# dumped with pg_dump (custom and plain formats) and restored the way the
# README says into new empty databases; every table of jxlink must come back
# with the same rows (count and checksum), the history neither duplicated nor
# short, the report functions must give the same answers, jxlink.verify_history()
# (0.6.0 and later) must find the hash chain intact, and the restored database
# must keep working: one more transition writes exactly one history row and
# the document-number counter goes on where it stopped.  From 0.9.0 the
# restore of jxlink.staff must not add rows to the staff record (restore fires
# the trigger that records mappings): the record comes back identical, agrees
# with the table, and the next mapping change and contact read are numbered
# where the source stopped.
#
# Run as the postgres user with JXLINK_SRCDIR pointing at the checkout (the
# test reads doc/demo.sql from it); the extension must be installed.
use strict;
use warnings;
use File::Basename qw(dirname);
use File::Spec;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

# The checkout: JXLINK_SRCDIR, else two levels above this file (test/t/..).
my $srcdir = $ENV{JXLINK_SRCDIR}
  // File::Spec->catdir(dirname(File::Spec->rel2abs(__FILE__)), File::Spec->updir, File::Spec->updir);
my $demo = "$srcdir/doc/demo.sql";
if (!-r $demo)
{
	plan skip_all => "cannot read $demo: set JXLINK_SRCDIR to a checkout of jxlink readable by this user ("
	  . (defined $ENV{JXLINK_SRCDIR} ? "JXLINK_SRCDIR=$ENV{JXLINK_SRCDIR}" : 'JXLINK_SRCDIR is not set') . ')';
}

# The procedure under test, as the README documents it (section "Dump and restore").
diag(<<'EOS');
restore procedure used by this test (README, "Dump and restore"), triggers enabled:
  pg_dump -Fc -f src.dump src
  createdb restored                                   # (CREATE DATABASE restored)
  pg_restore --exit-on-error -d restored src.dump
  pg_dump -f src.sql src
  createdb replayed
  psql -X -q -v ON_ERROR_STOP=1 -d replayed -f src.sql
roles are cluster-wide and already exist (same cluster)
EOS

my $node = PostgreSQL::Test::Cluster->new('dump_populated');
$node->init;
$node->start;
my $tmp = PostgreSQL::Test::Utils::tempdir;

# ---------------------------------------------------------------------------
# 1. The source database: the demo street, then everything else.
# ---------------------------------------------------------------------------

# From 0.6.0 on, clerks reach the API through the group role jxlink_clerk,
# created (cluster-wide) by CREATE EXTENSION.  demo.sql acts with SET ROLE
# right after creating its roles, so create the group roles first (an install
# in a scratch database), then the demo's roles with the membership; demo.sql
# leaves roles that exist alone.  Before 0.6.0 this only creates the roles.
my $demo_sql = slurp_file($demo);
my %seen;
my @demo_roles = grep { !$seen{$_}++ } ($demo_sql =~ /^\s*SET ROLE\s+(\w+)/mg);
ok(scalar(@demo_roles) >= 2, 'demo.sql acts as clerk roles: ' . join(' ', @demo_roles));
$node->safe_psql('postgres', 'CREATE DATABASE prep');
$node->safe_psql('prep', 'CREATE EXTENSION jxlink');
my $array = join(', ', map { "'$_'" } @demo_roles);
$node->safe_psql('postgres', qq{
DO \$\$
DECLARE
    r text;
BEGIN
    FOREACH r IN ARRAY ARRAY[$array] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
            EXECUTE format('CREATE ROLE %I LOGIN', r);
        END IF;
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'jxlink_clerk') THEN
            EXECUTE format('GRANT jxlink_clerk TO %I', r);
        END IF;
    END LOOP;
END
\$\$});
$node->safe_psql('postgres', 'DROP DATABASE prep');

$node->safe_psql('postgres', 'CREATE DATABASE src');
$node->command_ok([ 'psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', 'src', '-f', $demo ],
	'doc/demo.sql populates the source database');

my $version = $node->safe_psql('src', q{SELECT extversion FROM pg_extension WHERE extname = 'jxlink'});
my $has_verify = $node->safe_psql('src', q{SELECT to_regprocedure('jxlink.verify_history()') IS NOT NULL}) eq 't';
diag("jxlink $version; jxlink.verify_history() "
	  . ($has_verify ? 'exists: the hash chain is checked' : 'does not exist (before 0.6.0): hash-chain check skipped'));

# Precondition of the administrator's rule change below: no open obligation
# follows rule licence_followup (the change of file_case is tested at the end).
is($node->safe_psql('src', q{SELECT count(*) FROM jxlink.obligation WHERE rule_code = 'licence_followup' AND status = 'open'}),
	'0', 'the demo leaves no open licence_followup obligation');

$node->safe_psql('src', q{
SET client_min_messages = warning;
SET TimeZone = 'Asia/Shanghai';
SET DateStyle = 'ISO, YMD';
-- 0.6.0 and later: every clerk reaches the API through jxlink_clerk.
DO $$
DECLARE
    r text;
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'jxlink_clerk') THEN
        FOR r IN SELECT role_name FROM jxlink.staff LOOP
            EXECUTE format('GRANT jxlink_clerk TO %I', r);
        END LOOP;
    END IF;
END
$$;
CREATE TEMP TABLE ids (name text PRIMARY KEY, id uuid);
GRANT ALL ON ids TO PUBLIC;
CREATE FUNCTION pg_temp.unit(code text) RETURNS uuid LANGUAGE sql AS $$ SELECT unit_id FROM jxlink.unit WHERE unit.code = $1 $$;
CREATE FUNCTION pg_temp.id(name text) RETURNS uuid LANGUAGE sql AS $$ SELECT id FROM ids WHERE ids.name = $1 $$;

-- The administrator: the joint meeting's members (the office at the team,
-- the supervisors), a corrected shipped calendar row, a local closure (as a
-- calendar_day row, and one as a calendar_closure of the street), next
-- year's schedule, a local-policy rule and a warning threshold.
INSERT INTO jxlink.joint_meeting_member (unit_id, role)
SELECT unit_id, CASE kind WHEN 'enforcement_team' THEN 'office' WHEN 'leadership' THEN 'convener'
                          WHEN 'judicial_office' THEN 'supervisor' WHEN 'discipline_commission' THEN 'supervisor'
                          ELSE 'member' END
FROM jxlink.unit
WHERE kind IN ('functional_section', 'dispatched_agency', 'enforcement_team', 'leadership', 'judicial_office',
               'discipline_commission')
ON CONFLICT DO NOTHING;    -- (the demo lists them from 0.10.0 on)
UPDATE jxlink.calendar_day SET name_en = 'National Day (PRC)', source = 'street office correction' WHERE day = '2024-10-02';
INSERT INTO jxlink.calendar_day (day, kind, name_zh, name_en, source)
VALUES ('2024-11-13', 'holiday', '台风停工', 'Typhoon closure', '新塘街道办事处通知');
INSERT INTO jxlink.calendar_year (year, source) VALUES (2027, '国务院办公厅通知（2027）');
INSERT INTO jxlink.calendar_closure (jurisdiction, day, name_zh, name_en, document)
SELECT code, '2024-11-14', '台风停工（次日）', 'Typhoon closure (second day)', '新塘街道办事处通知' FROM jxlink.jurisdiction WHERE is_local;
INSERT INTO jxlink.calendar_day (day, kind, name_zh, name_en, source)
VALUES ('2027-01-01', 'holiday', '元旦', 'New Year''s Day', '国务院办公厅通知（2027）');
-- a reader scope (a municipal database's dashboards; the roles come first)
INSERT INTO jxlink.reader_scope (role_name, jurisdiction) SELECT 'jxlink_bi', code FROM jxlink.jurisdiction WHERE is_local;
UPDATE jxlink.deadline_rule SET period = '15 工作日', description_en = 'report the licensing status within 15 working days (street decision)'
WHERE rule_code = 'licence_followup';
UPDATE jxlink.setting SET value = 2 WHERE name = 'due_soon_workdays';

-- A complaint with the complainant's contact: referred by its first receiver,
-- replied to, accepted by the team.  Another handled on the spot by the team.
SET ROLE xt_econ_clerk;
INSERT INTO ids SELECT 'c1', jxlink.receive_complaint('hotline', '2024-11-04 09:10+08', '餐馆无证经营并油烟扰民',
    '新塘街道湖格社区湖中路 15 号', 'unlicensed', '{"full_name": "李某", "phone": "13800000000"}');
INSERT INTO ids SELECT 'c1r', jxlink.refer_complaint(pg_temp.id('c1'), '无证经营餐饮', false, '2024-11-05 10:00+08');
SELECT jxlink.add_material(pg_temp.id('c1r'), k, k || ' 新塘经移〔2024〕30号') IS NOT NULL
FROM unnest(ARRAY['transfer_letter', 'case_source', 'preliminary_evidence']) k;
SELECT jxlink.submit_referral(pg_temp.id('c1r'), '2024-11-05 11:00+08');
RESET ROLE; SET ROLE xt_econ_lead;
SELECT jxlink.approve_referral(pg_temp.id('c1r'), '2024-11-05 15:00+08');
RESET ROLE; SET ROLE xt_econ_clerk;
SELECT jxlink.transfer_referral(pg_temp.id('c1r'), '新塘经移〔2024〕30号', '2024-11-06 09:00+08');
SELECT jxlink.reply_complaint(pg_temp.id('c1'), 'penalty_due', '已移送综合执法队查处', '2024-11-07 10:00+08');
RESET ROLE; SET ROLE xt_team_clerk;
SELECT jxlink.accept_referral(pg_temp.id('c1r'), '受理告知书 新塘综执受〔2024〕50号', '2024-11-08 09:00+08');
INSERT INTO ids SELECT 'c2', jxlink.receive_complaint('report', '2024-11-11 09:00+08', '占道经营', '大埔路口', 'prohibited',
    '{"anonymous": true}');
SELECT jxlink.handle_complaint_on_spot(pg_temp.id('c2'), '当场责令改正，已清理', '2024-11-11 11:00+08');
RESET ROLE;
-- 0.9.0: the first receiver reads the complainant's contact (the read is
-- recorded and committed first, so it runs outside a transaction block), and
-- an administrator maps a new clerk, corrects a name, and unmaps the clerk.
SELECT to_regprocedure('jxlink.record_contact_read(uuid)') IS NOT NULL AS has_records \gset
\if :has_records
SET ROLE xt_econ_clerk;
CALL jxlink.read_complainant_contact(pg_temp.id('c1'));
RESET ROLE;
-- (0.10.0: a staff row names an existing role; roles are cluster-wide)
DO $d$ BEGIN CREATE ROLE xt_temp_clerk; EXCEPTION WHEN duplicate_object THEN NULL; END $d$;
INSERT INTO jxlink.staff (role_name, unit_id, full_name) VALUES ('xt_temp_clerk', pg_temp.unit('team'), '临时人员');
UPDATE jxlink.staff SET full_name = full_name || '（更正）' WHERE role_name = 'xt_econ_clerk';
DELETE FROM jxlink.staff WHERE role_name = 'xt_temp_clerk';
\endif

-- The joint meeting: the Q4 meeting adopts two resolutions (an agenda item
-- escalated); one is reported done at the Q1 2025 meeting.
SET ROLE xt_team_clerk;
INSERT INTO ids SELECT 'm1', jxlink.schedule_meeting('2024-12-10 09:00+08');
RESET ROLE; SET ROLE xt_econ_clerk;
INSERT INTO ids SELECT 'a1', jxlink.propose_agenda_item(pg_temp.id('m1'), '夜市占道经营整治分工', '涉及经发办、市监所、执法队',
    '2024-11-20 09:00+08');
RESET ROLE; SET ROLE xt_team_clerk;
SELECT jxlink.hold_meeting(pg_temp.id('m1'), '2024-12-10 09:00+08', '党工委副书记',
    ARRAY[pg_temp.unit('team'), pg_temp.unit('sec-econ'), pg_temp.unit('agy-amr'), pg_temp.unit('judicial')], '街道三楼会议室');
INSERT INTO ids SELECT 'res1', jxlink.adopt_resolution(pg_temp.id('m1'), '夜市占道经营联合整治',
    ARRAY[pg_temp.unit('sec-econ'), pg_temp.unit('agy-amr')]);
-- (the office owes a report too: recorded by it, its report starts at the
-- meeting and moves when the next one is held)
INSERT INTO ids SELECT 'res2', jxlink.adopt_resolution(pg_temp.id('m1'), '建立电子监控数据共享',
    ARRAY[pg_temp.unit('agy-amr'), pg_temp.unit('team')]);
SELECT jxlink.escalate_agenda_item(pg_temp.id('a1'), '涉及多部门职责，提请党政联席会议研究', '2024-12-10 12:00+08');
SELECT jxlink.close_meeting(pg_temp.id('m1'), '新塘联席纪〔2024〕4号', '2024-12-12');
INSERT INTO ids SELECT 'm2', jxlink.schedule_meeting('2025-01-14 09:00+08');
SELECT jxlink.hold_meeting(pg_temp.id('m2'), '2025-01-14 09:00+08', '党工委副书记',
    ARRAY[pg_temp.unit('team'), pg_temp.unit('sec-econ'), pg_temp.unit('agy-amr')]);
RESET ROLE; SET ROLE xt_econ_clerk;
SELECT jxlink.report_resolution(pg_temp.id('res1'), pg_temp.id('m2'), 'done', '已完成夜市整治，设置临时摊点区');
RESET ROLE; SET ROLE xt_team_clerk;
SELECT jxlink.close_meeting(pg_temp.id('m2'), '新塘联席纪〔2025〕1号', '2025-01-16');
RESET ROLE;

-- Information sharing: a share acknowledged; a request answered with a share.
SET ROLE xt_amr_clerk;
INSERT INTO ids SELECT 's1', jxlink.share_information('rules_standards', '食品经营行政处罚裁量基准（修订）',
    ARRAY[pg_temp.unit('sec-econ')], '晋市监规〔2024〕2号', '2024-11-01', '2024-10-30 09:00+08');
-- (no agreed last day: recorded today, one in 2024 would be refused)
INSERT INTO ids SELECT 'q1', jxlink.request_share(pg_temp.unit('team'), 'statistics_ledgers', '十月处罚案件统计',
    NULL, '2024-11-01 09:00+08');
RESET ROLE; SET ROLE xt_team_clerk;
SELECT jxlink.acknowledge_share(pg_temp.id('s1'), '2024-10-31 09:00+08');
SELECT jxlink.answer_share_request(pg_temp.id('q1'), '十月处罚案件统计表', '新综执统〔2024〕10号', '2024-11-06 16:00+08') IS NOT NULL;
RESET ROLE;

-- An assistance request: a section asks the team to join an inspection.
SET ROLE xt_econ_clerk;
INSERT INTO ids SELECT 'h1', jxlink.request_assistance(pg_temp.unit('team'), 'joint_inspection', '重点监管企业联合检查',
    '湖格工业区', '2024-11-15 09:00+08', '2024-11-12 09:00+08');
RESET ROLE; SET ROLE xt_team_clerk;
SELECT jxlink.answer_assistance(pg_temp.id('h1'), true, '派出执法队员 2 名', '2024-11-13 09:00+08');
RESET ROLE;

-- A patrol with two findings; one opens a case.
SET ROLE xt_econ_clerk;
INSERT INTO ids SELECT 'p1', jxlink.record_patrol('2024-11-18 15:00+08', '湖格社区沿街店铺',
    ARRAY[pg_temp.unit('wg-1'), pg_temp.unit('comm-hg')], ARRAY['店外占道堆放', '无证废品收购点']);
RESET ROLE;
INSERT INTO ids SELECT 'f1', finding_id FROM jxlink.patrol_finding
WHERE patrol_id = pg_temp.id('p1') AND description = '无证废品收购点';
SET ROLE xt_econ_clerk;
SELECT jxlink.open_case_from_finding(pg_temp.id('f1'), 'unlicensed', '无证废品收购', 'grid_report') IS NOT NULL;
RESET ROLE;

-- A supervisor's accountability finding on the team's open file_case obligations.
CREATE TEMP TABLE finding_obligations AS
SELECT obligation_id FROM jxlink.obligation
WHERE owner_unit = pg_temp.unit('team') AND kind = 'file_case' AND status = 'open';
GRANT SELECT ON finding_obligations TO PUBLIC;
SET ROLE xt_judicial_clerk;
SELECT jxlink.record_accountability_finding(pg_temp.unit('team'), 'unfiled_case', '受理后逾期未立案',
    ARRAY(SELECT obligation_id FROM finding_obligations), '2024-11-20 10:00+08') IS NOT NULL;
RESET ROLE;

-- Document numbers drawn from two counters.
SET ROLE xt_team_clerk;
SELECT jxlink.next_docno('晋新综执立', 2024), jxlink.next_docno('晋新综执立', 2024), jxlink.next_docno('新综执统', 2025);
RESET ROLE;

-- A jurisdiction's own local-policy period and setting (0.12.0).
DO $$
BEGIN
    IF to_regclass('jxlink.setting_local') IS NOT NULL THEN
        INSERT INTO jxlink.deadline_rule_local (jurisdiction, rule_code, period)
        SELECT code, 'copy_back', '7 工作日' FROM jxlink.jurisdiction WHERE is_local;
        INSERT INTO jxlink.setting_local (jurisdiction, name, value)
        SELECT code, 'due_soon_hours', 8 FROM jxlink.jurisdiction WHERE is_local;
    END IF;
END
$$;

-- The finished quarters sealed (0.13.0): their counts come back with the dump.
DO $$
BEGIN
    IF to_regprocedure('jxlink.seal_quarters(text[])') IS NOT NULL THEN
        PERFORM jxlink.seal_quarters();
    END IF;
END
$$;

-- The quarter's bulletin issued by the judicial office (0.15.0): its number
-- and digest come back with the dump.
DO $$
BEGIN
    IF to_regprocedure('jxlink.issue_bulletin(text,date,date,text,integer)') IS NOT NULL THEN
        SET LOCAL ROLE xt_judicial_clerk;
        PERFORM jxlink.issue_bulletin(j.code, '2024-10-01', '2024-12-31', '新塘执联通', 2025)
        FROM jxlink.jurisdiction j WHERE j.is_local;
        RESET ROLE;
    END IF;
END
$$;

-- An anchor of the history (0.9.0), as the minutes would print it.
SELECT jxlink.history_anchor() IS NOT NULL AS anchored;
});

# Every table of schema jxlink, and its rows in the source.
my @tables = split /\n/, $node->safe_psql('src', q{
SELECT c.relname FROM pg_class c
WHERE c.relnamespace = 'jxlink'::regnamespace AND c.relkind = 'r'
ORDER BY 1});
ok(scalar(@tables) >= 30, scalar(@tables) . ' tables in schema jxlink');

# Row count and checksum of a table.  calendar_year.loaded_at defaults to
# now(): its shipped rows are not dumped but recreated by CREATE EXTENSION
# during the restore, so for them (only) that column is left out.
sub table_sum_sql
{
	my ($table) = @_;
	my $row = 't::text';
	$row = q{(t.year, t.source, t.origin, CASE WHEN t.origin = 'shipped' THEN NULL ELSE t.loaded_at END)::text}
	  if $table eq 'calendar_year';
	return qq{SELECT count(*) || ' ' || coalesce(md5(string_agg($row, '|' ORDER BY $row)), '-') FROM jxlink."$table" t};
}

sub table_sums
{
	my ($db) = @_;
	my %sum;
	$sum{$_} = $node->safe_psql($db, table_sum_sql($_)) foreach @tables;
	return \%sum;
}

my $src_sums = table_sums('src');
my @empty = grep { $src_sums->{$_} =~ /^0 / } @tables;
is(scalar(@empty), 0, 'every table of schema jxlink has rows in the source')
  or diag('empty tables: ' . join(', ', @empty));

# The history, the report functions and the calendar, as one line each.
my %answer_sql = (
	'history rows, distinct (referral_id, seq)' =>
	  q{SELECT count(*) || ' ' || count(DISTINCT (referral_id, seq)) FROM jxlink.referral_history},
	'referrals whose history is not 1..transition_seq' => q{
SELECT count(*) FROM jxlink.referral r
WHERE (SELECT count(*) || ' ' || coalesce(min(h.seq), 0) || ' ' || coalesce(max(h.seq), 0)
       FROM jxlink.referral_history h WHERE h.referral_id = r.referral_id)
      <> r.transition_seq || ' 1 ' || r.transition_seq},
	'overdue_as_of(2024-10-31 18:00)' => q{
SELECT count(*) || ' ' || md5(string_agg(o::text, '|' ORDER BY o::text))
FROM jxlink.overdue_as_of('2024-10-31 18:00+08') o},
	'due_soon_as_of(2024-10-31 18:00)' => q{
SELECT count(*) || ' ' || md5(string_agg(o::text, '|' ORDER BY o::text))
FROM jxlink.due_soon_as_of('2024-10-31 18:00+08') o},
	'obligation_status_at(2025-01-31 18:00)' => q{
SELECT count(*) || ' ' || md5(string_agg(o::text, '|' ORDER BY o::text))
FROM jxlink.obligation_status_at('2025-01-31 18:00+08') o},
	'unit_scorecard_for(2024-10-01, 2024-12-31)' => q{
SELECT count(*) || ' ' || md5(string_agg(s::text, '|' ORDER BY s::text))
FROM jxlink.unit_scorecard_for('2024-10-01', '2024-12-31') s},
	'explain_obligation() of every obligation' => q{
SELECT md5(string_agg(jxlink.explain_obligation(obligation_id), '|' ORDER BY obligation_id)) FROM jxlink.obligation},
	'meeting_packet() of every meeting' => q{
SELECT md5(string_agg(jxlink.meeting_packet(meeting_id)::text, '|' ORDER BY meeting_id)) FROM jxlink.joint_meeting},
	'calendar answers' => q{
SELECT jxlink.calendar_version() || ' ' || jxlink.workday_deadline('2024-11-12 10:00+08', 3) || ' '
       || jxlink.is_provisional('2027-06-01') || ' ' || jxlink.add_workdays('2024-10-01', 3)},
	'docno counters' => q{
SELECT string_agg(concat_ws(' ', jurisdiction, issuer, year, last_number), '|' ORDER BY issuer, year)
FROM jxlink.docno_counter});

# 0.9.0: the staff record and the contact-read log.
my $has_records = $node->safe_psql('src', q{SELECT to_regprocedure('jxlink.verify_staff_record()') IS NOT NULL}) eq 't';
if ($has_records)
{
	$answer_sql{'verify_staff_record() (the record agrees with jxlink.staff)'} =
	  q{SELECT count(*) || ' ' || coalesce(string_agg(role_name || ': ' || problem, '; '), '') FROM jxlink.verify_staff_record()};
	$answer_sql{'staff record: changes by kind'} =
	  q{SELECT string_agg(op || ' ' || n, ', ' ORDER BY op) FROM (SELECT op, count(*) n FROM jxlink.staff_change GROUP BY op) x};
	$answer_sql{'contact-read log: reads by reader'} =
	  q{SELECT string_agg(reader_role || ' ' || n, ', ' ORDER BY reader_role) FROM (SELECT reader_role, count(*) n FROM jxlink.contact_read GROUP BY reader_role) x};
}

sub answers
{
	my ($db) = @_;
	my %a;
	$a{$_} = $node->safe_psql($db, $answer_sql{$_}) foreach keys %answer_sql;
	return \%a;
}

my $src_answers = answers('src');
if ($has_records)
{
	is($src_answers->{'verify_staff_record() (the record agrees with jxlink.staff)'}, '0 ', 'source: the staff record agrees with jxlink.staff');
	like($src_answers->{'staff record: changes by kind'}, qr/^delete 1, insert \d+, update 1$/,
		'source: the staff record holds the mappings, the correction and the unmapping');
	is($src_answers->{'contact-read log: reads by reader'}, 'xt_econ_clerk 1', 'source: the contact read is on record');
}
my ($src_history, $src_distinct) = split / /, $src_answers->{'history rows, distinct (referral_id, seq)'};
is($src_distinct, $src_history, "source: $src_history history rows, none duplicated");
is($src_answers->{'referrals whose history is not 1..transition_seq'}, '0', 'source: every referral has its whole history');
like($src_answers->{'overdue_as_of(2024-10-31 18:00)'}, qr/^[1-9]/, 'source: obligations overdue at 2024-10-31 18:00');

# The hash chain of the history (0.6.0 and later): no row means intact.
sub history_chain_intact
{
	my ($db, $how) = @_;
  SKIP:
	{
		skip "jxlink $version has no verify_history(): hash chain not checked ($how)", 1 unless $has_verify;
		my $breaks = $node->safe_psql($db, 'SELECT * FROM jxlink.verify_history()');
		is($breaks, '', "$how: verify_history() finds the hash chain intact") or diag($breaks);
	}
}
history_chain_intact('src', 'source');

# ---------------------------------------------------------------------------
# 2. Dump and restore, as the README says.
# ---------------------------------------------------------------------------

$node->command_ok([ 'pg_dump', '-Fc', '-f', "$tmp/src.dump", '-d', 'src' ], 'pg_dump -Fc');
$node->command_ok([ 'pg_dump', '-f', "$tmp/src.sql", '-d', 'src' ], 'pg_dump plain');
$node->safe_psql('postgres', 'CREATE DATABASE restored');
$node->command_ok([ 'pg_restore', '--exit-on-error', '-d', 'restored', "$tmp/src.dump" ],
	'pg_restore --exit-on-error into an empty database');
$node->safe_psql('postgres', 'CREATE DATABASE replayed');
$node->command_ok([ 'psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', 'replayed', '-f', "$tmp/src.sql" ],
	'plain dump replayed with psql');

# ---------------------------------------------------------------------------
# 3. Compare each restored database with the source.
# ---------------------------------------------------------------------------

sub same_as_source
{
	my ($db, $how) = @_;
	is($node->safe_psql($db, q{SELECT extversion FROM pg_extension WHERE extname = 'jxlink'}), $version,
		"$how: same version of jxlink");
	my @restored_tables = split /\n/, $node->safe_psql($db, q{
SELECT c.relname FROM pg_class c WHERE c.relnamespace = 'jxlink'::regnamespace AND c.relkind = 'r' ORDER BY 1});
	is_deeply(\@restored_tables, \@tables, "$how: the same tables");
	my $sums = table_sums($db);
	foreach my $t (@tables)
	{
		is($sums->{$t}, $src_sums->{$t}, "$how: jxlink.$t identical (rows, checksum)")
		  or diag(table_diff($db, $t));
	}
	my $a = answers($db);
	is($a->{$_}, $src_answers->{$_}, "$how: same $_") foreach sort keys %answer_sql;
	history_chain_intact($db, $how);
}

# Rows of a table in one database and not the other, to show a difference.
sub table_diff
{
	my ($db, $table) = @_;
	my %rows;
	foreach my $side ('src', $db)
	{
		$rows{$side}{$_}++ foreach split /\n/,
		  $node->safe_psql($side, qq{SELECT t::text FROM jxlink."$table" t ORDER BY 1});
	}
	my @out;
	foreach my $side ('src', $db)
	{
		my $other = $side eq 'src' ? $db : 'src';
		push @out, map { "only in $side: $_" }
		  grep { ($rows{$side}{$_} // 0) > ($rows{$other}{$_} // 0) } sort keys %{ $rows{$side} };
	}
	splice(@out, 20) if @out > 20;
	return join("\n", @out);
}

same_as_source('restored', 'pg_restore');
same_as_source('replayed', 'plain dump');

# ---------------------------------------------------------------------------
# 4. The restored databases work: the team files an accepted referral.
# ---------------------------------------------------------------------------

# The counter goes on where the source stopped.
my $next_case_no = $node->safe_psql('src', q{
SELECT jxlink.docno(issuer, year, last_number + 1)::text FROM jxlink.docno_counter
WHERE issuer = '晋新综执立' AND year = 2024});

sub one_more_transition
{
	my ($db, $how) = @_;
	my ($referral, $at, $role) = split /\|/, $node->safe_psql($db, q{
SELECT r.referral_id, r.last_event_at + interval '1 day',
       (SELECT s.role_name FROM jxlink.staff s WHERE s.unit_id = r.to_unit AND s.active AND NOT s.is_leader
        ORDER BY s.role_name LIMIT 1)
FROM jxlink.referral r WHERE r.state OPERATOR(jxlink.=) 'accepted' ORDER BY r.last_event_at, r.referral_id LIMIT 1});
	ok(defined $role && $role ne '', "$how: an accepted referral and a clerk of the team to file it");
	my $history_sql = qq{
SELECT (SELECT count(*) FROM jxlink.referral_history) || ' '
    || (SELECT count(*) FROM jxlink.referral_history WHERE referral_id = '$referral')};
	my ($total_before, $mine_before) = split / /, $node->safe_psql($db, $history_sql);
	my $result = $node->safe_psql($db, qq{
SET ROLE "$role";
SELECT jxlink.file_referral('$referral', jxlink.next_docno('晋新综执立', 2024)::text, '$at');
RESET ROLE;
SELECT r.state || ' ' || r.filed_case_no::text || ' ' || r.transition_seq FROM jxlink.referral r
WHERE r.referral_id = '$referral'});
	my ($after) = (split /\n/, $result)[-1];
	is($after, "filed $next_case_no " . ($mine_before + 1),
		"$how: $role files it as $next_case_no (the counter went on where it stopped)");
	my ($total_after, $mine_after) = split / /, $node->safe_psql($db, $history_sql);
	is($total_after, $total_before + 1, "$how: the history grew by exactly one row");
	is($mine_after, $mine_before + 1, "$how: ... the referral's");
	is($node->safe_psql($db, qq{
SELECT string_agg(h.seq || ' ' || h.event || ' ' || h.from_state || ' ' || h.to_state || ' ' || h.actor_role, '|')
FROM jxlink.referral_history h WHERE h.referral_id = '$referral' AND h.seq = $mine_after}),
		"$mine_after file accepted filed $role", "$how: the new history row records the transition");
	is($node->safe_psql($db, qq{
SELECT status || ' ' || (met_at = '$at'::timestamptz) FROM jxlink.obligation
WHERE subject_id = '$referral' AND kind = 'file_case'}),
		'met true', "$how: the file_case obligation is met then");
	history_chain_intact($db, "$how, after the new transition");
}

one_more_transition('restored', 'pg_restore');
one_more_transition('replayed', 'plain dump');

# 0.9.0: after the restore, one more mapping change adds exactly one row to the
# staff record, numbered after the source's last; one more contact read adds
# exactly one row to the log, numbered likewise; the record still agrees.
sub one_more_record
{
	my ($db, $how) = @_;
	my ($changes, $last_change, $reads, $last_read) = split / /, $node->safe_psql($db, q{
SELECT (SELECT count(*) || ' ' || max(change_no) FROM jxlink.staff_change) || ' '
    || (SELECT count(*) || ' ' || max(read_no) FROM jxlink.contact_read)});
	my ($src_last_change, $src_last_read) = split / /, $node->safe_psql('src', q{
SELECT (SELECT max(change_no) FROM jxlink.staff_change) || ' ' || (SELECT max(read_no) FROM jxlink.contact_read)});
	is("$last_change $last_read", "$src_last_change $src_last_read", "$how: the record and the log end where the source's end");
	my $complaint = $node->safe_psql($db, q{SELECT complaint_id FROM jxlink.complaint WHERE subject = '餐馆无证经营并油烟扰民'});
	$node->safe_psql($db, qq{
UPDATE jxlink.staff SET full_name = full_name || '·' WHERE role_name = 'xt_team_clerk';
SET ROLE xt_econ_clerk;
CALL jxlink.read_complainant_contact('$complaint');
RESET ROLE;});
	is($node->safe_psql($db, qq{
SELECT string_agg(change_no || ' ' || op || ' ' || role_name, ', ') FROM jxlink.staff_change WHERE change_no > $last_change}),
		($last_change + 1) . ' update xt_team_clerk', "$how: one mapping change adds one row to the staff record, numbered next");
	is($node->safe_psql($db, qq{
SELECT string_agg(read_no || ' ' || reader_role, ', ') FROM jxlink.contact_read WHERE read_no > $last_read}),
		($last_read + 1) . ' xt_econ_clerk', "$how: one contact read adds one row to the log, numbered next");
	is($node->safe_psql($db, q{SELECT count(*) FROM jxlink.verify_staff_record()}), '0', "$how: the staff record agrees with jxlink.staff");
}

if ($has_records)
{
	one_more_record('restored', 'pg_restore');
	one_more_record('replayed', 'plain dump');
}

# ---------------------------------------------------------------------------
# 5. Known issue: an open obligation whose local-policy rule was changed after
#    it was opened.  The README says a changed rule applies to obligations
#    opened afterwards, and in the source the open obligation keeps its due
#    time; but restoring the calendar rows fires the calendar recompute
#    trigger (calendar_day_recompute, jxlink.obligation_recompute()), which
#    recomputes every open working-day obligation with the rule as it is now.
#    (Any later calendar change does the same in the source itself.)
# ---------------------------------------------------------------------------

$node->safe_psql('postgres', 'CREATE DATABASE rule_src TEMPLATE src');
my $open_file_case = q{
SELECT string_agg(obligation_id || ' ' || due_at, '|' ORDER BY obligation_id) FROM jxlink.obligation
WHERE rule_code = 'file_case' AND status = 'open'};
my $before_rule = $node->safe_psql('rule_src', $open_file_case);
isnt($before_rule, '', 'rule_src: open file_case obligations exist');
$node->safe_psql('rule_src', q{UPDATE jxlink.deadline_rule SET period = jxlink.time_limit('workdays', jxlink.time_limit_amount(period) + 2) WHERE rule_code = 'file_case'});
is($node->safe_psql('rule_src', $open_file_case), $before_rule,
	'rule_src: changing rule file_case leaves the open obligations as they were');
$node->command_ok([ 'pg_dump', '-Fc', '-f', "$tmp/rule_src.dump", '-d', 'rule_src' ], 'rule_src: pg_dump -Fc');
$node->safe_psql('postgres', 'CREATE DATABASE rule_restored');
$node->command_ok([ 'pg_restore', '--exit-on-error', '-d', 'rule_restored', "$tmp/rule_src.dump" ],
	'rule_src: pg_restore');
# Each obligation keeps the period it was opened with (0.5.0), so the restore's
# recomputation after the calendar rows come back gives the same due times.
is($node->safe_psql('rule_restored', $open_file_case), $before_rule,
	'rule_restored: open file_case obligations keep their due time');
# and so does a later calendar change in the source itself, far from the deadlines
$node->safe_psql('rule_src', q{INSERT INTO jxlink.calendar_day (day, kind, name_zh, name_en) VALUES ('2030-01-02', 'holiday', '测试', 'Test')});
is($node->safe_psql('rule_src', $open_file_case), $before_rule,
	'rule_src: a later calendar change keeps the open file_case obligations under their own period');

$node->stop;
done_testing();
