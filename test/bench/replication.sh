#!/usr/bin/env bash
# Replication under load (issue 14, part 4): how far behind a streaming
# standby and a logical-replication aggregation database stay while clerks
# make transitions at the origin, and what BI reads cost on the standby
# against the primary under that load, side by side in one run.
#
# Three throwaway clusters in a temporary directory (as the postgres user when
# run as root; unix sockets in that directory, random free ports; never the
# system cluster), all removed on exit:
#   origin   wal_level = logical; the referral benchmark's street
#            (referral_setup.sql: BACKGROUND earlier referrals, CLIENTS x
#            PER_CLIENT drafts) and its publication, jxlink.publish('jxlink');
#   standby  pg_basebackup of the origin, streaming over a physical slot,
#            hot_standby_feedback = on (BI reads are not cancelled by replay);
#   agg      CREATE EXTENSION jxlink and CREATE SUBSCRIPTION agg ... PUBLICATION
#            jxlink; the load starts once every table of the subscription is
#            ready (pg_subscription_rel state 'r').
#
# The load: pgbench at the origin for [seconds], logged in as the section's
# leader through the SQL API (referral_transition.pgbench: submit + send back;
# referral_lifecycle.pgbench: a new referral from create to copy back), mixed
# MIX (default 3:1).
#
# Replication lag: every SAMPLE s during the load, the origin's
# pg_stat_replication row of each walsender (application_name 'standby', and
# 'agg' for the subscription's apply worker) gives
#   - replay_lag and flush_lag: time from the origin flushing WAL to the
#     standby replaying (for agg: applying) and flushing it, as the receiver
#     reports it (a row whose lag is null, the receiver having caught up and
#     idle, counts as a sample without a figure and is left out; a standby
#     reports its replay position when it writes or flushes WAL it received,
#     so its replay_lag includes the wait for its next report);
#   - the bytes of WAL behind: pg_current_wal_lsn() - replay_lsn (LSN-based).
# Printed: median, 95th percentile and worst of each.  After the load, the
# drain: the time until the standby and agg hold exactly what the origin does
# (digests of referral, referral_history, obligation), checked, not assumed.
#
# BI reads: from WARMUP s into the load until WARMUP s before its end, two
# read-only pgbench runs at once, one on the primary, one on the standby, as a
# jxlink_bi login (BI_CLIENTS clients each, the same script, BI_SCRIPT): by
# default the overdue and due_soon views, unit_scorecard_for and
# jurisdiction_scorecard_for over the last 30 days.  Printed: transactions/s
# and the average latency of each statement on both, and standby/primary
# ratios.  (referral_overview_at is not in the default script: it scans all
# the obligations once per referral, seconds per call on a street this size.)
#
# Usage: bash test/bench/replication.sh [seconds] [clients] [threads]
#   defaults: 120 s of load, 4 clients, 2 threads (about 2.5 minutes in all)
#   PER_CLIENT=25      referrals per client (each client only touches its own)
#   BACKGROUND=5000    earlier referrals no client touches
#   MIX=3:1            weights of referral_transition : referral_lifecycle
#                      (0:1 only lifecycles, 1:0 only transitions)
#   RATE=              pgbench -R at the origin (transactions/s; empty: as fast
#                      as it goes)
#   PROTOCOL=prepared  pgbench query mode (simple, extended, prepared)
#   SAMPLE=0.5         seconds between lag samples
#   WARMUP=5           seconds of load before and after the BI runs
#   BI_CLIENTS=1       pgbench clients of each BI run (one on each node)
#   BI_RATE=           pgbench -R of each BI run (empty: back to back)
#   BI_SCRIPT=         a pgbench script of BI reads instead of the default one
#   FSYNC=on           fsync of the three clusters (synchronous_commit stays on)
#   KEEP=1             keep the temporary directory (logs) instead of removing it
#   JXLINK_BENCH_NO_BUILD=1  use the installed jxlink as is (skip test/setup.sh,
#                      which builds and installs it)
# Exits non-zero if a cluster cannot be set up, the subscription does not
# become ready, a pgbench run fails or has failed transactions, the standby
# or agg do not end up with exactly the origin's rows within 120 s of the
# load's end, or verify_history() finds a break at the origin (at agg it is
# reported, not enforced).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

