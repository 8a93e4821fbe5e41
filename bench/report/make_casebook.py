#!/usr/bin/env python3
"""Writes a made-up casebook for timing `vigil report stats`: N people
(default 5000) at mixed levels, two acts each with a year between 1990
and 2024, as a JSON file for `vigil import json`. Seeded: the same file
every time.

    python3 bench/report/make_casebook.py 5000 > big.json
    vigil init --db big.db && vigil import json big.json --db big.db
    time vigil report stats --db big.db --as admin --format json >/dev/null
"""
import json
import random
import sys

TYPES = ["arrest", "detention", "sentence", "release", "disappearance",
         "transfer"]
LEVELS = ["public", "internal", "confidential"]


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    rnd = random.Random(7)
    recs = []
    for i in range(1, n + 1):
        pid = "V-%06d" % i
        recs.append({"record": "person", "id": pid,
                     "level": rnd.choice(LEVELS),
                     "ethnicity": rnd.choice(["Kazakh", "Uyghur", "Kyrgyz"]),
                     "names": [{"name": "Person %d" % i, "script": "Latn"}]})
        for _ in range(2):
            recs.append({"record": "act", "level": rnd.choice(LEVELS),
                         "victim": pid, "type": rnd.choice(TYPES),
                         "start_date": str(rnd.randint(1990, 2024))})
    json.dump({"vigil": 1, "records": recs}, sys.stdout)


if __name__ == "__main__":
    main()
