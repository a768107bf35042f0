# The sqlsmith run (sourced by test/fuzz/run.sh, after cluster.sh): random
# SQL from sqlsmith against the populated sample, connected as the clerk
# role fuzz_clerk (a LOGIN role mapped to a unit in jxlink.staff, not a
# superuser), with a statement timeout and a fixed seed.  Afterwards the
# server log is searched for crashed backends.  Sets SQLSMITH_FAILED=1 on a
# crash, or if sqlsmith could not run.

FUZZ_MAX_QUERIES=${FUZZ_MAX_QUERIES:-10000}
FUZZ_STATEMENT_TIMEOUT=${FUZZ_STATEMENT_TIMEOUT:-1000}
SQLSMITH_FAILED=0

sqlsmith_run()
{
	local db=fuzz role=fuzz_clerk offset started rc queries crashes timeouts
	local super
	super=$(fuzz_psql "$db" postgres -At -c "SELECT rolsuper FROM pg_roles WHERE rolname = '$role'")
	if [ "$super" != f ]; then
		echo "== sqlsmith: the role $role must exist and not be a superuser (rolsuper: '$super')"
		SQLSMITH_FAILED=1
		return
	fi
	# the clerk acts for its unit: the API knows it
	fuzz_psql "$db" "$role" -At -c "SELECT 'sqlsmith connects as ' || session_user || ' of unit ' || u.code
	    FROM jxlink.staff s JOIN jxlink.unit u USING (unit_id) WHERE s.role_name = session_user"

	local target="host=$FUZZ_DIR port=$FUZZ_PORT dbname=$db user=$role"
	# jxlink in the search path, so that sqlsmith's unqualified operators
	# reach the extension's operators (e.g. those of jxlink.docno) too
	target="$target options='-c statement_timeout=$FUZZ_STATEMENT_TIMEOUT -c search_path=public,jxlink'"
	echo "== sqlsmith: $FUZZ_MAX_QUERIES queries as $role, seed $FUZZ_SEED, statement_timeout ${FUZZ_STATEMENT_TIMEOUT}ms, --exclude-catalog"
	offset=$(stat -c %s "$SERVER_LOG")
	started=$SECONDS
	sqlsmith --target="$target" --seed="$FUZZ_SEED" --max-queries="$FUZZ_MAX_QUERIES" --exclude-catalog --verbose \
		>"$FUZZ_DIR/sqlsmith.out" 2>"$FUZZ_DIR/sqlsmith.err"
	rc=$?
	SQLSMITH_SECONDS=$((SECONDS - started))
	queries=$(grep -Eo '^queries: [0-9]+' "$FUZZ_DIR/sqlsmith.err" | tail -n 1 | grep -Eo '[0-9]+')
	SQLSMITH_QUERIES=${queries:-0}
	echo "   sqlsmith exit $rc after ${SQLSMITH_SECONDS}s: $SQLSMITH_QUERIES queries"
	if [ "$rc" -ne 0 ] || [ "$SQLSMITH_QUERIES" -eq 0 ]; then
		echo "   sqlsmith did not complete; its last output:"
		tail -n 20 "$FUZZ_DIR/sqlsmith.err" | sed 's/^/     /'
		SQLSMITH_FAILED=1
	fi
	# sqlsmith's own report: error rate and the most frequent errors
	grep -E '^error rate' "$FUZZ_DIR/sqlsmith.err" | tail -n 1 | sed 's/^/   sqlsmith /'
	echo "   most frequent errors (sqlsmith):"
	awk '/^queries: /{block=""; inblock=1; next} inblock && /^[0-9]+\t/{block=block $0 "\n"} /^error rate/{last=block; inblock=0} END{printf "%s", last}' \
		"$FUZZ_DIR/sqlsmith.err" | head -n 10 | cut -c1-110 | sed 's/^/     /'

	# errors by SQLSTATE class, from the server log (log_line_prefix has %e)
	echo "   errors by SQLSTATE class (server log):"
	tail -c +"$((offset + 1))" "$SERVER_LOG" | grep -E '^[0-9-]+ [0-9:.]+ [A-Z]+ \[[0-9]+\] [0-9A-Z]{5} (ERROR|FATAL|PANIC):' |
		awk '{print substr($5, 1, 2)}' | sort | uniq -c | sort -rn |
		while read -r n class; do
			case $class in
			22) name="data exception" ;; 23) name="integrity constraint violation" ;;
			42) name="syntax error or access rule violation" ;; 57) name="operator intervention (57014: statement timeout)" ;;
			53) name="insufficient resources" ;; 54) name="program limit exceeded" ;; 55) name="object not in prerequisite state" ;;
			P0) name="PL/pgSQL error" ;; 0A) name="feature not supported" ;; 21) name="cardinality violation" ;;
			25) name="invalid transaction state" ;; 2B) name="dependent privilege descriptors" ;; 2F) name="SQL routine exception" ;;
			39) name="external routine invocation" ;; 40) name="transaction rollback" ;; 58) name="system error" ;;
			XX) name="INTERNAL ERROR" ;; 08) name="connection exception" ;; *) name="" ;;
			esac
			printf '     %7d  %s  %s\n' "$n" "$class" "$name"
		done
	SQLSMITH_XX=$(tail -c +"$((offset + 1))" "$SERVER_LOG" | grep -cE '\] XX[0-9A-Z]{3} (ERROR|FATAL|PANIC):' || true)
	if [ "$SQLSMITH_XX" -ne 0 ]; then
		echo "   internal errors (XX class) -- not a crash, but worth a look (message, then the first statement):"
		tail -c +"$((offset + 1))" "$SERVER_LOG" | grep -E '\] XX[0-9A-Z]{3} (ERROR|FATAL):' |
			sed -E 's/^.*\] (XX[0-9A-Z]{3}) [A-Z]+: +/\1 /' | sort | uniq -c | sort -rn | head -n 10 | cut -c1-200 | sed 's/^/     /'
		# the statement of the first one: the STATEMENT line and its continuation lines
		tail -c +"$((offset + 1))" "$SERVER_LOG" | awk '
			/^[0-9-]+ [0-9:.]+ [A-Z]+ \[[0-9]+\] / { if (grab) exit; if (seen && / STATEMENT: /) { grab = 1; sub(/^.* STATEMENT: +/, ""); print; next } }
			/\] XX[0-9A-Z][0-9A-Z][0-9A-Z] (ERROR|FATAL):/ { seen = 1 }
			grab && ++n <= 25 { print }' | tr -s ' \t\n' ' ' | cut -c1-1500 | fold -w 110 | sed 's/^/       statement: /'
	fi
	crashes=$(cluster_crashes "$offset")
	SQLSMITH_CRASHES=0
	if [ -n "$crashes" ]; then
		SQLSMITH_CRASHES=$(echo "$crashes" | grep -cE 'terminated by signal|was terminated' || true)
		[ "$SQLSMITH_CRASHES" -eq 0 ] && SQLSMITH_CRASHES=1
		echo "   CRASH: the server log reports crashed backends:"
		echo "$crashes" | head -n 20 | sed 's/^/     /'
		tail -c +"$((offset + 1))" "$SERVER_LOG" | grep -A3 -E 'terminated by signal' | grep -E 'Failed process was running' |
			head -n 5 | cut -c1-2000 | sed 's/^/     /'
		SQLSMITH_FAILED=1
	fi
	echo "   crashes: $SQLSMITH_CRASHES"
}