duration=${1:-120}
clients=${2:-4}
threads=${3:-2}
export PER_CLIENT=${PER_CLIENT:-25} BACKGROUND=${BACKGROUND:-5000} MIX=${MIX:-3:1} RATE=${RATE:-} \
	PROTOCOL=${PROTOCOL:-prepared} SAMPLE=${SAMPLE:-0.5} WARMUP=${WARMUP:-5} BI_CLIENTS=${BI_CLIENTS:-1} \
	BI_RATE=${BI_RATE:-} BI_SCRIPT=${BI_SCRIPT:-} FSYNC=${FSYNC:-on} KEEP=${KEEP:-}
pgbin=/usr/lib/postgresql/15/bin

if [ -z "${JXLINK_BENCH_INNER:-}" ]; then
	[ -n "${JXLINK_BENCH_NO_BUILD:-}" ] || source test/setup.sh
	work=$(mktemp -d /tmp/jxlink-bench-replication.XXXXXX)
	chmod 755 "$work"
	run_as=()
	if [ "$(id -u)" -eq 0 ]; then
		chown postgres: "$work"
		run_as=(runuser -u postgres --)
	fi
	# whatever happens to the run: its clusters stopped, its directory removed
	cleanup()
	{
		local d
		for d in origin standby agg; do
			if [ -f "$work/$d/postmaster.pid" ]; then
				"${run_as[@]}" "$pgbin/pg_ctl" -D "$work/$d" -m immediate stop >/dev/null 2>&1 || true
			fi
		done
		if [ -n "$KEEP" ]; then echo "== kept $work"; else rm -rf "$work"; fi
	}
	trap cleanup EXIT
	trap 'exit 130' INT TERM
	set +e
	"${run_as[@]}" env JXLINK_BENCH_INNER=1 JXLINK_BENCH_WORK="$work" PATH="$pgbin:$PATH" \
		PER_CLIENT="$PER_CLIENT" BACKGROUND="$BACKGROUND" MIX="$MIX" RATE="$RATE" PROTOCOL="$PROTOCOL" \
		SAMPLE="$SAMPLE" WARMUP="$WARMUP" BI_CLIENTS="$BI_CLIENTS" BI_RATE="$BI_RATE" FSYNC="$FSYNC" KEEP="$KEEP" \
		BI_SCRIPT="${BI_SCRIPT:+$(realpath "$BI_SCRIPT")}" \
		bash "$root/test/bench/replication.sh" "$duration" "$clients" "$threads"
	rc=$?
	set -e
	exit $rc
fi

# ---- inner: as the clusters' owner, in $JXLINK_BENCH_WORK ----
work=$JXLINK_BENCH_WORK
export PGHOST=$work PGUSER=postgres
log() { echo "== $*"; }
die()
{
	echo "== FAILED: $*"
	local d
	for d in origin standby agg; do
		[ -f "$work/$d.log" ] && { echo "-- last lines of the $d log"; tail -n 15 "$work/$d.log"; }
	done
	exit 1
}
bg_pids=()
stop_clusters()
{
	local p d
	for p in "${bg_pids[@]}"; do kill "$p" 2>/dev/null || true; done
	for d in agg standby origin; do
		[ -f "$work/$d/postmaster.pid" ] && pg_ctl -D "$work/$d" -m fast -w stop >/dev/null 2>&1 || true
	done
}
trap stop_clusters EXIT
# interrupted (^C, kill): stop the background runs and the clusters, then exit
trap 'exit 130' INT TERM

# A random port nobody listens on (and no socket of ours holds).
free_port()
{
	local p
	while :; do
		p=$((20000 + RANDOM % 40000))
		if ! ss -Hltn "sport = :$p" 2>/dev/null | grep -q . && [ ! -e "$work/.s.PGSQL.$p" ] \
			&& ! [[ " ${used_ports:-} " == *" $p "* ]]; then
			used_ports="${used_ports:-} $p"
			echo "$p"
			return
		fi
	done
}
port_origin=$(free_port)
port_standby=$(free_port)
port_agg=$(free_port)

