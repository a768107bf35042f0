#!/usr/bin/env bash
# Benchmark the document number type against text over the same values, in
# one run: input, output and ORDER BY (see test/bench/docno.sql).
# Usage: bash test/bench/docno.sh [rows] [reps]   (default 1,000,000 values,
# 5 runs each).  Runs on a throwaway cluster (pg_virtualenv); with PGHOST set,
# on that server instead (PGPORT, PGUSER, PGDATABASE as usual; a superuser,
# since it COPYs to and from a server-side file).
set -euo pipefail
cd "$(dirname "$0")/../.."
source test/setup.sh
rows=${1:-1000000}
reps=${2:-5}
datafile=/tmp/jxlink_bench_docno_$$.txt
trap 'rm -f "$datafile" 2>/dev/null || $SUDO rm -f "$datafile"' EXIT
echo "== docno benchmark: $rows values, $reps runs each"
run="PGOPTIONS='-c bench.reps=$reps -c bench.datafile=$datafile' \
	psql -X -q -d ${PGDATABASE:-postgres} -v rows=$rows -v reps=$reps -v datafile=$datafile -f test/bench/docno.sql"
if [ -n "${PGHOST:-}" ]; then
	sh -c "$run"
else
	pg_virtualenv -v 15 sh -c "$run"
fi
