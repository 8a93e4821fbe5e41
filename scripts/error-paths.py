#!/usr/bin/env python3
"""How many of the store's error returns the tests have run.

Reads the gcov counts of a --coverage build (scripts/error-path-coverage.sh
makes one and runs the tests) for src/store/*.c. An error return is a
line that turns a failure into the caller's status: it calls store_fail()
or names VG_EIO or VG_ENOMEM. A line that continues a statement counts
with the line the statement starts on. Prints, per file and in all, how
many of those lines ran, and the share of branches taken.

usage: scripts/error-paths.py BUILD_DIR [LABEL]
"""
import glob
import json
import os
import re
import subprocess
import sys

ERROR_RETURN = re.compile(r"store_fail\(|\bVG_EIO\b|\bVG_ENOMEM\b")
COMMENT = re.compile(r"^\s*(/\*|\*|//)")


def gcov_lines(gcno):
    out = subprocess.run(["gcov", "-j", "-t", "-b", gcno], capture_output=True,
                         text=True, check=True, cwd="/tmp").stdout
    counts, branches = {}, [0, 0]
    for f in json.loads(out)["files"]:
        if not f["file"].endswith(os.path.basename(gcno)[:-len(".gcno")]):
            continue
        for line in f["lines"]:
            n = line["line_number"]
            counts[n] = max(counts.get(n, 0), line["count"])
            for b in line["branches"]:
                branches[0] += 1
                branches[1] += b["count"] > 0
    return counts, branches


def error_returns(source, counts):
    """(reached, total) over the error-return lines of source."""
    reached = total = 0
    with open(source, encoding="utf-8") as f:
        text = f.read().split("\n")
    for i, line in enumerate(text, start=1):
        if COMMENT.match(line) or not ERROR_RETURN.search(line):
            continue
        if re.match(r"^(vg_status|static vg_status) store_fail", line):
            continue  # the definition, not a use
        n = i
        while n > 0 and n not in counts:
            n -= 1  # the line the statement starts on
        if n == 0:
            continue
        total += 1
        reached += counts[n] > 0
    return reached, total


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    build = os.path.abspath(sys.argv[1])
    label = sys.argv[2] if len(sys.argv) > 2 else ""
    objdir = os.path.join(build, "CMakeFiles", "vigil_lib.dir", "src", "store")
    src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                       "src", "store")
    rows, r_all, t_all, b_all, bt_all = [], 0, 0, 0, 0
    for gcno in sorted(glob.glob(os.path.join(objdir, "*.c.gcno"))):
        name = os.path.basename(gcno)[:-len(".gcno")]
        counts, (nb, taken) = gcov_lines(gcno)
        r, t = error_returns(os.path.join(src, name), counts)
        rows.append((name, r, t))
        r_all, t_all = r_all + r, t_all + t
        b_all, bt_all = b_all + nb, bt_all + taken
    if label:
        print(f"# {label}")
    for name, r, t in rows:
        print(f"{name:22} {r:4}/{t:<4} error returns run")
    pct = 100.0 * r_all / t_all if t_all else 0.0
    bpct = 100.0 * bt_all / b_all if b_all else 0.0
    print(f"{'src/store/*.c':22} {r_all:4}/{t_all:<4} error returns run"
          f" ({pct:.0f}%); branches taken {bt_all}/{b_all} ({bpct:.0f}%)")


if __name__ == "__main__":
    main()
