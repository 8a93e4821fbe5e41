#!/usr/bin/env python3
"""vigil ingest, scored: the shared press-conference article must come out
exactly as annotated (persons F1 1.0; role, status, since and relations
all right), and the annotated texts in tests/fixtures/ingest/ must stay
above the floors below. Scoring uses the project's shared scorer in
../shared/tools; without it this test skips."""
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vigil_cli import BIN, SOURCE, TMP, check, exit_status  # noqa: E402

SHARED = os.environ.get("VIGIL_SHARED", os.path.join(SOURCE, "..", "shared"))
SCORER = os.path.join(SHARED, "tools", "score-extraction")
ARTICLE = os.path.join(SHARED, "fixtures", "articles", "qazaq-times-press-conference")
FIXTURES = os.path.join(SOURCE, "tests", "fixtures", "ingest")

# Floors for our own annotated texts: what the extractor reaches today,
# rounded down, so that a change that loses ground fails here.
# The status floor sits just under the development set's figure since six
# harder texts joined it (status 0.600 on them before any rule was written
# for them; 0.893 on the whole set now): a floor guards against falling
# back, it is not the goal (docs/benchmarks.md gives the goals).
FLOORS = {"F1": 0.95, "role": 0.90, "status": 0.88, "since": 0.90,
          "relations F1": 0.90}


def ingest(path, out):
    args = [BIN, "ingest", path, "--format", "json"]
    p = subprocess.run(args, capture_output=True, text=True, timeout=60)
    if p.returncode != 0:
        raise SystemExit("vigil ingest %s failed: %s" % (path, p.stderr))
    with open(out, "w", encoding="utf-8") as f:
        f.write(p.stdout)


def score(pairs):
    p = subprocess.run([sys.executable, SCORER] + pairs, capture_output=True,
                       text=True, timeout=60)
    print(p.stdout, end="")
    total = [l for l in p.stdout.splitlines() if l.startswith("total:")][0]
    got = dict(re.findall(r"(persons P|R|F1|role|status|since|occupation|"
                          r"relations F1)=([0-9.]+)", total))
    return {k: float(v) for k, v in got.items()}


def test_shared_article_is_extracted_exactly():
    out = os.path.join(TMP, "ingest-shared.json")
    ingest(ARTICLE + ".txt", out)
    s = score([ARTICLE + ".expected.json", out])
    for key in ("F1", "role", "status", "since", "relations F1"):
        check(s.get(key) == 1.0, "shared article: %s is 1.0 (got %s)" % (key, s.get(key)))


def test_own_fixtures_stay_above_their_floors():
    pairs = []
    for name in sorted(os.listdir(FIXTURES)):
        if not name.endswith(".expected.json"):
            continue
        base = name[:-len(".expected.json")]
        text = [f for f in os.listdir(FIXTURES)
                if f.startswith(base + ".") and not f.endswith(".json")][0]
        out = os.path.join(TMP, "ingest-%s.json" % base)
        ingest(os.path.join(FIXTURES, text), out)
        pairs += [os.path.join(FIXTURES, name), out]
    check(len(pairs) >= 20, "at least ten annotated fixtures")
    s = score(pairs)
    for key, floor in FLOORS.items():
        check(s.get(key, 0) >= floor,
              "own fixtures: %s %.3f >= %.2f" % (key, s.get(key, 0), floor))


def main():
    if not BIN:
        print("SKIP: VIGIL_BIN is not set (run through ctest)")
        return 77
    if not os.path.exists(SCORER) or not os.path.exists(ARTICLE + ".txt"):
        print("SKIP: the shared scorer or article is absent (%s)" % SHARED)
        return 77
    test_shared_article_is_extracted_exactly()
    test_own_fixtures_stay_above_their_floors()
    return exit_status()


if __name__ == "__main__":
    sys.exit(main())
