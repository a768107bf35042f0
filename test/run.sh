#!/usr/bin/env bash
# Run every jxlink test on throwaway clusters: pg_regress and isolation
# (make installcheck), pgTAP (pg_prove) and Perl TAP (prove, as postgres).
# Installs what is missing first (test/setup.sh).  Exits non-zero when any
# test fails; ends with the runners' summary lines.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
source test/setup.sh
set +e

logs=$(mktemp -d /tmp/jxlink-test.XXXXXX)
chmod 755 "$logs"
status=0
summary=()

# Remember a runner's closing lines, whether it passed, and its counts.
passed=0
failed=0
record()
{
	local name=$1 rc=$2 log=$3 pattern=$4 n f
	[ "$rc" -eq 0 ] || status=1
	summary+=("-- $name (exit $rc)")
	while IFS= read -r line; do summary+=("$line"); done < <(grep -E "$pattern" "$log" | sed 's/^ *//')
	if [ "$name" = "package" ] || [ "$name" = "matrix" ]; then
		# every suite they ran: "All N tests", "N of M tests failed", "Tests=N"
		n=$(grep -Eo '(All|of) [0-9]+ tests|Tests=[0-9]+' "$log" | grep -Eo '[0-9]+$|[0-9]+ tests' | grep -Eo '[0-9]+' | awk '{s += $1} END {print s + 0}')
		f=$(grep -Eo '[0-9]+ of [0-9]+ tests failed' "$log" | awk '{s += $1} END {print s + 0}')
	elif [ "$name" = "pg_regress" ]; then
		n=$(grep -Eo '(All|of) [0-9]+ tests' "$log" | grep -Eo '[0-9]+' | awk '{s += $1} END {print s + 0}')
		f=$(grep -Eo '^ *[0-9]+ of [0-9]+ tests failed' "$log" | awk '{s += $1} END {print s + 0}')
	else
		n=$(grep -Eo '^Files=[0-9]+, Tests=[0-9]+' "$log" | sed 's/.*Tests=//')
		f=$(grep -Eo 'Failed: [0-9]+\)' "$log" | grep -Eo '[0-9]+' | awk '{s += $1} END {print s + 0}')
	fi
	n=${n:-0}
	f=${f:-0}
	# a runner that failed without counting a failure still counts as one
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
	passed=$((passed + n - f))
	failed=$((failed + f))
}

echo "== pg_regress and isolation (make installcheck)"
pg_virtualenv -v 15 make -s PG_CONFIG="$PG_CONFIG" installcheck 2>&1 | tee "$logs/regress.log"
rc=${PIPESTATUS[0]}
for f in regression.diffs output_iso/regression.diffs; do
	[ -s "$f" ] && { echo "== $f"; cat "$f"; }
done
record "pg_regress" "$rc" "$logs/regress.log" 'tests (passed|failed)'

echo "== pgTAP (pg_prove)"
pg_virtualenv -v 15 sh -c 'createdb jxlink_tap && pg_prove -d jxlink_tap test/pgtap/*.sql' 2>&1 | tee "$logs/pgtap.log"
rc=${PIPESTATUS[0]}
record "pg_prove" "$rc" "$logs/pgtap.log" '^(All tests successful|Files=|Result:)'

echo "== Perl TAP (prove)"
pgxs=$(dirname "$("$PG_CONFIG" --pgxs)")/..
tapdir="$logs/tap"
mkdir -p "$tapdir/doc" "$tapdir/sql" && cp -r test/t "$tapdir/" && cp README.md "$tapdir/" && cp doc/demo.sql doc/render.sh "$tapdir/doc/" && cp sql/[0-9][0-9]_*.sql "$tapdir/sql/" \
	&& mkdir -p "$tapdir/test" && cp -r test/fixture "$tapdir/test/"
run_as=()
if [ "$(id -u)" -eq 0 ]; then
	chown -R postgres "$tapdir"
	run_as=(runuser -u postgres --)
fi
(cd "$tapdir" && "${run_as[@]}" env PATH="$("$PG_CONFIG" --bindir):$PATH" TESTDIR="$tapdir" JXLINK_SRCDIR="$tapdir" \
	PG_REGRESS="$pgxs/test/regress/pg_regress" \
	prove -I "$pgxs/test/perl" t/*.pl) 2>&1 | tee "$logs/tap.log"
rc=${PIPESTATUS[0]}
[ "$rc" -eq 0 ] || find "$tapdir" -name '*.log' -path '*log*' -exec tail -n 40 {} \; 2>/dev/null
record "prove" "$rc" "$logs/tap.log" '^(All tests successful|Files=|Result:)'

# The Debian package and the other PostgreSQL majors need root (apt,
# debootstrap, chroot); JXLINK_TEST_MATRIX=0 skips them for a quicker run.
if [ "$(id -u)" -eq 0 ] && [ "${JXLINK_TEST_MATRIX:-1}" != 0 ]; then
	echo "== the Debian package (test/package.sh)"
	bash test/package.sh 2>&1 | tee "$logs/package.log"
	rc=${PIPESTATUS[0]}
	record "package" "$rc" "$logs/package.log" '^(package:|   lintian:)'

	echo "== PostgreSQL 15, 17 and 18 (test/matrix.sh)"
	bash test/matrix.sh 2>&1 | tee "$logs/matrix.log"
	rc=${PIPESTATUS[0]}
	record "matrix" "$rc" "$logs/matrix.log" '^PostgreSQL [0-9.]+.*: (PASS|FAIL)'
else
	summary+=("-- the Debian package and PostgreSQL 17/18 were not tested (they need root; JXLINK_TEST_MATRIX=0 skips them)")
fi

echo
echo "== summary"
printf '%s\n' "${summary[@]}"
echo "jxlink: $passed passed, $failed failed"
cd "$root"
exit $status
