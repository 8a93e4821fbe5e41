#!/bin/sh
# How many of the store's error returns the unit tests reach, without and
# with the fault-injection loops (tests/unit/test_faults.c). Builds a
# --coverage copy in BUILD_DIR (default build-cov), runs the unit tests
# but the fault test, counts (scripts/error-paths.py), then runs the fault
# test too and counts again. Takes a few minutes: run it with nice.
#
# usage: sh scripts/error-path-coverage.sh [BUILD_DIR]
set -eu
build=${1:-build-cov}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_FLAGS=--coverage \
	-DCMAKE_EXE_LINKER_FLAGS=--coverage >/dev/null
cmake --build "$build" -j2 >/dev/null
find "$build" -name '*.gcda' -delete
ctest --test-dir "$build" -R '^unit/' -E 'test_faults' >/dev/null ||
	echo "note: some unit tests failed; counting what ran" >&2
python3 scripts/error-paths.py "$build" "unit tests without fault injection"
ctest --test-dir "$build" -j2 -R '^unit/test_faults' >/dev/null ||
	echo "note: the fault test failed; counting what ran" >&2
python3 scripts/error-paths.py "$build" "unit tests with fault injection"
