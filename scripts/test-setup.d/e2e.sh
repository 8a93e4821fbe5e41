#!/bin/sh
# Browser tests: Debian's Chromium and playwright-core (pinned in
# tests/e2e/package-lock.json). Quiet and quick when both are present.
# When either cannot be had, it says so and the e2e tests skip themselves.
set -u
cd "$(dirname "$0")/../.."

if [ ! -x /usr/bin/chromium ]; then
	if [ "$(id -u)" -eq 0 ]; then
		echo "e2e setup: installing chromium" >&2
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			--no-install-recommends chromium >/dev/null 2>&1 ||
			echo "e2e setup: could not install chromium; browser tests will skip" >&2
	else
		echo "e2e setup: chromium missing (run scripts/install-deps.sh as root); browser tests will skip" >&2
	fi
fi

if ! command -v npm >/dev/null 2>&1; then
	echo "e2e setup: npm missing; browser tests will skip" >&2
	exit 0
fi

# npm ci only when the lock file changed since the last install.
stamp=tests/e2e/node_modules/.vigil-lock
if [ -f "$stamp" ] && cmp -s "$stamp" tests/e2e/package-lock.json; then
	exit 0
fi
if (cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error >/dev/null); then
	cp tests/e2e/package-lock.json "$stamp"
else
	echo "e2e setup: npm ci failed; browser tests will skip" >&2
fi
exit 0
