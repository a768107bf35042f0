# Turn data/cn_calendar.tsv into the shipped rows of the install script.
#
# Usage: awk -f data/calendar_to_sql.awk data/cn_calendar.tsv sql/jxlink--0.1.0.sql.in
# The first file is the calendar (comment lines start with '#', then a header
# line: date, kind, name_zh, name_en); the second is the script template, whose
# line "-- @CALENDAR_ROWS@" is replaced by INSERT statements for calendar_day
# and calendar_year.  Every shipped row is marked origin = 'shipped' so that
# pg_dump leaves it to CREATE EXTENSION (see the install script).

function fail(msg) {
	printf("calendar_to_sql.awk: %s:%d: %s\n", FILENAME, FNR, msg) > "/dev/stderr"
	failed = 1
	exit 1
}

# Quote a value as an SQL string literal.
function lit(s) {
	gsub(/'/, "''", s)
	return "'" s "'"
}

BEGIN { FS = "\t"; nrows = 0 }

# First file: the calendar.
FNR == NR {
	if ($0 ~ /^#/ || $0 ~ /^[ \t]*$/)
		next
	if (!header_seen) {
		if ($1 != "date" || $2 != "kind" || $3 != "name_zh" || $4 != "name_en")
			fail("header must be: date, kind, name_zh, name_en")
		header_seen = 1
		next
	}
	if (NF != 4)
		fail("expected 4 tab-separated fields, found " NF)
	if ($1 !~ /^(19[5-9][0-9]|20[0-9][0-9]|21[0-4][0-9])-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/)
		fail("bad date \"" $1 "\"")
	if ($2 != "holiday" && $2 != "workday")
		fail("kind must be holiday or workday, not \"" $2 "\"")
	if ($1 in seen)
		fail("date " $1 " listed twice")
	seen[$1] = 1
	rows[++nrows] = "(" lit($1) ", " lit($2) ", " lit($3) ", " lit($4) ")"
	# A year's schedule is loaded when it has official rest days; make-up
	# working days may fall in the previous December.
	if ($2 == "holiday")
		years[substr($1, 1, 4)] = 1
	next
}

/^-- @CALENDAR_ROWS@$/ {
	if (nrows == 0)
		fail("no calendar rows found")
	print "INSERT INTO jxlink.calendar_day (day, kind, name_zh, name_en, source, origin) VALUES"
	for (i = 1; i <= nrows; i++) {
		r = rows[i]
		sub(/\)$/, ", 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped')", r)
		print "    " r (i < nrows ? "," : ";")
	}
	n = 0
	for (y in years)
		ylist[++n] = y + 0
	# sort the years (insertion sort: at most a few hundred)
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && ylist[j - 1] > ylist[j]; j--) {
			t = ylist[j]; ylist[j] = ylist[j - 1]; ylist[j - 1] = t
		}
	print ""
	print "INSERT INTO jxlink.calendar_year (year, source, origin) VALUES"
	for (i = 1; i <= n; i++)
		print "    (" ylist[i] ", 'State Council holiday notice (data/cn_calendar.tsv)', 'shipped')" (i < n ? "," : ";")
	replaced = 1
	next
}

{ print }

END {
	if (failed)
		exit 1
	if (!replaced)
		fail("template has no \"-- @CALENDAR_ROWS@\" line")
}
