#!/bin/sh
# Builds the libFuzzer harnesses with clang (ASan + UBSan) in build-fuzz and
# runs each for FUZZ_SECONDS (default 60) on a copy of its seed corpus.
# Crashing inputs are left in build-fuzz/findings/<harness>/; once fixed,
# copy them into tests/fuzz/corpus/<harness>/ as regressions. To keep the
# coverage a run found, merge its corpus into the committed one:
#   build-fuzz/fuzz_<harness> -merge=1 tests/fuzz/corpus/<harness> \
#       build-fuzz/corpus/<harness>
#
# usage: scripts/fuzz.sh [harness...]     (default: every harness built)
set -eu
cd "$(dirname "$0")/.."
build=${FUZZ_BUILD:-build-fuzz}
seconds=${FUZZ_SECONDS:-60}
jobs=${JOBS:-2}

cmake -S . -B "$build" -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Debug \
	-DVIGIL_FUZZ=ON -DVIGIL_SANITIZE=ON -DVIGIL_WERROR=OFF >/dev/null
harnesses=${*:-$(ls tests/fuzz/fuzz_*.c | sed 's|.*/fuzz_||; s|\.c$||')}
targets=""
for h in $harnesses; do
	targets="$targets fuzz_$h"
done
# shellcheck disable=SC2086
cmake --build "$build" -j "$jobs" --target $targets 2>&1 | tail -n 3 || true

export VIGIL_DATA="${VIGIL_DATA:-$(pwd)/data}"
status=0
for h in $harnesses; do
	bin="$build/fuzz_$h"
	if [ ! -x "$bin" ]; then
		echo "fuzz: $h: not built (module not implemented yet?)" >&2
		continue
	fi
	work="$build/corpus/$h"
	findings="$build/findings/$h"
	mkdir -p "$work" "$findings"
	cp -n tests/fuzz/corpus/"$h"/* "$work"/ 2>/dev/null || true
	log="$build/fuzz-$h.log"
	start=$(date +%s)
	if "$bin" "$work" -max_total_time="$seconds" -max_len=4096 \
		-timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$findings/" >"$log" 2>&1; then
		result=clean
	else
		result="FAILED (see $log, inputs in $findings)"
		status=1
	fi
	end=$(date +%s)
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2)
	echo "fuzz: $h: $((end - start)) s, ${execs:-?} runs, coverage ${cov:-?} edges: $result"
done
exit $status