locale=C
locale -a 2>/dev/null | grep -qix 'c.utf-\?8' && locale=C.UTF-8
common_conf()
{
	cat <<EOF
listen_addresses = ''
unix_socket_directories = '$work'
port = $1
cluster_name = '$2'
shared_buffers = 128MB
max_connections = 50
fsync = $FSYNC
synchronous_commit = on
max_wal_senders = 10
max_replication_slots = 10
hot_standby_feedback = on
log_line_prefix = '%m [%p] %q%a '
EOF
}
# psql on a node: sql <port> <db> <statement>
sql() { psql -X -q -A -t -v ON_ERROR_STOP=1 -p "$1" -d "$2" -c "$3"; }

log "setting up the origin, its standby and the aggregation database in $work"
initdb -D "$work/origin" -A trust -U postgres -E UTF8 --locale="$locale" --no-sync >/dev/null || die "initdb origin"
{ common_conf "$port_origin" origin; echo "wal_level = logical"; } >>"$work/origin/postgresql.conf"
pg_ctl -D "$work/origin" -l "$work/origin.log" -w start >/dev/null || die "origin start"
sql "$port_origin" postgres 'CREATE DATABASE street' >/dev/null

# the street of the referral benchmark, a BI login, the publication
(cd "$root" && psql -X -q -v ON_ERROR_STOP=1 -p "$port_origin" -d street -v clients="$clients" \
	-v per_client="$PER_CLIENT" -v background="$BACKGROUND" -v version= -v password=bench \
	-f test/bench/referral_setup.sql) || die "referral_setup.sql"
sql "$port_origin" street "CREATE ROLE jxlink_bench_bi LOGIN; GRANT jxlink_bi TO jxlink_bench_bi" >/dev/null
if [ "$(sql "$port_origin" street "SELECT to_regprocedure('jxlink.publish(name)') IS NOT NULL")" != t ]; then
	die "the installed jxlink has no jxlink.publish(name)"
fi
published=$(sql "$port_origin" street "SELECT jxlink.publish('jxlink')") || die "jxlink.publish('jxlink')"
sql "$port_origin" street 'VACUUM ANALYZE' >/dev/null

# the standby: a base backup over a physical slot, streaming
pg_basebackup -p "$port_origin" -D "$work/standby" -R -C -S standby -X stream -c fast --no-sync \
	|| die "pg_basebackup"
common_conf "$port_standby" standby >>"$work/standby/postgresql.conf"
pg_ctl -D "$work/standby" -l "$work/standby.log" -w start >/dev/null || die "standby start"

# the aggregation database, subscribed
initdb -D "$work/agg" -A trust -U postgres -E UTF8 --locale="$locale" --no-sync >/dev/null || die "initdb agg"
common_conf "$port_agg" agg >>"$work/agg/postgresql.conf"
pg_ctl -D "$work/agg" -l "$work/agg.log" -w start >/dev/null || die "agg start"
sql "$port_agg" postgres 'CREATE DATABASE agg' >/dev/null
sql "$port_agg" agg 'CREATE EXTENSION jxlink' >/dev/null || die "CREATE EXTENSION jxlink on agg"
PGOPTIONS='-c client_min_messages=warning' sql "$port_agg" agg "CREATE SUBSCRIPTION agg CONNECTION 'host=$work port=$port_origin dbname=street user=postgres'
	PUBLICATION jxlink" >/dev/null || die "CREATE SUBSCRIPTION"
start=$(date +%s)
until [ "$(sql "$port_agg" agg "SELECT count(*) > 0 AND bool_and(srsubstate = 'r') FROM pg_subscription_rel")" = t ]; do
	[ $(($(date +%s) - start)) -lt 300 ] || die "the subscription's tables are not all ready after 300 s: $(sql "$port_agg" agg \
		"SELECT string_agg(srrelid::regclass || ':' || srsubstate, ' ') FROM pg_subscription_rel WHERE srsubstate <> 'r'")"
	sleep 0.5
done
subscribed=$(sql "$port_agg" agg "SELECT count(*) FROM pg_subscription_rel")
copy_s=$(($(date +%s) - start))
start=$(date +%s)
until [ "$(sql "$port_origin" street "SELECT count(*) FROM pg_stat_replication WHERE application_name IN ('standby', 'agg') AND state = 'streaming'")" = 2 ]; do
	[ $(($(date +%s) - start)) -lt 60 ] || die "the standby and agg are not both streaming"
	sleep 0.5
done

