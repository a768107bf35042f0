#!/usr/bin/env bash
# Benchmark the referral workflow: state transitions through the API against
# bare UPDATEs of the same rows, side by side in one run on a throwaway
# cluster (pg_virtualenv).  Each pgbench transaction picks one of its
# client's referrals and makes two transitions as the sending unit's leader
# (submit, then send_back: draft -> awaiting_approval -> draft, repeatable);
# the baseline transaction makes two bare UPDATEs of a non-state column
# (extension_reason) of the same row, found the same way.  Same table, indexes and
# referral_state_guard trigger, same login role, same pgbench settings.
# A third run, for information (not part of the target), walks new referrals
# through their whole life, every event of which meets or opens obligations.
# The street already holds BACKGROUND earlier referrals, so that the planner
# plans for tables of a street's size rather than for a handful of rows.
#
# The runs alternate, ROUNDS times; each round gives a ratio, and the
# result is the median of the rounds' ratios (a busy moment of a shared
# machine slows one run, not the median).
#
# Usage: bash test/bench/referral.sh [seconds] [clients] [threads]
#   defaults: 10 s per run, 4 clients, 2 threads, 3 rounds (about 2 minutes in all)
#   ROUNDS=3           baseline/transition pairs of runs
#   PER_CLIENT=25      referrals per client (each client only touches its own)
#   BACKGROUND=5000    earlier referrals no client touches
#   PROTOCOL=prepared  pgbench query mode (simple, extended, prepared)
#   TARGET=0.25        the ratio transitions/s : bare updates/s to reach
#   JXLINK_VERSION=    the extension version to install (default: the newest),
#                      e.g. 0.6.0 to compare a release with the one before
#   JXLINK_BENCH_NO_BUILD=1  use the installed jxlink as is (skip test/setup.sh,
#                      which builds and installs it)
# Exits non-zero if a run fails or the workflow's bookkeeping is off (history
# rows != 2 x transitions + 8 x lifecycles, a referral neither back in draft
# nor closed, an obligation left open, a break in the history chain); the
# ratio itself is reported, not enforced.
set -euo pipefail
cd "$(dirname "$0")/../.."

duration=${1:-10}
clients=${2:-4}
threads=${3:-2}
per_client=${PER_CLIENT:-25}
rounds=${ROUNDS:-3}
background=${BACKGROUND:-5000}
protocol=${PROTOCOL:-prepared}
target=${TARGET:-0.25}

if [ -z "${JXLINK_BENCH_IN_CLUSTER:-}" ]; then
	[ -n "${JXLINK_BENCH_NO_BUILD:-}" ] || source test/setup.sh
	echo "== referral benchmark: $clients clients, $threads threads, $rounds rounds of 2 runs of $duration s," \
		"$((clients * per_client)) referrals in play ($per_client per client) among $background earlier ones," \
		"pgbench -M $protocol"
	JXLINK_BENCH_IN_CLUSTER=1 PER_CLIENT=$per_client PROTOCOL=$protocol TARGET=$target \
		ROUNDS=$rounds BACKGROUND=$background JXLINK_VERSION=${JXLINK_VERSION:-} \
		pg_virtualenv -v 15 bash "$0" "$duration" "$clients" "$threads"
	exit
fi

# ---- inside the throwaway cluster (connected as the superuser "postgres") ----
sql() { psql -X -q -A -t -v ON_ERROR_STOP=1 -c "$1"; }

psql -X -q -v ON_ERROR_STOP=1 -v clients="$clients" -v per_client="$per_client" -v background="$background" \
	-v version="${JXLINK_VERSION:-}" \
	-v password="$PGPASSWORD" -f test/bench/referral_setup.sql

echo "== jxlink $(sql "SELECT extversion FROM pg_extension WHERE extname = 'jxlink'")," \
	"server: PostgreSQL $(sql 'SHOW server_version'), fsync=$(sql 'SHOW fsync')," \
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

