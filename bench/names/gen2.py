#!/usr/bin/env python3
"""A second name benchmark generator, built differently from gen.py.

usage: gen2.py N NQUERIES SEED OUTDIR
writes OUTDIR/names.tsv (id, name) and OUTDIR/queries.tsv (qid, query,
the id it should find, how it was made), the formats of gen.py.

Where gen.py converts Kazakh Cyrillic and Uyghur Latin letter tables, this
one keeps its own name pools (data2/) in a phoneme code and renders every
form from it: the casebook holds English-press spellings, Cyrillic, or
Chinese characters; queries come as German, Turkish, French or Russian
press spellings, Uyghur Latin, Chinese characters (simplified or
traditional), pinyin with or without tone marks and apostrophes, Arabic-
language spellings, with the separators documents use (· • ・ ‧ . *),
surname first or last. Its people include Chinese-language (Hui and Han)
names. Typos follow other models than gen.py's: a neighbouring key, a
doubled or undoubled letter, a vowel left out, two parts run together, a
part left out. Name popularity falls off as 1/rank (gen.py: 1/rank^0.8).

Use one seed for a development set and another, never tuned on, for a
test set (bench/names/run.sh GEN=gen2 SEED=...).
"""
import os
import random
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "data2")


def rows(name):
    with open(os.path.join(DATA, name), encoding="utf-8") as f:
        return [l.rstrip("\n").split("\t") for l in f
                if l.strip() and not l.startswith("#")]


# Phoneme code to each spelling. Keys are the code's symbols.
BASE = {"S": "sh", "C": "ch", "J": "j", "Z": "zh", "G": "gh", "X": "kh",
        "N": "ng", "A": "e", "O": "ö", "U": "ü", "I": "i", "E": "é"}
SPELL = {
    # the casebook's everyday English-press form
    "en": dict(BASE, O="o", U="u", E="e", q="k"),
    "uly": dict(BASE),
    "de": dict(BASE, S="sch", C="tsch", J="dsch", Z="sch", G="g", X="ch",
               A="ä", I="y", E="e", q="k", y="j", w="w", z="s", v="w"),
    "tr": dict(BASE, S="ş", C="ç", J="c", Z="j", G="ğ", X="h", I="ı",
               E="e", q="k", w="v", N="ñ"),
    "fr": dict(BASE, S="ch", C="tch", J="dj", Z="j", X="kh", u="ou",
               U="u", O="eu", E="é", q="k", w="ou"),
    "ru": {"a": "а", "b": "б", "v": "в", "g": "г", "d": "д", "e": "е",
           "z": "з", "i": "и", "y": "й", "k": "к", "l": "л", "m": "м",
           "n": "н", "o": "о", "p": "п", "r": "р", "s": "с", "t": "т",
           "u": "у", "f": "ф", "h": "х", "q": "к", "x": "х", "w": "в",
           "j": "дж", "c": "ч", "S": "ш", "C": "ч", "J": "дж", "Z": "ж",
           "G": "г", "X": "х", "N": "н", "A": "е", "O": "ё", "U": "ю",
           "I": "ы", "E": "е"},
}
RU_VOWEL_Y = {"a": "я", "u": "ю", "e": "е", "A": "е"}


def spell(code, style):
    t = SPELL[style]
    out, i = [], 0
    while i < len(code):
        ch = code[i]
        # Russian writes y + vowel as one letter (я ю е).
        if style == "ru" and ch == "y" and i + 1 < len(code) and code[i + 1] in RU_VOWEL_Y:
            out.append(RU_VOWEL_Y[code[i + 1]])
            i += 2
            continue
        if style == "ru" and ch in "eA" and (i == 0 or code[i - 1] in "aeiouAOUIE"):
            out.append("э")
            i += 1
            continue
        out.append(t.get(ch, ch))
        i += 1
    s = "".join(out)
    return s[:1].upper() + s[1:]


def zipf(rng, items, cache={}):
    cum = cache.get(id(items))
    if cum is None:
        tot, cum = 0.0, []
        for r in range(len(items)):
            tot += 1.0 / (r + 1)
            cum.append(tot)
        cache[id(items)] = cum
    return rng.choices(items, cum_weights=cum)[0]


SEPARATORS = ["·", "·", "•", "・", "‧", ".", "*"]


def strip_tones(s):
    return "".join(c for c in unicodedata.normalize("NFD", s)
                   if unicodedata.category(c) != "Mn")


def pinyin_word(syls, tones, rng):
    """Pinyin of one name: syllables run together, an apostrophe before a
    syllable starting with a vowel (xi'an), as published; sometimes not."""
    out = []
    for i, s in enumerate(syls):
        if not tones:
            s = strip_tones(s)
        if i and strip_tones(s)[0] in "aeo" and rng.random() < 0.8:
            out.append("'")
        out.append(s)
    w = "".join(out)
    return w[:1].upper() + w[1:]


