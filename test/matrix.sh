#!/usr/bin/env bash
# Build and test jxlink on every supported PostgreSQL major, from scratch:
#   15  this Debian 12 machine's own packages;
#   17  a Debian trixie root (debootstrap --variant=minbase) with Debian's
#       postgresql-17 and postgresql-server-dev-17;
#   18  a Debian sid root with postgresql-18 and postgresql-server-dev-18.
# For each major: a build with -Werror, installed into that major, then a
# throwaway cluster of that major running the pg_regress and isolation suites
# (make installcheck) and the pgTAP suite (pg_prove).  Prints one summary line
# per major and exits non-zero when any major fails.  Run as root (debootstrap,
# chroot); the roots are kept for the next run.
#
# Usage: bash test/matrix.sh [MAJOR ...]        (default: 15 17 18)
#   JXLINK_MATRIX_DIR   where the roots are kept (default /var/tmp/jxlink-matrix)
#   JXLINK_MATRIX_PORT  port of the throwaway clusters (default 5477; socket only)
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
majors=("$@")
[ ${#majors[@]} -gt 0 ] || majors=(15 17 18)
dir=${JXLINK_MATRIX_DIR:-/var/tmp/jxlink-matrix}
port=${JXLINK_MATRIX_PORT:-5477}
mirror=http://deb.debian.org/debian
mkdir -p "$dir"
summary=()
status=0

# The Debian suite that carries a major (15 is this machine's own).
suite_of()
{
	case $1 in
		15) echo host ;;
		16 | 17) echo trixie ;;
		*) echo sid ;;
	esac
}

# Run a command in the root of a suite (or here, for the host).
in_root()
{
	local suite=$1
	shift
	if [ "$suite" = host ]; then
		bash -c "$*"
	else
		chroot "$dir/$suite" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 HOME=/root bash -c "$*"
	fi
}

# Make a suite's root once: debootstrap, /proc, and the packages of a major.
prepare_root()
{
	local suite=$1 major=$2 r="$dir/$1"
	if [ "$suite" = host ]; then
		# in a subshell: test/setup.sh sets -e, which this script does not want
		(JXLINK_SETUP_ONLY_FUNCTIONS=1 source test/setup.sh && install_missing "$JXLINK_PACKAGES")
		return
	fi
	if [ ! -x "$r/usr/bin/apt-get" ]; then
		command -v debootstrap >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null; }
		echo "== debootstrap $suite into $r"
		rm -rf "$r"
		debootstrap --variant=minbase "$suite" "$r" "$mirror" >"$dir/$suite-debootstrap.log" 2>&1 || {
			echo "debootstrap $suite failed; see $dir/$suite-debootstrap.log"
			return 1
		}
	fi
	mountpoint -q "$r/proc" || mount -t proc proc "$r/proc"
	cp /etc/resolv.conf "$r/etc/resolv.conf" 2>/dev/null
	in_root "$suite" "dpkg-query -W -f='\${Status}' postgresql-server-dev-$major postgresql-$major-pgtap libtap-parser-sourcehandler-pgtap-perl 2>/dev/null | grep -c 'install ok installed' | grep -qx 3" || {
		echo "== installing PostgreSQL $major in $suite"
		# the packages' own cluster is not wanted: the tests make their own.
		# (the registry's copy of sid may carry a Release file past its
		# Valid-Until date: its packages are used all the same)
		in_root "$suite" "mkdir -p /etc/postgresql-common/createcluster.d && echo 'create_main_cluster = false' > /etc/postgresql-common/createcluster.d/no-main.conf"
		in_root "$suite" "apt-get -o Acquire::Check-Valid-Until=false update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends make gcc libc6-dev postgresql-$major postgresql-server-dev-$major postgresql-$major-pgtap libtap-parser-sourcehandler-pgtap-perl >/dev/null" || return 1
	}
}

# Leave no /proc mounted in a root.
release_root()
{
	local r="$dir/$1"
	[ "$1" = host ] || ! mountpoint -q "$r/proc" || umount "$r/proc"
}