history_before=$(sql 'SELECT count(*) FROM jxlink.referral_history')
api_xacts_total=0 life_xacts_total=0 failed_total=0
results=()
for round in $(seq "$rounds"); do
	echo "== round $round/$rounds: baseline (2 bare UPDATEs of jxlink.referral.extension_reason per transaction)," \
		"transitions (submit_referral, send_back_referral per transaction), lifecycles (a new referral from" \
		"create to copy_back per transaction)"
	run baseline test/bench/referral_update.pgbench
	base_tps=$tps base_lat=$lat
	failed_total=$((failed_total + failed))
	run transitions test/bench/referral_transition.pgbench
	api_tps=$tps api_lat=$lat
	failed_total=$((failed_total + failed))
	api_xacts_total=$((api_xacts_total + xacts))
	run lifecycles test/bench/referral_lifecycle.pgbench
	life_tps=$tps life_lat=$lat
	failed_total=$((failed_total + failed))
	life_xacts_total=$((life_xacts_total + xacts))
	results+=("$round $base_tps $base_lat $api_tps $api_lat $life_tps $life_lat")
done
history_after=$(sql 'SELECT count(*) FROM jxlink.referral_history')
astray=$(sql "SELECT count(*) FROM jxlink.referral WHERE state::text NOT IN ('draft', 'closed')")
closed=$(sql "SELECT count(*) FROM jxlink.referral WHERE state::text = 'closed'")
open_extra=$(sql "SELECT count(*) FROM jxlink.obligation WHERE kind <> 'transfer' AND status = 'open'")
breaks=$(sql 'SELECT count(*) FROM jxlink.verify_history()')

printf '%s\n' "${results[@]}" | awk -v target="$target" '
{
	round[NR] = $1; bt[NR] = $2; bl[NR] = $3; at[NR] = $4; al[NR] = $5; lt[NR] = $6; ll[NR] = $7
	ratio[NR] = ($2 > 0) ? $4 / $2 : 0
	lratio[NR] = ($2 > 0) ? 8 * $6 / (2 * $2) : 0
}
END {
	printf "\n%-6s %15s %11s %15s %11s %7s %13s %11s %15s %7s\n", "round", "bare updates/s", "latency ms",
		"transitions/s", "latency ms", "ratio", "lifecycles/s", "latency ms", "their events/s", "ratio"
	for (i = 1; i <= NR; i++)
		printf "%-6d %15.1f %11.3f %15.1f %11.3f %7.3f %13.1f %11.3f %15.1f %7.3f\n", round[i], 2 * bt[i], bl[i],
			2 * at[i], al[i], ratio[i], lt[i], ll[i], 8 * lt[i], lratio[i]
	# the median of the rounds (sorted by ratio)
	for (i = 1; i <= NR; i++) order[i] = i
	for (i = 1; i <= NR; i++)
		for (j = i + 1; j <= NR; j++)
			if (ratio[order[j]] < ratio[order[i]]) { t = order[i]; order[i] = order[j]; order[j] = t }
	m = order[int((NR + 1) / 2)]
	med = (NR % 2) ? ratio[m] : (ratio[order[NR / 2]] + ratio[order[NR / 2 + 1]]) / 2
	printf "\nmedian round (%d): bare updates/s %.1f, transitions/s %.1f\n", round[m], 2 * bt[m], 2 * at[m]
	printf "ratio transitions/s : bare updates/s = %.3f, median of %d rounds (range %.3f to %.3f)  (target >= %s: %s)\n",
		med, NR, ratio[order[1]], ratio[order[NR]], target, (med >= target) ? "met" : "NOT met"
	printf "lifecycles (8 events each, 4 of them meeting an obligation, 4 opening one; not part of the target):" \
		" %.1f/s, %.1f events/s, %.3f of the bare updates/s (median round)\n", lt[m], 8 * lt[m], lratio[m]
}'

expected=$((2 * api_xacts_total + 8 * life_xacts_total))
added=$((history_after - history_before))
echo "check: history rows added $added (2 x $api_xacts_total + 8 x $life_xacts_total transactions = $expected);" \
	"referrals closed $closed (= $life_xacts_total lifecycles), neither draft nor closed: $astray;" \
	"open obligations other than transfer: $open_extra; history chain breaks: $breaks; failed transactions: $failed_total"
if [ "$added" -ne "$expected" ] || [ "$closed" -ne "$life_xacts_total" ] || [ "$astray" -ne 0 ] \
	|| [ "$open_extra" -ne 0 ] || [ "$breaks" -ne 0 ] || [ "$failed_total" -ne 0 ]; then
	echo "== bookkeeping check FAILED"
	exit 1
fi