class Pools:
    def __init__(self):
        self.given = {}
        for kind, sex, code in rows("turkic.txt"):
            self.given.setdefault((kind, sex), []).append(code)
        self.male_any = [c for (k, s), l in self.given.items() if s == "m" for c in l]
        self.surnames = {}
        for kind, code in rows("surnames.txt"):
            self.surnames.setdefault(kind, []).append(code)
        self.han = {r[0]: (r[1], r[2], r[3].split(" ")) for r in rows("han.txt")}
        self.arabic = {r[0]: (r[1], r[2].split("|")) for r in rows("arabic.txt")}
        self.zh_s = [r[1:] for r in rows("chinese.txt") if r[0] == "s"]
        self.zh_g = [r[1:] for r in rows("chinese.txt") if r[0] == "g"]


def turkic_person(rng, p):
    kind = rng.choices("uky", weights=[5, 4, 1])[0]
    female = rng.random() < 0.45
    given = zipf(rng, p.given[(kind, "f" if female else "m")])
    father = zipf(rng, p.given[(kind, "m")] if rng.random() < 0.8 else p.male_any)
    parts = [("g", given), ("f", father)]
    roll = rng.random()
    if kind == "u":
        # a Uyghur surname is often the grandfather's name
        if roll < 0.3:
            parts.append(("s", zipf(rng, p.surnames["u"])))
        elif roll < 0.65:
            parts.append(("s", zipf(rng, p.given[("u", "m")])))
    elif roll < 0.85:
        sur = zipf(rng, p.surnames["k"] if rng.random() < 0.5 else p.given[(kind, "m")])
        if rng.random() < 0.6:
            sur += ("ev" if sur[-1] in "aeiouyAOUIE" else "ov") + ("a" if female else "")
        parts.append(("s", sur))
    if kind == "k" and rng.random() < 0.5:
        parts[1] = ("p", father + ("qIzI" if female else "ulI"))
    elif kind == "y" and rng.random() < 0.5:
        parts[1] = ("p", father + ("kIzI" if female else " uulu"))
    return {"kind": kind, "parts": parts}


def chinese_person(rng, p):
    sur = zipf(rng, p.zh_s)
    given = [rng.choice(p.zh_g) for _ in range(2 if rng.random() < 0.85 else 1)]
    return {"kind": "zh", "sur": sur, "given": given}


def key_of(person):
    if person["kind"] == "zh":
        return ("zh", person["sur"][0], tuple(g[0] for g in person["given"]))
    # order-free: a query may reorder the parts, and must not then be
    # another person's name exactly
    return tuple(sorted(c for _, c in person["parts"]))


def casebook_name(person, rng):
    """The form the casebook holds: English-press Latin for Turkic people;
    characters or pinyin for Chinese-language people."""
    if person["kind"] == "zh":
        if rng.random() < 0.5:
            return person["sur"][0] + "".join(g[0] for g in person["given"])
        return zh_pinyin(person, rng, tones=False, order="sg")
    return " ".join(spell(c, "en") for _, c in person["parts"])


def zh_pinyin(person, rng, tones, order):
    sur = pinyin_word([person["sur"][2]], tones, rng)
    given = pinyin_word([g[2] for g in person["given"]], tones, rng)
    if order == "gs":
        return given + " " + sur
    if order == "SG":
        return sur.upper() + " " + given
    if order == "dot":
        return sur + "." + given
    return sur + " " + given


def zh_query(person, rng, casebook):
    chars = not any("a" <= c.lower() <= "z" for c in casebook)
    r = rng.random()
    if chars or r < 0.3:
        forms = ["pinyin", "pinyin-tones", "pinyin-reversed", "pinyin-caps",
                 "pinyin-dot"]
        how = rng.choice(forms) if chars else "traditional"
        if how == "traditional":
            return person["sur"][1] + "".join(g[1] for g in person["given"]), "zh-traditional-vs-pinyin"
        tones = how == "pinyin-tones"
        order = {"pinyin-reversed": "gs", "pinyin-caps": "SG",
                 "pinyin-dot": "dot"}.get(how, "sg")
        return zh_pinyin(person, rng, tones, order), "zh-" + how
    if r < 0.65:
        return person["sur"][0] + "".join(g[0] for g in person["given"]), "zh-simplified"
    return person["sur"][1] + "".join(g[1] for g in person["given"]), "zh-traditional"


