#!/usr/bin/env bash
# Render a jxlink document to HTML and PDF (issue 16): what a secretary runs
# to print the quarterly bulletin (通报).
#
#   bash doc/render.sh bulletin JURISDICTION FROM TO [AS_OF] [DOCUMENT_NO]
#
#   JURISDICTION  a jurisdiction's code (a city's: the city with its towns)
#   FROM TO       the period's first and last day, e.g. 2024-10-01 2024-12-31
#   AS_OF         the instant it is judged at (default: 00:00 after TO, or now)
#   DOCUMENT_NO   the bulletin's number as issued, e.g. 新塘执联通〔2024〕3号
#
# The database is the usual libpq environment (PGHOST, PGPORT, PGDATABASE,
# PGUSER), as a role that reads the jurisdiction whole (a supervisor, an
# administrator, a BI role with a reader scope).  The files go to OUT_DIR
# (default: the current folder); their paths are printed.  The PDF is made by
# headless Chromium from Debian (apt-get install chromium fonts-noto-cjk).
set -euo pipefail

usage() { sed -n '4,16p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
[ "${1:-}" = bulletin ] && [ $# -ge 4 ] && [ $# -le 6 ] || usage
kind=$1 jurisdiction=$2 from=$3 to=$4 as_of=${5:-} docno=${6:-}
out_dir=${OUT_DIR:-.}

browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
	echo "render.sh: headless Chromium is needed for the PDF: apt-get install chromium fonts-noto-cjk" >&2
	exit 1
fi
fonts=$(fc-list : family 2>/dev/null || true)
grep -q 'Noto Serif CJK SC\|Noto Sans CJK SC' <<<"$fonts" ||
	echo "render.sh: warning: no Noto CJK font (apt-get install fonts-noto-cjk): Chinese may print as boxes" >&2

mkdir -p "$out_dir"
base="$out_dir/$kind-$jurisdiction-$from-$to"
html="$base.html" pdf="$base.pdf"

# the document, as the database writes it (byte for byte: no alignment, no footer)
psql -X -q -A -t -v ON_ERROR_STOP=1 \
	-v j="$jurisdiction" -v f="$from" -v t="$to" -v a="$as_of" -v d="$docno" \
	-o "$html" <<'SQL'
SELECT jxlink.bulletin(:'j', :'f', :'t', nullif(:'a', '')::timestamptz, nullif(:'d', '')::jxlink.docno);
SQL

# headless Chromium prints it: A4 from the document's own @page, no header or footer of its own
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
"$browser" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run \
	--user-data-dir="$profile" --no-pdf-header-footer --print-to-pdf="$pdf" \
	"file://$(realpath "$html")" >/dev/null 2>&1
[ -s "$pdf" ] || { echo "render.sh: Chromium wrote no PDF" >&2; exit 1; }
echo "$html"
echo "$pdf"