log "jxlink $(sql "$port_origin" street "SELECT extversion FROM pg_extension WHERE extname = 'jxlink'"), PostgreSQL" \
	"$(sql "$port_origin" street 'SHOW server_version'), $(nproc) CPUs; fsync=$FSYNC, synchronous_commit=on" \
	"(the standby is asynchronous), shared_buffers=128MB each"
log "origin: $((BACKGROUND + clients * PER_CLIENT)) referrals, publication jxlink of $published tables" \
	"(jxlink.publish); agg: $subscribed tables subscribed, all ready after ${copy_s} s of initial copy"

# What each node holds of the workflow (as superuser: every row).
digest_sql="SELECT concat_ws(' ',
  (SELECT count(*) || ':' || md5(string_agg(referral_id::text || transition_seq || state::text, ',' ORDER BY referral_id)) FROM jxlink.referral),
  (SELECT count(*) || ':' || md5(string_agg(history_id::text || encode(row_hash, 'hex'), ',' ORDER BY history_id)) FROM jxlink.referral_history),
  (SELECT count(*) || ':' || md5(string_agg(obligation_id::text || status, ',' ORDER BY obligation_id)) FROM jxlink.obligation))"

# ---- the run ----
IFS=: read -r w_transition w_lifecycle <<<"$MIX"
scripts=()
[ "${w_transition:-0}" -gt 0 ] && scripts+=(-f "$root/test/bench/referral_transition.pgbench@$w_transition")
[ "${w_lifecycle:-0}" -gt 0 ] && scripts+=(-f "$root/test/bench/referral_lifecycle.pgbench@$w_lifecycle")
[ ${#scripts[@]} -gt 0 ] || die "MIX=$MIX runs nothing"
rate=()
[ -n "$RATE" ] && rate=(-R "$RATE")
bi_seconds=$((duration - 2 * WARMUP))
[ "$bi_seconds" -ge 5 ] || die "the load ($duration s) is too short for BI runs between two warm-ups of $WARMUP s"

if [ -n "$BI_SCRIPT" ]; then
	cp "$BI_SCRIPT" "$work/bi.pgbench" || die "BI_SCRIPT=$BI_SCRIPT cannot be read"
else
	cat >"$work/bi.pgbench" <<'EOF'
-- BI reads: what a dashboard asks, over all of the street's rows
SELECT count(*) FROM jxlink.overdue;
SELECT count(*) FROM jxlink.due_soon;
SELECT count(*) FROM jxlink.unit_scorecard_for(current_date - 30, current_date);
SELECT count(*) FROM jxlink.jurisdiction_scorecard_for(current_date - 30, current_date);
EOF
fi
bi_rate=()
[ -n "$BI_RATE" ] && bi_rate=(-R "$BI_RATE")
# the BI role reads the street (a sanity check: RLS lets it see the rows)
bi_sees=$(PGUSER=jxlink_bench_bi sql "$port_standby" street 'SELECT count(*) FROM jxlink.referral')
[ "$bi_sees" -gt 0 ] || die "the BI login reads no referral on the standby"

samples=$(awk -v d="$duration" -v s="$SAMPLE" 'BEGIN { n = int(d / s); print (n < 1) ? 1 : n }')
{
	for _ in $(seq "$samples"); do
		cat <<EOF
SELECT extract(epoch FROM clock_timestamp())::numeric(16,3), application_name,
       coalesce((extract(epoch FROM replay_lag) * 1000)::numeric(12,2)::text, 'null'),
       coalesce((extract(epoch FROM flush_lag) * 1000)::numeric(12,2)::text, 'null'),
       coalesce(pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::bigint::text, 'null')
FROM pg_stat_replication WHERE application_name IN ('standby', 'agg');
SELECT pg_sleep($SAMPLE) \g /dev/null
EOF
	done
} >"$work/sampler.sql"

log "load: pgbench at the origin, $clients clients, $threads threads, $duration s, -M $PROTOCOL, MIX=$MIX" \
	"(transition:lifecycle)${RATE:+, -R $RATE}; lag sampled every $SAMPLE s; BI: $BI_CLIENTS client(s) on" \
	"the primary and $BI_CLIENTS on the standby at once${BI_RATE:+ (-R $BI_RATE each)}, from ${WARMUP} s for $bi_seconds s"
sql "$port_origin" street 'CHECKPOINT' >/dev/null
before=$(sql "$port_origin" street 'SELECT count(*) FROM jxlink.referral_history')
PGUSER=jxlink_bench_leader pgbench -p "$port_origin" -n -M "$PROTOCOL" -c "$clients" -j "$threads" \
	-T "$duration" "${rate[@]}" -D per_client="$PER_CLIENT" "${scripts[@]}" street >"$work/load.out" 2>&1 &
load_pid=$!
bg_pids+=("$load_pid")
psql -X -q -A -t -F ' ' -p "$port_origin" -d street -f "$work/sampler.sql" >"$work/lag.txt" 2>"$work/sampler.err" &
sampler_pid=$!
bg_pids+=("$sampler_pid")
sleep "$WARMUP"
for node in primary standby; do
	port=$port_origin
	[ "$node" = standby ] && port=$port_standby
	PGUSER=jxlink_bench_bi pgbench -p "$port" -n -M "$PROTOCOL" -c "$BI_CLIENTS" -j 1 -T "$bi_seconds" -r "${bi_rate[@]}" \
		-f "$work/bi.pgbench" street >"$work/bi_$node.out" 2>&1 &
	eval "bi_${node}_pid=$!"
	bg_pids+=("$!")
done
rc_load=0 rc_bi_primary=0 rc_bi_standby=0
wait "$bi_primary_pid" || rc_bi_primary=$?
wait "$bi_standby_pid" || rc_bi_standby=$?
wait "$load_pid" || rc_load=$?
load_end=$(date +%s.%N)
kill "$sampler_pid" 2>/dev/null || true
wait "$sampler_pid" 2>/dev/null || true

# ---- the drain: until the standby and agg hold exactly the origin's rows ----
want=$(sql "$port_origin" street "$digest_sql")
drain_standby='' drain_agg=''
while [ -z "$drain_standby" ] || [ -z "$drain_agg" ]; do
	now=$(date +%s.%N)
	waited=$(awk -v a="$load_end" -v b="$now" 'BEGIN { printf "%.1f", b - a }')
	[ -n "$drain_standby" ] || [ "$(sql "$port_standby" street "$digest_sql")" != "$want" ] || drain_standby=$waited
	[ -n "$drain_agg" ] || [ "$(sql "$port_agg" agg "$digest_sql")" != "$want" ] || drain_agg=$waited
	if awk -v w="$waited" 'BEGIN { exit !(w > 120) }'; then
		echo "origin:  $want"
		echo "standby: $(sql "$port_standby" street "$digest_sql")"
		echo "agg:     $(sql "$port_agg" agg "$digest_sql")"
		die "the standby or agg do not hold the origin's rows 120 s after the load"
	fi
	sleep 0.2
done
after=$(sql "$port_origin" street 'SELECT count(*) FROM jxlink.referral_history')
breaks_origin=$(sql "$port_origin" street 'SELECT count(*) FROM jxlink.verify_history()')
breaks_agg=$(sql "$port_agg" agg 'SELECT count(*) FROM jxlink.verify_history()' 2>&1) || breaks_agg="error: $breaks_agg"

# ---- the figures ----
report_pgbench()
{
	local name=$1 file=$2 rc=$3 failed
	if [ "$rc" -ne 0 ] || ! grep -q '^tps = ' "$file"; then
		cat "$file"
		die "$name: pgbench failed (exit $rc)"
	fi
	failed=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$file")
	if [ "${failed:-0}" -ne 0 ]; then
		cat "$file"
		die "$name: $failed failed transactions"
	fi
}
report_pgbench "the load" "$work/load.out" "$rc_load"
report_pgbench "BI on the primary" "$work/bi_primary.out" "$rc_bi_primary"
report_pgbench "BI on the standby" "$work/bi_standby.out" "$rc_bi_standby"

load_tps=$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' "$work/load.out")
load_lat=$(sed -n 's/^latency average = \([0-9.]*\) ms.*/\1/p' "$work/load.out")
load_xacts=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$work/load.out")
echo
echo "load at the origin: $load_xacts transactions, $load_tps/s, latency average $load_lat ms;" \
	"$((after - before)) history rows written ($(awk -v n="$((after - before))" -v d="$duration" 'BEGIN { printf "%.1f", n / d }') transitions/s)"

echo
echo "replication lag during the load (origin's pg_stat_replication, a sample every $SAMPLE s):"
awk '
function sort(a, n,    i, j, t) { for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t } }
function pct(a, n, p,    k) { if (n == 0) return "-"; k = int(p * n + 0.999999); if (k < 1) k = 1; if (k > n) k = n; return a[k] }
function line(label, a, n, fmt, unit) {
	if (n == 0) { printf "  %-30s %10s %10s %10s\n", label, "-", "-", "-"; return }
	sort(a, n)
	printf "  %-30s " fmt " " fmt " " fmt "  %s\n", label, pct(a, n, 0.5), pct(a, n, 0.95), a[n], unit
}
{
	node = $2; total[node]++
	if ($3 != "null") { r[node, ++nr[node]] = $3 + 0 } else nullr[node]++
	if ($4 != "null") { f[node, ++nf[node]] = $4 + 0 }
	if ($5 != "null") { b[node, ++nb[node]] = $5 / 1024 }
}
END {
	printf "  %-30s %10s %10s %10s\n", "", "median", "p95", "worst"
	split("standby agg", nodes, " ")
	for (i = 1; i <= 2; i++) {
		node = nodes[i]
		label = (node == "standby") ? "streaming standby" : "aggregation db (logical, agg)"
		printf "%s: %d samples, %d without a lag figure (caught up and idle)\n", label, total[node], nullr[node]
		delete x; for (k = 1; k <= nr[node]; k++) x[k] = r[node, k]; line("replay_lag (ms)", x, nr[node], "%10.2f", "")
		delete x; for (k = 1; k <= nf[node]; k++) x[k] = f[node, k]; line("flush_lag (ms)", x, nf[node], "%10.2f", "")
		delete x; for (k = 1; k <= nb[node]; k++) x[k] = b[node, k]; line("WAL behind, replay_lsn (kB)", x, nb[node], "%10.1f", "")
	}
}' "$work/lag.txt"
[ -s "$work/lag.txt" ] || die "no lag sample was taken: $(cat "$work/sampler.err")"
echo "after the load: the standby held exactly the origin's rows within ${drain_standby} s of its end, agg within ${drain_agg} s"
echo "  (digests of referral, referral_history and obligation compared, every 0.2 s or so)"
echo "  replay_lag: until the standby replayed the WAL, for agg until the apply worker committed it (visible there);"
echo "  flush_lag: until it was durable there (the apply worker commits asynchronously: flushed by the walwriter)"

echo
echo "BI reads under the load, $BI_CLIENTS client(s) on each node at once for $bi_seconds s (pgbench -r, latency average ms):"
# pgbench -r: "   <latency>  <failures>  <statement>" after "statement latencies in milliseconds"
stmt_lat()
{
	awk 'f && /^ *[0-9.]+ +/ { lat = $1; s = $0; sub(/^ *[0-9.]+ +([0-9]+ +)?/, "", s); print lat "\t" s }
		/statement latencies in milliseconds/ { f = 1 }' "$1"
}
paste <(stmt_lat "$work/bi_primary.out") <(stmt_lat "$work/bi_standby.out") | awk -F '\t' '
BEGIN { printf "  %-75s %9s %9s %7s\n", "statement", "primary", "standby", "ratio" }
{ printf "  %-75s %9.3f %9.3f %7.2f\n", substr($2, 1, 75), $1, $3, ($1 > 0) ? $3 / $1 : 0 }'
p_tps=$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' "$work/bi_primary.out")
s_tps=$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' "$work/bi_standby.out")
p_lat=$(sed -n 's/^latency average = \([0-9.]*\) ms.*/\1/p' "$work/bi_primary.out")
s_lat=$(sed -n 's/^latency average = \([0-9.]*\) ms.*/\1/p' "$work/bi_standby.out")
awk -v pt="$p_tps" -v st="$s_tps" -v pl="$p_lat" -v sl="$s_lat" 'BEGIN {
	printf "  %-75s %9.3f %9.3f %7.2f\n", "the whole script (transaction latency average)", pl, sl, (pl > 0) ? sl / pl : 0
	printf "  %-75s %9.1f %9.1f %7.2f\n", "transactions/s", pt, st, (pt > 0) ? st / pt : 0 }'

echo
echo "check: history rows $before -> $after; verify_history() breaks: origin $breaks_origin, agg $breaks_agg;" \
	"standby and agg rows = origin's: yes"
if [ "$breaks_origin" != 0 ]; then
	die "verify_history() finds breaks at the origin"
fi
