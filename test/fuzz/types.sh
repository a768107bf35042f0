# The type fuzzer (sourced by test/fuzz/run.sh, after cluster.sh): for every
# base type of schema jxlink (or the types named in FUZZ_TYPES), in a UTF8,
# a SQL_ASCII and an EUC_CN database, feed FUZZ_VALUES random and mutated
# strings to the type's input function and FUZZ_BINARY_VALUES mutated
# payloads to its receive function (types.sql), then report the outcomes
# by SQLSTATE.  Sets TYPES_FAILED=1 on a crash, an unclean SQLSTATE or a
# failed round trip.

FUZZ_VALUES=${FUZZ_VALUES:-100000}
FUZZ_BINARY_VALUES=${FUZZ_BINARY_VALUES:-20000}
FUZZ_CHUNK=${FUZZ_CHUNK:-10000}
FUZZ_SCHEMA=${FUZZ_SCHEMA:-jxlink}
FUZZ_TYPE_DATABASES=${FUZZ_TYPE_DATABASES:-"fuzz:UTF8 fuzz_sql_ascii:SQL_ASCII fuzz_euc_cn:EUC_CN"}
TYPES_FAILED=0
TYPES_WARNINGS=()
TYPES_CRASHES=0
TYPES_MAX_CRASHES=${TYPES_MAX_CRASHES:-5}

fuzz_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# Run one SQL call over a range; on a server crash, bisect the range down to
# the single values that crash it.  types_range DB KIND TYPE FIRST LAST
types_range()
{
	local db=$1 kind=$2 type=$3 first=$4 last=$5 offset rc out sql
	if [ "$TYPES_CRASHES" -ge "$TYPES_MAX_CRASHES" ]; then
		echo "   skipped $kind $first..$last: already $TYPES_CRASHES crashes"
		TYPES_FAILED=1
		return
	fi
	if [ "$kind" = text ]; then
		sql="SELECT fuzz.text_input('$type', $first, $last)"
	else
		sql="SELECT fuzz.binary_input('$type', $first, $last, $FUZZ_SEED)"
	fi
	offset=$(stat -c %s "$SERVER_LOG")
	out=$(fuzz_psql "$db" postgres -At -c "SET client_encoding = 'UTF8'" -c "$sql" 2>&1)
	rc=$?
	[ "$rc" -eq 0 ] && return
	if [ -z "$(cluster_crashes "$offset")" ]; then
		# not a crash: the fuzzer itself failed
		echo "   ERROR in $kind $first..$last (psql exit $rc): $out"
		TYPES_FAILED=1
		return
	fi
	echo "   the server crashed during $kind $first..$last of $type; bisecting"
	cluster_wait_ready || { echo "   the server did not come back after a crash"; TYPES_FAILED=1; TYPES_CRASHES=$TYPES_MAX_CRASHES; return; }
	if [ "$first" -eq "$last" ]; then
		TYPES_CRASHES=$((TYPES_CRASHES + 1))
		TYPES_FAILED=1
		echo "   CRASH: $kind value $first of $type crashes the server:"
		cluster_crashes "$offset" | sed 's/^/     /'
		if [ "$kind" = text ]; then
			fuzz_psql "$db" postgres -At -c "SELECT '     input (hex): ' || encode(payload, 'hex') FROM fuzz.corpus WHERE id = $first"
		fi
		fuzz_psql "$db" postgres -q -c "INSERT INTO fuzz.outcome VALUES ('$type', '$kind', $first, 'CRASH', 'server crashed', NULL)"
		return
	fi
	local mid=$(((first + last) / 2))
	types_range "$db" "$kind" "$type" "$first" "$mid"
	types_range "$db" "$kind" "$type" "$((mid + 1))" "$last"
}

# The outcomes of one type in one database, by mode and SQLSTATE, with an
# example message and input.
types_report()
{
	local db=$1 type=$2
	fuzz_psql "$db" postgres -P footer=off -P format=aligned -c "
SELECT o.mode, o.sqlstate, count(*) AS n,
       CASE WHEN fuzz.clean(o.sqlstate, o.mode) THEN '' ELSE '<== FAIL' END AS verdict,
       left(regexp_replace(fuzz.show((array_agg(o.message ORDER BY o.id))[1]), '\s+', ' ', 'g'), 70) AS example_message,
       left(regexp_replace((SELECT CASE WHEN o.mode IN ('text', 'cast', 'roundtrip', 'server') THEN fuzz.show(c.payload) END
             FROM fuzz.corpus c WHERE c.id = min(o.id)), '\s', ' ', 'g'), 40) AS example_input
FROM fuzz.outcome o
WHERE o.typ = '$type'
GROUP BY o.mode, o.sqlstate
ORDER BY array_position(ARRAY['server', 'text', 'cast', 'roundtrip', 'binary', 'binary_roundtrip'], o.mode),
         o.sqlstate"
}

