#!/usr/bin/env bash
# referral_overview_at(), the referrals' one-row-each overview BI reads as of
# an instant, against the previous release's definition, side by side in one
# run: one throwaway cluster (pg_virtualenv), the street of the referral
# benchmark (test/bench/referral_setup.sql: BACKGROUND earlier referrals and
# 100 drafts, each with its open transfer obligation, a tenth of them walked
# on to acceptance) loaded at OLD_VERSION, copied to a second database that is
# upgraded to the current version; then the calls alternate, REPS times each.
# 0.16.0 reads each referral's latest obligations in one pass; 0.15.0 ran four
# lateral subqueries per referral over all the obligations (quadratic).
#
# Usage: bash test/bench/overview.sh [background] [reps]
#   defaults: 5000 earlier referrals, 3 calls each
#   OLD_VERSION=0.15.0        the definition to compare with
#   JXLINK_BENCH_NO_BUILD=1   use the installed jxlink as is (skip test/setup.sh)
# Prints the milliseconds of every call, the medians and their ratio; exits
# non-zero if the two definitions do not return the same rows.
set -euo pipefail
cd "$(dirname "$0")/../.."

background=${1:-5000}
reps=${2:-3}
old=${OLD_VERSION:-0.15.0}

if [ -z "${JXLINK_BENCH_IN_CLUSTER:-}" ]; then
	[ -n "${JXLINK_BENCH_NO_BUILD:-}" ] || source test/setup.sh
	JXLINK_BENCH_IN_CLUSTER=1 OLD_VERSION=$old pg_virtualenv -v 15 bash "$0" "$background" "$reps"
	exit
fi

# ---- inside the throwaway cluster ----
sql() { psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$1" -c "$2"; }
createdb overview_old
psql -X -q -v ON_ERROR_STOP=1 -d overview_old -v clients=4 -v per_client=25 -v background="$background" \
	-v version="$old" -v password="${PGPASSWORD:-bench}" -f test/bench/referral_setup.sql
# a tenth of the drafts walked on: submitted, approved, transferred, accepted
sql overview_old "SET ROLE jxlink_bench_leader;
SELECT count(jxlink.add_material(referral_id, k, 'benchmark'))
FROM bench.slot CROSS JOIN unnest(ARRAY['transfer_letter', 'case_source', 'preliminary_evidence']) AS k WHERE slot % 10 = 0;
SELECT count(jxlink.submit_referral(referral_id)) FROM bench.slot WHERE slot % 10 = 0;
SELECT count(jxlink.approve_referral(referral_id)) FROM bench.slot WHERE slot % 10 = 0;
SELECT count(jxlink.transfer_referral(referral_id, '新塘规移〔2026〕' || slot + 1 || '号')) FROM bench.slot WHERE slot % 10 = 0;
SET ROLE jxlink_bench_team;
SELECT count(*) FROM (SELECT jxlink.accept_referral(referral_id, '受理') FROM bench.slot WHERE slot % 10 = 0) a" >/dev/null
createdb -T overview_old overview_new
sql overview_new "ALTER EXTENSION jxlink UPDATE; ANALYZE" >/dev/null
sql overview_old "ANALYZE" >/dev/null
echo "== referral_overview_at(2030-01-01 00:00+08): jxlink $old against $(sql overview_new "SELECT extversion FROM pg_extension WHERE extname = 'jxlink'"), $(sql overview_new 'SELECT count(*) FROM jxlink.referral') referrals, $(sql overview_new 'SELECT count(*) FROM jxlink.obligation') obligations, PostgreSQL $(sql overview_new 'SHOW server_version'), $(nproc) CPUs"

# time <db>: milliseconds of one call, its rows digested
time_call() {
	sql "$1" "DO \$\$
DECLARE t0 timestamptz := clock_timestamp(); d text;
BEGIN
    SELECT md5(string_agg(o::text, ',' ORDER BY o.referral_id)) INTO d FROM jxlink.referral_overview_at('2030-01-01 00:00+08') o;
    RAISE NOTICE '% %', round(extract(epoch FROM clock_timestamp() - t0) * 1000, 1), d;
END \$\$" 2>&1 | sed -n 's/^NOTICE:  //p'
}
old_ms=(); new_ms=()
for i in $(seq 1 "$reps"); do
	read -r o od < <(time_call overview_old)
	read -r n nd < <(time_call overview_new)
	echo "  round $i: $old ${o} ms, current ${n} ms"
	[ "$od" = "$nd" ] || { echo "the two definitions return different rows ($od, $nd)" >&2; exit 1; }
	old_ms+=("$o"); new_ms+=("$n")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
mo=$(median "${old_ms[@]}"); mn=$(median "${new_ms[@]}")
echo "median: $old $mo ms, current $mn ms, ratio current/$old $(awk -v a="$mn" -v b="$mo" 'BEGIN {printf "%.4f", a / b}'); the same rows in every round"
