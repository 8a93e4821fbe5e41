#!/bin/sh
# Scores `vigil ingest` against the hand annotations with the shared scorer:
# the development set (the texts directly in tests/fixtures/ingest/, which
# the rules were tuned on) or the test set (tests/fixtures/ingest/test/,
# held out: see its README), every text or only the ones named, and, when
# present, the shared press-conference article.
#
# usage: bench/extract/score.sh [VIGIL_BIN] [FIXTURE_NAME...]
#   VIGIL_BIN     default build/vigil
#   FIXTURE_NAME  e.g. news-page (default: every text of the set)
# SET=test scores the test set (default SET=dev).
# VIGIL_DATA may point at another tree's data/ (to score an older build);
# VIGIL_SHARED at the shared tree holding tools/score-extraction (default
# ../shared beside the checkout).
set -eu
cd "$(dirname "$0")/../.."
bin=${1:-build/vigil}
[ $# -gt 0 ] && shift
shared_dir=${VIGIL_SHARED:-../shared}
scorer=$shared_dir/tools/score-extraction
if [ ! -f "$scorer" ]; then
	echo "score.sh: the shared scorer ($scorer) is absent" >&2
	exit 77
fi
case ${SET:-dev} in
dev) dir=tests/fixtures/ingest ;;
test) dir=tests/fixtures/ingest/test ;;
*) echo "score.sh: SET is dev or test, not '$SET'" >&2; exit 2 ;;
esac
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export VIGIL_DATA="${VIGIL_DATA:-data}"

names=${*:-$(ls "$dir"/*.expected.json | sed 's|.*/||; s|\.expected\.json$||')}
set --
for n in $names; do
	text=$(ls "$dir/$n".* | grep -v '\.json$' | head -n 1)
	"$bin" ingest "$text" --format json > "$out/$n.json"
	set -- "$@" "$dir/$n.expected.json" "$out/$n.json"
done
echo "== ${SET:-dev} set ($dir)"
python3 "$scorer" "$@" | sed "s|$out/||"

shared=$shared_dir/fixtures/articles/qazaq-times-press-conference
if [ "${SET:-dev}" = dev ] && [ -f "$shared.txt" ] && [ $# -gt 0 ]; then
	echo "== shared article"
	"$bin" ingest "$shared.txt" --format json > "$out/shared.json"
	python3 "$scorer" "$shared.expected.json" "$out/shared.json" | sed "s|$out/||"
fi
