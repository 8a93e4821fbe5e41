#!/bin/sh
# Times the names engine through the command line on made-up names
# (bench/names/gen_names.py, deterministic): analysis with `vigil names
# key -` and scoring with `vigil names score`. Reports CPU time per name
# and per pair (user + system, so a busy machine does not inflate it),
# process start-up and rule compilation included. Run from the repository
# root:
#
#   sh bench/names/speed.sh [path/to/vigil] [count]
set -eu
cd "$(dirname "$0")/../.."
bin=${1:-${VIGIL_BIN:-build/vigil}}
count=${2:-200000}
if [ ! -x "$bin" ]; then
	echo "speed: no vigil binary at $bin (build first, or pass its path)" >&2
	exit 1
fi
exec python3 bench/names/speed.py "$bin" "$count"
