#!/bin/sh
# Scores OpenSanctions' labelled name pairs with `vigil names score` and
# prints precision, recall and F1 at vigil's threshold, beside the same
# numbers for OpenSanctions' logic-v2 matcher computed from its frozen
# scores file. Run from the repository root:
#
#   sh bench/names/nomenklatura.sh [path/to/vigil]
#
# The pairs live outside the repository, in ../shared/reference/
# (override with VIGIL_SHARED); without them the benchmark is skipped.
set -eu
cd "$(dirname "$0")/../.."
bin=${1:-${VIGIL_BIN:-build/vigil}}
ref=${VIGIL_SHARED:-../shared}/reference
cases=$ref/opensanctions_nomenklatura_name_bench_cases.csv
frozen=$ref/opensanctions_nomenklatura_name_bench_logicv2_frozen_scores.csv
if [ ! -f "$cases" ] || [ ! -f "$frozen" ]; then
	echo "nomenklatura: $cases or $frozen not found; skipping" >&2
	exit 0
fi
if [ ! -x "$bin" ]; then
	echo "nomenklatura: no vigil binary at $bin (build first, or pass its path)" >&2
	exit 1
fi
exec python3 bench/names/nomenklatura_eval.py "$bin" "$cases" "$frozen"
