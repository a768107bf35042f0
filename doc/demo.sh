#!/usr/bin/env bash
# The jxlink demo: installs what is missing (test/setup.sh), then, in a
# throwaway PostgreSQL 15 cluster, creates the extension and prints the
# provisions' deadlines around National Day 2024 (doc/demo.sql).
set -euo pipefail
cd "$(dirname "$0")/.."
source test/setup.sh
echo "== running doc/demo.sql in a throwaway cluster"
pg_virtualenv -v 15 psql -X -q -d postgres -f doc/demo.sql
