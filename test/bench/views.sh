#!/usr/bin/env bash
# Benchmark of the BI views at a city's scale: fills the ledger with a
# generated history (default 1,000,000 obligations, 20 units, 2021 to today,
# about 5% open) in a throwaway cluster, then prints the latency of each view
# against the bare indexed query returning the same rows, and the plans.
# Usage: bash test/bench/views.sh [rows] [reps]
#   JXLINK_VERSION=0.7.0 measures an earlier release the same way.
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -n "${JXLINK_BENCH_NO_BUILD:-}" ] || source test/setup.sh
rows=${1:-1000000}
reps=${2:-5}
echo "== views benchmark: $rows obligations, $reps runs each"
pg_virtualenv -v 15 sh -c "
	set -e
	psql -X -q -d postgres -c \"CREATE EXTENSION jxlink ${JXLINK_VERSION:+VERSION '$JXLINK_VERSION'}\"
	psql -X -A -t -d postgres -c \"SELECT 'jxlink ' || extversion FROM pg_extension WHERE extname = 'jxlink'\"
	time psql -X -q -d postgres -v rows=$rows -f test/bench/views_generate.sql
	PGOPTIONS='-c bench.reps=$reps' psql -X -q -d postgres -v reps=$reps -f test/bench/views.sql
"
