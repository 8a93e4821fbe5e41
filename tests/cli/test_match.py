#!/usr/bin/env python3
"""Command-line tests of `vigil match`: a tiny run of the names benchmark,
output order and --top, thread count not changing the output, and refusal
of malformed lines with file and line number."""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vigil_cli import (SOURCE, TMP, binary_missing, check,  # noqa: E402
                       exit_status, vigil)


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def rows(out):
    return [l.split("\t") for l in out.splitlines()]


def test_tiny_benchmark_finds_people_across_scripts(d):
    gen = os.path.join(SOURCE, "bench", "names", "gen.py")
    subprocess.run([sys.executable, gen, "300", "80", "7", d], check=True)
    names, queries = os.path.join(d, "names.tsv"), os.path.join(d, "queries.tsv")
    r1 = vigil("match", "--index", names, "--queries", queries, "--threads", "1")
    check(r1.returncode == 0, f"match runs: {r1.stderr}")
    r3 = vigil("match", "--index", names, "--queries", queries, "--threads", "3")
    check(r1.stdout == r3.stdout, "three threads print what one prints")
    truth = {}
    order = []
    with open(queries, encoding="utf-8") as f:
        for line in f:
            qid, _name, pid = line.split("\t")[:3]
            truth[qid] = pid
            order.append(qid)
    found, seen_order, per = set(), [], {}
    for qid, pid, score in rows(r1.stdout):
        if not seen_order or seen_order[-1] != qid:
            seen_order.append(qid)
        per[qid] = per.get(qid, 0) + 1
        check(0.0 <= float(score) <= 1.0, f"score in [0,1]: {score}")
        if truth[qid] == pid:
            found.add(qid)
    check(seen_order == [q for q in order if q in per], "results follow the query order")
    check(max(per.values()) <= 10, "at most 10 hits per query by default")
    recall = len(found) / len(truth)
    check(recall >= 0.95, f"recall@10 on the tiny benchmark {recall:.3f} >= 0.95")


def test_top_and_min_score_limit_the_hits(d):
    names = os.path.join(d, "few.tsv")
    queries = os.path.join(d, "fewq.tsv")
    write(names, "V-1\tGarapa Nasiollauly\nV-2\tGaukhar Kurmanalieva\n"
                 "V-2\tGaukhar Kurmanaliyeva\nV-3\tAskar Azatbek\n"
                 "V-4\tKamatan Toktamuratkyzy\n")
    write(queries, "q1\tГарапа Насиоллаұлы\textra column\nq2\tKurmanaliyeva Gaukhar\n")
    r = vigil("match", "--index", names, "--queries", queries, "--top", "1")
    check(r.returncode == 0, f"match --top 1 runs: {r.stderr}")
    got = rows(r.stdout)
    check([g[:2] for g in got] == [["q1", "V-1"], ["q2", "V-2"]],
          f"one best hit per query, in order: {got}")
    r = vigil("match", "--index", names, "--queries", queries, "--min-score", "0.8")
    check(r.returncode == 0 and all(float(g[2]) >= 0.8 for g in rows(r.stdout)),
          "--min-score leaves out weaker hits")
    ids = [g[1] for g in rows(r.stdout) if g[0] == "q2"]
    check(ids.count("V-2") == 1, "a person with two names is one hit")


def test_malformed_lines_are_refused_with_file_and_line(d):
    names = os.path.join(d, "bad.tsv")
    queries = os.path.join(d, "q.tsv")
    write(names, "V-1\tGarapa Nasiollauly\n\nV-2 Gaukhar Kurmanalieva\n")
    write(queries, "q1\tAskar\n")
    r = vigil("match", "--index", names, "--queries", queries)
    check(r.returncode == 1, "a line without a tab is refused")
    check(f"{names}: line 3" in r.stderr, f"the error names file and line: {r.stderr}")
    check(r.stdout == "", "nothing is printed")
    write(names, "V-1\tGarapa Nasiollauly\nV-2\t?!\n")
    r = vigil("match", "--index", names, "--queries", queries)
    check(r.returncode == 1 and f"{names}: line 2" in r.stderr,
          f"a name without letters is refused with its line: {r.stderr}")
    write(names, "V-1\tGarapa Nasiollauly\n")
    write(queries, "q1\tAskar\nq2\t\n")
    r = vigil("match", "--index", names, "--queries", queries)
    check(r.returncode == 1 and f"{queries}: line 2" in r.stderr and r.stdout == "",
          f"an empty query name is refused with its line: {r.stderr}")
    write(queries, "q1\tAskar\nq2\t---\n")
    r = vigil("match", "--index", names, "--queries", queries)
    check(r.returncode == 1 and f"{queries}: line 2" in r.stderr and r.stdout == "",
          f"a query without letters is refused with its line: {r.stderr}")
    r = vigil("match", "--index", names, "--queries", queries, "--top", "0")
    check(r.returncode == 1, "--top 0 is refused")
    r = vigil("match", "--queries", queries)
    check(r.returncode == 1, "--index or --db is required")
    r = vigil("match", "--index", os.path.join(d, "missing.tsv"), "--queries", queries)
    check(r.returncode == 1 and "missing.tsv" in r.stderr, "a missing file is named")


def main():
    if binary_missing():
        return 77
    with tempfile.TemporaryDirectory(dir=TMP) as d:
        test_tiny_benchmark_finds_people_across_scripts(d)
        test_top_and_min_score_limit_the_hits(d)
        test_malformed_lines_are_refused_with_file_and_line(d)
    return exit_status()


if __name__ == "__main__":
    sys.exit(main())