# Build, install and test one major; print its summary line.
test_major()
{
	local major=$1 suite start log src pgc bindir rc regress pgtap
	suite=$(suite_of "$major")
	start=$(date +%s)
	log="$dir/pg$major.log"
	: >"$log"
	if ! prepare_root "$suite" "$major" >>"$log" 2>&1; then
		summary+=("PostgreSQL $major: FAILED to prepare the $suite root (see $log)")
		status=1
		return
	fi
	pgc=/usr/lib/postgresql/$major/bin/pg_config
	bindir=/usr/lib/postgresql/$major/bin
	# a clean copy of the tracked tree (no objects of another major)
	if [ "$suite" = host ]; then src="$dir/src-$major"; else src="$dir/$suite/build/jxlink"; fi
	rm -rf "$src" && mkdir -p "$src"
	git ls-files -z | xargs -0 tar -cf - | tar -xf - -C "$src"
	local inner=/build/jxlink
	[ "$suite" = host ] && inner=$src
	chmod -R a+rX "$src"
	in_root "$suite" "
		set -e
		cd $inner
		make -s PG_CONFIG=$pgc COPT='-Werror' >/dev/null
		make -s PG_CONFIG=$pgc install >/dev/null
		rm -rf /tmp/jxlink-matrix-$major && mkdir -p /tmp/jxlink-matrix-$major && chown postgres /tmp/jxlink-matrix-$major
		chown -R postgres .
		su postgres -s /bin/bash -c '$bindir/initdb -D /tmp/jxlink-matrix-$major/data -U postgres >/dev/null \
			&& $bindir/pg_ctl -D /tmp/jxlink-matrix-$major/data -w -l /tmp/jxlink-matrix-$major/log \
			   -o \"-p $port -k /tmp/jxlink-matrix-$major -c listen_addresses= -c dynamic_shared_memory_type=mmap\" start >/dev/null'
	" >>"$log" 2>&1
	rc=$?
	if [ $rc -ne 0 ]; then
		summary+=("PostgreSQL $major: FAILED to build with -Werror or to start a cluster (see $log)")
		status=1
		in_root "$suite" "su postgres -s /bin/bash -c '$bindir/pg_ctl -D /tmp/jxlink-matrix-$major/data -m immediate stop'" >/dev/null 2>&1
		release_root "$suite"
		return
	fi
	in_root "$suite" "cd $inner && su postgres -s /bin/bash -c 'PGHOST=/tmp/jxlink-matrix-$major PGPORT=$port PGUSER=postgres make -s PG_CONFIG=$pgc installcheck'" >>"$log" 2>&1
	regress=$?
	for f in regression.diffs output_iso/regression.diffs; do
		[ -s "$src/$f" ] && { echo "== $f"; cat "$src/$f"; } >>"$log"
	done
	in_root "$suite" "cd $inner && su postgres -s /bin/bash -c 'export PGHOST=/tmp/jxlink-matrix-$major PGPORT=$port PGUSER=postgres; $bindir/createdb jxlink_tap && pg_prove -d jxlink_tap test/pgtap/*.sql'" >>"$log" 2>&1
	pgtap=$?
	in_root "$suite" "su postgres -s /bin/bash -c '$bindir/pg_ctl -D /tmp/jxlink-matrix-$major/data -m fast stop'" >/dev/null 2>&1
	release_root "$suite"
	local version counts tap secs
	version=$(in_root "$suite" "$pgc --version" 2>/dev/null)
	counts=$(grep -E 'tests (passed|failed)' "$log" | sed 's/^[# ]*//' | tr '\n' ' ')
	tap=$(grep -E '^Files=[0-9]+, Tests=[0-9]+' "$log" | sed 's/,  *[0-9]* wallclock.*//')
	secs=$(($(date +%s) - start))
	if [ $regress -eq 0 ] && [ $pgtap -eq 0 ]; then
		summary+=("$version ($suite): PASS, built with -Werror; pg_regress/isolation: ${counts}pgTAP: $tap; ${secs}s")
	else
		summary+=("$version ($suite): FAIL; pg_regress/isolation: ${counts}pgTAP: ${tap:-failed}; ${secs}s (see $log)")
		status=1
	fi
}

for major in "${majors[@]}"; do
	echo "== PostgreSQL $major"
	test_major "$major"
done
echo "== matrix summary"
printf '%s\n' "${summary[@]}"
exit $status
