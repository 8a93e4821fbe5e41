"""Precision, recall and F1 of `vigil names score` on OpenSanctions'
labelled name pairs, beside logic-v2's from its frozen scores.

usage: nomenklatura_eval.py VIGIL_BIN CASES_CSV FROZEN_CSV [--misses]

Both matchers are measured on the pairs the frozen file scored (it left
some out), and vigil also on every pair. --misses lists vigil's errors.
"""
import csv
import subprocess
import sys

THRESHOLD = 0.8


def metrics(pairs):
    """pairs: (truth, predicted) booleans -> (tp, fp, fn, tn, p, r, f1)."""
    tp = sum(1 for t, p in pairs if t and p)
    fp = sum(1 for t, p in pairs if not t and p)
    fn = sum(1 for t, p in pairs if t and not p)
    tn = sum(1 for t, p in pairs if not t and not p)
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return tp, fp, fn, tn, prec, rec, f1


def clean(name):
    return " ".join(name.replace("\t", " ").split())


def vigil_scores(binary, rows):
    text = "".join(f"{clean(r['name1'])}\t{clean(r['name2'])}\n" for r in rows)
    out = subprocess.run([binary, "names", "score"], input=text, text=True,
                         capture_output=True, check=False)
    if out.returncode != 0:
        sys.exit(f"nomenklatura: vigil names score failed: {out.stderr.strip()}")
    scores = [float(x) for x in out.stdout.split()]
    if len(scores) != len(rows):
        sys.exit(f"nomenklatura: {len(scores)} scores for {len(rows)} pairs")
    return scores


def line(label, m):
    tp, fp, fn, tn, p, r, f1 = m
    return (f"{label:<34} {tp + fp + fn + tn:>5} {tp:>4} {fp:>4} {fn:>4} {tn:>4}"
            f"  {p:.3f}  {r:.3f}  {f1:.3f}")


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    binary, cases_path, frozen_path = sys.argv[1:4]
    with open(cases_path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    with open(frozen_path, newline="", encoding="utf-8") as f:
        frozen = list(csv.DictReader(f))
    truth = lambda r: r["is_match"].strip().lower() == "true"
    scores = vigil_scores(binary, rows)
    ours = {(r["name1"], r["name2"]): s for r, s in zip(rows, scores)}

    v2 = [(truth(r), r["predicted_match"].strip().lower() == "true") for r in frozen]
    common = [r for r in frozen if (r["name1"], r["name2"]) in ours]
    vig_common = [(truth(r), ours[(r["name1"], r["name2"])] >= THRESHOLD)
                  for r in common]
    vig_all = [(truth(r), s >= THRESHOLD) for r, s in zip(rows, scores)]

    print(f"{'matcher (threshold)':<34} {'pairs':>5} {'TP':>4} {'FP':>4} {'FN':>4}"
          f" {'TN':>4}  P      R      F1")
    print(line("opensanctions logic-v2 (frozen)", metrics(v2)))
    print(line(f"vigil names score (>= {THRESHOLD})", metrics(vig_common)))
    print(line("vigil, all pairs of the cases file", metrics(vig_all)))
    if "--misses" in sys.argv:
        for r, s in zip(rows, scores):
            if (s >= THRESHOLD) != truth(r):
                kind = "FN" if truth(r) else "FP"
                print(f"{kind} {s:.3f} {r['schema']}: {r['name1']} | {r['name2']}")


if __name__ == "__main__":
    main()
