#!/bin/sh
# The names benchmark: vigil's name index against PostgreSQL pg_trgm.
#
# usage: bench/names/run.sh [N]      (N people, default 100000, up to 1000000)
#
# Generates N distinct Kazakh and Uyghur people (bench/names/gen.py) and
# variant queries for a sample of them: another script, another
# romanisation, the surname first, 30% with a typo. vigil matches all the
# queries (on 1 thread for latency, on 2 for throughput); PostgreSQL runs
# the first PG_QUERIES of them (default 1000) with a GiST trigram index and
# KNN top-10, as written and with ICU 'Any-Latin; Latin-ASCII' applied to
# both sides first. Prints recall@10, ms per query, build time and memory.
# PG_QUERIES=0 leaves PostgreSQL out. BENCH_CHINESE=F writes that share of
# the Uyghur queries in Chinese characters (see gen.py).
# GEN=gen2 uses the second generator (bench/names/gen2.py); SEED picks the
# set (gen2: seed 1 is the development set, seed 2 the test set).
# Needs a built vigil: VIGIL_BIN, or build/vigil (make build).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
n=${1:-100000}
vigil=${VIGIL_BIN:-$root/build/vigil}
pg_queries=${PG_QUERIES:-1000}
seed=${SEED:-42}
gen=${GEN:-gen} # gen (bench/names/gen.py) or gen2 (gen2.py)

if [ "$n" -lt 100 ] || [ "$n" -gt 1000000 ]; then
	echo "run.sh: N must be between 100 and 1000000" >&2
	exit 1
fi
if [ ! -x "$vigil" ]; then
	echo "run.sh: no vigil binary at $vigil (make build, or set VIGIL_BIN)" >&2
	exit 1
fi
# Queries: a tenth of the people, at most 100,000.
nq=$((n / 10))
[ "$nq" -gt 100000 ] && nq=100000
[ "$pg_queries" -gt "$nq" ] && pg_queries=$nq

work=$(mktemp -d "${TMPDIR:-/tmp}/vigil-names-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

echo "== names benchmark: $n people, $nq queries (PostgreSQL: first $pg_queries)"
python3 "$here/$gen.py" "$n" "$nq" "$seed" "$work"
head -n "$pg_queries" "$work/queries.tsv" >"$work/queries-pg.tsv"
[ "$pg_queries" -eq 0 ] && cp "$work/queries.tsv" "$work/queries-pg.tsv"

vigil_run() {
	threads=$1
	/usr/bin/time -f 'rss_kb %M cpu_s %U %S' "$vigil" match --index "$work/names.tsv" \
		--queries "$work/queries.tsv" --threads "$threads" --stats \
		>"$work/vigil-$threads.tsv" 2>"$work/vigil-$threads.err" || {
		cat "$work/vigil-$threads.err" >&2
		exit 1
	}
}

field() { # field NAME FILE: the value after NAME on the stats line
	sed -n "s/.* $1 \\([^ ]*\\).*/\\1/p" "$2" | head -1
}

echo "-- vigil, 1 thread"
vigil_run 1
python3 "$here/eval.py" "$work/queries.tsv" "$work/vigil-1.tsv"
[ "$pg_queries" -gt 0 ] &&
	python3 "$here/eval.py" "$work/queries-pg.tsv" "$work/vigil-1.tsv" |
	sed -n '1s/^/on the PostgreSQL sample: /p'
grep '^stats' "$work/vigil-1.err" | sed 's/^stats: /   /'
echo "   peak RSS $(awk '/rss_kb/ {print $2}' "$work/vigil-1.err") kB, process CPU $(awk '/rss_kb/ {print $4 + $5}' "$work/vigil-1.err") s"
echo "-- vigil, 2 threads"
vigil_run 2
echo "   build_s $(field build_s "$work/vigil-2.err") wall_s $(field wall_s "$work/vigil-2.err") qps $(field qps "$work/vigil-2.err") cpu_mean_ms $(field cpu_mean_ms "$work/vigil-2.err") peak RSS $(awk '/rss_kb/ {print $2}' "$work/vigil-2.err") kB, process CPU $(awk '/rss_kb/ {print $4 + $5}' "$work/vigil-2.err") s"
cmp -s "$work/vigil-1.tsv" "$work/vigil-2.tsv" && echo "   same output as 1 thread"

if [ "$pg_queries" -eq 0 ]; then
	echo "-- load average at the end (other work on the machine slows wall times): $(cut -d' ' -f1-3 /proc/loadavg)"
	exit 0
fi
echo "-- PostgreSQL pg_trgm"
sh "$here/pg_trgm.sh" "$work" "$work/names.tsv" "$work/queries-pg.tsv" pg_trgm
python3 "$here/eval.py" "$work/queries-pg.tsv" "$work/pg_trgm.results.tsv"

echo "-- PostgreSQL pg_trgm after ICU Any-Latin; Latin-ASCII"
t0=$(date +%s.%N)
uconv -x 'Any-Latin; Latin-ASCII' -o "$work/names-icu.tsv" "$work/names.tsv"
t1=$(date +%s.%N)
uconv -x 'Any-Latin; Latin-ASCII' -o "$work/queries-pg-icu.tsv" "$work/queries-pg.tsv"
echo "   uconv over the names: $(echo "$t1 - $t0" | bc) s"
sh "$here/pg_trgm.sh" "$work" "$work/names-icu.tsv" "$work/queries-pg-icu.tsv" pg_trgm_icu
python3 "$here/eval.py" "$work/queries-pg.tsv" "$work/pg_trgm_icu.results.tsv"
echo "-- load average at the end (other work on the machine slows wall times): $(cut -d' ' -f1-3 /proc/loadavg)"