types_run()
{
	local spec db encoding types type n first last bad seeds nseeds out
	for spec in $FUZZ_TYPE_DATABASES; do
		db=${spec%%:*}
		encoding=${spec#*:}
		if [ "$db" != fuzz ]; then
			fuzz_psql postgres postgres -c "CREATE DATABASE $db ENCODING '$encoding' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0" ||
				{ TYPES_FAILED=1; continue; }
			if ! out=$(fuzz_psql "$db" postgres -c 'CREATE EXTENSION jxlink' 2>&1); then
				echo "== $db ($encoding): WARNING: CREATE EXTENSION jxlink fails in a $encoding database, not fuzzed there: $out"
				TYPES_WARNINGS+=("CREATE EXTENSION jxlink fails in a $encoding database: $out")
				continue
			fi
		fi
		fuzz_psql "$db" postgres -f "$fuzz_dir/types.sql" || { TYPES_FAILED=1; continue; }
		if [ -n "${FUZZ_TYPES:-}" ]; then
			# as regtype prints them (the name fuzz.outcome records)
			types=$(fuzz_psql "$db" postgres -At -c "SELECT string_agg(t::regtype::text, ' ' ORDER BY o)
			    FROM unnest(string_to_array('$FUZZ_TYPES', ',')) WITH ORDINALITY AS x (t, o)") || { TYPES_FAILED=1; continue; }
		else
			types=$(fuzz_psql "$db" postgres -At -c "SELECT string_agg(t::text, ' ') FROM fuzz.base_types('$FUZZ_SCHEMA') t")
		fi
		if [ -z "$types" ]; then
			echo "== $db ($encoding): schema $FUZZ_SCHEMA has no base type (pg_type: typtype = 'b'): nothing to fuzz"
			continue
		fi

		# the corpus: generated strings, seeded also by the values of these
		# types already in the database (the sample's document numbers)
		seeds="$FUZZ_DIR/seeds.$db.txt"
		: >"$seeds"
		for type in $types; do
			fuzz_psql "$db" postgres -At -c "SET client_encoding = 'UTF8'" -c "
SELECT format('SELECT DISTINCT %I::text FROM %s', a.attname, a.attrelid::regclass)
FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
WHERE a.atttypid = '$type'::regtype AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped" |
				while read -r query; do
					fuzz_psql "$db" postgres -At -c "SET client_encoding = 'UTF8'" -c "$query LIMIT 200" >>"$seeds"
				done
		done
		nseeds=$(grep -c . "$seeds" || true)
		perl "$fuzz_dir/corpus.pl" "$FUZZ_VALUES" "$FUZZ_SEED" "$seeds" >"$FUZZ_DIR/corpus.$db.txt"
		fuzz_psql "$db" postgres -c "\\copy fuzz.corpus (id, payload) FROM '$FUZZ_DIR/corpus.$db.txt'" ||
			{ TYPES_FAILED=1; continue; }
		n=$(fuzz_psql "$db" postgres -At -c 'SELECT count(*) FROM fuzz.corpus')

		for type in $types; do
			echo "== $type in database $db ($encoding): $n strings (seed $FUZZ_SEED, $nseeds values from the database among the seeds)"
			local started=$SECONDS
			for ((first = 1; first <= n; first += FUZZ_CHUNK)); do
				last=$((first + FUZZ_CHUNK - 1))
				[ "$last" -gt "$n" ] && last=$n
				types_range "$db" text "$type" "$first" "$last"
			done
			local text_time=$((SECONDS - started))
			if [ "$(fuzz_psql "$db" postgres -At -c "SELECT typreceive <> 0 FROM pg_type WHERE oid = '$type'::regtype")" = t ]; then
				local nseed
				nseed=$(fuzz_psql "$db" postgres -At -c "SELECT coalesce(array_length(fuzz.binary_seeds('$type'), 1), 0)")
				if [ "$nseed" -eq 0 ]; then
					echo "   binary receive: no accepted text value to seed it; skipped"
				else
					echo "   binary receive: $nseed seeds as sent, then $FUZZ_BINARY_VALUES mutated payloads"
					types_range "$db" binary "$type" "$((1 - nseed))" 0
					for ((first = 1; first <= FUZZ_BINARY_VALUES; first += FUZZ_CHUNK)); do
						last=$((first + FUZZ_CHUNK - 1))
						[ "$last" -gt "$FUZZ_BINARY_VALUES" ] && last=$FUZZ_BINARY_VALUES
						types_range "$db" binary "$type" "$first" "$last"
					done
				fi
			else
				echo "   binary receive: $type has no receive function; skipped"
			fi
			echo "   text input ${text_time}s, binary $((SECONDS - started - text_time))s"
			types_report "$db" "$type"
			bad=$(fuzz_psql "$db" postgres -At -c "
SELECT count(*) FROM fuzz.outcome WHERE typ = '$type' AND NOT fuzz.clean(sqlstate, mode)")
			if [ "$bad" -ne 0 ]; then
				echo "   FAIL: $bad outcomes of $type in $db are a crash, an unclean SQLSTATE (not class 22, 54000, or 08P01 in binary) or a failed round trip"
				fuzz_psql "$db" postgres -At -c "SET client_encoding = 'UTF8'" -c "
SELECT format('     %s %s id %s: %s  input (hex) %s', mode, sqlstate, id, left(fuzz.show(message), 200),
              left(encode(coalesce(payload, (SELECT c.payload FROM fuzz.corpus c WHERE c.id = o.id AND o.mode <> 'binary')), 'hex'), 120))
FROM fuzz.outcome o WHERE typ = '$type' AND NOT fuzz.clean(sqlstate, mode) ORDER BY mode, id LIMIT 20"
				TYPES_FAILED=1
			fi
			TYPES_SUMMARY+=("$type in $db ($encoding): $(fuzz_psql "$db" postgres -At -c "
SELECT format('%s strings (%s accepted), %s binary payloads (%s accepted), %s failures',
              count(*) FILTER (WHERE mode IN ('text', 'server')),
              count(*) FILTER (WHERE mode = 'text' AND sqlstate = '00000'),
              count(*) FILTER (WHERE mode = 'binary'),
              count(*) FILTER (WHERE mode = 'binary' AND sqlstate = '00000'),
              count(*) FILTER (WHERE NOT fuzz.clean(sqlstate, mode)))
FROM fuzz.outcome WHERE typ = '$type'")")
		done
	done
}
