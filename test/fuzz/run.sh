#!/usr/bin/env bash
# Hostile input against jxlink (issue 6), in a throwaway cluster of its own:
#   1. sqlsmith: random SQL as a clerk role (not a superuser) against a
#      populated sample street, with a statement timeout; the server must
#      never crash;
#   2. the type fuzzer: every base type of schema jxlink gets at least
#      100,000 random and mutated strings through its input function (and
#      mutated payloads through its receive function), in a UTF8, a
#      SQL_ASCII and an EUC_CN database; only clean errors (SQLSTATE class 22,
#      54000, and 08P01 from binary receive) are allowed, and accepted values
#      must round-trip.
# Exits non-zero if the server crashed or a type failed.  See README.md.
#
# Usage: bash test/fuzz/run.sh [options]
#   --only sqlsmith|types   run one part only
#   --max-queries N         sqlsmith queries (default 10000)     FUZZ_MAX_QUERIES
#   --timeout MS            statement timeout for sqlsmith (1000) FUZZ_STATEMENT_TIMEOUT
#   --values N              strings per database and type (100000) FUZZ_VALUES
#   --binary-values N       mutated binary payloads per database and type (20000) FUZZ_BINARY_VALUES
#   --types a,b             fuzz these types instead of jxlink's base types FUZZ_TYPES
#   --seed N                seed of sqlsmith and of the corpus (42) FUZZ_SEED
#   --port N                port number of the private socket (5466) FUZZ_PORT
#   --keep                  keep the cluster directory (logs, corpus)  FUZZ_KEEP=1
#   --no-build              use the installed jxlink as is (skip test/setup.sh,
#                           which builds and installs it)  JXLINK_FUZZ_NO_BUILD=1
set -uo pipefail
cd "$(dirname "$0")/../.."

only=""
while [ $# -gt 0 ]; do
	case $1 in
	--only) only=$2; shift ;;
	--max-queries) FUZZ_MAX_QUERIES=$2; shift ;;
	--timeout) FUZZ_STATEMENT_TIMEOUT=$2; shift ;;
	--values) FUZZ_VALUES=$2; shift ;;
	--binary-values) FUZZ_BINARY_VALUES=$2; shift ;;
	--types) FUZZ_TYPES=$2; shift ;;
	--seed) FUZZ_SEED=$2; shift ;;
	--port) FUZZ_PORT=$2; shift ;;
	--keep) FUZZ_KEEP=1 ;;
	--no-build) JXLINK_FUZZ_NO_BUILD=1 ;;
	-h | --help) sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	*) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
	esac
	shift
done
case $only in "" | sqlsmith | types) ;; *) echo "--only sqlsmith or --only types" >&2; exit 2 ;; esac
export FUZZ_SEED=${FUZZ_SEED:-42}

# What the fuzzers need: PostgreSQL and jxlink (test/setup.sh builds and
# installs it, and installs the project's Debian packages), sqlsmith, Perl.
if [ -z "${JXLINK_FUZZ_NO_BUILD:-}" ]; then
	source test/setup.sh
	set +e
fi
if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
missing=""
for p in postgresql-15 perl $([ "$only" != types ] && echo sqlsmith); do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "== installing Debian packages:$missing"
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null || exit 1
fi

source test/fuzz/cluster.sh
source test/fuzz/sqlsmith.sh
source test/fuzz/types.sh
trap cluster_cleanup EXIT

started=$SECONDS
cluster_create || exit 1
cluster_start || { cat "$SERVER_LOG"; exit 1; }
echo "== throwaway cluster in $FUZZ_DIR (socket only, port $FUZZ_PORT), PostgreSQL $("$PG_BIN/postgres" -V | awk '{print $3}')"
fuzz_psql postgres postgres -c 'CREATE DATABASE fuzz' || exit 1
fuzz_psql fuzz postgres -f test/fuzz/sample.sql || exit 1
echo "== jxlink $(fuzz_psql fuzz postgres -At -c "SELECT extversion FROM pg_extension WHERE extname = 'jxlink'")"
log_start=0

TYPES_SUMMARY=()
[ "$only" = types ] || sqlsmith_run
[ "$only" = sqlsmith ] || types_run

# The whole run: no backend may have crashed, whatever the part.
all_crashes=$(cluster_crashes "$log_start" | grep -cE 'terminated by signal|was terminated|PANIC' || true)

echo
echo "== summary (seed $FUZZ_SEED, $((SECONDS - started))s)"
status=0
if [ "$only" != types ]; then
	echo "sqlsmith: ${SQLSMITH_QUERIES:-0} queries in ${SQLSMITH_SECONDS:-0}s as fuzz_clerk, crashes: ${SQLSMITH_CRASHES:-0}, internal errors (XX): ${SQLSMITH_XX:-0}"
	[ "$SQLSMITH_FAILED" -eq 0 ] || status=1
fi
if [ "$only" != sqlsmith ]; then
	if [ ${#TYPES_SUMMARY[@]} -eq 0 ]; then
		echo "types: no base type to fuzz in schema ${FUZZ_SCHEMA:-jxlink}"
	else
		printf 'types: %s\n' "${TYPES_SUMMARY[@]}"
	fi
	[ ${#TYPES_WARNINGS[@]} -eq 0 ] || printf 'types: WARNING: %s\n' "${TYPES_WARNINGS[@]}"
	[ "$TYPES_FAILED" -eq 0 ] || status=1
fi
echo "server crashes in the whole run: $all_crashes"
[ "$all_crashes" -eq 0 ] || status=1
if [ "$status" -eq 0 ]; then echo "fuzz: PASS"; else echo "fuzz: FAIL"; fi
exit $status
