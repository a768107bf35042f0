#!/usr/bin/env bash
# Benchmark the working-day arithmetic against PostgreSQL's own date
# arithmetic and against plain SQL over the calendar table, in one run on a
# throwaway cluster.  Usage: bash test/bench/calendar.sh [rows] [reps]
# (default 5,000,000 rows, 7 repetitions; the hand-written SQL runs on 20,000).
set -euo pipefail
cd "$(dirname "$0")/../.."
source test/setup.sh
rows=${1:-5000000}
reps=${2:-7}
sample=${SAMPLE:-20000}
echo "== benchmark: $rows rows, $reps runs each, hand-written SQL on $sample rows"
pg_virtualenv -v 15 sh -c "PGOPTIONS='-c bench.rows=$rows -c bench.reps=$reps -c bench.sample=$sample' \
	psql -X -q -d postgres -v rows=$rows -v reps=$reps -v sample=$sample -f test/bench/calendar.sql"
