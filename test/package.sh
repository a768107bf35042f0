#!/usr/bin/env bash
# The Debian package, as a DBA installs it: build postgresql-15-jxlink from a
# clean copy of the tracked tree with dpkg-buildpackage (pg_buildext, the
# layout of Debian's own extension packages), check it with lintian (no
# errors), install it with apt, then run the package's autopkgtest
# (debian/tests/installcheck) from a second clean copy without any build
# product: the suites run against the packaged files.  Installs the Debian
# packages it needs when missing.  Run as root on Debian 12.
#
# Usage: bash test/package.sh        (JXLINK_PACKAGE_DIR: where to build; a temporary folder by default)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

JXLINK_SETUP_ONLY_FUNCTIONS=1 source test/setup.sh
install_missing "dpkg-dev debhelper postgresql-server-dev-all postgresql-common lintian make gcc libc6-dev"

work=${JXLINK_PACKAGE_DIR:-$(mktemp -d /tmp/jxlink-package.XXXXXX)}
# the build-time installcheck's server (user postgres) reads the staged package here
mkdir -p "$work" && chmod 755 "$work"
version=$(dpkg-parsechangelog -l debian/changelog -S Version)
echo "== building jxlink $version in $work"
rm -rf "$work/jxlink-$version" "$work/tests"
mkdir -p "$work/jxlink-$version" "$work/tests"
git ls-files -z | xargs -0 tar -cf - | tar -xf - -C "$work/jxlink-$version"
DEBIAN_FRONTEND=noninteractive apt-get build-dep -y -qq "$work/jxlink-$version" >"$work/build-dep.log" 2>&1 || {
	tail -20 "$work/build-dep.log"
	exit 1
}
(cd "$work/jxlink-$version" && dpkg-buildpackage -us -uc -b) >"$work/build.log" 2>&1 || {
	tail -40 "$work/build.log"
	echo "package: dpkg-buildpackage FAILED (log $work/build.log)"
	exit 1
}
grep -E "tests passed|tests failed" "$work/build.log" | sed 's/^/   build-time installcheck: /' || true
ls "$work"/*.deb

echo "== lintian"
lintian --fail-on error "$work"/jxlink_"${version}"_*.changes | tee "$work/lintian.log" || {
	echo "package: lintian found errors"
	exit 1
}
echo "   lintian: $(grep -c '^E:' "$work/lintian.log" || true) errors, $(grep -c '^W:' "$work/lintian.log" || true) warnings"

echo "== apt install ./postgresql-15-jxlink_${version}_*.deb"
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --reinstall "$work"/postgresql-15-jxlink_"${version}"_*.deb >/dev/null
dpkg -L postgresql-15-jxlink | grep -E 'jxlink\.so$|jxlink\.control$|jxlink--'"${version}"'\.sql$'

echo "== autopkgtest: debian/tests/installcheck against the installed package"
git ls-files -z | xargs -0 tar -cf - | tar -xf - -C "$work/tests"
test ! -e "$work/tests/jxlink.so" && test ! -e "$work/tests/src/jxlink.o"
(cd "$work/tests" && sh debian/tests/installcheck) 2>&1 | tee "$work/autopkgtest.log" | grep -E "tests (passed|failed)|^not ok" || true
if grep -qE "tests failed|^not ok" "$work/autopkgtest.log" || ! grep -q "tests passed" "$work/autopkgtest.log"; then
	echo "package: autopkgtest FAILED (log $work/autopkgtest.log)"
	exit 1
fi
echo "package: PASS (postgresql-15-jxlink $version built, lintian without errors, installed, installcheck against the package passed)"
