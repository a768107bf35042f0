#!/usr/bin/env bash
# The regression suite under valgrind: a private PostgreSQL 15 server started
# under memcheck (--trace-children=yes, --track-origins=yes, suppressions
# test/valgrind.supp), then jxlink's pg_regress tests (and, unless --quick or
# --no-isolation, its isolation specs) run against it.  Every memcheck error
# is classified:
#   - jxlink: a frame of its stack or of the origin of the uninitialised
#     bytes is jxlink's code (jxlink.so, a jxlink_* function, a file of src/):
#     the run FAILS;
#   - PostgreSQL: everything else, listed as benign (PostgreSQL's own
#     padding written to disk and the like; see test/valgrind.supp).
# The run also fails if a test fails or the server crashes.  Ends with
# "valgrind: PASS" or "valgrind: FAIL".  On 2 cores, measured with the tests
# of 0.7.0 (before they were split): --quick about 45 s, the full run (the
# pg_regress tests and 5 isolation specs) about 5-6 minutes.
#
# Usage: bash test/valgrind.sh [--quick] [--no-isolation] [--tests "a b"] [--port N] [--keep] [--no-build]
#   --quick          only a few tests: install calendar_errors docno_* (those of them that exist)
#   --tests "a b"    these pg_regress tests
#   --no-isolation   skip the isolation specs (the full run includes them)
#   --port N         port number of the private socket (default 5468); no TCP
#   --keep           keep the directory (valgrind logs, server log, results)
#   --no-build       use the installed jxlink as is (skip test/setup.sh,
#                    which builds and installs it); also JXLINK_VALGRIND_NO_BUILD=1
# Note: Debian's postgres is built without USE_VALGRIND, so memcheck sees
# malloc'd blocks, not each palloc chunk: uninitialised reads and writes to
# disk or the client, invalid accesses to malloc'd and stack memory, are
# caught; a read past a small palloc chunk inside its block is not.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

quick=""
isolation=1
tests=""
port=${VALGRIND_PORT:-5468}
keep=""
while [ $# -gt 0 ]; do
	case $1 in
	--quick) quick=1; isolation="" ;;
	--no-isolation) isolation="" ;;
	--tests) tests=$2; shift ;;
	--port) port=$2; shift ;;
	--keep) keep=1 ;;
	--no-build) JXLINK_VALGRIND_NO_BUILD=1 ;;
	-h | --help) sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	*) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
	esac
	shift
done

if [ -z "${JXLINK_VALGRIND_NO_BUILD:-}" ]; then
	source test/setup.sh
	set +e
fi
export PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
if ! command -v valgrind >/dev/null; then
	echo "== installing Debian packages: valgrind"
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq valgrind >/dev/null || exit 1
fi

PG_BIN=$("$PG_CONFIG" --bindir)
pgxs=$(dirname "$("$PG_CONFIG" --pgxs)")/..
as_pg()
{
	if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# The tests, as the Makefile lists them.
make_var()
{
	printf 'print-%%:\n\t@echo $($*)\n' >"$dir/print.mk"
	make -s --no-print-directory -f Makefile -f "$dir/print.mk" PG_CONFIG="$PG_CONFIG" "print-$1" 2>/dev/null
}

dir=$(mktemp -d /tmp/jxlink-valgrind.XXXXXX)
chmod 755 "$dir"
[ "$(id -u)" -eq 0 ] && chown postgres "$dir"
data=$dir/data
server_log=$dir/server.log

all_regress=$(make_var REGRESS)
all_isolation=$(make_var ISOLATION)
if [ -n "$tests" ]; then
	regress=$tests
elif [ -n "$quick" ]; then
	regress=""
	for t in install calendar_errors docno_upgrade docno_input docno_rejected docno_functions docno_order_indexes \
		docno_binary docno_numbering; do
		case " $all_regress " in *" $t "*) regress="$regress $t" ;; esac
	done
else
	regress=$all_regress
fi
[ -n "$isolation" ] || all_isolation=""

cleanup()
{
	[ -f "$data/postmaster.pid" ] && as_pg "$PG_BIN/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1
	if [ -n "$keep" ]; then echo "== kept $dir"; else rm -rf "$dir"; fi
}
trap cleanup EXIT

started=$SECONDS
as_pg "$PG_BIN/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 ||
	{ cat "$dir/initdb.log"; exit 1; }
as_pg tee -a "$data/postgresql.conf" >/dev/null <<CONF
# jxlink under valgrind: private socket, no TCP; fewer background processes;
# no JIT (LLVM under memcheck is slow and noisy, and not jxlink's code)
listen_addresses = ''
unix_socket_directories = '$dir'
port = $port
fsync = off
autovacuum = off
jit = off
max_connections = 20
max_prepared_transactions = 5
shared_buffers = 32MB
log_line_prefix = '%m [%p] %e '
log_min_messages = warning
restart_after_crash = off
CONF

vg_opts=(--tool=memcheck --trace-children=yes --track-origins=yes --leak-check=no --num-callers=40
	--read-var-info=no --fullpath-after= --error-markers=VALGRINDERROR-BEGIN,VALGRINDERROR-END
	--suppressions="$root/test/valgrind.supp" --log-file="$dir/valgrind.%p.log")
echo "== starting PostgreSQL $("$PG_BIN/postgres" -V | awk '{print $3}') under valgrind $(valgrind --version | sed 's/valgrind-//') in $dir"
as_pg bash -c 'exec "$@" >"$0" 2>&1 </dev/null &' "$server_log" valgrind "${vg_opts[@]}" "$PG_BIN/postgres" -D "$data"
ready=""
for i in $(seq 1 300); do
	"$PG_BIN/pg_isready" -q -h "$dir" -p "$port" && { ready=1; break; }
	sleep 1
