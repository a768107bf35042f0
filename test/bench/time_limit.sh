#!/usr/bin/env bash
# Benchmark timestamptz + time_limit against workday_deadline(timestamptz, n)
# over the same rows, side by side, in one run on a throwaway cluster.
# Usage: bash test/bench/time_limit.sh [rows] [reps]
# (default 3,000,000 rows, 7 repetitions; target: within 1.2x).
set -euo pipefail
cd "$(dirname "$0")/../.."
source test/setup.sh
rows=${1:-3000000}
reps=${2:-7}
echo "== benchmark: $rows rows, $reps runs each"
pg_virtualenv -v 15 sh -c "PGOPTIONS='-c bench.rows=$rows -c bench.reps=$reps' \
	psql -X -q -d postgres -v rows=$rows -v reps=$reps -f test/bench/time_limit.sql"
