#!/usr/bin/env bash
# Benchmark of the alerts (issue 19), on a throwaway cluster (pg_virtualenv):
#   1. the sweep over OPEN open obligations (default 1,000,000, recorded
#      earlier: no event notifies of them), as of now: the first sweep writes
#      the warnings, a second writes none (idempotent); time per sweep, rows
#      written, per open obligation;
#   2. an event's cost with the outbox against without it: referral
#      lifecycles through the API (test/bench/referral_lifecycle.pgbench, every
#      event opening or meeting obligations, each writing notifications), the
#      outbox's triggers enabled and disabled (ALTER TABLE ... DISABLE TRIGGER),
#      alternating, ROUNDS rounds, the median of the rounds' ratios.
# Usage: bash test/bench/alerts.sh [open] [seconds] [clients]
#   defaults: 1,000,000 open obligations, 10 s runs, 4 clients; ROUNDS=3
#   JXLINK_BENCH_NO_BUILD=1  use the installed jxlink as is
# Exits non-zero if a run fails or the second sweep writes anything.
set -euo pipefail
cd "$(dirname "$0")/../.."

open=${1:-1000000}
duration=${2:-10}
clients=${3:-4}
rounds=${ROUNDS:-3}

if [ -z "${JXLINK_BENCH_IN_CLUSTER:-}" ]; then
	[ -n "${JXLINK_BENCH_NO_BUILD:-}" ] || source test/setup.sh
	echo "== alerts benchmark: $open open obligations; lifecycles with and without the outbox, $rounds rounds of $duration s, $clients clients"
	JXLINK_BENCH_IN_CLUSTER=1 ROUNDS=$rounds pg_virtualenv -v 15 bash "$0" "$open" "$duration" "$clients"
	exit
fi

sql() { psql -X -q -A -t -v ON_ERROR_STOP=1 -c "$1"; }
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

# the street, its referrals and roles of the referral benchmark (test/bench/referral_setup.sql)
psql -X -q -o /dev/null -v ON_ERROR_STOP=1 -v clients="$clients" -v per_client=25 -v background=5000 -v version= \
	-v password="$PGPASSWORD" -f test/bench/referral_setup.sql
echo "== jxlink $(sql "SELECT extversion FROM pg_extension WHERE extname = 'jxlink'"), PostgreSQL $(sql 'SHOW server_version')," \
	"shared_buffers=$(sql 'SHOW shared_buffers'), $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"

# 1. open obligations started over the last 20 days with a 15-working-day period
#    (due times from the ledger's own computation, once per start day), recorded
#    a month ago: the sweep finds some half-way, some on their last day, some due
#    or overdue, most with nothing to say
start=$(date +%s%N)
sql "
CREATE TEMP TABLE starts AS
SELECT row_number() OVER (ORDER BY s) - 1 AS n, s AS started_at, d.due_at, d.due_date, d.provisional, d.calendar_version
FROM generate_series(now() - interval '20 days', now(), interval '1 hour') s
CROSS JOIN LATERAL jxlink.obligation_due_by('15 工作日', s, (SELECT code FROM jxlink.jurisdiction WHERE is_local)) d;
CREATE TEMP TABLE owners AS SELECT row_number() OVER (ORDER BY unit_id) - 1 AS n, unit_id FROM jxlink.unit;
INSERT INTO jxlink.obligation (kind, subject_type, subject_id, owner_unit, rule_code, clause, period, started_at, due_at, due_date,
                               provisional, calendar_version, created_at)
SELECT 'complaint_reply', 'complaint', gen_random_uuid(), u.unit_id, 'complaint_reply', '三（二）', '15 工作日',
       st.started_at, st.due_at, st.due_date, st.provisional, st.calendar_version, now() - interval '30 days'
FROM generate_series(1, $open) i
JOIN starts st ON st.n = i % (SELECT count(*) FROM starts)
JOIN owners u ON u.n = i % (SELECT count(*) FROM owners);"
sql 'VACUUM ANALYZE jxlink.obligation'
echo "== filled $(sql "SELECT count(*) FROM jxlink.obligation WHERE status = 'open'") open obligations in $(ms "$start") ms"

start=$(date +%s%N)
first=$(sql "SELECT string_agg(threshold || ' ' || written, ', ') FROM jxlink.sweep_alerts()")
first_ms=$(ms "$start")
start=$(date +%s%N)
second=$(sql "SELECT coalesce(sum(written), 0) FROM jxlink.sweep_alerts()")
second_ms=$(ms "$start")
opens=$(sql "SELECT count(*) FROM jxlink.obligation WHERE status = 'open'")
echo "sweep 1: ${first_ms} ms, written: ${first:-none}"
echo "sweep 2: ${second_ms} ms, written: $second (idempotent)"
echo "per open obligation: $(awk -v a="$first_ms" -v b="$second_ms" -v n="$opens" 'BEGIN { printf "%.2f / %.2f us", 1000 * a / n, 1000 * b / n }')"
[ "$second" -eq 0 ] || { echo "== the second sweep wrote $second warnings"; exit 1; }

# 2. lifecycles with the outbox and without it
run()
{
	local out
	sql 'VACUUM ANALYZE jxlink.referral, jxlink.referral_history, jxlink.notification'
	sql 'CHECKPOINT'
	if ! out=$(PGUSER=jxlink_bench_leader pgbench -n -M prepared -c "$clients" -j 2 -T "$duration" \
		-D per_client=25 -f test/bench/referral_lifecycle.pgbench 2>&1); then
		echo "$out"; echo "== pgbench failed"; exit 1
	fi
	tps=$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' <<<"$out")
}
outbox() { sql "ALTER TABLE jxlink.obligation $1 TRIGGER obligation_notify_insert, $1 TRIGGER obligation_notify_update"; }
results=()
for round in $(seq "$rounds"); do
	before=$(sql 'SELECT count(*) FROM jxlink.notification')
	outbox ENABLE; run; with=$tps
	written=$(( $(sql 'SELECT count(*) FROM jxlink.notification') - before ))
	outbox DISABLE; run; without=$tps
	outbox ENABLE
	results+=("$round $with $without $written")
done
printf '%s\n' "${results[@]}" | awk '
{ r[NR] = $1; w[NR] = $2; o[NR] = $3; n[NR] = $4; ratio[NR] = ($3 > 0) ? $2 / $3 : 0 }
END {
	printf "\n%-6s %28s %31s %9s %22s\n", "round", "lifecycles/s with the outbox", "lifecycles/s without the outbox", "ratio", "notifications written"
	for (i = 1; i <= NR; i++) printf "%-6d %28.1f %31.1f %9.3f %22d\n", r[i], w[i], o[i], ratio[i], n[i]
	for (i = 1; i <= NR; i++) k[i] = i
	for (i = 1; i <= NR; i++) for (j = i + 1; j <= NR; j++) if (ratio[k[j]] < ratio[k[i]]) { t = k[i]; k[i] = k[j]; k[j] = t }
	med = (NR % 2) ? ratio[k[(NR + 1) / 2]] : (ratio[k[NR / 2]] + ratio[k[NR / 2 + 1]]) / 2
	printf "\nan event with the outbox : without = %.3f, median of %d rounds (range %.3f to %.3f); 8 events per lifecycle\n", med, NR, ratio[k[1]], ratio[k[NR]]
}'
echo "load average $(cut -d' ' -f1-3 /proc/loadavg)"
