#!/usr/bin/env python3
"""Writes the results of bench/http/run.sh into the HTTP section of
docs/benchmarks.md, between its markers (added at the end if missing).

usage: write_docs.py RESULTS PEOPLE SECONDS CONNECTIONS [IMPORT_SECONDS]"""
import os
import platform
import re
import sys

START = "<!-- http-bench:start -->"
END = "<!-- http-bench:end -->"
DOC = os.path.join(os.path.dirname(__file__), "..", "..", "docs",
                   "benchmarks.md")


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.machine()


def load():
    try:
        with open("/proc/loadavg") as f:
            return f.read().split()[0]
    except OSError:
        return "unknown"


def table(results):
    rows = ["| what | path | requests/s | p50 | p99 | server CPU per request "
            "| failed |",
            "| --- | --- | ---: | ---: | ---: | ---: | ---: |"]
    with open(results) as f:
        for line in f:
            name, path, result = line.rstrip("\n").split("|", 2)
            v = dict(kv.split("=") for kv in result.split()[1:])
            shown = path + ("V-random" if path.endswith("/") else "")
            rows.append("| %s | `%s` | %s | %s ms | %s ms | %s ms | %s |" % (
                name, shown, v["rps"], v["p50_ms"], v["p99_ms"], v["cpu_ms"],
                int(v["non2xx"]) + int(v["errors"])))
    return "\n".join(rows)


def main():
    results, people, seconds, conns = sys.argv[1:5]
    imported = sys.argv[5] if len(sys.argv) > 5 else "unknown"
    section = "\n".join([
        START,
        "Measured with `bench/http/run.sh` (defaults: %s people, %s s per "
        "run, %s connections, one wrk thread on the same machine as the "
        "server) on %d cores of %s. The people are made up by "
        "`bench/http/gen_people.py`, each public with one act, and "
        "imported with `vigil import json` (which took %s s of wall time "
        "when the database was made); the server runs `vigil serve "
        "--public` and requests are anonymous, as readers of the public "
        "view are." % (
            "{:,}".format(int(people)), seconds, conns, os.cpu_count(),
            cpu_model(), imported),
        "",
        table(results),
        "",
        "The 1-minute load average was %s when the runs ended: other "
        "work on the machine lowers requests/s and raises latency, while "
        "the server's CPU time per request (from /proc, user + system, "
        "divided by the requests wrk counted) stays comparable." % load(),
        "",
        "Targets: 3,000 person pages/s on 2 cores; p99 under 50 ms for a "
        "filtered list. Rerun with `bench/http/run.sh`; the table above "
        "is rewritten in place.",
        END,
    ])
    try:
        with open(DOC) as f:
            doc = f.read()
    except FileNotFoundError:
        doc = "# Benchmarks\n\nEvery number here comes from a command in " \
              "the repository; each section says which.\n"
    if START in doc and END in doc:
        doc = re.sub(re.escape(START) + ".*?" + re.escape(END),
                     lambda m: section, doc, flags=re.S)
    else:
        doc = doc.rstrip("\n") + "\n\n## HTTP\n\n" + section + "\n"
    with open(DOC, "w") as f:
        f.write(doc)
    print("wrote the HTTP section of docs/benchmarks.md")


if __name__ == "__main__":
    main()
