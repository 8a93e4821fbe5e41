#!/usr/bin/env python3
"""Generates the name benchmark: N distinct Kazakh and Uyghur people and
variant queries for a sample of them.

usage: gen.py N NQUERIES SEED OUTDIR
writes OUTDIR/names.tsv (id, name in the everyday Latin form) and
OUTDIR/queries.tsv (qid, query name, the id it should find, how it was made).

A query is the person's name in another script (Kazakh Cyrillic, Uyghur
Arabic or Cyrillic) or another romanisation, in 25% of cases with the
surname first, and in 30% of cases with one typing error.

With BENCH_CHINESE=F in the environment (a fraction, default 0), that
fraction of Uyghur queries whose given and father's names have a Chinese
transcription (data/uyghur_chinese.txt) are written the way PRC documents
write them, given name and father's name in characters joined by a middle
dot, without the surname. At 0 the output is as without it.

With BENCH_KAZAKH_ARABIC=F (a fraction, default 0), that fraction of Kazakh
queries are written in the Kazakh Arabic script of Xinjiang (table
kz-arabic in data/letters.tsv; the high hamza once before a word with a
front vowel unless ە ك گ mark it already). At 0 the output is as without it.
"""
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "data")
ULY_DIGRAPHS = ("ch", "zh", "sh", "ng", "gh")
ULY_VOWELS = set("aeéiouöü")


def read_list(name):
    with open(os.path.join(DATA, name), encoding="utf-8") as f:
        return [l.strip() for l in f if l.strip() and not l.startswith("#")]


