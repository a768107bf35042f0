#!/usr/bin/env bash
# Render a jxlink document to HTML and PDF (issue 16): what a secretary runs
# to print the quarterly bulletin (通报) or a joint meeting's packet.
#
#   bash doc/render.sh bulletin JURISDICTION FROM TO [AS_OF] [DOCUMENT_NO]
#   bash doc/render.sh packet MEETING_ID
#
#   JURISDICTION  a jurisdiction's code (a city's: the city with its towns)
#   FROM TO       the period's first and last day, e.g. 2024-10-01 2024-12-31
#   AS_OF         the instant it is judged at (default: 00:00 after TO, or now)
#   DOCUMENT_NO   the bulletin's number as issued, e.g. 新塘执联通〔2024〕3号
#   MEETING_ID    the joint meeting (jxlink.joint_meeting.meeting_id)
#
# The database is the usual libpq environment (PGHOST, PGPORT, PGDATABASE,
# PGUSER), as a role that reads the jurisdiction whole (a supervisor, an
# administrator, a BI role with a reader scope) for a bulletin, or the
# meeting's own (office, members), a supervisor or an administrator for a
# packet.  The files go to OUT_DIR (default: the current folder); their paths
# are printed.  The PDF is made by headless Chromium from Debian (apt-get
# install chromium fonts-noto-cjk).
set -euo pipefail

usage() { sed -n '4,20p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
case "${1:-}" in
bulletin) [ $# -ge 4 ] && [ $# -le 6 ] || usage
	kind=bulletin jurisdiction=$2 from=$3 to=$4 as_of=${5:-} docno=${6:-}
	name="bulletin-$jurisdiction-$from-$to" ;;
packet) [ $# -eq 2 ] || usage
	kind=packet meeting=$2 name="packet-$2" ;;
*) usage ;;
esac
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
html="$out_dir/$name.html" pdf="$out_dir/$name.pdf"

# the document, as the database writes it (byte for byte: no alignment, no footer)
if [ "$kind" = bulletin ]; then
	psql -X -q -A -t -v ON_ERROR_STOP=1 \
		-v j="$jurisdiction" -v f="$from" -v t="$to" -v a="$as_of" -v d="$docno" -o "$html" <<'SQL'
SELECT jxlink.bulletin(:'j', :'f', :'t', nullif(:'a', '')::timestamptz, nullif(:'d', '')::jxlink.docno);
SQL
else
	psql -X -q -A -t -v ON_ERROR_STOP=1 -v m="$meeting" -o "$html" <<'SQL'
SELECT jxlink.meeting_packet_html(:'m');
SQL
fi

# headless Chromium prints it: A4 from the document's own @page, no header or footer of its own
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
"$browser" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run \
	--user-data-dir="$profile" --no-pdf-header-footer --print-to-pdf="$pdf" \
	"file://$(realpath "$html")" >/dev/null 2>&1
[ -s "$pdf" ] || { echo "render.sh: Chromium wrote no PDF" >&2; exit 1; }
echo "$html"
echo "$pdf"
