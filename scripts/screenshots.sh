#!/bin/sh
# Takes the README's screenshots (docs/screenshots/*.png) in Debian's
# Chromium, from a server holding the demonstration casebook, as `make run`
# serves it. Needs what the browser tests need (scripts/test-setup.sh).
# usage: scripts/screenshots.sh [VIGIL_BINARY]
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)
bin=${1:-}
if [ -z "$bin" ]; then
	cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build build -j 2 --target vigil >/dev/null
	bin=$root/build/vigil
fi
sh scripts/test-setup.d/e2e.sh

tmp=$(mktemp -d)
server=""
cleanup() {
	[ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

user=demo
password=$(head -c 18 /dev/urandom | base64)
"$bin" init --db "$tmp/demo.db" --demo >/dev/null 2>&1
printf '%s\n' "$password" |
	"$bin" user add "$user" --role admin --password-stdin --db "$tmp/demo.db" >/dev/null
"$bin" serve --db "$tmp/demo.db" --listen 127.0.0.1:0 2>"$tmp/serve.log" &
server=$!
port=""
for _ in $(seq 1 100); do
	port=$(sed -n 's/.*127\.0\.0\.1:\([0-9][0-9]*\).*/\1/p' "$tmp/serve.log" | head -n 1)
	[ -n "$port" ] && [ "$port" != 0 ] && break
	sleep 0.1
done
[ -n "$port" ] || { echo "screenshots: vigil serve did not start" >&2; cat "$tmp/serve.log" >&2; exit 1; }

mkdir -p docs/screenshots
VIGIL_TMP=$tmp node tests/e2e/screenshots.js "http://127.0.0.1:$port" \
	"$user" "$password" docs/screenshots