def read_chinese():
    out = {}
    with open(os.path.join(DATA, "uyghur_chinese.txt"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            uly, han = line.rstrip("\n").split("\t")
            out[uly] = han
    return out


def read_tables():
    tables = {}
    with open(os.path.join(DATA, "letters.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            table, src, dst = line.rstrip("\n").split("\t")
            tables.setdefault(table, {})[src] = dst
    return tables


def uly_letters(word):
    w, i, out = word.lower(), 0, []
    while i < len(w):
        if w[i:i + 2] in ULY_DIGRAPHS:
            out.append(w[i:i + 2])
            i += 2
        else:
            out.append(w[i])
            i += 1
    return out


def kz_convert(word, table):
    out = "".join(table.get(c, c) for c in word.lower())
    return out[:1].upper() + out[1:]


KZ_FRONT = set("әөүі")
KZ_FRONT_MARKED = set("екг")


def kz_arabic(word, table):
    w = word.lower()
    out = "".join(table.get(c, c) for c in w)
    if set(w) & KZ_FRONT and not set(w) & KZ_FRONT_MARKED:
        out = "\u0674" + out
    return out


def ug_convert(word, table, arabic=False):
    out, prev_vowel = [], True
    for letter in uly_letters(word):
        vowel = letter in ULY_VOWELS
        # Uyghur Arabic script writes a hamza before a vowel that starts a
        # word or follows another vowel.
        if arabic and vowel and prev_vowel:
            out.append("ئ")
        out.append(table.get(letter, letter))
        prev_vowel = vowel
    s = "".join(out)
    return s if arabic else s[:1].upper() + s[1:]


CUM_WEIGHTS = {}


def zipf_pick(rng, items):
    # Weights 1/rank^0.8: a few names are very common, most are rare.
    cum = CUM_WEIGHTS.get(id(items))
    if cum is None:
        total, cum = 0.0, []
        for r in range(len(items)):
            total += 1.0 / (r + 1) ** 0.8
            cum.append(total)
        CUM_WEIGHTS[id(items)] = cum
    return rng.choices(items, cum_weights=cum)[0]


def kz_surname(grandfather, female, rng):
    base = grandfather
    roll = rng.random()
    if roll < 0.2:
        return base
    if roll < 0.3:
        base = base + "бай"
    if base.endswith("й"):
        s = base[:-1] + "ев"
    elif base[-1] in "аәеиоөұүуыіэюя":
        s = base + "ев"
    else:
        s = base + "ов"
    return s + ("а" if female else "")


def ug_surname(grandfather, female, rng):
    if rng.random() < 0.4:
        return grandfather
    s = grandfather + ("ow" if grandfather[-1] not in ULY_VOWELS else "yéw")
    return s + ("a" if female else "")


def person(rng, lists):
    female = rng.random() < 0.45
    if rng.random() < 0.55:
        given = zipf_pick(rng, lists["kzf" if female else "kzm"])
        father = zipf_pick(rng, lists["kzm"])
        patronymic = father + ("қызы" if female else "ұлы")
        surname = kz_surname(zipf_pick(rng, lists["kzm"]), female, rng)
        return "kz", [given, patronymic, surname]
    given = zipf_pick(rng, lists["ugf" if female else "ugm"])
    father = zipf_pick(rng, lists["ugm"])
    surname = ug_surname(zipf_pick(rng, lists["ugm"]), female, rng)
    return "ug", [given, father, surname]


def render(kind, parts, table_name, tables):
    t = tables[table_name]
    if kind == "kz":
        if table_name == "kz-cyrillic":
            return " ".join(parts)
        return " ".join(kz_convert(p, t) for p in parts)
    return " ".join(ug_convert(p, t, table_name == "ug-arabic") for p in parts)


def typo(rng, name):
    words = name.split(" ")
    choices = [i for i, w in enumerate(words) if len(w) >= 4]
    if not choices:
        return name
    i = rng.choice(choices)
    w = list(words[i])
    pos = rng.randrange(1, len(w) - 1)
    op = rng.randrange(4)
    alphabet = sorted(set("".join(words)) - {" "})
    if op == 0:
        del w[pos]
    elif op == 1:
        w.insert(pos, rng.choice(alphabet))
    elif op == 2:
        w[pos] = rng.choice([c for c in alphabet if c != w[pos]] or w[pos])
    else:
        w[pos], w[pos + 1] = w[pos + 1], w[pos]
    words[i] = "".join(w)
    return " ".join(words)


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    n, nq, seed, outdir = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    rng = random.Random(seed)
    lists = {"kzm": read_list("kazakh_male.txt"), "kzf": read_list("kazakh_female.txt"),
             "ugm": read_list("uyghur_male.txt"), "ugf": read_list("uyghur_female.txt")}
    tables = read_tables()
    seen, people = set(), []
    while len(people) < n:
        kind, parts = person(rng, lists)
        key = tuple(parts)
        if key in seen:
            continue
        seen.add(key)
        people.append((kind, parts))
    os.makedirs(outdir, exist_ok=True)
    with open(os.path.join(outdir, "names.tsv"), "w", encoding="utf-8") as f:
        for i, (kind, parts) in enumerate(people):
            table = "kz-common" if kind == "kz" else "ug-common"
            f.write(f"P{i + 1}\t{render(kind, parts, table, tables)}\n")
    variants = {"kz": ["kz-cyrillic", "kz-cyrillic", "kz-2021", "kz-digraph"],
                "ug": ["ug-arabic", "ug-arabic", "ug-cyrillic", "ug-uly"]}
    tables["kz-cyrillic"] = {}
    tables["ug-uly"] = {}
    chinese_share = float(os.environ.get("BENCH_CHINESE", "0"))
    chinese = read_chinese() if chinese_share > 0 else {}
    kz_arabic_share = float(os.environ.get("BENCH_KAZAKH_ARABIC", "0"))
    with open(os.path.join(outdir, "queries.tsv"), "w", encoding="utf-8") as f:
        for q in range(nq):
            i = rng.randrange(n)
            kind, parts = people[i]
            table = rng.choice(variants[kind])
            how = [table]
            order = list(parts)
            if rng.random() < 0.25:
                order = [parts[2], parts[0], parts[1]]
                how.append("surname-first")
            name = render(kind, order, table, tables)
            if (chinese_share > 0 and kind == "ug" and parts[0] in chinese
                    and parts[1] in chinese and rng.random() < chinese_share):
                name = chinese[parts[0]] + "·" + chinese[parts[1]]
                how = ["ug-chinese"]
            if (kz_arabic_share > 0 and kind == "kz"
                    and rng.random() < kz_arabic_share):
                name = " ".join(kz_arabic(p, tables["kz-arabic"]) for p in order)
                how = ["kz-arabic"] + how[1:]
            if rng.random() < 0.30:
                name = typo(rng, name)
                how.append("typo")
            f.write(f"Q{q + 1}\t{name}\tP{i + 1}\t{'+'.join(how)}\n")


if __name__ == "__main__":
    main()
