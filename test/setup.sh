#!/usr/bin/env bash
# Set-up shared by the demo (doc/demo.sh) and the test run (test/run.sh) on
# Debian 12: install the Debian packages that are missing, build jxlink with
# PGXS and install it into PostgreSQL 15.  Source it from the project root.
set -euo pipefail

if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
export PG_CONFIG=/usr/lib/postgresql/15/bin/pg_config

JXLINK_PACKAGES="make gcc libc6-dev postgresql-15 postgresql-server-dev-15 postgresql-common
  postgresql-15-pgtap libtap-parser-sourcehandler-pgtap-perl libipc-run-perl
  unixodbc odbc-postgresql libdbd-odbc-perl postgresql-15-cron
  chromium fonts-noto-cjk poppler-utils"

# Install those of the given Debian packages that are missing (test/package.sh
# and test/matrix.sh use it too, with JXLINK_SETUP_ONLY_FUNCTIONS set: they
# build a clean copy themselves).
install_missing()
{
	local missing="" p
	for p in $1; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
	done
	if [ -n "$missing" ]; then
		echo "== installing Debian packages:$missing"
		$SUDO apt-get update -qq
		DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
	fi
}
if [ -n "${JXLINK_SETUP_ONLY_FUNCTIONS:-}" ]; then return 0; fi

install_missing "$JXLINK_PACKAGES"

echo "== building and installing jxlink"
make -s PG_CONFIG="$PG_CONFIG" >/dev/null
$SUDO make -s PG_CONFIG="$PG_CONFIG" install >/dev/null