def turkic_query(person, rng, p):
    parts = person["parts"]
    codes = [c for _, c in parts]
    # Chinese documents: given and father's name, characters or pinyin.
    if rng.random() < 0.25 and codes[0] in p.han and codes[1].split(" ")[0] in p.han:
        a, b = p.han[codes[0]], p.han[codes[1]]
        sep = rng.choice(SEPARATORS)
        r = rng.random()
        if r < 0.35:
            return a[0] + sep + b[0], "han-simplified"
        if r < 0.5:
            return a[1] + sep + b[1], "han-traditional"
        tones = r < 0.75
        sep = rng.choice([" ", sep])
        return (pinyin_word(a[2], tones, rng) + sep + pinyin_word(b[2], tones, rng),
                "han-pinyin" + ("-tones" if tones else ""))
    if rng.random() < 0.1 and codes[0] in p.arabic:
        ar, latin = p.arabic[codes[0]]
        rest = [spell(c, "en") for c in codes[1:]]
        if rng.random() < 0.5:
            return " ".join([ar] + [p.arabic[c][0] if c in p.arabic else spell(c, "en")
                                    for c in codes[1:]]), "arabic-language"
        return " ".join([rng.choice(latin)] + rest), "arabic-romanised"
    style = rng.choice(["de", "tr", "fr", "ru", "ru", "uly"])
    words = [spell(c, style) for c in codes]
    how = style
    if len(words) == 3 and rng.random() < 0.3:
        words = [words[2], words[0], words[1]]
        how += "+surname-first"
    elif len(words) == 2 and rng.random() < 0.15:
        words = [words[1], words[0]]
        how += "+reversed"
    return " ".join(words), how


KEYBOARD = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]


def neighbour(c, rng):
    for r, row in enumerate(KEYBOARD):
        i = row.find(c)
        if i >= 0:
            near = [row[j] for j in (i - 1, i + 1) if 0 <= j < len(row)]
            return rng.choice(near)
    return c


def typo(rng, name):
    words = name.split(" ")
    op = rng.randrange(5)
    if op == 3 and len(words) >= 2:
        i = rng.randrange(len(words) - 1)
        return " ".join(words[:i] + [words[i] + words[i + 1].lower()] + words[i + 2:]), "joined"
    if op == 4 and len(words) >= 3:
        del words[rng.randrange(1, len(words))]
        return " ".join(words), "part-dropped"
    cands = [i for i, w in enumerate(words) if len(w) >= 4]
    if not cands:
        return name, None
    i = rng.choice(cands)
    w = list(words[i])
    pos = rng.randrange(1, len(w) - 1)
    if op == 0 and w[pos].isascii():
        w[pos] = neighbour(w[pos].lower(), rng)
        kind = "key"
    elif op == 1:
        if w[pos] == w[pos - 1]:
            del w[pos]
        else:
            w.insert(pos, w[pos])
        kind = "double"
    else:
        vowels = [j for j in range(1, len(w)) if w[j].lower() in "aeiouäöüıéаеиоуыэюяё"]
        if not vowels:
            return name, None
        del w[rng.choice(vowels)]
        kind = "vowel-dropped"
    words[i] = "".join(w)
    return " ".join(words), kind


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    n, nq, seed, outdir = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    rng = random.Random(seed)
    p = Pools()
    seen, people = set(), []
    tries = 0
    while len(people) < n:
        tries += 1
        if tries > 50 * n:
            sys.exit("gen2.py: the name pools cannot make %d distinct people" % n)
        person = chinese_person(rng, p) if rng.random() < 0.015 else turkic_person(rng, p)
        k = key_of(person)
        if k in seen:
            continue
        seen.add(k)
        people.append(person)
    os.makedirs(outdir, exist_ok=True)
    held = []
    with open(os.path.join(outdir, "names.tsv"), "w", encoding="utf-8") as f:
        for i, person in enumerate(people):
            name = casebook_name(person, rng)
            held.append(name)
            f.write(f"P{i + 1}\t{name}\n")
    with open(os.path.join(outdir, "queries.tsv"), "w", encoding="utf-8") as f:
        for q in range(nq):
            # Chinese-language people are rare in the casebook; give them a
            # share of the queries of their own so their recall is measured.
            i = rng.randrange(n)
            if q % 20 == 0:
                while people[i]["kind"] != "zh":
                    i = rng.randrange(n)
            person = people[i]
            if person["kind"] == "zh":
                name, how = zh_query(person, rng, held[i])
            else:
                name, how = turkic_query(person, rng, p)
            if rng.random() < 0.3:
                name2, kind = typo(rng, name)
                if kind:
                    name, how = name2, how + "+typo"
            f.write(f"Q{q + 1}\t{name}\tP{i + 1}\t{how}\n")


if __name__ == "__main__":
    main()
