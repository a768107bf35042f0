#!/usr/bin/env bash
# Benchmark the referral workflow: state transitions through the API against
# bare UPDATEs of the same rows, side by side in one run on a throwaway
# cluster (pg_virtualenv).  Each pgbench transaction picks one of its
# client's referrals and makes two transitions as the sending unit's leader
# (submit, then send_back: draft -> awaiting_approval -> draft, repeatable);
# the baseline transaction makes two bare UPDATEs of a non-state column
# (extension_reason) of the same row, found the same way.  Same table, indexes and
# referral_state_guard trigger, same login role, same pgbench settings.
#
# Usage: bash test/bench/referral.sh [seconds] [clients] [threads]
#   defaults: 20 s per run, 4 clients, 2 threads (about 1 minute in all)
#   PER_CLIENT=25      referrals per client (each client only touches its own)
#   PROTOCOL=prepared  pgbench query mode (simple, extended, prepared)
#   TARGET=0.25        the ratio transitions/s : bare updates/s to reach
#   JXLINK_BENCH_NO_BUILD=1  use the installed jxlink as is (skip test/setup.sh,
#                      which builds and installs it)
# Exits non-zero if a run fails or the workflow's bookkeeping is off (history
# rows != 2 x transactions, a referral not back in draft); the ratio itself
# is reported, not enforced.
set -euo pipefail
cd "$(dirname "$0")/../.."

duration=${1:-20}
clients=${2:-4}
threads=${3:-2}
per_client=${PER_CLIENT:-25}
protocol=${PROTOCOL:-prepared}
target=${TARGET:-0.25}

if [ -z "${JXLINK_BENCH_IN_CLUSTER:-}" ]; then
	[ -n "${JXLINK_BENCH_NO_BUILD:-}" ] || source test/setup.sh
	echo "== referral benchmark: $clients clients, $threads threads, $duration s per run," \
		"$((clients * per_client)) referrals ($per_client per client), pgbench -M $protocol"
	JXLINK_BENCH_IN_CLUSTER=1 PER_CLIENT=$per_client PROTOCOL=$protocol TARGET=$target \
		pg_virtualenv -v 15 bash "$0" "$duration" "$clients" "$threads"
	exit
fi

# ---- inside the throwaway cluster (connected as the superuser "postgres") ----
sql() { psql -X -q -A -t -v ON_ERROR_STOP=1 -c "$1"; }

psql -X -q -v ON_ERROR_STOP=1 -v clients="$clients" -v per_client="$per_client" \
	-v password="$PGPASSWORD" -f test/bench/referral_setup.sql

echo "== server: PostgreSQL $(sql 'SHOW server_version'), fsync=$(sql 'SHOW fsync')," \
	"synchronous_commit=$(sql 'SHOW synchronous_commit'), shared_buffers=$(sql 'SHOW shared_buffers')," \
	"$(nproc) CPUs; pgbench logs in as jxlink_bench_leader over localhost"

# run <label> <script>: one pgbench run; sets tps, xacts, lat, failed
run()
{
	local out
	sql 'VACUUM ANALYZE jxlink.referral, jxlink.referral_history'
	sql 'CHECKPOINT'
	if ! out=$(PGUSER=jxlink_bench_leader pgbench -n -M "$protocol" -c "$clients" -j "$threads" -T "$duration" \
		-D per_client="$per_client" -f "$2" 2>&1); then
		echo "$out"
		echo "== $1: pgbench failed"
		exit 1
	fi
	tps=$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' <<<"$out")
	xacts=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' <<<"$out")
	lat=$(sed -n 's/^latency average = \([0-9.]*\) ms.*/\1/p' <<<"$out")
	failed=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' <<<"$out")
	failed=${failed:-0}
	if [ -z "$tps" ] || [ -z "$xacts" ]; then
		echo "$out"
		echo "== $1: could not read pgbench's output"
		exit 1
	fi
}

echo "== run 1/2: baseline, 2 bare UPDATEs of jxlink.referral.extension_reason (same row, same table," \
	"trigger fires; no API) per transaction"
run baseline test/bench/referral_update.pgbench
base_tps=$tps base_xacts=$xacts base_lat=$lat base_failed=$failed

history_before=$(sql 'SELECT count(*) FROM jxlink.referral_history')
echo "== run 2/2: 2 transitions through the API (submit_referral, send_back_referral) per transaction"
run transitions test/bench/referral_transition.pgbench
api_tps=$tps api_xacts=$xacts api_lat=$lat api_failed=$failed
history_after=$(sql 'SELECT count(*) FROM jxlink.referral_history')
not_draft=$(sql "SELECT count(*) FROM jxlink.referral WHERE state <> 'draft'")
open_extra=$(sql "SELECT count(*) FROM jxlink.obligation WHERE kind <> 'transfer'")

awk -v bt="$base_tps" -v bx="$base_xacts" -v bl="$base_lat" -v bf="$base_failed" \
	-v at="$api_tps" -v ax="$api_xacts" -v al="$api_lat" -v af="$api_failed" -v target="$target" '
BEGIN {
	printf "\n%-34s %12s %14s %12s %8s\n", "run (2 writes per transaction)", "tps", "writes/s", "latency ms", "failed"
	printf "%-34s %12.1f %14.1f %12.3f %8d   (%d transactions)\n", "bare UPDATE pair (baseline)", bt, 2 * bt, bl, bf, bx
	printf "%-34s %12.1f %14.1f %12.3f %8d   (%d transactions)\n", "transition pair (API)", at, 2 * at, al, af, ax
	ratio = (bt > 0) ? at / bt : 0
	printf "\nbare updates/s:  %.1f\ntransitions/s:   %.1f\n", 2 * bt, 2 * at
	printf "ratio transitions/s : bare updates/s = %.3f  (target >= %s: %s)\n", ratio, target,
		(ratio >= target) ? "met" : "NOT met"
}'

expected=$((2 * api_xacts))
added=$((history_after - history_before))
echo "check: history rows added $added (2 x $api_xacts transactions = $expected);" \
	"referrals not back in draft: $not_draft; obligations other than transfer: $open_extra"
if [ "$added" -ne "$expected" ] || [ "$not_draft" -ne 0 ] || [ "$open_extra" -ne 0 ] \
	|| [ "$base_failed" -ne 0 ] || [ "$api_failed" -ne 0 ]; then
	echo "== bookkeeping check FAILED"
	exit 1
fi
