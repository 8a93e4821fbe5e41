#!/usr/bin/env python3
"""The built vigil binary carries the hardening the build promises.

Reads the ELF with readelf (binutils) and fails when any of these is missing:
PIE (type DYN and the PIE flag), full RELRO (a GNU_RELRO segment and
BIND_NOW), the stack protector (__stack_chk_fail imported) and FORTIFY
(at least one *_chk function imported). The sanitizer build turns FORTIFY
off on purpose, so there only the linker's promises (PIE, RELRO, BIND_NOW)
are checked.

Before trusting the checker on vigil, it is run on a deliberately weak
binary built here, and must find every weakness in it: a checker that
cannot fail proves nothing."""
import os
import shutil
import subprocess
import sys
import tempfile


def readelf(args, path):
    out = subprocess.run(["readelf", "-W"] + args + [path], check=True,
                         capture_output=True, text=True)
    return out.stdout


def imported_symbols(path):
    names = set()
    for line in readelf(["--dyn-syms"], path).splitlines():
        cols = line.split()
        if len(cols) >= 8 and cols[6] == "UND":
            names.add(cols[7].split("@")[0])
    return names


def is_sanitized(path):
    imports = imported_symbols(path)
    if any(n.startswith("__asan_") or n.startswith("__ubsan_")
           for n in imports):
        return True
    return "libasan" in readelf(["-d"], path)


def weaknesses(path, sanitized):
    """A list of what is missing, empty when the binary is hardened."""
    missing = []
    header = readelf(["-h"], path)
    dynamic = readelf(["-d"], path)
    segments = readelf(["-l"], path)
    elf_type = [l for l in header.splitlines() if "Type:" in l]
    if not elf_type or "DYN" not in elf_type[0]:
        missing.append("PIE: ELF type is not DYN")
    flags1 = [l for l in dynamic.splitlines() if "(FLAGS_1)" in l]
    if not flags1 or "PIE" not in flags1[0]:
        missing.append("PIE: no PIE in FLAGS_1")
    if "GNU_RELRO" not in segments:
        missing.append("RELRO: no GNU_RELRO segment")
    now = any(("(BIND_NOW)" in l) or ("(FLAGS)" in l and "BIND_NOW" in l) or
              ("(FLAGS_1)" in l and " NOW" in l)
              for l in dynamic.splitlines())
    if not now:
        missing.append("full RELRO: no BIND_NOW / FLAGS_1 NOW")
    if sanitized:
        return missing
    imports = imported_symbols(path)
    if "__stack_chk_fail" not in imports:
        missing.append("stack protector: __stack_chk_fail not imported")
    if not any(n.endswith("_chk") and n != "__stack_chk_fail"
               for n in imports):
        missing.append("FORTIFY: no *_chk function imported")
    return missing


def checker_catches_a_weak_binary(tmp):
    """Builds an unhardened program and expects every check to fire."""
    cc = shutil.which("cc") or shutil.which("gcc")
    if not cc:
        print("no C compiler: checker self-test skipped")
        return True
    src = os.path.join(tmp, "weak.c")
    exe = os.path.join(tmp, "weak")
    with open(src, "w") as f:
        f.write("#include <stdio.h>\n"
                "int main(int c, char **v) { char b[64];\n"
                "  snprintf(b, sizeof b, \"%s\", v[0]); puts(b);"
                " return c; }\n")
    subprocess.run([cc, "-O2", "-U_FORTIFY_SOURCE", "-fno-stack-protector",
                    "-no-pie", "-fno-pie", "-Wl,-z,norelro", "-Wl,-z,lazy",
                    "-o", exe, src], check=True)
    found = weaknesses(exe, sanitized=False)
    expected = ["PIE: ELF type", "PIE: no PIE", "RELRO:", "full RELRO",
                "stack protector", "FORTIFY"]
    ok = True
    for e in expected:
        if not any(m.startswith(e) for m in found):
            print("checker self-test: missed weakness '%s' in %s" % (e, exe))
            ok = False
    return ok


def main():
    binary = os.environ.get("VIGIL_BIN")
    if not binary or not os.path.exists(binary):
        print("VIGIL_BIN not set or missing: skipped")
        return 77
    if not shutil.which("readelf"):
        print("readelf (binutils) not installed: skipped")
        return 77
    tmp = tempfile.mkdtemp(dir=os.environ.get("VIGIL_TMP"))
    try:
        if not checker_catches_a_weak_binary(tmp):
            return 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    sanitized = is_sanitized(binary)
    if sanitized:
        print("sanitizer build: FORTIFY and stack protector checks skipped "
              "(FORTIFY is off under ASan); checking PIE and RELRO only")
    missing = weaknesses(binary, sanitized)
    for m in missing:
        print("FAIL %s: %s" % (binary, m))
    if missing:
        return 1
    print("ok: %s is PIE with full RELRO%s" %
          (binary, "" if sanitized else ", stack protector and FORTIFY"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
