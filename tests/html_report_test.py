#!/usr/bin/env python3
"""The HTML report of a CB-1 failure, opened in a real browser (headless Chromium): one
column per scenario thread, as many highlighted rows as the minimized run's preemptions, the
violated invariant with its meaning, no external resource; and a screenshot that is not
blank. The written file is checked the same way first, browser or not; without Chromium the
test then exits 77 (ctest: skipped) with one sentence.
Usage: html_report_test.py <pagewait-stress> [screenshot.png]"""
import html.parser
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tool_json import check, failures, listing, main, run  # noqa: E402

BIN = sys.argv[1]
SHOT = sys.argv[2] if len(sys.argv) > 2 else ""


class Page(html.parser.HTMLParser):
    """What a person sees: the thread columns, the highlighted rows, the violation text."""

    def __init__(self):
        super().__init__()
        self.threads, self.preemptions, self.external = 0, 0, []
        self.violation, self._in_violation = "", False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        self.threads += tag == "th" and "thread" in classes
        self.preemptions += tag == "tr" and "preemption" in classes
        self._in_violation = self._in_violation or a.get("id") == "violation"
        for key in ("src", "href"):
            if a.get(key, "").startswith(("http:", "https:", "//")):
                self.external.append(a[key])
        if tag == "link":
            self.external.append(str(a))

    def handle_endtag(self, tag):
        if tag == "div":
            self._in_violation = False

    def handle_data(self, data):
        if self._in_violation:
            self.violation += data


def png_is_blank(path):
    """True when the image's pixel data holds next to no distinct values (a blank page's
    filtered scanlines are almost all one byte)."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        return True
    pos, idat = 8, b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        if kind == b"IDAT":
            idat += data[pos + 8:pos + 8 + length]
        pos += 12 + length
    return len(set(zlib.decompress(idat))) < 16


def check_page(text, threads, preemptions, meaning, what):
    page = Page()
    page.feed(text)
    check(page.threads == threads, f"{what}: {page.threads} thread columns, want {threads}")
    check(page.preemptions == preemptions and page.preemptions >= 1,
          f"{what}: {page.preemptions} highlighted preemptions, the minimized run has {preemptions}")
    check(page.violation.strip() == f"L1: {meaning}", f"{what}: violation text {page.violation.strip()!r}")
    check(not page.external, f"{what}: external resources {page.external}")
    return page


def test():
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    with tempfile.TemporaryDirectory() as tmp:
        r = run(BIN, "--scenario=lock_killable", "--variant=A", "--runs=50", "--minimize", f"--html={tmp}/html")
        got = failures(r)
        check(r.exit_code == 0 and len(got) == 1 and got[0]["found"] == "L1", "no CB-1 failure", r)
        f = got[0]
        pages = [p for p in os.listdir(f"{tmp}/html") if p != "index.html"]
        check(len(pages) == 1 and os.path.exists(f"{tmp}/html/index.html"), f"pages written: {pages}")
        lst = listing(BIN, f"{tmp}/list.json")
        threads = next(s["threads"] for s in lst["scenarios"] if s["name"] == "lock_killable")
        meaning = next(i["meaning"] for i in lst["invariants"] if i["id"] == "L1")
        with open(f"{tmp}/html/{pages[0]}") as written:
            check_page(written.read(), threads, f["preemptions_after"], meaning, "the file")
        if browser is None:
            print("skipped: Chromium is not installed (apt-get install chromium; scripts/install-deps.sh does); "
                  "the written page passed its checks")
            sys.exit(77)
        url = f"file://{tmp}/html/{pages[0]}"
        flags = ["--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={tmp}/profile"]
        dom = subprocess.run([browser, *flags, "--dump-dom", url], capture_output=True, text=True, timeout=120).stdout
        page = check_page(dom, threads, f["preemptions_after"], meaning, "Chromium's DOM")
        shot = f"{tmp}/shot.png"
        subprocess.run([browser, *flags, f"--screenshot={shot}", "--window-size=1000,700", url],
                       capture_output=True, timeout=120)
        check(os.path.exists(shot) and not png_is_blank(shot), "the screenshot is missing or blank")
        if SHOT:
            shutil.copy(shot, SHOT)
        print(f"ok: {threads} thread columns, {page.preemptions} preemption(s) highlighted, "
              f"'{page.violation.strip()}', screenshot not blank")


main(test)
