#!/usr/bin/env python3
"""A full disk: the casebook lives on a small tmpfs mounted for the test,
and a file filling the rest of it leaves SQLite no room to grow its
write-ahead log. A write through the web form and through the API then
answers 507 with "the disk is full", the server stays up and keeps serving
pages and API reads, nothing half-written shows, and once room is made the
same write goes through.

A real file system that runs out of room is used rather than SQLite's
max_page_count: the limit then comes from where it comes from in use (the
kernel answering ENOSPC to a write of the log), and no setting the server
does not have in use is needed. Mounting needs root (or the right to mount):
without it the test is skipped, saying so."""
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vigil_api as va  # noqa: E402
import vigil_http as vh  # noqa: E402

SIZE = "8m"


def mount_small_disk(base):
    """A fresh tmpfs of SIZE under base; its path, or a skip."""
    where = tempfile.mkdtemp(prefix="full-", dir=base)
    if os.geteuid() != 0:
        os.rmdir(where)
        vh.skip("mounting a small tmpfs needs root")
    out = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=" + SIZE +
                          ",mode=0700", "tmpfs", where],
                         capture_output=True, text=True)
    if out.returncode != 0:
        os.rmdir(where)
        vh.skip("cannot mount a tmpfs here: %s" % out.stderr.strip())
    return where


def fill(where):
    """Writes a file until the disk refuses; its path."""
    path = os.path.join(where, "filler")
    chunk = b"\0" * 65536
    with open(path, "wb", buffering=0) as f:
        try:
            while True:
                f.write(chunk)
        except OSError:
            pass
        try:
            while True:
                f.write(b"\0" * 512)
        except OSError:
            pass
    return path


def words(n, seed):
    """n different words, so that the text does not compress and every
    one goes to the full-text index."""
    return " ".join("w%dx%d" % (seed, k) for k in range(n))


def test_a_full_disk_answers_507_and_reads_go_on(srv, where):
    token = srv.token("ed")
    editor = srv.client()
    editor.login("ed", srv.passwords["ed"])
    reader = srv.client()
    reader.login("viewer", srv.passwords["viewer"])
    filler = fill(where)
    big = words(60000, 1)
    form = {"level": "internal", "f_kind": "article",
            "f_title": "Testimony of the full disk",
            "f_full_text": big}
    page = editor.post("/records/source/new", form)
    vh.check(page.status == 507, "form on a full disk: %r" % page)
    vh.check("the disk is full" in vh.unescape(page.text),
             "the page says the disk is full: %r" % page)
    vh.check_html(page.text, "disk-full form page")
    vh.check("Testimony of the full disk" in vh.unescape(page.text),
             "the form comes back with what was typed")
    a = va.request(srv.port, "POST", va.API + "/sources",
                   {"kind": "article", "title": "Second testimony", "full_text": words(60000, 2)},
                   token=token)
    vh.check(a.status == 507, "API on a full disk: %r" % a)
    vh.check(a.error().get("code") == "disk_full" and
             "the disk is full" in a.error().get("message", ""),
             "the API says the disk is full: %r" % a)
    vh.check(srv.proc.poll() is None, "the server is still running")
    for path in ("/people", "/records/source", "/search?q=testimony"):
        page = reader.get(path)
        vh.check(page.status == 200, "GET %s on a full disk: %r" % (path, page))
    a = va.request(srv.port, "GET", va.API + "/sources", token=token)
    vh.check(a.status == 200, "API read on a full disk: %r" % a)
    vh.check(a.json["total"] == 0, "nothing half-written: %r" % a.json)
    os.unlink(filler)
    page = editor.post("/records/source/new", form)
    vh.check(page.status == 303, "the form goes through with room: %r" % page)
    a = va.request(srv.port, "GET", va.API + "/sources", token=token)
    vh.check(a.json["total"] == 1, "one source saved: %r" % a.json)


def main():
    srv = vh.Server()
    where = None
    try:
        where = mount_small_disk(srv.dir)
        for suffix in ("", ".key"):
            if os.path.exists(srv.db + suffix):
                shutil.copy2(srv.db + suffix,
                             os.path.join(where, "vigil.db" + suffix))
        srv.db = os.path.join(where, "vigil.db")
        srv.add_user("ed", "editor")
        srv.add_user("viewer", "viewer")
        srv.start()
        status = vh.run_tests([test_a_full_disk_answers_507_and_reads_go_on],
                              srv, where)
    except vh.Failure as e:
        print("FAIL setup: %s" % e)
        status = 1
    finally:
        srv.stop(keep=True)
        if where:
            subprocess.run(["umount", where])
            os.rmdir(where)
        srv.stop()
    sys.exit(status)


if __name__ == "__main__":
    main()
