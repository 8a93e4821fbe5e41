#!/bin/sh
# Where a request's time goes: serves the benchmark database made by
# bench/http/run.sh, drives one kind of request with wrk for a few seconds
# under `perf record`, and prints the functions of vigil and SQLite that
# hold the most samples (children included).
#
# usage: bench/http/profile.sh person|list|api-list [PEOPLE]
# Environment: VIGIL_BIN (default build/vigil).
set -eu
cd "$(dirname "$0")/../.."
root=$(pwd)
what=${1:-person}
people=${2:-100000}
bin=${VIGIL_BIN:-$root/build/vigil}
out=bench/http/out
db=$(ls "$out"/people-"$people"-*.db 2>/dev/null | head -n 1)
[ -n "$db" ] || { echo "profile.sh: run bench/http/run.sh $people first" >&2; exit 1; }
command -v perf >/dev/null || { echo "profile.sh: perf is missing (apt-get install linux-perf)" >&2; exit 1; }

case $what in
person) script=person.lua path=/people/ ;;
list) script=list.lua path="/people?status=detained&ethnicity=Kazakh" ;;
api-list) script=list.lua path="/api/v1/people?status=detained&ethnicity=Kazakh&limit=50" ;;
*) echo "profile.sh: person, list or api-list" >&2; exit 2 ;;
esac

log=$out/profile-serve.log
"$bin" serve --db "$db" --listen 127.0.0.1:0 --public 2>"$log" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT INT TERM
port=""
for _ in $(seq 1 3000); do
	port=$(sed -n 's/.*127\.0\.0\.1:\([0-9][0-9]*\).*/\1/p' "$log" | head -n 1)
	[ -n "$port" ] && [ "$port" != 0 ] && break
	kill -0 "$server" 2>/dev/null || break
	sleep 0.1
done
[ -n "$port" ] || { echo "profile.sh: vigil serve did not start" >&2; exit 1; }

export VIGIL_BENCH_DIR="$root/bench/http" VIGIL_BENCH_PEOPLE="$people" \
	VIGIL_BENCH_PATH="$path"
data=$out/perf-$what.data
perf record -q -F 499 --call-graph dwarf,16384 -p "$server" -o "$data" \
	-- sleep 6 >/dev/null 2>&1 &
recorder=$!
sleep 0.5
wrk -t 1 -c 4 -d 5s -s "bench/http/$script" "http://127.0.0.1:$port" |
	grep '^RESULT'
wait "$recorder" || true
perf report -i "$data" --children --sort symbol --stdio 2>/dev/null |
	grep -E '^ +[0-9.]+%' | grep -vE '\[k\]|0x0000|clone3|start_thread' |
	head -n 25
