#!/usr/bin/env python3
"""Recall@10 of a matcher's output against the queries' true ids.

usage: eval.py QUERIES.tsv RESULTS.tsv
QUERIES.tsv: qid, name, true id, how it was made (from gen.py); only the
queries listed there count. RESULTS.tsv: qid, id[, score] lines, best first.
Prints 'recall@10 R', recall@1 beside it, and recall@10 per kind of
variant.
"""
import sys
from collections import Counter


def main():
    truth, kind = {}, {}
    with open(sys.argv[1], encoding="utf-8") as f:
        for line in f:
            qid, _name, pid, how = line.rstrip("\n").split("\t")[:4]
            truth[qid] = pid
            kind[qid] = how.split("+")[0] + ("+typo" if "typo" in how else "")
    found, first, rank = set(), set(), Counter()
    with open(sys.argv[2], encoding="utf-8") as f:
        for line in f:
            qid, pid = line.rstrip("\n").split("\t")[:2]
            if qid not in truth:
                continue
            rank[qid] += 1
            if rank[qid] <= 10 and truth[qid] == pid:
                found.add(qid)
                if rank[qid] == 1:
                    first.add(qid)
    total = len(truth)
    print(f"recall@10 {len(found) / total:.4f} ({len(found)}/{total})"
          f" recall@1 {len(first) / total:.4f}")
    per, hit = Counter(kind.values()), Counter(kind[q] for q in found)
    for k in sorted(per):
        print(f"  {k:22s} {hit[k] / per[k]:.3f} ({hit[k]}/{per[k]})")


if __name__ == "__main__":
    main()