done
if [ -z "$ready" ]; then
	echo "the server did not start under valgrind"; tail -n 20 "$server_log"; exit 1
fi
echo "   ready after $((SECONDS - started))s"

status=0
export PGHOST=$dir PGPORT=$port PGUSER=postgres
outdir=$dir/results
mkdir -p "$outdir"
regress_time=$SECONDS
echo "== pg_regress under valgrind:$regress"
"$pgxs/test/regress/pg_regress" --inputdir=test --outputdir="$outdir" --bindir="$PG_BIN" \
	--load-extension=plpgsql --dbname=contrib_regression $regress 2>&1 | tee "$dir/regress.log"
[ "${PIPESTATUS[0]}" -eq 0 ] || { status=1; [ -s "$outdir/regression.diffs" ] && head -n 100 "$outdir/regression.diffs"; }
echo "   pg_regress took $((SECONDS - regress_time))s"
if [ -n "$all_isolation" ]; then
	iso_time=$SECONDS
	mkdir -p "$outdir/iso"
	echo "== isolation under valgrind: $all_isolation"
	"$pgxs/test/isolation/pg_isolation_regress" --inputdir=test --outputdir="$outdir/iso" --bindir="$PG_BIN" \
		--dbname=isolation_regression $all_isolation 2>&1 | tee "$dir/isolation.log"
	[ "${PIPESTATUS[0]}" -eq 0 ] || { status=1; [ -s "$outdir/iso/regression.diffs" ] && head -n 100 "$outdir/iso/regression.diffs"; }
	echo "   isolation took $((SECONDS - iso_time))s"
fi

# A clean shutdown, so that every process writes its error summary.
as_pg "$PG_BIN/pg_ctl" -D "$data" -m fast -w -t 300 stop >/dev/null 2>&1

crashes=$(grep -cE 'terminated by signal|was terminated by exception|PANIC' "$server_log" || true)
if [ "$crashes" -ne 0 ]; then
	echo "== the server log reports crashes:"
	grep -E -A2 'terminated by signal|was terminated by exception|PANIC' "$server_log" | head -n 20
	status=1
fi

# Classify every memcheck error.  jxlink's code: jxlink.so, a jxlink_*
# function, or a file of src/ (as a full path: ".../src/docno.c:123").
src_files=$(cd src && ls *.c | sed 's/\.c$//' | paste -sd'|')
jx_pattern="jxlink\\.so|[ (]jxlink_[A-Za-z0-9_]+|/src/($src_files)\\.c:"
report=$dir/valgrind-errors.txt
: >"$report"
: >"$dir/jxlink-errors.txt"
awk -v pat="$jx_pattern" -v out="$report" -v errs="$dir/jxlink-errors.txt" '
	/VALGRINDERROR-BEGIN/ { inb = 1; block = ""; next }
	/VALGRINDERROR-END/ {
		inb = 0
		kind = (block ~ pat) ? "JXLINK" : "POSTGRES"
		# the first line names the error; the first named frames locate it
		nl = split(block, lines, "\n")
		title = lines[1]; sub(/^==[0-9]+== /, "", title)
		where = ""; n = 0
		for (i = 2; i <= nl && i <= 14; i++) {
			l = lines[i]; sub(/^==[0-9]+== +/, "", l)
			if (l ~ /^(at|by) / && l !~ /\?\?\?/ && l !~ /(pwrite|write\.c|fileops|iofwrite|libc|malloc|vgpreload)/) {
				sub(/^(at|by) 0x[0-9A-F]+: /, "", l); sub(/ \(in .*\)$/, "", l)
				where = where (where != "" ? " < " : "") l
				if (++n >= 3) break
			}
		}
		print kind "\t" title "\t" where >> out
		if (kind == "JXLINK") { print "---- " FILENAME >> errs; printf "%s", block >> errs }
		next
	}
	inb { block = block $0 "\n" }
' "$dir"/valgrind.*.log
suppressed=$(grep -hoE 'ERROR SUMMARY: [0-9]+ errors from [0-9]+ contexts \(suppressed: [0-9]+' "$dir"/valgrind.*.log |
	awk '{s += $NF} END {print s + 0}')
processes=$(ls "$dir"/valgrind.*.log | wc -l)
jx_errors=$(grep -c '^JXLINK' "$report" || true)
pg_errors=$(grep -c '^POSTGRES' "$report" || true)

echo
echo "== memcheck: $processes processes, $((jx_errors + pg_errors)) error contexts reported, $suppressed errors suppressed (test/valgrind.supp)"
if [ "$pg_errors" -ne 0 ]; then
	echo "   PostgreSQL's own (benign, not jxlink's code nor bytes from it): $pg_errors"
	grep '^POSTGRES' "$report" | cut -f2,3 | sort | uniq -c | sort -rn | head -n 10 |
		cut -c1-200 | sed 's/^/     /'
fi
if [ "$jx_errors" -ne 0 ]; then
	echo "   involving jxlink: $jx_errors -- FAIL"
	head -n 200 "$dir/jxlink-errors.txt"
	status=1
else
	echo "   involving jxlink: 0"
fi
echo "== valgrind run took $((SECONDS - started))s"
if [ "$status" -eq 0 ]; then echo "valgrind: PASS"; else echo "valgrind: FAIL"; fi
exit $status
