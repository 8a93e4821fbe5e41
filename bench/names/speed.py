"""CPU time per name of `vigil names key -` and per pair of `vigil names
score`, on names from gen_names.py. usage: speed.py VIGIL_BIN COUNT"""
import os
import resource
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def cpu_of(cmd, stdin_path):
    """CPU seconds (user + system) the child spent."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(stdin_path, "rb") as f:
        p = subprocess.run(cmd, stdin=f, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, check=False)
    if p.returncode != 0:
        sys.exit(f"speed: {' '.join(cmd)} failed: {p.stderr.decode().strip()}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main():
    binary, count = sys.argv[1], int(sys.argv[2])
    with tempfile.TemporaryDirectory() as tmp:
        names = os.path.join(tmp, "names.txt")
        pairs = os.path.join(tmp, "pairs.txt")
        gen = os.path.join(HERE, "gen_names.py")
        with open(names, "w", encoding="utf-8") as f:
            subprocess.run([sys.executable, gen, str(count)], stdout=f, check=True)
        with open(pairs, "w", encoding="utf-8") as f:
            subprocess.run([sys.executable, gen, str(count), "pairs"], stdout=f,
                           check=True)
        with open(names, encoding="utf-8") as f:
            distinct = {p for line in f for p in line.replace("·", " ").split()}
        empty = os.path.join(tmp, "empty.txt")
        open(empty, "w").close()
        start = cpu_of([binary, "names", "key", "-"], empty)
        key = cpu_of([binary, "names", "key", "-"], names)
        score = cpu_of([binary, "names", "score"], pairs)
    print(f"names: {count}, distinct parts: {len(distinct)}")
    print(f"start-up (rules compiled, nothing analysed): {start * 1e3:.0f} ms CPU")
    print(f"vigil names key -: {(key - start) / count * 1e6:.1f} us CPU per name")
    print(f"vigil names score: {(score - start) / count * 1e6:.1f} us CPU per pair "
          "(two analyses and one score)")


if __name__ == "__main__":
    main()
