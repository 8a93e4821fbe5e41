#!/bin/sh
# The store benchmark: made-up people (each with one act, from
# bench/http/gen_people.py) imported through `vigil import json`, then
# the people list filtered by status, a full-text search, one person
# shown, `vigil audit checkpoint` (which verifies the chain alone) and
# `vigil audit verify` over the whole chain and every record against its
# last revision. Prints a Markdown table of wall and CPU (user + system)
# seconds: on a shared machine the CPU time is the steadier number.
#
# usage: bench/store/run.sh [PEOPLE]   (default 20000)
# Environment: VIGIL_BIN (a vigil binary instead of building one), BUILD
# (build directory, default build).
set -eu
cd "$(dirname "$0")/../.."
root=$(pwd)
people=${1:-20000}
build=${BUILD:-build}
if [ -n "${VIGIL_BIN:-}" ]; then
	bin=$VIGIL_BIN
else
	cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build "$build" -j 2 --target vigil >/dev/null
	bin=$root/$build/vigil
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 bench/http/gen_people.py "$people" "$tmp/people.json"
"$bin" init --db "$tmp/b.db" >/dev/null 2>&1

# measure LABEL COMMAND...: one table row.
measure() {
	label=$1
	shift
	/usr/bin/time -f "%e %U %S" -o "$tmp/t" "$@" >/dev/null 2>"$tmp/err" ||
		{ cat "$tmp/err" >&2; exit 1; }
	read -r wall user sys <"$tmp/t"
	cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
	printf '| %s | %s | %s |\n' "$label" "$wall" "$cpu"
}

echo "| $people people, $((people * 2)) records | wall s | CPU s |"
echo "|---|---|---|"
measure "import json (one transaction)" \
	"$bin" import json "$tmp/people.json" --db "$tmp/b.db"
measure "person list --status detained (page of 50, total)" \
	"$bin" person list --status detained --db "$tmp/b.db"
measure "person list --text gara (full text, page of 50)" \
	"$bin" person list --text gara --db "$tmp/b.db"
measure "person show V-000777 (acts, relations, citations)" \
	"$bin" person show V-000777 --db "$tmp/b.db"
measure "audit checkpoint (the chain alone, every entry and revision)" \
	"$bin" audit checkpoint --db "$tmp/b.db" --key "$tmp/audit.key"
measure "audit verify (the chain, then every live record)" \
	"$bin" audit verify --db "$tmp/b.db"
