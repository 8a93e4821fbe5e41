#!/bin/sh
# Scores `vigil ingest` against the hand annotations: each text of
# tests/fixtures/ingest/ (or only the ones named) and, when present, the
# shared press-conference article, with the shared scorer.
#
# usage: bench/extract/score.sh [VIGIL_BIN] [FIXTURE_NAME...]
#   VIGIL_BIN     default build/vigil
#   FIXTURE_NAME  e.g. news-page (default: every fixture)
# VIGIL_DATA may point at another tree's data/ (to score an older build).
set -eu
cd "$(dirname "$0")/../.."
bin=${1:-build/vigil}
[ $# -gt 0 ] && shift
scorer=../shared/tools/score-extraction
if [ ! -x "$scorer" ] && [ ! -f "$scorer" ]; then
	echo "score.sh: the shared scorer ($scorer) is absent" >&2
	exit 77
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export VIGIL_DATA="${VIGIL_DATA:-data}"

names=${*:-$(ls tests/fixtures/ingest/*.expected.json | sed 's|.*/||; s|\.expected\.json$||')}
set --
for n in $names; do
	text=$(ls tests/fixtures/ingest/"$n".* | grep -v '\.json$' | head -n 1)
	"$bin" ingest "$text" --format json > "$out/$n.json"
	set -- "$@" "tests/fixtures/ingest/$n.expected.json" "$out/$n.json"
done
echo "== own fixtures (tests/fixtures/ingest)"
python3 "$scorer" "$@" | sed "s|$out/||"

shared=../shared/fixtures/articles/qazaq-times-press-conference
if [ -f "$shared.txt" ] && [ $# -gt 0 ]; then
	echo "== shared article"
	"$bin" ingest "$shared.txt" --format json > "$out/shared.json"
	python3 "$scorer" "$shared.expected.json" "$out/shared.json" | sed "s|$out/||"
fi
