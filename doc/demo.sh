#!/usr/bin/env bash
# The jxlink demo: installs what is missing (test/setup.sh), then, in a
# throwaway PostgreSQL 15 cluster, creates the extension and prints the
# provisions' deadlines around National Day 2024 (doc/demo.sql), then prints
# the street's bulletin of 2024-Q4 to HTML and PDF (doc/render.sh) and says
# where (JXLINK_DEMO_OUT, default /tmp/jxlink-demo).
set -euo pipefail
cd "$(dirname "$0")/.."
source test/setup.sh
echo "== running doc/demo.sql in a throwaway cluster, then printing its bulletin of 2024-Q4 (doc/render.sh)"
out=${JXLINK_DEMO_OUT:-/tmp/jxlink-demo}
mkdir -p "$out"
OUT_DIR=$out pg_virtualenv -v 15 bash -c '
	psql -X -q -d postgres -v ON_ERROR_STOP=1 -f doc/demo.sql &&
	echo && echo "== the quarterly bulletin (通报) of the demo street, 2024-Q4, written to:" &&
	PGDATABASE=postgres bash doc/render.sh bulletin 350582-xintang 2024-10-01 2024-12-31'
