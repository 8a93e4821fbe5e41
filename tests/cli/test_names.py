#!/usr/bin/env python3
"""vigil names key and vigil names score: what a person sees of the names
engine on the command line, and the errors bad input gets."""
import os
import shutil
import subprocess
import sys
import tempfile

BIN = os.environ.get("VIGIL_BIN")
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def vigil(*args, stdin="", env=None):
    return subprocess.run([BIN] + list(args), input=stdin, capture_output=True,
                          text=True, timeout=60, env=env)


def broken_data(rel, text):
    """A copy of the data directory with one file replaced; returns its env."""
    src = os.environ.get("VIGIL_DATA") or os.path.join(
        os.environ.get("VIGIL_SOURCE", "."), "data")
    tmp = tempfile.mkdtemp(dir=os.environ.get("VIGIL_TMP"))
    for sub in ("translit", "names"):
        shutil.copytree(os.path.join(src, sub), os.path.join(tmp, sub))
    with open(os.path.join(tmp, rel), "w", encoding="utf-8") as f:
        f.write(text)
    env = dict(os.environ)
    env["VIGIL_DATA"] = tmp
    return tmp, env


def test_bad_data_files_are_named():
    tmp, env = broken_data("translit/skeleton.txt", "a > b ;\n[ > c ;\n")
    p = vigil("names", "key", "Garapa", env=env)
    check(p.returncode != 0 and "skeleton.txt" in p.stderr and "rule error" in p.stderr,
          "a broken rule file is refused, naming the file")
    shutil.rmtree(tmp)
    tmp, env = broken_data("names/frequency.txt", "weight 0.5\nnurbek\nweight 7\n")
    p = vigil("names", "key", "Garapa", env=env)
    check(p.returncode != 0 and "frequency.txt: line 3" in p.stderr,
          "a bad lexicon line is refused, naming file and line")
    shutil.rmtree(tmp)
    tmp, env = broken_data("names/costs.txt", "sub kg 0.5\nswap kg 0.5\n")
    p = vigil("names", "key", "Garapa", env=env)
    check(p.returncode != 0 and "costs.txt: line 2" in p.stderr,
          "a bad letter-cost line is refused, naming file and line")
    shutil.rmtree(tmp)


def test_key_shows_script_parts_and_flags():
    p = vigil("names", "key", "Гарапа Насиолла-ұлы")
    check(p.returncode == 0, "key exits 0")
    check("script\tCyrl" in p.stdout, "key names the script")
    check("latin garapa" in p.stdout, "key prints the Latin form")
    check("skeleton nasiolauli" in p.stdout, "key joins the patronymic and reduces it")
    check("patronymic" in p.stdout, "key flags the patronymic")
    p = vigil("names", "key", "伊力哈木·土赫提")
    check("script\tHani" in p.stdout and p.stdout.count("part ") == 2,
          "key splits a Chinese name at the middle dot")
    p = vigil("names", "key", "R. Sarsenbay")
    check("initial" in p.stdout, "key flags an initial")


def test_key_reads_many_names_from_stdin():
    p = vigil("names", "key", "-", stdin="Kurmanalieva\nKurmanaliyeva\n")
    lines = p.stdout.splitlines()
    check(p.returncode == 0 and len(lines) == 2, "key - prints a line per name")
    check(len(lines) == 2 and lines[0] == lines[1],
          "two spellings of one surname give one skeleton")


def test_score_prints_one_score_per_line():
    pairs = ("Garapa Nasiollauly\tГарапа Насиоллаұлы\n"
             "热依拉·达吾提\tRahile Dawut\n"
             "Nurbek Saparov\tNurbek Tokayev\n")
    p = vigil("names", "score", stdin=pairs)
    scores = [float(x) for x in p.stdout.split()]
    check(p.returncode == 0 and len(scores) == 3, "score prints three scores")
    check(len(scores) == 3 and scores[0] >= 0.8 and scores[1] >= 0.8,
          "the same people score at or above 0.8")
    check(len(scores) == 3 and scores[2] < 0.8,
          "different people sharing a common name score below 0.8")


def test_score_explains_the_alignment():
    p = vigil("names", "score", "--explain",
              stdin="Nasiollauly Garapa\tGarapa Nasiolla-uly\n")
    check(p.returncode == 0, "score --explain exits 0")
    check("'garapa'" in p.stdout and "same skeleton" in p.stdout,
          "explain says which parts aligned and why")
    check("probably the same name" in p.stdout, "explain gives the verdict")


def test_malformed_lines_are_refused_with_their_number():
    p = vigil("names", "score", stdin="Ilham Tohti\tIlham Toxti\nno tab here\n")
    check(p.returncode == 1, "a line without a tab exits 1")
    check("line 2" in p.stderr, "the error names the line")
    check(p.stdout.split() == ["1.0000"], "lines before the bad one were scored")
    p = vigil("names", "score", stdin="a\tb\tc\n")
    check(p.returncode == 1 and "line 1" in p.stderr, "two tabs are refused")
    p = vigil("names", "score", stdin="Ilham\t - \n")
    check(p.returncode == 1 and "line 1" in p.stderr and "no letters" in p.stderr,
          "a name without letters is refused, naming the line")
    p = vigil("names", "score", stdin="a" * 5000 + "\tb\n")
    check(p.returncode == 1 and "line 1" in p.stderr, "an overlong line is refused")


def test_key_is_lower_case_and_needs_a_letter():
    p = vigil("names", "key", "Жақсылық")
    check(p.returncode == 0 and "skeleton jaksilik" in p.stdout,
          "a Cyrillic name's skeleton is lower case")
    p = vigil("names", "key", "艾山")
    check(p.returncode == 0 and "skeleton exan" in p.stdout,
          "a Chinese name's skeleton is lower case")
    p = vigil("names", "key", "42")
    check(p.returncode != 0 and "no letters" in p.stderr,
          "a name of digits only is refused: it has no letters")
    p = vigil("names", "score", stdin="Әнвәров\tEnverov\n")
    check(p.returncode == 0 and float(p.stdout.split()[0]) >= 0.8,
          "Uyghur Cyrillic ә meets the e of Uyghur Latin")


def test_usage_errors():
    check(vigil("names").returncode == 1, "names without an action exits 1")
    check(vigil("names", "frobnicate").returncode == 1, "an unknown action exits 1")
    p = vigil("names", "--help")
    check(p.returncode == 0 and "usage" in p.stdout, "--help prints usage")
    p = vigil("names", "key", "")
    check(p.returncode == 1 and "empty" in p.stderr, "an empty name is refused")


def main():
    if not BIN:
        print("VIGIL_BIN not set; skipping")
        return 77
    test_key_shows_script_parts_and_flags()
    test_key_reads_many_names_from_stdin()
    test_score_prints_one_score_per_line()
    test_score_explains_the_alignment()
    test_malformed_lines_are_refused_with_their_number()
    test_usage_errors()
    test_key_is_lower_case_and_needs_a_letter()
    test_bad_data_files_are_named()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
