#!/usr/bin/env python3
"""Writes a vigil import file of N made-up people, each with one act.

usage: gen_people.py N OUT.json [SEED]

Names are built from syllables, written in Latin and in Kazakh Cyrillic,
so that the name index holds realistic parts. Every person is public so
that the anonymous view can be measured. Deterministic for a given seed.
"""
import json
import random
import sys

# Latin syllable -> Cyrillic spelling.
SYLLABLES = [
    ("ga", "га"), ("ra", "ра"), ("pa", "па"), ("na", "на"), ("si", "си"),
    ("ol", "ол"), ("la", "ла"), ("ser", "сер"), ("ik", "ік"), ("bol", "бол"),
    ("at", "ат"), ("nur", "нұр"), ("zhan", "жан"), ("dos", "дос"),
    ("ay", "ай"), ("gul", "гүл"), ("er", "ер"), ("ken", "кен"), ("mu", "му"),
    ("ra", "ра"), ("dil", "діл"), ("shat", "шат"), ("qa", "қа"), ("sym", "сым"),
]
ETHNICITIES = ["Kazakh", "Uyghur", "Kyrgyz", "Hui", "Uzbek"]
OCCUPATIONS = ["teacher", "poet", "farmer", "doctor", "imam", "trader",
               "student", "journalist", "engineer", "driver"]
ACTS = [("detention", "detained"), ("internment", "interned"),
        ("disappearance", "disappeared"), ("sentence", "sentenced"),
        ("release", "released")]


def word(rng):
    parts = [rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))]
    lat = "".join(p[0] for p in parts)
    cyr = "".join(p[1] for p in parts)
    return lat.capitalize(), cyr[0].upper() + cyr[1:]


def person(rng, n):
    given_l, given_c = word(rng)
    father_l, father_c = word(rng)
    female = rng.random() < 0.4
    end_l, end_c = ("kyzy", "қызы") if female else ("uly", "ұлы")
    return {
        "record": "person",
        "id": "V-%06d" % n,
        "level": "public",
        "names": [
            {"name": "%s %s%s" % (given_l, father_l, end_l),
             "script": "Latn", "kind": "primary"},
            {"name": "%s %s%s" % (given_c, father_c, end_c),
             "script": "Cyrl", "kind": "alias"},
        ],
        "sex": "female" if female else "male",
        "birth": str(rng.randint(1940, 2000)),
        "ethnicity": rng.choice(ETHNICITIES),
        "occupation": rng.choice(OCCUPATIONS),
    }


def act(rng, n):
    kind, _ = rng.choice(ACTS)
    year = rng.randint(2017, 2023)
    return {
        "record": "act",
        "id": "A-%06d" % n,
        "level": "public",
        "victim": "V-%06d" % n,
        "type": kind,
        "start_date": "%d-%02d" % (year, rng.randint(1, 12)),
    }


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    count = int(sys.argv[1])
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    records = []
    for n in range(1, count + 1):
        records.append(person(rng, n))
        records.append(act(rng, n))
    with open(sys.argv[2], "w", encoding="utf-8") as out:
        json.dump({"vigil": 1, "records": records}, out, ensure_ascii=False)


if __name__ == "__main__":
    main()
