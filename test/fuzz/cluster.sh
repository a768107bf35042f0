# A private, throwaway PostgreSQL 15 cluster for the fuzzers: initdb and
# pg_ctl in a temporary directory, listening only on a Unix socket in that
# directory (no TCP port, so it cannot collide with any other cluster on the
# machine).  When run as root, the server runs as the postgres user.
# Source it, then: cluster_create; cluster_start; ...; (cluster_cleanup on exit).
#
# Settings (environment):
#   FUZZ_DIR    directory to use (default: a new /tmp/jxlink-fuzz.XXXXXX)
#   FUZZ_PORT   port number naming the socket (default 5466)
#   FUZZ_KEEP=1 keep the directory (data, logs, corpus) after the run

PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
PG_BIN=$("$PG_CONFIG" --bindir)
FUZZ_PORT=${FUZZ_PORT:-5466}
FUZZ_KEEP=${FUZZ_KEEP:-}

# Run a server-side command as the postgres user when we are root.
as_pg()
{
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

cluster_create()
{
	if [ -z "${FUZZ_DIR:-}" ]; then
		FUZZ_DIR=$(mktemp -d /tmp/jxlink-fuzz.XXXXXX)
	fi
	mkdir -p "$FUZZ_DIR"
	chmod 755 "$FUZZ_DIR"
	[ "$(id -u)" -eq 0 ] && chown postgres "$FUZZ_DIR"
	PGDATA_FUZZ=$FUZZ_DIR/data
	SERVER_LOG=$FUZZ_DIR/server.log
	as_pg "$PG_BIN/initdb" -D "$PGDATA_FUZZ" -U postgres --auth=trust -E UTF8 --locale=C >"$FUZZ_DIR/initdb.log" 2>&1 ||
		{ cat "$FUZZ_DIR/initdb.log"; return 1; }
	as_pg tee -a "$PGDATA_FUZZ/postgresql.conf" >/dev/null <<CONF
# jxlink fuzzing: private socket, no TCP, SQLSTATE in every log line
listen_addresses = ''
unix_socket_directories = '$FUZZ_DIR'
port = $FUZZ_PORT
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 20
log_line_prefix = '%m [%p] %e '
log_min_messages = warning
log_min_error_statement = error
restart_after_crash = on
max_stack_depth = '2MB'
CONF
}

cluster_start()
{
	as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_FUZZ" -l "$SERVER_LOG" -w -t 120 start >/dev/null
}

cluster_stop()
{
	[ -n "${PGDATA_FUZZ:-}" ] && [ -f "$PGDATA_FUZZ/postmaster.pid" ] &&
		as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_FUZZ" -m fast -w stop >/dev/null 2>&1
	return 0
}

cluster_cleanup()
{
	cluster_stop
	if [ -n "${FUZZ_DIR:-}" ] && [ -z "$FUZZ_KEEP" ]; then
		rm -rf "$FUZZ_DIR"
	elif [ -n "${FUZZ_DIR:-}" ]; then
		echo "== kept $FUZZ_DIR (data, server.log, corpus)"
	fi
}

# Wait until the server accepts connections again (after a crash, the
# postmaster reinitialises by itself: restart_after_crash).
cluster_wait_ready()
{
	local i
	for i in $(seq 1 120); do
		"$PG_BIN/pg_isready" -q -h "$FUZZ_DIR" -p "$FUZZ_PORT" && return 0
		sleep 1
	done
	return 1
}

# psql against the cluster: fuzz_psql DB [USER] [psql arguments...]
fuzz_psql()
{
	local db=$1 user=${2:-postgres}
	shift 2 || shift $#
	PGCLIENTENCODING=UTF8 "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$FUZZ_DIR" -p "$FUZZ_PORT" -U "$user" -d "$db" "$@"
}

# Crashes the server log reports from a byte offset on: one line each.
cluster_crashes()
{
	local from=${1:-0}
	tail -c +"$((from + 1))" "$SERVER_LOG" 2>/dev/null |
		grep -E '^[0-9-]+ [0-9:.]+ [A-Z]+ \[[0-9]+\] [0-9A-Z]{5} (LOG|PANIC): ' |
		grep -E 'terminated by signal|server process .* was terminated|PANIC:|was terminated by exception' || true
}
