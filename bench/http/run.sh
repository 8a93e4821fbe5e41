#!/bin/sh
# The HTTP benchmark: 100,000 made-up people imported through
# `vigil import json`, `vigil serve` on 127.0.0.1, and wrk against person
# pages (random ids) and filtered people lists, as an anonymous reader of
# the public view (`vigil serve --public`).
# Writes the results into the HTTP section of docs/benchmarks.md.
#
# usage: bench/http/run.sh [PEOPLE] [SECONDS]
#   PEOPLE   how many people to generate (default 100000)
#   SECONDS  how long each wrk run lasts (default 10)
# Environment: VIGIL_BIN (a vigil binary to use instead of building one),
# BUILD (build directory, default build), CONNECTIONS (wrk
# connections, default 4), NO_DOCS=1 to leave docs/benchmarks.md alone.
set -eu
cd "$(dirname "$0")/../.."
root=$(pwd)
people=${1:-100000}
seconds=${2:-10}
build=${BUILD:-build}
# Below the server's limit of 8 connections per address: a slow answer
# whose client gave up still holds its slot for a while.
conns=${CONNECTIONS:-4}
out=bench/http/out
mkdir -p "$out"

command -v wrk >/dev/null || { echo "run.sh: wrk is missing (apt-get install wrk)" >&2; exit 1; }
if [ -n "${VIGIL_BIN:-}" ]; then
	bin=$VIGIL_BIN
else
	cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build "$build" -j 2 --target vigil >/dev/null
	bin=$root/$build/vigil
fi

# The database is made once per size, generator and schema, then reused.
stamp=$(cat bench/http/gen_people.py data/schema/*.sql | sha256sum | cut -c1-12)
db=$out/people-$people-$stamp.db
if [ ! -f "$db" ]; then
	rm -f "$out"/people-"$people"-*.db*
	echo "run.sh: generating $people people" >&2
	python3 bench/http/gen_people.py "$people" "$out/people-$people.json"
	"$bin" init --db "$db.tmp" >/dev/null
	start=$(date +%s)
	"$bin" import json "$out/people-$people.json" --db "$db.tmp" >/dev/null
	echo "$(( $(date +%s) - start ))" >"$db.tmp.import-seconds"
	echo "run.sh: imported in $(cat "$db.tmp.import-seconds") s" >&2
	mv "$db.tmp" "$db"
	for ext in -wal -shm .key .import-seconds; do
		if [ -e "$db.tmp$ext" ]; then mv "$db.tmp$ext" "$db$ext"; fi
	done
	rm -f "$out/people-$people.json"
fi

log=$out/serve.log
"$bin" serve --db "$db" --listen 127.0.0.1:0 --public 2>"$log" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT INT TERM
# Loading the name index of 100,000 people takes a while before the
# server says where it listens.
port=""
started=$(date +%s)
for _ in $(seq 1 3000); do
	port=$(sed -n 's/.*127\.0\.0\.1:\([0-9][0-9]*\).*/\1/p' "$log" | head -n 1)
	[ -n "$port" ] && [ "$port" != 0 ] && break
	kill -0 "$server" 2>/dev/null || break
	sleep 0.1
done
echo "run.sh: server ready in $(( $(date +%s) - started )) s" >&2
[ -n "$port" ] || { echo "run.sh: vigil serve did not start:" >&2; cat "$log" >&2; exit 1; }
url=http://127.0.0.1:$port

export VIGIL_BENCH_DIR="$root/bench/http" VIGIL_BENCH_PEOPLE="$people"
results=$out/results.txt
: >"$results"

# User + system CPU ticks the server has used so far.
cpu_ticks() {
	awk '{ print $14 + $15 }' "/proc/$server/stat"
}

# bench NAME SCRIPT PATH: one wrk run, appended to the results.
bench() {
	name=$1 script=$2
	export VIGIL_BENCH_PATH="$3"
	wrk -t 1 -c 2 -d 2s -s "bench/http/$script" "$url" >/dev/null # warm-up
	before=$(cpu_ticks)
	line=$(wrk -t 1 -c "$conns" -d "${seconds}s" --timeout 5s \
		-s "bench/http/$script" "$url" | grep '^RESULT')
	after=$(cpu_ticks)
	# The server's own CPU time per request: unlike requests/s, it does
	# not depend on what else the machine is doing.
	requests=$(echo "$line" | sed 's/.*requests=\([0-9]*\).*/\1/')
	cpu=$(awk -v t=$((after - before)) -v n="$requests" -v hz="$(getconf CLK_TCK)" \
		'BEGIN { printf "%.2f", n ? t * 1000 / hz / n : 0 }')
	line="$line cpu_ms=$cpu"
	echo "$name|$3|$line" >>"$results"
	echo "$name: $line" >&2
}

bench "person page (HTML)" person.lua /people/
bench "person (JSON API)" person.lua /api/v1/people/
bench "filtered people list (HTML)" list.lua \
	"/people?status=detained&ethnicity=Kazakh"
bench "filtered people list (JSON API)" list.lua \
	"/api/v1/people?status=detained&ethnicity=Kazakh&limit=50"

[ "${NO_DOCS:-0}" = 1 ] && exit 0
python3 bench/http/write_docs.py "$results" "$people" "$seconds" "$conns" \
	"$(cat "$db.import-seconds" 2>/dev/null || echo unknown)"
