#!/bin/sh
# Installs the Debian packages vigil needs to build, test and run.
# Idempotent and quiet when everything is already there.
set -eu

PACKAGES="build-essential cmake pkg-config git python3 ca-certificates
libmicrohttpd-dev libsqlite3-dev sqlite3 libicu-dev libjansson-dev
libsodium-dev libpcre2-dev libgumbo-dev liboath-dev libpq-dev libcmocka-dev
libnetcdf-dev gmt-dcw
clang libclang-rt-14-dev binutils
postgresql postgresql-contrib
wrk slowhttptest
chromium nodejs"
# Debian's npm conflicts with a nodejs that already bundles npm (NodeSource).
command -v npm >/dev/null 2>&1 || PACKAGES="$PACKAGES npm"

missing=""
for p in $PACKAGES; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed'; then
		missing="$missing $p"
	fi
done

if [ -n "$missing" ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "install-deps: missing packages:$missing (run as root)" >&2
		exit 1
	fi
	echo "install-deps: installing$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >/dev/null
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
