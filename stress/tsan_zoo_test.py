#!/usr/bin/env python3
"""The zoo's race-detector kills under ThreadSanitizer, one process per mutant.

Reads the zoo from `pagewait-stress --list --json` and takes every row whose expected
killers name `tsan-controlled` (scenarios/zoo.hpp). Each such mutant runs in zoo mode (its
host, its scenarios) under the controlled engine; the run must end in TSan's data-race
report (exit 66 under halt_on_error), since these mutants change no value any check could
see. Variant A- (Hugh Dickins' missing reference, a variant rather than a mutant: M1 plants
the same bug in A) must die the same way in writeback_reuse. A kill is a data-race report that names a payload, the
pool's free list or a kernel waiter's returned frame. With --kernel=VARIANT, the rows whose fault point reaches kernel mode (the page pool
and the stand-in's careful list pair) run again on that compiled kernel tree.

Usage: tsan_zoo_test.py BIN [--kernel=VARIANT] [--runs=N]
Exit 0 when every expected kill happened, 1 otherwise.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time

TSAN_EXIT = 66
# A kill counts only when the race is on what the lifetime orderings protect: a payload
# (pagewait/lifetime.hpp), the pool's free list, or a kernel waiter's returned frame.
LIFETIME_FRAMES = ("pagewait::platform::plain<", "pagewait::PagePool::", "note_frame_reused")


def zoo_rows(binary: str) -> tuple[list[dict], dict[str, dict]]:
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "listing.json")
        subprocess.run([binary, "--list", f"--json={path}"], check=True)
        with open(path) as f:
            listing = json.load(f)
    mutants = {m["name"]: m for m in listing["mutants"]}
    return [z for z in listing["zoo"] if "tsan-controlled" in z["expected_killers"].split(",")], mutants


def with_inlined_frames(binary: str, report: str) -> str:
    """The report plus its frames symbolized again with their inlined callees: TSan's own
    symbolizer sometimes gives a function's name without file or inline frames (measured:
    pagewait-stress built by GCC 12, where `plain<>::store` inlined into
    wait_on_page_bit_common shows as the latter alone); addr2line reads the same DWARF."""
    name = os.path.basename(binary)
    offsets = re.findall(r"\(" + re.escape(name) + r"\+(0x[0-9a-f]+)\)", report)
    if not offsets:
        return report
    try:
        done = subprocess.run(["addr2line", "-i", "-f", "-C", "-e", binary, *offsets], capture_output=True, text=True,
                              timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return report
    return report + "\n" + done.stdout


def killed_by_a_race(binary: str, args: list[str]) -> tuple[bool, str]:
    # The suite's options (sanitizers/options.sh, if sourced) stay; later options win.
    options = os.environ.get("TSAN_OPTIONS", "") + f" halt_on_error=1 exitcode={TSAN_EXIT}"
    env = dict(os.environ, TSAN_OPTIONS=options.strip())
    done = subprocess.run([binary, "--engine=controlled", *args], env=env, capture_output=True, text=True)
    out = done.stdout + done.stderr
    report = out[out.find("WARNING: ThreadSanitizer: data race"):] if "WARNING: ThreadSanitizer: data race" in out else ""
    ok = done.returncode == TSAN_EXIT and any(frame in with_inlined_frames(binary, report) for frame in LIFETIME_FRAMES)
    return ok, f"exit {done.returncode}" + ("" if ok else "\n" + "\n".join(out.splitlines()[-15:]))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--kernel", default="")
    parser.add_argument("--runs", type=int, default=3000)
    a = parser.parse_args()
    rows, mutants = zoo_rows(a.binary)
    if not rows:
        print("FAIL: no zoo row expects a TSan kill (scenarios/zoo.hpp)")
        return 1
    failures = 0
    t0 = time.monotonic()
    ok, how = killed_by_a_race(a.binary, ["--variant=A-", "--scenario=writeback_reuse", f"--runs={a.runs}"])
    print(f"{'killed' if ok else 'FAIL: no lifetime race'}: variant A- in writeback_reuse, {how}, {time.monotonic() - t0:.1f} s")
    failures += 0 if ok else 1
    if not a.kernel:
        print("no --kernel tree given: the kernel-mode runs are skipped")
    for z in rows:
        runs = [(f"{z['mutant']} in {z['host']} (zoo mode)", [f"--mutant={z['mutant']}", f"--runs={a.runs}"])]
        if a.kernel and mutants[z["mutant"]]["reaches_kernel_mode"]:
            runs.append((f"{z['mutant']} on {a.kernel}",
                         [f"--mutant={z['mutant']}", f"--variant={a.kernel}", f"--scenario={z['scenarios']}",
                          f"--runs={a.runs}"]))
        for name, args in runs:
            t0 = time.monotonic()
            ok, how = killed_by_a_race(a.binary, args)
            print(f"{'killed' if ok else 'FAIL: no lifetime race'}: {name}, {how}, {time.monotonic() - t0:.1f} s")
            failures += 0 if ok else 1
    print(f"{len(rows)} zoo rows expect a TSan kill; {failures} runs without a data-race report")
    return 0 if failures == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
