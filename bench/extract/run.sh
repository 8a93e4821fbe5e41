#!/bin/sh
# Articles per second that ingestion proposes, on one core.
#
# usage: bench/extract/run.sh [BUILD_DIR] [COUNT]
#
# The corpus is COUNT (default 1000) articles: the annotated texts of
# tests/fixtures/ingest/ (news, lists, testimonies, a web page) and, when
# present, the shared press-conference article, repeated in turn. Each is
# read from memory, so the figure is extraction (and HTML reading) alone.
# The driver is built here against BUILD_DIR's library (default build/).
set -eu
cd "$(dirname "$0")/../.."
build=${1:-build}
count=${2:-1000}
lib="$build/libvigil_lib.a"
if [ ! -f "$lib" ]; then
	echo "run.sh: $lib is missing; build first (make build)" >&2
	exit 1
fi
out="$build/bench_extract"
# shellcheck disable=SC2046
cc -std=c11 -O2 -D_GNU_SOURCE -Isrc bench/extract/bench_extract.c "$lib" \
	$(pkg-config --libs icu-uc icu-i18n jansson gumbo libsodium sqlite3 libpcre2-8) \
	-lpthread -lm -o "$out"

set --
for f in tests/fixtures/ingest/*.txt tests/fixtures/ingest/*.html \
	 ../shared/fixtures/articles/*.txt; do
	[ -f "$f" ] && set -- "$@" "$f"
done
n=$#
i=0
list=""
while [ "$i" -lt "$count" ]; do
	k=$((i % n + 1))
	eval "f=\${$k}"
	list="$list $f"
	i=$((i + 1))
done
echo "corpus: $count articles from $n distinct texts; one core"
# shellcheck disable=SC2086
VIGIL_DATA=${VIGIL_DATA:-data} taskset -c 0 "$out" $list

# Long texts: every fixture text joined into one (about 14 KB), 100 times,
# for the throughput per megabyte that long reports see.
long="$build/extract-long-text.txt"
cat tests/fixtures/ingest/*.txt > "$long"
echo "long texts: 100 x $(wc -c < "$long") bytes; one core"
set --
i=0
while [ "$i" -lt 100 ]; do
	set -- "$@" "$long"
	i=$((i + 1))
done
VIGIL_DATA=${VIGIL_DATA:-data} taskset -c 0 "$out" "$@"
