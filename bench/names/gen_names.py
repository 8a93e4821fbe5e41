"""Writes made-up names for timing the names engine, deterministically.

usage: gen_names.py COUNT [pairs]

Parts are built from syllables into a pool of 30,000 distinct parts
(per script), drawn with a skewed distribution, so that a large COUNT
repeats a few tens of thousands of distinct parts, as real lists do; a
share of names come in Cyrillic, Uyghur Arabic script and Chinese
characters. With "pairs", writes name1<TAB>name2 lines instead.
"""
import random
import sys
import zlib

SYL = ["nur", "bek", "as", "kar", "er", "lan", "ser", "ik", "gul", "na", "ra",
       "ai", "dos", "bo", "lat", "ma", "rat", "zhan", "dau", "let", "ka", "sym",
       "tur", "sun", "mu", "ham", "met", "ab", "dul", "la", "re", "him", "il",
       "tokh", "ti", "sa", "par", "ba", "ta", "ul", "dan", "yar", "zei", "rain"]
ENDS = ["", "", "", "ov", "ova", "uly", "kyzy", "ev", "in"]
CYR = {"a": "а", "b": "б", "d": "д", "e": "е", "g": "г", "h": "һ", "i": "и",
       "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "r": "р",
       "s": "с", "t": "т", "u": "ұ", "v": "в", "y": "ы", "z": "з"}
ARAB = {"a": "ا", "b": "ب", "d": "د", "e": "ە", "g": "گ", "h": "ھ", "i": "ى",
        "k": "ك", "l": "ل", "m": "م", "n": "ن", "o": "و", "p": "پ", "r": "ر",
        "s": "س", "t": "ت", "u": "ۇ", "v": "ۋ", "y": "ي", "z": "ز"}
HAN = "阿布都热依木伊力哈土赫提达吾拉买努尔克孜古丽艾合麦斯曼江"


def part(rng):
    return "".join(rng.choice(SYL) for _ in range(rng.randint(2, 3))) + rng.choice(ENDS)


POOL = 30000


def pick(rng, pool):
    # skewed: a few parts are very common, most are rare
    return pool[min(int(rng.paretovariate(0.6)) - 1, len(pool) - 1) % len(pool)
                if rng.random() < 0.5 else rng.randrange(len(pool))]


def name(rng, pool):
    parts = [pick(rng, pool) for _ in range(rng.choice([2, 2, 2, 3]))]
    kind = rng.random()
    if kind < 0.15:
        return " ".join("".join(CYR.get(c, c) for c in p) for p in parts)
    if kind < 0.22:
        return " ".join("".join(ARAB.get(c, c) for c in p) for p in parts)
    if kind < 0.27:
        return "·".join(HAN_POOL[zlib.crc32(p.encode()) % len(HAN_POOL)] for p in parts)
    return " ".join(p.capitalize() for p in parts)


HAN_POOL = []


def main():
    count = int(sys.argv[1])
    rng = random.Random(20261129)
    pool = [part(rng) for _ in range(POOL)]
    HAN_POOL.extend("".join(rng.choice(HAN) for _ in range(rng.randint(2, 4)))
                    for _ in range(POOL // 10))
    out = sys.stdout
    for _ in range(count):
        if len(sys.argv) > 2 and sys.argv[2] == "pairs":
            out.write(f"{name(rng, pool)}\t{name(rng, pool)}\n")
        else:
            out.write(name(rng, pool) + "\n")


if __name__ == "__main__":
    main()
