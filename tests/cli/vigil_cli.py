"""Shared set-up of the command-line tests: where the binary, the source
tree and the scratch space are (from the variables ctest sets), running
the binary, checks that record each failure and go on, skips, and the
exit status at the end. Only the Python standard library is used. Not a
test itself: the test files import it."""
import os
import subprocess
import tempfile

SKIP = 77
BIN = os.environ.get("VIGIL_BIN")
SOURCE = os.environ.get("VIGIL_SOURCE", ".")
TMP = os.environ.get("VIGIL_TMP") or tempfile.gettempdir()

# Every failed check, in order; a test goes on after one so that a single
# run reports all of them.
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def vigil(*args, stdin="", env=None, ok=False, timeout=120):
    """Runs the binary with text stdin (empty unless given); returns the
    CompletedProcess. With ok=True an exit status other than 0 raises
    RuntimeError naming the command and its stderr."""
    p = subprocess.run([BIN] + list(args), input=stdin, capture_output=True,
                       text=True, timeout=timeout, env=env)
    if ok and p.returncode != 0:
        raise RuntimeError("vigil %s failed (%d): %s" %
                           (" ".join(args), p.returncode, p.stderr))
    return p


def vigil_ok(*args, ok=True, **kw):
    """vigil() that raises unless told ok=False: for set-up steps that
    must work for the test to mean anything."""
    return vigil(*args, ok=ok, **kw)


def binary_missing():
    """True, after saying the test skips, when VIGIL_BIN names no file."""
    if BIN and os.path.exists(BIN):
        return False
    print("SKIP: VIGIL_BIN is not set or names no file (run through ctest)")
    return True


def command_missing(*commands):
    """The first of the commands this binary does not have (after saying
    the test skips), or None when it has them all."""
    for cmd in commands:
        p = subprocess.run([BIN] + cmd.split() + ["--help"],
                           capture_output=True)
        if p.returncode != 0:
            print("SKIP: this vigil has no '%s' command" % cmd)
            return cmd
    return None


def exit_status():
    """1 after printing how many checks failed, else 0."""
    if failures:
        print("%d failure(s)" % len(failures))
        return 1
    return 0
